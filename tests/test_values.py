"""Table-driven tests for xlperf.text.values: each case asserts the complete ParsedValue."""
import pytest

from xlperf.text.values import (
    KINDS,
    PLACEHOLDERS,
    VAGUE_WORDS,
    ParsedValue,
    is_money_unit,
    is_placeholder,
    is_rate_name,
    is_time_unit,
    is_unitless_name,
    parse_value,
    vague_word,
)

Q, QL, D, P, PH = "quantitative", "qualitative", "deadline", "period", "placeholder"


@pytest.mark.parametrize("text, expected", [
    # quantitative
    ("≥100", ParsedValue("≥100", Q, "≥", 100.0, None, None)),
    ("≥90", ParsedValue("≥90", Q, "≥", 90.0, None, None)),
    ("≥90%", ParsedValue("≥90%", Q, "≥", 90.0, None, "%")),
    (">92%", ParsedValue(">92%", Q, ">", 92.0, None, "%")),
    ("=100%", ParsedValue("=100%", Q, "=", 100.0, None, "%")),
    ("≥3次", ParsedValue("≥3次", Q, "≥", 3.0, None, "次")),
    ("15家以上", ParsedValue("15家以上", Q, "≥", 15.0, None, "家")),
    # estimates (约…, …左右, …上下) and 亿 written loosely ("3个亿" is 3 亿元, not a count of "个亿")
    ("3个亿左右", ParsedValue("3个亿左右", Q, "≈", 3.0, None, "亿元")),
    ("约1.5亿元", ParsedValue("约1.5亿元", Q, "≈", 1.5, None, "亿元")),
    ("90%左右", ParsedValue("90%左右", Q, "≈", 90.0, None, "%")),
    ("200人上下", ParsedValue("200人上下", Q, "≈", 200.0, None, "人")),
    ("3个亿", ParsedValue("3个亿", Q, None, 3.0, None, "亿元")),
    ("100家以上企业", ParsedValue("100家以上企业", Q, "≥", 100.0, None, "家")),
    ("不低于95%", ParsedValue("不低于95%", Q, "≥", 95.0, None, "%")),
    ("不少于10个", ParsedValue("不少于10个", Q, "≥", 10.0, None, "个")),
    ("不超过5万元", ParsedValue("不超过5万元", Q, "≤", 5.0, None, "万元")),
    ("不高于3%", ParsedValue("不高于3%", Q, "≤", 3.0, None, "%")),
    ("控制在5万元以内", ParsedValue("控制在5万元以内", Q, "≤", 5.0, None, "万元")),
    ("5万元以下", ParsedValue("5万元以下", Q, "≤", 5.0, None, "万元")),
    ("达到100%", ParsedValue("达到100%", Q, "=", 100.0, None, "%")),
    ("≤5.6万元", ParsedValue("≤5.6万元", Q, "≤", 5.6, None, "万元")),
    ("5万元/家", ParsedValue("5万元/家", Q, None, 5.0, None, "万元/家")),
    ("2000元/人", ParsedValue("2000元/人", Q, None, 2000.0, None, "元/人")),
    ("1500-2400元/人", ParsedValue("1500-2400元/人", Q, None, 1500.0, 2400.0, "元/人")),
    ("1,580万元", ParsedValue("1,580万元", Q, None, 1580.0, None, "万元")),
    ("100", ParsedValue("100", Q, None, 100.0, None, None)),
    ("１００", ParsedValue("１００", Q, None, 100.0, None, None)),
    ("＞９０％", ParsedValue("＞９０％", Q, ">", 90.0, None, "%")),
    ("＞＝９０％", ParsedValue("＞＝９０％", Q, "≥", 90.0, None, "%")),
    (">=90%", ParsedValue(">=90%", Q, "≥", 90.0, None, "%")),
    ("≥ 90 %", ParsedValue("≥ 90 %", Q, "≥", 90.0, None, "%")),
    ("<1%", ParsedValue("<1%", Q, "<", 1.0, None, "%")),
    ("1.5倍", ParsedValue("1.5倍", Q, None, 1.5, None, "倍")),
    # signed numbers (a decline allowed; a negative completion rate is reported by rule V205)
    ("-5%", ParsedValue("-5%", Q, None, -5.0, None, "%")),
    ("≥-5%", ParsedValue("≥-5%", Q, "≥", -5.0, None, "%")),
    ("＋3％", ParsedValue("＋3％", Q, None, 3.0, None, "%")),
    ("-5--3%", ParsedValue("-5--3%", Q, None, -5.0, -3.0, "%")),
    # shapes staff type that once read wrongly (a unit in brackets, "（含）", a unit on both ends of a range)
    ("≥35（家）", ParsedValue("≥35（家）", Q, "≥", 35.0, None, "家")),
    ("35家（含）以上", ParsedValue("35家（含）以上", Q, "≥", 35.0, None, "家")),
    ("≥90%（含）", ParsedValue("≥90%（含）", Q, "≥", 90.0, None, "%")),
    ("90%-95%", ParsedValue("90%-95%", Q, None, 90.0, 95.0, "%")),
    ("90％～95％", ParsedValue("90％～95％", Q, None, 90.0, 95.0, "%")),
    ("5千元-1万元", ParsedValue("5千元-1万元", QL, qualitative="5千元-1万元")),  # two units: not read
    ("2021年-2022年", ParsedValue("2021年-2022年", QL, qualitative="2021年-2022年")),
    # a unit with a bracketed alternative unit ("台（套）"): the first unit is the unit
    ("≥330台（套）", ParsedValue("≥330台（套）", Q, "≥", 330.0, None, "台")),
    ("=35台（套）", ParsedValue("=35台（套）", Q, "=", 35.0, None, "台")),
    ("≥4期（次）", ParsedValue("≥4期（次）", Q, "≥", 4.0, None, "期")),
    ("≥4期(次)", ParsedValue("≥4期(次)", Q, "≥", 4.0, None, "期")),
    # a trailing note in brackets is dropped, as "（含）" is
    ("≥90%（抽样调查）", ParsedValue("≥90%（抽样调查）", Q, "≥", 90.0, None, "%")),
    ("≥10%（同比）", ParsedValue("≥10%（同比）", Q, "≥", 10.0, None, "%")),
    ("2021年12月底前（以拨付凭证为准）", ParsedValue("2021年12月底前（以拨付凭证为准）", D, "≤")),
    ("是（已完成）", ParsedValue("是（已完成）", QL, qualitative="是（已完成）")),  # text stays text
    ("提高5%（同比）", ParsedValue("提高5%（同比）", QL, qualitative="提高5%（同比）")),
    (90.0, ParsedValue("90", Q, None, 90.0, None, None)),
    (0.5, ParsedValue("0.5", Q, None, 0.5, None, None)),
    # periods
    ("1年", ParsedValue("1年", P, None, 1.0, None, "年")),
    ("3个月", ParsedValue("3个月", P, None, 3.0, None, "个月")),
    ("≤3天", ParsedValue("≤3天", P, "≤", 3.0, None, "天")),
    ("3个工作日内", ParsedValue("3个工作日内", P, "≤", 3.0, None, "个工作日")),
    # a period anywhere in the text, counted from an event: the words around it are the anchor
    ("每季度结束后15个工作日内", ParsedValue("每季度结束后15个工作日内", P, "≤", 15.0, None, "个工作日",
                                   anchor="每季度结束后…")),
    ("收到申请后10日内", ParsedValue("收到申请后10日内", P, "≤", 10.0, None, "日", anchor="收到申请后…")),
    ("项目验收后30天内", ParsedValue("项目验收后30天内", P, "≤", 30.0, None, "天", anchor="项目验收后…")),
    ("10个工作日内完成", ParsedValue("10个工作日内完成", P, "≤", 10.0, None, "个工作日", anchor="…完成")),
    ("不超过10个工作日内", ParsedValue("不超过10个工作日内", P, "≤", 10.0, None, "个工作日")),
    ("3年内新增企业15家", ParsedValue("3年内新增企业15家", P, "≤", 3.0, None, "年", anchor="…新增企业15家")),
    # a schedule: a period of one unit (accepted as a 时效 value; it states when the work recurs)
    ("按季度", ParsedValue("按季度", P, None, 1.0, None, "季度", anchor="按季度")),
    ("每季度", ParsedValue("每季度", P, None, 1.0, None, "季度", anchor="每季度")),
    ("每月", ParsedValue("每月", P, None, 1.0, None, "月", anchor="每月")),
    ("每半年", ParsedValue("每半年", P, None, 6.0, None, "个月", anchor="每半年")),
    ("每年一次", ParsedValue("每年一次", P, None, 1.0, None, "年", anchor="每年一次")),
    # a schedule with the payment verb ("按月发放"), and "当日/当天" (a period of one day)
    ("按月发放", ParsedValue("按月发放", P, None, 1.0, None, "月", anchor="按月发放")),
    ("按季度拨付", ParsedValue("按季度拨付", P, None, 1.0, None, "季度", anchor="按季度拨付")),
    ("每月足额发放", ParsedValue("每月足额发放", P, None, 1.0, None, "月", anchor="每月足额发放")),
    ("按年兑付一次", ParsedValue("按年兑付一次", P, None, 1.0, None, "年", anchor="按年兑付一次")),
    ("当日发放", ParsedValue("当日发放", P, "≤", 1.0, None, "日", anchor="当日发放")),
    ("当天", ParsedValue("当天", P, "≤", 1.0, None, "天", anchor="当天")),
    ("按月", ParsedValue("按月", P, None, 1.0, None, "月", anchor="按月")),
    ("按月考核", ParsedValue("按月考核", QL, qualitative="按月考核")),  # only payment verbs
    # deadlines
    ("2021年12月底前", ParsedValue("2021年12月底前", D, "≤")),
    ("12月31日前", ParsedValue("12月31日前", D, "≤")),
    ("年底前", ParsedValue("年底前", D, "≤")),
    ("2021年", ParsedValue("2021年", D, None)),
    ("2021年度", ParsedValue("2021年度", D, None)),
    ("6月", ParsedValue("6月", D, None)),
    ("第三季度末前", ParsedValue("第三季度末前", D, "≤")),
    ("2021-12-31", ParsedValue("2021-12-31", D, None)),
    ("2021.12.31前", ParsedValue("2021.12.31前", D, "≤")),
    ("于2021年6月底完成", ParsedValue("于2021年6月底完成", D, None)),
    ("2021年底前", ParsedValue("2021年底前", D, "≤")),
    ("2021年末", ParsedValue("2021年末", D, None)),
    ("2021年度末前", ParsedValue("2021年度末前", D, "≤")),
    ("2021年6月底前完成", ParsedValue("2021年6月底前完成", D, "≤")),
    ("6月底前完成", ParsedValue("6月底前完成", D, "≤")),
    ("底前", ParsedValue("底前", QL, qualitative="底前")),  # 底 needs a year before it
    # a relative year, or a recurring deadline
    ("次年3月底前", ParsedValue("次年3月底前", D, "≤")),
    ("当年12月31日前", ParsedValue("当年12月31日前", D, "≤")),
    ("每年6月底前", ParsedValue("每年6月底前", D, "≤")),
    ("次年底前", ParsedValue("次年底前", D, "≤")),
    ("当年", ParsedValue("当年", D, None)),
    ("次年", ParsedValue("次年", D, None)),
    ("每月10日前", ParsedValue("每月10日前", D, "≤")),
    ("每月底前", ParsedValue("每月底前", D, "≤")),
    ("每季度末前", ParsedValue("每季度末前", D, "≤")),
    ("季度末", ParsedValue("季度末", D, None)),
    ("2021年内", ParsedValue("2021年内", D, "≤")),  # a year, not a period of 2021 years
    # a year, then an event, then 前: a deadline, not 2022 of the unit "年秋季学期开学前"
    ("2022年秋季学期开学前", ParsedValue("2022年秋季学期开学前", D, "≤")),
    ("2022年春节之前", ParsedValue("2022年春节之前", D, "≤")),
    ("2022年秋季学期开学前完成", ParsedValue("2022年秋季学期开学前完成", D, "≤")),
    ("2022年秋季学期", ParsedValue("2022年秋季学期", QL, qualitative="2022年秋季学期")),  # no 前: not read
    # a label, then a dated deadline ("春季学期5月底前"); several deadlines, each one a deadline
    ("春季学期5月底前", ParsedValue("春季学期5月底前", D, "≤")),
    ("春季学期5月底前、秋季学期11月底前", ParsedValue("春季学期5月底前、秋季学期11月底前", D, "≤")),
    ("6月底前；12月底前", ParsedValue("6月底前；12月底前", D, "≤")),
    ("春季学期5月底前、尽快", ParsedValue("春季学期5月底前、尽快", QL, qualitative="春季学期5月底前、尽快")),
    ("春季学期", ParsedValue("春季学期", QL, qualitative="春季学期")),
    # a date range: the work's window, a deadline without comparator
    ("2022年3月-2022年11月", ParsedValue("2022年3月-2022年11月", D, None)),
    ("2022年3月至11月", ParsedValue("2022年3月至11月", D, None)),
    ("2022年3月～2022年11月底", ParsedValue("2022年3月～2022年11月底", D, None)),
    # qualitative
    ("是", ParsedValue("是", QL, qualitative="是")),
    ("否", ParsedValue("否", QL, qualitative="否")),
    ("提高", ParsedValue("提高", QL, qualitative="提高")),
    ("有所提升", ParsedValue("有所提升", QL, qualitative="有所提升")),
    ("良好", ParsedValue("良好", QL, qualitative="良好")),
    ("优", ParsedValue("优", QL, qualitative="优")),
    ("显著", ParsedValue("显著", QL, qualitative="显著")),
    ("提高5%", ParsedValue("提高5%", QL, qualitative="提高5%")),
    ("比2020年度有所增加", ParsedValue("比2020年度有所增加", QL, qualitative="比2020年度有所增加")),
    ("2021-12", ParsedValue("2021-12", D, None)),
    ("2400-1500元", ParsedValue("2400-1500元", QL, qualitative="2400-1500元")),
    # placeholders and empty
    ("文字描述", ParsedValue("文字描述", PH)),
    ("XX", ParsedValue("XX", PH)),
    ("xx", ParsedValue("xx", PH)),
    ("**", ParsedValue("**", PH)),
    ("＊＊", ParsedValue("＊＊", PH)),
    ("待定", ParsedValue("待定", PH)),
    ("…", ParsedValue("…", PH)),
    ("/", ParsedValue("/", PH)),
    ("≥XX%", ParsedValue("≥XX%", PH)),
    ("**家", ParsedValue("**家", PH)),
    ("", ParsedValue("", "empty")),
    ("\u3000", ParsedValue("", "empty")),
    (None, ParsedValue("", "empty")),
])
def test_parse_value(text, expected):
    got = parse_value(text)
    assert got == expected
    assert got.kind in KINDS


@pytest.mark.parametrize("name, expected", [
    ("资金完成率", True),
    ("企业研发资金占比", True),
    ("配套资金比例", True),
    ("研发投入比重", True),
    ("工作效率", False),
    ("检查频率", False),
    ("效率提升率", True),
    ("拨付高企数量", False),
    ("被服务企业满意度", False),
    ("", False),
    (None, False),
])
def test_is_rate_name(name, expected):
    assert is_rate_name(name) is expected


@pytest.mark.parametrize("name, expected", [
    ("农田灌溉水有效利用系数", True),
    ("空气质量综合指数", True),
    ("投入产出比值", True),
    ("耕地质量等级提升倍数", True),
    ("土壤pH值", True),
    ("土壤PH值", True),
    ("容积率", True),
    ("补助企业数量", False),
    ("绩效评价得分", False),  # a score has a unit: 分
    ("资金完成率", False),
    ("", False),
    (None, False),
])
def test_is_unitless_name(name, expected):
    assert is_unitless_name(name) is expected


@pytest.mark.parametrize("text, expected", [
    ("进一步提高", "进一步提高"),
    ("服务水平进一步提高", "进一步提高"),
    ("有所提升", "有所提升"),
    ("有所提高", "有所提高"),
    ("提高", "提高"),
    ("明显提升", "明显"),  # same length: the earliest wins
    ("达成预期指标", "达成预期指标"),
    ("逐步完善", "逐步"),
    ("不断", "不断"),
    ("健全", "健全"),
    ("优化", "优化"),
    ("增强", "增强"),
    ("明显", "明显"),
    ("有所 提升", "有所提升"),
    # growth and improvement without a size (acceptance testing)
    ("有所增加", "有所增加"),
    ("增加", "增加"),
    ("稳步增长", "稳步增长"),
    ("有所改善", "有所改善"),
    ("较上年增长", "较上年增长"),
    ("显著", "显著"),
    ("逐年增加", "逐年增加"),
    ("有效改善", "有效改善"),
    ("有所增长", "有所增长"),
    ("有所加强", "有所加强"),
    ("进一步改善", "进一步改善"),
    ("明显改善", "明显改善"),
    ("稳步提升", "稳步提升"),
    ("持续改善", "持续改善"),
    ("加强", "加强"),
    ("有所下降", "有所"),
    ("效果显著", "显著"),
    ("比2020年度有所增加", "有所增加"),
    ("不断增加", "不断"),
    # a negation can be checked ("no growth at all")
    ("不增加", None),
    ("债务规模未增长", None),
    # graded qualitative values are not vague
    *[(graded, None) for graded in ("优", "良", "中", "差", "良好", "优秀", "合格", "达标")],
    ("是", None),
    ("≥90%", None),
    ("", None),
    (None, None),
])
def test_vague_word(text, expected):
    assert vague_word(text) == expected


def test_vague_words_constant():
    assert VAGUE_WORDS == ("进一步提高", "有所提升", "有所提高", "提高", "提升", "增强", "优化", "健全",
                           "达成预期指标", "明显", "逐步", "不断",
                           "有所增加", "有所增长", "有所加强", "有所改善", "有所", "增加", "增长", "稳步增长",
                           "稳步提升", "稳步", "较上年增长", "逐年增加", "逐年", "改善", "有效改善", "进一步改善",
                           "明显改善", "持续改善", "进一步", "加强", "显著",
                           # from the real-form corpus (issue 17)
                           "持续发展", "长期", "达到预期", "符合预期", "预期效果", "较高", "较好")


@pytest.mark.parametrize("text, expected", [
    *[(p, True) for p in PLACEHOLDERS],
    ("XXXX", True),
    ("ｘｘ", True),
    (" ** ", True),
    ("×××", True),
    ("是", False),
    ("90", False),
    ("", False),
    (None, False),
    ("无", False),
])
def test_is_placeholder(text, expected):
    assert is_placeholder(text) is expected


@pytest.mark.parametrize("unit, expected", [
    ("元", True), ("万元", True), ("亿元", True), ("千元", True), ("百万元", True),
    ("元/人", True), ("万元/家", True), ("元／人·次", True), ("万", False), ("家", False), ("%", False),
    ("", False), (None, False),
])
def test_is_money_unit(unit, expected):
    assert is_money_unit(unit) is expected


@pytest.mark.parametrize("unit, expected", [
    ("年", True), ("个月", True), ("月", True), ("天", True), ("日", True), ("个工作日", True), ("小时", True),
    ("季度", True), ("周", True), ("家", False), ("%", False), ("元", False), ("", False), (None, False),
])
def test_is_time_unit(unit, expected):
    assert is_time_unit(unit) is expected
