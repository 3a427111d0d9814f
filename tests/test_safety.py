"""xlperf.files.safety against the hostile corpus of tests/hostile.py."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import hostile  # noqa: E402

from xlperf.files import safety
from xlperf.form.errors import NotAWorkbook, UnreadableFile, UnsafeWorkbook, XlperfError  # noqa: E402

HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_SECONDS = 2.0
MAX_PEAK_BYTES = 50 * 1024 * 1024


@contextmanager
def guarded():
    """Hang guard (SIGALRM after 20 s), wall-clock and tracemalloc peak; yields a dict filled on exit."""
    stats: dict[str, float] = {}

    def on_alarm(signum, frame):
        raise TimeoutError("safety check hung for 20 s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(20)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield stats
    finally:
        stats["seconds"] = time.perf_counter() - start
        stats["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def fingerprint(path: Path) -> tuple[str, int, int]:
    st = os.stat(path)
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size


@pytest.mark.parametrize("case", sorted(hostile.CORPUS))
def test_corpus_file_is_refused_with_the_right_error(case, tmp_path):
    maker, expected, word = hostile.CORPUS[case]
    path = maker(tmp_path)
    before = fingerprint(path)

    with guarded() as stats:
        with pytest.raises(XlperfError) as info:
            safety.load_checked(path)

    err = info.value
    assert type(err) is expected, f"{case}: {type(err).__name__}: {err}"
    assert word in err.message, err.message
    assert HAN.search(err.message), err.message
    assert err.path == str(path) and str(path) in str(err)
    assert stats["seconds"] < MAX_SECONDS, f"{case} took {stats['seconds']:.2f} s"
    assert stats["peak"] < MAX_PEAK_BYTES, f"{case} peaked at {stats['peak'] / 1e6:.0f} MB"
    assert fingerprint(path) == before, "the received file must never be modified"


def test_external_entity_is_never_resolved(tmp_path):
    path = hostile.make_external_entity(tmp_path)
    with pytest.raises(UnsafeWorkbook) as info:
        safety.load_checked(path)
    assert "root:" not in str(info.value)


def test_valid_workbook_passes_and_bytes_are_what_was_checked(tmp_path):
    path = hostile.make_valid_xlsx(tmp_path)
    before = fingerprint(path)
    with guarded() as stats:
        data = safety.load_checked(path)
    assert data == path.read_bytes()
    assert stats["seconds"] < MAX_SECONDS
    assert fingerprint(path) == before
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["绩效目标", "说明"]
    assert book.get_sheet_by_name("绩效目标").to_python()[1][3] == "≥300人次"


def test_odd_file_name_works(tmp_path):
    path = hostile.make_valid_xlsx(tmp_path, hostile.ODD_NAME)
    assert path.name == hostile.ODD_NAME
    assert safety.load_checked(path)
    broken = tmp_path / ("-坏 文件😀\n.xlsx")
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(NotAWorkbook) as info:
        safety.load_checked(broken)
    assert str(broken) in str(info.value)


def test_valid_xlsm_passes(tmp_path):
    path = hostile.make_xlsm(tmp_path, {"Module1": "Sub A()\r\nEnd Sub\r\n"})
    assert safety.load_checked(path)


# -- the path -----------------------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="找不到文件"):
        safety.load_checked(tmp_path / "不存在.xlsx")


def test_folder(tmp_path):
    with pytest.raises(UnreadableFile, match="文件夹"):
        safety.load_checked(tmp_path)


def test_permission_denied(tmp_path, monkeypatch):
    path = hostile.make_valid_xlsx(tmp_path)

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safety.os, "open", deny)  # the tests may run as root, where chmod 000 is no barrier
    with pytest.raises(UnreadableFile, match="没有读取权限"):
        safety.load_checked(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_fifo_does_not_block(tmp_path):
    fifo = tmp_path / "管道.xlsx"
    os.mkfifo(fifo)
    with guarded() as stats, pytest.raises(UnreadableFile, match="不是普通文件"):
        safety.load_checked(fifo)
    assert stats["seconds"] < MAX_SECONDS


def test_file_size_limit(tmp_path):
    path = hostile.make_valid_xlsx(tmp_path)
    with pytest.raises(UnsafeWorkbook, match="超过上限"):
        safety.load_checked(path, safety.Limits(max_file_bytes=1000))


# -- limits and building blocks --------------------------------------------------------------------------


def test_limits_are_frozen_with_documented_defaults():
    limits = safety.Limits()
    assert (limits.max_total_uncompressed, limits.max_ratio, limits.ratio_min_size) == (200 * 2**20, 100, 2**20)
    assert (limits.max_members, limits.max_rows, limits.max_cols) == (10_000, 100_000, 200)
    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.max_rows = 5  # type: ignore[misc]


def test_dimension_limits_are_configurable(tmp_path):
    path = hostile.make_huge_dimension(tmp_path)
    assert safety.load_checked(path, safety.Limits(max_rows=2_000_000, max_cols=20_000))


def test_read_member_caps_actual_bytes(tmp_path):
    data = safety.load_checked(hostile.make_valid_xlsx(tmp_path))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        full = zf.read("xl/worksheets/sheet1.xml")
        assert safety.read_member(zf, "xl/worksheets/sheet1.xml", len(full)) == full
        with pytest.raises(UnsafeWorkbook, match="上限"):
            safety.read_member(zf, "xl/worksheets/sheet1.xml", len(full) - 1)
        with pytest.raises(NotAWorkbook, match="缺少部件"):
            safety.read_member(zf, "xl/nothing.xml", 1000)


def test_lying_sizes_are_bounded_in_time_and_memory(tmp_path):
    path = hostile.make_lying_bomb(tmp_path)
    with zipfile.ZipFile(path) as zf, guarded() as stats:
        with pytest.raises(XlperfError):
            safety.read_member(zf, "xl/media/image1.png", 10 * 2**20)
    assert stats["peak"] < MAX_PEAK_BYTES


def test_parse_xml_hardening():
    root = safety.parse_xml(b'<?xml version="1.0"?><a xmlns="urn:x"><b>1</b></a>')
    assert root.tag == "{urn:x}a"
    with pytest.raises(UnsafeWorkbook, match="DOCTYPE"):
        safety.parse_xml(b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')
    with pytest.raises(UnsafeWorkbook, match="DOCTYPE"):
        safety.parse_xml(b'<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>')
    with pytest.raises(UnsafeWorkbook):
        safety.parse_xml('<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>'.encode("utf-16"))
    with pytest.raises(NotAWorkbook, match="不是合法的 XML"):
        safety.parse_xml(b"<a><b></a>", part="xl/workbook.xml")


def test_parse_xml_billion_laughs_is_fast():
    ents = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = f'<!DOCTYPE a [<!ENTITY l0 "lol">{ents}]><a>&l9;</a>'.encode()
    with guarded() as stats, pytest.raises(UnsafeWorkbook):
        safety.parse_xml(xml)
    assert stats["seconds"] < 1


def test_import_is_light():
    code = "import sys, xlperf.files.safety; assert not {'oletools', 'olefile', 'openpyxl', 'python_calamine'} & set(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


# -- VBA -----------------------------------------------------------------------------------------------

OFFICIAL = {
    "Module1": 'Option Explicit\r\n\r\nSub RunCheck()\r\n    RunPython "import xlperf.cli; xlperf.cli.check()"\r\nEnd Sub\r\n',
    "Helpers": "Function Two()\r\n    Two = 2\r\nEnd Function\r\n" * 120,  # > 4 KB: several compressed chunks
}


def test_vba_modules_reads_sources(tmp_path):
    data = safety.load_checked(hostile.make_xlsm(tmp_path, OFFICIAL))
    modules = safety.vba_modules(data)
    assert set(modules) == {"Module1", "Helpers"}
    assert modules["Module1"].endswith(OFFICIAL["Module1"])
    assert safety.compare_vba(modules, OFFICIAL) == []


def test_vba_modules_none_without_project(tmp_path):
    assert safety.vba_modules(safety.load_checked(hostile.make_valid_xlsx(tmp_path))) is None


def test_vba_modules_damaged_project(tmp_path):
    path = hostile.make_xlsm(tmp_path, OFFICIAL)
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    # the right storage layout, but a dir stream that is not a compressed MS-OVBA container
    parts["xl/vbaProject.bin"] = hostile.build_cfb(
        {"PROJECT": b'Module="Module1"\r\n', "VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00", "VBA/dir": b"\x07garbage" * 10}
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, body in parts.items():
            zout.writestr(name, body)
    with pytest.raises(NotAWorkbook, match="宏工程"):
        safety.vba_modules(buf.getvalue())


@pytest.mark.parametrize(
    "received, expected",
    [
        pytest.param({"module1": 'Attribute VB_Name = "Module1"\nOption Explicit   \n\nSub RunCheck()\n'
                      '    RunPython "import xlperf.cli; xlperf.cli.check()"\nEnd Sub\n\n\n',
                      "Helpers": OFFICIAL["Helpers"].replace("\r\n", "\r")},
                     [], id="same-modulo-line-endings-attributes-case"),
        pytest.param({"Module1": OFFICIAL["Module1"], "Helpers": OFFICIAL["Helpers"], "Sheet3": "Option Explicit\r\n"},
                     [], id="new-empty-sheet-module-ignored"),
        pytest.param({"Module1": OFFICIAL["Module1"].replace("RunCheck", "Evil"), "Helpers": OFFICIAL["Helpers"]},
                     ["VBA 模块“Module1”的代码与官方模板不同：从第 3 行起不一致（官方：“Sub RunCheck()”；收到：“Sub Evil()”）"],
                     id="changed"),
        pytest.param({"Module1": OFFICIAL["Module1"]},
                     ["缺少官方模板中的 VBA 模块“Helpers”"], id="removed"),
        pytest.param({**OFFICIAL, "Backdoor": 'Sub Auto_Open()\r\n    Shell "calc"\r\nEnd Sub\r\n'},
                     ["多了官方模板中没有的 VBA 模块“Backdoor”（3 行代码）"], id="added"),
        pytest.param({"Module1": OFFICIAL["Module1"] + "Sub More()\r\nEnd Sub\r\n", "Helpers": OFFICIAL["Helpers"]},
                     ["VBA 模块“Module1”的代码与官方模板不同：从第 6 行起不一致（官方：“（无）”；收到：“Sub More()”）"],
                     id="appended"),
    ],
)
def test_compare_vba(received, expected):
    assert safety.compare_vba(received, OFFICIAL) == expected


def test_compare_vba_without_project():
    (message,) = safety.compare_vba(None, OFFICIAL)
    assert "没有宏" in message and "Module1" in message and "Helpers" in message
    assert safety.compare_vba(None, {"ThisWorkbook": "Option Explicit\r\n"}) == []
