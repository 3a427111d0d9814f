"""The labels printed on 绩效目标表 of other layouts: which field a label names, which column a table header names.

Used by the label-driven reader (:mod:`~xlperf.files.foreign`) and the Word reader. A label is compared after
``key`` (whitespace, width and punctuation unified by ``squash``; a leading ``*``/``★`` and numbering, a trailing
colon and any bracketed note such as "（万元）" or "(0-20分)" removed), so "*项目名称：", "项 目 名 称" and
"项目名称(全称)" are the same label. The tolerant label parser for indicator *values* (一级/二级 names, "效益指标（30分）")
belongs to ``form``; this module only recognises where fields and columns are.
"""
from __future__ import annotations

import re

from ..text.normalize import squash

_BRACKETS = re.compile(r"（[^（）]*）|【[^【】]*】|\[[^\[\]]*\]|<[^<>]*>")
_LEAD = re.compile(r"^[*★☆※]+|^[0-9一二三四五六七八九十]{1,2}[、.．]")


def key(text: object) -> str:
    """The comparable form of a label (see the module docstring)."""
    s = squash(text)
    s = _LEAD.sub("", s).strip("*★：:")
    s = _BRACKETS.sub("", s).strip("*★：:")
    return s


def note(text: object) -> str:
    """What the label's brackets say ("（万元）" → "万元"), for units."""
    return "".join(m.group(0)[1:-1] for m in _BRACKETS.finditer(squash(text)))


# ------------------------------------------------------------------ fields (label → value pairs)
# In order of preference: the first label of a field that has a value wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("项目名称", "项目支出名称", "专项资金名称", "项目资金名称", "专项名称", "资金名称"),
    "code": ("项目编码", "项目代码", "项目编号"),
    "department": ("主管部门", "业务主管部门", "项目主管部门", "县级主管部门", "主管部门及代码", "市级主管部门",
                   "预算部门", "申报单位", "部门名称", "部门单位名称", "主管单位", "部门"),
    "implementer": ("实施单位", "项目实施单位", "具体实施单位", "实施单位及代码", "单位名称", "预算单位", "执行单位"),
    "attribute": ("项目属性",),
    "total": ("年度资金总额", "年度资金总额合计", "资金总额", "年度预算总额", "当年年度预算", "年度预算数", "年度预算",
              "项目金额", "年度本级预算金额", "项目资金总额", "预算金额", "预算数", "项目总金额"),
    "fiscal": ("其中：财政拨款", "财政拨款", "其中：财政资金", "财政资金", "财政拨款数", "其中：当年财政拨款",
               "当年财政拨款", "其中：一般公共预算", "一般公共预算资金"),
    "other": ("其他资金", "其它资金", "其中：其他资金", "其中：其它资金"),
    "purpose": ("项目资金主要用途", "资金主要用途", "项目资金用途", "项目概况", "项目概况及立项依据", "项目总体概况", "项目简介",
                "部门职责", "部门单位职责", "项目主要内容"),
    "goals": ("年度目标", "年度绩效目标", "本年度绩效目标", "预期目标", "年度总体目标", "年度总体绩效目标", "年度主要目标和成果",
              "项目年度绩效目标", "项目年度目标", "绩效目标", "总体目标", "总体绩效目标"),
}
FIELD_OF = {key(label): field for field, labels in FIELDS.items() for label in labels}
PRIORITY = {key(label): i for labels in FIELDS.values() for i, label in enumerate(labels)}
# Labels printed on these forms that are not fields of the model: recognised so that they are never read as a
# value, and listed in the "read as" summary as not mapped.
OTHER_LABELS = tuple(key(x) for x in (
    "中期资金总额", "中期目标", "中期绩效目标", "实际完成情况", "全年实际完成情况", "项目负责人", "负责人", "联系电话",
    "负责人及电话", "项目负责人及电话", "项目期", "项目类别", "项目分类", "归口科室", "建设周期", "项目审批",
    "项目总预算", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分", "上年结转资金", "上年结转",
    "填报单位", "单位负责人", "填表人", "联系人", "审核人", "金额单位", "单位", "项目资金", "年度", "绩效指标",
    "项目起止时间", "项目周期", "所属行业", "资金性质", "申报日期", "财政资金管理科室", "财政绩效管理科室",
    "项目支出", "部门预算数", "资金情况", "实施期绩效目标", "项目总体目标", "项目支出实施期", "该项目支出上级资金",
    "财政部门审核意见", "资金来源", "项目资金（万元）", "偏差原因分析及改进措施",
))


def field_of(text: object) -> str | None:
    """The model field a label names ("其中：财政拨款（万元）" → "fiscal"), or None."""
    k = key(text)
    if not k or len(k) > 16:
        return None
    found = FIELD_OF.get(k)
    if found is None and k.startswith("其中："):
        found = FIELD_OF.get(k[3:])
    if found is None and "中期" not in k and ("财政拨款" in k or "财政资金" in k) and len(k) <= 12:
        found = "fiscal"
    return found


def is_label(text: object) -> bool:
    """True for any label these forms print (fields, headers, other known labels, or text ending in a colon)."""
    if text is None:
        return False
    s = squash(text)
    k = key(text)
    if not k:
        return False
    return (field_of(text) is not None or k in OTHER_LABELS or k in _EXACT or (s.endswith("：") and len(s) <= 16)
            or (note(text) in ("万元", "元") and len(k) <= 12))


# ------------------------------------------------------------------ the indicator table's header
COLUMN_KEYS = ("level1", "level2", "level3", "description", "value", "basis")
# extra columns the table's row values are composed from (指标性质 "≥" + 指标值 "95" + 计量单位 "%")
PART_KEYS = ("comparator", "unit")
# project fields printed as columns of a flat export (one row per indicator)
FLAT_KEYS = ("name", "department", "implementer", "total", "goals", "code")
_EXACT = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "level3", "评价指标": "level1", "评价内容": "level2",
    "指标名称": "level3", "绩效指标名称": "level3", "三级指标名称": "level3", "指标内容": "level3",
    "绩效指标描述": "description", "指标描述": "description", "指标解释": "description", "指标说明": "description",
    "指标值说明": "description", "计量单位": "unit", "度量单位": "unit", "单位": "unit", "指标单位": "unit",
    "指标性质": "comparator", "比较符号": "comparator", "运算符号": "comparator", "符号": "comparator",
    "项目名称": "name", "单位名称": "implementer", "部门名称": "department", "主管部门": "department",
    "预算数": "total", "年度预算数": "total", "项目金额": "total", "年度目标": "goals", "年度绩效目标": "goals",
    "项目编码": "code", "项目代码": "code",
}
_IGNORED_WORDS = ("分值", "权重", "得分", "备注", "方向", "类型", "评分", "扣分", "偏差", "原因", "改进", "序号",
                  "完成情况", "是否", "指标性质说明")


def column_of(text: object) -> str | None:
    """What a header cell names: a model column (``COLUMN_KEYS``), a part of the value (``PART_KEYS``), a project
    field of a flat export (``FLAT_KEYS``), "mid" for a 中期 column, "ignored" for a known extra column (分值, 权重,
    备注, 实际完成值 …), or None when it is not a header label."""
    k = key(text)
    if not k or len(k) > 16:
        return None
    if k in _EXACT:
        return _EXACT[k]
    if "依据" in k or k in ("指标标准", "绩效标准", "指标标准或依据"):
        return "basis"
    if "中期" in k:
        return "mid"
    if "实际" in k or "完成值" in k or "执行数" in k or "执行率" in k:
        return "ignored"
    if any(word in k for word in _IGNORED_WORDS):
        return "ignored"
    if "指标值" in k or "目标值" in k or "实现值" in k:
        return "value"
    return None
