"""完整性 C111–C115: Part 1 (部门整体绩效目标) is there and its fields are filled in."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import Ref, Submission
from .._shared import Live, hit, part1_outside_layout, rule
from ._helpers import SOURCE_88, _blank


def _part1_ref(form: Submission) -> Ref | None:
    return form.cells.get("title") or form.cells.get("department") or form.cells.get("year")


def _has_no_part1(form: Submission) -> bool:
    return (not form.cells and _blank(form.department) and _blank(form.year) and _blank(form.title)
            and not form.overall_goals and not form.summaries and not form.measures)


# ------------------------------------------------------------------ C111–C115 Part 1
@rule("C111", Severity.ERROR, "缺少第一部分",
      "没有找到第一部分“部门整体绩效目标”（部门名称、年度、总体绩效目标、工作保障措施都没有）。",
      "使用模板的“部门整体绩效目标”表，填写部门名称、年度、总体绩效目标、分项绩效目标和工作保障措施。",
      source=SOURCE_88, scope="form")
def part1_missing(form, ctx):
    """缺少第一部分（部门整体绩效目标）。

    为什么：部门整体绩效目标是报送材料的第一部分，审核先看部门的总体目标，再看各项目。整张表缺失时只报这一条，
    不再逐项报部门名称、年度等为空。

    错误示例：工作簿里只有项目绩效目标表，没有“部门整体绩效目标”表。

    正确示例：工作簿包含“部门整体绩效目标”表，填写了部门名称、年度、总体绩效目标和工作保障措施。
    """
    if _has_no_part1(form):
        yield hit(None)


@rule("C112", Severity.ERROR, "部门名称为空",
      "第一部分的部门名称没有填写。",
      "填写报送部门的全称，如“高新区科技局”。",
      scope="form", live=Live({"department": "BLANK({department})"}))
def department_missing(form, ctx):
    """部门名称为空。

    为什么：部门名称决定这份绩效目标归属哪个预算部门，也是与项目表“主管部门”对照的依据。

    错误示例：部门名称格空着，或只有空格。

    正确示例：高新区科技局
    """
    if not _has_no_part1(form) and _blank(form.department):
        yield hit(form.cells.get("department"))


@rule("C113", Severity.ERROR, "年度为空",
      "第一部分的年度没有填写。",
      "填写绩效目标所属的预算年度，如 2021。",
      scope="form", live=Live({"year": "BLANK({year})"}))
def year_missing(form, ctx):
    """年度为空。

    为什么：绩效目标按预算年度编报，没有年度就无法核对标题、指标中的年份和时效指标的期限。

    错误示例：年度格空着。

    正确示例：2021
    """
    if not _has_no_part1(form) and _blank(form.year):
        yield hit(form.cells.get("year"))


@rule("C114", Severity.ERROR, "总体绩效目标为空",
      "第一部分“一、总体绩效目标”没有填写任何目标。",
      "在“一、总体绩效目标”下逐条填写部门全年的总体绩效目标，每行一条。",
      source=SOURCE_88, scope="form", live=Live({"title": "{overall_goals_filled}=0"}))
def overall_goals_missing(form, ctx):
    """总体绩效目标为空。

    为什么：总体绩效目标是部门整体绩效目标的核心，各项目的目标都应服务于它。该节没有可定位的已填单元格，
    所以问题标在第一部分的标题格上。

    按标签读取的其他格式表格（项目表、自评表等，files.foreign）本来没有第一部分，读不出总体绩效目标时不报：
    表上没有可填的位置，不算漏填（同 Project.absent）。

    错误示例：“一、总体绩效目标”下面各行都空着。

    正确示例：1. 科技创新项目支撑。加强先进技术应用示范，提升企业核心竞争力。
    """
    if part1_outside_layout(form):
        return
    if not _has_no_part1(form) and not [g for g in form.overall_goals if not _blank(g)]:
        yield hit(_part1_ref(form))


@rule("C115", Severity.WARNING, "工作保障措施为空",
      "第一部分“三、工作保障措施”没有填写任何措施。",
      "在“三、工作保障措施”下填写保障目标实现的措施，如完善制度建设、加强支出管理、加强绩效运行监控等。",
      scope="form", live=Live({"title": "{measures_filled}=0"}))
def measures_missing(form, ctx):
    """工作保障措施为空。

    为什么：保障措施说明目标靠什么实现，是部门整体绩效目标的组成部分。模板已预填常用的七项措施，全部删掉
    通常是误操作。该节没有可定位的已填单元格，所以问题标在第一部分的标题格上。

    按标签读取的其他格式表格（files.foreign）没有“工作保障措施”一节，不报：表上没有可填的位置，不算漏填。

    错误示例：“三、工作保障措施”下面各行都空着。

    正确示例：1. 完善制度建设。（包括制定完善预算绩效管理制度、资金管理办法等。）
    """
    if part1_outside_layout(form):
        return
    if not _has_no_part1(form) and not [m for m in form.measures if not _blank(m)]:
        yield hit(_part1_ref(form))
