"""The template's Excel front end: UDF formulas with cached values, the plan chart, the mark mechanism, the
buttons' placement, xlwings.conf, and the VBA project (exact sources, strictly parsed)."""
from __future__ import annotations

import re
import zipfile

import olefile
import openpyxl
import pytest
from conftest import TEMPLATE
from harness import good_form
from python_calamine import CalamineWorkbook

from xlperf import udfs
from xlperf.form import layout as L
from xlperf.template import REMOTE_MODULES, STANDARD_MODULES, VBA_DIR, formulas, write_filled
from xlperf.template.builder import sheet_names
from xlperf.template.vba import read_module_sources, source_from_bas


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    return write_filled(good_form(), tmp_path_factory.mktemp("x") / "filled.xlsm")


def cached(path, sheet):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def test_udf_formulas_carry_the_values_python_computes(filled):
    form = good_form()
    book = openpyxl.load_workbook(filled)
    funding = book[L.FUNDING_SHEET]
    values = cached(filled, L.FUNDING_SHEET)
    amount_col = len(L.FUNDING_HEADER) - 1
    lines = [line for p in form.projects for line in p.funding]
    for i in range(L.TEMPLATE_FUNDING_ROWS):
        r = L.FUNDING_HEADER_ROW + 1 + i
        cell = funding.cell(r + 1, amount_col + 1)
        # native arithmetic where Excel can, the UDF only for what needs Python (issue 14)
        assert cell.value == formulas.subsidy_line(f"C{r + 1}", f"E{r + 1}", f"F{r + 1}", f"D{r + 1}")
        assert f'IFERROR(XP_SUBSIDY_LINE(C{r + 1},E{r + 1},F{r + 1},D{r + 1}),"")' in cell.value
        line = lines[i] if i < len(lines) else None
        want = udfs.XP_SUBSIDY_LINE(line.quantity, line.standard, line.standard_unit, line.quantity_unit) if line else ""
        got = values[r][amount_col] if r < len(values) and amount_col < len(values[r]) else ""
        assert got == want
    assert values[L.FUNDING_HEADER_ROW + 1][amount_col] == 350.0
    for index, project in enumerate(form.projects):
        name = f"{L.PROJECT_SHEET_PREFIX}{index + 1}"
        ws, grid = book[name], cached(filled, name)
        fld = L.COMPUTED_PROGRESS
        first = ws.cell(fld.row + 1, fld.value_col + 1)
        assert first.value.text == formulas.progress("B8:E8")[1:-1] and first.value.ref == "I8:L8"
        assert 'IFERROR(XP_PROGRESS(B8:E8),"")' in first.value.text
        assert grid[fld.row][fld.value_col:fld.value_col + 4] == udfs.XP_PROGRESS(project.plan.amounts)
        assert grid[fld.row][fld.col] == fld.label
        line = L.TIME_LINE
        assert grid[line.row][line.value_col:line.value_col + 4] == list(L.TIME_LINE_VALUES)


def test_excel_is_not_told_to_recalculate_on_open():
    with zipfile.ZipFile(TEMPLATE) as zf:
        calc_pr = re.search(rb"<calcPr[^>]*/>", zf.read("xl/workbook.xml")).group(0)
    assert b"fullCalcOnLoad" not in calc_pr and b'calcId="191029"' in calc_pr


def test_reader_ignores_the_panel(filled):
    from xlperf.files.reader import read_workbook

    assert read_workbook(filled).projects == good_form().projects


def test_a_plan_chart_beside_each_project(filled):
    with zipfile.ZipFile(filled) as zf:
        charts = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == len(good_form().projects)
        for i, name in enumerate(charts, start=1):
            xml = zf.read(name).decode()
            sheet = f"{L.PROJECT_SHEET_PREFIX}{i}"
            assert f"{sheet}!$B$7:$E$7" in xml and f"{sheet}!$I$7:$L$7" in xml  # plan vs time line
            assert "<c:lineChart>" in xml and L.CHART_SERIES[1] in xml


def test_mark_mechanism_on_every_sheet_staff_fill():
    book = openpyxl.load_workbook(TEMPLATE)
    letter = L.col_letter(L.MARK_COL)
    for name in (L.PART1_SHEET, "项目1", L.FUNDING_SHEET, L.SETTINGS_SHEET):
        ws = book[name]
        assert ws.column_dimensions[letter].hidden, name
        assert ws.cell(L.MARK_TAG_ROW + 1, L.MARK_COL + 1).value == L.MARK_TAG
        for severity, row in L.MARK_ROWS.items():
            assert ws.cell(row + 1, L.MARK_COL + 1).protection.locked is False  # writable when protected
        rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
        rules = sorted(rules, key=lambda item: item[1].priority)[:3]  # the live checks' formats follow (test_live_*)
        assert [r.formula for _, r in rules] == [[L.mark_rule_formula(s).lstrip("=")] for s in ("错误", "警告", "提示")]
        assert all(sqref == f"A1:{L.col_letter(L.MARK_COL - 1)}{L.MARK_AREA_ROWS}" and rule.stopIfTrue
                   for sqref, rule in rules)
        from xlperf.form.findings import Severity
        from xlperf.form.marks import SEVERITY_FILL

        assert [r.dxf.fill.bgColor.rgb[-6:] for _, r in rules] == [SEVERITY_FILL[s] for s in Severity]
    assert L.mark_text(["B2", "E12"]) == "|B2|E12|" and L.mark_text([]) == ""


def test_buttons_are_right_of_every_input_cell():
    book = openpyxl.load_workbook(TEMPLATE)
    for ws in book.worksheets:
        unlocked = [c.column - 1 for row in ws.iter_rows() for c in row
                    if c.protection.locked is False and c.column - 1 != L.MARK_COL]
        assert not unlocked or max(unlocked) < L.BUTTON_COL - 1, ws.title  # a gap column at least
    with zipfile.ZipFile(TEMPLATE) as zf:
        vml = [zf.read(n).decode() for n in zf.namelist() if n.endswith(".vml")]
    anchors = [m for text in vml for m in re.findall(r"<x:Anchor>\s*([^<]+)</x:Anchor>", text)]
    assert anchors and all(int(a.split(",")[0]) >= L.BUTTON_COL for a in anchors)  # left column of each
    assert sum(text.count("[0]!RunChecks") for text in vml) == 4  # 部门整体, 项目1, 补助测算, 校验结果


def test_xlwings_conf_sheet():
    ws = openpyxl.load_workbook(TEMPLATE)[L.XLWINGS_CONF_SHEET]
    keys = [ws.cell(r, 1).value for r in range(1, len(L.XLWINGS_CONF) + 2)]
    assert keys == [k for k, _ in L.XLWINGS_CONF] + [None]  # contiguous from A1: what xlwings reads
    conf = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, len(L.XLWINGS_CONF) + 1)}
    assert conf["UDF Modules"] == "xlperf.udfs" and conf["Interpreter_Win"].endswith(r"\Scripts\python.exe")


def test_template_vba_project_holds_each_module_exactly():
    with zipfile.ZipFile(TEMPLATE) as zf:
        vba = zf.read("xl/vbaProject.bin")
        workbook = zf.read("xl/workbook.xml").decode()
        sheet_xml = [zf.read(f"xl/worksheets/sheet{i}.xml").decode() for i in range(1, len(sheet_names()) + 1)]
    olefile.OleFileIO(vba, raise_defects=olefile.DEFECT_INCORRECT).close()  # strict container parse
    sources = read_module_sources(vba)  # oletools, relaxed=False
    code_names = [re.search(r'codeName="([^"]+)"', x).group(1) for x in sheet_xml]
    assert code_names == [f"Sheet{i}" for i in range(1, len(sheet_names()) + 1)]
    assert 'codeName="ThisWorkbook"' in workbook
    assert list(sources) == ["ThisWorkbook", *code_names, *STANDARD_MODULES, *REMOTE_MODULES]
    for name in STANDARD_MODULES:
        text = (VBA_DIR / f"{name}.bas").read_bytes().decode("ascii")
        assert sources[name] == source_from_bas(text).replace("\r\n", "\n"), name
    from xlperf.template.vba.xlwings_remote import REMOTE_FILES

    for name, file_name in REMOTE_FILES:  # .bas and .cls exports: the code after the export header
        text = (VBA_DIR / file_name).read_bytes().decode("ascii")
        assert sources[name] == source_from_bas(text), name
    assert all(sources[n] == "" for n in ["ThisWorkbook", *code_names])
    macros = sources["xlperf_macros"]  # the buttons run these Python entry points when no server is set
    assert 'RunWhereConfigured "/xlwings/check", "import xlperf.excel; xlperf.excel.run_checks()"' in macros
    assert 'RunWhereConfigured "/xlwings/clear", "import xlperf.excel; xlperf.excel.clear_marks()"' in macros
    assert "RunPython pythonCode" in macros
