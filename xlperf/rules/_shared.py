"""What every rule family shares: the registry the rules are declared on, and small helpers.

A rule module declares its rules with ``@rule(...)`` (``registry.rule``); ``xlperf.rules`` imports every family
module explicitly and takes ``registry.rules()`` as the catalogue.
"""
from __future__ import annotations

from typing import Callable, Iterator, NamedTuple

from ..form.model import Ref, Submission
from ..rulebook.registry import Live, Registry, hit, project_label, ref_of
from ..text.normalize import clean_text

__all__ = ["registry", "rule", "Live", "hit", "project_label", "ref_of", "once_per_run", "snippet", "TextCell", "text_cells",
           "cells_of"]

registry = Registry()
rule = registry.rule


def once_per_run(ctx, key, make: Callable[[], object]):
    """``ctx.shared(key, make)`` when checking (computed once per run); plain ``make()`` for callers without a
    Context (tests and helpers that call a rule's parts directly)."""
    return ctx.shared(key, make) if hasattr(ctx, "shared") else make()


def snippet(text: str, start: int, end: int | None = None, width: int = 10) -> str:
    """The text around ``text[start:end]``, with "…" where it was cut."""
    end = start if end is None else end
    lo, hi = max(0, start - width), min(len(text), end + width)
    return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")


# ------------------------------------------------------------------ the text cells of a form
class TextCell(NamedTuple):
    """One piece of typed text: where it is (``ref``, ``where``), what kind of text it is, and the text."""

    ref: Ref | None
    text: str
    kind: str  # name | value | level | item | prose
    where: str  # plain Chinese, e.g. "“机器人产业扶持资金”的三级指标"
    field: str = ""  # model field: "level1", "level3", "goals", "purpose" …


def text_cells(form: Submission) -> Iterator[TextCell]:
    """Every piece of text typed in the form, in reading order, each with its cell.

    A 一级/二级 label continued over several indicator rows lives in one cell and is yielded once. List cells
    (绩效目标, 第一部分的绩效指标) yield one TextCell per line (``split_items``), all with the list's cell.
    Numeric fields (年度, 年度资金总额 …) and 项目编码 are not text and are left out.
    """
    seen_levels: set[Ref] = set()
    out: list[TextCell] = []  # built flat and handed out at the end: cheaper than nested generators

    def one(ref, text, kind, where, fld=""):
        text = text.strip() if isinstance(text, str) else clean_text(text)
        if text:
            out.append(TextCell(ref, text, kind, where, fld))

    def lines(ref, items, kind, where, fld):
        for item in items:
            one(ref, item, kind, where, fld)

    c = form.cells.get
    one(c("title"), form.title, "prose", "第一部分的标题", "form_title")
    one(c("department"), form.department, "name", "部门名称", "department")
    for i, goal in enumerate(form.overall_goals):
        one(c(f"overall_goals.{i}"), goal, "prose", f"总体绩效目标第{i + 1}条", "overall_goals")
    for s in form.summaries:
        label = f"第一部分“{s.name}”" if s.name else "第一部分一个未写名称的项目"
        sc = s.cells.get
        one(sc("name"), s.name, "name", "第一部分分项绩效目标的项目名称", "name")
        one(sc("purpose"), s.purpose, "prose", f"{label}的项目资金安排", "purpose")
        lines(sc("goals"), s.goals, "item", f"{label}的绩效目标", "goals")
        lines(sc("indicators"), s.indicators, "item", f"{label}的绩效指标", "indicators")
    for i, measure in enumerate(form.measures):
        one(c(f"measures.{i}"), measure, "prose", f"工作保障措施第{i + 1}条", "measures")
    for p in form.projects:
        label = f"“{project_label(p)}”"
        pc = p.cells.get
        one(pc("title"), p.title, "prose", f"{label}项目表的标题", "title")
        one(pc("name"), p.name, "name", f"{label}的项目名称", "name")
        one(pc("department"), p.department, "name", f"{label}的主管部门", "department")
        one(pc("implementer"), p.implementer, "name", f"{label}的实施单位", "implementer")
        one(pc("purpose"), p.purpose, "prose", f"{label}的项目资金主要用途", "purpose")
        lines(pc("goals"), p.goals, "item", f"{label}的绩效目标", "goals")
        for ind in p.indicators:
            ic = ind.cells.get
            for fld, name in (("level1", "一级指标"), ("level2", "二级指标")):
                ref = ic(fld)
                if ref is not None and ref in seen_levels:
                    continue
                if ref is not None:
                    seen_levels.add(ref)
                one(ref, getattr(ind, fld), "level", f"{label}的{name}", fld)
            row = f"{label}三级指标“{ind.level3}”" if ind.level3 else f"{label}一个未写三级指标的指标行"
            one(ic("level3"), ind.level3, "name", f"{label}的三级指标", "level3")
            one(ic("description"), ind.description, "prose", f"{row}的绩效指标描述", "description")
            one(ic("value"), ind.value, "value", f"{row}的指标值", "value")
            one(ic("basis"), ind.basis, "name", f"{row}的指标值确定依据", "basis")
        for line in p.funding:
            one(line.cells.get("category"), line.category, "name", f"补助测算中{label}的类别",
                           "category")

    return iter(out)

def cells_of(ctx) -> list[TextCell]:
    """``text_cells`` of the form being checked, computed once per run."""
    return once_per_run(ctx, "text_cells", lambda: list(text_cells(ctx.form)))


def part1_outside_layout(form: Submission) -> bool:
    """Whether the file was read from another layout (a province's project table, a 自评表, a 部门整体 form …), which
    has no place for Part 1's 工作保障措施 and 分项绩效目标: files.foreign marks such projects' ``Project.absent``
    (never empty there, as no layout read by label has our 资金支出计划) and reads only a 部门整体 form's goals as
    ``overall_goals``. Our template has a place for everything, so this is always False for it."""
    return any(p.absent for p in form.projects)
