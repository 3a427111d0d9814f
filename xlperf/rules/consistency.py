"""一致性 rules (codes K501–K599): Part 1 (部门整体绩效目标) against Part 2 (项目绩效目标表), and the year across
the form.

Part 1's 二、分项绩效目标 restates, per project, what Part 2's table says: the project's name, what the money is
for, its 绩效目标 and its key 绩效指标. Reviewers read both and ask about every difference. The rules here pair
each Part 1 project with its Part 2 table (``pair_projects``) and then compare what each part says.

Thresholds (documented in the rules' docstrings):
  * ``SIMILAR_RATIO`` = 0.75 — two names or two goal texts whose ``difflib.SequenceMatcher`` ratio (after
    normalisation) is at least this are "the same thing written differently" (e.g. "加强园区建设，推动高新技术企
    业发展" / "加强科技园区建设，推动高新技术企业发展": 0.94); below it they are different things ("提高企业创新能
    力" / "发挥财政资金引导作用，推动双创平台和双创企业不断增强": 0.12). Goals that merely share boilerplate
    ("发挥财政资金引导作用，推动高新技术企业…" / "…推动双创平台…": 0.72) stay below it.
  * ``INDICATOR_COVERAGE`` = 0.6 — a Part 1 indicator line has a counterpart in the table when at least this
    share of its content word pairs (汉字 bigrams, years/numbers/filler words removed) occur in one indicator's
    三级指标/描述/指标值; 0.4 is enough when the line's number also appears in that indicator's value.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..form.findings import Severity
from ..form.layout import OFF
from ..form.model import Project, ProjectSummary, Submission
from ..rulebook.settings import DEFAULT, from_settings
from ..text.claims import find_claims, text_total
from ..text.money import within_tolerance
from ..text.normalize import clean_text, lazy_re, parse_number, squash, to_halfwidth
from ._shared import cells_of, hit, once_per_run, rule, snippet

SIMILAR_RATIO = 0.75
INDICATOR_COVERAGE = 0.6
INDICATOR_COVERAGE_WITH_NUMBER = 0.4
_PUNCT_ONLY = lazy_re(r"^[\W_]*$")


def similar_ratio(a: str, b: str) -> float:
    """difflib's similarity of two texts (0–1) when it can reach SIMILAR_RATIO, else 0.0 (difflib's cheap upper
    bounds are checked first, so that comparing many unrelated names stays fast)."""
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < SIMILAR_RATIO or sm.quick_ratio() < SIMILAR_RATIO:
        return 0.0
    return sm.ratio()


def most_similar_pairs(left: list[str], right: list[str]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching of texts, most similar first, keeping pairs with ratio ≥ SIMILAR_RATIO:
    (index in ``left``, index in ``right``, ratio), in order of decreasing similarity."""
    scored = sorted(((similar_ratio(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
                    reverse=True)
    used_left, used_right, out = set(), set(), []
    for r, i, j in scored:
        if r < SIMILAR_RATIO:
            break
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        out.append((i, j, r))
    return out


# ------------------------------------------------------------------ pairing Part 1 projects with Part 2 tables
_LEADING_NUMBER = lazy_re(r"^(?:[（(][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|[0-9]{1,3}[、.．])")
_STRAY = "、，,。.；;：: "


_squash = lru_cache(maxsize=8192)(squash)  # the same texts (是, 工作经验, …) recur in every project


def name_key(name: object) -> str:
    """A project name for comparing the two parts: squashed (no spaces, full/half width unified), without a
    leading "（一）"/"一、"/"1." numbering, stray punctuation, or a trailing "项目"
    ("高新技术企业扶持资金项目：" → "高新技术企业扶持资金")."""
    s = _squash(name)
    s = _LEADING_NUMBER.sub("", s).strip(_STRAY)
    if s.endswith("项目") and len(s) > 2:
        s = s[:-2]
    return s


@dataclass
class Pairing:
    pairs: list[tuple[ProjectSummary, Project]]  # matched by name (exactly, after name_key)
    renamed: list[tuple[ProjectSummary, Project, float]]  # matched only by similar names
    part1_only: list[ProjectSummary]
    part2_only: list[Project]


def pair_projects(form: Submission) -> Pairing:
    """Pair Part 1's project summaries with Part 2's tables: equal ``name_key`` first, then the most similar
    remaining names (ratio ≥ SIMILAR_RATIO). Unnamed entries are left out (the completeness family reports a
    missing name)."""
    summaries = [s for s in form.summaries if name_key(s.name)]
    projects = [p for p in form.projects if name_key(p.name)]
    by_key: dict[str, list[Project]] = {}
    for p in projects:
        by_key.setdefault(name_key(p.name), []).append(p)
    pairs, left, taken = [], [], set()
    for s in summaries:
        candidates = by_key.get(name_key(s.name))
        if candidates:
            match = candidates.pop(0)  # the first table of that name, as before
            taken.add(id(match))
            pairs.append((s, match))
        else:
            left.append(s)
    free = [p for p in projects if id(p) not in taken]
    free_keys = [name_key(p.name) for p in free]
    matched = most_similar_pairs([name_key(s.name) for s in left], free_keys)
    renamed = [(left[i], free[j], r) for i, j, r in matched]
    used_s, used_p = {i for i, _, _ in matched}, {j for _, j, _ in matched}
    return Pairing(pairs, renamed,
                   [s for i, s in enumerate(left) if i not in used_s],
                   [p for j, p in enumerate(free) if j not in used_p])


def _pairing(ctx) -> Pairing:
    return once_per_run(ctx, "pairing", lambda: pair_projects(ctx.form))


def all_pairs(ctx) -> list[tuple[ProjectSummary, Project]]:
    pairing = _pairing(ctx)
    return pairing.pairs + [(s, p) for s, p, _ in pairing.renamed]


def _names(items, limit: int = 5) -> str:
    """The items' names quoted and joined ("“甲”、“乙”", "…等7个" beyond ``limit``); "" when there are none."""
    names = [x.name for x in items if x.name]
    shown = "、".join(f"“{n}”" for n in names[:limit])
    return shown + (f"等{len(names)}个" if len(names) > limit else "")


def _note(label: str, shown: str) -> str:
    """A parenthesised "（label：shown）" clause, or nothing when there is nothing to show (never "：无")."""
    return f"（{label}：{shown}）" if shown else ""


@rule("K501", Severity.WARNING, "第一部分的项目在第二部分没有项目表",
      "第一部分分项绩效目标中的项目“{name}”在第二部分找不到对应的项目绩效目标表{others_note}。",
      "为该项目补填第二部分的项目绩效目标表；如果是名称写法不同，请把两部分的项目名称改成一致。", scope="form")
def part1_project_missing(form, ctx):
    """第一部分列出的项目在第二部分没有项目绩效目标表。

    为什么：第一部分的分项绩效目标和第二部分的项目表是同一批项目的两种写法，审核时逐项对照；只在
    一处出现的项目，要么漏填了项目表，要么名称写得不一致，财政部门无法对应。

    比较名称时不计空格、全角半角、开头的“（一）”编号和末尾的“项目”二字，所以“高新技术企业扶持资金
    项目”与“高新技术企业扶持资金”视为同一项目；名称只差几个字的见 K503。

    错误示例：第一部分有“科技成果转化奖励”，第二部分没有这个项目的表。
    正确示例：第一部分“高新技术企业扶持资金项目”，第二部分“高新技术企业扶持资金”。
    """
    pairing = _pairing(ctx)
    for s in pairing.part1_only:
        others = _names(pairing.part2_only)
        yield hit(s.cells.get("name"), name=s.name, others=others,
                  others_note=_note("第二部分中同样对不上的项目", others))


@rule("K502", Severity.WARNING, "第二部分的项目在第一部分没有列出",
      "第二部分的项目“{name}”没有出现在第一部分的分项绩效目标中{others_note}。",
      "在第一部分“二、分项绩效目标”中补上该项目的资金安排、绩效目标和绩效指标；如果是名称写法不同，请改成一致。",
      scope="form")
def part2_project_missing(form, ctx):
    """第二部分有项目绩效目标表的项目，第一部分的分项绩效目标里没有。

    为什么：部门整体绩效目标要覆盖部门的全部预算项目；第二部分有表而第一部分没写，说明第一部分
    漏了项目，或两部分的项目名称不一致。名称的比较方法同 K501。

    错误示例：第二部分有“创新券专家评审费”项目表，第一部分的分项绩效目标中没有这个项目。
    正确示例：两部分列出同样的项目，名称一致。
    """
    pairing = _pairing(ctx)
    for p in pairing.part2_only:
        others = _names(pairing.part1_only)
        yield hit(p.cells.get("name"), name=p.name, others=others,
                  others_note=_note("第一部分中同样对不上的项目", others))


@rule("K503", Severity.WARNING, "两部分的项目名称不一致",
      "第一部分的项目名称“{part1}”与第二部分项目表的名称“{part2}”不一致。",
      "项目名称以预算批复为准，把两部分改成同一个名称。", scope="form")
def project_renamed(form, ctx):
    """同一项目在两部分的名称只差几个字。

    为什么：项目名称是对照两部分、对照预算批复的依据，写法不同会让人怀疑是不是两个项目。

    判断方法：名称在去掉空格、编号和末尾“项目”后仍不相同，但相似度（difflib 比值）不低于 0.75，视为
    同一项目写法不同；更不相似的按“找不到对应项目”报告（K501/K502）。

    错误示例：第一部分“机器人产业扶持资金”，第二部分“机器人产业发展扶持资金”。
    正确示例：两部分都写“机器人产业扶持资金”。
    """
    for s, p, _ in _pairing(ctx).renamed:
        yield hit(s.cells.get("name"), part1=s.name, part2=p.name, project=p.name)


# ------------------------------------------------------------------ goals
@lru_cache(maxsize=4096)
def goal_key(text: str) -> str:
    """A goal text for comparison: squashed, without leading/trailing punctuation, ASCII letters lower-cased."""
    return _squash(text).strip("。.；;，,、：:").lower()


@dataclass
class GoalComparison:
    reworded: list[tuple[str, str, float]]  # (Part 1 text, Part 2 text, ratio)
    part1_only: list[str]
    part2_only: list[str]


def compare_goals(part1: list[str], part2: list[str]) -> GoalComparison:
    """Match goal texts: equal after ``goal_key`` first, then the most similar remaining pairs with
    ratio ≥ SIMILAR_RATIO ("reworded"); the rest are missing on the other side. Punctuation-only lines are
    ignored (the hygiene family reports them)."""
    a = [g for g in part1 if not _PUNCT_ONLY.match(goal_key(g))]
    b = [g for g in part2 if not _PUNCT_ONLY.match(goal_key(g))]
    left_a = []
    free_b = list(b)
    for g in a:
        same = next((x for x in free_b if goal_key(x) == goal_key(g)), None)
        if same is None:
            left_a.append(g)
        else:
            free_b.remove(same)
    matched = most_similar_pairs([goal_key(x) for x in left_a], [goal_key(y) for y in free_b])
    reworded = [(left_a[i], free_b[j], r) for i, j, r in matched]
    used_a, used_b = {i for i, _, _ in matched}, {j for _, j, _ in matched}
    reworded.sort(key=lambda t: a.index(t[0]))
    return GoalComparison(reworded,
                          [g for i, g in enumerate(left_a) if i not in used_a],
                          [g for j, g in enumerate(free_b) if j not in used_b])


def _goal_pairs(ctx):
    """(summary, project, comparison) for every paired project where both parts state goals.

    When one side has no goals at all, nothing is compared: an empty 绩效目标 is a completeness matter.
    """
    def make():
        return [(s, p, compare_goals(s.goals, p.goals)) for s, p in all_pairs(ctx) if s.goals and p.goals]

    return once_per_run(ctx, "goals", make)


def _quoted(texts: list[str]) -> str:
    return "、".join(f"“{t}”" for t in texts)


@rule("K504", Severity.INFO, "两部分的绩效目标表述不同",
      "“{project}”的绩效目标在两部分写法不同：第一部分为“{part1}”，第二部分为“{part2}”。",
      "确认哪一种是准确的表述，把两部分改成一致。", scope="form")
def goal_reworded(form, ctx):
    """同一条绩效目标在两部分的文字略有不同。

    为什么：第一部分是对第二部分的概括，同一条目标应当一字不差；两处措辞不同（如多了“科技”二字），
    审核人员会问以哪一处为准。

    判断方法：去掉空格和结尾标点后逐条比较；不完全相同但相似度（difflib 比值）不低于 0.75 的视为
    同一目标改写，在这里提示；更不相似的按“目标缺失”报告（K505/K506）。

    错误示例：第一部分“加强园区建设，推动高新技术企业发展”，第二部分“加强科技园区建设，推动高新技术企业发展”。
    正确示例：两部分都写“加强科技园区建设，推动高新技术企业发展”。
    """
    for s, p, cmp in _goal_pairs(ctx):
        for a, b, _ in cmp.reworded:
            yield hit(s.cells.get("goals"), project=p.name, part1=a, part2=b)


@rule("K505", Severity.WARNING, "第一部分的绩效目标在项目表中没有",
      "第一部分“{project}”的绩效目标“{goal}”在第二部分项目表的绩效目标中找不到{others_note}。",
      "把这条目标补进项目表的绩效目标，或从第一部分删去；如果项目表中对不上的那条目标才是准确的，"
      "把第一部分改成与它一致。", scope="form")
def part1_goal_missing(form, ctx):
    """第一部分写的某条绩效目标，第二部分的项目表里没有。

    为什么：项目表的绩效目标是预算批复和年终评价的依据；第一部分承诺了而项目表没有的目标，年终
    无从评价，两部分也互相矛盾。

    判断方法：同 K504；与项目表任何一条目标的相似度都低于 0.75 时报告，并列出项目表中同样对不上的
    目标，便于对照。两边都有对不上的目标时，这往往是同一处不一致（一边改写了目标），只在这里报告一次，
    不再对项目表那一边另报 K506。

    错误示例：第一部分“提高企业创新能力”，项目表写的是“发挥财政资金引导作用，推动双创平台和双创企业不断增强”。
    正确示例：两部分写同样的目标。
    """
    for s, p, cmp in _goal_pairs(ctx):
        for goal in cmp.part1_only:
            note = _note("项目表中与第一部分对不上的目标", _quoted(cmp.part2_only))
            yield hit(s.cells.get("goals"), project=p.name, goal=goal, others=cmp.part2_only, others_note=note)


@rule("K506", Severity.WARNING, "项目表的绩效目标在第一部分没有",
      "“{project}”项目表的绩效目标“{goal}”没有写进第一部分的分项绩效目标。",
      "把这条目标补进第一部分该项目的绩效目标，或从项目表删去，使两部分一致。", scope="form")
def part2_goal_missing(form, ctx):
    """第二部分项目表的某条绩效目标，第一部分的分项绩效目标里没有。

    为什么：第一部分应完整概括各项目的目标；项目表多出的目标说明两部分不是同一版本。

    判断方法同 K505。只在第一部分该项目的目标都能在项目表中找到时报告：如果第一部分也有对不上的
    目标，K505 已经报告这处不一致并列出了项目表这一边的目标，不再重复。

    错误示例：项目表有“发挥财政资金引导作用，推动双创平台和双创企业不断增强”，第一部分没有这条。
    正确示例：两部分写同样的目标。
    """
    for s, p, cmp in _goal_pairs(ctx):
        if cmp.part1_only:
            continue  # K505 reports this pair once, listing the table's unmatched goals
        for goal in cmp.part2_only:
            yield hit(p.cells.get("goals"), project=p.name, goal=goal)


# ------------------------------------------------------------------ Part 1 indicator lines
_CJK = lazy_re(r"[\u4e00-\u9fff]")
_CJK_RUN = lazy_re(r"[\u4e00-\u9fff]+")
_YEAR_RE = lazy_re(r"(?<![0-9])(?:19|20)[0-9]{2}年度?")
_NUMBER_RE = lazy_re(r"[0-9]+(?:\.[0-9]+)?")
_FILLER = ("是否", "按照", "有所", "及以上", "以上", "以下", "以内", "不低于", "不少于", "不高于", "不超过", "达到",
           "全年", "年度", "相比", "增加", "提高", "提升", "增长", "新增")


def _content(text: str) -> str:
    s = _YEAR_RE.sub("|", _squash(text))
    for w in _FILLER:
        s = s.replace(w, "|")
    return s


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    runs = _CJK_RUN.findall(_content(text))
    return frozenset(run[i:i + 2] for run in runs for i in range(len(run) - 1))


def _numbers(text: str | None) -> set[float]:
    if not text:
        return set()
    s = _YEAR_RE.sub("|", _squash(text))
    return {float(n) for n in _NUMBER_RE.findall(s)}


def indicator_counterpart(line: str, project: Project, texts=None):
    """The indicator of ``project`` that a Part 1 indicator line restates, or None.

    A counterpart: its 三级指标 appears in the line ("补助企业数量≥35家"), or at least INDICATOR_COVERAGE of the
    line's content bigrams occur in its 三级指标/描述/指标值 (INDICATOR_COVERAGE_WITH_NUMBER when the line's number
    is also its value's). Years, numbers and filler words (是否, 以上, 增加 …) do not count as content.
    """
    grams = _bigrams(line)
    line_key = _squash(line)
    numbers = None
    for ind, name, target in (texts if texts is not None else _indicator_texts(project)):
        if len(name) >= 2 and name in line_key:
            return ind
        if not grams:
            continue
        coverage = sum(1 for g in grams if g in target) / len(grams)
        if coverage >= INDICATOR_COVERAGE:
            return ind
        if coverage >= INDICATOR_COVERAGE_WITH_NUMBER:
            numbers = _numbers(line) if numbers is None else numbers
            if numbers & _numbers(ind.value):
                return ind
    return None


def _indicator_texts(project: Project):
    return [(ind, _squash(ind.level3), "|".join(_squash(t) for t in (ind.level3, ind.description, ind.value) if t))
            for ind in project.indicators]


@rule("K507", Severity.INFO, "第一部分的绩效指标在项目表中没有对应指标",
      "第一部分“{project}”的绩效指标“{line}”在第二部分项目表的绩效指标中找不到对应的指标。",
      "在项目表中增加对应的三级指标并写明指标值，或修改第一部分，使两部分一致。", scope="form")
def part1_indicator_missing(form, ctx):
    """第一部分列出的绩效指标，在项目表的指标中找不到对应。

    为什么：第一部分列的是项目的关键指标，应当是项目表指标的摘录；项目表里没有的指标，年终评价时
    没有指标值可依，说明两部分不一致（常见于照抄别的项目的指标）。

    判断方法（从宽，只作提示）：项目表某个指标的三级指标名称出现在这一行中；或这一行的主要字词
    （去掉年份、数字和“是否”“以上”“增加”等虚词后的相邻两字）至少六成出现在某个指标的三级指标、
    描述或指标值中（数字也相同时四成即可）。第一部分只列关键指标，所以不反过来检查项目表的每个指标。

    几条都找不到对应时，在这一格只提示一次，列出这几条。
    错误示例：第一部分写“2021年度高新技术企业新增15家以上”，项目表没有“新增高新技术企业数量”指标。
    正确示例：第一部分写“补助企业数量≥35家”，项目表有三级指标“补助企业数量”、指标值“≥35家”。
    """
    for s, p in all_pairs(ctx):
        texts = _indicator_texts(p)  # punctuation-only lines are a hygiene matter (T602)
        lines = [line for line in s.indicators if _CJK.search(line) and indicator_counterpart(line, p, texts) is None]
        if lines:  # one hint per cell, listing its lines
            yield hit(s.cells.get("indicators"), project=p.name, line="”“".join(lines), count=len(lines))


# ------------------------------------------------------------------ amounts
_CLAIM_MARK = lazy_re("[计共=＝]|需资金")


@lru_cache(maxsize=1024)
def stated_total_wan(text: str | None) -> float | None:
    """The total a funding text states ("…共计1580万" → 1580.0): the largest total among its arithmetic claims;
    when it has none that can be read, the total it states in words (``calc.text_total``: the last
    "共计/合计/总计/共需资金/全年需资金 X万元" outside "其中" items, not hedged)."""
    if not text or not _CLAIM_MARK.search(text):
        return None  # find_claims needs a 合计/共计/总计/共/计 or an "=": skip the parse
    totals = [c.stated_total_wan for c in find_claims(text) if c.stated_total_wan is not None]
    if totals:
        return max(totals)
    in_words = text_total(text)
    return in_words[0] if in_words else None


@rule("K508", Severity.WARNING, "两部分的项目金额不一致",
      "第一部分“{project}”的资金安排写的是{part1}万元，而第二部分{where}是{part2}万元。",
      "核对项目资金，使第一部分的金额与项目表的年度资金总额一致。", scope="form")
def amount_differs(form, ctx):
    """第一部分写的项目金额与第二部分不一致。

    为什么：同一项目的资金在两部分必须是同一个数；金额对不上，审核人员无法判断以哪个为准，绩效
    目标与资金是否匹配也无从判断。

    判断方法：取第一部分资金安排文字中写明的合计金额（如“……共计1580万”，取其中最大的合计数；文字中的
    算式识别不了时，取最后写明的“共计/合计/共需资金……万元”，不含“其中”分项和“约”“不超过”等约数），与
    第二部分的年度资金总额比较；项目表未填年度资金总额时，与项目表“项目资金主要用途”中的合计金额
    比较。允许 0.5% 或 50 元以内的取整误差。

    错误示例：第一部分“……共计1580万”，项目表年度资金总额 1500。
    正确示例：第一部分“……共计1580万”，项目表年度资金总额 1580。
    """
    for s, p in all_pairs(ctx):
        total = parse_number(p.total)
        if total is None and goal_key(s.purpose or "") == goal_key(p.purpose or ""):
            continue  # the same text states the same total
        part1 = stated_total_wan(s.purpose)
        if part1 is None:
            continue
        if total is not None:
            part2, where = total, "项目表的年度资金总额"
        else:
            part2, where = stated_total_wan(p.purpose), "项目资金主要用途中写的合计"
        if part2 is not None and not within_tolerance(part1, part2):
            yield hit(s.cells.get("purpose"), project=p.name, part1=part1, part2=part2, where=where)


@rule("K511", Severity.INFO, "两部分的项目资金用途表述不同",
      "“{project}”的资金用途在两部分写法不同：第一部分为“{part1}”，第二部分为“{part2}”。",
      "以项目表为准核对，把两部分改成一致。", scope="form")
def purpose_differs(form, ctx):
    """第一部分的项目资金安排与第二部分的“项目资金主要用途”文字不同。

    为什么：两处说的是同一笔资金的用途和测算，通常应当一致；文字不同时往往是只改了一处，金额或
    数量可能已经对不上。

    判断方法：去掉空格、统一全角半角、去掉结尾的句号后比较；不同时列出第一处不同附近的文字。
    任一处没有填写时不比较（由完整性规则报告）。

    错误示例：第一部分“复审企业35家”，项目表“复审企业30家”。
    正确示例：两部分的资金用途文字相同。
    """
    for s, p in all_pairs(ctx):
        a, b = clean_text(s.purpose), clean_text(p.purpose)
        if a is None or b is None:
            continue
        ka, kb = goal_key(a), goal_key(b)
        if ka == kb:
            continue
        m = SequenceMatcher(None, ka, kb, autojunk=False)
        blocks = m.get_opcodes()
        tag, i1, i2, j1, j2 = next(op for op in blocks if op[0] != "equal")
        yield hit(s.cells.get("purpose"), project=p.name, part1=snippet(ka, i1, i2, width=12),
                  part2=snippet(kb, j1, j2, width=12))


# ------------------------------------------------------------------ years
_TITLE_YEAR_RE = lazy_re(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")
# A year in a text: 4 digits starting 19/20 followed by 年, not part of a longer number.
_TEXT_YEAR_RE = lazy_re(r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*年)")
_RANGE_RE = lazy_re(r"(?<![0-9])((?:19|20)[0-9]{2})年?\s*(?:-|—|–|~|～|至|到)\s*((?:19|20)[0-9]{2})(?=\s*年)")
_BASE_CUES = ("比", "较", "与", "同", "基准", "自", "从", "相比", "对比", "截至", "截止", "到", "至")
_DEADLINE_AFTER = lazy_re(r"\s*年度?\s*(?:[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*[日号])?)?\s*(?:底|末)?\s*(?:前|之前|以前)")


def form_year(form: Submission) -> int | None:
    """The form's 年度: the 年度 cell when it holds a plausible year, else the year in Part 1's title."""
    y = parse_number(form.year)
    if y is not None and y.is_integer() and 1900 <= y <= 2100:
        return int(y)
    m = _TITLE_YEAR_RE.search(to_halfwidth(form.title or ""))
    return int(m.group(1)) if m else None


@rule("K509", Severity.WARNING, "标题年份与年度不一致",
      "第一部分标题“{title}”中的年份{title_year}年与填写的年度{year}年不一致。",
      "核对年度，把标题和“年度”改成同一年。", scope="form")
def title_year_differs(form, ctx):
    """第一部分标题中的年份与“年度”格不一致。

    为什么：年度决定这份绩效目标管哪一年的预算；标题和年度不一致，多是沿用上年的表格只改了一处。

    错误示例：标题“2020年部门整体绩效目标”，年度 2021。
    正确示例：标题“2021年部门整体绩效目标”，年度 2021。
    """
    y = parse_number(form.year)
    if y is None or not y.is_integer():
        return
    m = _TITLE_YEAR_RE.search(to_halfwidth(form.title or ""))
    if m and int(m.group(1)) != int(y):
        yield hit(form.cells.get("title"), title=form.title, title_year=int(m.group(1)), year=int(y))


@lru_cache(maxsize=4096)
def year_problems(text: str, year: int) -> tuple[tuple[int, int, str], ...]:
    """(year found, position, reason) for each year in ``text`` that does not fit a form of ``year``.

    Fits: the form's year; the year before it (the usual base year, "比2020年度有所增加"); an earlier year
    after a comparison or starting-point cue (比/较/与/同/基准/自/从/相比/截至 …: "与2018年相比"); a year after
    到/至 (a horizon, "到2025年"); a year range that contains the form's year ("2021-2023年"). Does not fit:
    any other year, and the year before used as a deadline ("2020年12月底前").
    """
    return tuple(_year_problems(text, year)) if "年" in text else ()


def _year_problems(text: str, year: int):
    norm = to_halfwidth(text)
    in_range = set()
    for m in _RANGE_RE.finditer(norm):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= year <= hi:
            in_range.update({m.start(1), m.start(2)})
    for m in _TEXT_YEAR_RE.finditer(norm):
        found = int(m.group(1))
        if found == year or m.start(1) in in_range:
            continue
        before = norm[max(0, m.start() - 2):m.start()]
        cued = any(before.endswith(cue) for cue in _BASE_CUES)
        if found == year - 1:
            if _DEADLINE_AFTER.match(norm, m.end()) and not cued:
                yield found, m.start(), "完成时限不应早于本年度"
            continue
        if cued and (found < year or before.endswith(("到", "至"))):
            continue
        yield found, m.start(), "既不是本年度，也不是作为比较基数的上一年度"


@rule("K510", Severity.WARNING, "文字中的年份与年度不符",
      "{where}中的“{around}”写的是{found}年，而本表年度是{year}年：{reason}。",
      "核对年份：本年度的目标和指标应写{year}年；与往年比较时写明“比…年”。", scope="form")
def text_year_differs(form, ctx):
    """目标、指标、资金用途等文字中出现的年份与本表年度不符。

    为什么：沿用往年表格时最容易漏改年份（如 2021 年的表里写“2022年度高新技术企业新增15家”或
    “2019年12月底前”），年终评价时指标就对不上年度。

    判断方法：文字中“XXXX年”的年份应为本表年度；上一年度作为比较基数是正常的（“比2020年度有所
    增加”），前面有“比、较、与、自、截至”等字的更早年份、“到2025年”这样的远期目标、包含本年度的
    “2021-2023年”也不报告；但上一年度作为完成时限（“2020年12月底前”）要报告。本表年度取“年度”
    格，未填时取第一部分标题中的年份。第一部分标题本身见 K509。

    错误示例：年度 2021，指标描述“2022年度拨付高企数量”。
    正确示例：年度 2021，指标描述“2021年度拨付高企数量”；“企业研发资金占比比2020年度有所增加”。
    """
    year = form_year(form)
    if year is None:
        return
    for cell in cells_of(ctx):
        if cell.field == "form_title":
            continue  # K509
        seen = set()
        for found, pos, reason in year_problems(cell.text, year):
            if found in seen:
                continue
            seen.add(found)
            yield hit(cell.ref, where=cell.where, around=snippet(cell.text, pos, pos + 4, width=8), found=found,
                      year=year, reason=reason)


# ------------------------------------------------------------------ indicators copied between projects
def _indicator_key(ind) -> tuple[str, str, str] | None:
    """三级, 描述 and 指标值 of an indicator, normalised; None when the row has no 三级 name."""
    if not clean_text(ind.level3):
        return None
    return squash(ind.level3), squash(ind.description or ""), squash(ind.value or "")


@rule("K512", Severity.INFO, "多个项目的绩效指标完全相同",
      "“{project}”有{count}条绩效指标与“{other}”的完全相同（三级指标、描述和指标值都一样）：{names}。",
      "按本项目的资金用途和产出重新确定这些指标和指标值，使之能反映本项目自身的绩效。", scope="form")
def indicators_copied(form, ctx):
    """一个项目的多条绩效指标与前面另一个项目的完全相同（三级指标、指标描述、指标值都一样）。

    为什么：审核看“相关性”——指标应当从本项目的产出和效益中提炼。几个项目用同一套指标，通常是
    复制粘贴后没有修改，指标反映不出各项目自身的绩效。满意度等通用指标也常被复制，所以只在与同一个
    较早项目（最先写出这些指标的项目）相同的指标达到两条及以上时提示，每个项目报告一次，位置是
    这个项目第一条相同指标的三级指标格。

    错误示例：三个项目的质量、时效、成本、满意度指标一字不差（如都为“资金完成率 ≥90”）。
    正确示例：每个项目按自己的资金用途设置指标，个别通用指标相同也无妨。
    """
    first_owner: dict[tuple[str, str, str], Project] = {}  # each row → the earliest project that has it
    for project in form.projects:
        keys = {}
        for ind in project.indicators:
            key = _indicator_key(ind)
            if key is not None and key not in keys:
                keys[key] = ind
        shared: dict[int, list] = {}  # earlier project (by id) → this project's rows it already had
        owners = {}
        for key, ind in keys.items():
            owner = first_owner.get(key)
            if owner is not None:
                shared.setdefault(id(owner), []).append(ind)
                owners[id(owner)] = owner
        for owner_id, same in shared.items():  # in the order of this project's rows
            if len(same) >= 2:
                other = owners[owner_id]
                yield hit(same[0].cells.get("level3"), project=project.name or project.sheet,
                          other=other.name or other.sheet, count=len(same),
                          names="、".join(f"“{ind.level3}”" for ind in same))
                break  # one finding per project
        for key in keys:
            first_owner.setdefault(key, project)



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
