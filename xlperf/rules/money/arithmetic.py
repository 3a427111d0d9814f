"""资金 M304–M307: arithmetic written in the funding texts (the project's 资金用途, Part 1's 资金安排) — a sum
that does not hold, or one missing a quantity."""
from __future__ import annotations

from typing import Iterator

from ...form.findings import Severity
from ...form.model import Project, Submission
from ...text.claims import find_claims, reconcile
from .._shared import hit, project_label, ref_of, rule
from ._helpers import _gap, _plain, _summary_label


def _claim_findings(text, problem: str) -> Iterator[tuple[str, object]]:
    """(claim text, ClaimResult) for each claim in ``text`` whose result status is ``problem``."""
    for claim in find_claims(text):
        result = reconcile(claim)
        if result.status == problem:
            yield claim.text, result


def _reconcile_hint(result) -> str:
    if result.reconciling_value is None:
        return "缺少的数量不止一项，无法由合计倒推"
    return f"按所写合计倒推，“{result.missing}”应为{_plain(result.reconciling_value)}{result.reconciling_unit or ''}"


# ------------------------------------------------------------------ arithmetic written in the funding texts
@rule("M304", Severity.WARNING, "资金用途中的算式不成立",
      "{project}的项目资金主要用途写有“{claim}”，按其中的数字计算为{computed}万元，与所写的{stated}万元不一致"
      "（相差{gap}万元）。",
      "重新核算这段文字中的数量、标准和合计金额，使算式成立，并与年度资金总额、补助测算保持一致。")
def purpose_arithmetic_differs(project: Project, ctx):
    """项目资金主要用途中写出的算式（乘积、分项合计、“合计…”“共计…”）算不平。

    为什么：资金用途里的测算就是预算的依据，算式不成立会被审核人员认为测算不实（可行性）。文字是叙述而非
    表格，识别算式靠经验规则，可能读错，所以只作警告；识别不了的文字一律不报。

    错误示例：复审企业35家，每家补助10万元，合计380万元。

    正确示例：复审企业35家，每家补助10万元，合计350万元。
    """
    for claim, result in _claim_findings(project.purpose, "differs"):
        yield hit(ref_of(project, "purpose"), project=project_label(project), claim=claim,
                  computed=result.computed_wan, stated=result.stated_wan,
                  gap=_gap(result.computed_wan, result.stated_wan))


@rule("M305", Severity.WARNING, "资金用途中的算式缺少数量",
      "{project}的项目资金主要用途写有“{claim}”，其中“{missing}”只写了标准、没有写数量，算式无法核对："
      "已写明的部分合计{computed}万元，所写合计为{stated}万元；{hint}。",
      "补写“{missing}”的数量（家数、人数、次数等），使各项数量 × 标准之和等于所写合计。")
def purpose_arithmetic_missing_quantity(project: Project, ctx):
    """项目资金主要用途中的算式缺少某一项的数量，无法核对。

    为什么：只写“补助5万元/家”而不写多少家，审核人员无法判断合计金额从何而来。规则按所写合计倒推出缺少的
    数量，方便填报人核对。文字识别靠经验规则，只作警告。

    错误示例：申请高企的企业补助5万元/家，通过高企申请的企业补助5万元/家，合计900万元（100 家申请，
    通过的家数没有写）。

    正确示例：100家申请高企的企业补助5万元/家，80家通过高企申请的企业补助5万元/家，合计900万元。
    """
    for claim, result in _claim_findings(project.purpose, "missing_quantity"):
        yield hit(ref_of(project, "purpose"), project=project_label(project), claim=claim, missing=result.missing,
                  computed=result.computed_wan, stated=result.stated_wan, hint=_reconcile_hint(result))


@rule("M306", Severity.WARNING, "分项绩效目标资金安排中的算式不成立",
      "第一部分“分项绩效目标”中{project}的项目资金安排写有“{claim}”，按其中的数字计算为{computed}万元，"
      "与所写的{stated}万元不一致（相差{gap}万元）。",
      "重新核算这段文字中的数量、标准和合计金额，并与第二部分的项目表保持一致。",
      scope="form")
def summary_arithmetic_differs(form: Submission, ctx):
    """第一部分分项绩效目标的项目资金安排中写出的算式算不平。

    为什么：第一部分是部门整体绩效目标的正文，通常照抄项目表的资金用途，错误也随之照抄；报送的是两部分
    一起，审核人员两处都会看。识别算式靠经验规则，只作警告。

    错误示例：引进高新技术企业11家，每家补助30万元，合计300万元。

    正确示例：引进高新技术企业11家，每家补助30万元，合计330万元。
    """
    for i, summary in enumerate(form.summaries, 1):
        for claim, result in _claim_findings(summary.purpose, "differs"):
            yield hit(ref_of(summary, "purpose"), project=_summary_label(summary, i), claim=claim,
                      computed=result.computed_wan, stated=result.stated_wan,
                      gap=_gap(result.computed_wan, result.stated_wan))


@rule("M307", Severity.WARNING, "分项绩效目标资金安排中的算式缺少数量",
      "第一部分“分项绩效目标”中{project}的项目资金安排写有“{claim}”，其中“{missing}”只写了标准、没有写数量，"
      "算式无法核对：已写明的部分合计{computed}万元，所写合计为{stated}万元；{hint}。",
      "补写“{missing}”的数量，并与第二部分项目表的资金用途保持一致。",
      scope="form")
def summary_arithmetic_missing_quantity(form: Submission, ctx):
    """第一部分分项绩效目标的项目资金安排中的算式缺少某一项的数量。

    为什么：与项目表的资金用途相同，缺少数量就无法核对合计金额；规则按所写合计倒推出缺少的数量。识别算式
    靠经验规则，只作警告。

    错误示例：申请高企的企业补助5万元/家，通过高企申请的企业补助5万元/家，合计900万元。

    正确示例：100家申请高企的企业补助5万元/家，80家通过高企申请的企业补助5万元/家，合计900万元。
    """
    for i, summary in enumerate(form.summaries, 1):
        for claim, result in _claim_findings(summary.purpose, "missing_quantity"):
            yield hit(ref_of(summary, "purpose"), project=_summary_label(summary, i), claim=claim,
                      missing=result.missing, computed=result.computed_wan, stated=result.stated_wan,
                      hint=_reconcile_hint(result))
