"""How much room text takes in a worksheet cell: CJK-aware display width, wrapped lines and row heights.

A file written by XlsxWriter or edited as XML cannot ask the application to autofit its rows on open, so every
row holding text that may wrap gets the height Excel's autofit would give it, computed here. Widths are in
Excel's column-width units (the width of "0" in the default font): a wide (CJK) character counts 2, any other 1,
as with 宋体, whose Latin characters are exactly half as wide as its Chinese ones. The line height is that of the
printed CJK serif (Noto Serif CJK, which LibreOffice substitutes for 宋体: 1.45 em), so a row is never too
short in LibreOffice or WPS; Excel's 宋体 (1.3 em) then has a little room to spare.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable

LINE_HEIGHT = 16.0  # points per line of 11 pt CJK text (Noto Serif CJK: 1.45 em; 宋体 in Excel: 14.25)
PADDING = 4.0  # points above and below the text of a row
CELL_MARGIN = 1.0  # column-width units lost to the cell's left and right margins
LATIN = 1.15  # a narrow character in column-width units: digits are 1, but "%", "M", "W" are wider
FILL = 0.95  # share of a line filled on average: a line never starts with "，" "、" "）" (it breaks earlier)


def display_width(text: object) -> float:
    """Width of ``text`` in column-width units: a wide or full-width character counts 2, and so does an ambiguous
    one (“ ” × ≥ …), which CJK fonts draw full-width; others ``LATIN``."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else LATIN for ch in str(text))


def wrapped_lines(text: object, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column (or merged span) ``width`` units wide; each explicit
    line break starts a new line. An empty text takes one line."""
    usable = max((width - CELL_MARGIN) * FILL, 2.0)
    lines = 0
    for part in str(text if text is not None else "").split("\n"):
        lines += max(1, _lines_of(part, usable))
    return lines


def _lines_of(part: str, usable: float) -> int:
    """Lines of one paragraph, breaking as a word processor does: a wide character may break anywhere, a run of
    Latin letters and digits only before or after the run (a run longer than the line breaks inside it)."""
    lines, used = 1, 0.0
    for token in _tokens(part):
        w = display_width(token)
        if used + w <= usable:
            used += w
            continue
        if w > usable:  # a very long word: fill lines with it
            rest = w - (usable - used)
            lines += int(-(-rest // usable))
            used = rest - (int(-(-rest // usable)) - 1) * usable
            continue
        lines += 1
        used = w
    return lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WFA" or ch.isspace():
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


def row_height(cells: Iterable[tuple[object, float]], minimum: float = 0.0, font_size: float = 11.0) -> float:
    """Points for a row whose cells hold ``(text, width)`` pairs: enough lines for the tallest, at least
    ``minimum``. ``font_size`` scales the line height (11 pt is the form's body text)."""
    lines = max((wrapped_lines(text, width) for text, width in cells if text not in (None, "")), default=1)
    return max(minimum, round(lines * LINE_HEIGHT * font_size / 11.0 + PADDING, 1))


# ------------------------------------------------------------------ terminal columns
def columns(text: str) -> int:
    """Columns ``text`` takes in a terminal: a wide or full-width (CJK) character 2, a combining mark 0, others 1."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


#: punctuation that never starts a line (the character before it moves down with it)
NO_LINE_START = set("，。、：；！？）》」』”’")


def wrap_columns(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal columns (:func:`columns`); lines after the first
    start with ``indent``. A CJK character may break anywhere, a run of Latin letters and digits only at its ends
    (a run longer than a line breaks inside it); a space at a break is dropped; no line starts with “，”“：”…."""
    room = max(width, columns(indent) + 8)
    lines: list[str] = []
    line, used = "", 0

    def newline() -> None:
        nonlocal line, used
        lines.append(line.rstrip())
        line, used = indent, columns(indent)

    for token in _tokens(text):
        w = columns(token)
        if used + w > room and line.strip():
            if token.isspace():
                newline()
                continue
            if w <= room - columns(indent):
                carry = line[-1] if token in NO_LINE_START and len(line.strip()) > 1 else ""
                line = line[:len(line) - len(carry)]
                newline()
                line, used = line + carry, used + columns(carry)
        if used + w <= room:
            line, used = line + token, used + w
            continue
        for ch in token:  # a word longer than a line: fill lines with it
            if used + columns(ch) > room and line.strip():
                newline()
            line, used = line + ch, used + columns(ch)
    lines.append(line.rstrip())
    return lines
