"""`xlperf check`: formats, thresholds, configuration, several books, annotation — and its exit codes."""
from __future__ import annotations

import json
import shutil

import pytest
from test_example_findings import expected

from xlperf.cli import main


@pytest.fixture
def clean_book(tmp_path):
    """A workbook with no findings at all (the rule tests' baseline form)."""
    from harness import good_form

    from xlperf.template import write_filled

    return write_filled(good_form(), tmp_path / "干净.xlsm")


def example_counts() -> dict[str, int]:
    """错误/警告/提示 counts of the example (its complete findings are asserted in test_example_findings)."""
    from conftest import EXAMPLE_BOOK

    from xlperf.checks import run_checks
    from xlperf.files.reader import read_workbook
    from xlperf.form.findings import count_by_severity

    return {s.value: n for s, n in count_by_severity(run_checks(read_workbook(EXAMPLE_BOOK))).items()}


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_orders_by_severity_and_counts(capsys, example_book):
    code, out, _ = run(capsys, "check", example_book)
    assert code == 1  # the example has 错误
    lines = out.splitlines()
    assert lines[0] == f"== {example_book}"
    assert "  警告 C102 项目1!B2  项目编码为空：" in out and "\x1b[" not in out  # not a terminal: no colours
    severities = [line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert severities == sorted(severities, key=["错误", "警告", "提示"].index) and severities[0] == "错误"
    c = example_counts()
    assert out.rstrip().endswith(f"共 1 个文件：错误 {c['错误']}，警告 {c['警告']}，提示 {c['提示']}（规则集 2026.11）")


def test_json_report_has_the_documented_shape(capsys, example_book):
    code, out, _ = run(capsys, "check", example_book, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["schema_version"] == 1 and data["ruleset"] == "2026.11"
    [file] = data["files"]
    assert file["error"] is None and file["counts"] == example_counts()
    assert [(f["code"], f["sheet"], f["cell"]) for f in file["findings"]] == expected()
    first = file["findings"][0]
    assert set(first) == {"code", "severity", "sheet", "cell", "title", "message", "suggestion", "context", "cells"}


@pytest.mark.parametrize("fail_on, code", [("错误", 0), ("警告", 0), ("提示", 0)])
def test_a_clean_book_exits_0(capsys, clean_book, fail_on, code):
    assert run(capsys, "check", clean_book, "--fail-on", fail_on)[0] == code


def test_fail_on_threshold(capsys, example_book, tmp_path):
    # switch every 错误 rule of the example down to 警告: then only --fail-on 警告 fails
    codes = sorted({c for c, _, _ in expected() if c in ("C103", "C141", "V201", "V203", "V204")})
    config = tmp_path / "本局标准.toml"
    config.write_text("[xlperf.severity]\n" + "".join(f'{c} = "警告"\n' for c in codes), encoding="utf-8")
    assert run(capsys, "check", example_book, "--config", config)[0] == 0
    assert run(capsys, "check", example_book, "--config", config, "--fail-on", "警告")[0] == 1


def test_config_can_switch_rules_off_and_change_thresholds(capsys, example_book, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[xlperf]\nprogress_minima = [0, 50, 75]\n[xlperf.severity]\nV215 = "关闭"\n',
                      encoding="utf-8")
    _, out, _ = run(capsys, "check", example_book, "--config", config, "--format", "json")
    codes = [f["code"] for f in json.loads(out)["files"][0]["findings"]]
    assert "V215" not in codes
    assert codes.count("P402") == 6  # Q2 and Q3 behind 50/75 in all three projects (Q1's minimum is 0)


def test_workbook_settings_apply_and_config_wins(capsys, tmp_path):
    from harness import good_form

    from xlperf.template import write_filled

    form = good_form()
    form.settings = {"满意度最低值": "96"}  # staff's own setting: both satisfaction targets (90%, 95%) are too low
    book = write_filled(form, tmp_path / "设置.xlsm")
    _, out, _ = run(capsys, "check", book, "--format", "json")
    found = [(f["code"], f["sheet"], f["cell"]) for f in json.loads(out)["files"][0]["findings"]]
    assert found == [("V212", "项目1", "E17"), ("V212", "项目2", "E16")]
    config = tmp_path / "c.toml"
    config.write_text("[xlperf]\nsatisfaction_min = 90\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", book, "--format", "json", "--config", config)
    assert json.loads(out)["files"][0]["findings"] == []


def test_several_books_one_unreadable(capsys, example_book, clean_book, tmp_path):
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    code, out, _ = run(capsys, "check", clean_book, broken, example_book)
    assert code == 2  # a file could not be checked; the others are still reported
    assert "未发现问题。" in out and "无法校验：" in out and f"错误 {example_counts()['错误']}" in out
    assert "1 个文件无法校验" in out


def test_xlsx_report(capsys, example_book, tmp_path):
    import openpyxl

    out = tmp_path / "报告.xlsx"
    assert run(capsys, "check", example_book, "--format", "xlsx", "-o", out)[0] == 1
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[4], r[5]) for r in rows] == expected()
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref


def test_xlsx_needs_an_output(capsys, example_book):
    code, _, err = run(capsys, "check", example_book, "--format", "xlsx")
    assert code == 2 and "需要用 -o" in err


def test_annotate_never_overwrites_the_input_unless_asked(capsys, example_book, tmp_path):
    before = example_book.read_bytes()
    code, _, err = run(capsys, "check", example_book, "--annotate", example_book)
    assert code == 2 and "--in-place" in err and example_book.read_bytes() == before
    out = tmp_path / "已标注.xlsm"
    assert run(capsys, "check", example_book, "--annotate", out)[0] == 1
    assert example_book.read_bytes() == before and out.exists()
    copy = tmp_path / "原地.xlsm"
    shutil.copyfile(example_book, copy)
    assert run(capsys, "check", copy, "--in-place")[0] == 1
    assert copy.read_bytes() != before  # marked in place, atomically


def test_bad_fail_on_and_bad_config(capsys, example_book, tmp_path):
    assert run(capsys, "check", example_book, "--fail-on", "严重")[0] == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[xlperf]\nsatisfaction = 90\n", encoding="utf-8")
    code, _, err = run(capsys, "check", example_book, "--config", bad)
    assert code == 2 and "未知的设置项：satisfaction" in err


def test_annotating_a_workbook_without_the_results_sheet_says_so(capsys, example_book, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(example_book, keep_vba=True)
    del book["校验结果"]
    stripped = tmp_path / "无结果表.xlsm"
    book.save(stripped)
    code, out, err = run(capsys, "check", stripped, "--annotate", tmp_path / "out.xlsm")
    assert code == 1 and "没有“校验结果”表" in err and (tmp_path / "out.xlsm").exists()
    # the marked copy's path and the totals come last, after the findings
    assert out.splitlines()[-2:] == [f"已标注：{tmp_path / 'out.xlsm'}", out.splitlines()[-1]]
    assert out.splitlines()[-1].startswith("共 1 个文件：")


def test_brief_is_one_line_per_finding_and_json_path_goes_to_stderr(capsys, example_book, tmp_path):
    code, out, _ = run(capsys, "check", example_book, "--brief")
    lines = out.splitlines()
    assert code == 1 and len(lines) == sum(example_counts().values()) + 1
    assert f"\n{example_book}:项目1!B2 警告 C102 " in out and lines[0].startswith(f"{example_book}:") and "错误" in lines[0]
    code, out, err = run(capsys, "check", example_book, "--format", "json", "--annotate", tmp_path / "a.xlsm")
    assert json.loads(out)["files"] and err.splitlines()[-1] == f"已标注：{tmp_path / 'a.xlsm'}"
    assert run(capsys, "check", example_book, "--format", "json", "--brief")[0] == 2


@pytest.mark.parametrize("args, message", [
    (["--format", "xlsx", "-o", "{book}"], "不能是输入的工作簿本身"),
    (["-o", "{book}"], "不能是输入的工作簿本身"),
    (["--format", "xlsx", "-o", "{tmp}/报告.pdf"], "应以 .xlsx 结尾"),
    (["-o", "{tmp}/没有的文件夹/r.txt"], "输出文件夹不存在"),
    (["-o", "{tmp}"], "是一个文件夹"),
    (["--annotate", "{tmp}/a.xlsx"], "同为 .xlsm 文件"),
    (["--annotate", "{tmp}/没有的文件夹/a.xlsm"], "输出文件夹不存在"),
    (["--annotate", "{tmp}/a.xlsm", "--in-place"], "只能选一个"),
])
def test_outputs_are_checked_before_any_work(capsys, example_book, tmp_path, args, message):
    before = example_book.read_bytes()
    args = [a.format(book=example_book, tmp=tmp_path) for a in args]
    code, out, err = run(capsys, "check", example_book, *args)
    assert code == 2 and message in err and out == ""
    assert example_book.read_bytes() == before


def test_outputs_get_normal_permissions_and_in_place_keeps_them(capsys, example_book, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        out = tmp_path / "a.xlsm"
        run(capsys, "check", example_book, "--annotate", out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        example_book.chmod(0o664)
        run(capsys, "check", example_book, "--in-place")
        assert stat.S_IMODE(example_book.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_xlsx_report_keeps_user_text_as_text(tmp_path):
    import zipfile

    from xlperf.form.findings import Finding, Severity
    from xlperf.services.report import BookResult, render_xlsx

    evil = Finding("C101", Severity.ERROR, "项目1", "D2", "t", '=HYPERLINK("http://evil","点我")的名称', "")
    data = render_xlsx([BookResult("=cmd|' /C calc'!A0", [evil])], "test")
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<hyperlink" not in sheet


# ------------------------------------------------------------------ settings validation (xlperf/config.py)
from xlperf.checks import BadConfig, from_settings, load_toml  # noqa: E402


@pytest.mark.parametrize("toml, message", [
    ('[xlperf.severity]\nV999 = "警告"\n', "[xlperf.severity] 中的“V999=警告”无效：没有编号为 V999 的规则"),
    ('[xlperf.severity]\nV205 = "严重"\n', "级别应为 错误、警告、提示 或 关闭"),
    ('[xlperf]\nsatisfaction_min = "九十"\n', "设置项 satisfaction_min 的取值“九十”无效：不是数字"),
    ('[xlperf]\nsatisfaction_min = 120\n', "satisfaction_min 的取值“120”无效：应在 0–100 之间"),
    ('[xlperf]\nsatisfaction_min = -1\n', "应在 0–100 之间"),
    ('[xlperf]\nmax_level3_length = 4.7\n', "max_level3_length 的取值“4.7”无效：应为不小于 1 的整数"),
    ('[xlperf]\nmax_level3_length = 0\n', "应为不小于 1 的整数"),
    ('[xlperf]\nmax_level3_length = "四十"\n', "应为不小于 1 的整数"),
    ('[xlperf]\nprogress_minima = [50, 25, 75]\n', "累计进度要求不能逐季减少"),
    ('[xlperf]\nprogress_minima = "0,x,75"\n', "“x”不是数字"),
])
def test_bad_toml_values_are_chinese_errors(tmp_path, toml, message):
    path = tmp_path / "c.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(BadConfig) as err:
        load_toml(path)
    assert message in str(err.value) and str(path) in str(err.value)
    assert "could not convert" not in str(err.value) and "invalid literal" not in str(err.value)


@pytest.mark.parametrize("settings, message", [
    ({"规则级别": "V205=警告，X123=关闭"}, "“设置”表的“规则级别”中的“X123=关闭”无效：没有编号为 X123 的规则"),
    ({"规则级别": "V205=严重"}, "级别应为 错误、警告、提示 或 关闭"),
    ({"规则级别": "V205警告"}, "应写成“规则编号=级别”"),
    ({"满意度最低值": "九十"}, "“设置”表的“满意度最低值”的取值“九十”无效：不是数字"),
    ({"满意度最低值": "150%"}, "应在 0–100 之间"),
    ({"三级指标最大字数": "4.7"}, "应为不小于 1 的整数"),
    ({"序时进度要求": "75,50,100"}, "累计进度要求不能逐季减少"),
])
def test_bad_workbook_settings_are_chinese_errors(settings, message):
    with pytest.raises(BadConfig) as err:
        from_settings(settings)
    assert message in str(err.value)


def test_good_settings_still_parse(tmp_path):
    c = from_settings({"规则级别": "v205 = 警告， T604＝关闭", "满意度最低值": "95%", "三级指标最大字数": "40",
                       "序时进度要求": "0,50,50"})
    assert c.severity == {"V205": "警告", "T604": "关闭"} and c.satisfaction_min == 95
    assert c.max_level3_length == 40 and c.progress_minima == (0, 50, 50)
    path = tmp_path / "c.toml"
    path.write_text('[xlperf]\nmax_level3_length = 40.0\nsatisfaction_min = 0\n[xlperf.severity]\nc106 = "关闭"\n',
                    encoding="utf-8")
    c = load_toml(path)
    assert c.max_level3_length == 40 and c.satisfaction_min == 0 and c.severity == {"C106": "关闭"}


def test_unknown_rule_in_config_stops_the_check(capsys, example_book, tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text('[xlperf.severity]\nV2l5 = "关闭"\n', encoding="utf-8")
    code, out, err = run(capsys, "check", example_book, "--config", bad)
    assert code == 2 and out == "" and "没有编号为 V2L5 的规则" in err and str(bad) in err


def test_a_typo_in_the_workbooks_settings_is_reported_for_that_file(capsys, clean_book, tmp_path):
    from harness import good_form

    from xlperf.template import write_filled

    form = good_form()
    form.settings = {"规则级别": "V215=关"}
    book = write_filled(form, tmp_path / "设置有误.xlsm")
    code, out, _ = run(capsys, "check", clean_book, book)
    assert code == 2  # this file could not be checked; the other is still reported
    assert "未发现问题。" in out
    assert f"== {book}\n   无法校验：“设置”表的“规则级别”中的“V215=关”无效：级别应为 错误、警告、提示 或 关闭" in out


def test_a_workbook_that_relaxes_its_own_checks_is_reported_and_can_be_overruled(capsys, tmp_path):
    from conftest import EXAMPLE_JSON

    from xlperf.files.interchange import load_form
    from xlperf.template import write_filled

    form = load_form(EXAMPLE_JSON)
    form.settings = {"规则级别": "C103=提示，V201=关闭，K513=关闭"}
    book = write_filled(form, tmp_path / "放宽.xlsm")
    _, out, _ = run(capsys, "check", book, "--format", "json")
    found = json.loads(out)["files"][0]["findings"]
    assert not [f for f in found if f["code"] == "V201"]
    [k513] = [f for f in found if f["code"] == "K513"]
    assert (k513["sheet"], k513["cell"]) == ("设置", "B6") and "C103" in k513["message"]
    _, out, _ = run(capsys, "check", book, "--format", "json", "--ignore-workbook-settings")
    data = json.loads(out)["files"][0]
    assert data["counts"]["错误"] == example_counts()["错误"]  # the uniform standard again
    assert [f["code"] for f in data["findings"]].count("K513") == 1  # and the attempt is still reported


def test_a_satisfaction_minimum_typed_as_a_percentage_in_excel(capsys, tmp_path):
    """Excel stores "95%" typed into the 设置 sheet as 0.95: it means 95, not 0.95%."""
    from xlperf.checks import from_settings

    assert from_settings({"满意度最低值": "0.95"}).satisfaction_min == 95
    assert from_settings({"满意度最低值": "95%"}).satisfaction_min == 95
    assert from_settings({"满意度最低值": "0.5%"}).satisfaction_min == 0.5
