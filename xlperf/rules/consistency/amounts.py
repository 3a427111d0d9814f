"""一致性 K508 and K511: the project's money in the two parts — the amount, and the 资金用途 text."""
from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from ...form.findings import Severity
from ...text.claims import find_claims, text_total
from ...text.money import within_tolerance
from ...text.normalize import clean_text, lazy_re, parse_number
from .._shared import hit, rule, snippet
from ._matching import all_pairs, goal_key

# ------------------------------------------------------------------ amounts
_CLAIM_MARK = lazy_re("[计共=＝]|需资金")


@lru_cache(maxsize=1024)
def stated_total_wan(text: str | None) -> float | None:
    """The total a funding text states ("…共计1580万" → 1580.0): the largest total among its arithmetic claims;
    when it has none that can be read, the total it states in words (``calc.text_total``: the last
    "共计/合计/总计/共需资金/全年需资金 X万元" outside "其中" items, not hedged)."""
    if not text or not _CLAIM_MARK.search(text):
        return None  # find_claims needs a 合计/共计/总计/共/计 or an "=": skip the parse
    totals = [c.stated_total_wan for c in find_claims(text) if c.stated_total_wan is not None]
    if totals:
        return max(totals)
    in_words = text_total(text)
    return in_words[0] if in_words else None


@rule("K508", Severity.WARNING, "两部分的项目金额不一致",
      "第一部分“{project}”的资金安排写的是{part1}万元，而第二部分{where}是{part2}万元。",
      "核对项目资金，使第一部分的金额与项目表的年度资金总额一致。", scope="form")
def amount_differs(form, ctx):
    """第一部分写的项目金额与第二部分不一致。

    为什么：同一项目的资金在两部分必须是同一个数；金额对不上，审核人员无法判断以哪个为准，绩效
    目标与资金是否匹配也无从判断。

    判断方法：取第一部分资金安排文字中写明的合计金额（如“……共计1580万”，取其中最大的合计数；文字中的
    算式识别不了时，取最后写明的“共计/合计/共需资金……万元”，不含“其中”分项和“约”“不超过”等约数），与
    第二部分的年度资金总额比较；项目表未填年度资金总额时，与项目表“项目资金主要用途”中的合计金额
    比较。允许 0.5% 或 50 元以内的取整误差。

    错误示例：第一部分“……共计1580万”，项目表年度资金总额 1500。
    正确示例：第一部分“……共计1580万”，项目表年度资金总额 1580。
    """
    for s, p in all_pairs(ctx):
        total = parse_number(p.total)
        if total is None and goal_key(s.purpose or "") == goal_key(p.purpose or ""):
            continue  # the same text states the same total
        part1 = stated_total_wan(s.purpose)
        if part1 is None:
            continue
        if total is not None:
            part2, where = total, "项目表的年度资金总额"
        else:
            part2, where = stated_total_wan(p.purpose), "项目资金主要用途中写的合计"
        if part2 is not None and not within_tolerance(part1, part2):
            yield hit(s.cells.get("purpose"), project=p.name, part1=part1, part2=part2, where=where)


@rule("K511", Severity.INFO, "两部分的项目资金用途表述不同",
      "“{project}”的资金用途在两部分写法不同：第一部分为“{part1}”，第二部分为“{part2}”。",
      "以项目表为准核对，把两部分改成一致。", scope="form")
def purpose_differs(form, ctx):
    """第一部分的项目资金安排与第二部分的“项目资金主要用途”文字不同。

    为什么：两处说的是同一笔资金的用途和测算，通常应当一致；文字不同时往往是只改了一处，金额或
    数量可能已经对不上。

    判断方法：去掉空格、统一全角半角、去掉结尾的句号后比较；不同时列出第一处不同附近的文字。
    任一处没有填写时不比较（由完整性规则报告）。

    错误示例：第一部分“复审企业35家”，项目表“复审企业30家”。
    正确示例：两部分的资金用途文字相同。
    """
    for s, p in all_pairs(ctx):
        a, b = clean_text(s.purpose), clean_text(p.purpose)
        if a is None or b is None:
            continue
        ka, kb = goal_key(a), goal_key(b)
        if ka == kb:
            continue
        m = SequenceMatcher(None, ka, kb, autojunk=False)
        blocks = m.get_opcodes()
        tag, i1, i2, j1, j2 = next(op for op in blocks if op[0] != "equal")
        yield hit(s.cells.get("purpose"), project=p.name, part1=snippet(ka, i1, i2, width=12),
                  part2=snippet(kb, j1, j2, width=12))
