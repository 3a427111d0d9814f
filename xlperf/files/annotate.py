"""Write the findings into a copy of the workbook, in place, without touching anything else.

Only three kinds of part change: the worksheets that gain or lose marks, ``styles.xml`` (three differential
formats, added once), and the 校验结果 sheet. Every other zip member — the VBA project, the buttons, the data
validations, the user's own cells and formats — is copied unchanged.

Marks are never cell styles, so the user's own formatting is never rewritten. A sheet built from our template
carries three conditional formats driven by one hidden cell per severity (layout.MARK_COL): annotating writes
"|B2|E12|" into those cells — exactly what the Excel macro writes, so both front ends look the same. A sheet
without them (a file another tool rebuilt) gets always-true conditional-format rules over the offending cells,
recognised by their marker formula. Either way the next run replaces the marks instead of stacking them.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..form import layout as L
from ..form.findings import Finding, Severity
from ..form.marks import cell_marks, listed, result_rows, status_line
from ..text.widths import row_height
from .annotate_styles import _dxf_count_changed, _ensure_dxfs
from .annotate_view import select_tab, set_active_tab
from .helper_cells import live_table_cells, restore_cells
from .output import unsafe_member_name, write_bytes_atomic
from .safety import parse_xml

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MARKER = '"xlperf"="xlperf"'  # the formula of our conditional-format rules: always true, and recognisable
_MAX_PART = 64 * 1024 * 1024

# CT_Worksheet children that must come after <conditionalFormatting> / <hyperlinks> (ECMA-376 order).
_AFTER_CF = ("dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
             "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
             "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
             "webPublishItems", "tableParts", "extLst")
_AFTER_HYPERLINKS = _AFTER_CF[2:]


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def annotate_bytes(data: bytes, findings: list[Finding], ruleset: str, when=None) -> bytes:
    """The workbook ``data`` with ``findings`` marked in place (``data`` itself is not modified)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = _sheet_parts(src)
    changed: dict[str, bytes] = {}
    styles_name = _styles_part(src)
    styles = parse_xml(src.read(styles_name), part=styles_name) if styles_name else None
    dxf_ids = _ensure_dxfs(styles) if styles is not None else {}
    marks_by_sheet: dict[str, list] = {}
    for mark in cell_marks(findings):
        marks_by_sheet.setdefault(mark.sheet, []).append(mark)
    for sheet_name, part in parts.items():
        original = src.read(part)
        root = parse_xml(original, part=part)
        _number_rows_and_cells(root)
        touched = _remove_our_rules(root)
        marks = marks_by_sheet.get(sheet_name, [])
        if _has_mark_cells(root):
            touched |= _write_mark_cells(root, marks)
        elif marks and dxf_ids:
            _add_rules(root, marks, dxf_ids)
            touched = True
        if sheet_name == L.RESULTS_SHEET:
            _write_results(root, findings, ruleset, when)
            touched = True
        if L.RESULTS_SHEET in parts:  # the copy opens on 校验结果
            touched |= select_tab(root, sheet_name == L.RESULTS_SHEET)
        if touched:
            changed[part] = _serialise(root)
    workbook_name = _workbook_part(src)
    workbook = parse_xml(src.read(workbook_name), part=workbook_name)
    if set_active_tab(workbook, L.RESULTS_SHEET):
        changed[workbook_name] = _serialise(workbook)
    if styles is not None and _dxf_count_changed(src.read(styles_name), styles):
        changed[styles_name] = _serialise(styles)
    dropped = _drop_calc_chain(src, changed) if changed else set()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in dropped or unsafe_member_name(info.filename):
                continue
            payload = changed.get(info.filename)
            dst.writestr(info, payload if payload is not None else src.read(info.filename),
                         compress_type=info.compress_type)
    return out.getvalue()


def has_results_sheet(data: bytes) -> bool:
    """Whether the workbook still has the 校验结果 sheet the findings are listed on (staff may delete it)."""
    return L.RESULTS_SHEET in _sheet_parts(zipfile.ZipFile(io.BytesIO(data)))


def annotate_file(book: str | Path, data: bytes, findings: list[Finding], ruleset: str, out: str | Path) -> Path:
    """Write the annotated copy of ``book`` (whose bytes are ``data``) to ``out`` atomically."""
    return write_bytes_atomic(out, annotate_bytes(data, findings, ruleset))


# ------------------------------------------------------------------ package navigation
def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member of its worksheet XML, from workbook.xml and its relationships."""
    workbook = _workbook_part(zf)
    root = parse_xml(zf.read(workbook), part=workbook)
    _, rels = _workbook_rels(zf)
    out = {}
    for sheet in root.iter(q("sheet")):
        _, member = rels.get(sheet.get(f"{{{REL_NS}}}id"), ("", None))
        if member in zf.namelist():
            out[sheet.get("name")] = member
    return out


def _workbook_part(zf: zipfile.ZipFile) -> str:
    rels = parse_xml(zf.read("_rels/.rels"), part="_rels/.rels")
    for r in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if r.get("Type", "").endswith("/officeDocument"):
            return r.get("Target").lstrip("/")
    return "xl/workbook.xml"


def _workbook_rels(zf: zipfile.ZipFile) -> tuple[str, dict[str, tuple[str, str]]]:
    """The workbook part's relationships file and {Id: (Type, member)}."""
    workbook = _workbook_part(zf)
    rels_name = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    rels = parse_xml(zf.read(rels_name), part=rels_name)
    out = {}
    for r in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
        target = r.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(posixpath.dirname(workbook), target))
        out[r.get("Id")] = (r.get("Type", ""), member)
    return rels_name, out


def _styles_part(zf: zipfile.ZipFile) -> str | None:
    _, rels = _workbook_rels(zf)
    return next((m for t, m in rels.values() if t.endswith("/styles") and m in zf.namelist()), None)


def _drop_calc_chain(zf: zipfile.ZipFile, changed: dict[str, bytes]) -> set[str]:
    """Remove the calculation chain (Excel rebuilds it): our edits may remove formula cells it lists (the
    macro's HYPERLINK formulas on 校验结果), and a stale chain makes Excel "repair" the file."""
    rels_name, rels = _workbook_rels(zf)
    chain = next(((rid, m) for rid, (t, m) in rels.items() if t.endswith("/calcChain")), None)
    if chain is None:
        return set()
    rid, member = chain
    root = parse_xml(zf.read(rels_name), part=rels_name)
    for r in list(root):
        if r.get("Id") == rid:
            root.remove(r)
    changed[rels_name] = _serialise(root)
    types = parse_xml(zf.read("[Content_Types].xml"), part="[Content_Types].xml")
    for override in list(types):
        if (override.get("PartName") or "").lstrip("/") == member:
            types.remove(override)
    changed["[Content_Types].xml"] = _serialise(types)
    return {member}


# ------------------------------------------------------------------ worksheets: conditional formats
def _remove_our_rules(root) -> bool:
    removed = False
    for cf in root.findall(q("conditionalFormatting")):
        rules = cf.findall(q("cfRule"))
        if rules and all((r.findtext(q("formula")) or "") == MARKER for r in rules):
            root.remove(cf)
            removed = True
    return removed


def _add_rules(root, marks, dxf_ids: dict[Severity, int]) -> None:
    """One conditional format per severity, ranked after the sheet's own rules (which are left untouched)."""
    first = max((int(r.get("priority", "0")) for r in root.iter(q("cfRule"))), default=0) + 1
    anchor = next((child for child in root if etree.QName(child).localname in _AFTER_CF), None)
    for priority, severity in enumerate(Severity, start=first):
        cells = [m.cell for m in marks if m.severity is severity]
        if not cells:
            continue
        cf = etree.Element(q("conditionalFormatting"), sqref=" ".join(cells))
        rule = etree.SubElement(cf, q("cfRule"), type="expression", dxfId=str(dxf_ids[severity]),
                                priority=str(priority), stopIfTrue="1")
        etree.SubElement(rule, q("formula")).text = MARKER
        if anchor is not None:
            anchor.addprevious(cf)
        else:
            root.append(cf)


# ------------------------------------------------------------------ worksheets: the template's mark cells
def _number_rows_and_cells(root) -> None:
    """Give every <row> and <c> its explicit ``r``: the spec lets producers omit it (row = previous + 1,
    column = previous + 1), and our edits address cells by reference."""
    sheet_data = root.find(q("sheetData"))
    if sheet_data is None:
        return
    previous_row = 0
    for row in sheet_data:
        r = int(row.get("r") or previous_row + 1)
        row.set("r", str(r))
        previous_row = r
        previous_col = -1
        for cell in row.iter(q("c")):
            ref = cell.get("r")
            col = L.col_index(ref) if ref else previous_col + 1
            if not ref:
                cell.set("r", L.a1(r - 1, col))
            previous_col = col


def _has_mark_cells(root) -> bool:
    """Whether the sheet carries the template's mark rules (so writing the mark cells colours the cells)."""
    wanted = L.mark_rule_formula(Severity.ERROR.value).lstrip("=")
    return any((r.findtext(q("formula")) or "") == wanted for r in root.iter(q("cfRule")))


def _write_mark_cells(root, marks) -> bool:
    """Write each severity's "|B2|E12|" list into its mark cell (empty when none); True when anything changed."""
    sheet_data = root.find(q("sheetData"))
    changed = False
    for severity in Severity:
        r, c = L.mark_cell(severity.value)
        text = L.mark_text(m.cell for m in marks if m.severity is severity)
        cell = _cell(sheet_data, r, c)
        current = cell.findtext(f"{q('is')}/{q('t')}") if cell.get("t") == "inlineStr" else None
        if (current or "") == text and (text or cell.get("t") is None):
            continue
        for child in list(cell):
            cell.remove(child)
        cell.attrib.pop("t", None)
        if text:
            cell.set("t", "inlineStr")
            etree.SubElement(etree.SubElement(cell, q("is")), q("t")).text = xml_text(text)
        changed = True
    return changed


def _cell(sheet_data, r: int, c: int):
    """The <c> element at 0-based (r, c), created in row and column order when missing."""
    ref = L.a1(r, c)
    row = next((x for x in sheet_data if int(x.get("r")) == r + 1), None)
    if row is None:
        row = etree.Element(q("row"), r=str(r + 1))
        _insert_row(sheet_data, row)
    for i, cell in enumerate(row):
        if cell.get("r") == ref:
            return cell
        if L.col_index(cell.get("r")) > c:
            new = etree.Element(q("c"), r=ref)
            row.insert(i, new)
            return new
    return etree.SubElement(row, q("c"), r=ref)


# ------------------------------------------------------------------ the 校验结果 sheet
def _write_results(root, findings: list[Finding], ruleset: str, when) -> None:
    sheet_data = root.find(q("sheetData"))
    status_row, status_col = L.RESULTS_STATUS_CELL
    header_row = L.RESULTS_HEADER_ROW
    style, kept = None, []
    for row in list(sheet_data):
        r = int(row.get("r")) - 1
        if r == status_row:
            first = row.find(q("c"))
            style = first.get("s") if first is not None else None
        if r == status_row or r > header_row:
            kept += live_table_cells(row)  # the template's live table right of the results stays
            sheet_data.remove(row)
    status = _row(status_row, [(status_col, status_line(findings, ruleset, when))], style)
    _insert_row(sheet_data, status)
    rows = result_rows(findings)
    findings = listed(findings)  # one row each, then a row saying how many were left out, if any
    for i, values in enumerate(rows):
        row = _row(header_row + 1 + i, list(enumerate(values)), style)
        row.set("ht", str(_row_height(values)))  # wrapped text: no application re-measures rows on open
        row.set("customHeight", "1")
        sheet_data.append(row)
    restore_cells(sheet_data, kept, lambda r: _insert_row(sheet_data, etree.Element(q("row"), r=str(r + 1))))
    _write_links(root, findings)
    dimension = root.find(q("dimension"))
    if dimension is not None:
        last_row = max([header_row + len(rows)] + [int(row.get("r")) - 1 for row in sheet_data])
        last_col = max(len(L.RESULTS_HEADER) - 1, L.LIVE_RESULTS_END_COL if kept else 0)
        dimension.set("ref", f"A1:{L.a1(last_row, last_col)}")


def _row_height(values) -> float:
    """Points for a results row: enough lines for the longest wrapped text (``text.widths``)."""
    return row_height((v for v in zip(values, L.RESULTS_WIDTHS) if isinstance(v[0], str)))


def _row(r: int, cells: list[tuple[int, object]], style: str | None):
    row = etree.Element(q("row"), r=str(r + 1))
    for c, value in cells:
        if value is None or value == "":
            continue
        cell = etree.SubElement(row, q("c"), r=L.a1(r, c))
        if style:
            cell.set("s", style)
        if isinstance(value, (int, float)):
            etree.SubElement(cell, q("v")).text = str(value)
        else:
            cell.set("t", "inlineStr")
            text = etree.SubElement(etree.SubElement(cell, q("is")), q("t"))
            text.text = xml_text(str(value))
            if text.text != text.text.strip():
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return row


def _insert_row(sheet_data, row) -> None:
    r = int(row.get("r"))
    for i, existing in enumerate(sheet_data):
        if int(existing.get("r")) > r:
            sheet_data.insert(i, row)
            return
    sheet_data.append(row)


def _write_links(root, findings: list[Finding]) -> None:
    """A hyperlink from each finding's 单元格 cell to the cell it is about."""
    old = root.find(q("hyperlinks"))
    if old is not None:
        root.remove(old)
    links = etree.Element(q("hyperlinks"))
    cell_col = L.RESULTS_HEADER.index("单元格")
    for i, f in enumerate(findings):
        if f.sheet and f.cell:
            sheet = f.sheet.replace("'", "''")
            etree.SubElement(links, q("hyperlink"), ref=L.a1(L.RESULTS_HEADER_ROW + 1 + i, cell_col),
                             location=f"'{sheet}'!{f.cell}", display=f.cell)
    if len(links):
        anchor = next((child for child in root if etree.QName(child).localname in _AFTER_HYPERLINKS), None)
        if anchor is not None:
            anchor.addprevious(links)
        else:
            root.append(links)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x(?=[0-9A-Fa-f]{4}_)")


def xml_text(text: str) -> str:
    """Text for a cell: characters XML cannot hold escaped as Excel does ("_x0001_"; a literal "_x" before four
    hex digits as "_x005F_x"), so text pasted from other programs never makes the file unreadable."""
    return _CONTROL.sub(lambda m: "_x005F_x" if m.group(0) == "_x" else f"_x{ord(m.group(0)):04X}_", text)


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
