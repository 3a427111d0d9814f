"""The live checks: the rules that declare a live version (``Rule.live``, a formula template beside the rule)
written as worksheet formulas, so a workbook shows their findings while staff type — macros off, in WPS, in
LibreOffice, in Excel with the file blocked.

Per sheet (部门整体绩效目标 and every 项目N), in hidden, locked columns right of the mark column (layout.LIVE_*):
  * a flag for each (rule, cell it may mark), on the cell's row at a fixed offset from its column (``plan``): where
    the rule reports the cell, the rule's configured severity rank (1 提示, 2 警告, 3 错误; 0 when the rule is
    关闭 in 设置), else 0;
  * three conditional formats over the form, one per severity, each one relative formula reading the flags at
    that offset (after the 校验 marks', so a 校验 mark wins): a cell takes the colour of its highest rank;
  * one text helper per indicator row (layout.LIVE_BLANK_COL): the letters of the columns A..F that are not blank,
    then "|", e.g. "ACDEF|" — of that row only; whatever looks at other rows (a 一级/二级 in force, C131, C136) is a
    range formula over the typed cells from the header row down (``template.live_ranges``), so a row staff insert
    inside the grid, which has no helpers, is still seen by the rows below it;
  * each live rule's count on row 1 at the same address on every sheet, summed across sheets on 校验结果, and the
    status line "实时检查：N 处需修改（…）" in H1.
The helpers repeat one formula down the rows, which the builder writes as shared formulas
(``template.shared_formulas``): the live checks add under 30 % to a workbook's size (bench/bench_live.py).
Nothing here writes into a cell staff fill; the formulas use classic functions only (tests/test_live_formulas.py).

Template vocabulary (``Live.cells`` values): ``{key}`` is a cell of the form — project fields by their model key
("name", "total", "cumulative1" …, "goals"), indicator columns ("level1" … "basis", on the marked cell's row),
``{row_used}`` (this row), ``{has_level1}``, ``{has_level2}`` (a 一级/二级 in force here: the rows from the header
down), ``{filled_cells_to_here}``, ``{missing_to_here}`` (how many cells of A..F from the first row down to here are
filled; how many rows lack their 依据, C136's rows), ``{filled_cells}``, ``{basis_rows}``, ``{filled_rows}`` (over
the whole grid: filled cells, rows with a 依据, rows with more than their 一级/二级 labels) and ``{next_used}``
(the row right below is used) on indicator rows, and on 部门整体绩效目标 "department", "year", "title", ``{overall_goals_filled}``, ``{measures_filled}`` (how many items are written); ``{cell}`` is the
marked cell; ``BLANK(x)`` is TRUE when x holds nothing but spaces (any the reader strips: U+3000, NBSP,
zero-width …).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..form import layout as L
from ..form.findings import Severity
from ..rules import CATALOGUE
from ..text.normalize import _INVISIBLE
from .live_ranges import Ranges

RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}
RANK_SEVERITY = {rank: severity for severity, rank in RANK.items()}
INDICATOR_KEYS = L.INDICATOR_KEYS
SETTINGS_SEVERITY_KEY = "规则级别"
_BLANK_RE = re.compile(r"BLANK\(\{(\w+)\}\)")
_KEY_RE = re.compile(r"\{(\w+)\}")


def live_rules():
    """The catalogue's rules with a live version, in code order."""
    return tuple(r for r in CATALOGUE if r.live is not None)


def spaces() -> list[str]:
    """Every character the reader strips as blank (``str.isspace`` and the zero-width ones), one per cell —
    except the control characters U+000B, U+000C and U+001C–U+001F, which a worksheet cannot hold as XML text
    (openpyxl refuses them, Excel escapes them): nobody can type them into a cell."""
    return [chr(i) for i in range(0x3001) if chr(i).isspace() and chr(i) not in UNTYPABLE] + list(_INVISIBLE)


UNTYPABLE = "\x0b\x0c\x1c\x1d\x1e\x1f"


def blank_formula(ref: str) -> str:
    """TRUE when the cell holds nothing or only blank characters (the reader's ``clean_text`` gives None).

    CHAR(1) counts as blank too: LibreOffice hands formulas a tab in a multi-line cell as U+0001 (the file keeps
    the tab); nobody can type U+0001 itself into a cell."""
    return (f'(LEN({ref})=SUMPRODUCT(LEN({ref})-LEN(SUBSTITUTE({ref},{L.LIVE_SPACES_NAME},"")))'
            f'+LEN({ref})-LEN(SUBSTITUTE({ref},CHAR(1),"")))')


@dataclass(frozen=True)
class Flag:
    """The flags of one (rule, cell key): ``rule`` reports the cell of form column ``col`` on the rows where
    ``column`` holds a rank above 0."""

    rule: str
    key: str
    col: int  # form column of the marked cell
    column: int  # the flag column (``plan``: a fixed offset from ``col``, one slot per rule marking the cell)
    rows: tuple[int, ...]  # rows holding a flag formula


def project_cells() -> dict[str, tuple[int, int]]:
    """The single cells of a project sheet, by key (as built; rows inserted later move with their formulas)."""
    cells = {f.key: (f.row, f.value_col) for f in L.PROJECT_FIELDS}
    cells["goals"] = (L.GOALS_FIELD.row, L.GOALS_FIELD.value_col)
    for fld in (L.PLAN_CUMULATIVE, L.PLAN_AMOUNTS):
        for i in range(4):
            cells[f"{fld.key}{i + 1}"] = (fld.row, fld.value_col + i)
    return cells


def part1_cells() -> dict[str, tuple[int, int]]:
    cells = {f.key: (f.row, f.value_col) for f in L.PART1_FIELDS}
    cells["title"] = (0, 0)
    return cells


def part1_sections(form) -> dict[str, range]:
    """Rows of the 总体绩效目标 and 工作保障措施 items as ``sheets_part1`` writes them (header and spacer rows
    included: the reader skips the 序号 header, and a spacer row is empty)."""
    goals = 3  # the 一、总体绩效目标 label
    n_goals = len(form.overall_goals) or L.TEMPLATE_GOAL_ROWS
    summaries = goals + 2 + n_goals + 1
    measures = summaries + 2 + (len(form.summaries) or L.TEMPLATE_SUMMARY_ROWS) + 1
    n_measures = len(form.measures) or len(L.STANDARD_MEASURES)
    return {"overall_goals": range(goals + 2, summaries), "measures": range(measures + 2, measures + 3 + n_measures)}


def indicator_rows(project) -> range:
    first = L.INDICATOR_HEADER_ROW + 1
    return range(first, first + max(len(project.indicators), L.TEMPLATE_INDICATOR_ROWS) + L.LIVE_EXTRA_ROWS)


def plan(kind: str, form=None, project=None) -> list[Flag]:
    """The flags of a sheet ("part1" or "project"), in rule order. The flag of form cell (row, col) sits on the
    same row in column ``LIVE_FLAG_COL + col + LIVE_FORM_COLS * slot``: slot 0 for the first rule marking that
    cell, 1 for a second … — so one conditional format per severity over the whole form reads every flag at a
    fixed offset from its cell, and rules marking different rows share a column."""
    cells = part1_cells() if kind == "part1" else project_cells()
    grid = indicator_rows(project) if kind == "project" else range(0)
    flags, taken = [], set()
    for r in live_rules():
        if (r.scope == "form") != (kind == "part1"):
            continue
        for key in r.live.cells:
            if key in INDICATOR_KEYS and kind == "project":
                rows, col = tuple(grid), INDICATOR_KEYS.index(key)
                rows = (grid[0] - 1, *rows) if r.live.header_row else rows
            elif key in cells:
                (first_row, col) = cells[key]
                rows = (first_row,)
            else:
                raise ValueError(f"rule {r.code}: live key {key!r} is not a cell of the {kind} sheet")
            slot = next(s for s in range(L.LIVE_FLAG_SLOTS) if not any((row, col, s) in taken for row in rows))
            taken |= {(row, col, slot) for row in rows}
            flags.append(Flag(r.code, key, col, L.LIVE_FLAG_COL + col + L.LIVE_FORM_COLS * slot, rows))
    return flags


def flag_area(flags: list[Flag]) -> tuple[int, int]:
    """The last row and the number of slots the flags use."""
    return max(f.rows[-1] for f in flags), 1 + max((f.column - L.LIVE_FLAG_COL) // L.LIVE_FORM_COLS for f in flags)


@dataclass
class Cached:
    """What the live formulas evaluate to for the workbook as built, written as their cached values (Excel and
    LibreOffice show cached values on open and recalculate only what staff change): from a first build read back
    and checked by the rules themselves."""

    grids: dict  # sheet → Grid (the first build's values)
    found: set  # (sheet, A1, code) the live rules report
    ranks: dict  # code → configured rank (0 = 关闭)

    def blank(self, sheet: str, row: int, col: int) -> bool:
        grid = self.grids.get(sheet)
        return grid is None or grid.text(row, col) is None


def cached_values(data: bytes) -> Cached:
    """Read back and check a first build (``data``) for :class:`Cached`."""
    import io

    from python_calamine import CalamineWorkbook

    from ..checks import run_checks
    from ..files.reader import Grid, read_grids
    from ..rulebook.settings import BadConfig, from_settings

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    grids = {name: Grid(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
             for name in book.sheet_names}
    form = read_grids(list(grids.values()))
    codes = {r.code: r for r in live_rules()}
    try:
        config = from_settings(form.settings, rules=CATALOGUE)
        findings = run_checks(form, config, use_workbook_settings=False)
    except BadConfig:  # the workbook's 设置 cannot be used: 校验 says so; the live cells start at 0
        return Cached(grids, set(), {code: RANK[r.severity] for code, r in codes.items()})
    ranks = {}
    for code, r in codes.items():
        severity = config.severity_of(code, r.severity)
        ranks[code] = 0 if severity is None else RANK[severity]
    found = {(f.sheet, f.cell, f.code) for f in findings if f.code in codes}
    return Cached(grids, found, ranks)


class LiveSheets:
    """Mixin of the workbook writer: the live checks of each sheet, the per-rule table, the blank characters.
    ``self.live_cached`` (a :class:`Cached`, or None in the first build) gives the formulas' cached values."""

    live_cached: Cached | None = None

    def _blank0(self, sheet, row: int, col: int) -> int:
        return int(self.live_cached.blank(sheet.name, row, col)) if self.live_cached else 0

    def _live_formats(self):
        if not hasattr(self, "_live_helper"):
            self._live_helper = self.book.add_format({"hidden": True})
            self._live_status = self.book.add_format({"bold": True, "font_color": "#9C0006", "valign": "vcenter"})
        return self._live_helper

    def live_part1(self, sheet) -> None:
        """部门整体绩效目标: its live rules, the status line and the hidden helpers."""
        fmt = self._live_formats()
        sections = part1_sections(self.form)
        blank_col = L.LIVE_BLANK_COL + 1  # column B: where the reader takes each item
        for rows in sections.values():
            for row in rows:
                sheet.write_formula(row, blank_col, f"=IF({blank_formula(L.a1(row, 1))},1,0)", fmt,
                                    self._blank0(sheet, row, 1))
        filled = {f"{name}_filled": (f"SUMPRODUCT(1-{L.a1(rows[0], blank_col)}:{L.a1(rows[-1], blank_col)})")
                  for name, rows in sections.items()}
        cells = {key: L.a1(*at) for key, at in part1_cells().items()}
        self._live_sheet(sheet, plan("part1", self.form), lambda row: (cells, {}, filled))

    def live_project(self, sheet, project) -> None:
        """A project sheet: its live rules, the indicator grid's helpers, the status line."""
        fmt = self._live_formats()
        grid = indicator_rows(project)
        head = grid[0] - 1
        letters = [L.col_letter(c) for c in range(L.LIVE_FORM_COLS)]
        blank_rows = {row: [self._blank0(sheet, row, c) for c in range(L.LIVE_FORM_COLS)] for row in grid}
        sheet.write_string(head, L.LIVE_BLANK_COL, "|", fmt)  # the header row: no indicator
        for row in grid:
            sheet.write_formula(row, L.LIVE_BLANK_COL, "=" + "&".join(
                f'IF({blank_formula(L.a1(row, c))},"","{x}")' for c, x in enumerate(letters)) + '&"|"',
                fmt, "".join(x for x, b in zip(letters, blank_rows[row]) if not b) + "|")
        ranges = Ranges(head, grid[-1], len(spaces()))
        cells = {key: L.a1(*at) for key, at in project_cells().items()}

        def scope(row):
            row_cells = {key: L.a1(row, c) for c, key in enumerate(INDICATOR_KEYS)}
            code = L.a1(row, L.LIVE_BLANK_COL)
            blanks = {key: f'NOT(ISNUMBER(FIND("{x}",{code})))' for key, x in zip(INDICATOR_KEYS, letters)}
            here = ranges.to(row)
            aux = {"row_used": f'(FIND("|",{code}&"|")>1)',
                   "has_level1": f"({ranges.last(here, 0)}>ROW({absolute(head, 0)}))",
                   # the last 二级 is on or below the last 一级 (the header's, where none is) and below the header
                   "has_level2": f"({ranges.last(here, 1)}>=MAX({ranges.last(here, 0)},ROW({absolute(head, 1)})+1))",
                   "filled_cells": f"({ranges.cells(ranges.whole)}-{L.LIVE_FORM_COLS})",  # less the header's
                   "filled_cells_to_here": f"({ranges.cells(here)}-{L.LIVE_FORM_COLS})",
                   "missing_to_here": ranges.missing(here),
                   "basis_rows": f"({ranges.with_basis(ranges.whole)}-1)",  # less the header's
                   "filled_rows": f"({ranges.more_than_labels(ranges.whole)}-1)",
                   "next_used": ranges.next_used(row)}
            return {**cells, **row_cells}, blanks, aux

        self._live_sheet(sheet, plan("project", project=project), scope)

    def _live_sheet(self, sheet, flags: list[Flag], scope) -> None:
        """Write the flag columns, the per-rule counts, the status line and the formats."""
        fmt = self._live_formats()
        rules = {r.code: r for r in live_rules()}
        cached = self.live_cached
        found = cached.found if cached else set()
        ranks = cached.ranks if cached else {}
        counts: dict[str, int] = {}
        for flag in flags:
            template = rules[flag.rule].live.cells[flag.key]
            for row in flag.rows:
                cells, blanks, extra = scope(row)
                formula = expand(template, {**cells, "cell": cells[flag.key]}, blanks, extra)
                hit = int((sheet.name, L.a1(row, flag.col), flag.rule) in found) * ranks.get(flag.rule, 0)
                sheet.write_formula(row, flag.column, f"=IF({formula},{L.LIVE_RANK_NAME.format(code=flag.rule)},0)",
                                    fmt, hit)
                counts[flag.rule] = counts.get(flag.rule, 0) + (hit > 0)
        for i, r in enumerate(live_rules()):
            mine = [f for f in flags if f.rule == r.code]
            if mine:
                sums = "+".join(f'COUNTIF({column_range(f)},">0")' for f in mine)
                sheet.write_formula(0, L.LIVE_COUNT_COL + i, f"={sums}", fmt, counts.get(r.code, 0))
        self._live_status_line(sheet, flags, found, ranks)
        sheet.write_string(0, L.LIVE_COL, L.LIVE_TAG, fmt)
        sheet.set_column(L.LIVE_COL, max(f.column for f in flags), None, None, {"hidden": True})
        sheet.set_column(L.LIVE_COUNT_COL, L.LIVE_COUNT_COL + len(rules) - 1, None, None, {"hidden": True})

    def _live_status_line(self, sheet, flags: list[Flag], found: set, ranks: dict) -> None:
        """The status line (how many form cells a live rule flags at a severity that is not 关闭) and the colours:
        three conditional formats over the form, one per severity, true where the highest flag of the cell (its
        slots, at fixed offsets) is that rank; written after the 校验 marks' formats, so that a mark written by
        校验 wins."""
        last, slots = flag_area(flags)
        firsts = [L.a1(0, L.LIVE_FLAG_COL + L.LIVE_FORM_COLS * s) for s in range(slots)]
        severity = firsts[0] if slots == 1 else "MAX(" + ",".join(firsts) + ")"
        for level in (3, 2, 1):
            sheet.conditional_format(0, 0, last, L.LIVE_FORM_COLS - 1, {
                "type": "formula", "stop_if_true": True, "format": self.f.marks[RANK_SEVERITY[level].value],
                "criteria": f"={severity}={level}"})
        areas = [f"{L.a1(0, L.LIVE_FLAG_COL + L.LIVE_FORM_COLS * s)}:"
                 f"{L.a1(last, L.LIVE_FLAG_COL + L.LIVE_FORM_COLS * (s + 1) - 1)}" for s in range(slots)]
        count = f'COUNTIF({areas[0]},">0")' if slots == 1 else f"SUMPRODUCT(--(({'+'.join(areas)})>0))"
        shown = len({(row, f.col) for f in flags for row in f.rows
                     if (sheet.name, L.a1(row, f.col), f.rule) in found and ranks.get(f.rule)})
        status_row, status_col = L.LIVE_STATUS_CELL
        sheet.write_formula(status_row, status_col, f'="{L.LIVE_STATUS}"&{count}&"{L.LIVE_STATUS_TAIL}"',
                            self._live_status, L.live_status_text(shown))

    def live_results(self, sheet) -> None:
        """校验结果: one row per live rule — its code, title, configured severity and live count (all sheets)."""
        col = L.LIVE_RESULTS_COL
        cached = self.live_cached
        self._live_formats()
        sheet.set_column(col, col, 16)
        sheet.set_column(col + 1, col + 1, 30)
        sheet.set_column(col + 2, col + 3, 10)
        sheet.set_column(col + 4, col + 4, None, None, {"hidden": True})
        sheet.write_string(0, col, L.LIVE_RESULTS_NOTE, self._live_status)
        for i, label in enumerate(L.LIVE_RESULTS_HEADER):
            self.put(sheet, L.RESULTS_HEADER_ROW, col + i, label, self.f.label)
        settings_row = 1 + [key for key, *_ in L.SETTINGS_ROWS].index(SETTINGS_SEVERITY_KEY)
        text = f"SUBSTITUTE(SUBSTITUTE('{L.SETTINGS_SHEET}'!$B${settings_row + 1},\" \",\"\"),\"＝\",\"=\")"
        # a 3-D sum over every sheet from 部门整体绩效目标 to 补助测算 (project sheets added later included), written
        # unquoted as Excel writes letters-only names: LibreOffice reads no quoted 3-D reference to such names
        sheets = f"{L.PART1_SHEET}:{L.FUNDING_SHEET}!{L.a1(0, 0)}"
        for i, r in enumerate(live_rules()):
            row = L.RESULTS_HEADER_ROW + 1 + i
            rank_cell = L.a1(row, col + 4)
            rank = str(RANK[r.severity])
            for level, value in (("提示", 1), ("警告", 2), ("错误", 3), ("关闭", 0)):
                rank = f'IF(ISNUMBER(SEARCH("{r.code}={level}",{text})),{value},{rank})'
            self.put(sheet, row, col, r.code, self.f.label)
            self.put(sheet, row, col + 1, r.title, self.f.text)
            configured = cached.ranks[r.code] if cached else RANK[r.severity]
            shown = RANK_SEVERITY[configured].value if configured else L.OFF
            sheet.write_formula(row, col + 4, f"={rank}", None, configured)
            sheet.write_formula(row, col + 2, f'=IF({rank_cell}=0,"{L.OFF}",IF({rank_cell}=3,"错误",'
                                f'IF({rank_cell}=2,"警告","提示")))', self.f.formula, shown)
            count = sheets.replace(L.a1(0, 0), "$" + L.col_letter(L.LIVE_COUNT_COL + i) + "$1")
            total = sum(1 for _s, _c, code in cached.found if code == r.code) if cached and configured else 0
            sheet.write_formula(row, col + 3, f"=SUM({count})", self.f.formula, total)
            self.book.define_name(L.LIVE_RANK_NAME.format(code=r.code),
                                  f"='{L.RESULTS_SHEET}'!${L.col_letter(col + 4)}${row + 1}")

    def live_lists(self, sheet) -> None:
        """列表: the blank characters, one per cell, under the defined name the BLANK test uses."""
        col = L.LIVE_SPACES_COL
        sheet.set_column(col, col, 26)
        sheet.write_string(0, col, L.LIVE_SPACES_HEADER, self.f.label)
        chars = spaces()
        for row, ch in enumerate(chars, start=1):
            sheet.write_string(row, col, ch)
        letter = L.col_letter(col)
        self.book.define_name(L.LIVE_SPACES_NAME, f"='{L.LISTS_SHEET}'!${letter}$2:${letter}${len(chars) + 1}")
        for i in range(1, len(chars) + 1):  # one name per character: the range formulas (template.live_ranges)
            self.book.define_name(L.LIVE_SPACE_NAME.format(i=i), f"='{L.LISTS_SHEET}'!${letter}${i + 1}")


def absolute(row: int, col: int) -> str:
    return f"${L.col_letter(col)}${row + 1}"


def column_range(flag: Flag) -> str:
    """The cells of a flag column, as a range."""
    return f"{L.a1(flag.rows[0], flag.column)}:{L.a1(flag.rows[-1], flag.column)}"


def expand(template: str, cells: dict[str, str], blanks: dict[str, str], extra: dict[str, str]) -> str:
    """A ``Live`` template as a formula: ``BLANK({key})`` → the helper (``blanks``) or the inline test,
    ``{key}`` → the cell or helper expression."""

    def blank(m):
        key = m.group(1)
        if key == "cell":
            key = next(k for k, v in cells.items() if v == cells["cell"] and k != "cell")
        return blanks.get(key) or blank_formula(cells[key])

    def ref(m):
        key = m.group(1)
        if key in extra:
            return extra[key]
        return cells[key]

    formula = _KEY_RE.sub(ref, _BLANK_RE.sub(blank, template))
    if "BLANK(" in formula or "{" in formula:
        raise ValueError(f"cannot expand live template {template!r}")
    return formula
