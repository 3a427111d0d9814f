"""Finding arithmetic claims in prose: the regexes (chains, totals, rates, counts, amounts, hedges and ranges) and
the parsers of one expression chain and of one segment closed by a 合计/共计 marker. :func:`find_claims` in
:mod:`xlperf.text.claims` walks a text with them; :mod:`xlperf.text.breakdowns` shares the regexes.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .claim_model import Claim, Term, reconcile
from .money import (
    _MAG,
    _MONEY,
    _NUM,
    _PER,
    _cn_number,
    _norm_money_unit,
    _num,
    _r,
    _same_unit,
    _scaled,
    to_wan,
    within_tolerance,
)
from .normalize import lazy_re

_MUL = r"[*xX×✕]"
_TERM = rf"(?:{_NUM})\s*(?:{_MONEY}(?:\s*/\s*{_PER})?|[万千百亿]?个?{_PER})?"
_CHAIN_RE = lazy_re(
    rf"(?P<expr>{_TERM}(?:\s*(?:{_MUL}|\+)\s*{_TERM})+)"
    rf"(?P<vals>(?:\s*(?:=|等于|合计|共计|总计|计)\s*{_NUM}\s*(?:{_MONEY})?)+)"
)
_TERM_PARTS = lazy_re(
    rf"(?P<num>{_NUM})\s*(?:(?P<unit>{_MONEY})(?:\s*/\s*(?P<per>{_PER}))?|(?P<cmag>[万千百亿])?(?P<cu>个?{_PER}))?"
)
_VAL_RE = lazy_re(rf"(?:=|等于|合计|共计|总计|计)\s*(?P<num>{_NUM})\s*(?P<unit>{_MONEY})?")

_TOTAL_RE = lazy_re(
    r"(?:合计|共计|总计|总共|(?<![^\s，,：:；;。、（(])(?:共|计))\s*[：:]?\s*(?:需要|需)?\s*"
    r"(?:补助资金|补贴资金|资金|金额|经费|补助|费用)?\s*(?:为|是)?\s*[：:]?\s*"
    rf"(?P<num>{_NUM})\s*(?P<unit>{_MONEY})(?!\s*/)(?!\s*每)"
)
_SENTENCE_END = lazy_re(r"[。；;！!？?\n\r]")
_PARAGRAPH_BREAK = lazy_re(r"\n[ \t\u3000]*\n")
_PHRASE_SEP = lazy_re(r"[，、：:（）()。；;！!？?\n\r]|,(?!\d{3})")  # sentence ends: for paragraph-level readings

_RATE_SLASH = lazy_re(rf"(?P<num>{_NUM})\s*(?P<unit>{_MONEY})\s*/\s*(?P<per>{_PER})")
_RATE_AFTER = lazy_re(rf"(?P<num>{_NUM})\s*(?P<unit>{_MONEY})\s*每\s*(?P<per>{_PER})")
_RATE_EACH = lazy_re(
    rf"每\s*一?\s*(?P<per>{_PER})(?P<mid>[^，,；;。\d]{{0,10}}?)(?P<num>{_NUM})\s*(?P<unit>{_MONEY})(?!\s*/)"
)
# A rate per head (or 亩, 户) written as an average: "人均补助标准84元", "亩均财政投入1500元", "月人均补差600元".
_RATE_AVG = lazy_re(
    rf"(?P<tm>月|年)?(?P<per>人|户|亩)均(?P<mid>[^，,；;。\d]{{0,16}}?)(?P<num>{_NUM})\s*(?P<unit>{_MONEY})(?!\s*/)(?!\s*每)"
)
_AVG_FUNDING = lazy_re(r"补|贴|投入|经费|标准|资金|奖|资助|费用|发放")
# The time part of a rate: "300元/人·月", "每人每月1200元", "1200元每人每月", "月人均补差600元".
_RATE_TIME_AFTER = lazy_re(r"\s*(?:[·•・./]|每)\s*(?P<t>月|季度|季|年)(?![^\W\d_])")
_RATE_TIME_MID = lazy_re(r"每\s*(?P<t>月|季度|季|年)")
_PERIODS = {"月": 12.0, "季度": 4.0, "季": 4.0}
# The text speaks of a whole year ("全年合计", "年度"), not of "2022年度".
_YEAR_WORD = lazy_re(r"全年|一年|整年|每年|(?<!\d)年度")
_RANGE_IN_TEXT = lazy_re(rf"{_NUM}\s*(?:{_MONEY})?\s*(?:-|~|～|—|–|至|到)\s*{_NUM}\s*{_MONEY}")
_HEDGED = lazy_re(
    rf"(?:最高|不超过|上限|封顶|不高于|至多|最多|最低|不低于|约|大约|近|超过|以上|以下|左右)\s*"
    rf"(?:补助|补贴|资助|奖励|支持|给予)?\s*(?:为|是)?\s*{_NUM}\s*{_MONEY}"
    rf"|{_NUM}\s*{_MONEY}\s*(?:以内|以下|以上|左右|封顶|起)"
)
_COUNT_RE = lazy_re(
    rf"(?<![每第\d.])(?P<num>{_NUM}|[一二两三四五六七八九十]+)\s*{_MAG}(?P<unit>个?{_PER})(?!\s*/)"
)
_PLAIN_AMOUNT = lazy_re(rf"(?<![\d.])(?P<num>{_NUM})\s*(?P<unit>{_MONEY})(?!\s*/)(?!\s*每)")

_VERB_TAIL = lazy_re(r"(?:的)?(?:补助|补贴|资助|奖励|给予|支持|按照|按|发放|标准为|标准|为|均|各|每家|需|需要|资金)+$")
_LABEL_HEAD = lazy_re(r"^(?:(?:19|20)\d{2}年度?|计划|预计|拟|共|有|其中|对|向|给|另|全年|今年|本年)+")


def _clean_label(s: str) -> str | None:
    s = s.strip(" \t，,、：:")
    for _ in range(3):
        s2 = _LABEL_HEAD.sub("", _VERB_TAIL.sub("", s))
        if s2 == s:
            break
        s = s2
    return s or None


def _phrase_bounds(seg: str, pos: int) -> tuple[int, int]:
    """Start and end (segment offsets) of the comma-delimited phrase containing ``pos``."""
    start = 0
    for m in _PHRASE_SEP.finditer(seg):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            return start, m.start()
    return start, len(seg)


def _count_value(num: str, unit: str, mag: str | None = None) -> tuple[float, str] | None:
    """(count, unit) of a count in prose; a 万/千/百/亿 prefix scales it ("52万人" → 520000 人)."""
    n = _cn_number(num) if num[0] in "一二两三四五六七八九十" else _num(num)
    if n is None:
        return None
    u = unit[1:] if unit.startswith("个") and len(unit) > 1 else unit
    if u in ("年",) and n.is_integer() and 1900 <= n <= 2100 and not mag:
        return None  # a year, never a quantity
    return _scaled(n, mag), unit


def _chain_claim(text: str, norm: str, m: re.Match) -> Claim | None:
    """Build a claim from an explicit expression chain "A*B*C=D(=E…)"; None if it is not a safe one."""
    start, end = m.start("expr"), m.end("vals")
    before = norm[:start].rstrip()
    if before and (before[-1] in "-−/÷(（*+=.,%" or before[-1].isdigit() or before[-1] in "xX×✕"):
        return None
    after = norm[end:].lstrip()
    if after and (after[0] in "*xX×✕+-−/÷)）%.=" or after[0].isdigit()):
        return None
    vals = [(v.group("num"), v.group("unit")) for v in _VAL_RE.finditer(m.group("vals"))]
    if vals[-1][1] is None and after and re.match(_PER, after):
        return None  # "=28人": not money
    expr = m.group("expr")
    expr_money = next((u.group("unit") for u in _TERM_PARTS.finditer(expr) if u.group("unit")), None)
    val_unit = next((u for _, u in vals if u), None)
    inherited = _norm_money_unit(val_unit or expr_money or "万元") or "万元"

    terms: list[Term] = []
    products = re.split(r"\s*\+\s*", expr)
    offset = start
    for prod in products:
        p_start = norm.index(prod, offset)
        offset = p_start + len(prod)
        factors = list(_TERM_PARTS.finditer(prod))
        money = [f for f in factors if f.group("unit")]
        if len(money) > 1:
            return None
        if money:
            mf = money[0]
            amount, unit, per = _num(mf.group("num")), _norm_money_unit(mf.group("unit")) or "万元", mf.group("per")
            others = [f for f in factors if f is not mf]
        else:
            mf = factors[-1]
            amount, unit, per = _num(mf.group("num")), inherited, None
            others = factors[:-1]
        count = 1.0
        for f in others:
            count *= _scaled(_num(f.group("num")), f.group("cmag"))
        terms.append(Term(text=text[p_start:p_start + len(prod)], label=None, count=_r(count), count_unit=None,
                          amount=amount, unit=unit, per=per))
    wans = [to_wan(_num(n), _norm_money_unit(u) if u else inherited) for n, u in vals]
    kind = "product" if len(terms) == 1 else "sum"
    return Claim(text=text[start:end], start=start, end=end, terms=tuple(terms), stated_total_wan=wans[-1],
                 kind=kind, intermediate_wan=tuple(wans[:-1]))


def _rate_time(seg: str, r: re.Match, form: str) -> str | None:
    """The time part of a rate ("月", "季度", "年") or None: "300元/人·月", "每人每月1200元", "月人均…600元"."""
    if form == "avg":
        return r.group("tm")
    if form == "each":
        t = _RATE_TIME_MID.search(r.group("mid"))
        if t:
            return t.group("t")
    if r.group("per") in ("月", "季度", "年"):
        return None  # "1200元/月": the month is the per-unit, paired with a count of months
    t = _RATE_TIME_AFTER.match(seg, r.end())
    return t.group("t") if t else None


def _apply_periods(sentence: str, terms: list[Term], times: list[str | None], counts: list, used: set[int]):
    """Give rates per month/quarter their number of periods; returns (terms, whether the text says 全年).

    An explicit count of months ("全年12个月") is used (and counted as explained); else 12 (4) when the
    sentence speaks of a whole year; else 12 (4) tentatively, which the caller keeps only if it alone holds.
    """
    year = bool(_YEAR_WORD.search(sentence))
    out = list(terms)
    for i, (term, t) in enumerate(zip(terms, times)):
        periods = _PERIODS.get(t or "")
        if periods is None:
            continue
        unit_words = ("月", "个月") if t == "月" else ("季度", "个季度", "季")
        explicit = next((j for j, (c, cv) in enumerate(counts) if j not in used and cv[1] in unit_words), None)
        if explicit is not None:
            used.add(explicit)
            periods = counts[explicit][1][0]
            year = True  # stated outright: no alternative reading
        out[i] = replace(term, periods=periods)
    return out, year


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _segment_claim(text: str, norm: str, seg_start: int, marker: re.Match, totals: list[Term],
                   last_grand: Term | None, sentence_totals: list[tuple[Term, int]]) -> tuple[Claim | None, bool]:
    """Claim for the text between ``seg_start`` and a 合计/共计 marker. Returns (claim, is_grand_total).

    ``totals``: subtotals since the last grand total in the paragraph; ``sentence_totals``: (subtotal, start)
    for those stated earlier in the same sentence.
    """
    seg = norm[seg_start:marker.start()]
    stated = to_wan(_num(marker.group("num")), marker.group("unit"))
    if _RANGE_IN_TEXT.search(seg) or _HEDGED.search(seg):
        return None, False
    rates, times, counts, amounts = _segment_items(seg)
    if rates:
        return _subsidy_claim(text, norm, seg_start, marker, stated, rates, times, counts, amounts), False
    if amounts:
        return _sum_claim(text, seg, seg_start, marker.end(), stated, amounts, sentence_totals), False
    return _grand_total_claim(text, marker, stated, totals, last_grand)


def _segment_items(seg: str) -> tuple[list[tuple[re.Match, str]], list[str | None], list, list[re.Match]]:
    """What a segment itemises: its rates (match, form) in order, each rate's time part, the counts
    (match, (count, unit)) and the plain amounts that are no part of a rate."""
    rate_spans: list[tuple[int, int]] = []
    rates: list[tuple[re.Match, str]] = []
    for rx, form in ((_RATE_SLASH, "slash"), (_RATE_AFTER, "after"), (_RATE_EACH, "each"), (_RATE_AVG, "avg")):
        for r in rx.finditer(seg):
            if form == "avg" and not _AVG_FUNDING.search(r.group("mid")):
                continue  # "人均增收500元" is an outcome, not what is paid per head
            if not _overlaps(r.span(), rate_spans):
                rates.append((r, form))
                rate_spans.append(r.span())
    rates.sort(key=lambda x: x[0].start())
    times = [_rate_time(seg, r, form) for r, form in rates]
    counts = []
    for c in _COUNT_RE.finditer(seg):
        if _overlaps(c.span(), rate_spans):
            continue
        cv = _count_value(c.group("num"), c.group("unit"), c.group("mag"))
        if cv is not None:
            counts.append((c, cv))
    amounts = [a for a in _PLAIN_AMOUNT.finditer(seg) if not _overlaps(a.span(), rate_spans)]
    return rates, times, counts, amounts


def _subsidy_claim(text: str, norm: str, seg_start: int, marker: re.Match, stated: float, rates, times, counts,
                   amounts) -> Claim | None:
    """A segment with rates: each paired with a count of its unit (see ``_find_claims``), plain amounts added."""
    seg = norm[seg_start:marker.start()]
    m_end = marker.end()
    used: set[int] = set()
    terms: list[Term] = []
    first_pos = min([r.start() for r, _ in rates] + [a.start() for a in amounts])
    phrases = [_phrase_bounds(seg, c.start()) for c, _ in counts]
    for r, form in rates:
        per = r.group("per")
        p0, p1 = _phrase_bounds(seg, r.start())
        candidates = [i for i, (c, cv) in enumerate(counts) if i not in used and _same_unit(cv[1], per)]
        same = [i for i in candidates if p0 <= counts[i][0].start() < p1]
        before = sorted((i for i in candidates if counts[i][0].start() < p0), key=lambda i: -counts[i][0].start())
        after = sorted((i for i in candidates if counts[i][0].start() >= p1), key=lambda i: counts[i][0].start())
        pick = (same or before or after or [None])[0]
        label = _clean_label(seg[p0:r.start()]) if form != "each" else None
        count = count_unit = None
        if pick is not None:
            used.add(pick)
            c, (count, count_unit) = counts[pick]
            first_pos = min(first_pos, phrases[pick][0])
            if label is not None and p0 <= c.start() < r.start():  # "A类企业30家补助…" → "A类企业"
                label = _clean_label(seg[p0:c.start()]) or _clean_label(seg[c.end():r.start()])
            if label is None:
                q0, _q1 = phrases[pick]
                label = _clean_label(seg[q0:c.start()]) or _clean_label(seg[c.end():phrases[pick][1]])
        terms.append(Term(text=text[seg_start + r.start():seg_start + r.end()], label=label, count=count,
                          count_unit=count_unit, amount=_num(r.group("num")),
                          unit=_norm_money_unit(r.group("unit")) or "万元", per=per))
    if any(t.count is None for t, (_r0, form) in zip(terms, rates) if form == "avg"):
        return None  # "人均增收500元" without a head count: no rate of this claim
    if any(t.count is None for t in terms) and len(used) < len(counts):
        return None  # a rate without a count next to an unexplained count: unsure, say nothing
    terms, year_context = _apply_periods(seg + norm[marker.start():m_end], terms, times, counts, used)
    for a in amounts:
        p0, _ = _phrase_bounds(seg, a.start())
        terms.append(Term(text=text[seg_start + a.start():seg_start + a.end()],
                          label=_clean_label(seg[p0:a.start()]), count=1.0, count_unit=None,
                          amount=_num(a.group("num")), unit=_norm_money_unit(a.group("unit")) or "万元"))
    start = seg_start + _phrase_bounds(seg, first_pos)[0]
    start = _skip_space(text, start)
    claim = Claim(text=text[start:m_end], start=start, end=m_end, terms=tuple(terms),
                  stated_total_wan=stated, kind="subsidy")
    if not year_context and any(t.periods != 1.0 for t in terms):
        # a monthly rate with no word for a whole year: the literal reading unless only ×12 holds
        literal = replace(claim, terms=tuple(replace(t, periods=1.0) for t in terms))
        if reconcile(claim).status != "holds" or reconcile(literal).status == "holds":
            claim = literal
    if len(used) < len(counts) and reconcile(claim).status != "holds":
        return None  # a problem, but next to quantities we did not understand: say nothing
    return claim


def _sum_claim(text: str, seg: str, seg_start: int, m_end: int, stated: float, amounts: list[re.Match],
               sentence_totals: list[tuple[Term, int]]) -> Claim | None:
    """A segment of plain amounts closed by the total (after "其中" only the amounts that follow it)."""
    if "其中" in seg:
        k = seg.rindex("其中")
        amounts = [a for a in amounts if a.start() >= k]
        sentence_totals = []
    terms = []
    for a in amounts:
        p0, _ = _phrase_bounds(seg, a.start())
        terms.append(Term(text=text[seg_start + a.start():seg_start + a.end()],
                          label=_clean_label(seg[p0:a.start()]), count=1.0, count_unit=None,
                          amount=_num(a.group("num")), unit=_norm_money_unit(a.group("unit")) or "万元"))
    # Readings, literal first: the amounts alone; the same sentence's earlier subtotals plus the amounts.
    readings = [(tuple(terms), seg_start + _phrase_bounds(seg, amounts[0].start())[0])] if terms else []
    if sentence_totals and terms:
        readings.append(((*(t for t, _ in sentence_totals), *terms), sentence_totals[0][1]))
    readings = [(ts, pos) for ts, pos in readings if len(ts) >= 2 and not any(
        t.value_wan is not None and (t.value_wan >= stated or within_tolerance(t.value_wan, stated))
        for t in ts)]  # one amount already being the total means a restatement, not a sum
    if not readings:
        return None
    chosen = next((r for r in readings if within_tolerance(sum(t.value_wan or 0.0 for t in r[0]), stated)),
                  readings[0])
    start = _skip_space(text, chosen[1])
    return Claim(text=text[start:m_end], start=start, end=m_end, terms=chosen[0],
                 stated_total_wan=stated, kind="sum")


def _grand_total_claim(text: str, marker: re.Match, stated: float, totals: list[Term],
                       last_grand: Term | None) -> tuple[Claim | None, bool]:
    """Nothing itemised before the marker: a grand total over the subtotals stated earlier."""
    m_end = marker.end()
    candidates = []
    if len(totals) >= 2:
        candidates.append(tuple(totals))
    if last_grand is not None and totals:
        candidates.append((last_grand, *totals))
    if not candidates:
        return None, False
    chosen = candidates[0]
    for cand in candidates:
        if within_tolerance(sum(t.value_wan or 0.0 for t in cand), stated):
            chosen = cand
            break
    start = marker.start()
    return Claim(text=text[start:m_end], start=start, end=m_end, terms=chosen, stated_total_wan=stated,
                 kind="sum"), True


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and (text[pos].isspace() or text[pos] in "，,、：:"):
        pos += 1
    return pos
