"""Shared formulas: the one compact form the file format has for a formula repeated down a column.

XlsxWriter writes every formula in full. A block of cells whose formulas are the same once each reference is read
relative to its own cell (``=IF(A10="",1,0)`` in AH10, ``=IF(A11="",1,0)`` in AH11 …) can be written as Excel
itself writes it: the top-left cell keeps the text as ``<f t="shared" ref="AH10:AM39" si="0">``, every other cell
of the block only ``<f t="shared" si="0"/>``. Excel, WPS, LibreOffice and openpyxl read it as the same formulas
(ECMA-376 Part 1, §18.3.1.40 ``f``); the file shrinks to a fraction and LibreOffice compiles each block once.

:func:`share_formulas` rewrites one worksheet's XML: it finds the plain formula cells (``<f>…</f>``, no array or
data-table formulas), groups them into runs of consecutive rows in one column with the same relative formula,
joins side-by-side runs with the same rows and formula into rectangles, and rewrites blocks of two cells or more.
It is a pure function of the XML, so the template stays byte-reproducible.
"""
from __future__ import annotations

import re

_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*)><f>([^<]*)</f>')
# a cell reference outside a string: not part of a name (XP_LIVE_C121), not a function (LOG10(), not a sheet name
_REF = re.compile(r"(?<![A-Za-z0-9_.\u0080-\uffff])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(\u0080-\uffff])")


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def relative(formula: str, row: int, col: int) -> str:
    """``formula`` (in cell row, col; 0-based) with every relative row and column written as an offset from that
    cell: two cells share a formula exactly when these are equal. String literals are left alone."""
    parts = formula.split('"')

    def offset(m):
        col_abs, letters, row_abs, digits = m.groups()
        c = letters if col_abs else f"C[{col_index(letters) - col}]"
        r = digits if row_abs else f"R[{int(digits) - 1 - row}]"
        return f"{{{col_abs}{c}{row_abs}{r}}}"

    return '"'.join(_REF.sub(offset, p) if i % 2 == 0 else p for i, p in enumerate(parts))


def blocks(cells: dict[tuple[int, int], str]) -> list[tuple[int, int, int, int]]:
    """Rectangles (first row, first col, last row, last col) of two cells or more whose formulas, read relative to
    each cell, are equal: runs down each column, then runs with the same rows side by side joined."""
    sig = {at: relative(text, *at) for at, text in cells.items()}
    spans: dict[tuple[int, int], int] = {}  # (first row, col) of a run → its last row
    start = {}
    for row, col in sorted(cells, key=lambda at: (at[1], at[0])):
        above = (row - 1, col)
        start[(row, col)] = start[above] if above in sig and sig[above] == sig[(row, col)] else row
        spans[(start[(row, col)], col)] = row
    out, joined = [], set()
    for (first, col), last_row in sorted(spans.items()):
        if (first, col) in joined:
            continue
        last_col = col
        while spans.get((first, last_col + 1)) == last_row and sig[(first, last_col + 1)] == sig[(first, col)]:
            last_col += 1
            joined.add((first, last_col))
        if last_row > first or last_col > col:
            out.append((first, col, last_row, last_col))
    return out


def share_formulas(xml: bytes) -> bytes:
    """The worksheet ``xml`` with every block of repeated relative formulas written as one shared formula."""
    cells = {(int(m.group(2)) - 1, col_index(m.group(1).decode())): m.group(4).decode()
             for m in _CELL.finditer(xml)}
    owner: dict[tuple[int, int], tuple[int, bool, str]] = {}  # cell → (si, is master, ref)
    for si, (r0, c0, r1, c1) in enumerate(blocks(cells)):
        ref = f"{col_letters(c0)}{r0 + 1}:{col_letters(c1)}{r1 + 1}"
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner[(r, c)] = (si, (r, c) == (r0, c0), ref)

    def rewrite(m):
        at = (int(m.group(2)) - 1, col_index(m.group(1).decode()))
        if at not in owner:
            return m.group(0)
        si, master, ref = owner[at]
        head = b'<c r="' + m.group(1) + m.group(2) + b'"' + m.group(3) + b">"
        if master:
            return head + f'<f t="shared" ref="{ref}" si="{si}">'.encode() + m.group(4) + b"</f>"
        return head + f'<f t="shared" si="{si}"/>'.encode()

    return _CELL.sub(rewrite, xml)
