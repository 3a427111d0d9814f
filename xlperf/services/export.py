"""The submission copy (报送件): macro-free, every formula replaced by a plain value, stamped with the check.

::

    report = export_book("收到的.xlsm", "报送.xlsx")       # ExportReport: findings, digest, warnings
    verify_book("报送.xlsx")                               # VerifyReport: does the content still match the stamp?

How it is written, and why: the copy is a *new* .xlsx, so openpyxl (load → edit → save) is used. It keeps what
matters in a printed submission — values, styles, merged cells, column widths, row heights, sheet protection,
data validations, print settings — and drops exactly what must go: the VBA project (``keep_vba=False``), the
form-control buttons and their VML (openpyxl does not carry controls), external links (``keep_links=False``).
Two openpyxl losses are handled or accepted: whole-column print areas ("$A:$F", which openpyxl cannot read) are
restored from workbook.xml; charts are dropped (the form's only chart sits beside the printed area).
Zip-part editing (as in ``annotate``) would keep more bytes identical, but here every formula cell changes and
the package type changes (.xlsm → .xlsx), so a rewrite is simpler and just as faithful for our forms.

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

The stamp: custom document properties ``xlperf_status``, ``xlperf_counts``, ``xlperf_ruleset``,
``xlperf_sha256``, ``xlperf_checked_at``, and the same facts as a visible line on the 校验结果 sheet (with the
findings listed under it) and in every sheet's printed footer (``xlperf_config`` too when a ``--config`` was
given). ``xlperf_sha256`` is :func:`content_hash`: the SHA-256 of the form's canonical JSON, i.e. of what the
reader reads (formatting does not count). It is a *keyless* fingerprint — anyone who edits the content can
recompute it — so :func:`verify_book` does not trust the stamp's verdict: it re-runs the checks on the content
and compares the recomputed status and counts (and the visible line) with the stamp, as well as the hash.
A pass means the stamp agrees with the content as checked now, not that xlperf wrote the file.

Printing: the staff's sheets (填报说明, which tells staff to send the .xlsm; 设置; 列表; xlwings.conf) are hidden in
the copy and 部门整体绩效目标 is the active sheet; 校验结果 prints landscape, one page wide, with wrapped messages.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..files.output import write_bytes_atomic
from ..form import layout as L
from ..form.errors import NotAWorkbook, XlperfError
from ..form.findings import Finding, Severity, count_by_severity
from ..form.model import Submission
from ..text import cells
from ..text.normalize import squash

__all__ = [
    "DERIVED_COLUMNS",
    "DERIVED_ROWS",
    "DerivedColumn",
    "DerivedRow",
    "ExportReport",
    "VerifyReport",
    "content_hash",
    "export_book",
    "export_bytes",
    "find_soffice",
    "read_stamp",
    "to_pdf",
    "verify_book",
]

STAMP_PREFIX = "xlperf_"
PDF_TIMEOUT = 180  # seconds
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


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


DERIVED_COLUMNS: tuple[DerivedColumn, ...] = (
    DerivedColumn(L.FUNDING_SHEET, L.FUNDING_HEADER[-1],
                  (L.FUNDING_HEADER[2], L.FUNDING_HEADER[4], L.FUNDING_HEADER[5], L.FUNDING_HEADER[3]),
                  funding_amount, "XP_SUBSIDY_LINE", funding_total, "XP_SUBSIDY_TOTAL"),
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


# ------------------------------------------------------------------ hash and stamp
def content_hash(form: Submission) -> str:
    """SHA-256 (hex) of the form's canonical JSON: ``interchange.to_dict`` → ``json.dumps(sort_keys=True,
    ensure_ascii=False, separators=(",", ":"))`` → UTF-8."""
    from ..files.interchange import to_dict

    text = json.dumps(to_dict(form), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def status_of(findings: list[Finding], threshold: Severity = Severity.ERROR) -> str:
    worst = max((f.severity.rank for f in findings), default=0)
    return "需修改" if worst >= threshold.rank else "通过"


def counts_text(findings: list[Finding]) -> str:
    counts = count_by_severity(findings)
    return " ".join(f"{s.value} {counts[s]}" for s in Severity)


def config_fingerprint(config) -> str | None:
    """A short fingerprint of a reviewer's ``--config`` (None when the workbook's own 设置 alone applied), stamped as
    ``xlperf_config`` so that ``--verify`` can tell it must check with the same settings file."""
    if config is None:
        return None
    from dataclasses import asdict

    fields = {k: (sorted(v) if isinstance(v, (set, frozenset)) else v) for k, v in asdict(config).items()}
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=list)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stamp_line(findings: list[Finding], ruleset: str, digest: str, when: _dt.datetime) -> str:
    return (f"xlperf 校验：{counts_text(findings)}；状态 {status_of(findings)}；规则集 {ruleset}；"
            f"内容指纹 sha256:{digest}；校验时间 {when:%Y-%m-%d %H:%M}")


@dataclass
class ExportReport:
    path: str
    findings: list[Finding]
    digest: str
    ruleset: str
    checked_at: str
    warnings: list[str] = field(default_factory=list)
    recomputed: int = 0  # derived-column cells replaced by a recomputed value
    config: str | None = None  # config_fingerprint of a --config given on top of the workbook's 设置

    @property
    def status(self) -> str:
        return status_of(self.findings)


# ------------------------------------------------------------------ export
def export_bytes(data: bytes, path: str = "<内存>", config=None, when: _dt.datetime | None = None,
                 ) -> tuple[bytes, ExportReport]:
    """The macro-free, formula-free, stamped copy of the workbook ``data`` (which goes through the gate)."""
    from .check import check_bytes

    return export_checked(check_bytes(data, str(path), config), config, when)


def export_checked(checked, config=None, when: _dt.datetime | None = None) -> tuple[bytes, ExportReport]:
    """The macro-free, formula-free, stamped copy of a workbook checked by the pipeline (``services.check``)."""
    import openpyxl

    from ..rulebook.registry import RULESET_VERSION

    data, path, form, findings = checked.data, checked.path, checked.form, checked.findings
    digest = content_hash(form)
    when = (when or _dt.datetime.now()).replace(microsecond=0)
    report = ExportReport(str(path), findings, digest, RULESET_VERSION, when.isoformat(),
                          config=config_fingerprint(config))
    try:
        with warnings.catch_warnings():  # "Print area cannot be set…": restored by _restore_print_areas
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(io.BytesIO(data), keep_vba=False, keep_links=False, data_only=False)
    except Exception as err:  # openpyxl's errors are untyped; the file passed the gate, so it is damaged
        raise NotAWorkbook(f"无法读取工作簿的格式信息（{type(err).__name__}），文件可能已损坏", path) from None
    _replace_formulas(wb, data, report)
    _stamp(wb, report)
    _restore_print_areas(wb, data, path)
    _print_layout(wb)
    wb.vba_archive = None
    buffer = io.BytesIO()
    wb.save(buffer)
    out = buffer.getvalue()
    _assert_clean(out)
    return out, report


def export_book(book: str | os.PathLike[str], output: str | os.PathLike[str], config=None,
                when: _dt.datetime | None = None) -> ExportReport:
    """Check ``book`` (through the one pipeline) and write its submission copy to ``output`` atomically."""
    from .check import check_path

    out, report = export_checked(check_path(book, config), config, when)
    write_bytes_atomic(output, out)
    report.path = str(output)
    return report


def _restore_print_areas(wb, data: bytes, path) -> None:
    """openpyxl 3.1 drops print areas of whole columns ("项目1!$A:$F", as our builder writes them) with a
    warning; put them back from workbook.xml so the copy (and its PDF) prints as the original does."""
    from ..files.safety import DEFAULT_LIMITS, parse_xml, read_member

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        name = next((n for n in zf.namelist() if n.lower() == "xl/workbook.xml"), None)
        if name is None:
            return
        root = parse_xml(read_member(zf, name, DEFAULT_LIMITS.max_small_part, path=path), path=path, part=name)
    for defined in root.iter(f"{{{_SHEET_NS}}}definedName"):
        local = defined.get("localSheetId")
        if defined.get("name") != "_xlnm.Print_Area" or local is None or not local.isdigit():
            continue
        if int(local) >= len(wb.worksheets):
            continue
        ws = wb.worksheets[int(local)]
        if ws.print_area:
            continue
        ranges = [_bounded(part.rpartition("!")[2].replace("$", ""), ws) for part in (defined.text or "").split(",")]
        if ranges and all(ranges):
            try:
                ws.print_area = ranges
            except (ValueError, TypeError):
                continue


def _bounded(ref: str, ws) -> str | None:
    """A print range openpyxl accepts: whole columns "A:F" become A1:F<last used row> (the copy's content is
    final, so this prints the same); whole rows "3:9" become A3:<last used column>9."""
    from openpyxl.utils import get_column_letter

    if re.fullmatch(r"[A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?", ref):
        return ref
    m = re.fullmatch(r"([A-Z]{1,3}):([A-Z]{1,3})", ref)
    if m:
        return f"{m.group(1)}1:{m.group(2)}{max(ws.max_row, 1)}"
    m = re.fullmatch(r"(\d+):(\d+)", ref)
    if m:
        return f"A{m.group(1)}:{get_column_letter(max(ws.max_column, 1))}{m.group(2)}"
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


def _replace_formulas(wb, data: bytes, report: ExportReport) -> None:
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


def _stamp(wb, report: ExportReport) -> None:
    from openpyxl.packaging.custom import StringProperty

    from ..form.marks import result_rows

    values = {
        "xlperf_status": report.status,
        "xlperf_counts": counts_text(report.findings),
        "xlperf_ruleset": report.ruleset,
        "xlperf_sha256": report.digest,
        "xlperf_checked_at": report.checked_at,
    }
    if report.config:
        values["xlperf_config"] = report.config
    props = wb.custom_doc_props
    for name in [p.name for p in props.props if p.name.startswith(STAMP_PREFIX)]:
        del props[name]
    for name, value in values.items():
        props.append(StringProperty(name=name, value=value))
    line = stamp_line(report.findings, report.ruleset, report.digest, _dt.datetime.fromisoformat(report.checked_at))
    # the visible line and the findings on 校验结果 (created when a received file lost that sheet)
    ws = wb[L.RESULTS_SHEET] if L.RESULTS_SHEET in wb.sheetnames else wb.create_sheet(L.RESULTS_SHEET)
    if ws.cell(row=1, column=1).value is None:
        ws.cell(row=1, column=1).value = L.RESULTS_TITLE
    r0, c0 = L.RESULTS_STATUS_CELL
    _set_text(ws.cell(row=r0 + 1, column=c0 + 1), line)
    header_row = L.RESULTS_HEADER_ROW + 1
    for col, label in enumerate(L.RESULTS_HEADER, start=1):
        ws.cell(row=header_row, column=col).value = label
    for row in ws.iter_rows(min_row=header_row + 1, max_col=len(L.RESULTS_HEADER)):
        for cell in row:
            cell.value = None
            cell.hyperlink = None
    for i, values_row in enumerate(result_rows(report.findings), start=header_row + 1):
        for col, value in enumerate(values_row, start=1):
            _set_text(ws.cell(row=i, column=col), value)  # may start with "=" (a project's name)
    footer = f"xlperf 校验：{counts_text(report.findings)}；规则集 {report.ruleset}；sha256:{report.digest}"
    for sheet in wb.worksheets:
        sheet.oddFooter.left.text = footer.replace("&", "&&")
        sheet.oddFooter.left.size = 7


#: sheets for the staff who fill the form, not for the reader of a 报送件: hidden in the copy (so not printed)
HIDDEN_IN_EXPORT = (L.GUIDE_SHEET, L.SETTINGS_SHEET, L.LISTS_SHEET, L.XLWINGS_CONF_SHEET)
_RESULTS_WRAPPED = ("问题", "修改建议")
_LINE_HEIGHT = 15.0  # points per line of wrapped text (11 pt type)


def _text_width(text) -> int:
    """Display width in column-width units: a CJK (wide) character counts 2, others 1."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _lines(text, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` units wide (explicit line breaks count)."""
    usable = max(width - 1.5, 4.0)
    return sum(max(1, -(-_text_width(part) // int(usable))) for part in str(text).split("\n"))


def _aligned(cell, **changes):
    from copy import copy

    alignment = copy(cell.alignment)
    for key, value in changes.items():
        setattr(alignment, key, value)
    cell.alignment = alignment


def _print_layout(wb) -> None:
    """What the copy prints: the form and 校验结果 only, 校验结果 legible on landscape pages one page wide.

    填报说明 (which tells staff to send the .xlsm), 设置, 列表 and xlwings.conf are hidden; 部门整体绩效目标 becomes
    the active sheet. On 校验结果 the title keeps to one line, the stamp line gets a row of its own merged over
    the table's width (so it cannot run into the header), and 问题 / 修改建议 wrap, with row heights to fit.
    """
    from openpyxl.utils import get_column_letter

    for name in HIDDEN_IN_EXPORT:
        if name in wb.sheetnames:
            wb[name].sheet_state = "hidden"
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    if not visible:  # never leave a workbook without a visible sheet
        wb.worksheets[0].sheet_state = "visible"
        visible = [wb.worksheets[0]]
    active = wb[L.PART1_SHEET] if L.PART1_SHEET in wb.sheetnames and wb[L.PART1_SHEET] in visible else visible[0]
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is active
    wb.active = wb.worksheets.index(active)

    if L.RESULTS_SHEET not in wb.sheetnames:
        return
    ws = wb[L.RESULTS_SHEET]
    ncols = len(L.RESULTS_HEADER)
    last = get_column_letter(ncols)
    widths = []
    for i, default in enumerate(L.RESULTS_WIDTHS, start=1):
        dim = ws.column_dimensions[get_column_letter(i)]
        if not dim.width or not dim.customWidth:
            dim.width = default
        widths.append(dim.width)
    status_row = L.RESULTS_STATUS_CELL[0] + 1
    header_row = L.RESULTS_HEADER_ROW + 1
    for merged in list(ws.merged_cells.ranges):  # the title and stamp rows get merges of our own
        if merged.min_row <= status_row:
            ws.unmerge_cells(str(merged))
    ws.merge_cells(f"A1:{last}1")
    _aligned(ws["A1"], wrap_text=False, horizontal="left", vertical="center")
    ws.merge_cells(f"A{status_row}:{last}{status_row}")
    line = ws.cell(row=status_row, column=1)
    _aligned(line, wrap_text=True, horizontal="left", vertical="top")
    ws.row_dimensions[status_row].height = _LINE_HEIGHT * _lines(line.value or "", sum(widths)) + 4
    wrapped = {L.RESULTS_HEADER.index(label) + 1 for label in _RESULTS_WRAPPED}
    for row in ws.iter_rows(min_row=header_row + 1, max_col=ncols):
        if all(cell.value is None for cell in row):
            continue
        lines = 1
        for cell in row:
            if cell.column in wrapped:
                _aligned(cell, wrap_text=True, vertical="top")
                lines = max(lines, _lines(cell.value or "", widths[cell.column - 1]))
            else:
                _aligned(cell, vertical="top")
        ws.row_dimensions[row[0].row].height = _LINE_HEIGHT * lines + 2
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages tall as needed
    if ws.sheet_properties.pageSetUpPr is None:
        from openpyxl.worksheet.properties import PageSetupProperties

        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def _assert_clean(data: bytes) -> None:
    """The copy must hold no macro, no control, no formula: a bug here would defeat the point of the export."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        bad = [n for n in names if n.lower().endswith("vbaproject.bin") or "ctrlprops" in n.lower()
               or "activex" in n.lower() or (n.lower().endswith(".vml") and b"FmlaMacro" in zf.read(n))]
        if bad:
            raise RuntimeError(f"导出件仍含宏或控件部件：{bad}")
        types = zf.read("[Content_Types].xml").decode("utf-8")
        if "macroEnabled" in types or _XLSX_MAIN not in types:
            raise RuntimeError("导出件的内容类型不是普通工作簿（.xlsx）")
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml") and b"<f" in zf.read(name):
                from ..files.safety import parse_xml

                if any(True for _ in parse_xml(zf.read(name)).iter(f"{{{_SHEET_NS}}}f")):
                    raise RuntimeError(f"导出件的 {name} 仍含公式")


# ------------------------------------------------------------------ verify
@dataclass
class VerifyReport:
    """What ``--verify`` found: the stamp, and the same checks re-run on the content as it is now.

    ``actual`` is the content hash now; ``status`` / ``counts`` / ``findings`` are recomputed with this version's
    rules (``ruleset``) and the workbook's own 设置 (plus ``config`` when given). ``problems`` lists every
    disagreement with the stamp in plain Chinese; ``matches`` is true only when there is none.
    """

    path: str
    stamp: dict[str, str]
    actual: str
    status: str | None = None
    counts: str | None = None
    ruleset: str | None = None
    findings: list[Finding] = field(default_factory=list)
    visible_line: str | None = None  # the stamp line on 校验结果 (None when missing)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def stamped(self) -> str | None:
        return self.stamp.get("xlperf_sha256")

    @property
    def hash_matches(self) -> bool:
        return self.stamped == self.actual

    @property
    def matches(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        """One Chinese paragraph for the user: every disagreement, or the confirmation."""
        if self.matches:
            text = (f"校验戳与按现在内容重新校验的结果一致：状态 {self.status}，{self.counts}，"
                    f"内容指纹 sha256:{self.actual}。")
        else:
            text = "校验戳与内容不符：" + "；".join(self.problems) + "。请重新校验后再报送。"
        return text + "".join(f"（{note}）" for note in self.notes)


_LINE_RE = re.compile(r"xlperf 校验：(?P<counts>[^；]*)；状态 (?P<status>[^；]*)；规则集 (?P<ruleset>[^；]*)；"
                      r"内容指纹 sha256:(?P<sha>[0-9a-fA-F]*)")


def read_stamp(data: bytes, path=None) -> dict[str, str]:
    """The ``xlperf_*`` custom document properties of a checked workbook ({} when there are none)."""
    from ..files.safety import DEFAULT_LIMITS, parse_xml, read_member

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        name = next((n for n in zf.namelist() if n.lower() == "docprops/custom.xml"), None)
        if name is None:
            return {}
        root = parse_xml(read_member(zf, name, DEFAULT_LIMITS.max_small_part, path=path), path=path, part=name)
    out = {}
    for prop in root:
        key = prop.get("name") or ""
        if key.startswith(STAMP_PREFIX):
            out[key] = "".join(prop.itertext()).strip()
    return out


def _visible_line(data: bytes) -> str | None:
    """The stamp line on 校验结果 of a copy (None when the sheet or the line is missing)."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — the reader has read the file already; a missing line is reported
        return None
    try:
        if L.RESULTS_SHEET not in wb.sheetnames:
            return None
        r0, c0 = L.RESULTS_STATUS_CELL
        value = wb[L.RESULTS_SHEET].cell(row=r0 + 1, column=c0 + 1).value
        return value if isinstance(value, str) else None
    finally:
        wb.close()


def verify_book(path: str | os.PathLike[str], config=None) -> VerifyReport:
    """Does the stamp of ``path`` agree with its content as checked now?

    The checks are re-run on the content (the workbook's own 设置, plus ``config`` when given) and the
    recomputed status and counts are compared with ``xlperf_status`` / ``xlperf_counts`` and with the visible
    line on 校验结果, as is the content hash with ``xlperf_sha256``. The hash is a keyless fingerprint: anyone can
    recompute it, so it shows that the content was not changed *without re-stamping*; re-running the checks shows
    that the stamped verdict is the verdict of this content.
    """
    from ..rulebook.registry import RULESET_VERSION
    from .check import check_bytes, gate_path

    data = gate_path(path)
    stamp = read_stamp(data, path)
    if "xlperf_sha256" not in stamp:
        raise XlperfError("没有 xlperf 校验戳（文档属性 xlperf_sha256），不是 xlperf export 导出的报送件", path)
    checked = check_bytes(data, str(path), config, gated=True)
    form, findings = checked.form, checked.findings
    report = VerifyReport(str(path), stamp, content_hash(form), status_of(findings), counts_text(findings),
                          RULESET_VERSION, findings, _visible_line(data))
    problems, notes = report.problems, report.notes
    if not report.hash_matches:
        problems.append(f"内容在校验后被改动过（校验戳 sha256:{report.stamped}，现在 sha256:{report.actual}）")
    stamped_status, stamped_counts = stamp.get("xlperf_status"), stamp.get("xlperf_counts")
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    if stamped_status != report.status:
        problems.append(f"校验戳写状态“{stamped_status or '（空）'}”，但按现在的内容重新校验为“{report.status}”"
                        f"（错误 {errors} 个）")
    if stamped_counts != report.counts:
        problems.append(f"校验戳写“{stamped_counts or '（空）'}”，但按现在的内容重新校验为“{report.counts}”")
    line = report.visible_line
    m = _LINE_RE.search(line or "")
    if m is None:
        problems.append(f"“{L.RESULTS_SHEET}”表上没有可见的校验戳")
    elif (m["counts"], m["status"], m["sha"].lower()) != (report.counts, report.status, report.actual):
        problems.append(f"“{L.RESULTS_SHEET}”表上可见的校验戳（{m['counts']}；状态 {m['status']}；"
                        f"sha256:{m['sha']}）与按现在的内容重新校验的结果不符")
    stamped_ruleset = stamp.get("xlperf_ruleset")
    if stamped_ruleset != RULESET_VERSION:
        notes.append(f"校验戳的规则集为 {stamped_ruleset or '（空）'}，本次按规则集 {RULESET_VERSION} 重新校验"
                     + ("；状态或问题数的差异可能来自规则更新，可用该规则集版本的 xlperf 核对" if problems else ""))
    stamped_config = stamp.get("xlperf_config")
    if stamped_config and stamped_config != config_fingerprint(config):
        notes.append("导出时另用了设置文件（--config），核对时须用同一设置文件；否则状态和问题数可能不同")
    elif config is not None and not stamped_config:
        notes.append("导出时只用了工作簿的“设置”表，核对时却另给了设置文件（--config）")
    return report


# ------------------------------------------------------------------ PDF
def find_soffice() -> str | None:
    """LibreOffice's ``soffice``: $XLPERF_SOFFICE, else on PATH."""
    configured = os.environ.get("XLPERF_SOFFICE")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


NO_LIBREOFFICE = ("未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice（Debian/Ubuntu："
                  "apt-get install libreoffice-calc fonts-noto-cjk），或设置环境变量 XLPERF_SOFFICE 指向 soffice；"
                  "也可以去掉 --pdf 只导出 .xlsx")


def to_pdf(xlsx: str | os.PathLike[str], pdf: str | os.PathLike[str], timeout: int = PDF_TIMEOUT) -> Path:
    """Print ``xlsx`` (a macro-free export) to ``pdf`` with LibreOffice headless, in a private profile."""
    exe = find_soffice()
    if exe is None:
        raise XlperfError(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="xlperf-pdf-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / "export.xlsx"  # a plain name: odd characters in the user's name never reach soffice
        shutil.copyfile(xlsx, src)
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(tmpdir / "out"), str(src)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise XlperfError(f"LibreOffice 在 {timeout} 秒内没有完成 PDF 转换，已终止；请稍后重试") from None
        produced = tmpdir / "out" / "export.pdf"
        if not produced.exists():
            detail = (err or out).decode("utf-8", "replace").strip()[-300:]
            raise XlperfError(f"LibreOffice 未能生成 PDF（退出码 {proc.returncode}）：{detail or '无输出'}")
        return write_bytes_atomic(pdf, produced.read_bytes())
