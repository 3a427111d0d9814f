"""The reader's tolerance: files edited by hand and saved by other applications read into the same form."""
from __future__ import annotations

import copy

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from xlperf import interchange
from xlperf.errors import NotOurForm
from xlperf.model import Ref
from xlperf.reader import read_workbook


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
    return next((r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if v == text)


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
