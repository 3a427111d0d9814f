"""Compare last year's submission with this year's: the historical-standard comparison reviewers make by hand.

::

    result = diff_forms(last_year_form, this_year_form)
    print(render_text(result))          # or render_json(result): docs/diff-json.md

Projects are matched by name, tolerantly: ``textnorm.squash`` (whitespace, full/half-width, punctuation) and a
trailing “项目” ignored, so “科技型中小企业补助” matches “科技型中小企业补助项目”. Within a matched project,
indicators are matched by 一级 (canonical name through the taxonomy, so 效果指标 = 效益指标; a misspelt 一级 by the
name ``taxonomy.suggest_level1`` finds in it, so fixing “、满意度指标” to “满意度指标” is a change, not a removal
plus an addition) + 三级 name (squashed); an indicator present only last year is *removed*, only this year
*added*; in both, each field that differs — 指标值, 指标值确定依据, 绩效指标描述, and a 一级 spelling that was not a
recognised name — is one *change*. Per project, changes of 年度资金总额, 项目资金主要用途, the 资金支出计划 (cumulative
% per quarter) and the 补助测算 lines (matched by 类别: added, removed, 数量/标准/单位 changed) are reported too.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from ..form.model import QUARTERS, FundingLine, Indicator, Project, Submission
from ..form.taxonomy import canonical_level1, suggest_level1
from ..text.normalize import clean_text, parse_number, squash

JSON_SCHEMA_VERSION = 2  # 2: changed[].field; purpose, plan, funding_* per project; notes

#: indicator fields compared, in order: model attribute → the column's label
INDICATOR_FIELDS = (("value", "指标值"), ("basis", "指标值确定依据"), ("description", "绩效指标描述"))
FIELD_LABELS = {"level1": "一级指标", **dict(INDICATOR_FIELDS)}
FUNDING_FIELDS = ("quantity", "quantity_unit", "standard", "standard_unit")


def project_key(name: str | None) -> str:
    """The matching key of a project name: squashed, a trailing 项目 removed."""
    key = squash(name)
    while key.endswith("项目") and len(key) > 2:
        key = key[:-2]
    return key


def level1_key(name: str | None) -> str:
    """The matching key of a 一级 name: its canonical name, else the one hidden in a misspelling, else squashed."""
    return canonical_level1(name) or (suggest_level1(name) if name else None) or squash(name)


def indicator_key(ind: Indicator) -> tuple[str, str]:
    return (level1_key(ind.level1), squash(ind.level3))


@dataclass
class IndicatorRef:
    level1: str | None
    level2: str | None
    level3: str | None
    value: str | None


@dataclass
class ValueChange:
    """One field of a matched indicator that differs: ``field`` is value / basis / description / level1."""

    level1: str | None
    level2: str | None
    level3: str | None
    old: str | None
    new: str | None
    field: str = "value"


@dataclass
class TextChange:
    old: str | None
    new: str | None


@dataclass
class QuarterChange:
    quarter: str  # 第一季度 … 第四季度
    old: float | str | None  # cumulative %
    new: float | str | None


@dataclass
class FundingRef:
    category: str | None
    quantity: float | str | None
    quantity_unit: str | None
    standard: float | str | None
    standard_unit: str | None
    amount: float | None  # 万元, money.subsidy_line; None when it does not compute


@dataclass
class FundingChange:
    category: str | None
    fields: list[str]  # the FundingLine fields that differ
    old: FundingRef
    new: FundingRef


@dataclass
class ProjectDiff:
    name: str | None  # this year's name
    old_name: str | None  # last year's name (differs only in spacing, width or a trailing 项目)
    old_total: float | str | None
    new_total: float | str | None
    added: list[IndicatorRef] = field(default_factory=list)
    removed: list[IndicatorRef] = field(default_factory=list)
    changed: list[ValueChange] = field(default_factory=list)
    unchanged: int = 0  # indicators matched with no field changed
    purpose: TextChange | None = None  # 项目资金主要用途, when it changed
    plan: list[QuarterChange] = field(default_factory=list)  # 资金支出计划 cumulative % that changed
    funding_added: list[FundingRef] = field(default_factory=list)
    funding_removed: list[FundingRef] = field(default_factory=list)
    funding_changed: list[FundingChange] = field(default_factory=list)

    @property
    def total_changed(self) -> bool:
        return not _same_number(self.old_total, self.new_total)

    @property
    def is_changed(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.total_changed or self.name != self.old_name
                    or self.purpose or self.plan or self.funding_added or self.funding_removed
                    or self.funding_changed)


@dataclass
class FormDiff:
    old_path: str | None
    new_path: str | None
    old_department: str | None
    new_department: str | None
    old_year: float | str | None
    new_year: float | str | None
    projects: list[ProjectDiff] = field(default_factory=list)  # matched projects, in this year's order
    added_projects: list[dict] = field(default_factory=list)  # {"name", "total", "indicators"}
    removed_projects: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. both files give the same 年度

    def as_dict(self) -> dict:
        out = {"schema_version": JSON_SCHEMA_VERSION}
        out.update({k: v for k, v in asdict(self).items() if k != "projects"})
        out["projects"] = [{**asdict(p), "total_changed": p.total_changed} for p in self.projects]
        return out


def _same_number(a, b) -> bool:
    na, nb = parse_number(a), parse_number(b)
    if na is not None and nb is not None:
        return abs(na - nb) < 1e-9
    return squash(a) == squash(b)


def _ref(ind: Indicator) -> IndicatorRef:
    return IndicatorRef(ind.level1, ind.level2, ind.level3, ind.value)


def _keyed(items, key):
    """{key: item}; a key seen again gets an occurrence number so duplicates are compared pairwise."""
    out: dict = {}
    seen: dict = {}
    for item in items:
        k = key(item)
        n = seen.get(k, 0)
        seen[k] = n + 1
        out[(k, n)] = item
    return out


def _same_text(a, b) -> bool:
    return squash(a) == squash(b)


def _indicator_changes(old: Indicator, new: Indicator) -> list[ValueChange]:
    out = []
    # a 一级 respelt from an unrecognised name (“、满意度指标” → “满意度指标”); aliases (效果指标 = 效益指标) are the same
    if canonical_level1(old.level1) != canonical_level1(new.level1) and not _same_text(old.level1, new.level1):
        out.append(ValueChange(new.level1, new.level2, new.level3, old.level1, new.level1, "level1"))
    for name, _label in INDICATOR_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if not _same_text(a, b):
            out.append(ValueChange(new.level1, new.level2, new.level3, a, b, name))
    return out


def _funding_ref(line: FundingLine) -> FundingRef:
    from ..text import money

    try:
        amount = money.subsidy_line(line.quantity, line.standard, line.standard_unit or "万元")
    except ValueError:
        amount = None
    return FundingRef(line.category, line.quantity, line.quantity_unit, line.standard, line.standard_unit, amount)


def _same_value(a, b) -> bool:
    """Numbers compare as numbers (350 = "350"), texts after squash."""
    na, nb = parse_number(a), parse_number(b)
    if na is not None and nb is not None:
        return abs(na - nb) < 1e-9
    return _same_text(a, b)


def _diff_funding(result: "ProjectDiff", old: Project, new: Project) -> None:
    def lines(p: Project):
        return [f for f in p.funding if any(clean_text(getattr(f, k)) is not None
                                            for k in ("category", *FUNDING_FIELDS))]

    before = _keyed(lines(old), lambda f: squash(f.category))
    after = _keyed(lines(new), lambda f: squash(f.category))
    for key, line in after.items():
        if key not in before:
            result.funding_added.append(_funding_ref(line))
            continue
        fields = [k for k in FUNDING_FIELDS if not _same_value(getattr(before[key], k), getattr(line, k))]
        if fields:
            result.funding_changed.append(FundingChange(line.category, fields, _funding_ref(before[key]),
                                                        _funding_ref(line)))
    result.funding_removed = [_funding_ref(f) for key, f in before.items() if key not in after]


def diff_projects(old: Project, new: Project) -> ProjectDiff:
    result = ProjectDiff(new.name, old.name, old.total, new.total)
    before = _keyed([i for i in old.indicators if i.level3], indicator_key)
    after = _keyed([i for i in new.indicators if i.level3], indicator_key)
    for key, ind in after.items():
        if key not in before:
            result.added.append(_ref(ind))
            continue
        changes = _indicator_changes(before[key], ind)
        result.changed += changes
        result.unchanged += not changes
    result.removed = [_ref(ind) for key, ind in before.items() if key not in after]
    if not _same_text(old.purpose, new.purpose):
        result.purpose = TextChange(old.purpose, new.purpose)
    for quarter, a, b in zip(QUARTERS, old.plan.cumulative, new.plan.cumulative):
        if not _same_value(a, b):
            result.plan.append(QuarterChange(quarter, a, b))
    _diff_funding(result, old, new)
    return result


def _project_brief(p: Project) -> dict:
    return {"name": p.name, "total": p.total, "indicators": sum(1 for i in p.indicators if i.level3)}


def diff_forms(old: Submission, new: Submission, old_path: str | None = None, new_path: str | None = None) -> FormDiff:
    result = FormDiff(old_path, new_path, old.department, new.department, old.year, new.year)
    before = _keyed(old.projects, lambda p: project_key(p.name) or f"#{p.sheet}")
    after = _keyed(new.projects, lambda p: project_key(p.name) or f"#{p.sheet}")
    for key, project in after.items():
        if key in before:
            result.projects.append(diff_projects(before[key], project))
        else:
            result.added_projects.append(_project_brief(project))
    result.removed_projects = [_project_brief(p) for key, p in before.items() if key not in after]
    if old.year is not None and _same_number(old.year, new.year):
        result.notes.append(f"两个文件的年度相同（{_show(new.year)}），请确认比较的是上年与本年的填报")
    return result


# ------------------------------------------------------------------ output
def _show(value) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0").rstrip(".")
    return clean_text(value) or "（空）"


def _ind(ref) -> str:
    path = "/".join(x for x in (ref.level1, ref.level2, ref.level3) if x)
    return path


def _funding(f: FundingRef, with_category: bool = True) -> str:
    text = (f"{_show(f.quantity)}{f.quantity_unit or ''} × {_show(f.standard)}{f.standard_unit or ''}"
            f" = {_show(f.amount)} 万元")
    return f"{f.category or '（未写类别）'}：{text}" if with_category else text


def render_text(d: FormDiff) -> str:
    lines = [f"对比：{d.old_path or '上年'} → {d.new_path or '本年'}"]
    if squash(d.old_department) != squash(d.new_department):
        lines.append(f"部门：{_show(d.old_department)} → {_show(d.new_department)}")
    else:
        lines.append(f"部门：{_show(d.new_department)}")
    lines.append(f"年度：{_show(d.old_year)} → {_show(d.new_year)}")
    lines += [f"注意：{note}。" for note in d.notes]
    lines.append("")
    for p in d.projects:
        title = p.name or "（未命名项目）"
        if p.old_name != p.name:
            title += f"（上年名称：{p.old_name}）"
        lines.append(f"== 项目：{title}")
        if p.total_changed:
            lines.append(f"   年度资金总额：{_show(p.old_total)} → {_show(p.new_total)} 万元")
        for ref in p.added:
            lines.append(f"   + 新增指标 {_ind(ref)}：{_show(ref.value)}")
        for ref in p.removed:
            lines.append(f"   - 删除指标 {_ind(ref)}：{_show(ref.value)}")
        for c in p.changed:
            lines.append(f"   ~ {FIELD_LABELS.get(c.field, c.field)}变化 {_ind(c)}：{_show(c.old)} → {_show(c.new)}")
        if p.purpose:
            lines.append(f"   ~ 项目资金主要用途变化：{_show(p.purpose.old)} → {_show(p.purpose.new)}")
        for q in p.plan:
            lines.append(f"   ~ 资金支出计划 {q.quarter}累计进度：{_show(q.old)}% → {_show(q.new)}%")
        for f in p.funding_added:
            lines.append(f"   + 新增补助测算 {_funding(f)}")
        for f in p.funding_removed:
            lines.append(f"   - 删除补助测算 {_funding(f)}")
        for c in p.funding_changed:
            lines.append(f"   ~ 补助测算变化 {c.category or '（未写类别）'}：{_funding(c.old, False)} → "
                         f"{_funding(c.new, False)}")
        if not p.is_changed:
            lines.append("   无变化。")
        lines.append(f"   （未变指标 {p.unchanged} 个）")
        lines.append("")
    for b in d.added_projects:
        lines.append(f"++ 新增项目：{b['name'] or '（未命名项目）'}（年度资金总额 {_show(b['total'])} 万元，"
                     f"指标 {b['indicators']} 个）")
    for b in d.removed_projects:
        lines.append(f"-- 上年有、本年没有的项目：{b['name'] or '（未命名项目）'}（上年年度资金总额 {_show(b['total'])} 万元，"
                     f"指标 {b['indicators']} 个）")
    changed = sum(1 for p in d.projects if p.is_changed)
    lines.append(f"共 {len(d.projects)} 个项目两年都有（{changed} 个有变化）；新增 {len(d.added_projects)} 个，"
                 f"减少 {len(d.removed_projects)} 个。")
    return "\n".join(lines) + "\n"


def render_json(d: FormDiff) -> str:
    return json.dumps(d.as_dict(), ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": render_text, "json": render_json}
