"""Reporters: findings of one or more workbooks as text, JSON or an .xlsx table.

A reporter takes a list of ``BookResult`` and returns the bytes/text to write; ``REPORTERS`` maps the
``--format`` name to it. JSON schema: docs/check-json.md.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..form.findings import Finding, Severity, count_by_severity
from ..form.marks import ordered
from ..text.widths import wrap_columns

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


#: ANSI colours of the severities on a terminal: red, yellow, cyan (bold for 错误)
SEVERITY_ANSI = {Severity.ERROR: "1;31", Severity.WARNING: "33", Severity.INFO: "36"}
INDENT = "      "  # where a wrapped finding and its 建议 continue


@dataclass(frozen=True)
class TextStyle:
    """How the text report is laid out: ANSI ``color`` (a terminal without NO_COLOR), lines wrapped at ``width``
    terminal columns (None: not wrapped), ``brief`` one line per finding."""

    color: bool = False
    width: int | None = None
    brief: bool = False


def render_text(results: list[BookResult], ruleset: str, style: TextStyle = TextStyle(),
                outputs: tuple[str, ...] = ()) -> str:
    """Per file, its findings most important first (:func:`~xlperf.form.marks.ordered`: 错误 → 警告 → 提示, then
    sheet, then cell), each naming its sheet and cell; then ``outputs`` (e.g. "已标注：…") and the totals, last."""
    lines: list[str] = []
    for result in results:
        lines += _brief_lines(result, style) if style.brief else _file_lines(result, style)
    lines += outputs
    lines.append(_totals(results, ruleset, style))
    return "\n".join(lines) + "\n"


def _file_lines(result: BookResult, style: TextStyle) -> list[str]:
    lines = [f"== {result.path}"]
    if result.read_as_text:
        lines += ["   " + line for line in result.read_as_text.rstrip("\n").splitlines()]
    if result.error:
        return lines + _wrap(f"   无法校验：{result.error}", style) + [""]
    if not result.findings:
        lines.append("   未发现问题。")
    for f in ordered(result.findings):
        head = f"  {f.severity.value} {f.code} {_where(f) or '（无位置）'}  {f.title}：{f.message}"
        lines += _paint(_wrap(head, style), f.severity, style)
        if f.suggestion:
            lines += _wrap(f"{INDENT}建议：{f.suggestion}", style)
    return lines + [""]


def _brief_lines(result: BookResult, style: TextStyle) -> list[str]:
    """``file:sheet!cell severity code message``, one line each, never wrapped."""
    if result.error:
        return [f"{result.path}: 无法校验 {_one_line(result.error)}"]
    lines = []
    for f in ordered(result.findings):
        where = _where(f)
        line = f"{result.path}{':' + where if where else ''} {f.severity.value} {f.code} {_one_line(f.message)}"
        lines += _paint([line], f.severity, style)
    return lines


def _where(f: Finding) -> str:
    return f"{f.sheet}!{f.cell}" if f.sheet and f.cell else f.sheet or f.cell or ""


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _wrap(text: str, style: TextStyle) -> list[str]:
    if style.width is None:
        return [text]
    out: list[str] = []
    for i, part in enumerate(text.split("\n")):
        out += wrap_columns(part if i == 0 else INDENT + part, style.width, INDENT)
    return out


def _paint(lines: list[str], severity: Severity, style: TextStyle) -> list[str]:
    """The severity word of a finding's first line in its colour (after wrapping: escapes take no columns)."""
    if not style.color:
        return lines
    word = severity.value
    first = lines[0].replace(word, f"\x1b[{SEVERITY_ANSI[severity]}m{word}\x1b[0m", 1)
    return [first, *lines[1:]]


def _totals(results: list[BookResult], ruleset: str, style: TextStyle) -> str:
    total = {s: 0 for s in Severity}
    for result in results:
        for s, n in result.counts.items():
            total[s] += n
    failed = sum(1 for r in results if r.error)
    parts = []
    for s in Severity:
        part = f"{s.value} {total[s]}"
        parts.append(f"\x1b[{SEVERITY_ANSI[s]}m{part}\x1b[0m" if style.color and total[s] else part)
    tail = f"；{failed} 个文件无法校验" if failed else ""
    return f"共 {len(results)} 个文件：{'，'.join(parts)}{tail}（规则集 {ruleset}）"


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
