"""“其中” breakdowns: a total split into parts in prose ("总额400万元，其中省级补助100万元、县级配套250万元")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .claim_finder import (
    _COUNT_RE,
    _HEDGED,
    _PHRASE_SEP,
    _PLAIN_AMOUNT,
    _RANGE_IN_TEXT,
    _RATE_AFTER,
    _RATE_AVG,
    _RATE_EACH,
    _RATE_SLASH,
    _SENTENCE_END,
    _TOTAL_RE,
    _clean_label,
    _count_value,
    _overlaps,
)
from .money import _MAG, _MONEY, _NUM, _PER, _TIME_PER, _num, _r, to_wan, within_tolerance
from .normalize import clean_text, lazy_re, to_halfwidth

_TIER_WORDS = ("档", "类", "级", "等", "批", "期", "阶段", "年级", "片区", "乡镇", "城市", "农村", "城镇")  # parts that split a count
_PEOPLE = ("人", "名", "位", "户", "人次", "户次")

@dataclass(frozen=True)
class Breakdown:
    """A total split into parts in prose: "年度资金总额400万元，其中省级补助100万元、县级配套250万元".

    ``kind`` "money" (``total`` and ``parts`` in 万元, ``unit`` "万元") or "count" (in ``unit``, e.g. "人",
    a 万/千 prefix already applied). ``text`` = source[start:end], from the total to the last part;
    ``labels`` what each part is ("省级补助"), None when nothing names it.
    """

    text: str
    start: int
    end: int
    kind: str
    unit: str
    total: float
    parts: tuple[float, ...]
    labels: tuple[str | None, ...]

    @property
    def parts_sum(self) -> float:
        return _r(sum(self.parts))

    @property
    def holds(self) -> bool:
        """The parts add up to the total (money: within ``within_tolerance``; counts: exactly)."""
        if self.kind == "money":
            return within_tolerance(self.parts_sum, self.total)
        return abs(self.parts_sum - self.total) < 1e-6


_SPLIT_MARK = lazy_re(r"其中|包括")
_OPEN_PAREN = "(（"
_CLOSE_PAREN = lazy_re(r"[)）]")
# The total, right before 其中 (only punctuation between): "…总额400万元，", "受助学生1200人（".
_HEAD_MONEY = lazy_re(rf"(?<![\d.,])(?P<num>{_NUM})\s*(?P<unit>{_MONEY})[\s，,：:、(（]*$")
_HEAD_COUNT = lazy_re(rf"(?<![\d.,/])(?P<num>{_NUM})\s*{_MAG}(?P<unit>个?{_PER})[\s，,：:、(（]*$")
# A figure that is a rate or a standard, not a total: "补助标准1500元，其中…", "人均…"
_NOT_A_TOTAL = lazy_re(r"标准|单价|均|每|/")
# The parts may not be all of the total, or are not plain parts: say nothing.
_PARTIAL = lazy_re(r"等|其余|剩余|余下|部分|其中|包括|以上|以下|左右|约|近|超过|不少于|不低于|不超过|多|余|占|%|％")
_OTHER_WORD = lazy_re(r"其他|其它|另")
_CN_COUNT = lazy_re(rf"(?<![\d.])[一二两三四五六七八九十百千万]+个?{_PER}")  # "四百人"; not the 万 of "1.2万亩"
_ITEM_SEP = lazy_re(r"[，、：:]|,(?!\d{3})")


def _breakdown_at(src: str, norm: str, mark: re.Match) -> Breakdown | None:
    """The breakdown introduced by one 其中/包括, or None unless the total and every part are unambiguous."""
    sent_start = max([0] + [m.end() for m in _SENTENCE_END.finditer(norm, 0, mark.start())])
    nxt = _SENTENCE_END.search(norm, mark.end())
    sent_end = nxt.start() if nxt else len(norm)
    head = norm[sent_start:mark.start()]
    clause_end = sent_end
    if head.rstrip(" \t：:").endswith(tuple(_OPEN_PAREN)):  # "共需资金4368万元（其中：…）"
        close = _CLOSE_PAREN.search(norm, mark.end(), sent_end)
        if close is None:
            return None
        clause_end = close.start()
    clause = norm[mark.end():clause_end]
    if _PARTIAL.search(clause) or _RANGE_IN_TEXT.search(clause) or _TOTAL_RE.search(clause) or _CN_COUNT.search(clause):
        return None  # a hedge, a share, a remainder, nested parts or a subtotal (``find_claims``' business)

    money = _HEAD_MONEY.search(head)
    count = None if money else _HEAD_COUNT.search(head)
    total_m = money or count
    if total_m is None:
        return None
    phrase_start = max([0] + [m.end() for m in _PHRASE_SEP.finditer(head, 0, total_m.start())])
    if _NOT_A_TOTAL.search(head, phrase_start, total_m.end()):
        return None
    if any(h.start() < total_m.end() and total_m.start() < h.end()
           for h in (*_HEDGED.finditer(head), *_RANGE_IN_TEXT.finditer(head))):
        return None
    if money:
        kind, unit = "money", "万元"
        total = to_wan(_num(money.group("num")), money.group("unit"))
    else:
        cv = _count_value(count.group("num"), count.group("unit"), count.group("mag"))
        if cv is None or cv[1] in _TIME_PER:
            return None
        kind, (total, unit) = "count", cv
    if total <= 0:
        return None

    rates = [r.span() for rx in (_RATE_SLASH, _RATE_AFTER, _RATE_EACH, _RATE_AVG) for r in rx.finditer(clause)]
    if kind == "money" and rates:
        return None  # parts computed from rates: a calculation, not a plain split
    amounts = [a for a in _PLAIN_AMOUNT.finditer(clause) if not _overlaps(a.span(), rates)]
    counts = [c for c in _COUNT_RE.finditer(clause) if not _overlaps(c.span(), rates)]
    if kind == "money":
        found = [(a.span(), to_wan(_num(a.group("num")), a.group("unit"))) for a in amounts]
        others = [c.span() for c in counts if _count_value(c.group("num"), c.group("unit"), c.group("mag"))]
    else:
        found = []
        for c in counts:
            cv = _count_value(c.group("num"), c.group("unit"), c.group("mag"))
            if cv is None or cv[1] != unit:
                return None  # a count of something else among the parts: unsure what is split
            found.append((c.span(), cv[0]))
        others = [a.span() for a in amounts] + rates
    split = _split_parts(clause, found, others)
    if split is None:
        return None
    parts, labels, last_end = split
    if len(parts) < 2:
        return None  # one part is a subset ("新建农田2万亩，其中高效节水0.8万亩"), not a split
    if kind == "count" and unit in _PEOPLE and not all(label and any(t in label for t in _TIER_WORDS)
                                                       for label in labels):
        # people are often listed by overlapping traits ("学生1200人，其中女生600人、少数民族学生100人"): for them
        # only tiers (一档/二档, 一类/二类, 城市/农村…) are sure to split the whole
        return None
    start = sent_start + total_m.start()
    end = mark.end() + last_end
    return Breakdown(text=src[start:end], start=start, end=end, kind=kind, unit=unit, total=total,
                     parts=tuple(parts), labels=tuple(labels))


def _split_parts(clause: str, found: list, others: list) -> tuple[list[float], list[str | None], int] | None:
    """The parts of a breakdown's clause, one per item, with their labels and where the last one ends; None when
    an item holds two figures, a figure we did not read, or "其他…" with no figure. ``found``: (span, value) of
    the figures of the total's kind; ``others``: spans of the other figures."""
    known = [s for s, _ in found] + others
    parts: list[float] = []
    labels: list[str | None] = []
    last_end = 0
    bounds = [0] + [m.end() for m in _ITEM_SEP.finditer(clause)] + [len(clause) + 1]
    for p0, p1 in zip(bounds, bounds[1:]):
        phrase_parts = [(s, v) for s, v in found if p0 <= s[0] < p1]
        if len(phrase_parts) > 1:
            return None  # two figures of the kind in one item: not a plain list
        masked = "".join(ch if not any(s <= p0 + i < e for s, e in known) else " "
                         for i, ch in enumerate(clause[p0:p1 - 1] if p1 <= len(clause) else clause[p0:]))
        if not phrase_parts:
            if any(ch.isdigit() for ch in masked) or _OTHER_WORD.search(masked):
                return None  # a figure we did not read, or "其他…" with no amount: unsure
            continue
        (s, e), value = phrase_parts[0]
        if any(ch.isdigit() for ch in masked):
            return None
        parts.append(value)
        labels.append(_clean_label(clause[p0:s]))
        last_end = e
    return parts, labels, last_end


def find_breakdowns(text: object) -> list[Breakdown]:
    """The "其中/包括" breakdowns of a text whose total and parts are all unambiguous, in order.

    A breakdown: a total (an amount "400万元", or a count "1200人"), right before 其中/包括 in the same sentence
    (only punctuation or an opening bracket between), split into at least two parts of the same kind after it,
    up to the end of the sentence (or the closing bracket): "年度资金总额400万元，其中省级补助100万元、县级配套
    250万元", "受助学生1200人，其中一档400人、二档700人", "共需资金4368万元（其中：中央及省级补助3276万元，县级配套
    1092万元）". Counts must all have the total's unit. ``Breakdown.holds`` says whether the parts add up.

    Deliberately conservative, none is returned when: the total is a rate or a standard ("补助标准1500元，其中…",
    "5万元/家"), hedged or a range; the parts may not be all of it ("等", "其余", "部分", "其他…" with no figure,
    "以上", "约", a percentage); they are computed from rates ("每家10万元") or closed by a subtotal ("合计…",
    "计80万元", which ``find_claims`` reads); one item holds two figures; a figure is not understood; there is
    only one part (a subset, not a split); a count in the parts has another unit than the total.
    """
    raw = clean_text(text)
    if raw is None:
        return []
    src = str(text)
    norm = to_halfwidth(src)
    out = []
    for mark in _SPLIT_MARK.finditer(norm):
        b = _breakdown_at(src, norm, mark)
        if b is not None:
            out.append(b)
    return out
