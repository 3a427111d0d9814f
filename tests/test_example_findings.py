"""The bundled example's complete, reviewed findings (tests/expected/2021-高新区科技局.findings)."""
from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLE_BOOK, EXAMPLE_JSON

from xlperf.checks import run_checks
from xlperf.files.interchange import load_form
from xlperf.files.reader import read_workbook

EXPECTED = Path(__file__).parent / "expected" / "2021-高新区科技局.findings"


def expected() -> list[tuple[str, str, str]]:
    out = []
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            code, place = line.split()
            sheet, cell = place.split("!")
            out.append((code, sheet, cell))
    return out


def test_every_expected_line_is_justified():
    lines = [l for l in EXPECTED.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    assert all("#" in l and l.split("#", 1)[1].strip() for l in lines)


def test_example_findings_are_the_reviewed_list():
    found = [(f.code, f.sheet, f.cell) for f in run_checks(read_workbook(EXAMPLE_BOOK))]
    assert found == expected()


def test_the_json_form_has_the_same_findings_without_cells():
    """A form from JSON has no cells, but the same rules fire the same number of times."""
    found = sorted(f.code for f in run_checks(load_form(EXAMPLE_JSON)))
    assert found == sorted(code for code, _, _ in expected())
