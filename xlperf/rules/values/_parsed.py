"""What the 指标值 modules share: each indicator row classified once (its category, its value parsed, whether
it is a rate, a satisfaction, a cost, lower-is-better …), the 确定依据 sorted into kinds, the rows with a value
worth checking (worked out once per project and run), and the source several rules cite."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ...form.model import Indicator
from ...form.taxonomy import canonical_level1, canonical_level2, standard_basis, suggest_level1, suggest_level2
from ...text.normalize import squash
from ...text.values import (
    ParsedValue,
    is_money_unit,
    is_placeholder,
    is_rate_name,
    is_unitless_name,
    parse_value,
    vague_word,
)

SOURCE_101 = "财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》"


_LOOSE_MONEY_RE = re.compile(r"(?:万|亿)(?:/.+)?")  # 万/亿 with no 元: money only where the row is a cost

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
# … except for an execution rate: "价格执行率", "补助标准执行率" say a policy was applied, not what it cost.
_EXECUTION_TAIL = re.compile(r"(?:执行|落实|兑现|到位)率$")
_NOT_COST_FOR_EXECUTION = ("价格", "标准")
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
        """A money value. Under 成本 a bare "万"/"亿" ("150万", "≤5万/家") is 万元/亿元: a cost is money, so there it
        cannot mean 万人 (the reason ``is_money_unit`` leaves bare 万 out)."""
        p = self.parsed
        if p.kind != "quantitative":
            return False
        loose = self.category == "成本" and _LOOSE_MONEY_RE.fullmatch(squash(p.unit)) is not None
        return is_money_unit(p.unit) or loose


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
    cost_words = [w for w in _COST_WORDS if w not in _NOT_COST_FOR_EXECUTION] if _EXECUTION_TAIL.search(name) \
        else _COST_WORDS
    cost_misfit = category == "成本" and rate_name and not any(w in names for w in cost_words)
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


def _date_serial(row: _Row) -> str | None:
    """The date a 时效 value that is a bare whole number in Excel's date range (2000–2050) stands for: a date cell
    copied without its format ("=44,561" is 2021-12-31), else None."""
    p = row.parsed
    if row.category != "时效" or not row.bare or p.number is None or not p.number.is_integer():
        return None
    if not 36526 <= p.number <= 55153:
        return None
    return (_dt.date(1899, 12, 30) + _dt.timedelta(days=int(p.number))).isoformat()


def _name(ind: Indicator) -> str:
    return ind.level3 or ind.description or "（未填三级指标）"


def _valued(project, ctx=None) -> list:
    """(indicator, row) for indicators with a value that is not a placeholder (placeholders get V201 only;
    empties are C-rules'). Worked out once per project and run: most V rules walk it."""
    def rows():
        return [(ind, row) for ind in project.indicators
                if (row := _row(ind)).parsed.kind not in ("empty", "placeholder")]

    return ctx.shared(("valued", id(project)), rows) if ctx is not None else rows()


def _rows(project, ctx=None) -> list:
    """(indicator, row) for every indicator of the project, worked out once per project and run."""
    def rows():
        return [(ind, _row(ind)) for ind in project.indicators]

    return ctx.shared(("rows", id(project)), rows) if hasattr(ctx, "shared") else rows()


def _claimed_by_category(row: _Row) -> bool:
    """True when a category rule (V206 数量, V207 时效, V208/V209 成本, V211 满意度) owns this value's shape."""
    if row.satisfaction:
        return True
    if row.category == "成本":
        return not row.cost_misfit
    return row.category in ("数量", "时效")


def _fmt(number: float) -> str:
    return f"{number:g}"
