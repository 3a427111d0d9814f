"""Correct, realistic submissions from four departments produce no findings at all.

tests/fixtures/correct/ holds submissions written the way a diligent department writes them (education,
health, agriculture, civil affairs; the older scheme and 101号; amounts in 元 and 万元, counts in 万人/万亩, monthly
rates over a year, compound units, relative deadlines, notes in brackets). A finding on any of them is a
false alarm, and false alarms cost the reviewers' trust.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from xlperf.checks import run_checks
from xlperf.files.interchange import load_form
from xlperf.files.reader import read_workbook
from xlperf.template import write_filled

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "correct").glob("*.json"))


def test_there_are_realistic_forms():
    assert len(FIXTURES) >= 4


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_a_correct_submission_has_no_findings(path, tmp_path):
    book = write_filled(load_form(path), tmp_path / f"{path.stem}.xlsm")
    found = [(f.code, f.sheet, f.cell, f.message) for f in run_checks(read_workbook(book))]
    assert found == []
