"""Money and spending-progress arithmetic, and arithmetic claims written in prose.

These functions back the Excel UDFs (which wrap them one to one) and the rule engine. Amounts are in 万元
(10,000 元), the unit of the budget forms. Pure stdlib, cheap to import.

Prose claims: funding texts such as "每季度一次，一次七个专家，全年需资金4*7*2000元/人=5.6万元" or "复审企业35家，
每家补助10万元，合计350万元" state a calculation. ``find_claims`` finds them and ``reconcile`` redoes the sums.
The finder is deliberately conservative: a text it does not fully understand yields no claim, because a
false alarm costs more reviewer trust than a missed one.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass, replace

from .textnorm import clean_text, lazy_re, parse_number, parse_percent, to_halfwidth

__all__ = [
    "MONEY_UNITS",
    "to_wan",
    "parse_amount_wan",
    "amount_spans",
    "parse_rate",
    "parse_rate_range",
    "parse_count",
    "subsidy_line",
    "subsidy_total",
    "cumulative_progress",
    "progress_verdict",
    "QUARTERS",
    "Term",
    "Claim",
    "ClaimResult",
    "find_claims",
    "reconcile",
    "text_total",
    "Breakdown",
    "find_breakdowns",
    "within_tolerance",
    "REL_TOLERANCE",
    "ABS_TOLERANCE_WAN",
]

# ---------------------------------------------------------------------------------------------------------
# Money units

# Divisor/multiplier to 万元. Division is used for 元 and 千元 so that 56000元 is exactly 5.6万元.
MONEY_UNITS = ("元", "千元", "万元", "百万元", "亿元")
_UNIT_ALIASES = {"万": "万元", "亿": "亿元"}


def _norm_money_unit(unit: object) -> str | None:
    """The canonical money unit of ``unit`` ("万元/家" → "万元", "万" → "万元"), or None when it is not one.

    A unit cell may hold a number (staff typed 5 in 标准单位): it is read as its text, which is no unit.
    """
    u = "".join(to_halfwidth(unit if isinstance(unit, str) else clean_text(unit) or "").split())
    u = u.split("/", 1)[0]
    u = _UNIT_ALIASES.get(u, u)
    return u if u in MONEY_UNITS else None


def _r(x: float) -> float:
    """Round away binary noise (0.1*3 → 0.3) while keeping 0.01元 precision in 万元."""
    return round(x, 8) + 0.0  # + 0.0 turns -0.0 into 0.0


def to_wan(amount: float, unit: object) -> float:
    """Convert an amount in ``unit`` (元, 千元, 万元/万, 百万元, 亿元/亿) to 万元.

    A per-unit suffix is ignored ("万元/家" converts like "万元"), so rates convert too. An unknown unit
    raises ValueError: silently treating "万人" as money would hide mistakes.
    """
    u = _norm_money_unit(unit)
    if u is None:
        raise ValueError(f"不是金额单位：{unit if isinstance(unit, str) else clean_text(unit)!r}")
    a = float(amount)
    if u == "元":
        return _r(a / 10000)
    if u == "千元":
        return _r(a / 10)
    if u == "万元":
        return _r(a)
    if u == "百万元":
        return _r(a * 100)
    return _r(a * 10000)


_NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
# "万"/"亿" alone are money only when no word character follows ("1580万，" but not "万人"). [^\W\d_] means
# "a letter of any script": it matches every Han character like [\u4e00-\u9fff] did, but compiles ~100×
# faster (a category, not a 21,000-character range), which saves ~40 ms at the start of every process.
_MONEY = r"(?:百万元|亿元|万元|千元|元|万(?![^\W\d_])|亿(?![^\W\d_]))"
_PER = (r"(?:人次|家次|场次|人天|课时|小时|季度|平方米|个月|家|个|人|次|项|名|户|所|场|批|台|套|篇|件|期|位|"
        r"年|月|天|日|周|亩|吨|辆|份|本|册|张|组|处|座|条|间|栋|课)")

_AMOUNT_RE = lazy_re(rf"(?P<num>{_NUM})(?P<unit>{_MONEY})?")


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _compact(value: object) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    return "".join(to_halfwidth(text).split())


def parse_amount_wan(value: object) -> float | None:
    """Return an amount in 万元 from "1580万", "1580万元", "56000元", "1,580.5 万元", "0.5亿元"; else None.

    A bare number (1580 or "1580") is already 万元, the unit of the forms.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_number(value)
    s = _compact(value)
    if s is None:
        return None
    m = _AMOUNT_RE.fullmatch(s)
    if not m:
        return None
    return to_wan(_num(m.group("num")), m.group("unit") or "万元")


_AMOUNT_IN_TEXT_RE = lazy_re(rf"(?<![\d.,])(?P<num>{_NUM})\s*(?P<unit>{_MONEY})")


def amount_spans(text: object) -> list[tuple[int, int]]:
    """Return the (start, end) positions of every money figure written in a text, in order.

    A money figure is a number followed by a money unit: "900万元", "1580万", "2000元/人", "５万元"; rates
    count ("5万元/家" → the span of "5万元"). Years, dates, counts ("35家") and "5万人" do not. Why: a rule needs
    to know whether a funding text states any amount at all, and whether a claim found by ``find_claims``
    covers all the amounts written. Positions are positions in ``text`` (full-width forms map one to one).
    """
    if not isinstance(text, str) or clean_text(text) is None:
        return []
    return [m.span() for m in _AMOUNT_IN_TEXT_RE.finditer(to_halfwidth(text))]


_RATE_RE = lazy_re(
    rf"(?P<num>{_NUM})(?P<unit>{_MONEY})?(?:/(?P<per>{_PER})|每(?P<per2>{_PER}))?"
    rf"|每(?P<per3>{_PER})(?:补助|补贴|奖励|资助|支持)?(?P<num3>{_NUM})(?P<unit3>{_MONEY})"
)
_RANGE_RE = lazy_re(
    rf"(?P<lo>{_NUM})(?P<lounit>{_MONEY})?(?:-|~|～|—|–|至|到)(?P<hi>{_NUM})(?P<unit>{_MONEY})(?:/(?P<per>{_PER}))?"
)


def parse_rate(value: object) -> tuple[float, str, str] | None:
    """Return (amount, money unit, per-unit) from a rate: "5万元/家" → (5.0, "万元", "家").

    Also "2000元/人", "每家补助10万元" → (10.0, "万元", "家"), "10万元" → (10.0, "万元", ""); a bare number,
    5 or "5", is 万元 → (5.0, "万元", ""). "万"/"亿" are returned as "万元"/"亿元". A range such as
    "1500-2400元/人" is not one rate and gives None: use ``parse_rate_range`` to learn that a range was
    given (the rule engine reports it as "标准为区间，需写明取值").
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        n = parse_number(value)
        return None if n is None else (n, "万元", "")
    s = _compact(value)
    if s is None:
        return None
    m = _RATE_RE.fullmatch(s)
    if not m:
        return None
    if m.group("num3"):
        return (_num(m.group("num3")), _norm_money_unit(m.group("unit3")) or "万元", m.group("per3"))
    per = m.group("per") or m.group("per2") or ""
    if per and not m.group("unit"):
        return None  # "5/家": no money unit, not a rate we can trust
    return (_num(m.group("num")), _norm_money_unit(m.group("unit") or "万元") or "万元", per)


def parse_rate_range(value: object) -> tuple[float, float, str, str] | None:
    """Return (low, high, money unit, per-unit) for a rate range: "1500-2400元/人" → (1500, 2400, "元", "人").

    None when the text is not a range (a single rate included). The low end takes the high end's unit
    unless it has its own ("5千元-1万元" is not supported: different units give None).
    """
    s = _compact(value)
    if s is None:
        return None
    m = _RANGE_RE.fullmatch(s)
    if not m:
        return None
    unit = _norm_money_unit(m.group("unit")) or ""
    if m.group("lounit") and _norm_money_unit(m.group("lounit")) != unit:
        return None
    lo, hi = _num(m.group("lo")), _num(m.group("hi"))
    if hi < lo:
        return None
    return (lo, hi, unit, m.group("per") or "")


# Count units that mean the same thing for pairing a count with a rate's per-unit.
_UNIT_CLASSES = ({"家", "户", "所", "个"}, {"人", "名", "位"})
_TIME_PER = {"年", "月", "天", "日", "周", "季度", "小时", "个月"}

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_number(s: str) -> float | None:
    """Value of a small Chinese numeral (一 … 九十九, 两, 一百); None if not one."""
    if s == "十":
        return 10.0
    if s in ("一百", "百"):
        return 100.0
    if s in _CN_DIGITS:
        return float(_CN_DIGITS[s])
    m = re.fullmatch(r"([一二两三四五六七八九])?十([一二三四五六七八九])?", s)
    if m:
        tens = _CN_DIGITS[m.group(1)] if m.group(1) else 1
        ones = _CN_DIGITS[m.group(2)] if m.group(2) else 0
        return float(tens * 10 + ones)
    return None


def _same_unit(count_unit: str | None, per: str | None) -> bool:
    if not count_unit or not per:
        return True
    cu = count_unit[1:] if count_unit.startswith("个") and len(count_unit) > 1 else count_unit
    if cu == per:
        return True
    if cu == "个" and per not in _TIME_PER:
        return True
    return any(cu in c and per in c for c in _UNIT_CLASSES)


# A magnitude prefix on a count unit ("52万人", "45万亩", "3千户"): the count is scaled to the base unit.
_MAGNITUDE = {"万": 10000, "千": 1000, "百": 100, "亿": 100000000}
_MAG = r"(?P<mag>[万千百亿])?"
_COUNT_VALUE_RE = lazy_re(rf"(?P<num>{_NUM}|[一二两三四五六七八九十百]+){_MAG}(?P<unit>个?{_PER})?")


def _scaled(n: float, mag: str | None) -> float:
    """``n`` in units of ``mag`` (万, 千, 百, 亿 or None) as a plain count: 52, "万" → 520000."""
    return _r(n * _MAGNITUDE[mag]) if mag else n


def parse_count(value: object) -> tuple[float, str | None] | None:
    """Return (count, count unit or None) from a 数量 cell: 35 → (35.0, None), "35家" → (35.0, "家"); else None.

    Also "１００", "1,580人", "七个" (a small Chinese numeral) → (7.0, "个"); a 万/千/百/亿 prefix on the unit
    scales the count to the base unit: "52万人" → (520000.0, "人"), "4.5万亩" → (45000.0, "亩"). This is how ``subsidy_line`` (the
    workbook's ``XP_SUBSIDY_LINE``) reads a count, so the checks accept exactly what the workbook computes.
    A unit calc does not know ("35套装") or a sign ("-35家") gives None; a negative number (-35) is returned.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        n = parse_number(value)
        return None if n is None else (n, None)
    s = _compact(value)
    if s is None:
        return None
    m = _COUNT_VALUE_RE.fullmatch(s)
    if not m:
        return None
    num, mag, unit = m.group("num"), m.group("mag"), m.group("unit")
    if mag and not unit:
        return None  # "52万": money or a count? not a count we can trust
    n = _cn_number(num) if num[0] in "一二两三四五六七八九十百" else _num(num)
    return None if n is None else (_scaled(n, mag), unit)


_parse_count = parse_count  # the former private name


def subsidy_line(count: object, rate: object, rate_unit: str = "万元") -> float | None:
    """Return count × rate in 万元 for one subsidy line, or None when either input is unusable.

    ``count``: 100, "100家", "１００", "七个". ``rate``: a number in ``rate_unit`` (default 万元), or text
    such as "5万元/家" or "2000元/人" whose own unit wins. None (not an error) for blank or unreadable
    inputs, negative counts, and a count whose unit contradicts the rate's ("100人" × "5万元/家"), so a
    spreadsheet column of lines can be filled in gradually. An unknown ``rate_unit`` raises ValueError.
    """
    c = parse_count(count)
    if c is None or c[0] < 0:
        return None
    if isinstance(rate, (int, float)) and not isinstance(rate, bool):
        r = parse_number(rate)
        if r is None:
            return None
        rate_wan = to_wan(r, rate_unit)
        per = ""
    else:
        parsed = parse_rate(rate)
        if parsed is None:
            return None
        rate_wan = to_wan(parsed[0], parsed[1])
        per = parsed[2]
    if not _same_unit(c[1], per):
        return None
    return _r(c[0] * rate_wan)


def funding_amount(count: object, rate: object, rate_unit: str | None = "万元",
                   count_unit: object = None) -> float | None:
    """金额（万元） of one 补助测算 line: ``subsidy_line``, with a numeric 数量 scaled by a 数量单位 that carries an
    order of magnitude (52 and “万人” → 520000 人). What XP_SUBSIDY_LINE, the checks, review and export compute."""
    unit = clean_text(count_unit)
    if unit and unit[0] in "万千百亿" and parse_number(count) is not None:
        scaled = parse_count(f"{clean_text(count)}{unit}")
        if scaled is not None:
            count = scaled[0]
    return subsidy_line(count, rate, clean_text(rate_unit) or "万元")


def subsidy_total(lines: object) -> float:
    """Return the sum in 万元 of subsidy lines (numbers in 万元 or amount texts such as "900万元").

    Blank entries (None, "", NaN) are skipped, so a partly filled column sums what is there; a non-blank
    entry that is not an amount raises ValueError rather than being dropped silently.
    """
    total = 0.0
    for item in lines:  # type: ignore[attr-defined]
        if item is None or (isinstance(item, float) and math.isnan(item)) or clean_text(item) is None:
            continue
        wan = parse_amount_wan(item)
        if wan is None:
            raise ValueError(f"不是金额：{item!r}")
        total += wan
    return _r(total)


# ---------------------------------------------------------------------------------------------------------
# Spending progress (资金支出计划，累进进度%)

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or clean_text(value) is None


def cumulative_progress(quarter_amounts: object, total: object = None) -> list[float | None]:
    """Turn per-quarter amounts into cumulative percentages of ``total`` (default: their sum), 2 decimals.

    Why: the form asks for 累进进度% but budget offices plan amounts per quarter. Blanks count as 0; if every
    amount is blank, or the total is 0, the result is all None (nothing to show). Amounts may be numbers or
    texts ("　0", "1,580"); a non-blank amount that is not a number raises ValueError (#VALUE! in Excel).
    The result has as many entries as the input (4 for quarters).
    """
    values = list(quarter_amounts)  # type: ignore[call-overload]
    amounts: list[float] = []
    for v in values:
        if _blank(v):
            amounts.append(0.0)
            continue
        n = parse_number(v)
        if n is None:
            raise ValueError(f"不是数字：{v!r}")
        amounts.append(n)
    if all(_blank(v) for v in values):
        return [None] * len(values)
    if total is None or _blank(total):
        denom = sum(amounts)
    else:
        d = parse_number(total)
        if d is None:
            raise ValueError(f"不是数字：{total!r}")
        denom = d
    if denom == 0:
        return [None] * len(values)
    out: list[float | None] = []
    running = 0.0
    for a in amounts:
        running += a
        out.append(round(running / denom * 100, 2) + 0.0)
    return out


def _fmt(x: float) -> str:
    return clean_text(float(x)) or "0"


def progress_verdict(cumulative: object, minima: object = None) -> str:
    """Return a short Chinese verdict on one row of four cumulative percentages.

    The first applicable message wins, in this order (most fundamental first):
      1. "未填写支出计划"          all four blank;
      2. "{季度}未填写"            the first blank quarter; "{季度}不是数字" for text such as "五十";
      3. "{季度}超出0–100%"        a value below 0 or above 100;
      4. "累计进度出现下降"         a quarter lower than the one before (the row is cumulative);
      5. "全年合计不是100%"         the fourth quarter is not 100;
      6. "第四季度才支出"           0, 0, 0, 100;
      7. "{季度}低于序时要求{m}%"   the first quarter below its configured minimum (``minima``: four
         numbers or None, e.g. (None, 50, 75, None)); no minima → no such check;
      8. "进度正常".
    Values may be numbers or text ("　0", "50%"); a row of other than four values raises ValueError.
    """
    values = list(cumulative)  # type: ignore[call-overload]
    if len(values) != 4:
        raise ValueError(f"需要4个季度的累进进度，得到{len(values)}个")
    if all(_blank(v) for v in values):
        return "未填写支出计划"
    nums: list[float] = []
    for q, v in zip(QUARTERS, values):
        if _blank(v):
            return f"{q}未填写"
        n = parse_percent(v)
        if n is None:
            return f"{q}不是数字"
        nums.append(n)
    for q, n in zip(QUARTERS, nums):
        if n < 0 or n > 100:
            return f"{q}超出0–100%"
    if any(b < a for a, b in zip(nums, nums[1:])):
        return "累计进度出现下降"
    if nums[3] != 100:
        return "全年合计不是100%"
    if nums[0] == nums[1] == nums[2] == 0:
        return "第四季度才支出"
    if minima is not None:
        mins = list(minima)  # type: ignore[call-overload]
        if len(mins) != 4:
            raise ValueError(f"序时要求需要4个值，得到{len(mins)}个")
        for q, n, m in zip(QUARTERS, nums, mins):
            mv = None if _blank(m) else parse_percent(m)
            if mv is not None and n < mv:
                return f"{q}低于序时要求{_fmt(mv)}%"
    return "进度正常"


# ---------------------------------------------------------------------------------------------------------
# Arithmetic claims in prose

REL_TOLERANCE = 0.005  # 0.5 %
ABS_TOLERANCE_WAN = 0.005  # 50 元


def within_tolerance(computed: float, stated: float) -> bool:
    """True when two amounts in 万元 agree within 0.5% of the stated amount or 0.005万元 (rounding in prose)."""
    return abs(computed - stated) <= max(ABS_TOLERANCE_WAN, REL_TOLERANCE * abs(stated))


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


# --- finding claims -----------------------------------------------------------------------------------------

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
    m_end = marker.end()
    if _RANGE_IN_TEXT.search(seg) or _HEDGED.search(seg):
        return None, False

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

    if rates:
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
            return None, False  # "人均增收500元" without a head count: no rate of this claim
        if any(t.count is None for t in terms) and len(used) < len(counts):
            return None, False  # a rate without a count next to an unexplained count: unsure, say nothing
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
            return None, False  # a problem, but next to quantities we did not understand: say nothing
        return claim, False

    if amounts:
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
            return None, False
        chosen = next((r for r in readings if within_tolerance(sum(t.value_wan or 0.0 for t in r[0]), stated)),
                      readings[0])
        start = _skip_space(text, chosen[1])
        return Claim(text=text[start:m_end], start=start, end=m_end, terms=chosen[0],
                     stated_total_wan=stated, kind="sum"), False

    # Nothing itemised before the marker: a grand total over the subtotals stated earlier.
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


# --- "其中" breakdowns: a total split into parts ---------------------------------------------------------------

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
