"""The writer's project sheets (项目1 …): the project fields, the spending plan with its progress panel and chart,
and the indicator grid with its lists. A mixin of :class:`xlperf.template.builder._Writer` (helpers in
:mod:`~xlperf.template.sheet_writer`).
"""
from __future__ import annotations

from ..form import layout as L
from ..form import taxonomy
from ..form.model import Project
from ..text import cells, progress
from ..text.normalize import number_items
from ..text.widths import row_height
from . import formulas
from .sheet_writer import FONT

CN_NUMERALS = "一二三四五六七八九十"
FIELD_ROW_HEIGHT = 32  # two lines of wrapped label text
INDICATOR_ROW_HEIGHT = 32
PART2_HEADING = "第二部分　预算项目绩效目标"  # printed above each project form, as in the official document
BLANK_PURPOSE_HEIGHT = 96  # room to write in an empty 项目资金主要用途
BLANK_GOALS_HEIGHT = 60


def default_project_title(index: int, name: str | None) -> str:
    if not name:
        return L.PROJECT_TITLE
    return f"（{_cn_number(index + 1)}）{name}{L.PROJECT_TITLE}"


class ProjectSheets:
    """One sheet per project."""

    def project(self, index: int, project: Project) -> None:
        sheet = self.add_sheet(f"{L.PROJECT_SHEET_PREFIX}{index + 1}")
        for col, width in enumerate(L.PROJECT_WIDTHS):
            sheet.set_column(col, col, width)
        last = len(L.PROJECT_WIDTHS) - 1
        sheet.merge_range(0, 0, 0, last, project.title or default_project_title(index, project.name), self.f.title)
        sheet.set_row(0, 36)
        for fld in L.PROJECT_FIELDS:
            self.field(sheet, fld, getattr(project, fld.key))
        for row in sorted({fld.row for fld in L.PROJECT_FIELDS}):
            sheet.set_row(row, self.fields_height(row, project))
        attribute = next(f for f in L.PROJECT_FIELDS if f.key == "attribute")
        sheet.data_validation(attribute.row, attribute.value_col, attribute.row, attribute.value_col,
                              {"validate": "list", "source": list(taxonomy.PROJECT_ATTRIBUTES), "error_type": "warning"})
        purpose = next(f for f in L.PROJECT_FIELDS if f.key == "purpose")
        sheet.set_row(purpose.row, self.fields_height(purpose.row, project, 0 if project.purpose else BLANK_PURPOSE_HEIGHT))
        # 资金支出计划
        header = L.PLAN_HEADER
        self.put(sheet, header.row, header.col, header.label, self.f.label)
        for i, quarter in enumerate(("第一季度", "第二季度", "第三季度", "第四季度")):
            self.put(sheet, header.row, header.value_col + i, quarter, self.f.label)
        sheet.set_row(header.row, row_height([(header.label, L.PROJECT_WIDTHS[header.col])], 30))
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
        goals_text = number_items(project.goals, "目标")
        sheet.set_row(goals.row, row_height([(goals_text, _span_width(goals.value_col, goals.span))],
                                            FIELD_ROW_HEIGHT if goals_text else BLANK_GOALS_HEIGHT))
        # indicator grid
        hrow = L.INDICATOR_HEADER_ROW
        for col, label in enumerate(L.INDICATOR_HEADER):
            self.put(sheet, hrow, col, label, self.f.label)
        rows = project.indicators
        first = hrow + 1
        for r in range(first, first + max(len(rows), L.TEMPLATE_INDICATOR_ROWS)):
            ind = rows[r - first] if r - first < len(rows) else None
            texts = [getattr(ind, key) if ind else None for key in L.INDICATOR_KEYS]
            sheet.set_row(r, row_height(zip(texts, L.PROJECT_WIDTHS), INDICATOR_ROW_HEIGHT))
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
        self.heading(sheet, PART2_HEADING)
        self.plan_panel(sheet, project)
        self.print_columns(sheet, last)
        self.buttons(sheet, (L.ADD_PROJECT_BUTTON,))
        self.mark_cells(sheet)
        self.live_project(sheet, project)
        self.protect(sheet)

    def fields_height(self, row: int, project: Project, minimum: float = FIELD_ROW_HEIGHT) -> float:
        """The height of a row of labelled fields: enough for every label and value on it, wrapped."""
        cells = []
        for fld in L.PROJECT_FIELDS:
            if fld.row == row:
                cells.append((fld.label, L.PROJECT_WIDTHS[fld.col]))
                cells.append((getattr(project, fld.key), _span_width(fld.value_col, fld.span)))
        return row_height(cells, minimum)

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
        sheet.write_array_formula(computed.row, first, computed.row, last, formulas.progress(source),
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


def _span_width(col: int, span: int) -> float:
    return sum(L.PROJECT_WIDTHS[col:col + span])


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


def _cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMERALS[ones - 1] if ones else "")
