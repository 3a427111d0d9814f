"""指标值 V201–V202: placeholders instead of content, and one value pasted into every row."""
from __future__ import annotations

import re

from ...form.findings import Severity
from ...text.normalize import squash
from .._shared import hit, project_label, ref_of, rule
from ._parsed import _basis, _name, _row

# ------------------------------------------------------------------ V201–V202 placeholders and pasting
# A row whose 三级 and 指标值 are both such a mark says its 二级 does not apply ("指标1:/" | "/").
_NOT_APPLICABLE = {"/", "／", "-", "－", "—", "无", "不适用"}
_NUMBERING = re.compile(r"^指标\d+[:：]")


def _not_applicable(ind) -> bool:
    return (_NUMBERING.sub("", squash(ind.level3)) in _NOT_APPLICABLE and squash(ind.value) in _NOT_APPLICABLE)


@rule("V201", Severity.ERROR, "指标值或确定依据填的是占位符",
      "{project}的三级指标“{level3}”的{field}填的是“{value}”，这是占位内容（模板提示或待补的记号），不是实际内容。",
      "把“{value}”换成实际内容：指标值写成“计算符号＋数值＋单位”（如“≥35家”“=100%”“2021年12月底前”），"
      "确定依据写计划标准、行业标准、历史标准或其他标准。")
def placeholder_value(project, ctx):
    """指标值或确定依据填的是占位符（文字描述、XX、**、待定……）。

    为什么：照着模板填表时最常见的疏漏，是把模板里的提示文字或“XX”原样留下。占位符不是目标，
    年底无法据此考核，预算系统也无法录入。空着的格由完整性规则报告，这里只报告填了占位符的格；
    占位格不再重复报告其他指标值问题。三级指标和指标值都只写“/”（或“无”“—”，三级前可带模板的“指标1:”）的行
    是在说这个二级指标不适用（自评表、一体化系统导出常见写法），不报。

    错误示例：时效指标“资金拨付是否及时”的指标值为“文字描述”；数量指标值为“≥XX家”。

    正确示例：时效指标“资金拨付完成时间”，指标值“2021年12月底前”。
    """
    for ind in project.indicators:
        if _row(ind).parsed.kind == "placeholder" and not _not_applicable(ind):
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
