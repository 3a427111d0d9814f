"""The label-driven reader (files.foreign) and the Word reader (files.word): real layouts of other provinces and
template generations, each with the expected model as JSON; robustness; the CLI (check, dump --explain, import,
diff) on foreign layouts."""
from __future__ import annotations

import hashlib
import json
import random

import pytest
from foreign_layouts import DOCX_LAYOUTS, EXPECTED, XLSX_LAYOUTS, corpus, read, write_docx, write_xlsx

from xlperf.cli import main
from xlperf.files.interchange import to_dict
from xlperf.form.errors import NotOurForm

ALL = {**{n: (f, ".xlsx") for n, f in XLSX_LAYOUTS.items()}, **{n: (f, ".docx") for n, f in DOCX_LAYOUTS.items()}}


def build(tmp_path, name):
    builder, suffix = ALL[name]
    return builder(tmp_path / f"{name}{suffix}")


def test_enough_layouts():
    assert len(XLSX_LAYOUTS) >= 10 and len(DOCX_LAYOUTS) >= 3


@pytest.mark.parametrize("name", sorted(ALL))
def test_layout_reads_as_expected(tmp_path, name):
    form, read_as = read(build(tmp_path, name))
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    assert to_dict(form) == expected
    assert read_as is not None and read_as.parts
    assert "读取方式" in read_as.text()


@pytest.mark.parametrize("name", ["nm_system_export", "hn_shenbao_mid_annual", "hb_approval_two_values",
                                  "docx_old2018"])
def test_indicators_match_the_published_form(tmp_path, name):
    """Where the layout prints every column, the indicators are the corpus transcription's (with merged 一级/二级
    continued, as the template reader does)."""
    cid = {"nm_system_export": "2021-nm-wuhai-gxs-01", "hn_shenbao_mid_annual": "2023-hn-xiangtan-hwc-01",
           "hb_approval_two_values": "2022-hb-huangshi-dx-01", "docx_old2018": "2021-sn-qingjian-jtj-01"}[name]
    form, _ = read(build(tmp_path, name))
    published = corpus(cid)["projects"][0]["indicators"]
    got = to_dict(form)["projects"][0]["indicators"]
    assert [(i["level3"], i["value"]) for i in got] == [(i["level3"], i["value"]) for i in published]


def test_values_point_at_the_original_cells(tmp_path):
    form, _ = read(build(tmp_path, "hn_shenbao_mid_annual"))
    project = form.projects[0]
    assert str(project.cells["name"]) == "申报表!B3"
    assert str(project.cells["total"]) == "申报表!G6"  # the 年度 block, not the 中期 one
    assert str(project.indicators[0].cells["value"]) == "申报表!H13"
    assert str(project.indicators[1].cells["level1"]) == "申报表!B13"  # the merged 一级 cell


def test_word_cells_are_named_by_table_row_column(tmp_path):
    form, read_as = read(build(tmp_path, "docx_old2018"))
    project = form.projects[0]
    assert str(project.cells["name"]) == "表格1!R1C2"
    assert str(project.indicators[0].cells["value"]) == "表格1!R8C4"
    assert read_as.source == "Word 文档"


def test_mid_columns_are_skipped_and_listed(tmp_path):
    _, read_as = read(build(tmp_path, "hn_shenbao_mid_annual"))
    text = read_as.text()
    assert "中期" in text and "未读取的列" in text
    assert read_as.layout.startswith("项目支出绩效目标表（中期与年度并列")


def _simple(rows_before=(), header=("一级指标", "二级指标", "三级指标", "指标值"), spacer=False, order=None):
    inds = [("产出指标", "数量指标", "培训人次", "≥280人次"), (None, "质量指标", "合格率", "≥95%"),
            ("效益指标", "社会效益指标", "群众知晓率", "≥90%")]
    order = order or list(range(len(header)))
    rows = [list(r) for r in rows_before] + [[header[i] for i in order]]
    for ind in inds:
        full = list(ind) + [None] * (len(header) - len(ind))
        rows.append([full[i] for i in order])
        if spacer:
            rows.append([None])
    return rows


HEAD = [["项目名称", "培训经费"], ["主管部门", "某局"], ["年度资金总额", 12]]


def _model(path):
    form, _ = read(path)
    return [(i.level1, i.level2, i.level3, i.value) for i in form.projects[0].indicators], form


def test_shuffled_extra_columns_and_spacers_read_the_same(tmp_path):
    base, _ = _model(write_xlsx(tmp_path / "a.xlsx", {"S": _simple(HEAD)}))
    header = ("一级指标", "二级指标", "三级指标", "指标值", "分值", "权重", "备注")
    shuffled, form = _model(write_xlsx(tmp_path / "b.xlsx", {"S": _simple(HEAD, header, True, [6, 3, 0, 5, 2, 1, 4])}))
    assert shuffled == base
    assert base[1][0] == "产出指标"  # the empty 一级 continues the group above
    assert form.projects[0].total == 12


def test_a_file_with_no_form_is_refused_with_a_message(tmp_path, capsys):
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": [["姓名", "电话"], ["张三", "123"]],
                                              "项目": [["项目名称", "某项目"]]})
    with pytest.raises(NotOurForm) as err:
        read(path)
    assert "没有找到绩效指标表" in err.value.message and "项目名称" in err.value.message
    assert main(["check", str(path)]) == 2
    assert "没有找到绩效指标表" in capsys.readouterr().out


def test_an_empty_word_document_is_refused(tmp_path):
    with pytest.raises(NotOurForm) as err:
        read(write_docx(tmp_path / "空.docx", ["只有一段文字"]))
    assert "表格" in err.value.message


def test_two_projects_on_a_sheet_and_a_guide_sheet(tmp_path):
    form, read_as = read(build(tmp_path, "cq_two_projects_one_sheet"))
    assert [p.name for p in form.projects] == ["古昌镇大青冈村乡村振兴绿化美化项目", "2021年交通局寨山石坪、鲍家沟果园路"]
    assert read_as.other_sheets == ["填报说明"]


def test_the_original_file_never_changes(tmp_path, capsys):
    for name in ("ah_self_evaluation", "docx_self_evaluation"):
        path = build(tmp_path, name)
        before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
        main(["check", str(path)])
        main(["dump", "--explain", str(path)])
        main(["import", str(path), "-o", str(tmp_path / f"{name}.xlsm")])
        assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    capsys.readouterr()


def test_check_prints_the_read_as_summary_first(tmp_path, capsys):
    path = build(tmp_path, "cq_101_shenpi")
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert out.splitlines()[1].strip().startswith("读取方式：按标签读取")
    assert "审批表!" in out  # findings point into the original file


def test_check_json_carries_read_as_for_foreign_only(tmp_path, capsys, example_book):
    main(["check", "--format", "json", str(build(tmp_path, "nm_system_export")), str(example_book)])
    files = json.loads(capsys.readouterr().out)["files"]
    assert files[0]["read_as"]["layout"] and "read_as" not in files[1]


def test_dump_explain(tmp_path, capsys):
    assert main(["dump", "--explain", str(build(tmp_path, "sc_flat_export"))]) == 0
    captured = capsys.readouterr()
    assert "一体化系统导出" in captured.err and "权重" in captured.err
    assert len(json.loads(captured.out)["projects"]) == 2


@pytest.mark.parametrize("name", ["nm_system_export", "hn_whole_department", "sc_flat_export", "docx_old2018",
                                  "ah_self_evaluation"])
def test_import_then_dump_equals_the_foreign_model(tmp_path, capsys, name):
    path = build(tmp_path, name)
    form, _ = read(path)
    out = tmp_path / "new.xlsm"
    assert main(["import", str(path), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["dump", str(out)]) == 0
    for project in form.projects:  # our template has a place for every field the source layout lacked
        project.absent = frozenset()
    assert json.loads(capsys.readouterr().out) == to_dict(form)


def test_fields_the_layout_lacks_are_not_reported_empty(tmp_path):
    """A layout with no 项目编码, 资金用途, 确定依据 … (the label-driven reader records them in Project.absent): the
    completeness checks do not call them empty; a field the layout prints and leaves empty still is (C106)."""
    from xlperf.checks import run_checks

    rows = [["项目名称", "培训经费"], ["主管部门", None], ["年度资金总额", 12], ["年度目标", "培训基层干部280人次"]]
    form, _ = read(write_xlsx(tmp_path / "a.xlsx", {"S": _simple(rows)}))
    project = form.projects[0]
    assert {"code", "purpose", "plan", "basis", "implementer", "attribute"} <= project.absent
    assert not {"name", "department", "total", "goals"} & project.absent
    codes = {f.code for f in run_checks(form)}
    assert not codes & {"C102", "C104", "C121", "C136"}
    [c106] = [f for f in run_checks(form) if f.code == "C106"]
    assert c106.message.endswith("的主管部门没有填写。")


def test_diff_across_layouts_reports_only_real_changes(tmp_path, capsys):
    old = build(tmp_path, "nm_system_export")
    capsys.readouterr()
    new = tmp_path / "new.xlsm"
    main(["import", str(old), "-o", str(new)])
    capsys.readouterr()
    main(["diff", "--format", "json", str(old), str(new)])
    same = json.loads(capsys.readouterr().out)
    form, _ = read(old)
    form.projects[0].indicators[0].value = "=9"
    from xlperf.template import write_filled

    changed = write_filled(form, tmp_path / "changed.xlsm")
    main(["diff", "--format", "json", str(old), str(changed)])
    diff = json.loads(capsys.readouterr().out)
    assert "出差人数" not in json.dumps(same, ensure_ascii=False)
    assert "出差人数" in json.dumps(diff, ensure_ascii=False)
    assert "出差人次" not in json.dumps(diff, ensure_ascii=False)


def test_review_reads_foreign_layouts(tmp_path):
    from xlperf.services.review import review_paths

    for name in ("hb_approval_two_values", "docx_whole_department"):
        build(tmp_path, name)
    results = review_paths([tmp_path], jobs=1)
    assert len(results) == 2 and not any(r.error for r in results)


def test_random_edits_never_crash_the_reader(tmp_path):
    """Hypothesis-style: random cells blanked, moved or overwritten with labels never raise anything but a
    clear NotOurForm."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from xlperf.files.foreign import read_sheets
    from xlperf.files.foreign_sheet import Sheet

    words = ["项目名称", "一级指标", "二级指标", "三级指标", "指标值", "年度目标", "中期指标值", "其中：财政拨款",
             "产出指标", "≥95%", None, "", 12.5, "分值", "（2021年度）", "注：", "合计"]
    base = _simple(HEAD, ("一级指标", "二级指标", "三级指标", "指标值", "分值"))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 6), st.sampled_from(words)), max_size=12),
           st.lists(st.tuples(st.integers(0, 9), st.integers(0, 6), st.integers(0, 3), st.integers(0, 3)),
                    max_size=3))
    def run(edits, merges):
        rows = [list(r) + [None] * (7 - len(r)) for r in base] + [[None] * 7 for _ in range(3)]
        for r, c, w in edits:
            rows[r][c] = w
        spans = [(r, c, r + h, c + w) for r, c, h, w in merges]
        try:
            read_sheets([Sheet("S", rows, spans)])
        except NotOurForm:
            pass

    run()
    random.seed(0)
