"""What "marking the findings in place" means, independent of how it is written (file or live Excel).

Both front ends — ``annotate`` (edits the workbook file) and the Excel macro (``excel``, through xlwings) — use
these functions, so a workbook marked by either looks the same: one colour per cell (its most severe
finding), the 校验结果 sheet listing every finding with a link to its cell, and a status line.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .findings import Finding, Severity, count_by_severity

# Fill colours by severity: light red, gold, light blue. The warning gold is deliberately stronger than the
# template's pale-yellow input fill (FFF2CC), so a marked input cell never looks like an unmarked one.
SEVERITY_FILL = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFD966", Severity.INFO: "DDEBF7"}
SEVERITY_FONT = {Severity.ERROR: "9C0006", Severity.WARNING: "7F6000", Severity.INFO: "1F4E78"}


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


def result_rows(findings: list[Finding]) -> list[tuple]:
    """Rows of the 校验结果 table (layout.RESULTS_HEADER order)."""
    return [(i, f.severity.value, f.code, f.sheet or "", f.cell or "", f.message, f.suggestion)
            for i, f in enumerate(findings, start=1)]


def status_line(findings: list[Finding], ruleset: str, when: _dt.datetime | None = None) -> str:
    """The one-line summary shown on the 校验结果 sheet."""
    when = when or _dt.datetime.now()
    counts = count_by_severity(findings)
    summary = "，".join(f"{s.value} {counts[s]} 项" for s in Severity)
    verdict = "未发现问题。" if not findings else ("请先修改“错误”再报送。" if counts[Severity.ERROR] else "无错误，可报送；建议处理警告。")
    return f"校验时间：{when:%Y-%m-%d %H:%M}；规则集 {ruleset}；{summary}。{verdict}"
