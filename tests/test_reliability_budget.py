"""The resource budget (issue 16, docs/reliability.md): for each limit of the gate, a generated file just under it
costs every command (check, --annotate, export, dump, review) at most MAX_SECONDS and MAX_RSS_MB; a file just
over it is refused by every command with exit 2 and a Chinese message. Whatever `new` writes, `check` accepts."""
from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import budget  # noqa: E402
from budget import BUDGET, MAX_PROJECTS, MAX_RSS_MB, MAX_SECONDS, MB  # noqa: E402

HAN = re.compile(r"[\u4e00-\u9fff]")


def _new(tmp_path: Path, form: dict) -> budget.Run:
    source = tmp_path / "form.json"
    source.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    return budget.run("new", source, "-o", tmp_path / "new.xlsm", cwd=tmp_path)


def _projects(tmp_path: Path) -> Path:
    result = _new(tmp_path, budget.projects_form(MAX_PROJECTS))
    assert result.code == 0, result.stderr
    return tmp_path / "new.xlsm"


#: limit → a maker of a file just under it (the most that limit lets through)
UNDER = {
    "max_rows": lambda d: budget.indicator_rows(d / "rows.xlsm", BUDGET.max_rows),
    "max_cols": lambda d: budget.wide_cell(d / "cols.xlsm", BUDGET.max_cols),
    "max_xml_bytes": lambda d: budget.styled_cells(d / "xml.xlsm", BUDGET.max_xml_bytes - 64 * 1024),
    "max_sheets+projects": _projects,
    "max_members": lambda d: budget.many_members(d / "members.xlsm", BUDGET.max_members),
    "max_file_bytes": lambda d: budget.big_picture(d / "big.xlsm", BUDGET.max_file_bytes - 64 * 1024),
    "max_total_uncompressed": lambda d: budget.compressible_parts(d / "total.xlsm", BUDGET.max_total_uncompressed
                                                                  - 64 * 1024, BUDGET.ratio_min_size),
    "ratio (Excel's repetitive text)": lambda d: budget.long_texts(d / "text.xlsm", BUDGET.max_xml_bytes - 64 * 1024),
}

#: limit → (a maker of a file just over it, a word the Chinese message must contain)
OVER = {
    "max_rows": (lambda d: budget.indicator_rows(d / "rows.xlsm", BUDGET.max_rows + 1), f"{BUDGET.max_rows} 行"),
    "max_cols": (lambda d: budget.wide_cell(d / "cols.xlsm", BUDGET.max_cols + 1), f"{BUDGET.max_cols} 列"),
    "max_xml_bytes": (lambda d: budget.styled_cells(d / "xml.xlsm", BUDGET.max_xml_bytes + 64 * 1024), "XML 部件"),
    "max_sheets": (lambda d: budget.many_sheets(d / "sheets.xlsx", BUDGET.max_sheets + 1), "个工作表"),
    "max_members": (lambda d: budget.many_members(d / "members.xlsm", BUDGET.max_members + 1), "个部件"),
    "max_file_bytes": (lambda d: budget.big_picture(d / "big.xlsm", BUDGET.max_file_bytes + 64 * 1024), "超过上限"),
    "max_total_uncompressed": (lambda d: budget.compressible_parts(
        d / "total.xlsm", BUDGET.max_total_uncompressed + 64 * 1024, BUDGET.ratio_min_size), "解压后总大小"),
    "max_ratio": (lambda d: budget.compressible_parts(d / "ratio.xlsm", 2 * BUDGET.ratio_min_size,
                                                       BUDGET.ratio_min_size + 64 * 1024), "压缩比"),
}


@pytest.mark.parametrize("limit", sorted(UNDER))
def test_a_file_just_under_a_limit_stays_within_the_budget(limit, tmp_path):
    book = UNDER[limit](tmp_path)
    runs = budget.every_command(book, tmp_path)
    for name, result in runs.items():
        where = f"{limit}: {name} exit {result.code}, {result.seconds:.1f} s, {result.rss_mb:.0f} MB\n{result.stderr}"
        assert result.code in (0, 1), where
        assert result.seconds < MAX_SECONDS, where
        assert result.rss_mb < MAX_RSS_MB, where


@pytest.mark.parametrize("limit", sorted(OVER))
def test_a_file_just_over_a_limit_is_refused_in_chinese(limit, tmp_path):
    make, word = OVER[limit]
    book = make(tmp_path)
    before = book.read_bytes()
    for args in (("check", book), ("export", book, "-o", tmp_path / "e.xlsx"), ("dump", book)):
        result = budget.run(*args, cwd=tmp_path)
        assert result.code == 2, f"{limit}: {args[0]} exit {result.code}\n{result.stderr}"
        said = result.stdout + result.stderr  # check reports an unreadable file in its report
        assert word in said and HAN.search(said), said
        assert "Traceback" not in said
    assert book.read_bytes() == before


def test_the_budget_is_the_default_and_documented():
    from xlperf.files import safety

    assert safety.DEFAULT_LIMITS is safety.BUDGET
    doc = (budget.ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    for field in ("max_file_bytes", "max_total_uncompressed", "max_xml_bytes", "max_ratio", "ratio_min_size",
                  "max_members", "max_sheets", "max_rows", "max_cols", "max_small_part", "MAX_PROJECTS"):
        assert f"`{field}`" in doc, field


def test_new_writes_at_most_the_projects_the_gate_accepts():
    from xlperf.template import FIXED_SHEETS

    assert MAX_PROJECTS + FIXED_SHEETS <= BUDGET.max_sheets


def test_new_refuses_more_projects_naming_the_file_and_the_limit(tmp_path):
    result = _new(tmp_path, budget.projects_form(MAX_PROJECTS + 1, indicators=1))
    assert result.code == 2 and "Traceback" not in result.stderr
    assert str(tmp_path / "form.json") in result.stderr and f"超过上限 {MAX_PROJECTS} 个" in result.stderr
    assert not (tmp_path / "new.xlsm").exists()


def test_new_refuses_a_form_whose_workbook_the_gate_would_refuse(tmp_path):
    form = budget.projects_form(3, indicators=60)
    text = "很长的说明文字" * 4600
    for i, project in enumerate(form["projects"]):
        for j, indicator in enumerate(project["indicators"]):
            indicator["description"] = f"{i}-{j}{text}"[:32767]  # distinct: a shared string is stored once
    result = _new(tmp_path, form)
    assert result.code == 2 and "Traceback" not in result.stderr
    assert str(tmp_path / "form.json") in result.stderr and "上限" in result.stderr
    assert not (tmp_path / "new.xlsm").exists()


def test_repetitive_long_text_is_not_called_a_bomb(tmp_path):
    book = budget.long_texts(tmp_path / "text.xlsm", BUDGET.max_xml_bytes - 64 * 1024)
    with zipfile.ZipFile(book) as zf:
        info = zf.getinfo("xl/worksheets/sheet3.xml")
    assert info.file_size > MB and info.file_size > BUDGET.max_ratio * info.compress_size  # a high ratio ...
    from xlperf.files.safety import load_checked

    assert load_checked(book)  # ... and an ordinary file
