"""Reliability, round 2 (issue 16): hostile numbers in interchange files and hostile zip member names never
reach an output; each is refused with a Chinese message naming what is wrong, or left out of the copy."""
from __future__ import annotations

import json
import math
import zipfile

import pytest
from conftest import EXAMPLE_JSON

from xlperf.cli import main
from xlperf.files.output import unsafe_member_name


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("number, field, says", [
    ("NaN", "projects[0].total", "不是有效的数字（NaN 或无穷大）"),
    ("Infinity", "projects[0].fiscal", "不是有效的数字（NaN 或无穷大）"),
    ("-Infinity", "projects[0].plan.cumulative[2]", "不是有效的数字（NaN 或无穷大）"),
    ("1e999", "projects[2].other", "不是有效的数字（NaN 或无穷大）"),
    ("1e300", "year", "超出可用范围"),
])
def test_json_numbers_that_no_workbook_can_hold_are_a_chinese_error(capsys, tmp_path, number, field, says):
    text = EXAMPLE_JSON.read_text(encoding="utf-8")
    data = json.loads(text)
    _set(data, field, "@@")
    source = tmp_path / "form.json"
    source.write_text(json.dumps(data, ensure_ascii=False).replace('"@@"', number), encoding="utf-8")
    code, out, err = run(capsys, "new", source, "-o", tmp_path / "new.xlsm")
    assert code == 2 and out == ""
    assert f"{field} " in err and says in err and str(source) in err
    assert not (tmp_path / "new.xlsm").exists()


def test_yaml_nan_and_infinity_are_refused_too(capsys, tmp_path):
    source = tmp_path / "form.yaml"
    source.write_text("projects:\n  - name: 甲\n    total: .nan\n    other: .inf\n", encoding="utf-8")
    code, _, err = run(capsys, "new", source, "-o", tmp_path / "new.xlsm")
    assert code == 2 and "projects[0].total 不是有效的数字（NaN 或无穷大）" in err


def _set(data, dotted: str, value):
    parts = dotted.replace("]", "").replace("[", ".").split(".")
    target = data
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


@pytest.mark.parametrize("name, unsafe", [
    ("xl/workbook.xml", False), ("docProps/app.xml", False), ("xl/media/image1..png", False),
    ("../../evil.txt", True), ("/abs/evil.txt", True), ("xl/../../evil.txt", True), ("C:/evil.txt", True),
    ("\\\\server\\evil.txt", True), ("xl\\..\\..\\evil.txt", True),
])
def test_unsafe_member_names(name, unsafe):
    assert unsafe_member_name(name) is unsafe


def test_annotate_leaves_out_members_that_climb_out_of_the_folder(capsys, example_book, tmp_path):
    hostile = tmp_path / "hostile.xlsm"
    with zipfile.ZipFile(example_book) as src, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("../../evil.txt", b"x")
        dst.writestr("/abs/evil.txt", b"x")
    before = hostile.read_bytes()
    out = tmp_path / "marked.xlsm"
    code, _, _ = run(capsys, "check", hostile, "--annotate", out)
    assert code in (0, 1) and hostile.read_bytes() == before
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert "xl/workbook.xml" in names
    assert [n for n in names if unsafe_member_name(n)] == []


def test_finite_numbers_still_load(tmp_path):
    from xlperf.files.interchange import load_form

    form = load_form(EXAMPLE_JSON)
    assert all(math.isfinite(p.total) for p in form.projects if isinstance(p.total, float))


# ------------------------------------------------------------------ one output guard for every command
@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_review_never_writes_over_an_input(capsys, example_book, tmp_path, link):
    import os

    output = example_book
    if link == "symlink":
        output = tmp_path / "link.json"
        output.symlink_to(example_book)
    elif link == "hardlink":
        output = tmp_path / "hard.json"
        os.link(example_book, output)
    before = example_book.read_bytes()
    code, out, err = run(capsys, "review", example_book, "--format", "json", "-o", output)
    assert code == 2 and "不能是输入的工作簿本身" in err
    assert example_book.read_bytes() == before


def test_a_summary_inside_the_folder_under_review_is_never_reviewed(capsys, example_book, tmp_path):
    summary = example_book.parent / "汇总.xlsx"
    for _ in range(2):
        code, _, err = run(capsys, "review", example_book.parent, "-o", summary)
        assert code in (0, 1), err
    import openpyxl

    files = {row[0].value for row in openpyxl.load_workbook(summary)["项目汇总"].iter_rows(min_row=2)}
    assert files == {str(example_book)}


def test_a_summary_name_must_fit_its_format(capsys, example_book, tmp_path):
    code, _, err = run(capsys, "review", example_book, "--format", "json", "-o", tmp_path / "汇总.xlsx")
    assert code == 2 and "--format json 的输出文件不应以 .xlsx 结尾" in err
    code, _, err = run(capsys, "review", example_book, "-o", tmp_path / "汇总.json")
    assert code == 2 and "应以 .xlsx 结尾" in err


def test_an_output_name_too_long_for_the_file_system_is_a_chinese_error(capsys, example_book, tmp_path):
    code, out, err = run(capsys, "check", example_book, "--format", "json", "-o", tmp_path / ("很长" * 60 + ".json"))
    assert code == 2 and "输出文件名太长" in err and out == ""


def test_in_place_refuses_a_read_only_file(capsys, example_book):
    import os
    import stat

    os.chmod(example_book, stat.S_IRUSR | stat.S_IRGRP)
    before = example_book.read_bytes()
    code, _, err = run(capsys, "check", example_book, "--in-place")
    assert code == 2 and "文件是只读的" in err
    assert example_book.read_bytes() == before


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_a_file_name_that_is_not_utf8_is_reviewed_and_shown(capsys, example_book, tmp_path, fmt):
    import os
    import shutil

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    odd = os.path.join(os.fsencode(inbox), b"\xb2\xbf\xc3\xc5-\xff.xlsm")  # GBK bytes, not UTF-8
    shutil.copyfile(example_book, odd)
    summary = tmp_path / f"汇总.{fmt}"
    code, _, err = run(capsys, "review", inbox, "--format", fmt, "-o", summary)
    assert code in (0, 1), err
    if fmt == "json":
        files = json.loads(summary.read_text(encoding="utf-8"))["files"]
        assert files[0]["error"] is None and files[0]["department"]
        paths = [files[0]["path"]]
    else:
        import openpyxl

        paths = [row[0].value for row in openpyxl.load_workbook(summary)["项目汇总"].iter_rows(min_row=2)]
    assert paths and all(p.endswith("-\ufffd.xlsm") and "\ufffd" in p for p in paths)


# ------------------------------------------------------------------ whatever xlperf writes, xlperf reads
def test_a_workbook_with_thousands_of_findings_annotates_into_a_file_the_gate_accepts(example_book, capsys):
    """校验结果 lists the first MAX_LISTED findings and one row saying how many more there are; every finding is
    still marked in its cell. So an annotated copy never grows past the gate's row limit."""
    import io

    import openpyxl

    from xlperf.files.annotate import annotate_bytes
    from xlperf.files.safety import inspect_workbook
    from xlperf.form import layout as L
    from xlperf.form.findings import Finding, Severity
    from xlperf.form.marks import MAX_LISTED

    many = [Finding("V201", Severity.WARNING, "项目1", f"E{12 + i % 5}", "占位", f"第{i}个问题。", "改。")
            for i in range(MAX_LISTED + 250)]
    data = annotate_bytes(example_book.read_bytes(), many, "test")
    inspect_workbook("annotated.xlsm", data)  # the gate accepts what annotate wrote
    ws = openpyxl.load_workbook(io.BytesIO(data))[L.RESULTS_SHEET]
    first = L.RESULTS_HEADER_ROW + 2
    numbered = [row[0].value for row in ws.iter_rows(min_row=first, max_col=1) if isinstance(row[0].value, int)]
    assert numbered == list(range(1, MAX_LISTED + 1))
    note = ws.cell(first + MAX_LISTED, L.RESULTS_HEADER.index("问题") + 1).value
    assert note.startswith("另有 250 项问题未在此列出")
    assert sum(1 for row in ws.iter_rows(min_row=first) for c in row if c.hyperlink) == MAX_LISTED
