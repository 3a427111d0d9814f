"""Writing files safely: every output appears whole or not at all (temp file in the same folder + rename).

The new file gets the permissions a plain ``open()`` would give it (the umask applies), or, when it replaces an
existing file (``--in-place``), that file's permissions: colleagues on a shared folder keep access.
"""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Iterable

from ..form.errors import XlperfError


def check_output_path(path: str | Path) -> Path:
    """The output path, or an ``XlperfError`` in plain Chinese when it cannot be written there."""
    path = Path(path)
    _check_name(path)
    if path.is_dir():
        raise XlperfError(f"输出路径是一个文件夹，请给出文件名：{path}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise XlperfError(f"输出文件夹不存在：{parent}")
    if not os.access(parent, os.W_OK):
        raise XlperfError(f"没有写入权限：{parent}")
    return path


def _check_name(path: Path) -> None:
    """A name the file system can store: encodable, and not longer than the folder allows (most allow 255 bytes;
    a Chinese character takes three)."""
    encoding = sys.getfilesystemencoding()
    try:
        encoded = path.name.encode(encoding)
    except UnicodeEncodeError:
        raise XlperfError(f"输出文件名含有无法保存的字符，请换一个文件名：{path.name!r}") from None
    try:
        limit = os.pathconf(path.parent if str(path.parent) else ".", "PC_NAME_MAX")
    except (OSError, ValueError):  # a folder that does not exist is reported by the caller
        limit = 255
    if len(encoded) > limit:
        raise XlperfError(f"输出文件名太长（{len(encoded)} 字节，此文件夹最多 {limit} 字节），请缩短：{path.name[:40]}…")


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same path, a symbolic link to it, or a hard link (same inode)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they point
        try:
            return Path(a).resolve() == Path(b).resolve()
        except OSError:
            return False


def refuse_inputs_as_output(output: str | Path, inputs: Iterable[str | Path], what: str = "输出文件") -> None:
    """An output may never be one of the inputs, however it is reached (path, symbolic link, hard link)."""
    for source in inputs:
        if same_file(output, source):
            raise XlperfError(f"{what}不能是输入的工作簿本身：{output}")


def refuse_read_only(path: str | Path) -> None:
    """Updating a file in place must not override its read-only flag (a rename would replace it regardless)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise XlperfError(f"文件是只读的，不能直接修改；请先取消只读，或用 --annotate 另存一份：{path}")


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary sibling, flushed to disk, and an atomic rename."""
    path = check_output_path(path)
    target = path.resolve() if path.is_symlink() else path  # replace the file a link points to, not the link
    mode = _mode_for(target)
    import tempfile  # (with random, only when a file is written: `check` to the screen never loads them)

    fd, tmp = tempfile.mkstemp(prefix=".xlperf-", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_text_atomic(path: str | Path, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def unsafe_member_name(name: str) -> bool:
    """A zip member name that an unzip tool could write outside its folder (absolute, a drive, or climbing out
    with ".."). Excel never writes one; a file that has one was made to attack whoever unpacks the copy, so the
    annotated copy leaves such members out."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")
