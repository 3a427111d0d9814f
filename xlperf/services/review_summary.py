"""The batch review's consolidated summary: plain tables (项目汇总, 问题明细, 规则命中率, 部门统计, 宏检查) rendered as
an xlsx workbook (pandas + XlsxWriter) or as JSON. :mod:`xlperf.services.review` re-exports :func:`summary_xlsx`
and :func:`summary_json`.
"""
from __future__ import annotations

import json
from dataclasses import asdict

from ..form.findings import Severity
from .macros import VBA_SAME
from .review_results import JSON_SCHEMA_VERSION, LEVEL1_COLUMNS, OTHER_LEVEL1, STATUS_FIX, FileReview, ProjectRow

PART1_ROW = "（部门整体）"  # the row holding findings outside any project sheet


# ------------------------------------------------------------------ tables (plain rows, shared by xlsx and json)
PROJECT_COLUMNS = ("文件", "部门", "年度", "项目名称", "工作表", "年度资金总额（万元）", "年度资金总额（原文）",
                   "补助测算合计（万元）", *LEVEL1_COLUMNS, OTHER_LEVEL1, "错误", "警告", "提示", "状态", "文件状态",
                   "宏检查", "说明")
FINDING_COLUMNS = ("文件", "部门", "工作表", "单元格", "规则", "严重程度", "标题", "问题", "修改建议")
RULE_COLUMNS = ("规则", "标题", "默认级别", "命中文件数", "问题数", "文件占比")
DEPARTMENT_COLUMNS = ("部门", "文件数", "项目数", "错误", "警告", "提示", "合计", "需修改文件", "无法读取文件")
VBA_COLUMNS = ("文件", "部门", "宏检查", "说明")
NO_DEPARTMENT = "（未填部门）"


def project_rows(results: list[FileReview], threshold: Severity) -> list[tuple]:
    """项目汇总: per readable file a department row (findings outside project sheets), then one row per project;
    an unreadable file is one row with its error in 说明. 状态 is the row's own status (a project's: findings on
    its sheet; the department row's: findings outside the project sheets); 文件状态 is the whole file's."""
    rows = []
    sev = [s.value for s in Severity]
    for r in results:
        status = r.status(threshold)
        if r.error:
            rows.append((r.path, None, None, None, None, None, None, None, *([None] * 5), None, None, None,
                         status, status, None, r.error))
            continue
        project_sheets = {p.sheet for p in r.projects if p.sheet}
        outside = {s: 0 for s in sev}
        for f in r.findings:
            if f["sheet"] not in project_sheets:
                outside[f["severity"]] += 1
        part1 = ProjectRow(PART1_ROW, None, None, None, None, {}, outside)
        rows.append((r.path, r.department, r.year, PART1_ROW, None, None, None, None, *([None] * 5),
                     *(outside[s] for s in sev), part1.status(threshold), status, r.vba_status, None))
        for p in r.projects:
            rows.append((r.path, r.department, r.year, p.name, p.sheet, p.total, p.total_text, p.funding_total,
                         *(p.level1[k] for k in (*LEVEL1_COLUMNS, OTHER_LEVEL1)),
                         *(p.counts[s] for s in sev), p.status(threshold), status, r.vba_status, None))
    return rows


def finding_rows(results: list[FileReview]) -> list[tuple]:
    return [(r.path, r.department, f["sheet"], f["cell"], f["code"], f["severity"], f["title"], f["message"],
             f["suggestion"]) for r in results for f in r.findings]


def rule_rows(results: list[FileReview]) -> list[tuple]:
    """Every rule of the catalogue: files hit, findings, share of the readable files; most frequent first."""
    from ..checks import all_rules

    readable = [r for r in results if not r.error]
    files_hit: dict[str, int] = {}
    hits: dict[str, int] = {}
    for r in readable:
        codes = [f["code"] for f in r.findings]
        for code in set(codes):
            files_hit[code] = files_hit.get(code, 0) + 1
        for code in codes:
            hits[code] = hits.get(code, 0) + 1
    catalogue = {rule.code: (rule.title, rule.severity.value) for rule in all_rules()}
    titles = {f["code"]: f["title"] for r in readable for f in r.findings}
    rows = []
    for code in sorted(set(catalogue) | set(hits)):
        title, severity = catalogue.get(code, (titles.get(code, ""), ""))
        n = files_hit.get(code, 0)
        rows.append((code, title, severity, n, hits.get(code, 0), (n / len(readable)) if readable else 0.0))
    rows.sort(key=lambda row: (-row[3], -row[4], row[0]))
    return rows


def department_rows(results: list[FileReview], threshold: Severity) -> list[tuple]:
    """Per department (as written in Part 1): files, projects, findings by severity; unreadable files apart."""
    table: dict[str, list[int]] = {}
    sev = [s.value for s in Severity]
    for r in results:
        if r.error:
            continue
        row = table.setdefault(r.department or NO_DEPARTMENT, [0] * 7)
        counts = r.counts
        row[0] += 1
        row[1] += len(r.projects)
        for i, s in enumerate(sev):
            row[2 + i] += counts[s]
        row[5] += sum(counts.values())
        row[6] += r.status(threshold) == STATUS_FIX
    rows = [(dept, *values, 0) for dept, values in sorted(table.items())]
    unreadable = sum(1 for r in results if r.error)
    if unreadable:
        rows.append(("（无法读取的文件）", unreadable, 0, 0, 0, 0, 0, 0, unreadable))
    return rows


def vba_rows(results: list[FileReview]) -> list[tuple]:
    """宏检查: one row per difference (or per file without macros / with an unreadable project)."""
    rows = []
    for r in results:
        if r.error or r.vba_status == VBA_SAME:
            continue
        for text in r.vba_differences or [""]:
            rows.append((r.path, r.department, r.vba_status, text))
    return rows


# ------------------------------------------------------------------ outputs
def shown(value):
    """A text as it can be written (xlsx, JSON, UTF-8): a file name that is not valid UTF-8 (Python carries its
    bytes as lone surrogates) shows the bytes it cannot decode as U+FFFD; anything else is returned unchanged."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            try:
                raw = value.encode("utf-8", "surrogateescape")  # the file name's own bytes
            except UnicodeEncodeError:  # a lone surrogate that stands for no byte
                raw = value.encode("utf-8", "replace")
            return raw.decode("utf-8", "replace")
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(shown(v) for v in value)
    if isinstance(value, dict):
        return {shown(k): shown(v) for k, v in value.items()}
    return value


def summary_xlsx(results: list[FileReview], threshold: Severity, ruleset: str) -> bytes:
    """The summary workbook (pandas + XlsxWriter): five sheets, frozen headers, filters, widths, a chart."""
    import io

    import pandas as pd

    sheets = [
        ("项目汇总", PROJECT_COLUMNS, project_rows(results, threshold)),
        ("问题明细", FINDING_COLUMNS, finding_rows(results)),
        ("规则命中率", RULE_COLUMNS, rule_rows(results)),
        ("部门统计", DEPARTMENT_COLUMNS, department_rows(results, threshold)),
        ("宏检查", VBA_COLUMNS, vba_rows(results)),
    ]
    widths = {
        "文件": 34, "部门": 18, "年度": 7, "项目名称": 28, "工作表": 12, "年度资金总额（万元）": 12,
        "补助测算合计（万元）": 12, "状态": 9, "宏检查": 14, "说明": 60, "单元格": 8, "规则": 7, "严重程度": 9,
        "标题": 24, "问题": 60, "修改建议": 44, "默认级别": 9, "命中文件数": 11, "问题数": 9, "文件占比": 10,
        "文件数": 8, "项目数": 8, "合计": 8, "需修改文件": 11, "无法读取文件": 12, "年度资金总额（原文）": 14,
        "文件状态": 9,
    }
    buffer = io.BytesIO()
    # every text is written as text: a project named '=HYPERLINK("http://…","点我")' in a received workbook must
    # not become a live formula (or a link) in the bureau's summary
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        book = writer.book
        book.set_properties({"title": "预算绩效目标审核汇总", "comments": f"xlperf 规则集 {ruleset}"})
        header = book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True,
                                  "valign": "vcenter"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        money = book.add_format({"num_format": "0.00##", "valign": "top"})
        percent = book.add_format({"num_format": "0.0%", "valign": "top"})
        for name, columns, rows in sheets:
            frame = pd.DataFrame([shown(row) for row in rows], columns=list(columns))
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for col, label in enumerate(columns):
                sheet.write(0, col, label, header)
                fmt = money if "万元" in label else percent if label == "文件占比" else wrap
                sheet.set_column(col, col, widths.get(label, 8), fmt)
            sheet.set_row(0, 30)
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)
            # printable: A4 landscape, one page wide, the header row on every page
            sheet.set_paper(9)
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
            sheet.repeat_rows(0)
        _department_chart(book, writer.sheets["部门统计"], sheets[3][2])
    return buffer.getvalue()


def _department_chart(book, sheet, rows: list[tuple]) -> None:
    """A stacked column chart of findings per department by severity (a native Excel chart)."""
    rows = [r for r in rows if r[0] != "（无法读取的文件）"]
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    colours = {"错误": "#C00000", "警告": "#FFC000", "提示": "#5B9BD5"}
    last = max(len(rows), 1)
    for i, severity in enumerate(("错误", "警告", "提示")):
        col = DEPARTMENT_COLUMNS.index(severity)
        chart.add_series({
            "name": ["部门统计", 0, col],
            "categories": ["部门统计", 1, 0, last, 0],
            "values": ["部门统计", 1, col, last, col],
            "fill": {"color": colours[severity]},
            "gap": 80,
        })
    chart.set_title({"name": "各部门问题数（按严重程度）"})
    chart.set_x_axis({"name": "部门"})
    chart.set_y_axis({"name": "问题数", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 400})
    sheet.insert_chart(1, len(DEPARTMENT_COLUMNS) + 1, chart)


def summary_json(results: list[FileReview], threshold: Severity, ruleset: str) -> str:
    """The same content as JSON (docs/review-json.md)."""
    def records(columns, rows):
        return [dict(zip(columns, row)) for row in rows]

    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "ruleset": ruleset,
        "fail_on": threshold.value,
        "files": [{"path": r.path, "status": r.status(threshold), "error": r.error, "department": r.department,
                   "year": r.year, "counts": r.counts if not r.error else None, "vba": r.vba_status,
                   "vba_differences": r.vba_differences,
                   "projects": [{**asdict(p), "status": p.status(threshold)} for p in r.projects],
                   "findings": r.findings} for r in results],
        "rules": records(RULE_COLUMNS, rule_rows(results)),
        "departments": records(DEPARTMENT_COLUMNS, department_rows(results, threshold)),
    }
    return json.dumps(shown(data), ensure_ascii=False, indent=2) + "\n"
