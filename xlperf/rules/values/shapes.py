"""指标值 V206–V212: the value's shape for its category (数量 a count, 时效 a deadline, 成本 an amount with no
floor, 满意度 a percentage at or above the minimum)."""
from __future__ import annotations

from ...form.findings import Severity
from .._shared import hit, project_label, ref_of, rule
from ._parsed import _SATISFACTION_UNITS, _date_serial, _fmt, _name, _valued


# ------------------------------------------------------------------ V206–V212 value shape per category
@rule("V206", Severity.WARNING, "数量指标没有填写数量",
      "{project}的数量指标“{level3}”的指标值是“{value}”，不是一个数量。",
      "数量指标写“计算符号＋数量＋单位”，如“≥35家”“=4次”；如果这项内容本来就不是数量，"
      "请把它改写为可计数的三级指标（如“补助企业数量”），或移到质量、效益等合适的类别。")
def quantity_not_a_count(project, ctx):
    """数量指标没有填写数量（填了“是/否”、文字或日期）。

    为什么：数量指标反映提供了多少产品或服务，指标值应当是可以计数核对的数量；
    “是”“否”或一段文字无法在年底考核“完成了多少”。不带单位的数字由 V203 报告。

    错误示例：数量指标“下发资金标准”，指标值“是”。

    正确示例：数量指标“拨付高企数量”，指标值“≥100家”。
    """
    for ind, row in _valued(project, ctx):
        # a period said with an event or a schedule ("收到申请后10日内", "按季度") is a time limit, not a count;
        # a plain duration ("≥3天", for 培训天数) may well be one
        p = row.parsed
        if row.category == "数量" and (p.kind in ("qualitative", "deadline") or (p.kind == "period" and p.anchor)):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V207", Severity.WARNING, "时效指标值不是时限",
      "{project}的时效指标“{level3}”的指标值是“{value}”，既不是完成时限、期限，也不是按时完成率{note}。",
      "写明完成时限（如“2021年12月底前”）、期限（如“≤15个工作日”）或按时完成率（如“=100%”）。")
def timeliness_not_a_deadline(project, ctx):
    """时效指标值不是时限、期限或按时完成率。

    为什么：时效指标考核“什么时候完成”，指标值应当是截止时间、办理期限或按时完成的比率；
    “是”“及时”之类的回答无法核对是否按时。从某事起算的期限（“收到申请后10日内”）、相对或
    周期性的截止时间（“次年3月底前”“每季度末前”）和固定节奏（“按季度”）都算时限。
    也报告：一段时长的下限（“≥1年”，是有效期或持续时间，说不出何时完成）；一个 Excel 日期序号
    （“=44,561”，复制时丢了日期格式，即2021-12-31）。

    错误示例：时效指标“资金拨付是否及时”，指标值“是”。

    正确示例：时效指标“资金拨付完成时间”，指标值“2021年12月底前”；或“资金拨付及时率”，“=100%”。
    """
    # Time limits counted from an event ("收到申请后10日内", "每季度结束后15个工作日内"), relative or recurring
    # deadlines ("次年3月底前", "每月10日前", "每季度末前") and schedules ("按季度", "每季度": the work's rhythm,
    # accepted as a time limit) are read by ``parse_value`` as period/deadline, so they pass.
    for ind, row in _valued(project, ctx):
        if row.category != "时效" or row.satisfaction:
            continue
        p = row.parsed
        serial = _date_serial(row)
        if serial:
            note = f"（像是丢了日期格式的 Excel 日期序号，即{serial}）"
        elif p.kind == "period" and p.comparator in ("≥", ">"):
            note = "（这是一段时长的下限，说不出何时完成）"
        elif p.kind == "qualitative" or (p.kind == "quantitative" and p.unit is not None and p.unit != "%"):
            note = ""
        else:
            continue
        yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                  note=note)


@rule("V208", Severity.WARNING, "成本指标值不是金额",
      "{project}的成本指标“{level3}”的指标值是“{value}”，不是金额。",
      "成本指标写单位成本或成本上限，单位用元或万元，如“≤10万元/家”“≤2000元/人”。")
def cost_not_money(project, ctx):
    """成本指标值不是金额。

    为什么：成本指标反映花多少钱，指标值应当是单位成本或成本控制上限（元、万元）。
    百分比由 V209 报告；名称是与成本无关的比率（如“资金完成率”）时，由 V221 指出放错了类别，
    这里不再重复。社会成本、生态环境成本（财预〔2021〕101号）可以不是金额，不在此列。
    成本指标下只写“万”“亿”而没有“元”（“150万”“≤5万/家”）按万元、亿元算：成本就是钱，这里的“万”不会是万人。

    错误示例：成本指标“专家评审”，指标值“4次”；“补助标准”，指标值“按文件执行”。

    正确示例：成本指标“每家企业补助标准”，指标值“≤10万元”。
    """
    for ind, row in _valued(project, ctx):
        if row.category != "成本" or row.cost_misfit or row.bare:
            continue
        if not row.money and not row.percent:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V209", Severity.WARNING, "成本指标值是百分比",
      "{project}的成本指标“{level3}”的指标值是百分比“{value}”，成本指标宜用金额表示。",
      "改为单位成本或成本上限（如“≤10万元/家”）；确需使用节支率等比率时，可保留并在描述中说明计算口径。")
def cost_as_percent(project, ctx):
    """成本指标值是百分比。

    为什么：成本指标应当说明花多少钱（元、万元）。一些较早的指标库用节支率、成本降低率等百分比，
    所以这里只是警告而不是错误。名称与成本无关的比率（如“资金完成率”）由 V221 报告，这里不再重复。

    错误示例：成本指标“成本节约率”，指标值“≥5%”（可以，但不如金额直观）。

    正确示例：成本指标“每家企业补助标准”，指标值“≤10万元”。
    """
    for ind, row in _valued(project, ctx):
        if row.category == "成本" and not row.cost_misfit and row.percent:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V210", Severity.WARNING, "成本指标设了下限",
      "{project}的成本指标“{level3}”的指标值“{value}”规定的是最低金额，成本应当设上限。",
      "把“{comparator}”改为“≤”（或“=”），如“≤{number}{unit}”。")
def cost_floor(project, ctx):
    """成本指标用“≥”“＞”设了下限。

    为什么：成本指标控制的是花钱的上限，“≥5万元”等于说花得越多越好，方向反了。

    错误示例：成本指标“每家企业补助标准”，指标值“≥5万元”。

    正确示例：“≤5万元”。
    """
    for ind, row in _valued(project, ctx):
        if row.category == "成本" and row.money and row.parsed.comparator in ("≥", ">"):
            p = row.parsed
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      comparator=p.comparator, number=_fmt(p.number), unit=p.unit)


@rule("V211", Severity.WARNING, "满意度指标值不是百分比",
      "{project}的满意度指标“{level3}”的指标值是“{value}”，不是百分比。",
      "满意度写成百分比，如“≥90%”（按问卷调查中满意和基本满意的比例计算）。")
def satisfaction_not_percent(project, ctx):
    """满意度指标值不是百分比。

    为什么：满意度通过问卷调查得到，以满意的比例（%）衡量；“满意”“较高”之类的文字无法核对。
    百分制得分（如“≥90分”）也可接受。不带“%”的数字由 V204 报告。

    错误示例：满意度指标“被服务企业满意度”，指标值“满意”。

    正确示例：“≥90%”。
    """
    for ind, row in _valued(project, ctx):
        if not row.satisfaction or row.bare:
            continue
        p = row.parsed
        if p.kind != "quantitative" or p.unit not in _SATISFACTION_UNITS:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


@rule("V212", Severity.WARNING, "满意度目标低于最低要求",
      "{project}的满意度指标“{level3}”的指标值“{value}”低于设定的最低值 {minimum}%。",
      "把目标提高到不低于要求的最低值{minimum}%（这个最低值来自工作簿“设置”表的“满意度最低值”，"
      "或财政部门校验时使用的设置文件；对标准有疑问请与财政部门核实）。")
def satisfaction_below_minimum(project, ctx):
    """满意度目标低于设定的最低值（默认 90%，可在设置中调整）。

    为什么：满意度目标定得过低，说明目标不够积极，审核时通常会要求提高。没有全国统一的最低值，
    常见做法是 90% 或 95%，所以默认取 90%，各地可在“设置”表或 --config 中调整。

    错误示例：“被服务企业满意度”，指标值“≥80%”。

    正确示例：“≥90%”。
    """
    minimum = ctx.config.satisfaction_min
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if row.satisfaction and row.percent and p.comparator in (None, "≥", ">", "=") and p.number < minimum:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      minimum=_fmt(minimum))
