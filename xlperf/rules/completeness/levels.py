"""完整性 C141–C143: the 一级 and 二级 names are recognised and each 二级 sits under its own 一级.

A 一级 name that is not recognised but whose suggestion is clear ("、满意度指标" → 满意度指标) is reported once
(C141) and then counts as the suggested name for the 二级 check (C143) and for coverage (C151–C155).
"""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import Project
from ...form.taxonomy import (
    LEVEL2_BY_LEVEL1,
    NEW_SCHEME,
    canonical_level1,
    canonical_level2,
    placement_tolerated,
    suggest_level1,
    suggest_level2,
)
from .._shared import hit, project_label, ref_of, rule
from ._helpers import COST_L2, SOURCE_101, _blank, _level1_of, _level2_of


# ------------------------------------------------------------------ C141–C143 names
def _distinct_labels(project: Project, key: str):
    """Each 一级/二级 label cell once (continued rows point at the cell that holds the label)."""
    seen = set()
    for ind in project.indicators:
        text = getattr(ind, key)
        if _blank(text):
            continue
        ref = ref_of(ind, key)
        marker = ref if ref is not None else (id(ind), text)
        if marker in seen:
            continue
        seen.add(marker)
        yield ind, text, ref


@rule("C141", Severity.ERROR, "一级指标名称无法识别",
      "{project}的一级指标“{name}”不是规范名称，应为{expected}。",
      "把一级指标改为{expected}（可从下拉列表选择）。",
      source=SOURCE_101)
def level1_unknown(project, ctx):
    """一级指标名称无法识别。

    为什么：一级指标只有产出、效益、满意度（101号体系另有成本）几类，预算系统只接受这些名称；多出的标点或
    文字会使指标归不了类。常见的变体和别名（如“效果指标”“产出”）视为规范；各地模板的印法也视为规范
    （form.labels）：括注分值、必填或另一名称（“效益指标（30分）”“成本指标(0-20)分”），“项目完成”“项目效益”
    “预期产出”“预期效果”这类别称。能看出本意的（如“、满意度指标”）
    给出建议名称，并在检查是否缺少某类指标时按建议名称计算，避免同一处错误再报一次“缺少满意度指标”。

    错误示例：、满意度指标

    正确示例：满意度指标
    """
    names = tuple(LEVEL2_BY_LEVEL1[ctx.scheme])
    for _, text, ref in _distinct_labels(project, "level1"):
        if canonical_level1(text):
            continue
        suggested = suggest_level1(text)
        expected = f"“{suggested}”" if suggested else "、".join(names) + "之一"
        yield hit(ref, project=project_label(project), name=text, expected=expected, suggested=suggested)


@rule("C142", Severity.WARNING, "二级指标名称无法识别",
      "{project}的二级指标“{name}”不是规范名称，应为{expected}。",
      "把二级指标改为{expected}（可从下拉列表选择）。",
      source=SOURCE_101)
def level2_unknown(project, ctx):
    """二级指标名称无法识别。

    为什么：二级指标名称决定指标归入数量、质量、时效、成本、效益、满意度中的哪一类；无法识别的名称会使归类和
    完整性检查落空。写不写末尾的“指标”、常见别名（如“环境效益”）都视为规范；各地模板的印法也视为规范
    （form.labels）：括注（“时效指标（必填）”“质量指标（或验收指标）”），“目标”作“指标”（“社会效益目标”），
    二级前重复一级（“产出数量指标”），“满意度”作二级，成本写作“预算控制”“投资规模控制”，几类效益合在一个
    名称中（“经济效益、社会效益指标”）。各地二级名称的写法比一级多，
    本表收录的别名可能不全，因此为警告。

    错误示例：数量类（应为“数量指标”）

    正确示例：数量指标
    """
    scheme = ctx.scheme
    for ind, text, ref in _distinct_labels(project, "level2"):
        if canonical_level2(text):
            continue
        suggested = suggest_level2(text)
        if suggested:
            expected = f"“{suggested}”"
        else:
            allowed = LEVEL2_BY_LEVEL1[scheme].get(_level1_of(ind) or "")
            expected = ("、".join(allowed) + "之一") if allowed else "下拉列表中的规范二级指标名称"
        yield hit(ref, project=project_label(project), name=text, expected=expected, suggested=suggested)


@rule("C143", Severity.WARNING, "二级指标与一级指标不对应",
      "{project}的二级指标“{level2}”不属于一级指标“{level1}”（{scheme}指标体系下，{level1}包括{allowed}）。",
      "{fix}",
      source=SOURCE_101)
def level2_wrong_parent(project, ctx):
    """二级指标与一级指标不对应。

    为什么：二级指标放错一级会使产出、效益、满意度的归类出错，这是审核中常见的“一级/二级指标类型错误”。
    按所用指标体系判断（设置中的“指标体系”；自动时，有“成本指标”一级的按101号，否则按旧版）：旧版中成本
    指标属于产出指标，101号中成本指标单列为一级，下设经济成本、社会成本、生态环境成本指标。一级指标无法识别、
    或不属于所用体系时不作判断。

    错误示例：效益指标｜数量指标｜新增高新技术企业数量

    正确示例：产出指标｜数量指标｜新增高新技术企业数量
    """
    scheme = ctx.scheme
    table = LEVEL2_BY_LEVEL1[scheme]
    seen = set()
    for ind in project.indicators:
        l1, l2 = _level1_of(ind), _level2_of(ind)
        if not l1 or not l2 or l1 not in table or l2 in table[l1] or placement_tolerated(l1, l2):
            continue
        ref = ref_of(ind, "level2")
        marker = ref if ref is not None else (id(ind),)
        if marker in seen:
            continue
        seen.add(marker)
        allowed = "、".join(table[l1])
        proper = [parent for parent, children in table.items() if l2 in children]
        if proper:
            fix = f"把该行的一级指标改为{'、'.join(proper)}，或改用{l1}下的二级指标（{allowed}）。"
        elif l2 in COST_L2 and scheme == NEW_SCHEME:
            fix = ("101号体系下成本单列为一级指标：把该行的一级指标改为“成本指标”，二级指标改为"
                   + "、".join(table["成本指标"]) + "之一。")
        else:
            fix = f"改用{l1}下的二级指标（{allowed}）。"
        yield hit(ref, project=project_label(project), level1=l1, level2=l2, scheme=scheme,
                  allowed=allowed, fix=fix)
