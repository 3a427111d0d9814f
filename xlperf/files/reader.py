"""Read any filled workbook back into the form model.

Tolerant by design, because the bureau receives files saved by Excel, WPS and LibreOffice and edited by hand:
sections are found by their labels, not fixed rows; blank cells under merged 一级/二级 labels continue the
group above; whitespace (including U+3000), full-width digits and numbers typed as text are normalised.
Values come from python-calamine (fast); formula cells are never trusted — the only formulas in the form are
derived columns, which the reader ignores and the checks recompute.

Percentages typed the Excel way: typing "20%" in a General cell makes Excel store the number 0.2 and give the
cell a % number format, which the reader cannot see (python-calamine gives values only, as xlwings does). So:
  * 资金支出计划 累计进度 (``_read_plan``): if every numeric quarter value lies within [0, 1] and the last
    numeric one is exactly 1, all of them are fractions and are multiplied by 100 (0.2, 0.5, 0.8, 1 →
    20, 50, 80, 100); otherwise a value strictly between 0 and 1 while another quarter's value is above 1
    is a fraction (0.2, 50, 80, 100 → 20, 50, 80, 100). Only cells holding a number are rescaled, never
    text; a row such as 0, 0.5, 0.5, 0.5 (no 1 at the end, nothing above 1) is left as typed.
  * 指标值 (``_read_indicators``): a cell holding a number between -1 and 1 in a row whose 三级指标 or 指标描述
    names a rate (``values.is_rate_name``: 率, 占比, 比例, 比重) or a satisfaction (满意) reads as the
    percentage text ("95%" for 0.95, "100%" for 1). Text such as "0.95" is kept: only Excel's own numbers
    are taken for hidden percentages.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..form import layout as L
from ..form.errors import NotAWorkbook, NotOurForm
from ..form.model import FundingLine, Indicator, Project, ProjectSummary, Ref, SpendingPlan, Submission
from ..text.normalize import clean_text, parse_number, split_items, squash
from ..text.values import is_rate_name
from .helper_cells import without_live_cells
from .safety import load_checked


@dataclass
class Grid:
    """One sheet's values as a 0-based grid, with an index from squashed text to positions."""

    name: str
    rows: list[list]

    @cached_property
    def index(self) -> dict[str, list[tuple[int, int]]]:
        """{squashed text: its positions, row by row}; built on first use, skipping empty cells at C speed."""
        index: dict[str, list[tuple[int, int]]] = {}
        for r, row in enumerate(self.rows):
            for c in compress(range(len(row)), row):  # the truthy cells: "" and None are most of a sheet
                value = row[c]
                if isinstance(value, str) and value.strip():
                    index.setdefault(squash(value), []).append((r, c))
        return index

    @property
    def height(self) -> int:
        return len(self.rows)

    def raw(self, r: int, c: int):
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def text(self, r: int, c: int) -> str | None:
        row = self.rows[r] if 0 <= r < len(self.rows) else ()  # (raw, inlined: asked for every cell of a table)
        return clean_text(row[c]) if 0 <= c < len(row) else None

    def number(self, r: int, c: int):
        """A number when the cell holds one (or text that reads as one), else the cleaned text."""
        text = self.text(r, c)
        if text is None:
            return None
        number = parse_number(self.raw(r, c))
        return text if number is None else number

    def find(self, label: str) -> tuple[int, int] | None:
        hits = self.index.get(squash(label))
        return hits[0] if hits else None

    def find_all(self, label: str) -> list[tuple[int, int]]:
        return self.index.get(squash(label), [])

    def ref(self, r: int, c: int) -> Ref:
        return Ref(self.name, L.a1(r, c))

    def has(self, *labels: str) -> bool:
        return all(squash(label) in self.index for label in labels)


def read_workbook(path: str | Path) -> Submission:
    """Parse the workbook at ``path``; raises an ``XlperfError`` with a Chinese message when it cannot."""
    data = load_checked(path)
    return read_workbook_bytes(data, path)


def read_workbook_bytes(data: bytes, path: str | Path = "<内存>") -> Submission:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grids = [Grid(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
                 for name in book.sheet_names]
    except Exception as exc:  # calamine's errors are untyped; any failure here means a damaged file
        raise NotAWorkbook(f"无法读取工作簿内容（{type(exc).__name__}），文件可能已损坏。", path) from exc
    return read_grids(grids, path)


def is_template(grids: list[Grid]) -> bool:
    """True for a workbook made from our template: Part 1's "一、总体绩效目标", or a project sheet with the template's
    spending-plan rows ("资金支出计划（累进进度%）" / "累计进度（%）") beside 项目名称, 一级指标 and 指标值. Other
    forms print 项目名称 and 指标值 too; they go to the label-driven reader (``files.foreign``)."""
    return any(g.has(L.SECTION_GOALS) or (g.has(*L.PROJECT_MARKERS) and (
        g.has(L.PLAN_HEADER.label) or g.has(L.PLAN_CUMULATIVE.label))) for g in grids)


def read_grids(grids: list[Grid], path: str | Path = "<内存>") -> Submission:
    """Build the model from sheet grids (also used by the Excel front end, which reads grids itself)."""
    grids = [without_live_cells(g) for g in grids]
    part1 = next((g for g in grids if g.name == L.PART1_SHEET and g.has(L.SECTION_GOALS)), None) or next(
        (g for g in grids if g.has(L.SECTION_GOALS)), None)
    project_grids = [g for g in grids if g.has(*L.PROJECT_MARKERS)]
    if part1 is None and not project_grids:
        raise NotOurForm(
            "这不是预算绩效目标填报表：找不到“一、总体绩效目标”或项目绩效目标表（项目名称、一级指标、指标值）。"
            "请使用 xlperf 模板填写。", path)
    form = read_part1(part1) if part1 else Submission()
    form.projects = [read_project(g) for g in project_grids]
    funding = next((g for g in grids if g.name == L.FUNDING_SHEET), None) or next(
        (g for g in grids if g.has("类别", "标准单位")), None)
    if funding:
        attach_funding(form, funding)
    settings = next((g for g in grids if g.name == L.SETTINGS_SHEET), None)
    if settings:
        form.settings = read_settings(settings, form.cells)
    return form


# ------------------------------------------------------------------ Part 1
def read_part1(g: Grid) -> Submission:
    form = Submission()
    title_at = _title(g, [f.label for f in L.PART1_FIELDS] + [L.SECTION_GOALS])
    if title_at:
        form.title = g.text(*title_at)
        form.cells["title"] = g.ref(*title_at)
    for fld in L.PART1_FIELDS:
        _read_field(g, fld, form)
    sections = [(g.find(label) or (None, None))[0] for label in
                (L.SECTION_GOALS, L.SECTION_SUMMARIES, L.SECTION_MEASURES)]
    bounds = _section_bounds(sections, g.height)
    goals_rows, summary_rows, measure_rows = bounds
    form.overall_goals = _read_items(g, goals_rows, form, "overall_goals")
    form.measures = _read_items(g, measure_rows, form, "measures")
    form.summaries = _read_summaries(g, summary_rows)
    return form


def _section_bounds(starts: list[int | None], height: int) -> list[range]:
    """Each section runs from the row after its label to the row before the next section's label."""
    found = sorted(s for s in starts if s is not None)
    out = []
    for start in starts:
        if start is None:
            out.append(range(0))
            continue
        following = [s for s in found if s > start]
        out.append(range(start + 1, following[0] if following else height))
    return out


def _read_items(g: Grid, rows: range, form: Submission, key: str) -> list[str]:
    items = []
    for r in rows:
        if squash(g.text(r, 0) or "") == L.ITEM_NUMBER_HEADER:
            continue  # the 序号 header row
        text = g.text(r, 1)
        if text is None:
            continue
        form.cells[f"{key}.{len(items)}"] = g.ref(r, 1)
        items.append(text)
    return items


def _read_summaries(g: Grid, rows: range) -> list[ProjectSummary]:
    header_row = next((r for r in rows if squash(g.text(r, 1) or "") == "项目名称"), None)
    if header_row is None:
        return []
    columns = {key: c for c in range(len(g.rows[header_row]))
               for label, key in zip(L.SUMMARY_HEADER, L.SUMMARY_KEYS)
               if key and squash(g.text(header_row, c) or "") == squash(label)}
    out = []
    for r in rows:
        if r <= header_row:
            continue
        if all(g.text(r, c) is None for c in columns.values()):
            continue
        summary = ProjectSummary()
        for key, c in columns.items():
            text = g.text(r, c)
            setattr(summary, key, split_items(text) if key in ("goals", "indicators") and text else
                    ([] if key in ("goals", "indicators") else text))
            summary.cells[key] = g.ref(r, c)
        out.append(summary)
    return out


# ------------------------------------------------------------------ Part 2
def read_project(g: Grid) -> Project:
    project = Project(sheet=g.name)
    title_at = _title(g, [f.label for f in L.PROJECT_FIELDS])
    if title_at:
        project.title = g.text(*title_at)
        project.cells["title"] = g.ref(*title_at)
    for fld in L.PROJECT_FIELDS:
        _read_field(g, fld, project)
    project.plan = _read_plan(g)
    at = g.find(L.GOALS_FIELD.label)
    if at:
        r, c = at[0], at[1] + 1
        project.cells["goals"] = g.ref(r, c)
        text = g.text(r, c)
        project.goals = split_items(text) if text else []
    project.indicators = _read_indicators(g)
    return project


def _read_plan(g: Grid) -> SpendingPlan:
    plan = SpendingPlan()
    for fld in (L.PLAN_CUMULATIVE, L.PLAN_AMOUNTS):
        at = g.find(fld.label)
        if at is None:
            continue
        r, c = at
        values = []
        for i in range(4):
            values.append(g.number(r, c + 1 + i))
            plan.cells[f"{fld.key}{i + 1}"] = g.ref(r, c + 1 + i)
        if fld is L.PLAN_CUMULATIVE:
            values = _percent_points(values, [_is_number(g.raw(r, c + 1 + i)) for i in range(4)])
        setattr(plan, fld.key, values)
    return plan


def _is_number(raw) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def _times_100(x: float) -> float:
    return round(x * 100, 9) + 0.0  # 0.2 * 100 is 20.000000000000004


def _percent_points(values: list, numeric: list[bool]) -> list:
    """累计进度 in percent points, undoing Excel's "20%" → 0.2 (the heuristic is in the module docstring).

    ``numeric`` says which cells held a number (only those are rescaled; text is what staff typed).
    """
    nums = [v for v in values if isinstance(v, float)]
    if not nums:
        return values
    if all(0 <= v <= 1 for v in nums) and nums[-1] == 1:
        fraction = [isinstance(v, float) for v in values]
    elif any(v > 1 for v in nums):
        # a value below 1 beside real percentages is a fraction; so is a last quarter of exactly 1 after
        # larger values (20, 50, 80, then "100%" typed → 1): a cumulative plan cannot fall to 1%
        last = max(i for i, v in enumerate(values) if isinstance(v, float))
        fraction = [isinstance(v, float) and (0 < v < 1 or (v == 1 and i == last and max(nums) > 1))
                    for i, v in enumerate(values)]
    else:
        return values
    return [_times_100(v) if f and n else v for v, f, n in zip(values, fraction, numeric)]


def _percent_text(value, raw, ind: Indicator):
    """A 指标值 that Excel stores as a fraction ("95%" typed → 0.95) in a rate or satisfaction row, as "95%"."""
    if not _is_number(raw) or not -1 <= raw <= 1:
        return value
    names = (ind.level3, ind.description)
    if any(is_rate_name(n) or "满意" in squash(n) for n in names):
        return f"{clean_text(_times_100(float(raw)))}%"
    return value


def _read_indicators(g: Grid) -> list[Indicator]:
    at = g.find(L.INDICATOR_HEADER[0])
    if at is None:
        return []
    hr = at[0]
    columns = {}
    for c in range(len(g.rows[hr])):
        label = squash(g.text(hr, c) or "")
        for header, key in zip(L.INDICATOR_HEADER, L.INDICATOR_KEYS):
            if label == squash(header):
                columns[key] = c
    out: list[Indicator] = []
    level1 = level2 = None
    level1_ref = level2_ref = None
    for r in range(hr + 1, g.height):
        texts = {key: g.text(r, c) for key, c in columns.items()}
        if all(v is None for v in texts.values()):
            continue
        ind = Indicator()
        for key in L.INDICATOR_KEYS[2:]:
            if key in columns:
                setattr(ind, key, texts[key])
                ind.cells[key] = g.ref(r, columns[key])
        if texts.get("level1") is not None:  # a new 一级 group starts here
            level1, level1_ref = texts["level1"], g.ref(r, columns["level1"])
            level2, level2_ref = texts.get("level2"), g.ref(r, columns["level2"]) if "level2" in columns else None
        elif texts.get("level2") is not None:  # same 一级, new 二级
            level2, level2_ref = texts["level2"], g.ref(r, columns["level2"])
        if "value" in columns:
            ind.value = _percent_text(ind.value, g.raw(r, columns["value"]), ind)
        ind.level1, ind.level2 = level1, level2
        # a continued label points at the cell that holds it; an empty one at the row's own cell
        for key, value, ref in (("level1", level1, level1_ref), ("level2", level2, level2_ref)):
            if key in columns:
                ind.cells[key] = ref if value is not None and ref else g.ref(r, columns[key])
        out.append(ind)
    return out


# ------------------------------------------------------------------ 补助测算
def attach_funding(form: Submission, g: Grid) -> None:
    """Attach the 补助测算 lines to their projects (a line without 项目名称 continues the project above).

    A row whose 类别 or 项目名称 is 合计/小计/总计 is a total staff added (typically =SUM in 金额, no 数量 or
    标准), not a line: it is skipped, so it neither reads as a line with no 数量 nor adds to the breakdown.
    """
    at = g.find(L.FUNDING_HEADER[1])
    if at is None:
        return
    hr = at[0]
    columns = {key: c for c in range(len(g.rows[hr])) for label, key in zip(L.FUNDING_HEADER, L.FUNDING_KEYS)
               if key and squash(g.text(hr, c) or "") == squash(label)}
    by_name = {squash(p.name): p for p in form.projects if p.name}
    current = None
    for r in range(hr + 1, g.height):
        name = g.text(r, columns["project"]) if "project" in columns else None
        if name is not None:
            current = by_name.get(squash(name))
        category = g.text(r, columns["category"]) if "category" in columns else None
        if _is_total_label(name) or _is_total_label(category):
            continue  # a 合计/小计 row staff add under the lines (=SUM in 金额): not a funding line
        line = FundingLine()
        filled = False
        for key in FUNDING_LINE_KEYS:
            if key not in columns:
                continue
            c = columns[key]
            value = g.number(r, c) if key in ("quantity", "standard") else g.text(r, c)
            filled |= value is not None
            setattr(line, key, value)
            line.cells[key] = g.ref(r, c)
        if filled and current is not None:
            current.funding.append(line)


FUNDING_LINE_KEYS = tuple(k for k in L.FUNDING_KEYS if k and k != "project")
_TOTAL_LABELS = {"合计", "小计", "总计"}


def _is_total_label(text: str | None) -> bool:
    """True for "合计", "小 计", "总计：" … (whitespace, colons and full stops around it ignored)."""
    return text is not None and squash(text).strip("：:。.") in _TOTAL_LABELS


def read_settings(g: Grid, cells: dict | None = None) -> dict[str, str]:
    """The 设置 rows: key → text. A known setting left blank means its default, so it is left out.
    Where each value lives goes into ``cells`` as "settings.<key>"."""
    from ..form.layout import SETTINGS_ROWS

    known = {key for key, *_ in SETTINGS_ROWS}
    out = {}
    for r in range(1, g.height):
        key, value = g.text(r, 0), g.text(r, 1)
        if key and (value or key not in known):
            out[key] = value or ""
            if cells is not None:
                cells[f"settings.{key}"] = g.ref(r, 1)
    return out


# ------------------------------------------------------------------ shared
def _title(g: Grid, labels) -> tuple[int, int] | None:
    """The title: the first non-empty cell above the first field label (staff may insert rows above it)."""
    rows = [at[0] for at in (g.find(label) for label in labels) if at]
    for r in range(min(rows) if rows else min(3, g.height)):
        for c in range(len(g.rows[r])):
            if g.text(r, c):
                return r, c
    return None


def _read_field(g: Grid, fld: L.Field, target) -> None:
    at = g.find(fld.label)
    if at is None:
        return
    r, c = at[0], at[1] + 1
    setattr(target, fld.key, g.number(r, c) if fld.kind == "number" else g.text(r, c))
    target.cells[fld.key] = g.ref(r, c)
