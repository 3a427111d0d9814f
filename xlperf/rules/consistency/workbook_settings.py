"""一致性 K513: the workbook's own 设置 sheet relaxes the checks."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.layout import OFF
from ...rulebook.settings import DEFAULT, from_settings
from .._shared import hit, rule


# ------------------------------------------------------------------ the workbook's own settings
@rule("K513", Severity.WARNING, "工作簿的设置放宽了校验标准",
      "本工作簿的“设置”表放宽了校验标准：{changes}。按这些设置得出的结果不是统一标准下的结果。",
      "如无财政部门的要求，请清空“设置”表中相应的取值，恢复默认标准。财政部门审核时可按统一标准重新校验"
      "（xlperf check --ignore-workbook-settings）。", scope="form")
def settings_relaxed(form, ctx):
    """工作簿“设置”表放宽了校验标准：关闭或降低了规则的严重程度，调低了满意度最低值，或调高了三级指标字数上限。

    为什么：“设置”表让各单位按需要调整校验，但同一个表也能把“错误”降为“提示”或把规则关掉，
    使不合格的填报显示为“通过”。审核人员需要一眼看出哪些文件改过标准。本规则不能在工作簿的
    “设置”中关闭或降级（只有审核人员的 --config 可以）。调整指标体系、收紧阈值不在此列。

    错误示例：规则级别“C103=提示，V201=关闭”；满意度最低值 60。
    正确示例：“设置”表保留默认值，或只收紧标准（如满意度最低值 95）。
    """
    if not form.settings:
        return
    workbook = from_settings(form.settings, rules=ctx.rules)
    by_code = {r.code: r for r in ctx.rules}
    changes, first = [], None
    for code, level in sorted(workbook.severity.items()):
        rule_ = by_code.get(code)
        if rule_ is None:
            continue
        if level == OFF:
            changes.append(f"{code}（{rule_.title}）被关闭")
        elif Severity(level).rank < rule_.severity.rank:
            changes.append(f"{code}（{rule_.title}）由{rule_.severity.value}降为{level}")
        else:
            continue
        first = first or form.cells.get("settings.规则级别")
    if workbook.satisfaction_min < DEFAULT.satisfaction_min:
        changes.append(f"满意度最低值由 {DEFAULT.satisfaction_min:g} 调低为 {workbook.satisfaction_min:g}")
        first = first or form.cells.get("settings.满意度最低值")
    if workbook.max_level3_length > DEFAULT.max_level3_length:
        changes.append(f"三级指标最大字数由 {DEFAULT.max_level3_length} 调高为 {workbook.max_level3_length}")
        first = first or form.cells.get("settings.三级指标最大字数")
    if changes:
        yield hit(first, changes="；".join(changes))
