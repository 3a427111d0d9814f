"""资金 M308–M311: the project's amounts — any amount at all, the total against its sources, numbers that are
not numbers, and the total written in the 资金用途."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import Project
from ...text.claims import find_claims, reconcile, text_total
from ...text.money import amount_spans, within_tolerance
from ...text.normalize import clean_text, squash, to_halfwidth
from .._shared import hit, project_label, ref_of, rule
from ._helpers import BUDGET_SOURCE, _gap, _money, _r

# How staff write "none" in a source-of-funds cell (财政拨款, 其他资金): read as 0. "待定" stays text.
_ZERO_WORDS = frozenset({"-", "--", "—", "——", "–", "/", "无", "零"})
_SOURCE_FIELDS = ("fiscal", "other")


def _source_money(value) -> float | None:
    """A 财政拨款/其他资金 cell in 万元: as ``_money``, and "-", "—", "－", "/", "无" (a dash or "none") are 0."""
    amount = _money(value)
    if amount is None and squash(to_halfwidth(clean_text(value) or "")) in _ZERO_WORDS:
        return 0.0
    return amount


# ------------------------------------------------------------------ the project's amounts
@rule("M308", Severity.WARNING, "项目没有任何金额",
      "{project}既没有填写年度资金总额，也没有补助测算，项目资金主要用途中也没有写任何金额，无法判断资金与目标"
      "是否匹配。",
      "填写年度资金总额（万元），并在项目资金主要用途或“补助测算”中写明资金怎样算出（数量 × 标准）。",
      source=BUDGET_SOURCE)
def no_amount_anywhere(project: Project, ctx):
    """项目在任何地方都没有写金额：没有年度资金总额，没有补助测算，资金用途中也没有金额。

    为什么：绩效目标要与资金量相匹配，没有金额就无从审核目标是否适当，也无法核对测算。年度资金总额为空本身
    已由完整性规则报为错误，本条补充说明整个项目找不到任何金额，故为警告。只看本项目的项目表和补助测算，
    第一部分的文字不计。

    按标签读取的其他格式表格（files.foreign）没有年度资金总额栏时不报：金额在别的表里（如部门整体目标表、
    评价指标表），不是漏填（Project.absent）。

    错误示例：年度资金总额空着；资金用途只写“为推进机器人产业发展，安排机器人产业扶持资金”。

    正确示例：年度资金总额 100；资金用途写“场地租赁费 60 万元，疫情减负补助 40 万元，合计 100 万元”。
    """
    if not project.provides("total") or (project.total is not None and clean_text(project.total) is not None):
        return
    if project.funding or amount_spans(project.purpose):
        return
    yield hit(ref_of(project, "total", ref_of(project, "name")), project=project_label(project))


@rule("M309", Severity.ERROR, "年度资金总额与资金来源之和不一致",
      "{project}的年度资金总额为{total}万元，财政拨款{fiscal}万元与其他资金{other}万元之和为{sum}万元，相差{gap}万元。",
      "核对资金来源：年度资金总额应等于其中财政拨款与其他资金之和。")
def total_not_sum_of_sources(project: Project, ctx):
    """年度资金总额不等于“其中：财政拨款”与“其他资金”之和。

    为什么：财政拨款和其他资金是年度资金总额的组成（表上写作“其中”），两者之和必须等于总额。只在总额和
    财政拨款都填了数字时检查；其他资金空着，或写作“-”“/”“无”，按 0 计。
    标出三格（年度资金总额、财政拨款、其他资金）：不相符的是它们之间的关系，错的可能是其中任何一格。

    错误示例：年度资金总额 350，财政拨款 300，其他资金 0。

    正确示例：年度资金总额 350，财政拨款 300，其他资金 50。
    """
    # a dash, "/" or "无" in 财政拨款/其他资金 is 0 (``_source_money``)
    total, fiscal = _money(project.total), _source_money(project.fiscal)
    blank_other = project.other is None or clean_text(project.other) is None
    other = 0.0 if blank_other else _source_money(project.other)
    if total is None or fiscal is None or other is None or min(total, fiscal, other) < 0:
        return
    parts = _r(fiscal + other)
    if not within_tolerance(parts, total):
        yield hit(ref_of(project, "total"), also=(ref_of(project, "fiscal"), ref_of(project, "other")),
                  project=project_label(project), total=total, fiscal=fiscal, other=other, sum=parts, gap=_gap(parts, total))


_AMOUNT_FIELDS = (("total", "年度资金总额"), ("fiscal", "财政拨款"), ("other", "其他资金"))


@rule("M310", Severity.ERROR, "资金金额不是数字或为负数",
      "{project}的{field}填写了“{value}”，{reason}。",
      "{field}填写以万元为单位的数字，如“350”或“5.6”；没有的填 0。")
def amount_not_number(project: Project, ctx):
    """年度资金总额、财政拨款或其他资金填的不是数字，或是负数。

    为什么：预算系统中这些栏目只收数字（万元），文字如“待定”“见附件”无法汇总和核对。写成“350万元”仍能看懂，
    不报；财政拨款、其他资金写作“-”“/”“无”表示 0，也不报（年度资金总额写“-”仍报告）。

    错误示例：年度资金总额填“待定”；其他资金填“-50”。

    正确示例：年度资金总额 350，财政拨款 350，其他资金 0。
    """
    for key, name in _AMOUNT_FIELDS:
        value = getattr(project, key)
        if value is None or clean_text(value) is None:
            continue
        # 财政拨款/其他资金 written "-", "—", "/" or "无" mean 0, not text
        amount = _source_money(value) if key in _SOURCE_FIELDS else _money(value)
        if amount is None:
            reason = "不是金额数字"
        elif amount < 0:
            reason = "金额不能为负数"
        else:
            continue
        yield hit(ref_of(project, key), project=project_label(project), field=name, value=clean_text(value),
                  reason=reason)


@rule("M311", Severity.WARNING, "资金用途中的合计与年度资金总额不一致",
      "{project}的项目资金主要用途中写明合计{stated}万元（“{claim}”），年度资金总额填写为{total}万元，相差{gap}万元。",
      "核对资金用途中的合计金额与年度资金总额，使两者一致。")
def purpose_total_differs(project: Project, ctx):
    """项目资金主要用途中写明的总金额与年度资金总额不一致。

    为什么：资金用途说明年度资金总额是怎样构成的，文字中的合计与总额对不上，说明其中一个写错了。

    只在文字明显代表全项目金额时比较：文字中最大的合计超过总额（部分不能大于整体），或它是对前面各项合计
    的总计（“…合计330万元，共计1580万”），或全文只有这一处算式且所有金额都在算式里。文字只说明部分资金时
    不报；算式本身不成立时由 M304、M305 报告，这里不重复。文字中的算式识别不了时，取文字最后写明的
    “共计/合计/总计/共需资金/全年需资金……万元”（不在“其中”分项里，前面的合计加起来等于它，文字中没有更大的
    金额，且不是“约”“不超过”等约数）与年度资金总额比较。识别算式靠经验规则，只作警告。

    错误示例：资金用途写“…共计1580万”，年度资金总额填 1500。

    正确示例：资金用途写“…共计1580万”，年度资金总额填 1580。
    """
    total = _money(project.total)
    claims = find_claims(project.purpose)
    if total is None or total < 0:
        return
    if not claims:  # arithmetic we cannot read: the total the text states in words, if it plainly has one
        stated_in_words = text_total(project.purpose)
        if stated_in_words is not None and not within_tolerance(total, stated_in_words[0]):
            yield hit(ref_of(project, "purpose"), project=project_label(project), stated=stated_in_words[0],
                      claim=stated_in_words[1], total=total, gap=_gap(stated_in_words[0], total))
        return
    top = max(claims, key=lambda c: c.stated_total_wan)
    stated = top.stated_total_wan
    if within_tolerance(total, stated) or reconcile(top).status != "holds":
        return  # a total that does not hold is M304's/M305's finding
    others = [c.stated_total_wan for c in claims if c is not top]
    whole = (stated > total
             or (others and within_tolerance(sum(others), stated))
             or (not others and all(top.start <= s and e <= top.end for s, e in amount_spans(project.purpose))))
    if whole:
        yield hit(ref_of(project, "purpose"), project=project_label(project), stated=stated, claim=top.text,
                  total=total, gap=_gap(stated, total))
