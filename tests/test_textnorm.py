"""Table-driven tests for xlperf.text.normalize."""
import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlperf.text.normalize import (
    NUMBER_STYLES,
    clean_text,
    number_items,
    parse_number,
    parse_percent,
    split_items,
    squash,
    to_halfwidth,
)


@pytest.mark.parametrize("value, expected", [
    (None, None),
    ("", None),
    ("   ", None),
    ("\u3000\xa0 \n", None),
    ("\u3000 0", "0"),
    ("0\u3000", "0"),
    ("\ufeff高新技术企业\u200b", "高新技术企业"),
    (" 项目资金\n主要用途 ", "项目资金\n主要用途"),
    (90.0, "90"),
    (0.5, "0.5"),
    (0.1 + 0.2, "0.3"),
    (-3.0, "-3"),
    (1580.5, "1580.5"),
    (100, "100"),
    (0, "0"),
    (float("nan"), None),
    (float("inf"), "inf"),
    (True, "True"),
    # dates: python-calamine gives date, xlwings (the Excel macro) gives datetime at midnight: the same text
    (dt.date(2021, 12, 31), "2021-12-31"),
    (dt.datetime(2021, 12, 31), "2021-12-31"),
    (dt.datetime(2021, 12, 31, 8, 30), "2021-12-31 08:30"),
    (dt.datetime(2021, 12, 31, 8, 30, 15), "2021-12-31 08:30:15"),
])
def test_clean_text(value, expected):
    assert clean_text(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("１００", "100"),
    ("＞９０％", ">90%"),
    ("≥９０％", "≥90%"),
    ("５．６万元／人", "5.6万元/人"),
    ("ＡＢＣａｂｃ", "ABCabc"),
    ("＋－＝＜＞＊", "+-=<>*"),
    ("\u3000前后\u3000", " 前后 "),
    ("，、：；（）。", "，、：；（）。"),
    ("", ""),
])
def test_to_halfwidth(text, expected):
    assert to_halfwidth(text) == expected


def test_to_halfwidth_keeps_length():
    s = "４＊７＊２０００元／人＝５．６万元，合计"
    assert len(to_halfwidth(s)) == len(s)


@pytest.mark.parametrize("value, expected", [
    (90, 90.0),
    (90.5, 90.5),
    ("\u30000", 0.0),
    ("0\u3000", 0.0),
    ("１００", 100.0),
    ("1,580", 1580.0),
    ("1,580.5", 1580.5),
    ("5.6", 5.6),
    (" 90 ", 90.0),
    ("-3", -3.0),
    ("+3", 3.0),
    (".5", 0.5),
    ("90%", None),
    ("15家", None),
    ("1,58", None),
    ("15,80", None),
    ("1 580", None),
    ("abc", None),
    ("", None),
    (None, None),
    (True, None),
    (float("nan"), None),
    ("-", None),
    ("٣", None),
])
def test_parse_number(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("90%", 90.0),
    ("90", 90.0),
    ("９０％", 90.0),
    ("90 %", 90.0),
    (" 100% ", 100.0),
    (90, 90.0),
    (0.9, 0.9),
    ("90%%", None),
    ("%", None),
    ("≥90%", None),
    ("九十", None),
    (None, None),
])
def test_parse_percent(value, expected):
    assert parse_percent(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("项目资金\n主要用途", "项目资金主要用途"),
    ("资金支出计划（累进进度%）", "资金支出计划（累进进度%）"),
    ("资金支出计划(累进进度％)", "资金支出计划（累进进度%）"),
    (" 一级\u3000指标 \t", "一级指标"),
    ("a:b,c;d", "a：b，c；d"),
    ("１０", "10"),
    (None, ""),
    (90.0, "90"),
])
def test_squash(text, expected):
    assert squash(text) == expected


def test_squash_compares_label_variants():
    assert squash("（累进进度%）") == squash("(累进进度％)")
    assert squash("项目资金\n主要用途") == squash("项目资金主要用途")


@pytest.mark.parametrize("text, expected", [
    ("目标1：发挥作用\n目标2：加强建设", ["发挥作用", "加强建设"]),
    ("目标1：提高规范\n\n目标2：提高能力", ["提高规范", "提高能力"]),
    ("目标1:a\n目标２：b", ["a", "b"]),
    ("1.发挥作用\n2、加强建设", ["发挥作用", "加强建设"]),
    ("1．科技创新\n2．环境建设", ["科技创新", "环境建设"]),
    ("1. 按照标准下发\n\n2.小微企业", ["按照标准下发", "小微企业"]),
    ("1:a\n2：b", ["a", "b"]),
    ("(1)a\n（2）b\n（３）c", ["a", "b", "c"]),
    ("１、甲\n２．乙", ["甲", "乙"]),
    ("1.2021年度高新技术企业新增15家以上\n2.2021年度企业研发资金占比", ["2021年度高新技术企业新增15家以上", "2021年度企业研发资金占比"]),
    ("1.5倍于上年", ["1.5倍于上年"]),
    ("8:30前到岗", ["8:30前到岗"]),
    ("一、总体目标", ["一、总体目标"]),
    ("1.1.a", ["1.1.a"]),  # "1.1" is not a one-level prefix
    ("无编号\n  \n\u3000第二行\u3000", ["无编号", "第二行"]),
    ("2.\n3、c", ["c"]),
    ("a\r\nb", ["a", "b"]),
    ("", []),
    (None, []),
])
def test_split_items(text, expected):
    assert split_items(text) == expected


@pytest.mark.parametrize("style, expected", [
    ("目标", "目标1：甲\n目标2：5倍"),
    ("、", "1、甲\n2、5倍"),
    (".", "1.甲\n2. 5倍"),
    ("（）", "（1）甲\n（2）5倍"),
])
def test_number_items(style, expected):
    assert number_items(["甲", "5倍"], style) == expected


def test_number_items_empty_and_bad_style():
    assert number_items([], "目标") == ""
    with pytest.raises(ValueError):
        number_items(["a"], "X")


_item = st.text(min_size=1, max_size=20).filter(lambda s: clean_text(s) == s and len(s.splitlines()) == 1
                                                 and s.splitlines()[0] == s)


@given(st.lists(_item, max_size=6), st.sampled_from(NUMBER_STYLES))
def test_split_inverts_number(items, style):
    assert split_items(number_items(items, style)) == items


@given(st.one_of(st.none(), st.text(), st.floats(allow_nan=True), st.integers()))
def test_clean_text_total(value):
    out = clean_text(value)
    assert out is None or (out and out == clean_text(out))
    if isinstance(value, float) and math.isnan(value):
        assert out is None
