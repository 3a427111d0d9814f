"""进度 rules (codes P4xx): when the money is planned to be spent (资金支出计划, 累进进度%).

The shape of the cumulative row (missing, not a number, outside 0–100, decreasing, last ≠ 100) is the
completeness family's business; when the shape is broken these rules say nothing about that project, so a
broken row is reported once, by the rule that can say what is wrong with it.
"""
from __future__ import annotations

from functools import lru_cache

from ..form.findings import Severity
from ..form.model import Project
from ..text.money import parse_amount_wan, within_tolerance
from ..text.normalize import clean_text, parse_number, parse_percent
from ..text.progress import QUARTERS, cumulative_progress, progress_verdict
from ._shared import hit, project_label, ref_of, rule

TOLERANCE_POINTS = 1.0  # typed cumulative % vs the % computed from the quarterly amounts

# progress_verdict's answers for a row whose shape is sound (no minima given)
_SOUND_SHAPE = ("第四季度才支出", "进度正常")


def _cumulative(project: Project) -> tuple[float, ...] | None:
    """The four cumulative percentages when the row's shape is sound, else None (completeness reports it)."""
    values = project.plan.cumulative
    if len(values) != 4:
        return None
    return _sound_percentages(tuple(values))


@lru_cache(maxsize=4096)
def _sound_percentages(values: tuple) -> tuple[float, ...] | None:
    # every progress rule asks this of every project; plans repeat (0/0/0/100), so it is worked out once each
    # (a tuple: the cached answer is shared, so nobody may change it)
    if progress_verdict(list(values)) not in _SOUND_SHAPE:
        return None
    return tuple(parse_percent(v) for v in values)


def _blank(value) -> bool:
    return value is None or clean_text(value) is None


def _amounts(project: Project) -> list[float] | None:
    """The quarterly amounts (万元, blanks as 0) when any is filled and all filled ones are numbers ≥ 0."""
    values = project.plan.amounts
    if len(values) != 4 or all(_blank(v) for v in values):
        return None
    out = []
    for v in values:
        n = 0.0 if _blank(v) else parse_number(v)
        if n is None or n < 0:
            return None
        out.append(n)
    return out


def _show(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


@rule("P401", Severity.WARNING, "资金全部安排在第四季度支出",
      "{project}的资金支出计划前三季度累计进度均为 0，全部资金安排在第四季度支出。",
      "按项目实际实施进度填写各季度累计支出比例（如 20%、50%、80%、100%），不要把支出全部压到第四季度。")
def all_in_fourth_quarter(project: Project, ctx):
    """资金支出计划前三季度都是 0，第四季度一次 100%。

    为什么：全部压在年底支出是审核中最常见的问题之一，意味着资金长期沉淀、预算执行进度不达标；审核评分按
    缺少的季度节点逐个扣分。确有年底一次性拨付的项目，应在资金用途中说明理由。

    错误示例：累计进度 0、0、0、100。

    正确示例：累计进度 20、50、80、100。
    """
    cumulative = _cumulative(project)
    if cumulative and cumulative[0] == cumulative[1] == cumulative[2] == 0:
        yield hit(ref_of(project.plan, "cumulative1"), project=project_label(project))


@rule("P402", Severity.WARNING, "累计支出进度低于序时要求",
      "{project}{quarter}末累计支出进度为{actual}%，低于设定的序时要求{minimum}%。",
      "按序时进度安排支出计划，{quarter}末累计进度应不低于{minimum}%；确有原因的请在资金用途中说明。")
def behind_timeline(project: Project, ctx):
    """某季度末累计支出进度低于设定的序时进度最低值（默认关闭）。

    为什么：财政部门按序时进度（年中约 50%）考核预算执行。河北省 2021 年没有查到统一的季度标准，所以这一条
    默认关闭，由财政部门在设置中给出第一至三季度的最低值（如“0,50,75”）后才检查，并且只作警告。每个落后
    的季度报一次。

    错误示例：序时要求 0、50、75，累计进度 10、30、60、100（第二、三季度落后）。

    正确示例：序时要求 0、50、75，累计进度 25、50、75、100。
    """
    minima = tuple(ctx.config.progress_minima or ())
    cumulative = _cumulative(project)
    if not minima or cumulative is None:
        return
    for i, (actual, minimum) in enumerate(zip(cumulative[:3], minima[:3]), 1):
        if actual < minimum:
            yield hit(ref_of(project.plan, f"cumulative{i}"), project=project_label(project), quarter=QUARTERS[i - 1],
                      actual=actual, minimum=float(minimum))


@rule("P403", Severity.WARNING, "当季支出与累计进度不一致",
      "{project}按各季度支出金额计算，{quarter}末累计进度应为{computed}%，表中填写为{typed}%。",
      "核对各季度支出金额和累计进度：累计进度 = 截至该季度的支出之和 ÷ 全年支出之和 × 100。")
def amounts_disagree_with_cumulative(project: Project, ctx):
    """填了各季度支出金额，但由金额算出的累计进度与表中填写的累计进度不一致（相差超过 1 个百分点）。

    为什么：两行说的是同一个计划，不一致说明其中一行改过而另一行没跟着改，审核人员不知道以哪个为准。累计
    进度按各季度金额之和计算（与年度资金总额是否相等由 P404 检查）；空着的季度按 0 计。每个不一致的季度报
    一次。

    错误示例：当季支出 70、105、105、70，累计进度 25、50、80、100（第一季度应为 20%）。

    正确示例：当季支出 70、105、105、70，累计进度 20、50、80、100。
    """
    cumulative, amounts = _cumulative(project), _amounts(project)
    if cumulative is None or amounts is None:
        return
    computed = cumulative_progress(amounts)
    for i, (typed, calc) in enumerate(zip(cumulative, computed), 1):
        if calc is not None and abs(typed - calc) > TOLERANCE_POINTS:
            yield hit(ref_of(project.plan, f"cumulative{i}"), project=project_label(project), quarter=QUARTERS[i - 1],
                      computed=_show(calc), typed=_show(typed))


@rule("P404", Severity.WARNING, "各季度支出合计与年度资金总额不一致",
      "{project}四个季度的支出金额合计为{spent}万元，年度资金总额为{total}万元，相差{gap}万元。",
      "核对各季度支出金额，使四个季度之和等于年度资金总额。")
def amounts_disagree_with_total(project: Project, ctx):
    """各季度支出金额之和不等于年度资金总额。

    为什么：支出计划安排的是全年的资金，四个季度加起来应当正好是年度资金总额；多了或少了说明计划没有按预算
    编制。只在填了季度金额且年度资金总额是数字时检查（容差 0.5% 或 50 元）。

    错误示例：年度资金总额 350，当季支出 70、105、105、50。

    正确示例：年度资金总额 350，当季支出 70、105、105、70。
    """
    amounts, total = _amounts(project), parse_amount_wan(project.total)
    if amounts is None or total is None or _cumulative(project) is None:
        return
    spent = round(sum(amounts), 4) + 0.0
    if not within_tolerance(spent, total):
        yield hit(ref_of(project.plan, "amounts1"), project=project_label(project), spent=spent, total=total,
                  gap=round(abs(spent - total), 4) + 0.0)


@rule("P405", Severity.WARNING, "当季支出金额不是数字或为负数",
      "{project}{quarter}的当季支出填写了“{value}”，{reason}。",
      "当季支出填写以万元为单位的数字，没有支出的季度填 0。")
def amount_not_number(project: Project, ctx):
    """当季支出（万元）填的不是数字，或是负数。

    为什么：当季支出用于核对累计进度和年度资金总额，文字或负数无法计算。这一行可以整行不填；填了就应是数字。

    错误示例：第三季度当季支出填“待定”。

    正确示例：当季支出 70、105、105、70。
    """
    if _cumulative(project) is None:
        return
    for i, value in enumerate(project.plan.amounts[:4], 1):
        if _blank(value):
            continue
        n = parse_number(value)
        if n is not None and n >= 0:
            continue
        yield hit(ref_of(project.plan, f"amounts{i}"), project=project_label(project), quarter=QUARTERS[i - 1],
                  value=clean_text(value), reason="不是数字" if n is None else "金额不能为负数")
