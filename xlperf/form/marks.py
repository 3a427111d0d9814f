"""What "marking the findings in place" means, independent of how it is written (file or live Excel).

Both front ends — ``annotate`` (edits the workbook file) and the Excel macro (``excel``, through xlwings) — use
these functions, so a workbook marked by either looks the same: one colour per cell (its most severe
finding), the 校验结果 sheet listing every finding with a link to its cell, and a status line.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from . import layout as L
from .findings import Finding, Severity, count_by_severity

# Fill colours by severity: light red, orange, light blue. The warning orange is a different hue from the
# template's pale-yellow input fill (FFF2CC), so a marked input cell never looks like an unmarked one.
SEVERITY_FILL = {Severity.ERROR: "FFC7CE", Severity.WARNING: "F4B183", Severity.INFO: "DDEBF7"}
SEVERITY_FONT = {Severity.ERROR: "9C0006", Severity.WARNING: "843C0C", Severity.INFO: "1F4E78"}
# A symbol before the marked cell's content (the marks' number format), so marks survive black-and-white printing.
SEVERITY_SYMBOL = {Severity.ERROR: "●", Severity.WARNING: "▲", Severity.INFO: "○"}


def symbol_format(severity: Severity) -> str:
    """The number format of a mark: the severity's symbol before any number or text ("● 文字描述")."""
    s = SEVERITY_SYMBOL[severity]
    return f'"{s} "General;"{s} "-General;"{s} "General;"{s} "@'


def ordered(findings: list[Finding]) -> list[Finding]:
    """Findings in order of importance: 错误, 警告, 提示; then by sheet in the workbook's order (部门整体绩效目标,
    项目1, 项目2 …, 补助测算, 设置, then any other in the order the findings name them), then by cell (row, then
    column; findings without a cell first). Every front end lists them so (annotate, the 校验 macro, export)."""
    others: dict[str, int] = {}
    for f in findings:
        others.setdefault(f.sheet or "", len(others))
    return sorted(findings, key=lambda f: (-f.severity.rank, _sheet_key(f.sheet or "", others), _cell_key(f.cell)))


def _sheet_key(sheet: str, others: dict[str, int]) -> tuple[int, int]:
    if sheet == L.PART1_SHEET:
        return (0, 0)
    number = sheet[len(L.PROJECT_SHEET_PREFIX):]
    if sheet.startswith(L.PROJECT_SHEET_PREFIX) and number.isdigit():
        return (1, int(number))
    fixed = (L.FUNDING_SHEET, L.SETTINGS_SHEET)
    if sheet in fixed:
        return (2, fixed.index(sheet))
    return (3, others[sheet])


def _cell_key(cell: str | None) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", cell or "")
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


@dataclass(frozen=True)
class Mark:
    """One cell to highlight: its most severe finding decides the colour; the note lists them all."""

    sheet: str
    cell: str
    severity: Severity
    note: str


def cell_marks(findings: list[Finding]) -> list[Mark]:
    """One mark per (sheet, cell), in the findings' order; a finding about several cells marks each of them."""
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet and f.cell:
            for cell in (f.cell, *f.cells):
                grouped.setdefault((f.sheet, cell), []).append(f)
    marks = []
    for (sheet, cell), group in grouped.items():
        worst = max(group, key=lambda f: f.severity.rank).severity
        note = "\n".join(f"【{f.severity.value}】{f.message}" for f in group)
        marks.append(Mark(sheet, cell, worst, note))
    return marks


# 校验结果 lists at most this many findings (every one is still marked in its cell): a workbook with thousands of
# findings must not become, once annotated, a file the gate refuses for its row count (docs/reliability.md)
MAX_LISTED = 1000


def listed(findings: list[Finding]) -> list[Finding]:
    """The findings 校验结果 lists, one per row: the first MAX_LISTED in order of importance."""
    return ordered(findings)[:MAX_LISTED]


def result_rows(findings: list[Finding]) -> list[tuple]:
    """Rows of the 校验结果 table (layout.RESULTS_HEADER order), most important first (:func:`ordered`): one per
    :func:`listed` finding, then, when some were left out, one row saying how many."""
    rows = [(i, f.severity.value, f.code, f.sheet or "", f.cell or "", f.message, f.suggestion)
            for i, f in enumerate(listed(findings), start=1)]
    omitted = len(findings) - len(rows)
    if omitted > 0:
        rows.append(("", "", "", "", "", f"另有 {omitted} 项问题未在此列出（本表最多列出 {MAX_LISTED} 项，单元格上的标记是全部的）。",
                     "先修改以上问题后再点“校验”，或由财政部门用 xlperf check 列出全部。"))
    return rows


def status_line(findings: list[Finding], ruleset: str, when: _dt.datetime | None = None) -> str:
    """The one-line summary shown on the 校验结果 sheet."""
    when = when or _dt.datetime.now()
    counts = count_by_severity(findings)
    summary = "，".join(f"{s.value} {counts[s]} 项" for s in Severity)
    verdict = "未发现问题。" if not findings else ("请先修改“错误”再报送。" if counts[Severity.ERROR] else "无错误，可报送；建议处理警告。")
    return f"校验时间：{when:%Y-%m-%d %H:%M}；规则集 {ruleset}；{summary}。{verdict}"
