"""The UDFs: pure functions, the wrappers' cell conventions, xlwings' own metadata and argument conversion,
and the generated VBA wrapper module."""
from __future__ import annotations

import inspect
import os

import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st

from xlperf import udfs
from xlperf.template.vba import xlwings_modules as xm
from xlperf.text import money, prose
from xlperf.text.claims import find_claims, reconcile

UDF_NAMES = sorted(name for name in dir(udfs) if name.startswith("XP_"))


# ------------------------------------------------------------------ pure functions
@pytest.mark.parametrize("rows, sentence", [
    ([["复审企业", 35, "家", 10, "万元/家"]], "复审企业35家×10万元/家=350万元。"),
    ([["复审企业补助", 35.0, "家", 10.0, "万元/家"], ["专家咨询费", 28.0, "人次", 2000.0, "元/人次"], [None] * 5],
     "复审企业补助35家×10万元/家=350万元；专家咨询费28人次×2000元/人次=5.6万元；合计355.6万元。"),
    ([["设备", 2, "台", 1.5, None], ["", "", "", "", ""]], "设备2台×1.5万元=3万元。"),
    ([["专家", None, "人", 2000, "元/人"], ["场地", 1, "项", 3, "万元"]], "专家（数量或标准待填）；场地1项×3万元=3万元。"),
    ([["坏单位", 3, "家", 5, "个"]], "坏单位（数量或标准待填）。"),
    ([[None] * 5], ""),
    ([], ""),
])
def test_purpose_sentence(rows, sentence):
    assert prose.purpose_sentence(rows) == sentence


_counts = st.integers(1, 500)
_rates = st.sampled_from([(0.5, "万元/家"), (10, "万元/家"), (2000, "元/人"), (1500, "元/人次"), (3, "万元"),
                          (0.2, "亿元"), (800, "元/场")])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["复审企业", "新认定企业", "专家咨询费", "场地费", "培训"]), _counts,
                          st.sampled_from(["家", "人", "人次", "场", "项"]), _rates), min_size=1, max_size=5))
def test_generated_sentence_is_arithmetic_the_checks_accept(lines):
    """The prose made from the numbers never disagrees with them: every claim the checks find in it holds,
    and its last stated amount is the breakdown's total."""
    rows = [[label, count, unit, rate, rate_unit] for label, count, unit, (rate, rate_unit) in lines]
    sentence = prose.purpose_sentence(rows)
    claims = find_claims(sentence)
    assert claims and all(reconcile(c).status == "holds" for c in claims)
    total = sum(money.subsidy_line(c, r, u) for _l, c, _u, (r, u) in lines)
    assert money.within_tolerance(claims[-1].stated_total_wan, total)
    assert prose.arithmetic_verdict(sentence) == prose.CLAIMS_HOLD


@pytest.mark.parametrize("text, verdict", [
    ("每季度一次，一次七个专家，全年需资金4*7*2000元/人=5.6万元", "算式正确"),
    ("35家×10万元/家=360万元", "算式有误：35家×10万元/家=360万元 计算得350万元，文中写360万元"),
    ("计划100家申请高新技术企业,申请高企的企业补助5万元/家，通过高企申请的企业补助5万元/家，合计900万元",
     "缺少数量：通过高企申请的企业（按合计应为80家）"),
    ("用于支持企业发展。", "未发现算式"),
    (None, "未发现算式"),
])
def test_arithmetic_verdict(text, verdict):
    assert prose.arithmetic_verdict(text) == verdict


# ------------------------------------------------------------------ the wrappers' cell conventions
@pytest.mark.parametrize("call, expected", [
    (lambda: udfs.XP_SUBSIDY_LINE(35.0, 10.0, "万元/家"), 350.0),
    (lambda: udfs.XP_SUBSIDY_LINE(28, 2000, "元/人次"), 5.6),
    (lambda: udfs.XP_SUBSIDY_LINE("35家", "5万元/家"), 175.0),
    (lambda: udfs.XP_SUBSIDY_LINE(None, None, None), ""),  # an empty line shows empty, not 0
    (lambda: udfs.XP_SUBSIDY_LINE(3, 5, "个"), "#错误：不是金额单位：'个'"),
    (lambda: udfs.XP_SUBSIDY_LINE(35, 10, 5), "#错误：不是金额单位：'5'"),  # a number typed as 标准单位
    (lambda: udfs.XP_SUBSIDY_LINE(35.0, 10.0, 5.0), "#错误：不是金额单位：'5'"),
    (lambda: udfs.XP_SUBSIDY_TOTAL([350.0, "5.6万元", None, ""]), 355.6),
    (lambda: udfs.XP_SUBSIDY_TOTAL([1, "很多"]), "#错误：不是金额：'很多'"),
    (lambda: udfs.XP_PROGRESS([70, 105, 105, 70]), [20.0, 50.0, 80.0, 100.0]),
    (lambda: udfs.XP_PROGRESS([10, 10, None, None], 40), [25.0, 50.0, 50.0, 50.0]),
    (lambda: udfs.XP_PROGRESS([None] * 4), ["", "", "", ""]),
    (lambda: udfs.XP_PROGRESS(["五十", 1, 2, 3]), ["#错误：不是数字：'五十'", "", "", ""]),
    (lambda: udfs.XP_PROGRESS_VERDICT([0, 0, 0, 100]), "第四季度才支出"),
    (lambda: udfs.XP_PROGRESS_VERDICT([20, 40, 70, 100], [None, 50, 75, None]), "第二季度低于序时要求50%"),
    (lambda: udfs.XP_PROGRESS_VERDICT([1, 2]), "#错误：需要4个季度的累进进度，得到2个"),
    (lambda: udfs.XP_AMOUNT_WAN("56000元"), 5.6),
    (lambda: udfs.XP_AMOUNT_WAN("待定"), ""),
    (lambda: udfs.XP_PURPOSE_TEXT([["复审企业", 35, "家", 10, "万元/家"]]), "复审企业35家×10万元/家=350万元。"),
    (lambda: udfs.XP_CHECK_ARITHMETIC("35家×10万元/家=350万元"), "算式正确"),
])
def test_wrappers(call, expected):
    assert call() == expected


def test_a_type_error_in_the_core_is_cell_text_not_a_traceback():
    def core(_x):
        raise TypeError("类型不对")

    assert udfs._call(core, 1) == "#错误：类型不对"


def test_every_udf_is_a_short_wrapper_with_one_line_help():
    assert UDF_NAMES == ["XP_AMOUNT_WAN", "XP_CHECK_ARITHMETIC", "XP_PROGRESS", "XP_PROGRESS_VERDICT",
                         "XP_PURPOSE_TEXT", "XP_SUBSIDY_LINE", "XP_SUBSIDY_TOTAL"]
    for name in UDF_NAMES:
        func = getattr(udfs, name)
        doc = func.__doc__
        assert doc and "\n" not in doc.strip() and len(doc) <= 255, name  # Excel's help text limit
        body = [line for line in inspect.getsource(func).splitlines()
                if line.strip() and not line.lstrip().startswith(("@", "def ", '"""'))]
        assert len(body) == 1 and body[0].strip().startswith("return "), name
        assert name.isascii() and all(p.isascii() for p in inspect.signature(func).parameters), name


# ------------------------------------------------------------------ xlwings' metadata and conversion
@pytest.fixture(scope="module")
def decorated():
    """xlperf.udfs executed with xlwings' real decorators (what Excel's "Import Functions" sees)."""
    return xm.decorated_udfs_module()


def test_decorators_record_what_excel_needs(decorated):
    for name in UDF_NAMES:
        info = getattr(decorated, name).__xlfunc__
        assert info["name"] == name and info["category"] == udfs.CATEGORY and not info["sub"]
        assert info["ret"]["doc"] == getattr(udfs, name).__doc__
        assert all(arg["doc"] and not arg["doc"].startswith("Positional") for arg in info["args"]), name
    options = {a["name"]: a["options"] for a in decorated.XP_PROGRESS.__xlfunc__["args"]}
    assert options == {"amounts": {"ndim": 1}, "total": {}}
    assert decorated.XP_PURPOSE_TEXT.__xlfunc__["args"][0]["options"] == {"ndim": 2}


@pytest.fixture
def remote(monkeypatch):
    from test_excel_macro import remote_xlwings

    return remote_xlwings(monkeypatch)


def call_like_excel(func, *excel_args):
    """What xlwings.udfs.call_udf does between Excel and the function, minus COM: each argument through
    xlwings' reader with the function's options, the result through its writer (engine: remote)."""
    from xlwings import conversion

    info = func.__xlfunc__
    args = [conversion.read(None, value, info["args"][i]["options"], engine_name="remote")
            for i, value in enumerate(excel_args)]
    return conversion.write(func(*args), None, info["ret"]["options"], engine_name="remote")


@pytest.mark.parametrize("name, excel_args, expected", [
    # a 1 x 4 range arrives as a 2-D block; ndim=1 makes it the list the core expects; an array result is a row
    ("XP_PROGRESS", ([[70.0, 105.0, 105.0, 70.0]],), [[20.0, 50.0, 80.0, 100.0]]),
    ("XP_PROGRESS", ([[None, None, None, None]],), [["", "", "", ""]]),
    ("XP_PROGRESS_VERDICT", ([[20.0, 50.0, 80.0, 100.0]],), [["进度正常"]]),
    ("XP_SUBSIDY_TOTAL", ([[350.0], ["5.6万元"], [None]],), [[355.6]]),
    ("XP_SUBSIDY_LINE", (35.0, 10.0, "万元/家"), [[350.0]]),
    ("XP_SUBSIDY_LINE", (None, None, None), [[""]]),
    ("XP_PURPOSE_TEXT", ([["复审企业", 35.0, "家", 10.0, "万元/家"]],), [["复审企业35家×10万元/家=350万元。"]]),
    ("XP_PURPOSE_TEXT", ("复审企业",), [["复审企业（数量或标准待填）。"]]),  # one cell: still a 2-D block
    ("XP_AMOUNT_WAN", ("1,580万",), [[1580.0]]),
    ("XP_CHECK_ARITHMETIC", ("4*7*2000元/人=5.6万元",), [["算式正确"]]),
])
def test_through_xlwings_conversion(remote, decorated, name, excel_args, expected):
    assert call_like_excel(getattr(decorated, name), *excel_args) == expected


# ------------------------------------------------------------------ the VBA modules
def test_committed_xlwings_module_is_the_pinned_wheels():
    """The wheel's module with the blocks LibreOffice cannot compile resolved for Windows Excel (line-by-line
    checks against the wheel's file: tests/test_vba_libreoffice.py)."""
    assert xlwings.__version__ == xm.PINNED_XLWINGS
    wheel = os.path.join(os.path.dirname(xlwings.__file__), "xlwings.bas")
    committed = xm.STANDALONE_FILE.read_bytes()
    assert xm.wheel_standalone_text().encode("ascii") == open(wheel, "rb").read()
    assert committed == xm.standalone_text().encode("ascii"), "run `python -m xlperf.template.vba.xlwings_modules`"
    text = committed.decode("ascii")
    assert "xlwings is distributed under a BSD 3-clause license." in text  # licence header kept
    assert f'"xlwings64-{xm.PINNED_XLWINGS}.dll"' in text


def test_pin_in_pyproject_matches():
    from conftest import ROOT

    assert f'"xlwings=={xm.PINNED_XLWINGS}"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_committed_udf_module_is_freshly_generated():
    assert xm.UDFS_FILE.read_bytes().decode("ascii") == xm.udfs_text(), "run `python -m xlperf.template.vba.xlwings_modules`"
    import sys

    assert "pythoncom" not in sys.modules or sys.platform == "win32"  # the stubs are gone again


def test_udf_module_has_one_wrapper_per_udf():
    text = xm.UDFS_FILE.read_text(encoding="ascii")
    functions = [line.split("(")[0].split()[1] for line in text.splitlines() if line.startswith("Function ")]
    assert functions == UDF_NAMES
    for name in UDF_NAMES:
        assert f'XLPy.CallUDF("xlperf.udfs", "{name}", ' in text
    assert "Function XP_PROGRESS(amounts, Optional total)" in text


def test_subsidy_line_reads_a_count_unit_with_an_order_of_magnitude():
    """52 in 数量 and “万人” in 数量单位 × 84 元/人: the workbook shows what the checks compute (4368 万元)."""
    from xlperf import udfs

    assert udfs.XP_SUBSIDY_LINE(52, 84, "元/人", "万人") == 4368
    assert udfs.XP_SUBSIDY_LINE(35, 10, "万元/家", "家") == 350
    assert udfs.XP_SUBSIDY_LINE(35, 10, "万元/家") == 350  # the unit is optional
