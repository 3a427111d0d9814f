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
3. the zip's central directory, using the *declared* sizes: member count, total uncompressed size, total size
   of the XML parts, per-member compression ratio (only for parts too large to be text), duplicate part names,
   encrypted members, compression methods;
4. what the zip is: a spreadsheet (a workbook part), or a .docx / .pptx / .ods / .xlsb / plain zip; the number
   of worksheets it lists;
5. every member is decompressed once, streamed, with the *actual* sizes capped (declared sizes can lie)
   and CRCs checked; every ``.xml``/``.rels`` part is parsed with a hardened lxml parser that refuses
   any DOCTYPE (OOXML never uses DTDs, so a DOCTYPE can only be an entity attack); worksheet parts are
   checked against the row/column limits, from ``<dimension ref>`` and from the cells actually present.

Public API: :class:`Limits`, :func:`open_workbook_bytes`, :func:`inspect_workbook`, :func:`load_checked`,
:func:`read_member`, :func:`parse_xml`, :func:`scan_workbook_xml`, :func:`vba_modules`,
:func:`compare_vba`.

Where the code lives: this module holds the gate (reading the file, the format from the first bytes);
:mod:`~xlperf.files.safety_zip` the limits and the zip container, :mod:`~xlperf.files.safety_scan` the pass
over every member, :mod:`~xlperf.files.safety_xml` the XML parts, :mod:`~xlperf.files.vba_read` the VBA project. The public names are all importable from here.
"""
from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from ..form.errors import EncryptedWorkbook, LegacyXls, NotAWorkbook, UnreadableFile, UnsafeWorkbook
from .safety_scan import scan_workbook_xml
from .safety_xml import _identify_zip, parse_xml
from .safety_zip import (
    _MSG_CORRUPT,
    BUDGET,
    DEFAULT_LIMITS,
    MAX_PROJECTS,
    MB,
    Limits,
    _check_declared,
    _check_eocd,
    _mb,
    check_sheet_count,
    read_member,
)
from .vba_read import compare_vba, vba_modules

__all__ = [
    "BUDGET",
    "DEFAULT_LIMITS",
    "MAX_PROJECTS",
    "Limits",
    "compare_vba",
    "inspect_workbook",
    "is_word",
    "load_checked",
    "open_workbook_bytes",
    "parse_xml",
    "read_member",
    "scan_workbook_xml",
    "vba_modules",
]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def load_checked(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS, *, allow_word: bool = False) -> bytes:
    """:func:`open_workbook_bytes` then :func:`inspect_workbook`; returns the checked bytes."""
    data = open_workbook_bytes(path, limits)
    inspect_workbook(path, data, limits, allow_word=allow_word)
    return data


def is_word(data: bytes) -> bool:
    """True for bytes that passed :func:`inspect_workbook` with ``allow_word`` as a Word document (.docx)."""
    last = _last_inspected
    if last is not None and last[0] is data:  # the bytes just gated: their zip directory was read there
        return last[1]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _word_names(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _word_names(names: list[str]) -> bool:
    folded = {n.casefold() for n in names}
    return "word/document.xml" in folded and "xl/workbook.xml" not in folded


# The bytes inspect_workbook last let through and whether is_word holds for them (bytes never change, so the
# same object is the same answer): the check pipeline asks right after the gate, without a second zip parse.
_last_inspected: tuple[bytes, bool] | None = None


# --------------------------------------------------------------------------------------------------
# 2. the format, from the first bytes


def inspect_workbook(path: str | os.PathLike[str] | None, data: bytes, limits: Limits = DEFAULT_LIMITS, *,
                     allow_word: bool = False) -> None:
    """Raise the right :class:`XlperfError` unless ``data`` is a safe, readable .xlsx/.xlsm workbook (with
    ``allow_word``, or a Word .docx: the same zip, size and XML checks, then the Word reader).

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
        part = _identify_zip(path, zf, limits, allow_word)
        word = part.casefold() == "word/document.xml"  # a Word form: no sheets to name in messages, none to count
        if not word:
            _count_sheets(path, zf, part, limits)
        scan_workbook_xml(zf, limits, path=path, data=data, wb_part=None if word else part)
        global _last_inspected
        _last_inspected = (data, _word_names(zf.namelist()))


def _count_sheets(path, zf: zipfile.ZipFile, wb_part: str, limits: Limits) -> None:
    """Every worksheet costs every command time: at most ``limits.max_sheets`` of them."""
    book = parse_xml(read_member(zf, wb_part, limits.max_small_part, path=path), path=path, part=wb_part)
    check_sheet_count(path, sum(1 for _ in book.iter("{*}sheet")), limits)


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
