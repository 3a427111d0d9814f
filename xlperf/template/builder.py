"""Write the form workbook: the empty template, or a filled workbook from a ``Submission``.

Everything is placed through ``xlperf.layout``. Output is byte-reproducible: the document properties carry a
fixed creation time, and nothing else in an XlsxWriter file varies between runs.

The writer is ``_Writer``: its shared base (formats, ``put``, protection, marks) is
:class:`~xlperf.template.sheet_writer.WriterBase`, its sheets the mixins of :mod:`~xlperf.template.sheets_part1`,
:mod:`~xlperf.template.sheets_project` and :mod:`~xlperf.template.sheets_other`.
"""
from __future__ import annotations

import datetime as _dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import xlsxwriter

from ..files.output import write_bytes_atomic
from ..form import layout as L
from ..form.model import Project, Submission
from .live import LiveSheets, cached_values
from .shared_formulas import share_formulas
from .sheet_writer import FONT, WriterBase
from .sheets_other import OtherSheets
from .sheets_part1 import Part1Sheets
from .sheets_project import ProjectSheets

FIXED_CREATED = _dt.datetime(2021, 1, 1, 0, 0, 0)
EXCEL_CALC_ID = 191029  # calcId written by Excel 2016 and later (Microsoft 365 included)


def template_submission() -> Submission:
    """The content of a fresh template: one empty project, the standard measures and the default settings."""
    from ..form.layout import SETTINGS_ROWS

    return Submission(measures=list(L.STANDARD_MEASURES), projects=[Project()],
                      settings={key: default for key, _attr, default, _meaning in SETTINGS_ROWS})


def sheet_names(form: Submission | None = None) -> list[str]:
    """The workbook's sheets in order (the VBA project needs one document module per sheet)."""
    form = form or template_submission()
    projects = [f"{L.PROJECT_SHEET_PREFIX}{i + 1}" for i in range(max(1, len(form.projects)))]
    return [L.GUIDE_SHEET, L.PART1_SHEET, *projects, L.FUNDING_SHEET, L.RESULTS_SHEET, L.SETTINGS_SHEET,
            L.LISTS_SHEET, L.XLWINGS_CONF_SHEET]


def write_workbook(path: str | Path, form: Submission | None = None, *, vba_project: bytes | None = None) -> Path:
    """Write ``form`` (the empty template when None) to ``path`` atomically; returns the path."""
    return write_bytes_atomic(path, workbook_bytes(form, vba_project=vba_project))


def workbook_bytes(form: Submission | None = None, *, vba_project: bytes | None = None) -> bytes:
    """The workbook for ``form`` as bytes (.xlsm when a VBA project is given, else .xlsx).

    Built twice: the live checks' formulas carry cached values (what Excel and LibreOffice show on open), taken
    from the first build read back and checked (``template.live.cached_values``)."""
    form = form or template_submission()
    return _workbook_bytes(form, vba_project, cached_values(_workbook_bytes(form, None, None)))


def _workbook_bytes(form: Submission, vba_project: bytes | None, live_cached) -> bytes:
    buffer = io.BytesIO()
    vba_tmp = None
    try:
        book = xlsxwriter.Workbook(buffer, {"in_memory": True,
                                            "default_format_properties": {"font_name": FONT, "font_size": 11}})
        book.set_properties({"created": FIXED_CREATED, "title": L.PART1_TITLE, "author": "xlperf"})
        book.set_calc_mode("auto")
        # Keep the cached formula values: no forced recalculation on open (XlsxWriter asks for one by default),
        # and the calculation-engine id of current Excel (older ids also make Excel recalculate on open), so a
        # recipient without Python sees the values of the UDF cells. See README "收件人看到什么".
        book.calc_on_load = False
        book.calc_id = EXCEL_CALC_ID
        if vba_project is not None:
            fd, vba_tmp = tempfile.mkstemp(suffix=".bin")  # XlsxWriter takes the project from a file
            with os.fdopen(fd, "wb") as fh:
                fh.write(vba_project)
            book.add_vba_project(vba_tmp)
            book.set_vba_name("ThisWorkbook")
        writer = _Writer(book, form)
        writer.live_cached = live_cached
        writer.write()
        book.close()
    finally:
        if vba_tmp and os.path.exists(vba_tmp):
            os.unlink(vba_tmp)
    return cache_empty_strings(buffer.getvalue())


_EMPTY_RESULT = re.compile(rb'<c ((?:(?!t=)[^>])*)><f>([^<]*)</f><v></v></c>')


def cache_empty_strings(data: bytes) -> bytes:
    """Mark every formula cell whose cached result is empty as an empty *string* (``t="str"``). XlsxWriter leaves
    the type off (an empty number, "to force a recalculation"), which LibreOffice and WPS show as #VALUE!; our
    formulas' empty result is the empty text "" of ``cells.shown``. Then write each block of repeated formulas
    (the live checks' helpers down the indicator rows) as one shared formula (``template.shared_formulas``).
    Zip entries keep their order and dates, so the output stays byte-reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                payload = share_formulas(_EMPTY_RESULT.sub(rb'<c \1 t="str"><f>\2</f><v></v></c>', payload))
            dst.writestr(info, payload, compress_type=info.compress_type)
    return out.getvalue()


class _Writer(Part1Sheets, ProjectSheets, OtherSheets, LiveSheets, WriterBase):
    """Writes every sheet of ``form`` into ``book``, in order."""

    def write(self) -> None:
        self.guide()
        self.part1()
        for index, project in enumerate(self.form.projects or [Project()]):
            self.project(index, project)
        self.funding()
        self.results()
        self.settings()
        self.lists()
        self.xlwings_conf()
        assert [s.name for s in self.book.worksheets()] == sheet_names(self.form)
