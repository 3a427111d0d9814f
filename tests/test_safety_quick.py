"""The gate's quick scan only ever accepts what the exact walk accepts: every odd worksheet goes to the exact walk,
which refuses it as before (issue 15)."""
from __future__ import annotations

import io
import zipfile

import pytest

from xlperf.files import safety, safety_scan
from xlperf.form.errors import NotAWorkbook, UnsafeWorkbook
from xlperf.form.layout import col_letter

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _book(sheet: bytes) -> bytes:
    files = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               b'content-types"><Default Extension="xml" ContentType="application/xml"/>'
                               b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                               b'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "xl/workbook.xml": f'<workbook {NS}><sheets/></workbook>'.encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


# the column just at and just over the gate's limit, and the row just over it (letters as Excel names them)
AT = col_letter(safety.DEFAULT_LIMITS.max_cols - 1)
OVER = col_letter(safety.DEFAULT_LIMITS.max_cols)
ROW_OVER = safety.DEFAULT_LIMITS.max_rows + 1


def _sheet(cells: str, head: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return f'{head}<worksheet {NS}><sheetData><row r="1">{cells}</row></sheetData></worksheet>'.encode()


@pytest.mark.parametrize("cells", [
    f'<c r="A1"/><c r="{OVER}1"/>',                  # plain: over the column limit
    f'<c r="A1"/><c s="1" r="{OVER}1"/>',            # r not the first attribute
    '<c r="A1"/>' + "<c/>" * safety.DEFAULT_LIMITS.max_cols,  # cells without r count on
    f'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="{OVER}1"/>',  # a prefix
    f'<c foo=\' r="A1"\' r="{OVER}1"/>',              # a value that looks like a reference
    f'<c r="A{ROW_OVER}"/>',                          # over the row limit
])
def test_quick_scan_never_accepts_what_the_exact_walk_refuses(cells):
    with pytest.raises(UnsafeWorkbook):
        safety.inspect_workbook("t.xlsx", _book(_sheet(cells)))


def test_other_encodings_and_doctypes_go_to_the_exact_walk():
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?>' + _sheet(f'<c r="{OVER}1"/>', "").decode()).encode("utf-16")
    with pytest.raises(UnsafeWorkbook):
        safety.inspect_workbook("t.xlsx", _book(utf16))
    late = _sheet('<c r="A1"/>', '<?xml version="1.0"?>' + "<!-- x -->" * 600 + '<!DOCTYPE worksheet [<!ENTITY e "x">]>')
    with pytest.raises(UnsafeWorkbook, match="DOCTYPE"):
        safety.inspect_workbook("t.xlsx", _book(late))
    with pytest.raises(NotAWorkbook, match="不是合法的 XML"):
        safety.inspect_workbook("t.xlsx", _book(b"<worksheet><sheetData><row></sheetData>"))


def test_quick_scan_accepts_an_ordinary_sheet_without_the_exact_walk(monkeypatch):
    def exact(*args):
        raise AssertionError("the exact walk was not needed")

    monkeypatch.setattr(safety_scan, "_scan_xml_part", exact)
    safety.inspect_workbook("t.xlsx", _book(_sheet(f'<c r="A1" t="s"><v>0</v></c><c r="{AT}1"/>')))


def _book_with_rels(sheet: bytes, rels_head: str = "") -> bytes:
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    files = {
        "[Content_Types].xml": _zip_member(_book(b""), "[Content_Types].xml"),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/workbook.xml": f'<workbook {NS} {r}><sheets><sheet name="项目1" sheetId="1" r:id="rId1"/></sheets>'
                           '</workbook>'.encode(),
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?>{rels_head}<Relationships xmlns="http://schemas.'
                                      'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                                      'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                                      'Target="worksheets/sheet1.xml"/></Relationships>'.encode(),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _zip_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def test_refusals_name_the_sheet_and_a_bad_relationships_part_comes_first():
    """The sheet names for messages are read only when a part needs the exact walk: the same messages, in the
    same order, as when they were read first."""
    huge = _sheet("").replace(b"<sheetData>", f'<dimension ref="A1:A{ROW_OVER}"/><sheetData>'.encode())
    with pytest.raises(UnsafeWorkbook, match=f"工作表“项目1”（xl/worksheets/sheet1.xml）的范围声明（dimension A1:A{ROW_OVER}）"):
        safety.inspect_workbook("t.xlsx", _book_with_rels(huge))
    doctype = '<!DOCTYPE x [<!ENTITY e "x">]>'
    for sheet in (huge, _sheet("<c/>"), _sheet('<c r="A1"/>')):  # refused, exact walk only, quick: the rels first
        with pytest.raises(UnsafeWorkbook, match="部件“xl/_rels/workbook.xml.rels”含有 DTD"):
            safety.inspect_workbook("t.xlsx", _book_with_rels(sheet, doctype))
    safety.inspect_workbook("t.xlsx", _book_with_rels(_sheet("<c/>")))  # no r, within the limits: accepted
