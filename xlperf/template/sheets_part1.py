"""The writer's 部门整体绩效目标 sheet (Part 1): the title, the department fields, 总体绩效目标, the 分项绩效目标
table and 工作保障措施. A mixin of :class:`xlperf.template.builder._Writer` (helpers in
:mod:`~xlperf.template.sheet_writer`).
"""
from __future__ import annotations

from ..form import layout as L
from ..text.normalize import number_items
from ..text.widths import row_height

PART1_HEADING = "第一部分"  # printed above the form, as in the official document (page header)
BLANK_SUMMARY_HEIGHT = 45  # room to write in an empty 分项绩效目标 row
BLANK_ITEM_HEIGHT = 30
PART1_FIELDS_ROW = L.PART1_FIELDS[0].row


def default_part1_title(year) -> str:
    return f"{_year_text(year)}年{L.PART1_TITLE}" if year not in (None, "") else L.PART1_TITLE


class Part1Sheets:
    """部门整体绩效目标."""

    def part1(self) -> None:
        form = self.form
        sheet = self.add_sheet(L.PART1_SHEET)
        for col, width in enumerate(L.PART1_WIDTHS):
            sheet.set_column(col, col, width)
        last = len(L.PART1_WIDTHS) - 1
        sheet.merge_range(0, 0, 0, last, form.title or default_part1_title(form.year), self.f.title)
        sheet.set_row(0, 36)
        cells = []
        for fld in L.PART1_FIELDS:
            self.field(sheet, fld, getattr(form, fld.key))
            cells += [(fld.label, L.PART1_WIDTHS[fld.col]),
                      (getattr(form, fld.key), sum(L.PART1_WIDTHS[fld.value_col:fld.value_col + fld.span]))]
        sheet.set_row(PART1_FIELDS_ROW, row_height(cells))
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
            widths = [L.PART1_WIDTHS[col] for col in range(1, len(values))] + [sum(L.PART1_WIDTHS[len(values):])]
            for col, value in enumerate(values, start=1):
                self.put(sheet, row, col, value or None, self.f.input, span=2 if col == len(values) else 1)
            sheet.set_row(row, row_height(zip(values, widths), BLANK_SUMMARY_HEIGHT))
            row += 1
        row += 1
        self.item_section(sheet, row, L.SECTION_MEASURES, L.MEASURES_HEADER, form.measures, len(L.STANDARD_MEASURES))
        sheet.repeat_rows(0)
        self.heading(sheet, PART1_HEADING)
        self.print_columns(sheet, last)
        self.buttons(sheet)
        self.mark_cells(sheet)
        self.live_part1(sheet)
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
            sheet.set_row(row, row_height([(item, sum(L.PART1_WIDTHS[1:]))], BLANK_ITEM_HEIGHT))
            row += 1
        return row + 1


def _year_text(year) -> str:
    return str(int(year)) if isinstance(year, float) and year.is_integer() else str(year)
