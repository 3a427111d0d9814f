"""The writer's other sheets: 填报说明 (the guide), 补助测算 (funding lines and their amount formula), 校验结果,
设置 (the settings rows), 列表 (the hidden lists behind the validations) and xlwings.conf. A mixin of
:class:`xlperf.template.builder._Writer` (helpers in :mod:`~xlperf.template.sheet_writer`).
"""
from __future__ import annotations

from ..form import layout as L
from ..form import taxonomy
from ..form.model import FundingLine
from ..text import cells
from ..text.widths import row_height
from . import formulas

GUIDE_WIDTH = 80  # the 填报说明 column: fits A4 portrait without scaling (LibreOffice does not scale it)
RESULTS_FILTER_ROWS = 1000  # the 校验结果 autofilter and severity colours reach this many rows below the header
SETTINGS_WIDTHS = (24, 16, 70)  # 设置项, 取值, 说明


class OtherSheets:
    """填报说明, 补助测算, 校验结果, 设置, 列表, xlwings.conf."""

    def guide(self) -> None:
        sheet = self.add_sheet(L.GUIDE_SHEET)
        sheet.set_column(0, 0, GUIDE_WIDTH)
        sheet.write_string(0, 0, L.GUIDE_TITLE, self.f.title)
        for i, line in enumerate(L.GUIDE_LINES, start=2):
            fmt = self.f.section if line.endswith(("这是什么", "怎样填写", "指标行", "校验", "报送")) and "、" in line[:2] else self.f.text
            if line:
                sheet.write_string(i, 0, line, fmt)
                sheet.set_row(i, row_height([(line, GUIDE_WIDTH)]))
        self.protect(sheet)

    def funding(self) -> None:
        sheet = self.add_sheet(L.FUNDING_SHEET)
        for col, width in enumerate(L.FUNDING_WIDTHS):
            sheet.set_column(col, col, width)
        last = len(L.FUNDING_WIDTHS) - 1
        sheet.merge_range(0, 0, 0, last, L.FUNDING_TITLE, self.f.title)
        sheet.merge_range(1, 0, 1, last, L.FUNDING_NOTE, self.f.text)
        sheet.set_row(1, row_height([(L.FUNDING_NOTE, sum(L.FUNDING_WIDTHS))], 32))
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
            if line:
                sheet.set_row(row, row_height(zip(values, L.FUNDING_WIDTHS)))
            self.amount_formula(sheet, row, line)
        sheet.repeat_rows(hrow)
        sheet.freeze_panes(hrow + 1, 0)
        self.print_columns(sheet, last)
        self.buttons(sheet)
        self.mark_cells(sheet)
        self.protect(sheet)

    def amount_formula(self, sheet, row: int, line: FundingLine | None) -> None:
        """金额（万元） = XP_SUBSIDY_LINE(数量, 标准, 标准单位, 数量单位), computed natively where Excel can
        (``formulas.subsidy_line``), written with the value the same Python function gives now."""
        q, s, u, qu = (L.a1(row, L.FUNDING_KEYS.index(k))
                       for k in ("quantity", "standard", "standard_unit", "quantity_unit"))
        value = cells.shown(cells.funding_line_amount(line.quantity, line.standard, line.standard_unit, line.quantity_unit)
                            ) if line else ""
        sheet.write_formula(row, len(L.FUNDING_HEADER) - 1, formulas.subsidy_line(q, s, u, qu), self.f.formula, value)

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
        first, end = L.RESULTS_HEADER_ROW + 1, L.RESULTS_HEADER_ROW + RESULTS_FILTER_ROWS
        sheet.autofilter(L.RESULTS_HEADER_ROW, 0, end, last)
        severity_col = L.RESULTS_HEADER.index("严重程度")
        for severity, fmt in self.f.marks.items():  # the 严重程度 column coloured as the marks are
            sheet.conditional_format(first, severity_col, end, severity_col,
                                     {"type": "cell", "criteria": "==", "value": f'"{severity}"', "format": fmt})
        sheet.set_landscape()
        self.print_columns(sheet, len(L.RESULTS_HEADER) - 1)
        self.buttons(sheet)
        self.live_results(sheet)

    def settings(self) -> None:
        sheet = self.add_sheet(L.SETTINGS_SHEET)
        widths = SETTINGS_WIDTHS
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
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
            note = None
            if key in known:
                default, meaning = known[key]
                note = f"{meaning}（留空即默认：{default or '无'}）"
                self.put(sheet, i, 2, note, self.f.text)
            sheet.set_row(i, row_height(zip((key, value, note), widths)))
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
        self.live_lists(sheet)
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
