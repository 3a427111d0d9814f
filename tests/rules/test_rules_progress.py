"""进度 rules (P4xx): table-driven cases over the baseline form, and the bundled example."""
from __future__ import annotations

from pathlib import Path

import pytest
from harness import case, findings_of

from xlperf.checks import Config, all_rules, run_checks
from xlperf.files.reader import read_workbook

FAMILIES = "MP"
EXAMPLE_BOOK = Path(__file__).resolve().parents[2] / "examples" / "2021-高新区科技局.xlsm"
P1 = "项目1"
MINIMA = Config(progress_minima=(0.0, 50.0, 75.0))
NO_AMOUNTS = [None, None, None, None]


def plan(cumulative=None, amounts=None):
    """A mutation of project 1's spending plan (baseline: 20/50/80/100 and 70/105/105/70 万元)."""

    def mutate(form):
        if cumulative is not None:
            form.projects[0].plan.cumulative = list(cumulative)
        if amounts is not None:
            form.projects[0].plan.amounts = list(amounts)

    return mutate


CASES = [
    # P401 资金全部安排在第四季度支出
    case("P401", "all-in-q4", plan([0, 0, 0, 100], NO_AMOUNTS), [("P401", P1, "B7")]),
    case("P401", "all-in-q4-with-amounts", plan([0, 0, 0, 100], [0, 0, 0, 350]), [("P401", P1, "B7")]),
    case("P401", "a-little-in-q3", plan([0, 0, 1, 100], NO_AMOUNTS)),
    case("P401", "broken-shape-is-completeness", plan([0, 0, 0, 90], NO_AMOUNTS)),
    case("P401", "text-in-row-is-completeness", plan([0, 0, "待定", 100], NO_AMOUNTS)),
    # P402 累计支出进度低于序时要求 (off unless configured)
    case("P402", "behind-q2-q3", plan([20, 40, 70, 100], NO_AMOUNTS), [("P402", P1, "C7"), ("P402", P1, "D7")],
         config=MINIMA),
    case("P402", "all-in-q4-and-behind", plan([0, 0, 0, 100], NO_AMOUNTS),
         [("P401", P1, "B7"), ("P402", P1, "C7"), ("P402", P1, "D7")], config=MINIMA),
    case("P402", "on-the-line", plan([0, 50, 75, 100], NO_AMOUNTS), config=MINIMA),
    case("P402", "off-by-default", plan([20, 40, 70, 100], NO_AMOUNTS)),
    case("P402", "decreasing-is-completeness", plan([60, 40, 70, 100], NO_AMOUNTS), config=MINIMA),
    # P403 当季支出与累计进度不一致
    case("P403", "q1-typed-wrong", plan([25, 50, 80, 100]), [("P403", P1, "B7")]),
    case("P403", "q3-amount-left-out", plan(amounts=[70, 105, 175, None]), [("P403", P1, "D7")]),
    case("P403", "within-one-point", plan([20.5, 50, 80, 100])),
    case("P403", "no-amounts", plan([25, 50, 80, 100], NO_AMOUNTS)),
    # P404 各季度支出合计与年度资金总额不一致
    case("P404", "amounts-exceed-total", plan(amounts=[80, 120, 120, 80]), [("P404", P1, "B8")]),
    case("P404", "rounding", plan(amounts=[70, 105, 105, 70.5])),
    case("P404", "total-blank", lambda f: setattr(f.projects[0], "total", None)),
    # P405 当季支出金额不是数字或为负数
    case("P405", "text-amount", plan(amounts=[70, 105, "待定", 70]), [("P405", P1, "D8")]),
    case("P405", "negative-amount", plan(amounts=[70, 105, -105, 70]), [("P405", P1, "D8")]),
    case("P405", "row-left-blank", plan(amounts=NO_AMOUNTS)),
    case("P405", "zero-quarter", plan([0, 30, 70, 100], [0, 105, 140, 105])),
]


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_progress_rule(c):
    assert findings_of(c.form(), families=FAMILIES, config=c.config) == c.expect


def test_every_progress_rule_has_failing_and_passing_cases():
    codes = {r.code for r in all_rules() if r.code.startswith("P")}
    failing = {c.rule for c in CASES if any(code == c.rule for code, _, _ in c.expect)}
    passing = {c.rule for c in CASES if not any(code == c.rule for code, _, _ in c.expect)}
    assert codes == failing == passing


def test_example_progress_findings():
    findings = [f for f in run_checks(read_workbook(EXAMPLE_BOOK)) if f.code.startswith("P")]
    # All three projects plan 0/0/0/100: every yuan left to the fourth quarter (a typical mistake in
    # domain.md; rubrics deduct per missing quarterly node). No quarterly amounts are given, so P403–P405
    # have nothing to check, and P402 is off by default.
    assert [(f.code, f.sheet, f.cell) for f in findings] == [
        ("P401", "项目1", "B7"),
        ("P401", "项目2", "B7"),
        ("P401", "项目3", "B7"),
    ]


def test_example_progress_with_minima():
    """With the lenient 0/50/75 time line configured, each project is also behind in Q2 and Q3 (Q1's 0 is met)."""
    findings = [f for f in run_checks(read_workbook(EXAMPLE_BOOK), MINIMA) if f.code == "P402"]
    assert [(f.sheet, f.cell) for f in findings] == [(s, c) for s in ("项目1", "项目2", "项目3") for c in ("C7", "D7")]
