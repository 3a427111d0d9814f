"""The safety gate and Word documents: a genuine .docx passes a Word-specific check (the zip bomb, XML entity and
size protections are the same) and is described as Word, never as a renamed Excel file."""
from __future__ import annotations

import io
import zipfile

import pytest
from foreign_layouts import DOCX_LAYOUTS

from xlperf.files.safety import inspect_workbook, is_word, load_checked
from xlperf.form.errors import NotAWorkbook, UnsafeWorkbook


def _docx(tmp_path):
    return DOCX_LAYOUTS["docx_old2018"](tmp_path / "表.docx")


def test_a_genuine_docx_passes_the_word_check(tmp_path):
    data = load_checked(_docx(tmp_path), allow_word=True)
    assert is_word(data)


def test_without_allow_word_a_docx_is_described_as_word(tmp_path):
    with pytest.raises(NotAWorkbook) as err:
        load_checked(_docx(tmp_path))
    assert "Word 文档" in err.value.message and "扩展名改成了 Excel" not in err.value.message


def _rewrite(data: bytes, part: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == part else src.read(info.filename))
    return out.getvalue()


def test_entities_in_a_docx_are_refused(tmp_path):
    data = _docx(tmp_path).read_bytes()
    evil = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document xmlns:w="x">&a;</w:document>'
    with pytest.raises(UnsafeWorkbook):
        inspect_workbook("x.docx", _rewrite(data, "word/document.xml", evil), allow_word=True)


def test_a_docx_bomb_is_refused(tmp_path):
    data = _docx(tmp_path).read_bytes()
    with pytest.raises(UnsafeWorkbook):
        inspect_workbook("x.docx", _rewrite(data, "word/styles.xml", b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>"),
                         allow_word=True)


def test_the_cli_checks_a_word_form(tmp_path, capsys):
    from xlperf.cli import main

    code = main(["check", str(_docx(tmp_path))])
    out = capsys.readouterr().out
    assert code in (0, 1) and "Word 文档" in out and "表格1!R" in out
