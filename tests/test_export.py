"""`xlperf export`: the macro-free, formula-free, stamped submission copy; `--verify`; `--pdf`."""
from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import hostile
import openpyxl
import pytest
from harness import good_form
from lxml import etree
from test_review import altered_vba

from xlperf import cli
from xlperf.checks import RULESET_VERSION, run_checks
from xlperf.files.reader import read_workbook_bytes
from xlperf.files.safety import load_checked
from xlperf.form import layout as L
from xlperf.form.findings import Severity, count_by_severity
from xlperf.form.model import FundingLine
from xlperf.services.export import DERIVED_ROWS, content_hash, export_book, read_stamp, verify_book
from xlperf.services.export_formulas import funding_amount
from xlperf.template import write_filled
from xlperf.template.builder import workbook_bytes
from xlperf.text import money, progress

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def funding_form():
    """The baseline with 补助测算 lines in 万元, 元 and a text quantity, so the recomputed amounts differ."""
    form = good_form()
    form.projects[0].funding = [FundingLine("复审企业补助", 30.0, "家", 10.0, "万元/家"),
                                FundingLine("专家评审", "50人次", "人次", 800.0, "元/人次")]
    return form


def sheet_part(data: bytes, sheet: str) -> str:
    names = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def patch(data: bytes, part: str, edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            zout.writestr(info.filename, edit(body.decode()).encode() if info.filename == part else body)
    return out.getvalue()


def with_foreign_formulas(data: bytes) -> bytes:
    """Lie in the cached amount of 补助测算!G4 and add two formulas outside any derived column on 项目1."""
    data = patch(data, sheet_part(data, L.FUNDING_SHEET),
                 lambda xml: re.sub(r'(<c r="G4"[^>]*><f>[^<]*</f><v>)[^<]*(</v>)', r"\g<1>999\g<2>", xml))

    def add_cells(xml: str) -> str:
        xml = re.sub(r'(<row r="1"[^>]*?)( spans="[^"]*")', r"\1", xml)
        xml = re.sub(r'(<row r="1"[^>]*>.*?)(</row>)', r'\1<c r="Z1"><f>1+1</f><v>2</v></c>\2', xml, count=1)
        return re.sub(r'(<row r="2"[^>]*?)( spans="[^"]*")?>(.*?)(</row>)',
                      r'\1>\3<c r="Z2"><f>NOW()</f></c>\4', xml, count=1)

    return patch(data, sheet_part(data, "项目1"), add_cells)


def formulas_in(path: Path) -> list[str]:
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/") and name.endswith(".xml") and "worksheets/" in name:
                root = etree.fromstring(zf.read(name))
                found += [name for _ in root.iter(f"{{{NS}}}f")]
    return found


@pytest.fixture
def received(tmp_path) -> Path:
    path = tmp_path / "收到的 (科技局)😀.xlsm"
    path.write_bytes(with_foreign_formulas(workbook_bytes(funding_form(), vba_project=altered_vba(2))))
    return path


def test_export_is_macro_free_formula_free_and_recomputed(received, tmp_path, capsys):
    before = hashlib.sha256(received.read_bytes()).hexdigest()
    out = tmp_path / "报送 (终版).xlsx"
    assert cli.main(["export", str(received), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "项目1!Z1 的公式 =1+1" in err and "项目1!Z2 的公式 =NOW()" in err and "无缓存值" in err
    assert hashlib.sha256(received.read_bytes()).hexdigest() == before  # the original is untouched

    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml").decode()
    assert not [n for n in names if "vba" in n.lower() or n.endswith(".vml") or "ctrlProps" in n]
    assert "spreadsheetml.sheet.main+xml" in types and "macroEnabled" not in types
    assert formulas_in(out) == []

    form = read_workbook_bytes(load_checked(received), received)
    wb = openpyxl.load_workbook(out)
    ws = wb[L.FUNDING_SHEET]
    amounts = [ws.cell(row=r, column=7).value for r in range(L.FUNDING_HEADER_ROW + 2, L.FUNDING_HEADER_ROW + 6)]
    assert amounts == [300, 4, 5.6, None]  # 30×10万元, 50人次×800元, 28×2000元; a blank line stays blank
    assert amounts[:2] == [money.subsidy_line(30.0, 10.0), money.subsidy_line("50人次", 800.0, "元")]
    assert ws["G4"].value != 999  # the lying cached value was not trusted
    assert wb["项目1"]["Z1"].value == 2 and wb["项目1"]["Z2"].value is None  # foreign formulas: cached value
    assert err.count("注意：") == 2  # the UDF cells of our own (amounts, the plan panel) are recomputed, not warned
    for block in DERIVED_ROWS:  # e.g. 按支出金额计算的累计进度（%）= progress.cumulative_progress(当季支出)
        ws = wb["项目1"]
        label = next(c for row in ws.iter_rows() for c in row if c.value == block.label)
        source = next(c for row in ws.iter_rows() for c in row if c.value == block.inputs_label)
        got = [ws.cell(row=label.row, column=label.column + 1 + i).value for i in range(block.count)]
        inputs = [ws.cell(row=source.row, column=source.column + 1 + i).value for i in range(block.count)]
        assert got == progress.cumulative_progress(inputs) == [20, 50, 80, 100]

    # the user's formatting survives: merged cells, data validations, protection, widths
    src = openpyxl.load_workbook(received)
    for name in ("项目1", L.FUNDING_SHEET, L.PART1_SHEET):
        assert wb[name].merged_cells.ranges == src[name].merged_cells.ranges
        assert len(wb[name].data_validations.dataValidation) == len(src[name].data_validations.dataValidation)
        assert wb[name].protection.sheet == src[name].protection.sheet
        assert wb[name].column_dimensions["B"].width == src[name].column_dimensions["B"].width
        assert wb[name].print_title_rows == src[name].print_title_rows
    with zipfile.ZipFile(out) as zf:  # whole-column print areas (which openpyxl cannot read) are restored
        workbook_xml = zf.read("xl/workbook.xml").decode()
    assert re.search(r"_xlnm.Print_Area[^>]*>'项目1'!\$A\$1:\$F\$\d+<", workbook_xml)
    assert re.search(r"_xlnm.Print_Area[^>]*>'校验结果'!\$A\$1:\$G\$\d+<", workbook_xml)

    # the stamp: document properties and a visible line, and the copy reads back to the same content
    findings = run_checks(form)
    stamp = read_stamp(out.read_bytes())
    digest = content_hash(form)
    counts = count_by_severity(findings)
    assert stamp["xlperf_sha256"] == digest
    assert stamp["xlperf_ruleset"] == RULESET_VERSION
    assert stamp["xlperf_counts"] == " ".join(f"{s.value} {n}" for s, n in counts.items())
    assert stamp["xlperf_status"] == ("需修改" if any(f.severity.rank == 3 for f in findings) else "通过")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", stamp["xlperf_checked_at"])
    line = wb[L.RESULTS_SHEET]["A2"].value
    assert line.startswith("xlperf 校验：") and f"sha256:{digest}" in line and RULESET_VERSION in line
    results = [r for r in wb[L.RESULTS_SHEET].iter_rows(min_row=L.RESULTS_HEADER_ROW + 2, values_only=True) if r[0]]
    assert [(r[2], r[3], r[4]) for r in results] == [(f.code, f.sheet or None, f.cell or None) for f in findings]
    # issue 14: a readable footer; the fingerprint is in the properties and on 校验结果, not on every page
    footer = wb["项目1"].oddFooter
    assert footer.center.text == f"校验状态：{stamp['xlperf_status']} · 第 &P 页 共 &N 页" and not footer.left.text
    assert digest not in (footer.center.text or "")
    assert content_hash(read_workbook_bytes(load_checked(out))) == digest


def test_verify_detects_a_changed_cell(tmp_path, capsys):
    book = write_filled(good_form(), tmp_path / "a.xlsm")
    out = tmp_path / "报送.xlsx"
    export_book(book, out)
    assert cli.main(["export", "--verify", str(out)]) == 0
    assert "一致" in capsys.readouterr().out

    wb = openpyxl.load_workbook(out)  # someone edits an indicator value after 校验
    ws = wb["项目1"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "≥35家")
    cell.value = "≥30家"
    changed = tmp_path / "改过.xlsx"
    wb.save(changed)
    assert cli.main(["export", "--verify", str(changed)]) == 1
    assert "改动" in capsys.readouterr().out
    assert not verify_book(changed).matches

    assert cli.main(["export", "--verify", str(book)]) == 2  # never exported: no stamp
    assert "校验戳" in capsys.readouterr().err


def test_reexport_replaces_the_stamp(tmp_path):
    book = write_filled(good_form(), tmp_path / "a.xlsm")
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    export_book(book, first)
    report = export_book(first, second)
    stamp = read_stamp(second.read_bytes())
    assert stamp["xlperf_sha256"] == report.digest
    with zipfile.ZipFile(second) as zf:
        assert zf.read("docProps/custom.xml").decode().count('name="xlperf_sha256"') == 1


def test_funding_amount_mirrors_the_formula():
    assert funding_amount(35, 10, "万元/家") == 350
    assert funding_amount(28, 2000, "元/人次") == 5.6
    assert funding_amount(2, 1.5, "亿元") == 30000
    assert funding_amount(None, 10, "万元/家") is None and funding_amount(" ", 10, None) is None
    assert funding_amount("３５", "10", "万元/家") == 350  # full-width and text numbers, as the reader reads them
    assert funding_amount(3, 2, "人").startswith("#错误：")  # as XP_SUBSIDY_LINE shows a unit that is not money


def test_export_refuses_bad_inputs(tmp_path, capsys):
    bomb = hostile.make_billion_laughs(tmp_path)
    assert cli.main(["export", str(bomb), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "实体" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()
    book = write_filled(good_form(), tmp_path / "a.xlsm")
    assert cli.main(["export", str(book), "-o", str(tmp_path / "x.xlsm")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert cli.main(["export", str(book)]) == 2


def test_pdf_without_libreoffice(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XLPERF_SOFFICE", str(tmp_path / "no-such-soffice"))
    book = write_filled(good_form(), tmp_path / "a.xlsm")
    out = tmp_path / "报送.xlsx"
    assert cli.main(["export", str(book), "-o", str(out), "--pdf"]) == 2
    assert "未找到 LibreOffice" in capsys.readouterr().err
    assert not out.exists()


def test_pdf_through_libreoffice(tmp_path):
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        if os.environ.get("XLPERF_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice / pdftotext 未安装，但 XLPERF_REQUIRE_LIBREOFFICE=1")
        pytest.skip("LibreOffice or pdftotext not installed")
    form = funding_form()
    form.projects[0].indicators[0].value = "若干"  # findings with long messages for 校验结果
    form.projects[1].indicators[0].value = "待定"
    book = write_filled(form, tmp_path / "科技局 (2021).xlsm")
    out = tmp_path / "报送 😀.xlsx"
    assert cli.main(["export", str(book), "-o", str(out), "--pdf"]) == 0
    pdf = out.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "科技型中小企业补助" in text
    digest = content_hash(read_workbook_bytes(load_checked(book)))
    assert f"sha256:{digest}" in text
    # the staff's sheets are not printed: 填报说明 (it says to send the .xlsm), 设置, 列表, xlwings.conf
    assert L.GUIDE_TITLE not in text and "设置项" not in text and "Interpreter_Win" not in text
    # 校验结果: title on one line, the stamp line on its own line(s) above the header, messages wrapped in full
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    page = next(p for p in layout.split("\f") if "严重程度" in p)
    lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
    assert lines[0] == L.RESULTS_TITLE
    assert lines[1].startswith("xlperf 校验：") and "序号" not in lines[1]
    stamp = "".join(lines[1:next(i for i, ln in enumerate(lines) if ln.startswith("序号"))])
    assert f"sha256:{digest}" in stamp and "状态 需修改" in stamp
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", next(p for p in raw.split("\f") if "严重程度" in p))  # a cell's lines stay together
    for finding in run_checks(read_workbook_bytes(load_checked(book))):
        assert re.sub(r"\s+", "", finding.message) in flat, finding.message  # not cut off at the column edge
        assert re.sub(r"\s+", "", finding.suggestion) in flat, finding.suggestion


def forge(path: Path, target: Path, status: str, counts: str) -> None:
    """Edit the stamp as anyone can with openpyxl: the custom properties and the visible line."""
    from openpyxl.packaging.custom import StringProperty

    wb = openpyxl.load_workbook(path)
    props = wb.custom_doc_props
    old = {p.name: p.value for p in props.props}
    for name, value in (("xlperf_status", status), ("xlperf_counts", counts)):
        del props[name]
        props.append(StringProperty(name=name, value=value))
    ws = wb[L.RESULTS_SHEET]
    ws["A2"].value = ws["A2"].value.replace(f"{old['xlperf_counts']}；状态 {old['xlperf_status']}",
                                            f"{counts}；状态 {status}")
    wb.save(target)


def test_verify_rejects_a_forged_stamp(tmp_path, capsys):
    """Setting xlperf_status to 通过 and the counts to 0 must not pass --verify: the checks are re-run."""
    form = good_form()
    form.projects[0].indicators[0].value = "若干"
    form.projects[1].indicators[0].value = "待定"
    book = write_filled(form, tmp_path / "a.xlsm")
    out = tmp_path / "报送.xlsx"
    report = export_book(book, out)
    errors = count_by_severity(report.findings)[Severity.ERROR]
    assert report.status == "需修改" and errors >= 1
    assert cli.main(["export", "--verify", str(out)]) == 0
    forged = tmp_path / "伪造.xlsx"
    forge(out, forged, "通过", "错误 0 警告 0 提示 0")
    assert read_stamp(forged.read_bytes())["xlperf_status"] == "通过"
    assert cli.main(["export", "--verify", str(forged)]) == 1
    capsys.readouterr()

    good = verify_book(out)
    assert good.matches and good.problems == [] and "一致" in good.message
    result = verify_book(forged)
    assert result.hash_matches  # the content itself is unchanged: the hash alone cannot tell
    assert not result.matches
    assert f"校验戳写状态“通过”，但按现在的内容重新校验为“需修改”（错误 {errors} 个）" in result.message
    assert "校验戳写“错误 0 警告 0 提示 0”" in result.message

    # only the properties forged, the visible line left alone: still caught
    wb = openpyxl.load_workbook(forged)
    wb[L.RESULTS_SHEET]["A2"].value = openpyxl.load_workbook(out)[L.RESULTS_SHEET]["A2"].value
    half = tmp_path / "半伪造.xlsx"
    wb.save(half)
    assert [p[:6] for p in verify_book(half).problems] == ["校验戳写状态", "校验戳写“错"]

    # only the visible line forged
    wb = openpyxl.load_workbook(out)
    ws = wb[L.RESULTS_SHEET]
    ws["A2"].value = ws["A2"].value.replace("状态 需修改", "状态 通过")
    line_only = tmp_path / "改可见行.xlsx"
    wb.save(line_only)
    (problem,) = verify_book(line_only).problems
    assert "校验结果" in problem and "可见的校验戳" in problem

    # a stamp from another rule set is named in the message
    forge(out, forged, "通过", "错误 0 警告 0 提示 0")
    wb = openpyxl.load_workbook(forged)
    from openpyxl.packaging.custom import StringProperty

    del wb.custom_doc_props["xlperf_ruleset"]
    wb.custom_doc_props.append(StringProperty(name="xlperf_ruleset", value="2020.01"))
    wb.save(forged)
    assert "校验戳的规则集为 2020.01，本次按规则集" in verify_book(forged).message


def test_export_writes_formula_like_text_as_text(tmp_path, capsys):
    """A project named like a formula: its findings' messages start with "=" and must stay text (no crash)."""
    name = '=HYPERLINK("http://evil.example","点我")'
    form = good_form()
    form.projects[0].name = form.summaries[0].name = name
    form.projects[0].indicators[0].value = "若干"  # V206: the message starts with the project's name
    book = write_filled(form, tmp_path / "a.xlsm")
    out = tmp_path / "报送.xlsx"
    assert cli.main(["export", str(book), "-o", str(out)]) == 0
    capsys.readouterr()
    assert formulas_in(out) == []
    wb = openpyxl.load_workbook(out)
    messages = [r[5] for r in wb[L.RESULTS_SHEET].iter_rows(min_row=L.RESULTS_HEADER_ROW + 2, values_only=True)
                if r[0]]
    assert any(m.startswith(name) for m in messages)
    assert name in [c.value for row in wb["项目1"].iter_rows() for c in row]
    assert content_hash(read_workbook_bytes(load_checked(out))) == content_hash(read_workbook_bytes(load_checked(book)))
    assert verify_book(out).matches


def test_export_print_layout(tmp_path):
    """Only the form and 校验结果 print; 校验结果 is landscape, one page wide, wrapped, the stamp on its own row."""
    from xlperf.services.export_print import HIDDEN_IN_EXPORT

    form = good_form()
    form.projects[0].indicators[0].value = "若干"
    book = write_filled(form, tmp_path / "a.xlsm")
    out = tmp_path / "报送.xlsx"
    export_book(book, out)
    wb = openpyxl.load_workbook(out)
    assert set(HIDDEN_IN_EXPORT) == {L.GUIDE_SHEET, L.SETTINGS_SHEET, L.LISTS_SHEET, L.XLWINGS_CONF_SHEET}
    for ws in wb.worksheets:
        assert ws.sheet_state == ("hidden" if ws.title in HIDDEN_IN_EXPORT else "visible"), ws.title
        assert bool(ws.sheet_view.tabSelected) == (ws.title == L.PART1_SHEET)
    assert wb.active.title == L.PART1_SHEET
    ws = wb[L.RESULTS_SHEET]
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0) and ws.sheet_properties.pageSetUpPr.fitToPage
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:G1", "A2:G2"} <= merged
    assert not ws["A1"].alignment.wrap_text and ws["A2"].alignment.wrap_text
    first = L.RESULTS_HEADER_ROW + 2
    for label in ("问题", "修改建议"):
        cell = ws.cell(row=first, column=L.RESULTS_HEADER.index(label) + 1)
        assert cell.value and cell.alignment.wrap_text
    assert ws.row_dimensions[first].height > 15  # a long message gets the lines it needs
    assert ws.print_title_rows == f"${L.RESULTS_HEADER_ROW + 1}:${L.RESULTS_HEADER_ROW + 1}"
    # the reader and the hash do not care: the form reads back the same
    assert content_hash(read_workbook_bytes(load_checked(out))) == content_hash(read_workbook_bytes(load_checked(book)))


def put_cells(data: bytes, sheet: str, cells: dict[str, str]) -> bytes:
    """Add cells to a sheet's XML: ``{"G24": '<f>SUM(G4:G23)</f><v>999</v>'}``; a value that does not start with
    "<" is an inline string. Rows are created as needed and cells kept in column order."""
    from openpyxl.utils.cell import coordinate_to_tuple

    def edit(xml: str) -> str:
        root = etree.fromstring(xml.encode())
        data_el = root.find(f"{{{NS}}}sheetData")
        for ref, body in cells.items():
            r, c = coordinate_to_tuple(ref)
            row = next((el for el in data_el if int(el.get("r")) == r), None)
            if row is None:
                row = etree.Element(f"{{{NS}}}row", r=str(r))
                later = next((el for el in data_el if int(el.get("r")) > r), None)
                data_el.insert(data_el.index(later), row) if later is not None else data_el.append(row)
            row.attrib.pop("spans", None)
            for old in [el for el in row if el.get("r") == ref]:
                row.remove(old)
            if not body.startswith("<"):
                body, kind = f"<is><t>{body}</t></is>", ' t="inlineStr"'
            else:  # a formula with a text result is t="str"
                kind = "" if re.fullmatch(r"(<f>.*</f>)?(<v>-?[\d.]*</v>)?", body) else ' t="str"'
            cell = etree.fromstring(f'<c xmlns="{NS}" r="{ref}"{kind}>{body}</c>')
            later = next((el for el in row if coordinate_to_tuple(el.get("r"))[1] > c), None)
            row.insert(row.index(later), cell) if later is not None else row.append(cell)
        dimension = root.find(f"{{{NS}}}dimension")
        if dimension is not None:
            root.remove(dimension)  # let readers compute the used range
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode()

    return patch(data, sheet_part(data, sheet), edit)


def test_export_recomputes_a_total_of_the_amount_column(tmp_path):
    """A user's 合计 row (=SUM over 金额（万元）) is the sum of the recomputed amounts, not emptied as if it were an
    XP_SUBSIDY_LINE of its blank row, nor its cached value; another formula there keeps its cached value, warned."""
    data = put_cells(workbook_bytes(funding_form()), L.FUNDING_SHEET, {
        "B24": "合计", "G24": "<f>SUM(G4:G23)</f><v>999</v>",            # a lying cache: not trusted
        "B25": "合计（另算）", "G25": "<f>XP_SUBSIDY_TOTAL($G$4:$G$23)</f><v>1</v>",
        "B26": "自定", "G26": "<f>G24*2</f><v>7</v>",                     # no obvious meaning: cached, warned
        "B27": "引用别处", "G27": "<f>XP_SUBSIDY_LINE(C5,E5,F5)</f><v>1</v>",  # our UDF on another row's inputs
    })
    book = tmp_path / "合计.xlsm"
    book.write_bytes(data)
    out = tmp_path / "报送.xlsx"
    report = export_book(book, out)
    assert formulas_in(out) == []
    ws = openpyxl.load_workbook(out)[L.FUNDING_SHEET]
    assert [ws[f"G{r}"].value for r in range(4, 8)] == [300, 4, 5.6, None]
    assert ws["G24"].value == pytest.approx(309.6) and ws["G25"].value == money.subsidy_total([300, 4, 5.6])
    assert ws["G26"].value == 7
    assert ws["G27"].value == money.subsidy_line("50人次", 800.0, "元")
    funding_warnings = [w for w in report.warnings if w.startswith(f"{L.FUNDING_SHEET}!")]
    assert len(funding_warnings) == 1 and funding_warnings[0].startswith(f"{L.FUNDING_SHEET}!G26 的公式 =G24*2")
    assert "已换成文件中保存的值 7" in funding_warnings[0]


def test_export_survives_control_characters_in_user_text(tmp_path, capsys):
    """Excel stores a control character as "_x0001_"; the reader decodes it and the findings quote it. The copy
    writes it back escaped as Excel does, instead of crashing (openpyxl's IllegalCharacterError, exit 3)."""
    name = "科技\x01型中小企业补助"
    form = good_form()
    form.projects[0].name = form.summaries[0].name = name
    form.projects[0].indicators[0].value = "若干"  # V206: the message starts with the project's name
    book = write_filled(form, tmp_path / "a.xlsm")
    assert read_workbook_bytes(load_checked(book)).projects[0].name == name
    out = tmp_path / "报送.xlsx"
    assert cli.main(["export", str(book), "-o", str(out)]) == 0, capsys.readouterr().err
    wb = openpyxl.load_workbook(out)  # openpyxl shows the stored form
    messages = [r[5] for r in wb[L.RESULTS_SHEET].iter_rows(min_row=L.RESULTS_HEADER_ROW + 2, values_only=True)
                if r[0]]
    assert any(m.startswith("科技_x0001_型中小企业补助") for m in messages)
    assert content_hash(read_workbook_bytes(load_checked(out))) == content_hash(read_workbook_bytes(load_checked(book)))
    assert verify_book(out).matches


def test_export_does_not_warn_about_the_macros_links_on_the_results_sheet(tmp_path):
    """The 校验 macro writes =HYPERLINK(…) into 校验结果, which the export regenerates: no warning for those; a
    formula of the user's beside the table is still replaced and named."""
    link = '<f>HYPERLINK("#\'项目1\'!B3","B3")</f><v>B3</v>'
    data = put_cells(workbook_bytes(good_form()), L.RESULTS_SHEET, {
        "A4": "<v>1</v>", "E4": link, "E5": link, "B2": "<f>1+2</f><v>3</v>", "H4": "<f>1+1</f><v>2</v>"})
    book = tmp_path / "a.xlsm"
    book.write_bytes(data)
    out = tmp_path / "报送.xlsx"
    report = export_book(book, out)
    assert formulas_in(out) == []
    assert [w for w in report.warnings if w.startswith(L.RESULTS_SHEET)] == [
        f"{L.RESULTS_SHEET}!H4 的公式 =1+1 不是 xlperf 的计算列，已换成文件中保存的值 2"]
    assert openpyxl.load_workbook(out)[L.RESULTS_SHEET]["H4"].value == 2
