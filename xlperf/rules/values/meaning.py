"""指标值 V222–V224 (added one by one after V221; codes are permanent): values that measure the wrong thing —
质量 answered only with 是/否, a floor on a lower-is-better indicator, an input amount as an output."""
from __future__ import annotations

import re

from ...form.findings import Severity
from ...text.normalize import squash
from .._shared import hit, project_label, ref_of, rule
from ._parsed import SOURCE_101, _fmt, _name, _valued


# ------------------------------------------------------------------ V222 (added after V221; codes are permanent)
@rule("V222", Severity.INFO, "质量指标只填了“是/否”",
      "{project}的质量指标“{level3}”的指标值只有“{value}”，只能说明做没做到，看不出达到什么程度。",
      "能用比率衡量的改为比率，如“按标准拨付资金比例”“=100%”；确实只能判断是否合规的，可保留。",
      source=SOURCE_101)
def quality_yes_no(project, ctx):
    """质量指标只填了“是”或“否”。

    为什么：质量指标反映产品或服务达到的标准，用合格率、达标率等比率更便于考核；
    “是否按照补贴标准下发资金——是”只是表态。合规性判断在一些指标库中也可接受，所以只作提示。
    效益指标填“是/否”由 V214 以警告报告。

    错误示例：质量指标“按照补贴标准下发资金”，指标值“是”。

    正确示例：质量指标“按标准拨付资金比例”，指标值“=100%”。
    """
    for ind, row in _valued(project, ctx):
        if row.category == "质量" and not row.satisfaction and row.yes_no:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V223 (added after V222; codes are permanent)
@rule("V223", Severity.WARNING, "越低越好的指标设了下限",
      "{project}的三级指标“{level3}”是越低越好的指标，指标值“{value}”却规定了最低值（“{comparator}”），"
      "等于说越高越好，方向反了。",
      "把“{comparator}”改为“≤”（或“<”），如“≤{number}{unit}”；如果要考核的是下降的幅度，"
      "请把三级指标改为“…下降率”或“…降低幅度”。")
def lower_is_better_floor(project, ctx):
    """越低越好的指标设了下限（流失率、死亡率、事故、投诉……用了“≥”“＞”“不低于”）。

    为什么：流失率、辍学率、死亡率、发病率、损耗率、失业率、差错率，以及事故、投诉、撂荒、返贫、超标的
    次数或比率，都是越低越好；“≥3%”等于要求至少流失 3%，年底无论实际多低都算“未完成”，多半是把“≤”
    打成了“≥”。判断依据是三级指标名称（没有三级指标时看指标描述）。
    讲处理、改善这类坏事的指标是越高越好，不报告：名称中该词后面还接着别的考核内容（“投诉办结率”
    “事故处理率”“死亡率下降率”），或含“办结”“处理”“整改”“下降”“降低”“监测”“覆盖”等词的
    （“降低辍学率”“返贫监测覆盖率”“撂荒地复耕率”）。

    错误示例：三级指标“乡村教师年度流失率”，指标值“≥3%”；“安全生产事故发生起数”，指标值“>0起”。

    正确示例：“乡村教师年度流失率”，指标值“≤3%”；“投诉办结率”，指标值“≥95%”。
    """
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if row.lower_better and p.kind == "quantitative" and p.comparator in ("≥", ">"):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      comparator=p.comparator, number=_fmt(p.number), unit=p.unit or "")


# ------------------------------------------------------------------ V224 (added after V223; codes are permanent)
# Money or people spent: "投入资金", "拨付资金", "资金投入", "使用资金", "投入人力", "下达经费" …
_INPUT_RE = re.compile(
    r"(?:投入|拨付|下达|安排|使用|支出|支付|花费|耗用)(?:的)?(?:财政)?(?:资金|经费|人力|物力|财力|预算)"
    r"|(?:资金|经费|人力|物力|财力|预算)(?:投入|拨付|下达|安排|使用|支出|支付|花费|耗用)"
)
# Someone else's money the project brings about (an effect), or money saved (a cost measure): not an input.
_NOT_OWN_INPUT = ("带动", "撬动", "吸引", "引导", "拉动", "社会", "自筹", "研发", "融资", "节约", "节省", "节支")


@rule("V224", Severity.WARNING, "产出指标填的是投入的资金",
      "{project}的{category}指标“{level3}”的指标值是金额“{value}”，衡量的是投入了多少资金或人力，而不是"
      "提供了多少产品和服务。",
      "产出指标写资金换来的产品和服务，如“补助企业数量≥35家”“改造校舍面积≥18000平方米”；花多少钱写在成本"
      "指标（单位成本，如“每家企业补助标准≤10万元”），钱拨得是否及时、足额写在时效或质量指标（如“资金拨付"
      "及时率=100%”）。", source="财预〔2015〕88号《中央部门预算绩效目标管理办法》")
def input_as_output(project, ctx):
    """产出指标（数量、质量）填的是投入的资金或人力，而不是产出。

    为什么：绩效目标说的是资金花出去以后提供了什么、达到什么效果；财力、人力和物力等投入数量不能作为绩效
    目标。数量指标“投入资金≥350万元”年底只要钱花完就“达成”，考核不出任何产出，审核时属于“指标与指标值
    不匹配”。只在二级指标为数量或质量、三级指标或描述讲的是投入、拨付、使用的资金（或人力、物力）、而指标值
    是金额（元、万元，不含“万元/家”这类标准）时报告。成本指标本来就写金额，不在此列；“资金拨付率”“资金到位率”
    这类比率的指标值是百分比，也不在此列（放在成本指标下时由 V221 报告）。带动的社会投资、企业研发投入是
    效果，节约的资金是成本，都不报。

    错误示例：数量指标“投入资金”，指标值“≥350万元”；质量指标“拨付资金总额”，指标值“=350万元”。

    正确示例：数量指标“补助企业数量”，指标值“≥35家”；成本指标“每家企业补助标准”，指标值“≤10万元”。
    """
    for ind, row in _valued(project, ctx):
        if row.category not in ("数量", "质量") or not row.money or "/" in (row.parsed.unit or "") or row.rate_name:
            continue
        # each text on its own: "企业研发投入" in the description does not excuse "投入资金" as the 三级指标
        if any(_INPUT_RE.search(text) and not any(w in text for w in _NOT_OWN_INPUT)
               for text in (row.name, squash(ind.description))):
            yield hit(ref_of(ind, "level3"), project=project_label(project), category=row.category, level3=_name(ind),
                      value=ind.value)
