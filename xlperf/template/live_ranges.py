"""The indicator grid's range formulas for the live checks: what the rows from the header down to a row (or the whole
grid) hold, read from the typed cells themselves, never from another row's helper.

Why ranges: a row staff insert (右键 → 插入) has no helper formulas, but a range whose first row is the grid's header
and whose last row is a row below the insertion grows to include it, in Excel, WPS and LibreOffice alike; a
reference to the helper of "the row above" would skip it. So every quantity that looks at other rows (a 一级/二级 in
force, how many rows are used or lack their 依据, whether the next row is used) is one SUMPRODUCT over such a range,
element by element, with the reader's blank test written for arrays (``strip``): nested SUBSTITUTE of every
character the reader strips (XP_SP1, XP_SP2 …: one defined name per cell of XP_SPACES) and CHAR(1). The header row is inside every range (so a row
inserted right under it is too); its labels are locked and never blank, which the formulas account for. The
ranges over the whole grid end one row below its last row (empty: the reader takes every row below the header as
the grid's), so that a row appended under the last one is inside them too.
"""
from __future__ import annotations

from ..form import layout as L


def strip(expr: str, count: int) -> str:
    """``expr`` (a cell, a range or an array) with every blank character removed, element by element."""
    out = f'SUBSTITUTE({expr},CHAR(1),"")'
    for i in range(1, count + 1):
        out = f'SUBSTITUTE({out},{L.LIVE_SPACE_NAME.format(i=i)},"")'
    return out


class Ranges:
    """Range formulas over the grid whose header is on row ``head`` and whose last row as built is ``last``
    (0-based); ``spaces``: how many characters XP_SPACES holds."""

    def __init__(self, head: int, last: int, spaces: int):
        self.head, self.last_row, self.spaces = head, last, spaces
        self.whole = (last + 1, True)  # one row more: a row inserted right below the last row grows the range too

    @staticmethod
    def to(row: int) -> tuple[int, bool]:
        """From the header to ``row`` (relative: the range of each row ends on that row)."""
        return (row, False)

    def col(self, span: tuple[int, bool], c: int) -> str:
        end, fixed = span
        x = L.col_letter(c)
        return f"{x}${self.head + 1}:{x}{'$' if fixed else ''}{end + 1}"

    def filled(self, expr: str) -> str:
        """Per element: TRUE where ``expr`` is not blank."""
        return f"(LEN({strip(expr, self.spaces)})>0)"

    def last(self, span, c: int) -> str:
        """The row number of the last non-blank cell of column ``c`` in ``span`` (0 or the header's when none is).
        Where every row of ``span`` has its helper (no row inserted there: the common case), from the helpers'
        letters, which is quick; else from the typed cells, which costs a SUBSTITUTE per blank character."""
        cells, codes = self.col(span, c), self.col(span, L.LIVE_BLANK_COL)
        quick = f'SUMPRODUCT(MAX(ROW({codes})*ISNUMBER(FIND("{L.col_letter(c)}",{codes}))))'
        return (f'IF(SUMPRODUCT(--({codes}=""))=0,{quick},'
                f"SUMPRODUCT(MAX(ROW({cells})*{self.filled(cells)})))")

    def cells(self, span) -> str:
        """How many cells of A..F in ``span`` are not blank, the header's six labels included."""
        end, fixed = span
        return f"SUMPRODUCT(--{self.filled(f'A${self.head + 1}:F{chr(36) if fixed else str()}{end + 1}')})"

    def with_basis(self, span) -> str:
        """How many rows of ``span`` have a 依据 (the header row included)."""
        return f"SUMPRODUCT(--{self.filled(self.col(span, 5))})"

    def missing(self, span) -> str:
        """How many rows of ``span`` have an empty 依据 and a 三级, 描述 or 指标值 (C136's rows)."""
        more = "&".join(self.col(span, c) for c in (2, 3, 4))
        return f"SUMPRODUCT((1-{self.filled(self.col(span, 5))})*{self.filled(more)})"

    def more_than_labels(self, span) -> str:
        """How many rows of ``span`` have more than their 一级/二级 labels (the header row included)."""
        more = "&".join(self.col(span, c) for c in (2, 3, 4, 5))
        return f"SUMPRODUCT(--{self.filled(more)})"

    def next_used(self, row: int) -> str:
        """Whether the row right below ``row`` is used: the second row of a three-row range starting at ``row``,
        which stays the physically next row when rows are inserted below ``row`` (or the one below is deleted)."""
        cells = f"INDEX({L.a1(row, 0)}:{L.a1(row + 2, L.LIVE_FORM_COLS - 1)},2,0)"
        return f"(SUMPRODUCT(--{self.filled(cells)})>0)"
