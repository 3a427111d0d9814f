"""The checks, as one facade over the rule machinery (``rulebook``) and the catalogue (``rules``).

For scripts, tests and the front ends: ``run_checks(form)`` runs the whole catalogue, ``all_rules()`` lists it,
``from_settings`` / ``load_toml`` read settings whose rule codes are checked against it. To check a *file*, use
the one pipeline, ``xlperf.services.check``.
"""
from __future__ import annotations

from pathlib import Path

from .form.model import Submission
from .rulebook import engine, settings
from .rulebook.registry import FAMILIES, RETIRED_CODES, RULESET_VERSION, Rule
from .rulebook.settings import DEFAULT, BadConfig, Config
from .rules import CATALOGUE

__all__ = ["BadConfig", "Config", "DEFAULT", "FAMILIES", "RETIRED_CODES", "RULESET_VERSION", "Rule",
           "all_rules", "from_settings", "load_toml", "run_checks"]


def all_rules() -> list[Rule]:
    """Every rule of the catalogue, in code order."""
    return list(CATALOGUE)


def run_checks(form: Submission, config: Config | None = None, *, use_workbook_settings: bool = True):
    """Run every enabled rule over ``form``; findings sorted by sheet order, then cell, then code.

    ``config`` is applied on top of the workbook's own 设置 (so a reviewer's --config wins)."""
    return engine.run_checks(form, CATALOGUE, config, use_workbook_settings=use_workbook_settings)


def from_settings(values: dict[str, str], base: Config = DEFAULT, where: str = "设置") -> Config:
    """The workbook's 设置 rows applied to ``base`` (see ``rulebook.settings.from_settings``)."""
    return settings.from_settings(values, base, where, rules=CATALOGUE)


def load_toml(path: str | Path, base: Config = DEFAULT) -> Config:
    """A reviewer's TOML settings file applied to ``base`` (see ``rulebook.settings.load_toml``)."""
    return settings.load_toml(path, base, rules=CATALOGUE)
