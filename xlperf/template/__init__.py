"""The macro-enabled workbook: the form layout (``builder``) plus the VBA project built from source.

The VBA project holds, in this order: the document modules (``ThisWorkbook`` and one per sheet, named after the
sheets' code names ``Sheet1`` … ``SheetN``, which XlsxWriter assigns in sheet order), our macros
(``xlperf_macros.bas``), xlwings' standalone module (``xlwings.bas``, copied from the pinned wheel) and the UDF
wrappers generated from ``xlperf/udfs.py`` (``xlwings_udfs.bas``); see ``xlperf.vba.xlwings_modules``.
"""
from __future__ import annotations

from pathlib import Path

from ..form.model import Submission
from .builder import sheet_names, template_submission, write_workbook
from .vba.project import Module, build_vba_project, source_from_bas

VBA_DIR = Path(__file__).resolve().parent / "vba"
STANDARD_MODULES = ("xlperf_macros", "xlwings", "xlwings_udfs")  # .bas files in xlperf/vba, embedded in this order
FIXED_SHEETS = len(sheet_names()) - 1  # every sheet but the one project sheet of a fresh template


def standard_modules() -> list[Module]:
    """Our macros and the two xlwings modules, from the committed ASCII ``.bas`` files."""
    return [Module(name, source_from_bas((VBA_DIR / f"{name}.bas").read_text(encoding="ascii")), "standard")
            for name in STANDARD_MODULES]


def vba_project_for(sheet_count: int) -> bytes:
    """The workbook's VBA project: one document module per sheet, then the standard modules."""
    modules = [Module("ThisWorkbook", "", "document")]
    modules += [Module(f"Sheet{i}", "", "document") for i in range(1, sheet_count + 1)]
    return build_vba_project(modules + standard_modules())


def write_filled(form: Submission, path: str | Path) -> Path:
    """Write ``form`` into a macro-enabled workbook (atomically)."""
    return write_workbook(path, form, vba_project=vba_project_for(len(sheet_names(form))))


def build_template(path: str | Path = "workbook/template.xlsm") -> Path:
    """Build the empty template."""
    return write_filled(template_submission(), path)
