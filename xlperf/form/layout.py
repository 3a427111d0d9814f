"""The one definition of the workbook's layout: sheet names, labels, and where each field lives.

The builder writes labels and values at the positions given here; the reader finds each label by its text
(so inserted rows and shifted blocks still work) and takes the value at the same offset from the label; the
annotators use the same names. No other module spells a cell coordinate of the form.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------- sheets
GUIDE_SHEET = "填报说明"
PART1_SHEET = "部门整体绩效目标"
PROJECT_SHEET_PREFIX = "项目"  # 项目1, 项目2 …; the reader recognises project sheets by content, not name
FUNDING_SHEET = "补助测算"
RESULTS_SHEET = "校验结果"
SETTINGS_SHEET = "设置"
LISTS_SHEET = "列表"

COLUMNS = "ABCDEFG"


def col_letter(index: int) -> str:
    """0-based column index → letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(ref: str) -> int:
    """The 0-based column of an A1 address or of column letters ("M7" → 12, "AA" → 26); the inverse of
    ``col_letter``."""
    col = 0
    for ch in ref:
        if not ch.isalpha():
            break
        col = col * 26 + ord(ch.upper()) - 64
    return col - 1


@lru_cache(maxsize=8192)
def a1(row: int, col: int) -> str:
    """0-based (row, col) → A1 address (cached: the reader and the rules name the same few hundred cells)."""
    return f"{col_letter(col)}{row + 1}"


@dataclass(frozen=True)
class Field:
    """A labelled input: the label's position in a fresh template and the value's offset from it."""

    key: str  # the model attribute
    label: str
    row: int  # 0-based position of the label in the template
    col: int
    span: int = 1  # how many columns the value cell spans (merged)
    count: int = 1  # how many value cells follow the label (4 for a quarterly row)
    kind: str = "text"  # text | number

    @property
    def value_col(self) -> int:
        return self.col + 1


# ---------------------------------------------------------------- Part 1: 部门整体绩效目标
PART1_WIDTHS = (6, 22, 30, 30, 16, 22)
PART1_TITLE = "部门整体绩效目标"  # printed as "{年度}年部门整体绩效目标"
PART1_FIELDS = (
    Field("department", "部门名称", 1, 0, span=3),
    Field("year", "年度", 1, 4, kind="number"),
)
SECTION_GOALS = "一、总体绩效目标"
SECTION_SUMMARIES = "二、分项绩效目标"
SECTION_MEASURES = "三、工作保障措施"
ITEM_NUMBER_HEADER = "序号"
GOALS_HEADER = ("序号", "目标内容")
SUMMARY_HEADER = ("序号", "项目名称", "项目资金安排", "绩效目标", "绩效指标")
SUMMARY_KEYS = (None, "name", "purpose", "goals", "indicators")
MEASURES_HEADER = ("序号", "保障措施")
TEMPLATE_GOAL_ROWS = 3
TEMPLATE_SUMMARY_ROWS = 3

# The seven standard measures of the reference submission, pre-filled in the template.
STANDARD_MEASURES = (
    "完善制度建设。（包括制定完善预算绩效管理制度、资金管理办法、工作保障制度等，为全年预算绩效目标的实现奠定制度基础。）",
    "加强支出管理。（通过优化支出结构、编细编实预算、加快履行政府采购手续、尽快启动项目、及时支付资金、6月底前细化代编预算、按规定及时下达资金等多种措施，确保支出进度达标。）",
    "加强绩效运行监控。按要求开展绩效运行监控，发现问题及时采取措施，确保绩效目标如期保质实现。",
    "做好绩效自评。（按要求开展上年度部门预算绩效自评和重点评价工作，对评价中发现的问题及时整改，调整优化支出结构，提高财政资金使用效益。）",
    "规范财务资产管理。（完善财务管理制度，严格审批程序，加强固定资产登记、使用和报废处置管理，做到支出合理，物尽其用。）",
    "加强内部监督。（加强内部监督制度建设，对绩效运行情况、重大支出决策、对外投资、资产处置及其他重要经济业务事项的决策和执行进行督导，对会计资料进行内部审计，并配合做好审计、财政监督等外部监督工作，确保财政资金安全有效。）",
    "加强宣传培训调研等。加强人员培训，提高本部门职工业务素质；加强调研，提出优化财政资金配置、提高资金使用效益的意见建议；加大宣传力度，强化预算绩效管理意识，促进预算绩效管理水平进一步提升。",
)

# ---------------------------------------------------------------- Part 2: one sheet per project
PROJECT_WIDTHS = (14, 16, 24, 30, 14, 16)
PROJECT_TITLE = "项目绩效目标表"  # printed as "（一）{项目名称}项目绩效目标表"
PROJECT_FIELDS = (
    Field("code", "项目编码", 1, 0),
    Field("name", "项目名称", 1, 2, span=3),
    Field("department", "主管部门", 2, 0),
    Field("implementer", "实施单位", 2, 2),
    Field("attribute", "项目属性", 2, 4),
    Field("total", "年度资金总额\n（万元）", 3, 0, kind="number"),  # broken by hand: never a lone "）"
    Field("fiscal", "其中：财政拨款", 3, 2, kind="number"),
    Field("other", "其他资金", 3, 4, kind="number"),
    Field("purpose", "项目资金主要用途", 4, 0, span=5),
)
PLAN_HEADER = Field("plan_header", "资金支出计划（累进进度%）", 5, 0, count=4)
PLAN_CUMULATIVE = Field("cumulative", "累计进度（%）", 6, 0, count=4, kind="number")
PLAN_AMOUNTS = Field("amounts", "当季支出（万元）", 7, 0, count=4, kind="number")
GOALS_FIELD = Field("goals", "绩效目标", 8, 0, span=5)
INDICATOR_HEADER_ROW = 9
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
INDICATOR_KEYS = ("level1", "level2", "level3", "description", "value", "basis")
TEMPLATE_INDICATOR_ROWS = 12
# Labels that identify a project sheet (all must be present).
PROJECT_MARKERS = ("项目名称", "一级指标", "指标值")

# ---------------------------------------------------------------- 补助测算: funding breakdown
FUNDING_TITLE = "补助测算（项目资金测算明细）"
FUNDING_NOTE = "每行一项：数量 × 标准 = 金额。标准单位写“万元/家”“元/人”等；金额自动折算为万元。项目名称须与项目表一致，同一项目的后续行可留空。"
FUNDING_HEADER_ROW = 2
FUNDING_HEADER = ("项目名称", "类别", "数量", "数量单位", "标准", "标准单位", "金额（万元）")
FUNDING_KEYS = ("project", "category", "quantity", "quantity_unit", "standard", "standard_unit", None)
FUNDING_WIDTHS = (24, 26, 10, 10, 10, 12, 14)
TEMPLATE_FUNDING_ROWS = 20

# ---------------------------------------------------------------- 校验结果: findings
RESULTS_TITLE = "校验结果"
RESULTS_STATUS_CELL = (1, 0)  # the status line: time, rule-set version, counts
RESULTS_HEADER_ROW = 2
RESULTS_HEADER = ("序号", "严重程度", "规则", "工作表", "单元格", "问题", "修改建议")
RESULTS_WIDTHS = (6, 10, 10, 18, 10, 60, 50)
RESULTS_NOT_RUN = "尚未校验：填写完成后点击“校验”按钮，或由财政部门用 xlperf check 校验。"

# ---------------------------------------------------------------- 列表: drop-down sources (hidden)
LISTS_HEADER = ("一级指标", "二级指标", "指标值确定依据", "项目属性")

# ---------------------------------------------------------------- 填报说明
GUIDE_TITLE = "预算绩效目标填报说明"
GUIDE_LINES = (
    "一、这是什么",
    "本工作簿用于填报部门整体绩效目标（第一部分）和每个预算项目的绩效目标表（第二部分），格式与正式报表一致。",
    "浅黄色单元格为填写区，灰色单元格为标签（已保护，防止误改；保护无密码，如需调整版式可在“审阅→撤消工作表保护”中解除）。",
    "",
    "二、怎样填写",
    "1. 在“部门整体绩效目标”表填写部门名称、年度、总体绩效目标、各项目的分项绩效目标和工作保障措施（已预填七项常用措施，可修改）。",
    "2. 每个项目一张“项目N”表：填写项目编码、名称、资金、主要用途、资金支出计划（累计进度%，逐季不减少，第四季度为100）、绩效目标和绩效指标。",
    "3. 绩效指标每行一个三级指标；一级、二级指标可从下拉列表选择，同一组的后续行可留空（视为与上一行相同）。",
    "4. 指标值写明比较符号、数值和单位，如“≥100家”“≥90%”“2021年12月底前”；不能量化的用分级表述（如“优/良/中”），不要写“文字描述”“XX”等占位词。",
    "5. 在“补助测算”表逐项列出数量 × 标准（如 35 家 × 10 万元/家），合计应等于年度资金总额。",
    "",
    "三、增加项目或指标行",
    "增加项目：点击项目表右上方的“新增项目表”按钮（需启用宏），会复制最后一张项目表并清空其填写内容；也可以右键点击“项目1”工作表标签 →“移动或复制”→ 勾选“建立副本”，把副本改名为“项目2”等。然后在“部门整体绩效目标”的分项绩效目标中加一行，并在“补助测算”中填写其测算。",
    "增加指标行：在指标表中选中一行 → 右键“插入”（工作表保护允许插入行），新行的一级、二级可留空表示与上一行相同。",
    "",
    "四、校验",
    "点击各表右上方的“校验”按钮（需启用宏；“设置”表填有校验服务器地址时由财政局的服务器校验，本机无需安装其他软件，否则需安装 Python 与 xlperf，见 README“Windows 一次性设置”），所有问题会一次列出：有问题的单元格按严重程度标色并加符号（●错误红、▲警告橙、○提示蓝，黑白打印也能分辨），“校验结果”表按错误、警告、提示的顺序逐条列出问题、位置（点击单元格地址即可跳转）和修改建议。“清除标记”按钮去掉这些颜色。",
    "严重程度：错误＝报送前必须修改；警告＝应当修改；提示＝值得再看一眼。校验从不改动您填写的内容和格式。",
    "项目表右侧（不打印）有“序时进度”（25/50/75/100）、由当季支出自动算出的累计进度，以及计划累计进度与序时进度的折线图，便于发现进度过度集中在第四季度。",
    "“补助测算”的金额和项目表右侧的“按支出金额计算的累计进度”由 xlperf 函数（XP_SUBSIDY_LINE、XP_PROGRESS）计算；也可以在任意单元格使用 =XP_PURPOSE_TEXT(补助测算!B4:F6) 生成“资金主要用途”的测算句子，=XP_CHECK_ARITHMETIC(文字) 核对文字中的算式。",
    "实时检查（不需要宏）：一部分常见问题——必填项为空、一级或二级指标缺失、指标值或确定依据为空、资金支出计划未填等——由表格自带的公式随填随查，在 WPS、LibreOffice 和禁用宏的 Excel 中同样有效：有问题的单元格按上面同样的颜色标出（不加符号），各表右上方显示“实时检查：N 处需修改”，“校验结果”表右侧按规则列出处数。实时检查不是全面检查，报送前仍请点“校验”；用右键“插入”新增的指标行不参加实时检查（“校验”照常检查）。",
    "没有 Excel 宏环境（如 WPS）时，财政部门会用 xlperf check 对文件做同样的校验，结果一致。",
    "",
    "五、报送",
    "校验无“错误”后保存，通过电子邮件发送本工作簿（.xlsm）。收件人不需要安装 Python 即可查看全部内容：函数计算的单元格保存了计算结果，没有 Python 的电脑上显示的就是这些数值。",
    "收件人的 Excel、WPS 或 LibreOffice 重新计算时（例如修改了数量或标准），数量、标准和当季支出为数字的，由表格自带的公式算出同样的结果；写成文字的（如“5万元/家”）需要 Python，没有时显示为空白，不会显示错误代码。填写的内容不受影响，财政部门校验时会根据填写内容重新计算。需要一份不含宏和公式、只含数值的副本时，财政部门可用 xlperf export 生成。",
)

# ---------------------------------------------------------------- spending-plan panel (beside the plan)
# A side panel to the right of the project form (columns H–L), on the plan's own rows, so the form's rows stay
# where they are: the quarter headings, the even time line (序时进度 25/50/75/100, the chart's reference line)
# and the progress computed from 当季支出 by the XP_PROGRESS array UDF. The reader finds fields by label in
# column A, so it never reads this panel as input.
PANEL_COL = 7  # H: labels; values in I..L
PANEL_WIDTHS = (30, 9, 9, 9, 9)
PANEL_GAP_WIDTH = 3  # column G, between the form and the panel
PANEL_HEADER = Field("panel_header", "对照（自动计算，不必填写）", PLAN_HEADER.row, PANEL_COL, count=4)
TIME_LINE = Field("time_line", "序时进度（%）", PLAN_CUMULATIVE.row, PANEL_COL, count=4, kind="number")
TIME_LINE_VALUES = (25, 50, 75, 100)
COMPUTED_PROGRESS = Field("computed_progress", "按支出金额计算的累计进度（%）", PLAN_AMOUNTS.row, PANEL_COL, count=4,
                          kind="number")
CHART_ANCHOR = (GOALS_FIELD.row, PANEL_COL)  # the chart's top-left cell, under the panel
CHART_SIZE = (480, 260)  # pixels
CHART_TITLE = "资金支出计划：累计进度与序时进度"
CHART_SERIES = ("计划累计进度", "序时进度")

# ---------------------------------------------------------------- Excel front end: buttons and marks
# Buttons sit in the panel column above the plan, right of the printed form: never over an input cell.
BUTTON_ROW, BUTTON_COL = 1, PANEL_COL
BUTTON_SIZE = (110, 32)  # pixels
BUTTON_GAP = 8  # pixels between buttons side by side
BUTTONS = (("校验", "RunChecks"), ("清除标记", "ClearMarks"))  # caption, macro in xlperf_macros.bas
ADD_PROJECT_BUTTON = ("新增项目表", "AddProject")  # on project sheets only
# Marks: every sheet staff fill carries three conditional formats over MARK_AREA, one per severity, each true for
# the cells listed as "|B2|E12|" in that severity's mark cell (hidden column Z, rows 1–3, unlocked so a macro
# may write them on the protected sheet). Marking is then one write of three strings per sheet; clearing writes
# empty strings. MARK_TAG in the fourth cell tells the front ends that a sheet carries the mechanism.
MARK_COL = 25  # Z
MARK_ROWS = {"错误": 0, "警告": 1, "提示": 2}  # Severity.value → row of its mark cell
MARK_TAG_ROW = 3
MARK_TAG = "xlperf:marks"
MARK_SEPARATOR = "|"
MARK_AREA_ROWS = 1000  # the conditional formats cover A1:Y1000 (rows staff insert are inside)

# ---------------------------------------------------------------- xlwings.conf (hidden): read by xlwings' VBA
XLWINGS_CONF_SHEET = "xlwings.conf"
XLWINGS_CONF = (  # keys in column A from A1, values in column B (xlwings reads down to the first empty key)
    ("Interpreter_Win", r"%USERPROFILE%\xlperf-env\Scripts\python.exe"),  # README: Windows 一次性设置
    ("UDF Modules", "xlperf.udfs"),  # always explicit: the default (the workbook's name) breaks on 中文 names
    ("Show Console", False),
    ("Debug UDFs", False),
)
XLWINGS_CONF_NOTE = ("xlwings 的设置（A 列为键，B 列为值，从 A1 起连续）。Interpreter_Win 指向装有 xlperf 的 Python；"
                     "若安装位置不同，取消隐藏本表并修改 B1。")


def mark_cell(severity: str) -> tuple[int, int]:
    """(row, col) of the mark cell of a severity ("错误", "警告", "提示")."""
    return MARK_ROWS[severity], MARK_COL


def mark_text(cells) -> str:
    """The mark cell's content for these A1 addresses: "|B2|E12|" ("" for none)."""
    cells = list(cells)
    return MARK_SEPARATOR + MARK_SEPARATOR.join(cells) + MARK_SEPARATOR if cells else ""


def mark_rule_formula(severity: str) -> str:
    """The conditional-format formula that is true for the cells listed in that severity's mark cell."""
    row, col = mark_cell(severity)
    sep = MARK_SEPARATOR
    return f'=ISNUMBER(SEARCH("{sep}"&ADDRESS(ROW(),COLUMN(),4)&"{sep}",${col_letter(col)}${row + 1}))'


# ------------------------------------------------------------------ 设置 (settings sheet)
AUTO_SCHEME = "自动"
OFF = "关闭"
# (workbook key, Config attribute, default shown in the template, explanation)
SETTINGS_ROWS = (
    ("指标体系", "scheme", AUTO_SCHEME, "自动：按是否有“成本指标”一级判断；旧版：成本在产出下；101号：财预〔2021〕101号，成本指标单列一级"),
    ("满意度最低值", "satisfaction_min", "90", "满意度指标值低于此百分比时提示（没有官方统一标准，常见为 90% 或 95%）"),
    ("序时进度要求", "progress_minima", OFF, "关闭，或第一至三季度累计进度最低值，如“0,50,75”（未找到河北省官方季度标准，仅作警告）"),
    ("三级指标最大字数", "max_level3_length", "40", "预算系统要求三级指标不超过 40 个字"),
    ("规则级别", "severity", "", "调整个别规则，如“V205=警告，T604=关闭”（可用：错误、警告、提示、关闭）"),
    # Not rule settings (Config attribute None: the rules ignore them): where the 校验 / 清除标记 buttons send the
    # workbook. xlperf_macros.bas reads both cells by their key in column A (README: 财政局：校验服务器).
    ("校验服务器地址", None, "", "财政局校验服务器的网址，如 http://jixiao.czj.local；填写后“校验”“清除标记”由该服务器完成，"
     "本机无需安装 Python（仍需启用宏）；留空则使用本机的 Python 与 xlperf"),
    ("校验令牌", None, "", "校验服务器要求的令牌（财政局随模板提供）；服务器不要求时留空"),
)
SERVER_URL_KEY, SERVER_TOKEN_KEY = "校验服务器地址", "校验令牌"


# ---------------------------------------------------------------- live checks (template.live)
# Rules that declare a live version (rulebook.registry.Live) are also written as formulas: hidden, locked helper
# columns right of the mark column, on the rows of the cells they check, so rows move with their helpers.
LIVE_COL = 26  # AA: AA1 holds LIVE_TAG (the reader drops every column from here on sheets that carry it)
LIVE_TAG = "xlperf:live"
LIVE_BLANK_COL = 33  # AH: an indicator row's non-blank columns A..F as letters (the reader's rule), then "|": "ACE|"
# (the header row's holds "|"); on 部门整体绩效目标 AI holds 1 when the item in column B of the same row is blank, else 0
LIVE_FLAG_COL = 42  # AQ..AV: the flag of form cell A..F on the same row: where a live rule reports that cell, its
# configured severity rank (1 提示, 2 警告, 3 错误; 0 when 关闭), else 0; AW..BB a second rule marking that cell …
LIVE_FLAG_SLOTS = 8  # at most this many live rules mark one cell
LIVE_COUNT_COL = 90  # CM1..: each live rule's count on this sheet, on row 1 (same address on every sheet)
LIVE_FORM_COLS = 6  # A..F
LIVE_EXTRA_ROWS = 0  # helper rows below the indicator rows the template writes (rows below are locked)
LIVE_STATUS_CELL = (0, PANEL_COL)  # H1: right of the title, outside the print area
LIVE_STATUS = "实时检查："
LIVE_STATUS_TAIL = " 处需修改（不含需点“校验”的全面检查）"
LIVE_RESULTS_COL = 8  # 校验结果: the per-rule live table in I..L, its severity ranks in hidden M
LIVE_RESULTS_END_COL = LIVE_RESULTS_COL + 4  # M
LIVE_RESULTS_HEADER = ("实时检查（规则）", "名称", "严重程度", "处数")
LIVE_RESULTS_NOTE = "下表由公式随填随算（不需要宏）；完整检查请点“校验”。"
LIVE_SPACES_COL = 4  # 列表!E: the characters the reader strips as blank, under the defined name LIVE_SPACES_NAME
LIVE_SPACES_HEADER = "空白字符（实时检查用）"
LIVE_SPACES_NAME = "XP_SPACES"
LIVE_SPACE_NAME = "XP_SP{i}"  # the i-th cell of XP_SPACES (1-based), for the range formulas (template.live_ranges)
LIVE_RANK_NAME = "XP_LIVE_{code}"  # defined name of a live rule's configured severity rank (0 = 关闭)


def live_status_text(count: int) -> str:
    """The status line's text for ``count`` live findings ("实时检查：0 处需修改（…）")."""
    return f"{LIVE_STATUS}{count}{LIVE_STATUS_TAIL}"
