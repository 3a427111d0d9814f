"""xlperf.template.vba.project: a vbaProject.bin written from source must be read back exactly by independent readers.

Oracles: oletools (strict MS-OVBA parsing, relaxed=False, and its spec decompressor), olefile (MS-CFB parsing with
DEFECT_INCORRECT), XlsxWriter (embedding into an .xlsm) and, when installed, LibreOffice (imports the VBA modules).
"""
from __future__ import annotations

import datetime
import os
import random
import shutil
import struct
import subprocess
import zipfile

import olefile
import pytest
import xlsxwriter
import xlwings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oletools import olevba

from xlperf.template.vba import Module, build_vba_project, read_module_sources, source_from_bas
from xlperf.template.vba import project as vp

PROBE = 'Public Function XlperfProbe() As String\n    XlperfProbe = "probe-ok-42"\nEnd Function\n'
MACROS = Module("xlperf_macros", 'Option Explicit\n\nSub Hello()\n    MsgBox "hi" & Chr(10) & 1 + 2\nEnd Sub\n\n' + PROBE)
THIS_WORKBOOK = Module("ThisWorkbook", "Option Explicit\n\nPrivate Sub Workbook_Open()\nEnd Sub\n", "document")
SHEET1 = Module("Sheet1", "", "document")
MODULES = [THIS_WORKBOOK, SHEET1, MACROS]


def xlwings_bas_text() -> str:
    with open(os.path.join(os.path.dirname(xlwings.__file__), "xlwings.bas"), newline="") as f:
        return f.read()


def strict_extract(data: bytes) -> dict[str, str]:
    """Module sources exactly as stored, by oletools' strict path (_extract_vba with relaxed=False)."""
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    try:
        return {filename.rsplit(".", 1)[0]: code
                for _path, filename, code in olevba._extract_vba(ole, "", "PROJECT", "VBA/dir", relaxed=False)}
    finally:
        ole.close()


def normalise(code: str) -> str:
    return source_from_bas(code).replace("\r\n", "\n")


def expected_source(module: Module) -> str:
    code = module.source
    return code if not code or code.endswith("\n") else code + "\n"


# ---------------------------------------------------------------------------------------------------- container


def test_olefile_parses_strictly_with_expected_streams():
    data = build_vba_project(MODULES)
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert len(data) % 512 == 0
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    assert sorted(ole.listdir(streams=True, storages=True)) == sorted(
        [["PROJECT"], ["PROJECTwm"], ["VBA"], ["VBA", "_VBA_PROJECT"], ["VBA", "dir"],
         ["VBA", "ThisWorkbook"], ["VBA", "Sheet1"], ["VBA", "xlperf_macros"]])
    assert ole.get_type("VBA") == olefile.STGTY_STORAGE
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000000")
    assert ole.openstream("PROJECTwm").read() == b"".join(
        n.encode() + b"\0" + n.encode("utf-16-le") + b"\0\0" for n in ("ThisWorkbook", "Sheet1", "xlperf_macros")
    ) + b"\0\0"
    ole.close()


CFB_RED, CFB_BLACK = 0, 1  # MS-CFB 2.6.1 Color Flag


def _check_red_black_tree(ole: olefile.OleFileIO, sid: int) -> None:
    """Every storage's children form a binary search tree under the MS-CFB order, with red-black colouring."""
    entries = ole.direntries

    def key(i):
        name = entries[i].name
        return len(name), name.upper()

    def walk(i, low, high, parent_red):
        if i == olefile.NOSTREAM:
            return 1  # empty links count as black
        e = entries[i]
        assert (low is None or key(low) < key(i)) and (high is None or key(i) < key(high))
        red = e.color == CFB_RED
        assert not (red and parent_red), "two consecutive red nodes"
        left = walk(e.sid_left, low, i, red)
        right = walk(e.sid_right, i, high, red)
        assert left == right, "unequal black height"
        return left + (0 if red else 1)

    root = entries[sid].sid_child
    assert entries[root].color == CFB_BLACK
    walk(root, None, None, False)
    for kid in entries[sid].kids:
        if kid.entry_type == olefile.STGTY_STORAGE:
            _check_red_black_tree(ole, kid.sid)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6, 7, 8, 13, 30])
def test_directory_is_a_valid_red_black_tree(count):
    modules = [Module(f"M{i:02d}" + "x" * (i % 5), f"Sub S{i}()\nEnd Sub\n") for i in range(count)]
    data = build_vba_project(modules)
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    _check_red_black_tree(ole, 0)
    assert strict_extract(data).keys() == {m.name for m in modules}


# ---------------------------------------------------------------------------------------------------- VBA project


def test_oletools_strict_extraction_returns_every_module_exactly():
    extracted = strict_extract(build_vba_project(MODULES))
    assert set(extracted) == {"ThisWorkbook", "Sheet1", "xlperf_macros"}
    for module in MODULES:
        assert normalise(extracted[module.name]) == expected_source(module)
    # the stored text itself: attribute lines first, CRLF everywhere
    assert extracted["xlperf_macros"] == 'Attribute VB_Name = "xlperf_macros"\r\n' + MACROS.source.replace("\n", "\r\n")
    this_wb = extracted["ThisWorkbook"].split("\r\n")
    assert this_wb[:8] == [
        'Attribute VB_Name = "ThisWorkbook"',
        'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    assert 'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"' in extracted["Sheet1"]
    assert "\n" not in extracted["xlperf_macros"].replace("\r\n", "")


def test_read_module_sources_matches_module_source():
    data = build_vba_project(MODULES)
    assert read_module_sources(data) == {m.name: expected_source(m) for m in MODULES}
    raw = read_module_sources(data, keep_attributes=True)
    assert raw["Sheet1"].startswith('Attribute VB_Name = "Sheet1"\r\n')


def test_dir_stream_records():
    data = build_vba_project(MODULES, "Budget", sys_kind="win64")
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    project = olevba.VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
    project.parse_project_stream()
    list(project.parse_modules())
    assert (project.syskind, project.lcid, project.lcidinvoke, project.codepage) == (3, 0x409, 0x409, 1252)
    assert project.projectname == "Budget"
    assert [(m.name, m.streamname, m.type, m.textoffset) for m in project.modules] == [
        ("ThisWorkbook", "ThisWorkbook", 0x22, 0), ("Sheet1", "Sheet1", 0x22, 0), ("xlperf_macros", "xlperf_macros", 0x21, 0)]
    assert project.module_ext == {"thisworkbook": "cls", "sheet1": "cls", "xlperf_macros": "bas"}
    dir_text = olevba.decompress_stream(ole.openstream("VBA/dir").read())
    assert b"*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#" in dir_text  # the stdole reference
    ole.close()
    ole = olefile.OleFileIO(build_vba_project(MODULES))
    assert olevba.VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False).syskind == 1  # win32 by default
    ole.close()


def _decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """MS-OVBA 2.4.3.3 Decryption, written from the spec independently of the writer: (version, projkey, data)."""
    enc = bytes.fromhex(hex_text)
    seed, version_enc, proj_key_enc = enc[0], enc[1], enc[2]
    version, proj_key = seed ^ version_enc, seed ^ proj_key_enc
    unenc1, enc1, enc2 = proj_key, proj_key_enc, version_enc
    out = []
    for byte_enc in enc[3:]:
        byte = byte_enc ^ ((enc2 + unenc1) & 0xFF)
        out.append(byte)
        enc2, enc1, unenc1 = enc1, byte_enc, byte
    plain = bytes(out[(seed & 6) // 2:])  # drop the IgnoredLength bytes
    length = struct.unpack("<I", plain[:4])[0]
    assert len(plain) == 4 + length
    return version, proj_key, plain[4:]


def test_project_stream_and_protection_values():
    data = build_vba_project(MODULES)
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    text = ole.openstream("PROJECT").read().decode("cp1252")
    ole.close()
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    props = dict(line.split("=", 1) for line in lines[: lines.index("")])
    project_id = props["ID"].strip('"')
    assert len(project_id) == 38 and project_id.startswith("{") and project_id.endswith("}")
    assert "Document=ThisWorkbook/&H00000000" in lines and "Document=Sheet1/&H00000000" in lines
    assert "Module=xlperf_macros" in lines and 'Name="VBAProject"' in lines
    proj_key = sum(project_id.encode()) & 0xFF
    assert _decrypt(props["CMG"].strip('"')) == (2, proj_key, b"\0\0\0\0")  # not protected
    assert _decrypt(props["DPB"].strip('"')) == (2, proj_key, b"\0")  # no password
    assert _decrypt(props["GC"].strip('"')) == (2, proj_key, b"\xff")  # visible
    assert "[Host Extender Info]" in lines and "[Workspace]" in lines


def test_encryption_matches_published_sample():
    # PROJECT stream sample quoted in oletools (from a Word document): ID, and CMG with seed 0xF1.
    project_id = "{5312AC8A-349D-4950-BDD0-49BE3C4DD0F0}"
    assert vp._data_encryption(b"\0\0\0\0", project_id, 0xF1) == "F1F301E705E705E705E705"
    # ... and the decryptor reads that sample's other values as "no password" / "visible".
    assert _decrypt("8F8D7FE3831F2020202020") == (2, 0xF0, b"\0")
    assert _decrypt("2D2FDD81E51EE61EE6E1") == (2, 0xF0, b"\xff")


def test_xlwings_standalone_module_round_trips_exactly():
    bas = xlwings_bas_text()
    source = source_from_bas(bas)
    assert len(source) > 40_000 and source.startswith("#Const App")
    data = build_vba_project([THIS_WORKBOOK, Module("xlwings", source), MACROS])
    extracted = strict_extract(data)
    assert extracted["xlwings"] == 'Attribute VB_Name = "xlwings"\r\n' + bas.split("\r\n", 1)[1]
    assert read_module_sources(data)["xlwings"] == source.replace("\r\n", "\n")
    # real compression, not literal-only: xlwings.bas shrinks well below its size
    ole = olefile.OleFileIO(data)
    assert ole.get_size("VBA/xlwings") < 0.6 * len(bas)
    ole.close()


def test_build_is_deterministic():
    source = source_from_bas(xlwings_bas_text())
    modules = [THIS_WORKBOOK, SHEET1, Module("xlwings", source), MACROS]
    assert build_vba_project(modules) == build_vba_project(list(modules))
    assert build_vba_project(modules) != build_vba_project(modules, "OtherName")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=120), max_size=200))
def test_random_ascii_modules_round_trip(lines):
    source = "\n".join(lines)
    data = build_vba_project([Module("Random", source)])
    assert read_module_sources(data) == {"Random": expected_source(Module("Random", source))}


# ---------------------------------------------------------------------------------------------------- compression


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=12_000) | st.text(alphabet="ab \r\n", max_size=20_000).map(str.encode))
def test_compression_round_trips_through_oletools(data):
    compressed = vp.compress(data)
    out = olevba.decompress_stream(compressed)
    if out != data:
        # Only the spec's RawChunk case may differ: an incompressible *last* chunk is stored as 4096 bytes,
        # zero-padded (MS-OVBA 2.4.1.3.10). It cannot happen to text; see test_raw_chunk.
        assert out.startswith(data) and not out[len(data):].strip(b"\0") and len(out) % 4096 == 0


@pytest.mark.parametrize("size", [0, 1, 3, 4095, 4096, 4097, 8192, 65_537])
def test_compression_of_repetitive_data_uses_copy_tokens(size):
    data = (b"Attribute VB_Name = \"x\"\r\n" * 3000)[:size]
    compressed = vp.compress(data)
    assert olevba.decompress_stream(compressed) == data
    assert compressed[0] == 1
    if size >= 4096:
        assert len(compressed) < size / 10


def test_long_runs_use_maximum_copy_lengths():
    # Header (chunk size 6 - 3, signature 0b011, flag 1), FlagByte 0b10, literal "A", then one CopyToken
    # (offset 1, length 4095; bit_count 4 allows up to 4098) for the rest of the chunk.
    assert vp.compress(b"A" * 4096) == bytes([0x01, 6 - 3, 0xB0, 0b10, ord("A")]) + struct.pack("<H", 4095 - 3)
    # Later in a chunk the offset takes more bits and the maximum length shrinks (2.4.1.3.19.1).
    data = b"A" * 4096 + b"B" * 100 + b"A" * 4000
    assert olevba.decompress_stream(vp.compress(data)) == data


def test_raw_chunk():
    noise = random.Random(1).randbytes(4096)  # incompressible: the chunk must be stored raw (flag 0)
    compressed = vp.compress(noise + b"tail")
    assert struct.unpack("<H", compressed[1:3])[0] == 0x3FFF
    assert olevba.decompress_stream(compressed) == noise + b"tail"


# ---------------------------------------------------------------------------------------------------- .xlsm


def build_xlsm(path, modules=MODULES):
    vba_bin = path.parent / "vbaProject.bin"
    vba_bin.write_bytes(build_vba_project(modules))
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"created": datetime.datetime(2024, 1, 1)})
    worksheet = workbook.add_worksheet()
    workbook.set_vba_name("ThisWorkbook")
    worksheet.set_vba_name("Sheet1")
    workbook.add_vba_project(str(vba_bin))
    worksheet.write("A1", "xlperf")
    workbook.close()
    return path


def test_xlsm_built_by_xlsxwriter_is_read_by_oletools(tmp_path):
    xlsm = build_xlsm(tmp_path / "book.xlsm")
    with zipfile.ZipFile(xlsm) as archive:
        assert archive.read("xl/vbaProject.bin") == build_vba_project(MODULES)
        assert b'codeName="ThisWorkbook"' in archive.read("xl/workbook.xml")
        assert b'codeName="Sheet1"' in archive.read("xl/worksheets/sheet1.xml")
    parser = olevba.VBA_Parser(str(xlsm), relaxed=False)
    try:
        assert parser.detect_vba_macros()
        (subfile,) = parser.ole_subfiles
        subfile.find_vba_projects()
        assert subfile.vba_projects == [("", "PROJECT", "VBA/dir")]
        strict = {f.rsplit(".", 1)[0]: code for _p, f, code in olevba._extract_vba(
            subfile.ole_file, "", "PROJECT", "VBA/dir", relaxed=False)}
        via_parser = {f.rsplit(".", 1)[0]: code for _f, _s, f, code in parser.extract_macros()}
    finally:
        parser.close()
    for module in MODULES:
        assert normalise(strict[module.name]) == expected_source(module)
        assert via_parser[module.name] == strict[module.name]
    assert read_module_sources(xlsm.read_bytes()) == read_module_sources(build_vba_project(MODULES))


SOFFICE = shutil.which("soffice") or ("/usr/bin/soffice" if os.path.exists("/usr/bin/soffice") else None)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_imports_the_basic_modules(tmp_path):
    xlsm = build_xlsm(tmp_path / "book.xlsm")
    out = tmp_path / "out"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
         "--convert-to", "ods", "--outdir", str(out), str(xlsm)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    ods = out / "book.ods"
    assert ods.exists(), result.stdout + result.stderr
    with zipfile.ZipFile(ods) as archive:
        names = archive.namelist()
        # LibreOffice writes the imported VBA project as a Basic library (named after the project).
        module_xml = {n.rsplit("/", 1)[1][:-4]: archive.read(n).decode() for n in names
                      if n.startswith("Basic/") and n.endswith(".xml") and not n.endswith(("-lb.xml", "-lc.xml"))}
    assert {"ThisWorkbook", "Sheet1", "xlperf_macros"} <= module_xml.keys()
    macros = module_xml["xlperf_macros"].replace("&quot;", '"')
    assert 'XlperfProbe = "probe-ok-42"' in macros and 'script:moduleType="normal"' in macros
    assert 'script:moduleType="document"' in module_xml["Sheet1"]
    assert "Private Sub Workbook_Open()" in module_xml["ThisWorkbook"]


# ---------------------------------------------------------------------------------------------------- validation


def test_non_ascii_source_is_rejected():
    with pytest.raises(ValueError, match=r"non-ASCII.*line 2, column 11"):
        build_vba_project([Module("m", "Sub A()\n  MsgBox \"校验\"\nEnd Sub\n")])
    with pytest.raises(ValueError, match="identifier"):
        build_vba_project([Module("校验", "")])


@pytest.mark.parametrize("modules, message", [
    ([], "at least one module"),
    ([Module("1abc", "")], "identifier"),
    ([Module("a" * 32, "")], "identifier"),
    ([Module("Dir", "")], "collides"),
    ([Module("Mod", ""), Module("MOD", "")], "duplicate"),
    ([Module("Mod", "", "form")], "kind"),
    ([Module("Mod", 'Attribute VB_Name = "Mod"\nSub A()\nEnd Sub\n')], "source_from_bas"),
])
def test_invalid_input_is_rejected(modules, message):
    with pytest.raises(ValueError, match=message):
        build_vba_project(modules)


def test_invalid_project_name_and_sys_kind():
    with pytest.raises(ValueError, match="identifier"):
        build_vba_project([MACROS], "my project")
    with pytest.raises(ValueError, match="sys_kind"):
        build_vba_project([MACROS], sys_kind="mac")


def test_source_from_bas():
    assert source_from_bas('Attribute VB_Name = "m"\r\nAttribute VB_Exposed = False\r\nSub A()\r\nEnd Sub\r\n') \
        == "Sub A()\nEnd Sub\n"
    cls = ('VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  \'True\r\nEND\r\nAttribute VB_Name = "C"\r\n'
           "Option Explicit\r\n")
    assert source_from_bas(cls) == "Option Explicit\n"
    assert source_from_bas("Sub A()\nEnd Sub") == "Sub A()\nEnd Sub"
