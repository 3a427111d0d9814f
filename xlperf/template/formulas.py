"""The formulas of the template's derived cells, written so that an application that recalculates without Python
(Excel with macros disabled, LibreOffice, WPS) shows the right number wherever a native formula computes it
exactly, and a blank otherwise — never ``#NAME?`` or ``#VALUE!``.

Each formula computes the common case natively (plain numbers in the input cells, the units Excel can read
with ``LEFT``) and calls the UDF only for what needs Python (amounts typed as text, "5万元/家", a 数量单位 such as
"万人"), wrapped in ``IFERROR(…, "")``. The native branch mirrors the Python exactly: ``money.funding_amount``
rounds to 8 decimals (``money._r``), ``progress.cumulative_progress`` to 2 (Excel's ROUND and Python's round
differ only on exact binary ties, which the inputs of these cells do not produce in practice).
"""
from __future__ import annotations

MAGNITUDES = "万千百亿"  # a 数量单位 starting with one of these scales the count: Python's business


def subsidy_line(q: str, s: str, u: str, qu: str) -> str:
    """补助测算 金额（万元） for the cells 数量 ``q``, 标准 ``s``, 标准单位 ``u``, 数量单位 ``qu`` (A1 addresses):
    ``XP_SUBSIDY_LINE(q, s, u, qu)``, natively when 数量 and 标准 are numbers, 数量 is not negative, 数量单位 has no
    order of magnitude and 标准单位 is blank, 万元, 元, 万元/… or 元/…."""
    unit = f"TRIM({u})"
    native_unit = f'OR({unit}="",{unit}="万元",LEFT({unit},3)="万元/",{unit}="元",LEFT({unit},2)="元/")'
    plain_count = f'ISERROR(FIND(LEFT(TRIM({qu})&" ",1),"{MAGNITUDES}"))'
    native = f'IF({q}<0,"",ROUND({q}*IF(LEFT({unit},1)="元",ROUND({s}/10000,8),ROUND({s},8)),8))'
    return (f'=IF(OR(TRIM({q})="",TRIM({s})=""),"",'
            f'IF(AND(ISNUMBER({q}),ISNUMBER({s}),{plain_count},{native_unit}),{native},'
            f'IFERROR(XP_SUBSIDY_LINE({q},{s},{u},{qu}),"")))')


def progress(amounts: str) -> str:
    """The plan panel's cumulative % per quarter over the 1 × 4 range ``amounts`` (an array formula):
    ``XP_PROGRESS(amounts)``, natively when every amount is a number or blank."""
    r = amounts
    cumulative = f"MMULT(IF(ISNUMBER({r}),{r},0),--(TRANSPOSE(COLUMN({r}))<=COLUMN({r})))"
    return (f'{{=IF(COUNTA({r})<>COUNT({r}),IFERROR(XP_PROGRESS({r}),""),'
            f'IF(SUM({r})=0,"",ROUND({cumulative}/SUM({r})*100,2)))}}')
