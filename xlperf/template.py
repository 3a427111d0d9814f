"""The macro-enabled workbook: the form layout (``builder``) plus the VBA project built from source.

Document modules must match the sheets' code names (ThisWorkbook, Sheet1 … SheetN), so the VBA project is
built for the number of sheets of each workbook.
"""
from __future__ import annotations

from pathlib import Path

from .builder import template_submission, write_workbook
from .model import Submission
from .vba.project import Module, build_vba_project, source_from_bas

VBA_DIR = Path(__file__).resolve().parent / "vba"
STANDARD_MODULES = ("xlperf_macros",)  # .bas files in xlperf/vba, embedded in this order
FIXED_SHEETS = 6  # 填报说明, 部门整体绩效目标, 补助测算, 校验结果, 设置, 列表


def vba_project_for(sheet_count: int) -> bytes:
    """The workbook's VBA project: our standard modules and one document module per sheet."""
    modules = [Module("ThisWorkbook", "", "document")]
    modules += [Module(f"Sheet{i}", "", "document") for i in range(1, sheet_count + 1)]
    for name in STANDARD_MODULES:
        text = (VBA_DIR / f"{name}.bas").read_text(encoding="ascii")
        modules.append(Module(name, source_from_bas(text), "standard"))
    return build_vba_project(modules)


def write_filled(form: Submission, path: str | Path) -> Path:
    """Write ``form`` into a macro-enabled workbook (atomically)."""
    sheets = FIXED_SHEETS + max(1, len(form.projects))
    return write_workbook(path, form, vba_project=vba_project_for(sheets))


def build_template(path: str | Path = "workbook/template.xlsm") -> Path:
    """Build the empty template."""
    return write_filled(template_submission(), path)
