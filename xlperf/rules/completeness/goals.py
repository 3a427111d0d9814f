"""完整性 C171–C173: a 绩效目标 that is there but says nothing to check — a stock phrase with no result, only
what the money is spent on, or only how far the work gets."""
from __future__ import annotations

import re

from ...form.findings import Severity
from ...text.normalize import squash
from .._shared import hit, project_label, ref_of, rule
from ._helpers import SOURCE_88, _blank

_ENDS = "。.；;，,、：: "
_DIGIT = re.compile(r"\d")
_CLAUSE = r"[^，,；;。.：:]"  # one clause: no sentence or clause break inside
# Stock phrases that fit any project: 做好…工作, 保持（和稳定）…, 按计划完成…, 进一步提升…, 保障…正常运转,
# 完成年度目标.
_GENERIC_RE = re.compile("|".join(f"(?:{p})" for p in (
    rf"^(?:认真|切实|全力|努力)?(?:做好|抓好|搞好|干好|落实好)(?:{_CLAUSE}){{1,20}}工作$",
    rf"^(?:保持|维持)(?:和|并)?(?:稳定)?(?:{_CLAUSE}){{1,20}}$",
    rf"^按(?:计划|要求|时|期|规定|进度|序时进度)(?:完成|执行|支出|使用)(?:{_CLAUSE}){{0,12}}$",
    rf"^进一步(?:提升|提高|加强|增强|改善|优化|完善|规范|推进|推动|促进)(?:{_CLAUSE}){{1,20}}$",
    rf"^(?:保障|保证|确保|维持|维护)(?:{_CLAUSE}){{0,12}}(?:正常运转|正常运行|顺利开展|顺利进行|平稳运行)$",
    r"^(?:完成|达成|实现)(?:年度|全年|预期|既定)?(?:目标|任务|工作任务|绩效目标|工作目标)$",
)))


def _goals(project, ctx=None) -> list[str]:
    """The project's goals, squashed and without end punctuation (worked out once per project and run)."""
    def goals():
        return [squash(g).strip(_ENDS) for g in project.goals if not _blank(g)]

    return ctx.shared(("goals", id(project)), goals) if hasattr(ctx, "shared") else goals()


@rule("C171", Severity.WARNING, "绩效目标只是一句套话",
      "{project}的绩效目标“{goal}”是任何项目都能写的套话，没有说出要达到的产出、效果、数量或时限，无法考核。",
      "写明资金使用后要完成什么、达到什么程度，如“年内储备稻谷5000吨、成品粮500吨，库存粮食质量达标率100%”；"
      "至少有数量、质量、时限中的一项。", source=SOURCE_88)
def goal_is_stock_phrase(project, ctx):
    """绩效目标只有一句套话（“做好…工作”“保持…稳定”“按计划完成…”“进一步提升…”“保障…正常运转”）。

    为什么：绩效目标是资金使用后预期达到的产出和效果，应当清晰、具体、可衡量，绩效指标由它细化而来。
    “做好价格认定工作”“保持和稳定储备机制”放在任何项目上都成立，年底无论做了多少都算“达到”，审核意见是
    “目标不明确”“不够细化量化”。只在项目的每一条目标都是这样一句（一个分句，没有任何数字）时报告；有一条
    目标写了具体内容，或写了数量、比例、时间的，不报。审核要点：完整性（清晰、具体、可衡量）。

    错误示例：绩效目标只有“做好涉案、价格认定工作。”；或只有“进一步提升服务水平”。

    正确示例：“全年办理价格认定案件不少于300件，认定结论采信率≥95%，12月底前全部办结。”
    """
    goals = _goals(project, ctx)
    if not goals or any(_DIGIT.search(g) for g in goals):
        return
    if all(_GENERIC_RE.search(g) for g in goals):
        yield hit(ref_of(project, "goals", ref_of(project, "name")), project=project_label(project), goal=goals[0])


# What the money is spent on: "30万元用于…", "…维修改造费用", "包括办公用品费、水电费…".
_SPENDING_RES = (
    re.compile(r"(?:万元|元)[^，,；;。]{0,4}用于|用于[^，,；;。]{0,30}?\d+(?:\.\d+)?(?:万元|元)"),
    re.compile(r"(?:费用|经费|开支|办公费|维护费|运行费)(?:等)?$"),
    re.compile(r"^(?:主要)?(?:包括|含)[^，,；;。]{0,20}费"),
)
# Words of a result: any of them means the goal says what is to be achieved, not only where the money goes.
_RESULT_WORDS = ("提高", "提升", "改善", "增加", "增强", "减少", "降低", "达到", "达标", "实现", "确保", "保障", "满意",
                 "受益", "覆盖", "完成率", "合格", "≥", "≤", "%", "不少于", "不低于", "以上", "优化", "促进", "推动",
                 "效果", "效益")


@rule("C172", Severity.WARNING, "绩效目标写的是资金用途",
      "{project}的绩效目标只写了资金花在哪里（“{goal}”），没有说出资金使用后要达到的产出和效果。",
      "资金怎么分配写在“项目资金主要用途”；绩效目标写用这些钱要完成什么、达到什么效果，如“完成3个基建项目的"
      "预算编制和审计，审减率≥5%”。", source=SOURCE_88)
def goal_is_spending(project, ctx):
    """绩效目标写的是资金用途（多少钱用于什么、列出开支项目），没有产出和效果。

    为什么：绩效目标与资金用途是表上两栏：资金用途说钱花在哪里，绩效目标说花了钱要达到什么。目标写成
    “30万元用于预算编制，30万元用于审计”或“包括办公用品费、水电费等”，就没有可以考核的结果，指标也无从
    细化。有一条目标写成金额“用于”某事、以“费用”“经费”结尾或以“包括…费”开头，而所有目标都没有提高、
    改善、达到、受益、合格、≥、% 这类表示结果的词时报告。审核要点：相关性（目标与资金用途对应）、完整性。

    错误示例：“本项目申请资金90万元，其中30万元用于基建项目预算编制，30万元用于审计，30万元用于设计。”

    正确示例：“完成全镇12个基建项目的预算编制、审计和设计，审减率≥5%，项目按期开工率100%。”
    """
    goals = _goals(project, ctx)
    if not goals or any(w in g for g in goals for w in _RESULT_WORDS):
        return
    spending = next((g for g in goals if any(p.search(g) for p in _SPENDING_RES)), None)
    if spending is not None:
        goal = spending if len(spending) <= 30 else spending[:28] + "…"
        yield hit(ref_of(project, "goals", ref_of(project, "name")), project=project_label(project), goal=goal)


# Only how far the work gets: "完成项目主体工程70%", "工程进度达到60%", "完成年度建设任务的80%".
_PROGRESS_RE = re.compile(rf"^(?=.*(?:完成|进度|工程量))(?:{_CLAUSE}){{0,20}}?\d+(?:\.\d+)?%(?:左右|以上)?$")


@rule("C173", Severity.WARNING, "绩效目标只写了完成进度",
      "{project}的绩效目标只写了完成进度（“{goal}”），没有说出完成后提供什么产出、达到什么效果。",
      "写明本年度要完成的工程或服务的数量和质量（如“新建高标准农田2000亩，验收合格率100%”），以及带来的效果"
      "（如“新增灌溉面积1500亩”）；完成的进度写在时效指标或资金支出计划中。", source=SOURCE_88)
def goal_is_progress(project, ctx):
    """绩效目标只有一个完成百分比（“完成项目主体工程70%”），是进度，不是产出和效果。

    为什么：进度说明做到了几成，说不出做成了什么、对谁有什么用；“完成70%”年底即使达到，也看不出资金换来了
    什么。进度属于时效指标或资金支出计划。只在每一条目标都是一个分句、只有“完成/进度/工程量”和一个百分比时
    报告。审核要点：完整性（目标写产出和效果）、相关性。

    错误示例：年度目标只有“完成项目主体工程70%”。

    正确示例：“完成高标准农田主体工程，新建机耕路12公里、灌溉渠道8公里，新增灌溉面积1500亩。”
    """
    goals = _goals(project, ctx)
    if goals and all(_PROGRESS_RE.match(g) for g in goals):
        yield hit(ref_of(project, "goals", ref_of(project, "name")), project=project_label(project), goal=goals[0])
