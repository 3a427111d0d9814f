"""LibreOffice headless as an independent VBA host: it opens workbook/template.xlsm, imports our VBA project,
binds the buttons to our macros and runs our module.

UNO is driven by LibreOffice's own Python (/usr/bin/python3 with python3-uno) in a subprocess
(tests/uno/inspect_workbook.py), which prints what it saw as JSON.
"""
from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import ROOT, TEMPLATE, soffice

from xlperf.form import layout as L
from xlperf.template import REMOTE_MODULES, STANDARD_MODULES, Module, build_vba_project, standard_modules
from xlperf.template.builder import sheet_names, template_submission, write_workbook

UNO_PYTHON = "/usr/bin/python3"
SCRIPT = ROOT / "tests" / "uno" / "inspect_workbook.py"
MACRO_URL = "vnd.sun.star.script:VBAProject.xlperf_macros.{}?language=Basic&location=document"


def _uno_available() -> bool:
    return os.path.exists(UNO_PYTHON) and subprocess.run(
        [UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def inspect(tmp_path_factory):
    exe = soffice()
    if exe is None or not _uno_available():
        if os.environ.get("XLPERF_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice with python3-uno is required (XLPERF_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("LibreOffice / python3-uno not installed")
    cache = {}

    def run(path, *cells):
        key = (str(path), cells)
        if key not in cache:
            profile = tmp_path_factory.mktemp("lo-uno-profile")
            result = subprocess.run([UNO_PYTHON, str(SCRIPT), exe, str(path), str(profile), *cells],
                                    capture_output=True, text=True, timeout=180)
            assert result.returncode == 0, result.stderr
            cache[key] = json.loads(result.stdout)
        return cache[key]

    return run


def test_template_lists_our_vba_modules(inspect):
    seen = inspect(TEMPLATE)["libraries"]["VBAProject"]
    sheets = [f"Sheet{i}" for i in range(1, len(sheet_names()) + 1)]
    assert sorted(seen) == sorted(["ThisWorkbook", *sheets, *STANDARD_MODULES, *REMOTE_MODULES])


def test_buttons_are_bound_to_our_macros(inspect):
    controls = inspect(TEMPLATE)["controls"]
    expected = [{"label": caption, "events": [f"XActionListener::actionPerformed={MACRO_URL.format(macro)}"]}
                for caption, macro in L.BUTTONS]
    add = {"label": L.ADD_PROJECT_BUTTON[0],
           "events": [f"XActionListener::actionPerformed={MACRO_URL.format(L.ADD_PROJECT_BUTTON[1])}"]}
    # LibreOffice only binds a control when the macro resolves in the imported project
    assert controls == {L.PART1_SHEET: expected, "项目1": expected + [add], L.FUNDING_SHEET: expected,
                        L.RESULTS_SHEET: expected}


def test_udf_cells_show_their_cached_values(inspect, tmp_path):
    """Where the UDFs cannot run (here: LibreOffice, no Python), the cells show the values written at build."""
    from harness import good_form

    path = tmp_path / "filled.xlsm"
    from xlperf.template import write_filled

    write_filled(good_form(), path)
    amount = "补助测算!G4"
    assert inspect(path, amount)["cells"] == {amount: "350.00"}  # number format 0.00##
    # Not asserted: LibreOffice recalculates array formulas on load, so the XP_PROGRESS cells (cached values
    # 20/50/80/100 are in the file, see test_excel_template) show empty or #VALUE! there. Excel keeps cached values
    # unless it recalculates (README: 收件人看到什么).


def without_xlwings_module(path):
    """The template's VBA project minus xlwings' standalone module (see the next test for why)."""
    count = len(sheet_names())
    modules = [Module("ThisWorkbook", "", "document")] + [Module(f"Sheet{i}", "", "document")
                                                          for i in range(1, count + 1)]
    modules += [m for m in standard_modules() if m.name != "xlwings"]
    return write_workbook(path, template_submission(), vba_project=build_vba_project(modules))


def test_probe_runs_in_our_module(inspect, tmp_path):
    """Our module parses and runs (LibreOffice hides Basic errors, so a probe must return a known string),
    and its \\uXXXX decoder yields Chinese text from ASCII source."""
    result = inspect(without_xlwings_module(tmp_path / "probe.xlsm"))
    assert result["probe"] == "xlperf-vba-ok"
    assert result["decode"] == "校验"


def test_probe_runs_in_the_template(inspect):
    """The whole template's project compiles in LibreOffice, xlwings' module included (see the next tests)."""
    result = inspect(TEMPLATE)
    assert result["probe"] == "xlperf-vba-ok"
    assert result["decode"] == "校验"


# ------------------------------------------------------------------ xlwings.bas: what the build-time resolution did
# LibreOffice parses every branch of #If/#Else, Excel only the active one; xlperf.template.vba.xlwings_modules resolves the
# five blocks of xlwings 0.37.8 whose branches are not complete code (bisected in LibreOffice 7.4) for Excel on
# Windows. These tests check that against the wheel's file with a preprocessor of their own.

def _wheel_lines():
    import xlwings

    return open(os.path.join(os.path.dirname(xlwings.__file__), "xlwings.bas"), "rb").read().decode("ascii").split("\r\n")


def _committed_lines():
    from xlperf.template.vba import xlwings_modules as xm

    return xm.STANDALONE_FILE.read_bytes().decode("ascii").split("\r\n")


def _preprocess(lines, constants):
    """What a VBA preprocessor keeps of ``lines`` for the compile-time ``constants`` (unset names are 0, as in VBA).
    Conditions are rewritten into Python expressions token by token."""
    import re

    def value(condition):
        condition = re.sub(r"'[^\"]*$", "", condition).strip()
        assert condition.lower().endswith(" then"), condition
        tokens = re.findall(r'"[^"]*"|<>|>=|<=|[=<>()]|\w+', condition[:-5])
        python = []
        for t in tokens:
            if t.startswith('"'):
                python.append(repr(t[1:-1]))
            elif t in ("=", "<>"):
                python.append({"=": "==", "<>": "!="}[t])
            elif t.lower() in ("not", "and", "or"):
                python.append(t.lower())
            elif t.isdigit() or t in ("(", ")", ">=", "<=", "<", ">"):
                python.append(t)
            else:
                python.append(repr(constants.get(t.lower(), 0)))
        return bool(eval(" ".join(python)))

    kept, stack, active = [], [], True  # stack: (active outside, a branch already taken)
    for line in lines:
        word = line.strip().lower()
        if word.startswith("#if "):
            v = value(line.strip()[4:])
            stack.append((active, v))
            active = active and v
        elif word.startswith("#elseif "):
            outside, taken = stack[-1]
            v = not taken and value(line.strip()[8:])
            stack[-1] = (outside, taken or v)
            active = outside and v
        elif word.startswith("#else"):
            outside, taken = stack[-1]
            stack[-1] = (outside, True)
            active = outside and not taken
        elif word.startswith("#end if"):
            active = stack.pop()[0]
        elif active:
            kept.append(line)
    assert not stack
    return kept


@pytest.mark.parametrize("vba7, win64", [(True, True), (True, False), (False, False)])
def test_xlwings_module_compiles_to_the_wheels_code_in_windows_excel(vba7, win64):
    """For 64- and 32-bit Office (VBA7) and Office 2007 (no VBA7), Excel on Windows compiles exactly the wheel's
    code: the resolution only decided what Excel decides anyway (Mac = False, App from the module's #Const)."""
    from xlperf.template.vba import xlwings_modules as xm

    constants = {"mac": False, "vba7": vba7, "win64": win64, "app": "Microsoft Excel"}
    committed = [line for line in _committed_lines() if line != xm.NOTE_LINE]
    assert _preprocess(committed, constants) == _preprocess(_wheel_lines(), constants)


def test_xlwings_module_keeps_the_wheels_lines_in_order():
    """Every line but the one note is the wheel's, byte for byte and in order; only directive lines and inactive
    Mac/other-Office branches of the five resolved blocks are gone; the licence header and the VBA7/Win64
    declarations (left for Excel to resolve per PC) are untouched."""
    from xlperf.template.vba import xlwings_modules as xm

    wheel, committed = _wheel_lines(), _committed_lines()
    assert committed.count(xm.NOTE_LINE) == 1
    rest = [line for line in committed if line != xm.NOTE_LINE]
    dropped, i = [], 0
    for line in rest:  # a subsequence of the wheel's lines
        j = wheel.index(line, i)
        dropped += wheel[i:j]
        i = j + 1
    dropped += wheel[i:]
    assert xm.resolved_blocks("\r\n".join(wheel)) == [336, 578, 625, 682, 721]
    assert sum(line.strip().startswith("#") for line in dropped) == 15  # #If/#Else/#End If of five blocks
    assert [line.strip() for line in dropped if not line.strip().startswith("#")] == [  # the branches not taken
        "Function GetUdfModules(Optional wb As Variant) As String",
        "Function GetDirectoryPath(Optional wb As Variant) As String",
        "Dim d As Dictionary",
        "Set d = New Dictionary",
        'If InStr(GetDirectoryPath(), "://") = 0 Then \' Other Office apps: skip for synced SharePoint/OneDrive files',
        "If Not FileOrFolderExistsOnMac(ParentFolder(sFileName)) Then",
    ]
    assert not any(("VBA7" in line or "Win64" in line) for line in dropped)
    licence_end = wheel.index(xm.LICENCE_LAST_LINE)
    assert committed[:licence_end + 1] == wheel[:licence_end + 1]
    assert committed[licence_end + 1] == xm.NOTE_LINE
    assert committed[licence_end + 2:licence_end + 2 + 31] == wheel[licence_end + 1:licence_end + 1 + 31]  # #If VBA7
    assert "\r\n".join(committed).isascii()
    assert xm.standalone_text() == "\r\n".join(committed)  # deterministic: the generator gives the committed file


def test_resolution_refuses_blocks_it_cannot_decide():
    """A block LibreOffice cannot compile that depends on VBA7/Win64 is not resolved by guesswork."""
    from xlperf.template.vba import xlwings_modules as xm

    text = "\r\n".join(['#Const App = "Microsoft Excel"', "#If Win64 Then", "Function F(a As LongPtr)", "#Else",
                         "Function F(a As Long)", "#End If", "End Function", ""])
    with pytest.raises(ValueError, match="more than Mac/App"):
        xm.resolve_for_windows_excel(text)
