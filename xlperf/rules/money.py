"""资金 rules (codes M3xx): the money adds up — the funding breakdown, the project's amounts, and the
arithmetic written in the funding texts.

Amounts are in 万元, the unit of the forms. Tolerance everywhere: ``calc.within_tolerance`` (0.5 % of the
stated amount or 50 元, for rounding in prose).
"""
from __future__ import annotations

import re
from typing import Iterator

from ..form.findings import Severity
from ..form.model import FundingLine, Project, Submission
from ..form.taxonomy import canonical_level1, canonical_level2
from ..text.breakdowns import find_breakdowns
from ..text.claims import find_claims, reconcile, text_total
from ..text.money import (
    amount_spans,
    funding_amount,
    parse_amount_wan,
    parse_count,
    parse_rate,
    subsidy_line,
    to_wan,
    within_tolerance,
)
from ..text.normalize import clean_text, parse_number, squash, to_halfwidth
from ..text.values import is_money_unit, parse_value
from ._shared import hit, project_label, ref_of, rule

BUDGET_SOURCE = "财预〔2015〕88号《中央部门预算绩效目标管理办法》"


# ------------------------------------------------------------------ shared helpers
def _r(x: float) -> float:
    return round(x, 4) + 0.0


def _plain(x: float) -> str:
    """A number as staff write it: 35, 0.5 (never 35.0 or 3.5e-05)."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def _money(value) -> float | None:
    """An amount field (年度资金总额 …) in 万元: a number, or text such as "1500" / "1500万元"; else None."""
    return parse_amount_wan(value)


# How staff write "none" in a source-of-funds cell (财政拨款, 其他资金): read as 0. "待定" stays text.
_ZERO_WORDS = frozenset({"-", "--", "—", "——", "–", "/", "无", "零"})
_SOURCE_FIELDS = ("fiscal", "other")


def _source_money(value) -> float | None:
    """A 财政拨款/其他资金 cell in 万元: as ``_money``, and "-", "—", "－", "/", "无" (a dash or "none") are 0."""
    amount = _money(value)
    if amount is None and squash(to_halfwidth(clean_text(value) or "")) in _ZERO_WORDS:
        return 0.0
    return amount


def _count(value) -> tuple[float, str | None] | None:
    """A 数量 cell as the workbook's XP_SUBSIDY_LINE reads it: (count, unit written in the cell or None)."""
    number = parse_number(value)
    return (number, None) if number is not None else parse_count(value)


def _rate(value) -> tuple[float, str | None] | None:
    """A 标准 cell as XP_SUBSIDY_LINE reads it: (amount, None) for a number, whose unit is the 标准单位 cell;
    (amount, the cell's own unit such as "万元/家") for text like "10万元/家", whose unit wins."""
    number = parse_number(value)
    if number is not None:
        return number, None
    rate = parse_rate(value)
    if rate is None:
        return None
    amount, money, per = rate
    return amount, f"{money}/{per}" if per else money


def _line_problem(line: FundingLine) -> tuple[str, str, str] | None:
    """Why a funding line's quantity or standard is unusable: (field, what, reason), or None.

    Read as the workbook's own XP_SUBSIDY_LINE reads them (``calc.parse_count``, ``calc.parse_rate``): "35家"
    and "10万元/家" are fine, since the workbook computes them.
    """
    for key, what, parse in (("quantity", "数量", _count), ("standard", "标准", _rate)):
        value = getattr(line, key)
        if value is None or clean_text(value) is None:
            return key, what, "未填写"
        parsed = parse(value)
        if parsed is None:
            return key, what, f"填写了“{clean_text(value)}”，不是数字"
        if parsed[0] < 0:
            return key, what, f"为负数（{_plain(parsed[0])}）"
    return None


def _line_units(line: FundingLine):
    """(count, count unit, count-unit field, rate amount, rate unit, rate-unit field) of a usable line.

    A unit written in the 数量/标准 cell itself ("35家", "10万元/家") is the one the workbook uses; otherwise
    the 数量单位/标准单位 cell's.
    """
    n, count_unit = _count(line.quantity)
    amount, rate_unit = _rate(line.standard)
    count_key = "quantity" if count_unit else "quantity_unit"
    rate_key = "standard" if rate_unit else "standard_unit"
    count_unit = count_unit or clean_text(line.quantity_unit)
    rate_unit = rate_unit or clean_text(line.standard_unit)
    return n, count_unit, count_key, amount, rate_unit, rate_key


def _line_unit_problem(line: FundingLine) -> tuple[str, str] | None:
    """Why a funding line's units do not fit together: (field, reason), or None.

    Only said when calc understands both units: a count unit calc does not know ("35套装") is given the
    benefit of the doubt.
    """
    q, count_unit, count_key, s, unit, rate_key = _line_units(line)
    if unit is not None and not is_money_unit(unit):
        return rate_key, f"标准单位“{unit}”不是金额单位（应为“万元/家”“元/人”等）"
    rate = f"{_plain(s)}{unit}" if unit else s
    if count_unit is None or unit is None:
        return None
    with_unit = subsidy_line(f"{_plain(q)}{count_unit}", rate)
    if with_unit is not None:
        return None
    understood = subsidy_line(f"{_plain(q)}{count_unit}", _plain(s)) is not None
    if understood and subsidy_line(q, rate) is not None:
        return count_key, f"数量单位“{count_unit}”与标准单位“{unit}”不一致"
    return None


def _line_amount(line: FundingLine) -> float | None:
    """count × standard in 万元, exactly as the workbook's XP_SUBSIDY_LINE computes it (``calc.funding_amount``:
    a 数量单位 such as “万人” scales the count); None when the line has a problem (reported by M302/M303)."""
    if _line_problem(line) or _line_unit_problem(line):
        return None
    return funding_amount(line.quantity, line.standard, line.standard_unit, line.quantity_unit)


def _line_label(line: FundingLine, index: int) -> str:
    return f"“{line.category}”" if line.category else f"第{index}行"


def _claim_findings(text, problem: str) -> Iterator[tuple[str, object]]:
    """(claim text, ClaimResult) for each claim in ``text`` whose result status is ``problem``."""
    for claim in find_claims(text):
        result = reconcile(claim)
        if result.status == problem:
            yield claim.text, result


def _gap(a: float | None, b: float | None) -> float:
    return _r(abs((a or 0.0) - (b or 0.0)))


def _reconcile_hint(result) -> str:
    if result.reconciling_value is None:
        return "缺少的数量不止一项，无法由合计倒推"
    return f"按所写合计倒推，“{result.missing}”应为{_plain(result.reconciling_value)}{result.reconciling_unit or ''}"


def _summary_label(summary, index: int) -> str:
    return f"“{summary.name}”" if summary.name else f"第{index}个项目"


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

    错误示例：年度资金总额空着；资金用途只写“为推进机器人产业发展，安排机器人产业扶持资金”。

    正确示例：年度资金总额 100；资金用途写“场地租赁费 60 万元，疫情减负补助 40 万元，合计 100 万元”。
    """
    if project.total is not None and clean_text(project.total) is not None:
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
        yield hit(ref_of(project, "total"), project=project_label(project), total=total, fiscal=fiscal, other=other,
                  sum=parts, gap=_gap(parts, total))


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


# ------------------------------------------------------------------ 数量指标 against the breakdown
_GENERIC_WORDS = {"数量", "企业", "补助", "补贴", "资金", "项目", "个数", "家数", "人数", "次数", "完成", "支出",
                  "拨付", "年度", "全年", "获得", "支持", "资助", "奖励", "标准", "金额", "费用"}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _key_words(*texts) -> set[str]:
    """Two-character words of the texts (every adjacent pair of Chinese characters), minus generic ones."""
    words = set()
    for text in texts:
        for run in _CJK_RUN.findall(text or ""):
            words |= {run[i:i + 2] for i in range(len(run) - 1)}
    return {w for w in words if w not in _GENERIC_WORDS and "的" not in w}


@rule("M312", Severity.WARNING, "数量指标与补助测算的数量不一致",
      "{project}的数量指标“{indicator}”指标值为“{value}”，而“补助测算”中{lines}合计只安排了{funded}{unit}。",
      "按补助测算核对数量指标的指标值，或补充补助测算，使承诺的数量有资金保障。",
      source=BUDGET_SOURCE)
def quantity_exceeds_breakdown(project: Project, ctx):
    """数量指标承诺的数量多于补助测算中安排资金的数量。

    为什么：补助项目的产出数量由资金决定：测算只给 80 家安排了补助，数量指标却承诺“≥100家”，目标与资金
    不匹配（适当性）。

    判断从严，以免误报：只比较二级指标为“数量指标”、指标值是带单位的数字、单位与测算行的数量单位完全相同
    （“家”对“家”），且三级指标或指标描述与测算行的类别有共同关键词（两个相连汉字，去掉“企业”“补助”“数量”
    等通用词）的情况；匹配到多行时与这些行的数量之和比较。“≥”“>”“=”分别在指标值大于、不小于、不等于
    该数量时报告（“=”也可等于其中某一行），没有比较符号的按“≥”看；“≤”“<”不报。指标值不超过同一单位的
    全部测算行数量之和时也不报（“维修面积≥18000平方米”是各项改造面积的合计，关键词只能对上其中几行）。

    错误示例：数量指标“拨付高企数量 ≥100家”，补助测算只有“通过高企申请的企业补助 80 家”。

    正确示例：数量指标“补助企业数量 ≥35家”，补助测算“复审企业补助 35 家 × 10 万元/家”。
    """
    lines = [line for line in project.funding if not _line_problem(line) and _line_units(line)[1]]
    if not lines:
        return
    for ind in project.indicators:
        if canonical_level2(ind.level2) != "数量指标":
            continue
        value = parse_value(ind.value)
        if value.kind != "quantitative" or value.number is None or value.upper is not None or not value.unit:
            continue
        words = _key_words(ind.level3, ind.description)
        matched = [line for line in lines if _line_units(line)[1] == value.unit
                   and words & _key_words(line.category)]
        if not matched:
            continue
        counts = [_line_units(line)[0] for line in matched]
        funded = _r(sum(counts))
        # every line in the same unit: a total (维修面积18000平方米) may cover lines the key words missed
        everything = _r(sum(_line_units(line)[0] for line in lines if _line_units(line)[1] == value.unit))
        n = value.number
        if value.comparator in ("≥", None):  # a bare "100家" is read as a floor, the lenient reading
            bad = n > funded and n > everything
        elif value.comparator == ">":
            bad = n >= funded and n >= everything
        elif value.comparator == "=":
            bad = all(n != c for c in (*counts, funded, everything))
        else:
            bad = False
        if bad:
            yield hit(ref_of(ind, "value"), project=project_label(project), indicator=ind.level3 or "",
                      value=clean_text(ind.value), lines="、".join(f"“{line.category}”" if line.category else "一行"
                                                                 for line in matched),
                      funded=funded, unit=value.unit)


# ------------------------------------------------------------------ M313–M314 (added after M312; codes are permanent)
def _breakdown_texts(form: Submission):
    """(where, ref, text) of every funding text: each project's 资金用途, then Part 1's 资金安排."""
    for project in form.projects:
        yield f"{project_label(project)}的项目资金主要用途", ref_of(project, "purpose"), project.purpose
    for i, summary in enumerate(form.summaries, 1):
        yield (f"第一部分“分项绩效目标”中{_summary_label(summary, i)}的项目资金安排", ref_of(summary, "purpose"),
               summary.purpose)


@rule("M313", Severity.WARNING, "“其中”所列分项之和与总数不一致",
      "{where}写有“{claim}”，“其中”所列各项合计{parts}{unit}，与前面的总数{total}{unit}不一致（相差{gap}{unit}）。",
      "核对总数和各分项，使分项之和等于总数；如果只列出了其中一部分，请写明其余部分（如“其余由单位自筹”）。",
      scope="form")
def breakdown_parts_differ(form: Submission, ctx):
    """资金用途中“其中/包括”所列的分项加起来不等于前面的总数。

    为什么：“年度资金总额400万元，其中省级补助100万元、县级配套250万元”是把总数拆成几部分，各部分之和应当等于
    总数；差了 50 万元，说明总数或某个分项写错了，或漏了一项资金来源。人数、家数等数量同理（单位须相同）。
    只在总数紧挨着“其中/包括”、分项至少两项、每一项都是同一种明确的数字时比较；写了“等”“其余”“部分”
    “约”“以上”、百分比，分项按标准计算（“每人2000元”不算分项），或以“合计…”收尾（由 M304 核对）的，都不报。
    文字识别靠经验规则，只作警告。

    错误示例：年度资金总额400万元，其中省级补助100万元、县级配套250万元；受助学生1200人，其中一档400人、二档700人。

    正确示例：年度资金总额400万元，其中省级补助150万元、县级配套250万元；受助学生1200人，其中一档400人、二档800人。
    """
    for where, ref, text in _breakdown_texts(form):
        for b in find_breakdowns(text):
            if b.holds:
                continue
            yield hit(ref, where=where, claim=b.text, parts=_plain(b.parts_sum), total=_plain(b.total),
                      unit=b.unit, gap=_plain(_gap(b.parts_sum, b.total)))


_TOTAL_COST_COMPARATORS = (None, "≤", "<", "=")


@rule("M314", Severity.INFO, "成本指标照抄了年度资金总额",
      "{project}的成本指标“{indicator}”的指标值“{value}”就是年度资金总额（{total}万元），只是把预算重写了一遍，"
      "反映不出单位产出花多少钱。",
      "成本指标写单位成本或每项产出的成本上限，如“每家企业补助标准≤10万元”“每平方米改造单价≤150元”。",
      source="财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》")
def cost_is_whole_budget(project: Project, ctx):
    """成本指标的指标值等于整个项目的年度资金总额。

    为什么：成本指标要说明“每一份产出花多少钱”（单位成本、单项成本上限），审核时据此判断资金与产出是否匹配；
    “项目总成本≤400万元”只是把年度资金总额再写一遍，年底必然“达成”，考核不出任何东西。一次性的单项工程
    以总造价控制成本也说得通，所以只作提示。只比较不带“/家”“/人”等计量单位的金额（元、万元），比较符号为
    “≤”“<”“=”或没有；“≥”由 V210 报告。

    错误示例：年度资金总额 400，成本指标“项目总成本”，指标值“≤400万元”。

    正确示例：年度资金总额 400，成本指标“每平方米屋面防水改造单价”，指标值“≤150元/平方米”。
    """
    total = _money(project.total)
    if total is None or total <= 0:
        return
    for ind in project.indicators:
        level1, level2 = canonical_level1(ind.level1), canonical_level2(ind.level2)
        if level2 not in ("成本指标", "经济成本指标") and not (level1 == "成本指标" and level2 is None):
            continue
        value = parse_value(ind.value)
        if (value.kind != "quantitative" or value.number is None or value.upper is not None or not value.unit
                or "/" in value.unit or value.comparator not in _TOTAL_COST_COMPARATORS):
            continue
        try:
            amount = to_wan(value.number, value.unit)  # "400万元", "400万", "4000000元"; not "400万人"
        except ValueError:
            continue
        if within_tolerance(amount, total):
            yield hit(ref_of(ind, "value"), project=project_label(project), indicator=ind.level3 or ind.description or "",
                      value=clean_text(ind.value), total=_plain(total))
