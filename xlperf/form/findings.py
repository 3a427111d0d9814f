"""Findings are data: what a rule found, where, and what to do about it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any, Mapping


class Severity(str, Enum):
    """How much a finding matters. The value is what users read (and type in --fail-on)."""

    ERROR = "错误"  # must be fixed before submitting
    WARNING = "警告"  # should be fixed
    INFO = "提示"  # worth a look

    @property
    def rank(self) -> int:
        return {"错误": 3, "警告": 2, "提示": 1}[self.value]

    @classmethod
    def parse(cls, text: str) -> "Severity":
        aliases = {"error": cls.ERROR, "warning": cls.WARNING, "info": cls.INFO, "错误": cls.ERROR,
                   "警告": cls.WARNING, "提示": cls.INFO}
        try:
            return aliases[text.strip().lower()]
        except KeyError:
            raise ValueError(f"未知的严重程度“{text}”，应为 错误、警告 或 提示") from None


@dataclass(frozen=True)
class Finding:
    """One problem found in one place. ``sheet``/``cell`` are None only when the form has no such place
    (e.g. a form read from JSON). A finding about several cells of one sheet (e.g. one per project listing the
    rows without 确定依据) names the first in ``cell`` and the others in ``cells``; all of them are marked."""

    code: str
    severity: Severity
    sheet: str | None
    cell: str | None
    title: str
    message: str
    suggestion: str = ""
    context: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    cells: tuple[str, ...] = field(default=(), compare=False, hash=False)

    @property
    def where(self) -> str:
        if self.sheet is None:
            return "（无位置）"
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def as_dict(self) -> dict:
        """The stable JSON shape (docs/check-json.md)."""
        return {"code": self.code, "severity": self.severity.value, "sheet": self.sheet, "cell": self.cell,
                "title": self.title, "message": self.message, "suggestion": self.suggestion,
                "context": {k: _jsonable(v) for k, v in self.context.items()}, "cells": list(self.cells)}


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


_CELL = re.compile(r"([A-Z]+)(\d+)")


@lru_cache(maxsize=16384)
def cell_key(cell: str | None) -> tuple[int, int]:
    """Sort key for an A1 address: row first, then column."""
    if not cell:
        return (0, 0)
    m = _CELL.fullmatch(cell)
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


def count_by_severity(findings) -> dict[Severity, int]:
    counts = {s: 0 for s in Severity}
    for f in findings:
        counts[f.severity] += 1
    return counts
