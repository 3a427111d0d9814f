"""资金 rules (M3xx): table-driven cases over the baseline form, and the bundled example."""
from __future__ import annotations

from pathlib import Path

import pytest
from harness import both, case, findings_of, setter

from xlperf.checks import all_rules, run_checks
from xlperf.files.reader import read_workbook
from xlperf.form.model import FundingLine

FAMILIES = "MP"
EXAMPLE_BOOK = Path(__file__).resolve().parents[2] / "examples" / "2021-高新区科技局.xlsm"

P1, P2, PART1, FUNDING = "项目1", "项目2", "部门整体绩效目标", "补助测算"






def p1(attr, value):
    return setter(f"projects[0].{attr}", value)


def line1(attr, value):
    return setter(f"projects[0].funding[0].{attr}", value)


def summary1(value):
    return setter("summaries[0].purpose", value)


MISSING_COUNT = "计划100家申请高新技术企业，申请高企的企业补助5万元/家，通过高企申请的企业补助5万元/家，合计900万元。"
COUNTS_GIVEN = "计划50家申请高新技术企业，申请高企的企业补助5万元/家，通过高企申请的企业20家，补助5万元/家，合计350万元。"

# 基本公共卫生服务: 3.5万人 × 100元/人 = 350万元, 数量单位“万人” (the 金额 column's XP_SUBSIDY_LINE reads 3.5 × 100元)
PUBLIC_HEALTH = both(p1("purpose", "全县常住人口3.5万人，人均基本公共卫生服务经费补助标准100元，共需资金350万元。"),
                     line1("category", "常住人口"), line1("quantity", 3.5), line1("quantity_unit", "万人"),
                     line1("standard", 100.0), line1("standard_unit", "元/人"))
UNREADABLE_TOTAL = "用于高新技术企业复审补助，按实际通过复审的企业数兑付，共计{}万元。"


def two_lines(form):
    """复审企业补助 20家 + 新认定企业补助 15家 (= 35家, 350万元); the indicator's key words match only the first."""
    form.projects[0].funding = [FundingLine("复审企业补助", 20.0, "家", 10.0, "万元/家"),
                                FundingLine("新认定企业补助", 15.0, "家", 10.0, "万元/家")]


CASES = [
    # counts in 万人/万亩: 3.5 and 数量单位 万人 × 100元/人 = 350万元, as the workbook's XP_SUBSIDY_LINE(…, 数量单位)
    # computes it too: no M301, no M303
    case("M303", "count-unit-in-wan-is-scaled", PUBLIC_HEALTH),
    case("M303", "count-in-wan-written-in-quantity-cell",
         both(PUBLIC_HEALTH, line1("quantity", "3.5万人"), line1("quantity_unit", None))),
    case("M303", "count-in-base-units", both(PUBLIC_HEALTH, line1("quantity", 35000.0), line1("quantity_unit", "人"))),
    case("M301", "count-in-wan-above-total", both(PUBLIC_HEALTH, line1("quantity", "3.8万人"), line1("quantity_unit", None)),
         [("M301", P1, "B4")]),
    case("M307", "summary-count-in-wan-mu", summary1("补贴面积45万亩，补贴标准105元/亩，共计4725万元。")),
    # a monthly rate: × 12 when the text says 全年, or when only that reading holds
    case("M306", "summary-monthly-rate-whole-year", summary1("集中供养特困人员600人，基本生活标准每人每月1200元，全年合计864万元。")),
    case("M306", "summary-monthly-rate-only-x12-holds", summary1("集中供养特困人员600人，每人每月1200元，合计864万元。")),
    case("M306", "summary-monthly-rate-one-month", summary1("集中供养特困人员600人，每人每月1200元，合计72万元。")),
    case("M306", "summary-monthly-rate-whole-year-months-forgotten",
         summary1("集中供养特困人员600人，每人每月1200元，全年合计72万元。"), [("M306", PART1, "C11")]),
    case("M304", "monthly-rate-with-months-differs",
         p1("purpose", "补助标准300元/人·月，全年12个月，补助乡村教师850人，共计316万元。"), [("M304", P1, "B5")]),
    # M301 补助测算合计与年度资金总额不一致
    case("M301", "breakdown-above-total", line1("quantity", 38.0), [("M301", P1, "B4")]),
    case("M301", "rounding-within-tolerance", both(p1("total", 350.5), p1("fiscal", 350.5))),
    case("M301", "standard-in-yuan", both(line1("standard", 100000.0), line1("standard_unit", "元/家"))),
    case("M301", "extra-line-adds-up",
         both(line1("quantity", 30.0),
              lambda f: f.projects[0].funding.append(FundingLine("复审企业追加补助", 5.0, "家", 10.0, "万元/家")))),
    # text 数量/标准 the workbook's XP_SUBSIDY_LINE computes: checked, not reported as "不是数字"
    case("M301", "text-quantity-and-standard-above-total",
         both(line1("quantity", "38家"), line1("standard", "10万元/家")), [("M301", P1, "B4")]),
    case("M301", "text-quantity-and-standard-add-up", both(line1("quantity", "35家"), line1("standard", "10万元/家"))),
    case("M301", "text-standard-in-yuan", both(line1("standard", "100000元/家"), line1("standard_unit", None))),
    # a 合计 row under the lines (=SUM in 金额, no 数量/标准) is no line: no M302, and M301 still compares
    case("M301", "total-row-and-breakdown-above-total",
         both(line1("quantity", 38.0), lambda f: f.projects[0].funding.append(FundingLine("合计"))),
         [("M301", P1, "B4")]),
    case("M302", "total-row-is-not-a-line", lambda f: f.projects[0].funding.append(FundingLine("合 计"))),
    case("M302", "subtotal-row-is-not-a-line", lambda f: f.projects[0].funding.append(FundingLine("小计："))),
    # M302 补助测算行缺少数量或标准
    case("M302", "quantity-empty", line1("quantity", None), [("M302", FUNDING, "C4")]),
    case("M302", "quantity-text", line1("quantity", "待定"), [("M302", FUNDING, "C4")]),
    case("M302", "standard-negative", line1("standard", -10.0), [("M302", FUNDING, "E4")]),
    case("M302", "fullwidth-quantity", line1("quantity", "３５")),
    case("M302", "quantity-text-with-unknown-unit", line1("quantity", "35套装"), [("M302", FUNDING, "C4")]),
    case("M302", "standard-range", line1("standard", "5-10万元/家"), [("M302", FUNDING, "E4")]),
    # M303 补助测算行的单位不匹配
    case("M303", "people-times-per-firm", line1("quantity_unit", "人"), [("M303", FUNDING, "D4")]),
    case("M303", "standard-not-money", line1("standard_unit", "家"), [("M303", FUNDING, "F4")]),
    case("M303", "synonym-unit", line1("quantity_unit", "户")),
    case("M303", "unknown-count-unit", line1("quantity_unit", "套装")),
    case("M303", "no-standard-unit-is-wan", line1("standard_unit", None)),
    case("M303", "text-quantity-people-times-per-firm",
         both(line1("quantity", "35人"), line1("standard", "10万元/家")), [("M303", FUNDING, "C4")]),
    case("M303", "text-quantity-synonym-unit", both(line1("quantity", "35户"), line1("quantity_unit", None))),
    # M304 资金用途中的算式不成立
    case("M304", "subsidy-sum-wrong", p1("purpose", "复审企业35家，每家补助10万元，合计380万元。"),
         [("M304", P1, "B5")]),
    case("M304", "product-wrong", setter("projects[1].purpose", "全年需资金4*7*2000元/人=6.5万元。"),
         [("M304", P2, "B5")]),
    case("M304", "hedged-amount-is-no-claim", p1("purpose", "复审企业35家，每家补助不超过10万元，合计380万元。")),
    case("M304", "rounding-in-prose", p1("purpose", "复审企业35家，每家补助10万元，合计351万元。")),
    case("M304", "total-covers-the-earlier-sentence",  # 300 + 10×5 = 350, not 10×5 = 50
         p1("purpose", "编制规划1项，费用300万元；开展调研10次，每次5万元，合计350万元。")),
    # M305 资金用途中的算式缺少数量
    case("M305", "count-missing", p1("purpose", MISSING_COUNT), [("M305", P1, "B5")]),
    case("M305", "counts-given", p1("purpose", COUNTS_GIVEN)),
    # M306 / M307: the same arithmetic in Part 1's 分项绩效目标
    case("M306", "summary-sum-wrong", summary1("复审企业35家，每家补助10万元，合计380万元。"), [("M306", PART1, "C11")]),
    case("M306", "summary-holds", summary1("复审企业38家，每家补助10万元，合计380万元。")),
    case("M307", "summary-count-missing", summary1(MISSING_COUNT), [("M307", PART1, "C11")]),
    case("M307", "summary-counts-given", summary1(COUNTS_GIVEN)),
    # M308 项目没有任何金额
    case("M308", "nothing-anywhere",
         both(p1("total", None), p1("fiscal", None), p1("other", None), p1("funding", []),
              p1("purpose", "为推进机器人产业发展，安排机器人产业扶持资金。")),
         [("M308", P1, "B4")]),
    case("M308", "amount-in-text-only",
         both(p1("total", None), p1("fiscal", None), p1("other", None), p1("funding", []),
              p1("purpose", "为推进机器人产业发展，安排场地租赁补助资金350万元。"))),
    case("M308", "breakdown-only",
         both(p1("total", None), p1("fiscal", None), p1("other", None),
              p1("purpose", "为推进机器人产业发展，安排机器人产业扶持资金。"))),
    # M309 年度资金总额与资金来源之和不一致
    case("M309", "sources-short", p1("fiscal", 300.0), [("M309", P1, "B4")]),
    case("M309", "sources-add-up", both(p1("fiscal", 300.0), p1("other", 50.0))),
    case("M309", "other-blank-is-zero", p1("other", None)),
    # a dash, "/" or "无" in 其他资金/财政拨款 is 0 in the sum too
    case("M309", "other-dash-is-zero-sources-short", both(p1("fiscal", 300.0), p1("other", "—")),
         [("M309", P1, "B4")]),
    case("M309", "fiscal-dash-is-zero", both(p1("fiscal", "-"), p1("other", 350.0))),
    # M310 资金金额不是数字或为负数
    case("M310", "total-text", p1("total", "待定"), [("M310", P1, "B4")]),
    case("M310", "other-negative", p1("other", -50.0), [("M310", P1, "F4")]),
    case("M310", "amount-with-unit-text", p1("total", "350万元")),
    # common ways of writing zero in 其他资金 (acceptance testing); "待定" there is still text
    *[case("M310", f"other-zero-{v}", p1("other", v)) for v in ("-", "—", "－", "/", "无", "0.00", "——")],
    case("M310", "other-text", p1("other", "待定"), [("M310", P1, "F4")]),
    case("M310", "total-dash-is-not-an-amount", p1("total", "-"), [("M310", P1, "B4")]),
    # M311 资金用途中的合计与年度资金总额不一致
    case("M311", "text-total-differs", p1("purpose", "复审企业38家，每家补助10万元，合计380万元。"),
         [("M311", P1, "B5")]),
    case("M311", "grand-total-differs",
         p1("purpose", "复审企业30家，每家补助10万元，合计300万元；引进企业1家，每家补助30万元，合计30万元，共计330万元。"),
         [("M311", P1, "B5")]),
    case("M311", "text-covers-part-only",
         p1("purpose", "其中复审企业30家，每家补助10万元，合计300万元；另有评审费50万元。")),
    # the arithmetic cannot be read: the total written in words (共计…万元) is compared
    case("M311", "unreadable-text-total-differs", p1("purpose", UNREADABLE_TOTAL.format(360)), [("M311", P1, "B5")]),
    case("M311", "unreadable-text-total-agrees", p1("purpose", UNREADABLE_TOTAL.format(350))),
    case("M311", "unreadable-text-total-hedged", p1("purpose", UNREADABLE_TOTAL.format("约360"))),
    case("M311", "unreadable-text-breakdown-after-total",
         p1("purpose", "用于高新技术企业复审补助，共需资金350万元（其中：市级200万元，区级150万元）。")),
    case("M311", "unreadable-text-subtotals-not-a-total",
         p1("purpose", "复审补助按实际兑付，合计50万元；引进补助按协议兑付，合计300万元。")),
    # M312 数量指标与补助测算的数量不一致
    case("M312", "all-lines-in-the-unit-cover-the-value", two_lines),
    case("M312", "more-than-all-lines-in-the-unit",
         both(two_lines, setter("projects[0].indicators[0].value", "≥40家")), [("M312", P1, "E11")]),
    case("M312", "promises-more-than-funded", setter("projects[0].indicators[0].value", "≥100家"),
         [("M312", P1, "E11")]),
    case("M312", "exact-count-differs", setter("projects[0].indicators[0].value", "=30家"), [("M312", P1, "E11")]),
    case("M312", "floor-below-funded", setter("projects[0].indicators[0].value", "≥30家")),
    case("M312", "other-unit", setter("projects[0].indicators[0].value", "≥100个")),
    case("M312", "text-quantity-promises-more",
         both(setter("projects[0].indicators[0].value", "≥100家"), line1("quantity", "35家"),
              line1("quantity_unit", None)),
         [("M312", P1, "E11")]),
    case("M312", "ceiling", setter("projects[0].indicators[0].value", "≤100家")),
    case("M312", "no-shared-word",
         both(setter("projects[0].indicators[0].value", "≥100家"),
              setter("projects[0].indicators[0].level3", "培育科技型企业"),
              setter("projects[0].indicators[0].description", "培育入库的科技型企业"))),
    # M313 “其中”所列分项之和与总数不一致 (amounts, and counts in the same unit)
    case("M313", "money-parts-short", p1("purpose", "年度资金总额350万元，其中省级补助100万元、县级配套200万元。"),
         [("M313", P1, "B5")]),
    case("M313", "count-parts-short-in-summary", summary1("受助学生1200人，其中一档400人、二档700人。"),
         [("M313", PART1, "C11")]),
    case("M313", "parts-in-yuan-and-brackets-exceed",
         p1("purpose", "共需资金350万元（其中：市级补助2000000元，区级配套200万元）。"), [("M313", P1, "B5")]),
    case("M313", "money-parts-add-up", p1("purpose", "年度资金总额350万元，其中省级补助150万元、县级配套200万元。")),
    case("M313", "count-parts-add-up", summary1("受助学生1200人，其中一档400人、二档800人。")),
    case("M313", "brackets-add-up", p1("purpose", "共需资金350万元（其中：市级补助150万元，区级配套200万元）。")),
    case("M313", "one-part-is-a-subset", summary1("新建高标准农田2万亩，其中高效节水灌溉0.8万亩。")),
    case("M313", "not-all-parts-listed", p1("purpose", "年度资金总额350万元，其中省级补助100万元、县级配套200万元等。")),
    case("M313", "remainder-in-words",
         p1("purpose", "年度资金总额350万元，其中省级补助100万元、县级配套200万元，其余由企业自筹。")),
    case("M313", "standard-is-no-total", summary1("平均补助标准1500元，其中一档2000元、二档1250元。")),
    case("M313", "rates-are-no-parts", summary1("受助学生1200人，其中一档400人，每人2000元；二档800人，每人1250元。")),
    case("M313", "counts-in-other-units", summary1("培训1200人，其中线上800人次、线下300人。")),
    case("M313", "total-in-previous-sentence", summary1("共计3000万元。其中：中央和省级补助资金2400万元，县级配套资金500万元。")),
    # M314 成本指标照抄了年度资金总额
    case("M314", "cost-is-the-budget", setter("projects[0].indicators[3].value", "≤350万元"), [("M314", P1, "E14")]),
    case("M314", "no-total-cost-is-the-fiscal-money",
         both(setter("projects[0].total", None), setter("projects[0].indicators[3].value", "≤350万元")),
         [("M314", P1, "E14")]),
    case("M314", "cost-is-about-the-budget", setter("projects[0].indicators[3].value", "350万元左右"),
         [("M314", P1, "E14")]),
    case("M314", "cost-is-the-budget-in-yuan", setter("projects[0].indicators[3].value", "3500000元"),
         [("M314", P1, "E14")]),
    case("M314", "new-scheme-cost-is-the-budget",
         both(setter("projects[0].indicators[3].level1", "成本指标"),
              setter("projects[0].indicators[3].level2", "经济成本指标"),
              setter("projects[0].indicators[3].value", "=350万元")), [("M314", P1, "E14")]),
    case("M314", "unit-cost", setter("projects[0].indicators[3].value", "≤10万元")),
    case("M314", "per-unit-equal-to-budget", setter("projects[0].indicators[3].value", "≤350万元/家")),
    case("M314", "floor-is-V210s", setter("projects[0].indicators[3].value", "≥350万元")),
    case("M314", "not-money", setter("projects[0].indicators[3].value", "≤350万人")),
    case("M314", "benefit-equal-to-budget-is-no-cost",
         both(setter("projects[0].indicators[4].level3", "带动企业研发投入"),
              setter("projects[0].indicators[4].value", "≥350万元"))),
]


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_money_rule(c):
    assert findings_of(c.form(), families=FAMILIES, config=c.config) == c.expect


def test_every_money_rule_has_failing_and_passing_cases():
    codes = {r.code for r in all_rules() if r.code.startswith("M")}
    failing = {c.rule for c in CASES if any(code == c.rule for code, _, _ in c.expect)}
    passing = {c.rule for c in CASES if not any(code == c.rule for code, _, _ in c.expect)}
    assert codes == failing == passing


def test_example_money_findings():
    findings = [f for f in run_checks(read_workbook(EXAMPLE_BOOK)) if f.code.startswith("M")]
    assert [(f.code, f.sheet, f.cell) for f in findings] == [
        # Part 1, 高新技术企业扶持资金项目: "申请高企的企业补助5万元/家，通过高企申请的企业补助5万元/家，合计900万元"
        # gives 100 applicants (500万元) but no count of firms that pass; 900 − 500 = 400万元 ÷ 5万元/家 = 80家.
        ("M307", PART1, "C11"),
        # The same sentence in Part 2's 项目资金主要用途 of 项目1. Its other clauses hold: 35×10=350, 11×30=330,
        # 900+350+330=1580 (共计1580万); 项目3's "4*7*2000元/人=5.6万元" holds too, so no M304/M306.
        ("M305", P1, "B5"),
        # 机器人产业扶持资金: 年度资金总额 blank, no 补助测算 line, and its purpose text names no amount at all.
        ("M308", P2, "B4"),
    ]
    assert "应为80家" in findings[0].message and "应为80家" in findings[1].message
    assert "通过高企申请的企业" in findings[1].message


def test_m309_marks_the_total_and_both_sources():
    from harness import good_form, materialize

    from xlperf.checks import run_checks

    form = good_form()
    form.projects[0].fiscal = 300.0
    [found] = [f for f in run_checks(materialize(form)) if f.code == "M309" and f.sheet == "项目1"]
    assert (found.cell, found.cells) == ("B4", ("D4", "F4"))
