"""`xlperf diff`: projects and indicators added, removed and changed between two years' workbooks."""
from __future__ import annotations

import json

from harness import good_form
from xlperf import cli
from xlperf.diff import diff_forms, project_key
from xlperf.model import Indicator, Project
from xlperf.template import write_filled


def this_year():
    form = good_form()
    form.year = 2022.0
    p1 = form.projects[0]
    p1.name = "科技型中小企业补助　项目"  # full-width space and a trailing 项目: still the same project
    p1.total = 400.0
    p1.indicators[0].value = "≥40家"  # 补助企业数量: changed
    p1.indicators[4].level1 = "效果指标"  # alias of 效益指标, same 三级: matched, unchanged
    del p1.indicators[5]  # 新增高新技术企业数量: removed
    p1.indicators.append(Indicator("效益指标", "可持续影响指标", "企业研发持续投入", "受补助企业持续投入研发", "≥3年", "计划标准"))
    form.projects[1] = Project(name="科技成果转化奖励", total=80.0, indicators=[
        Indicator("产出指标", "数量指标", "奖励成果数量", "获奖励的成果数量", "≥8项", "计划标准")])
    return form


def test_project_key():
    assert project_key(" 科技型中小企业补助项目 ") == project_key("科技型中小企业补助") == "科技型中小企业补助"
    assert project_key("项目") == "项目"


def test_diff_cli_json(tmp_path, capsys):
    last = write_filled(good_form(), tmp_path / "2021 年.xlsm")
    this = write_filled(this_year(), tmp_path / "2022 年.xlsm")
    assert cli.main(["diff", str(last), str(this), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] == 1
    assert (data["old_year"], data["new_year"]) == (2021, 2022)
    (p,) = data["projects"]
    assert (p["old_name"], p["name"]) == ("科技型中小企业补助", "科技型中小企业补助　项目")
    assert (p["old_total"], p["new_total"], p["total_changed"]) == (350, 400, True)
    assert p["added"] == [{"level1": "效益指标", "level2": "可持续影响指标", "level3": "企业研发持续投入", "value": "≥3年"}]
    assert p["removed"] == [{"level1": "效益指标", "level2": "社会效益指标", "level3": "新增高新技术企业数量", "value": "≥15家"}]
    assert p["changed"] == [{"level1": "产出指标", "level2": "数量指标", "level3": "补助企业数量", "old": "≥35家",
                             "new": "≥40家"}]
    assert p["unchanged"] == 5
    assert data["added_projects"] == [{"name": "科技成果转化奖励", "total": 80, "indicators": 1}]
    assert data["removed_projects"] == [{"name": "创新券专家评审费", "total": 5.6, "indicators": 6}]


def test_diff_cli_text(tmp_path, capsys):
    last = write_filled(good_form(), tmp_path / "last.xlsm")
    this = write_filled(this_year(), tmp_path / "this.xlsm")
    assert cli.main(["diff", str(last), str(this)]) == 0
    text = capsys.readouterr().out
    assert "年度资金总额：350 → 400 万元" in text
    assert "+ 新增指标 效益指标/可持续影响指标/企业研发持续投入：≥3年" in text
    assert "- 删除指标 效益指标/社会效益指标/新增高新技术企业数量：≥15家" in text
    assert "~ 指标值变化 产出指标/数量指标/补助企业数量：≥35家 → ≥40家" in text
    assert "++ 新增项目：科技成果转化奖励" in text
    assert "-- 上年有、本年没有的项目：创新券专家评审费" in text


def test_identical_forms_have_no_changes():
    d = diff_forms(good_form(), good_form())
    assert not d.added_projects and not d.removed_projects
    assert all(not p.is_changed for p in d.projects)


def test_duplicate_indicator_names_compare_pairwise():
    last, this = good_form(), good_form()
    for form, value in ((last, "≥1"), (this, "≥2")):
        form.projects[0].indicators.append(Indicator("产出指标", "数量指标", "补助企业数量", "", value, ""))
    (p, _) = diff_forms(last, this).projects
    assert [(c.old, c.new) for c in p.changed] == [("≥1", "≥2")] and not p.added and not p.removed


def test_diff_refuses_hostile_input(tmp_path, capsys):
    import hostile

    good = write_filled(good_form(), tmp_path / "good.xlsm")
    bomb = hostile.make_billion_laughs(tmp_path)
    assert cli.main(["diff", str(bomb), str(good)]) == 2
    assert "实体" in capsys.readouterr().err
