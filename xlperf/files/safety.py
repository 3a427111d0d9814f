"""First contact with a received file: read it once, refuse anything broken or hostile.

Every workbook that arrives by e-mail goes through :func:`load_checked` *before* any other library
(python-calamine, openpyxl, oletools) sees it::

    data = load_checked(path)                  # bytes, or an XlperfError with a Chinese message
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))

Callers must work on the returned bytes and never reopen ``path``: the bytes are what was checked.
The file itself is opened read-only once; it is never written and its mtime never changes.

What is checked, in order (each failure is one :class:`~xlperf.errors.XlperfError` subclass):

1. the path: exists, is a regular file, readable, not larger than ``Limits.max_file_bytes``
   (:class:`UnreadableFile`, :class:`UnsafeWorkbook`);
2. the format from the first bytes: an OLE/CFB container is an encrypted workbook
   (:class:`EncryptedWorkbook`), an Excel 97-2003 file (:class:`LegacyXls`) or another Office document;
   PDF, images, HTML, text… are :class:`NotAWorkbook`;
3. the zip's central directory, using the *declared* sizes: member count, total uncompressed size,
   per-member compression ratio, duplicate part names, encrypted members, compression methods;
4. what the zip is: a spreadsheet (a workbook part), or a .docx / .pptx / .ods / .xlsb / plain zip;
5. every member is decompressed once, streamed, with the *actual* sizes capped (declared sizes can lie)
   and CRCs checked; every ``.xml``/``.rels`` part is parsed with a hardened lxml parser that refuses
   any DOCTYPE (OOXML never uses DTDs, so a DOCTYPE can only be an entity attack); worksheet parts are
   checked against the row/column limits, from ``<dimension ref>`` and from the cells actually present.

Public API: :class:`Limits`, :func:`open_workbook_bytes`, :func:`inspect_workbook`, :func:`load_checked`,
:func:`read_member`, :func:`parse_xml`, :func:`scan_workbook_xml`, :func:`vba_modules`,
:func:`compare_vba`.
"""
from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

from ..form.errors import EncryptedWorkbook, LegacyXls, NotAWorkbook, UnreadableFile, UnsafeWorkbook

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "compare_vba",
    "inspect_workbook",
    "load_checked",
    "open_workbook_bytes",
    "parse_xml",
    "read_member",
    "scan_workbook_xml",
    "vba_modules",
]

MB = 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """Safety limits; the defaults fit any real 绩效目标 form with a wide margin."""

    max_file_bytes: int = 100 * MB  # size of the file on disk (what was e-mailed)
    max_total_uncompressed: int = 200 * MB  # sum of all members once decompressed
    max_ratio: int = 100  # uncompressed : compressed, per member ...
    ratio_min_size: int = 1 * MB  # ... only checked for members larger than this
    max_members: int = 10_000
    max_rows: int = 100_000  # per worksheet
    max_cols: int = 200  # per worksheet (200 = column GR)
    max_small_part: int = 16 * MB  # parts read whole into memory: rels, workbook.xml, vbaProject.bin


DEFAULT_LIMITS = Limits()

_SPREADSHEETML = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # ISO "strict" variant
)
_OFFICE_DOC_REL = ("/officeDocument",)  # suffix of both transitional and strict relationship types
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_MSG_CORRUPT = "文件已损坏或不完整（可能是邮件附件未下载完整），请让报送单位重新发送原文件"
_MSG_BOMB_HINT = "这不是正常的工作簿（可能是恶意构造的“压缩炸弹”），已拒绝处理"


# --------------------------------------------------------------------------------------------------
# 1. reading the file


def open_workbook_bytes(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read the whole file once, read-only; :class:`UnreadableFile` / :class:`UnsafeWorkbook` on failure.

    Opens with ``O_NONBLOCK`` and checks ``fstat`` on the open descriptor, so a FIFO or device never
    blocks and a file swapped after the check cannot be read instead.
    """
    p = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise UnreadableFile("找不到文件，请检查路径和文件名是否正确", path) from None
    except IsADirectoryError:
        raise UnreadableFile("这是一个文件夹，不是工作簿；请指定其中的 .xlsm 或 .xlsx 文件", path) from None
    except PermissionError:
        raise UnreadableFile("没有读取权限，请检查文件权限，或先把文件复制到自己的目录再校验", path) from None
    except NotADirectoryError:
        raise UnreadableFile("找不到文件：路径中的某一级不是文件夹，请检查路径是否正确", path) from None
    except OSError as err:
        raise UnreadableFile(f"无法打开文件（{err.strerror or err}），请确认文件未被其他程序占用后重试", path) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UnreadableFile("这是一个文件夹，不是工作簿；请指定其中的 .xlsm 或 .xlsx 文件", path)
        if not stat.S_ISREG(st.st_mode):
            raise UnreadableFile("这不是普通文件（可能是设备、管道或套接字），不能作为工作簿读取", path)
        if st.st_size > limits.max_file_bytes:
            raise UnsafeWorkbook(
                f"文件有 {_mb(st.st_size)} MB，超过上限 {_mb(limits.max_file_bytes)} MB；"
                "正常的绩效目标表不会这么大，请确认是否发错了文件",
                path,
            )
        chunks, total = [], 0
        while total <= limits.max_file_bytes:  # read(n) would preallocate n bytes: read in steps
            chunk = os.read(fd, min(MB, limits.max_file_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
    except OSError as err:
        raise UnreadableFile(f"读取文件时出错（{err.strerror or err}），请把文件复制到本地后重试", path) from None
    finally:
        os.close(fd)
    if len(data) > limits.max_file_bytes:  # the file grew while we read it
        raise UnsafeWorkbook(f"文件超过上限 {_mb(limits.max_file_bytes)} MB，请确认是否发错了文件", path)
    return data


def load_checked(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """:func:`open_workbook_bytes` then :func:`inspect_workbook`; returns the checked bytes."""
    data = open_workbook_bytes(path, limits)
    inspect_workbook(path, data, limits)
    return data


# --------------------------------------------------------------------------------------------------
# 2. the format, from the first bytes


def inspect_workbook(path: str | os.PathLike[str] | None, data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise the right :class:`XlperfError` unless ``data`` is a safe, readable .xlsx/.xlsm workbook.

    ``path`` is only used in messages. Runs in memory bounded by the limits, never executes anything.
    """
    if not data:
        raise NotAWorkbook("文件是空的（0 字节），可能是邮件附件未下载完整，请让报送单位重新发送", path)
    if data.startswith(_OLE_MAGIC):
        _inspect_ole(path, data)
    if len(data) >= 4 and data[0] == 0x09 and data[1] in (0x00, 0x02, 0x04, 0x08) and data[3] == 0x00:
        # a bare BIFF stream (BOF record) outside a compound file: Excel 2.x-4.0, or 5.0-2003 saved raw
        raise LegacyXls("这是早期 Excel 二进制格式（.xls），请在 Excel 中另存为 .xlsm 或 .xlsx 后再校验", path)
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise NotAWorkbook(_describe_non_zip(data), path)
    _check_eocd(path, data, limits)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, IndexError, KeyError) as err:
        raise NotAWorkbook(_MSG_CORRUPT + f"（zip 结构错误：{err}）", path) from None
    with zf:
        _check_declared(path, zf, limits)
        _identify_zip(path, zf, limits)
        scan_workbook_xml(zf, limits, path=path)


def _inspect_ole(path, data: bytes) -> None:
    """An OLE compound file: encrypted OOXML, legacy .xls, or another Office 97-2003 document."""
    import olefile  # small, pure Python; only needed for this rare case

    try:
        ole = olefile.OleFileIO(data)
        try:
            names = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
        finally:
            ole.close()
    except Exception as err:  # olefile raises plain OSError/ValueError/struct.error on bad files
        raise NotAWorkbook(
            "文件头像 Office 97-2003 文档，但内部结构已损坏；请在 Excel 中打开并另存为 .xlsx 后重新发送"
            f"（{type(err).__name__}）",
            path,
        ) from None
    if "encryptioninfo" in names or "encryptedpackage" in names:
        raise EncryptedWorkbook(
            "工作簿设置了打开密码，本工具无法读取；请在 Excel 中取消密码"
            "（文件→信息→保护工作簿→用密码进行加密，清空密码并保存）后重新发送",
            path,
        )
    if "workbook" in names or "book" in names:
        raise LegacyXls("这是 Excel 97-2003 (.xls) 格式，请在 Excel 中另存为 .xlsm 或 .xlsx 后再校验", path)
    if "worddocument" in names:
        what = "Word 97-2003 文档（.doc）"
    elif "powerpoint document" in names:
        what = "PowerPoint 97-2003 演示文稿（.ppt）"
    elif any(n.startswith("__substg1.0_") for n in names):
        what = "Outlook 邮件（.msg），工作簿应是其中的附件，请先把附件另存出来"
    else:
        what = "Office 97-2003 格式的其他文档"
    raise NotAWorkbook(f"这是{' ' if what[0].isascii() else ''}{what}，不是 Excel 工作簿；请发送绩效目标表的 .xlsm 或 .xlsx 文件", path)


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF 文件；请发送原始的 Excel 工作簿，不要导出或打印成 PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片；请发送原始的 Excel 工作簿，不要截图"),
    (b"\xff\xd8\xff", "JPEG 图片；请发送原始的 Excel 工作簿，不要截图或拍照"),
    (b"GIF8", "GIF 图片；请发送原始的 Excel 工作簿"),
    (b"II*\x00", "TIFF 图片（可能是扫描件）；请发送原始的 Excel 工作簿"),
    (b"MM\x00*", "TIFF 图片（可能是扫描件）；请发送原始的 Excel 工作簿"),
    (b"Rar!\x1a\x07", "RAR 压缩包；请解压后单独发送其中的工作簿"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包；请解压后单独发送其中的工作簿"),
    (b"\x1f\x8b", "gzip 压缩文件；请解压后单独发送其中的工作簿"),
    (b"{\\rtf", "RTF 文档；请发送绩效目标表的 .xlsm 或 .xlsx 文件"),
    (b"MZ", "Windows 程序（.exe/.dll），不是工作簿；请勿打开，并与报送单位核实"),
)


def _describe_non_zip(data: bytes) -> str:
    """A plain Chinese description of a file that is neither zip nor OLE."""
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            return f"这是 {what}"
    head = data[:4096]
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom):].decode(codec, "ignore")
            break
    else:
        text = head.decode("utf-8", "ignore") if b"\x00" not in head else ""
        if not text.strip() and b"\x00" not in head:
            text = head.decode("gb18030", "ignore")
    low = text.lstrip().lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low:
        return "这是 Excel 2003 XML 表格（常见于业务系统“导出 Excel”），不是 .xlsx；请在 Excel 中打开后另存为 .xlsx 或 .xlsm"
    if low.startswith(("<!doctype html", "<html", "<table", "<meta")) or "<html" in low[:512]:
        return "这是网页（HTML）文件，只是扩展名像 Excel（常见于业务系统“导出 Excel”）；请在 Excel 中打开后另存为 .xlsx 或 .xlsm"
    if low.startswith("<?xml") or low.startswith("<"):
        return "这是 XML 文本文件，不是 Excel 工作簿；请发送绩效目标表的 .xlsm 或 .xlsx 文件"
    if text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= 0.95 * len(text):
        return "这是纯文本文件（例如 CSV），不是 Excel 工作簿；请发送绩效目标表的 .xlsm 或 .xlsx 文件"
    return "无法识别的文件格式，不是 Excel 工作簿（.xlsx/.xlsm）；请确认附件是否发错或已损坏"


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
    total = 0
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
        _check_ratio(path, info.filename, info.file_size, info.compress_size, limits)


def _check_ratio(path, name: str, size: int, compressed: int, limits: Limits) -> None:
    if size > limits.ratio_min_size and size > limits.max_ratio * max(compressed, 1):
        ratio = size // max(compressed, 1)
        raise UnsafeWorkbook(
            f"部件“{name}”的压缩比约为 {ratio}:1（解压后 {_mb(size)} MB），超过上限 {limits.max_ratio}:1；{_MSG_BOMB_HINT}",
            path,
        )


# --------------------------------------------------------------------------------------------------
# 4. what kind of zip is it?


def _identify_zip(path, zf: zipfile.ZipFile, limits: Limits) -> str:
    """Return the workbook part name, or raise :class:`NotAWorkbook` saying what the zip is instead."""
    names = {n.casefold(): n for n in zf.namelist()}
    content_types: dict[str, str] = {}
    if "[content_types].xml" in names:
        types = parse_xml(read_member(zf, names["[content_types].xml"], limits.max_small_part, path=path),
                          path=path, part="[Content_Types].xml")
        defaults = {str(d.get("Extension", "")).casefold(): str(d.get("ContentType", "")) for d in types.iter("{*}Default")}
        for name in names:
            content_types[name] = defaults.get(name.rpartition(".")[2], "")
        for override in types.iter("{*}Override"):
            part = str(override.get("PartName", "")).lstrip("/").casefold()
            content_types[part] = str(override.get("ContentType", ""))
    candidates = []
    if "_rels/.rels" in names:
        rels = parse_xml(read_member(zf, names["_rels/.rels"], limits.max_small_part, path=path),
                         path=path, part="_rels/.rels")
        for rel in rels:
            if str(rel.get("Type", "")).endswith(_OFFICE_DOC_REL):
                candidates.append(posixpath.normpath(str(rel.get("Target", "")).lstrip("/")))
    candidates.append("xl/workbook.xml")
    for part in candidates:
        key = part.casefold()
        if key not in names:
            continue
        ctype = content_types.get(key, "")
        # spreadsheetml.sheet.main / ms-excel.sheet.macroEnabled.main / templates / add-ins
        if (".main+xml" in ctype and ("spreadsheetml" in ctype or "ms-excel" in ctype)) or (
            key == "xl/workbook.xml" and ctype in ("", "application/xml", "text/xml")
        ):
            return names[key]
    if "xl/workbook.bin" in names:
        raise NotAWorkbook("这是 Excel 二进制工作簿（.xlsb）；请在 Excel 中另存为 .xlsm 或 .xlsx 后再发送", path)
    if "word/document.xml" in names:
        raise NotAWorkbook("这是 Word 文档（.docx），只是扩展名改成了 Excel 的；请发送绩效目标表的 .xlsm 或 .xlsx 文件", path)
    if "ppt/presentation.xml" in names:
        raise NotAWorkbook("这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿；请发送绩效目标表的 .xlsm 或 .xlsx 文件", path)
    if "mimetype" in names:
        mime = read_member(zf, names["mimetype"], 256, path=path).decode("ascii", "replace").strip()
        if mime.endswith("opendocument.spreadsheet"):
            raise NotAWorkbook(
                "这是 OpenDocument 表格（.ods，WPS/LibreOffice 格式）；请在 WPS 或 Excel 中另存为 .xlsx 或 .xlsm 后再发送",
                path,
            )
        if "opendocument" in mime:
            raise NotAWorkbook(f"这是 OpenDocument 文档（{mime}），不是 Excel 工作簿；请发送绩效目标表的 .xlsm 或 .xlsx 文件", path)
    if "[content_types].xml" in names:
        raise NotAWorkbook("这是 Office 文档，但里面没有工作簿（xl/workbook.xml），不是 Excel 工作簿或已损坏；请用 Excel 另存后重新发送", path)
    files = [n for n in zf.namelist() if not n.endswith("/")]
    inner = [n for n in files if n.casefold().endswith((".xlsx", ".xlsm", ".xls", ".et"))]
    if inner:
        raise NotAWorkbook(f"这是普通的 zip 压缩包，里面有工作簿“{inner[0]}”；请解压后单独发送该工作簿", path)
    shown = "、".join(f"“{n}”" for n in files[:3]) + ("等" if len(files) > 3 else "")
    raise NotAWorkbook(
        f"这是普通的 zip 压缩包（含 {len(files)} 个文件{('：' + shown) if files else ''}），不是 Excel 工作簿；"
        "请发送绩效目标表的 .xlsm 或 .xlsx 文件",
        path,
    )


# --------------------------------------------------------------------------------------------------
# 5. members, decompressed for real


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


def _hardened_parser_kwargs() -> dict:
    return dict(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        remove_pis=False,
        recover=False,
    )


def _doctype_error(label: str, path) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        f"{label}含有 DTD/实体声明（DOCTYPE），可能是“十亿笑声”或外部实体（XXE）攻击；"
        "Excel 保存的文件不会有这种内容，已拒绝处理",
        path,
    )


def _looks_like_doctype(head: bytes) -> bool:
    markers = (b"<!DOCTYPE", b"<!ENTITY")
    return any(m in head or m.decode().encode("utf-16-le") in head or m.decode().encode("utf-16-be") in head
               for m in markers)


def _reject_doctype(root_tree: etree._ElementTree, path, label: str) -> None:
    docinfo = root_tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _doctype_error(label, path)


def parse_xml(data: bytes, *, path=None, part: str | None = None) -> etree._Element:
    """Parse a whole XML part with a hardened lxml parser and return its root element.

    No entity is resolved, no DTD or network access happens; any DOCTYPE (OOXML parts never carry one,
    so it can only be an entity attack) raises :class:`UnsafeWorkbook`; malformed XML raises
    :class:`NotAWorkbook`. For large parts use :func:`scan_workbook_xml`, which streams.
    """
    parser = etree.XMLParser(**_hardened_parser_kwargs())
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        label = f"部件“{part}”" if part else "XML 内容"
        if _looks_like_doctype(data[:_CHUNK]):
            raise _doctype_error(label, path) from None
        raise NotAWorkbook(f"{label}不是合法的 XML（{err}），文件已损坏；请用 Excel 另存后重新发送", path) from None
    _reject_doctype(root.getroottree(), path, f"部件“{part}”" if part else "XML 内容")
    return root


_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _col_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


_LETTERS = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"[0-9]+")


class _SheetExtent:
    """Largest row/column used by the cells of one worksheet part.

    Cells are handled a whole row at a time (the per-cell work stays in C for the usual case where every
    cell has an ``r`` reference); cells without ``r`` count on from the previous cell, as Excel reads them.
    """

    def __init__(self) -> None:
        self.row = 0
        self.max_row = 0
        self.max_col = 0

    def end_row(self, row_elem, cell_tags: list[str]) -> None:
        r = row_elem.get("r")
        self.row = int(r) if r and r.isdigit() else self.row + 1
        refs = [c.get("r") for c in row_elem.iterchildren(*cell_tags)]
        if not refs:
            return  # a row that only carries formatting
        if None not in refs:
            joined = " ".join(refs)
            letters = _LETTERS.findall(joined)
            digits = _DIGITS.findall(joined)
            if len(letters) == len(digits) == len(refs):
                longest = max(map(len, letters))
                widest = max(map(str.upper, (x for x in letters if len(x) == longest)))
                self.max_col = max(self.max_col, _col_number(widest))
                self.row = max(map(int, digits))  # the row Excel files it under is the cells' own
                self.max_row = max(self.max_row, self.row)
                return
        col = 0
        for ref in refs:
            m = _CELL_REF.match(ref) if ref else None
            if m:
                col = _col_number(m.group(1))
                self.row = int(m.group(2))
            else:
                col += 1
            self.max_row = max(self.max_row, self.row)
            self.max_col = max(self.max_col, col)


def _dimension_extent(ref: str) -> tuple[int, int] | None:
    last = ref.split(":")[-1].strip()
    m = _CELL_REF.match(last)
    return (int(m.group(2)), _col_number(m.group(1))) if m else None


def _check_extent(path, label: str, rows: int, cols: int, what: str, limits: Limits) -> None:
    if rows > limits.max_rows or cols > limits.max_cols:
        raise UnsafeWorkbook(
            f"{label}{what}达到 {rows} 行 × {cols} 列（到 {_col_letters(cols) or 'A'}{rows}），"
            f"超过上限 {limits.max_rows} 行 × {limits.max_cols} 列；"
            "请在 Excel 中删除表格下方和右侧多余的空行、空列后另存再发送",
            path,
        )


def _scan_xml_part(zf: zipfile.ZipFile, name: str, budget: int, path, limits: Limits, label: str) -> int:
    """Stream one XML part through the hardened parser; returns the decompressed size."""
    tags = [f"{{{ns}}}{t}" for ns in _SPREADSHEETML for t in ("dimension", "row", "si")]
    cell_tags = [f"{{{ns}}}c" for ns in _SPREADSHEETML]
    parser = etree.XMLPullParser(events=("start", "end"), tag=tags, **_hardened_parser_kwargs())
    extent = _SheetExtent()
    size = 0
    head = b""

    def drain() -> None:
        for event, elem in parser.read_events():
            local = elem.tag.rpartition("}")[2]
            if event == "start":
                if local == "dimension":
                    ref = elem.get("ref") or ""
                    dim = _dimension_extent(ref)
                    if dim:
                        _check_extent(path, label, dim[0], dim[1], f"的范围声明（dimension {ref}）", limits)
            else:
                if local in ("row", "si"):
                    if local == "row":
                        extent.end_row(elem, cell_tags)
                        _check_extent(path, label, extent.max_row, extent.max_col, "实际使用的单元格", limits)
                    elem.clear()
                    parent = elem.getparent()
                    if parent is not None:  # drop finished rows/strings so memory stays flat
                        while elem.getprevious() is not None:
                            del parent[0]

    try:
        for chunk in _iter_member(zf, name, budget, path, limits):
            size += len(chunk)
            if len(head) < 4096:
                head += chunk[:4096]
                if _looks_like_doctype(head):  # refuse before the parser sees any of it
                    raise _doctype_error(label, path)
            parser.feed(chunk)
            drain()
        root = parser.close()
        drain()
    except etree.XMLSyntaxError as err:
        if _looks_like_doctype(head):
            raise _doctype_error(label, path) from None
        raise NotAWorkbook(f"{label}不是合法的 XML（{err}），文件已损坏；请用 Excel 另存后重新发送", path) from None
    _reject_doctype(root.getroottree(), path, label)
    _check_extent(path, label, extent.max_row, extent.max_col, "实际使用的单元格", limits)
    return size


def _sheet_labels(zf: zipfile.ZipFile, wb_part: str, limits: Limits, path) -> dict[str, str]:
    """{part name: '工作表“名称”'} from workbook.xml and its relationships, for readable messages."""
    names = {n.casefold(): n for n in zf.namelist()}
    folder, base = posixpath.split(wb_part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name.casefold() not in names:
        return {}
    rels = parse_xml(read_member(zf, names[rels_name.casefold()], limits.max_small_part, path=path),
                     path=path, part=rels_name)
    targets = {}
    for rel in rels:
        target = str(rel.get("Target", ""))
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        targets[rel.get("Id")] = full.casefold()
    wb = parse_xml(read_member(zf, wb_part, limits.max_small_part, path=path), path=path, part=wb_part)
    labels = {}
    for sheet in wb.iter("{*}sheet"):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if rid in targets and targets[rid] in names:
            labels[names[targets[rid]]] = f"工作表“{sheet.get('name')}”（{names[targets[rid]]}）"
    return labels


def scan_workbook_xml(zf: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS, *, path=None) -> None:
    """Decompress every member once, streamed and capped, before any other library touches the file.

    Checks the real (not declared) sizes and ratios and the CRCs; parses workbook.xml, every worksheet,
    sharedStrings.xml and every other ``.xml``/``.rels`` part with the hardened parser (no DOCTYPE);
    enforces the row/column limits on any part containing SpreadsheetML rows or cells; ``.vml`` parts
    (Excel's VML is not well-formed XML) are only searched for DOCTYPE/ENTITY markers.
    """
    try:
        wb_part = _identify_zip(path, zf, limits)
        labels = _sheet_labels(zf, wb_part, limits, path)
    except NotAWorkbook:
        labels = {}
    remaining = limits.max_total_uncompressed
    for info in zf.infolist():
        if info.is_dir():
            continue
        name = info.filename
        low = name.casefold()
        if low.endswith((".xml", ".rels")):
            label = labels.get(name) or f"部件“{name}”"
            remaining -= _scan_xml_part(zf, name, remaining, path, limits, label)
        else:
            tail = b""
            for chunk in _iter_member(zf, name, remaining, path, limits):
                remaining -= len(chunk)
                if low.endswith(".vml"):
                    window = tail + chunk
                    if _looks_like_doctype(window):
                        raise _doctype_error(f"部件“{name}”", path)
                    tail = window[-32:]


# --------------------------------------------------------------------------------------------------
# VBA


def _find_vba_part(zf: zipfile.ZipFile) -> str | None:
    for name in zf.namelist():
        if name.casefold() == "xl/vbaproject.bin":
            return name
    for name in zf.namelist():
        if name.casefold().endswith("vbaproject.bin"):
            return name
    return None


def vba_modules(data: bytes, limits: Limits = DEFAULT_LIMITS, *, path=None) -> dict[str, str] | None:
    """{module name: source} of the workbook's VBA project; ``None`` when there is none.

    ``data`` is an .xlsm already passed by :func:`inspect_workbook`. Only ``xl/vbaProject.bin`` is handed
    to oletools (strict parsing, ``relaxed=False``); nothing is executed. A project oletools cannot
    parse raises :class:`NotAWorkbook`.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
        raise NotAWorkbook(_MSG_CORRUPT + f"（{err}）", path) from None
    with zf:
        name = _find_vba_part(zf)
        if name is None:
            return None
        blob = read_member(zf, name, limits.max_small_part, path=path)
    import warnings

    with warnings.catch_warnings():  # oletools 0.60 triggers pyparsing deprecation warnings on import
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools import olevba  # heavy import: only when a VBA project is actually there

    try:
        parser = olevba.VBA_Parser(filename=posixpath.basename(name), data=blob, relaxed=False)
        try:
            projects = parser.find_vba_projects() or []
            modules: dict[str, str] = {}
            for vba_root, project_path, dir_path in projects:
                project = olevba.VBA_Project(parser.ole_file, vba_root, project_path, dir_path, relaxed=False)
                project.parse_project_stream()
                for _ in project.parse_modules():
                    pass
                for module in project.modules:
                    modules[module.name] = module.code or ""
        finally:
            parser.close()
    except Exception as err:  # oletools raises many types on a damaged project
        raise NotAWorkbook(
            f"宏工程（{name}）已损坏，无法读出其中的 VBA 代码（{type(err).__name__}）；请使用官方模板重新填报", path
        ) from None
    return modules if projects else None


def _normalise_vba(code: str) -> list[str]:
    lines = [ln.rstrip() for ln in code.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if not ln.lstrip().lower().startswith("attribute ")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _trivial(lines: list[str]) -> bool:
    """Only blank lines and ``Option ...`` statements: what Excel puts in a new sheet's module."""
    return all(not ln.strip() or ln.strip().lower().startswith("option ") for ln in lines)


def _snippet(line: str) -> str:
    line = line.strip()
    return line if len(line) <= 40 else line[:40] + "…"


def compare_vba(received: dict[str, str] | None, official: dict[str, str]) -> list[str]:
    """Chinese descriptions of how the received VBA modules differ from the official ones; [] if same.

    Line endings, trailing whitespace, leading/trailing blank lines and ``Attribute`` lines are ignored;
    module names compare case-insensitively (as in VBA). Added or missing modules that hold nothing but
    ``Option`` lines (the document module Excel creates for a new sheet) are not reported.
    """
    off = {name.casefold(): (name, _normalise_vba(code)) for name, code in official.items()}
    if received is None:
        needed = [name for name, lines in off.values() if not _trivial(lines)]
        if not needed:
            return []
        return [
            "工作簿中没有宏（VBA 工程），可能被另存为 .xlsx 或宏被删除了；请使用官方模板（.xlsm）重新填报"
            f"（应有模块：{'、'.join(needed)}）"
        ]
    rec = {name.casefold(): (name, _normalise_vba(code)) for name, code in received.items()}
    out: list[str] = []
    for key, (name, lines) in off.items():
        if key not in rec:
            if not _trivial(lines):
                out.append(f"缺少官方模板中的 VBA 模块“{name}”")
            continue
        got = rec[key][1]
        if got != lines:
            n = next((i for i, (a, b) in enumerate(zip(lines, got)) if a != b), min(len(lines), len(got)))
            want_line = _snippet(lines[n]) if n < len(lines) else "（无）"
            got_line = _snippet(got[n]) if n < len(got) else "（无）"
            out.append(
                f"VBA 模块“{name}”的代码与官方模板不同：从第 {n + 1} 行起不一致"
                f"（官方：“{want_line}”；收到：“{got_line}”）"
            )
    for key, (name, lines) in rec.items():
        if key not in off and not _trivial(lines):
            out.append(f"多了官方模板中没有的 VBA 模块“{name}”（{len(lines)} 行代码）")
    return out


def _mb(n: int) -> str:
    return f"{n / MB:.0f}" if n >= 10 * MB else f"{n / MB:.1f}"

