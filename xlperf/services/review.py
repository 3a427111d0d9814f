"""The finance bureau's batch review: check every received workbook and build one consolidated summary.

::

    results = review_paths(["收件箱/"], jobs=None)   # one FileReview per workbook, in input order
    data = summary_xlsx(results, threshold)            # 项目汇总 · 问题明细 · 规则命中率 · 部门统计 · 宏检查
    for r in iter_reviews(collect_inputs(["收件箱/"])):  # a large batch: each result handed on as it comes
        writer.add(r)                                   # (review_xlsx.SummaryWriter, constant memory)

Each file is reviewed on its own (:func:`review_file`): ``load_checked`` first (size, zip-bomb, XML-entity and
dimension limits), then the reader, the rule engine and the VBA comparison with the official template. A file
that cannot be read becomes a ``FileReview`` with its Chinese error; the batch goes on. Files are spread over
all cores with ``ProcessPoolExecutor``; a worker returns plain data (dicts, lists, strings, numbers), never model
objects. Macros are never executed: VBA modules are only *read* (oletools, strict) and compared as text.

Amounts in the summary are recomputed: 补助测算合计 is Σ ``money.funding_amount`` over the project's lines, the
function the workbook's native formula mirrors; cached formula results are never read. 年度资金总额 is a number
in 万元 (``money.parse_amount_wan``: "1580万元", "5.6万", "56000元"), with the text as typed kept beside it when it
was not a plain number. Every text goes into the summary as text, never as a formula or a link.

Where the code lives: this module reads the inputs and runs the workers; :mod:`~xlperf.services.review_results`
holds the plain result data, :mod:`~xlperf.services.review_summary` the summary tables and JSON,
:mod:`~xlperf.services.review_xlsx` the summary workbook (written in constant memory).
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator

from ..form.findings import Severity
from .macros import official_vba_modules, vba_check
from .review_results import LEVEL1_COLUMNS, OTHER_LEVEL1, STATUS_FIX, FileReview, ProjectRow
from .review_summary import summary_json
from .review_xlsx import SummaryWriter, summary_xlsx

__all__ = [
    "WORKBOOK_SUFFIXES",
    "FileReview",
    "ProjectRow",
    "SummaryWriter",
    "collect_inputs",
    "funding_total",
    "iter_reviews",
    "official_vba_modules",
    "review_file",
    "review_paths",
    "scan_inputs",
    "summary_json",
    "summary_xlsx",
    "vba_check",
]

#: suffixes picked up when a folder is searched; .xls/.xlsb/.et/.ods are listed too, so that a department
#: that sent the wrong format gets a 无法读取 row saying so instead of silently missing from the summary; any
#: other file (.csv, .pdf …) in a folder is skipped; Word forms (.docx) are read by the Word reader
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".docx")
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".xlsb", ".et", ".ods")


# ------------------------------------------------------------------ inputs
def collect_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Expand folders (recursively, sorted) into workbook files; files named explicitly are kept as given.

    Office lock files (``~$…``) and hidden files inside folders are skipped; a path given twice is reviewed
    once. A path that does not exist is kept: reviewing it yields its "找不到文件" row (``xlperf review`` refuses
    such a path before any work). :func:`scan_inputs` also says which files were skipped and why.
    """
    return scan_inputs(paths)[0]


def scan_inputs(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[tuple[str, str]]]:
    """(the files :func:`collect_inputs` returns, the files skipped in folders as (path, reason)); hidden files
    and folders are skipped without a word (``.DS_Store``, ``.git``)."""
    out: list[str] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    wanted = WORKBOOK_SUFFIXES + OTHER_SPREADSHEET_SUFFIXES

    def add(p: str) -> None:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        p = os.fspath(raw)
        if not os.path.isdir(p):
            add(p)
            continue
        found = []
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = os.path.join(root, name)
                if name.startswith("~$"):
                    skipped.append((path, "Office 锁定文件（文件正在被打开时生成），不是工作簿"))
                elif name.startswith("."):
                    continue
                elif not name.lower().endswith(wanted):
                    skipped.append((path, f"不是工作簿（{Path(name).suffix or '无扩展名'}）"))
                else:
                    found.append(path)
        for f in sorted(found):
            add(f)
    return out, skipped


# ------------------------------------------------------------------ one file (runs in a worker process)
def funding_total(project) -> float | None:
    """Σ of the project's 补助测算 amounts (万元), each ``FundingLine.amount()`` — what the workbook's amount formula
    (``XP_SUBSIDY_LINE``) computes; lines that do not compute are skipped."""
    amounts = []
    for line in project.funding:
        try:
            amounts.append(line.amount())
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
    """Review every workbook under ``paths``; results in input order (all of them in memory: for a large batch
    use :func:`iter_reviews` and hand each result on, as ``xlperf review`` does).

    ``jobs``: worker processes (default: all cores; 1 = in this process). ``progress``: draw a progress line
    on stderr (default: only when stderr is a terminal).
    """
    return list(iter_reviews(collect_inputs(paths), config, jobs=jobs, progress=progress))


def iter_reviews(files: list[str], config=None, *, jobs: int | None = None,
                 progress: bool | None = None) -> Iterator[FileReview]:
    """Review ``files`` (already collected), yielding each result in input order as soon as it and those before it
    are done; at most a few results per worker are held at any time, so memory does not grow with the batch."""
    if progress is None:
        progress = sys.stderr.isatty()
    jobs = max(1, jobs or os.cpu_count() or 1)
    bar = _Progress(len(files)) if progress else None
    if jobs == 1 or len(files) <= 1:
        for f in files:
            result = _review_safely(f, config)
            if bar:
                bar.step(f)
            yield result
    else:
        yield from _pooled(files, config, min(jobs, len(files)), bar)
    if bar:
        bar.done()


def _pooled(files: list[str], config, jobs: int, bar) -> Iterator[FileReview]:
    window = jobs * 8  # submitted but not yet handed on
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: dict[int, Future] = {}
        submitted = 0
        for i in range(len(files)):
            while submitted < len(files) and submitted < i + window:
                pending[submitted] = pool.submit(_review_safely, files[submitted], config)
                submitted += 1
            future = pending.pop(i)
            try:
                result = future.result()
            except Exception as err:  # a worker died (killed, out of memory): keep the row, go on
                result = FileReview(path=files[i], error=f"审核进程异常退出（{type(err).__name__}）",
                                    error_kind="WorkerError")
            if bar:
                bar.step(files[i])
            yield result


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


def exit_status(results: list[FileReview], threshold: Severity) -> int:
    """As ``xlperf check``: 2 when a file could not be read, else 1 when a finding reaches ``threshold``, else 0."""
    if any(r.error for r in results):
        return 2
    return 1 if any(r.status(threshold) == STATUS_FIX for r in results) else 0
