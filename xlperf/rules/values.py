"""指标值 rules (codes V2xx): is each 指标值 a real, checkable target of the right shape for its indicator?

Every value cell is parsed once with ``xlperf.values.parse_value`` (comparator, number, unit or qualitative
text). The rules follow a fixed precedence so that one value cell gets one finding about its shape:

1. an empty value is not reported here (完整性 reports it);
2. a placeholder ("文字描述", "XX", "**", "待定" …, or only punctuation such as "、") gets V201 and nothing else;
   stray punctuation at the ends of a value ("≥35家，") is ignored when parsing (规范性 T601 reports it);
3. a bare number (no unit) gets V204 when the indicator is a rate or a satisfaction (it needs "%"), else V203;
4. otherwise the rule of the indicator's category speaks: 数量 V206, 时效 V207, 成本 V208/V209/V210,
   满意度 V211/V212; the generic wording rules V213 (vague), V214 (效益 answered with 是/否) and V222 (质量
   answered with 是/否) only speak for values that no category rule has claimed. V205 (a percentage outside
   0–100) is independent of the category rules.

Rules about the indicator's *placement* (V217–V221) are anchored to the 三级指标 cell, rules about the
确定依据 (V215, V216, and V201 for a placeholder there) to the 依据 cell, so they never share a cell with the
value findings. V202 (one value pasted into every row) is a project-level pattern, anchored once, to the first
row's value cell. When a 成本 indicator is not a cost at all (V221, e.g. "资金完成率"), the 成本 value rules
V208/V209 stay silent for it: the fix is to move or replace the indicator, not to change its value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..form.findings import Severity
from ..form.model import Indicator
from ..form.taxonomy import (
    BASIS_STANDARD,
    canonical_level1,
    canonical_level2,
    standard_basis,
    suggest_level1,
    suggest_level2,
)
from ..text.normalize import squash
from ..text.values import (
    ParsedValue,
    is_money_unit,
    is_placeholder,
    is_rate_name,
    is_unitless_name,
    parse_value,
    vague_word,
)
from ._shared import hit, project_label, ref_of, rule

SOURCE_101 = "财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》"

# ------------------------------------------------------------------ classification of one indicator row
_CATEGORY_OF_LEVEL2 = {
    "数量指标": "数量",
    "质量指标": "质量",
    "时效指标": "时效",
    "成本指标": "成本",
    "经济成本指标": "成本",
    "社会成本指标": "其他成本",
    "生态环境成本指标": "其他成本",
    "经济效益指标": "效益",
    "社会效益指标": "效益",
    "生态效益指标": "效益",
    "可持续影响指标": "效益",
    "服务对象满意度指标": "满意度",
}
_CATEGORY_OF_LEVEL1 = {"效益指标": "效益", "满意度指标": "满意度"}

# A rate whose meaning caps it at 100%: any rate except those about growth or return, which may exceed 100%.
_UNCAPPED_WORDS = ("增长", "增幅", "增速", "增加", "提升", "提高", "上升", "回报", "收益", "同比", "环比", "倍")
# Words that make a rate under 成本 a cost measure (节支率, 成本降低率, 费用控制率 …).
_COST_WORDS = ("成本", "费", "节支", "节约", "节省", "单价", "造价", "价格", "标准", "预算控制", "超支")
# Names that belong under 满意度 without containing 满意.
_SATISFACTION_WORDS = ("满意", "好评", "评价", "认可", "投诉", "赞誉", "称赞")
_SATISFACTION_NAMES = ("满意", "好评")  # a satisfaction proper, measured in %
_YES_NO = {"是", "否", "有", "无", "是的"}
_SATISFACTION_UNITS = ("%", "分")  # a percentage, or a score out of 100 from a survey
_DATE_IN_NAME = re.compile(
    r"(?:(?:19|20)\d{2}年(?:度)?)?\d{1,2}月(?:\d{1,2}[日号])?(?:底|末|初|上旬|中旬|下旬)?(?:前|之前|以前)"
    r"|(?:19|20)\d{2}年\d{1,2}月"
    r"|年(?:底|末)前"
    r"|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}"
)


@dataclass(frozen=True)
class _Row:
    category: str | None  # 数量 质量 时效 成本 其他成本 效益 满意度, or None when not recognised
    parsed: ParsedValue
    rate_like: bool  # the value should be a percentage (a rate, or a satisfaction)
    capped: bool  # a rate that cannot exceed 100% (完成率, 合格率, 满意度 …; not 增长率)
    satisfaction: bool  # a satisfaction proper (满意度, 好评率), judged by the 三级指标
    cost_misfit: bool  # under 成本, but a rate that is not about cost (资金完成率): V221
    name: str  # the 三级指标, squashed
    value_key: str  # the value, squashed (for comparing rows)
    rate_name: bool  # the 三级指标 names a rate
    yes_no: bool  # the whole value is 是/否/有/无
    vague: str | None  # the vague word of a qualitative value without digits (V213)
    date_name: bool  # the 三级指标 is or contains a date (V219)
    unitless: bool  # the 三级指标 is a quantity with no unit by nature (系数, 指数, 比值 …): no V203/V204
    lower_better: bool  # the 三级指标 (or, without one, the description) is lower-is-better (V223)

    @property
    def bare(self) -> bool:
        """A number with no unit at all ("≥90", "100")."""
        return self.parsed.kind == "quantitative" and self.parsed.unit is None

    @property
    def percent(self) -> bool:
        return self.parsed.kind == "quantitative" and self.parsed.unit == "%"

    @property
    def money(self) -> bool:
        return self.parsed.kind == "quantitative" and is_money_unit(self.parsed.unit)


def _level1(ind: Indicator) -> str | None:
    return canonical_level1(ind.level1) or (suggest_level1(ind.level1) if ind.level1 else None)


def _level2(ind: Indicator) -> str | None:
    return canonical_level2(ind.level2) or (suggest_level2(ind.level2) if ind.level2 else None)


def _row(ind: Indicator) -> _Row:
    return _row_of(ind.level1, ind.level2, ind.level3, ind.description, ind.value)


_YEAR_RE = re.compile(r"(?:19|20)\d{2}年度?")
_STRAY_ENDS = "、，,。；;：:"  # left over from editing; the 规范性 rule T601 reports them


def _parse(value) -> ParsedValue:
    """``parse_value`` after dropping stray punctuation at the ends ("≥35家，" is still ≥ 35 家).

    A value made only of such punctuation ("、") is a placeholder: nothing was filled in.
    """
    parsed = parse_value(value)
    if parsed.kind != "qualitative":
        return parsed
    core = parsed.raw.strip(_STRAY_ENDS + " \u3000")
    if core == parsed.raw:
        return parsed
    if not core:
        return ParsedValue(raw=parsed.raw, kind="placeholder")
    return replace(parse_value(core), raw=parsed.raw)


@lru_cache(maxsize=4096)
def _row_of(level1, level2, level3, description, value) -> _Row:
    ind = Indicator(level1, level2, level3, description, value)
    l1, l2 = _level1(ind), _level2(ind)
    category = _CATEGORY_OF_LEVEL2.get(l2) if l2 else None
    if category is None and l1 in _CATEGORY_OF_LEVEL1:
        category = _CATEGORY_OF_LEVEL1[l1]
    if category is None and l1 == "成本指标":
        category = "成本"
    name = squash(level3)
    names = name + squash(description)
    # judged by the name: under 满意度 a "投诉次数 ≤5次" is a count, not a satisfaction percentage
    satisfaction = any(w in name for w in _SATISFACTION_NAMES) or (category == "满意度" and not name)
    unitless = is_unitless_name(level3)
    rate_like = not unitless and (satisfaction or is_rate_name(level3) or is_rate_name(description))
    capped = rate_like and not any(w in names for w in _UNCAPPED_WORDS)
    rate_name = is_rate_name(level3)
    cost_misfit = category == "成本" and rate_name and not any(w in names for w in _COST_WORDS)
    parsed = _parse(value)
    value_key = squash(value)
    text = squash(parsed.qualitative)
    # a year is a point of reference, not a target: "比2020年度有所增加" is as vague as "有所增加"
    has_number = any(ch.isdigit() for ch in _YEAR_RE.sub("", text))
    vague = vague_word(text) if parsed.kind == "qualitative" and not has_number else None
    date_name = bool(name) and bool(_DATE_IN_NAME.search(name) or parse_value(name).kind == "deadline")
    lower_better = _lower_is_better(name if name else squash(description))
    return _Row(category, parsed, rate_like, capped, satisfaction, cost_misfit, name, value_key, rate_name,
                parsed.kind == "qualitative" and text in _YES_NO, vague, date_name, unitless, lower_better)


# V223: things that should go down. A keyword counts only when what follows it is a plain measure of it
# (率, 次数, 起数, 人数, 面积 …), so "投诉办结率", "死亡率下降率" or "事故处理率" (higher is better) do not; nor does
# a name with a word of dealing with or reducing the bad thing anywhere ("降低辍学率", "返贫监测覆盖率").
LOWER_IS_BETTER = ("流失率", "辍学率", "死亡率", "发病率", "事故", "投诉", "损耗率", "撂荒", "返贫", "失业率", "差错率",
                   "超标")
_HIGHER_IS_BETTER_WORDS = ("办结", "处理", "处置", "受理", "回复", "答复", "响应", "解决", "化解", "整改", "整治",
                           "治理", "复耕", "复垦", "利用", "消除", "查处", "防范", "防控", "监测", "帮扶", "排查",
                           "下降", "降低", "减少", "减低", "压减", "降幅", "减幅", "控制", "结案", "满意", "覆盖",
                           "知晓", "及时", "预警", "应急", "救援", "调处", "调解", "核查", "清理")
_LOWER_TAIL_RE = re.compile(
    r"(?:地|耕地|土地|人口|人员|人数|户|家庭|排放|企业|事件|案件|现象)?(?:发生)?"
    r"(?:率|次数|起数|件数|数量|人数|户数|个数|数|面积|比例|占比|比重|量|起|人次|总数|总量)?"
)


def _lower_is_better(name: str) -> bool:
    if not name or any(w in name for w in _HIGHER_IS_BETTER_WORDS):
        return False
    for w in LOWER_IS_BETTER:
        i = name.rfind(w)
        if i >= 0 and _LOWER_TAIL_RE.fullmatch(name[i + len(w):]):
            return True
    return False


@lru_cache(maxsize=1024)
def _basis(text: str | None) -> tuple[str | None, str | None]:
    """(kind, standard) of a 确定依据: kind None (empty), "placeholder", "standard", "synonym" or "unknown"."""
    if text is None:
        return None, None
    if is_placeholder(text):
        return "placeholder", None
    standard = standard_basis(text)
    if standard is None:
        return "unknown", None
    return ("standard" if standard == squash(text) else "synonym"), standard


def _name(ind: Indicator) -> str:
    return ind.level3 or ind.description or "（未填三级指标）"


def _valued(project, ctx=None) -> list:
    """(indicator, row) for indicators with a value that is not a placeholder (placeholders get V201 only;
    empties are C-rules'). Worked out once per project and run: most V rules walk it."""
    def rows():
        return [(ind, row) for ind in project.indicators
                if (row := _row(ind)).parsed.kind not in ("empty", "placeholder")]

    return ctx.shared(("valued", id(project)), rows) if ctx is not None else rows()


def _claimed_by_category(row: _Row) -> bool:
    """True when a category rule (V206 数量, V207 时效, V208/V209 成本, V211 满意度) owns this value's shape."""
    if row.satisfaction:
        return True
    if row.category == "成本":
        return not row.cost_misfit
    return row.category in ("数量", "时效")


def _fmt(number: float) -> str:
    return f"{number:g}"


# ------------------------------------------------------------------ V201–V202 placeholders and pasting
@rule("V201", Severity.ERROR, "指标值或确定依据填的是占位符",
      "{project}的三级指标“{level3}”的{field}填的是“{value}”，这是占位内容（模板提示或待补的记号），不是实际内容。",
      "把“{value}”换成实际内容：指标值写成“计算符号＋数值＋单位”（如“≥35家”“=100%”“2021年12月底前”），"
      "确定依据写计划标准、行业标准、历史标准或其他标准。")
def placeholder_value(project, ctx):
    """指标值或确定依据填的是占位符（文字描述、XX、**、待定……）。

    为什么：照着模板填表时最常见的疏漏，是把模板里的提示文字或“XX”原样留下。占位符不是目标，
    年底无法据此考核，预算系统也无法录入。空着的格由完整性规则报告，这里只报告填了占位符的格；
    占位格不再重复报告其他指标值问题。

    错误示例：时效指标“资金拨付是否及时”的指标值为“文字描述”；数量指标值为“≥XX家”。

    正确示例：时效指标“资金拨付完成时间”，指标值“2021年12月底前”。
    """
    for ind in project.indicators:
        if _row(ind).parsed.kind == "placeholder":
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), field="指标值",
                      value=ind.value)
        if _basis(ind.basis)[0] == "placeholder":
            yield hit(ref_of(ind, "basis"), project=project_label(project), level3=_name(ind),
                      field="指标值确定依据", value=ind.basis)


_MIN_PASTED_ROWS = 4


@rule("V202", Severity.WARNING, "各行指标值完全相同",
      "{project}的{count}个指标值都是“{value}”，数量、质量、时效等不同指标不应有同一个目标值，像是整列粘贴的。",
      "逐行按每个三级指标的含义填写指标值：数量写个数（如“≥35家”），质量写比率（如“=100%”），"
      "时效写时限（如“2021年12月底前”），成本写金额（如“≤10万元”）。")
def pasted_value(project, ctx):
    """各行指标值完全相同（同一个值粘贴到了项目的每一行）。

    为什么：不同指标衡量的东西不同，目标值不可能都一样；整列相同几乎总是复制粘贴后忘了逐行修改。
    只在项目至少有 4 行填了指标值、且全部相同时报告，并只报告一次（指向第一行的指标值格），
    以免在每一格重复同一句话。“是”“否”、占位符和“提高”之类的含糊词不在此列：
    它们由各自的规则逐格报告。

    错误示例：一个项目的 6 个指标值都是“≥90%”。

    正确示例：“≥35家”“=100%”“2021年12月底前”“≤10万元”“≥5%”“≥90%”。
    """
    filled = [(ind, row) for ind, row in ((i, _row(i)) for i in project.indicators) if row.parsed.kind != "empty"]
    if len(filled) < _MIN_PASTED_ROWS or len({row.value_key for _, row in filled}) != 1:
        return
    first, row = filled[0]
    if row.parsed.kind == "placeholder" or row.yes_no or row.vague:
        return
    yield hit(ref_of(first, "value"), project=project_label(project), count=len(filled), value=first.value)


# ------------------------------------------------------------------ V203–V205 units and percentages
@rule("V203", Severity.ERROR, "定量指标值没有计量单位",
      "{project}的三级指标“{level3}”的指标值“{value}”只有数字，没有计量单位。",
      "在数字后写明单位，如“{value}家”“{value}个”“{value}次”“{value}万元”；预算系统的计量单位是必填项。")
def missing_unit(project, ctx):
    """定量指标值没有计量单位。

    为什么：定量指标值必须是数值并带计量单位；预算系统把计算符号、指标值和计量单位分开录入，
    单位是必填项。“≥100”是 100 家、100 个还是 100 万元，审核人无从判断。
    比率和满意度缺少“%”由 V204 报告。

    本来就没有单位的量不报告：三级指标名称含“系数”“指数”“比值”“倍数”“pH”“酸碱度”“容积率”的
    （如“农田灌溉水有效利用系数≥0.6”）。得分、分值不在此列，它们的单位是“分”。

    错误示例：数量指标“拨付高企数量”，指标值“≥100”。

    正确示例：“≥100家”。
    """
    for ind, row in _valued(project, ctx):
        if row.bare and not row.rate_like and not row.unitless:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V204", Severity.ERROR, "比率指标值没有百分号",
      "{project}的三级指标“{level3}”是比率，指标值“{value}”却没有“%”。",
      "写成百分比，如“{value}%”。")
def rate_without_percent(project, ctx):
    """比率或满意度指标的指标值没有百分号。

    为什么：名称含“率”“占比”“比例”“比重”的指标，以及满意度指标，都以百分比衡量；
    没有“%”就缺了计量单位（预算系统的必填项），“≥90”也可能被误读为 90 个。
    “容积率”这类本来没有单位的比值不报告（见 V203）。

    错误示例：“资金完成率”，指标值“≥90”。

    正确示例：“资金完成率”，指标值“≥90%”。
    """
    for ind, row in _valued(project, ctx):
        if row.bare and row.rate_like:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V205", Severity.WARNING, "百分比超出 0–100%",
      "{project}的三级指标“{level3}”的指标值“{value}”超出了 0–100%，而这个比率最高只能是 100%。",
      "核对数值：完成率、合格率、覆盖率、满意度、占比等在 0 到 100% 之间（全部完成写“=100%”）。")
def percent_out_of_range(project, ctx):
    """比率指标值超出 0–100%。

    为什么：完成率、合格率、到位率、覆盖率、满意度、占比这类比率，含义上就不会超过 100%，
    也不会是负数；超出多半是笔误（如把 95% 写成 950%）。增长率、增幅、回报率、收益率等
    （名称或描述含“增长”“提升”“回报”“收益”等）可以合理地超过 100% 或为负，不在此列。

    错误示例：“资金拨付到位率”，指标值“≥110%”；“合格率”，指标值“-5%”。

    正确示例：“资金拨付到位率”，指标值“=100%”；“企业研发投入增长率”，指标值“≥120%”。
    """
    for ind, row in _valued(project, ctx):
        if not (row.percent and row.capped):
            continue
        p = row.parsed
        high = p.upper if p.upper is not None else p.number
        if p.number < 0 or high > 100:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V206–V212 value shape per category
@rule("V206", Severity.WARNING, "数量指标没有填写数量",
      "{project}的数量指标“{level3}”的指标值是“{value}”，不是一个数量。",
      "数量指标写“计算符号＋数量＋单位”，如“≥35家”“=4次”；如果这项内容本来就不是数量，"
      "请把它改写为可计数的三级指标（如“补助企业数量”），或移到质量、效益等合适的类别。")
def quantity_not_a_count(project, ctx):
    """数量指标没有填写数量（填了“是/否”、文字或日期）。

    为什么：数量指标反映提供了多少产品或服务，指标值应当是可以计数核对的数量；
    “是”“否”或一段文字无法在年底考核“完成了多少”。不带单位的数字由 V203 报告。

    错误示例：数量指标“下发资金标准”，指标值“是”。

    正确示例：数量指标“拨付高企数量”，指标值“≥100家”。
    """
    for ind, row in _valued(project, ctx):
        # a period said with an event or a schedule ("收到申请后10日内", "按季度") is a time limit, not a count;
        # a plain duration ("≥3天", for 培训天数) may well be one
        p = row.parsed
        if row.category == "数量" and (p.kind in ("qualitative", "deadline") or (p.kind == "period" and p.anchor)):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V207", Severity.WARNING, "时效指标值不是时限",
      "{project}的时效指标“{level3}”的指标值是“{value}”，既不是完成时限、期限，也不是按时完成率。",
      "写明完成时限（如“2021年12月底前”）、期限（如“≤15个工作日”）或按时完成率（如“=100%”）。")
def timeliness_not_a_deadline(project, ctx):
    """时效指标值不是时限、期限或按时完成率。

    为什么：时效指标考核“什么时候完成”，指标值应当是截止时间、办理期限或按时完成的比率；
    “是”“及时”之类的回答无法核对是否按时。从某事起算的期限（“收到申请后10日内”）、相对或
    周期性的截止时间（“次年3月底前”“每季度末前”）和固定节奏（“按季度”）都算时限。

    错误示例：时效指标“资金拨付是否及时”，指标值“是”。

    正确示例：时效指标“资金拨付完成时间”，指标值“2021年12月底前”；或“资金拨付及时率”，“=100%”。
    """
    # Time limits counted from an event ("收到申请后10日内", "每季度结束后15个工作日内"), relative or recurring
    # deadlines ("次年3月底前", "每月10日前", "每季度末前") and schedules ("按季度", "每季度": the work's rhythm,
    # accepted as a time limit) are read by ``parse_value`` as period/deadline, so they pass.
    for ind, row in _valued(project, ctx):
        if row.category != "时效" or row.satisfaction:
            continue
        p = row.parsed
        if p.kind == "qualitative" or (p.kind == "quantitative" and p.unit is not None and p.unit != "%"):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V208", Severity.WARNING, "成本指标值不是金额",
      "{project}的成本指标“{level3}”的指标值是“{value}”，不是金额。",
      "成本指标写单位成本或成本上限，单位用元或万元，如“≤10万元/家”“≤2000元/人”。")
def cost_not_money(project, ctx):
    """成本指标值不是金额。

    为什么：成本指标反映花多少钱，指标值应当是单位成本或成本控制上限（元、万元）。
    百分比由 V209 报告；名称是与成本无关的比率（如“资金完成率”）时，由 V221 指出放错了类别，
    这里不再重复。社会成本、生态环境成本（财预〔2021〕101号）可以不是金额，不在此列。

    错误示例：成本指标“专家评审”，指标值“4次”；“补助标准”，指标值“按文件执行”。

    正确示例：成本指标“每家企业补助标准”，指标值“≤10万元”。
    """
    for ind, row in _valued(project, ctx):
        if row.category != "成本" or row.cost_misfit or row.bare:
            continue
        if not row.money and not row.percent:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V209", Severity.WARNING, "成本指标值是百分比",
      "{project}的成本指标“{level3}”的指标值是百分比“{value}”，成本指标宜用金额表示。",
      "改为单位成本或成本上限（如“≤10万元/家”）；确需使用节支率等比率时，可保留并在描述中说明计算口径。")
def cost_as_percent(project, ctx):
    """成本指标值是百分比。

    为什么：成本指标应当说明花多少钱（元、万元）。一些较早的指标库用节支率、成本降低率等百分比，
    所以这里只是警告而不是错误。名称与成本无关的比率（如“资金完成率”）由 V221 报告，这里不再重复。

    错误示例：成本指标“成本节约率”，指标值“≥5%”（可以，但不如金额直观）。

    正确示例：成本指标“每家企业补助标准”，指标值“≤10万元”。
    """
    for ind, row in _valued(project, ctx):
        if row.category == "成本" and not row.cost_misfit and row.percent:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V210", Severity.WARNING, "成本指标设了下限",
      "{project}的成本指标“{level3}”的指标值“{value}”规定的是最低金额，成本应当设上限。",
      "把“{comparator}”改为“≤”（或“=”），如“≤{number}{unit}”。")
def cost_floor(project, ctx):
    """成本指标用“≥”“＞”设了下限。

    为什么：成本指标控制的是花钱的上限，“≥5万元”等于说花得越多越好，方向反了。

    错误示例：成本指标“每家企业补助标准”，指标值“≥5万元”。

    正确示例：“≤5万元”。
    """
    for ind, row in _valued(project, ctx):
        if row.category == "成本" and row.money and row.parsed.comparator in ("≥", ">"):
            p = row.parsed
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      comparator=p.comparator, number=_fmt(p.number), unit=p.unit)


@rule("V211", Severity.WARNING, "满意度指标值不是百分比",
      "{project}的满意度指标“{level3}”的指标值是“{value}”，不是百分比。",
      "满意度写成百分比，如“≥90%”（按问卷调查中满意和基本满意的比例计算）。")
def satisfaction_not_percent(project, ctx):
    """满意度指标值不是百分比。

    为什么：满意度通过问卷调查得到，以满意的比例（%）衡量；“满意”“较高”之类的文字无法核对。
    百分制得分（如“≥90分”）也可接受。不带“%”的数字由 V204 报告。

    错误示例：满意度指标“被服务企业满意度”，指标值“满意”。

    正确示例：“≥90%”。
    """
    for ind, row in _valued(project, ctx):
        if not row.satisfaction or row.bare:
            continue
        p = row.parsed
        if p.kind != "quantitative" or p.unit not in _SATISFACTION_UNITS:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V212", Severity.WARNING, "满意度目标低于最低要求",
      "{project}的满意度指标“{level3}”的指标值“{value}”低于设定的最低值 {minimum}%。",
      "把目标提高到不低于要求的最低值{minimum}%（这个最低值来自工作簿“设置”表的“满意度最低值”，"
      "或财政部门校验时使用的设置文件；对标准有疑问请与财政部门核实）。")
def satisfaction_below_minimum(project, ctx):
    """满意度目标低于设定的最低值（默认 90%，可在设置中调整）。

    为什么：满意度目标定得过低，说明目标不够积极，审核时通常会要求提高。没有全国统一的最低值，
    常见做法是 90% 或 95%，所以默认取 90%，各地可在“设置”表或 --config 中调整。

    错误示例：“被服务企业满意度”，指标值“≥80%”。

    正确示例：“≥90%”。
    """
    minimum = ctx.config.satisfaction_min
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if row.satisfaction and row.percent and p.comparator in (None, "≥", ">", "=") and p.number < minimum:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      minimum=_fmt(minimum))


# ------------------------------------------------------------------ V213–V214 vague values
@rule("V213", Severity.WARNING, "指标值含糊，无法考核",
      "{project}的三级指标“{level3}”的指标值“{value}”用了“{word}”这样的含糊说法，年底无法判断是否达成。",
      "能量化的写成数值（如“≥5%”“≥15家”）；不能量化的，用分级分档的定性描述（如“优”“良”“中”“差”），"
      "并在指标描述中写明各档的标准。", source=SOURCE_101)
def vague_value(project, ctx):
    """指标值含糊（提高、有所提升、增强、达成预期指标……）。

    为什么：绩效指标应尽量量化；难以量化的，采用分级分档的定性表述。“提高”“有所提升”
    没有标准，年底怎样都可以说“提高了”，无法考核。指标值里带了数字（如“提高5%”）的不报告，
    但年份不算数字（“比2020年度有所增加”仍含糊）；“优/良/中/差”“合格”“达标”等分级表述不算含糊。
    数量、时效、成本、满意度指标的文字指标值已由各自的规则报告，这里不重复。

    错误示例：效益指标“小微企业创业创新服务支撑能力”，指标值“提高”。

    正确示例：“服务企业数量同比增长≥10%”，或指标值“优”并说明各档标准。
    """
    # Vague words: values.VAGUE_WORDS (有所增加, 稳步增长, 有效改善, 较上年增长, 显著 …); graded values (优, 良好, 合格,
    # 达标) and negations ("不增加") are not vague; a year is no number ("比2020年度有所增加" is vague).
    for ind, row in _valued(project, ctx):
        if row.vague and not _claimed_by_category(row):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      word=row.vague)


@rule("V214", Severity.WARNING, "效益指标只填了“是/否”",
      "{project}的效益指标“{level3}”的指标值只有“{value}”，说明不了效益有多大，年底无法考核。",
      "把效益量化（如“新增高新技术企业≥15家”“企业研发投入增长≥5%”），"
      "或用分级分档的定性描述（如“优”“良”“中”“差”，并写明各档标准）。", source=SOURCE_101)
def benefit_yes_no(project, ctx):
    """效益指标只填了“是”或“否”。

    为什么：效益指标衡量资金带来的经济、社会、生态效益和可持续影响，应当说明效益有多大。
    “企业创新创业水平是否提升——是”只是表态，无法核对。难以量化的，应采用分级分档的定性表述。
    质量指标中“是否按标准发放——是”这类合规性判断较常见，不在此列。

    错误示例：效益指标“企业创新创业水平是否提升”，指标值“是”。

    正确示例：“新增高新技术企业数量”，指标值“≥15家”。
    """
    for ind, row in _valued(project, ctx):
        if row.category == "效益" and not row.satisfaction and row.yes_no:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V215–V216 指标值确定依据
_STANDARD_KINDS = "、".join(BASIS_STANDARD)


@rule("V215", Severity.INFO, "确定依据建议使用标准名称",
      "{project}的三级指标“{level3}”{more}的指标值确定依据写的是“{basis}”，标准名称是“{standard}”。",
      "把本项目中写“{basis}”的确定依据都改写为“{standard}”（确定依据的标准类别：" + _STANDARD_KINDS + "）。")
def basis_synonym(project, ctx):
    """指标值确定依据用了非标准说法（文件要求、工作经验……）。

    为什么：预算系统的确定依据按计划标准、行业标准、历史标准、其他标准分类（据回忆，未重新核对原文，
    所以只作提示）。表格里常写的“文件要求”相当于计划标准，“工作经验”相当于历史标准；
    写成标准名称便于汇总和审核。

    报告方式：同一项目中同一种非标准说法只提示一次，位置是第一处用它的确定依据格，并说明共有几处（如
    “三级指标“资金拨付是否及时”等4处”）：改法相同，不必逐行重复。

    错误示例：确定依据“文件要求”；“工作经验”。

    正确示例：“计划标准”；“历史标准”。
    """
    groups: dict[str, list[Indicator]] = {}
    standards: dict[str, str] = {}
    for ind in project.indicators:
        kind, standard = _basis(ind.basis)
        if kind == "synonym":
            key = squash(ind.basis).strip("。.；;，,、：: ")
            groups.setdefault(key, []).append(ind)
            standards[key] = standard
    for key, inds in groups.items():  # in the order of each term's first row
        first = inds[0]
        yield hit(ref_of(first, "basis"), project=project_label(project), level3=_name(first),
                  more=f"等{len(inds)}处" if len(inds) > 1 else "", count=len(inds), basis=first.basis,
                  standard=standards[key], rows=[_name(ind) for ind in inds])


@rule("V216", Severity.INFO, "确定依据不属于标准类别",
      "{project}的三级指标“{level3}”的指标值确定依据写的是“{basis}”，不属于标准类别。",
      "从" + _STANDARD_KINDS + "中选一种；依据某个文件的写“计划标准”，具体文件名可写在指标描述中。")
def basis_unknown(project, ctx):
    """指标值确定依据不属于标准类别。

    为什么：确定依据说明目标值从哪里来，标准类别是计划标准、行业标准、历史标准、其他标准
    （据回忆，未重新核对原文，所以只作提示）。写成文件名或一段说明的，审核时难以归类。
    常见同义说法（如“文件要求”）由 V215 给出对应的标准名称；占位符由 V201 报告。

    错误示例：确定依据“领导要求”；“《河北省省级科技创新券实施细则》”。

    正确示例：“计划标准”。
    """
    for ind in project.indicators:
        if _basis(ind.basis)[0] == "unknown":
            yield hit(ref_of(ind, "basis"), project=project_label(project), level3=_name(ind), basis=ind.basis)


# ------------------------------------------------------------------ V217–V221 implausible category
@rule("V217", Severity.WARNING, "满意度指标放在了其他类别",
      "{project}的三级指标“{level3}”讲的是满意度，却放在了“{category}”类别下。",
      "把它移到“满意度指标—服务对象满意度指标”下；效益指标应反映资金带来的实际效果，而不是满意度。")
def satisfaction_misplaced(project, ctx):
    """名称含“满意”的三级指标放在了满意度以外的类别。

    为什么：满意度有专门的一级指标；把满意度当作效益或质量指标，既重复又缺了真正的效益。
    这是审核中常见的“一级/二级指标类型错误”。

    错误示例：社会效益指标“群众满意度提升”。

    正确示例：满意度指标—服务对象满意度指标“群众满意度”，指标值“≥90%”。
    """
    for ind in project.indicators:
        row = _row(ind)
        if "满意" in row.name and row.category not in (None, "满意度"):
            yield hit(ref_of(ind, "level3"), project=project_label(project), level3=ind.level3,
                      category=_level2(ind) or ind.level2 or _level1(ind) or ind.level1)


@rule("V218", Severity.INFO, "满意度类别下的指标不是满意度",
      "{project}的三级指标“{level3}”放在满意度指标下，但名称看不出是满意度。",
      "满意度指标写服务对象对服务的满意程度，如“受补助企业满意度”；其他内容请移到产出或效益指标。")
def satisfaction_category_other(project, ctx):
    """满意度类别下的三级指标不是满意度。

    为什么：满意度指标只衡量服务对象的满意程度；把产出或效益放在这里，会让真正的满意度缺失。
    名称含“满意”“好评”“评价”“认可”“投诉”等的视为满意度，不报告。

    错误示例：服务对象满意度指标“补助资金发放数量”。

    正确示例：服务对象满意度指标“受补助企业满意度”。
    """
    for ind in project.indicators:
        row = _row(ind)
        if row.name and row.category == "满意度" and not any(w in row.name for w in _SATISFACTION_WORDS):
            yield hit(ref_of(ind, "level3"), project=project_label(project), level3=ind.level3)


@rule("V219", Severity.WARNING, "三级指标名称是一个日期",
      "{project}的三级指标“{level3}”写的是时间要求，时间应当是指标值，而不是指标名称。",
      "三级指标写考核的事项（如“资金拨付完成时间”），把时间要求写在指标值里（如“2021年12月底前”）。")
def date_as_name(project, ctx):
    """三级指标名称写成了日期或时限。

    为什么：三级指标是考核的事项，指标值才是目标；把“12月底前完成拨付”写成指标名称，
    指标值一栏就只剩“是”或“完成”，无法考核。

    错误示例：三级指标“2021年12月底前完成资金拨付”，指标值“是”。

    正确示例：三级指标“资金拨付完成时间”，指标值“2021年12月底前”。
    """
    for ind in project.indicators:
        if _row(ind).date_name:
            yield hit(ref_of(ind, "level3"), project=project_label(project), level3=ind.level3)


@rule("V220", Severity.INFO, "数量指标下是比率",
      "{project}的数量指标“{level3}”是一个比率，比率通常属于质量或时效指标，数量指标应当是个数。",
      "数量指标写个数（如“补助企业数量≥35家”）；合格率、完成率等比率移到质量指标，按时完成率移到时效指标。")
def rate_under_quantity(project, ctx):
    """数量指标下放了比率（名称含“率”“占比”，或指标值是百分比）。

    为什么：数量指标反映提供了多少产品或服务；合格率、完成率、覆盖率反映的是质量或进度。
    有些指标库把覆盖率列为数量指标，所以只作提示。

    错误示例：数量指标“验收合格率”，指标值“=100%”。

    正确示例：数量指标“验收项目数量”，指标值“≥20个”；质量指标“验收合格率”，指标值“=100%”。
    """
    for ind in project.indicators:
        row = _row(ind)
        if row.category == "数量" and (row.rate_name or row.percent):
            yield hit(ref_of(ind, "level3"), project=project_label(project), level3=_name(ind))


@rule("V221", Severity.WARNING, "成本指标下的比率与成本无关",
      "{project}的成本指标“{level3}”是一个与成本无关的比率，不能反映花了多少钱。",
      "成本指标写单位成本或成本上限（如“每家企业补助标准≤10万元”）；“{level3}”这类执行进度的比率"
      "可移到时效或质量指标，或删去。")
def cost_misfit(project, ctx):
    """成本指标下放了与成本无关的比率（如资金完成率、执行率、拨付率）。

    为什么：成本指标衡量花多少钱（单位成本、成本上限）。资金完成率、预算执行率说的是钱花完了没有，
    不是成本；这样填，项目实际上没有成本指标。名称或描述含“成本”“费”“节支”“节约”“单价”“标准”等的
    比率（如节支率）视为成本指标，不报告。

    错误示例：成本指标“资金完成率”，指标值“≥90%”。

    正确示例：成本指标“每家企业补助标准”，指标值“≤10万元”。
    """
    for ind in project.indicators:
        if _row(ind).cost_misfit:
            yield hit(ref_of(ind, "level3"), project=project_label(project), level3=ind.level3)


# ------------------------------------------------------------------ V222 (added after V221; codes are permanent)
@rule("V222", Severity.INFO, "质量指标只填了“是/否”",
      "{project}的质量指标“{level3}”的指标值只有“{value}”，只能说明做没做到，看不出达到什么程度。",
      "能用比率衡量的改为比率，如“按标准拨付资金比例”“=100%”；确实只能判断是否合规的，可保留。",
      source=SOURCE_101)
def quality_yes_no(project, ctx):
    """质量指标只填了“是”或“否”。

    为什么：质量指标反映产品或服务达到的标准，用合格率、达标率等比率更便于考核；
    “是否按照补贴标准下发资金——是”只是表态。合规性判断在一些指标库中也可接受，所以只作提示。
    效益指标填“是/否”由 V214 以警告报告。

    错误示例：质量指标“按照补贴标准下发资金”，指标值“是”。

    正确示例：质量指标“按标准拨付资金比例”，指标值“=100%”。
    """
    for ind, row in _valued(project, ctx):
        if row.category == "质量" and not row.satisfaction and row.yes_no:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V223 (added after V222; codes are permanent)
@rule("V223", Severity.WARNING, "越低越好的指标设了下限",
      "{project}的三级指标“{level3}”是越低越好的指标，指标值“{value}”却规定了最低值（“{comparator}”），"
      "等于说越高越好，方向反了。",
      "把“{comparator}”改为“≤”（或“<”），如“≤{number}{unit}”；如果要考核的是下降的幅度，"
      "请把三级指标改为“…下降率”或“…降低幅度”。")
def lower_is_better_floor(project, ctx):
    """越低越好的指标设了下限（流失率、死亡率、事故、投诉……用了“≥”“＞”“不低于”）。

    为什么：流失率、辍学率、死亡率、发病率、损耗率、失业率、差错率，以及事故、投诉、撂荒、返贫、超标的
    次数或比率，都是越低越好；“≥3%”等于要求至少流失 3%，年底无论实际多低都算“未完成”，多半是把“≤”
    打成了“≥”。判断依据是三级指标名称（没有三级指标时看指标描述）。
    讲处理、改善这类坏事的指标是越高越好，不报告：名称中该词后面还接着别的考核内容（“投诉办结率”
    “事故处理率”“死亡率下降率”），或含“办结”“处理”“整改”“下降”“降低”“监测”“覆盖”等词的
    （“降低辍学率”“返贫监测覆盖率”“撂荒地复耕率”）。

    错误示例：三级指标“乡村教师年度流失率”，指标值“≥3%”；“安全生产事故发生起数”，指标值“>0起”。

    正确示例：“乡村教师年度流失率”，指标值“≤3%”；“投诉办结率”，指标值“≥95%”。
    """
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if row.lower_better and p.kind == "quantitative" and p.comparator in ("≥", ">"):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      comparator=p.comparator, number=_fmt(p.number), unit=p.unit or "")


# ------------------------------------------------------------------ V224 (added after V223; codes are permanent)
# Money or people spent: "投入资金", "拨付资金", "资金投入", "使用资金", "投入人力", "下达经费" …
_INPUT_RE = re.compile(
    r"(?:投入|拨付|下达|安排|使用|支出|支付|花费|耗用)(?:的)?(?:财政)?(?:资金|经费|人力|物力|财力|预算)"
    r"|(?:资金|经费|人力|物力|财力|预算)(?:投入|拨付|下达|安排|使用|支出|支付|花费|耗用)"
)
# Someone else's money the project brings about (an effect), or money saved (a cost measure): not an input.
_NOT_OWN_INPUT = ("带动", "撬动", "吸引", "引导", "拉动", "社会", "自筹", "研发", "融资", "节约", "节省", "节支")


@rule("V224", Severity.WARNING, "产出指标填的是投入的资金",
      "{project}的{category}指标“{level3}”的指标值是金额“{value}”，衡量的是投入了多少资金或人力，而不是"
      "提供了多少产品和服务。",
      "产出指标写资金换来的产品和服务，如“补助企业数量≥35家”“改造校舍面积≥18000平方米”；花多少钱写在成本"
      "指标（单位成本，如“每家企业补助标准≤10万元”），钱拨得是否及时、足额写在时效或质量指标（如“资金拨付"
      "及时率=100%”）。", source="财预〔2015〕88号《中央部门预算绩效目标管理办法》")
def input_as_output(project, ctx):
    """产出指标（数量、质量）填的是投入的资金或人力，而不是产出。

    为什么：绩效目标说的是资金花出去以后提供了什么、达到什么效果；财力、人力和物力等投入数量不能作为绩效
    目标。数量指标“投入资金≥350万元”年底只要钱花完就“达成”，考核不出任何产出，审核时属于“指标与指标值
    不匹配”。只在二级指标为数量或质量、三级指标或描述讲的是投入、拨付、使用的资金（或人力、物力）、而指标值
    是金额（元、万元，不含“万元/家”这类标准）时报告。成本指标本来就写金额，不在此列；“资金拨付率”“资金到位率”
    这类比率的指标值是百分比，也不在此列（放在成本指标下时由 V221 报告）。带动的社会投资、企业研发投入是
    效果，节约的资金是成本，都不报。

    错误示例：数量指标“投入资金”，指标值“≥350万元”；质量指标“拨付资金总额”，指标值“=350万元”。

    正确示例：数量指标“补助企业数量”，指标值“≥35家”；成本指标“每家企业补助标准”，指标值“≤10万元”。
    """
    for ind, row in _valued(project, ctx):
        if row.category not in ("数量", "质量") or not row.money or "/" in (row.parsed.unit or "") or row.rate_name:
            continue
        # each text on its own: "企业研发投入" in the description does not excuse "投入资金" as the 三级指标
        if any(_INPUT_RE.search(text) and not any(w in text for w in _NOT_OWN_INPUT)
               for text in (row.name, squash(ind.description))):
            yield hit(ref_of(ind, "level3"), project=project_label(project), category=row.category, level3=_name(ind),
                      value=ind.value)
