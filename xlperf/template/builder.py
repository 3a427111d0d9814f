"""Write the form workbook: the empty template, or a filled workbook from a ``Submission``.

Everything is placed through ``xlperf.layout``. Output is byte-reproducible: the document properties carry a
fixed creation time, and nothing else in an XlsxWriter file varies between runs.
"""
from __future__ import annotations

import datetime as _dt
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from ..files.output import write_bytes_atomic
from ..form import layout as L
from ..form import taxonomy
from ..form.errors import XlperfError
from ..form.findings import Severity
from ..form.marks import SEVERITY_FILL, SEVERITY_FONT
from ..form.model import FundingLine, Project, Submission
from ..text import cells, progress
from ..text.normalize import number_items

EXCEL_MAX_TEXT = 32767  # characters in one cell; XlsxWriter would silently cut a longer text
FIXED_CREATED = _dt.datetime(2021, 1, 1, 0, 0, 0)
EXCEL_CALC_ID = 191029  # calcId written by Excel 2016 and later (Microsoft 365 included)
FONT = "宋体"  # renders Chinese in Excel and WPS; LibreOffice falls back to Noto CJK
LABEL_FILL = "#D9D9D9"
INPUT_FILL = "#FFF2CC"
CN_NUMERALS = "一二三四五六七八九十"
GUIDE_WIDTH = 80  # the 填报说明 column: fits A4 portrait without scaling (LibreOffice does not scale it)
GUIDE_CHARS_PER_LINE = 38  # CJK characters per printed line of that column; sets row heights for wrapped text
FIELD_ROW_HEIGHT = 32  # two lines of wrapped label text
INDICATOR_ROW_HEIGHT = 32
PROTECT_OPTIONS = {
    "insert_rows": True,
    "delete_rows": True,
    "format_cells": True,
    "format_columns": True,
    "format_rows": True,
    "sort": True,
    "autofilter": True,
}


def template_submission() -> Submission:
    """The content of a fresh template: one empty project, the standard measures and the default settings."""
    from ..form.layout import SETTINGS_ROWS

    return Submission(measures=list(L.STANDARD_MEASURES), projects=[Project()],
                      settings={key: default for key, _attr, default, _meaning in SETTINGS_ROWS})


def default_part1_title(year) -> str:
    return f"{_year_text(year)}年{L.PART1_TITLE}" if year not in (None, "") else L.PART1_TITLE


def default_project_title(index: int, name: str | None) -> str:
    if not name:
        return L.PROJECT_TITLE
    return f"（{_cn_number(index + 1)}）{name}{L.PROJECT_TITLE}"


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
    """The workbook for ``form`` as bytes (.xlsm when a VBA project is given, else .xlsx)."""
    form = form or template_submission()
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
        _Writer(book, form).write()
        book.close()
    finally:
        if vba_tmp and os.path.exists(vba_tmp):
            os.unlink(vba_tmp)
    return buffer.getvalue()


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


class _Writer:
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
                                                    "font_color": "#" + SEVERITY_FONT[severity]})
                   for severity in Severity},
        )
        self.mark_cell = book.add_format({"locked": False})
        self.sheet_index = 0

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

    # ------------------------------------------------------------ sheets
    def guide(self) -> None:
        sheet = self.add_sheet(L.GUIDE_SHEET)
        sheet.set_column(0, 0, GUIDE_WIDTH)
        sheet.write_string(0, 0, L.GUIDE_TITLE, self.f.title)
        for i, line in enumerate(L.GUIDE_LINES, start=2):
            fmt = self.f.section if line.endswith(("这是什么", "怎样填写", "指标行", "校验", "报送")) and "、" in line[:2] else self.f.text
            if line:
                sheet.write_string(i, 0, line, fmt)
                sheet.set_row(i, 16 * (1 + len(line) // GUIDE_CHARS_PER_LINE) + 4)
        self.protect(sheet)

    def part1(self) -> None:
        form = self.form
        sheet = self.add_sheet(L.PART1_SHEET)
        for col, width in enumerate(L.PART1_WIDTHS):
            sheet.set_column(col, col, width)
        last = len(L.PART1_WIDTHS) - 1
        sheet.merge_range(0, 0, 0, last, form.title or default_part1_title(form.year), self.f.title)
        sheet.set_row(0, 36)
        for fld in L.PART1_FIELDS:
            self.field(sheet, fld, getattr(form, fld.key))
        row = 3
        row = self.item_section(sheet, row, L.SECTION_GOALS, L.GOALS_HEADER, form.overall_goals, L.TEMPLATE_GOAL_ROWS)
        # 二、分项绩效目标: one row per project
        sheet.merge_range(row, 0, row, last, L.SECTION_SUMMARIES, self.f.section)
        row += 1
        for col, label in enumerate(L.SUMMARY_HEADER):
            self.put(sheet, row, col, label, self.f.label, span=2 if col == len(L.SUMMARY_HEADER) - 1 else 1)
        row += 1
        summaries = form.summaries or [None] * L.TEMPLATE_SUMMARY_ROWS
        for i, summary in enumerate(summaries):
            self.put(sheet, row, 0, i + 1, self.f.label)
            values = (
                (summary.name, summary.purpose, number_items(summary.goals, "、"), number_items(summary.indicators, "、"))
                if summary
                else (None,) * 4
            )
            for col, value in enumerate(values, start=1):
                self.put(sheet, row, col, value or None, self.f.input, span=2 if col == len(values) else 1)
            sheet.set_row(row, 90 if summary else 45)
            row += 1
        row += 1
        self.item_section(sheet, row, L.SECTION_MEASURES, L.MEASURES_HEADER, form.measures, len(L.STANDARD_MEASURES))
        sheet.repeat_rows(0)
        self.print_columns(sheet, last)
        self.buttons(sheet)
        self.mark_cells(sheet)
        self.protect(sheet)

    def item_section(self, sheet, row: int, title: str, header, items: list[str], blank_rows: int) -> int:
        """A numbered list section (总体绩效目标, 工作保障措施): number in A, text across B:F."""
        last = len(L.PART1_WIDTHS) - 1
        sheet.merge_range(row, 0, row, last, title, self.f.section)
        row += 1
        self.put(sheet, row, 0, header[0], self.f.label)
        self.put(sheet, row, 1, header[1], self.f.label, span=last)
        row += 1
        for i, item in enumerate(items or [None] * blank_rows):
            self.put(sheet, row, 0, i + 1, self.f.label)
            self.put(sheet, row, 1, item, self.f.input, span=last)
            sheet.set_row(row, 48 if item and len(item) > 60 else 30)
            row += 1
        return row + 1

    def project(self, index: int, project: Project) -> None:
        sheet = self.add_sheet(f"{L.PROJECT_SHEET_PREFIX}{index + 1}")
        for col, width in enumerate(L.PROJECT_WIDTHS):
            sheet.set_column(col, col, width)
        last = len(L.PROJECT_WIDTHS) - 1
        sheet.merge_range(0, 0, 0, last, project.title or default_project_title(index, project.name), self.f.title)
        sheet.set_row(0, 36)
        for fld in L.PROJECT_FIELDS:
            self.field(sheet, fld, getattr(project, fld.key))
            sheet.set_row(fld.row, FIELD_ROW_HEIGHT)
        attribute = next(f for f in L.PROJECT_FIELDS if f.key == "attribute")
        sheet.data_validation(attribute.row, attribute.value_col, attribute.row, attribute.value_col,
                              {"validate": "list", "source": list(taxonomy.PROJECT_ATTRIBUTES), "error_type": "warning"})
        purpose = next(f for f in L.PROJECT_FIELDS if f.key == "purpose")
        sheet.set_row(purpose.row, 96)
        # 资金支出计划
        header = L.PLAN_HEADER
        self.put(sheet, header.row, header.col, header.label, self.f.label)
        for i, quarter in enumerate(("第一季度", "第二季度", "第三季度", "第四季度")):
            self.put(sheet, header.row, header.value_col + i, quarter, self.f.label)
        sheet.set_row(header.row, 30)
        self.field(sheet, L.PLAN_CUMULATIVE, list(project.plan.cumulative))
        self.field(sheet, L.PLAN_AMOUNTS, list(project.plan.amounts))
        sheet.set_row(L.PLAN_CUMULATIVE.row, FIELD_ROW_HEIGHT)
        sheet.set_row(L.PLAN_AMOUNTS.row, FIELD_ROW_HEIGHT)
        percent = L.PLAN_CUMULATIVE
        sheet.data_validation(percent.row, percent.value_col, percent.row, percent.value_col + 3,
                              {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
                               "error_type": "warning", "error_title": "累计进度",
                               "error_message": "累计进度应为 0–100 之间的数字，逐季不减少，第四季度为 100。"})
        goals = L.GOALS_FIELD
        self.field(sheet, goals, number_items(project.goals, "目标") or None)
        sheet.set_row(goals.row, 60)
        # indicator grid
        hrow = L.INDICATOR_HEADER_ROW
        for col, label in enumerate(L.INDICATOR_HEADER):
            self.put(sheet, hrow, col, label, self.f.label)
        rows = project.indicators
        first = hrow + 1
        for r in range(first, first + max(len(rows), L.TEMPLATE_INDICATOR_ROWS)):
            sheet.set_row(r, INDICATOR_ROW_HEIGHT)
        if rows:
            self.indicator_rows(sheet, first, rows)
        else:
            for r in range(first, first + L.TEMPLATE_INDICATOR_ROWS):
                for col in range(len(L.INDICATOR_HEADER)):
                    self.put(sheet, r, col, None, self.indicator_format(col))
        end = first + max(len(rows), L.TEMPLATE_INDICATOR_ROWS) + 200  # validations reach rows staff add
        lists = f"'{L.LISTS_SHEET}'"
        for col, (letter, count) in enumerate(
            (("A", len(taxonomy.all_level1_spellings())), ("B", len(taxonomy.all_level2_spellings())))
        ):
            sheet.data_validation(first, col, end, col, {
                "validate": "list", "source": f"={lists}!${letter}$2:${letter}${count + 1}",
                "error_type": "information", "error_title": L.INDICATOR_HEADER[col],
                "error_message": "不在常用名称列表中。可以保留，校验时会给出建议。"})
        basis_col = L.INDICATOR_KEYS.index("basis")
        sheet.data_validation(first, basis_col, end, basis_col, {
            "validate": "list", "source": f"={lists}!$C$2:$C${len(self.basis_list()) + 1}",
            "error_type": "information", "error_title": "指标值确定依据",
            "error_message": "建议使用标准表述：计划标准、行业标准、历史标准、其他标准。"})
        sheet.repeat_rows(hrow)
        self.plan_panel(sheet, project)
        self.print_columns(sheet, last)
        self.buttons(sheet, (L.ADD_PROJECT_BUTTON,))
        self.mark_cells(sheet)
        self.protect(sheet)

    def plan_panel(self, sheet, project: Project) -> None:
        """Beside the spending plan: quarter headings, the even time line, the progress computed from 当季支出
        (an XP_PROGRESS array formula, written with its value), and a line chart of plan against time line."""
        sheet.set_column(L.PANEL_COL - 1, L.PANEL_COL - 1, L.PANEL_GAP_WIDTH)
        for i, width in enumerate(L.PANEL_WIDTHS):
            sheet.set_column(L.PANEL_COL + i, L.PANEL_COL + i, width)
        header, line, computed = L.PANEL_HEADER, L.TIME_LINE, L.COMPUTED_PROGRESS
        self.put(sheet, header.row, header.col, header.label, self.f.label)
        for i, quarter in enumerate(progress.QUARTERS):
            self.put(sheet, header.row, header.value_col + i, quarter, self.f.label)
        self.put(sheet, line.row, line.col, line.label, self.f.label)
        for i, value in enumerate(L.TIME_LINE_VALUES):
            self.put(sheet, line.row, line.value_col + i, value, self.f.formula)
        self.put(sheet, computed.row, computed.col, computed.label, self.f.label)
        amounts = L.PLAN_AMOUNTS
        source = f"{L.a1(amounts.row, amounts.value_col)}:{L.a1(amounts.row, amounts.value_col + 3)}"
        values = cells.shown(cells.plan_progress(list(project.plan.amounts)))
        first, last = computed.value_col, computed.value_col + 3
        sheet.write_array_formula(computed.row, first, computed.row, last, f"{{=XP_PROGRESS({source})}}",
                                  self.f.formula, values[0])
        for i, value in enumerate(values[1:], start=1):  # the other cells of the array keep their values too
            self.put(sheet, computed.row, first + i, value, self.f.formula)
        self.plan_chart(sheet)

    def plan_chart(self, sheet) -> None:
        plan, line, header = L.PLAN_CUMULATIVE, L.TIME_LINE, L.PLAN_HEADER
        chart = self.book.add_chart({"type": "line"})
        categories = [sheet.name, header.row, header.value_col, header.row, header.value_col + 3]
        font = {"name": FONT, "size": 9}
        for (name, fld), style in zip(zip(L.CHART_SERIES, (plan, line)), (
                {"line": {"color": "#1F4E78", "width": 2.25}, "marker": {"type": "circle", "size": 6}},
                {"line": {"color": "#7F7F7F", "width": 1.5, "dash_type": "dash"}})):
            chart.add_series({"name": name, "categories": categories,
                              "values": [sheet.name, fld.row, fld.value_col, fld.row, fld.value_col + 3], **style})
        chart.set_title({"name": L.CHART_TITLE, "name_font": {"name": FONT, "size": 11, "bold": True}})
        chart.set_x_axis({"num_font": font})
        chart.set_y_axis({"min": 0, "max": 100, "major_unit": 25, "num_font": font,
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.set_legend({"position": "bottom", "font": font})
        width, height = L.CHART_SIZE
        chart.set_size({"width": width, "height": height})
        sheet.insert_chart(*L.CHART_ANCHOR, chart, {"x_offset": 2, "y_offset": 4})

    def print_columns(self, sheet, last_col: int) -> None:
        """Print only the form (columns A..last): not the panel, the buttons or the mark column. The rows stop one
        short of Excel's last row: XlsxWriter would write the whole-column form "$A:$F", which openpyxl (used
        by other tools on these files) cannot parse."""
        sheet.print_area(0, 0, 1048574, last_col)

    def indicator_format(self, col: int):
        """Text format for the 指标值 column: typing "95%" there must stay "95%", not become 0.95."""
        return self.f.input_text if L.INDICATOR_KEYS[col] == "value" else self.f.input

    def indicator_rows(self, sheet, first: int, rows) -> None:
        """Write indicator rows, merging runs of equal 一级/二级 as the printed form does."""
        for i, ind in enumerate(rows):
            for col, key in enumerate(L.INDICATOR_KEYS[2:], start=2):
                self.put(sheet, first + i, col, getattr(ind, key), self.indicator_format(col))
        for col, runs in ((0, _runs([r.level1 for r in rows])),
                          (1, _runs([(r.level1, r.level2) for r in rows], new_group=[r.level1 for r in rows]))):
            for start, stop in runs:
                value = rows[start].level1 if col == 0 else rows[start].level2
                if stop - start > 1:
                    sheet.merge_range(first + start, col, first + stop - 1, col, None, self.f.input)
                self.put(sheet, first + start, col, value, self.f.input)

    def funding(self) -> None:
        sheet = self.add_sheet(L.FUNDING_SHEET)
        for col, width in enumerate(L.FUNDING_WIDTHS):
            sheet.set_column(col, col, width)
        last = len(L.FUNDING_WIDTHS) - 1
        sheet.merge_range(0, 0, 0, last, L.FUNDING_TITLE, self.f.title)
        sheet.merge_range(1, 0, 1, last, L.FUNDING_NOTE, self.f.text)
        sheet.set_row(1, 32)
        hrow = L.FUNDING_HEADER_ROW
        for col, label in enumerate(L.FUNDING_HEADER):
            self.put(sheet, hrow, col, label, self.f.label)
        lines: list[tuple[str | None, FundingLine | None]] = []
        for project in self.form.projects:
            for i, line in enumerate(project.funding):
                lines.append((project.name if i == 0 else None, line))
        lines += [(None, None)] * max(0, L.TEMPLATE_FUNDING_ROWS - len(lines))
        for i, (name, line) in enumerate(lines):
            row = hrow + 1 + i
            values = (name,) + ((line.category, line.quantity, line.quantity_unit, line.standard, line.standard_unit)
                                if line else (None,) * 5)
            for col, value in enumerate(values):
                self.put(sheet, row, col, value, self.f.input_center if col in (2, 4) else self.f.input)
            self.amount_formula(sheet, row, line)
        sheet.repeat_rows(hrow)
        sheet.freeze_panes(hrow + 1, 0)
        self.print_columns(sheet, last)
        self.buttons(sheet)
        self.mark_cells(sheet)
        self.protect(sheet)

    def amount_formula(self, sheet, row: int, line: FundingLine | None) -> None:
        """金额（万元） = XP_SUBSIDY_LINE(数量, 标准, 标准单位, 数量单位), written with the value the same Python function
        gives now, so the file reads right where the UDF cannot run (no Python, macros disabled, WPS)."""
        q, s, u, qu = (L.a1(row, L.FUNDING_KEYS.index(k))
                       for k in ("quantity", "standard", "standard_unit", "quantity_unit"))
        value = cells.shown(cells.funding_line_amount(line.quantity, line.standard, line.standard_unit, line.quantity_unit)
                            ) if line else ""
        sheet.write_formula(row, len(L.FUNDING_HEADER) - 1, f"=XP_SUBSIDY_LINE({q},{s},{u},{qu})", self.f.formula,
                            value)

    def results(self) -> None:
        sheet = self.add_sheet(L.RESULTS_SHEET)
        for col, width in enumerate(L.RESULTS_WIDTHS):
            sheet.set_column(col, col, width)
        last = len(L.RESULTS_HEADER) - 1
        sheet.merge_range(0, 0, 0, last, L.RESULTS_TITLE, self.f.title)  # across the table: never wraps
        status_row, status_col = L.RESULTS_STATUS_CELL
        sheet.merge_range(status_row, status_col, status_row, last, L.RESULTS_NOT_RUN, self.f.text)
        sheet.set_row(status_row, 32)
        for col, label in enumerate(L.RESULTS_HEADER):
            self.put(sheet, L.RESULTS_HEADER_ROW, col, label, self.f.label)
        sheet.freeze_panes(L.RESULTS_HEADER_ROW + 1, 0)
        sheet.set_landscape()
        self.print_columns(sheet, len(L.RESULTS_HEADER) - 1)
        self.buttons(sheet)

    def settings(self) -> None:
        sheet = self.add_sheet(L.SETTINGS_SHEET)
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 1, 16)
        sheet.set_column(2, 2, 70)
        for col, label in enumerate(("设置项", "取值", "说明")):
            self.put(sheet, 0, col, label, self.f.label)
        from ..form.layout import SETTINGS_ROWS

        # every known setting has its row (blank = the default), then any other rows the form carries
        known = {key: (default, meaning) for key, _attr, default, meaning in SETTINGS_ROWS}
        rows = [(key, self.form.settings.get(key)) for key in known]
        rows += [(key, value) for key, value in self.form.settings.items() if key not in known]
        for i, (key, value) in enumerate(rows, start=1):
            self.put(sheet, i, 0, key, self.f.input)
            self.put(sheet, i, 1, value, self.f.input)
            if key in known:
                default, meaning = known[key]
                self.put(sheet, i, 2, f"{meaning}（留空即默认：{default or '无'}）", self.f.text)
        self.mark_cells(sheet)

    def basis_list(self) -> list[str]:
        return list(taxonomy.BASIS_STANDARD) + list(taxonomy.BASIS_SYNONYMS)

    def lists(self) -> None:
        sheet = self.add_sheet(L.LISTS_SHEET)
        columns = (taxonomy.all_level1_spellings(), taxonomy.all_level2_spellings(), self.basis_list(),
                   list(taxonomy.PROJECT_ATTRIBUTES))
        for col, (label, values) in enumerate(zip(L.LISTS_HEADER, columns)):
            sheet.set_column(col, col, 26)
            sheet.write_string(0, col, label, self.f.label)
            for row, value in enumerate(values, start=1):
                sheet.write_string(row, col, value)
        sheet.hide()
        self.protect(sheet)

    def xlwings_conf(self) -> None:
        """xlwings' configuration sheet (hidden): keys in A from A1, values in B."""
        sheet = self.book.add_worksheet(L.XLWINGS_CONF_SHEET)
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 1, 48)
        for row, (key, value) in enumerate(L.XLWINGS_CONF):
            sheet.write_string(row, 0, key)
            if isinstance(value, bool):
                sheet.write_boolean(row, 1, value)
            else:
                sheet.write_string(row, 1, value)
        sheet.write_string(0, 3, L.XLWINGS_CONF_NOTE)
        sheet.hide()


def _runs(values, new_group=None) -> list[tuple[int, int]]:
    """[start, stop) runs of equal consecutive values; a run also breaks where ``new_group`` changes."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start] or values[i] is None or (
            new_group is not None and new_group[i] != new_group[i - 1]
        ):
            runs.append((start, i))
            start = i
    return runs


def _year_text(year) -> str:
    return str(int(year)) if isinstance(year, float) and year.is_integer() else str(year)


def _cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMERALS[ones - 1] if ones else "")
