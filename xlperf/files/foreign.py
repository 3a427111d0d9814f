"""The label-driven reader: 绩效目标表 in layouts other than our template (a province's own form, last year's
file, the 预算管理一体化 system's export, a Word table) read into the same ``form.model.Submission``.

Nothing is at a fixed cell. On every sheet (or Word table) the reader finds

* the indicator tables, by their header rows (:mod:`~xlperf.files.foreign_table`): 一级/二级/三级指标, 指标值 and
  whatever else is printed, in any order; 中期 columns, 分值, 权重, 备注, 实际完成值 … are skipped and listed;
* above each table, the label → value pairs (项目名称, 主管部门, 实施单位, 项目属性, 年度资金总额, 其中：财政拨款,
  其他资金, 年度目标 …): the value right of the label (across its merged cells and blank spacer cells), else
  under it, else after a colon in the label's own cell ("项目名称：…");
* the title line and the year it names.

Each table is one project (several on a sheet, or one per sheet), except a flat export whose header row carries
项目名称 (one row per indicator: rows are grouped by project) and a 部门整体 form (部门名称 and no 项目名称: the
department's goals become ``overall_goals`` and its indicators one project named after the title). Every value
keeps the cell it was read from, so findings point into the original file. What was understood is returned as a
:class:`ReadAs`, shown by ``xlperf dump --explain`` and at the top of ``xlperf check``. A file with no indicator
table is a :class:`~xlperf.form.errors.NotOurForm` naming what was missing — never a guess.
"""
from __future__ import annotations

from ..form.errors import NotAWorkbook, NotOurForm
from ..form.model import LAYOUT_FIELDS, Project, Submission
from ..text.normalize import clean_text
from .foreign_fields import Found, _yuan, read_fields, set_fields
from .foreign_readas import ReadAs, TablePart
from .foreign_sheet import Sheet, workbook_sheets
from .foreign_table import Table, find_tables, is_title, period_year, read_rows


def read_foreign_bytes(data: bytes, path="<内存>") -> tuple[Submission, ReadAs]:
    """Read a workbook (bytes that passed the gate) of any layout; ``NotOurForm`` when no indicator table."""
    try:
        sheets = workbook_sheets(data)
    except Exception as exc:  # calamine's errors are untyped; any failure here means a damaged file
        raise NotAWorkbook(f"无法读取工作簿内容（{type(exc).__name__}），文件可能已损坏。", path) from exc
    return read_sheets(sheets, path, "Excel 工作簿")


def read_sheets(sheets: list[Sheet], path="<内存>", source: str = "Excel 工作簿", *,
                carry: bool = False) -> tuple[Submission, ReadAs]:
    """The model and the "read as" summary from sheets (worksheets or Word tables). With ``carry`` (Word), labels
    found on a sheet without an indicator table go to the next table's project where it has none of its own."""
    form = Submission()
    read_as = ReadAs(source=source)
    pending: dict[str, Found] = {}
    for sheet in sheets:
        tables = find_tables(sheet)
        if not tables:
            read_as.other_sheets.append(sheet.name)
            if carry:
                pending.update(read_fields(sheet, range(sheet.height)))
                pending.setdefault("_title", Found("_title", "", (0, 0), _title(sheet, range(sheet.height), {}),
                                                   sheet))
            continue
        _read_sheet(sheet, tables, form, read_as, pending)
        pending = {}
    if not form.projects:
        raise NotOurForm(_missing(sheets, source), path)
    first = form.projects[0]
    form.title = form.title or first.title
    form.department = form.department or first.department or first.implementer
    if form.title:
        form.cells.setdefault("title", first.cells.get("title"))
    read_as.layout = read_as.guess_layout(form)
    return form, read_as


def _read_sheet(sheet: Sheet, tables: list[Table], form: Submission, read_as: ReadAs,
                pending: dict[str, Found]) -> None:
    head_start = 0
    for i, table in enumerate(tables):
        stop = tables[i + 1].row if i + 1 < len(tables) else sheet.height
        indicators = read_rows(table, stop)
        head = range(head_start, table.row)
        found = read_fields(sheet, head)
        title_at = _title(sheet, head, found)
        title = (sheet, *title_at) if title_at else None
        carried = pending.pop("_title", None) if i == 0 else None
        if title is None and carried is not None and carried.value_at is not None:
            title = (carried.sheet, *carried.value_at)
        if i == 0 and pending:
            found = {**pending, **found}
        year = next((y for r in head for _, t in sheet.cells(r) if (y := period_year(t))), None)
        if year is None and title is not None:
            year = period_year(title[0].text(title[1], title[2]))
        if year is not None and form.year is None:
            form.year = year
        part = TablePart(sheet.name, table, head, found, title_at)
        if table.flat:
            projects = _flat_projects(table, indicators, found)
        else:
            projects = [_project(found, indicators, form)]
        for project in projects:
            project.sheet = sheet.name
            project.absent = _absent(found, table)
            if title is not None:
                project.title = title[0].text(title[1], title[2])
                project.cells["title"] = title[0].ref(title[1], title[2])
            _whole_department(project, found, form)
        part.projects = [p.name for p in projects]
        read_as.parts.append(part)
        form.projects += projects
        head_start = max(table.end, table.row) + 1


def _absent(found: dict[str, Found], table: Table) -> frozenset[str]:
    """The fields this layout has no place for: project fields with no label above the table (nor a column of a
    flat export), the grid's optional columns it does not print, and the 资金支出计划 (no layout read by label
    has one the reader knows). The completeness rules do not report these as left empty."""
    have = set(found) | set(table.columns)
    return frozenset(name for name in LAYOUT_FIELDS if name not in have)


def _title(sheet: Sheet, head: range, found: dict[str, Found]) -> tuple[int, int] | None:
    """The title: a line naming the form (…绩效目标表), else the first single text above the first label."""
    first_label = min((f.label_at[0] for f in found.values()), default=head.stop)
    lines = [(r, cells[0][0], cells[0][1]) for r in head if len(cells := sheet.cells(r)) == 1]
    for r, c, text in lines:
        if is_title(text):
            return r, c
    for r, c, text in lines:
        if r < first_label and period_year(text) is None and len(clean_text(text) or "") >= 4:
            return r, c
    return None


def _project(found: dict[str, Found], indicators, form: Submission) -> Project:
    project = Project()
    set_fields(project, found)
    project.indicators = indicators
    return project


def _whole_department(project: Project, found: dict[str, Found], form: Submission) -> None:
    """A 部门整体 form (部门名称, no 项目名称, a title naming 整体): the department's goals are the submission's;
    its table reads as one project named after the title."""
    if "name" in found or "department" not in found or "整体" not in (project.title or ""):
        return
    form.department = form.department or project.department
    form.cells.setdefault("department", project.cells.get("department"))
    form.overall_goals = list(project.goals)
    for i, _ in enumerate(project.goals):
        form.cells[f"overall_goals.{i}"] = project.cells["goals"]
    project.name = project.title.rstrip("表")
    project.cells["name"] = project.cells["title"]


def _flat_projects(table: Table, indicators, found: dict[str, Found]) -> list[Project]:
    """A flat export: one row per indicator, 项目名称 (and 预算数, 年度目标 …) repeated or merged on each row."""
    sheet, cols = table.sheet, table.columns
    projects: list[Project] = []
    for ind, r in zip(indicators, table.rows):
        name = sheet.text(*sheet.origin(r, cols["name"]))
        if not projects or (name is not None and name != projects[-1].name):
            project = Project()
            set_fields(project, found)
            flat = {k: Found(k, sheet.text(table.row, c) or "", (r, c), sheet.origin(r, c), sheet,
                             yuan=_yuan(sheet.text(table.row, c) or "")) for k, c in cols.items()
                    if k in ("name", "department", "implementer", "total", "goals", "code")}
            set_fields(project, flat)
            projects.append(project)
        projects[-1].indicators.append(ind)
    return projects


def _missing(sheets: list[Sheet], source: str) -> str:
    """The Chinese message for a file with no indicator table: what was looked for and what was found."""
    from .foreign_labels import field_of

    seen = []
    for sheet in sheets:
        for r in range(sheet.height):
            for c, text in sheet.cells(r):
                if field_of(text) and len(seen) < 4:
                    seen.append(f"“{clean_text(text)}”（{sheet.ref(r, c)}）")
    where = "、".join(f"“{s.name}”" for s in sheets[:6]) or "（没有表格）"
    found = f"只找到了标签 {'、'.join(seen)}，" if seen else "也没有找到项目名称等标签，"
    unit = "表格" if source.startswith("Word") else "工作表"
    what = "这是 Word 文档（.docx），按表格读取，但" if source.startswith("Word") else ""
    return (f"{what}没有找到绩效指标表：{unit} {where} 中都没有同时写有“三级指标”（或“指标名称”）、“一级指标”或“二级指标”"
            f"以及“指标值”（或“目标值”“年度指标值”）的表头行；{found}无法判断这是不是绩效目标表，因此没有读取。"
            "请确认文件是否发错，或把绩效指标表的表头改成上述名称后再试。")
