"""Findings follow the cells when staff edit the workbook the way they do: insert rows, retype, delete."""
from __future__ import annotations

import re

from test_reader import find, save_values, sheets_of

from xlperf.checks import run_checks
from xlperf.files.reader import read_workbook


def located(findings):
    return [(f.code, f.sheet, f.cell) for f in findings]


def shift(cell: str, rows: int) -> str:
    col, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()
    return f"{col}{int(row) + rows}"


def check(sheets, tmp_path, name="edited.xlsx"):
    path = tmp_path / name
    save_values(sheets, path)
    return located(run_checks(read_workbook(path)))


def test_values_only_copy_has_the_same_findings(example_book, tmp_path):
    original = located(run_checks(read_workbook(example_book)))
    assert check(sheets_of(example_book), tmp_path) == original


def test_inserted_rows_move_the_findings_below_them(example_book, tmp_path):
    original = located(run_checks(read_workbook(example_book)))
    sheets = sheets_of(example_book)
    header, _ = find(sheets["项目1"], "一级指标")
    sheets["项目1"].insert(header, [])  # a blank row above the indicator grid
    expected = [(code, sheet, shift(cell, 1) if sheet == "项目1" and int(cell[1:]) > header else cell)
                for code, sheet, cell in original]
    assert sorted(check(sheets, tmp_path)) == sorted(expected)


def test_retyping_a_placeholder_clears_its_findings_only(example_book, tmp_path):
    original = located(run_checks(read_workbook(example_book)))
    sheets = sheets_of(example_book)
    r, c = find(sheets["项目1"], "文字描述")
    sheets["项目1"][r][c] = "2021年12月底前"
    cell = f"{chr(65 + c)}{r + 1}"
    assert any(f == ("V201", "项目1", cell) for f in original)
    assert check(sheets, tmp_path) == [f for f in original if f[1:] != ("项目1", cell)]


def test_deleting_a_section_reports_it_missing_and_drops_its_findings(example_book, tmp_path):
    original = located(run_checks(read_workbook(example_book)))
    sheets = sheets_of(example_book)
    part1 = sheets["部门整体绩效目标"]
    start, _ = find(part1, "三、工作保障措施")
    del part1[start:]  # staff deleted the whole 工作保障措施 section
    found = check(sheets, tmp_path)
    dropped = [f for f in original if f[1] == "部门整体绩效目标" and int(f[2][1:]) > start]
    assert dropped, "the example has a finding inside the measures (意见意见)"
    assert [f for f in found if f not in original] == [("C115", "部门整体绩效目标", "A1")]
    assert [f for f in original if f not in found] == dropped
