"""How right the checks are on real forms (not a test: prints figures; tests/test_fidelity.py keeps the totals).

    python bench/bench_fidelity.py            # per form and in total
    python bench/bench_fidelity.py --unmatched  # also every finding no reviewer list accounts for

Each form of tests/corpus/ (real published 绩效目标表, transcribed) is built into a workbook with the template,
checked through the one pipeline, and its findings are matched to the reviewer's list in review.yaml, written
before xlperf was run on it:
* a problem is *found* when a finding sits on its cell (any code when the list names none, else one of its
  codes; a finding about several cells sits on each of them, as it marks each) or, for a problem without a cell of its own, when one of its codes is reported on that project's sheet;
* a *false alarm* is a finding on a place the list calls sound (any of its cells);
* an *unmatched* finding is neither: printed for review (the list may have missed a real problem).
Recall is given separately for structural and for value/meaning problems.

The corpus forms were published in other provinces' layouts. ``layout.yaml`` beside each names the fields that
layout has no place for (read off SOURCE.md's mapping); they are set on the projects read back from the built
workbook, as the label-driven reader (files.foreign) sets ``Project.absent`` when it reads such a form — so a
form is checked as it would be when received in its own layout, while its findings point into our template.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "corpus"

from xlperf import checks  # noqa: E402
from xlperf.files.interchange import load_form  # noqa: E402
from xlperf.services.check import read_path  # noqa: E402
from xlperf.template import write_filled  # noqa: E402


@dataclass
class FormScore:
    form: str
    projects: int
    found: dict[str, int] = field(default_factory=lambda: {"structural": 0, "value": 0})
    total: dict[str, int] = field(default_factory=lambda: {"structural": 0, "value": 0})
    false_alarms: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def _place(form, where: dict):
    """(sheet, cell or None) of a review entry's ``where`` in the checked workbook's form."""
    project = form.projects[where.get("project", 0)] if form.projects else None
    if project is None:
        return None, None
    fld = where.get("field")
    if "indicator" in where and where["indicator"] < len(project.indicators):
        ref = project.indicators[where["indicator"]].cells.get(fld)
    else:
        ref = project.cells.get(fld)
    return project.sheet, (ref.cell if ref else None)


def _cells(f) -> tuple:
    """Every cell a finding is about (and marks): its own and, for a multi-cell finding, the others."""
    return (f.cell, *f.cells)


def score(folder: Path, workdir: Path) -> FormScore:
    review = yaml.safe_load((folder / "review.yaml").read_text(encoding="utf-8"))
    book = write_filled(load_form(folder / "form.json"), workdir / f"{folder.name}.xlsm")
    form = read_path(book)
    layout = folder / "layout.yaml"
    absent = frozenset((yaml.safe_load(layout.read_text(encoding="utf-8")) or {}).get("absent") or []) \
        if layout.exists() else frozenset()
    for project in form.projects:
        project.absent = absent
    findings = checks.run_checks(form)
    result = FormScore(folder.name, max(1, len(form.projects)))
    claimed: set[int] = set()
    for problem in review.get("problems") or []:
        kind = "structural" if problem.get("kind") == "structural" else "value"
        result.total[kind] += 1
        sheet, cell = _place(form, problem.get("where") or {})
        codes = set(problem.get("codes") or [])
        hits = [i for i, f in enumerate(findings)
                if (cell is not None and f.sheet == sheet and cell in _cells(f) and (not codes or f.code in codes))
                or (codes and f.code in codes and f.sheet == sheet and (cell is None or f.cell is None))]
        if hits:
            result.found[kind] += 1
            claimed.update(hits)
    sound = {_place(form, entry.get("where") or {}) for entry in review.get("sound") or []}
    for i, f in enumerate(findings):
        if i in claimed:
            continue
        line = f"{f.code} {f.sheet}!{f.cell or ''} {f.message}"
        if any((f.sheet, c) in sound for c in _cells(f)):
            result.false_alarms.append(line)
        else:
            result.unmatched.append(line)
    return result


def run_corpus() -> list[FormScore]:
    with tempfile.TemporaryDirectory() as tmp:
        return [score(folder, Path(tmp)) for folder in sorted(CORPUS.iterdir()) if (folder / "form.json").exists()]


def totals(scores: list[FormScore]) -> dict[str, float]:
    found = {k: sum(s.found[k] for s in scores) for k in ("structural", "value")}
    total = {k: sum(s.total[k] for s in scores) for k in ("structural", "value")}
    projects = sum(s.projects for s in scores)
    return {
        "forms": len(scores), "projects": projects, "problems": sum(total.values()),
        "recall": sum(found.values()) / max(1, sum(total.values())),
        "recall_structural": found["structural"] / max(1, total["structural"]),
        "recall_value": found["value"] / max(1, total["value"]),
        "false_alarms_per_project": sum(len(s.false_alarms) for s in scores) / max(1, projects),
        "unmatched_per_project": sum(len(s.unmatched) for s in scores) / max(1, projects),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unmatched", action="store_true", help="list the findings no reviewer entry accounts for")
    args = parser.parse_args(argv)
    scores = run_corpus()
    print(f"{'form':34} {'struct':>8} {'value':>8} {'false':>6} {'unmatched':>9}")
    for s in scores:
        print(f"{s.form:34} {s.found['structural']:>3}/{s.total['structural']:<4} {s.found['value']:>3}/"
              f"{s.total['value']:<4} {len(s.false_alarms):>6} {len(s.unmatched):>9}")
        for line in s.false_alarms:
            print(f"    误报 {line}")
        if args.unmatched:
            for line in s.unmatched:
                print(f"    未对应 {line}")
    t = totals(scores)
    print(f"\n{t['forms']} forms, {t['projects']} projects, {t['problems']} problems on the reviewers' lists")
    print(f"recall {t['recall']:.0%} (structural {t['recall_structural']:.0%}, value/meaning {t['recall_value']:.0%});"
          f" false alarms {t['false_alarms_per_project']:.2f} per project (goal ≤ 0.3);"
          f" unmatched findings {t['unmatched_per_project']:.2f} per project")


if __name__ == "__main__":
    main()
