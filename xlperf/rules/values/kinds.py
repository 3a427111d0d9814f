"""指标值 V231–V234 (added after V230; codes are permanent): indicators that measure something other than their
category says — a fund-execution or upkeep measure as a 效益 or 质量, an 经济/生态 效益 with nothing economic or
ecological in it, a technical specification as a 数量 — and one figure pasted into most rows."""
from __future__ import annotations

import re
from collections import Counter

from ...form.findings import Severity
from .._shared import hit, project_label, ref_of, rule
from ._parsed import SOURCE_101, _level2, _name, _rows, _valued

# ------------------------------------------------------------------ V231 (added after V230; codes are permanent)
# Whether money arrived, was paid or kept the unit running: "经费保障率", "资金到位率", "支出到位率",
# "利息补贴保障率", "足额保障率", "保证单位正常运转".
_MONEY = r"(?:资金|经费|费用|利息|补贴|补助|工资|薪酬|报酬|预算|支出|足额)"
_PROCESS_RE = re.compile(_MONEY + r"\S{0,8}?(?:保障|到位|拨付|支付|执行|兑付|发放)率"
                         r"|(?:保障|保证|确保|维持|维护)\S{0,6}?正常运转")
# Under 质量 only the plainest of them: whether the money arrived or was spent is not the quality of a service.
_QUALITY_PROCESS_RE = re.compile(r"(?:资金|经费|预算|支出)\S{0,8}?(?:到位|执行)率|正常运转")


@rule("V231", Severity.WARNING, "效益或质量指标写的是资金保障过程",
      "{project}的{category}指标“{level3}”衡量的是资金是否到位、是否足额保障或单位是否正常运转，这是执行"
      "过程，不是{what}。",
      "{category}指标写资金用出去以后{aim}；资金到位、拨付、执行的情况如需考核，写在时效指标（如“资金拨付"
      "及时率”）或删去。", source=SOURCE_101)
def process_as_result(project, ctx):
    """效益或质量指标写的是资金保障、到位、执行或单位正常运转。

    为什么：101号文要求效益指标反映资金使用后带来的经济、社会、生态效果，质量指标反映产品和服务达到的标准；
    “经费保障率”“资金到位率”“保证单位正常运转”只说明钱到了、花了，任何项目都能写，审核时属于“指标与项目
    相关性不够”。审核要点：相关性（指标与项目的产出和效果对应）。只看三级指标名称（没有时看描述）：
    效益下是资金、经费、利息、补贴、工资等的保障率、到位率、拨付率、支付率、执行率、兑付率、发放率，或
    “保证（保障、维持）…正常运转”；质量下只报资金、经费、预算、支出的到位率和执行率，以及正常运转（“补助
    发放准确率”这类衡量发放质量的比率不报）。

    错误示例：社会效益指标“经费足额保障率”，指标值“=100%”；质量指标“业务工作支出到位率”，指标值“100%”。

    正确示例：社会效益指标“价格认定结论采信率”，指标值“≥95%”；时效指标“资金拨付及时率”，指标值“=100%”。
    """
    for ind, row in _rows(project, ctx):
        name = row.name or (ind.description or "")
        if row.category == "效益" and _PROCESS_RE.search(name):
            what, aim = "项目带来的效益", "带来的经济、社会、生态效果（如受益人数、收入增加、环境改善）"
        elif row.category == "质量" and not row.satisfaction and _QUALITY_PROCESS_RE.search(name):
            what, aim = "产品或服务的质量", "提供的产品和服务达到的标准（如合格率、准确率、验收通过率）"
        else:
            continue
        category = _level2(ind) or ind.level2 or "效益"
        yield hit(ref_of(ind, "level3"), project=project_label(project), category=category.removesuffix("指标"),
                  level3=_name(ind), what=what, aim=aim)


# ------------------------------------------------------------------ V232 (added after V231; codes are permanent)
# A word any 经济效益 row names: money, output, income, jobs, markets, business … (judged on name, description
# and value together, so only a row with none of them is reported).
_ECONOMIC_WORDS = (
    "元", "收入", "增收", "创收", "产值", "产量", "亩产", "单产", "增加值", "效益", "经济", "成本", "节约", "节省", "节支",
    "利润", "利息", "税", "价格", "价值", "投资", "销售", "营收", "营业", "就业", "产业", "市场", "贷款", "融资", "资金",
    "资产", "收益", "带动", "企业", "消费", "生产", "交易", "商品", "旅游", "游客", "费", "损失", "储备", "粮", "贸易",
    "出口", "招商", "财政", "分红", "工资", "补贴", "补助", "增值", "保值", "产品", "农户", "养殖", "种植", "经营", "商户",
    "物流", "GDP", "价", "钱", "款", "客流", "供给", "供应", "效率",
    # production of any sector: 产值, 产业, 农业, 工业, 机械化率, 企业 …
    "产", "业", "农", "机械", "制造", "商",
)
# A word any 生态效益 row names: nature, water, land, air, waste, energy, green, clean …
_ECOLOGICAL_WORDS = (
    "生态", "环境", "环保", "绿", "林", "草", "植", "树", "苗", "花", "水", "土", "地", "田", "空气", "大气", "气", "污",
    "排放", "减排", "能", "碳", "垃圾", "废", "尘", "噪", "湿地", "河", "湖", "江", "海", "资源", "循环", "清洁", "洁",
    "卫生", "人居", "农药", "肥", "秸秆", "粪", "畜禽", "物种", "生物", "野生", "自然", "景观", "山", "沙", "荒", "耕",
    "候", "臭氧", "PM", "颗粒", "优良", "蓝天", "美", "厕", "燃", "油", "电", "光", "风", "雨", "洪", "汛", "灾", "沟",
    "坡", "矿", "鸟", "鱼", "动物", "旱", "涝", "保护", "修复", "治理", "节约", "低碳", "原生", "无害", "美丽", "宜居",
    "灌", "渠", "堤", "坝", "泉", "淤", "滩",
)
# "指标1:" printed before every name by some templates; a name that is only that (or "/") names nothing.
_NUMBERING_RE = re.compile(r"^指标\d+[:：]")
_KIND_WORDS = {"经济效益指标": ("经济", _ECONOMIC_WORDS), "生态效益指标": ("生态", _ECOLOGICAL_WORDS)}


@rule("V232", Severity.WARNING, "经济或生态效益指标与类别不符",
      "{project}的三级指标“{level3}”放在{category}下，但名称、描述和指标值都与{kind}无关，类别放错了。",
      "{kind}效益指标写{aim}；“{level3}”按它衡量的内容移到质量、社会效益等类别下。", source=SOURCE_101)
def benefit_kind_mismatch(project, ctx):
    """经济效益或生态效益指标的内容与经济、生态无关。

    为什么：101号文把效益分为经济、社会、生态和可持续影响；经济效益应说明收入、产值、成本节约、带动就业等，
    生态效益应说明环境、资源、能耗、污染等方面的效果。三级指标名称、描述和指标值合起来没有一个与经济（元、
    收入、产值、成本、产业、就业、企业、价格、农业、机械化……任何生产和经营）或生态（生态、环境、水、土、林、
    草、空气、污染、排放、垃圾、能耗、资源……）有关的词时报告，标出三级指标和它所在的二级指标。社会效益和
    可持续影响涵盖面广，不检查；资金保障、正常运转这类由 V231 报告。
    审核要点：相关性（“一级/二级指标类型错误”，审核意见中的常见一类）。

    错误示例：经济效益指标“大厅运行正常率”，指标值“100%”；生态效益指标“食品安全指标达标率”。

    正确示例：经济效益指标“带动农户增收”，指标值“≥500元/户”；生态效益指标“扬尘污染投诉下降率”。
    """
    for ind in project.indicators:
        level2 = _level2(ind)
        named = _NUMBERING_RE.sub("", ind.level3 or ind.description or "").strip(" /／、-—－")
        if level2 not in _KIND_WORDS or len(named) < 2 or _PROCESS_RE.search(named):  # V231 speaks for the last
            continue
        kind, words = _KIND_WORDS[level2]
        text = "".join(t for t in (ind.level3, ind.description, ind.value) if t).upper()
        if not any(w.upper() in text for w in words):
            aim = ("资金带来的收入、产值、成本节约、就业等经济效果" if kind == "经济"
                   else "资金带来的环境、资源、能耗、污染等方面的效果")
            yield hit(ref_of(ind, "level3"), also=(ref_of(ind, "level2"),), project=project_label(project),
                      level3=_name(ind), category=ind.level2 or level2, kind=kind, aim=aim)


# ------------------------------------------------------------------ V233 (added after V232; codes are permanent)
# A dimension or rating of one piece of equipment or work: "水标尺宽度", "雾炮车风炮射程", "路面厚度".
_SPEC_RE = re.compile(r"(?:宽度|高度|厚度|直径|射程|功率|精度|强度|深度|口径|粒径|坡度|扬程|载重|分辨率|转速|排量|标号)$")


@rule("V233", Severity.INFO, "数量指标写的是技术参数",
      "{project}的数量指标“{level3}”是设备或工程的技术参数，不是提供了多少产品或服务。",
      "数量指标写产出的个数、长度、面积、人次（如“安装水标尺≥266米”“配备车辆10辆”）；技术参数如需考核，"
      "写成质量指标（如“设备技术参数达标率=100%”）或删去。", source=SOURCE_101)
def spec_as_quantity(project, ctx):
    """数量指标写的是宽度、射程、功率、厚度这类技术参数。

    为什么：数量指标反映资金提供了多少产品和服务；一台设备的射程、一根
    标尺的宽度、路面的厚度是规格，多一点少一点都不是产出的多少，年底也无法按“完成数量”考核。三级指标名称以
    宽度、高度、厚度、直径、射程、功率、精度、强度、深度、口径、坡度、扬程、载重、转速、标号等结尾时报告
    （“道路长度”“绿化面积”是产出的规模，不报），标出三级指标和它所在的二级指标。审核要点：相关性
    （一级/二级指标类型错误）。

    错误示例：数量指标“水标尺宽度”，指标值“≥50厘米”；数量指标“雾炮车风炮射程”，指标值“≥80米”。

    正确示例：数量指标“安装水标尺长度”，指标值“≥266米”；质量指标“设备验收合格率”，指标值“=100%”。
    """
    for ind, row in _rows(project, ctx):
        if row.category == "数量" and _SPEC_RE.search(row.name):
            yield hit(ref_of(ind, "level3"), also=(ref_of(ind, "level2"),), project=project_label(project),
                      level3=_name(ind))


# ------------------------------------------------------------------ V234 (added after V233; codes are permanent)
_MOST_MIN_TABLE = 8  # a full table: a short one may well have most of its few rates at 100% …
_MOST_MIN_ROWS = 5  # … at least this many rows share the value …
_MOST_SHARE = 0.6  # … and they are more than this share of the rows with a value


@rule("V234", Severity.WARNING, "多数指标值相同",
      "{project}的{count}个指标中有{same}个指标值都是“{value}”（{cells}），看不出各项指标各自的目标。",
      "按每个指标实际能达到的水平分别测算指标值：数量写个数，时效写时限，成本写金额，效益写具体效果；确实"
      "应当是 100% 的（如验收合格率）可以保留，其余逐项核实。", source=SOURCE_101)
def most_values_same(project, ctx):
    """多数指标值是同一个数（如 16 个指标中 12 个都是“100%”）。

    为什么：指标值要逐项测算；V202 报告全部相同，这里报告大多数相同：
    有值的指标至少 8 行（一张完整的表；只有几行的表里几个比率都是 100% 很正常），其中至少 5 行、且超过
    60% 是同一个指标值时，多半是套用一个数而不是逐项测算，数量、成本、效益等
    本应各不相同的目标都被写成了同一个比率。报告一次，标出所有相同的格。全部相同时只由 V202 报告。
    审核要点：适当性、可行性（“不够细化量化”）。

    错误示例：16 个指标中 12 个指标值都是“100%”；8 个指标中 5 个都是“≥95%”。

    正确示例：“补助企业数量≥35家”“按标准拨付资金比例=100%”“资金拨付完成时间 2021年12月底前”
    “每家企业补助标准≤10万元”“受补助企业满意度≥90%”。
    """
    rows = [(ind, row) for ind, row in _valued(project, ctx) if row.value_key]
    counts = Counter(row.value_key for _, row in rows)
    if not counts:
        return
    key, same = counts.most_common(1)[0]
    if len(rows) < _MOST_MIN_TABLE or same == len(rows) or same < _MOST_MIN_ROWS or same <= _MOST_SHARE * len(rows):
        return
    refs = [r for r in (ref_of(ind, "value") for ind, row in rows if row.value_key == key) if r is not None]
    first = next(ind for ind, row in rows if row.value_key == key)
    yield hit(refs[0] if refs else None, also=refs[1:], project=project_label(project), count=len(rows), same=same,
              value=first.value, cells="、".join(r.cell for r in refs))
