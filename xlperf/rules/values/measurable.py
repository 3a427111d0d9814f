"""指标值 V225–V230 (added after V224; codes are permanent; classes reviewers of real forms mark, issue 17):
targets that cannot be checked as written — a rate floor of 100%, a percentage on something no rate measures,
a cost of zero, the value written into the indicator's name, a rule or procedure as the value, a count of
people given in households."""
from __future__ import annotations

import re

from ...form.findings import Severity
from ...text.normalize import squash
from ...text.values import is_money_unit
from .._shared import hit, project_label, ref_of, rule
from ._parsed import SOURCE_101, _claimed_by_category, _name, _valued

SOURCE_88 = "财预〔2015〕88号《中央部门预算绩效目标管理办法》"
_PERCENT_UNITS = ("%", "百分比", "％")


# ------------------------------------------------------------------ V225
@rule("V225", Severity.INFO, "比率目标写成了“≥100%”",
      "{project}的三级指标“{level3}”的指标值“{value}”要求比率不低于100%，而这个比率最高就是100%。",
      "写成“=100%”；如果允许少量未完成，写实际可达到的下限，如“≥95%”。")
def rate_floor_of_hundred(project, ctx):
    """比率目标写成了“≥100%”（或“100%以上”“不低于100%”）。

    为什么：完成率、合格率、及时率这类比率最高就是100%，“≥100%”的意思只能是“=100%”，写成下限说明没有
    想清楚目标；“百分比”写成单位的（“≥100百分比”）同样处理。增长率、回报率等可以超过100%的比率不在此列。
    审核要点：适当性（指标值是否合理、可考核）。

    错误示例：“项目(工程)完成及时率”，指标值“≥100%”。

    正确示例：“项目(工程)完成及时率”，指标值“=100%”。
    """
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if (row.capped and p.kind == "quantitative" and p.unit in _PERCENT_UNITS and p.comparator in ("≥", ">")
                and p.number == 100):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V226
# Words that make a name a measurable quantity, so a percentage of it means something: rates and shares, counts
# and amounts, a degree or level, a result that is passed or completed.
_MEASURE_WORDS = re.compile(
    r"率|比例|占比|比重|满意|覆盖|度|数|量|额|值|指数|系数|面积|收入|产值|增长|增幅|下降|降低|幅|比|分|水平|成本|价格|"
    r"长度|里程|人次|规模|标准|效益|考核|结果|完成|到位|执行|合格|达标|验收|知晓|参与")


@rule("V226", Severity.WARNING, "用百分比衡量不可衡量的目标",
      "{project}的三级指标“{level3}”是一个目标或愿望，不是可以计算比例的量，指标值“{value}”无法考核。",
      "把三级指标改成可以计量的事项，如“村集体经济收入增长率”“矛盾纠纷化解率”“生活垃圾清运率”，"
      "或改用数量（如“≥10次”）；确实只能定性的，用分级分档的表述并写明标准。",
      source=SOURCE_101)
def unmeasurable_rate(project, ctx):
    """三级指标是目标或愿望（“维护社会稳定”“促进村集体经济发展”），指标值却是百分比。

    为什么：百分比是“分子÷分母”，只有可计数、可计量的事项才有比例。“维护社会稳定≥95%”说不出是什么的95%，
    年底无从核对，只是把套话配上一个数。三级指标名称里没有任何可计量的词（率、比例、数、量、额、面积、
    收入、程度、满意、达标、完成……）而指标值是百分比时报告，问题同时标在名称和指标值上。
    审核要点：相关性（指标是否细化、量化）、可行性（能否考核）。

    错误示例：社会效益指标“维护社会稳定”，指标值“≥95%”；可持续影响指标“项目维持时效”，指标值“≥95%”。

    正确示例：社会效益指标“矛盾纠纷化解率”，指标值“≥95%”。
    """
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if (p.kind == "quantitative" and p.unit in _PERCENT_UNITS and row.name and not row.satisfaction
                and not row.unitless and not _MEASURE_WORDS.search(row.name)):
            yield hit(ref_of(ind, "value"), also=[ref_of(ind, "level3")], project=project_label(project),
                      level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V227
@rule("V227", Severity.WARNING, "成本指标值为0",
      "{project}的成本指标“{level3}”的指标值“{value}”是0，成本目标失去了意义。",
      "用合适的单位写出实际的成本上限：金额小于0.5万元的用“元”（如“≤1250元/人”），不要按万元取整成0。")
def cost_of_zero(project, ctx):
    """成本指标值是0（“=0万元”“=0万元/人”）。

    为什么：列为成本的事项就要花钱，成本为0与把它列为成本自相矛盾；多半是小额成本按“万元”四舍五入成了0。
    这样的成本指标年底无法考核。审核要点：适当性（资金与目标是否匹配）。

    错误示例：成本指标“出差单位成本”，指标值“=0万元/人”。

    正确示例：成本指标“出差单位成本”，指标值“≤1250元/人”。
    """
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if row.category == "成本" and p.kind == "quantitative" and p.number == 0 and is_money_unit(p.unit):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V228
# A name that ends in a number and a unit of count or measure: "村组干部230人", "新建水泥路1条".
_NUMBER_AT_END = re.compile(
    r"\d+(?:\.\d+)?(?:人|个|条|家|户|次|所|座|处|项|台|辆|株|棵|亩|吨|公里|千米|km|米|平方米|万元|元|间|套|场|期|批|名)$",
    re.IGNORECASE)


@rule("V228", Severity.WARNING, "三级指标名称里写了数值",
      "{project}的三级指标“{level3}”把数值写进了名称，指标值“{value}”又另写了一个数。",
      "名称只写考核的事项（如“新建水泥路里程”“村组干部人数”），数值和单位写在指标值里（如“=2公里”“=230人”）。")
def value_in_name(project, ctx):
    """三级指标名称以数值和单位结尾（“村组干部230人”），指标值又是一个数。

    为什么：三级指标是考核的事项，指标值才是目标。数值写进名称后，名称和指标值说的是两个数（“新建水泥路
    1条”与“2km”），年底按哪个考核说不清；改了目标也要改名称。审核要点：完整性（清晰、具体）。

    错误示例：数量指标“村组干部230人”，指标值“≥230个”。

    正确示例：数量指标“村组干部人数”，指标值“=230人”。
    """
    for ind, row in _valued(project, ctx):
        if row.parsed.kind == "quantitative" and row.name and _NUMBER_AT_END.search(row.name):
            yield hit(ref_of(ind, "level3"), project=project_label(project), level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V229
# "严格执行相关制度规定", "按规定程序采购", "符合相关规定": a rule to follow, not a result.
_RULE_VALUE = re.compile(
    r"^(?:严格)?(?:执行|按照|依照|依据|根据|遵照|遵守|符合|按)[^0-9０-９]{0,12}?(?:规定|制度|办法|政策|程序|流程|文件)")


@rule("V229", Severity.WARNING, "指标值写的是制度或程序",
      "{project}的三级指标“{level3}”的指标值“{value}”是要遵守的制度或程序，不是可以考核的目标。",
      "写出遵守制度的结果，如“资金使用合规率=100%”“政府采购程序合规率=100%”；制度本身可写在指标描述中。",
      source=SOURCE_88)
def rule_as_value(project, ctx):
    """指标值写的是要遵守的制度、政策或程序（“严格执行相关制度规定”“按规定程序采购”）。

    为什么：绩效目标是资金使用后要达到的产出和效果；“按规定执行”是本来就要做到的要求，怎样都能说做到了，
    无法考核。只在指标值以执行、按照、依据、符合等开头并提到规定、制度、办法、政策、程序、文件，且没有数字时
    报告。数量、时效、成本、满意度指标的文字指标值已由各自的规则报告，这里不重复。审核要点：完整性（清晰、可衡量）。

    错误示例：质量指标“经费支出合规性”，指标值“严格执行相关制度规定”。

    正确示例：质量指标“经费支出合规率”，指标值“=100%”。
    """
    for ind, row in _valued(project, ctx):
        if row.parsed.kind != "qualitative" or _claimed_by_category(row):
            continue
        if _RULE_VALUE.search(squash(row.parsed.qualitative)):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value)


# ------------------------------------------------------------------ V230
_PEOPLE_NAME = re.compile(r"人数|人口|人次")
_HOUSEHOLD_NAME = re.compile(r"户数")


@rule("V230", Severity.WARNING, "指标值的单位与名称不符",
      "{project}的三级指标“{level3}”数的是{counts}，指标值“{value}”的单位却是“{unit}”。",
      "统一名称和单位：数人的写“人”（如“≥30人”），数户的把名称改为“…户数”并写“户”。")
def unit_contradicts_name(project, ctx):
    """三级指标数的是人（人数、人口、人次），指标值却以户、家、个计；或数的是户，指标值以人计。

    为什么：人数和户数差好几倍，单位与名称不符时年底不知道按哪个考核，也看不出目标是否合理。
    审核要点：完整性（指标与指标值匹配）。

    错误示例：“受益脱贫户、监测户人口数”，指标值“≥10户”。

    正确示例：“受益脱贫户、监测户人口数”，指标值“≥35人”；或“受益脱贫户、监测户户数”，“≥10户”。
    """
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if p.kind != "quantitative" or not p.unit or not row.name:
            continue
        if _PEOPLE_NAME.search(row.name) and p.unit in ("户", "家", "个"):
            counts = "人"
        elif _HOUSEHOLD_NAME.search(row.name) and not _PEOPLE_NAME.search(row.name) and p.unit in ("人", "人次"):
            counts = "户"
        else:
            continue
        yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                  counts=counts, unit=p.unit)
