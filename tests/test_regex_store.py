"""The regex store (xlperf.text.regex_store): a pattern put into re's cache from the store is exactly what
re.compile makes, and a missing, foreign or damaged store changes nothing but the time (issue 15)."""
from __future__ import annotations

import marshal
import re
from re import _compiler

import pytest

from xlperf.text import regex_store

PATTERNS = [
    (r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|元)(?![\u4e00-\u9fff])", 0),
    (r"[\u4e00-\u9fff）》”]{2,10}?(?:前|之前)", 0),
    (r"^\s*目标\s*\d+[：:]", re.MULTILINE),
    (r"straße|ǅ", re.IGNORECASE),
    (rb"<c(?: r=\"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\"|[\s/>])", 0),
]
TEXTS = ["补助 1580.5万元，于2021年12月前完成", "目标1：完成", "STRASSE Straße ǆ", '<c r="A1"/><c/>']


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "regex-store.marshal"
    monkeypatch.setattr(regex_store, "STORE", path)
    monkeypatch.delenv("XLPERF_REGEX_STORE", raising=False)
    return path


def _forget() -> None:
    for pattern, flags in PATTERNS:
        re._cache.pop((type(pattern), pattern, flags), None)


def _matches(rx: re.Pattern) -> list:
    found = []
    for text in TEXTS:
        subject = text.encode() if isinstance(rx.pattern, bytes) else text
        found.append([(m.span(), m.groups(), m.groupdict()) for m in rx.finditer(subject)])
    return found


def test_a_stored_pattern_is_what_re_compile_makes(store):
    for pattern, flags in PATTERNS:
        re.compile(pattern, flags)
    regex_store._collect()
    assert store.exists()
    re.purge()  # room in re's cache (512 patterns), as at start-up, whatever the tests before this one compiled
    assert regex_store.seed() >= len(PATTERNS)
    for pattern, flags in PATTERNS:
        seeded = re.compile(pattern, flags)
        assert seeded is re._cache[(type(pattern), pattern, flags)]  # served from the store, not compiled again
        fresh = _compiler.compile(pattern, flags)
        assert seeded == fresh  # Pattern.__eq__ compares the programs
        assert (seeded.flags, seeded.groups, seeded.groupindex) == (fresh.flags, fresh.groups, fresh.groupindex)
        assert _matches(seeded) == _matches(fresh)


def test_lazy_patterns_are_stored_before_their_first_use(store):
    from xlperf.text.normalize import lazy_re

    pattern = r"(?P<year>(?:19|20)\d{2})年度?[\u4e00-\u9fff]{1,12}?以前"
    lazy_re(pattern)  # declared, never used in this process
    re._cache.pop((str, pattern, 0), None)
    regex_store._collect()
    programs = marshal.loads(store.read_bytes())[1]
    assert (pattern, 0) in programs


@pytest.mark.parametrize("content", [
    b"",  # empty
    b"\x00not marshal at all",  # damaged
    marshal.dumps((("cpython-99", "another interpreter"), {(r"[\u4e00-\u9fff]+", 0): (32, [1, 2, 3], 0, {}, (None,))})),
    marshal.dumps((None, None)),
])
def test_a_missing_foreign_or_damaged_store_changes_nothing(store, content):
    _forget()
    assert regex_store.seed() == 0  # no store at all
    store.write_bytes(content)
    assert regex_store.seed() == 0
    for pattern, flags in PATTERNS:
        assert (type(pattern), pattern, flags) not in re._cache
        assert re.compile(pattern, flags) == _compiler.compile(pattern, flags)


def test_the_store_can_be_turned_off(store, monkeypatch):
    for pattern, flags in PATTERNS:
        re.compile(pattern, flags)
    regex_store._collect()
    _forget()
    monkeypatch.setenv("XLPERF_REGEX_STORE", "0")
    assert regex_store.seed() == 0
    assert all((type(p), p, f) not in re._cache for p, f in PATTERNS)
