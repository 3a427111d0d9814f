"""The rule registry: what a rule is (``Rule``), what it finds (``Hit``), and how rules are declared.

A rule is one small function declared with ``@registry.rule(...)``, carrying its permanent code, default
severity, Chinese title, and message/suggestion templates with *named* fields (Chinese word order differs from
English, so fields are never positional). The function's docstring is the rule's documentation (what it checks,
why, a bad and a good example, the source). Rules yield ``Hit``s — a cell and the template fields — and the
engine turns them into ``Finding``s, applying the configured severity.

Codes are permanent: a retired code is never reused (see RETIRED_CODES). Families:
C 完整性 · V 指标值 · M 资金 · P 进度 · K 一致性 · T 规范性.
"""
from __future__ import annotations

import inspect
import string
from dataclasses import dataclass
from typing import Callable, Iterable

from ..form.findings import Severity
from ..form.model import Project, Ref

RULESET_VERSION = "2026.11"
FAMILIES = {"C": "完整性", "V": "指标值", "M": "资金", "P": "进度", "K": "一致性", "T": "规范性"}
RETIRED_CODES: dict[str, str] = {}  # code → why it was retired (never reuse a code)
SETTINGS_WATCHDOG = "K513"  # reports a workbook's relaxed settings; only a reviewer's --config may change it


@dataclass(frozen=True)
class Hit:
    """What a rule found: where (``ref``), the named fields its templates use, and for a finding about several
    cells (one per project listing its rows) the other cells it is about (``also``), which are marked too."""

    ref: Ref | None
    fields: dict
    also: tuple = ()


def hit(ref: Ref | None, *, also=(), **fields) -> Hit:
    """A Hit at ``ref``; ``also`` lists further cells (Refs) the same finding is about."""
    return Hit(ref, fields, tuple(r for r in also if r is not None))


@dataclass(frozen=True)
class Live:
    """A rule's live version: worksheet formulas the template builder writes, so the workbook shows the rule's
    findings while staff type (macros off, WPS, LibreOffice). ``cells`` maps each cell the rule marks (a field
    key of the form: "name", "cumulative2", an indicator column such as "value" …) to a formula template that is
    TRUE exactly where the rule reports that cell. Templates name other cells as ``{key}`` (``{cell}`` is the
    marked cell itself) and test emptiness with ``BLANK(…)``, which counts Unicode spaces as the reader does;
    ``template.live`` lists the keys. Only classic worksheet functions (tests/test_live_formulas.py); a formula
    that only approximates the rule is not its live version. ``header_row``: the indicator columns' flags also
    cover the grid's header row (a rule that may mark a column's header cell)."""

    cells: dict
    header_row: bool = False

    @classmethod
    def each(cls, keys, formula: str) -> "Live":
        """The same template for several cells (``{cell}`` is each one in turn)."""
        return cls({key: formula for key in keys})


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    message: str  # str.format template with named fields
    suggestion: str
    source: str | None
    scope: str  # "project": called once per project with (project, ctx); "form": once with (form, ctx)
    func: Callable[..., Iterable[Hit]]
    live: Live | None = None  # the rule's formulas when it also runs live in the workbook

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    def fields(self) -> set[str]:
        names = set()
        for template in (self.message, self.suggestion):
            names |= {name for _, name, _, _ in string.Formatter().parse(template) if name}
        return names


class Registry:
    """The rules declared with ``@registry.rule(...)``, by code. ``rules()`` is the catalogue, in code order."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def rule(self, code: str, severity: Severity, title: str, message: str, suggestion: str = "", *,
             source: str | None = None, scope: str = "project", live: Live | None = None):
        """Declare a rule. Used as a decorator on the rule's function."""

        def register(func):
            if code in self._rules or code in RETIRED_CODES:
                raise ValueError(f"rule code {code} is already used")
            if code[0] not in FAMILIES:
                raise ValueError(f"rule code {code} has no family")
            self._rules[code] = Rule(code, severity, title, message, suggestion, source, scope, func, live)
            return func

        return register

    def rules(self) -> tuple[Rule, ...]:
        return tuple(self._rules[code] for code in sorted(self._rules))


# ------------------------------------------------------------------ helpers for rule functions
def ref_of(obj, key: str, fallback: Ref | None = None) -> Ref | None:
    """Where ``obj.<key>`` lives (None for forms not read from a workbook)."""
    return obj.cells.get(key, fallback)


def project_label(project: Project) -> str:
    return project.name or (f"“{project.sheet}”表的项目" if project.sheet else "未命名项目")
