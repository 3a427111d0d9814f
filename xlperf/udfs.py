"""Excel worksheet functions (xlwings UDFs), each a thin wrapper over a pure function of the core.

Names are ASCII with the prefix ``XP_`` (VBA and Excel function names must be ASCII; the VBA wrapper module
``xlwings_udfs`` is generated from this file, see ``xlperf.vba.xlwings_modules``). The one-line docstring is
Excel's function help. ``@xw.func``/``@xw.arg``/``@xw.ret`` only attach metadata and are no-ops off Windows, so
the functions are plain Python everywhere: the template builder calls them to write each formula's cached value,
so a recipient without Python sees the same numbers Excel would compute.

Conventions: an empty result is ``""`` (an empty-looking cell, not 0); a ``ValueError`` or ``TypeError`` from
the core (a typo such as "5万人/家" as a rate, a number typed as 标准单位) becomes a readable Chinese text in the
cell, never a Python traceback.
Excel passes an empty cell as None and a 1 × 4 range as a list (``ndim=1``).
"""
from __future__ import annotations

from typing import Callable

import xlwings as xw

from .text import cells, money, progress, prose

CATEGORY = "xlperf"
ERROR_PREFIX = cells.ERROR_PREFIX


def _call(func: Callable, *args):
    """``func(*args)`` as the cell shows it: None as an empty cell, a ValueError or TypeError as "#错误：…" text."""
    return cells.shown(cells.cell_value(func, *args))


def _row(result, width: int = 4):
    """An array result for a 1 × ``width`` block: a message fills the first cell, the rest stay empty."""
    return cells.row_of(result, width, "")


@xw.func(category=CATEGORY)
@xw.arg("count", doc="数量，如 35、“35家”")
@xw.arg("rate", doc="标准，如 10、“5万元/家”、“2000元/人”")
@xw.arg("rate_unit", doc="标准为数字时的单位，如“万元/家”“元/人”；默认万元")
@xw.arg("count_unit", doc="数量单位，如“家”“万人”；带“万”“千”时数量按此折算")
def XP_SUBSIDY_LINE(count, rate, rate_unit="万元", count_unit=None):  # noqa: N802 (Excel function name)
    """一行补助测算的金额（万元）：数量 × 标准，按标准单位折算元、万元、亿元，按数量单位折算万人、万亩。"""
    return _call(money.funding_amount, count, rate, rate_unit or "万元", count_unit)


@xw.func(category=CATEGORY)
@xw.arg("amounts", ndim=1, doc="各行金额（万元），或“900万元”“56000元”这样的文字")
def XP_SUBSIDY_TOTAL(amounts):  # noqa: N802
    """各行金额的合计（万元）；空行跳过，不是金额的内容报错。"""
    return _call(money.subsidy_total, amounts)


@xw.func(category=CATEGORY)
@xw.arg("amounts", ndim=1, doc="四个季度的当季支出（万元）")
@xw.arg("total", doc="年度资金总额（万元）；省略时用四季度之和")
def XP_PROGRESS(amounts, total=None):  # noqa: N802
    """由四个季度的当季支出算出累计进度（%），数组公式，占一行四格。"""
    return _row(_call(progress.cumulative_progress, amounts, total))


@xw.func(category=CATEGORY)
@xw.arg("cumulative", ndim=1, doc="四个季度的累计进度（%）")
@xw.arg("minima", ndim=1, doc="可选：四个季度的序时要求（%），如 空,50,75,空")
def XP_PROGRESS_VERDICT(cumulative, minima=None):  # noqa: N802
    """对一行累计进度（%）的简短结论，如“进度正常”“累计进度出现下降”。"""
    return _call(progress.progress_verdict, cumulative, minima)


@xw.func(category=CATEGORY)
@xw.arg("text", doc="金额文字，如“1580万”“56000元”“0.5亿元”")
def XP_AMOUNT_WAN(text):  # noqa: N802
    """把金额文字折算为万元；不是金额时为空。"""
    return _call(money.parse_amount_wan, text)


@xw.func(category=CATEGORY)
@xw.arg("rows", ndim=2, doc="补助测算的 类别、数量、数量单位、标准、标准单位 五列")
def XP_PURPOSE_TEXT(rows):  # noqa: N802
    """由补助测算生成“资金主要用途”的测算句子，如“复审企业35家×10万元/家=350万元”。"""
    return _call(prose.purpose_sentence, rows)


@xw.func(category=CATEGORY)
@xw.arg("text", doc="含算式的文字，如“4*7*2000元/人=5.6万元”")
def XP_CHECK_ARITHMETIC(text):  # noqa: N802
    """核对文字中写的算式，如“算式正确”“算式有误：…”“缺少数量：…”。"""
    return _call(prose.arithmetic_verdict, text)
