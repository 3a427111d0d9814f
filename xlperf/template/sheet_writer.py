"""The shared base of the workbook writer (:mod:`xlperf.template.builder`): fonts and fills, the cell formats,
and what every sheet uses — adding a sheet, ``put`` (one value into a cell or merged span), labelled fields,
protection, the 校验 buttons, the hidden mark cells and their conditional formats, the print area.

The sheets themselves are mixins on top of it: :mod:`~xlperf.template.sheets_part1`,
:mod:`~xlperf.template.sheets_project`, :mod:`~xlperf.template.sheets_other`.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..form import layout as L
from ..form.errors import XlperfError
from ..form.findings import Severity
from ..form.marks import SEVERITY_FILL, SEVERITY_FONT, symbol_format
from ..form.model import Submission

EXCEL_MAX_TEXT = 32767  # characters in one cell; XlsxWriter would silently cut a longer text
FONT = "宋体"  # renders Chinese in Excel and WPS; LibreOffice falls back to Noto CJK
LABEL_FILL = "#D9D9D9"
INPUT_FILL = "#FFF2CC"
PROTECT_OPTIONS = {
    "insert_rows": True,
    "delete_rows": True,
    "format_cells": True,
    "format_columns": True,
    "format_rows": True,
    "sort": True,
    "autofilter": True,
}


@dataclass
class _Formats:
    title: object
    section: object
    label: object
    label_left: object
    input: object
    input_center: object
    input_text: object  # 指标值: stored as typed ("≥90%", "95%"), never turned into a number by Excel
    text: object
    formula: object
    marks: dict  # Severity.value → conditional format of that severity's marks


class WriterBase:
    """The writer's formats and helpers; ``builder._Writer`` adds the sheets."""

    def __init__(self, book, form: Submission):
        self.book = book
        self.form = form
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter", "text_wrap": True}
        cell = {**base, "border": 1}
        self.f = _Formats(
            title=book.add_format({**base, "bold": True, "font_size": 16, "align": "center"}),
            section=book.add_format({**base, "bold": True, "font_size": 12}),
            label=book.add_format({**cell, "bold": True, "align": "center", "bg_color": LABEL_FILL}),
            label_left=book.add_format({**cell, "bold": True, "bg_color": LABEL_FILL}),
            input=book.add_format({**cell, "locked": False, "bg_color": INPUT_FILL, "valign": "top"}),
            input_center=book.add_format({**cell, "locked": False, "bg_color": INPUT_FILL, "align": "center"}),
            input_text=book.add_format({**cell, "locked": False, "bg_color": INPUT_FILL, "valign": "top",
                                        "num_format": "@"}),
            text=book.add_format({**base}),
            formula=book.add_format({**cell, "align": "center", "num_format": "0.00##"}),
            marks={severity.value: book.add_format({"bg_color": "#" + SEVERITY_FILL[severity],
                                                    "font_color": "#" + SEVERITY_FONT[severity],
                                                    "num_format": symbol_format(severity)})
                   for severity in Severity},
        )
        self.mark_cell = book.add_format({"locked": False})
        self.sheet_index = 0

    # ------------------------------------------------------------ helpers
    def add_sheet(self, name: str):
        sheet = self.book.add_worksheet(name)
        self.sheet_index += 1
        sheet.set_paper(9)  # A4
        sheet.set_portrait()
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.center_horizontally()
        sheet.fit_to_pages(1, 0)
        return sheet

    def put(self, sheet, row: int, col: int, value, fmt, span: int = 1) -> None:
        """Write a value (text or number; None → blank) into a cell or a merged span."""
        if span > 1:
            sheet.merge_range(row, col, row, col + span - 1, None, fmt)
        if isinstance(value, str) and len(value) > EXCEL_MAX_TEXT:
            raise XlperfError(f"有一段文字长 {len(value)} 字，超过 Excel 单元格上限 {EXCEL_MAX_TEXT} 字：“{value[:20]}…”；"
                              "请精简后再生成工作簿")
        if value is None or value == "":
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)

    def field(self, sheet, field: L.Field, value, row_offset: int = 0) -> None:
        self.put(sheet, field.row + row_offset, field.col, field.label, self.f.label)
        values = value if field.count > 1 else [value]
        fmt = self.f.input_center if field.kind == "number" else self.f.input
        for i, v in enumerate(values):
            self.put(sheet, field.row + row_offset, field.value_col + i, v, fmt, span=field.span)

    def protect(self, sheet) -> None:
        sheet.protect("", PROTECT_OPTIONS)

    def buttons(self, sheet, extra: tuple[tuple[str, str], ...] = ()) -> None:
        """The 校验 / 清除标记 (and extra) form-control buttons, side by side in the button column."""
        width, height = L.BUTTON_SIZE
        for i, (caption, macro) in enumerate(L.BUTTONS + extra):
            sheet.insert_button(L.BUTTON_ROW, L.BUTTON_COL, {
                "macro": macro, "caption": caption, "width": width, "height": height,
                "x_offset": i * (width + L.BUTTON_GAP), "y_offset": 4})

    def mark_cells(self, sheet) -> None:
        """The in-place marks mechanism (see layout.MARK_COL): three unlocked, hidden mark cells, a tag, and one
        conditional format per severity over the input area, true where the cell's address is listed."""
        sheet.set_column(L.MARK_COL, L.MARK_COL, 12, None, {"hidden": True})
        for severity in Severity:  # most severe first: its rule wins (stop if true)
            row, col = L.mark_cell(severity.value)
            sheet.write_blank(row, col, None, self.mark_cell)
            sheet.conditional_format(0, 0, L.MARK_AREA_ROWS - 1, L.MARK_COL - 1, {
                "type": "formula", "stop_if_true": True, "format": self.f.marks[severity.value],
                "criteria": L.mark_rule_formula(severity.value)})
        sheet.write_string(L.MARK_TAG_ROW, L.MARK_COL, L.MARK_TAG)

    def heading(self, sheet, text: str) -> None:
        """The official document's part heading ("第一部分" …), printed at the top of each page of the sheet."""
        sheet.set_header(f"&C&14&B{text}", {"margin": 0.3})

    def print_columns(self, sheet, last_col: int) -> None:
        """Print only the form (columns A..last): not the panel, the buttons or the mark column. The rows stop one
        short of Excel's last row: XlsxWriter would write the whole-column form "$A:$F", which openpyxl (used
        by other tools on these files) cannot parse."""
        sheet.print_area(0, 0, 1048574, last_col)
