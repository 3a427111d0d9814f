"""指标值 V213–V214: vague values that cannot be assessed, and 效益 answered only with 是/否."""
from __future__ import annotations

from ...form.findings import Severity
from .._shared import hit, project_label, ref_of, rule
from ._parsed import SOURCE_101, _claimed_by_category, _name, _valued


# ------------------------------------------------------------------ V213–V214 vague values
@rule("V213", Severity.WARNING, "指标值含糊，无法考核",
      "{project}的三级指标“{level3}”的指标值“{value}”用了“{word}”这样的含糊说法，年底无法判断是否达成。",
      "能量化的写成数值（如“≥5%”“≥15家”）；不能量化的，用分级分档的定性描述（如“优”“良”“中”“差”），"
      "并在指标描述中写明各档的标准。", source=SOURCE_101)
def vague_value(project, ctx):
    """指标值含糊（提高、有所提升、增强、达成预期指标……）。

    为什么：绩效指标应尽量量化；难以量化的，采用分级分档的定性表述。“提高”“有所提升”
    没有标准，年底怎样都可以说“提高了”，无法考核。指标值里带了数字（如“提高5%”）的不报告，
    但年份不算数字（“比2020年度有所增加”仍含糊）；“优/良/中/差”“合格”“达标”等分级表述不算含糊。
    数量、时效、成本、满意度指标的文字指标值已由各自的规则报告，这里不重复。

    错误示例：效益指标“小微企业创业创新服务支撑能力”，指标值“提高”。

    正确示例：“服务企业数量同比增长≥10%”，或指标值“优”并说明各档标准。
    """
    # Vague words: values.VAGUE_WORDS (有所增加, 稳步增长, 有效改善, 较上年增长, 显著 …); graded values (优, 良好, 合格,
    # 达标) and negations ("不增加") are not vague; a year is no number ("比2020年度有所增加" is vague).
    for ind, row in _valued(project, ctx):
        if row.vague and not _claimed_by_category(row):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      word=row.vague)


@rule("V214", Severity.WARNING, "效益指标只填了“是/否”",
      "{project}的效益指标“{level3}”的指标值只有“{value}”，说明不了效益有多大，年底无法考核。",
      "把效益量化（如“新增高新技术企业≥15家”“企业研发投入增长≥5%”），"
      "或用分级分档的定性描述（如“优”“良”“中”“差”，并写明各档标准）。", source=SOURCE_101)
def benefit_yes_no(project, ctx):
    """效益指标只填了“是”或“否”。

    为什么：效益指标衡量资金带来的经济、社会、生态效益和可持续影响，应当说明效益有多大。
    “企业创新创业水平是否提升——是”只是表态，无法核对。难以量化的，应采用分级分档的定性表述。
    质量指标中“是否按标准发放——是”这类合规性判断较常见，不在此列。

    错误示例：效益指标“企业创新创业水平是否提升”，指标值“是”。

    正确示例：“新增高新技术企业数量”，指标值“≥15家”。
    """
    for ind, row in _valued(project, ctx):
        if row.category == "效益" and not row.satisfaction and row.yes_no:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)
