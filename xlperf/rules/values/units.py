"""指标值 V203–V205: units and percentages (a number without a unit, a rate without "%", a percentage
outside 0–100%)."""
from __future__ import annotations

from ...form.findings import Severity
from .._shared import hit, project_label, ref_of, rule
from ._parsed import _date_serial, _name, _valued


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
    （如“农田灌溉水有效利用系数≥0.6”）。得分、分值不在此列，它们的单位是“分”。时效指标的值是一个
    Excel 日期序号（“=44,561”）时由 V207 报告。

    错误示例：数量指标“拨付高企数量”，指标值“≥100”。

    正确示例：“≥100家”。
    """
    for ind, row in _valued(project, ctx):
        if row.bare and not row.rate_like and not row.unitless and _date_serial(row) is None:
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
