"""AddProject (the 新增项目表 button) run in a real spreadsheet application: LibreOffice headless, which imports
the workbook's VBA project (Option VBASupport 1) and runs it against its VBA object model.

tests/uno/add_project.py drives LibreOffice through UNO with its own Python (/usr/bin/python3 with python3-uno),
as tests/test_vba_libreoffice.py does. Headless, a MsgBox returns at once, so AddProject never blocks; its error
message is lost, and the macro is judged by the document it leaves, stored as .xlsx and read back by xlperf.

LibreOffice 7.4's VBA object model has two gaps that Excel does not have; AddProject works around both
(test_libreoffice_vba_gaps_that_stop_add_project pins them down, so the workarounds stay justified):
  1. Range.HasFormula on the top-left cell of an array formula that cannot be evaluated (the XP_PROGRESS panel
     before issue 14, whose formula now computes natively) gives no value, and
     using it raises error 91 "Object variable not set" (Excel: True). ClearInputs evaluates HasFormula on every
     cell of the used range, so ClearInputs asks HasFormula only of unlocked (input) cells.
  2. Worksheet.Protect takes only Password, DrawingObjects, Contents, Scenarios and UserInterfaceOnly: the
     AllowFormattingCells:= … options (builder.PROTECT_OPTIONS) raise error 448 "Named argument not found", so
     ProtectLikeTemplate falls back to a plain Protect there.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import ROOT, TEMPLATE, soffice
from python_calamine import CalamineWorkbook
from test_vba_libreoffice import UNO_PYTHON, _uno_available

from xlperf.files.reader import read_workbook
from xlperf.form import layout as L

SCRIPT = ROOT / "tests" / "uno" / "add_project.py"
FIRST, NEW = f"{L.PROJECT_SHEET_PREFIX}1", f"{L.PROJECT_SHEET_PREFIX}2"
ARRAY_ANCHOR = L.a1(L.COMPUTED_PROGRESS.row, L.COMPUTED_PROGRESS.value_col)  # I8: {=XP_PROGRESS(B8:E8)}


def _field_cell(field, offset=0):
    return f"{FIRST}!{L.a1(field.row, field.value_col + offset)}"


# Inputs of every kind on 项目1 (text, numbers, merged cells, the plan, an indicator row) and a title of its own.
FIELDS = {f.key: f for f in L.PROJECT_FIELDS}
EDITS = {
    f"{FIRST}!A1": "（一）科技企业培育项目绩效目标表",
    _field_cell(FIELDS["code"]): "X2021001",
    _field_cell(FIELDS["name"]): "科技企业培育",
    _field_cell(FIELDS["department"]): "高新区科技局",
    _field_cell(FIELDS["implementer"]): "高新区科技局",
    _field_cell(FIELDS["attribute"]): "延续",
    _field_cell(FIELDS["total"]): 350,
    _field_cell(FIELDS["fiscal"]): 350,
    _field_cell(FIELDS["other"]): 0,
    _field_cell(FIELDS["purpose"]): "复审企业35家×10万元/家=350万元。",
    **{_field_cell(L.PLAN_CUMULATIVE, q): v for q, v in enumerate((20, 50, 80, 100))},
    **{_field_cell(L.PLAN_AMOUNTS, q): v for q, v in enumerate((70, 105, 105, 70))},
    _field_cell(L.GOALS_FIELD): "目标1：培育科技企业35家。",
    **{f"{FIRST}!{L.a1(L.INDICATOR_HEADER_ROW + 1, c)}": v
       for c, v in enumerate(("产出指标", "数量指标", "培育企业数", "复审通过的企业", "≥35家", "计划标准"))},
}


def _run(args):
    result = subprocess.run([UNO_PYTHON, str(SCRIPT), *args], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    exe = soffice()
    if exe is None or not _uno_available():
        import os

        if os.environ.get("XLPERF_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice with python3-uno is required (XLPERF_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("LibreOffice / python3-uno not installed")
    return exe


@pytest.fixture(scope="module")
def added(office, tmp_path_factory):
    """template.xlsm copied, 项目1 filled in, AddProject run, stored as .xlsx: (UNO report, .xlsx path)."""
    folder = tmp_path_factory.mktemp("addproject")
    book = folder / "template.xlsm"
    shutil.copyfile(TEMPLATE, book)
    out = folder / "added.xlsx"
    report = _run(["add", office, str(book), str(tmp_path_factory.mktemp("lo-uno-profile")), str(out),
                   json.dumps(EDITS, ensure_ascii=False)])
    assert out.exists()
    return report, out


def _grid(path, sheet):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def test_the_filled_sheet_is_as_written(added):
    """The set-up itself: 项目1 carries the edits (so an empty 项目2 proves the macro emptied it)."""
    _, out = added
    first = read_workbook(out).projects[0]
    assert (first.sheet, first.title, first.code, first.total) == (FIRST, EDITS[f"{FIRST}!A1"], "X2021001", 350)
    assert first.plan.cumulative == [20, 50, 80, 100] and len(first.indicators) == 1


def test_add_project_adds_an_empty_project_sheet(added):
    report, out = added
    assert report["result"] is None  # a Sub returns nothing; the call itself did not raise
    assert report["after"] == [*report["before"][:report["before"].index(FIRST) + 1], NEW,
                               *report["before"][report["before"].index(FIRST) + 1:]]
    assert report["active"] == NEW
    form = read_workbook(out)
    assert [p.sheet for p in form.projects] == [FIRST, NEW]
    new, blank = form.projects[1], read_workbook(TEMPLATE).projects[0]
    assert new.title == L.PROJECT_TITLE  # the copied title "（一）…" is reset
    assert new == blank  # every input empty (sheet is not compared)
    # Cell by cell: 项目2 is 项目1 with the edited inputs emptied and the title reset; every label is the same.
    first, second = _grid(out, FIRST), _grid(out, NEW)
    edited = {L.a1(r, c) for r in range(len(first)) for c in range(len(first[r]))
              if f"{FIRST}!{L.a1(r, c)}" in EDITS}
    def value(grid, r, c):  # calamine's grid ends at the last non-empty row/column
        return grid[r][c] if r < len(grid) and c < len(grid[r]) else ""

    # The panel's progress is computed from 当季支出 by the native part of its formula (issue 14): 项目1 shows
    # it, 项目2 (inputs emptied) is blank.
    panel = {L.a1(L.COMPUTED_PROGRESS.row, L.COMPUTED_PROGRESS.value_col + q) for q in range(4)}
    assert [value(first, L.COMPUTED_PROGRESS.row, L.COMPUTED_PROGRESS.value_col + q) for q in range(4)] == [
        20.0, 50.0, 80.0, 100.0]
    rows, cols = max(len(first), len(second)), min(L.LIVE_COL, max(len(row) for row in first + second))
    for r in range(rows):
        for c in range(cols):  # the live checks' helpers and status line differ: they follow each sheet's inputs
            cell = L.a1(r, c)
            if (r, c) == L.LIVE_STATUS_CELL:
                continue
            want = L.PROJECT_TITLE if cell == "A1" else "" if cell in edited | panel else value(first, r, c)
            assert value(second, r, c) == want, cell
    assert report["protected"][NEW] is True  # protected again, as the template's sheets are


def test_the_added_sheet_carries_the_live_checks(added):
    """项目2 keeps the helper formulas (locked: the macro empties input cells only; shared formulas included),
    and they follow its inputs:
    an empty project is live-flagged (项目名称 empty …) while the filled 项目1 is not for those cells."""
    _, out = added
    from xlperf.form.model import Project
    from xlperf.rules import CATALOGUE
    from xlperf.template.live import RANK, plan

    first, second = _grid(out, FIRST), _grid(out, NEW)
    assert second[0][L.LIVE_COL] == L.LIVE_TAG
    name = next(f for f in plan("project", project=Project()) if f.rule == "C101")
    row = name.rows[0]
    error = RANK[next(r for r in CATALOGUE if r.code == "C101").severity]  # a flag holds its rule's rank
    assert (first[row][name.column], second[row][name.column]) == (0, error)
    status = second[L.LIVE_STATUS_CELL[0]][L.LIVE_STATUS_CELL[1]]
    assert status.startswith(L.LIVE_STATUS) and status != L.live_status_text(0)


def test_libreoffice_vba_gaps_that_stop_add_project(office, tmp_path):
    """The LibreOffice gaps AddProject works around, pinned down in isolation on the template's 项目1 (a throwaway
    module, inserted in memory only). When a LibreOffice release closes a gap, this fails: the workaround in
    xlperf_macros.bas can then be reconsidered."""
    book = tmp_path / "template.xlsm"
    shutil.copyfile(TEMPLATE, book)
    right = L.a1(L.COMPUTED_PROGRESS.row, L.COMPUTED_PROGRESS.value_col + 1)  # J8, inside the same array
    plain = L.a1(L.PROJECT_FIELDS[0].row, L.PROJECT_FIELDS[0].value_col)  # B2, an input cell
    report = _run(["limits", office, str(book), str(tmp_path / "profile"), FIRST, ARRAY_ANCHOR, right, plain])
    # Gap 1 shows only while the array formula cannot be evaluated: since issue 14 the panel's formula computes
    # natively in LibreOffice, and HasFormula answers on its anchor too (ClearInputs keeps its workaround for
    # workbooks made from earlier templates).
    assert report["has_formula"] == {ARRAY_ANCHOR: "True", right: "True", plain: "False"}
    assert report["protect_plain"] == "ok"
    assert report["protect_allow"] == "ERROR 448 Named argument not found."
