"""The engine: every enabled rule of a catalogue runs over the form in one pass; its hits become findings.

The engine knows no rule: the catalogue (``xlperf.rules.CATALOGUE``) is passed in by the caller.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Callable, Iterable, Sequence

from ..form import layout as L
from ..form.findings import Finding, Severity, cell_key
from ..form.model import Submission
from ..form.taxonomy import NEW_SCHEME, OLD_SCHEME, canonical_level1
from .registry import SETTINGS_WATCHDOG, Hit, Rule
from .settings import AUTO_SCHEME, DEFAULT, Config, from_settings


@dataclass
class Context:
    """What a rule may consult besides the object it checks."""

    form: Submission
    config: Config
    rules: Sequence[Rule] = ()  # the catalogue being run (K513 names the rules a workbook relaxed)
    _shared: dict = field(default_factory=dict, repr=False)

    def shared(self, key: str, make: Callable[[], object]):
        """A value computed once per check run and shared by rules (parsed texts, pairings of the two parts…)."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]

    @cached_property
    def scheme(self) -> str:
        """The indicator scheme in force: configured, or detected once per run (成本指标 as a 一级 → 101号)."""
        if self.config.scheme != AUTO_SCHEME:
            return self.config.scheme
        uses_cost_level1 = any(canonical_level1(i.level1) == "成本指标"
                               for p in self.form.projects for i in p.indicators)
        return NEW_SCHEME if uses_cost_level1 else OLD_SCHEME


def run_checks(form: Submission, rules: Sequence[Rule], config: Config | None = None, *,
               use_workbook_settings: bool = True) -> list[Finding]:
    """Run every enabled rule of ``rules`` over ``form``; findings sorted by sheet order, then cell, then code.

    ``config`` is applied on top of the workbook's own 设置 (so a reviewer's --config wins).
    """
    use_workbook_settings = use_workbook_settings and not (config is not None and config.ignore_workbook)
    base = from_settings(form.settings, rules=rules) if use_workbook_settings and form.settings else DEFAULT
    if SETTINGS_WATCHDOG in base.severity:  # a workbook cannot silence the rule that reports its own settings
        base = replace(base, severity={k: v for k, v in base.severity.items() if k != SETTINGS_WATCHDOG})
    if config is not None:
        base = _overlay(base, config)
    ctx = Context(form, base, rules)
    findings: list[Finding] = []
    for r in rules:
        severity = base.severity_of(r.code, r.severity)
        if severity is None:
            continue
        targets: Iterable = form.projects if r.scope == "project" else (form,)
        for target in targets:
            for h in r.func(target, ctx):
                findings.append(_finding(r, severity, h))
    order = sheet_order(form)
    return sorted(set(findings), key=lambda f: (order.get(f.sheet, len(order)), f.sheet or "",
                                               cell_key(f.cell), f.code, f.message))


def _overlay(base: Config, top: Config) -> Config:
    """The reviewer's settings win over the workbook's: every field ``top`` set explicitly (or changed from
    the defaults, for a Config built in code)."""
    changed = {f.name: getattr(top, f.name) for f in fields(Config) if f.name not in ("explicit", "ignore_workbook") and (
        f.name in top.explicit or getattr(top, f.name) != getattr(DEFAULT, f.name))}
    if "severity" in changed:
        changed["severity"] = {**base.severity, **top.severity}
    return replace(base, **changed)


def _finding(r: Rule, severity: Severity, h: Hit) -> Finding:
    shown = {k: _show(v) for k, v in h.fields.items()}
    ref = h.ref
    cells = tuple(dict.fromkeys(o.cell for o in h.also if ref and o.sheet == ref.sheet and o.cell != ref.cell))
    return Finding(code=r.code, severity=severity, sheet=ref.sheet if ref else None, cell=ref.cell if ref else None,
                   title=r.title, message=r.message.format(**shown), suggestion=r.suggestion.format(**shown),
                   context=h.fields, cells=cells)


def _show(value) -> str:
    """Render a template field: numbers without a pointless ".0", lists joined with 、."""
    if type(value) is str:  # the common case first: most fields are names and texts
        return value
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    if isinstance(value, (list, tuple)):
        return "、".join(_show(v) for v in value)
    return "" if value is None else str(value)


def sheet_order(form: Submission) -> dict[str, int]:
    names = [L.PART1_SHEET] + [p.sheet for p in form.projects if p.sheet] + [L.FUNDING_SHEET, L.SETTINGS_SHEET]
    return {name: i for i, name in enumerate(dict.fromkeys(names))}
