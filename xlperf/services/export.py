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

Formulas: a formula we can recompute (补助测算 金额, the plan panel, a total of such a column) gets the value our
Python computes, any other its cached value with a warning — :mod:`~xlperf.services.export_formulas` holds the
derived columns and rows and the replacement.

The stamp: custom document properties ``xlperf_status``, ``xlperf_counts``, ``xlperf_ruleset``,
``xlperf_sha256``, ``xlperf_checked_at``, and the same facts as a visible line on the 校验结果 sheet (with the
findings listed under it) (``xlperf_config`` too when a ``--config`` was given); every printed page's footer
says only "校验状态：通过／需修改 · 第 N 页 共 M 页". ``xlperf_sha256`` is :func:`content_hash`: the SHA-256 of the form's canonical JSON, i.e. of what the
reader reads (formatting does not count). It is a *keyless* fingerprint — anyone who edits the content can
recompute it — so :func:`verify_book` does not trust the stamp's verdict: it re-runs the checks on the content
and compares the recomputed status and counts (and the visible line) with the stamp, as well as the hash.
A pass means the stamp agrees with the content as checked now, not that xlperf wrote the file.

Printing (:mod:`~xlperf.services.export_print`): the staff's sheets (填报说明, which tells staff to send the .xlsm;
设置; 列表; xlwings.conf) are hidden in the copy and 部门整体绩效目标 is the active sheet; 校验结果 prints landscape,
one page wide, with wrapped messages. The PDF is printed by LibreOffice there too.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from ..files.output import write_bytes_atomic
from ..form import layout as L
from ..form.errors import NotAWorkbook, XlperfError
from ..form.findings import Finding, Severity, count_by_severity
from ..form.model import Submission
from .export_formulas import DERIVED_COLUMNS, DERIVED_ROWS, DerivedColumn, DerivedRow, _replace_formulas, _set_text
from .export_print import _SHEET_NS, NO_LIBREOFFICE, _print_layout, _restore_print_areas, find_soffice, to_pdf

__all__ = [
    "DERIVED_COLUMNS",
    "DERIVED_ROWS",
    "DerivedColumn",
    "DerivedRow",
    "ExportReport",
    "NO_LIBREOFFICE",
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
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


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


def footer_text(status: str) -> str:
    """The 报送件's page footer (Excel header/footer codes: &P page, &N pages)."""
    return f"校验状态：{status} · 第 &P 页 共 &N 页"


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
    # a readable footer for an official submission; the fingerprint stays in the properties and on 校验结果
    for sheet in wb.worksheets:
        sheet.oddFooter.left.text = None
        sheet.oddFooter.center.text = footer_text(report.status)
        sheet.oddFooter.center.size = 10


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
