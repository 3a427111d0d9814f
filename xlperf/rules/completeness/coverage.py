"""完整性 C151–C155 and C161: every indicator category is covered, and no 三级指标 is repeated.

Coverage counts a category when any row names it, whatever the row's 一级, and counts rows with an empty 三级
too. Coverage findings anchor to the indicator header cell "一级指标"; a project with no indicators at all gets
C131 only.
"""
from __future__ import annotations

from ...form.findings import Severity, cell_key
from ...form.layout import a1
from ...form.model import Indicator, Project, Ref
from ...form.taxonomy import LEVEL2_BY_LEVEL1, NEW_SCHEME, level2_names
from ...text.normalize import squash
from .._shared import hit, once_per_run, project_label, ref_of, rule
from ._helpers import BENEFIT_L2, COST_L2, OUTPUT_L2, SATISFACTION_L2, SOURCE_101, _blank, _level1_of, _level2_of


def _header_ref(project: Project) -> Ref | None:
    """The "一级指标" header cell: the cell above the first indicator row's 一级 cell."""
    if project.indicators:
        first = project.indicators[0].cells.get("level1")
        if first is not None:
            row, col = cell_key(first.cell)
            if row > 1:
                return Ref(first.sheet, a1(row - 2, col - 1))
    return ref_of(project, "goals", ref_of(project, "name"))


def _categories(project: Project, ctx=None) -> tuple[frozenset[str], frozenset[str]]:
    """Canonical 一级 and 二级 names used by the project's rows (misspelt names counted as their suggestion),
    worked out once per project and run (five rules ask)."""
    return once_per_run(ctx, ("categories", id(project)), lambda: _categories_of(project))


def _categories_of(project: Project) -> tuple[frozenset[str], frozenset[str]]:
    level1s, level2s = set(), set()
    for ind in project.indicators:
        l1, l2 = _level1_of(ind), _level2_of(ind)
        if l1:
            level1s.add(l1)
        if l2:
            level2s.add(l2)
            level2s.update(level2_names(ind.level2))  # a merged label ("经济效益、社会效益指标") names several
    return frozenset(level1s), frozenset(level2s)


# ------------------------------------------------------------------ C151–C155 coverage
@rule("C151", Severity.ERROR, "缺少产出指标",
      "{project}的绩效指标中没有产出指标。",
      "增加产出指标，包括{expected}，每类至少一个三级指标。",
      source=SOURCE_101)
def output_missing(project, ctx):
    """缺少产出指标。

    为什么：产出指标反映资金直接形成的产品和服务，预算系统要求产出下的每个二级指标都有三级指标。整类缺失时
    只报这一条，不再逐个报缺少数量、质量、时效指标。问题标在指标表的“一级指标”表头格上。

    错误示例：指标表只有效益指标和满意度指标。

    正确示例：产出指标下有数量、质量、时效（旧版体系还有成本）指标。
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project, ctx)
    if "产出指标" in level1s or level2s & set(OUTPUT_L2):
        return
    expected = "、".join(LEVEL2_BY_LEVEL1[ctx.scheme]["产出指标"])
    yield hit(_header_ref(project), project=project_label(project), expected=expected)


@rule("C152", Severity.ERROR, "产出指标不全",
      "{project}的产出指标缺少{missing}。",
      "在产出指标下增加{missing}，每类至少一个三级指标。",
      source=SOURCE_101)
def output_incomplete(project, ctx):
    """产出指标缺少数量、质量或时效指标。

    为什么：预算系统要求产出指标的每个二级指标（数量、质量、时效）都至少有一个三级指标。某个二级指标只要在
    任何一行出现就算有（放错一级的由“二级指标与一级指标不对应”报告）。问题标在“一级指标”表头格上。

    错误示例：产出指标下只有数量指标和质量指标，没有时效指标。

    正确示例：产出指标下有数量指标、质量指标和时效指标（如“资金拨付完成时间｜2021年12月底前”）。
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project, ctx)
    if "产出指标" not in level1s and not level2s & set(OUTPUT_L2):
        return  # C151
    missing = [name for name in OUTPUT_L2 if name not in level2s]
    if missing:
        yield hit(_header_ref(project), project=project_label(project), missing="、".join(missing))


@rule("C153", Severity.WARNING, "缺少成本指标",
      "{project}的绩效指标中没有成本指标（{scheme}指标体系下，{expected}）。",
      "增加成本指标，如单位产出的补助或支出标准（“≤10万元/家”）。",
      source=SOURCE_101)
def cost_missing(project, ctx):
    """缺少成本指标。

    为什么：成本指标反映完成产出的成本控制。旧版体系中成本指标是产出指标下的二级指标；按财预〔2021〕101号，
    成本指标单列为一级，下设经济成本、社会成本、生态环境成本指标。两种写法都算有成本指标。旧版要求产出下有
    成本指标是凭记忆整理的要求，未核对原文，因此为警告。旧版体系下整个产出指标缺失时，由“缺少产出指标”报告。
    问题标在“一级指标”表头格上。

    错误示例：产出指标下只有数量、质量、时效指标，没有任何成本指标。

    正确示例：产出指标｜成本指标｜每家企业补助标准｜≤10万元（旧版）；成本指标｜经济成本指标｜…（101号）
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project, ctx)
    if "成本指标" in level1s or level2s & set(COST_L2):
        return
    scheme = ctx.scheme
    if scheme == NEW_SCHEME:
        expected = "成本指标单列为一级指标，下设" + "、".join(LEVEL2_BY_LEVEL1[NEW_SCHEME]["成本指标"])
    else:
        if "产出指标" not in level1s and not level2s & set(OUTPUT_L2):
            return  # C151
        expected = "成本指标是产出指标下的二级指标"
    yield hit(_header_ref(project), project=project_label(project), scheme=scheme, expected=expected)


@rule("C154", Severity.ERROR, "缺少效益指标",
      "{project}的绩效指标中没有效益指标。",
      "增加效益指标，如经济效益、社会效益、生态效益或可持续影响指标，至少一个三级指标。",
      source=SOURCE_101)
def benefit_missing(project, ctx):
    """缺少效益指标。

    为什么：效益指标反映资金使用带来的效果，预算系统要求至少有一个效益指标。“效果指标”是效益指标的别名，
    视为有。问题标在“一级指标”表头格上。

    错误示例：指标表只有产出指标和满意度指标。

    正确示例：效益指标｜社会效益指标｜新增高新技术企业数量｜≥15家
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project, ctx)
    if "效益指标" not in level1s and not level2s & set(BENEFIT_L2):
        yield hit(_header_ref(project), project=project_label(project))


@rule("C155", Severity.ERROR, "缺少满意度指标",
      "{project}的绩效指标中没有满意度指标。",
      "增加满意度指标，如“服务对象满意度指标｜受补助企业满意度｜≥90%”。",
      source=SOURCE_101)
def satisfaction_missing(project, ctx):
    """缺少满意度指标。

    为什么：满意度指标反映服务对象对项目的认可程度，预算系统要求至少有一个满意度指标。一级指标名称有误但
    能看出是满意度的（如“、满意度指标”），由“一级指标名称无法识别”报告，这里按满意度计算，不重复报告。
    问题标在“一级指标”表头格上。

    错误示例：指标表只有产出指标和效益指标。

    正确示例：满意度指标｜服务对象满意度指标｜受补助企业满意度｜≥90%
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project, ctx)
    if "满意度指标" not in level1s and not level2s & set(SATISFACTION_L2):
        yield hit(_header_ref(project), project=project_label(project))


# ------------------------------------------------------------------ C161 duplicates
@rule("C161", Severity.WARNING, "三级指标重复",
      "{project}的三级指标“{level3}”出现了不止一次（第一次在{first}）。",
      "删除重复的一行，或把其中一个改成反映不同内容的指标。")
def level3_duplicated(project, ctx):
    """三级指标重复。

    为什么：同一项目中重复的三级指标通常是复制粘贴后忘了修改，既不增加信息，也会让审核怀疑指标没有认真设计。
    比较时忽略空格和全角/半角差异；问题标在第二次及以后出现的格上。

    错误示例：数量指标下有两行“拨付企业数量”。

    正确示例：拨付企业数量、新增高新技术企业数量
    """
    first_seen: dict[str, Indicator] = {}
    for ind in project.indicators:
        if _blank(ind.level3):
            continue
        key = squash(ind.level3)
        first = first_seen.get(key)
        if first is None:
            first_seen[key] = ind
            continue
        first_ref = ref_of(first, "level3")
        yield hit(ref_of(ind, "level3"), project=project_label(project), level3=ind.level3,
                  first=first_ref.cell if first_ref else "前面")
