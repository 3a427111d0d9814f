"""`xlperf review`: batch checking, the summary workbook's content, hostile files, exit codes.

Expected findings are computed with ``run_checks`` on the same forms (the rule catalogue is still growing); amounts,
indicator counts, statuses and the macro check are hand-built expectations.
"""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import hostile
import openpyxl
import pytest
from harness import good_form

from xlperf import cli
from xlperf.checks import RULESET_VERSION, all_rules, run_checks
from xlperf.files.reader import read_workbook_bytes
from xlperf.files.safety import load_checked
from xlperf.form.findings import Severity
from xlperf.form.model import FundingLine, Indicator
from xlperf.services.review import OTHER_LEVEL1, FileReview, collect_inputs, review_paths
from xlperf.services.review_summary import PART1_ROW, PROJECT_COLUMNS
from xlperf.template import FIXED_SHEETS, vba_project_for, write_filled
from xlperf.template.builder import workbook_bytes
from xlperf.template.vba.project import Module, build_vba_project, read_module_sources


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    wb.close()
    return rows


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def findings_of(path: Path):
    return run_checks(read_workbook_bytes(load_checked(path), path))


def altered_vba(project_sheets: int) -> bytes:
    """The official project with a procedure appended to our standard module (how a malicious macro would arrive)."""
    official = read_module_sources(vba_project_for(FIXED_SHEETS + project_sheets))
    modules = []
    for name, source in official.items():
        kind = "document" if name == "ThisWorkbook" or re.fullmatch(r"Sheet\d+", name) else "standard"
        if name == "xlperf_macros":
            source = source.rstrip("\n") + '\n\nPublic Sub Injected()\n    Shell "calc.exe"\nEnd Sub\n'
        modules.append(Module(name, source, kind))
    return build_vba_project(modules)


# ------------------------------------------------------------------ the batch of hand-built workbooks
def variant_education():
    """Another department, one more project indicator under an alias 一级 and one with a typo'd 一级,
    and a 补助测算 line that no longer matches the project total."""
    form = good_form()
    form.department = "市教育局"
    form.year = 2022.0
    p1 = form.projects[0]
    p1.indicators.append(Indicator("效果指标", "社会效益指标", "参训教师人数", "参加培训的教师人数", "≥100人", "计划标准"))
    p1.indicators.append(Indicator("产出指表", "数量指标", "培训场次", "全年培训场次", "≥4场", "计划标准"))
    p1.funding = [FundingLine("复审企业补助", 30.0, "家", 10.0, "万元/家"),
                  FundingLine("评审费", 50.0, "人次", 1000.0, "元/人次")]
    return form


@pytest.fixture
def batch(tmp_path):
    inbox = tmp_path / "收件箱"
    (inbox / "子目录").mkdir(parents=True)
    good = write_filled(good_form(), inbox / "高新区科技局.xlsm")
    edu = write_filled(variant_education(), inbox / "子目录" / "市教育局 (终版).xlsm")
    plain = inbox / "子目录" / "无宏.xlsx"  # saved as .xlsx: no macros at all
    plain.write_bytes(workbook_bytes(good_form()))
    altered = inbox / "宏被改.xlsm"
    altered.write_bytes(workbook_bytes(good_form(), vba_project=altered_vba(2)))
    (tmp_path / "work").mkdir()
    broken = inbox / "truncated.xlsx"
    broken.write_bytes(hostile.make_truncated(tmp_path / "work").read_bytes())
    (inbox / "~$高新区科技局.xlsm").write_bytes(b"lock")
    (inbox / "说明.txt").write_text("不是工作簿", encoding="utf-8")
    (inbox / "明细.csv").write_text("项目,金额\n", encoding="utf-8")
    return {"inbox": inbox, "good": good, "edu": edu, "plain": plain, "altered": altered, "broken": broken}


def test_collect_inputs_recurses_sorted_and_skips_lock_files(batch):
    files = collect_inputs([batch["inbox"]])
    names = sorted(Path(f).name for f in files)
    assert names == sorted(["高新区科技局.xlsm", "市教育局 (终版).xlsm", "无宏.xlsx", "宏被改.xlsm", "truncated.xlsx"])
    # an explicit file is kept as given; the same file twice is reviewed once
    assert collect_inputs([batch["good"], batch["good"]]) == [str(batch["good"])]


def test_summary_workbook_content(batch, tmp_path):
    out = tmp_path / "汇总.xlsx"
    code = cli.main(["review", str(batch["inbox"]), "-o", str(out), "--jobs", "2"])
    assert code == 2  # one file could not be read; the summary is still written

    order = collect_inputs([batch["inbox"]])
    by_name = {Path(f).name: f for f in order}
    sev = [s.value for s in Severity]

    def counts(found, sheet=None, outside=None):
        c = {s: 0 for s in sev}
        for f in found:
            if (sheet is not None and f.sheet == sheet) or (outside is not None and f.sheet not in outside):
                c[f.severity.value] += 1
        return [c[s] for s in sev]

    def status(found, sheet=None, outside=None):
        if sheet is not None:
            found = [f for f in found if f.sheet == sheet]
        if outside is not None:
            found = [f for f in found if f.sheet not in outside]
        return "需修改" if any(f.severity is Severity.ERROR for f in found) else "通过"

    level1 = {  # 产出, 成本, 效益, 满意度, 其他
        "good1": [4, 0, 2, 1, 0], "good2": [4, 0, 1, 1, 0], "edu1": [4, 0, 3, 1, 1],
    }
    expected = []
    for f in order:
        name = Path(f).name
        if name == "truncated.xlsx":
            rows = sheet_rows(out, "项目汇总")
            expected.append((f, None, None, None, None, None, None, None, None, None, None, None, None, None,
                             None, None, "无法读取", "无法读取", None, next(r[-1] for r in rows if r[0] == f)))
            continue
        found = findings_of(Path(f))
        edu = name.startswith("市教育局")
        dept, year = ("市教育局", 2022) if edu else ("高新区科技局", 2021)
        vba = {"无宏.xlsx": "无宏", "宏被改.xlsm": "与官方模板不同"}.get(name, "一致")
        expected.append((f, dept, year, PART1_ROW, None, None, None, None, None, None, None, None, None,
                         *counts(found, outside={"项目1", "项目2"}), status(found, outside={"项目1", "项目2"}),
                         status(found), vba, None))
        p1_funding = 300 + 5.0 if edu else 350
        expected.append((f, dept, year, "科技型中小企业补助", "项目1", 350, None, p1_funding,
                         *level1["edu1" if edu else "good1"], *counts(found, sheet="项目1"),
                         status(found, sheet="项目1"), status(found), vba, None))
        expected.append((f, dept, year, "创新券专家评审费", "项目2", 5.6, None, 5.6,
                         *level1["good2"], *counts(found, sheet="项目2"), status(found, sheet="项目2"),
                         status(found), vba, None))
    rows = sheet_rows(out, "项目汇总")
    assert rows[0] == PROJECT_COLUMNS
    assert rows[1:] == expected
    broken_row = next(r for r in rows if r[0] == by_name["truncated.xlsx"])
    assert "不完整" in broken_row[-1]
    assert OTHER_LEVEL1 in rows[0]

    # 问题明细: every finding, file by file, in the engine's order
    detail = sheet_rows(out, "问题明细")
    assert detail[0] == ("文件", "部门", "工作表", "单元格", "规则", "严重程度", "标题", "问题", "修改建议")
    want = []
    for f in order:
        if Path(f).name == "truncated.xlsx":
            continue
        dept = "市教育局" if Path(f).name.startswith("市教育局") else "高新区科技局"
        want += [(f, dept, x.sheet, x.cell, x.code, x.severity.value, x.title, x.message, x.suggestion or None)
                 for x in findings_of(Path(f))]
    assert detail[1:] == want

    # 规则命中率: every rule of the catalogue, files and findings hit, share of the 4 readable files
    rates = {r[0]: r for r in sheet_rows(out, "规则命中率")[1:]}
    assert set(rates) == {r.code for r in all_rules()}
    readable = [Path(f) for f in order if Path(f).name != "truncated.xlsx"]
    per_file = [[x.code for x in findings_of(p)] for p in readable]
    for code, row in rates.items():
        files_hit = sum(code in codes for codes in per_file)
        assert row[3:] == (files_hit, sum(codes.count(code) for codes in per_file), pytest.approx(files_hit / 4))

    # 部门统计 and its stacked chart
    dept_rows = sheet_rows(out, "部门统计")
    tech = [findings_of(p) for p in readable if not p.name.startswith("市教育局")]
    edu = findings_of(batch["edu"])
    tech_counts = [sum(counts(f, outside=set())[i] for f in tech) for i in range(3)]
    edu_counts = counts(edu, outside=set())
    assert dept_rows[1:] == [
        ("市教育局", 1, 2, *edu_counts, sum(edu_counts), int(status(edu) == "需修改"), 0),
        ("高新区科技局", 3, 6, *tech_counts, sum(tech_counts), sum(status(f) == "需修改" for f in tech), 0),
        ("（无法读取的文件）", 1, 0, 0, 0, 0, 0, 0, 1),
    ]
    with zipfile.ZipFile(out) as zf:
        chart = zf.read("xl/charts/chart1.xml").decode()
        assert '<c:grouping val="stacked"/>' in chart and chart.count("<c:ser>") == 3
        assert "部门统计" in chart

    # 宏检查: the file without macros and the altered module, nothing for the official ones
    vba = sheet_rows(out, "宏检查")[1:]
    want_vba = {"宏被改.xlsm": "与官方模板不同", "无宏.xlsx": "无宏"}
    assert [(r[0], r[2]) for r in vba] == [(f, want_vba[Path(f).name]) for f in order if Path(f).name in want_vba]
    altered_row = next(r for r in vba if r[2] == "与官方模板不同")
    assert "xlperf_macros" in altered_row[3] and "不一致" in altered_row[3]

    # reads well in Excel: frozen header, filters, widths
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref
        assert ws.column_dimensions["A"].customWidth and ws.column_dimensions["B"].customWidth


def test_exit_codes_follow_check(tmp_path):
    path = write_filled(good_form(), tmp_path / "good.xlsm")
    found = findings_of(path)
    out = tmp_path / "s.xlsx"
    for level in ("错误", "警告", "提示"):
        threshold = Severity.parse(level)
        expect = 1 if any(f.severity.rank >= threshold.rank for f in found) else 0
        assert cli.main(["review", str(path), "-o", str(out), "--fail-on", level]) == expect
    assert cli.main(["review", str(path)]) == 2  # xlsx needs -o
    assert cli.main(["review", str(path), "-o", str(out), "--fail-on", "严重"]) == 2


def test_json_format(tmp_path, capsys):
    path = write_filled(variant_education(), tmp_path / "edu.xlsm")
    broken = hostile.make_png(tmp_path)
    cli.main(["review", str(path), str(broken), "--format", "json", "--jobs", "1"])
    data = json.loads(capsys.readouterr().out)
    assert data["ruleset"] == RULESET_VERSION
    first, second = data["files"]
    assert first["path"] == str(path) and first["error"] is None and first["vba"] == "一致"
    assert [p["funding_total"] for p in first["projects"]] == [305, 5.6]
    assert first["projects"][0]["level1"] == {"产出指标": 4, "成本指标": 0, "效益指标": 3, "满意度指标": 1,
                                              OTHER_LEVEL1: 1}
    assert len(first["findings"]) == len(findings_of(path))
    assert second["status"] == "无法读取" and "PNG" in second["error"]


def test_pool_and_in_process_agree(tmp_path):
    files = [write_filled(good_form(), tmp_path / "a.xlsm"), write_filled(variant_education(), tmp_path / "b.xlsm"),
             hostile.make_xls(tmp_path)]
    one = review_paths(files, jobs=1, progress=False)
    two = review_paths(files, jobs=2, progress=False)
    strip = lambda rs: [{**r.as_dict(), "seconds": 0} for r in rs]  # noqa: E731
    assert strip(one) == strip(two)
    assert [r.path for r in two] == [str(f) for f in files]


def test_progress_only_when_asked(tmp_path, capsys):
    path = write_filled(good_form(), tmp_path / "a.xlsm")
    review_paths([path], jobs=1, progress=True)
    assert "\r审核" in capsys.readouterr().err
    cli.main(["review", str(path), "-o", str(tmp_path / "s.xlsx")])  # stderr is not a terminal under pytest
    assert "\r" not in capsys.readouterr().err


def test_hostile_corpus_one_clear_row_each(tmp_path):
    """Every hostile or broken file gives one 无法读取 row with its Chinese message; originals are untouched."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    files = {}
    for case, (maker, _cls, word) in sorted(hostile.CORPUS.items()):
        folder = inbox / case
        folder.mkdir()
        files[case] = (maker(folder), word)
    odd = hostile.make_valid_xlsx(inbox, hostile.ODD_NAME)  # readable, but not our form
    odd_good = write_filled(good_form(), inbox / ("-" + hostile.ODD_NAME.replace(".xlsx", ".xlsm")))
    before = {p: digest(p) for p, _ in files.values()} | {odd: digest(odd), odd_good: digest(odd_good)}

    out = tmp_path / "汇总.xlsx"
    paths = [str(p) for p, _ in files.values()] + [str(odd), str(odd_good)]
    assert cli.main(["review", *paths, "-o", str(out), "--jobs", "2"]) == 2

    rows = sheet_rows(out, "项目汇总")[1:]
    by_file: dict[str, list[tuple]] = {}
    for row in rows:
        by_file.setdefault(row[0], []).append(row)
    for case, (path, word) in files.items():
        (row,) = by_file[str(path)]
        assert row[PROJECT_COLUMNS.index("状态")] == "无法读取", case
        assert word in row[-1], (case, row[-1])
    # not our template, but a 绩效目标 table with a header row: read by the label-driven reader (files.foreign)
    assert by_file[str(odd)] and all(row[PROJECT_COLUMNS.index("状态")] != "无法读取" for row in by_file[str(odd)])
    assert len(by_file[str(odd_good)]) == 3  # department row + two projects
    assert {p: digest(p) for p in before} == before


def test_internal_error_in_one_file_does_not_stop_the_batch(tmp_path, monkeypatch):
    import xlperf.services.review as review

    good = write_filled(good_form(), tmp_path / "a.xlsm")
    real = review.review_file

    def flaky(path, config=None):
        if path.endswith("b.xlsm"):
            raise RuntimeError("boom")
        return real(path, config)

    monkeypatch.setattr(review, "review_file", flaky)
    other = tmp_path / "b.xlsm"
    other.write_bytes(good.read_bytes())
    results = review_paths([good, other], jobs=1, progress=False)
    assert results[0].error is None
    assert results[1].error_kind == "InternalError" and "boom" in results[1].error


def test_status_uses_threshold():
    r = FileReview("x", findings=[{"severity": "警告"}])
    assert r.status(Severity.ERROR) == "通过" and r.status(Severity.WARNING) == "需修改"


EVIL_NAME = '=HYPERLINK("http://evil.example","点我")'


def test_project_rows_own_status_and_amounts(tmp_path):
    """状态 per project (the file's in 文件状态); 年度资金总额 as a number in 万元 with the text kept beside it."""
    form = good_form()
    form.projects[0].total = "350万元"
    form.projects[1].total = "5.6万"
    form.projects[1].indicators[0].value = "待定"  # an error on 项目2 only
    path = write_filled(form, tmp_path / "a.xlsm")
    found = findings_of(path)
    assert any(f.sheet == "项目2" and f.severity is Severity.ERROR for f in found)
    assert not any(f.sheet == "项目1" and f.severity is Severity.ERROR for f in found)

    out = tmp_path / "汇总.xlsx"
    assert cli.main(["review", str(path), "-o", str(out)]) == 1
    header, part1, p1, p2 = sheet_rows(out, "项目汇总")
    col = {name: header.index(name) for name in header}
    assert (p1[col["状态"]], p1[col["文件状态"]]) == ("通过", "需修改")
    assert (p2[col["状态"]], p2[col["文件状态"]]) == ("需修改", "需修改")
    assert part1[col["文件状态"]] == "需修改"
    assert (p1[col["年度资金总额（万元）"]], p1[col["年度资金总额（原文）"]]) == (350, "350万元")
    assert (p2[col["年度资金总额（万元）"]], p2[col["年度资金总额（原文）"]]) == (5.6, "5.6万")

    plain = write_filled(good_form(), tmp_path / "b.xlsm")  # a plain number keeps no text
    cli.main(["review", str(plain), "-o", str(out)])
    rows = sheet_rows(out, "项目汇总")
    assert [(r[col["年度资金总额（万元）"]], r[col["年度资金总额（原文）"]]) for r in rows[2:]] == [(350, None), (5.6, None)]


def test_summary_writes_formula_like_text_as_text(tmp_path):
    """A project named like a formula (and a department like a link) must not become live in the summary."""
    form = good_form()
    form.projects[0].name = form.summaries[0].name = EVIL_NAME
    form.department = "http://evil.example/部门"
    path = write_filled(form, tmp_path / "a.xlsm")
    out = tmp_path / "汇总.xlsx"
    cli.main(["review", str(path), "-o", str(out)])
    header, part1, *_ = sheet_rows(out, "项目汇总")
    col = {name: header.index(name) for name in header}
    assert part1[col["部门"]] == "http://evil.example/部门"
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert "<f>" not in zf.read(name).decode(), name  # no formula anywhere
        rels = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/_rels/")]
        assert not [r for r in rels if "hyperlink" in r]  # and no link
    wb = openpyxl.load_workbook(out)
    names = [c.value for c in wb["项目汇总"]["D"]]
    assert EVIL_NAME in names and all(c.data_type != "f" for row in wb["项目汇总"].iter_rows() for c in row)


def test_json_projects_have_amounts_and_own_status(tmp_path, capsys):
    form = good_form()
    form.projects[0].total = "待定"
    form.projects[1].total = "56000元"
    form.projects[1].indicators[0].value = "待定"
    path = write_filled(form, tmp_path / "a.xlsm")
    cli.main(["review", str(path), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] == 2
    (f,) = data["files"]
    assert f["status"] == "需修改"
    assert [(p["total"], p["total_text"], p["status"]) for p in f["projects"]] == [
        (None, "待定", "需修改" if any(x.sheet == "项目1" and x.severity is Severity.ERROR
                                     for x in findings_of(path)) else "通过"),
        (5.6, "56000元", "需修改")]


def test_folder_scan_lists_other_spreadsheets_and_skips_the_rest(tmp_path):
    for name in ("a.xlsx", "b.XLSM", "c.xls", "d.xlsb", "e.et", "f.ods", "g.csv", "h.pdf", "i.docx"):
        (tmp_path / name).write_bytes(b"x")
    assert [Path(f).name for f in collect_inputs([tmp_path])] == ["a.xlsx", "b.XLSM", "c.xls", "d.xlsb", "e.et",
                                                                 "f.ods", "i.docx"]


def test_review_prints_skipped_and_unreadable_files_with_their_reasons(batch, capsys):
    code = cli.main(["review", str(batch["inbox"]), "--format", "json", "--jobs", "1"])
    out, err = capsys.readouterr()
    assert code == 2 and json.loads(out)["files"]
    inbox = batch["inbox"]
    lines = err.splitlines()
    assert f"已跳过：{inbox / '~$高新区科技局.xlsm'}（Office 锁定文件（文件正在被打开时生成），不是工作簿）" in lines
    assert f"已跳过：{inbox / '说明.txt'}（不是工作簿（.txt））" in lines
    assert f"已跳过：{inbox / '明细.csv'}（不是工作簿（.csv））" in lines
    [unreadable] = [line for line in lines if line.startswith("无法读取：")]
    assert unreadable.startswith(f"无法读取：{batch['broken']}：") and len(unreadable) > len(f"无法读取：{batch['broken']}：")
    assert lines[-1].startswith("共 5 个文件：") and "无法读取 1" in lines[-1]  # the totals last


def test_review_of_a_path_that_does_not_exist_is_an_error_before_any_work(batch, tmp_path, capsys):
    out = tmp_path / "汇总.xlsx"
    code = cli.main(["review", str(batch["good"]), str(tmp_path / "没有这个文件夹"), "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 2 and stdout == "" and not out.exists()
    assert err.startswith("错误：找不到文件或文件夹：") and "没有这个文件夹" in err and "Traceback" not in err


def test_scan_inputs_says_what_was_skipped(tmp_path):
    from xlperf.services.review import scan_inputs

    for name in ("a.xlsx", "b.txt", "~$a.xlsx", ".hidden.xlsx", "c"):
        (tmp_path / name).write_bytes(b"x")
    files, skipped = scan_inputs([tmp_path])
    assert [Path(f).name for f in files] == ["a.xlsx"]
    assert [(Path(p).name, reason) for p, reason in skipped] == [
        ("b.txt", "不是工作簿（.txt）"), ("c", "不是工作簿（无扩展名）"),
        ("~$a.xlsx", "Office 锁定文件（文件正在被打开时生成），不是工作簿")]
