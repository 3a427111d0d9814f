"""Text normalisation shared by the reader, the rule engine and the Excel UDFs.

Cells of a 预算绩效目标表 arrive as numbers (``90.0``), as text padded with ideographic spaces ("　0"), with
full-width digits ("１００") or with numbering written by hand ("目标1：…", "1、…"). Everything here is pure
stdlib and cheap to import, because the Excel UDFs import it on every recalculation session.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from functools import lru_cache

from . import regex_store

__all__ = [
    "clean_text",
    "to_halfwidth",
    "parse_number",
    "parse_percent",
    "squash",
    "split_items",
    "number_items",
    "NUMBER_STYLES",
]

class lazy_re:
    """A regular expression compiled on first use, so that importing a module stays fast (< 10 ms).

    Why: the Excel UDF host imports these modules on start-up; compiling ~30 large patterns costs ~40 ms.
    Behaves like the compiled pattern (``.match``, ``.finditer`` …).
    """

    __slots__ = ("_pattern", "_flags", "_rx")

    def __init__(self, pattern: str, flags: int = 0):
        self._pattern, self._flags, self._rx = pattern, flags, None
        regex_store.declare(pattern, flags)

    def __getattr__(self, name: str):
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(self._pattern, self._flags)
        return getattr(rx, name)


# Characters that are not str.isspace() but still appear as invisible padding in pasted text.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _strip(s: str) -> str:
    """Strip Unicode whitespace (incl. U+3000, NBSP) and zero-width characters at both ends, however they
    alternate (a cell of only such characters is blank, as the template's live checks count it)."""
    stripped = s.strip().strip(_INVISIBLE).strip()
    while stripped != s:
        s, stripped = stripped, stripped.strip(_INVISIBLE).strip()
    return stripped


def clean_text(value: object) -> str | None:
    """Return the cell's text with outer whitespace removed, or None when nothing is left.

    Why: every consumer first needs "what did the user type?". Spreadsheet numbers come back as floats, so
    whole floats print without ".0" (90.0 → "90") and other floats with up to 15 significant digits, as Excel
    shows them (0.5 → "0.5", 0.1+0.2 → "0.3"). NaN (pandas' empty cell) is None. Stripping covers U+3000,
    NBSP and zero-width characters; inner whitespace and line breaks are kept.

    Dates print as ISO dates whatever the front end hands over: python-calamine gives ``datetime.date`` for a
    date cell, xlwings (the Excel macro) gives ``datetime.datetime`` at midnight; both are "2021-12-31", so
    the two front ends see the same text. A date with a time of day is "2021-12-31 08:30" (seconds only
    when not zero: "08:30:15").
    """
    if value is None:
        return None
    if value.__class__ is str:  # most cells: no date or float to format
        return _strip(value) or None
    if isinstance(value, _dt.date):
        return _date_text(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    text = _strip(str(value))
    return text or None


def _date_text(value: _dt.date) -> str:
    if not isinstance(value, _dt.datetime):
        return value.isoformat()
    day = value.date().isoformat()
    if value.time() == _dt.time(0, 0):
        return day
    clock = value.strftime("%H:%M:%S" if value.second or value.microsecond else "%H:%M")
    return f"{day} {clock}"


_FW_KEEP = "０１２３４５６７８９" + "".join(chr(c) for c in range(0xFF21, 0xFF3B)) + "".join(
    chr(c) for c in range(0xFF41, 0xFF5B)
) + "．％＋－＝＜＞／＊"
_HALFWIDTH = {ord(c): ord(c) - 0xFEE0 for c in _FW_KEEP}
_HALFWIDTH[0x3000] = 0x20


def to_halfwidth(s: str) -> str:
    """Map full-width digits, Latin letters, ．％＋－＝＜＞／＊ and U+3000 to their ASCII forms.

    Why: users type "１００" or "＞９０％" with a Chinese IME. Chinese punctuation (，、：；（）) is left alone:
    it is part of the text, not of numbers. The mapping is one character to one character, so positions in
    the result are positions in the input.
    """
    return s.translate(_HALFWIDTH)


_NUM_RE = lazy_re(r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)")


def parse_number(value: object) -> float | None:
    """Return a plain number from a cell, or None if the cell holds anything else.

    Accepts int/float (not bool) and text made only of an optionally signed decimal number, with outer
    whitespace (incl. U+3000), full-width digits and correctly grouped thousands separators ("1,580").
    Why strict: "90%" or "15家" are not plain numbers; callers that accept those use ``parse_percent`` or
    ``xlperf.values.parse_value`` so that a unit is never silently dropped.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        f = float(value)
        return None if math.isnan(f) else f
    text = clean_text(value)
    if text is None:
        return None
    text = _strip(to_halfwidth(text))
    if not text or not _NUM_RE.fullmatch(text) or not any(ch.isdigit() for ch in text):
        return None
    if not all(ch in "0123456789.,+-" for ch in text):
        return None
    return float(text.replace(",", ""))


def parse_percent(value: object) -> float | None:
    """Return percent points from "90%", "９０％", "90 %" or a bare number; None otherwise.

    A bare number (90, "90") is taken as percent points, because forms write "≥90" meaning 90%. An Excel cell
    formatted as a percentage stores 0.9 for 90%: the reader must multiply by 100 itself when it sees such a
    number format; this function cannot know and returns 0.9.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_number(value)
    text = clean_text(value)
    if text is None:
        return None
    text = _strip(to_halfwidth(text))
    if text.endswith("%"):
        text = text[:-1]
        if text.endswith("%"):
            return None
    return parse_number(text)


_ALL_PLAIN = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff]*\Z")  # fast path: nothing to remove
_SQUASH_PUNCT = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})


def squash(s: object) -> str:
    """Return text with all whitespace removed and look-alike characters unified, for comparing labels.

    Why: labels are wrapped inside cells ("项目资金\\n主要用途") and typed with either keyboard mode, so
    "（累进进度%）" and "(累进进度％)" must compare equal. Removes every whitespace character (incl. line
    breaks, U+3000) and zero-width characters, applies ``to_halfwidth``, then maps ASCII ( ) : , ; to
    Chinese （ ）：，；. None → "".
    """
    if s is None:
        return ""
    return _squash_text(s) if isinstance(s, str) else _squash_uncached(s)


@lru_cache(maxsize=65536)
def _squash_text(s: str) -> str:
    # cached: rules compare the same names and labels many times per run
    return _squash_uncached(s)


def _squash_uncached(s: object) -> str:
    text = clean_text(s) or ""
    if not _ALL_PLAIN.match(text):
        text = "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE)
    return to_halfwidth(text).translate(_SQUASH_PUNCT)


# One numbering prefix. Matched against the half-width copy of the line (same positions).
#  目标N：/目标N:/目标N、/目标N.   — always a prefix
#  (N) （N）                          — always a prefix
#  N、                                — always a prefix
#  N. N． N: N：                      — a prefix unless a digit follows (1.5倍, 8:30), except that a
#                                       year "1.2021年…" (numbered item starting with a year) is a prefix.
_PREFIX_RE = lazy_re(
    r"""(?:
          目标[ \t]*[0-9]+[ \t]*[：:、.]
        | [(（][ \t]*[0-9]+[ \t]*[)）]
        | [0-9]+[ \t]*、
        | [0-9]+[.:：](?![0-9])
        | [0-9]+[.](?=(?:19|20)[0-9]{2}年)
        )""",
    re.VERBOSE,
)


def split_items(text: object) -> list[str]:
    """Split a multi-line cell into its items, dropping blank lines and one numbering prefix per item.

    Why: 绩效目标 and 指标 cells hold "目标1：…\\n\\n目标2：…" or "1.…\\n2、…"; rules look at each item.
    Prefixes: 目标N：/目标N:, N./N．/N、/N:/N：, (N)/（N）, N in ASCII or full-width digits. "1.5倍…" keeps its
    decimal (a period followed by a digit), except "1.2021年…", a numbered item starting with a year.
    Chinese numerals ("一、") are not numbering here. A line that is only a prefix ("2.") is dropped.
    """
    raw = clean_text(text)
    if raw is None:
        return []
    items: list[str] = []
    for line in raw.splitlines():
        line = _strip(line)
        if not line:
            continue
        m = _PREFIX_RE.match(to_halfwidth(line))
        if m:
            line = _strip(line[m.end():])
        if line:
            items.append(line)
    return items


NUMBER_STYLES = ("目标", "、", ".", "（）")


def number_items(items: list[str], style: str = "、") -> str:
    """Join items into one cell, numbering them; the inverse of ``split_items``.

    Styles: "目标" → "目标1：x", "、" → "1、x", "." → "1.x", "（）" → "（1）x". With style "." an item that
    starts with a digit is written "1. 5倍…" so that it is not read back as the decimal "1.5".
    ``split_items(number_items(xs, style)) == xs`` holds for items that are non-empty, already stripped (as
    ``clean_text`` strips) and contain no line break.
    """
    if style not in NUMBER_STYLES:
        raise ValueError(f"未知的编号样式：{style!r}（可用：{'、'.join(NUMBER_STYLES)}）")
    lines = []
    for i, item in enumerate(items, 1):
        if style == "目标":
            lines.append(f"目标{i}：{item}")
        elif style == "、":
            lines.append(f"{i}、{item}")
        elif style == "（）":
            lines.append(f"（{i}）{item}")
        else:
            sep = ". " if to_halfwidth(item[:1]) in tuple("0123456789") and item else "."
            lines.append(f"{i}{sep}{item}")
    return "\n".join(lines)
