"""The finance bureau's batch review: check every received workbook and build one consolidated summary.

::

    results = review_paths(["收件箱/"], jobs=None)   # one FileReview per workbook, in input order
    data = summary_xlsx(results, threshold)            # 项目汇总 · 问题明细 · 规则命中率 · 部门统计 · 宏检查

Each file is reviewed on its own (:func:`review_file`): ``load_checked`` first (size, zip-bomb, XML-entity and
dimension limits), then the reader, the rule engine and the VBA comparison with the official template. A file
that cannot be read becomes a ``FileReview`` with its Chinese error; the batch goes on. Files are spread over
all cores with ``ProcessPoolExecutor``; a worker returns plain data (dicts, lists, strings, numbers), never model
objects. Macros are never executed: VBA modules are only *read* (oletools, strict) and compared as text.

Amounts in the summary are recomputed: 补助测算合计 is Σ ``money.funding_amount`` over the project's lines, the
function the workbook's native formula mirrors; cached formula results are never read. 年度资金总额 is a number
in 万元 (``money.parse_amount_wan``: "1580万元", "5.6万", "56000元"), with the text as typed kept beside it when it
was not a plain number. Every text goes into the summary as text, never as a formula or a link.
"""
from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

from ..form.findings import Severity
from .macros import VBA_SAME, official_vba_modules, vba_check

__all__ = [
    "WORKBOOK_SUFFIXES",
    "FileReview",
    "ProjectRow",
    "collect_inputs",
    "funding_total",
    "official_vba_modules",
    "review_file",
    "review_paths",
    "summary_json",
    "summary_xlsx",
    "vba_check",
]

#: suffixes picked up when a folder is searched; .xls/.xlsb/.et/.ods are listed too, so that a department
#: that sent the wrong format gets a 无法读取 row saying so instead of silently missing from the summary; any
#: other file (.csv, .pdf, .docx …) in a folder is skipped
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".xlsb", ".et", ".ods")
LEVEL1_COLUMNS = ("产出指标", "成本指标", "效益指标", "满意度指标")
OTHER_LEVEL1 = "其他一级"  # 一级 names the taxonomy does not recognise (typos, blanks)
PART1_ROW = "（部门整体）"  # the row holding findings outside any project sheet

STATUS_PASS, STATUS_FIX, STATUS_UNREADABLE = "通过", "需修改", "无法读取"
JSON_SCHEMA_VERSION = 2  # 2: projects[].total is in 万元 (a number or null), total_text and status added


@dataclass
class ProjectRow:
    """One project of a reviewed workbook (plain data)."""

    name: str | None
    sheet: str | None
    total: float | None  # 年度资金总额 in 万元 (money.parse_amount_wan: "1580万元", "5.6万", "56000元" …)
    total_text: str | None  # the text typed, when it was not a plain number (else None)
    funding_total: float | None  # Σ money.funding_amount over its 补助测算 lines; None when no line computes
    level1: dict[str, int]  # canonical 一级 (or OTHER_LEVEL1) → number of indicator rows
    counts: dict[str, int]  # severity value → findings on this project's sheet

    def status(self, threshold: Severity) -> str:
        """This project's own status: 需修改 when a finding on its sheet reaches ``threshold``, else 通过."""
        return STATUS_FIX if any(n for sev, n in self.counts.items() if Severity(sev).rank >= threshold.rank) \
            else STATUS_PASS


@dataclass
class FileReview:
    """The outcome for one file (plain data, picklable; ``findings`` are ``Finding.as_dict()`` dicts)."""

    path: str
    error: str | None = None
    error_kind: str | None = None
    department: str | None = None
    year: float | str | None = None
    projects: list[ProjectRow] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    vba_status: str | None = None
    vba_differences: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f["severity"]] += 1
        return counts

    def status(self, threshold: Severity) -> str:
        if self.error:
            return STATUS_UNREADABLE
        worst = max((Severity(f["severity"]).rank for f in self.findings), default=0)
        return STATUS_FIX if worst >= threshold.rank else STATUS_PASS

    def as_dict(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------ inputs
def collect_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Expand folders (recursively, sorted) into workbook files; files named explicitly are kept as given.

    Office lock files (``~$…``) and hidden files inside folders are skipped; a path given twice is reviewed
    once. A path that does not exist is kept: reviewing it yields its "找不到文件" row.
    """
    out: list[str] = []
    seen: set[str] = set()
    wanted = WORKBOOK_SUFFIXES + OTHER_SPREADSHEET_SUFFIXES

    def add(p: str) -> None:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        p = os.fspath(raw)
        if os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith(("~$", ".")) or not name.lower().endswith(wanted):
                        continue
                    found.append(os.path.join(root, name))
            for f in sorted(found):
                add(f)
        else:
            add(p)
    return out


# ------------------------------------------------------------------ one file (runs in a worker process)
def funding_total(project) -> float | None:
    """Σ of the project's 补助测算 amounts (万元), each ``money.funding_amount(数量, 标准, 标准单位, 数量单位)`` exactly as the
    workbook's amount formula (``XP_SUBSIDY_LINE``) computes it; lines that do not compute are skipped."""
    from ..text import money

    amounts = []
    for line in project.funding:
        try:
            amounts.append(money.funding_amount(line.quantity, line.standard, line.standard_unit, line.quantity_unit))
        except ValueError:  # a 标准单位 that is not money: the cell shows an error, the sum skips it
            continue
    amounts = [a for a in amounts if a is not None]
    return round(sum(amounts), 8) + 0.0 if amounts else None


def project_total(value) -> tuple[float | None, str | None]:
    """(年度资金总额 in 万元, the original text when it was not a plain number) of a project's total as read."""
    from ..text import money

    if value is None:
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) + 0.0, None
    text = str(value)
    amount = money.parse_amount_wan(text)
    return (None if amount is None else round(amount, 8) + 0.0), text


def review_file(path: str, config=None) -> FileReview:
    """Check one file; never raises for a bad input (the error becomes part of the result)."""
    from ..form.errors import XlperfError
    from ..form.taxonomy import canonical_level1
    from .check import check_path

    start = time.perf_counter()
    result = FileReview(path=str(path))
    try:
        checked = check_path(path, config, macros=True)
    except XlperfError as err:
        result.error, result.error_kind = err.message, type(err).__name__
        result.seconds = time.perf_counter() - start
        return result
    form, findings = checked.form, checked.findings
    result.department = form.department
    result.year = int(form.year) if isinstance(form.year, float) and form.year.is_integer() else form.year
    result.findings = [f.as_dict() for f in findings]
    for project in form.projects:
        level1 = {name: 0 for name in (*LEVEL1_COLUMNS, OTHER_LEVEL1)}
        for ind in project.indicators:
            level1[canonical_level1(ind.level1) or OTHER_LEVEL1] += 1
        counts = {s.value: 0 for s in Severity}
        for f in findings:
            if project.sheet and f.sheet == project.sheet:
                counts[f.severity.value] += 1
        total, total_text = project_total(project.total)
        result.projects.append(ProjectRow(project.name, project.sheet, total, total_text, funding_total(project),
                                          level1, counts))
    result.vba_status, result.vba_differences = checked.macros
    result.seconds = time.perf_counter() - start
    return result


def _review_safely(path: str, config) -> FileReview:
    """:func:`review_file`, with a bug in xlperf turned into a row instead of killing the batch."""
    try:
        return review_file(path, config)
    except Exception as err:  # noqa: BLE001 — one bad file must not stop a batch of hundreds
        return FileReview(path=str(path), error=f"xlperf 内部错误（{type(err).__name__}: {err}），请连同此文件报告",
                          error_kind="InternalError")


# ------------------------------------------------------------------ many files
def review_paths(paths: Iterable[str | os.PathLike[str]], config=None, *, jobs: int | None = None,
                 progress: bool | None = None) -> list[FileReview]:
    """Review every workbook under ``paths``; results in input order.

    ``jobs``: worker processes (default: all cores; 1 = in this process). ``progress``: draw a progress line
    on stderr (default: only when stderr is a terminal).
    """
    files = collect_inputs(paths)
    if progress is None:
        progress = sys.stderr.isatty()
    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = _Progress(len(files)) if progress else None
    results: list[FileReview | None] = [None] * len(files)
    if jobs == 1 or len(files) <= 1:
        for i, f in enumerate(files):
            results[i] = _review_safely(f, config)
            if bar:
                bar.step(f)
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
            futures = {pool.submit(_review_safely, f, config): i for i, f in enumerate(files)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    results[i] = future.result()
                except Exception as err:  # a worker died (killed, out of memory): keep the row, go on
                    results[i] = FileReview(path=files[i], error=f"审核进程异常退出（{type(err).__name__}）",
                                            error_kind="WorkerError")
                if bar:
                    bar.step(files[i])
    if bar:
        bar.done()
    return [r for r in results if r is not None]


class _Progress:
    """A one-line progress bar on stderr (``\\r``), for terminals only."""

    def __init__(self, total: int, width: int = 30):
        self.total, self.width, self.n, self.start = total, width, 0, time.perf_counter()

    def step(self, name: str) -> None:
        self.n += 1
        filled = self.width * self.n // max(self.total, 1)
        rate = self.n / max(time.perf_counter() - self.start, 1e-9)
        label = Path(name).name.replace("\n", " ")
        label = label if len(label) <= 24 else label[:23] + "…"
        sys.stderr.write(f"\r审核 [{'#' * filled}{'.' * (self.width - filled)}] {self.n}/{self.total} "
                         f"{rate:.1f} 个/秒 {label}\x1b[K")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


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
            frame = pd.DataFrame(list(rows), columns=list(columns))
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
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def exit_status(results: list[FileReview], threshold: Severity) -> int:
    """As ``xlperf check``: 2 when a file could not be read, else 1 when a finding reaches ``threshold``, else 0."""
    if any(r.error for r in results):
        return 2
    return 1 if any(r.status(threshold) == STATUS_FIX for r in results) else 0
