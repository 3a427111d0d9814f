"""一致性 rules (K5xx): table-driven cases over the baseline form, plus the bundled example.

The cases assert the complete findings of both of this author's families, 一致性 (K) and 规范性 (T), so that a
mutation that should be reported once is not reported twice across the two.

Cells of the baseline workbook used below: Part 1 — A1 title, F2 年度, B6/B7 总体绩效目标, rows 11/12 = the two
projects' 分项绩效目标 (B 名称, C 资金安排, D 绩效目标, E 绩效指标), B16..B22 保障措施; 项目N — D2 项目名称,
B4 年度资金总额, B5 资金用途, B9 绩效目标, indicators from row 11 (C 三级, D 描述, E 指标值).
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from harness import both, case, findings_of

from xlperf.checks import run_checks
from xlperf.files.reader import read_workbook
from xlperf.rules.consistency import compare_goals, name_key, year_problems

FAMILIES = "KT"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "2021-高新区科技局.xlsm"
P1 = "部门整体绩效目标"


def summary(index, **changes):
    def mutate(form):
        for key, value in changes.items():
            setattr(form.summaries[index], key, value)
    return mutate


def project(index, **changes):
    def mutate(form):
        for key, value in changes.items():
            setattr(form.projects[index], key, value)
    return mutate


def indicator(index, row, **changes):
    def mutate(form):
        for key, value in changes.items():
            setattr(form.projects[index].indicators[row], key, value)
    return mutate




def drop_summary(index):
    def mutate(form):
        del form.summaries[index]
    return mutate


def append_goal(where, index, goal):
    def mutate(form):
        target = form.summaries[index] if where == "part1" else form.projects[index]
        target.goals.append(goal)
    return mutate


def append_line(index, line):
    def mutate(form):
        form.summaries[index].indicators.append(line)
    return mutate


def set_goal(index, position, goal):
    def mutate(form):
        form.projects[index].goals[position] = goal
    return mutate


P2_PURPOSE = "每季度评审一次，每次7名专家，专家咨询费2000元/人，全年4*7*2000元=5.6万元。"

CASES = [
    # K501 / K502 — projects named in one part only
    case("K501", "part1-project-without-table", summary(1, name="科技成果转化奖励"),
         [("K501", P1, "B12"), ("K502", "项目2", "D2")]),
    case("K501", "trailing-xiangmu-matches", summary(0, name="科技型中小企业补助项目")),
    case("K501", "numbering-colon-and-space-match", summary(0, name="（一）科技型中小企业补助 项目：")
         , [("T601", P1, "B11")]),  # the names match; the trailing "：" is stray (hygiene)
    case("K502", "table-not-in-part1", drop_summary(1), [("K502", "项目2", "D2")]),
    case("K502", "part2-name-with-xiangmu-matches", project(1, name="创新券专家评审费项目")),
    # K503 — the same project named slightly differently
    case("K503", "name-differs-by-a-character", summary(1, name="创新券专家评审经费"), [("K503", P1, "B12")]),
    case("K503", "full-width-and-spaces-are-the-same-name", summary(1, name="创新券 专家评审费")),
    # K504 — goal reworded
    case("K504", "goal-reworded", set_goal(0, 1, "提升区内科技型企业创新能力"), [("K504", P1, "D11")]),
    case("K504", "punctuation-only-difference", set_goal(0, 0, "支持科技型中小企业开展研发活动。")),
    # K505 / K506 — goal missing on one side
    # a goal replaced by a different one: unmatched on both sides of the pair, reported once (K505 lists the
    # table's goal), not also as K506
    case("K505", "different-goal", set_goal(1, 1, "完善专家库建设"), [("K505", P1, "D12")]),
    case("K505", "two-part1-goals-vs-one-table-goal",
         both(set_goal(1, 1, "完善专家库建设"), append_goal("part1", 1, "加强园区建设")),
         [("K505", P1, "D12"), ("K505", P1, "D12")]),
    case("K505", "extra-goal-in-part1", append_goal("part1", 0, "加强园区建设"), [("K505", P1, "D11")]),
    case("K505", "goals-in-other-order", project(0, goals=["提升区内企业创新能力", "支持科技型中小企业开展研发活动"])),
    case("K505", "part1-goals-empty-is-not-compared", summary(0, goals=[])),
    case("K506", "extra-goal-in-table", append_goal("part2", 0, "加强园区建设"), [("K506", "项目1", "B9")]),
    case("K506", "other-project-pair-is-independent",
         both(append_goal("part2", 0, "加强园区建设"), set_goal(1, 1, "完善专家库建设")),
         [("K505", P1, "D12"), ("K506", "项目1", "B9")]),
    case("K506", "boilerplate-goals-stay-apart",
         both(set_goal(0, 0, "发挥财政资金引导作用，推动高新技术企业创新能力不断增强"),
              summary(0, goals=["发挥财政资金引导作用，推动高新技术企业创新能力不断增强", "提升区内企业创新能力"]))),
    # K507 — a Part 1 indicator with no counterpart in the table
    case("K507", "indicator-not-in-table", append_line(0, "技术合同成交额≥5000万元"), [("K507", P1, "E11")]),
    case("K507", "copied-from-another-project", append_line(1, "2021年度高新技术企业新增15家以上"),
         [("K507", P1, "E12")]),
    case("K507", "reworded-indicator-matches", append_line(0, "2021年度高新技术企业新增15家以上")),
    case("K507", "punctuation-line-is-hygiene-only", append_line(1, "、"), [("T602", P1, "E12")]),
    # K508 — amounts
    case("K508", "table-total-differs", project(0, total=300.0), [("K508", P1, "C11")]),
    case("K508", "table-purpose-total-differs",
         project(0, total=None, purpose="复审企业36家，每家补助10万元，合计360万元。"),
         [("K508", P1, "C11"), ("K511", P1, "C11")]),
    case("K508", "no-total-in-table-same-purpose", project(0, total=None)),
    case("K508", "total-in-yuan-agrees", project(1, total=5.6, purpose=P2_PURPOSE.replace("5.6万元", "56000元"))
         , [("K511", P1, "C12")]),
    # K508 — a text whose arithmetic cannot be read: its total written in words ("共计…万元") is compared
    case("K508", "unreadable-part1-total-differs",
         summary(0, purpose="用于高新技术企业复审补助，按实际通过复审的企业数兑付，共计360万元。"),
         [("K508", P1, "C11"), ("K511", P1, "C11")]),
    case("K508", "unreadable-part1-total-agrees",
         summary(0, purpose="用于高新技术企业复审补助，按实际通过复审的企业数兑付，共计350万元。"), [("K511", P1, "C11")]),
    case("K508", "unreadable-part1-total-hedged",
         summary(0, purpose="用于高新技术企业复审补助，按实际通过复审的企业数兑付，共计约360万元。"), [("K511", P1, "C11")]),
    # K509 — title year
    case("K509", "title-year-differs", lambda f: setattr(f, "title", "2020年部门整体绩效目标"), [("K509", P1, "A1")]),
    case("K509", "title-with-niandu", lambda f: setattr(f, "title", "2021年度部门整体绩效目标")),
    # K510 — years in texts
    case("K510", "next-year-in-description", indicator(0, 0, description="2022年度获得复审补助的企业数量"),
         [("K510", "项目1", "D11")]),
    case("K510", "last-year-deadline", indicator(0, 2, value="2020年12月底前"), [("K510", "项目1", "E13")]),
    case("K510", "old-year-in-goal", lambda f: f.overall_goals.__setitem__(0, "巩固2018年度科技创新成果"),
         [("K510", P1, "B6")]),
    case("K510", "base-year-comparisons", both(
        indicator(0, 4, description="受补助企业研发投入比2020年度有所增加"),
        indicator(0, 5, description="与2018年相比新认定的高新技术企业数量"),
        lambda f: f.overall_goals.__setitem__(1, "落实2021-2023年科技创新规划，到2025年建成创新型园区"))),
    # K511 — purpose texts differ
    case("K511", "purpose-differs", summary(1, purpose=P2_PURPOSE.replace("专家咨询费2000", "专家咨询费2400")),
         [("K511", P1, "C12")]),
    case("K511", "trailing-full-stop-and-spaces-ignored",
         summary(0, purpose="复审企业35家， 每家补助10万元，合计350万元")),
    # K513 — the workbook's own settings relax the checks (its cells are on the 设置 sheet)
    case("K513", "rule-switched-off-and-downgraded",
         lambda f: f.settings.update({"规则级别": "C103=提示，V201=关闭"}), [("K513", "设置", "B6")]),
    case("K513", "satisfaction-minimum-lowered",
         lambda f: f.settings.update({"满意度最低值": "60"}), [("K513", "设置", "B3")]),
    case("K513", "cannot-switch-itself-off",
         lambda f: f.settings.update({"规则级别": "K513=关闭"}), [("K513", "设置", "B6")]),
    case("K513", "stricter-settings-are-fine",
         lambda f: f.settings.update({"满意度最低值": "95", "规则级别": "T608=错误", "指标体系": "101号"})),
    # K512 — indicators copied from another project
    case("K512", "two-rows-copied", both(
        lambda f: f.projects[1].indicators.__setitem__(2, copy.deepcopy(f.projects[0].indicators[2])),
        lambda f: f.projects[1].indicators.__setitem__(3, copy.deepcopy(f.projects[0].indicators[3]))),
        [("K512", "项目2", "C13")]),
    case("K512", "one-common-row-is-fine",
         lambda f: f.projects[1].indicators.__setitem__(5, copy.deepcopy(f.projects[0].indicators[6]))),
    case("K512", "same-name-other-value-is-fine", both(
        lambda f: f.projects[1].indicators.__setitem__(2, copy.deepcopy(f.projects[0].indicators[2])),
        lambda f: f.projects[1].indicators.__setitem__(3, copy.deepcopy(f.projects[0].indicators[3])),
        indicator(1, 3, value="≤8万元"))),
]


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_case(c):
    assert findings_of(c.form(), families=FAMILIES, config=c.config) == c.expect


def test_every_rule_has_failing_and_passing_cases():
    codes = {code for c in CASES for code, _, _ in c.expect if code.startswith("K")} | {c.rule for c in CASES}
    for code in sorted(code for code in codes if code.startswith("K")):
        mine = [c for c in CASES if c.rule == code]
        assert any(code in [e[0] for e in c.expect] for c in mine), code
        assert any(code not in [e[0] for e in c.expect] for c in mine), code


@pytest.mark.parametrize("a, b, key", [
    ("高新技术企业扶持资金项目", "高新技术企业扶持资金", "高新技术企业扶持资金"),
    ("（二）机器人产业扶持资金：", "机器人产业扶持资金", "机器人产业扶持资金"),
    ("项目", "项目", "项目"),
])
def test_name_key(a, b, key):
    assert name_key(a) == name_key(b) == key


def test_compare_goals_threshold():
    cmp = compare_goals(["发挥财政资金引导作用，推动高新技术企业创新能力不断增强", "加强园区建设，推动高新技术企业发展"],
                        ["发挥财政资金引导作用，推动高新技术企业创新能力不断增强", "加强科技园区建设，推动高新技术企业发展"])
    assert [(a, b) for a, b, _ in cmp.reworded] == [("加强园区建设，推动高新技术企业发展", "加强科技园区建设，推动高新技术企业发展")]
    assert cmp.part1_only == cmp.part2_only == []
    cmp = compare_goals(["增加一批具有较强影响力的双创平台和双创企业", "提高企业创新能力"],
                        ["增加一批具有较强影响力的双创平台和双创企业", "发挥财政资金引导作用，推动双创平台和双创企业不断增强"])
    assert cmp.reworded == []
    assert cmp.part1_only == ["提高企业创新能力"]
    assert cmp.part2_only == ["发挥财政资金引导作用，推动双创平台和双创企业不断增强"]


@pytest.mark.parametrize("text, found", [
    ("2021年度企业研发资金占比比2020年度有所增加", []),
    ("2021年12月底前", []),
    ("2022年度拨付高企数量", [2022]),
    ("2020年12月底前", [2020]),
    ("截至2020年底已认定", []),
    ("自2015年以来累计认定", []),
    ("落实2021-2023年规划", []),
    ("落实2018-2020年规划", []),  # a past range ending last year: its end is the usual base year
    ("完成2022年度目标", [2022]),
    ("项目编码130200210000000001", []),
])
def test_year_problems(text, found):
    assert [y for y, _, _ in year_problems(text, 2021)] == found


def test_bad_content_does_not_crash():
    def mutate(form):
        form.year = "二〇二一"
        form.title = None
        form.projects[0].total = "待定"
        form.projects[0].name = None
        form.summaries[1].name = None
        form.summaries[1].indicators = ["、", "，", ""]
        form.projects[1].purpose = None
    found = findings_of(case("K501", "bad", mutate).form(), families=FAMILIES)
    assert all(code[0] in FAMILIES for code, _, _ in found)


def test_bundled_example():
    """The reviewed 一致性 and 规范性 findings of examples/2021-高新区科技局.xlsm (the real 2021 submission)."""
    found = [(f.code, f.sheet, f.cell) for f in run_checks(read_workbook(EXAMPLE)) if f.code[0] in FAMILIES]
    assert found == [
        # Part 1 project 1's 资金安排 "…100家申请高新技术企业,申请高企…": a half-width comma between Chinese clauses.
        ("T608", P1, "C11"),
        # Part 1 project 1 goal 2 "加强园区建设，推动高新技术企业发展" vs the table's "加强科技园区建设，…" (ratio 0.94).
        ("K504", P1, "D11"),
        # Part 1 project 1 lists "2021年度高新技术企业新增15家以上" and "2021年度企业研发资金占比比2020年度有所增加";
        # project 1's table has neither a new-高企 count nor an R&D-share indicator (its 数量 is 拨付高企数量 ≥100).
        # "占比比2020年度" is 占比 + 比…, not a repetition; "比2020年度" is the base year, not a wrong year.
        # Both lines are reported in one hint for the cell.
        ("K507", P1, "E11"),
        # Part 1 project 2 goal 2 "提高企业创新能力" is not in the table, whose goal 2 is "发挥财政资金引导作用，推动双创
        # 平台和双创企业不断增强" (ratio 0.12: a different goal, not a rewording). One mismatch, reported once: K505
        # names the table's unmatched goal, so there is no K506 at 项目2!B9.
        ("K505", P1, "D12"),
        # Part 1 project 2's indicators: "2021年度高新技术企业新增15家以上" (copied from project 1) and "拨付企业数量1家":
        # the robot project's table has no such indicators.
        # (one hint for the cell, listing both)
        ("K507", P1, "E12"),
        # Part 1 project 2's indicator list starts with a line holding only "、".
        ("T602", P1, "E12"),
        # "《河北省河北省省级科技创新券实施细则》" in Part 1 project 3's 资金安排.
        ("T603", P1, "C13"),
        # Part 1 project 3's "小微企业营业收入与基准年相比增加": project 3's table measures 服务支撑能力, not 营业收入.
        ("K507", P1, "E13"),
        # "河北省河北省" again in Part 1 project 3's indicator line.
        ("T603", P1, "E13"),
        # 保障措施 7: "…提高资金使用效益的意见意见；" (the standard text says 意见建议).
        ("T603", P1, "B23"),
        # 项目1 资金用途: the same half-width comma as in Part 1.
        ("T608", "项目1", "B5"),
        # 项目2's 质量, 时效, 成本 and 满意度 rows are word for word 项目1's (copied, not derived from the project).
        ("K512", "项目2", "C12"),
        # "河北省河北省" in 项目3's 资金用途 and in its first indicator's description.
        ("T603", "项目3", "B5"),
        ("T603", "项目3", "D11"),
        # 项目3 copies the same four rows from 项目1.
        ("K512", "项目3", "C12"),
        # Not reported here, on purpose: 项目3 A16 "、满意度指标" — the completeness family reports the unrecognised
        # 一级 name (suggesting 满意度指标); "企业创业创新" (业创业创 spans 企业|创业|创新) is not a repetition.
    ]


def _messages(mutate, code):
    from harness import materialize

    return [f.message for f in run_checks(materialize(case(code, "msg", mutate).form())) if f.code == code]


def test_k501_k502_omit_the_others_clause_when_there_are_none():
    assert _messages(drop_summary(1), "K502") == [
        "第二部分的项目“创新券专家评审费”没有出现在第一部分的分项绩效目标中。"]
    [msg] = _messages(summary(1, name="科技成果转化奖励"), "K501")
    assert msg.endswith("找不到对应的项目绩效目标表（第二部分中同样对不上的项目：“创新券专家评审费”）。")
    assert not any("：无" in m for code in ("K501", "K502", "K505", "K506")
                   for m in _messages(both(drop_summary(1), append_goal("part2", 0, "加强园区建设")), code))


def test_k505_names_the_tables_unmatched_goal_and_k506_stays_silent():
    mutate = set_goal(1, 1, "完善专家库建设")
    assert _messages(mutate, "K505") == [
        "第一部分“创新券专家评审费”的绩效目标“提高对小微企业的服务能力”在第二部分项目表的绩效目标中找不到"
        "（项目表中与第一部分对不上的目标：“完善专家库建设”）。"]
    assert _messages(mutate, "K506") == []
    assert _messages(append_goal("part2", 0, "加强园区建设"), "K506") == [
        "“科技型中小企业补助”项目表的绩效目标“加强园区建设”没有写进第一部分的分项绩效目标。"]
