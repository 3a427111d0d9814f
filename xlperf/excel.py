"""The Excel front end: the macros behind the 校验 / 清除标记 buttons (``xlperf_macros.bas`` → ``RunPython``).

One click = one fresh Python process (xlwings' RunPython), so this module imports little at the top and the
number of Excel calls is bounded by the number of sheets, never by the number of findings:

* read: one bulk value read per sheet (``used_range`` from A1), then ``reader.read_grids`` and
  ``checks.run_checks`` — the same core as ``xlperf check``;
* marks: each sheet staff fill carries three conditional formats that colour the cells listed in its hidden
  mark cells (``layout.MARK_COL``; see ``builder.mark_cells``). Marking a sheet is ONE write of three strings
  such as "|B2|E12|"; a sheet is written only when its marks change (a re-run clears old marks by writing
  the new, possibly empty, strings). The user's own content and formatting are never touched;
* results: ONE 2-D write on 校验结果 (status line, header, one row per finding, 错误 → 警告 → 提示, with a HYPERLINK
  to its cell, blank rows over what the previous run left), after one read of what is there; then 校验结果 is
  activated;
* a summary message box.

What is written is computed in ``services.marking``, shared with the check server's RunServerPython endpoints.
Cell notes are not written: Excel's COM interface adds them one cell at a time (unbounded calls); the
校验结果 sheet carries every explanation instead.

Any failure reaches the user as a Chinese message box, never as a Python traceback.
"""
from __future__ import annotations

import sys
import traceback

from .form import layout as L
from .services.marking import (  # noqa: F401
    SKIP_SHEETS,
    TITLE,
    has_marks,
    hyperlink,
    mark_column,
    mark_texts,
    result_block,
    results_write,
    summary,
)

INTERNAL_ERROR = ("校验程序出错（{kind}：{detail}）。您的工作簿没有被修改。"
                  "请把本提示截图发给财政部门或 xlperf 维护人员。")


# ------------------------------------------------------------------ entry points (RunPython)
def run_checks(book=None) -> None:
    """The 校验 button: check the calling workbook and mark the findings in it."""
    _guarded(_run_checks, book)


def clear_marks(book=None) -> None:
    """The 清除标记 button: remove the marks and reset 校验结果 to "not run"."""
    _guarded(_clear_marks, book)


def _guarded(action, book) -> None:
    import xlwings as xw

    book = book or xw.Book.caller()
    try:
        action(book)
    except Exception as exc:  # noqa: BLE001 - the user must see a message, never a traceback
        from .form.errors import XlperfError

        message = exc.message if isinstance(exc, XlperfError) else INTERNAL_ERROR.format(
            kind=type(exc).__name__, detail=str(exc)[:200] or "无详细信息")
        traceback.print_exc(file=sys.stderr)  # for "Show Console" / the log; the user sees the box
        book.app.alert(message, title=TITLE, mode="critical")


# ------------------------------------------------------------------ the two actions
def _run_checks(book) -> None:
    from .form.marks import status_line
    from .rulebook.registry import RULESET_VERSION
    from .services.check import check_grids
    from .services.marking import mark_changes

    grids = read_sheets(book)
    findings = check_grids(list(grids.values()), book.name).findings
    for name, texts in mark_changes(list(grids.values()), findings).items():
        _write_mark_cells(book.sheets[name], texts)
    write_results(book, findings, status_line(findings, RULESET_VERSION))
    book.sheets[L.RESULTS_SHEET].activate()  # the workbook after 校验 shows 校验结果, most important first
    book.app.alert(summary(findings), title=TITLE, mode="info")


def _clear_marks(book) -> None:
    empty = {severity: "" for severity in L.MARK_ROWS}
    for sheet in book.sheets:
        if sheet.name in SKIP_SHEETS:
            continue
        block = sheet.range((1, L.MARK_COL + 1), (L.MARK_TAG_ROW + 1, L.MARK_COL + 1)).options(ndim=2).value
        if block[L.MARK_TAG_ROW][0] == L.MARK_TAG:
            current = {severity: block[row][0] or "" for severity, row in L.MARK_ROWS.items()}
            if current != empty:
                _write_mark_cells(sheet, empty)
    write_results(book, [], L.RESULTS_NOT_RUN)


# ------------------------------------------------------------------ reading
def read_sheets(book) -> dict:
    """{sheet name: Grid} of every sheet that may hold form input, one bulk read each (A1 to the last used
    cell, so the grid's coordinates are the sheet's)."""
    from .files.reader import Grid

    grids = {}
    for sheet in book.sheets:
        if sheet.name in SKIP_SHEETS:
            continue
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
        grids[sheet.name] = Grid(sheet.name, [list(row) for row in values])
    return grids


# ------------------------------------------------------------------ marks
def write_marks(sheet, grid, texts: dict[str, str]) -> bool:
    """Write the sheet's mark cells if they change; returns whether a write was made."""
    from .services.marking import current_marks

    if current_marks(grid) == texts:
        return False
    _write_mark_cells(sheet, texts)
    return True


def _write_mark_cells(sheet, texts: dict[str, str]) -> None:
    sheet.range((1, L.MARK_COL + 1)).value = mark_column(texts)


# ------------------------------------------------------------------ 校验结果
def write_results(book, findings, status: str) -> None:
    """One read (how many rows the previous run left) and one write."""
    sheet = book.sheets[L.RESULTS_SHEET]
    rows = results_write(findings, status, sheet.used_range.last_cell.row)
    sheet.range((L.RESULTS_STATUS_CELL[0] + 1, 1)).value = rows
