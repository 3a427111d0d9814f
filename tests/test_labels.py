"""form.labels: printed 一级/二级 labels → canonical level, original label, annotations."""
from __future__ import annotations

import pytest

from xlperf.form.labels import Annotation, parse_label, parse_level1, parse_level2
from xlperf.form.taxonomy import canonical_level1, canonical_level2, level2_names, suggest_level1


@pytest.mark.parametrize("text, level, canonical, annotations", [
    ("效益指标（30分）", 1, "效益指标", (Annotation("score", "30分"),)),
    ("产出指标(50分)", 1, "产出指标", (Annotation("score", "50分"),)),
    ("成本指标(0-20)分", 1, "成本指标", (Annotation("score", "0-20分"),)),
    ("时效指标（必填）", 2, "时效指标", (Annotation("required", "必填"),)),
    ("质量指标（或验收指标）", 2, "质量指标", (Annotation("alternative", "验收指标"),)),
    ("社会效益目标", 2, "社会效益指标", ()),
    ("项目完成指标", 1, "产出指标", ()),
    ("项目效益", 1, "效益指标", ()),
    ("预期产出", 1, "产出指标", ()),
    ("预期效果", 1, "效益指标", ()),
    ("满意度", 2, "服务对象满意度指标", ()),
    ("预算控制", 2, "成本指标", ()),
    ("投资规模控制指标", 2, "成本指标", ()),
    ("产出数量指标", 2, "数量指标", ()),
    ("经济成本指标", 2, "经济成本指标", ()),
])
def test_recognised(text, level, canonical, annotations):
    label = parse_label(text, level)
    assert (label.canonical, label.annotations, label.original) == (canonical, annotations, text)


@pytest.mark.parametrize("text, level", [
    ("、满意度指标", 1),  # stray punctuation is reported (C141) with a suggestion, not silently accepted
    ("项目年度绩效目标(定量指标)", 1),
    ("制度指标", 2),
    ("数量类", 2),
    ("效益类指标", 1),
    ("产出指标", 2),  # a 一级 in the 二级 column
])
def test_not_recognised(text, level):
    assert parse_label(text, level).canonical is None


def test_merged_benefit_kinds():
    label = parse_level2("经济效益、社会效益指标")
    assert (label.canonical, label.also) == ("经济效益指标", ("社会效益指标",))
    assert level2_names("经济、社会、生态效益") == ("经济效益指标", "社会效益指标", "生态效益指标")
    assert parse_level2("经济和社会效益").also == ("社会效益指标",)


def test_level_decides_meaning():
    assert parse_level1("满意度").canonical == "满意度指标"
    assert parse_level2("满意度").canonical == "服务对象满意度指标"
    assert parse_level1("预算控制").canonical is None


def test_score_and_taxonomy_go_through_the_parser():
    assert parse_level1("效益指标（30分）").score == "30分"
    assert parse_level2("质量指标（或验收指标）").alternative == "验收指标"
    assert canonical_level1("满意度指标(10分)") == "满意度指标"
    assert canonical_level2("时效指标（必填）") == "时效指标"
    assert suggest_level1("、满意度指标") == "满意度指标"
    assert parse_level1(None) is None and parse_level1("  ") is None
