"""Shared formulas (template.shared_formulas): blocks of repeated relative formulas written once, read back by
another implementation (openpyxl's) as exactly the formulas XlsxWriter would have written cell by cell."""
from __future__ import annotations

import io
import re
import zipfile
from unittest import mock

import openpyxl
from conftest import EXAMPLE_JSON

from xlperf.files.interchange import load_form
from xlperf.template import builder
from xlperf.template.shared_formulas import blocks, relative, share_formulas


def test_relative_reads_references_against_their_cell():
    assert relative('IF(A10="",1,0)', 9, 33) == relative('IF(A11="",1,0)', 10, 33)
    assert relative("A10+$B$2", 9, 0) != relative("A11+$B$3", 10, 0)  # an absolute row is not shifted
    assert relative("$A10", 9, 5) == relative("$A11", 10, 7)  # an absolute column stays
    # names, functions and text are not references
    assert relative('XP_LIVE_C121*LOG10(2)&"B2"', 1, 1) == 'XP_LIVE_C121*LOG10(2)&"B2"'
    assert relative("'校验结果'!$M$5+部门整体绩效目标:补助测算!$CM$1", 3, 3) == \
        "'校验结果'!{$M$5}+部门整体绩效目标:补助测算!{$CM$1}"


def test_blocks_are_runs_down_columns_joined_side_by_side():
    cells = {(r, c): f"{'ABC'[c]}{r + 1}*2" for r in range(4) for c in range(2)}  # A1*2 … B4*2 in A..B
    cells[(4, 0)] = "A5*3"  # a different formula ends the run
    cells[(0, 2)] = "X1"  # a lone formula is left as it is
    assert blocks(cells) == [(0, 0, 3, 1)]
    cells[(2, 1)] = "B3*5"
    assert blocks(cells) == [(0, 0, 3, 0), (0, 1, 1, 1)]


def test_share_formulas_rewrites_followers_only():
    xml = (b'<row r="1"><c r="A1"><f>B1+1</f><v>1</v></c><c r="C1" t="str"><f>"x"</f><v>x</v></c></row>'
           b'<row r="2"><c r="A2" s="6"><f>B2+1</f><v>2</v></c><c r="C2" t="str"><f>"y"</f><v>y</v></c></row>')
    assert share_formulas(xml) == (
        b'<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1+1</f><v>1</v></c>'
        b'<c r="C1" t="str"><f>"x"</f><v>x</v></c></row>'
        b'<row r="2"><c r="A2" s="6"><f t="shared" si="0"/><v>2</v></c><c r="C2" t="str"><f>"y"</f><v>y</v></c></row>')


def _formulas(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {(ws.title, c.coordinate): c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")}


def test_the_example_reads_back_with_the_same_formulas_as_unshared():
    form = load_form(EXAMPLE_JSON)
    shared = builder.workbook_bytes(form)
    with mock.patch.object(builder, "share_formulas", lambda xml: xml):
        plain = builder.workbook_bytes(form)
    with zipfile.ZipFile(io.BytesIO(shared)) as zf:
        followers = sum(len(re.findall(rb'<f t="shared" si="\d+"/>', zf.read(n))) for n in zf.namelist()
                        if n.startswith("xl/worksheets/sheet"))
    assert followers > 100  # the indicator rows' helpers
    assert len(shared) < len(plain)
    assert _formulas(shared) == _formulas(plain)
