"""Print fidelity in a real application (issue 14): LibreOffice headless prints the template, the example, the
annotated example and the 报送件, as they are and after a hard recalculation (where our UDFs are unknown, as in
Excel with macros disabled or WPS). Every text typed in the form is in the PDF in full, no error value shows
anywhere, no row is too short for its wrapped text by LibreOffice's own measure, and the body is set in a CJK
serif (宋体 mapped as ``export --pdf`` maps it).

tests/uno/print_check.py does the LibreOffice side (with /usr/bin/python3 and python3-uno).
"""
from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from conftest import EXAMPLE_BOOK, EXAMPLE_JSON, ROOT, TEMPLATE, soffice
from test_vba_libreoffice import UNO_PYTHON, _uno_available

from xlperf.files.interchange import load_form, to_dict
from xlperf.form import layout as L
from xlperf.form.model import FundingLine

SCRIPT = ROOT / "tests" / "uno" / "print_check.py"
ERROR_TEXTS = ("#VALUE!", "#NAME?", "Err:", "#REF!", "#DIV/0!")
DOCUMENTS = ("template", "example", "annotated", "submission", "mixed")


def mixed_form():
    """The example with 补助测算 lines and spending plans of every kind: numbers (computed natively after a recalc),
    texts that need Python (blank after a recalc), a unit that is no money unit (an error text from Python)."""
    form = load_form(EXAMPLE_JSON)
    first = form.projects[0]
    first.funding = [FundingLine("复审企业", 35, "家", 10, "万元/家"), FundingLine("培训", 28, "人次", 2000, "元/人次"),
                     FundingLine("文字标准", "35家", None, "5万元/家", None), FundingLine("万人", 3.5, "万人", 100, "元/人"),
                     FundingLine("缺标准", 3, "家", None, "万元/家"), FundingLine("千元", 3, "家", 5, "千元/家"),
                     FundingLine("小数", 0.1, "家", 0.3, "万元")]
    first.plan.amounts = [100, None, 300.5, 99.5]
    form.projects[1].plan.amounts = [100, "1,580", 3, 4]
    return form


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """name → workbook path of each printed document."""
    from xlperf.cli import main
    from xlperf.services.export import export_book
    from xlperf.template import write_filled

    folder = tmp_path_factory.mktemp("print")
    annotated = folder / "annotated.xlsm"
    assert main(["check", str(EXAMPLE_BOOK), "--annotate", str(annotated), "--format", "json",
                 "-o", str(folder / "findings.json")]) == 1
    submission = folder / "submission.xlsx"
    export_book(EXAMPLE_BOOK, submission)
    return {"template": TEMPLATE, "example": EXAMPLE_BOOK, "annotated": annotated, "submission": submission,
            "mixed": write_filled(mixed_form(), folder / "mixed.xlsm")}


@pytest.fixture(scope="module")
def printed(documents, tmp_path_factory):
    """(name, recalc) → (report of print_check.py, pdftotext of its PDF), run once each."""
    exe = soffice()
    if exe is None or not _uno_available():
        if os.environ.get("XLPERF_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice with python3-uno is required (XLPERF_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("LibreOffice / python3-uno not installed")
    from xlperf.services.export_print import soffice_environment

    cache = {}

    def run(name, recalc):
        if (name, recalc) not in cache:
            work = tmp_path_factory.mktemp(f"pc-{name}")
            pdf = work / f"{name}.pdf"
            args = [UNO_PYTHON, str(SCRIPT), exe, str(documents[name]), str(work / "profile"), str(pdf)]
            proc = subprocess.run(args + (["recalc"] if recalc else []), capture_output=True, text=True,
                                  timeout=300, env=soffice_environment(work), cwd=SCRIPT.parent)
            assert proc.returncode == 0, proc.stderr
            report = json.loads(proc.stdout.strip().splitlines()[-1])
            text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout
            cache[name, recalc] = report, text, pdf
        return cache[name, recalc]

    return run


def typed_texts(name: str) -> list[str]:
    """Every text a person typed in the form (the interchange JSON's strings), as printed in ``name``."""
    from xlperf.template.builder import template_submission

    form = mixed_form() if name == "mixed" else template_submission() if name == "template" else load_form(EXAMPLE_JSON)
    data = to_dict(form)
    if name == "submission":
        data.pop("settings", None)  # the 设置 sheet is not part of the printed submission
    out = []

    def walk(value):
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    return [t for t in out if t.strip()]


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("recalc", [False, True], ids=["as-saved", "recalculated"])
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_typed_text_prints_in_full_and_no_error_value(printed, name, recalc):
    report, text, _pdf = printed(name, recalc)
    assert report["errors"] == []
    page = squashed(text)
    missing = [t for t in typed_texts(name) if squashed(t) not in page]
    assert missing == []
    assert [e for e in ERROR_TEXTS if e in text] == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_row_is_too_short_for_its_text(printed, name):
    report, _text, _pdf = printed(name, False)
    assert report["short_rows"] == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_recalculated_without_python_shows_the_same_numbers_or_a_blank(printed, name):
    saved, _t, _p = printed(name, False)
    recalculated, _t, _p = printed(name, True)
    assert saved["formulas"].keys() == recalculated["formulas"].keys()
    changed = {ref: (saved["formulas"][ref], shown) for ref, shown in recalculated["formulas"].items()
               if shown not in (saved["formulas"][ref], "")}
    assert changed == {}


def test_mixed_numbers_are_computed_natively(printed):
    """Plain numbers are computed by the formula itself, the same as Python: they survive a recalculation."""
    recalculated, _t, _p = printed("mixed", True)
    shown = recalculated["formulas"]
    amounts = [shown[f"{L.FUNDING_SHEET}!G{r}"] for r in range(4, 11)]
    assert amounts == ["350.00", "5.60", "", "", "", "", "0.03"]
    assert [shown[f"项目1!{c}8"] for c in "IJKL"] == ["20.00", "20.00", "80.10", "100.00"]
    assert [shown[f"项目2!{c}8"] for c in "IJKL"] == ["", "", "", ""]  # "1,580" needs Python


@pytest.mark.parametrize("name", ("example", "submission"))
def test_the_body_prints_in_a_cjk_serif(printed, name):
    _report, _text, pdf = printed(name, False)
    fonts = [line.split()[0] for line in subprocess.run(["pdffonts", str(pdf)], capture_output=True,
                                                          text=True).stdout.splitlines()[2:]]
    assert fonts and all("SerifCJK" in f for f in fonts), fonts


def test_export_pdf_maps_songti_to_a_cjk_serif(documents, tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice not installed")
    from xlperf.services.export import to_pdf

    pdf = to_pdf(documents["submission"], tmp_path / "报送.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("SerifCJK" in f for f in names), names
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "第一部分" in text and "第二部分" in text
