"""Spending progress: cumulative quarterly % from quarterly amounts, and a short verdict on a plan."""
from __future__ import annotations

import math

from .normalize import clean_text, parse_number, parse_percent

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


