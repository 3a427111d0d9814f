"""Writing files safely: every output appears whole or not at all (temp file in the same folder + rename).

The new file gets the permissions a plain ``open()`` would give it (the umask applies), or, when it replaces an
existing file (``--in-place``), that file's permissions: colleagues on a shared folder keep access.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ..form.errors import XlperfError


def check_output_path(path: str | Path) -> Path:
    """The output path, or an ``XlperfError`` in plain Chinese when it cannot be written there."""
    path = Path(path)
    if path.is_dir():
        raise XlperfError(f"输出路径是一个文件夹，请给出文件名：{path}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise XlperfError(f"输出文件夹不存在：{parent}")
    if not os.access(parent, os.W_OK):
        raise XlperfError(f"没有写入权限：{parent}")
    return path


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary sibling, flushed to disk, and an atomic rename."""
    path = check_output_path(path)
    target = path.resolve() if path.is_symlink() else path  # replace the file a link points to, not the link
    mode = _mode_for(target)
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
