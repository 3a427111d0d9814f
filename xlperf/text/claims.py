"""Arithmetic claims written in prose.

Funding texts such as "每季度一次，一次七个专家，全年需资金4*7*2000元/人=5.6万元" or "复审企业35家，每家补助10万元，
合计350万元" state a calculation. ``find_claims`` finds them and ``reconcile`` redoes the sums. The finder is
deliberately conservative: a text it does not fully understand yields no claim, because a false alarm costs more
reviewer trust than a missed one.

The data (:class:`Term`, :class:`Claim`, :class:`ClaimResult`, :func:`reconcile`) is in
:mod:`~xlperf.text.claim_model`, the regexes and segment parsers in :mod:`~xlperf.text.claim_finder`; this module
walks a text with them (:func:`find_claims`) and reads a stated total (:func:`text_total`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .claim_finder import (
    _CHAIN_RE,
    _HEDGED,
    _PARAGRAPH_BREAK,
    _RANGE_IN_TEXT,
    _SENTENCE_END,
    _TOTAL_RE,
    _chain_claim,
    _overlaps,
    _segment_claim,
)
from .claim_model import Claim, ClaimResult, Term, reconcile
from .money import _AMOUNT_IN_TEXT_RE, _MONEY, _NUM, _norm_money_unit, _num, to_wan, within_tolerance
from .normalize import clean_text, lazy_re, to_halfwidth

__all__ = ["Claim", "ClaimResult", "Term", "find_claims", "reconcile", "text_total"]


def find_claims(text: object) -> list[Claim]:
    """Find the arithmetic claims in a funding text, in order of appearance (see ``_find_claims``).

    Cached per text: several rules (and both parts of the form) read the same 用途 text.
    """
    return list(_find_claims_cached(text)) if isinstance(text, str) else _find_claims(text)


@lru_cache(maxsize=4096)
def _find_claims_cached(text: str) -> tuple[Claim, ...]:
    return tuple(_find_claims(text))


def _find_claims(text: object) -> list[Claim]:
    """Find the arithmetic claims in a funding text, in order of appearance.

    Recognised:
      * explicit chains: "4*7*2000元/人=5.6万元", "A+B=C", with * x X × ＊ and = 合计 共计 总计 计 as the
        equals, full-width digits, 元/万元/亿元 mixed (a chain with no unit is taken as 万元);
      * subsidy sentences closed by 合计/共计/总计/共/计 + amount: each rate ("5万元/家", "每家补助10万元",
        "10万元每家") is paired with a count of the same unit ("35家") in its phrase, else the nearest earlier
        phrase, else the nearest later one, within the same sentence (split at 。；! ? and line breaks) and
        after the previous total; a rate with no count is kept with count None (a missing quantity);
        when earlier sentences of the paragraph (after the previous total) also name amounts and the
        sentence's own reading does not hold, the total may cover those too: the paragraph-level reading
        is taken if it holds, else no claim ("…费用50万元；开展调研2次，每次5万元，合计60万元" holds);
      * plain sums: "设备费100万元，材料费50万元，合计150万元" (at least two amounts; after "其中" only the
        amounts that follow it);
      * grand totals: a 合计/共计 with nothing itemised before it in its sentence sums the subtotals stated
        since the previous grand total in the same paragraph ("…合计330万元，共计1580万").
    Never a claim: ranges ("1500-2400元/人"), hedged amounts (最高/不超过/约/以上/左右…), years and dates,
    subtraction/division or brackets around a chain, a rate left without a count while some other count
    is unexplained, a sum in which one amount already equals the total.
    """
    raw = clean_text(text)
    if raw is None:
        return []
    src = str(text)
    norm = to_halfwidth(src)
    claims: list[Claim] = []
    events, paragraph_starts = _claim_events(src, norm)

    totals: list[Term] = []
    total_pos: list[int] = []
    last_grand: Term | None = None
    boundary = 0
    paragraph = 0
    for pos, ev in events:
        para = max(i for i, p in enumerate(paragraph_starts) if p <= pos)
        if para != paragraph:
            paragraph, totals, total_pos, last_grand = para, [], [], None
        if isinstance(ev, Claim):
            claims.append(ev)
            totals.append(Term(text=ev.text, label=None, count=1.0, count_unit=None,
                               amount=ev.stated_total_wan, unit="万元"))
            total_pos.append(ev.start)
            boundary = ev.end
            continue
        mk: re.Match = ev  # type: ignore[assignment]
        sent_start = 0
        for s in _SENTENCE_END.finditer(norm, 0, mk.start()):
            sent_start = s.end()
        seg_start = max(sent_start, boundary, paragraph_starts[para])
        same_sentence = [(t, p) for t, p in zip(totals, total_pos) if p >= sent_start]
        claim, grand = _segment_claim(src, norm, seg_start, mk, totals, last_grand, same_sentence)
        para_start = max(boundary, paragraph_starts[para])
        if (claim is not None and not grand and seg_start > para_start and reconcile(claim).status != "holds"
                and _AMOUNT_IN_TEXT_RE.search(norm, para_start, seg_start)):
            # The total may cover the amounts of the earlier sentences too ("编制规划1项，费用50万元；开展调研
            # 2次，每次5万元，合计60万元"): the paragraph-level reading, if it holds; else we cannot tell which
            # reading was meant, and say nothing.
            since = [(t, p) for t, p in zip(totals, total_pos) if p >= para_start]
            wide, wide_grand = _segment_claim(src, norm, para_start, mk, totals, last_grand, since)
            ok = wide is not None and not wide_grand and reconcile(wide).status == "holds"
            claim = wide if ok else None
        boundary = mk.end()
        subtotal = Term(text=src[mk.start():mk.end()], label=None, count=1.0, count_unit=None,
                        amount=_num(mk.group("num")), unit=_norm_money_unit(mk.group("unit")) or "万元")
        if claim is not None:
            claims.append(claim)
        if grand:
            totals, total_pos, last_grand = [], [], subtotal
        else:
            totals.append(subtotal)
            total_pos.append(claim.start if claim is not None else mk.start())
    return claims


def _claim_events(src: str, norm: str) -> tuple[list[tuple[int, object]], list[int]]:
    """The explicit chains (as claims) and the 合计/共计 markers outside them, in order of position; and where
    each paragraph starts."""
    chains = []
    for m in _CHAIN_RE.finditer(norm):
        c = _chain_claim(src, norm, m)
        if c is not None:
            chains.append(c)
    chain_spans = [(c.start, c.end) for c in chains]
    markers = [mk for mk in _TOTAL_RE.finditer(norm) if not _overlaps(mk.span(), chain_spans)]
    events: list[tuple[int, object]] = [(c.start, c) for c in chains] + [(mk.start(), mk) for mk in markers]
    events.sort(key=lambda e: e[0])
    paragraph_starts = [0] + [p.end() for p in _PARAGRAPH_BREAK.finditer(norm)]
    return events, paragraph_starts


# --- the total a text states, when its arithmetic cannot be read ----------------------------------------------

_TEXT_TOTAL_RE = lazy_re(
    r"(?:合计|共计|总计|共需|全年需)\s*[：:]?\s*(?:需要|需)?\s*(?:补助资金|补贴资金|资金|金额|经费|补助|费用)?\s*"
    rf"(?:为|是)?\s*[：:]?\s*(?P<num>{_NUM})\s*(?P<unit>{_MONEY})(?!\s*/)(?!\s*每)(?!\s*(?:以内|以下|以上|左右|封顶|起))"
)
_BREAKDOWN_CLAUSE = lazy_re(r"其中[^。\n\r]*")


def text_total(text: object) -> tuple[float, str, int, int] | None:
    """The total a funding text states in words, for when ``find_claims`` cannot read its arithmetic:
    (amount in 万元, snippet, start, end) or None.

    It is the last "共计/合计/总计/共需资金/全年需资金 X万元" of the text, outside the "其中…" clauses that split a
    total into parts, and only when it is plainly the whole: it is the only such total, or the earlier ones add
    up to it ("…全年需资金2304万元；…全年需资金3570万元；合计5874万元"), and no amount in the text is larger.
    Hedged amounts ("共计约300万元", "合计不超过300万元") and ranges are no total, nor is a total in a sentence
    with one ("每家补助不超过10万元，合计380万元").
    """
    raw = clean_text(text)
    if raw is None:
        return None
    src = str(text)
    norm = to_halfwidth(src)
    clauses = [m.span() for m in _BREAKDOWN_CLAUSE.finditer(norm)]
    hedged = [m.span() for m in _HEDGED.finditer(norm)] + [m.span() for m in _RANGE_IN_TEXT.finditer(norm)]
    marks = [m for m in _TEXT_TOTAL_RE.finditer(norm)
             if not _overlaps(m.span(), clauses) and not _overlaps(m.span("num"), hedged)]
    if not marks:
        return None
    last = marks[-1]
    sentence = max([0] + [m.end() for m in _SENTENCE_END.finditer(norm, 0, last.start())])
    if any(sentence <= h.start() < last.end() for h in _HEDGED.finditer(norm)):
        return None  # "每家补助不超过10万元，合计380万元": a total built on caps or estimates, not a firm one
    total = to_wan(_num(last.group("num")), last.group("unit"))
    earlier = [to_wan(_num(m.group("num")), m.group("unit")) for m in marks[:-1]]
    if earlier and not within_tolerance(sum(earlier), total):
        return None
    for a in _AMOUNT_IN_TEXT_RE.finditer(norm):
        if to_wan(_num(a.group("num")), a.group("unit")) > total and not within_tolerance(
                to_wan(_num(a.group("num")), a.group("unit")), total):
            return None
    return total, src[last.start():last.end()], last.start(), last.end()
