"""The live checks against `xlperf check`, in a real spreadsheet: ONE LibreOffice (tests/uno/live_worker.py) holds
the example and the fresh template open; hypothesis edits cells through UNO (cleared fields, blank-looking text,
removed 二级 groups, cleared rows, edited values and plans), LibreOffice recalculates, the worker reads which
cells each live rule's flag column marks and stores the document; `xlperf check` (the one pipeline) checks the
stored file. For every live rule the flagged cells must equal the cells the check reports for that rule — no
more, no fewer — and no helper cell may hold an error. A disagreement fails with the file kept under
tests/live-failures/.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE_BOOK, EXAMPLE_JSON, ROOT, TEMPLATE, soffice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlperf.files.interchange import load_form
from xlperf.files.reader import Grid
from xlperf.form import layout as L
from xlperf.form.findings import cell_key
from xlperf.services.check import check_grids, check_path
from xlperf.template import live

KEEP = ROOT / "tests" / "live-failures"
SYSTEM_PYTHON = "/usr/bin/python3"
EXAMPLES = 220  # hypothesis cases on the example, one document; plus the fixed cases below
FILE_EVERY = 10
ADDED_DOC = 3  # the example after 新增项目表 (项目4 added by the macro, stored by LibreOffice as .xlsx)
INSERTS_DOC = 2  # the example again: a protected sheet refuses to delete rows, so the worker reopens it after a case


class Worker:
    def __init__(self, tmp: Path, books: list[Path]):
        exe = soffice()
        if exe is None or not Path(SYSTEM_PYTHON).exists():
            if os.environ.get("XLPERF_REQUIRE_LIBREOFFICE") == "1":
                pytest.fail("LibreOffice (soffice, python3-uno) 未安装，但 XLPERF_REQUIRE_LIBREOFFICE=1")
            pytest.skip("LibreOffice not installed")
        self.tmp, self.count = tmp, 0
        self.proc = subprocess.Popen(
            [SYSTEM_PYTHON, str(ROOT / "tests" / "uno" / "live_worker.py"), exe, str(tmp / "profile"),
             *map(str, books)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def ask(self, edits, doc=0, store: bool = True, inserts=()) -> tuple[dict, Path | None]:
        """The live helpers after ``inserts`` (rows inserted as staff do) and ``edits``, and the document stored as
        .xlsx (``store``) or its grids."""
        self.count += 1
        doc = INSERTS_DOC if inserts and doc == 0 else doc
        path = self.tmp / f"case{self.count}.xlsx" if store else None
        request = {"doc": doc, "inserts": list(inserts), "edits": edits, "store": str(path) if path else None,
                   "grids": not store}
        self.proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the LibreOffice worker stopped"
        return json.loads(line), path

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("live")
    books = [tmp / "example.xlsm", tmp / "template.xlsm", tmp / "example-inserts.xlsm", tmp / "added.xlsx"]
    shutil.copyfile(EXAMPLE_BOOK, books[0])
    shutil.copyfile(TEMPLATE, books[1])
    shutil.copyfile(EXAMPLE_BOOK, books[2])  # reopened after each case that inserts rows
    exe = soffice()
    if exe is not None and Path(SYSTEM_PYTHON).exists():  # the example with a sheet added by 新增项目表 (its macro)
        shutil.copyfile(EXAMPLE_BOOK, tmp / "to-add.xlsm")
        subprocess.run([SYSTEM_PYTHON, str(ROOT / "tests" / "uno" / "add_project.py"), "add", exe,
                        str(tmp / "to-add.xlsm"), str(tmp / "add-profile"), str(books[3]), "{}"],
                       check=True, capture_output=True, timeout=180)
    w = Worker(tmp, books)
    yield w
    w.close()


def _columns() -> dict[str, dict[tuple[int, int], tuple[str, int]]]:
    """Per sheet kind: flag cell (row, column) → (rule, form column it marks)."""
    project = load_form(EXAMPLE_JSON).projects[0]
    return {kind: {(row, f.column): (f.rule, f.col) for f in live.plan(kind, project=project) for row in f.rows}
            for kind in ("part1", "project")}


COLUMNS = _columns()


def origin(inserts, sheet: str, row: int) -> int | None:
    """The row as built of ``row`` after ``inserts`` ([sheet, row, count] in order), or None for an inserted row."""
    for name, at, count in reversed(inserts):
        if name == sheet and row >= at:
            if row < at + count:
                return None
            row -= count
    return row


def compare(answer: dict, stored: Path | None, label: str, keep=None, inserts=()) -> dict:
    """The live flags of every rule equal `xlperf check`'s cells for that rule; no helper shows an error.

    The check reads the stored file (``stored``), or — to keep one case near 0.1 s — the grids the worker read
    through UNO, through the same pipeline the 校验 button uses (``check_grids``); ``keep()`` stores the file of
    a failing case. Rows inserted by hand (``inserts``) have no helpers: what the check reports on them is not
    live (the miss this allows is returned, by rule), and nothing may be flagged there."""
    codes = {r.code for r in live.live_rules()}
    got = {code: set() for code in codes}
    problems = []
    for sheet, cells in answer["flags"].items():
        kind = "part1" if sheet == L.PART1_SHEET else "project"
        for row, column in cells:
            built = origin(inserts, sheet, row)
            if built is None:
                problems.append(f"a flag on inserted row {row + 1} of {sheet}, column {column}")
                continue
            rule, col = COLUMNS[kind][(built, column)]
            got[rule].add((sheet, L.a1(row, col)))
    if stored is not None:
        findings = check_path(stored).findings
    else:
        findings = check_grids([Grid(name, rows) for name, rows in answer["grids"].items()]).findings
    want = {code: {(f.sheet, f.cell) for f in findings if f.code == code} for code in codes}
    missed = {code: {(s, c) for s, c in cells if origin(inserts, s, cell_key(c)[0] - 1) is None}
              for code, cells in want.items()}
    want = {code: cells - missed[code] for code, cells in want.items()}
    errors = {sheet: ranges for sheet, ranges in answer["errors"].items() if _helper_errors(ranges)}
    counts = {code: count for code, _shown, count in answer["counts"]}
    problems += [f"{code}: live {sorted(got[code])} ≠ check {sorted(want[code])}" for code in sorted(codes)
                 if got[code] != want[code]]
    problems += [f"formula errors in helper cells: {errors}"] if errors else []
    problems += [f"校验结果 count of {code} is {counts.get(code)}, not {len(want[code])}" for code in sorted(codes)
                 if counts.get(code) != len(want[code])]
    for sheet, text in answer["status"].items():
        cells = {cell for code in codes for s, cell in got[code] if s == sheet}
        if text != L.live_status_text(len(cells)):
            problems.append(f"{sheet} status {text!r}, {len(cells)} cells flagged")
    if problems:
        KEEP.mkdir(exist_ok=True)
        kept = KEEP / f"{label}.xlsx"
        shutil.copyfile(stored if stored is not None else keep(), kept)
        pytest.fail(f"{kept}:\n" + "\n".join(problems))
    if stored is not None:
        stored.unlink()
    return {code: cells for code, cells in missed.items() if cells}


def _helper_errors(ranges: str) -> bool:
    """Error ranges outside the UDF cells (XP_PROGRESS in I8:L8, XP_SUBSIDY_LINE in 补助测算!G: no Python here)."""
    for part in ranges.split(","):
        sheet, _, cells = part.rpartition(".")
        if not (cells.startswith("I8") or cells.startswith("G") and "补助测算" in sheet):
            return True
    return False


# ------------------------------------------------------------------ what hypothesis edits
PROJECTS = ["项目1", "项目2", "项目3"]
BLANKS = [" ", "\u3000", "\xa0", "\u200b", "\t", "\n", "\u2003", "\ufeff", "\u2060"]
TEXTS = ["产出指标", "数量指标", "效益指标", "满意度指标", "服务对象满意度指标", "≥90%", "是", "计划标准", "待定", "0",
         "拨付企业数量", "新增", "高新区科技局", "目标1：推动企业创新", "1.", "x"]
FIRST = L.INDICATOR_HEADER_ROW + 1

blank_text = st.lists(st.sampled_from(BLANKS), min_size=1, max_size=4).map("".join)
text = st.one_of(st.sampled_from(TEXTS), st.tuples(blank_text, st.sampled_from(TEXTS), blank_text).map("".join))
value = st.one_of(st.none(), blank_text, text, st.integers(-5, 150), st.sampled_from([0.5, 100.0]))


@st.composite
def edit(draw):
    kind = draw(st.sampled_from(["field", "field", "grid", "grid", "grid", "group", "row", "plan", "part1"]))
    sheet = draw(st.sampled_from(PROJECTS))
    if kind == "field":
        key = draw(st.sampled_from(sorted(live.project_cells())))
        return [(sheet, L.a1(*live.project_cells()[key]), draw(value))]
    if kind == "plan":
        return [(sheet, L.a1(L.PLAN_CUMULATIVE.row, 1 + i), draw(st.one_of(st.none(), st.integers(0, 120))))
                for i in range(4)]
    if kind == "part1":
        cells = [L.a1(*at) for key, at in live.part1_cells().items() if key != "title"]
        sections = live.part1_sections(load_form(EXAMPLE_JSON))
        cells += [L.a1(r, 1) for rows in sections.values() for r in rows]
        if draw(st.booleans()):  # clear a whole section
            rows = sections[draw(st.sampled_from(sorted(sections)))]
            return [(L.PART1_SHEET, L.a1(r, 1), draw(st.sampled_from([None, " ", "\u3000"]))) for r in rows]
        return [(L.PART1_SHEET, draw(st.sampled_from(cells)), draw(value))]
    row = draw(st.integers(FIRST, FIRST + 8))
    if kind == "grid":
        return [(sheet, L.a1(row, draw(st.integers(0, 5))), draw(value))]
    if kind == "group":  # a 二级 group (or the 一级 too) removed over a few rows
        cols = draw(st.sampled_from([(1,), (0, 1)]))
        return [(sheet, L.a1(r, c), None) for r in range(row, row + draw(st.integers(1, 3))) for c in cols]
    return [(sheet, L.a1(row, c), None) for c in range(6)]  # a cleared row


edits = st.lists(edit(), min_size=1, max_size=6).map(lambda groups: [e for g in groups for e in g])


# ------------------------------------------------------------------ the tests
def test_example_and_template_as_built(worker):
    answer, stored = worker.ask([])
    compare(answer, stored, "example")
    assert set(answer["status"]) == {L.PART1_SHEET, *PROJECTS}
    answer, stored = worker.ask([], doc=1)
    compare(answer, stored, "template")


def test_a_cleared_example(worker):
    everything = [(s, L.a1(r, c), None) for s in PROJECTS for r in range(1, FIRST + 8) for c in range(6)
                  if r not in (L.INDICATOR_HEADER_ROW, L.PLAN_HEADER.row)]
    answer, stored = worker.ask(everything)
    compare(answer, stored, "cleared")
    assert answer["flags"]["项目1"]
    goals = L.a1(L.GOALS_FIELD.row, L.GOALS_FIELD.value_col)
    assert _flagged(answer, "C131") == {(sheet, goals) for sheet in PROJECTS}  # no indicator rows left


def _flagged(answer: dict, code: str) -> set[tuple[str, str]]:
    return {(sheet, L.a1(row, COLUMNS["project"][(row, column)][1])) for sheet, cells in answer["flags"].items()
            if sheet != L.PART1_SHEET for row, column in cells if COLUMNS["project"][(row, column)][0] == code}


def test_an_empty_basis_column_is_marked_on_its_header(worker):
    """C136 reports a 依据 column left wholly empty once, on the header above the first used row."""
    rows = len(load_form(EXAMPLE_JSON).projects[0].indicators)
    column = [("项目1", L.a1(r, 5), None) for r in range(FIRST, FIRST + rows)]
    answer, stored = worker.ask(column)
    compare(answer, stored, "basis-column")
    assert _flagged(answer, "C136") == {("项目1", L.a1(FIRST - 1, 5))}
    first_row = [("项目1", L.a1(FIRST, c), None) for c in range(6)]
    answer, stored = worker.ask(column + first_row)
    compare(answer, stored, "basis-column-below-an-empty-row")
    assert _flagged(answer, "C136") == {("项目1", L.a1(FIRST, 5))}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(edits)
def test_live_flags_equal_the_check(worker, case):
    file = worker.count % FILE_EVERY == 0  # every FILE_EVERY-th case through a stored .xlsx and `xlperf check`'s reader
    answer, stored = worker.ask(case, store=file)
    compare(answer, stored, f"case{worker.count}", keep=lambda: worker.ask(case)[1])


def test_at_least_200_workbooks_were_compared(worker):
    assert worker.count >= 200, worker.count


# ------------------------------------------------------------------ rows inserted by hand (右键 → 插入)
GRID_ROWS = len(live.indicator_rows(load_form(EXAMPLE_JSON).projects[0]))
INSERT_CASES = 60
LEVELS = ["产出指标", "效益指标", "满意度指标", "数量指标", "质量指标", "社会效益指标", "服务对象满意度指标"]
typed = st.one_of(st.none(), blank_text, st.sampled_from(LEVELS + TEXTS),
                  st.tuples(blank_text, st.sampled_from(LEVELS), blank_text).map("".join))


@st.composite
def inserted(draw):
    """Rows inserted into a project sheet's indicator grid (right under the header, in the middle, just before
    the last row, right below it; several at once, on one or more sheets), some of them typed into; 一级, 二级 and
    依据 cleared on other rows; then ordinary edits."""
    inserts, grown = [], {}
    for _ in range(draw(st.integers(1, 4))):
        sheet = draw(st.sampled_from(PROJECTS))
        last = FIRST + GRID_ROWS - 1 + grown.get(sheet, 0)  # the grid's last row now
        at = draw(st.sampled_from(["top", "middle", "last", "below"]))
        row = {"top": FIRST, "last": last, "below": last + 1}.get(at) or draw(st.integers(FIRST + 1, last - 1))
        count = draw(st.integers(1, 3))
        inserts.append([sheet, row, count])
        grown[sheet] = grown.get(sheet, 0) + count
    typing = [(sheet, L.a1(r, c), draw(typed)) for sheet, n in sorted(grown.items())
              for r in range(FIRST, FIRST + GRID_ROWS + n) if origin(inserts, sheet, r) is None
              for c in range(6) if draw(st.booleans())]
    # 一级, 二级 and 依据 cleared on rows anywhere in the grid: the inserted rows' labels then decide what is in force
    rows = st.tuples(st.sampled_from(sorted(grown)), st.integers(FIRST, FIRST + GRID_ROWS - 1), st.sampled_from([0, 1, 5]))
    cleared = [(sheet, L.a1(r, c), draw(st.one_of(st.none(), blank_text)))
               for sheet, r, c in draw(st.lists(rows, max_size=6))]
    return inserts, typing + cleared + draw(st.lists(edit(), max_size=2).map(lambda g: [e for x in g for e in x]))


def test_rows_inserted_by_hand(worker):
    """A 一级 and a 二级 typed into rows inserted above and inside a group are in force below them (the false
    alarm of C132/C133 this used to give), C136 and C131 count the inserted rows, nothing is flagged on them."""
    inserts = [["项目1", FIRST, 1], ["项目1", FIRST + 3, 2], ["项目2", FIRST + GRID_ROWS - 1, 1]]
    level = [("项目1", L.a1(FIRST + 1, c), None) for c in (0, 1)]  # the first row's 一级/二级 move up …
    typing = [("项目1", L.a1(FIRST, 0), "产出指标"), ("项目1", L.a1(FIRST, 1), "数量指标"),  # … into the new row
              ("项目1", L.a1(FIRST + 3, 1), "质量指标"), ("项目1", L.a1(FIRST + 3, 2), "新三级"),
              ("项目1", L.a1(FIRST + 3, 4), "≥1个")]  # no 依据: C136 on an inserted row (a miss)
    answer, stored = worker.ask(level + typing, inserts=inserts)
    missed = compare(answer, stored, "inserted", inserts=inserts)
    assert missed == {"C136": {("项目1", L.a1(FIRST + 3, 5))}}
    assert not _flagged(answer, "C132") and not _flagged(answer, "C133")
    cleared = [(s, L.a1(r, c), None) for s in ("项目1",) for r in range(FIRST, FIRST + GRID_ROWS + 3) for c in range(6)]
    answer, stored = worker.ask(cleared + [("项目1", L.a1(FIRST + 4, 2), "只有插入行")], inserts=inserts)
    assert compare(answer, stored, "inserted-only", inserts=inserts).keys() == {"C132", "C133", "C135", "C136"}
    assert ("项目1", L.a1(L.GOALS_FIELD.row, L.GOALS_FIELD.value_col)) not in _flagged(answer, "C131")
    below = [["项目3", FIRST + GRID_ROWS, 1]]  # appended right below the grid's last row
    cleared = [("项目3", L.a1(r, c), None) for r in range(FIRST, FIRST + GRID_ROWS) for c in range(6)]
    answer, stored = worker.ask(cleared + [("项目3", L.a1(FIRST + GRID_ROWS, 2), "追加的行")], inserts=below)
    compare(answer, stored, "appended", inserts=below)
    assert ("项目3", L.a1(L.GOALS_FIELD.row, L.GOALS_FIELD.value_col)) not in _flagged(answer, "C131")


def test_rows_inserted_into_a_sheet_added_by_the_button(worker):
    """新增项目表 copies a project sheet with its helpers; rows inserted there are seen as on 项目1."""
    new = f"{L.PROJECT_SHEET_PREFIX}{len(PROJECTS) + 1}"
    inserts = [[new, FIRST, 1], [new, FIRST + 4, 2]]
    row = [None, None, "三级", None, "≥1个", "计划标准"]
    typing = [(new, L.a1(FIRST, 0), "产出指标"), (new, L.a1(FIRST, 1), "数量指标"), (new, L.a1(FIRST + 4, 1), "质量指标")]
    typing += [(new, L.a1(r, c), v) for r in (FIRST + 1, FIRST + 2, FIRST + 6, FIRST + 7) for c, v in enumerate(row) if v]
    answer, stored = worker.ask(typing, doc=ADDED_DOC, inserts=inserts)
    assert new in answer["status"]
    assert compare(answer, stored, "added-sheet", inserts=inserts) == {}
    assert not {cell for cell in _flagged(answer, "C132") | _flagged(answer, "C133") if cell[0] == new}
    answer, stored = worker.ask(typing[2:], doc=ADDED_DOC, inserts=inserts)  # no 一级 above: C132 on every row
    compare(answer, stored, "added-sheet-no-level1", inserts=inserts)
    assert {cell for sheet, cell in _flagged(answer, "C132") if sheet == new} == {
        L.a1(r, 0) for r in (FIRST + 1, FIRST + 2, FIRST + 6, FIRST + 7)}


@settings(max_examples=INSERT_CASES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(inserted())
def test_live_flags_equal_the_check_after_inserting_rows(worker, case):
    inserts, case_edits = case
    file = worker.count % FILE_EVERY == 0
    answer, stored = worker.ask(case_edits, store=file, inserts=inserts)
    compare(answer, stored, f"insert{worker.count}", keep=lambda: worker.ask(case_edits, inserts=inserts)[1],
            inserts=inserts)
