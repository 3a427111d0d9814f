"""The zip container of a received workbook: the safety :class:`Limits`, the central directory's declared sizes
and flags, and members decompressed for real (streamed, capped, CRC-checked).

Part of the safety gate (:mod:`xlperf.files.safety`), which re-exports :class:`Limits`, ``DEFAULT_LIMITS`` and
:func:`read_member`.
"""
from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterator

from ..form.errors import NotAWorkbook, UnsafeWorkbook

MB = 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """Safety limits. The field defaults are the outer bounds a caller gets from ``Limits()``; every command uses
    :data:`DEFAULT_LIMITS` (= :data:`BUDGET`), the limits measured so that any file that passes stays within the
    resource budget (docs/reliability.md: each number and its reason)."""

    max_file_bytes: int = 100 * MB  # size of the file on disk (what was e-mailed)
    max_total_uncompressed: int = 200 * MB  # sum of all members once decompressed
    max_ratio: int = 100  # uncompressed : compressed, per member ...
    ratio_min_size: int = 1 * MB  # ... only checked for members larger than this
    max_members: int = 10_000
    max_rows: int = 100_000  # per worksheet
    max_cols: int = 200  # per worksheet (200 = column GR)
    max_small_part: int = 16 * MB  # parts read whole into memory: rels, workbook.xml, vbaProject.bin
    max_xml_bytes: int = 200 * MB  # sum of the XML parts (.xml, .rels, .vml) once decompressed: what costs work
    max_sheets: int = 10_000  # worksheets listed in the workbook


#: The resource budget: every file that passes these limits costs at most 1 GB peak memory and 30 s for any
#: command (check, --annotate, export, dump, review) on a 2-core machine; measured in docs/reliability.md and
#: held by tests/test_reliability_budget.py. A real form is far below a megabyte; these leave a wide margin.
BUDGET = Limits(
    max_file_bytes=10 * MB,  # a form with a few pasted pictures is ~1 MB
    max_total_uncompressed=20 * MB,  # pictures and the VBA project included
    ratio_min_size=4 * MB,  # a part up to 4 MB is never a bomb, whatever its ratio (Excel's repetitive text)
    max_members=1_000,  # 100 projects written by `xlperf new` take ~620
    max_rows=2_000,  # per worksheet: 2,000 indicators in one project is not a form
    max_cols=128,  # per worksheet (128 = column DX; the form uses A–Z, its hidden live-check helpers AA–CU)
    max_small_part=4 * MB,
    max_xml_bytes=4 * MB,  # export costs ~5 s and ~150 MB per MB of worksheet XML
    max_sheets=120,  # `xlperf new` writes at most MAX_PROJECTS project sheets plus the fixed ones
)
DEFAULT_LIMITS = BUDGET
#: the most projects `xlperf new` writes: with the fixed sheets they stay under ``BUDGET.max_sheets``
MAX_PROJECTS = 80  # with the live checks a project sheet holds ~43 KB of XML: 80 stay under max_xml_bytes
_XML_SUFFIXES = (".xml", ".rels", ".vml")

_MSG_CORRUPT = "文件已损坏或不完整（可能是邮件附件未下载完整），请让报送单位重新发送原文件"
_MSG_BOMB_HINT = "这不是正常的工作簿（可能是恶意构造的“压缩炸弹”），已拒绝处理"


# --------------------------------------------------------------------------------------------------
# 3. the zip container, from its central directory (declared sizes)


def _check_eocd(path, data: bytes, limits: Limits) -> None:
    """Refuse an oversized central directory before zipfile builds one object per entry."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if pos < 0 or pos + 22 > len(data):
        raise NotAWorkbook(_MSG_CORRUPT + "（找不到 zip 目录结尾）", path)
    entries = int.from_bytes(data[pos + 10:pos + 12], "little")
    cd_size = int.from_bytes(data[pos + 12:pos + 16], "little")
    loc = pos - 20
    if loc >= 0 and data[loc:loc + 4] == b"PK\x06\x07":  # zip64: the real counts are in the zip64 record
        rec = int.from_bytes(data[loc + 8:loc + 16], "little")
        if rec + 56 <= len(data) and data[rec:rec + 4] == b"PK\x06\x06":
            entries = int.from_bytes(data[rec + 32:rec + 40], "little")
            cd_size = int.from_bytes(data[rec + 40:rec + 48], "little")
    if entries > limits.max_members and entries != 0xFFFF:
        raise UnsafeWorkbook(f"压缩包内声明有 {entries} 个部件，超过上限 {limits.max_members} 个；{_MSG_BOMB_HINT}", path)
    if cd_size != 0xFFFFFFFF and cd_size > limits.max_members * 1024:
        raise UnsafeWorkbook(f"压缩包目录有 {_mb(cd_size)} MB，异常地大；{_MSG_BOMB_HINT}", path)


def _check_declared(path, zf: zipfile.ZipFile, limits: Limits) -> None:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeWorkbook(f"压缩包内有 {len(infos)} 个部件，超过上限 {limits.max_members} 个；{_MSG_BOMB_HINT}", path)
    seen: set[str] = set()
    total = xml = 0
    for info in infos:
        key = info.filename.replace("\\", "/").lstrip("/").casefold()
        if key in seen:
            raise UnsafeWorkbook(
                f"压缩包中有重名的部件“{info.filename}”，不同软件会读到不同内容；这种文件可能被恶意构造，已拒绝处理", path
            )
        seen.add(key)
        if info.flag_bits & 0x1:
            raise NotAWorkbook(
                f"压缩包内的部件“{info.filename}”加了 zip 密码，这不是 Excel 保存的文件；请用 Excel 另存后重新发送", path
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotAWorkbook(
                f"部件“{info.filename}”使用了 Excel 不使用的压缩方式（{info.compress_type}），"
                "文件可能已损坏或被其他软件改写；请用 Excel 另存后重新发送",
                path,
            )
        total += info.file_size
        if total > limits.max_total_uncompressed:
            raise UnsafeWorkbook(
                f"解压后总大小超过上限 {_mb(limits.max_total_uncompressed)} MB；{_MSG_BOMB_HINT}", path
            )
        if key.endswith(_XML_SUFFIXES):  # zipfile never yields more than the declared size: this bound holds
            xml += info.file_size
            if xml > limits.max_xml_bytes:
                raise UnsafeWorkbook(
                    f"工作簿的表格内容（XML 部件）解压后超过 {_mb(limits.max_xml_bytes)} MB 的上限；正常的绩效目标表"
                    "远小于 1 MB，请删除多余的工作表、空行空列和大段粘贴的内容后另存再发送",
                    path,
                )
        _check_ratio(path, info.filename, info.file_size, info.compress_size, limits)


def check_sheet_count(path, count: int, limits: Limits) -> None:
    """The workbook lists at most ``limits.max_sheets`` worksheets (each one costs every command time)."""
    if count > limits.max_sheets:
        raise UnsafeWorkbook(
            f"工作簿有 {count} 个工作表，超过上限 {limits.max_sheets} 个（最多 {MAX_PROJECTS} 个项目表）；"
            "请删除多余的工作表，或把项目分成几个工作簿报送",
            path,
        )


def _check_ratio(path, name: str, size: int, compressed: int, limits: Limits) -> None:
    """A bomb is told by its absolute size, not its ratio alone: a part decompressing to at most
    ``ratio_min_size`` is accepted whatever its ratio (a sheet of Excel's 32,767-character cells of repetitive
    text reaches ~253:1, and everything a file decompresses to is capped by the size limits anyway); only a
    larger part compressed more than ``max_ratio``:1 is refused."""
    if size > limits.ratio_min_size and size > limits.max_ratio * max(compressed, 1):
        ratio = size // max(compressed, 1)
        raise UnsafeWorkbook(
            f"部件“{name}”的压缩比约为 {ratio}:1（解压后 {_mb(size)} MB），超过上限 {limits.max_ratio}:1；{_MSG_BOMB_HINT}",
            path,
        )


# --------------------------------------------------------------------------------------------------
# members, decompressed for real

def _iter_member(zf: zipfile.ZipFile, name: str, limit: int, path=None, limits: Limits | None = None) -> Iterator[bytes]:
    """Yield the decompressed member in chunks; never more than ``limit`` bytes in total."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise NotAWorkbook(f"工作簿缺少部件“{name}”，文件已损坏；请用 Excel 另存后重新发送", path) from None
    produced = 0
    try:
        with zf.open(info) as stream:
            while True:
                chunk = stream.read(min(_CHUNK, limit - produced + 1))
                if not chunk:
                    return
                produced += len(chunk)
                if produced > limit:
                    raise UnsafeWorkbook(
                        f"部件“{name}”解压后超过 {_mb(limit)} MB 的上限（实际大小与声明不符）；{_MSG_BOMB_HINT}", path
                    )
                if limits is not None:
                    _check_ratio(path, name, produced, info.compress_size, limits)
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError, RuntimeError) as err:
        raise NotAWorkbook(_MSG_CORRUPT + f"（部件“{name}”无法解压：{err}）", path) from None


def read_member(zf: zipfile.ZipFile, name: str, limit: int, *, path=None) -> bytes:
    """The member's bytes, streamed and capped: :class:`UnsafeWorkbook` past ``limit`` bytes,
    :class:`NotAWorkbook` for a missing member, a CRC error or a broken deflate stream."""
    return b"".join(_iter_member(zf, name, limit, path))


def _mb(n: int) -> str:
    return f"{n / MB:.0f}" if n >= 10 * MB else f"{n / MB:.1f}"
