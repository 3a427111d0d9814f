"""The indicator table of a foreign-layout form: its header row, whatever the column order and extra columns, and
its rows, following merged 一级/二级 cells.

A header row names 三级指标 (or 指标名称), 一级 or 二级 and a value column (指标值, 目标值, 年度指标值 …), on one row
or on two (a merged "指标值" over "中期指标值 | 年度指标值"). When a column is printed twice (the 中期 and 年度 blocks
side by side) the one marked 年度 — in its own label or in a label above it — is read; unmarked, the right-hand
one (年度 is printed right of 中期). The skipped columns are listed in the "read as" summary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..form.model import Indicator
from ..text.normalize import clean_text
from .foreign_labels import COLUMN_KEYS, FLAT_KEYS, PART_KEYS, column_of, field_of, key
from .foreign_sheet import Sheet
from .reader import _percent_text

_CORE = ("level1", "level2", "level3", "value")
_END = re.compile(r"^(注|说明|填表|填报人|审核|联系|单位负责人|财政|制表|备注：|附件)")
_TOTAL = {"合计", "总分", "总计", "小计"}
_COMPARATORS = ("≥", "≤", "＞", "＜", ">", "<", "=", "＝", "≧", "≦")


@dataclass
class Table:
    """A header row (and its sub-header row) and the columns it maps."""

    sheet: Sheet
    row: int  # the header row
    data_start: int  # the first row after the header
    columns: dict[str, int] = field(default_factory=dict)  # model key → column
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (column, label, why)
    end: int = -1  # the last row read (set by read_rows)
    rows: list[int] = field(default_factory=list)  # the row of each indicator read

    @property
    def flat(self) -> bool:
        return "name" in self.columns


def _labels(sheet: Sheet, r: int, sub: bool) -> list[tuple[int, str]]:
    """(column, label) of a header: the sub-header's label where it has one, else the header cell's own."""
    out = []
    for c in range(max(sheet.width(r), sheet.width(r + 1) if sub else 0)):
        below = sheet.text(r + 1, c) if sub else None
        if below is not None:
            out.append((c, below))
        elif sheet.origin(r, c) == (r, c) and sheet.text(r, c) is not None:
            out.append((c, sheet.text(r, c)))
    return out


def _is_sub_header(sheet: Sheet, r: int) -> bool:
    cells = sheet.cells(r)
    return bool(cells) and all(column_of(t) is not None for _, t in cells)


def find_tables(sheet: Sheet) -> list[Table]:
    """Every indicator table on the sheet, top to bottom. A header printed again where the table breaks a page
    (no title or field label since the table above) is not a new table: ``read_rows`` skips it."""
    out: list[Table] = []
    r = 0
    while r < sheet.height:
        table = header_at(sheet, r)
        if table is None:
            r += 1
            continue
        if not out or _new_form_between(sheet, out[-1].data_start, r):
            out.append(table)
        r = table.data_start
    return out


def _new_form_between(sheet: Sheet, start: int, stop: int) -> bool:
    return any(field_of(t) is not None or is_title(t) for r in range(start, stop) for _, t in sheet.cells(r))


def header_at(sheet: Sheet, r: int) -> Table | None:
    """The table whose header is row ``r``, or None."""
    keys = {column_of(t) for _, t in sheet.cells(r)}
    if "level3" not in keys or not keys & {"level1", "level2"}:
        return None
    sub = _is_sub_header(sheet, r + 1)
    table = Table(sheet, r, r + (2 if sub else 1))
    found: dict[str, list[tuple[int, str]]] = {}
    for c, label in _labels(sheet, r, sub):
        kind = column_of(label)
        if kind in COLUMN_KEYS or kind in PART_KEYS or kind in FLAT_KEYS:
            found.setdefault(kind, []).append((c, label))
        elif kind == "mid":
            table.skipped.append((c, label, "中期"))
        else:
            table.skipped.append((c, label, "未读取"))
    if "value" not in found:
        return None
    for kind, cols in found.items():
        chosen = _annual(sheet, r, cols)
        table.columns[kind] = chosen
        table.skipped += [(c, label, "中期") for c, label in cols if c != chosen]
    table.skipped.sort()
    return table


def _annual(sheet: Sheet, r: int, cols: list[tuple[int, str]]) -> int:
    """Of a column printed more than once, the 年度 one (by its label or a label above), else the last."""
    if len(cols) == 1:
        return cols[0][0]
    for c, label in cols:
        if "年度" in key(label):
            return c
    for c, _ in cols:
        for above in (r - 1, r - 2):
            o = sheet.origin(above, c)
            text = key(sheet.text(*o) or "")
            if "年度" in text and "中期" not in text:
                return c
    return cols[-1][0]


def read_rows(table: Table, stop: int) -> list[Indicator]:
    """The indicators under the header, to the row before ``stop`` or the first row that ends the table."""
    sheet, cols = table.sheet, table.columns
    out: list[Indicator] = []
    level1 = level2 = None
    level1_ref = level2_ref = None
    table.end = table.row
    for r in range(table.data_start, stop):
        if _ends_table(sheet, r, cols):
            break
        texts = {k: sheet.text(r, c) for k, c in cols.items() if k in COLUMN_KEYS}
        if all(v is None for v in texts.values()) or _repeated_header(sheet, r):
            continue
        if key(texts.get("level1") or "") in _TOTAL and texts.get("level3") is None:
            continue  # 合计 / 总分 row of a 自评表
        table.end = r
        table.rows.append(r)
        ind = Indicator()
        for k in ("level3", "description", "basis"):
            if k in cols:
                setattr(ind, k, texts[k])
                ind.cells[k] = sheet.ref(r, cols[k])
        ind.value = _value(sheet, r, cols, ind)
        ind.cells["value"] = sheet.ref(r, cols["value"])
        if texts.get("level1") is not None:
            level1, level1_ref = texts["level1"], sheet.ref(r, cols["level1"])
            level2, level2_ref = texts.get("level2"), sheet.ref(r, cols["level2"]) if "level2" in cols else None
        elif texts.get("level2") is not None:
            level2, level2_ref = texts["level2"], sheet.ref(r, cols["level2"])
        ind.level1, ind.level2 = level1, level2
        for k, value, ref in (("level1", level1, level1_ref), ("level2", level2, level2_ref)):
            if k in cols:
                ind.cells[k] = ref if value is not None and ref else sheet.ref(r, cols[k])
        out.append(ind)
    return out


def _value(sheet: Sheet, r: int, cols: dict[str, int], ind: Indicator) -> str | None:
    """指标值 as printed, with the 指标性质 (≥, =) before it and the 计量单位 after it when they are columns."""
    c = cols["value"]
    value = _percent_text(sheet.text(r, c), sheet.raw(r, c), ind)
    if value is None:
        return None
    comparator = sheet.text(r, cols["comparator"]) if "comparator" in cols else None
    if comparator and comparator in _COMPARATORS and not value.startswith(_COMPARATORS):
        value = comparator + value
    unit = sheet.text(r, cols["unit"]) if "unit" in cols else None
    if unit and not value.endswith(unit):
        value += unit
    return value


def _ends_table(sheet: Sheet, r: int, cols: dict[str, int]) -> bool:
    """A 注 / 填表人 line, the next project's title or labels, or one text spanning the whole table (a note)."""
    cells = sheet.cells(r)
    if not cells:
        return False
    if _END.match(key(cells[0][1])):
        return True
    mapped = set(cols.values())
    if len(cells) == 1:
        c0 = cells[0][0]
        if len(mapped) > 1 and c0 <= min(mapped) and sheet.end(r, c0)[1] >= max(mapped):
            return True
        if is_title(cells[0][1]):
            return True
    return any(field_of(t) is not None and c not in mapped for c, t in cells)


def _repeated_header(sheet: Sheet, r: int) -> bool:
    kinds = [column_of(t) for _, t in sheet.cells(r)]
    return "level3" in kinds and ("value" in kinds or "level1" in kinds)


def is_title(text: str | None) -> bool:
    """A form's title line: "…项目绩效目标表", "…申报表", "…自评表", "(2021年度)" is not one."""
    k = key(text or "")
    return len(k) >= 5 and any(w in k for w in ("绩效目标表", "申报表", "自评表", "审批表", "批复表", "评价指标表",
                                                "目标表", "绩效表"))


def period_year(text: str | None) -> float | None:
    """The budget year a title or subtitle names ("（2021年度）" → 2021.0)."""
    m = re.search(r"(20\d\d)\s*年", clean_text(text) or "")
    return float(m.group(1)) if m else None
