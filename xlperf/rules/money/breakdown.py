"""资金 M301–M303: the funding breakdown (补助测算) — its total, and each line's quantity, standard and units."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import Project
from ...text.money import within_tolerance
from .._shared import hit, project_label, ref_of, rule
from ._helpers import BUDGET_SOURCE, _gap, _line_amount, _line_label, _line_problem, _line_unit_problem, _money, _r


# ------------------------------------------------------------------ the funding breakdown (补助测算)
@rule("M301", Severity.ERROR, "补助测算合计与年度资金总额不一致",
      "{project}在“补助测算”中逐项测算合计为{computed}万元，年度资金总额填写为{total}万元，相差{gap}万元。",
      "核对补助测算的数量和标准，或更正年度资金总额，使两者相等。",
      source=BUDGET_SOURCE)
def breakdown_total_differs(project: Project, ctx):
    """补助测算各行（数量 × 标准）之和与年度资金总额不一致。

    为什么：补助类项目的预算按“数量 × 标准”逐项测算，合计就是申请的资金；两者对不上，说明测算或总额至少
    有一个写错了，审核时会被认为资金与目标不匹配（适当性）。任何一行无法计算时不比较（由 M302、M303 报告）。

    错误示例：补助测算为复审企业 35 家 × 10 万元/家 = 350 万元，年度资金总额却填 380。

    正确示例：补助测算合计 350 万元，年度资金总额 350。
    """
    total = _money(project.total)
    if total is None or not project.funding:
        return
    amounts = [_line_amount(line) for line in project.funding]
    if any(a is None for a in amounts):
        return
    computed = _r(sum(amounts))
    if not within_tolerance(computed, total):
        yield hit(ref_of(project, "total"), project=project_label(project), computed=computed, total=total,
                  gap=_gap(computed, total))


@rule("M302", Severity.ERROR, "补助测算行缺少数量或标准",
      "{project}在“补助测算”中的{line}{what}{reason}，这一行无法计算金额。",
      "在这一行填写数量和标准（均为不小于 0 的数字），如“35”家 × “10”万元/家。")
def breakdown_line_incomplete(project: Project, ctx):
    """补助测算的一行缺少数量或标准，或填的不是数字、是负数。

    为什么：每行的金额 = 数量 × 标准；缺了任何一个，这一行和全项目的测算都算不出来，审核人员无法核对资金
    是否与年度资金总额一致。

    错误示例：类别“通过高企申请的企业补助”，数量空着，标准 5 万元/家。

    正确示例：类别“通过高企申请的企业补助”，数量 80 家，标准 5 万元/家。
    """
    for i, line in enumerate(project.funding, 1):
        problem = _line_problem(line)
        if problem:
            key, what, reason = problem
            yield hit(ref_of(line, key), project=project_label(project), line=_line_label(line, i), what=what,
                      reason=reason)


@rule("M303", Severity.WARNING, "补助测算行的单位不匹配",
      "{project}在“补助测算”中的{line}：{reason}。",
      "让数量单位与标准的“每…”一致（如 35 家 × 10 万元/家），标准单位写成金额单位。")
def breakdown_line_units(project: Project, ctx):
    """补助测算一行的数量单位与标准单位对不上，或标准单位不是金额。

    为什么：“100 人 × 5 万元/家”算不出有意义的金额，多半是单位写错或标准套错了行。判断单位是否一致用的是
    常见单位的同义归类（家/户/个，人/名/位），不认识的单位不报；因此只作警告。

    数量单位带“万”“千”等数量级（数量 52，数量单位“万人”，标准 84 元/人）时按 52 万人计算（4368 万元），与表中
    金额列的公式 XP_SUBSIDY_LINE（它也读数量单位）一致。

    错误示例：数量 100，数量单位“人”，标准 5，标准单位“万元/家”。

    正确示例：数量 100，数量单位“家”，标准 5，标准单位“万元/家”。
    """
    for i, line in enumerate(project.funding, 1):
        if _line_problem(line):
            continue
        problem = _line_unit_problem(line)
        if problem:
            key, reason = problem
            yield hit(ref_of(line, key), project=project_label(project), line=_line_label(line, i),
                      reason=f"{reason}，无法按“数量 × 标准”计算金额")
            continue
