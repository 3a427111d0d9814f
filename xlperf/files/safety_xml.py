"""The XML inside a received workbook: what kind of zip it is (a workbook, or a .docx / .xlsb / .ods / plain
zip), the hardened lxml parser that refuses any DOCTYPE, and the exact streamed walk of one part with the
worksheets' row/column limits (:func:`_scan_xml_part`; :mod:`~xlperf.files.safety_scan` runs the pass over
every member and calls it when its quick scan does not accept a part).

Part of the safety gate (:mod:`xlperf.files.safety`), which re-exports :func:`parse_xml`.
"""
from __future__ import annotations

import posixpath
import re
import zipfile

from lxml import etree

from ..form.errors import NotAWorkbook, UnsafeWorkbook
from .safety_zip import _CHUNK, Limits, _iter_member, read_member

_SPREADSHEETML = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # ISO "strict" variant
)
_OFFICE_DOC_REL = ("/officeDocument",)  # suffix of both transitional and strict relationship types


# --------------------------------------------------------------------------------------------------
# 4. what kind of zip is it?


_WORD_MAIN = ("wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml")


def _identify_zip(path, zf: zipfile.ZipFile, limits: Limits, allow_word: bool = False) -> str:
    """Return the workbook part name (with ``allow_word``, a Word document's main part), or raise
    :class:`NotAWorkbook` saying what the zip is instead."""
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
    if allow_word and "word/document.xml" in names and any(
            t in content_types.get("word/document.xml", "") for t in _WORD_MAIN):
        return names["word/document.xml"]
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
        raise NotAWorkbook("这是 Word 文档（.docx），不是 Excel 工作簿；Word 绩效目标表请用 xlperf check 校验（按表格读取），"
                           "或发送绩效目标表的 .xlsm 或 .xlsx 文件", path)
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
# XML parts, parsed hardened


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
