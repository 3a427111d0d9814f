"""The rule catalogue and the engine: every rule runs over the form in one pass and yields findings.

A rule is one small function registered with ``@rule(...)``, carrying its permanent code, family, default
severity, Chinese title, and message/suggestion templates with *named* fields (Chinese word order differs from
English, so fields are never positional). The function's docstring is the rule's documentation (what it checks,
why, a bad and a good example, the source). Rules yield ``Hit``s — a cell and the template fields — and the
engine turns them into ``Finding``s, applying the configured severity.

Codes are permanent: a retired code is never reused (see RETIRED_CODES). Families:
C 完整性 · V 指标值 · M 资金 · P 进度 · K 一致性 · T 规范性.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Callable, Iterable, Iterator

from .config import DEFAULT, Config, from_settings
from .findings import Finding, Severity, cell_key
from .model import Project, Ref, Submission

RULESET_VERSION = "2026.11"
FAMILIES = {"C": "完整性", "V": "指标值", "M": "资金", "P": "进度", "K": "一致性", "T": "规范性"}
RETIRED_CODES: dict[str, str] = {}  # code → why it was retired (never reuse a code)
SETTINGS_WATCHDOG = "K513"  # reports a workbook's relaxed settings; only a reviewer's --config may change it


@dataclass(frozen=True)
class Hit:
    """What a rule found: where (``ref``) and the named fields its templates use."""

    ref: Ref | None
    fields: dict


def hit(ref: Ref | None, **fields) -> Hit:
    return Hit(ref, fields)


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

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    @property
    def doc(self) -> str:
        import inspect

        return inspect.cleandoc(self.func.__doc__ or "")

    def fields(self) -> set[str]:
        names = set()
        for template in (self.message, self.suggestion):
            names |= {name for _, name, _, _ in string.Formatter().parse(template) if name}
        return names


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str, message: str, suggestion: str = "", *,
         source: str | None = None, scope: str = "project"):
    """Register a rule. Used as a decorator on the rule's function."""

    def register(func):
        if code in RULES or code in RETIRED_CODES:
            raise ValueError(f"rule code {code} is already used")
        if code[0] not in FAMILIES:
            raise ValueError(f"rule code {code} has no family")
        RULES[code] = Rule(code, severity, title, message, suggestion, source, scope, func)
        return func

    return register


@dataclass
class Context:
    """What a rule may consult besides the object it checks."""

    form: Submission
    config: Config
    _memo: dict = field(default_factory=dict, repr=False)

    def memo(self, key: str, make: Callable[[], object]):
        """A value computed once per check run and shared by rules (parsed texts, pairings of the two parts…)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @cached_property
    def scheme(self) -> str:
        """The indicator scheme in force: configured, or detected once per run (成本指标 as a 一级 → 101号)."""
        from .taxonomy import NEW_SCHEME, OLD_SCHEME, canonical_level1

        if self.config.scheme != "自动":
            return self.config.scheme
        uses_cost_level1 = any(canonical_level1(i.level1) == "成本指标"
                               for p in self.form.projects for i in p.indicators)
        return NEW_SCHEME if uses_cost_level1 else OLD_SCHEME


def _load_rules() -> None:
    # Explicit imports: every family module is listed here, nothing is discovered by magic.
    from .rules import completeness, consistency, hygiene, money, progress, values  # noqa: F401


def all_rules() -> list[Rule]:
    _load_rules()
    return [RULES[code] for code in sorted(RULES)]


def run_checks(form: Submission, config: Config | None = None, *, use_workbook_settings: bool = True) -> list[Finding]:
    """Run every enabled rule over ``form``; findings sorted by sheet order, then cell, then code.

    ``config`` is applied on top of the workbook's own 设置 (so a reviewer's --config wins).
    """
    use_workbook_settings = use_workbook_settings and not (config is not None and config.ignore_workbook)
    base = from_settings(form.settings) if use_workbook_settings and form.settings else DEFAULT
    if SETTINGS_WATCHDOG in base.severity:  # a workbook cannot silence the rule that reports its own settings
        base = replace(base, severity={k: v for k, v in base.severity.items() if k != SETTINGS_WATCHDOG})
    if config is not None:
        base = _overlay(base, config)
    ctx = Context(form, base)
    findings: list[Finding] = []
    for r in all_rules():
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
    from dataclasses import fields, replace

    changed = {f.name: getattr(top, f.name) for f in fields(Config) if f.name not in ("explicit", "ignore_workbook") and (
        f.name in top.explicit or getattr(top, f.name) != getattr(DEFAULT, f.name))}
    if "severity" in changed:
        changed["severity"] = {**base.severity, **top.severity}
    return replace(base, **changed)


def _finding(r: Rule, severity: Severity, h: Hit) -> Finding:
    fields = {k: _show(v) for k, v in h.fields.items()}
    ref = h.ref
    return Finding(code=r.code, severity=severity, sheet=ref.sheet if ref else None, cell=ref.cell if ref else None,
                   title=r.title, message=r.message.format(**fields), suggestion=r.suggestion.format(**fields),
                   context=h.fields)


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
    from . import layout as L

    names = [L.PART1_SHEET] + [p.sheet for p in form.projects if p.sheet] + [L.FUNDING_SHEET, L.SETTINGS_SHEET]
    return {name: i for i, name in enumerate(dict.fromkeys(names))}


# ------------------------------------------------------------------ helpers shared by rule modules
def ref_of(obj, key: str, fallback: Ref | None = None) -> Ref | None:
    """Where ``obj.<key>`` lives (None for forms not read from a workbook)."""
    return obj.cells.get(key, fallback)


def project_label(project: Project) -> str:
    return project.name or (f"“{project.sheet}”表的项目" if project.sheet else "未命名项目")


def iter_projects(form: Submission) -> Iterator[Project]:
    return iter(form.projects)
