"""完整性 C101–C107: the project's own fields (名称, 编码, 年度资金总额, 资金用途, 绩效目标; 主管部门, 实施单位,
项目属性)."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.taxonomy import PROJECT_ATTRIBUTE_SYNONYMS, PROJECT_ATTRIBUTES
from ...text.normalize import squash
from .._shared import Live, hit, project_label, ref_of, rule
from ._helpers import SOURCE_88, _blank


# ------------------------------------------------------------------ C101–C105 project fields
@rule("C101", Severity.ERROR, "项目名称为空",
      "“{sheet}”表的项目名称没有填写。",
      "在“项目名称”格填写与预算批复一致的项目全称。",
      source=SOURCE_88, live=Live({"name": "BLANK({name})"}))
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
      "填写预算管理系统（项目库）中该项目的项目编码。",
      live=Live({"code": "BLANK({code})"}))
def project_code_missing(project, ctx):
    """项目编码为空。

    为什么：项目编码把绩效目标表与预算系统中的项目对应起来，财政部门据此汇总和对账。编码由项目库生成，填报人
    只能照抄，漏填不影响目标本身的质量，因此为警告。

    按标签读取的其他格式表格（files.foreign）没有这一栏时不报：表上没有可填的位置，不算漏填（Project.absent）。

    错误示例：项目编码格空着。

    正确示例：130200210000000001
    """
    if project.provides("code") and _blank(project.code):
        yield hit(ref_of(project, "code"), project=project_label(project))


@rule("C103", Severity.ERROR, "年度资金总额为空",
      "{project}的年度资金总额（万元）没有填写。",
      "填写本年度安排的项目资金总额，单位为万元，与预算批复和资金测算一致。",
      source=SOURCE_88, live=Live({"total": "BLANK({total})"}))
def project_total_missing(project, ctx):
    """年度资金总额为空。

    为什么：绩效目标要与资金量相匹配（适当性审核），没有资金总额就无法判断目标和测算是否合理。

    按标签读取的其他格式表格（files.foreign）没有这一栏时不报：表上没有可填的位置，不算漏填（Project.absent）。

    错误示例：年度资金总额（万元）格空着。

    正确示例：1580
    """
    if project.provides("total") and _blank(project.total):
        yield hit(ref_of(project, "total"), project=project_label(project))


@rule("C104", Severity.ERROR, "项目资金主要用途为空",
      "{project}的项目资金主要用途没有填写。",
      "写明资金用于哪些事项、补助或支出标准和数量，如“复审企业35家，每家补助10万元，合计350万元”。",
      source=SOURCE_88, live=Live({"purpose": "BLANK({purpose})"}))
def project_purpose_missing(project, ctx):
    """项目资金主要用途为空。

    为什么：资金用途是审核目标与资金是否匹配、测算是否合理的依据。

    按标签读取的其他格式表格（files.foreign）没有这一栏时不报：表上没有可填的位置，不算漏填（Project.absent）。

    错误示例：项目资金主要用途格空着。

    正确示例：复审企业35家，每家补助10万元，合计350万元。
    """
    if project.provides("purpose") and _blank(project.purpose):
        yield hit(ref_of(project, "purpose"), project=project_label(project))


@rule("C105", Severity.ERROR, "绩效目标为空",
      "{project}没有填写绩效目标。",
      "至少写一条绩效目标，说明资金使用后预期达到的产出和效果，多条时按“目标1、目标2”分行填写。",
      source=SOURCE_88)
def project_goals_missing(project, ctx):
    """绩效目标为空。

    为什么：绩效目标是绩效指标的来源，没有目标就无法判断指标是否相关、完整。

    按标签读取的其他格式表格（files.foreign）没有这一栏时不报：表上没有可填的位置，不算漏填（Project.absent）。

    错误示例：绩效目标格空着。

    正确示例：目标1：发挥财政资金引导作用，推动高新技术企业创新能力不断增强。
    """
    if project.provides("goals") and not [g for g in project.goals if not _blank(g)]:
        yield hit(ref_of(project, "goals", ref_of(project, "name")), project=project_label(project))


# ------------------------------------------------------------------ C106–C107 主管部门, 实施单位, 项目属性
_HEADER_FIELDS = (("department", "主管部门"), ("implementer", "实施单位"), ("attribute", "项目属性"))


@rule("C106", Severity.INFO, "主管部门、实施单位或项目属性为空",
      "{project}的{fields}没有填写。",
      "按预算管理系统（项目库）中的项目信息填写{fields}（实施单位是具体实施项目的单位；项目属性选“新增”或“延续”）。",
      live=Live({"department": "BLANK({department})",  # the first empty one of the three
                 "implementer": "AND(NOT(BLANK({department})),BLANK({implementer}))",
                 "attribute": "AND(NOT(BLANK({department})),NOT(BLANK({implementer})),BLANK({attribute}))"}))
def project_header_missing(project, ctx):
    """主管部门、实施单位或项目属性为空。

    为什么：正式的项目绩效目标表都有主管部门、实施单位和项目属性（新增/延续）栏，财政部门据此把目标表
    对应到预算单位和项目库，并区分新设项目与延续项目。参考的 2021 年报送件的表上没有这几栏，本模板有，
    所以空着只作提示。每个项目报告一次，列出所有空着的栏，位置是第一个空着的格。

    按标签读取的其他格式表格（files.foreign）没有这一栏时不报：表上没有可填的位置，不算漏填（Project.absent）。

    错误示例：主管部门、实施单位、项目属性三格都空着。

    正确示例：主管部门“高新区科技局”，实施单位“高新区科技局”，项目属性“延续”。
    """
    empty = [(key, label) for key, label in _HEADER_FIELDS if project.provides(key) and _blank(getattr(project, key))]
    if empty:
        yield hit(ref_of(project, empty[0][0], ref_of(project, "name")), project=project_label(project),
                  fields="、".join(label for _, label in empty), missing=[key for key, _ in empty])


def _attribute_ok(text: str) -> bool:
    """新增 / 延续, also written "新增项目", "延续项目", "延续性项目" (spaces, width and stray punctuation ignored)."""
    key = squash(text).strip("。.；;，,、：: ")
    for suffix in ("项目", "性"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[:-len(suffix)]
    return key in PROJECT_ATTRIBUTES or key in PROJECT_ATTRIBUTE_SYNONYMS


@rule("C107", Severity.INFO, "项目属性不是“新增”或“延续”",
      "{project}的项目属性写的是“{value}”，应为“新增”或“延续”。",
      "从下拉列表中选择：本年度新设立的项目选“新增”，以前年度已设立、本年度继续安排的项目选“延续”。")
def project_attribute_unknown(project, ctx):
    """项目属性填写的不是“新增”或“延续”。

    为什么：正式表格的项目属性分新增和延续两类，财政部门据此区分新设项目与延续项目；写成别的说法（如
    “一次性”“经常性”）或两个都写，就无法归类。“新增项目”“延续项目”“延续性项目”这样的写法视为正确，
    “持续性项目”“新设项目”这类各地印法也视为正确（taxonomy.PROJECT_ATTRIBUTE_SYNONYMS）。
    空着的见 C106。模板的下拉列表只有这两项，但允许输入其他内容，所以这里提示。

    错误示例：项目属性“一次性”；“新增/延续”。

    正确示例：“新增”；“延续项目”。
    """
    if not _blank(project.attribute) and not _attribute_ok(str(project.attribute)):
        yield hit(ref_of(project, "attribute"), project=project_label(project), value=project.attribute)
