"""Reporters: findings of one or more workbooks as text, JSON or an .xlsx table.

A reporter takes a list of ``BookResult`` and returns the bytes/text to write; ``REPORTERS`` maps the
``--format`` name to it. JSON schema: docs/check-json.md.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..form.findings import Finding, Severity, count_by_severity

JSON_SCHEMA_VERSION = 1


@dataclass
class BookResult:
    """The outcome of checking one file: findings, or the error that stopped the tool."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    read_as: dict | None = None  # how a file not made from our template was read (foreign_readas.ReadAs)
    read_as_text: str | None = None

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.findings)


def render_text(results: list[BookResult], ruleset: str) -> str:
    """Grouped by file, then sheet; each line names the cell; a count by severity at the end."""
    lines: list[str] = []
    total = {s: 0 for s in Severity}
    for result in results:
        lines.append(f"== {result.path}")
        if result.read_as_text:
            lines += ["   " + line for line in result.read_as_text.rstrip("\n").splitlines()]
        if result.error:
            lines.append(f"   无法校验：{result.error}")
            lines.append("")
            continue
        if not result.findings:
            lines.append("   未发现问题。")
        sheet = object()
        for f in result.findings:
            if f.sheet != sheet:
                sheet = f.sheet
                lines.append(f"  [{sheet or '（无位置）'}]")
            lines.append(f"    {f.cell or '-':<6} {f.severity.value} {f.code} {f.title}：{f.message}")
            if f.suggestion:
                lines.append(f"           建议：{f.suggestion}")
        for s, n in result.counts.items():
            total[s] += n
        lines.append("")
    failed = sum(1 for r in results if r.error)
    summary = "，".join(f"{s.value} {total[s]}" for s in Severity)
    tail = f"；{failed} 个文件无法校验" if failed else ""
    lines.append(f"共 {len(results)} 个文件：{summary}{tail}（规则集 {ruleset}）")
    return "\n".join(lines) + "\n"


def render_json(results: list[BookResult], ruleset: str) -> str:
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "ruleset": ruleset,
        "files": [
            {
                "path": r.path,
                "error": r.error,
                "counts": {s.value: n for s, n in r.counts.items()},
                "findings": [f.as_dict() for f in r.findings],
                **({"read_as": r.read_as} if r.read_as else {}),
            }
            for r in results
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_xlsx(results: list[BookResult], ruleset: str) -> bytes:
    """One table of every finding (file, sheet, cell …), with frozen header and filters."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    # user text is data, never a formula or a link: a project named "=HYPERLINK(…)" must stay text
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("校验结果")
    header = ("文件", "严重程度", "规则", "标题", "工作表", "单元格", "问题", "修改建议")
    bold = book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, (label, width) in enumerate(zip(header, (28, 8, 7, 18, 14, 8, 60, 44))):
        sheet.write_string(0, col, label, bold)
        sheet.set_column(col, col, width, wrap)
    row = 1
    for r in results:
        if r.error:
            sheet.write_row(row, 0, (r.path, "无法校验", "", "", "", "", r.error, ""))
            row += 1
        for f in r.findings:
            sheet.write_row(row, 0, (r.path, f.severity.value, f.code, f.title, f.sheet or "", f.cell or "",
                                     f.message, f.suggestion))
            row += 1
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row - 1, 1), len(header) - 1)
    book.close()
    return buffer.getvalue()


REPORTERS = {"text": render_text, "json": render_json, "xlsx": render_xlsx}
