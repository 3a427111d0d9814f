"""What the 资金 modules share: amounts in 万元, a 补助测算 line read exactly as the workbook's XP_SUBSIDY_LINE
reads it (its problems, units and amount), the gap between two amounts, labels, and the source they cite."""
from __future__ import annotations

from ...form.model import FundingLine
from ...text.money import parse_amount_wan, parse_count, parse_rate, subsidy_line
from ...text.normalize import clean_text, parse_number
from ...text.values import is_money_unit

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
    """``line.amount()``, or None when the line has a problem (reported by M302/M303)."""
    if _line_problem(line) or _line_unit_problem(line):
        return None
    return line.amount()


def _line_label(line: FundingLine, index: int) -> str:
    return f"“{line.category}”" if line.category else f"第{index}行"


def _gap(a: float | None, b: float | None) -> float:
    return _r(abs((a or 0.0) - (b or 0.0)))


def _summary_label(summary, index: int) -> str:
    return f"“{summary.name}”" if summary.name else f"第{index}个项目"
