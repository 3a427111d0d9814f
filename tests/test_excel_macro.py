"""The 校验 macro's Python entry point, run UNCHANGED against a real xlwings Book (the remote engine).

The Book is built from a JSON snapshot of a real workbook file (``xlwings_payload``); every write the macro
makes is recorded as an action in ``book.json()["actions"]``, which these tests assert: the right mark cells,
old marks cleared, the 校验结果 sheet, and a number of Excel calls bounded by the number of sheets.
"""
from __future__ import annotations

import pytest
from conftest import EXAMPLE_BOOK, TEMPLATE
from xlwings_payload import apply_actions, payload_from_workbook

from xlperf.form import layout as L
from xlperf.form.findings import Severity

ACTIVATE = "activateSheet"  # the remote engine's action for Sheet.activate()
SEVERITIES = [s.value for s in sorted(Severity, key=lambda s: L.MARK_ROWS[s.value])]


@pytest.fixture
def xw(monkeypatch):
    return remote_xlwings(monkeypatch)


def remote_xlwings(monkeypatch):
    """xlwings with its remote engine registered. xlwings registers it at import time when the licence key is
    set; when something imported xlwings earlier without the key, register it now (same code path)."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings

    if "remote" not in [engine.name for engine in xlwings.engines]:
        from xlwings.pro import _xlremote

        xlwings.engines.add(xlwings.Engine(impl=_xlremote.engine))
    return xlwings


def caller_book(xw, payload):
    book = xw.Book(json=payload)
    book.set_mock_caller()
    return book


def sheet_position(payload, name):
    return [s["name"] for s in payload["sheets"]].index(name)


def run(xw, payload, entry="run_checks"):
    import xlperf.excel

    book = caller_book(xw, payload)
    getattr(xlperf.excel, entry)()  # exactly what RunPython executes: no arguments, Book.caller()
    return book.json()["actions"]


def mark_writes(actions, payload):
    """{sheet name: {severity: text}} of the mark-cell writes."""
    names = [s["name"] for s in payload["sheets"]]
    out = {}
    for a in actions:
        if a["func"] == "setValues" and a["start_column"] == L.MARK_COL:
            assert (a["start_row"], a["row_count"], a["column_count"]) == (0, len(SEVERITIES), 1)
            out[names[a["sheet_position"]]] = {sev: row[0] for sev, row in zip(SEVERITIES, a["values"])}
    return out


def expected_marks(data: bytes) -> dict:
    """What the file-based core says: {sheet: {severity: "|B2|…|"}} for every sheet with marks."""
    from xlperf.checks import run_checks
    from xlperf.files.reader import read_workbook_bytes
    from xlperf.form.marks import cell_marks

    out: dict = {}
    for mark in cell_marks(run_checks(read_workbook_bytes(data))):
        out.setdefault(mark.sheet, {s: [] for s in SEVERITIES})[mark.severity.value].append(mark.cell)
    return {sheet: {s: L.mark_text(cells) for s, cells in by.items()} for sheet, by in out.items()}


@pytest.fixture(scope="module")
def example_payload():
    return payload_from_workbook(EXAMPLE_BOOK, name=EXAMPLE_BOOK.name)


def test_marks_results_and_call_count(xw, example_payload):
    actions = run(xw, example_payload)
    # the same findings, in the same cells, as `xlperf check` on the file
    assert mark_writes(actions, example_payload) == expected_marks(EXAMPLE_BOOK.read_bytes())
    # 校验结果: one 2-D write from the status cell: status, header, one row per finding with a link
    results = [a for a in actions if a["func"] == "setValues"
               and a["sheet_position"] == sheet_position(example_payload, L.RESULTS_SHEET)]
    assert len(results) == 1
    block = results[0]
    assert (block["start_row"], block["start_column"]) == L.RESULTS_STATUS_CELL
    status, header, *rows = block["values"]
    assert status[0].startswith("校验时间：") and "错误" in status[0]
    assert header == list(L.RESULTS_HEADER)
    from xlperf.checks import run_checks
    from xlperf.files.reader import read_workbook_bytes
    from xlperf.form.marks import ordered

    # most important first (issue 14): 错误, 警告, 提示, then sheet and cell, as `xlperf check --annotate` lists them
    findings = ordered(run_checks(read_workbook_bytes(EXAMPLE_BOOK.read_bytes())))
    assert len(rows) == len(findings) > 0
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    ranks = [Severity.parse(row[1]).rank for row in rows]
    assert ranks == sorted(ranks, reverse=True)
    cell_col = L.RESULTS_HEADER.index("单元格")
    for row, f in zip(rows, findings):
        assert row[:cell_col] == [row[0], f.severity.value, f.code, f.sheet]
        assert row[cell_col] == f'=HYPERLINK("#\'{f.sheet}\'!{f.cell}","{f.cell}")'
        assert row[cell_col + 1:] == [f.message, f.suggestion]
    # calls: one mark write per marked sheet, one results write, one message box: bounded by the sheets
    assert [a["func"] for a in actions].count("alert") == 1
    assert actions[-1]["func"] == "alert" and actions[-1]["args"][0].startswith("校验完成：")
    assert len(actions) <= len(example_payload["sheets"]) + 3
    # never a format, never the user's cells; 校验结果 is activated once, before the message box (issue 14)
    assert all(a["func"] in ("setValues", "alert", ACTIVATE) for a in actions)
    activations = [a for a in actions if a["func"] == ACTIVATE]
    assert len(activations) == 1 and actions[-2] is activations[0]
    written = {(a["sheet_position"], a["start_column"]) for a in actions if a["func"] == "setValues"}
    assert all(col == L.MARK_COL or pos == sheet_position(example_payload, L.RESULTS_SHEET) for pos, col in written)


def test_reads_are_one_bulk_read_per_sheet(xw, example_payload, monkeypatch):
    from xlwings import main

    reads = []
    original = main.Range.value

    def counting(self):
        reads.append(self.sheet.name)
        return original.fget(self)

    monkeypatch.setattr(main.Range, "value", property(counting, original.fset))
    run(xw, example_payload)
    from xlperf.excel import SKIP_SHEETS

    assert sorted(reads) == sorted(s["name"] for s in example_payload["sheets"] if s["name"] not in SKIP_SHEETS)


def test_rerun_clears_old_marks_and_leaves_unchanged_sheets_alone(xw, example_payload):
    first = run(xw, example_payload)
    after = apply_actions(example_payload, first)  # the workbook as Excel holds it after the first run
    # staff fix 项目1's code, and a stale mark sits on 补助测算 (e.g. from a run before they fixed it)
    project = after["sheets"][sheet_position(after, "项目1")]["values"]
    project[1][1] = "130200210000000001"
    funding = after["sheets"][sheet_position(after, L.FUNDING_SHEET)]["values"]
    funding[L.MARK_ROWS["错误"]][L.MARK_COL] = "|C5|"
    second = run(xw, after)
    marks = mark_writes(second, after)
    assert marks[L.FUNDING_SHEET] == {s: "" for s in SEVERITIES}  # cleared
    assert "|B2|" in "".join(mark_writes(first, example_payload)["项目1"].values())
    assert "|B2|" not in "".join(marks["项目1"].values())  # the fixed cell is no longer marked
    assert "项目2" not in marks and "项目3" not in marks  # unchanged marks: no call at all
    # 校验结果: the shorter list overwrites the longer one, with blank rows below
    results = [a for a in second if a["func"] == "setValues" and a["start_column"] == 0][0]["values"]
    old = [a for a in first if a["func"] == "setValues" and a["start_column"] == 0][0]["values"]
    assert len(results) == len(old) and results[-1] == [""] * len(L.RESULTS_HEADER)
    assert results[-2] != results[-1]


def test_clear_marks(xw, example_payload):
    after = apply_actions(example_payload, run(xw, example_payload))
    actions = run(xw, after, "clear_marks")
    marks = mark_writes(actions, after)
    assert marks and all(texts == {s: "" for s in SEVERITIES} for texts in marks.values())
    results = [a for a in actions if a["func"] == "setValues" and a["start_column"] == 0]
    assert len(results) == 1
    status, header, *rest = results[0]["values"]
    assert status[0] == L.RESULTS_NOT_RUN and header == list(L.RESULTS_HEADER)
    assert rest and all(v == "" for row in rest for v in row)
    again = run(xw, apply_actions(after, actions), "clear_marks")
    assert mark_writes(again, after) == {}  # nothing left to clear: no mark writes


def test_template_checks_run(xw):
    payload = payload_from_workbook(TEMPLATE)
    actions = run(xw, payload)
    assert actions[-1]["func"] == "alert"
    assert set(mark_writes(actions, payload)) <= {L.PART1_SHEET, "项目1", L.FUNDING_SHEET, L.SETTINGS_SHEET}


def test_not_our_form_is_a_chinese_message_box(xw):
    payload = {"client": "VBA", "version": __import__("xlwings").__version__,
               "book": {"name": "别的表.xlsx", "active_sheet_index": 0, "selection": "A1"}, "names": [],
               "sheets": [{"name": "Sheet1", "values": [["姓名", "电话"], ["张三", 123]], "pictures": [],
                           "tables": []}]}
    actions = run(xw, payload)
    assert [a["func"] for a in actions] == ["alert"]
    message, title, _buttons, mode, _callback = actions[0]["args"]
    assert "这不是预算绩效目标填报表" in message and title == "xlperf 校验" and mode == "critical"


def test_internal_error_is_a_message_box_not_a_traceback(xw, example_payload, monkeypatch):
    import xlperf.checks

    def boom(*args, **kwargs):
        raise KeyError("x")

    monkeypatch.setattr(xlperf.checks, "run_checks", boom)
    actions = run(xw, example_payload)
    assert [a["func"] for a in actions] == ["alert"]
    message = actions[0]["args"][0]
    assert message.startswith("校验程序出错（KeyError") and "Traceback" not in message and "没有被修改" in message


def test_macro_and_file_annotation_write_the_same_marks(xw, example_payload, tmp_path):
    """One core, two front ends: the macro's mark cells equal what `xlperf check --annotate` writes."""
    import openpyxl

    from xlperf.checks import run_checks
    from xlperf.files.annotate import annotate_bytes
    from xlperf.files.reader import read_workbook_bytes

    data = EXAMPLE_BOOK.read_bytes()
    annotated = tmp_path / "annotated.xlsm"
    annotated.write_bytes(annotate_bytes(data, run_checks(read_workbook_bytes(data)), "test"))
    book = openpyxl.load_workbook(annotated)
    from_file = {}
    for ws in book.worksheets:
        cells = {s: ws.cell(L.mark_cell(s)[0] + 1, L.MARK_COL + 1).value or "" for s in SEVERITIES}
        if any(cells.values()):
            from_file[ws.title] = cells
    assert mark_writes(run(xw, example_payload), example_payload) == from_file
