"""The interchange format: strict parsing with Chinese errors, and lossless form → workbook → form."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlperf.files import interchange
from xlperf.files.reader import read_workbook
from xlperf.form.errors import BadFormData
from xlperf.form.model import FundingLine, Indicator, Project, ProjectSummary, SpendingPlan, Submission
from xlperf.template import write_filled


def test_example_loads_into_the_model(example_form):
    assert example_form.department == "高新区科技局"
    assert example_form.year == 2021
    assert [p.name for p in example_form.projects] == ["高新技术企业扶持资金", "机器人产业扶持资金", "创新券专家评审费"]
    assert [len(p.indicators) for p in example_form.projects] == [6, 6, 6]
    assert example_form.projects[2].indicators[5].level1 == "、满意度指标"  # the typo is kept
    assert len(example_form.measures) == 7


def test_to_dict_and_from_dict_are_inverse(example_form):
    data = interchange.to_dict(example_form)
    assert data["schema_version"] == interchange.SCHEMA_VERSION
    assert interchange.from_dict(json.loads(json.dumps(data))) == example_form


def test_yaml_round_trip(example_form, tmp_path):
    path = tmp_path / "form.yaml"
    path.write_text(interchange.dumps(example_form, "yaml"), encoding="utf-8")
    assert interchange.load_form(path) == example_form


@pytest.mark.parametrize("data, message", [
    ([], "根应为对象"),
    ({"projets": []}, "未知字段：projets"),
    ({"year": True}, "year 应为数字、文字或 null"),
    ({"projects": [{"plan": {"cumulative": [0, 1]}}]}, "projects[0].plan.cumulative 应为四个季度的列表"),
    ({"projects": [{"goals": "目标"}]}, "projects[0].goals 应为文字列表"),
    ({"projects": [{"indicators": [{"level4": "x"}]}]}, "projects[0].indicators[0]中有未知字段：level4"),
    ({"schema_version": 9}, "不支持的 schema_version 9"),
])
def test_bad_form_data_names_the_offending_path(data, message):
    with pytest.raises(BadFormData) as err:
        interchange.from_dict(data)
    assert message in str(err.value)


def test_load_form_reports_invalid_json_with_the_file_name(tmp_path):
    path = tmp_path / "坏.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(BadFormData) as err:
        interchange.load_form(path)
    assert "坏.json" in str(err.value) and "不是有效的 JSON" in str(err.value)


# ---------------------------------------------------------------- property: form → workbook → form
# Texts as staff type them: no surrounding whitespace, no line breaks, not starting with a digit
# (a leading "1." would read as list numbering in multi-line cells).
_text = st.text(alphabet=st.sampled_from(list("预算绩效目标项目资金企业补助万元家%≥≤（）：、，。abcXYZ-/") + ["　"]),
                min_size=1, max_size=20).map(lambda s: s.strip("　 ")).filter(bool).map(lambda s: "项" + s)
_opt_text = st.none() | _text
_number = st.none() | st.integers(0, 10**6).map(float) | st.floats(0, 1e4, allow_nan=False).map(lambda x: round(x, 2))
# cumulative % as staff type it: the reader reads fractions in (0, 1] as Excel percentages ("20%" → 0.2)
_percent = st.none() | st.just(0.0) | st.integers(2, 100).map(float)
_level1 = st.sampled_from(["产出指标", "效益指标", "满意度指标", "效果指标"])
_level2 = st.sampled_from(["数量指标", "质量指标", "社会效益指标", "服务对象满意度指标"])


@st.composite
def forms(draw):
    projects = []
    for i in range(draw(st.integers(1, 3))):
        indicators = [Indicator(draw(_level1), draw(_level2), draw(_text), draw(_opt_text), draw(_opt_text),
                                draw(_opt_text)) for _ in range(draw(st.integers(0, 5)))]
        indicators.sort(key=lambda ind: (ind.level1, ind.level2))  # groups are contiguous in a form
        funding = [FundingLine(draw(_text), draw(_number), draw(_opt_text), draw(_number), draw(_opt_text))
                   for _ in range(draw(st.integers(0, 3)))]
        projects.append(Project(
            name=f"项目{i}{draw(_text)}", code=draw(_opt_text), department=draw(_opt_text),
            implementer=draw(_opt_text), attribute=draw(st.none() | st.sampled_from(["新增", "延续"])),
            total=draw(_number), fiscal=draw(_number), other=draw(_number), purpose=draw(_opt_text),
            plan=SpendingPlan([draw(_percent) for _ in range(4)], [draw(_number) for _ in range(4)]),
            goals=draw(st.lists(_text, max_size=3)), indicators=indicators, funding=funding, title=draw(_text)))
    summaries = [ProjectSummary(draw(_opt_text), draw(_opt_text), draw(st.lists(_text, max_size=3)),
                                draw(st.lists(_text, max_size=3))) for _ in range(draw(st.integers(0, 3)))]
    summaries = [s for s in summaries if s.name or s.purpose or s.goals or s.indicators]
    return Submission(department=draw(_opt_text), year=draw(st.none() | st.integers(2000, 2100).map(float)),
                      title=draw(_text), overall_goals=draw(st.lists(_text, max_size=4)), summaries=summaries,
                      measures=draw(st.lists(_text, max_size=4)), projects=projects,
                      settings=draw(st.dictionaries(_text, _text, max_size=3)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=forms())
def test_form_workbook_form_is_lossless(form, tmp_path_factory):
    path = tmp_path_factory.mktemp("rt") / "form.xlsm"
    write_filled(form, path)
    assert interchange.to_dict(read_workbook(path)) == interchange.to_dict(form)


def test_json_schema_doc_is_in_sync_and_validates_the_example(example_form):
    import jsonschema
    from conftest import ROOT

    committed = json.loads((ROOT / "docs" / "form.schema.json").read_text(encoding="utf-8"))
    assert committed == interchange.json_schema(), "regenerate docs/form.schema.json (see docs/interchange.md)"
    jsonschema.Draft202012Validator.check_schema(committed)
    jsonschema.validate(interchange.to_dict(example_form), committed)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"projets": []}, committed)


@settings(max_examples=30, deadline=None)
@given(form=forms())
def test_every_valid_form_validates_against_the_schema(form):
    import jsonschema

    jsonschema.validate(json.loads(json.dumps(interchange.to_dict(form))), interchange.json_schema())


def test_absent_fields_round_trip_and_are_checked():
    form = Submission(projects=[Project(name="甲", absent=frozenset({"plan", "code"}))])
    data = interchange.to_dict(form)
    assert data["projects"][0]["absent"] == ["code", "plan"]
    assert interchange.from_dict(data).projects[0].absent == frozenset({"plan", "code"})
    assert "absent" not in interchange.to_dict(Submission(projects=[Project(name="乙")]))["projects"][0]
    data["projects"][0]["absent"] = ["编码"]
    with pytest.raises(BadFormData, match="absent"):
        interchange.from_dict(data)
