"""The catalogue itself: every rule documented, tested both ways, and docs/rules.md in sync."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from xlperf.checks import FAMILIES, all_rules
from xlperf.services.catalogue import render_markdown

ROOT = Path(__file__).resolve().parents[2]
RULES = all_rules()
CASE_MODULES = ("test_rules_completeness", "test_rules_values", "test_rules_money", "test_rules_progress",
                "test_rules_consistency", "test_rules_hygiene")


def all_cases():
    cases = []
    for name in CASE_MODULES:
        module = importlib.import_module(name)
        cases += list(module.CASES)
    return cases


def test_there_is_a_real_catalogue():
    assert len(RULES) >= 30
    assert {r.code[0] for r in RULES} == set(FAMILIES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert re.fullmatch(r"[CVMPKT]\d{3}", rule.code)
    doc = rule.doc
    assert doc.splitlines()[0].strip(), "first docstring line states what the rule checks"
    for section in ("为什么：", "错误示例：", "正确示例："):
        assert section in doc, f"{rule.code} docstring lacks {section}"
    assert rule.title and rule.message
    assert not re.search(r"\{\d*\}", rule.message + rule.suggestion), "templates use named fields only"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_failing_and_passing_cases(rule):
    cases = [c for c in all_cases() if c.rule == rule.code]
    failing = [c for c in cases if any(code == rule.code for code, _, _ in c.expect)]
    passing = [c for c in cases if all(code != rule.code for code, _, _ in c.expect)]
    assert failing, f"{rule.code} has no failing case"
    assert passing, f"{rule.code} has no passing case"


def test_docs_rules_md_is_in_sync():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "run `xlperf rules --format markdown > docs/rules.md` and commit it"
