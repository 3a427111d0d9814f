"""指标值 V215–V216: the 指标值确定依据 (the standard name for a synonym, or none of the standard kinds)."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import Indicator
from ...form.taxonomy import BASIS_STANDARD
from ...text.normalize import squash
from .._shared import hit, project_label, ref_of, rule
from ._parsed import _basis, _name

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
