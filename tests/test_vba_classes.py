"""Class modules in the VBA project writer (MS-OVBA): the module stream's attributes as the VBA editor stores a
class, MODULETYPE 0x0022 in ``dir``, ``Class=`` in the PROJECT stream; read back by oletools (strict) and
compiled and run by LibreOffice (a class instantiated from a standard module).

The classes of xlwings' pinned wheel (the VBA-Web modules ``Remote.bas`` needs) are the real-world input:
``module_from_export`` reads their ``VERSION 1.0 CLASS`` header and ``VB_PredeclaredId``/``VB_Exposed``.
"""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from oletools import olevba
from test_vba_project import SOFFICE, THIS_WORKBOOK, build_xlsm, strict_extract

from xlperf.template.vba import Module, build_vba_project, read_module_sources
from xlperf.template.vba.project import module_from_export

ADDIN = Path(xlwings.__file__).parent / "addin"
WHEEL_CLASSES = ("WebClient", "WebRequest", "WebResponse", "IWebAuthenticator", "Dictionary")
COUNTER = Module("XpCounter", "Option Explicit\n\nPrivate total As Long\n\nPublic Sub Add(ByVal n As Long)\n"
                 "    total = total + n\nEnd Sub\n\nPublic Property Get Value() As Long\n    Value = total\n"
                 "End Property\n", "class")
USER = Module("xlperf_macros", 'Option Explicit\n\nPublic Function XlperfProbe() As String\n'
              "    Dim c As New XpCounter\n    c.Add 40\n    c.Add 2\n"
              '    XlperfProbe = "probe-ok-" & c.Value\nEnd Function\n')
MODULES = [THIS_WORKBOOK, Module("Sheet1", "", "document"), USER, COUNTER]
CLASS_ATTRIBUTES = [
    'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"',
    "Attribute VB_GlobalNameSpace = False",
    "Attribute VB_Creatable = False",
    "Attribute VB_PredeclaredId = {}",
    "Attribute VB_Exposed = {}",
    "Attribute VB_TemplateDerived = False",
    "Attribute VB_Customizable = False",
]


def wheel_text(name: str) -> str:
    path = ADDIN / f"{name}.cls"
    return path.read_bytes().decode("ascii")


def test_class_module_stream_dir_and_project():
    exposed = Module("Shown", "Public X As Long\n", "class", predeclared_id=True, exposed=True)
    data = build_vba_project(MODULES + [exposed])
    stored = strict_extract(data)
    for module in (COUNTER, exposed):
        lines = stored[module.name].split("\r\n")
        assert lines[0] == f'Attribute VB_Name = "{module.name}"'
        assert lines[1:8] == [a.format(module.predeclared_id, module.exposed) if "{}" in a else a
                              for a in CLASS_ATTRIBUTES]
        assert "\r\n".join(lines[8:]) == module.source.replace("\n", "\r\n")
    assert read_module_sources(data)["XpCounter"] == COUNTER.source

    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    project = olevba.VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
    project.parse_project_stream()
    list(project.parse_modules())
    assert {m.name: m.type for m in project.modules} == {
        "ThisWorkbook": 0x22, "Sheet1": 0x22, "xlperf_macros": 0x21, "XpCounter": 0x22, "Shown": 0x22}
    text = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    ole.close()
    assert text[1:6] == ["Document=ThisWorkbook/&H00000000", "Document=Sheet1/&H00000000", "Module=xlperf_macros",
                         "Class=XpCounter", "Class=Shown"]
    assert "XpCounter=0, 0, 0, 0, C" in text


@pytest.mark.parametrize("name", WHEEL_CLASSES)
def test_the_wheels_classes_round_trip(name):
    """Each VBA-Web class of the pinned wheel: read as a class with its flags, stored with the editor's attribute
    block and every line of its code (procedure attributes such as Dictionary's ``Item.VB_UserMemId`` included)."""
    text = wheel_text(name)
    module = module_from_export(name, text)
    assert (module.kind, module.predeclared_id, module.exposed) == ("class", False, True)
    stored = strict_extract(build_vba_project([THIS_WORKBOOK, module]))[name]
    code = text.split("\r\n")
    first = next(i for i, line in enumerate(code) if i > 4 and not line.startswith("Attribute VB_"))
    assert stored.split("\r\n")[8:] == code[first:]
    assert module_from_export("Remote", (ADDIN / "Remote.bas").read_bytes().decode("ascii")).kind == "standard"


def test_module_from_export_reads_the_flags():
    text = ('VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  \'True\r\nEND\r\nAttribute VB_Name = "K"\r\n'
            "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
            "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = False\r\nOption Explicit\r\n")
    assert module_from_export("K", text) == Module("K", "Option Explicit\n", "class", predeclared_id=True)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_imports_class_modules_as_classes(tmp_path):
    """LibreOffice reads the PROJECT stream's ``Class=`` lines: the modules become Basic class modules."""
    modules = MODULES + [module_from_export(n, wheel_text(n)) for n in ("WebClient", "IWebAuthenticator")]
    xlsm = build_xlsm(tmp_path / "book.xlsm", modules)
    out = tmp_path / "out"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
         "--convert-to", "ods", "--outdir", str(out), str(xlsm)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out / "book.ods") as archive:
        xml = {n.rsplit("/", 1)[1][:-4]: archive.read(n).decode() for n in archive.namelist()
               if n.startswith("Basic/") and n.endswith(".xml") and not n.endswith(("-lb.xml", "-lc.xml"))}
    for name in ("XpCounter", "WebClient", "IWebAuthenticator"):
        assert 'script:moduleType="class"' in xml[name], name
    assert 'script:moduleType="normal"' in xml["xlperf_macros"]


def test_libreoffice_runs_a_class(tmp_path):
    """A standard module creates an instance of a class module and calls it, in LibreOffice (tests/uno)."""
    from test_vba_libreoffice import SCRIPT, UNO_PYTHON, _uno_available

    if SOFFICE is None or not _uno_available():
        pytest.skip("LibreOffice / python3-uno not installed")
    xlsm = build_xlsm(tmp_path / "book.xlsm", MODULES)
    result = subprocess.run([UNO_PYTHON, str(SCRIPT), SOFFICE, str(xlsm), str(tmp_path / "profile")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    import json

    assert json.loads(result.stdout)["probe"] == "probe-ok-42"
