"""Benchmark the check path (not a test: prints figures, asserts nothing).

    python bench/bench_check.py

1. The rule engine alone on a synthetic 200-project submission (goal ≤ 100 ms), and its first run in a fresh
   process (goal ≤ 50 ms).
2. `xlperf check` on the bundled example as a whole process, start-up included, beside its anchor measured in the
   same run: a raw python-calamine read of the same file as a whole process (goal ≤ 2.5x).
3. What the check path imports (pandas and xlwings must stay off it).
"""
from __future__ import annotations

import copy
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "rules"))

from harness import good_form  # noqa: E402

from xlperf.checks import run_checks  # noqa: E402
from xlperf.files.reader import read_workbook  # noqa: E402

EXAMPLE = ROOT / "examples" / "2021-高新区科技局.xlsm"


def synthetic(projects: int = 200):
    """A submission of ``projects`` projects: the example's (flawed) projects and the clean ones, repeated."""
    example = read_workbook(EXAMPLE)
    base = example.projects + good_form().projects
    form = copy.deepcopy(example)
    form.projects = []
    for i in range(projects):
        p = copy.deepcopy(base[i % len(base)])
        p.name = f"{p.name}{i}"
        if p.purpose:  # distinct texts, so per-text caches do not flatter the figure
            p.purpose = f"{p.purpose}（第{i}项）"
        form.projects.append(p)
    return form


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def install() -> None:
    """As scripts/setup.sh leaves an installation: bytecode compiled once, the regex store built once."""
    import compileall

    from xlperf.text.regex_store import build

    compileall.compile_dir(ROOT / "xlperf", quiet=1)
    print(f"installed as scripts/setup.sh does: bytecode compiled, {build()} regular expressions stored")


def main() -> None:
    install()
    form = synthetic()
    run_checks(form)  # warm up: rule modules imported, regexes compiled

    def cold_run():  # per-text caches emptied: each run parses every text again, as a fresh process would
        from xlperf.rules import progress
        from xlperf.text import claims, normalize

        claims._find_claims_cached.cache_clear()
        claims.reconcile.cache_clear()
        normalize._squash_text.cache_clear()
        progress._sound_percentages.cache_clear()
        run_checks(form)

    times = timed(cold_run, 15)
    findings = len(run_checks(form))
    print(f"rule engine, 200 projects ({findings} findings): median {statistics.median(times) * 1000:.1f} ms, "
          f"min {min(times) * 1000:.1f} ms  (goal ≤ 100 ms)")

    fresh = ("import time, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; from bench_check import synthetic; "
             "form = synthetic(); t = time.perf_counter(); from xlperf.checks import run_checks; run_checks(form); "
             "print((time.perf_counter() - t) * 1000)")
    firsts = [float(subprocess.run([sys.executable, "-c", fresh, str(ROOT), str(ROOT / "bench")], capture_output=True,
                                   text=True, cwd=ROOT).stdout) for _ in range(5)]
    print(f"rule engine, 200 projects, first run in a fresh process (import of the rules included): median "
          f"{statistics.median(firsts):.0f} ms, min {min(firsts):.0f} ms  (goal ≤ 50 ms)")

    cmd = [sys.executable, "-m", "xlperf", "check", str(EXAMPLE), "--format", "json"]
    raw = [sys.executable, "-c", "import sys; from python_calamine import CalamineWorkbook as B; b = B.from_path(sys.argv[1]); "
           "[b.get_sheet_by_name(n).to_python() for n in b.sheet_names]", str(EXAMPLE)]
    walls, anchors = [], []
    for _ in range(9):  # interleaved, so both see the same load
        walls += timed(lambda: subprocess.run(cmd, capture_output=True, cwd=ROOT), 1)
        anchors += timed(lambda: subprocess.run(raw, capture_output=True, cwd=ROOT), 1)
    check, anchor = statistics.median(walls), statistics.median(anchors)
    print(f"xlperf check on the example, whole process: median {check * 1000:.0f} ms, min {min(walls) * 1000:.0f} ms; "
          f"anchor, a raw python-calamine read of it as a whole process: median {anchor * 1000:.0f} ms, "
          f"min {min(anchors) * 1000:.0f} ms; ratio {check / anchor:.1f}x (goal ≤ 2.5x)")

    probe = ("import sys; from xlperf.cli import main; main(['check', sys.argv[1], '--format', 'json', '-o', "
             "'/dev/null']); print(' '.join(m for m in ('pandas', 'xlwings', 'openpyxl', 'numpy') if m in sys.modules) or 'none')")
    heavy = subprocess.run([sys.executable, "-c", probe, str(EXAMPLE)], capture_output=True, text=True, cwd=ROOT)
    print(f"heavy modules imported on the check path: {heavy.stdout.strip()}")


if __name__ == "__main__":
    main()
