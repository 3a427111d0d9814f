"""Table-driven tests for xlperf.text (money, progress, claims, breakdowns): amounts, rates, progress and prose arithmetic claims."""
from pathlib import Path

import pytest

from xlperf.text.breakdowns import find_breakdowns
from xlperf.text.claims import Claim, ClaimResult, Term, find_claims, reconcile, text_total
from xlperf.text.money import (
    amount_spans,
    parse_amount_wan,
    parse_count,
    parse_rate,
    parse_rate_range,
    subsidy_line,
    subsidy_total,
    to_wan,
    within_tolerance,
)
from xlperf.text.progress import cumulative_progress, progress_verdict

REFERENCE = Path("/work/shared/reference/2021-高新区科技局-部门整体绩效目标.txt")


# --- units and amounts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("amount, unit, expected", [
    (56000, "元", 5.6), (1, "元", 0.0001), (5.6, "万元", 5.6), (5, "万", 5.0), (0.5, "亿元", 5000.0),
    (2, "亿", 20000.0), (3, "千元", 0.3), (1, "百万元", 100.0), (5, "万元/家", 5.0), (2000, "元/人", 0.2),
    (0, "元", 0.0), (5, " 万元 ", 5.0), (5, "万元／家", 5.0),
])
def test_to_wan(amount, unit, expected):
    assert to_wan(amount, unit) == expected


@pytest.mark.parametrize("unit", ["家", "", "万人", "%", "美元"])
def test_to_wan_rejects_non_money(unit):
    with pytest.raises(ValueError):
        to_wan(1, unit)


@pytest.mark.parametrize("text, expected", [
    ("1580万", 1580.0), ("1580万元", 1580.0), ("5.6万元", 5.6), ("56000元", 5.6), ("1,580.5 万元", 1580.5),
    ("0.5亿元", 5000.0), ("１５８０万元", 1580.0), ("1580", 1580.0), (1580, 1580.0), (5.6, 5.6),
    ("\u30001580万元\u3000", 1580.0), ("5万元/家", None), ("1580万人", None), ("约1580万元", None), ("", None),
    (None, None), ("abc", None), (True, None),
])
def test_parse_amount_wan(text, expected):
    assert parse_amount_wan(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("5万元/家", (5.0, "万元", "家")),
    ("2000元/人", (2000.0, "元", "人")),
    ("５万元／家", (5.0, "万元", "家")),
    ("5万/家", (5.0, "万元", "家")),
    ("10万元每家", (10.0, "万元", "家")),
    ("每家补助10万元", (10.0, "万元", "家")),
    ("每人2000元", (2000.0, "元", "人")),
    ("10万元", (10.0, "万元", "")),
    ("0.2亿元", (0.2, "亿元", "")),
    (5, (5.0, "万元", "")),
    (5.5, (5.5, "万元", "")),
    ("5", (5.0, "万元", "")),
    ("1500-2400元/人", None),
    ("5/家", None),
    ("5家", None),
    ("", None),
    (None, None),
    (True, None),
])
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1500-2400元/人", (1500.0, 2400.0, "元", "人")),
    ("1500～2400元/人", (1500.0, 2400.0, "元", "人")),
    ("1500元-2400元/人", (1500.0, 2400.0, "元", "人")),
    ("5至10万元", (5.0, 10.0, "万元", "")),
    ("5千元-1万元", None),
    ("2400-1500元/人", None),
    ("2000元/人", None),
    ("", None),
    (None, None),
])
def test_parse_rate_range(text, expected):
    assert parse_rate_range(text) == expected


@pytest.mark.parametrize("count, rate, rate_unit, expected", [
    (100, 5, "万元", 500.0),
    ("100家", "5万元/家", "万元", 500.0),
    ("１００", "5万元/家", "万元", 500.0),
    ("35家", "每家补助10万元", "万元", 350.0),
    (28, "2000元/人", "万元", 5.6),
    (28, 2000, "元", 5.6),
    ("七个", "2000元/人", "万元", 1.4),
    ("20个", "5万元/家", "万元", 100.0),
    ("50名", "200元/人", "万元", 1.0),
    ("100人", "5万元/家", "万元", None),
    (-1, 5, "万元", None),
    (None, 5, "万元", None),
    ("", "5万元/家", "万元", None),
    (100, "abc", "万元", None),
    (100, None, "万元", None),
    (0, 5, "万元", 0.0),
])
def test_subsidy_line(count, rate, rate_unit, expected):
    assert subsidy_line(count, rate, rate_unit) == expected


def test_a_number_typed_as_the_unit_is_no_money_unit():
    """XP_SUBSIDY_LINE(35, 10, 5): a number in 标准单位 is a ValueError with a readable text, no AttributeError."""
    with pytest.raises(ValueError, match="不是金额单位：'5'"):
        subsidy_line(35, 10, 5)
    with pytest.raises(ValueError, match="不是金额单位：'5'"):
        to_wan(10, 5.0)


@pytest.mark.parametrize("value, expected", [
    (35, (35.0, None)),
    ("35家", (35.0, "家")),
    ("１００人次", (100.0, "人次")),
    ("七个", (7.0, "个")),
    ("35套装", None),
    ("很多", None),
    (None, None),
])
def test_parse_count(value, expected):
    assert parse_count(value) == expected


def test_subsidy_line_default_unit_and_bad_unit():
    assert subsidy_line(3, 0.1) == 0.3
    with pytest.raises(ValueError):
        subsidy_line(3, 1, "家")


@pytest.mark.parametrize("lines, expected", [
    ([900, 350, 330], 1580.0),
    (["900万元", "350万元", "3300000元"], 1580.0),
    ([0.1, 0.2], 0.3),
    ([None, "", float("nan"), 5], 5.0),
    ([], 0.0),
])
def test_subsidy_total(lines, expected):
    assert subsidy_total(lines) == expected


def test_subsidy_total_rejects_text():
    with pytest.raises(ValueError):
        subsidy_total([1, "五百万"])


# --- progress ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("amounts, total, expected", [
    ([0, 0, 0, 100], None, [0.0, 0.0, 0.0, 100.0]),
    ([25, 25, 25, 25], None, [25.0, 50.0, 75.0, 100.0]),
    ([1, 1, 1, None], None, [33.33, 66.67, 100.0, 100.0]),
    (["\u30000", "0\u3000", "１００", "1,00"], None, None),  # "1,00" is not a number → ValueError
    ([None, "", None, None], None, [None, None, None, None]),
    ([0, 0, 0, 0], None, [None, None, None, None]),
    ([100, 200, 300, 400], 2000, [5.0, 15.0, 30.0, 50.0]),
    ([100, 200, 300, 400], "1000", [10.0, 30.0, 60.0, 100.0]),
    ([10, 0, 0, 0], 0, [None, None, None, None]),
])
def test_cumulative_progress(amounts, total, expected):
    if expected is None:
        with pytest.raises(ValueError):
            cumulative_progress(amounts, total)
    else:
        assert cumulative_progress(amounts, total) == expected


def test_cumulative_progress_text_amounts():
    assert cumulative_progress(["\u300050", "0\u3000", "１５０", "1,800"]) == [2.5, 2.5, 10.0, 100.0]


@pytest.mark.parametrize("row, minima, expected", [
    (["\u30000", "0\u3000", "\u30000", "100"], None, "第四季度才支出"),
    ([0, 0, 0, 100], (None, 50, 75, None), "第四季度才支出"),
    ([25, 50, 75, 100], None, "进度正常"),
    ([25, 50, 75, 100], (None, 50, 75, None), "进度正常"),
    ([25, 40, 75, 100], (None, 50, 75, None), "第二季度低于序时要求50%"),
    ([25, 60, 70, 100], (None, 50, 75, None), "第三季度低于序时要求75%"),
    ([25, 60, 70, 100], (10, 62.5, None, None), "第二季度低于序时要求62.5%"),
    ([25, "50%", "75%", "100%"], None, "进度正常"),
    ([50, 40, 80, 100], None, "累计进度出现下降"),
    ([50, 40, 80, 90], None, "累计进度出现下降"),
    ([25, 50, 75, 90], None, "全年合计不是100%"),
    ([0, 0, 0, 90], None, "全年合计不是100%"),
    ([None, None, None, None], None, "未填写支出计划"),
    (["", "", "", ""], None, "未填写支出计划"),
    ([0, None, 50, 100], None, "第二季度未填写"),
    ([0, "五十", 50, 100], None, "第二季度不是数字"),
    ([0, 0, 50, 120], None, "第四季度超出0–100%"),
    ([-5, 0, 50, 100], None, "第一季度超出0–100%"),
    ([100, 100, 100, 100], None, "进度正常"),
])
def test_progress_verdict(row, minima, expected):
    assert progress_verdict(row, minima) == expected


def test_progress_verdict_wrong_length():
    with pytest.raises(ValueError):
        progress_verdict([0, 100])
    with pytest.raises(ValueError):
        progress_verdict([25, 50, 75, 100], (50,))


# --- claims: the reference texts ---------------------------------------------------------------------------

HIGH_TECH = ("2021年度计划100家申请高新技术企业,申请高企的企业补助5万元/家，通过高企申请的企业补助5万元/家，合计900万元；"
             "复审企业35家，每家补助10万元，合计350万元；引进高新技术企业11家，每家补助30万元，合计330万元，共计1580万。")
EXPERTS = ("按照《河北省河北省省级科技创新券实施细则》规定，每季度申请兑付一次。高级专业技术职称人员专家咨询费1500-2400元/人。"
           "每季度一次，一次七个专家，全年需资金4*7*2000元/人=5.6万元。")
ROBOTS = ("为推进机器人产业发展，根据唐山高新技术开发区科技局-唐山百川创新科技服务有限公司签订的场地租赁合同，"
          "以及减轻企业受疫情影响的有关要求，安排机器人产业扶持资金")


def _sub(label, count, amount, text, per="家", unit="万元"):
    return Term(text=text, label=label, count=count, count_unit=per if count is not None else None,
                amount=amount, unit=unit, per=per)


def _total(text, amount):
    return Term(text=text, label=None, count=1.0, count_unit=None, amount=amount, unit="万元", per=None)


def test_reference_high_tech_claims():
    claims = find_claims(HIGH_TECH)
    assert claims == [
        Claim(text="2021年度计划100家申请高新技术企业,申请高企的企业补助5万元/家，通过高企申请的企业补助5万元/家，合计900万元",
              start=0, end=60, kind="subsidy", stated_total_wan=900.0,
              terms=(_sub("申请高企的企业", 100.0, 5.0, "5万元/家"), _sub("通过高企申请的企业", None, 5.0, "5万元/家"))),
        Claim(text="复审企业35家，每家补助10万元，合计350万元", start=61, end=85, kind="subsidy", stated_total_wan=350.0,
              terms=(_sub("复审企业", 35.0, 10.0, "每家补助10万元"),)),
        Claim(text="引进高新技术企业11家，每家补助30万元，合计330万元", start=86, end=114, kind="subsidy",
              stated_total_wan=330.0, terms=(_sub("引进高新技术企业", 11.0, 30.0, "每家补助30万元"),)),
        Claim(text="共计1580万", start=115, end=122, kind="sum", stated_total_wan=1580.0,
              terms=(_total("合计900万元", 900.0), _total("合计350万元", 350.0), _total("合计330万元", 330.0))),
    ]
    for c in claims:
        assert HIGH_TECH[c.start:c.end] == c.text
    assert [reconcile(c) for c in claims] == [
        ClaimResult("missing_quantity", 500.0, 900.0, missing="通过高企申请的企业", reconciling_value=80.0,
                    reconciling_unit="家"),
        ClaimResult("holds", 350.0, 350.0),
        ClaimResult("holds", 330.0, 330.0),
        ClaimResult("holds", 1580.0, 1580.0),
    ]


def test_reference_expert_fee_claim():
    claims = find_claims(EXPERTS)
    start = EXPERTS.index("4*7")
    assert claims == [Claim(text="4*7*2000元/人=5.6万元", start=start, end=start + 17, kind="product",
                            stated_total_wan=5.6,
                            terms=(Term("4*7*2000元/人", None, 28.0, None, 2000.0, "元", "人"),))]
    assert reconcile(claims[0]) == ClaimResult("holds", 5.6, 5.6)


def test_reference_robot_text_has_no_claim():
    assert find_claims(ROBOTS) == []


def test_whole_reference_document():
    text = REFERENCE.read_text(encoding="utf-8")
    claims = find_claims(text)
    got = [(c.kind, c.text[:12], reconcile(c).status) for c in claims]
    one = [("subsidy", "2021年度计划100家", "missing_quantity"), ("subsidy", "复审企业35家，每家补助", "holds"),
           ("subsidy", "引进高新技术企业11家，", "holds"), ("sum", "共计1580万", "holds")]
    three = [("product", "4*7*2000元/人=", "holds")]
    assert got == one + three + one + three
    for c in claims:
        assert text[c.start:c.end] == c.text


# --- claims: invented cases --------------------------------------------------------------------------------

def _summary(text):
    """(kind, claim text, ((label, count, amount, unit, per), ...), stated) and the result, per claim."""
    return [((c.kind, c.text, tuple((t.label, t.count, t.amount, t.unit, t.per) for t in c.terms),
              c.stated_total_wan, c.intermediate_wan), reconcile(c)) for c in find_claims(text)]


@pytest.mark.parametrize("text, expected", [
    # a typo in a subtotal
    ("复审企业35家，每家补助10万元，合计340万元",
     [(("subsidy", "复审企业35家，每家补助10万元，合计340万元", (("复审企业", 35.0, 10.0, "万元", "家"),), 340.0, ()),
       ClaimResult("differs", 350.0, 340.0))]),
    # 元 rate, 万元 total, count after the rate
    ("每人补助2000元，共50人，合计10万元",
     [(("subsidy", "每人补助2000元，共50人，合计10万元", ((None, 50.0, 2000.0, "元", "人"),), 10.0, ()),
       ClaimResult("holds", 10.0, 10.0))]),
    # full-width digits, × and ＝
    ("４×７×２０００元／人＝５．６万元",
     [(("product", "４×７×２０００元／人＝５．６万元", ((None, 28.0, 2000.0, "元", "人"),), 5.6, ()),
       ClaimResult("holds", 5.6, 5.6))]),
    # a chain with an intermediate value
    ("4x7x2000元/人=56000元=5.6万元",
     [(("product", "4x7x2000元/人=56000元=5.6万元", ((None, 28.0, 2000.0, "元", "人"),), 5.6, (5.6,)),
       ClaimResult("holds", 5.6, 5.6))]),
    # a wrong intermediate value is reported
    ("4x7x2000元/人=5600元=5.6万元",
     [(("product", "4x7x2000元/人=5600元=5.6万元", ((None, 28.0, 2000.0, "元", "人"),), 5.6, (0.56,)),
       ClaimResult("differs", 5.6, 0.56))]),
    # unitless factors take the stated unit
    ("4X7X2000=56000元",
     [(("product", "4X7X2000=56000元", ((None, 28.0, 2000.0, "元", None),), 5.6, ()),
       ClaimResult("holds", 5.6, 5.6))]),
    # a wrong product
    ("全年需资金4*7*2000元/人=5.8万元。",
     [(("product", "4*7*2000元/人=5.8万元", ((None, 28.0, 2000.0, "元", "人"),), 5.8, ()),
       ClaimResult("differs", 5.6, 5.8))]),
    # A+B=C with and without units; 合计 as the equals
    ("300万元+200万元=500万元",
     [(("sum", "300万元+200万元=500万元", ((None, 1.0, 300.0, "万元", None), (None, 1.0, 200.0, "万元", None)), 500.0,
        ()), ClaimResult("holds", 500.0, 500.0))]),
    ("300+200=500",
     [(("sum", "300+200=500", ((None, 1.0, 300.0, "万元", None), (None, 1.0, 200.0, "万元", None)), 500.0, ()),
       ClaimResult("holds", 500.0, 500.0))]),
    ("100家＊5万元/家合计600万元",
     [(("product", "100家＊5万元/家合计600万元", ((None, 100.0, 5.0, "万元", "家"),), 600.0, ()),
       ClaimResult("differs", 500.0, 600.0))]),
    # plain sum closed by 合计, thousands separator in the total
    ("设备费1,000万元，材料费580万元，合计1,580万元",
     [(("sum", "设备费1,000万元，材料费580万元，合计1,580万元",
        (("设备费", 1.0, 1000.0, "万元", None), ("材料费", 1.0, 580.0, "万元", None)), 1580.0, ()),
       ClaimResult("holds", 1580.0, 1580.0))]),
    # 其中: only the parts after it are the addends
    ("总预算1000万元，其中财政拨款800万元，自筹200万元，合计1000万元",
     [(("sum", "其中财政拨款800万元，自筹200万元，合计1000万元",
        (("财政拨款", 1.0, 800.0, "万元", None), ("自筹", 1.0, 200.0, "万元", None)), 1000.0, ()),
       ClaimResult("holds", 1000.0, 1000.0))]),
    # a chain's result is a subtotal of the sentence
    ("专家费4*7*2000元/人=5.6万元，会议费2万元，合计7.6万元",
     [(("product", "4*7*2000元/人=5.6万元", ((None, 28.0, 2000.0, "元", "人"),), 5.6, ()),
       ClaimResult("holds", 5.6, 5.6)),
      (("sum", "4*7*2000元/人=5.6万元，会议费2万元，合计7.6万元",
        ((None, 1.0, 5.6, "万元", None), ("会议费", 1.0, 2.0, "万元", None)), 7.6, ()),
       ClaimResult("holds", 7.6, 7.6))]),
    # grand total with a typo
    ("申请企业100家，补助5万元/家，合计500万元；复审企业35家，补助10万元/家，合计350万元；共计900万元",
     [(("subsidy", "申请企业100家，补助5万元/家，合计500万元", (("申请企业", 100.0, 5.0, "万元", "家"),), 500.0, ()),
       ClaimResult("holds", 500.0, 500.0)),
      (("subsidy", "复审企业35家，补助10万元/家，合计350万元", (("复审企业", 35.0, 10.0, "万元", "家"),), 350.0, ()),
       ClaimResult("holds", 350.0, 350.0)),
      (("sum", "共计900万元", ((None, 1.0, 500.0, "万元", None), (None, 1.0, 350.0, "万元", None)), 900.0, ()),
       ClaimResult("differs", 850.0, 900.0))]),
    # a rate with no count at all: missing, reconciled
    ("每家补助5万元，合计100万元",
     [(("subsidy", "每家补助5万元，合计100万元", ((None, None, 5.0, "万元", "家"),), 100.0, ()),
       ClaimResult("missing_quantity", 0.0, 100.0, missing="第1项的数量", reconciling_value=20.0,
                   reconciling_unit="家"))]),
    # known terms already exceed the total: a missing count cannot fix it
    ("A类企业30家补助5万元/家，B类企业补助5万元/家，合计100万元",
     [(("subsidy", "A类企业30家补助5万元/家，B类企业补助5万元/家，合计100万元",
        (("A类企业", 30.0, 5.0, "万元", "家"), ("B类企业", None, 5.0, "万元", "家")), 100.0, ()),
       ClaimResult("differs", 150.0, 100.0, missing="B类企业"))]),
    # two missing counts: no single reconciling value
    ("申请企业补助5万元/家，通过企业补助5万元/家，合计900万元",
     [(("subsidy", "申请企业补助5万元/家，通过企业补助5万元/家，合计900万元",
        (("申请企业", None, 5.0, "万元", "家"), ("通过企业", None, 5.0, "万元", "家")), 900.0, ()),
       ClaimResult("missing_quantity", 0.0, 900.0, missing="申请企业"))]),
    # 个 counts pair with 家 rates; 人次 with 人次
    ("支持企业20个，每家补助5万元，合计100万元",
     [(("subsidy", "支持企业20个，每家补助5万元，合计100万元", (("支持企业", 20.0, 5.0, "万元", "家"),), 100.0, ()),
       ClaimResult("holds", 100.0, 100.0))]),
    ("培训50人次，每人次补助200元，合计1万元",
     [(("subsidy", "培训50人次，每人次补助200元，合计1万元", (("培训", 50.0, 200.0, "元", "人次"),), 1.0, ()),
       ClaimResult("holds", 1.0, 1.0))]),
    # an unexplained count does not stop a claim that holds
    ("补助5万元/家，涉及10个项目3家，合计15万元",
     [(("subsidy", "补助5万元/家，涉及10个项目3家，合计15万元", (("涉及10个项目", 3.0, 5.0, "万元", "家"),), 15.0,
        ()),
       ClaimResult("holds", 15.0, 15.0))]),
    # a 合计 covering the whole list, earlier sentences included: the sentence alone gives 10 ≠ 60, the
    # paragraph holds (50 + 2×5 = 60), so it is read that way and nothing is reported
    ("编制规划1项，费用50万元；开展调研2次，每次5万元，合计60万元。",
     [(("subsidy", "费用50万元；开展调研2次，每次5万元，合计60万元",
        (("开展调研", 2.0, 5.0, "万元", "次"), ("费用", 1.0, 50.0, "万元", None)), 60.0, ()),
       ClaimResult("holds", 60.0, 60.0))]),
    ("设备费100万元。材料费50万元，会议费10万元，合计160万元。",
     [(("sum", "设备费100万元。材料费50万元，会议费10万元，合计160万元",
        (("设备费", 1.0, 100.0, "万元", None), ("材料费", 1.0, 50.0, "万元", None), ("会议费", 1.0, 10.0, "万元", None)),
        160.0, ()), ClaimResult("holds", 160.0, 160.0))]),
    # the sentence alone holds: the earlier amount is not added
    ("设备费100万元。材料费50万元，会议费10万元，合计60万元。",
     [(("sum", "材料费50万元，会议费10万元，合计60万元",
        (("材料费", 1.0, 50.0, "万元", None), ("会议费", 1.0, 10.0, "万元", None)), 60.0, ()),
       ClaimResult("holds", 60.0, 60.0))]),
    # no amount before the sentence (after the previous total): the sentence's reading is unambiguous
    ("为支持企业创新。复审企业35家，每家补助10万元，合计380万元。",
     [(("subsidy", "复审企业35家，每家补助10万元，合计380万元", (("复审企业", 35.0, 10.0, "万元", "家"),), 380.0, ()),
       ClaimResult("differs", 350.0, 380.0))]),
    ("申请企业100家，补助5万元/家，合计500万元；复审企业35家，补助10万元/家，合计340万元",
     [(("subsidy", "申请企业100家，补助5万元/家，合计500万元", (("申请企业", 100.0, 5.0, "万元", "家"),), 500.0, ()),
       ClaimResult("holds", 500.0, 500.0)),
      (("subsidy", "复审企业35家，补助10万元/家，合计340万元", (("复审企业", 35.0, 10.0, "万元", "家"),), 340.0, ()),
       ClaimResult("differs", 350.0, 340.0))]),
    # within tolerance (0.5%)
    ("每人2000元，共33人，合计6.6万元",
     [(("subsidy", "每人2000元，共33人，合计6.6万元", ((None, 33.0, 2000.0, "元", "人"),), 6.6, ()),
       ClaimResult("holds", 6.6, 6.6))]),
])
def test_claims(text, expected):
    assert _summary(text) == expected


@pytest.mark.parametrize("text", [
    "",
    None,
    "加强先进技术应用示范，提升企业转化成果、提升核心竞争力",  # no arithmetic at all
    "高级专业技术职称人员专家咨询费1500-2400元/人。",  # a range is not a claim
    "专家咨询费1500-2400元/人，合计5万元",  # nor is a total next to a range
    "2021年度计划支持企业100家。",  # a year is never a quantity
    "根据2021年12月31日前的安排执行，6月底前细化代编预算",
    "2021-12-31",
    "补助标准最高50万元，支持5家，每家10万元，合计50万元",  # hedged amounts: unsure
    "复审企业35家，每家最高补助10万元，合计300万元",  # a hedge word before the verb hedges the rate too
    "项目资金共计1580万元，用于高新技术企业补助。",  # a lone total
    "总预算1000万元，财政拨款800万元，自筹200万元，合计1000万元",  # one amount is already the total
    "10-2*3=4万元",  # subtraction: not handled, so no claim
    "(2+3)*4=20万元",  # brackets
    "3x4=12平方米",  # not money
    "4*7=28人",
    "补助5万元/家，涉及10个项目3家，合计20万元",  # differs, but next to a count no rate explains: unsure
    # neither the sentence (10) nor the paragraph (60) gives 70: which was meant cannot be told
    "编制规划1项，费用50万元；开展调研2次，每次5万元，合计70万元。",
    "合计约900万元",
    "每季度一次，一次七个专家",
])
def test_no_claims(text):
    assert find_claims(text) == []


@pytest.mark.parametrize("computed, stated, expected", [
    (5.6, 5.6, True), (100.0, 100.5, True), (100.0, 100.6, False), (0.001, 0.0, True), (0.0, 0.006, False),
    (1580.0, 1588.0, False), (1580.0, 1587.0, True),
])
def test_within_tolerance(computed, stated, expected):
    assert within_tolerance(computed, stated) is expected


@pytest.mark.parametrize("claim, expected", [
    (Claim("x", 0, 1, (), 5.0, "sum"), ClaimResult("unparsed", None, 5.0)),
    (Claim("x", 0, 1, (Term("1万元", None, 1.0, None, 1.0, "万元"),), 5.0, "other"),
     ClaimResult("unparsed", None, 5.0)),
])
def test_reconcile_unparsed(claim, expected):
    assert reconcile(claim) == expected


# --- money figures in a text -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("共计1580万。", [(2, 7)]),
    ("补助５万元/家，合计900万元", [(2, 5), (10, 15)]),
    ("1,580万元", [(0, 7)]),
    ("每人2000元", [(2, 7)]),
    ("2021年度计划100家申请", []),  # a year and a count are not money
    ("5万人参加", []),  # 万 before a noun is not 万元
    ("为推进机器人产业发展，安排扶持资金", []),
    ("", []),
    (None, []),
    (1580, []),  # a number cell is not a text
])
def test_amount_spans(text, expected):
    assert amount_spans(text) == expected


# --- counts in 万人/万亩, rates per month, totals written in words -------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("52万人", (520000.0, "人")), ("4.5万亩", (45000.0, "亩")), ("3千户", (3000.0, "户")), ("两万人", (20000.0, "人")),
    ("52万", None),  # money or a count? neither
])
def test_parse_count_scales_a_magnitude_prefix(value, expected):
    assert parse_count(value) == expected


def test_subsidy_line_with_a_count_in_wan():
    assert subsidy_line("52万人", "84元/人") == 4368.0
    assert subsidy_line("45万亩", 105, "元/亩") == 4725.0


def _status(text):
    return [(c.text, tuple((t.count, t.amount, t.periods) for t in c.terms), reconcile(c).status,
             reconcile(c).computed_wan) for c in find_claims(text)]


@pytest.mark.parametrize("text, expected", [
    ("补贴面积45万亩，补贴标准105元/亩，共计4725万元。",
     [("补贴面积45万亩，补贴标准105元/亩，共计4725万元", ((450000.0, 105.0, 1.0),), "holds", 4725.0)]),
    ("52万人*84元/人=4368万元", [("52万人*84元/人=4368万元", ((520000.0, 84.0, 1.0),), "holds", 4368.0)]),
    # an average per head is a rate: "人均…84元", "亩均财政投入1500元"
    ("按照2022年人均基本公共卫生服务经费补助标准84元，全县常住人口52万人，共需资金4368万元（其中：中央及省级补助3276万元，"
     "县级配套1092万元）。",
     [("按照2022年人均基本公共卫生服务经费补助标准84元，全县常住人口52万人，共需资金4368万元", ((520000.0, 84.0, 1.0),),
       "holds", 4368.0)]),
    ("新建高标准农田2万亩，亩均财政投入1500元，共计3300万元。",
     [("新建高标准农田2万亩，亩均财政投入1500元，共计3300万元", ((20000.0, 1500.0, 1.0),), "differs", 3000.0)]),
    # an outcome per head ("人均增收") is no rate: the amount stays a plain amount, as before
    ("农民人均增收500元，培训农民200人，每人补助1000元，合计20万元。",
     [("农民人均增收500元，培训农民200人，每人补助1000元，合计20万元", ((200.0, 1000.0, 1.0), (1.0, 500.0, 1.0)),
       "holds", 20.05)]),
    # a monthly rate in a text that says 全年: × 12
    ("集中供养特困人员600人，基本生活标准每人每月1200元，全年合计864万元。",
     [("集中供养特困人员600人，基本生活标准每人每月1200元，全年合计864万元", ((600.0, 1200.0, 12.0),), "holds", 864.0)]),
    ("集中供养特困人员600人，每人每月1200元，全年合计72万元。",
     [("集中供养特困人员600人，每人每月1200元，全年合计72万元", ((600.0, 1200.0, 12.0),), "differs", 864.0)]),
    # no word for a year: the literal reading, unless only × 12 holds
    ("集中供养特困人员600人，每人每月1200元，合计72万元。",
     [("集中供养特困人员600人，每人每月1200元，合计72万元", ((600.0, 1200.0, 1.0),), "holds", 72.0)]),
    ("集中供养特困人员600人，每人每月1200元，合计864万元。",
     [("集中供养特困人员600人，每人每月1200元，合计864万元", ((600.0, 1200.0, 12.0),), "holds", 864.0)]),
    # "元/人·月" with the months stated; "月人均"
    ("补助标准300元/人·月，全年12个月，补助乡村教师850人，共计306万元。",
     [("补助标准300元/人·月，全年12个月，补助乡村教师850人，共计306万元", ((850.0, 300.0, 12.0),), "holds", 306.0)]),
    ("月人均补差600元，低保对象100人，全年合计72万元。",
     [("月人均补差600元，低保对象100人，全年合计72万元", ((100.0, 600.0, 12.0),), "holds", 72.0)]),
    ("扶助标准每人每年960元，扶助对象3600人，合计3456000元。",
     [("扶助标准每人每年960元，扶助对象3600人，合计3456000元", ((3600.0, 960.0, 1.0),), "holds", 345.6)]),
])
def test_claims_with_counts_in_wan_and_monthly_rates(text, expected):
    assert _status(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("城市低保对象3200人，月人均补差600元，全年需资金23040000元；农村低保对象8500人，月人均补差350元，全年需资金35700000元；"
     "合计5874万元。", (5874.0, "合计5874万元")),
    ("全县常住人口52万人，共需资金4368万元（其中：中央及省级补助3276万元，县级配套1092万元）。", (4368.0, "共需资金4368万元")),
    ("维修改造校舍。合计400万元，其中省级补助资金150万元，县级财政安排250万元。", (400.0, "合计400万元")),
    ("A项按实际兑付，合计50万元；B项按协议兑付，合计300万元。", None),  # subtotals that do not add up: no total
    ("按实际兑付，共计约316万元。", None),
    ("按实际兑付，合计不超过300万元。", None),
    ("每家补助不超过10万元，合计380万元。", None),  # a total built on caps
    ("设备购置1000万元，合计300万元。", None),  # an amount larger than the "total"
    ("其中省级合计100万元。", None),
    ("救助标准1000-3000元/人次，平均2000元/人次，共计300万元。", (300.0, "共计300万元")),
])
def test_text_total(text, expected):
    got = text_total(text)
    assert (got[:2] if got else None) == expected
    if got:
        assert text[got[2]:got[3]] == got[1]


# --- "其中" breakdowns ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("年度资金总额400万元，其中省级补助100万元、县级配套250万元。",
     [("400万元，其中省级补助100万元、县级配套250万元", "money", "万元", 400.0, (100.0, 250.0), False)]),
    ("受助学生1200人，其中一档400人、二档700人。",
     [("1200人，其中一档400人、二档700人", "count", "人", 1200.0, (400.0, 700.0), False)]),
    ("受助学生1200人，其中一档400人、二档800人。",
     [("1200人，其中一档400人、二档800人", "count", "人", 1200.0, (400.0, 800.0), True)]),
    # a bracketed breakdown, the wjw fixture's text
    ("全县常住人口52万人，共需资金4368万元（其中：中央及省级补助3276万元，县级配套1092万元）。主要用于健康档案管理。",
     [("4368万元（其中：中央及省级补助3276万元，县级配套1092万元", "money", "万元", 4368.0, (3276.0, 1092.0), True)]),
    ("合计400万元，其中省级补助资金150万元，县级财政安排250万元。",
     [("400万元，其中省级补助资金150万元，县级财政安排250万元", "money", "万元", 400.0, (150.0, 250.0), True)]),
    # 包括; mixed money units; a thousands separator
    ("资金400万元，包括设备购置3,000,000元、人员培训50万元。",
     [("400万元，包括设备购置3,000,000元、人员培训50万元", "money", "万元", 400.0, (300.0, 50.0), False)]),
    # counts with a magnitude prefix; a rate in brackets after each count is no part
    ("新建农田2万亩，其中旱田1.2万亩、水田0.8万亩。",
     [("2万亩，其中旱田1.2万亩、水田0.8万亩", "count", "亩", 20000.0, (12000.0, 8000.0), True)]),
    ("受助学生1200人，其中一档400人（每人2000元）、二档700人。",
     [("1200人，其中一档400人（每人2000元）、二档700人", "count", "人", 1200.0, (400.0, 700.0), False)]),
])
def test_find_breakdowns(text, expected):
    got = [(b.text, b.kind, b.unit, b.total, b.parts, b.holds) for b in find_breakdowns(text)]
    assert got == expected
    for b in find_breakdowns(text):
        assert text[b.start:b.end] == b.text


@pytest.mark.parametrize("text", [
    "新建高标准农田2万亩，其中高效节水灌溉0.8万亩，提升耕地质量。",  # one part: a subset, not a split
    "总预算1000万元，其中财政拨款800万元，自筹200万元，合计1000万元。",  # closed by 合计: find_claims' business
    "年度资金总额400万元，其中省级补助100万元、县级配套250万元等。",
    "年度资金总额400万元，其中省级补助100万元、县级配套250万元，其余由学校自筹。",
    "年度资金总额400万元，其中省级补助100万元、其他资金由学校自筹。",
    "约400万元，其中省级补助100万元、县级配套250万元。",
    "400万元以上，其中省级补助100万元、县级配套250万元。",
    "补助标准1500元，其中一档2000元、二档1250元。",  # a standard, not a total
    "补助5万元/家，其中省级3万元、县级1万元。",  # a rate
    "共需资金400万元，其中企业20家，每家10万元、个人200人，每人1万元。",  # parts computed from rates
    "年度资金总额400万元，其中省级补助占60%、县级配套160万元。",
    "受助学生1200人，其中一档400人，每人2000元；二档700人，每人1250元。",  # the second part is in another sentence
    "培训1200人，其中线上800人次、线下300人。",  # counts of another unit
    "受助学生1200人，其中一档400人、二档约700人。",
    "共计3000万元。其中：中央和省级补助资金2400万元，县级配套资金500万元。",  # the total is in another sentence
    "受助学生1200人，其中一档四百人、二档七百人。",
    "项目期3年，其中建设期2年、运营期2年。",  # durations
    "年度资金总额400万元，其中2021年结转100万元、当年安排250万元。",  # a figure (a year) we do not read
    "", None, 400,
])
def test_no_breakdowns(text):
    assert find_breakdowns(text) == []


def test_reference_and_fixture_breakdowns_hold():
    """The reference document has no breakdown; the correct realistic fixtures' breakdowns all add up."""
    assert find_breakdowns(REFERENCE.read_text(encoding="utf-8")) == []
    import json
    fixtures = Path(__file__).resolve().parent / "fixtures" / "correct"
    for path in sorted(fixtures.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts = [p.get("purpose") for p in data.get("projects", [])] + [s.get("purpose") for s in data.get("summaries", [])]
        for text in texts:
            assert all(b.holds for b in find_breakdowns(text)), (path.name, text)


def test_a_count_listed_by_overlapping_traits_is_not_a_split():
    """'学生1200人，其中女生600人、少数民族学生100人' lists traits, not parts: only tiers split a count."""
    from xlperf.text.breakdowns import find_breakdowns

    assert find_breakdowns("学生1200人，其中女生600人、少数民族学生100人。") == []
    [tiers] = find_breakdowns("受助学生1200人，其中一档400人、二档700人。")
    assert (tiers.total, tiers.parts, tiers.holds) == (1200, (400, 700), False)
