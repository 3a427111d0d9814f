"""指标值 rules (V2xx): table-driven cases over the baseline form, plus the bundled example.

Cells of the baseline workbook: indicators from row 11, columns A..F = 一级, 二级, 三级, 描述, 指标值, 依据.
项目1 rows: 11 数量 补助企业数量 ≥35家, 12 质量 按标准拨付资金比例 =100%, 13 时效 资金拨付完成时间 2021年12月底前,
14 成本 每家企业补助标准 ≤10万元, 15 经济效益 企业研发投入增长率 ≥5%, 16 社会效益 新增高新技术企业数量 ≥15家,
17 满意度 受补助企业满意度 ≥90%. 项目2 rows: 11 数量 =4次, 12 质量 评审结果合规率 =100%, 13 时效 季度评审按时完成率
=100%, 14 成本 ≤2000元/人, 15 社会效益 ≥40家, 16 满意度 ≥95%.
Each case's expect is the COMPLETE list of V findings, in engine order (sheet, row, column, code).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from harness import both, case, findings_of

from xlperf.checks import Config, run_checks
from xlperf.files.reader import read_workbook
from xlperf.form.model import Indicator

FAMILY = "V"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "2021-高新区科技局.xlsm"
P1, P2 = "项目1", "项目2"


def ind(index, project=0, **changes):
    """Change fields of one indicator row."""
    def mutate(form):
        for key, value in changes.items():
            setattr(form.projects[project].indicators[index], key, value)
    return mutate


def all_values(value, project=0, keep=()):
    """Paste one value into every indicator row of a project (except the indices in ``keep``)."""
    def mutate(form):
        for i, indicator in enumerate(form.projects[project].indicators):
            if i not in keep:
                indicator.value = value
    return mutate


def extra_rows(count, project=0):
    """Add ``count`` sound 质量 rows after the 质量 row (a longer table)."""
    def mutate(form):
        rows = form.projects[project].indicators
        for i in range(count):
            rows.insert(2 + i, Indicator("产出指标", "质量指标", f"验收合格项目数占比{i + 1}", None, f"≥{80 + i}%", "计划标准"))
    return mutate


def values_at(value, *indices, project=0):
    """Set the value of the indicator rows at ``indices``."""
    def mutate(form):
        for i in indices:
            form.projects[project].indicators[i].value = value
    return mutate


def new_scheme_cost(level2, value):
    """财预〔2021〕101号 layout: 项目1's cost row becomes 一级 成本指标 / 二级 ``level2``."""
    def mutate(form):
        row = form.projects[0].indicators[3]
        row.level1, row.level2, row.value = "成本指标", level2, value
    return mutate


CASES = [
    # V201 placeholder (value or basis)
    case("V201", "文字描述", ind(2, value="文字描述"), [("V201", P1, "E13")]),
    case("V201", "XX-in-number", ind(0, value="≥XX家"), [("V201", P1, "E11")]),
    case("V201", "basis-placeholder", ind(1, basis="**"), [("V201", P1, "F12")]),
    case("V201", "punctuation-only", ind(0, value="、"), [("V201", P1, "E11")]),
    case("V201", "empty-value-is-completeness", ind(2, value=None), []),
    case("V201", "not-applicable-row", ind(4, level3="指标1:/", description=None, value="/"), []),
    case("V201", "slash-value-with-a-name", ind(4, description=None, value="/"), [("V201", P1, "E15")]),
    case("V201", "stray-comma-is-hygiene", ind(0, value="≥35家，"), []),
    case("V201", "negative-growth-not-placeholder", ind(4, value="≥-5%"), []),
    # V202 one value pasted into every row (anchored once, at the first value)
    case("V202", "all-90%", all_values("≥90%"),
         [("V220", P1, "C11"), ("V202", P1, "E11"), ("V209", P1, "E14")]),
    case("V202", "one-row-differs", all_values("≥90%", keep=(3,)), [("V220", P1, "C11")]),
    case("V202", "all-是-is-per-cell", all_values("是"),
         [("V206", P1, "E11"), ("V222", P1, "E12"), ("V207", P1, "E13"), ("V208", P1, "E14"),
          ("V214", P1, "E15"), ("V214", P1, "E16"), ("V211", P1, "E17")]),
    case("V202", "all-placeholder-is-V201", all_values("XX"),
         [("V201", P1, f"E{r}") for r in range(11, 18)]),
    # V203 number without unit
    case("V203", "≥35", ind(0, value="≥35"), [("V203", P1, "E11")]),
    case("V203", "effect-15", ind(5, value="15"), [("V203", P1, "E16")]),
    case("V203", "suffix-unit", ind(0, value="35家以上"), []),
    # a coefficient, an index, a ratio, a multiple or a pH has no unit by nature (fp hunt: 农业农村局)
    *[case("V203", f"unitless-{n}", ind(5, level3=n, value=v), []) for n, v in (
        ("农田灌溉水有效利用系数", "≥0.6"), ("空气质量综合指数", "≤80"), ("投入产出比值", "≥1.2"),
        ("土壤pH值", "6.5-7.5"), ("带动投资倍数", "≥3"))],
    case("V203", "score-needs-分", ind(5, level3="绩效评价得分", value="≥90"), [("V203", P1, "E16")]),
    # V204 rate without %
    case("V204", "合规率-100", ind(1, project=1, value="=100"), [("V204", P2, "E12")]),
    case("V204", "满意度-90", ind(6, value="≥90"), [("V204", P1, "E17")]),
    case("V204", "fullwidth-percent", ind(1, value="１００％"), []),
    case("V204", "容积率-is-unitless", ind(1, level3="容积率", value="≤2.5"), []),
    case("V204", "count-under-满意度-is-V203", ind(6, level3="有效投诉次数", value="≤5"), [("V203", P1, "E17")]),
    # V205 percentage outside 0–100
    case("V205", "110%", ind(1, value="=110%"), [("V205", P1, "E12")]),
    case("V205", "negative", ind(1, value="-5%"), [("V205", P1, "E12")]),
    case("V205", "satisfaction-range", ind(6, value="90-105%"), [("V205", P1, "E17")]),
    case("V205", "growth-may-exceed", ind(4, value="≥120%"), []),
    # V206 数量 not a count
    case("V206", "是", ind(0, value="是"), [("V206", P1, "E11")]),
    case("V206", "vague", ind(0, value="有所增加"), [("V206", P1, "E11")]),
    case("V206", "count", ind(0, value="=35家"), []),
    # a time limit or a schedule is no count, even now that 时效 accepts it
    case("V206", "event-period", ind(0, value="收到申请后10日内"), [("V206", P1, "E11")]),
    case("V206", "schedule", ind(0, value="按季度"), [("V206", P1, "E11")]),
    case("V206", "relative-deadline", ind(0, value="次年3月底前"), [("V206", P1, "E11")]),
    case("V206", "plain-duration-is-a-count-of-days", ind(0, level3="培训天数", value="≥3天"), []),
    # a unit with an alternative unit in brackets is a count (fp hunt: 农机购置补贴)
    *[case("V206", f"alternative-unit-{v}", ind(0, value=v), []) for v in ("≥330台（套）", "=35台（套）", "≥4期（次）")],
    # V207 时效 neither deadline, period nor rate
    case("V207", "是", ind(2, value="是"), [("V207", P1, "E13")]),
    case("V207", "及时", ind(2, value="及时"), [("V207", P1, "E13")]),
    case("V207", "count-under-时效", ind(2, value="≥3次"), [("V207", P1, "E13")]),
    case("V207", "vague-is-V207-only", ind(2, value="有所提升"), [("V207", P1, "E13")]),
    case("V207", "period", ind(2, value="≤15个工作日"), []),
    # valid time limits staff write (acceptance testing): counted from an event, relative or recurring deadlines
    *[case("V207", f"time-limit-{v}", ind(2, value=v), []) for v in (
        "每季度结束后15个工作日内", "次年3月底前", "收到申请后10日内", "每季度末前", "当年12月31日前",
        "项目验收后30天内", "每月10日前", "10个工作日内完成", "季度末")],
    # a schedule states when the work recurs: accepted as period-like
    case("V207", "schedule-按季度", ind(2, value="按季度"), []),
    case("V207", "schedule-每季度", ind(2, value="每季度"), []),
    case("V207", "vague-time-still-flagged", ind(2, value="尽快"), [("V207", P1, "E13")]),
    # correct values from the fp hunt (教育局, 民政局, 卫健委): deadlines tied to an event, payment schedules,
    # several deadlines, a date range, the same day
    *[case("V207", f"time-limit-{v}", ind(2, value=v), []) for v in (
        "2022年秋季学期开学前", "按月发放", "按季度拨付", "春季学期5月底前、秋季学期11月底前", "2022年3月-2022年11月",
        "当日发放", "当天", "2021年12月底前（以拨付凭证为准）")],
    case("V207", "one-part-not-a-deadline", ind(2, value="春季学期5月底前、尽快"), [("V207", P1, "E13")]),
    case("V207", "year-and-words-without-前", ind(2, value="2022年秋季学期"), [("V207", P1, "E13")]),
    case("V207", "event-without-limit", ind(2, value="收到申请后"), [("V207", P1, "E13")]),
    case("V207", "bare-rate-is-V204", ind(2, project=1, value="≥95"), [("V204", P2, "E13")]),
    # V208 成本 not money
    case("V208", "次", ind(3, value="4次"), [("V208", P1, "E14")]),
    case("V208", "text", ind(3, value="按文件执行"), [("V208", P1, "E14")]),
    case("V208", "money-per-unit", ind(3, value="≤10万元/家"), []),
    case("V208", "social-cost-101", new_scheme_cost("社会成本指标", "无"), []),
    case("V208", "wan-without-yuan-is-money-under-cost", ind(3, value="≤8万/家"), []),
    case("V208", "wan-ren-is-no-money", ind(3, value="≤8万人"), [("V208", P1, "E14")]),
    # V209 成本 as a percentage
    case("V209", "percent", ind(3, value="≤5%"), [("V209", P1, "E14")]),
    case("V209", "节约率", ind(3, level3="成本节约率", value="≥5%"), [("V209", P1, "E14")]),
    case("V209", "money", ind(3, value="≤9.5万元"), []),
    # V210 a floor on a cost
    case("V210", "≥", ind(3, value="≥10万元"), [("V210", P1, "E14")]),
    case("V210", "101-economic-cost", new_scheme_cost("经济成本指标", "不低于5万元"), [("V210", P1, "E14")]),
    case("V210", "=", ind(3, value="=10万元"), []),
    case("V210", "wan-without-yuan-floor", ind(3, value="≥8万"), [("V210", P1, "E14")]),
    # V211 满意度 not a percentage
    case("V211", "满意", ind(6, value="满意"), [("V211", P1, "E17")]),
    case("V211", "较高", ind(6, value="较高"), [("V211", P1, "E17")]),
    case("V211", "score", ind(6, value="≥90分"), []),
    # a note in brackets after the percentage is not part of the value (fp hunt: 民政局)
    case("V211", "note-in-brackets", ind(6, value="≥90%（抽样调查）"), []),
    case("V212", "note-does-not-hide-the-number", ind(6, value="≥85%（抽样调查）"), [("V212", P1, "E17")]),
    # V212 满意度 below the configured minimum
    case("V212", "85%", ind(6, value="≥85%"), [("V212", P1, "E17")]),
    case("V212", "lower-minimum", ind(6, value="≥85%"), [], config=Config(satisfaction_min=80)),
    case("V212", "higher-minimum", lambda form: None, [("V212", P1, "E17")],
         config=Config(satisfaction_min=95)),
    case("V212", "exactly-minimum", ind(6, value="=90%"), []),
    # V213 vague wording
    case("V213", "有所提升", ind(5, value="有所提升"), [("V213", P1, "E16")]),
    case("V213", "quality-进一步提高", ind(1, value="进一步提高"), [("V213", P1, "E12")]),
    case("V213", "with-number", ind(5, value="提高5%"), []),
    # growth and improvement without a size (acceptance testing)
    *[case("V213", f"vague-{v}", ind(5, value=v), [("V213", P1, "E16")]) for v in (
        "有所增加", "增加", "稳步增长", "有所改善", "较上年增长", "显著", "逐年增加", "有效改善", "有所增长",
        "有所加强", "进一步改善", "明显改善", "稳步提升", "持续改善", "增强", "加强")],
    case("V213", "quality-有效改善", ind(1, value="服务质量有效改善"), [("V213", P1, "E12")]),
    case("V213", "year-is-no-number", ind(4, value="比2020年度有所增加"), [("V213", P1, "E15")]),
    case("V213", "with-growth-number", ind(4, value="较上年增长5%"), []),
    *[case("V213", f"graded-{v}", ind(5, value=v), []) for v in ("优", "良", "中", "差", "良好", "优秀", "合格", "达标")],
    case("V213", "negation-is-checkable", ind(5, value="不增加"), []),
    # V214 效益 answered 是/否
    case("V214", "是", ind(5, value="是"), [("V214", P1, "E16")]),
    case("V214", "stray-punctuation", ind(5, value="是。"), [("V214", P1, "E16")]),
    case("V214", "graded", ind(5, value="优"), []),
    # V215 basis synonym
    case("V215", "文件要求", ind(0, basis="文件要求"), [("V215", P1, "F11")]),
    case("V215", "工作经验", ind(6, basis="工作经验"), [("V215", P1, "F17")]),
    case("V215", "standard", ind(0, basis="行业标准"), []),
    # one finding per project per non-standard term, at its first cell (the baseline's rows 11–14 are 计划标准)
    case("V215", "same-term-on-three-rows-once", both(ind(1, basis="文件要求"), ind(2, basis="文件要求"),
                                                      ind(3, basis="文件要求。")), [("V215", P1, "F12")]),
    case("V215", "two-terms-two-findings", both(ind(0, basis="工作经验"), ind(1, basis="文件要求"),
                                               ind(2, basis="工作经验")), [("V215", P1, "F11"), ("V215", P1, "F12")]),
    case("V215", "same-term-in-two-projects", both(ind(0, basis="文件要求"), ind(0, project=1, basis="文件要求")),
         [("V215", P1, "F11"), ("V215", P2, "F11")]),
    # V216 basis not a standard kind
    case("V216", "领导要求", ind(0, basis="领导要求"), [("V216", P1, "F11")]),
    case("V216", "synonym-is-V215", ind(0, basis="历史数据"), [("V215", P1, "F11")]),
    # V217 满意 outside 满意度
    case("V217", "满意-in-效益", ind(5, level3="企业满意度提升", value="≥90%"), [("V217", P1, "C16")]),
    case("V217", "满意-only-in-description", ind(5, description="新认定高企数量（企业满意）"), []),
    # V218 满意度 category holding something else
    case("V218", "count-under-满意度", ind(6, level3="补助资金发放数量"), [("V218", P1, "C17")]),
    case("V218", "好评率", ind(6, level3="企业好评率"), []),
    # V219 a date as the 三级 name
    case("V219", "deadline-name", ind(2, level3="2021年12月底前完成资金拨付", value="是"),
         [("V219", P1, "C13"), ("V207", P1, "E13")]),
    case("V219", "year-in-name", ind(2, level3="2021年度资金拨付完成时间"), []),
    # V220 a rate under 数量
    case("V220", "覆盖率", ind(0, level3="补助企业覆盖率", value="=100%"), [("V220", P1, "C11")]),
    case("V220", "合格-count", ind(0, level3="合格企业数量"), []),
    # V221 a rate under 成本 that is not a cost
    case("V221", "资金完成率", ind(3, level3="资金完成率", value="≥90%"), [("V221", P1, "C14")]),
    case("V221", "资金完成率-bare", ind(3, level3="资金完成率", value="≥90"),
         [("V221", P1, "C14"), ("V204", P1, "E14")]),
    case("V221", "节支率-is-cost", ind(3, level3="节支率", value="≥5%"), [("V209", P1, "E14")]),
    case("V221", "price-execution-rate", ind(3, level3="收购价格执行率", description=None, value="=100%"),
         [("V221", P1, "C14")]),
    case("V221", "cost-control-rate-is-cost", ind(3, level3="成本控制执行率", description=None, value="≥95%"),
         [("V209", P1, "E14")]),
    # V222 质量 answered 是/否
    case("V222", "是", ind(1, value="是"), [("V222", P1, "E12")]),
    case("V222", "合格", ind(1, value="合格"), []),
    # V223 a floor on something where lower is better
    case("V223", "流失率", ind(4, level3="乡村教师年度流失率", value="≥3%"), [("V223", P1, "E15")]),
    case("V223", "不低于", ind(4, level3="义务教育辍学率", value="不低于1%"), [("V223", P1, "E15")]),
    case("V223", "事故起数", ind(5, level3="安全生产事故发生起数", value=">0起"), [("V223", P1, "E16")]),
    case("V223", "投诉率-under-满意度", ind(6, level3="群众投诉率", value="≥1%"), [("V223", P1, "E17")]),
    # (the row is 项目1's 经济效益 row: an infant mortality rate is no economic benefit, V232)
    case("V223", "description-when-no-level3", ind(4, level3=None, description="婴儿死亡率", value="≥5‰"),
         [("V232", P1, "C15"), ("V223", P1, "E15")]),
    case("V223", "ceiling", ind(4, level3="乡村教师年度流失率", value="≤3%"), []),
    # rates that measure dealing with the bad thing are higher-is-better
    *[case("V223", f"higher-is-better-{n}", ind(4, level3=n, value="≥95%"), []) for n in (
        "投诉办结率", "投诉处理及时率", "安全事故处理率", "婴儿死亡率下降率", "发病率降低率", "撂荒地复耕率",
        "超标排放整改率", "返贫监测覆盖率", "降低辍学率")],
    case("V223", "not-a-number", ind(4, level3="返贫人口", value="不发生规模性返贫"), []),
    # V207 extended: a duration floor and an Excel date serial are no deadline
    case("V207", "duration-floor", ind(2, value="≥1年"), [("V207", P1, "E13")]),
    case("V207", "excel-date-serial-not-V203", ind(2, value="=44,561"), [("V207", P1, "E13")]),
    case("V207", "time-limit-is-fine", ind(2, value="≤15个工作日"), []),
    # V213 extended from the corpus: a bare 高, 持续发展
    case("V213", "bare-高", ind(5, value="高"), [("V213", P1, "E16")]),
    case("V213", "持续发展", ind(5, value="持续发展"), [("V213", P1, "E16")]),
    case("V213", "graded-良好-is-fine", ind(5, value="良好"), []),
    # V225 a floor of 100% on a rate that cannot exceed 100%
    case("V225", "floor-100", ind(1, value="≥100%"), [("V225", P1, "E12")]),
    case("V225", "unit-word-百分比", ind(1, value="≥100百分比"), [("V225", P1, "E12")]),
    case("V225", "equals-100-is-fine", ind(1, value="=100%"), []),
    case("V225", "growth-rate-may-exceed", ind(4, value="≥100%"), []),
    # V226 a percentage on an aim no rate measures (marks the name and the value)
    case("V226", "aim-with-percent", ind(5, level3="维护社会稳定", value="≥95%"), [("V226", P1, "E16")]),
    case("V226", "rate-name-is-fine", ind(5, level3="矛盾纠纷化解率", value="≥95%"), []),
    case("V226", "aim-with-count-is-not-V226", ind(5, level3="促进村集体经济发展", value="≥3个"), []),
    # V227 a cost of zero
    case("V227", "zero-cost", ind(3, value="=0万元/家"), [("V227", P1, "E14")]),
    case("V227", "small-cost-in-yuan-is-fine", ind(3, value="≤1250元/家"), []),
    # V228 a number written into the name
    case("V228", "count-in-name", ind(0, level3="补助企业35家", value="≥35家"), [("V228", P1, "C11")]),
    case("V228", "number-inside-name-is-fine", ind(0, level3="65岁以上老人健康管理人数", value="≥35人"), []),
    # V229 a rule or procedure as the value
    case("V229", "rule-as-value", ind(1, value="严格执行相关制度规定"), [("V229", P1, "E12")]),
    case("V229", "procedure-as-value", ind(1, value="按规定程序采购"), [("V229", P1, "E12")]),
    case("V229", "graded-value-is-fine", ind(1, value="合格"), []),
    # V230 people counted in households
    case("V230", "people-in-households", ind(5, level3="受益脱贫人口数", value="≥10户"), [("V230", P1, "E16")]),
    case("V230", "households-in-people", ind(5, level3="受益农户户数", value="≥30人"), [("V230", P1, "E16")]),
    case("V230", "matching-unit-is-fine", ind(5, level3="受益脱贫人口数", value="≥35人"), []),
    # V231 a fund-execution or upkeep measure as a 效益 or 质量
    case("V231", "guarantee-rate-as-benefit", ind(5, level3="工作经费足额保障率", description=None, value="=100%"),
         [("V231", P1, "C16")]),
    case("V231", "upkeep-as-benefit", ind(4, level3="维持机构正常运转", description=None, value="正常运转"),
         [("V231", P1, "C15")]),
    case("V231", "arrival-rate-as-quality", ind(1, level3="专项资金到位率", description=None), [("V231", P1, "C12")]),
    case("V231", "payment-accuracy-is-quality", ind(1, level3="补助资金发放准确率", description=None), []),
    case("V231", "payment-rate-as-timeliness-is-fine", ind(2, level3="资金拨付及时率", value="=100%"), []),
    # V232 an 经济/生态 效益 with nothing economic or ecological in it
    case("V232", "economic-benefit-names-nothing-economic",
         ind(4, level3="窗口服务规范率", description=None, value="≥98%"), [("V232", P1, "C15")]),
    case("V232", "ecological-benefit-names-nothing-ecological",
         ind(5, level2="生态效益指标", level3="档案数字化率", description=None, value="≥90%"), [("V232", P1, "C16")]),
    case("V232", "economic-benefit-is-fine", ind(4, level3="带动农户增收", description=None, value="≥500元/户"), []),
    case("V232", "ecological-benefit-is-fine",
         ind(5, level2="生态效益指标", level3="秸秆综合利用率", description=None, value="≥90%"), []),
    # V233 a technical specification as a 数量
    case("V233", "height-as-quantity", ind(0, level3="护栏高度", description=None, value="≥1.2米"),
         [("V233", P1, "C11")]),
    case("V233", "length-is-a-quantity", ind(0, level3="新建道路长度", description=None, value="≥4公里"), []),
    # V234 most rows at one figure (a full table of at least 8 rows)
    case("V234", "most-rows-at-one-figure", both(extra_rows(4), values_at("≥95%", 1, 2, 3, 4, 5, 8, 10)),
         [("V234", P1, "E12")]),
    case("V234", "short-table-is-fine", values_at("≥95%", 0, 1, 4, 5, 6), [("V220", P1, "C11")]),
    # V235 two units in one value
    case("V235", "money-then-percent", ind(0, level3="补助资金安排", description=None, value="35万元%"),
         [("V235", P1, "E11")]),
    case("V235", "word-then-percent", ind(5, level3="困难企业帮扶", description=None, value="应帮尽帮%"),
         [("V235", P1, "E16")]),
    case("V235", "percent-alone-is-fine", ind(1, value="95%"), []),
    # V236 人/次 for 人次
    case("V236", "per-time-unit", ind(0, level3="培训服务人次", description=None, value="≥500人/次"),
         [("V236", P1, "E11")]),
    case("V236", "person-times-is-fine", ind(0, level3="培训服务人次", description=None, value="≥500人次"), []),
    # V237 the unit's own staff and travel as an output
    case("V237", "travel-as-output", ind(0, level3="出差人次", description=None, value="=24人次"),
         [("V237", P1, "C11")]),
    case("V237", "hiring-as-output", ind(0, level3="聘用人员数量", description=None, value="2人"),
         [("V237", P1, "C11")]),
    case("V237", "people-served-is-fine", ind(0, level3="培训服务人次", description=None, value="≥500人次"), []),
    # V238 a 质量 that only restates a 数量 as a completion rate
    case("V238", "quantity-completion-rate", ind(1, level3="补助企业数量完成率", description=None),
         [("V238", P1, "C12")]),
    case("V238", "a-real-quality-is-fine", ind(1, level3="补助企业研发项目验收合格率", description=None), []),
    # V239 a 时效 that is a span running past the budget year (the baseline's year is 2021)
    case("V239", "span-into-next-year", ind(2, value="2021.07-2022.01"), [("V239", P1, "E13")]),
    case("V239", "span-into-next-year-in-words", ind(2, value="2021年9月至2022年6月"), [("V239", P1, "E13")]),
    case("V239", "span-within-the-year-is-fine", ind(2, value="2021年3月-2021年11月"), []),
    # V240 a 三级 that is a category label or a requirement
    case("V240", "category-label-as-name", ind(4, level3="经济效益指标", description=None), [("V240", P1, "C15")]),
    case("V240", "requirement-as-name", ind(3, level3="控制在项目预算内", description=None), [("V240", P1, "C14")]),
    case("V240", "satisfaction-label-is-fine", ind(6, level3="服务对象满意度指标", description=None), []),
    case("V234", "under-three-in-five-is-fine", both(extra_rows(4), values_at("≥95%", 1, 2, 3, 4, 5, 8)), []),
    # V224 an input (money spent) as an output
    case("V224", "投入资金-under-数量", ind(0, level3="投入资金", description="项目投入的财政资金", value="≥350万元"),
         [("V224", P1, "C11")]),
    case("V224", "拨付资金-under-质量", ind(1, level3="拨付资金总额", description="按标准拨付的资金", value="=350万元"),
         [("V224", P1, "C12")]),
    case("V224", "input-in-description", ind(0, level3="项目实施", description="资金投入规模", value="3500000元"),
         [("V224", P1, "C11")]),
    case("V224", "投入人力-in-money", ind(0, level3="投入人力物力", description=None, value="≥50万元"),
         [("V224", P1, "C11")]),
    case("V224", "baseline-description-kept", ind(0, level3="投入资金", value="≥350万元"), [("V224", P1, "C11")]),
    case("V224", "cost-is-money", ind(3, level3="项目投入资金", value="≤10万元"), []),
    case("V224", "资金拨付率-is-a-rate", ind(1, level3="资金拨付率", description="资金拨付到位的比例", value="=100%"), []),
    case("V224", "output-count", ind(0, level3="拨付资金企业数量", value="≥35家"), []),
    case("V224", "standard-per-unit", ind(0, level3="拨付资金标准", value="≤10万元/家"), []),
    case("V224", "leveraged-investment-is-an-effect", ind(0, level3="带动社会资金投入", description=None, value="≥500万元"),
         []),
]


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_case(c):
    assert findings_of(c.form(), families=FAMILY, config=c.config) == c.expect


# The bundled example (a transcription of the real 2021 submission, flaws included). Projects 1–3 share the
# layout: row 11 数量, 12 质量, 13 时效, 14 成本, 15 效果/社会效益, 16 满意度.
EXAMPLE_EXPECT = [
    # 项目1 高新技术企业扶持资金
    ("V203", "项目1", "E11"),  # 拨付高企数量 "≥100": a count with no unit (家)
    ("V215", "项目1", "F11"),  # 依据 "文件要求" → 计划标准, rows 11–12: reported once ("等2处")
    # 按照补贴标准下发资金 "是" is a 质量 compliance answer: V222 (提示)
    ("V222", "项目1", "E12"),
    ("V201", "项目1", "E13"),  # 时效 "文字描述": the template's placeholder left in (no V207 on top)
    ("V215", "项目1", "F13"),  # 依据 "工作经验" → 历史标准, rows 13–16: reported once ("等4处")
    ("V221", "项目1", "C14"),  # 成本指标 "资金完成率" is an execution rate, not a cost (so no V208/V209)
    ("V204", "项目1", "E14"),  # and its value "≥90" lacks "%"
    ("V214", "项目1", "E15"),  # 效益 "企业创新创业水平是否提升" answered "是"
    # 满意度 "≥90%" itself is fine (= the default minimum)
    # 项目2 机器人产业扶持资金
    ("V206", "项目2", "E11"),  # 数量 "专业性技术创新平台研发支撑作用" answered "是"
    ("V215", "项目2", "F11"),  # "工作经验" on rows 11, 13–16: once ("等5处")
    ("V222", "项目2", "E12"),
    ("V215", "项目2", "F12"),  # "文件要求" on row 12 only
    ("V201", "项目2", "E13"),
    ("V221", "项目2", "C14"),
    ("V204", "项目2", "E14"),
    ("V214", "项目2", "E15"),  # "企业环境是否有所提升" answered "是"
    # 项目3 创新券专家评审费
    ("V206", "项目3", "E11"),  # 数量 "下发资金标准" answered "是"
    ("V215", "项目3", "F11"),  # "文件要求", rows 11–12
    ("V222", "项目3", "E12"),
    ("V201", "项目3", "E13"),
    ("V215", "项目3", "F13"),  # "工作经验", rows 13–16
    ("V221", "项目3", "C14"),
    ("V204", "项目3", "E14"),
    ("V213", "项目3", "E15"),  # 效益 value "提高": vague, cannot be verified
    # 一级 "、满意度指标" (stray punctuation, reported by the 完整性/规范性 rules) is still read as 满意度 here
]


def test_bundled_example():
    found = run_checks(read_workbook(EXAMPLE))
    assert [(f.code, f.sheet, f.cell) for f in found if f.code[0] == FAMILY] == EXAMPLE_EXPECT


def test_v215_message_counts_the_rows():
    found = [f for f in run_checks(read_workbook(EXAMPLE)) if f.code == "V215"]
    assert found[1].message == ("高新技术企业扶持资金的三级指标“资金拨付是否及时”等4处的指标值确定依据写的是“工作经验”，"
                                "标准名称是“历史标准”。")
    assert found[1].context["count"] == 4
    single = found[3]  # 项目2 row 12: the only "文件要求" of that project
    assert single.cell == "F12" and "“按照补贴标准下发资金”的指标值确定依据" in single.message


def test_v212_suggestion_does_not_assume_where_the_minimum_comes_from():
    from harness import good_form, materialize

    form = materialize(good_form())
    [f] = [f for f in run_checks(form, Config(satisfaction_min=92)) if f.code == "V212"]
    assert "要求的最低值92%" in f.suggestion
    assert "“设置”表" in f.suggestion and "设置文件" in f.suggestion  # the workbook's or the bureau's TOML


def test_placement_findings_mark_the_row_and_its_category():
    """V217/V218/V220/V221/V232/V233: the 三级 cell and the 二级 cell it sits under (the mismatch is between them)."""
    from harness import good_form, materialize

    form = good_form()
    form.projects[0].indicators[1].level3 = "受补助企业满意度调查"  # 满意度 under 质量 (V217)
    form.projects[0].indicators[0].level3 = "护栏高度"  # a specification under 数量 (V233)
    found = {f.code: (f.cell, f.cells) for f in run_checks(materialize(form)) if f.code in ("V217", "V233")}
    assert found == {"V217": ("C12", ("B12",)), "V233": ("C11", ("B11",))}
