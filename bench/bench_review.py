"""Benchmark the bureau's batch review (not a test: prints figures, asserts nothing).

    python bench/bench_review.py [--count 200] [--jobs N]

1. Generates ``count`` workbooks (variants of the bundled example and of the clean test form, each with the
   official VBA project) into a temporary folder.
2. Runs the review exactly as ``xlperf review`` does (all cores, summary workbook built) and prints the rate in
   workbooks/s (goal ≥ 10/s on a 2-core machine).
3. On the same files, times reading every sheet's values with python-calamine and with openpyxl (read_only).
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

from xlperf.template.builder import workbook_bytes  # noqa: E402
from xlperf.checks import RULESET_VERSION  # noqa: E402
from xlperf.form.findings import Severity  # noqa: E402
from xlperf.files.interchange import load_form  # noqa: E402
from xlperf.services.review import review_paths, summary_xlsx  # noqa: E402
from xlperf.template import FIXED_SHEETS, vba_project_for  # noqa: E402

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
        path = folder / f"{i:03d}-{form.department}.xlsm"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-") as tmp:
        folder = Path(tmp)
        t = timed(generate, folder, args.count)
        paths = sorted(folder.glob("*.xlsm"))
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        print(f"generated {len(paths)} workbooks ({size:.0f} KB each) in {t:.1f} s; {os.cpu_count()} cores")

        start = time.perf_counter()
        results = review_paths([folder], jobs=args.jobs, progress=False)
        reviewed = time.perf_counter() - start
        summary = summary_xlsx(results, Severity.ERROR, RULESET_VERSION)
        total = time.perf_counter() - start
        errors = sum(1 for r in results if r.error)
        findings = sum(len(r.findings) for r in results)
        print(f"review: {len(results)} workbooks in {reviewed:.2f} s = {len(results) / reviewed:.1f} workbooks/s "
              f"(goal >= 10/s); with the summary workbook ({len(summary) // 1024} KB): {total:.2f} s = "
              f"{len(results) / total:.1f} workbooks/s; {errors} unreadable, {findings} findings")
        per_file = sorted(r.seconds for r in results)
        print(f"  per workbook in a worker: median {per_file[len(per_file) // 2] * 1000:.0f} ms, "
              f"max {per_file[-1] * 1000:.0f} ms")

        cal = timed(read_all_calamine, paths)
        opx = timed(read_all_openpyxl, paths)
        print(f"read all sheets' values, one process: python-calamine {cal:.2f} s "
              f"({cal / len(paths) * 1000:.1f} ms/workbook); openpyxl read_only {opx:.2f} s "
              f"({opx / len(paths) * 1000:.1f} ms/workbook); calamine is {opx / cal:.1f}x faster")


if __name__ == "__main__":
    main()
