"""Real 绩效目标表 layouts of other provinces and template generations, recreated as .xlsx (openpyxl) and .docx
(python-docx) with the content published in the real-form corpus (tests/corpus/<id>/form.json; each layout's
shape follows the corpus SOURCE.md and the published originals).

A layout is rows of cells laid out like an HTML table: ``M(text, w, h)`` spans ``w`` columns and ``h`` rows, and
a later row skips the cells a span above already covers. ``python tests/foreign_layouts.py --regen`` rewrites
tests/foreign/expected/<name>.json from the reader (review the diff before committing it).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
EXPECTED = HERE / "foreign" / "expected"


@dataclass
class M:
    text: object
    w: int = 1
    h: int = 1


def place(rows: list[list]) -> tuple[dict[tuple[int, int], object], list[tuple[int, int, int, int]]]:
    """Cells and merged ranges (0-based, inclusive) of rows written with spans."""
    cells, merges, taken = {}, [], set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            m = cell if isinstance(cell, M) else M(cell)
            if m.text is not None:
                cells[(r, c)] = m.text
            if m.w > 1 or m.h > 1:
                merges.append((r, c, r + m.h - 1, c + m.w - 1))
            for rr in range(r, r + m.h):
                for cc in range(c, c + m.w):
                    taken.add((rr, cc))
            c += m.w
    return cells, merges


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        cells, merges = place(rows)
        for (r, c), value in cells.items():
            cell = ws.cell(r + 1, c + 1, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # "=3500米" is text, not a formula
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)
    return path


def write_docx(path: Path, blocks: list) -> Path:
    """A Word document: a str is a paragraph, a list of rows is a table."""
    import docx

    doc = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        cells, merges = place(block)
        height = max(r for r, _ in cells) + 1 if cells else 1
        width = max([c for _, c in cells] + [m[3] for m in merges]) + 1
        height = max([height] + [m[2] + 1 for m in merges])
        table = doc.add_table(rows=height, cols=width)
        for r0, c0, r1, c1 in merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
        for (r, c), value in cells.items():
            table.cell(r, c).text = str(value)
    doc.save(path)
    return path


def corpus(cid: str) -> dict:
    return json.loads((CORPUS / cid / "form.json").read_text(encoding="utf-8"))


def level_cells(indicators: list[dict]) -> list[tuple[M | None, M | None]]:
    """Per row, the merged 一级 and 二级 cells that start on it (None: covered by a span above)."""
    out = []
    n = len(indicators)
    for i, ind in enumerate(indicators):
        l1 = l2 = None
        if i == 0 or ind["level1"] is not None:
            h = 1
            while i + h < n and indicators[i + h]["level1"] is None:
                h += 1
            l1 = M(ind["level1"], 1, h)
        if i == 0 or ind["level1"] is not None or ind["level2"] is not None:
            h = 1
            while i + h < n and indicators[i + h]["level1"] is None and indicators[i + h]["level2"] is None:
                h += 1
            l2 = M(ind["level2"], 1, h)
        out.append((l1, l2))
    return out


def merged_levels(indicators: list[dict], extra) -> list[list]:
    """Indicator rows with 一级 and 二级 as vertically merged cells (null in the corpus = same group)."""
    return [[x for x in cells if x is not None] + extra(ind)
            for ind, cells in zip(indicators, level_cells(indicators))]


def split_value(value: str | None) -> tuple[str | None, object, str | None]:
    """"=24人/次" → ("=", 24, "人/次"): the 指标性质 / 指标值 / 计量单位 columns of a system export."""
    if value is None:
        return None, None, None
    m = re.match(r"^(=|≥|≤)?([0-9][0-9,.]*)?(.*)$", value)
    comp, num, unit = m.group(1), m.group(2), m.group(3) or None
    if num is None:
        return comp, unit, None
    return comp, (float(num) if re.fullmatch(r"[0-9]+(\.[0-9]+)?", num) else num), unit


def goals_text(goals: list[str], style: str = "目标") -> str:
    if len(goals) <= 1:
        return goals[0] if goals else ""
    if style == "目标":
        return goals[0] + "\n" + "\n".join(f"目标{i}:{g}" for i, g in enumerate(goals[1:], 1))
    return "\n".join(f"{i}、{g}" for i, g in enumerate(goals, 1))


# ------------------------------------------------------------------ the layouts (.xlsx)
def nm_system_export(path: Path) -> Path:
    """内蒙古 2021 项目绩效目标表 (system export): 一级 repeated on every row, 指标性质 / 目标值 / 计量单位 split,
    指标方向, 分值, 备注; 资金 as label/value pairs on one row."""
    p = corpus("2021-nm-wuhai-gxs-01")["projects"][0]
    rows = [[M(p["title"], 10)],
            ["项目名称", M(p["name"], 3), "项目类别", M("(31)部门预算项目", 2), "归口科室", M("(08)经济贸易科", 2)],
            ["主管部门", M(p["department"], 3), "实施单位", M(p["implementer"], 5)],
            ["资金总额", 3, "财政拨款数", 3, "其他资金", 0],
            ["年度目标", M(goals_text(p["goals"]), 9)],
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位", "分值", "备注"]]
    for ind in p["indicators"]:
        comp, num, unit = split_value(ind["value"])
        rows.append([ind["level1"], ind["level2"], ind["level3"], comp, "正向", num, unit, 5, None])
    return write_xlsx(path, {"项目绩效目标表": rows})


def hn_shenbao_mid_annual(path: Path) -> Path:
    """湖南 2023 项目支出绩效目标申报表, 财预〔2015〕88号 generation: 中期 and 年度 side by side (money, goals and the
    indicator blocks), 一级 shared; the 中期 block carries different values that must not be read."""
    p = corpus("2023-hn-xiangtan-hwc-01")["projects"][0]
    inds = p["indicators"]
    rows = [[M(p["title"], 8)], [M("（2023年度）", 8)],
            ["项目名称", M(p["name"], 7)],
            ["主管部门及代码", M(p["department"], 3), "实施单位", M(None, 3)],
            ["项目属性", M(None, 3), "项目期", M("2023.07-2024.01", 3)],
            [M("项目资金（万元）", 1, 3), M("中期资金总额：", 2), 500, M("年度资金总额：", 2), M(250, 2)],
            [M("其中：财政拨款", 2), 500, M("其中：财政拨款", 2), M(250, 2)],
            [M("其他资金", 2), None, M("其他资金", 2), M(None, 2)],
            [M("总体目标", 1, 2), M("中期目标（2023年-2025年）", 3), M("年度目标", 4)],
            [M("三年内持续降尘", 3), M(p["goals"][0], 4)],
            [M("绩效指标", 1, len(inds) + 2), None, M("中期指标", 3), M("年度指标", 3), None],
            ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值", "指标值确定依据"]]
    for ind, (l1, l2) in zip(inds, level_cells(inds)):
        mid = [l2] if l2 else []
        annual = [M(l2.text, 1, l2.h)] if l2 else []
        rows.append(([l1] if l1 else []) + mid + [ind["level3"], "中期" + (ind["value"] or "")] + annual
                    + [ind["level3"], ind["value"], ind["basis"]])
    return write_xlsx(path, {"申报表": rows})


def cq_101_shenpi(path: Path) -> Path:
    """重庆 2023 项目支出绩效目标审批表 (财预〔2021〕101号): 成本指标 its own 一级, listed first; 分值 and 指标解释
    columns; 项目负责人 / 联系电话, 项目审批, 建设周期 not mapped."""
    form = corpus("2023-cq-fengjie-yunwu-01")
    p = form["projects"][0]
    rows = [[M(p["title"].replace("(2023年度)", ""), 7)], [M("(2023年度)", 7)],
            ["项目名称", M(p["name"], 3), "项目分类", M("资产资源类--房屋类", 2)],
            ["业务主管部门", M(p["department"], 3), "实施单位", M(p["implementer"], 2)],
            ["项目负责人", M("张三", 3), "联系电话", M("023-00000000", 2)],
            ["项目总体概况", M(p["purpose"], 6)],
            ["年度主要目标和成果", M(p["goals"][0], 6)],
            [M("项目总预算", 1), 65, "当年年度预算", 65, "建设周期", M("2023年4月-2024年2月", 2)],
            [M("其中：财政资金", 1), 65, "其中：其它资金", 0, None, M(None, 2)],
            ["一级指标", "二级指标", "三级指标", "指标值", "分值", M("指标解释", 2)]]
    rows += merged_levels(p["indicators"], lambda ind: [ind["level3"], ind["value"], 10, M(None, 2)])
    return write_xlsx(path, {"审批表": rows})


def hn_whole_department(path: Path) -> Path:
    """湖南 2023 部门整体支出绩效目标表: 部门(单位)名称, *部门(单位)职责, *年度总体绩效目标, then one indicator grid
    with *指标值 + 计量单位, *指标解释, 指标值类型, *评(扣)分标准, 备注."""
    form = corpus("2023-hn-yueyanglou-jgrz-01")
    p = form["projects"][0]
    rows = [[M(form["title"], 9)],
            [M("部门(单位)名称", 2), M(form["department"], 7)],
            [M("*部门(单位)职责", 2), M(p["purpose"], 7)],
            [M("*年度总体绩效目标", 2), M(form["overall_goals"][0], 7)],
            ["一级指标", "二级指标", "三级指标", "*指标值", "计量单位", "*指标解释", "指标值类型", "*评(扣)分标准",
             "备注"]]
    for ind in p["indicators"]:
        value, unit = ind["value"], None
        if value and value.endswith("%") and value != "%":
            value, unit = value[:-1], "%"
        rows.append([ind["level1"], ind["level2"], ind["level3"], value, unit, ind["description"], "定量",
                     "未达指标值酌情扣分", None])
    return write_xlsx(path, {"整体绩效目标表": rows})


def ah_self_evaluation(path: Path) -> Path:
    """安徽 2022 项目支出绩效自评表: money block with 年初预算数 / 全年预算数(A) / 全年执行数(B) / 分值 / 执行率 /
    得分 columns; 年度总体目标 预期目标 vs 实际完成情况; 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因."""
    p = corpus("2022-ah-tianchang-slj-01")["projects"][0]
    rows = [[M("项目支出绩效自评表", 10)], [M("(2022年度)", 10)],
            [M("项目名称", 2), M(p["name"], 8)],
            [M("主管部门", 2), M(None, 3), M("实施单位", 2), M(p["implementer"], 3)],
            [M("项目资金（万元）", 2, 4), None, "年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率", M("得分", 3)],
            ["年度资金总额", 880, 880, 870, 10, "98.86%", M(9.9, 3)],
            ["其中：本年财政拨款", 880, 880, 870, "-", "-", M("-", 3)],
            ["上年结转资金", None, None, None, "-", "-", M("-", 3)],
            [M("年度总体目标", 2, 2), M("预期目标", 4), M("实际完成情况", 4)],
            [M(p["goals"][0], 4), M("完成年度目标。", 4)],
            [M("绩效指标", 1, len(p["indicators"]) + 1), "一级指标", "二级指标", M("三级指标", 2), "年度指标值",
             "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
    for ind, (l1, l2) in zip(p["indicators"], level_cells(p["indicators"])):
        rows.append(([l1] if l1 else []) + ([l2] if l2 else []) + [M(ind["level3"], 2), ind["value"],
                                                                   ind["value"], 10, 10, None])
    rows.append([M("总分", 7), 100, 99.9, None])
    return write_xlsx(path, {"自评表": rows})


def sc_flat_export(path: Path) -> Path:
    """四川 2023 预算管理一体化 system export: all of a unit's projects in one flat table, one row per indicator;
    单位名称 / 项目名称 / 预算数 (元) / 年度目标 repeated on every row, 指标性质 + 指标值 + 度量单位, 权重, 指标方向性."""
    form = corpus("2023-sc-jingyan-mata-01")
    rows = [[M(form["title"], 11)], ["部门", M(form["department"], 10)],
            ["单位名称", "项目名称", "预算数（元）", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
             "度量单位", "权重", "指标方向性"]]
    for p in form["projects"]:
        for ind in p["indicators"]:
            comp, num, unit = split_value(ind["value"])
            rows.append([p["implementer"], p["name"], round(p["total"] * 10000, 2), p["goals"][0], ind["level1"],
                         ind["level2"], ind["level3"], comp, num, unit, 10, "正向指标"])
    return write_xlsx(path, {"项目绩效目标": rows})


def he_evaluation_table(path: Path) -> Path:
    """河北 2019 县级 项目绩效评价指标表 with the year's 目标值: 评价指标 / 评价内容 / 指标名称 / 指标说明 / 目标值 /
    分值 / 备注, no project header at all (the title names the project)."""
    form = corpus("2019-he-ningjin-jyj-01")
    p = form["projects"][0]
    rows = [[M(p["title"], 7)], ["评价指标", "评价内容", "指标名称", "指标说明", "目标值", "分值", "备注"]]
    rows += merged_levels(p["indicators"], lambda ind: [ind["level3"], ind["description"], ind["value"], 10, None])
    rows.append(["总分", None, None, None, None, 100, None])
    return write_xlsx(path, {"Sheet1": rows})


def hb_approval_two_values(path: Path) -> Path:
    """湖北 2022 项目支出绩效目标批复表: 项目属性 printed as tick boxes, 项目金额 "164万元" as text, a two-row
    header "指标值" over "2021年实际实现值 | 预期2022年实现值", 指标标准或依据, signature lines under the table."""
    form = corpus("2022-hb-huangshi-dx-01")
    p = form["projects"][0]
    rows = [[M("项目支出绩效目标批复表", 8)], [M("(2022年度)", 8)],
            ["项目名称", M(p["name"], 3), "项目负责人", M(None, 3)],
            ["项目金额", M("164万元", 3), "其中：当年市级财政资金", M("132万元", 3)],
            ["项目主管部门", M(None, 3), "实施单位", M(p["implementer"], 3)],
            ["项目属性", M("持续性项目■ 新增性项目口", 3), "项目期", M("2022年", 3)],
            ["年度绩效目标(文字)", M(p["goals"][0], 7)],
            [M("一级指标", 1, 2), M("二级指标", 1, 2), M("三级指标", 2, 2), M("指标值", 2), M("指标标准或依据", 2, 2)],
            ["2021年实际实现值", "预期2022年实现值"]]
    rows += merged_levels(p["indicators"], lambda ind: [M(ind["level3"], 2), "去年" + (ind["value"] or ""),
                                                         ind["value"], M(ind["basis"], 2)])
    rows += [[M("财政资金管理科室（盖章）：", 4), M("财政绩效管理科室（盖章）：", 4)]]
    return write_xlsx(path, {"批复表": rows})


def hn_county_self_eval(path: Path) -> Path:
    """湖南 2020 县级专项资金绩效目标自评表: 专项资金名称, 县级主管部门, 全年预算数(A) money column, 年度指标值 /
    全年完成值 / 未完成原因和改进措施; 一级 merged; the header repeated where the printed table breaks a page."""
    form = corpus("2020-hn-hengshan-swlsj-01")
    p = form["projects"][0]
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施"]
    rows = [[M(p["title"], 6)],
            ["专项资金名称", M(p["name"], 5)],
            ["县级主管部门", M(p["department"], 2), "实施单位", M(p["implementer"], 2)],
            [M("资金情况（万元）", 1, 4), None, "全年预算数（A）", "全年执行数（B）", "执行率", None],
            ["年度资金总额", 194.9, 190, "97%", None],
            ["其中：中央、省、市补助县级资金", 194.9, 190, "97%", None],
            ["其他资金", None, None, None, None],
            ["年度总体目标", M("年初设定目标", 2), M("全年实际完成情况", 3)],
            [None, M(p["goals"][0], 2), M("完成", 3)],
            head]
    inds = p["indicators"]

    def body(part):  # a page break ends the merged cells; the next page starts with the header again
        return merged_levels(part, lambda ind: [ind["level3"], ind["value"], ind["value"], "无"])
    return write_xlsx(path, {"自评表": rows + body(inds[:8]) + [head] + body(inds[8:])})


def cq_two_projects_one_sheet(path: Path) -> Path:
    """重庆 / 陕西 2021–2022 项目绩效目标表 (old 2018 generation), two projects one under the other on one sheet
    with blank spacer rows, plus a 填报说明 sheet that is not a form."""
    sheets = []
    for cid in ("2022-cq-rongchang-lyj-01", "2021-sn-qingjian-jtj-01"):
        form = corpus(cid)
        p = form["projects"][0]
        rows = [[M("项目绩效目标表", 6)], [M("(2022年度)" if "cq" in cid else "(2021年度)", 6)],
                ["项目名称", M(p["name"], 5)],
                ["主管部门", M(p["department"], 2), "实施单位", M(p["implementer"], 2)],
                ["项目属性", M(p["attribute"], 5)],
                [M("资金情况（万元）", 1, 3), "年度资金总额：", M(p["total"], 4)],
                ["其中：财政拨款", M(p["fiscal"], 4)],
                ["其他资金", M(p["other"], 4)],
                ["项目资金主要用途", M(p["purpose"], 5)],
                ["年度目标", M(goals_text(p["goals"], "、"), 5)],
                [None],
                ["一级指标", "二级指标", "三级指标", "计量单位", "指标值", "备注"]]
        for ind, (l1, l2) in zip(p["indicators"], level_cells(p["indicators"])):
            rows.append(([l1] if l1 else []) + ([l2] if l2 else []) + [ind["level3"], None, ind["value"], None])
        sheets += rows + [[None], [None], [None]]
    guide = [["填报说明"], ["1. 项目名称：填写项目全称"], ["2. 一级指标、二级指标按财政部门要求填写"]]
    return write_xlsx(path, {"填报说明": guide, "绩效目标": sheets})


XLSX_LAYOUTS = {f.__name__: f for f in (nm_system_export, hn_shenbao_mid_annual, cq_101_shenpi, hn_whole_department,
                                        ah_self_evaluation, sc_flat_export, he_evaluation_table,
                                        hb_approval_two_values, hn_county_self_eval, cq_two_projects_one_sheet)}


# ------------------------------------------------------------------ the layouts (.docx)
def docx_old2018(path: Path) -> Path:
    """陕西 2021 绩效目标申报表 as a Word table (the county published the form as .doc/.docx): title paragraph, one
    table with the project block and the indicator grid, 一级/二级 merged vertically."""
    form = corpus("2021-sn-qingjian-jtj-01")
    p = form["projects"][0]
    rows = [["项目名称", M(p["name"], 4)],
            ["主管部门", M(p["department"], 2), "实施单位", p["implementer"]],
            [M("资金情况（万元）", 1, 3), M("年度资金总额：", 2), M(p["total"], 2)],
            [M("其中：财政拨款", 2), M(p["fiscal"], 2)],
            [M("其他资金", 2), M(None, 2)],
            ["年度目标", M(goals_text(p["goals"], "、"), 4)],
            ["一级指标", "二级指标", "三级指标", "指标值", "备注"]]
    rows += merged_levels(p["indicators"], lambda ind: [ind["level3"], ind["value"], None])
    return write_docx(path, ["绩效目标申报表", "（2021年度）", rows])


def docx_whole_department(path: Path) -> Path:
    """湖南 2023 部门整体支出绩效目标表 in Word: the header (部门名称, 职责, 总体目标) and the indicator grid as two
    separate tables, the title as a paragraph."""
    form = corpus("2023-hn-yueyanglou-jgrz-01")
    p = form["projects"][0]
    head = [["部门(单位)名称", form["department"]], ["*部门(单位)职责", p["purpose"]],
            ["*年度总体绩效目标", form["overall_goals"][0]]]
    grid = [["一级指标", "二级指标", "三级指标", "*指标值", "*指标解释", "备注"]]
    grid += merged_levels(p["indicators"], lambda ind: [ind["level3"], ind["value"], ind["description"], None])
    return write_docx(path, [form["title"], head, grid])


def docx_self_evaluation(path: Path) -> Path:
    """四川 2023 项目支出绩效自评表 in Word: inline "项目名称：…" paragraphs above the table, 年度指标值 / 实际完成值 /
    分值 / 得分 columns."""
    form = corpus("2023-sc-qingshen-fgj-01")
    p = form["projects"][0]
    grid = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]]
    grid += merged_levels(p["indicators"], lambda ind: [ind["level3"], ind["value"], ind["value"], 20, 20])
    return write_docx(path, [p["title"] or "项目支出绩效自评表", f"项目名称：{p['name']}",
                             f"主管部门：{p['department']}", f"实施单位：{p['implementer']}",
                             f"年度资金总额：{p['total']}", f"年度目标：{p['goals'][0] if p['goals'] else ''}", grid])


DOCX_LAYOUTS = {f.__name__: f for f in (docx_old2018, docx_whole_department, docx_self_evaluation)}


def read(path: Path):
    """The label-driven reader on a file (Excel or Word), as the check pipeline calls it."""
    from xlperf.services.check import read_any

    return read_any(path.read_bytes(), path)


def regen(folder: Path) -> None:
    from xlperf.files.interchange import dumps

    for name, build in {**XLSX_LAYOUTS, **globals().get("DOCX_LAYOUTS", {})}.items():
        suffix = ".docx" if name in globals().get("DOCX_LAYOUTS", {}) else ".xlsx"
        form, _ = read(build(folder / f"{name}{suffix}"))
        (EXPECTED / f"{name}.json").write_text(dumps(form), encoding="utf-8")


if __name__ == "__main__":
    import sys
    import tempfile

    if "--regen" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            regen(Path(tmp))
