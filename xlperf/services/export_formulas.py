"""The formulas of the submission copy (报送件), each replaced by a plain value (:mod:`xlperf.services.export`).

Formulas: a formula in a *derived column* (``DERIVED_COLUMNS``: a column known by its header, computed from
input columns of the same row) or a *derived row* (``DERIVED_ROWS``: cells right of a label, computed from the
cells right of another label) is replaced by the value our Python computes — 补助测算 金额（万元） with
``money.subsidy_line`` (what ``XP_SUBSIDY_LINE`` wraps), the plan panel with ``progress.cumulative_progress``
(``XP_PROGRESS``). In a derived column only a formula calling the column's UDF is recomputed that way; a total of
the column (a user's 合计 row, ``=SUM(G4:G23)`` or ``=XP_SUBSIDY_TOTAL(…)``) is recomputed as the sum of the
recomputed amounts. Any other formula (a user's own arithmetic, a UDF a later version adds elsewhere) is replaced by
its cached value when the file has one, else emptied, and listed in ``ExportReport.warnings``: cached values are
never trusted for what we can recompute. 校验结果's table (where the 校验 macro writes HYPERLINK formulas) is
regenerated, so its formulas go without a warning. Text made from decoded content (the findings quote the user's
text) is written with control characters escaped as Excel stores them ("_x0001_").
"""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from typing import Callable

from ..form import layout as L
from ..template import formulas as template_formulas
from ..text import cells
from ..text.normalize import squash

# ------------------------------------------------------------------ derived columns
ERROR_PREFIX = cells.ERROR_PREFIX  # what the UDFs show for a ValueError (xlperf.udfs)
funding_amount = cells.funding_line_amount  # 补助测算 金额, as XP_SUBSIDY_LINE shows it
plan_progress = cells.plan_progress
funding_total = cells.funding_column_total


@dataclass(frozen=True)
class DerivedColumn:
    """A formula column recomputed by Python on export.

    ``header``: the column's label; ``inputs``: labels of the input columns on the same header row, passed to
    ``compute`` in order (raw cell values). Found on the sheet named ``sheet`` or, failing that, on any sheet
    whose one row holds the header and every input label. A later UDF column adds one entry here.

    Below the header, a formula that is ``udf(…)`` (the template's ``=XP_SUBSIDY_LINE(C4,E4,F4,D4)``, or the same
    function on other cells or constants) is recomputed with ``compute`` on its arguments; a total of the column
    (``=SUM(G4:G23)``, or ``=udf_total(G4:G23)`` computed by ``total``) is recomputed from the recomputed cells it
    adds up. Any other formula in the column is a foreign one: its cached value, with a warning.
    """

    sheet: str
    header: str
    inputs: tuple[str, ...]
    compute: Callable[..., object]
    udf: str  # the workbook function ``compute`` mirrors: only a formula calling it is recomputed with ``compute``
    total: Callable[[list], object] | None = None  # the column's own total function (``udf_total``) as Python
    udf_total: str | None = None
    template: Callable[..., str] | None = None  # the template's formula for the UDF's arguments (native + UDF)


DERIVED_COLUMNS: tuple[DerivedColumn, ...] = (
    DerivedColumn(L.FUNDING_SHEET, L.FUNDING_HEADER[-1],
                  (L.FUNDING_HEADER[2], L.FUNDING_HEADER[4], L.FUNDING_HEADER[5], L.FUNDING_HEADER[3]),
                  funding_amount, "XP_SUBSIDY_LINE", funding_total, "XP_SUBSIDY_TOTAL", template_formulas.subsidy_line),
)
_HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class DerivedRow:
    """A block of ``count`` formula cells right of a label, recomputed from the ``count`` cells right of another
    label on the same sheet (``compute`` takes the input list and returns the output list). When any target cell
    holds a formula (an array formula's other cells hold plain values), the whole block is replaced."""

    label: str
    inputs_label: str
    count: int
    compute: Callable[[list], list]


DERIVED_ROWS: tuple[DerivedRow, ...] = (
    DerivedRow(L.COMPUTED_PROGRESS.label, L.PLAN_AMOUNTS.label, 4, plan_progress),
) if hasattr(L, "COMPUTED_PROGRESS") else ()


def _locate(ws, column: DerivedColumn) -> tuple[int, int, list[int]] | None:
    """(header row, derived column, input columns), 1-based, or None when the sheet lacks them."""
    wanted = [squash(column.header)] + [squash(label) for label in column.inputs]
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, _HEADER_SEARCH_ROWS)):
        where = {}
        for cell in row:
            if isinstance(cell.value, str):
                where.setdefault(squash(cell.value), cell.column)
        if all(w in where for w in wanted):
            return row[0].row, where[wanted[0]], [where[w] for w in wanted[1:]]
    return None


def _is_formula(cell) -> bool:
    return cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula")


def _formula_text(cell) -> str:
    value = cell.value
    text = getattr(value, "text", None) or str(value)
    return text if text.startswith("=") else "=" + text


def _set_plain(cell, value) -> None:
    """Store a plain value; a text that starts with "=" stays text (openpyxl would take it for a formula)."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _set_text(cell, value) -> None:
    """Store text made from what the reader decoded — the findings quote the user's text, in which Excel's "_x0001_"
    became the control character it stands for — escaped back as Excel stores it (``annotate.xml_text``): openpyxl
    refuses control characters (IllegalCharacterError). Values copied from openpyxl's own cells are already in
    that stored form and go through ``_set_plain`` unchanged."""
    from ..files.annotate import xml_text

    _set_plain(cell, xml_text(value) if isinstance(value, str) else value)


def _find_label(ws, label: str):
    key = squash(label)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and squash(cell.value) == key:
                return cell
    return None


def _replace_row(ws, block: DerivedRow) -> int:
    at = _find_label(ws, block.label)
    source = _find_label(ws, block.inputs_label) if at is not None else None
    if at is None or source is None:
        return 0
    targets = [ws.cell(row=at.row, column=at.column + 1 + i) for i in range(block.count)]
    if not any(_is_formula(c) for c in targets):
        return 0
    inputs = [ws.cell(row=source.row, column=source.column + 1 + i).value for i in range(block.count)]
    for cell, value in zip(targets, block.compute(inputs)):
        _set_plain(cell, value)
    return block.count


_REF = r"\$?[A-Za-z]{1,3}\$?\d+"
_RANGE = rf"{_REF}(?::{_REF})?"
_ARG = rf'{_RANGE}|[-+]?\d+(?:\.\d+)?|"(?:[^"]|"")*"'


def _call_args(formula: str, name: str) -> list[str] | None:
    """The arguments of a formula that is exactly ``=name(arg, …)`` — each a cell or range of the same sheet, a
    number or a string constant (Excel may prefix a UDF it does not know with ``_xludf.``) — else None."""
    m = re.fullmatch(rf'=\s*(?:_xludf\.)?{re.escape(name)}\s*\(\s*((?:{_ARG})(?:\s*,\s*(?:{_ARG}))*)?\s*\)\s*',
                     formula, re.IGNORECASE)
    return None if m is None else re.findall(_ARG, m.group(1) or "")


def _template_args(formula: str, name: str, template: Callable[..., str]) -> list[str] | None:
    """The UDF's arguments when ``formula`` is exactly the template's formula for them (native arithmetic with
    the UDF for what needs Python: ``template.formulas``), else None."""
    for inner in re.finditer(rf'{re.escape(name)}\(([^()"]*)\)', formula, re.IGNORECASE):
        args = [a.strip() for a in inner.group(1).split(",")]
        if all(re.fullmatch(_REF, a) for a in args):
            try:
                expected = template(*args)
            except TypeError:
                continue
            if re.sub(r"\s+", "", expected).upper() == re.sub(r"\s+", "", formula.replace("_xludf.", "")).upper():
                return args
    return None


def _column_rows(args: list[str], column: int) -> list[int] | None:
    """The rows that the ranges / cells ``args`` cover when all lie in ``column`` (else None)."""
    from openpyxl.utils.cell import range_boundaries

    rows: list[int] = []
    for arg in args:
        if not re.fullmatch(_RANGE, arg):
            return None
        min_col, min_row, max_col, max_row = range_boundaries(arg.replace("$", "").upper())
        if min_col != column or max_col != column:
            return None
        rows += range(min_row, max_row + 1)
    return rows


def _excel_sum(values: list):
    """``SUM`` over ranges as Excel computes it: numbers add up; text, logical values and blanks are skipped."""
    total = sum(v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool))
    return float(f"{total:.15g}") if isinstance(total, float) else total  # Excel keeps 15 significant digits


class _ColumnValues:
    """The cells of one derived column as the workbook computes them, from the inputs alone: ``value(row)`` is
    (True, value), or (False, None) for a formula we cannot recompute (the caller falls back to its cached value)."""

    def __init__(self, ws, col: int, header_row: int, column: DerivedColumn, cached: Callable):
        self.ws, self.col, self.header_row, self.column, self.cached = ws, col, header_row, column, cached
        self.memo: dict[int, tuple[bool, object]] = {}
        self.busy: set[int] = set()

    def value(self, row: int) -> tuple[bool, object]:
        if row > self.ws.max_row:  # a total over rows beyond the sheet (G4:G1000): blank, and no cells created
            return True, None
        cell = self.ws.cell(row=row, column=self.col)
        if not _is_formula(cell):
            return True, cell.value
        if row not in self.memo:
            if row in self.busy or row <= self.header_row:  # a circular total, or a formula in the header rows
                return False, None
            self.busy.add(row)
            try:
                self.memo[row] = self._compute(_formula_text(cell), row)
            finally:
                self.busy.discard(row)
        return self.memo[row]

    def _arg(self, arg: str):
        if arg.startswith('"'):
            return arg[1:-1].replace('""', '"')
        if re.fullmatch(_REF, arg):
            from openpyxl.utils.cell import coordinate_to_tuple

            r, c = coordinate_to_tuple(arg.replace("$", "").upper())
            if r > self.ws.max_row or c > self.ws.max_column:
                return None
            cell = self.ws.cell(row=r, column=c)
            return self.cached(cell) if _is_formula(cell) else cell.value  # an input's own formula: what it shows
        return float(arg) if "." in arg else int(arg)

    def _compute(self, formula: str, row: int) -> tuple[bool, object]:
        column = self.column
        args = _call_args(formula, column.udf)
        if args is None and column.template is not None:
            args = _template_args(formula, column.udf, column.template)
        if args is not None:
            if len(args) > len(column.inputs) or any(":" in a and not a.startswith('"') for a in args):
                return False, None
            values = [self._arg(a) for a in args] + [None] * (len(column.inputs) - len(args))
            return True, column.compute(*values)
        # A total of this column (a user's 合计 row: =SUM(G4:G23)) has an obvious meaning, so it is recomputed as
        # the sum of the recomputed amounts rather than given its cached value: cached values are never trusted for
        # our own columns (a stale or edited cache would reach the 报送件 under the stamp).
        for name, func in (("SUM", _excel_sum), (column.udf_total, column.total)):
            args = _call_args(formula, name) if name and func else None
            rows = _column_rows(args, self.col) if args else None
            if rows is None or row in rows:
                continue
            parts = [self.value(r) for r in rows]
            if not all(ok for ok, _ in parts):
                return False, None
            return True, func([v for _, v in parts])
        return False, None


def _regenerated(ws, cell) -> bool:
    """Whether ``_stamp`` / ``_print_layout`` rewrite this cell of 校验结果 (where the 校验 macro writes HYPERLINK
    formulas): the merged title and stamp rows and the findings table, header included."""
    status_row = L.RESULTS_STATUS_CELL[0] + 1
    if ws.title != L.RESULTS_SHEET or cell.column > len(L.RESULTS_HEADER):
        return False
    return (cell.row <= status_row and cell.column > 1) or cell.row == status_row or cell.row > L.RESULTS_HEADER_ROW


def _live(ws, cell) -> bool:
    """A formula of the template's live checks (layout.LIVE_*): a helper column, the status line, or the per-rule
    table on 校验结果. The copy carries no live checks: they would show counts nobody recalculates."""
    row, col = cell.row - 1, cell.column - 1
    if ws.title == L.RESULTS_SHEET:
        return L.LIVE_RESULTS_COL <= col < L.LIVE_RESULTS_COL + len(L.LIVE_RESULTS_HEADER) + 1
    if ws.cell(1, L.LIVE_COL + 1).value != L.LIVE_TAG:
        return False
    return col >= L.LIVE_COL or (row, col) == L.LIVE_STATUS_CELL


def _replace_formulas(wb, data: bytes, report) -> None:
    """Every formula of ``wb`` replaced by a plain value; counts and warnings go to ``report`` (an ExportReport)."""
    cached_book = None

    def cached(cell):
        nonlocal cached_book
        if cached_book is None:
            import openpyxl

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                cached_book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_vba=False,
                                                     keep_links=False)
        return cached_book[cell.parent.title][cell.coordinate].value

    for ws in wb.worksheets:
        derived: dict[int, _ColumnValues] = {}
        for column in DERIVED_COLUMNS:
            found = _locate(ws, column)
            if found:
                header_row, col, _inputs = found
                derived[col] = _ColumnValues(ws, col, header_row, column, cached)
        for block in DERIVED_ROWS:
            report.recomputed += _replace_row(ws, block)
        # every value first, then the writes: a total must still see the formulas of the lines it adds up
        plain: list[tuple] = []
        for row in ws.iter_rows():
            for cell in row:
                if not _is_formula(cell) or _regenerated(ws, cell):
                    continue  # 校验结果's table is rewritten by _stamp: no warning for the macro's HYPERLINKs
                if _live(ws, cell):
                    plain.append((cell, None))  # the live checks' formulas: the copy is checked by _stamp instead
                    continue
                values = derived.get(cell.column)
                if values is not None and cell.row > values.header_row:
                    ok, value = values.value(cell.row)
                    if ok:
                        plain.append((cell, value))
                        report.recomputed += 1
                        continue
                    where = f"在 xlperf 计算列“{values.column.header}”中，但不是 {values.column.udf} 或对该列的求和"
                else:
                    where = "不是 xlperf 的计算列"
                value = cached(cell)
                plain.append((cell, value))
                shown = "（无缓存值，已清空）" if value is None else f"已换成文件中保存的值 {value!r}"
                report.warnings.append(f"{ws.title}!{cell.coordinate} 的公式 {_formula_text(cell)} {where}，{shown}")
        for cell, value in plain:
            _set_plain(cell, value)
