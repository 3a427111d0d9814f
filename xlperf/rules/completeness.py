"""完整性 rules (codes C1xx): nothing required is missing, and the indicator grid is complete and well named.

Code blocks: C101–C109 project fields · C111–C119 Part 1 · C121–C129 资金支出计划 · C131–C139 empty cells of the
indicator grid · C141–C149 一级/二级 names · C151–C159 coverage of the indicator categories · C161– duplicates.

Choices shared by several rules (documented once here, repeated in the rules that depend on them):

* A 一级 name that is not recognised but whose suggestion is clear ("、满意度指标" → 满意度指标) is reported once
  (C141) and then *counts as the suggested name* for the 二级 check (C143) and for coverage (C151–C155), so one
  stray character does not also produce "缺少满意度指标".
* Coverage counts a category when any row names it, whatever the row's 一级: a 数量指标 written under 效益指标
  is reported as misplaced (C143), not also as missing (C152). It counts rows with an empty 三级 too, since C134
  already reports those.
* Coverage findings (C151–C155) anchor to the indicator header cell "一级指标": the cell above the first indicator
  row's 一级 cell (if staff leave blank rows between the header and the first indicator, this lands on the blank
  row just above the first indicator). A project with no indicators at all gets C131 only (anchored to its
  绩效目标 cell), not five coverage findings.
* A row that holds only 一级/二级 labels (no 三级, 描述, 指标值 or 依据) is reported once, as an empty 三级 (C134),
  not also as an empty 指标值 and 依据.
"""
from __future__ import annotations

from functools import lru_cache

from ..form.findings import Severity, cell_key
from ..form.layout import a1
from ..form.model import QUARTERS, Indicator, Project, Ref, Submission
from ..form.taxonomy import (
    LEVEL2_BY_LEVEL1,
    NEW_SCHEME,
    PROJECT_ATTRIBUTES,
    canonical_level1,
    canonical_level2,
    suggest_level1,
    suggest_level2,
)
from ..text.normalize import parse_percent, squash
from ._shared import hit, project_label, ref_of, rule

SOURCE_88 = "财预〔2015〕88号《中央部门预算绩效目标管理办法》"
SOURCE_101 = "财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》"

OUTPUT_L2 = ("数量指标", "质量指标", "时效指标")
COST_L2 = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")
BENEFIT_L2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
SATISFACTION_L2 = ("服务对象满意度指标",)


# ------------------------------------------------------------------ helpers
def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@lru_cache(maxsize=1024)
def _effective_level1(text: str) -> str | None:
    return canonical_level1(text) or suggest_level1(text)


@lru_cache(maxsize=1024)
def _effective_level2(text: str) -> str | None:
    return canonical_level2(text) or suggest_level2(text)


def _level1_of(ind: Indicator) -> str | None:
    """The 一级 a row belongs to: its canonical name, or the clear suggestion for a misspelt one."""
    return None if _blank(ind.level1) else _effective_level1(ind.level1)


def _level2_of(ind: Indicator) -> str | None:
    return None if _blank(ind.level2) else _effective_level2(ind.level2)


def _label_only(ind: Indicator) -> bool:
    return all(_blank(v) for v in (ind.level3, ind.description, ind.value, ind.basis))


def _header_ref(project: Project) -> Ref | None:
    """The "一级指标" header cell: the cell above the first indicator row's 一级 cell."""
    if project.indicators:
        first = project.indicators[0].cells.get("level1")
        if first is not None:
            row, col = cell_key(first.cell)
            if row > 1:
                return Ref(first.sheet, a1(row - 2, col - 1))
    return ref_of(project, "goals", ref_of(project, "name"))


def _categories(project: Project) -> tuple[set[str], set[str]]:
    """Canonical 一级 and 二级 names used by the project's rows (misspelt names counted as their suggestion)."""
    level1s, level2s = set(), set()
    for ind in project.indicators:
        l1, l2 = _level1_of(ind), _level2_of(ind)
        if l1:
            level1s.add(l1)
        if l2:
            level2s.add(l2)
    return level1s, level2s


def _part1_ref(form: Submission) -> Ref | None:
    return form.cells.get("title") or form.cells.get("department") or form.cells.get("year")


def _part1_missing(form: Submission) -> bool:
    return (not form.cells and _blank(form.department) and _blank(form.year) and _blank(form.title)
            and not form.overall_goals and not form.summaries and not form.measures)


# ------------------------------------------------------------------ C101–C105 project fields
@rule("C101", Severity.ERROR, "项目名称为空",
      "“{sheet}”表的项目名称没有填写。",
      "在“项目名称”格填写与预算批复一致的项目全称。",
      source=SOURCE_88)
def project_name_missing(project, ctx):
    """项目名称为空。

    为什么：项目名称是审核、汇总以及第一部分与第二部分对照的依据；空着的项目无法与预算批复对应。只有空格的格也算空。

    错误示例：项目名称格空着，或只有空格。

    正确示例：高新技术企业扶持资金
    """
    if _blank(project.name):
        yield hit(ref_of(project, "name"), sheet=project.sheet or "未命名")


@rule("C102", Severity.WARNING, "项目编码为空",
      "{project}的项目编码没有填写。",
      "填写预算管理系统（项目库）中该项目的项目编码。")
def project_code_missing(project, ctx):
    """项目编码为空。

    为什么：项目编码把绩效目标表与预算系统中的项目对应起来，财政部门据此汇总和对账。编码由项目库生成，填报人
    只能照抄，漏填不影响目标本身的质量，因此为警告。

    错误示例：项目编码格空着。

    正确示例：130200210000000001
    """
    if _blank(project.code):
        yield hit(ref_of(project, "code"), project=project_label(project))


@rule("C103", Severity.ERROR, "年度资金总额为空",
      "{project}的年度资金总额（万元）没有填写。",
      "填写本年度安排的项目资金总额，单位为万元，与预算批复和资金测算一致。",
      source=SOURCE_88)
def project_total_missing(project, ctx):
    """年度资金总额为空。

    为什么：绩效目标要与资金量相匹配（适当性审核），没有资金总额就无法判断目标和测算是否合理。

    错误示例：年度资金总额（万元）格空着。

    正确示例：1580
    """
    if _blank(project.total):
        yield hit(ref_of(project, "total"), project=project_label(project))


@rule("C104", Severity.ERROR, "项目资金主要用途为空",
      "{project}的项目资金主要用途没有填写。",
      "写明资金用于哪些事项、补助或支出标准和数量，如“复审企业35家，每家补助10万元，合计350万元”。",
      source=SOURCE_88)
def project_purpose_missing(project, ctx):
    """项目资金主要用途为空。

    为什么：资金用途是审核目标与资金是否匹配、测算是否合理的依据。

    错误示例：项目资金主要用途格空着。

    正确示例：复审企业35家，每家补助10万元，合计350万元。
    """
    if _blank(project.purpose):
        yield hit(ref_of(project, "purpose"), project=project_label(project))


@rule("C105", Severity.ERROR, "绩效目标为空",
      "{project}没有填写绩效目标。",
      "至少写一条绩效目标，说明资金使用后预期达到的产出和效果，多条时按“目标1、目标2”分行填写。",
      source=SOURCE_88)
def project_goals_missing(project, ctx):
    """绩效目标为空。

    为什么：绩效目标是绩效指标的来源，没有目标就无法判断指标是否相关、完整。

    错误示例：绩效目标格空着。

    正确示例：目标1：发挥财政资金引导作用，推动高新技术企业创新能力不断增强。
    """
    if not [g for g in project.goals if not _blank(g)]:
        yield hit(ref_of(project, "goals", ref_of(project, "name")), project=project_label(project))


# ------------------------------------------------------------------ C106–C107 主管部门, 实施单位, 项目属性
_HEADER_FIELDS = (("department", "主管部门"), ("implementer", "实施单位"), ("attribute", "项目属性"))


@rule("C106", Severity.INFO, "主管部门、实施单位或项目属性为空",
      "{project}的{fields}没有填写。",
      "按预算管理系统（项目库）中的项目信息填写{fields}（实施单位是具体实施项目的单位；项目属性选“新增”或“延续”）。")
def project_header_missing(project, ctx):
    """主管部门、实施单位或项目属性为空。

    为什么：正式的项目绩效目标表都有主管部门、实施单位和项目属性（新增/延续）栏，财政部门据此把目标表
    对应到预算单位和项目库，并区分新设项目与延续项目。参考的 2021 年报送件的表上没有这几栏，本模板有，
    所以空着只作提示。每个项目报告一次，列出所有空着的栏，位置是第一个空着的格。

    错误示例：主管部门、实施单位、项目属性三格都空着。

    正确示例：主管部门“高新区科技局”，实施单位“高新区科技局”，项目属性“延续”。
    """
    empty = [(key, label) for key, label in _HEADER_FIELDS if _blank(getattr(project, key))]
    if empty:
        yield hit(ref_of(project, empty[0][0], ref_of(project, "name")), project=project_label(project),
                  fields="、".join(label for _, label in empty), missing=[key for key, _ in empty])


def _attribute_ok(text: str) -> bool:
    """新增 / 延续, also written "新增项目", "延续项目", "延续性项目" (spaces, width and stray punctuation ignored)."""
    key = squash(text).strip("。.；;，,、：: ")
    for suffix in ("项目", "性"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[:-len(suffix)]
    return key in PROJECT_ATTRIBUTES


@rule("C107", Severity.INFO, "项目属性不是“新增”或“延续”",
      "{project}的项目属性写的是“{value}”，应为“新增”或“延续”。",
      "从下拉列表中选择：本年度新设立的项目选“新增”，以前年度已设立、本年度继续安排的项目选“延续”。")
def project_attribute_unknown(project, ctx):
    """项目属性填写的不是“新增”或“延续”。

    为什么：正式表格的项目属性分新增和延续两类，财政部门据此区分新设项目与延续项目；写成别的说法（如
    “一次性”“经常性”）或两个都写，就无法归类。“新增项目”“延续项目”“延续性项目”这样的写法视为正确。
    空着的见 C106。模板的下拉列表只有这两项，但允许输入其他内容，所以这里提示。

    错误示例：项目属性“一次性”；“新增/延续”。

    正确示例：“新增”；“延续项目”。
    """
    if not _blank(project.attribute) and not _attribute_ok(str(project.attribute)):
        yield hit(ref_of(project, "attribute"), project=project_label(project), value=project.attribute)


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
    if _part1_missing(form):
        yield hit(None)


@rule("C112", Severity.ERROR, "部门名称为空",
      "第一部分的部门名称没有填写。",
      "填写报送部门的全称，如“高新区科技局”。",
      scope="form")
def department_missing(form, ctx):
    """部门名称为空。

    为什么：部门名称决定这份绩效目标归属哪个预算部门，也是与项目表“主管部门”对照的依据。

    错误示例：部门名称格空着，或只有空格。

    正确示例：高新区科技局
    """
    if not _part1_missing(form) and _blank(form.department):
        yield hit(form.cells.get("department"))


@rule("C113", Severity.ERROR, "年度为空",
      "第一部分的年度没有填写。",
      "填写绩效目标所属的预算年度，如 2021。",
      scope="form")
def year_missing(form, ctx):
    """年度为空。

    为什么：绩效目标按预算年度编报，没有年度就无法核对标题、指标中的年份和时效指标的期限。

    错误示例：年度格空着。

    正确示例：2021
    """
    if not _part1_missing(form) and _blank(form.year):
        yield hit(form.cells.get("year"))


@rule("C114", Severity.ERROR, "总体绩效目标为空",
      "第一部分“一、总体绩效目标”没有填写任何目标。",
      "在“一、总体绩效目标”下逐条填写部门全年的总体绩效目标，每行一条。",
      source=SOURCE_88, scope="form")
def overall_goals_missing(form, ctx):
    """总体绩效目标为空。

    为什么：总体绩效目标是部门整体绩效目标的核心，各项目的目标都应服务于它。该节没有可定位的已填单元格，
    所以问题标在第一部分的标题格上。

    错误示例：“一、总体绩效目标”下面各行都空着。

    正确示例：1. 科技创新项目支撑。加强先进技术应用示范，提升企业核心竞争力。
    """
    if not _part1_missing(form) and not [g for g in form.overall_goals if not _blank(g)]:
        yield hit(_part1_ref(form))


@rule("C115", Severity.WARNING, "工作保障措施为空",
      "第一部分“三、工作保障措施”没有填写任何措施。",
      "在“三、工作保障措施”下填写保障目标实现的措施，如完善制度建设、加强支出管理、加强绩效运行监控等。",
      scope="form")
def measures_missing(form, ctx):
    """工作保障措施为空。

    为什么：保障措施说明目标靠什么实现，是部门整体绩效目标的组成部分。模板已预填常用的七项措施，全部删掉
    通常是误操作。该节没有可定位的已填单元格，所以问题标在第一部分的标题格上。

    错误示例：“三、工作保障措施”下面各行都空着。

    正确示例：1. 完善制度建设。（包括制定完善预算绩效管理制度、资金管理办法等。）
    """
    if not _part1_missing(form) and not [m for m in form.measures if not _blank(m)]:
        yield hit(_part1_ref(form))


# ------------------------------------------------------------------ C121–C126 资金支出计划
def _quarters(project: Project):
    """(index, quarter name, raw value, percent or None, ref) for the four cumulative cells."""
    values = list(project.plan.cumulative) + [None] * (4 - len(project.plan.cumulative))
    for i, raw in enumerate(values[:4]):
        number = None if _blank(raw) else parse_percent(raw)
        yield i, QUARTERS[i], raw, number, ref_of(project.plan, f"cumulative{i + 1}")


@rule("C121", Severity.ERROR, "资金支出计划未填写",
      "{project}的资金支出计划（累计进度%）四个季度都没有填写。",
      "按季度填写累计支出进度（%），逐季不减少，第四季度为100，如 20、50、80、100。",
      source=SOURCE_88)
def plan_missing(project, ctx):
    """资金支出计划未填写。

    为什么：支出计划是审核资金安排是否可行、执行中监控序时进度的依据。四个季度全空时只报这一条，标在第一季度格上。

    错误示例：累计进度（%）一行四格都空着。

    正确示例：20、50、80、100
    """
    if all(_blank(raw) for _, _, raw, _, _ in _quarters(project)):
        yield hit(ref_of(project.plan, "cumulative1"), project=project_label(project))


@rule("C122", Severity.ERROR, "季度累计进度为空",
      "{project}的资金支出计划中{quarter}累计进度没有填写。",
      "填写{quarter}末累计支出占全年资金的百分比（不支出也填 0）。",
      source=SOURCE_88)
def plan_quarter_missing(project, ctx):
    """某个季度的累计进度为空。

    为什么：四个季度都要有累计进度，才能看出支出节奏；没有支出的季度也应填 0 而不是空着。四个季度全空时
    由“资金支出计划未填写”报一条，不逐季报。

    错误示例：累计进度 20、空、80、100。

    正确示例：累计进度 20、50、80、100（没有支出的季度填 0）。
    """
    quarters = list(_quarters(project))
    if all(_blank(raw) for _, _, raw, _, _ in quarters):
        return
    for _, quarter, raw, _, ref in quarters:
        if _blank(raw):
            yield hit(ref, project=project_label(project), quarter=quarter)


@rule("C123", Severity.ERROR, "季度累计进度不是数字",
      "{project}的资金支出计划中{quarter}累计进度填写了“{value}”，应为 0 到 100 之间的数字。",
      "把{quarter}累计进度改为百分数数值，如 50（表示 50%），不要写文字。")
def plan_quarter_not_number(project, ctx):
    """季度累计进度不是数字。

    为什么：累计进度要参与逐季比较和序时进度核对，文字（如“待定”“按进度”）无法计算。写成“50%”的视为 50，
    不报。

    错误示例：第二季度累计进度填“待定”。

    正确示例：50
    """
    for _, quarter, raw, number, ref in _quarters(project):
        if not _blank(raw) and number is None:
            yield hit(ref, project=project_label(project), quarter=quarter, value=raw)


@rule("C124", Severity.ERROR, "季度累计进度超出0–100",
      "{project}的资金支出计划中{quarter}累计进度为{value}，应在 0 到 100 之间。",
      "累计进度是截至该季度末累计支出占全年资金的百分比，请改为 0 到 100 之间的数。")
def plan_quarter_out_of_range(project, ctx):
    """季度累计进度超出 0–100。

    为什么：累计进度是占全年资金的百分比，小于 0 或大于 100 都不可能。

    错误示例：第三季度累计进度 120。

    正确示例：第三季度累计进度 80。
    """
    for _, quarter, _, number, ref in _quarters(project):
        if number is not None and not 0 <= number <= 100:
            yield hit(ref, project=project_label(project), quarter=quarter, value=number)


@rule("C125", Severity.ERROR, "累计进度逐季减少",
      "{project}的资金支出计划中{quarter}累计进度为{value}，低于{previous_quarter}的{previous}；累计进度不应减少。",
      "累计进度是截至季度末的累计数，应逐季不减少；如填的是当季支出比例，请改为累计数。")
def plan_decreasing(project, ctx):
    """累计进度逐季减少。

    为什么：累计进度是累计数，只能持平或增加；减少通常是把当季比例当成了累计比例。问题标在比前一个已填季度
    低的那一季。

    错误示例：累计进度 30、20、60、100。

    正确示例：累计进度 30、50、60、100。
    """
    previous = None  # (quarter, number) of the last quarter holding a number within 0–100
    for _, quarter, _, number, ref in _quarters(project):
        if number is None or not 0 <= number <= 100:
            continue
        if previous is not None and number < previous[1]:
            yield hit(ref, project=project_label(project), quarter=quarter, value=number,
                      previous_quarter=previous[0], previous=previous[1])
        previous = (quarter, number)


@rule("C126", Severity.ERROR, "第四季度累计进度不是100",
      "{project}的资金支出计划中第四季度累计进度为{value}，全年累计应为 100。",
      "第四季度末累计进度填 100；如确有资金跨年支出，应调整年度资金总额。")
def plan_not_complete(project, ctx):
    """第四季度累计进度不是 100。

    为什么：年度资金应在当年支出完毕，第四季度末的累计进度就是全年，应为 100。为空、不是数字或超出 0–100 的
    情况由其他规则报告，这里不重复。

    错误示例：累计进度 20、50、80、90。

    正确示例：累计进度 20、50、80、100。
    """
    _, _, _, number, ref = list(_quarters(project))[3]
    if number is not None and 0 <= number <= 100 and abs(number - 100) > 1e-6:
        yield hit(ref, project=project_label(project), value=number)


# ------------------------------------------------------------------ C131–C136 the indicator grid's cells
@rule("C131", Severity.ERROR, "没有绩效指标",
      "{project}没有填写任何绩效指标。",
      "在绩效指标表中按一级、二级、三级指标逐行填写，至少包括产出、效益和满意度指标。",
      source=SOURCE_88)
def indicators_missing(project, ctx):
    """没有绩效指标。

    为什么：绩效指标是绩效目标的细化和量化，预算系统要求产出、效益、满意度指标都有三级指标。指标表全空时
    只报这一条（标在绩效目标格上，因为指标表没有已填的格），不再逐类报缺少产出、效益、满意度指标。

    错误示例：指标表各行都空着。

    正确示例：产出指标｜数量指标｜拨付企业数量｜…｜≥35家｜计划标准
    """
    if not project.indicators:
        yield hit(ref_of(project, "goals", ref_of(project, "name")), project=project_label(project))


def _empty_cells(project: Project, key: str, skip_label_rows: bool):
    for ind in project.indicators:
        if skip_label_rows and _label_only(ind):
            continue
        if _blank(getattr(ind, key)):
            yield ind


@rule("C132", Severity.ERROR, "一级指标为空",
      "{project}的三级指标“{level3}”所在行没有一级指标。",
      "填写一级指标（产出指标、效益指标、满意度指标等），可从下拉列表选择。",
      source=SOURCE_88)
def level1_missing(project, ctx):
    """一级指标为空。

    为什么：每个指标都要归入一级指标，才能判断产出、效益、满意度是否齐全。一级指标格合并或留空表示沿用上一行，
    所以只有指标表开头几行（上面没有任何一级指标）才会被报告。

    错误示例：指标表第一行的一级指标格空着。

    正确示例：产出指标
    """
    for ind in _empty_cells(project, "level1", skip_label_rows=False):
        yield hit(ref_of(ind, "level1"), project=project_label(project), level3=ind.level3 or "（空）")


@rule("C133", Severity.ERROR, "二级指标为空",
      "{project}的三级指标“{level3}”所在行没有二级指标。",
      "填写二级指标（如数量指标、质量指标、时效指标、社会效益指标、服务对象满意度指标），可从下拉列表选择。",
      source=SOURCE_88)
def level2_missing(project, ctx):
    """二级指标为空。

    为什么：预算系统按二级指标检查产出是否有数量、质量、时效等指标；没有二级指标的行无法归类。留空表示沿用
    上一行，所以只有新的一级指标开始而二级指标没写时才报告，每行标在本行的二级指标格上。

    错误示例：一级指标写了“满意度指标”，二级指标格空着。

    正确示例：满意度指标｜服务对象满意度指标｜受补助企业满意度
    """
    for ind in _empty_cells(project, "level2", skip_label_rows=False):
        yield hit(ref_of(ind, "level2"), project=project_label(project), level3=ind.level3 or "（空）")


@rule("C134", Severity.ERROR, "三级指标为空",
      "{project}的指标表中“{level2}”下有一行没有三级指标。",
      "填写具体的三级指标名称，如“补助企业数量”；不需要的行请整行删除。",
      source=SOURCE_88)
def level3_missing(project, ctx):
    """三级指标为空。

    为什么：三级指标是实际考核的指标，预算系统要求每个二级指标下至少有一个三级指标。只写了一级/二级、其余都空的
    行只报这一条，不再报指标值和确定依据为空。

    错误示例：产出指标｜时效指标｜（空）｜（空）｜（空）｜（空）

    正确示例：产出指标｜时效指标｜资金拨付完成时间｜…｜2021年12月底前｜计划标准
    """
    for ind in _empty_cells(project, "level3", skip_label_rows=False):
        yield hit(ref_of(ind, "level3"), project=project_label(project),
                  level2=ind.level2 or ind.level1 or "指标表")


@rule("C135", Severity.ERROR, "指标值为空",
      "{project}的三级指标“{level3}”没有填写指标值。",
      "填写比较符号、数值和单位，如“≥35家”“=100%”“2021年12月底前”；不能量化的用分级表述。",
      source=SOURCE_88)
def value_missing(project, ctx):
    """指标值为空。

    为什么：没有指标值的指标无法考核；预算系统要求指标值必填。

    错误示例：拨付企业数量｜…｜（空）

    正确示例：拨付企业数量｜…｜≥35家
    """
    for ind in _empty_cells(project, "value", skip_label_rows=True):
        yield hit(ref_of(ind, "value"), project=project_label(project), level3=ind.level3 or "（空）")


@rule("C136", Severity.WARNING, "指标值确定依据为空",
      "{project}的三级指标“{level3}”没有填写指标值确定依据。",
      "填写指标值的确定依据：计划标准、行业标准、历史标准或其他标准。")
def basis_missing(project, ctx):
    """指标值确定依据为空。

    为什么：确定依据说明指标值从哪里来，审核据此判断指标值是否合理。预算系统未必强制，因此为警告。

    错误示例：拨付企业数量｜…｜≥35家｜（空）

    正确示例：拨付企业数量｜…｜≥35家｜计划标准
    """
    for ind in _empty_cells(project, "basis", skip_label_rows=True):
        yield hit(ref_of(ind, "basis"), project=project_label(project), level3=ind.level3 or "（空）")


# ------------------------------------------------------------------ C141–C143 names
def _distinct_labels(project: Project, key: str):
    """Each 一级/二级 label cell once (continued rows point at the cell that holds the label)."""
    seen = set()
    for ind in project.indicators:
        text = getattr(ind, key)
        if _blank(text):
            continue
        ref = ref_of(ind, key)
        marker = ref if ref is not None else (id(ind), text)
        if marker in seen:
            continue
        seen.add(marker)
        yield ind, text, ref


@rule("C141", Severity.ERROR, "一级指标名称无法识别",
      "{project}的一级指标“{name}”不是规范名称，应为{expected}。",
      "把一级指标改为{expected}（可从下拉列表选择）。",
      source=SOURCE_101)
def level1_unknown(project, ctx):
    """一级指标名称无法识别。

    为什么：一级指标只有产出、效益、满意度（101号体系另有成本）几类，预算系统只接受这些名称；多出的标点或
    文字会使指标归不了类。常见的变体和别名（如“效果指标”“产出”）视为规范。能看出本意的（如“、满意度指标”）
    给出建议名称，并在检查是否缺少某类指标时按建议名称计算，避免同一处错误再报一次“缺少满意度指标”。

    错误示例：、满意度指标

    正确示例：满意度指标
    """
    names = tuple(LEVEL2_BY_LEVEL1[ctx.scheme])
    for _, text, ref in _distinct_labels(project, "level1"):
        if canonical_level1(text):
            continue
        suggested = suggest_level1(text)
        expected = f"“{suggested}”" if suggested else "、".join(names) + "之一"
        yield hit(ref, project=project_label(project), name=text, expected=expected, suggested=suggested)


@rule("C142", Severity.WARNING, "二级指标名称无法识别",
      "{project}的二级指标“{name}”不是规范名称，应为{expected}。",
      "把二级指标改为{expected}（可从下拉列表选择）。",
      source=SOURCE_101)
def level2_unknown(project, ctx):
    """二级指标名称无法识别。

    为什么：二级指标名称决定指标归入数量、质量、时效、成本、效益、满意度中的哪一类；无法识别的名称会使归类和
    完整性检查落空。写不写末尾的“指标”、常见别名（如“环境效益”）都视为规范。各地二级名称的写法比一级多，
    本表收录的别名可能不全，因此为警告。

    错误示例：数量类（应为“数量指标”）

    正确示例：数量指标
    """
    scheme = ctx.scheme
    for ind, text, ref in _distinct_labels(project, "level2"):
        if canonical_level2(text):
            continue
        suggested = suggest_level2(text)
        if suggested:
            expected = f"“{suggested}”"
        else:
            allowed = LEVEL2_BY_LEVEL1[scheme].get(_level1_of(ind) or "")
            expected = ("、".join(allowed) + "之一") if allowed else "下拉列表中的规范二级指标名称"
        yield hit(ref, project=project_label(project), name=text, expected=expected, suggested=suggested)


@rule("C143", Severity.WARNING, "二级指标与一级指标不对应",
      "{project}的二级指标“{level2}”不属于一级指标“{level1}”（{scheme}指标体系下，{level1}包括{allowed}）。",
      "{fix}",
      source=SOURCE_101)
def level2_wrong_parent(project, ctx):
    """二级指标与一级指标不对应。

    为什么：二级指标放错一级会使产出、效益、满意度的归类出错，这是审核中常见的“一级/二级指标类型错误”。
    按所用指标体系判断（设置中的“指标体系”；自动时，有“成本指标”一级的按101号，否则按旧版）：旧版中成本
    指标属于产出指标，101号中成本指标单列为一级，下设经济成本、社会成本、生态环境成本指标。一级指标无法识别、
    或不属于所用体系时不作判断。

    错误示例：效益指标｜数量指标｜新增高新技术企业数量

    正确示例：产出指标｜数量指标｜新增高新技术企业数量
    """
    scheme = ctx.scheme
    table = LEVEL2_BY_LEVEL1[scheme]
    seen = set()
    for ind in project.indicators:
        l1, l2 = _level1_of(ind), _level2_of(ind)
        if not l1 or not l2 or l1 not in table or l2 in table[l1]:
            continue
        ref = ref_of(ind, "level2")
        marker = ref if ref is not None else (id(ind),)
        if marker in seen:
            continue
        seen.add(marker)
        allowed = "、".join(table[l1])
        proper = [parent for parent, children in table.items() if l2 in children]
        if proper:
            fix = f"把该行的一级指标改为{'、'.join(proper)}，或改用{l1}下的二级指标（{allowed}）。"
        elif l2 in COST_L2 and scheme == NEW_SCHEME:
            fix = ("101号体系下成本单列为一级指标：把该行的一级指标改为“成本指标”，二级指标改为"
                   + "、".join(table["成本指标"]) + "之一。")
        else:
            fix = f"改用{l1}下的二级指标（{allowed}）。"
        yield hit(ref, project=project_label(project), level1=l1, level2=l2, scheme=scheme,
                  allowed=allowed, fix=fix)


# ------------------------------------------------------------------ C151–C155 coverage
@rule("C151", Severity.ERROR, "缺少产出指标",
      "{project}的绩效指标中没有产出指标。",
      "增加产出指标，包括{expected}，每类至少一个三级指标。",
      source=SOURCE_101)
def output_missing(project, ctx):
    """缺少产出指标。

    为什么：产出指标反映资金直接形成的产品和服务，预算系统要求产出下的每个二级指标都有三级指标。整类缺失时
    只报这一条，不再逐个报缺少数量、质量、时效指标。问题标在指标表的“一级指标”表头格上。

    错误示例：指标表只有效益指标和满意度指标。

    正确示例：产出指标下有数量、质量、时效（旧版体系还有成本）指标。
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project)
    if "产出指标" in level1s or level2s & set(OUTPUT_L2):
        return
    expected = "、".join(LEVEL2_BY_LEVEL1[ctx.scheme]["产出指标"])
    yield hit(_header_ref(project), project=project_label(project), expected=expected)


@rule("C152", Severity.ERROR, "产出指标不全",
      "{project}的产出指标缺少{missing}。",
      "在产出指标下增加{missing}，每类至少一个三级指标。",
      source=SOURCE_101)
def output_incomplete(project, ctx):
    """产出指标缺少数量、质量或时效指标。

    为什么：预算系统要求产出指标的每个二级指标（数量、质量、时效）都至少有一个三级指标。某个二级指标只要在
    任何一行出现就算有（放错一级的由“二级指标与一级指标不对应”报告）。问题标在“一级指标”表头格上。

    错误示例：产出指标下只有数量指标和质量指标，没有时效指标。

    正确示例：产出指标下有数量指标、质量指标和时效指标（如“资金拨付完成时间｜2021年12月底前”）。
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project)
    if "产出指标" not in level1s and not level2s & set(OUTPUT_L2):
        return  # C151
    missing = [name for name in OUTPUT_L2 if name not in level2s]
    if missing:
        yield hit(_header_ref(project), project=project_label(project), missing="、".join(missing))


@rule("C153", Severity.WARNING, "缺少成本指标",
      "{project}的绩效指标中没有成本指标（{scheme}指标体系下，{expected}）。",
      "增加成本指标，如单位产出的补助或支出标准（“≤10万元/家”）。",
      source=SOURCE_101)
def cost_missing(project, ctx):
    """缺少成本指标。

    为什么：成本指标反映完成产出的成本控制。旧版体系中成本指标是产出指标下的二级指标；按财预〔2021〕101号，
    成本指标单列为一级，下设经济成本、社会成本、生态环境成本指标。两种写法都算有成本指标。旧版要求产出下有
    成本指标是凭记忆整理的要求，未核对原文，因此为警告。旧版体系下整个产出指标缺失时，由“缺少产出指标”报告。
    问题标在“一级指标”表头格上。

    错误示例：产出指标下只有数量、质量、时效指标，没有任何成本指标。

    正确示例：产出指标｜成本指标｜每家企业补助标准｜≤10万元（旧版）；成本指标｜经济成本指标｜…（101号）
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project)
    if "成本指标" in level1s or level2s & set(COST_L2):
        return
    scheme = ctx.scheme
    if scheme == NEW_SCHEME:
        expected = "成本指标单列为一级指标，下设" + "、".join(LEVEL2_BY_LEVEL1[NEW_SCHEME]["成本指标"])
    else:
        if "产出指标" not in level1s and not level2s & set(OUTPUT_L2):
            return  # C151
        expected = "成本指标是产出指标下的二级指标"
    yield hit(_header_ref(project), project=project_label(project), scheme=scheme, expected=expected)


@rule("C154", Severity.ERROR, "缺少效益指标",
      "{project}的绩效指标中没有效益指标。",
      "增加效益指标，如经济效益、社会效益、生态效益或可持续影响指标，至少一个三级指标。",
      source=SOURCE_101)
def benefit_missing(project, ctx):
    """缺少效益指标。

    为什么：效益指标反映资金使用带来的效果，预算系统要求至少有一个效益指标。“效果指标”是效益指标的别名，
    视为有。问题标在“一级指标”表头格上。

    错误示例：指标表只有产出指标和满意度指标。

    正确示例：效益指标｜社会效益指标｜新增高新技术企业数量｜≥15家
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project)
    if "效益指标" not in level1s and not level2s & set(BENEFIT_L2):
        yield hit(_header_ref(project), project=project_label(project))


@rule("C155", Severity.ERROR, "缺少满意度指标",
      "{project}的绩效指标中没有满意度指标。",
      "增加满意度指标，如“服务对象满意度指标｜受补助企业满意度｜≥90%”。",
      source=SOURCE_101)
def satisfaction_missing(project, ctx):
    """缺少满意度指标。

    为什么：满意度指标反映服务对象对项目的认可程度，预算系统要求至少有一个满意度指标。一级指标名称有误但
    能看出是满意度的（如“、满意度指标”），由“一级指标名称无法识别”报告，这里按满意度计算，不重复报告。
    问题标在“一级指标”表头格上。

    错误示例：指标表只有产出指标和效益指标。

    正确示例：满意度指标｜服务对象满意度指标｜受补助企业满意度｜≥90%
    """
    if not project.indicators:
        return
    level1s, level2s = _categories(project)
    if "满意度指标" not in level1s and not level2s & set(SATISFACTION_L2):
        yield hit(_header_ref(project), project=project_label(project))


# ------------------------------------------------------------------ C161 duplicates
@rule("C161", Severity.WARNING, "三级指标重复",
      "{project}的三级指标“{level3}”出现了不止一次（第一次在{first}）。",
      "删除重复的一行，或把其中一个改成反映不同内容的指标。")
def level3_duplicated(project, ctx):
    """三级指标重复。

    为什么：同一项目中重复的三级指标通常是复制粘贴后忘了修改，既不增加信息，也会让审核怀疑指标没有认真设计。
    比较时忽略空格和全角/半角差异；问题标在第二次及以后出现的格上。

    错误示例：数量指标下有两行“拨付企业数量”。

    正确示例：拨付企业数量、新增高新技术企业数量
    """
    first_seen: dict[str, Indicator] = {}
    for ind in project.indicators:
        if _blank(ind.level3):
            continue
        key = squash(ind.level3)
        first = first_seen.get(key)
        if first is None:
            first_seen[key] = ind
            continue
        first_ref = ref_of(first, "level3")
        yield hit(ref_of(ind, "level3"), project=project_label(project), level3=ind.level3,
                  first=first_ref.cell if first_ref else "前面")
