"""Money: amounts in 万元, rates ("5万元/家"), counts ("35家"), one 补助测算 line and their sum, and the
tolerance within which two amounts agree. These back the Excel UDFs (which wrap them one to one) and the rules.
Pure stdlib, cheap to import."""
from __future__ import annotations

import math
import re

from .normalize import clean_text, lazy_re, parse_number, to_halfwidth

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



REL_TOLERANCE = 0.005  # 0.5 %
ABS_TOLERANCE_WAN = 0.005  # 50 元


def within_tolerance(computed: float, stated: float) -> bool:
    """True when two amounts in 万元 agree within 0.5% of the stated amount or 0.005万元 (rounding in prose)."""
    return abs(computed - stated) <= max(ABS_TOLERANCE_WAN, REL_TOLERANCE * abs(stated))

