"""规范性 rules (T6xx): table-driven cases over the baseline form.

The cases assert the complete findings of both 一致性 (K) and 规范性 (T), the two families of this module's author,
so that a slip is reported by exactly one rule. The bundled example's findings for both families are asserted in
test_rules_consistency.py (test_bundled_example).

Cells of the baseline workbook used below: Part 1 — B6/B7 总体绩效目标, rows 11/12 = the two projects' 分项绩效目标
(B 名称, C 资金安排, D 绩效目标, E 绩效指标), B16..B22 保障措施; 项目N — D2 项目名称, B5 资金用途, B9 绩效目标,
indicators from row 11 (A 一级, B 二级, C 三级, D 描述, E 指标值, F 依据); 项目1's rows: 11 数量, 12 质量, 13 时效,
14 成本, 15 经济效益, 16 社会效益, 17 满意度; 补助测算 B4 = 项目1's 类别.
"""
from __future__ import annotations

import pytest
from harness import both, case, findings_of

from xlperf.checks import Config
from xlperf.rules.hygiene import bracket_problem, repeated_phrases

FAMILIES = "KT"
P1 = "部门整体绩效目标"


def indicator(row, project=0, **changes):
    def mutate(form):
        for key, value in changes.items():
            setattr(form.projects[project].indicators[row], key, value)
    return mutate


def both_purposes(index, text):
    """Change a project's 资金用途 in both parts (so that 一致性 stays quiet)."""
    def mutate(form):
        form.summaries[index].purpose = text
        form.projects[index].purpose = text
    return mutate


def measure(index, text):
    def mutate(form):
        form.measures[index] = text
    return mutate


def overall(index, text):
    def mutate(form):
        form.overall_goals[index] = text
    return mutate


def all_values(old, new, project=0):
    def mutate(form):
        for ind in form.projects[project].indicators:
            ind.value = ind.value.replace(old, new)
    return mutate




def part1_lines(index, lines):
    def mutate(form):
        form.summaries[index].indicators = lines
    return mutate


P1_PURPOSE = "复审企业35家，每家补助10万元，合计350万元。"
P2_PURPOSE = "每季度评审一次，每次7名专家，专家咨询费2000元/人，全年4*7*2000元=5.6万元。"
LONG_NAME = "补助企业数量" + "（按照区科技型中小企业复审认定结果和补助资金管理办法核定的全部复审企业）"  # 42
NAME_40 = "补助企业数量" + "（按照区科技型中小企业复审认定结果和补助资金管理办法核定的复审企业）"

CASES = [
    # T601 — stray leading/trailing punctuation
    case("T601", "trailing-comma-in-level3", indicator(0, level3="补助企业数量，"), [("T601", "项目1", "C11")]),
    case("T601", "trailing-full-stop-in-value", indicator(6, value="≥90%。"), [("T601", "项目1", "E17")]),
    case("T601", "leading-dunhao-in-part1-line", part1_lines(1, ["、专家评审次数=4次", "评审结果合规率=100%"]),
         [("T601", P1, "E12")]),
    case("T601", "full-stop-ends-a-goal", lambda f: f.projects[0].goals.__setitem__(0, "支持科技型中小企业开展研发活动。")),
    case("T601", "full-stop-ends-a-description", indicator(0, description="获得复审补助的企业数量。")),
    case("T601", "unrecognised-level1-left-to-completeness", indicator(6, level1="、满意度指标")),
    # T602 — punctuation only
    case("T602", "dunhao-line", part1_lines(1, ["、", "专家评审次数=4次", "评审结果合规率=100%"]), [("T602", P1, "E12")]),
    case("T602", "placeholder-value-is-not-hygiene", indicator(1, value="/")),
    # T603 — repeated phrases
    case("T603", "hebeisheng-twice", both_purposes(1, "按照《河北省河北省省级科技创新券实施细则》，" + P2_PURPOSE),
         [("T603", P1, "C12"), ("T603", "项目2", "B5")]),
    case("T603", "two-character-word-twice", measure(6, "加强调研，提出优化财政资金配置的意见意见；加大宣传力度。"),
         [("T603", P1, "B22")]),
    case("T603", "legit-reduplication-and-zhanbibi", both(
        indicator(4, description="受补助企业研发资金占比比2020年度有所增加"),
        indicator(5, description="常常开展人人参与的走访，日日跟进"),
        indicator(0, project=1, description="推动小微企业创业创新，一个一个落实"))),
    # T604 — digits of both widths in one number
    case("T604", "fullwidth-digit-in-value", indicator(6, value="≥９0%"), [("T604", "项目1", "E17")]),
    case("T604", "mixed-digits-in-prose", both_purposes(0, "复审企业3５家，每家补助10万元，合计350万元。"),
         [("T604", P1, "C11"), ("T604", "项目1", "B5")]),
    case("T604", "all-fullwidth-is-consistent", indicator(6, value="≥９０％")),
    # an IME's full-width ％ ＞ ＝ next to half-width digits is everyday typing, normalised when read (fp hunt)
    case("T604", "fullwidth-percent-after-halfwidth-digits", indicator(6, value="≥95％")),
    case("T604", "fullwidth-comparator", indicator(6, value="＞95%")),
    case("T604", "fullwidth-number-and-halfwidth-number", indicator(6, description="满意度９０％以上，其中非常满意50%")),
    # T605 — ">=" and "≥" in the same project
    case("T605", "digraph-among-symbols", indicator(0, value=">=35家"), [("T605", "项目1", "E11")]),
    case("T605", "all-digraphs-are-consistent", both(all_values("≥", ">="), all_values("≤", "<="))),
    # T606 — brackets
    case("T606", "missing-closing-bracket", measure(0, "完善制度建设。（包括制定完善预算绩效管理制度"),
         [("T606", P1, "B16")]),
    case("T606", "missing-book-title-mark", indicator(1, project=1, description="按照《实施细则规定评审"),
         [("T606", "项目2", "D12")]),
    case("T606", "stray-closing-quote", overall(0, "支持科技创新项目”，提升企业核心竞争力"), [("T606", P1, "B6")]),
    case("T606", "numbering-and-mixed-width-pairs", overall(1, "1）完善科技创新环境（含平台建设)\n2）提高科技服务能力")),
    # T607 — overlong 三级指标
    case("T607", "over-forty-characters", indicator(0, level3=LONG_NAME), [("T607", "项目1", "C11")]),
    case("T607", "exactly-forty", indicator(0, level3=NAME_40)),
    case("T607", "configured-limit", indicator(0, level3=LONG_NAME), config=Config(max_level3_length=50)),
    # T608 — half-width comma between Chinese clauses
    case("T608", "halfwidth-comma", both_purposes(0, "复审企业35家,每家补助10万元，合计350万元。"),
         [("T608", P1, "C11"), ("T608", "项目1", "B5")]),
    case("T608", "thousands-separator", overall(0, "全年安排1,580万元支持科技创新项目，提升企业核心竞争力")),
]


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_case(c):
    assert findings_of(c.form(), families=FAMILIES, config=c.config) == c.expect


def test_every_rule_has_failing_and_passing_cases():
    for code in sorted({c.rule for c in CASES}):
        mine = [c for c in CASES if c.rule == code]
        assert any(code in [e[0] for e in c.expect] for c in mine), code
        assert any(code not in [e[0] for e in c.expect] for c in mine), code


@pytest.mark.parametrize("text, phrases", [
    ("按照《河北省河北省省级", ["河北省"]),
    ("提出意见意见；加大", ["意见"]),
    ("意见意见", ["意见"]),
    ("技术创新技术创新", ["技术创新"]),
    ("企业企业发展", ["企业"]),
    ("小微企业创业创新全方位", []),  # 业创业创 spans 企业|创业|创新
    ("占比比2020年度", []),
    ("常常人人看看日日", []),
    ("一个一个落实，研究研究", []),
])
def test_repeated_phrases(text, phrases):
    assert [p for p, _, _ in repeated_phrases(text)] == phrases


@pytest.mark.parametrize("text, bad", [
    ("完善制度建设。（包括……）", False),
    ("《河北省省级科技创新券实施细则》", False),
    ("（含平台建设)", False),
    ("1）第一条\n2）第二条", False),
    ("“优”“良”“中”", False),
    ("（包括制定", True),
    ("实施细则》", True),
    ("（《实施细则）》", True),
])
def test_bracket_problem(text, bad):
    assert (bracket_problem(text) is not None) == bad
