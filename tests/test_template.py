"""The template builder: reproducible, matches the committed golden copies, and has the promised features."""
from __future__ import annotations

import difflib
import re
import zipfile

import openpyxl
import pytest
from conftest import EXAMPLE_BOOK, TEMPLATE

from xlperf.files.interchange import load_form
from xlperf.form import layout as L
from xlperf.template import build_template, write_filled

VOLATILE = {"docProps/core.xml"}  # creation/modification times (fixed by us, but not our content)


def xml_parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in sorted(zf.namelist()) if name not in VOLATILE}


def assert_same_parts(fresh, golden, hint: str) -> None:
    """XML compared as text (a readable diff of what changed); binary parts byte for byte."""
    new, old = xml_parts(fresh), xml_parts(golden)
    assert sorted(new) == sorted(old), f"parts differ; {hint}"
    for name in new:
        if new[name] == old[name]:
            continue
        if name.endswith((".xml", ".rels", ".vml")):
            pretty = [re.sub(rb">\s*<", b">\n<", part).decode("utf-8").splitlines() for part in (old[name], new[name])]
            diff = "\n".join(list(difflib.unified_diff(*pretty, lineterm="", n=1))[:40])
            pytest.fail(f"{name} differs from the committed copy; {hint}\n{diff}")
        pytest.fail(f"binary part {name} differs from the committed copy; {hint}")


def test_two_builds_are_byte_identical(tmp_path):
    a, b = build_template(tmp_path / "a.xlsm"), build_template(tmp_path / "b.xlsm")
    assert a.read_bytes() == b.read_bytes()


def test_committed_template_is_fresh(tmp_path):
    fresh = build_template(tmp_path / "template.xlsm")
    assert_same_parts(fresh, TEMPLATE, "run `xlperf build-template` and commit workbook/template.xlsm")
    assert fresh.read_bytes() == TEMPLATE.read_bytes()


def test_committed_example_workbook_is_in_step_with_the_json(tmp_path):
    from conftest import EXAMPLE_JSON

    fresh = write_filled(load_form(EXAMPLE_JSON), tmp_path / "example.xlsm")
    hint = "run `xlperf new examples/2021-高新区科技局.json -o examples/2021-高新区科技局.xlsm`"
    assert_same_parts(fresh, EXAMPLE_BOOK, hint)
    assert fresh.read_bytes() == EXAMPLE_BOOK.read_bytes()


def test_template_is_macro_enabled_with_a_vba_project():
    with zipfile.ZipFile(TEMPLATE) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()
        content_types = zf.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in content_types


def test_template_sheets_and_features():
    book = openpyxl.load_workbook(TEMPLATE)
    assert book.sheetnames == [L.GUIDE_SHEET, L.PART1_SHEET, "项目1", L.FUNDING_SHEET, L.RESULTS_SHEET,
                               L.SETTINGS_SHEET, L.LISTS_SHEET, L.XLWINGS_CONF_SHEET]
    assert book[L.LISTS_SHEET].sheet_state == "hidden"
    assert book[L.XLWINGS_CONF_SHEET].sheet_state == "hidden"
    project = book["项目1"]
    # labels are locked, inputs are unlocked and visibly distinct
    label, value = project["A2"], project["B2"]
    assert label.value == "项目编码" and label.protection.locked and not value.protection.locked
    assert label.fill.fgColor.rgb != value.fill.fgColor.rgb
    # protected without a password; staff may insert rows
    assert project.protection.sheet and not project.protection.password
    assert project.protection.insertRows is False  # openpyxl: False means "not prohibited"
    # A4 portrait, one page wide, print titles
    assert project.page_setup.paperSize == 9 and project.page_setup.orientation == "portrait"
    assert project.print_title_rows == f"${L.INDICATOR_HEADER_ROW + 1}:${L.INDICATOR_HEADER_ROW + 1}"
    assert project["A1"].font.name == "宋体"
    # drop-downs for 一级/二级/依据 fed by the lists sheet
    sources = {dv.formula1 for dv in project.data_validations.dataValidation}
    assert any("列表" in (s or "") and "$A$2" in s for s in sources)
    assert any("列表" in (s or "") and "$C$2" in s for s in sources)
    # the seven standard measures are pre-filled
    part1 = book[L.PART1_SHEET]
    texts = [c.value for row in part1.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(m in texts for m in L.STANDARD_MEASURES)


def test_lists_sheet_carries_every_variant_and_alias():
    from xlperf.form import taxonomy

    lists = openpyxl.load_workbook(TEMPLATE)[L.LISTS_SHEET]
    level1 = [c.value for c in lists["A"][1:] if c.value]
    level2 = [c.value for c in lists["B"][1:] if c.value]
    assert set(level1) == {a for aliases in taxonomy.LEVEL1_ALIASES.values() for a in aliases}
    assert set(level2) == {a for aliases in taxonomy.LEVEL2_ALIASES.values() for a in aliases}
    assert {"效果指标", "环境效益指标", "社会公众或服务对象满意度指标", "成本指标"} <= set(level1) | set(level2)
