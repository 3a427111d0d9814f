"""指标值 V235–V240 (added after V234; codes are permanent): values and indicators that say something else than
they mean — a value with two units, "人/次" for 人次, the unit's own staff and travel counted as an output,
质量 rows that only restate the 数量 rows as "完成率", a 时效 that is a span running past the budget year, and a
三级 that is a category label or a requirement."""
from __future__ import annotations

import re

from ...form.findings import Severity
from ...form.taxonomy import canonical_level1, canonical_level2
from ...text.normalize import squash
from .._shared import hit, project_label, ref_of, rule
from ._parsed import SOURCE_101, _name, _rows, _valued

# ------------------------------------------------------------------ V235 (added after V234; codes are permanent)
# "28.8万元%", "50个%", "应保尽保%": a unit (or a word) and then a per cent sign, as when a 计量单位 column holding
# "%" is joined to a value that already has its unit. "%" alone, "百分比" and "‰" are a percentage, not this.
_WORD_THEN_PERCENT = re.compile(r"[\u4e00-\u9fffA-Za-z]+[%％]$")


@rule("V235", Severity.WARNING, "指标值带了两个单位",
      "{project}的三级指标“{level3}”的指标值“{value}”在{what}后面又写了“%”，单位自相矛盾，看不出考核的是"
      "{first}还是百分比。", "只保留一个单位：金额写“≤28.8万元”，比率写“=100%”；计量单位栏与指标值栏分开时，"
      "两栏的单位要一致。", source=SOURCE_101)
def two_units(project, ctx):
    """指标值写了一个单位（或一个词）之后又带了“%”，如“28.8万元%”“应保尽保%”。

    为什么：预算系统把指标值和计量单位分两栏填，导出或抄录时合在一起；两栏不一致（金额配“%”、文字配“%”）
    说明其中一栏填错了，年底不知道按金额还是按比率考核。只在“%”紧跟在非数字的单位或文字之后时报告；
    单独的“%”“‰”以及把“百分比”写成单位的（部分省份预算系统的计量单位名称）不报。审核要点：完整性
    （指标值与计量单位清晰、一致）。

    错误示例：数量指标“业务经费安排金额”，指标值“28.8万元%”；社会效益指标“困难群众救助”，指标值“应保尽保%”。

    正确示例：成本指标“业务经费”，指标值“≤28.8万元”；质量指标“救助对象覆盖率”，指标值“=100%”。
    """
    for ind, row in _valued(project, ctx):
        p = row.parsed
        if p.kind == "quantitative" and p.unit and len(p.unit) > 1 and p.unit[-1] == "%":
            what, first = f"单位“{p.unit[:-1]}”", p.unit[:-1]
        elif p.kind == "qualitative" and _WORD_THEN_PERCENT.search(squash(ind.value)):
            what, first = "文字", "文字所说的要求"
        else:
            continue
        yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                  what=what, first=first)


# ------------------------------------------------------------------ V236 (added after V235; codes are permanent)
# "人/次" reads "people per time"; what is meant is the count 人次 (one person once = one 人次).
_PER_TIME_UNITS = {"人/次": "人次", "户/次": "户次", "车/次": "车次", "辆/次": "辆次", "台/次": "台次", "架/次": "架次",
                   "件/次": "件次", "场/次": "场次", "批/次": "批次"}


@rule("V236", Severity.INFO, "计量单位写成了“人/次”",
      "{project}的三级指标“{level3}”的计量单位写成“{unit}”（每次多少人），要表示的应是累计的“{proper}”。",
      "把单位改为“{proper}”，如“≥{number}{proper}”。")
def per_time_unit(project, ctx):
    """计量单位把“人次”写成了“人/次”（“户/次”“台/次”同理）。

    为什么：“人次”是累计的人数（一人参加一次算一人次），“人/次”的意思是每次多少人，是一个比值；写成
    “培训≥500人/次”，年底统计的口径就不清楚了。只报这些固定写法的单位（人/次、户/次、车/次、辆/次、台/次、
    架/次、件/次、场/次、批/次）。审核要点：完整性（指标值清晰、口径明确）。

    错误示例：数量指标“开展培训”，指标值“≥500人/次”。

    正确示例：数量指标“培训人次”，指标值“≥500人次”。
    """
    for ind, row in _valued(project, ctx):
        p = row.parsed
        proper = _PER_TIME_UNITS.get(p.unit or "") if p.kind == "quantitative" else None
        if proper:
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), unit=p.unit,
                      proper=proper, number=f"{p.number:g}")


# ------------------------------------------------------------------ V237 (added after V236; codes are permanent)
# The unit's own staff time and travel: "出差人数", "出差人次", "差旅次数", "加班天数", "聘用人员数量".
_STAFF_INPUT_RE = re.compile(r"(?:出差|差旅|加班)(?:人数|人次|次数|天数|人员)?$"
                             r"|^(?:聘用|聘请|招聘|雇用|雇佣|新招)(?:人员|工作人员|员工|职工)?(?:人数|数量|数)?$")


@rule("V237", Severity.WARNING, "产出指标填的是本单位的人力投入",
      "{project}的数量指标“{level3}”数的是本单位投入的人力或差旅，不是资金提供的产品和服务。",
      "数量指标写工作的对象和成果，如“检查回收网点数≥30个”“规范整治市场数≥5个”；出差、聘用多少人是投入，"
      "写在资金用途或测算中。", source="财预〔2015〕88号《中央部门预算绩效目标管理办法》")
def staff_input_as_output(project, ctx):
    """数量指标数的是出差、差旅、加班或聘用的人数、次数。

    为什么：财力、人力和物力等投入数量不能作为绩效目标（88号文）；“出差人数=8”“聘用人员1人”说明花了多少
    人力，年底只要人去了就“完成”，看不出为服务对象做了什么。只看数量指标的三级指标名称，出差、差旅、加班
    的人数/人次/次数/天数，以及聘用、招聘人员的人数（培训、服务、接待的人次是产出，不报）。V224 报告投入
    的资金。审核要点：相关性（产出与项目对应）。

    错误示例：数量指标“出差人次”，指标值“=24人次”；“聘用人员数量”，指标值“1人”。

    正确示例：数量指标“检查再生资源回收网点数”，指标值“≥30个”。
    """
    for ind, row in _rows(project, ctx):
        if row.category == "数量" and row.name and _STAFF_INPUT_RE.search(row.name):
            yield hit(ref_of(ind, "level3"), project=project_label(project), level3=_name(ind))


# ------------------------------------------------------------------ V238 (added after V237; codes are permanent)
_RATE_TAIL = re.compile(r"(?:完成率|达标率|达成率|完成比例|完成比率|完成度|完成情况)$")
_COUNT_TAIL = re.compile(r"(?:人次|批次|场次|期次|数量|次数|个数|人数|户数|期数|总数|次|批|个|人|数)$")
_MIN_STEM = 4  # a shorter stem ("培训") names no particular 数量 row


def _stem(name: str, tail: re.Pattern) -> str:
    return tail.sub("", name)


def _restates(quality: str, quantities: list[str]) -> bool:
    stem = _stem(quality, _RATE_TAIL)
    if stem == quality or len(stem) < _MIN_STEM:
        return False
    for q in quantities:
        bare = _stem(q, _COUNT_TAIL)
        if stem in (q, bare) or (len(bare) >= _MIN_STEM and (q.endswith(stem) or stem.endswith(bare))):
            return True
    return False


@rule("V238", Severity.WARNING, "质量指标只是数量指标的完成率",
      "{project}的质量指标{names}只是把数量指标改写成“完成率”“达标率”，没有反映产品和服务的质量。",
      "数量完成多少已由数量指标考核；质量指标写达到的标准，如“培训考核合格率≥95%”“课程评估优良率≥90%”。",
      source=SOURCE_101)
def quality_restates_quantity(project, ctx):
    """质量指标是某个数量指标的“完成率”“达标率”（如数量“授课人次25人次”，质量“授课完成率100%”）。

    为什么：101号文把质量指标定义为产品和服务达到的标准（合格率、达标率、优良率……）；“X完成率100%”只是说
    数量指标的 X 要全部完成，与数量指标重复，真正的质量（培训合格、工程验收、服务达标）没有指标。质量指标的
    名称去掉“完成率”“达标率”“完成比例”后，与某个数量指标的名称（去掉“人次”“数量”“次数”等）相同或首尾相接、
    且至少 4 个字时报告；每个项目报一次，标出所有这样的行。审核要点：相关性、完整性（指标细化、不重复）。

    错误示例：数量指标“邀请专家授课人次 25人次”“开设课程数量 220门”；质量指标“邀请专家授课完成率 100%”
    “课程数量达标率 100%”。

    正确示例：质量指标“学员结业考核合格率≥95%”“课程评估优良率≥90%”。
    """
    rows = _rows(project, ctx)
    quantities = [row.name for _, row in rows if row.category == "数量" and row.name]
    found = [ind for ind, row in rows if row.category == "质量" and row.name and _restates(row.name, quantities)]
    if found:
        refs = [r for r in (ref_of(ind, "level3") for ind in found) if r is not None]
        yield hit(refs[0] if refs else None, also=refs[1:], project=project_label(project),
                  names="、".join(f"“{_name(ind)}”" for ind in found))


# ------------------------------------------------------------------ V239 (added after V238; codes are permanent)
# A start and an end date: "2023.07-2024.01", "2023年7月至2024年1月", "2023/07/01—2024/01/31".
_SPAN_RE = re.compile(r"(?P<y1>(?:19|20)\d{2})[.年/-]\d{1,2}\D{0,6}?(?:-|~|～|—|–|至|到)"
                      r"(?P<y2>(?:19|20)\d{2})[.年/-]\d{1,2}")


@rule("V239", Severity.WARNING, "时效指标填的是跨年度的起止期间",
      "{project}的时效指标“{level3}”填的是起止期间“{value}”，不是完成时限；期间延续到{end}年，超出了{year}年度"
      "预算。", "时效指标写本年度内的完成时限（如“{year}年12月底前”）或按时完成率；跨年度的服务或工程，写明本年度"
      "应完成到什么程度，其余列入下一年度的目标。", source=SOURCE_101)
def span_past_budget_year(project, ctx):
    """时效指标值是一段起止期间，且结束在预算年度之后（如 2023 年度的表填“2023.07-2024.01”）。

    为什么：时效指标考核本年度的工作什么时候完成，指标值应是完成时限或按时完成率；起止期间只是说明工作
    持续多久，年底考核时期间还没结束，无法判断是否按时。跨年度的期间还说明本年度预算安排的工作与目标
    不在同一个年度里，审核时要问本年度完成到什么程度。只在指标值写了起、止两个带年份的日期、止的年份
    晚于表的年度时报告。审核要点：可行性（目标能否在预算年度内考核）、适当性。

    错误示例：2023 年度的时效指标“服务周期”，指标值“2023.07-2024.01”。

    正确示例：时效指标“本年度服务完成时间”，指标值“2023年12月底前”；或“按合同约定时间完成率”，“=100%”。
    """
    year = ctx.form.year if hasattr(ctx, "form") else None
    if not isinstance(year, (int, float)):
        return
    for ind, row in _valued(project, ctx):
        m = _SPAN_RE.search(squash(ind.value)) if row.category == "时效" else None
        if m and int(m.group("y2")) > year >= int(m.group("y1")):
            yield hit(ref_of(ind, "value"), project=project_label(project), level3=_name(ind), value=ind.value,
                      end=m.group("y2"), year=f"{year:g}")


# ------------------------------------------------------------------ V240 (added after V239; codes are permanent)
# A requirement written where the thing measured belongs: "控制在预算成本内", "确保资金安全", "严格按标准执行".
_REQUIREMENT_RE = re.compile(r"^(?:控制在|确保|保证|严格|力争|务必|必须|不超过|不低于|不高于)"
                             r"|(?:以内|之内|范围内|成本内|预算内)$")


@rule("V240", Severity.WARNING, "三级指标写的是类别名或一句要求",
      "{project}的三级指标“{level3}”{what}，没有说出考核的是什么事项。",
      "三级指标写具体考核的事项（如“每公里道路硬化成本”“受益农户户数”），要求和目标写在指标值里（如“≤120万元/公里”）。",
      source=SOURCE_101)
def name_is_label_or_requirement(project, ctx):
    """三级指标写的是一级/二级的类别名（“社会成本指标”“数量指标”），或是一句要求（“控制在预算成本内”）。

    为什么：三级指标是二级指标下具体考核的事项，指标值是它的目标。三级写成类别名，等于没有写考核什么，
    指标值（如“100%”）不知道是什么的100%；写成“控制在预算成本内”“确保资金安全”这样的要求，要求本身
    就是目标，指标值一栏只能重复或随便填。类别名只认以“指标”结尾的印刷写法（满意度除外：“服务对象满意度
    指标≥90%”说得出考核什么）；要求只认以“控制在”“确保”“严格”“不超过”等开头或以“以内”“成本内”“预算内”
    结尾的名称。审核要点：完整性（指标清晰、具体）。

    错误示例：成本指标下三级指标“社会成本指标”，指标值“100%”；三级指标“控制在预算成本内”，指标值“250万元”。

    正确示例：三级指标“每台设备年服务费”，指标值“≤25万元/台”。
    """
    for ind, row in _rows(project, ctx):
        name = row.name
        if not name or row.satisfaction:
            continue
        if name.endswith("指标") and (canonical_level1(name) or canonical_level2(name)):
            what = "是类别名，不是具体指标"
        elif _REQUIREMENT_RE.search(name):
            what = "是一句要求"
        else:
            continue
        yield hit(ref_of(ind, "level3"), project=project_label(project), level3=_name(ind), what=what)
