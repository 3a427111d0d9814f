"""`xlperf diff`: projects and indicators added, removed and changed between two years' workbooks."""
from __future__ import annotations

import json

from harness import good_form

from xlperf import cli
from xlperf.form.model import FundingLine, Indicator, Project
from xlperf.services.diff import diff_forms, project_key
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
    assert data["schema_version"] == 2
    assert (data["old_year"], data["new_year"]) == (2021, 2022)
    (p,) = data["projects"]
    assert (p["old_name"], p["name"]) == ("科技型中小企业补助", "科技型中小企业补助　项目")
    assert (p["old_total"], p["new_total"], p["total_changed"]) == (350, 400, True)
    assert p["added"] == [{"level1": "效益指标", "level2": "可持续影响指标", "level3": "企业研发持续投入", "value": "≥3年"}]
    assert p["removed"] == [{"level1": "效益指标", "level2": "社会效益指标", "level3": "新增高新技术企业数量", "value": "≥15家"}]
    assert p["changed"] == [{"level1": "产出指标", "level2": "数量指标", "level3": "补助企业数量", "old": "≥35家",
                             "new": "≥40家", "field": "value"}]
    assert p["unchanged"] == 5
    assert (p["purpose"], p["plan"], p["funding_added"], p["funding_removed"], p["funding_changed"]) == (
        None, [], [], [], [])
    assert data["added_projects"] == [{"name": "科技成果转化奖励", "total": 80, "indicators": 1}]
    assert data["removed_projects"] == [{"name": "创新券专家评审费", "total": 5.6, "indicators": 6}]
    assert data["notes"] == []


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


def test_plan_funding_purpose_basis_and_description_changes(tmp_path, capsys):
    """Changes the first version of diff missed: 资金支出计划, 补助测算 lines, 资金用途, 确定依据, 指标描述."""
    last, this = good_form(), good_form()
    this.year = 2022.0
    p1, p2 = this.projects
    p1.plan.cumulative = [20.0, 40.0, 80.0, 100.0]  # 第二季度 50 → 40
    p1.purpose = "复审企业40家，每家补助10万元，合计400万元。"
    p1.indicators[0].basis = "历史标准"  # 补助企业数量: 计划标准 → 历史标准
    p1.indicators[1].description = "按补助标准足额拨付的资金占比"
    p1.funding = [FundingLine("复审企业补助", 40.0, "家", 10.0, "万元/家"),  # 35 → 40
                  FundingLine("首次认定企业补助", 5.0, "家", 20.0, "万元/家")]  # added
    p2.funding = []  # 专家咨询费: removed
    old_path = write_filled(last, tmp_path / "last.xlsm")
    new_path = write_filled(this, tmp_path / "this.xlsm")

    assert cli.main(["diff", str(old_path), str(new_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    q1, q2 = data["projects"]
    assert q1["plan"] == [{"quarter": "第二季度", "old": 50, "new": 40}]
    assert q1["purpose"] == {"old": "复审企业35家，每家补助10万元，合计350万元。", "new": "复审企业40家，每家补助10万元，合计400万元。"}
    assert q1["changed"] == [
        {"level1": "产出指标", "level2": "数量指标", "level3": "补助企业数量", "old": "计划标准", "new": "历史标准",
         "field": "basis"},
        {"level1": "产出指标", "level2": "质量指标", "level3": "按标准拨付资金比例", "old": "按补助标准拨付的资金占比",
         "new": "按补助标准足额拨付的资金占比", "field": "description"},
    ]
    assert q1["unchanged"] == 5
    assert q1["funding_changed"] == [{
        "category": "复审企业补助", "fields": ["quantity"],
        "old": {"category": "复审企业补助", "quantity": 35, "quantity_unit": "家", "standard": 10,
                "standard_unit": "万元/家", "amount": 350},
        "new": {"category": "复审企业补助", "quantity": 40, "quantity_unit": "家", "standard": 10,
                "standard_unit": "万元/家", "amount": 400}}]
    assert [f["category"] for f in q1["funding_added"]] == ["首次认定企业补助"] and q1["funding_added"][0]["amount"] == 100
    assert q1["funding_removed"] == []
    assert [(f["category"], f["amount"]) for f in q2["funding_removed"]] == [("专家咨询费", 5.6)]
    assert not q2["changed"] and not q2["plan"] and q2["purpose"] is None

    assert cli.main(["diff", str(old_path), str(new_path)]) == 0
    text = capsys.readouterr().out
    assert "~ 资金支出计划 第二季度累计进度：50% → 40%" in text
    assert "~ 项目资金主要用途变化：复审企业35家" in text
    assert "~ 指标值确定依据变化 产出指标/数量指标/补助企业数量：计划标准 → 历史标准" in text
    assert "~ 绩效指标描述变化 产出指标/质量指标/按标准拨付资金比例：按补助标准拨付的资金占比 → 按补助标准足额拨付的资金占比" in text
    assert "~ 补助测算变化 复审企业补助：35家 × 10万元/家 = 350 万元 → 40家 × 10万元/家 = 400 万元" in text
    assert "+ 新增补助测算 首次认定企业补助：5家 × 20万元/家 = 100 万元" in text
    assert "- 删除补助测算 专家咨询费：28人次 × 2000元/人次 = 5.6 万元" in text
    assert "年度相同" not in text
    assert "共 2 个项目两年都有（2 个有变化）" in text


def test_level1_typo_fix_is_a_change_not_removal_and_addition():
    last, this = good_form(), good_form()
    last.projects[0].indicators[6].level1 = "、满意度指标"  # last year's typo, fixed this year
    (p, _) = diff_forms(last, this).projects
    assert not p.added and not p.removed
    assert [(c.field, c.level3, c.old, c.new) for c in p.changed] == [("level1", "受补助企业满意度", "、满意度指标", "满意度指标")]
    # an alias (效果指标 = 效益指标) is the same 一级, not a change
    this.projects[0].indicators[4].level1 = "效果指标"
    (p, _) = diff_forms(good_form(), this).projects
    assert p.unchanged == 7 and not p.changed


def test_same_year_gets_a_note(tmp_path, capsys):
    last = write_filled(good_form(), tmp_path / "a.xlsm")
    same = write_filled(good_form(), tmp_path / "b.xlsm")
    assert cli.main(["diff", str(last), str(same)]) == 0
    assert "注意：两个文件的年度相同（2021），请确认比较的是上年与本年的填报。" in capsys.readouterr().out
    assert cli.main(["diff", str(last), str(same), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == ["两个文件的年度相同（2021），请确认比较的是上年与本年的填报"]
