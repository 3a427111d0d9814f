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

Cell notes are not written: Excel's COM interface adds them one cell at a time (unbounded calls); the
校验结果 sheet carries every explanation instead.

Any failure reaches the user as a Chinese message box, never as a Python traceback.
"""
from __future__ import annotations

import sys
import traceback

from .form import layout as L

TITLE = "xlperf 校验"
SKIP_SHEETS = (L.GUIDE_SHEET, L.RESULTS_SHEET, L.LISTS_SHEET, L.XLWINGS_CONF_SHEET)  # never read: not form input
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
    from .form.marks import cell_marks, status_line
    from .rulebook.registry import RULESET_VERSION
    from .services.check import check_grids

    grids = read_sheets(book)
    findings = check_grids(list(grids.values()), book.name).findings
    for name, grid in grids.items():
        if has_marks(grid):
            write_marks(book.sheets[name], grid, mark_texts(cell_marks(findings), name))
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


def has_marks(grid) -> bool:
    """Whether the sheet carries the mark cells (the builder writes ``layout.MARK_TAG`` beside them)."""
    return grid.raw(L.MARK_TAG_ROW, L.MARK_COL) == L.MARK_TAG


# ------------------------------------------------------------------ marks
def mark_texts(marks, sheet_name: str) -> dict[str, str]:
    """Severity value → the mark-cell text for one sheet ("|B2|E12|"; "" when none)."""
    cells: dict[str, list[str]] = {severity: [] for severity in L.MARK_ROWS}
    for mark in marks:
        if mark.sheet == sheet_name:
            cells[mark.severity.value].append(mark.cell)
    return {severity: L.mark_text(found) for severity, found in cells.items()}


def write_marks(sheet, grid, texts: dict[str, str]) -> bool:
    """Write the sheet's mark cells if they change; returns whether a write was made."""
    current = {severity: grid.raw(row, L.MARK_COL) or "" for severity, row in L.MARK_ROWS.items()}
    if current == texts:
        return False
    _write_mark_cells(sheet, texts)
    return True


def _write_mark_cells(sheet, texts: dict[str, str]) -> None:
    rows = sorted(L.MARK_ROWS.items(), key=lambda item: item[1])
    assert [row for _, row in rows] == list(range(len(rows)))  # contiguous from row 0: one write
    sheet.range((1, L.MARK_COL + 1)).value = [[texts[severity]] for severity, _ in rows]


# ------------------------------------------------------------------ 校验结果
def result_block(findings, status: str) -> list[list]:
    """The rows written to 校验结果 from the status row down: status, header, one row per finding (the
    单元格 column a HYPERLINK formula to the cell)."""
    from .form.marks import ordered, result_rows

    findings = ordered(findings)  # most important first, as result_rows numbers them
    width = len(L.RESULTS_HEADER)
    cell_col = L.RESULTS_HEADER.index("单元格")
    status_row = [""] * width
    status_row[L.RESULTS_STATUS_CELL[1]] = status
    rows = [status_row]
    rows += [[""] * width for _ in range(L.RESULTS_HEADER_ROW - L.RESULTS_STATUS_CELL[0] - 1)]
    rows.append(list(L.RESULTS_HEADER))
    for finding, row in zip(findings, result_rows(findings)):
        row = list(row)
        if finding.sheet and finding.cell:
            row[cell_col] = hyperlink(finding.sheet, finding.cell)
        rows.append(row)
    return rows


def hyperlink(sheet: str, cell: str) -> str:
    target = "#'" + sheet.replace("'", "''") + "'!" + cell
    return '=HYPERLINK("' + target.replace('"', '""') + '","' + cell + '")'


def write_results(book, findings, status: str) -> None:
    """One read (how many rows the previous run left) and one write."""
    sheet = book.sheets[L.RESULTS_SHEET]
    rows = result_block(findings, status)
    first = L.RESULTS_STATUS_CELL[0]
    old_height = sheet.used_range.last_cell.row - first  # rows from the status row down
    rows += [[""] * len(L.RESULTS_HEADER) for _ in range(max(0, old_height - len(rows)))]
    sheet.range((first + 1, 1)).value = rows


def summary(findings) -> str:
    from .form.findings import Severity, count_by_severity

    if not findings:
        return "校验完成：未发现问题。"
    counts = count_by_severity(findings)
    parts = "，".join(f"{s.value} {counts[s]} 项" for s in Severity)
    return f"校验完成：{parts}。有问题的单元格已标色，逐条说明见“{L.RESULTS_SHEET}”表（可点击单元格地址跳转）。"
