"""完整性 C121–C126: the 资金支出计划, four cumulative quarterly percentages rising to 100."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import QUARTERS, Project
from ...text.normalize import parse_percent
from .._shared import Live, hit, once_per_run, project_label, ref_of, rule
from ._helpers import SOURCE_88, _blank

# ------------------------------------------------------------------ C121–C126 资金支出计划
_CUMULATIVE = tuple(f"cumulative{i}" for i in range(1, 5))
_ALL_BLANK = "AND(" + ",".join(f"BLANK({{{key}}})" for key in _CUMULATIVE) + ")"  # live: the row is empty


def _quarters(project: Project, ctx=None) -> tuple:
    """(index, quarter name, raw value, percent or None, ref) for the four cumulative cells, worked out once per
    project and run (six rules ask)."""
    return once_per_run(ctx, ("quarters", id(project)), lambda: tuple(_quarters_of(project)))


def _quarters_of(project: Project):
    values = list(project.plan.cumulative) + [None] * (4 - len(project.plan.cumulative))
    for i, raw in enumerate(values[:4]):
        number = None if _blank(raw) else parse_percent(raw)
        yield i, QUARTERS[i], raw, number, ref_of(project.plan, f"cumulative{i + 1}")


@rule("C121", Severity.ERROR, "资金支出计划未填写",
      "{project}的资金支出计划（累计进度%）四个季度都没有填写。",
      "按季度填写累计支出进度（%），逐季不减少，第四季度为100，如 20、50、80、100。",
      source=SOURCE_88, live=Live({"cumulative1": _ALL_BLANK}))
def plan_missing(project, ctx):
    """资金支出计划未填写。

    为什么：支出计划是审核资金安排是否可行、执行中监控序时进度的依据。四个季度全空时只报这一条，标在第一季度格上。

    按标签读取的其他格式表格（files.foreign）没有这一栏时不报：表上没有可填的位置，不算漏填（Project.absent）。

    错误示例：累计进度（%）一行四格都空着。

    正确示例：20、50、80、100
    """
    if project.provides("plan") and all(_blank(raw) for _, _, raw, _, _ in _quarters(project, ctx)):
        yield hit(ref_of(project.plan, "cumulative1"), project=project_label(project))


@rule("C122", Severity.ERROR, "季度累计进度为空",
      "{project}的资金支出计划中{quarter}累计进度没有填写。",
      "填写{quarter}末累计支出占全年资金的百分比（不支出也填 0）。",
      source=SOURCE_88, live=Live.each(_CUMULATIVE, f"AND(BLANK({{cell}}),NOT({_ALL_BLANK}))"))
def plan_quarter_missing(project, ctx):
    """某个季度的累计进度为空。

    为什么：四个季度都要有累计进度，才能看出支出节奏；没有支出的季度也应填 0 而不是空着。四个季度全空时
    由“资金支出计划未填写”报一条，不逐季报。

    错误示例：累计进度 20、空、80、100。

    正确示例：累计进度 20、50、80、100（没有支出的季度填 0）。
    """
    quarters = list(_quarters(project, ctx))
    if all(_blank(raw) for _, _, raw, _, _ in quarters):
        return
    for _, quarter, raw, _, ref in quarters:
        if _blank(raw):
            yield hit(ref, project=project_label(project), quarter=quarter)


@rule("C123", Severity.ERROR, "季度累计进度不是数字",
      "{project}的资金支出计划中{quarter}累计进度填写了“{value}”，应为 0 到 100 之间的数字。",
      "把{quarter}累计进度改为百分数数值，如 50（表示 50%），不要写文字。")
def plan_quarter_not_number(project, ctx):
    """季度累计进度不是数字。

    为什么：累计进度要参与逐季比较和序时进度核对，文字（如“待定”“按进度”）无法计算。写成“50%”的视为 50，
    不报。

    错误示例：第二季度累计进度填“待定”。

    正确示例：50
    """
    for _, quarter, raw, number, ref in _quarters(project, ctx):
        if not _blank(raw) and number is None:
            yield hit(ref, project=project_label(project), quarter=quarter, value=raw)


@rule("C124", Severity.ERROR, "季度累计进度超出0–100",
      "{project}的资金支出计划中{quarter}累计进度为{value}，应在 0 到 100 之间。",
      "累计进度是截至该季度末累计支出占全年资金的百分比，请改为 0 到 100 之间的数。")
def plan_quarter_out_of_range(project, ctx):
    """季度累计进度超出 0–100。

    为什么：累计进度是占全年资金的百分比，小于 0 或大于 100 都不可能。

    错误示例：第三季度累计进度 120。

    正确示例：第三季度累计进度 80。
    """
    for _, quarter, _, number, ref in _quarters(project, ctx):
        if number is not None and not 0 <= number <= 100:
            yield hit(ref, project=project_label(project), quarter=quarter, value=number)


@rule("C125", Severity.ERROR, "累计进度逐季减少",
      "{project}的资金支出计划中{quarter}累计进度为{value}，低于{previous_quarter}的{previous}；累计进度不应减少。",
      "累计进度是截至季度末的累计数，应逐季不减少；如填的是当季支出比例，请改为累计数。")
def plan_decreasing(project, ctx):
    """累计进度逐季减少。

    为什么：累计进度是累计数，只能持平或增加；减少通常是把当季比例当成了累计比例。问题标在比前一个已填季度
    低的那一季。

    错误示例：累计进度 30、20、60、100。

    正确示例：累计进度 30、50、60、100。
    """
    previous = None  # (quarter, number) of the last quarter holding a number within 0–100
    for _, quarter, _, number, ref in _quarters(project, ctx):
        if number is None or not 0 <= number <= 100:
            continue
        if previous is not None and number < previous[1]:
            yield hit(ref, project=project_label(project), quarter=quarter, value=number,
                      previous_quarter=previous[0], previous=previous[1])
        previous = (quarter, number)


@rule("C126", Severity.ERROR, "第四季度累计进度不是100",
      "{project}的资金支出计划中第四季度累计进度为{value}，全年累计应为 100。",
      "第四季度末累计进度填 100；如确有资金跨年支出，应调整年度资金总额。")
def plan_not_complete(project, ctx):
    """第四季度累计进度不是 100。

    为什么：年度资金应在当年支出完毕，第四季度末的累计进度就是全年，应为 100。为空、不是数字或超出 0–100 的
    情况由其他规则报告，这里不重复。

    错误示例：累计进度 20、50、80、90。

    正确示例：累计进度 20、50、80、100。
    """
    _, _, _, number, ref = list(_quarters(project, ctx))[3]
    if number is not None and 0 <= number <= 100 and abs(number - 100) > 1e-6:
        yield hit(ref, project=project_label(project), value=number)
