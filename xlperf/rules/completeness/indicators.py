"""完整性 C131–C136: the indicator grid has rows and none of its cells is empty.

A row that holds only 一级/二级 labels (no 三级, 描述, 指标值 or 依据) is reported once, as an empty 三级 (C134),
not also as an empty 指标值 and 依据.
"""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import Indicator, Project
from .._shared import Live, hit, project_label, ref_of, rule
from ._helpers import SOURCE_88, _blank


def _label_only(ind: Indicator) -> bool:
    return all(_blank(v) for v in (ind.level3, ind.description, ind.value, ind.basis))


# live: the row has more than its 一级/二级 labels (``_label_only`` is false)
_NOT_LABEL_ONLY = "NOT(AND(BLANK({level3}),BLANK({description}),BLANK({value}),BLANK({basis})))"


# ------------------------------------------------------------------ C131–C136 the indicator grid's cells
@rule("C131", Severity.ERROR, "没有绩效指标",
      "{project}没有填写任何绩效指标。",
      "在绩效指标表中按一级、二级、三级指标逐行填写，至少包括产出、效益和满意度指标。",
      source=SOURCE_88)
def indicators_missing(project, ctx):
    """没有绩效指标。

    为什么：绩效指标是绩效目标的细化和量化，预算系统要求产出、效益、满意度指标都有三级指标。指标表全空时
    只报这一条（标在绩效目标格上，因为指标表没有已填的格），不再逐类报缺少产出、效益、满意度指标。

    错误示例：指标表各行都空着。

    正确示例：产出指标｜数量指标｜拨付企业数量｜…｜≥35家｜计划标准
    """
    if not project.indicators:
        yield hit(ref_of(project, "goals", ref_of(project, "name")), project=project_label(project))


def _empty_cells(project: Project, key: str, skip_label_rows: bool):
    for ind in project.indicators:
        if skip_label_rows and _label_only(ind):
            continue
        if _blank(getattr(ind, key)):
            yield ind


@rule("C132", Severity.ERROR, "一级指标为空",
      "{project}的三级指标“{level3}”所在行没有一级指标。",
      "填写一级指标（产出指标、效益指标、满意度指标等），可从下拉列表选择。",
      source=SOURCE_88, live=Live({"level1": "AND({row_used},NOT({has_level1}))"}))
def level1_missing(project, ctx):
    """一级指标为空。

    为什么：每个指标都要归入一级指标，才能判断产出、效益、满意度是否齐全。一级指标格合并或留空表示沿用上一行，
    所以只有指标表开头几行（上面没有任何一级指标）才会被报告。

    错误示例：指标表第一行的一级指标格空着。

    正确示例：产出指标
    """
    for ind in _empty_cells(project, "level1", skip_label_rows=False):
        yield hit(ref_of(ind, "level1"), project=project_label(project), level3=ind.level3 or "（空）")


@rule("C133", Severity.ERROR, "二级指标为空",
      "{project}的三级指标“{level3}”所在行没有二级指标。",
      "填写二级指标（如数量指标、质量指标、时效指标、社会效益指标、服务对象满意度指标），可从下拉列表选择。",
      source=SOURCE_88, live=Live({"level2": "AND({row_used},NOT({has_level2}))"}))
def level2_missing(project, ctx):
    """二级指标为空。

    为什么：预算系统按二级指标检查产出是否有数量、质量、时效等指标；没有二级指标的行无法归类。留空表示沿用
    上一行，所以只有新的一级指标开始而二级指标没写时才报告，每行标在本行的二级指标格上。

    错误示例：一级指标写了“满意度指标”，二级指标格空着。

    正确示例：满意度指标｜服务对象满意度指标｜受补助企业满意度
    """
    for ind in _empty_cells(project, "level2", skip_label_rows=False):
        yield hit(ref_of(ind, "level2"), project=project_label(project), level3=ind.level3 or "（空）")


@rule("C134", Severity.ERROR, "三级指标为空",
      "{project}的指标表中“{level2}”下有一行没有三级指标。",
      "填写具体的三级指标名称，如“补助企业数量”；不需要的行请整行删除。",
      source=SOURCE_88, live=Live({"level3": "AND({row_used},BLANK({level3}))"}))
def level3_missing(project, ctx):
    """三级指标为空。

    为什么：三级指标是实际考核的指标，预算系统要求每个二级指标下至少有一个三级指标。只写了一级/二级、其余都空的
    行只报这一条，不再报指标值和确定依据为空。

    错误示例：产出指标｜时效指标｜（空）｜（空）｜（空）｜（空）

    正确示例：产出指标｜时效指标｜资金拨付完成时间｜…｜2021年12月底前｜计划标准
    """
    for ind in _empty_cells(project, "level3", skip_label_rows=False):
        yield hit(ref_of(ind, "level3"), project=project_label(project),
                  level2=ind.level2 or ind.level1 or "指标表")


@rule("C135", Severity.ERROR, "指标值为空",
      "{project}的三级指标“{level3}”没有填写指标值。",
      "填写比较符号、数值和单位，如“≥35家”“=100%”“2021年12月底前”；不能量化的用分级表述。",
      source=SOURCE_88, live=Live({"value": f"AND(BLANK({{value}}),{_NOT_LABEL_ONLY})"}))
def value_missing(project, ctx):
    """指标值为空。

    为什么：没有指标值的指标无法考核；预算系统要求指标值必填。

    错误示例：拨付企业数量｜…｜（空）

    正确示例：拨付企业数量｜…｜≥35家
    """
    for ind in _empty_cells(project, "value", skip_label_rows=True):
        yield hit(ref_of(ind, "value"), project=project_label(project), level3=ind.level3 or "（空）")


@rule("C136", Severity.WARNING, "指标值确定依据为空",
      "{project}的三级指标“{level3}”没有填写指标值确定依据。",
      "填写指标值的确定依据：计划标准、行业标准、历史标准或其他标准。",
      live=Live({"basis": f"AND(BLANK({{basis}}),{_NOT_LABEL_ONLY})"}))
def basis_missing(project, ctx):
    """指标值确定依据为空。

    为什么：确定依据说明指标值从哪里来，审核据此判断指标值是否合理。预算系统未必强制，因此为警告。

    错误示例：拨付企业数量｜…｜≥35家｜（空）

    正确示例：拨付企业数量｜…｜≥35家｜计划标准
    """
    for ind in _empty_cells(project, "basis", skip_label_rows=True):
        yield hit(ref_of(ind, "basis"), project=project_label(project), level3=ind.level3 or "（空）")
