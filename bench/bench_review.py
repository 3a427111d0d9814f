"""Benchmark the bureau's batch review (not a test: prints figures, asserts nothing).

    python bench/bench_review.py [--count 200] [--jobs N]

1. Generates ``count`` workbooks (variants of the bundled example and of the clean test form, each with the
   official VBA project) into a temporary folder.
   ``--count 30000`` is the province's year (opt-in; beyond ``--distinct`` the files are byte copies).
2. Runs the review exactly as ``xlperf review -o 汇总.xlsx`` does (all cores, results streamed into the summary
   workbook) and prints the rate, the peak memory, and the cost per workbook beside its anchor measured in the same
   run: a raw python-calamine read of the same files (goal ≤ 3x).
3. On a sample of the same files, python-calamine vs openpyxl (read_only).
"""
from __future__ import annotations

import argparse
import copy
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "rules"))

from harness import good_form  # noqa: E402

from xlperf.checks import RULESET_VERSION  # noqa: E402
from xlperf.files.interchange import load_form  # noqa: E402
from xlperf.form.findings import Severity  # noqa: E402
from xlperf.services.review import review_paths, summary_xlsx  # noqa: E402
from xlperf.template import FIXED_SHEETS, vba_project_for  # noqa: E402
from xlperf.template.builder import workbook_bytes  # noqa: E402

EXAMPLE = ROOT / "examples" / "2021-高新区科技局.json"
DEPARTMENTS = ("高新区科技局", "市教育局", "市卫健委", "市民政局", "市农业农村局", "市交通运输局", "市生态环境局", "市文旅局")


def generate(folder: Path, count: int) -> list[Path]:
    bases = [load_form(EXAMPLE), good_form()]
    projects = {len(b.projects) for b in bases}
    vba = {n: vba_project_for(FIXED_SHEETS + n) for n in projects}
    paths = []
    for i in range(count):
        form = copy.deepcopy(bases[i % len(bases)])
        form.department = f"{DEPARTMENTS[i % len(DEPARTMENTS)]}"
        for j, p in enumerate(form.projects):
            p.name = f"{p.name or '项目'}{i}-{j}"
            if isinstance(p.total, float):
                p.total += i % 7
        path = folder / f"{i:05d}-{form.department}.xlsm"
        path.write_bytes(workbook_bytes(form, vba_project=vba[len(form.projects)]))
        paths.append(path)
    return paths


def read_all_calamine(paths) -> None:
    from python_calamine import CalamineWorkbook

    for p in paths:
        book = CalamineWorkbook.from_filelike(io.BytesIO(p.read_bytes()))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()


def read_all_openpyxl(paths) -> None:
    import openpyxl

    for p in paths:
        wb = openpyxl.load_workbook(io.BytesIO(p.read_bytes()), read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child (a worker), in MB."""
    import resource

    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def review_streamed(folder: Path, jobs):
    """As ``xlperf review -o 汇总.xlsx``: results streamed into the constant-memory summary; none kept."""
    import io as _io

    try:
        from xlperf.services.review import SummaryWriter, collect_inputs, iter_reviews
    except ImportError:  # before issue 15: a list of results, then pandas
        results = review_paths([folder], jobs=jobs, progress=False)
        data = summary_xlsx(results, Severity.ERROR, RULESET_VERSION)
        return [r.seconds for r in results], sum(1 for r in results if r.error), \
            sum(len(r.findings) for r in results), len(data)
    buffer = _io.BytesIO()
    writer = SummaryWriter(buffer, Severity.ERROR, RULESET_VERSION)
    seconds, errors, findings = [], 0, 0
    for r in iter_reviews(collect_inputs([folder]), jobs=jobs, progress=False):
        writer.add(r)
        seconds.append(r.seconds)
        errors += bool(r.error)
        findings += len(r.findings)
    writer.close()
    return seconds, errors, findings, len(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="workbooks (opt-in size: --count 30000)")
    parser.add_argument("--distinct", type=int, default=400,
                        help="workbooks generated; the others are byte copies of them under their own names "
                             "(generating takes ~60 ms each)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    args = parser.parse_args()
    from bench_check import install  # bytecode and regex store compiled once, as scripts/setup.sh leaves them

    install()
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-") as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        seeds = generate(folder, min(args.count, args.distinct))
        for i in range(len(seeds), args.count):
            (folder / f"{i:05d}-copy.xlsm").write_bytes(seeds[i % len(seeds)].read_bytes())
        t = time.perf_counter() - t
        paths = sorted(folder.glob("*.xlsm"))
        size = sum(p.stat().st_size for p in paths[:200]) / min(len(paths), 200) / 1024
        print(f"generated {len(seeds)} workbooks, {len(paths) - len(seeds)} copies ({size:.0f} KB each) in {t:.1f} s; "
              f"{os.cpu_count()} cores")

        jobs = args.jobs or os.cpu_count() or 1
        sample = paths[:: max(1, len(paths) // 400)]  # the anchor: a raw read of (a sample of) the same files
        cal = timed(read_all_calamine, sample) / len(sample)
        start = time.perf_counter()
        seconds, errors, findings, summary = review_streamed(folder, args.jobs)
        total = time.perf_counter() - start
        cal2 = timed(read_all_calamine, sample) / len(sample)
        anchor = (cal + cal2) / 2
        per_file = sorted(seconds)
        median = per_file[len(per_file) // 2]
        me, child = peak_mb()
        print(f"review with the summary workbook ({summary // 1024} KB): {len(paths)} workbooks in {total:.1f} s = "
              f"{len(paths) / total:.1f} workbooks/s; {errors} unreadable, {findings} findings; peak memory "
              f"{me:.0f} MB (main) + {child:.0f} MB (largest worker)")
        print(f"  per workbook (steady state): wall x {jobs} workers = {total * jobs / len(paths) * 1000:.1f} ms, "
              f"in a worker median {median * 1000:.1f} ms; anchor, a raw python-calamine read of the same files "
              f"in one process (before and after): {anchor * 1000:.1f} ms; ratio {total * jobs / len(paths) / anchor:.1f}x "
              f"(wall) / {median / anchor:.1f}x (worker median)  (goal ≤ 3x)")
        if len(paths) <= 1000:
            opx = timed(read_all_openpyxl, sample) / len(sample)
            print(f"  openpyxl read_only on the same sample: {opx * 1000:.1f} ms/workbook; calamine is {opx / anchor:.1f}x faster")


if __name__ == "__main__":
    main()
