"""LibreOffice headless as a real spreadsheet client: it opens our files and prints the Chinese text."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import EXAMPLE_BOOK, TEMPLATE


@pytest.mark.parametrize("book", [TEMPLATE, EXAMPLE_BOOK], ids=["template", "example"])
def test_libreoffice_opens_and_converts(libreoffice, book, tmp_path):
    ods = libreoffice(book, "ods", tmp_path)
    assert ods.stat().st_size > 5000


def test_example_pdf_has_the_chinese_text(libreoffice, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is required")
    pdf = libreoffice(EXAMPLE_BOOK, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("2021年部门整体绩效目标", "高新技术企业扶持资金项目绩效目标表", "一级指标", "指标值确定依据",
                     "被服务企业满意度", "三、工作保障措施"):
        assert expected in text.replace(" ", ""), expected
