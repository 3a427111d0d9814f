"""Compare last year's submission with this year's: the historical-standard comparison reviewers make by hand.

::

    result = diff_forms(last_year_form, this_year_form)
    print(render_text(result))          # or render_json(result): docs/diff-json.md

Projects are matched by name, tolerantly: ``textnorm.squash`` (whitespace, full/half-width, punctuation) and a
trailing “项目” ignored, so “科技型中小企业补助” matches “科技型中小企业补助项目”. Within a matched project,
indicators are matched by 一级 (canonical name through the taxonomy, so 效果指标 = 效益指标) + 三级 name
(squashed); an indicator present only last year is *removed*, only this year *added*, in both with a different
指标值 *changed*. 年度资金总额 changes are reported per project.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .model import Indicator, Project, Submission
from .taxonomy import canonical_level1
from .textnorm import clean_text, parse_number, squash

JSON_SCHEMA_VERSION = 1


def project_key(name: str | None) -> str:
    """The matching key of a project name: squashed, a trailing 项目 removed."""
    key = squash(name)
    while key.endswith("项目") and len(key) > 2:
        key = key[:-2]
    return key


def indicator_key(ind: Indicator) -> tuple[str, str]:
    return (canonical_level1(ind.level1) or squash(ind.level1), squash(ind.level3))


@dataclass
class IndicatorRef:
    level1: str | None
    level2: str | None
    level3: str | None
    value: str | None


@dataclass
class ValueChange:
    level1: str | None
    level2: str | None
    level3: str | None
    old: str | None
    new: str | None


@dataclass
class ProjectDiff:
    name: str | None  # this year's name
    old_name: str | None  # last year's name (differs only in spacing, width or a trailing 项目)
    old_total: float | str | None
    new_total: float | str | None
    added: list[IndicatorRef] = field(default_factory=list)
    removed: list[IndicatorRef] = field(default_factory=list)
    changed: list[ValueChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def total_changed(self) -> bool:
        return not _same_number(self.old_total, self.new_total)

    @property
    def is_changed(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.total_changed or self.name != self.old_name)


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


def diff_projects(old: Project, new: Project) -> ProjectDiff:
    result = ProjectDiff(new.name, old.name, old.total, new.total)
    before = _keyed([i for i in old.indicators if i.level3], indicator_key)
    after = _keyed([i for i in new.indicators if i.level3], indicator_key)
    for key, ind in after.items():
        if key not in before:
            result.added.append(_ref(ind))
        elif squash(before[key].value) != squash(ind.value):
            result.changed.append(ValueChange(ind.level1, ind.level2, ind.level3, before[key].value, ind.value))
        else:
            result.unchanged += 1
    result.removed = [_ref(ind) for key, ind in before.items() if key not in after]
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


def render_text(d: FormDiff) -> str:
    lines = [f"对比：{d.old_path or '上年'} → {d.new_path or '本年'}"]
    if squash(d.old_department) != squash(d.new_department):
        lines.append(f"部门：{_show(d.old_department)} → {_show(d.new_department)}")
    else:
        lines.append(f"部门：{_show(d.new_department)}")
    lines.append(f"年度：{_show(d.old_year)} → {_show(d.new_year)}")
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
            lines.append(f"   ~ 指标值变化 {_ind(c)}：{_show(c.old)} → {_show(c.new)}")
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
