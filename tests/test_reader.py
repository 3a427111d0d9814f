"""The reader's tolerance: files edited by hand and saved by other applications read into the same form."""
from __future__ import annotations

import copy
import datetime as dt

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from xlperf.checks import run_checks
from xlperf.files import interchange
from xlperf.files.reader import Grid, read_grids, read_workbook
from xlperf.form import layout as L
from xlperf.form.errors import NotOurForm
from xlperf.form.model import Ref


def sheets_of(path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def save_values(sheets: dict[str, list[list]], path) -> None:
    """Write plain values with openpyxl: a workbook as another application would save it (no merges, no styles)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value != "":
                    ws.cell(r, c, value)
    book.save(path)


def put(rows, r, c, value):
    """Set a cell, growing the grid as needed (calamine trims trailing empty cells)."""
    while len(rows) <= r:
        rows.append([])
    rows[r].extend([""] * (c + 1 - len(rows[r])))
    rows[r][c] = value


def find(rows, text):
    """The first cell whose text matches, as the reader matches labels (whitespace and line breaks ignored)."""
    from xlperf.text.normalize import squash

    return next((r, c) for r, row in enumerate(rows) for c, v in enumerate(row)
                if isinstance(v, str) and squash(v) == squash(text))


def test_committed_example_reads_back_to_the_example_json(example_book, example_form):
    assert read_workbook(example_book) == example_form


def test_values_only_copy_reads_the_same(example_book, example_form, tmp_path):
    """No merged cells, no styles, no VBA: only the labels and values matter."""
    out = tmp_path / "plain.xlsx"
    save_values(sheets_of(example_book), out)
    assert read_workbook(out) == example_form


def test_inserted_rows_and_columns_of_blank_cells_shift_nothing(example_book, example_form, tmp_path):
    sheets = sheets_of(example_book)
    project = sheets["项目1"]
    r, _ = find(project, "一级指标")
    project.insert(r, [""] * 6)  # a blank row above the grid
    project.insert(2, ["", "", ""])  # and one between the header fields
    part1 = sheets["部门整体绩效目标"]
    r, _ = find(part1, "二、分项绩效目标")
    part1.insert(r, ["", "新增的总体目标"])  # staff inserted an overall goal row
    out = tmp_path / "inserted.xlsx"
    save_values(sheets, out)
    form = read_workbook(out)
    expected = copy.deepcopy(example_form)
    expected.overall_goals.append("新增的总体目标")
    assert form == expected
    # and the cells moved with the rows
    assert form.projects[0].cells["name"] == Ref("项目1", "D2")  # above the inserted row
    assert form.projects[0].cells["department"] == Ref("项目1", "B4")  # below it
    assert form.projects[0].indicators[0].cells["value"] == Ref("项目1", "E13")


def test_whitespace_fullwidth_digits_and_numbers_as_text(example_book, example_form, tmp_path):
    sheets = sheets_of(example_book)
    project = sheets["项目1"]
    r, c = find(project, "累计进度（%）")
    project[r][c + 1:c + 5] = ["　0", "0　", "　0", "１００"]
    r, c = find(project, "项目编码")
    project[r][c + 1] = "　"  # only an ideographic space: empty
    r, c = find(project, "拨付高企数量")
    project[r][c] = "  拨付高企数量　"
    r, c = find(project, "年度资金总额（万元）")
    project[r][c + 1] = " 1,580 "
    r, c = find(project, "绩效目标")
    project[r][c] = "绩效\n目标"  # a label with a line break still matches
    out = tmp_path / "messy.xlsx"
    save_values(sheets, out)
    form = read_workbook(out)
    expected = copy.deepcopy(example_form)
    expected.projects[0].total = 1580.0
    assert form == expected


def test_blank_continuation_cells_inherit_the_group_above(example_book, tmp_path):
    sheets = sheets_of(example_book)
    project = sheets["项目2"]
    r, _ = find(project, "一级指标")
    # the committed example merges 一级 cells, so rows below the first 产出指标 are already blank
    assert [row[0] for row in project[r + 1:r + 5]] == ["产出指标", "", "", ""]
    form = read_workbook(example_book)
    levels = [(i.level1, i.level2) for i in form.projects[1].indicators]
    assert levels == [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
                      ("产出指标", "成本指标"), ("效果指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    # a continued label points at the cell that holds it
    assert form.projects[1].indicators[3].cells["level1"] == Ref("项目2", f"A{r + 2}")


def test_formula_results_are_never_read_as_input(example_book, tmp_path):
    """The amount column of 补助测算 is a formula; a stale cached value there must not matter."""
    sheets = sheets_of(example_book)
    funding = sheets["补助测算"]
    r, c = find(funding, "金额（万元）")
    put(funding, r + 1, c, 99999)  # the example has no breakdown lines: a stray amount is not a line
    out = tmp_path / "stale.xlsx"
    save_values(sheets, out)
    assert read_workbook(out) == read_workbook(example_book)


def test_a_workbook_that_is_not_our_form(tmp_path):
    out = tmp_path / "其他表格.xlsx"
    save_values({"Sheet1": [["姓名", "金额"], ["张三", 5]]}, out)
    with pytest.raises(NotOurForm) as err:
        read_workbook(out)
    assert "不是预算绩效目标填报表" in str(err.value) and "其他表格.xlsx" in str(err.value)


def test_template_after_a_libreoffice_round_trip(libreoffice, tmp_path):
    """Files saved by LibreOffice (and so WPS-like producers) read the same as ours."""
    from conftest import TEMPLATE

    saved = libreoffice(TEMPLATE, "xlsx", tmp_path)
    assert interchange.to_dict(read_workbook(saved)) == interchange.to_dict(read_workbook(TEMPLATE))


def test_example_after_a_libreoffice_round_trip(libreoffice, example_book, example_form, tmp_path):
    saved = libreoffice(example_book, "xlsx", tmp_path)
    assert read_workbook(saved) == example_form


def test_a_copied_project_sheet_is_a_new_project(example_book, tmp_path):
    """Staff add a project by copying a project sheet (Excel names the copy "项目1 (2)") and renaming it."""
    sheets = sheets_of(example_book)
    copy_rows = copy.deepcopy(sheets["项目1"])
    r, c = find(copy_rows, "项目名称")
    copy_rows[r][c + 1] = "新项目"
    ordered = {}
    for name, rows in sheets.items():
        ordered[name] = rows
        if name == "项目3":
            ordered["项目1 (2)"] = copy_rows
    out = tmp_path / "added.xlsx"
    save_values(ordered, out)
    form = read_workbook(out)
    assert [p.name for p in form.projects] == ["高新技术企业扶持资金", "机器人产业扶持资金", "创新券专家评审费", "新项目"]
    assert form.projects[3].sheet == "项目1 (2)"
    assert form.projects[3].indicators == form.projects[0].indicators


# ------------------------------------------------------------------ dates, percentages and totals typed in Excel
def grids_of(path) -> list[Grid]:
    return [Grid(name, rows) for name, rows in sheets_of(path).items()]


def test_a_date_reads_the_same_from_calamine_and_from_xlwings(example_book):
    """The CLI gets datetime.date from python-calamine; the Excel macro gets datetime.datetime from xlwings.

    Both must read as the same text, so both front ends give the same findings (no V207 from the macro only).
    """
    forms, findings = [], []
    for value in (dt.date(2021, 12, 31), dt.datetime(2021, 12, 31)):
        grids = grids_of(example_book)
        project = next(g for g in grids if g.name == "项目1")
        r, c = find(project.rows, "资金拨付是否及时")
        project.rows[r][c + 2] = value  # 三级, 描述, 指标值
        form = read_grids(grids)
        forms.append(form)
        findings.append([(f.code, f.sheet, f.cell) for f in run_checks(form)])
    assert forms[0] == forms[1]
    assert forms[0].projects[0].indicators[2].value == "2021-12-31"
    assert findings[0] == findings[1]
    assert ("V207", "项目1", "E13") not in findings[1]


def save_with_percent_cells(sheets: dict[str, list[list]], percent_cells: dict[str, list[tuple[int, int]]], path):
    """Save values, giving the listed (0-based) cells Excel's "0%" number format, as typing "20%" does."""
    save_values(sheets, path)
    book = openpyxl.load_workbook(path)
    for name, cells in percent_cells.items():
        for r, c in cells:
            book[name].cell(r + 1, c + 1).number_format = "0%"
    book.save(path)


@pytest.mark.parametrize("typed, expected", [
    ([0.2, 0.5, 0.8, 1], [20.0, 50.0, 80.0, 100.0]),  # "20%" … "100%" typed in every quarter
    ([0, 0, 0, 1], [0.0, 0.0, 0.0, 100.0]),
    ([0.2, 50, 80, 100], [20.0, 50.0, 80.0, 100.0]),  # only the first quarter typed with "%"
    ([0, 0.5, 0.5, 0.5], [0.0, 0.5, 0.5, 0.5]),  # no 1 at the end, nothing above 1: left as typed
    ([0, 0, 1, 100], [0.0, 0.0, 1.0, 100.0]),  # 1 is not strictly between 0 and 1: 1 point in Q3
    ([20, 50, 80, 100], [20.0, 50.0, 80.0, 100.0]),
    (["0.2", 50, 80, 100], [0.2, 50.0, 80.0, 100.0]),  # text is what staff typed: never rescaled
])
def test_plan_percentages_typed_with_a_percent_sign(example_book, tmp_path, typed, expected):
    sheets = sheets_of(example_book)
    project = sheets["项目1"]
    r, c = find(project, "累计进度（%）")
    project[r][c + 1:c + 5] = typed
    out = tmp_path / "percent-plan.xlsx"
    numeric = [(r, c + 1 + i) for i, v in enumerate(typed) if not isinstance(v, str) and v <= 1]
    save_with_percent_cells(sheets, {"项目1": numeric}, out)
    plan = read_workbook(out).projects[0].plan
    assert plan.cumulative == expected
    assert plan.cells["cumulative1"] == Ref("项目1", L.a1(r, c + 1))


def test_plan_typed_with_percent_signs_checks_like_one_typed_in_points(example_book, tmp_path):
    """0.2, 0.5, 0.8, 1 was reported as "第四季度累计进度不是100" (C126) although Excel shows 20% … 100%."""
    sheets = sheets_of(example_book)
    project = sheets["项目1"]
    r, c = find(project, "累计进度（%）")
    project[r][c + 1:c + 5] = [0.2, 0.5, 0.8, 1]
    out = tmp_path / "percent-plan.xlsx"
    save_with_percent_cells(sheets, {"项目1": [(r, c + 1 + i) for i in range(4)]}, out)
    project[r][c + 1:c + 5] = [20, 50, 80, 100]
    points = tmp_path / "points.xlsx"
    save_values(sheets, points)
    found = [(f.code, f.sheet, f.cell) for f in run_checks(read_workbook(out))]
    assert found == [(f.code, f.sheet, f.cell) for f in run_checks(read_workbook(points))]
    assert not any(code == "C126" and sheet == "项目1" for code, sheet, _ in found)


@pytest.mark.parametrize("level3, typed, expected", [
    ("资金完成率", 0.95, "95%"),  # a rate
    ("资金完成率", 1, "100%"),
    ("资金完成率", 0.955, "95.5%"),
    ("被服务企业满意度", 0.9, "90%"),  # a satisfaction
    ("被服务企业满意度", "0.9", "0.9"),  # text: kept as typed
    ("资金完成率", 95, "95"),  # percent points already
    ("拨付高企数量", 1, "1"),  # not a rate: a count of 1
])
def test_indicator_percentages_typed_with_a_percent_sign(example_book, tmp_path, level3, typed, expected):
    sheets = sheets_of(example_book)
    project = sheets["项目1"]
    r, c = find(project, level3)
    project[r][c + 2] = typed  # 三级, 描述, 指标值
    out = tmp_path / "percent-value.xlsx"
    save_with_percent_cells(sheets, {"项目1": [(r, c + 2)]}, out)
    ind = next(i for i in read_workbook(out).projects[0].indicators if i.level3 == level3)
    assert ind.value == expected
    assert ind.cells["value"] == Ref("项目1", L.a1(r, c + 2))


def test_a_rate_typed_with_a_percent_sign_raises_no_finding(example_book, tmp_path):
    """Excel stores "95%" as 0.95: it must check as "95%", not as a rate without % (or a satisfaction of 0.95)."""
    sheets = sheets_of(example_book)
    project = sheets["项目1"]
    cells = []
    for level3, value in (("资金完成率", 0.95), ("被服务企业满意度", 0.95)):
        r, c = find(project, level3)
        project[r][c + 2] = value
        cells.append((r, c + 2))
    out = tmp_path / "percent-values.xlsx"
    save_with_percent_cells(sheets, {"项目1": cells}, out)
    for level3, value in (("资金完成率", "95%"), ("被服务企业满意度", "95%")):
        r, c = find(project, level3)
        project[r][c + 2] = value
    typed = tmp_path / "typed.xlsx"
    save_values(sheets, typed)
    found = [(f.code, f.sheet, f.cell) for f in run_checks(read_workbook(out))]
    assert found == [(f.code, f.sheet, f.cell) for f in run_checks(read_workbook(typed))]


@pytest.mark.parametrize("category, name", [("合计", ""), ("小 计", ""), ("", "合计"), ("总计：", "")])
def test_a_total_row_under_the_breakdown_is_not_a_line(example_book, tmp_path, category, name):
    """Staff add a 合计 row with =SUM in 金额 and no 数量/标准: not a funding line (it would read as one with
    no quantity, M302, and switch M301 off)."""
    sheets = sheets_of(example_book)
    funding = sheets["补助测算"]
    r, c = find(funding, "类别")
    put(funding, r + 1, c - 1, "高新技术企业扶持资金")
    for i, value in enumerate(["复审企业", 35, "家", 10, "万元/家"]):
        put(funding, r + 1, c + i, value)
    put(funding, r + 2, c - 1, name)
    put(funding, r + 2, c, category)
    project = sheets["项目1"]
    tr, tc = find(project, "年度资金总额（万元）")
    project[tr][tc + 1] = 380  # the breakdown gives 350
    out = tmp_path / "total-row.xlsx"
    save_values(sheets, out)
    book = openpyxl.load_workbook(out)
    amount = L.a1(r + 1, c + 5)
    book["补助测算"][L.a1(r + 2, c + 5)] = f"=SUM({amount}:{amount})"
    book.save(out)
    form = read_workbook(out)
    lines = form.projects[0].funding
    assert [(x.category, x.quantity, x.standard) for x in lines] == [("复审企业", 35.0, 10.0)]
    found = [(f.code, f.sheet, f.cell) for f in run_checks(form) if f.code in ("M301", "M302", "M303")]
    assert found == [("M301", "项目1", L.a1(tr, tc + 1))]  # 350 against 380, compared as the line is complete


def test_a_last_quarter_typed_as_100_percent_after_plain_numbers(example_book, tmp_path):
    """20, 50, 80 typed as numbers, then "100%" typed in Q4 (Excel stores 1): the plan reads 20/50/80/100."""
    sheets = sheets_of(example_book)
    project = sheets["项目1"]
    r, c = find(project, "累计进度（%）")
    project[r][c + 1:c + 5] = [20, 50, 80, 1]
    out = tmp_path / "mixed.xlsx"
    save_values(sheets, out)
    assert read_workbook(out).projects[0].plan.cumulative == [20.0, 50.0, 80.0, 100.0]
    project[r][c + 1:c + 5] = [1, 30, 60, 100]  # but a first quarter of 1% stays 1%
    save_values(sheets, out)
    assert read_workbook(out).projects[0].plan.cumulative == [1.0, 30.0, 60.0, 100.0]
