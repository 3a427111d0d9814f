"""指标值 V217–V221: an indicator in an implausible category (anchored to the 三级指标 cell; V217, V218, V220 and
V221 also mark the 二级 cell the row sits under, since the mismatch is between the two — as V232 and V233 do)."""
from __future__ import annotations

from ...form.findings import Severity
from .._shared import hit, project_label, ref_of, rule
from ._parsed import _SATISFACTION_WORDS, _level1, _level2, _name, _row


def _category_cell(ind) -> tuple:
    """The 二级 cell a misplaced row sits under, marked with its 三级 (the finding is about the pair)."""
    return (ref_of(ind, "level2"),)


# ------------------------------------------------------------------ V217–V221 implausible category
@rule("V217", Severity.WARNING, "满意度指标放在了其他类别",
      "{project}的三级指标“{level3}”讲的是满意度，却放在了“{category}”类别下。",
      "把它移到“满意度指标—服务对象满意度指标”下；效益指标应反映资金带来的实际效果，而不是满意度。")
def satisfaction_misplaced(project, ctx):
    """名称含“满意”的三级指标放在了满意度以外的类别。

    为什么：满意度有专门的一级指标；把满意度当作效益或质量指标，既重复又缺了真正的效益。
    这是审核中常见的“一级/二级指标类型错误”。

    标出三级指标和它所在的二级指标（不相符的是这两格）。

    错误示例：社会效益指标“群众满意度提升”。

    正确示例：满意度指标—服务对象满意度指标“群众满意度”，指标值“≥90%”。
    """
    for ind in project.indicators:
        row = _row(ind)
        if "满意" in row.name and row.category not in (None, "满意度"):
            yield hit(ref_of(ind, "level3"), also=_category_cell(ind), project=project_label(project), level3=ind.level3,
                      category=_level2(ind) or ind.level2 or _level1(ind) or ind.level1)


@rule("V218", Severity.INFO, "满意度类别下的指标不是满意度",
      "{project}的三级指标“{level3}”放在满意度指标下，但名称看不出是满意度。",
      "满意度指标写服务对象对服务的满意程度，如“受补助企业满意度”；其他内容请移到产出或效益指标。")
def satisfaction_category_other(project, ctx):
    """满意度类别下的三级指标不是满意度。

    为什么：满意度指标只衡量服务对象的满意程度；把产出或效益放在这里，会让真正的满意度缺失。
    名称含“满意”“好评”“评价”“认可”“投诉”等的视为满意度，不报告。

    标出三级指标和它所在的二级指标（不相符的是这两格）。

    错误示例：服务对象满意度指标“补助资金发放数量”。

    正确示例：服务对象满意度指标“受补助企业满意度”。
    """
    for ind in project.indicators:
        row = _row(ind)
        if row.name and row.category == "满意度" and not any(w in row.name for w in _SATISFACTION_WORDS):
            yield hit(ref_of(ind, "level3"), also=_category_cell(ind), project=project_label(project), level3=ind.level3)


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

    标出三级指标和它所在的二级指标（不相符的是这两格）。

    错误示例：数量指标“验收合格率”，指标值“=100%”。

    正确示例：数量指标“验收项目数量”，指标值“≥20个”；质量指标“验收合格率”，指标值“=100%”。
    """
    for ind in project.indicators:
        row = _row(ind)
        if row.category == "数量" and (row.rate_name or row.percent):
            yield hit(ref_of(ind, "level3"), also=_category_cell(ind), project=project_label(project), level3=_name(ind))


@rule("V221", Severity.WARNING, "成本指标下的比率与成本无关",
      "{project}的成本指标“{level3}”是一个与成本无关的比率，不能反映花了多少钱。",
      "成本指标写单位成本或成本上限（如“每家企业补助标准≤10万元”）；“{level3}”这类执行进度的比率"
      "可移到时效或质量指标，或删去。")
def cost_misfit(project, ctx):
    """成本指标下放了与成本无关的比率（如资金完成率、执行率、拨付率）。

    为什么：成本指标衡量花多少钱（单位成本、成本上限）。资金完成率、预算执行率说的是钱花完了没有，
    不是成本；这样填，项目实际上没有成本指标。名称或描述含“成本”“费”“节支”“节约”“单价”“标准”等的
    比率（如节支率）视为成本指标，不报告；但“价格执行率”“补助标准执行率”这类执行率说的是政策落实了没有，
    “价格”“标准”不使它成为成本，照样报告。

    标出三级指标和它所在的二级指标（不相符的是这两格）。

    错误示例：成本指标“资金完成率”，指标值“≥90%”。

    正确示例：成本指标“每家企业补助标准”，指标值“≤10万元”。
    """
    for ind in project.indicators:
        if _row(ind).cost_misfit:
            yield hit(ref_of(ind, "level3"), also=_category_cell(ind), project=project_label(project), level3=ind.level3)
