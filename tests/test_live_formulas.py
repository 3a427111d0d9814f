"""The live checks as built: only classic worksheet functions, helpers hidden, locked and outside the print area,
the status line's wording, the reader ignoring them, the catalogue and docs saying which rules are live."""
from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from conftest import EXAMPLE_BOOK, TEMPLATE

from xlperf.files.reader import read_workbook, read_workbook_bytes
from xlperf.form import layout as L
from xlperf.services.catalogue import live_table, render_markdown, render_text
from xlperf.template import live

# The functions the live checks may use: classic worksheet functions every spreadsheet evaluates (Excel 2007+,
# WPS, LibreOffice), none volatile (no INDIRECT, OFFSET, NOW …), no dynamic arrays, no macros. SUM only in the
# 3-D sum on 校验结果; CHAR only as CHAR(1) (see template.live.blank_formula).
ALLOWED = {"IF", "AND", "OR", "NOT", "ISNUMBER", "ISBLANK", "LEN", "TRIM", "SEARCH", "FIND", "SUBSTITUTE", "COUNTIF",
           "COUNTIFS", "SUMPRODUCT", "VALUE", "ROUND", "MAX", "MIN", "INDEX", "MATCH", "ROW", "SUM", "CHAR"}
UDFS = {"XP_PROGRESS", "XP_SUBSIDY_LINE"}  # the template's xlperf functions (not live checks; cached values)
# the UDF cells' native equivalents (issue 14: right without Python, blank where only Python can compute):
# classic, non-volatile functions that Excel 2007+, WPS and LibreOffice evaluate alike
UDF_FALLBACK = {"IF", "IFERROR", "ISERROR", "ISNUMBER", "AND", "OR", "COUNT", "COUNTA", "SUM", "ROUND", "MMULT",
                "TRANSPOSE", "COLUMN", "FIND", "LEFT", "TRIM"}
# the 校验 marks' conditional formats (layout.mark_rule_formula: ADDRESS, COLUMN — classic too)
MARKS = {L.mark_rule_formula(s).lstrip("=") for s in L.MARK_ROWS}
FUNCTION = re.compile(r"([A-Z][A-Z0-9._]*)\(")


def formulas(path):
    """Every formula in the workbook's sheets and conditional formats: (sheet, where, text)."""
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in names:
            xml = zf.read(name).decode()
            for text in re.findall(r"<f(?: [^>]*)?>([^<]*)</f>", xml):
                yield name, "cell", text
            for text in re.findall(r"<formula>([^<]*)</formula>", xml):
                yield name, "cf", text
        workbook = zf.read("xl/workbook.xml").decode()
        for text in re.findall(r"<definedName [^>]*>([^<]*)</definedName>", workbook):
            yield "workbook", "name", text


def functions(text: str) -> set[str]:
    text = re.sub(r'"[^"]*"', '""', text.replace("&quot;", '"'))  # no words inside strings
    return set(FUNCTION.findall(text))


@pytest.mark.parametrize("path", [TEMPLATE, EXAMPLE_BOOK], ids=["template", "example"])
def test_every_formula_uses_only_classic_functions(path):
    seen = set()
    for sheet, where, text in formulas(path):
        used = functions(text)
        seen |= used
        if used & UDFS:
            assert used <= UDFS | UDF_FALLBACK, (sheet, text, used - UDFS - UDF_FALLBACK)
            continue
        if text.replace("&amp;", "&") in MARKS:
            continue
        assert used <= ALLOWED, (sheet, where, text, used - ALLOWED)
        assert "CHAR(" not in text or "CHAR(1)" in text and text.count("CHAR(") == text.count("CHAR(1)"), text
    assert {"SUMPRODUCT", "SUBSTITUTE", "COUNTIF", "IF"} <= seen


EXCEL_LENGTH, EXCEL_NESTING = 8192, 64  # Excel 2007+'s limits: characters of a formula, nested function calls


def nesting(text: str) -> int:
    """How deeply function calls nest in ``text`` (parentheses that only group do not count)."""
    text = re.sub(r'"[^"]*"', '""', text.replace("&quot;", '"'))
    calls, depth, deepest = [], 0, 0
    for m in re.finditer(r"[A-Z][A-Z0-9._]*\(|\(|\)", text):
        if m.group() == ")":
            depth -= calls.pop()
        else:
            calls.append(int(len(m.group()) > 1))
            depth += calls[-1]
            deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("path", [TEMPLATE, EXAMPLE_BOOK], ids=["template", "example"])
def test_every_formula_is_within_excels_limits(path):
    """The range formulas of the indicator grid (template.live_ranges) are long: they must still open in Excel."""
    texts = [text.replace("&amp;", "&").replace("&gt;", ">").replace("&lt;", "<") for _s, _w, text in formulas(path)]
    assert max(len(t) for t in texts) <= EXCEL_LENGTH
    assert max(map(nesting, texts)) <= EXCEL_NESTING
    assert nesting('IF((A1>0),SUM(1,(2)),"(")') == 2


def test_the_whitelist_test_catches_others():
    assert functions('=IF(LET(x,1,x),TEXTJOIN(",",TRUE,A1:A3),"INDIRECT(")') == {"IF", "LET", "TEXTJOIN"}


def test_helpers_are_hidden_locked_outside_the_print_area_and_never_input():
    book = openpyxl.load_workbook(TEMPLATE)
    for name in (L.PART1_SHEET, "项目1"):
        ws = book[name]
        assert ws.protection.sheet, name
        assert ws.cell(1, L.LIVE_COL + 1).value == L.LIVE_TAG
        letters = {L.col_letter(c) for c in range(L.LIVE_COL, L.LIVE_FLAG_COL + 5)}
        assert all(ws.column_dimensions[x].hidden for x in letters if x in ws.column_dimensions), name
        area = ws.print_area if isinstance(ws.print_area, str) else ",".join(ws.print_area)
        assert re.search(r"\$A\$1:\$F\$\d+", area), area
        for row in ws.iter_rows(min_col=L.LIVE_COL + 1):
            for cell in row:
                if cell.value is not None:
                    assert cell.protection.locked, (name, cell.coordinate)
        status = ws.cell(L.LIVE_STATUS_CELL[0] + 1, L.LIVE_STATUS_CELL[1] + 1).value
        # the flags' area, slot by slot (AQ:AV, AW:BB …): every form cell flagged by a rule that is not 关闭
        count = r'(COUNTIF\(AQ1:AV\d+,">0"\)|SUMPRODUCT\(--\(\(AQ1:AV\d+(\+[A-Z]+1:[A-Z]+\d+)+\)>0\)\))'
        assert re.fullmatch(f'="实时检查："&{count}&" 处需修改（不含需点“校验”的全面检查）"', status), status


def test_status_line_wording():
    assert L.live_status_text(0) == "实时检查：0 处需修改（不含需点“校验”的全面检查）"


def test_the_reader_ignores_helper_cells(example_form):
    """The example reads as its JSON (the helpers hold cached values and tags); a grid whose helper columns and
    status line are scribbled over reads the same."""
    from python_calamine import CalamineWorkbook

    from xlperf.files.reader import Grid, read_grids

    data = EXAMPLE_BOOK.read_bytes()
    plain = read_workbook_bytes(data)
    book = CalamineWorkbook.from_filelike(__import__("io").BytesIO(data))
    grids = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if rows and len(rows[0]) > L.LIVE_COL and rows[0][L.LIVE_COL] == L.LIVE_TAG:
            rows = [list(r) + [""] * 3 for r in rows]
            for r in rows[1:]:
                r[L.LIVE_COL:] = ["项目名称", "一级指标", "指标值"] + ["年度资金总额"] * (len(r) - L.LIVE_COL - 3)
        grids.append(Grid(name, rows))
    assert read_grids(grids) == plain
    assert plain.projects and all(p.name for p in plain.projects)


def test_dump_round_trips(tmp_path):
    """Reading the example, building it again and reading that gives the same form (helpers included)."""
    from xlperf.template.builder import write_workbook

    form = read_workbook(EXAMPLE_BOOK)
    write_workbook(tmp_path / "again.xlsx", form)
    assert read_workbook(tmp_path / "again.xlsx") == form


def test_catalogue_and_docs_say_which_rules_are_live():
    codes = [r.code for r in live.live_rules()]
    assert {"C101", "C103", "C104", "C132", "C133", "C135", "C121", "C122"} <= set(codes)
    text = render_text()
    for code in codes:
        assert re.search(rf"{code} .*实时", text)
        assert f"| [{code}](#{code.lower()}) |" in render_markdown()
    assert render_markdown().count("实时 |") == len(codes)
    assert all(code in live_table() for code in codes)


def test_every_live_template_expands_on_its_sheet():
    for kind in ("part1", "project"):
        assert live.plan(kind, project=__import__("xlperf.form.model", fromlist=["Project"]).Project())


def test_readme_table_of_live_checks_is_generated():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- live-table:")
    block = readme[readme.index("\n", start) + 1:readme.index("<!-- /live-table -->")]
    assert block.strip() == live_table().strip()
    assert (ROOT / "docs" / "live-checks.png").stat().st_size > 10_000
