"""完整性 rules (C1xx): table-driven cases over the baseline form, plus the bundled example.

Cells of the baseline workbook used below: Part 1 — A1 title, B2 部门名称, F2 年度; 项目N — B2 项目编码,
D2 项目名称, B4 年度资金总额, B5 资金用途, B7:E7 累计进度, B9 绩效目标, A10 the "一级指标" header, indicators
from row 11 (A..F = 一级, 二级, 三级, 描述, 指标值, 依据). 项目1's indicators: 11 数量, 12 质量, 13 时效, 14 成本,
15 经济效益, 16 社会效益, 17 满意度 (一级 cells are merged per group: A11 产出, A15 效益, A17 满意度).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from harness import case, findings_of

from xlperf.checks import Config, run_checks
from xlperf.files.reader import read_workbook
from xlperf.form.model import Indicator, Project, SpendingPlan, Submission

FAMILY = "C"
NEW = Config(scheme="101号")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "2021-高新区科技局.xlsm"


def p1(form):
    return form.projects[0]


def setter(attr, value, project=0):
    def mutate(form):
        setattr(form.projects[project], attr, value)
    return mutate


def form_setter(attr, value):
    def mutate(form):
        setattr(form, attr, value)
    return mutate


def plan(*cumulative):
    def mutate(form):
        p1(form).plan = SpendingPlan(list(cumulative), [None] * 4)
    return mutate


def ind_set(index, **changes):
    def mutate(form):
        for key, value in changes.items():
            setattr(p1(form).indicators[index], key, value)
    return mutate


def drop(*indices):
    def mutate(form):
        p1(form).indicators = [ind for i, ind in enumerate(p1(form).indicators) if i not in indices]
    return mutate


def to_new_scheme(form):
    """Both projects move their cost row to a 101号-style 成本指标 一级 (row 14 in each)."""
    for project in form.projects:
        project.indicators[3].level1, project.indicators[3].level2 = "成本指标", "经济成本指标"


def combine(*mutations):
    def mutate(form):
        for m in mutations:
            m(form)
    return mutate


P = "项目1"
PART1 = "部门整体绩效目标"

CASES = [
    # ---- C101 项目名称
    case("C101", "whitespace-only-name", setter("name", "\u3000 "), [("C101", P, "D2")]),
    case("C101", "short-name-is-fine", setter("name", "甲"), []),
    # ---- C102 项目编码
    case("C102", "code-missing", setter("code", None), [("C102", P, "B2")]),
    case("C102", "padded-code-is-fine", setter("code", " 130200210000000001 "), []),
    # ---- C103 年度资金总额
    case("C103", "total-missing", setter("total", None), [("C103", P, "B4")]),
    case("C103", "zero-total-is-filled", setter("total", 0.0), []),
    case("C103", "text-total-is-not-empty", setter("total", "待定"), []),  # not a completeness matter
    # ---- C104 项目资金主要用途
    case("C104", "purpose-whitespace", setter("purpose", "   "), [("C104", P, "B5")]),
    case("C104", "short-purpose-is-filled", setter("purpose", "见附件"), []),
    # ---- C105 绩效目标
    case("C105", "no-goals", setter("goals", []), [("C105", P, "B9")]),
    case("C105", "one-goal-is-enough", setter("goals", ["支持企业研发"]), []),
    # ---- C106 主管部门 (B3), 实施单位 (D3), 项目属性 (F3): one finding per project, at the first empty cell
    case("C106", "all-three-empty", combine(setter("department", None), setter("implementer", " "),
                                            setter("attribute", None)), [("C106", P, "B3")]),
    case("C106", "only-attribute-empty", setter("attribute", "\u3000"), [("C106", P, "F3")]),
    case("C106", "implementer-and-attribute-empty", combine(setter("implementer", None), setter("attribute", None)),
         [("C106", P, "D3")]),
    case("C106", "both-projects", combine(setter("implementer", None), setter("department", None, project=1)),
         [("C106", P, "D3"), ("C106", "项目2", "B3")]),
    case("C106", "all-filled", setter("implementer", "高新区科技局创新服务中心"), []),
    # ---- C107 项目属性 other than 新增/延续
    case("C107", "one-off", setter("attribute", "一次性"), [("C107", P, "F3")]),
    case("C107", "both-written", setter("attribute", "新增/延续"), [("C107", P, "F3")]),
    case("C107", "with-xiangmu", setter("attribute", "延续项目"), []),
    case("C107", "continuing-variant", setter("attribute", " 延续性项目。"), []),
    case("C107", "new-project", setter("attribute", "新增项目"), []),
    case("C107", "province-word-for-continuing", setter("attribute", "持续性项目"), []),
    case("C107", "empty-is-C106-only", setter("attribute", None), [("C106", P, "F3")]),
    # ---- C112–C115 Part 1 (C111 needs a form with no Part 1 sheet: see DIRECT_CASES)
    case("C112", "department-whitespace", form_setter("department", "\u3000"), [("C112", PART1, "B2")]),
    case("C112", "department-filled", form_setter("department", "某局"), []),
    case("C113", "year-missing", form_setter("year", None), [("C113", PART1, "F2")]),
    case("C113", "year-as-text-is-not-empty", form_setter("year", "2021年度"), []),
    case("C114", "no-overall-goals", form_setter("overall_goals", []), [("C114", PART1, "A1")]),
    case("C114", "one-overall-goal", form_setter("overall_goals", ["支持科技创新"]), []),
    case("C115", "no-measures", form_setter("measures", []), [("C115", PART1, "A1")]),
    case("C115", "one-measure", form_setter("measures", ["完善制度建设。"]), []),
    # ---- C121–C126 资金支出计划
    case("C121", "plan-empty", plan(None, None, None, None), [("C121", P, "B7")]),
    case("C121", "all-in-q4-is-complete", plan(0.0, 0.0, 0.0, 100.0), []),  # 进度 family's concern
    case("C122", "q2-empty", plan(20.0, None, 80.0, 100.0), [("C122", P, "C7")]),
    case("C122", "two-empty", plan(None, 50.0, None, 100.0), [("C122", P, "B7"), ("C122", P, "D7")]),
    case("C122", "zero-is-filled", plan(0.0, 50.0, 80.0, 100.0), []),
    case("C123", "q2-text", plan(20.0, "待定", 80.0, 100.0), [("C123", P, "C7")]),
    case("C123", "percent-signs-are-numbers", plan("20%", "50％", "80 %", "100%"), []),
    case("C124", "q3-over-100", plan(20.0, 50.0, 120.0, 100.0), [("C124", P, "D7")]),
    case("C124", "negative-q1", plan(-10.0, 50.0, 80.0, 100.0), [("C124", P, "B7")]),
    case("C124", "bounds-are-fine", plan(0.0, 0.0, 100.0, 100.0), []),
    case("C125", "q2-decreases", plan(30.0, 20.0, 60.0, 100.0), [("C125", P, "C7")]),
    case("C125", "decrease-and-short-year", plan(50.0, 80.0, 60.0, 90.0), [("C125", P, "D7"), ("C126", P, "E7")]),
    case("C125", "flat-is-fine", plan(30.0, 30.0, 60.0, 100.0), []),
    case("C125", "compares-across-a-text-quarter", plan(60.0, "待定", 40.0, 100.0),
         [("C123", P, "C7"), ("C125", P, "D7")]),
    case("C126", "q4-not-100", plan(20.0, 50.0, 80.0, 90.0), [("C126", P, "E7")]),
    # "20%" typed in Excel is stored as 0.2; a row of fractions ending in 1 reads as 20/50/80/100 (reader),
    # but fractions that do not end in 1 are left alone and Q4 is then not 100
    case("C126", "fractions-instead-of-percent", plan(0.2, 0.5, 0.8, 0.9), [("C126", P, "E7")]),
    case("C126", "percent-typed-cells-read-as-percent", plan(0.2, 0.5, 0.8, 1.0), []),
    case("C126", "q4-over-100-is-C124-only", plan(20.0, 50.0, 80.0, 110.0), [("C124", P, "E7")]),
    case("C126", "q4-100-as-text", plan("20", "50", "80", "100%"), []),
    # ---- C131 没有绩效指标
    case("C131", "no-indicators", setter("indicators", []), [("C131", P, "B9")]),
    case("C131", "a-row-with-only-a-description-is-an-indicator",
         setter("indicators", [Indicator(description="只写了描述")]),
         [("C151", P, "A10"), ("C154", P, "A10"), ("C155", P, "A10"),
          ("C132", P, "A11"), ("C133", P, "B11"), ("C134", P, "C11"), ("C135", P, "E11"), ("C136", P, "F11")]),
    # ---- C132–C136 empty cells
    case("C132", "first-row-without-level1", ind_set(0, level1=None), [("C132", P, "A11")]),
    case("C132", "blank-level1-continues-the-group", ind_set(1, level1=None), []),
    case("C132", "alias-is-fine", ind_set(0, level1="产出"), []),
    case("C133", "new-group-without-level2", ind_set(6, level2=None), [("C133", P, "B17")]),
    case("C133", "blank-level2-continues-the-group", ind_set(1, level2=None),
         [("C152", P, "A10")]),  # row 12 now reads as 数量指标, so 质量 is missing — but no empty 二级
    case("C134", "level3-missing", ind_set(0, level3=None), [("C134", P, "C11")]),
    case("C134", "label-only-row-reported-once",
         lambda f: p1(f).indicators.append(Indicator("产出指标", "时效指标")), [("C134", P, "C18")]),
    case("C134", "short-level3-is-filled", ind_set(0, level3="数"), []),
    case("C134", "preprinted-benefit-row-left-empty",
         lambda f: p1(f).indicators.insert(6, Indicator("效益指标", "生态效益指标")), []),
    case("C134", "every-benefit-row-empty", combine(
        ind_set(4, level3=None, description=None, value=None, basis=None),
        ind_set(5, level3=None, description=None, value=None, basis=None)), [("C134", P, "C15"), ("C134", P, "C16")]),
    case("C135", "value-missing", ind_set(0, value=None), [("C135", P, "E11")]),
    case("C135", "qualitative-value-is-filled", ind_set(1, value="是"), []),  # 指标值 family's concern
    case("C136", "basis-missing", ind_set(0, basis="  "), [("C136", P, "F11")]),
    case("C136", "several-rows-reported-once", combine(ind_set(0, basis=None), ind_set(2, basis=None)),
         [("C136", P, "F11")]),
    case("C136", "whole-column-empty-at-its-header", combine(*(ind_set(i, basis=None) for i in range(7))),
         [("C136", P, "F10")]),
    case("C136", "non-standard-basis-is-filled", ind_set(0, basis="文件要求"), []),
    # ---- C141 一级 names
    case("C141", "stray-punctuation", ind_set(6, level1="、满意度指标"), [("C141", P, "A17")]),
    case("C141", "unknown-without-suggestion", ind_set(6, level1="其他指标"),
         [("C141", P, "A17")]),  # its 二级 服务对象满意度指标 still counts as 满意度: no C155
    case("C141", "unknown-level1-and-level2", ind_set(6, level1="其他指标", level2="其他"),
         [("C155", P, "A10"), ("C141", P, "A17"), ("C142", P, "B17")]),
    case("C141", "merged-label-reported-once", combine(ind_set(4, level1="效益类指标"), ind_set(5, level1="效益类指标")),
         [("C141", P, "A15")]),
    case("C141", "alias-效果指标", combine(ind_set(4, level1="效果指标"), ind_set(5, level1="效果指标")), []),
    # ---- C142 二级 names
    case("C142", "variant-with-suggestion", ind_set(0, level2="数量类"), [("C142", P, "B11")]),
    case("C142", "unknown-without-suggestion", ind_set(4, level2="其他"), [("C142", P, "B15")]),
    case("C142", "aliases", combine(ind_set(4, level2="环境效益"), ind_set(6, level2="社会公众或服务对象满意度")), []),
    # ---- C143 二级 under the wrong 一级
    case("C143", "quantity-under-benefit", ind_set(4, level2="数量指标"), [("C143", P, "B15")]),
    case("C143", "old-style-cost-under-101", lambda f: None, [("C143", P, "B14"), ("C143", "项目2", "B14")],
         config=NEW),
    case("C143", "misspelt-level1-judged-by-suggestion", ind_set(6, level1="、满意度指标"), [("C141", P, "A17")]),
    case("C143", "101-cost-level1-auto-detected", to_new_scheme, []),
    # ---- labels as provinces print them (form.labels): the canonical level is used, nothing is reported
    case("C141", "score-weights-in-brackets",
         combine(*(ind_set(i, level1="产出指标（50分）") for i in range(4)),
                 *(ind_set(i, level1="效益指标(30分)") for i in (4, 5)), ind_set(6, level1="满意度指标（10分）")), []),
    case("C141", "score-range-after-bracket", combine(
        *(ind_set(i, level1="产出指标") for i in range(3)), ind_set(3, level1="成本指标(0-20)分", level2="经济成本指标")),
         [("C143", "项目2", "B14")]),  # 101号 detected from the scored 一级; project 2 keeps 产出|成本
    case("C141", "other-names-for-level1", combine(*(ind_set(i, level1="项目完成指标") for i in range(4)),
                                                   *(ind_set(i, level1="项目效益指标") for i in (4, 5))), []),
    case("C141", "unknown-level1-with-a-note-still-reported", ind_set(6, level1="项目年度绩效目标(定量指标)"),
         [("C141", P, "A17")]),
    case("C142", "note-required-and-alternative",
         combine(ind_set(1, level2="质量指标（或验收指标）"), ind_set(2, level2="时效指标（必填）")), []),
    case("C142", "目标-for-指标", ind_set(5, level2="社会效益目标"), []),
    case("C142", "level1-repeated-before-level2", ind_set(0, level2="产出数量指标"), []),
    case("C142", "satisfaction-as-its-own-level2", ind_set(6, level2="满意度"), []),
    case("C142", "cost-called-budget-control", ind_set(3, level2="预算控制"), []),
    case("C142", "merged-benefit-kinds", combine(drop(5), ind_set(4, level2="经济效益、社会效益指标")), []),
    case("C143", "hunan-satisfaction-under-benefit",
         ind_set(6, level1=None, level2="社会公众或服务对象满意度指标"), []),
    # ---- C151–C155 coverage
    case("C151", "no-output", drop(0, 1, 2, 3), [("C151", P, "A10")]),
    case("C151", "no-output-under-101-also-lacks-cost", drop(0, 1, 2, 3),
         [("C151", P, "A10"), ("C153", P, "A10"), ("C143", "项目2", "B14")], config=NEW),
    case("C151", "output-alias", combine(*(ind_set(i, level1="产出") for i in range(4))), []),
    case("C152", "no-timeliness", drop(2), [("C152", P, "A10")]),
    case("C152", "no-quality-nor-timeliness", drop(1, 2), [("C152", P, "A10")]),
    case("C152", "short-names", combine(ind_set(0, level2="数量"), ind_set(2, level2="时效")), []),
    case("C153", "no-cost-old-scheme", drop(3), [("C153", P, "A10")]),
    case("C153", "cost-as-own-level1", to_new_scheme, []),
    case("C153", "no-cost-under-101", combine(to_new_scheme, drop(3)), [("C153", P, "A10")]),
    case("C154", "no-benefit", drop(4, 5), [("C154", P, "A10")]),
    case("C154", "alias-效果", combine(ind_set(4, level1="效果"), ind_set(5, level1="效果")), []),
    case("C155", "no-satisfaction", drop(6), [("C155", P, "A10")]),
    case("C155", "short-name", ind_set(6, level1="满意度"), []),
    # ---- C161 duplicated 三级
    case("C161", "pasted-twice", ind_set(5, level3="补助企业数量"), [("C161", P, "C16")]),
    case("C161", "spacing-does-not-hide-it", ind_set(5, level3="补助企业 数量"), [("C161", P, "C16")]),
    case("C161", "similar-is-fine", ind_set(5, level3="补助企业数量增长率"), []),
    # ---- C171 a stock phrase as the whole 绩效目标
    case("C171", "do-the-work-well", setter("goals", ["认真做好档案管理工作。"]), [("C171", P, "B9")]),
    case("C171", "further-improve", setter("goals", ["进一步提升公共服务水平"]), [("C171", P, "B9")]),
    case("C171", "every-goal-a-stock-phrase", setter("goals", ["保障机关正常运转", "按计划完成预算支出"]),
         [("C171", P, "B9")]),
    case("C171", "a-number-makes-it-checkable", setter("goals", ["做好档案管理工作", "全年完成档案数字化10万页"]), []),
    case("C171", "a-specific-goal-is-fine", setter("goals", ["支持科技型中小企业开展研发活动"]), []),
    # ---- C172 the 绩效目标 says only where the money goes
    case("C172", "amounts-used-for", setter("goals", ["申请资金50万元，其中20万元用于设备采购，30万元用于场地租赁。"]),
         [("C172", P, "B9")]),
    case("C172", "ends-with-expenses", setter("goals", ["村级办公场所日常运行维护费用"]), [("C172", P, "B9")]),
    # ---- C173 only how far the work gets
    case("C173", "progress-only", setter("goals", ["完成道路改造工程量的60%"]), [("C173", P, "B9")]),
    case("C173", "progress-and-output-is-fine", setter("goals", ["完成道路改造工程量的60%", "新建人行道3公里"]), []),
    case("C172", "a-result-is-named", setter("goals", ["50万元用于采购检测设备，设备完好率达到95%"]), []),
]


def drop_part1(form):
    """Project tables only, as when a workbook has no 部门整体绩效目标 sheet."""
    form.department = form.year = form.title = None
    form.overall_goals, form.summaries, form.measures = [], [], []


# Cases run on the form as built, without a workbook: the builder always writes a Part 1 sheet, so a form with
# no Part 1 at all only exists this way (its findings have no cell).
DIRECT_CASES = [
    case("C111", "no-part1-at-all", drop_part1, [("C111", None, None)]),  # and no C112–C115
    case("C111", "part1-without-cells-is-present", lambda form: None, []),
]
CASES += DIRECT_CASES


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_case(c):
    if c in DIRECT_CASES:
        found = [(f.code, f.sheet, f.cell) for f in run_checks(c.form(), c.config) if f.code[0] in FAMILY]
    else:
        found = findings_of(c.form(), families=FAMILY, config=c.config)
    assert found == c.expect


def test_every_rule_has_failing_and_passing_cases():
    from xlperf.checks import all_rules

    codes = {r.code for r in all_rules() if r.code.startswith(FAMILY)}
    failing = {c.rule for c in CASES if any(code == c.rule for code, _, _ in c.expect)}
    passing = {c.rule for c in CASES if all(code != c.rule for code, _, _ in c.expect)}
    assert codes - failing == set()
    assert codes - passing == set()


def _codes(form, config=None):
    return [(f.code, f.sheet, f.cell) for f in run_checks(form, config) if f.code[0] == FAMILY]


def test_bad_content_does_not_crash():
    form = Submission(projects=[Project(plan=SpendingPlan(["x", 5.0], []), goals=["", "  "],
                                        indicators=[Indicator(level1="  ", level2="?", level3=" ")])])
    codes = {code for code, _, _ in _codes(form)}
    assert {"C101", "C105", "C111", "C122", "C123", "C131"} - codes == {"C131"}  # the row counts as an indicator
    assert "C121" not in codes  # a partly filled plan is not "all empty"


def test_bundled_example():
    """The reviewed 完整性 findings of examples/2021-高新区科技局.xlsm."""
    form = read_workbook(EXAMPLE)
    assert _codes(form) == [
        # 项目编码 is empty in all three project tables (the reference submission has no codes).
        ("C102", "项目1", "B2"),
        # 主管部门, 实施单位 and 项目属性 are empty in all three: the reference submission's tables have no such
        # fields, but official forms do (and our template has them); one hint per project, at 主管部门 (B3).
        ("C106", "项目1", "B3"),
        # 年度资金总额 is empty in all three (the amounts exist only in the 资金用途 prose).
        ("C103", "项目1", "B4"),
        ("C102", "项目2", "B2"),
        ("C106", "项目2", "B3"),
        ("C103", "项目2", "B4"),
        ("C102", "项目3", "B2"),
        ("C106", "项目3", "B3"),
        ("C103", "项目3", "B4"),
        # Project 3's 一级 "、满意度指标" has a stray 、; suggested 满意度指标. It counts as 满意度 for coverage,
        # so no C155 as well. 效果指标 is an accepted alias of 效益指标; the plans 0/0/0/100 are complete (the
        # 进度 family reports leaving everything to Q4); the old scheme applies (no 成本指标 一级), and every
        # project has 数量/质量/时效/成本, 效益 and 满意度; no 三级 repeats within a project.
        ("C141", "项目3", "A16"),
    ]


def test_c106_lists_every_empty_field():
    form = read_workbook(EXAMPLE)
    [first, *_] = [f for f in run_checks(form) if f.code == "C106"]
    assert first.message == "高新技术企业扶持资金的主管部门、实施单位、项目属性没有填写。"
    form.projects[0].department = "高新区科技局"
    [first, *_] = [f for f in run_checks(form) if f.code == "C106"]
    assert (first.cell, first.message) == ("D3", "高新技术企业扶持资金的实施单位、项目属性没有填写。")


def test_c136_one_finding_lists_and_marks_every_row():
    from harness import good_form, materialize

    from xlperf.form.marks import cell_marks

    form = good_form()
    for i in (0, 2, 5):
        form.projects[0].indicators[i].basis = None
    [found] = [f for f in run_checks(materialize(form)) if f.code == "C136"]
    assert (found.cell, found.cells) == ("F11", ("F13", "F16"))
    assert found.message == "科技型中小企业补助的三级指标“补助企业数量”等3行没有填写指标值确定依据（F11、F13、F16）。"
    assert {m.cell for m in cell_marks([found])} == {"F11", "F13", "F16"}


@pytest.mark.parametrize("absent, blanked, silent", [
    ("code", {"code": None}, "C102"),
    ("total", {"total": None}, "C103"),
    ("purpose", {"purpose": None}, "C104"),
    ("goals", {"goals": []}, "C105"),
    ("plan", {"plan": SpendingPlan()}, "C121"),
])
def test_a_field_the_source_layout_lacks_is_not_reported_empty(absent, blanked, silent):
    """Project.absent (set by the label-driven reader): the field's rule is silent when the layout has no place
    for it, and reports it as before when the layout has one."""
    from harness import good_form, materialize

    form = good_form()
    for attr, value in blanked.items():
        setattr(form.projects[0], attr, value)
    form = materialize(form)
    assert silent in {f.code for f in run_checks(form) if f.sheet == "项目1"}
    form.projects[0].absent = frozenset({absent})
    assert silent not in {f.code for f in run_checks(form) if f.sheet == "项目1"}


def test_c106_and_c136_leave_out_only_what_the_layout_lacks():
    from harness import good_form, materialize

    form = good_form()
    p = form.projects[0]
    p.department = p.implementer = p.attribute = None
    for ind in p.indicators:
        ind.basis = None
    form = materialize(form)
    form.projects[0].absent = frozenset({"implementer", "attribute", "basis"})
    found = [f for f in run_checks(form) if f.sheet == "项目1" and f.code in ("C106", "C136")]
    assert [(f.code, f.message) for f in found] == [("C106", "科技型中小企业补助的主管部门没有填写。")]


def test_m308_is_silent_when_the_layout_has_no_money_field():
    from harness import good_form, materialize

    form = good_form()
    form.projects[0].total = form.projects[0].fiscal = None
    form.projects[0].purpose = "为推进科技创新，安排补助资金。"
    form.projects[0].funding = []
    form = materialize(form)
    assert "M308" in {f.code for f in run_checks(form) if f.sheet == "项目1"}
    form.projects[0].absent = frozenset({"total", "fiscal", "other"})
    assert "M308" not in {f.code for f in run_checks(form) if f.sheet == "项目1"}


def test_a_project_table_from_another_layout_is_not_missing_part1():
    """A province's project table or 自评表 (read by label: Project.absent set) has no 第一部分 to leave empty:
    C114, C115 and K502 stay silent; the same empty Part 1 in our template is still reported."""
    from harness import good_form, materialize

    form = good_form()
    form.overall_goals, form.summaries, form.measures = [], [], []
    for p in form.projects:
        p.name = p.name + "（市级）"
    form = materialize(form)
    codes = {"C114", "C115", "K502"}
    assert codes <= {f.code for f in run_checks(form)}
    for p in form.projects:
        p.absent = frozenset({"code", "plan"})
    assert not codes & {f.code for f in run_checks(form)}
