"""The worksheet-cell convention the UDFs, the template builder and export share.

A formula cell shows what its pure function returns, with two conventions: ``None`` is an empty cell, and a
``ValueError``/``TypeError`` from the function (a typo such as "5万人/家" as a rate, a number typed as 标准单位)
is the readable text "#错误：…", never a traceback. Input cells are taken "as read": a number when the cell
reads as one, else its cleaned text, else None.
"""
from __future__ import annotations

from typing import Callable

from . import money, progress
from .normalize import clean_text, parse_number

ERROR_PREFIX = "#错误："


def as_read(raw):
    """A cell value as the reader sees it: a number when it reads as one, else the cleaned text, else None."""
    text = clean_text(raw)
    if text is None:
        return None
    number = parse_number(raw)
    return text if number is None else number


def cell_value(func: Callable, *args):
    """``func(*args)``, with a ValueError or TypeError as "#错误：…" text (None stays None)."""
    try:
        return func(*args)
    except (ValueError, TypeError) as exc:
        return ERROR_PREFIX + str(exc)


def shown(value):
    """What the cell displays: None (and None inside an array result) as an empty string."""
    if isinstance(value, list):
        return ["" if v is None else v for v in value]
    return "" if value is None else value


def row_of(value, width: int, blank=None) -> list:
    """An array result for a 1 × ``width`` block: a message fills the first cell, the rest are ``blank``."""
    return value if isinstance(value, list) else [value] + [blank] * (width - 1)


# ------------------------------------------------------------------ the template's derived cells
def funding_line_amount(quantity, standard, standard_unit=None, quantity_unit=None):
    """补助测算 金额（万元）, as ``XP_SUBSIDY_LINE(数量, 标准, 标准单位, 数量单位)`` shows it; None (empty) when 数量 or
    标准 is empty."""
    q, s = as_read(quantity), as_read(standard)
    if q is None or s is None:
        return None
    return cell_value(money.funding_amount, q, s, clean_text(standard_unit) or "万元", as_read(quantity_unit))


def funding_column_total(amounts: list):
    """``XP_SUBSIDY_TOTAL(金额列)``: the sum of the amount cells."""
    return cell_value(money.subsidy_total, amounts)


def plan_progress(amounts: list) -> list:
    """The plan panel's 按支出金额计算的累计进度（%）, as ``XP_PROGRESS(当季支出)`` shows it."""
    return row_of(cell_value(progress.cumulative_progress, [as_read(a) for a in amounts]), len(amounts))
