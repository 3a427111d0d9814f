"""xlwings' RunServerPython client in the template: Remote.bas and the VBA-Web modules, copied from the pinned wheel
(xlperf.template.vba.xlwings_remote), and the 校验 / 清除标记 dispatch in xlperf_macros.bas.

* the committed files are a fresh generation, and differ from the wheel's only by the listed rewrites;
* what Excel on Windows compiles of WebHelpers (its preprocessor, 32- and 64-bit Office 2010+) is the wheel's
  code with those rewrites; Office 2007 (no VBA7) is the documented exception, kept away by late binding;
* LibreOffice compiles the whole project with them (tests/test_vba_libreoffice.py's probe on the template) and
  runs nothing with the wheel's files as shipped (so that probe can fail);
* the dispatch, run in LibreOffice with RunServerPython and RunPython stubbed, calls the server's endpoint with
  the 设置 sheet's address and token, or RunPython when the address is empty.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import subprocess

import pytest
from conftest import soffice
from test_vba_libreoffice import SCRIPT, UNO_PYTHON, _preprocess, _uno_available

from xlperf.template import REMOTE_MODULES, VBA_DIR, standard_modules, with_server
from xlperf.template.builder import sheet_names, template_submission, write_workbook
from xlperf.template.vba import xlwings_remote as xr
from xlperf.template.vba.project import Module, build_vba_project, module_from_export

RUN_MACROS = SCRIPT.parent / "run_macros.py"
EXCEL_WIN = {"mac": False, "app": "Microsoft Excel", "enablecustomformatting": True}


def committed(file_name: str) -> str:
    return (VBA_DIR / file_name).read_bytes().decode("ascii")


def changed_lines(before: list[str], after: list[str]) -> list[tuple[list[str], list[str]]]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [(before[i1:i2], after[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def test_the_committed_files_are_a_fresh_generation():
    assert [name for name, _ in xr.REMOTE_FILES] == list(REMOTE_MODULES)
    for _, file_name in xr.REMOTE_FILES:
        assert committed(file_name) == xr.committed_text(file_name), f"run python -m {xr.__name__}"
        assert committed(file_name).isascii()


@pytest.mark.parametrize("file_name", ["Remote.bas", "WebClient.cls", "WebResponse.cls", "IWebAuthenticator.cls"])
def test_modules_embedded_as_shipped(file_name):
    assert committed(file_name) == xr.wheel_text(file_name)


def test_the_rewrites_of_webrequest_and_dictionary():
    """Every other line is the wheel's: licence headers included."""
    note = [[], [xr.NOTE_LINE]]
    wheel, ours = xr.wheel_text("WebRequest.cls").split("\r\n"), committed("WebRequest.cls").split("\r\n")
    assert changed_lines(wheel, ours) == [tuple(note), (
        ['    If web_pId = "" Then: web_pId = WebHelpers.CreateNonce'],
        ['    If web_pId = "" Then web_pId = WebHelpers.CreateNonce'])]
    wheel, ours = xr.wheel_text("Dictionary.cls").split("\r\n"), committed("Dictionary.cls").split("\r\n")
    assert changed_lines(wheel, ours) == [tuple(note), (
        ["    BinaryCompare = VBA.vbBinaryCompare", "    TextCompare = VBA.vbTextCompare",
         "    DatabaseCompare = VBA.vbDatabaseCompare"],
        ["    BinaryCompare = 0", "    TextCompare = 1", "    DatabaseCompare = 2"])]
    assert "' @license: MIT" in "\n".join(ours) and "(c) Tim Hall" in "\n".join(ours)


@pytest.mark.parametrize("win64", [True, False])
def test_excel_with_vba7_compiles_the_wheels_webhelpers(win64):
    """For 64- and 32-bit Office 2010 or later on Windows, Excel's preprocessor keeps the wheel's code of WebHelpers
    but for exactly these rewritten lines."""
    constants = {**EXCEL_WIN, "vba7": True, "win64": win64}
    wheel = _preprocess(xr.wheel_text("WebHelpers.bas").split("\r\n"), constants)
    ours = _preprocess(committed("WebHelpers.bas").split("\r\n"), constants)
    encoding = "Optional EncodingMode As UrlEncodingMode = "
    assert changed_lines(wheel, ours) == [
        ([], [xr.NOTE_LINE]),
        (["    Output As String"], ["    ShellOutput As String"]),
        (["Public Function ConvertToUrlEncoded(Obj As Variant, " + encoding + "UrlEncodingMode.FormUrlEncoding) As String"],
         ["Public Function ConvertToUrlEncoded(Obj As Variant, " + encoding + "FormUrlEncoding) As String"]),
        (['            If VBA.Len(web_Encoded) > 0 Then: web_Encoded = web_Encoded & "&"'],
         ['            If VBA.Len(web_Encoded) > 0 Then web_Encoded = web_Encoded & "&"']),
        (['            If Len(web_Encoded) > 0 Then: web_Encoded = web_Encoded & "&"'],
         ['            If Len(web_Encoded) > 0 Then web_Encoded = web_Encoded & "&"']),
        (["    " + encoding + "UrlEncodingMode.StrictUrlEncoding) As String"],
         ["    " + encoding + "StrictUrlEncoding) As String"]),
        (["    " + encoding + "UrlEncodingMode.StrictUrlEncoding) As String"],
         ["    " + encoding + "StrictUrlEncoding) As String"]),
        (["    If web_pConverters Is Nothing Then: Set web_pConverters = New Dictionary"],
         ["    If web_pConverters Is Nothing Then Set web_pConverters = New Dictionary"]),
        (["Public Function StringToAnsiBytes(web_Text As String) As Byte()"],
         ["Public Function StringToAnsiBytes(web_Text As String) As Variant"]),
        (["Private Function web_GetUrlEncodedKeyValue(Key As Variant, Value As Variant, " + encoding
          + "UrlEncodingMode.FormUrlEncoding) As String"],
         ["Private Function web_GetUrlEncodedKeyValue(Key As Variant, Value As Variant, " + encoding
          + "FormUrlEncoding) As String"]),
        (["                If utc_NegativeOffset Then: utc_Offset = -utc_Offset"],
         ["                If utc_NegativeOffset Then utc_Offset = -utc_Offset"]),
    ]
    assert not any(line.lstrip().startswith("#If") for line in committed("WebHelpers.bas").split("\r\n"))


def test_office_2007_is_kept_away_from_webhelpers():
    """VBA6 would need the pre-VBA7 declarations, which are gone (LibreOffice cannot read both sets): the macros
    therefore reach RunServerPython only late-bound, by name, so Office 2007 compiles xlperf_macros and runs the
    RunPython path."""
    constants = {**EXCEL_WIN, "vba7": False, "win64": False}
    wheel = _preprocess(xr.wheel_text("WebHelpers.bas").split("\r\n"), constants)
    ours = _preprocess(committed("WebHelpers.bas").split("\r\n"), constants)
    assert any(line.startswith("Private Declare Function") for line in wheel)
    assert any("PtrSafe" in line for line in ours) and not any(line.startswith("Private Declare Function")
                                                              for line in ours)
    macros = (VBA_DIR / "xlperf_macros.bas").read_text(encoding="ascii")
    code = [re.sub(r"'.*$", "", line) for line in macros.splitlines()]
    uses = [line.strip() for line in code if re.search(r"RunServerPython|WebClient|WebRequest|WebHelpers|\bRemote\.",
                                                       line)]
    assert uses == ['Application.Run "RunServerPython", endpoint, auth']


def test_resolution_refuses_unknown_conditions():
    with pytest.raises(ValueError, match="cannot resolve"):
        xr.resolve_directives("#If Win64 Then\r\nx\r\n#End If", xr.WINDOWS_VBA7)


# ------------------------------------------------------------------ LibreOffice
def _require_uno():
    exe = soffice()
    if exe is None or not _uno_available():
        if os.environ.get("XLPERF_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice with python3-uno is required (XLPERF_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("LibreOffice / python3-uno not installed")
    return exe


def _run(exe, path, profile, *macros):
    result = subprocess.run([UNO_PYTHON, str(RUN_MACROS), exe, str(path), str(profile), *macros],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _workbook(path, form, replace: dict[str, Module]):
    count = len(sheet_names(form))
    modules = [Module("ThisWorkbook", "", "document")] + [Module(f"Sheet{i}", "", "document")
                                                          for i in range(1, count + 1)]
    modules += [replace.get(m.name, m) for m in standard_modules()]
    return write_workbook(path, form, vba_project=build_vba_project(modules))


@pytest.mark.parametrize("file_name", ["WebHelpers.bas", "WebRequest.cls", "Dictionary.cls"])
def test_libreoffice_runs_nothing_with_the_wheels_file_as_shipped(tmp_path, file_name):
    """Each rewrite is needed: with that one module as shipped, the project does not compile in LibreOffice and
    even our own probe does not run (the template's probe test would fail)."""
    exe = _require_uno()
    name = file_name.split(".")[0]
    path = _workbook(tmp_path / "book.xlsm", template_submission(),
                     {name: module_from_export(name, xr.wheel_text(file_name))})
    probe = _run(exe, path, tmp_path / "profile", "xlperf_macros.XlperfProbe")[0]
    assert probe != "xlperf-vba-ok"  # LibreOffice hides Basic errors: nothing ran, not even the probe


STUB_REMOTE = Module("Remote", '''Option Explicit
Public StubLog As String

Public Function RunServerPython(url As String, Optional auth As String)
    StubLog = StubLog & "server " & url & " [" & auth & "];"
End Function

Public Function StubCalls() As String
    StubCalls = StubLog
End Function
''')
STUB_XLWINGS = Module("xlwings", '''Option Explicit

Public Sub RunPython(PythonCommand As String)
    StubLog = StubLog & "python " & PythonCommand & ";"
End Sub
''')


@pytest.mark.parametrize("url, token, expected", [
    ("http://jixiao.czj.local:8000/", "s3cret", "server http://jixiao.czj.local:8000/xlwings/check [Bearer s3cret];"
                                                "server http://jixiao.czj.local:8000/xlwings/clear [Bearer s3cret];"),
    ("https://10.0.0.5", None, "server https://10.0.0.5/xlwings/check [];server https://10.0.0.5/xlwings/clear [];"),
    (None, None, "python import xlperf.excel; xlperf.excel.run_checks();"
                 "python import xlperf.excel; xlperf.excel.clear_marks();"),
])
def test_the_buttons_dispatch_in_libreoffice(tmp_path, url, token, expected):
    """校验 and 清除标记 run for real in LibreOffice Basic, with RunServerPython (module Remote) and RunPython (module
    xlwings) replaced by stubs that record their arguments: the server's endpoint from 设置's 校验服务器地址 and the
    token as RunServerPython's auth (the Authorization header), or RunPython when the address is empty."""
    exe = _require_uno()
    form = with_server(template_submission(), url, token)
    path = _workbook(tmp_path / "book.xlsm", form, {"Remote": STUB_REMOTE, "xlwings": STUB_XLWINGS})
    got = _run(exe, path, tmp_path / "profile", "xlperf_macros.RunChecks", "xlperf_macros.ClearMarks",
               "Remote.StubCalls")
    assert got == [None, None, expected]
