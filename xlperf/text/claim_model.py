"""Arithmetic claims written in prose, as data: a :class:`Claim` of :class:`Term` s, and :func:`reconcile`, which
redoes its sums (a :class:`ClaimResult`). Finding them is :mod:`xlperf.text.claim_finder`'s business;
:mod:`xlperf.text.claims` is the public module and re-exports all of these.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .money import _r, to_wan, within_tolerance


@dataclass(frozen=True)
class Term:
    """One addend of a claim: ``count`` × ``amount`` ``unit`` (a plain amount has count 1.0).

    ``count`` None means the text gives a rate but not how many (the quantity is missing). ``label`` is what
    the term pays for ("复审企业"), ``per`` the rate's per-unit ("家") or None for a plain amount, ``text`` the
    source snippet of the rate or amount. ``periods``: how many times a rate per month or quarter is paid
    ("每人每月1200元" for a whole year: 12; "300元/人·月，全年12个月": 12); 1.0 otherwise.
    """

    text: str
    label: str | None
    count: float | None
    count_unit: str | None
    amount: float
    unit: str
    per: str | None = None
    periods: float = 1.0

    @property
    def value_wan(self) -> float | None:
        """count × amount (× periods) in 万元, or None when the count is missing."""
        if self.count is None:
            return None
        return _r(self.count * to_wan(self.amount, self.unit) * self.periods)


@dataclass(frozen=True)
class Claim:
    """A calculation stated in prose: ``text`` (= source[start:end]) claims Σ terms = ``stated_total_wan``.

    ``kind``: "product" (one explicit product, "4*7*2000元/人=5.6万元"), "sum" (explicit "A+B=C", a sum of
    amounts closed by 合计/共计, or a grand total over earlier subtotals), "subsidy" (rates per unit paired
    with counts, closed by 合计/共计). ``intermediate_wan`` holds the other values of an equality chain
    ("=56000元=5.6万元" → (5.6,)), which must match too.
    """

    text: str
    start: int
    end: int
    terms: tuple[Term, ...]
    stated_total_wan: float
    kind: str
    intermediate_wan: tuple[float, ...] = ()


@dataclass(frozen=True)
class ClaimResult:
    """The outcome of redoing a claim's arithmetic.

    ``status``: "holds"; "differs" (computed ≠ stated beyond tolerance); "missing_quantity" (a rate has no
    count: ``missing`` names it, e.g. "通过高企申请的企业", and ``reconciling_value`` ``reconciling_unit`` is
    the count that would make the claim hold, e.g. 80.0 "家", or None if it cannot be told); "unparsed"
    (the claim has nothing to compute). ``computed_wan`` is the sum of the known terms.
    """

    status: str
    computed_wan: float | None
    stated_wan: float | None
    missing: str | None = None
    reconciling_value: float | None = None
    reconciling_unit: str | None = None


@lru_cache(maxsize=4096)
def reconcile(claim: Claim) -> ClaimResult:
    """Redo a claim's arithmetic and say whether it holds, differs, or cannot hold for lack of a quantity.

    Tolerance: see ``within_tolerance``. For a chain every stated value must match; the first one that does
    not is reported as ``stated_wan``. With one missing count the reconciling count is
    (stated − known) ÷ rate, rounded to 4 decimals; with several missing counts it is None; if the known
    terms already exceed the stated total the status is "differs" (no count can fix it).
    """
    stated = claim.stated_total_wan
    if not claim.terms or stated is None or claim.kind not in ("product", "sum", "subsidy"):
        return ClaimResult("unparsed", None, stated)
    known = _r(sum(t.value_wan for t in claim.terms if t.value_wan is not None))
    missing = [(i, t) for i, t in enumerate(claim.terms, 1) if t.value_wan is None]
    if missing:
        i, first = missing[0]
        what = first.label or f"第{i}项的数量"
        remainder = stated - known
        if remainder < 0 and not within_tolerance(known, stated):
            return ClaimResult("differs", known, stated, missing=what)
        value = unit = None
        if len(missing) == 1:
            rate_wan = to_wan(first.amount, first.unit)
            if rate_wan > 0:
                value = round(max(remainder, 0.0) / (rate_wan * first.periods), 4) + 0.0
                unit = first.per or first.count_unit
        return ClaimResult("missing_quantity", known, stated, missing=what, reconciling_value=value,
                           reconciling_unit=unit)
    for value in (*claim.intermediate_wan, stated):
        if not within_tolerance(known, value):
            return ClaimResult("differs", known, value)
    return ClaimResult("holds", known, stated)
