"""What a batch review yields, as plain picklable data: :class:`FileReview` per file, :class:`ProjectRow` per
project, and the statuses. Shared by :mod:`xlperf.services.review` (which re-exports both classes) and
:mod:`xlperf.services.review_summary`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..form.findings import Severity

LEVEL1_COLUMNS = ("产出指标", "成本指标", "效益指标", "满意度指标")
OTHER_LEVEL1 = "其他一级"  # 一级 names the taxonomy does not recognise (typos, blanks)
STATUS_PASS, STATUS_FIX, STATUS_UNREADABLE = "通过", "需修改", "无法读取"
JSON_SCHEMA_VERSION = 2  # 2: projects[].total is in 万元 (a number or null), total_text and status added


@dataclass
class ProjectRow:
    """One project of a reviewed workbook (plain data)."""

    name: str | None
    sheet: str | None
    total: float | None  # 年度资金总额 in 万元 (money.parse_amount_wan: "1580万元", "5.6万", "56000元" …)
    total_text: str | None  # the text typed, when it was not a plain number (else None)
    funding_total: float | None  # Σ money.funding_amount over its 补助测算 lines; None when no line computes
    level1: dict[str, int]  # canonical 一级 (or OTHER_LEVEL1) → number of indicator rows
    counts: dict[str, int]  # severity value → findings on this project's sheet

    def status(self, threshold: Severity) -> str:
        """This project's own status: 需修改 when a finding on its sheet reaches ``threshold``, else 通过."""
        return STATUS_FIX if any(n for sev, n in self.counts.items() if Severity(sev).rank >= threshold.rank) \
            else STATUS_PASS


@dataclass
class FileReview:
    """The outcome for one file (plain data, picklable; ``findings`` are ``Finding.as_dict()`` dicts)."""

    path: str
    error: str | None = None
    error_kind: str | None = None
    department: str | None = None
    year: float | str | None = None
    projects: list[ProjectRow] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    vba_status: str | None = None
    vba_differences: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f["severity"]] += 1
        return counts

    def status(self, threshold: Severity) -> str:
        if self.error:
            return STATUS_UNREADABLE
        worst = max((Severity(f["severity"]).rank for f in self.findings), default=0)
        return STATUS_FIX if worst >= threshold.rank else STATUS_PASS

    def as_dict(self) -> dict:
        return asdict(self)
