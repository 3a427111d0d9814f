"""Annotating a workbook: marks in place, the results sheet, and nothing else changed."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from lxml import etree

from xlperf.files.annotate import MARKER, annotate_bytes
from xlperf.files.reader import read_workbook_bytes
from xlperf.form import layout as L
from xlperf.form.findings import Finding, Severity

WHEN = dt.datetime(2026, 11, 26, 9, 30)
FINDINGS = [
    Finding("C102", Severity.ERROR, "项目1", "B2", "项目编码为空", "项目编码没有填写。", "填写项目编码。"),
    Finding("V201", Severity.WARNING, "项目1", "E12", "占位词", "指标值是占位词“文字描述”。", "填写具体值。"),
    Finding("V202", Severity.INFO, "项目1", "E12", "其他", "同一格的第二个问题。", ""),
    Finding("T601", Severity.INFO, "部门整体绩效目标", "B30", "重复词语", "“意见意见”重复。", "删去重复。"),
]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def canonical(data: bytes) -> dict[str, bytes]:
    """Members with XML in canonical form: a part we re-serialised equals the original if it means the same."""
    return {name: etree.tostring(etree.fromstring(body), method="c14n") if name.endswith(".xml") else body
            for name, body in members(data).items()}


@pytest.fixture
def original(example_book) -> bytes:
    return example_book.read_bytes()


def test_only_marked_sheets_styles_and_results_change(original):
    before, after = members(original), members(annotate_bytes(original, FINDINGS, "test", WHEN))
    assert list(before) == list(after)
    changed = {name for name in before if before[name] != after[name]}
    # styles.xml is reused unchanged: the template already carries the three severity formats (for its own
    # mark rules, layout.MARK_COL), and annotate reuses a format with the same colours.
    # 部门整体, 项目1, 校验结果; and since issue 14 the copy opens on 校验结果: workbook.xml's active tab and the
    # previously selected sheet (填报说明) lose their selection
    assert changed == {"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet7.xml",
                       "xl/workbook.xml", "xl/worksheets/sheet1.xml"}
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]


def test_user_content_is_unchanged(original):
    annotated = annotate_bytes(original, FINDINGS, "test", WHEN)
    assert read_workbook_bytes(annotated) == read_workbook_bytes(original)


def mark_cells(path) -> dict[tuple[str, str], str]:
    """What the template's mark cells (layout.MARK_COL) say, per sheet and severity."""
    book = openpyxl.load_workbook(path)
    out = {}
    for ws in book.worksheets:
        for severity in ("错误", "警告", "提示"):
            r, c = L.mark_cell(severity)
            value = ws.cell(r + 1, c + 1).value
            if value:
                out[(ws.title, severity)] = value
    return out


def test_template_sheets_are_marked_through_their_mark_cells(original, tmp_path):
    """The same cells the Excel macro writes: each cell under its most severe finding; no rule added."""
    path = tmp_path / "a.xlsx"
    path.write_bytes(annotate_bytes(original, FINDINGS, "test", WHEN))
    assert mark_cells(path) == {("项目1", "错误"): "|B2|", ("项目1", "警告"): "|E12|",
                                ("部门整体绩效目标", "提示"): "|B30|"}
    book = openpyxl.load_workbook(path)
    assert not [r for ws in book.worksheets for cf in ws.conditional_formatting for r in cf.rules
                if r.formula == [MARKER]]


def test_sheets_without_mark_cells_get_conditional_formats(original, tmp_path):
    """A file rebuilt by another tool (values only, no template rules) is marked with our own rules."""
    from test_reader import save_values, sheets_of

    src = tmp_path / "src.xlsm"
    src.write_bytes(original)
    plain = tmp_path / "plain.xlsx"
    save_values(sheets_of(src), plain)
    path = tmp_path / "a.xlsx"
    path.write_bytes(annotate_bytes(plain.read_bytes(), FINDINGS, "test", WHEN))
    marks = {}
    for ws in openpyxl.load_workbook(path).worksheets:
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                assert rule.formula == [MARKER]
                for cell in str(cf.sqref).split():
                    marks[(ws.title, cell)] = rule.dxf.fill.bgColor.rgb
    assert marks == {("项目1", "B2"): "FFFFC7CE", ("项目1", "E12"): "FFF4B183",  # 警告 orange since issue 14
                     ("部门整体绩效目标", "B30"): "FFDDEBF7"}
    once = path.read_bytes()
    assert annotate_bytes(once, FINDINGS, "test", WHEN) == once
    cleared = annotate_bytes(once, [], "test", WHEN)
    assert MARKER.encode() not in members(cleared)["xl/worksheets/sheet3.xml"]


def test_results_sheet_lists_every_finding_with_a_link(original, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(annotate_bytes(original, FINDINGS, "2026.11", WHEN))
    ws = openpyxl.load_workbook(path)[L.RESULTS_SHEET]
    status = ws.cell(L.RESULTS_STATUS_CELL[0] + 1, 1).value
    assert status == "校验时间：2026-11-26 09:30；规则集 2026.11；错误 1 项，警告 1 项，提示 2 项。请先修改“错误”再报送。"
    first = L.RESULTS_HEADER_ROW + 2
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=first, max_col=7)]
    rows = [row for row in rows if any(v is not None for v in row)]  # rows that hold only the live table (I–M)
    assert rows == [
        (1, "错误", "C102", "项目1", "B2", "项目编码没有填写。", "填写项目编码。"),
        (2, "警告", "V201", "项目1", "E12", "指标值是占位词“文字描述”。", "填写具体值。"),
        (3, "提示", "T601", "部门整体绩效目标", "B30", "“意见意见”重复。", "删去重复。"),  # severity, then the
        (4, "提示", "V202", "项目1", "E12", "同一格的第二个问题。", None),  # workbook's sheet order (issue 14)
    ]
    links = {c.coordinate: c.hyperlink.location for row in ws.iter_rows(min_row=first) for c in row if c.hyperlink}
    assert links == {f"E{first}": "'项目1'!B2", f"E{first + 1}": "'项目1'!E12",
                     f"E{first + 2}": "'部门整体绩效目标'!B30", f"E{first + 3}": "'项目1'!E12"}
    assert openpyxl.load_workbook(path).active.title == L.RESULTS_SHEET  # the copy opens on 校验结果
    # the template's live table right of the results (issue 13) is kept, cell for cell
    live = {c.coordinate: c.value for row in openpyxl.load_workbook(io.BytesIO(original))[L.RESULTS_SHEET].iter_rows(
        min_col=L.LIVE_RESULTS_COL + 1) for c in row if c.value is not None}
    assert live and {k: ws[k].value for k in live} == live


def test_annotating_again_replaces_the_marks(original, tmp_path):
    once = annotate_bytes(original, FINDINGS, "test", WHEN)
    assert annotate_bytes(once, FINDINGS, "test", WHEN) == once
    fewer = annotate_bytes(once, FINDINGS[:1], "test", WHEN)
    assert canonical(fewer) == canonical(annotate_bytes(original, FINDINGS[:1], "test", WHEN))
    clean = annotate_bytes(once, [], "test", WHEN)
    path = tmp_path / "clean.xlsx"
    path.write_bytes(clean)
    assert mark_cells(path) == {}
    # the sheet means exactly what it meant before it was ever marked
    assert canonical(clean)["xl/worksheets/sheet3.xml"] == canonical(original)["xl/worksheets/sheet3.xml"]


def test_libreoffice_opens_the_annotated_workbook(original, libreoffice, tmp_path):
    path = tmp_path / "annotated.xlsm"
    path.write_bytes(annotate_bytes(original, FINDINGS, "test", WHEN))
    assert libreoffice(path, "ods", tmp_path).exists()


def test_user_formatting_is_unchanged(original):
    """Every cell outside the hidden mark column keeps its exact XML (value, style index, type)."""
    after = members(annotate_bytes(original, FINDINGS, "test", WHEN))
    before = members(original)
    mark_col = L.col_letter(L.MARK_COL)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    for part in ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"):
        def cells(data):
            root = etree.fromstring(data)
            return {c.get("r"): etree.tostring(c, method="c14n") for c in root.iterfind(".//m:c", ns)
                    if not c.get("r").startswith(mark_col)}
        assert cells(after[part]) == cells(before[part])
        # and the sheet's own formats: columns, merges, validations, protection
        for tag in ("cols", "mergeCells", "dataValidations", "sheetProtection", "pageSetup"):
            old, new = (etree.fromstring(d).find(f"m:{tag}", ns) for d in (before[part], after[part]))
            assert (old is None and new is None) or etree.tostring(old, method="c14n") == etree.tostring(new, method="c14n")


def _rewrite(data: bytes, edit) -> bytes:
    """A copy of the workbook with some parts rewritten: ``edit(name, body) -> body``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, edit(info.filename, src.read(info.filename)))
    return out.getvalue()


def test_a_stale_calculation_chain_is_dropped(original):
    """After the macro wrote HYPERLINK formulas and Excel saved, calcChain.xml lists them; annotate replaces
    those cells with text, so the chain must go (Excel rebuilds it) or Excel 'repairs' the file."""
    def add_chain(name, body):
        if name == "[Content_Types].xml":
            return body.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
        if name == "xl/_rels/workbook.xml.rels":
            return body.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxml'
                                b'formats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                                b"</Relationships>")
        return body

    with_chain = _rewrite(original, add_chain)
    with zipfile.ZipFile(io.BytesIO(with_chain), "a") as zf:
        zf.writestr("xl/calcChain.xml", '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                        'main"><c r="E4" i="7"/></calcChain>')
    after = members(annotate_bytes(with_chain, FINDINGS, "test", WHEN))
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"] and b"calcChain" not in after["xl/_rels/workbook.xml.rels"]


def test_control_characters_in_messages_are_escaped(original, tmp_path):
    odd = [Finding("C101", Severity.ERROR, "项目1", "D2", "t", "名称“高新\x01技术”含控制字符_x0041_。", "")]
    path = tmp_path / "a.xlsx"
    path.write_bytes(annotate_bytes(original, odd, "test", WHEN))
    from python_calamine import CalamineWorkbook  # decodes _xHHHH_ as Excel does

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(L.RESULTS_SHEET).to_python()
    assert rows[L.RESULTS_HEADER_ROW + 1][5] == "名称“高新\x01技术”含控制字符_x0041_。"
    openpyxl.load_workbook(path)  # and the file parses


def test_rows_and_cells_without_references(original, tmp_path):
    """The spec lets producers omit r= on rows and cells; such a sheet is still marked correctly."""
    import re as _re

    def strip_refs(name, body):
        if name == "xl/worksheets/sheet3.xml":
            return _re.sub(rb'<row r="\d+"', b"<row", _re.sub(rb"<row [^>]*>.*?</row>", strip_cells, body, flags=_re.S))
        return body

    def strip_cells(row):  # a cell without r= is the one right of the cell before it: strip only those refs
        previous = [-1]

        def one(m):
            col = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(m.group(2).decode()))) - 1
            contiguous, previous[0] = col == previous[0] + 1, col
            return m.group(1) if contiguous else m.group(0)

        return _re.sub(rb'(<c) r="([A-Z]+)\d+"', one, row.group(0))

    stripped = _rewrite(original, strip_refs)
    path = tmp_path / "a.xlsx"
    path.write_bytes(annotate_bytes(stripped, FINDINGS, "test", WHEN))
    assert mark_cells(path)[("项目1", "错误")] == "|B2|"
    assert read_workbook_bytes(path.read_bytes()) == read_workbook_bytes(original)
