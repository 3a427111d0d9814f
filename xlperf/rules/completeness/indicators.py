"""完整性 C131–C136: the indicator grid has rows and none of its cells is empty.

A row that holds only 一级/二级 labels (no 三级, 描述, 指标值 or 依据) is reported once, as an empty 三级 (C134),
not also as an empty 指标值 and 依据.
"""
from __future__ import annotations

from ...form.findings import Severity, cell_key
from ...form.layout import a1
from ...form.model import Indicator, Project, Ref
from .._shared import Live, hit, project_label, ref_of, rule
from ._helpers import BENEFIT_L2, SOURCE_88, _blank, _level1_of, _level2_of


def _label_only(ind: Indicator) -> bool:
    return all(_blank(v) for v in (ind.level3, ind.description, ind.value, ind.basis))


# live: the row has more than its 一级/二级 labels (``_label_only`` is false)
_NOT_LABEL_ONLY = "NOT(AND(BLANK({level3}),BLANK({description}),BLANK({value}),BLANK({basis})))"


# 二级 a template prints in advance and a project leaves empty when it does not apply: the kinds of 效益 (the
# budget system asks for at least one 效益 三级, not one of each) and 101号's 社会/生态环境成本 (按实际设置).
_OPTIONAL_L2 = set(BENEFIT_L2) | {"社会成本指标", "生态环境成本指标"}


def _unused_preprinted(project: Project, ind: Indicator) -> bool:
    """A label-only row of an optional 二级 that no other row uses, in a 一级 group that has filled rows:
    the template's preprinted row left empty because it does not apply, not a row forgotten."""
    l2 = _level2_of(ind)
    if l2 not in _OPTIONAL_L2 or not _label_only(ind):
        return False
    l1 = _level1_of(ind)
    others = [o for o in project.indicators if o is not ind and _level1_of(o) == l1]
    return all(_level2_of(o) != l2 for o in others) and any(not _label_only(o) for o in others)


# ------------------------------------------------------------------ C131–C136 the indicator grid's cells
@rule("C131", Severity.ERROR, "没有绩效指标",
      "{project}没有填写任何绩效指标。",
      "在绩效指标表中按一级、二级、三级指标逐行填写，至少包括产出、效益和满意度指标。",
      source=SOURCE_88, live=Live({"goals": "{filled_cells}=0"}))
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
      source=SOURCE_88)
def level3_missing(project, ctx):
    """三级指标为空。

    为什么：三级指标是实际考核的指标，预算系统要求产出的每个二级指标下至少有一个三级指标。只写了一级/二级、
    其余都空的行只报这一条，不再报指标值和确定依据为空。

    模板预印、按实际不适用而留空的行不报告：经济、社会、生态效益和可持续影响各是可选的（预算系统要求效益
    至少有一个三级指标，不要求每类都有），101号体系的社会成本、生态环境成本按实际设置。只有这一行用到该二级、
    整行只有名称、而同一一级下另有填了的行时，视为“不适用”的预印行；效益整类都空时由其他规则报告。

    错误示例：产出指标｜时效指标｜（空）｜（空）｜（空）｜（空）

    正确示例：产出指标｜时效指标｜资金拨付完成时间｜…｜2021年12月底前｜计划标准
    """
    for ind in _empty_cells(project, "level3", skip_label_rows=False):
        if _unused_preprinted(project, ind):
            continue
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


# live: the whole column empty (no row has a 依据, two or more need one) → the header above the first used row; else
# the first row with an empty 依据
# (the counts over the grid only on the rows that can be either: an empty 依据 here, or an empty row)
_BASIS_LIVE = (f"IF(OR(AND(BLANK({{basis}}),{_NOT_LABEL_ONLY}),NOT({{row_used}})),"
               "IF(AND({filled_rows}>1,{basis_rows}=0),AND({filled_cells_to_here}=0,{next_used}),"
               f"IF(AND(BLANK({{basis}}),{_NOT_LABEL_ONLY}),{{missing_to_here}}=1,FALSE)),FALSE)")


@rule("C136", Severity.WARNING, "指标值确定依据为空",
      "{project}的{rows}没有填写指标值确定依据{cells}。",
      "填写指标值的确定依据：计划标准、行业标准、历史标准或其他标准。",
      live=Live({"basis": _BASIS_LIVE}, header_row=True))
def basis_missing(project, ctx):
    """指标值确定依据为空。

    为什么：确定依据说明指标值从哪里来，审核据此判断指标值是否合理。预算系统未必强制，因此为警告。

    报告方式：每个项目只报一次，列出空着的格并把它们都标出：只有一行时标在该行的确定依据格；几行时标在
    第一处，说明共几行；整栏都空时（多半是照着没有这一栏的模板填的）标在“指标值确定依据”表头格上。
    改法相同，逐行重复同一句话只会淹没其他问题。

    按标签读取的其他格式表格（files.foreign）没有这一栏时不报：表上没有可填的位置，不算漏填（Project.absent）。

    错误示例：拨付企业数量｜…｜≥35家｜（空）

    正确示例：拨付企业数量｜…｜≥35家｜计划标准
    """
    missing = list(_empty_cells(project, "basis", skip_label_rows=True)) if project.provides("basis") else []
    if not missing:
        return
    refs = [r for r in (ref_of(ind, "basis") for ind in missing) if r is not None]
    first = missing[0].level3 or "（空）"
    label = project_label(project)
    if len(missing) == 1:
        yield hit(refs[0] if refs else None, project=label, rows=f"三级指标“{first}”", cells="", level3=first)
        return
    listed = "、".join(r.cell for r in refs)
    whole = len(missing) == sum(1 for ind in project.indicators if not _label_only(ind))
    if whole:
        top = ref_of(project.indicators[0], "basis") or (refs[0] if refs else None)
        anchor = _column_header(top) if top else None
        rows, cells = f"全部{len(missing)}个三级指标", f"（整栏空着：{listed}）" if listed else "（整栏空着）"
    else:
        anchor = refs[0] if refs else None
        rows, cells = f"三级指标“{first}”等{len(missing)}行", f"（{listed}）" if listed else ""
    yield hit(anchor, also=refs, project=label, rows=rows, cells=cells, level3=first, count=len(missing))


def _column_header(ref: Ref) -> Ref:
    """The indicator grid's header cell above the column of ``ref`` (the row above the first indicator row)."""
    row, col = cell_key(ref.cell)
    return Ref(ref.sheet, a1(row - 2, col - 1)) if row > 1 else ref
