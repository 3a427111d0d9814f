"""What the 一致性 modules share: matching Part 1 with Part 2 — similar texts (``SIMILAR_RATIO``), project names
(``name_key``) and each Part 1 project paired with its Part 2 table once per run, goal texts (``goal_key``), and
the "（label：shown）" note of a message."""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ...form.model import Project, ProjectSummary, Submission
from ...text.normalize import lazy_re, squash
from .._shared import once_per_run

SIMILAR_RATIO = 0.75


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


def _note(label: str, shown: str) -> str:
    """A parenthesised "（label：shown）" clause, or nothing when there is nothing to show (never "：无")."""
    return f"（{label}：{shown}）" if shown else ""


@lru_cache(maxsize=4096)
def goal_key(text: str) -> str:
    """A goal text for comparison: squashed, without leading/trailing punctuation, ASCII letters lower-cased."""
    return _squash(text).strip("。.；;，,、：:").lower()
