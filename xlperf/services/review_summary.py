"""The batch review's consolidated summary: plain tables (项目汇总, 问题明细, 规则命中率, 部门统计, 宏检查), per file
or added up file by file (:class:`RuleTally`, :class:`DepartmentTally`), and the JSON summary. The xlsx workbook is
written by :mod:`xlperf.services.review_xlsx`. :mod:`xlperf.services.review` re-exports :func:`summary_xlsx` and
:func:`summary_json`.
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


class RuleTally:
    """规则命中率, added up one file at a time (the summary is written while the review runs)."""

    def __init__(self) -> None:
        self.readable = 0
        self.files_hit: dict[str, int] = {}
        self.hits: dict[str, int] = {}
        self.titles: dict[str, str] = {}

    def add(self, r: FileReview) -> None:
        if r.error:
            return
        self.readable += 1
        codes = [f["code"] for f in r.findings]
        for code in set(codes):
            self.files_hit[code] = self.files_hit.get(code, 0) + 1
        for code in codes:
            self.hits[code] = self.hits.get(code, 0) + 1
        for f in r.findings:
            self.titles[f["code"]] = f["title"]

    def rows(self) -> list[tuple]:
        from ..checks import all_rules

        catalogue = {rule.code: (rule.title, rule.severity.value) for rule in all_rules()}
        rows = []
        for code in sorted(set(catalogue) | set(self.hits)):
            title, severity = catalogue.get(code, (self.titles.get(code, ""), ""))
            n = self.files_hit.get(code, 0)
            rows.append((code, title, severity, n, self.hits.get(code, 0), (n / self.readable) if self.readable else 0.0))
        rows.sort(key=lambda row: (-row[3], -row[4], row[0]))
        return rows


def rule_rows(results: list[FileReview]) -> list[tuple]:
    """Every rule of the catalogue: files hit, findings, share of the readable files; most frequent first."""
    tally = RuleTally()
    for r in results:
        tally.add(r)
    return tally.rows()


class DepartmentTally:
    """部门统计, added up one file at a time."""

    def __init__(self, threshold: Severity) -> None:
        self.threshold = threshold
        self.table: dict[str, list[int]] = {}
        self.unreadable = 0

    def add(self, r: FileReview) -> None:
        if r.error:
            self.unreadable += 1
            return
        row = self.table.setdefault(r.department or NO_DEPARTMENT, [0] * 7)
        counts = r.counts
        row[0] += 1
        row[1] += len(r.projects)
        for i, severity in enumerate(Severity):
            row[2 + i] += counts[severity.value]
        row[5] += sum(counts.values())
        row[6] += r.status(self.threshold) == STATUS_FIX

    def rows(self) -> list[tuple]:
        rows = [(dept, *values, 0) for dept, values in sorted(self.table.items())]
        if self.unreadable:
            rows.append(("（无法读取的文件）", self.unreadable, 0, 0, 0, 0, 0, 0, self.unreadable))
        return rows


def department_rows(results: list[FileReview], threshold: Severity) -> list[tuple]:
    """Per department (as written in Part 1): files, projects, findings by severity; unreadable files apart."""
    tally = DepartmentTally(threshold)
    for r in results:
        tally.add(r)
    return tally.rows()


def vba_rows(results: list[FileReview]) -> list[tuple]:
    """宏检查: one row per difference (or per file without macros / with an unreadable project)."""
    rows = []
    for r in results:
        if r.error or r.vba_status == VBA_SAME:
            continue
        for text in r.vba_differences or [""]:
            rows.append((r.path, r.department, r.vba_status, text))
    return rows


# ------------------------------------------------------------------ outputs (the xlsx: services.review_xlsx)
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
