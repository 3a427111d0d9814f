"""Golden tests of ``xlperf check``'s text report: on a terminal (colours, wrapping) or not, --brief, NO_COLOR,
the findings most important first and the paths and totals last."""
from __future__ import annotations

import re

import pytest

from xlperf.cli import commands
from xlperf.form.findings import Finding, Severity
from xlperf.services.report import BookResult, TextStyle, render_text
from xlperf.text.widths import columns, wrap_columns

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
RESULTS = [
    BookResult("a.xlsm", [
        Finding("T601", I, "项目1", "C20", "提示标题", "可以更具体"),
        Finding("C102", W, "项目1", "B2", "项目编码为空", "请填写项目编码", "按财政下达的编码填写"),
        Finding("C103", E, "项目2", "B4", "年度资金总额为空", "请填写年度资金总额"),
        Finding("C101", E, "项目1", "B3", "项目名称为空", "请填写项目名称"),
        Finding("K500", W, None, None, "无位置", "整个文件的问题"),
    ]),
    BookResult("b.xlsx", error="文件已损坏"),
]
OUTPUTS = ("已标注：标注.xlsm",)

PLAIN = """\
== a.xlsm
  错误 C101 项目1!B3  项目名称为空：请填写项目名称
  错误 C103 项目2!B4  年度资金总额为空：请填写年度资金总额
  警告 C102 项目1!B2  项目编码为空：请填写项目编码
      建议：按财政下达的编码填写
  警告 K500 （无位置）  无位置：整个文件的问题
  提示 T601 项目1!C20  提示标题：可以更具体

== b.xlsx
   无法校验：文件已损坏

已标注：标注.xlsm
共 2 个文件：错误 2，警告 2，提示 1；1 个文件无法校验（规则集 2026.11）
"""


def test_plain_report_is_ordered_by_severity_with_paths_and_totals_last():
    assert render_text(RESULTS, "2026.11", TextStyle(), OUTPUTS) == PLAIN


def test_terminal_report_colours_severities_and_wraps():
    out = render_text(RESULTS, "2026.11", TextStyle(color=True, width=30), OUTPUTS)
    assert out.splitlines()[1:14] == [
        "  \x1b[1;31m错误\x1b[0m C101 项目1!B3  项目名称",
        "      为空：请填写项目名称",
        "  \x1b[1;31m错误\x1b[0m C103 项目2!B4  年度资金",
        "      总额为空：请填写年度资金",
        "      总额",
        "  \x1b[33m警告\x1b[0m C102 项目1!B2  项目编码",
        "      为空：请填写项目编码",
        "      建议：按财政下达的编码填",
        "      写",
        "  \x1b[33m警告\x1b[0m K500 （无位置）  无位",  # "：" never starts a line
        "      置：整个文件的问题",
        "  \x1b[36m提示\x1b[0m T601 项目1!C20  提示标",
        "      题：可以更具体",
    ]
    assert "      建议：按财政下达的编码填" in out
    assert out.splitlines()[-1] == ("共 2 个文件：\x1b[1;31m错误 2\x1b[0m，\x1b[33m警告 2\x1b[0m，"
                                    "\x1b[36m提示 1\x1b[0m；1 个文件无法校验（规则集 2026.11）")
    plain = out.replace("\x1b[1;31m", "").replace("\x1b[33m", "").replace("\x1b[36m", "").replace("\x1b[0m", "")
    assert all(columns(line) <= 30 for line in plain.splitlines() if not line.startswith(("==", "共", "已标注")))


def test_brief_report_has_one_line_per_finding():
    out = render_text(RESULTS, "2026.11", TextStyle(brief=True, width=20), OUTPUTS)
    assert out == """\
a.xlsm:项目1!B3 错误 C101 请填写项目名称
a.xlsm:项目2!B4 错误 C103 请填写年度资金总额
a.xlsm:项目1!B2 警告 C102 请填写项目编码
a.xlsm 警告 K500 整个文件的问题
a.xlsm:项目1!C20 提示 T601 可以更具体
b.xlsx: 无法校验 文件已损坏
已标注：标注.xlsm
共 2 个文件：错误 2，警告 2，提示 1；1 个文件无法校验（规则集 2026.11）
"""


@pytest.mark.parametrize("to_screen, no_color, color, wrapped", [
    (True, "", True, True), (True, "1", False, True), (False, "", False, False)])
def test_style_follows_the_terminal_and_no_color(monkeypatch, to_screen, no_color, color, wrapped):
    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setenv("COLUMNS", "72")
    style = commands._text_style(to_screen, brief=False)
    assert style.color is color and style.width == (72 if wrapped else None)


@pytest.mark.parametrize("tty, no_color", [(True, ""), (True, "1"), (False, "")])
def test_check_on_a_terminal_or_piped(capsys, monkeypatch, example_book, tty, no_color):
    from xlperf.cli import main

    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setenv("COLUMNS", "60")
    capsys.readouterr()
    monkeypatch.setattr("sys.stdout.isatty", lambda: tty)
    assert main(["check", str(example_book)]) == 1
    out = capsys.readouterr().out
    assert ("\x1b[1;31m错误\x1b[0m" in out) is (tty and not no_color)
    plain = re.sub("\x1b\\[[0-9;]*m", "", out)
    long_lines = [line for line in plain.splitlines() if columns(line) > 60 and not line.startswith("==")]
    assert bool(long_lines) is not tty  # wrapped to the terminal's 60 columns; piped: one line per finding


def test_wrap_columns_counts_cjk_as_two():
    assert columns("项目1!B2") == 8
    assert wrap_columns("错误 abcdefghij 中文中文", 12, "  ") == ["错误", "  abcdefghij", "  中文中文"]
    assert wrap_columns("x" * 25, 10, "  ") == ["x" * 10, "  " + "x" * 8, "  " + "x" * 7]
