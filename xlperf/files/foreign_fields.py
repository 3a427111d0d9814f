"""Label → value pairs of a foreign-layout form (项目名称, 主管部门, 年度资金总额 …), wherever the value sits.

For a label the value is, in this order: after a colon in the label's own cell ("项目名称：高中助学金"); in the
column headed 全年预算数 / 预算数 on the label's row (the money block of a 自评表); the first text right of the
label, past its merged cells and blank spacer cells, unless that text is itself a label; the text under the
label. When a label is printed more than once (中期 and 年度 money blocks side by side), the 财政拨款 / 其他资金
in the column of the chosen 年度资金总额 are read, else the right-hand ones. Amounts are in 万元; a label or a note
saying the amounts are in 元 ("预算数（元）", "金额单位：元") divides them by 10 000, and an amount typed with its
unit ("164万元", "3,309,840.00元") is converted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.money import parse_amount_wan
from ..text.normalize import clean_text, parse_number, split_items, squash
from .foreign_labels import PRIORITY, field_of, is_label, key, note
from .foreign_sheet import Sheet

MONEY = ("total", "fiscal", "other")
_YUAN_NOTE = re.compile(r"(金额)?单位：(万)?元")
_TICKED = re.compile(r"([^\s■□口☑☐√✓]+)\s*[■☑√✓]")


@dataclass
class Found:
    """One field found: its label, where the label is and where the value is (None when the value is empty)."""

    field: str
    label: str
    label_at: tuple[int, int]
    value_at: tuple[int, int] | None
    sheet: Sheet
    inline: str | None = None  # the value after a colon in the label's own cell
    yuan: bool = False

    @property
    def cell(self) -> tuple[int, int]:
        """The value's cell (for an empty value: the cell right of the label, where it should be)."""
        if self.value_at is not None:
            return self.value_at
        r, c = self.label_at
        return (r, self.sheet.end(r, c)[1] + 1) if self.inline is None else self.label_at

    def raw(self):
        return self.inline if self.inline is not None else (
            self.sheet.raw(*self.value_at) if self.value_at else None)


def read_fields(sheet: Sheet, rows: range) -> dict[str, Found]:
    """The fields labelled in ``rows`` of the sheet, one per model field (the preferred label with a value)."""
    candidates: list[Found] = []
    yuan = False
    for r in rows:
        for c, text in sheet.cells(r):
            m = _YUAN_NOTE.search(squash(text))
            if m:
                yuan = m.group(2) is None
            found = _label_at(sheet, r, c, text)
            if found:
                candidates.append(found)
    for f in candidates:
        f.yuan = f.yuan or (yuan and "万元" not in note(f.label))
    out: dict[str, Found] = {}
    for f in sorted(candidates, key=lambda f: (f.value_at is None and f.inline is None, PRIORITY.get(key(f.label), 99),
                                               -f.label_at[1])):
        out.setdefault(f.field, f)
    _same_column(out, candidates)
    return out


def _label_at(sheet: Sheet, r: int, c: int, text: str) -> Found | None:
    fld = field_of(text)
    if fld is None:
        m = re.match(r"(.+?)[：:](.*)$", text, re.S)
        fld = field_of(m.group(1)) if m else None
        if fld is None or not clean_text(m.group(2)):
            return None
        left, right = m.groups()
        return Found(fld, left, (r, c), None, sheet, inline=clean_text(right), yuan=_yuan(left))
    return Found(fld, text, (r, c), _value_at(sheet, r, c, fld), sheet, yuan=_yuan(text))


def _yuan(label: str) -> bool:
    unit = note(label)
    return "元" in unit and "万元" not in unit


def _value_at(sheet: Sheet, r: int, c: int, fld: str) -> tuple[int, int] | None:
    if fld in MONEY:
        col = _budget_column(sheet, r, c)
        if col is not None:
            return (r, col) if sheet.text(r, col) is not None else None
    r1, c1 = sheet.end(r, c)
    for cc in range(c1 + 1, sheet.width(r)):
        text = sheet.text(r, cc)
        if text is None:
            continue
        if is_label(text):
            break
        return r, cc
    below = r1 + 1
    if sheet.origin(below, c) == (below, c) and sheet.end(below, c)[0] == below and not any(
            is_label(t) for cc, t in sheet.cells(below) if cc < c):  # a text right of a label is that label's
        text = sheet.text(below, c)
        if text is not None and not is_label(text):
            return below, c
    return None


def _budget_column(sheet: Sheet, r: int, c: int) -> int | None:
    """The 全年预算数 (else 年初预算数 / 预算数) column of a 自评表 money block above row ``r``."""
    for wanted in ("全年预算数", "年初预算数", "预算数"):
        for above in range(r - 1, max(r - 5, -1), -1):
            for cc, text in sheet.cells(above):
                if cc > c and key(text).startswith(wanted):
                    return cc
    return None


def _same_column(out: dict[str, Found], candidates: list[Found]) -> None:
    """财政拨款 / 其他资金 printed twice: the one in the column of the chosen 年度资金总额."""
    total = out.get("total")
    for fld in ("fiscal", "other"):
        same = [f for f in candidates if f.field == fld]
        if len(same) < 2:
            continue
        column = [f for f in same if total and f.label_at[1] == total.label_at[1] and f.label_at[0] > total.label_at[0]]
        out[fld] = column[0] if column else max(same, key=lambda f: f.label_at[1])


def set_fields(target, found: dict[str, Found]) -> None:
    """Put the fields found into a project (text, amounts in 万元, goals as items, the ticked 项目属性)."""
    for fld, f in found.items():
        raw = f.raw()
        text = clean_text(raw)
        if fld in MONEY:
            value = _amount(raw, text, f.yuan)
        elif fld == "goals":
            value = split_items(text) if text else []
        elif fld == "attribute" and text and _TICKED.search(text):
            value = _TICKED.search(text).group(1)
        else:
            value = text
        setattr(target, fld, value)
        target.cells[fld] = f.sheet.ref(*f.cell)


def _amount(raw, text: str | None, yuan: bool):
    if text is None:
        return None
    number = parse_number(raw)
    if number is not None:
        return round(number / 10_000, 6) if yuan else number
    wan = parse_amount_wan(text)
    return round(wan, 6) if wan is not None else text
