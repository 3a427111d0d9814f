"""The review's summary workbook, written while the review runs and in constant memory (XlsxWriter's
``constant_memory``: each row goes to disk once the next one starts), so a province's 30,000 forms fit in a
bounded amount of memory.

::

    writer = SummaryWriter(target, threshold, ruleset)   # target: a path or a binary file object
    for result in iter_reviews(...):
        writer.add(result)                                # its 项目汇总 and 问题明细 rows, its tallies
    writer.close()                                        # 规则命中率, 部门统计 (with the chart), 宏检查

Sheets: 项目汇总 · 问题明细 · 规则命中率 · 部门统计 · 宏检查. 问题明细 past Excel's row limit continues on 问题明细（2）,
（3）… : the last row of a full part says where it goes on, the continuation's header says where it came from.
Every text is written as text, never as a formula or a link.
"""
from __future__ import annotations

import io
import pickle
import tempfile

from ..form.findings import Severity
from .review_results import FileReview
from .review_summary import (
    DEPARTMENT_COLUMNS,
    FINDING_COLUMNS,
    PROJECT_COLUMNS,
    RULE_COLUMNS,
    VBA_COLUMNS,
    DepartmentTally,
    RuleTally,
    finding_rows,
    project_rows,
    shown,
    vba_rows,
)

EXCEL_MAX_ROWS = 1_048_576  # rows of a worksheet, header included
FINDINGS_SHEET = "问题明细"
WIDTHS = {
    "文件": 34, "部门": 18, "年度": 7, "项目名称": 28, "工作表": 12, "年度资金总额（万元）": 12,
    "补助测算合计（万元）": 12, "状态": 9, "宏检查": 14, "说明": 60, "单元格": 8, "规则": 7, "严重程度": 9,
    "标题": 24, "问题": 60, "修改建议": 44, "默认级别": 9, "命中文件数": 11, "问题数": 9, "文件占比": 10,
    "文件数": 8, "项目数": 8, "合计": 8, "需修改文件": 11, "无法读取文件": 12, "年度资金总额（原文）": 14,
    "文件状态": 9,
}


def continuation_name(part: int) -> str:
    return FINDINGS_SHEET if part == 1 else f"{FINDINGS_SHEET}（{part}）"


class _Sheet:
    """One worksheet written row after row: header, widths and formats, filter, print settings."""

    def __init__(self, writer: SummaryWriter, name: str, columns: tuple[str, ...], note: str | None = None):
        self.sheet, self.columns, self.row = writer.book.add_worksheet(name), columns, 0
        for col, label in enumerate(columns):
            fmt = writer.money if "万元" in label else writer.percent if label == "文件占比" else writer.wrap
            self.sheet.set_column(col, col, WIDTHS.get(label, 8), fmt)
        self.sheet.set_row(0, 30)
        for col, label in enumerate(columns):
            self.sheet.write_string(0, col, label, writer.header)
        if note:
            self.sheet.write_string(0, len(columns), note)
        self.sheet.freeze_panes(1, 0)
        # printable: A4 landscape, one page wide, the header row on every page
        self.sheet.set_paper(9)
        self.sheet.set_landscape()
        self.sheet.fit_to_pages(1, 0)
        self.sheet.repeat_rows(0)

    def add(self, values) -> None:
        self.row += 1
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                self.sheet.write_string(self.row, col, shown(value))  # a non-UTF-8 file name cannot be written as is
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sheet.write_number(self.row, col, value)
            else:
                self.sheet.write(self.row, col, value)

    def finish(self) -> None:
        self.sheet.autofilter(0, 0, max(self.row, 1), len(self.columns) - 1)


class SummaryWriter:
    """The summary workbook, fed one :class:`FileReview` at a time (in input order)."""

    def __init__(self, target, threshold: Severity, ruleset: str):
        import xlsxwriter

        self.threshold = threshold
        self.book = xlsxwriter.Workbook(target, {
            "constant_memory": True,
            # a project named '=HYPERLINK("http://…","点我")' in a received workbook must not become a live formula
            # (or a link) in the bureau's summary
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        })
        self.book.set_properties({"title": "预算绩效目标审核汇总", "comments": f"xlperf 规则集 {ruleset}"})
        self.header = self.book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True,
                                            "valign": "vcenter"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.money = self.book.add_format({"num_format": "0.00##", "valign": "top"})
        self.percent = self.book.add_format({"num_format": "0.0%", "valign": "top"})
        self.projects = _Sheet(self, "项目汇总", PROJECT_COLUMNS)
        self.part = 1
        self.findings = _Sheet(self, FINDINGS_SHEET, FINDING_COLUMNS)
        self.rules, self.departments = RuleTally(), DepartmentTally(threshold)
        self.vba = tempfile.TemporaryFile()  # 宏检查 rows, pickled, until the sheets before it are written
        self.files = self.finding_count = 0

    def add(self, result: FileReview) -> None:
        self.files += 1
        for row in project_rows([result], self.threshold):
            self.projects.add(row)
        for row in finding_rows([result]):
            self._finding(row)
        self.rules.add(result)
        self.departments.add(result)
        for row in vba_rows([result]):
            pickle.dump(row, self.vba)

    def _finding(self, row: tuple) -> None:
        if self.findings.row >= EXCEL_MAX_ROWS - 2:  # the last row of a full part says where the table goes on
            following = continuation_name(self.part + 1)
            self.findings.sheet.write_string(EXCEL_MAX_ROWS - 1, 0, f"问题明细超过 Excel 的行数上限，续见工作表“{following}”")
            self.findings.finish()
            self.findings = _Sheet(self, following, FINDING_COLUMNS,
                                   note=f"（续）接工作表“{continuation_name(self.part)}”")
            self.part += 1
        self.findings.add(row)
        self.finding_count += 1

    def close(self) -> None:
        self.projects.finish()
        self.findings.finish()
        for name, columns, rows in (("规则命中率", RULE_COLUMNS, self.rules.rows()),
                                    ("部门统计", DEPARTMENT_COLUMNS, self.departments.rows())):
            sheet = _Sheet(self, name, columns)
            for row in rows:
                sheet.add(row)
            sheet.finish()
        _department_chart(self.book, sheet.sheet, self.departments.rows())
        sheet = _Sheet(self, "宏检查", VBA_COLUMNS)
        self.vba.seek(0)
        while True:
            try:
                sheet.add(pickle.load(self.vba))
            except EOFError:
                break
        sheet.finish()
        self.vba.close()
        self.book.close()


def summary_xlsx(results, threshold: Severity, ruleset: str) -> bytes:
    """The summary workbook of ``results`` (any iterable of :class:`FileReview`, consumed once) as bytes."""
    buffer = io.BytesIO()
    writer = SummaryWriter(buffer, threshold, ruleset)
    for result in results:
        writer.add(result)
    writer.close()
    return buffer.getvalue()


def _department_chart(book, sheet, rows: list[tuple]) -> None:
    """A stacked column chart of findings per department by severity (a native Excel chart)."""
    rows = [r for r in rows if r[0] != "（无法读取的文件）"]
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    colours = {"错误": "#C00000", "警告": "#FFC000", "提示": "#5B9BD5"}
    last = max(len(rows), 1)
    for severity in ("错误", "警告", "提示"):
        col = DEPARTMENT_COLUMNS.index(severity)
        chart.add_series({
            "name": ["部门统计", 0, col],
            "categories": ["部门统计", 1, 0, last, 0],
            "values": ["部门统计", 1, col, last, col],
            "fill": {"color": colours[severity]},
            "gap": 80,
        })
    chart.set_title({"name": "各部门问题数（按严重程度）"})
    chart.set_x_axis({"name": "部门"})
    chart.set_y_axis({"name": "问题数", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 400})
    sheet.insert_chart(1, len(DEPARTMENT_COLUMNS) + 1, chart)
