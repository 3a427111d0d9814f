"""What 校验 and 清除标记 write into an open workbook, computed from grids — shared by the two front ends that
write into a live workbook: the RunPython macros (``excel.py``, through xlwings) and the check server's
RunServerPython endpoints (``serve``, as JSON actions). Pure: no Excel, no I/O.

* marks: each sheet staff fill carries three hidden mark cells (``layout.MARK_COL``, rows ``MARK_ROWS``) that
  drive its conditional formats; marking a sheet is one write of the column ``mark_column(texts)`` from A1's
  row in that column, and only sheets whose texts change are written (``mark_changes``, ``clear_changes``);
* results: ONE 2-D block on 校验结果 from ``RESULTS_STATUS_CELL``: status, header, one row per finding (the
  单元格 column a HYPERLINK to the cell), padded with blank rows over what the previous run left
  (``results_write``);
* the summary message (``summary``) and its title (``TITLE``).
"""
from __future__ import annotations

from ..files.reader import Grid
from ..form import layout as L
from ..form.findings import Finding, Severity, count_by_severity
from ..form.marks import cell_marks, listed, result_rows

TITLE = "xlperf 校验"
# never read as form input: not filled by staff
SKIP_SHEETS = (L.GUIDE_SHEET, L.RESULTS_SHEET, L.LISTS_SHEET, L.XLWINGS_CONF_SHEET)
MARK_ORDER = [severity for severity, _ in sorted(L.MARK_ROWS.items(), key=lambda item: item[1])]
assert [L.MARK_ROWS[s] for s in MARK_ORDER] == list(range(len(MARK_ORDER)))  # contiguous from row 0: one write
EMPTY_MARKS = {severity: "" for severity in MARK_ORDER}


def has_marks(grid: Grid) -> bool:
    """Whether the sheet carries the mark cells (the builder writes ``layout.MARK_TAG`` beside them)."""
    return grid.raw(L.MARK_TAG_ROW, L.MARK_COL) == L.MARK_TAG


def current_marks(grid: Grid) -> dict[str, str]:
    return {severity: grid.raw(row, L.MARK_COL) or "" for severity, row in L.MARK_ROWS.items()}


def mark_texts(marks, sheet_name: str) -> dict[str, str]:
    """Severity value → the mark-cell text for one sheet ("|B2|E12|"; "" when none)."""
    cells: dict[str, list[str]] = {severity: [] for severity in L.MARK_ROWS}
    for mark in marks:
        if mark.sheet == sheet_name:
            cells[mark.severity.value].append(mark.cell)
    return {severity: L.mark_text(found) for severity, found in cells.items()}


def mark_column(texts: dict[str, str]) -> list[list[str]]:
    """The values of the one write of a sheet's mark cells: rows 0.., column ``MARK_COL``."""
    return [[texts[severity]] for severity in MARK_ORDER]


def mark_changes(grids: list[Grid], findings: list[Finding]) -> dict[str, dict[str, str]]:
    """{sheet: new mark texts} of the sheets that carry mark cells and whose marks change."""
    marks = cell_marks(findings)
    out = {}
    for grid in grids:
        if has_marks(grid):
            texts = mark_texts(marks, grid.name)
            if texts != current_marks(grid):
                out[grid.name] = texts
    return out


def clear_changes(grids: list[Grid]) -> dict[str, dict[str, str]]:
    """{sheet: empty texts} of the sheets whose mark cells hold marks (清除标记)."""
    return {g.name: dict(EMPTY_MARKS) for g in grids if has_marks(g) and current_marks(g) != EMPTY_MARKS}


def result_block(findings: list[Finding], status: str) -> list[list]:
    """The rows written to 校验结果 from the status row down: status, header, one row per finding (the
    单元格 column a HYPERLINK formula to the cell), most important first."""
    results = result_rows(findings)
    findings = listed(findings)  # as result_rows numbers them; a last row may say how many were left out
    width = len(L.RESULTS_HEADER)
    cell_col = L.RESULTS_HEADER.index("单元格")
    status_row = [""] * width
    status_row[L.RESULTS_STATUS_CELL[1]] = status
    rows = [status_row]
    rows += [[""] * width for _ in range(L.RESULTS_HEADER_ROW - L.RESULTS_STATUS_CELL[0] - 1)]
    rows.append(list(L.RESULTS_HEADER))
    for i, row in enumerate(results):
        row, finding = list(row), findings[i] if i < len(findings) else None
        if finding is not None and finding.sheet and finding.cell:
            row[cell_col] = hyperlink(finding.sheet, finding.cell)
        rows.append(row)
    return rows


def results_write(findings: list[Finding], status: str, used_rows: int) -> list[list]:
    """``result_block`` padded with blank rows over the previous run's rows; ``used_rows`` is the 1-based row of
    the last used cell of 校验结果 (what Excel's ``UsedRange`` reaches)."""
    rows = result_block(findings, status)
    old_height = used_rows - L.RESULTS_STATUS_CELL[0]  # rows from the status row down
    rows += [[""] * len(L.RESULTS_HEADER) for _ in range(max(0, old_height - len(rows)))]
    return rows


def hyperlink(sheet: str, cell: str) -> str:
    target = "#'" + sheet.replace("'", "''") + "'!" + cell
    return '=HYPERLINK("' + target.replace('"', '""') + '","' + cell + '")'


def summary(findings: list[Finding]) -> str:
    if not findings:
        return "校验完成：未发现问题。"
    counts = count_by_severity(findings)
    parts = "，".join(f"{s.value} {counts[s]} 项" for s in Severity)
    return f"校验完成：{parts}。有问题的单元格已标色，逐条说明见“{L.RESULTS_SHEET}”表（可点击单元格地址跳转）。"
