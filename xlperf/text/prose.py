"""Sentences made from numbers, and verdicts on numbers written in sentences.

``purpose_sentence`` writes the arithmetic part of 项目资金主要用途 from the funding breakdown (补助测算), so the
prose cannot disagree with the numbers; ``arithmetic_verdict`` redoes the arithmetic stated in a text. Both back
Excel UDFs (``xlperf.udfs``) and are pure and cheap to import.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from . import money
from .claims import find_claims, reconcile
from .normalize import clean_text, parse_number

__all__ = ["fmt_number", "purpose_sentence", "arithmetic_verdict", "NO_CLAIM", "CLAIMS_HOLD"]

NO_CLAIM = "未发现算式"
CLAIMS_HOLD = "算式正确"


def fmt_number(x: float) -> str:
    """A number as staff write it: no pointless ".0", at most 4 decimals (350.0 → "350", 5.6 → "5.6")."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _text(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        n = parse_number(value)
        return "" if n is None else fmt_number(n)
    return clean_text(value) or ""


def purpose_sentence(rows: Iterable[Sequence[object]]) -> str:
    """The funding breakdown as one sentence: "复审企业35家×10万元/家=350万元；…；合计355.6万元。".

    ``rows``: one per line, (类别, 数量, 数量单位, 标准, 标准单位) as in 补助测算 columns B:F. Blank rows are
    skipped; a line whose 数量 or 标准 is missing or unreadable is named with "（数量或标准待填）" and left out of
    the total; the 合计 is written only for two lines or more. Amounts are computed by ``money.subsidy_line``
    (标准单位 decides 元/万元/亿元), the same function as the 金额 column and the checks. No lines → "".
    """
    parts: list[str] = []
    total = 0.0
    computed = 0
    for row in rows:
        cells = list(row) + [None] * (5 - len(row))
        category, quantity, quantity_unit, standard, standard_unit = (cells[i] for i in range(5))
        if all(_text(v) == "" for v in cells[:5]):
            continue
        label = _text(category)
        unit = _text(standard_unit) or "万元"
        try:
            amount = money.subsidy_line(quantity, standard, unit)
        except ValueError:
            amount = None
        if amount is None:
            parts.append(f"{label}（数量或标准待填）")
            continue
        parts.append(f"{label}{_text(quantity)}{_text(quantity_unit)}×{_text(standard)}{unit}"
                     f"={fmt_number(amount)}万元")
        total += amount
        computed += 1
    if not parts:
        return ""
    if computed >= 2:
        parts.append(f"合计{fmt_number(total)}万元")
    return "；".join(parts) + "。"


def arithmetic_verdict(text: object) -> str:
    """A short verdict on the arithmetic written in a text (see ``find_claims``).

    "未发现算式" when there is none; "算式正确" when every claim holds; otherwise the first problem:
    "算式有误：{算式} 计算得{x}万元，文中写{y}万元" or "缺少数量：{什么}（按合计应为{n}{单位}）".
    """
    claims = find_claims(text)
    if not claims:
        return NO_CLAIM
    for claim in claims:
        result = reconcile(claim)
        if result.status == "differs":
            return (f"算式有误：{claim.text} 计算得{fmt_number(result.computed_wan or 0.0)}万元，"
                    f"文中写{fmt_number(result.stated_wan or 0.0)}万元")
        if result.status == "missing_quantity":
            hint = (f"（按合计应为{fmt_number(result.reconciling_value)}{result.reconciling_unit or ''}）"
                    if result.reconciling_value is not None else "")
            return f"缺少数量：{result.missing}{hint}"
    return CLAIMS_HOLD
