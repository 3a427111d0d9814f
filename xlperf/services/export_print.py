"""How the submission copy (报送件) prints: print areas restored, the staff's sheets hidden, 校验结果 laid out
landscape one page wide with wrapped messages; and the PDF, printed by LibreOffice headless.

Part of :mod:`xlperf.services.export`, which re-exports :func:`find_soffice`, :func:`to_pdf` and ``NO_LIBREOFFICE``.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..files.output import write_bytes_atomic
from ..form import layout as L
from ..form.errors import XlperfError
from ..text.widths import LINE_HEIGHT, PADDING, wrapped_lines

PDF_TIMEOUT = 180  # seconds
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _restore_print_areas(wb, data: bytes, path) -> None:
    """openpyxl 3.1 drops print areas of whole columns ("项目1!$A:$F", as our builder writes them) with a
    warning; put them back from workbook.xml so the copy (and its PDF) prints as the original does."""
    from ..files.safety import DEFAULT_LIMITS, parse_xml, read_member

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        name = next((n for n in zf.namelist() if n.lower() == "xl/workbook.xml"), None)
        if name is None:
            return
        root = parse_xml(read_member(zf, name, DEFAULT_LIMITS.max_small_part, path=path), path=path, part=name)
    for defined in root.iter(f"{{{_SHEET_NS}}}definedName"):
        local = defined.get("localSheetId")
        if defined.get("name") != "_xlnm.Print_Area" or local is None or not local.isdigit():
            continue
        if int(local) >= len(wb.worksheets):
            continue
        ws = wb.worksheets[int(local)]
        if ws.print_area:
            continue
        ranges = [_bounded(part.rpartition("!")[2].replace("$", ""), ws) for part in (defined.text or "").split(",")]
        if ranges and all(ranges):
            try:
                ws.print_area = ranges
            except (ValueError, TypeError):
                continue


def _bounded(ref: str, ws) -> str | None:
    """A print range openpyxl accepts: whole columns "A:F" become A1:F<last used row> (the copy's content is
    final, so this prints the same); whole rows "3:9" become A3:<last used column>9."""
    from openpyxl.utils import get_column_letter

    if re.fullmatch(r"[A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?", ref):
        return ref
    m = re.fullmatch(r"([A-Z]{1,3}):([A-Z]{1,3})", ref)
    if m:
        return f"{m.group(1)}1:{m.group(2)}{max(ws.max_row, 1)}"
    m = re.fullmatch(r"(\d+):(\d+)", ref)
    if m:
        return f"A{m.group(1)}:{get_column_letter(max(ws.max_column, 1))}{m.group(2)}"
    return None


#: sheets for the staff who fill the form, not for the reader of a 报送件: hidden in the copy (so not printed)
HIDDEN_IN_EXPORT = (L.GUIDE_SHEET, L.SETTINGS_SHEET, L.LISTS_SHEET, L.XLWINGS_CONF_SHEET)
_RESULTS_WRAPPED = ("问题", "修改建议")
_LINE_HEIGHT = LINE_HEIGHT  # points per line of wrapped text (11 pt type)


def _lines(text, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` units wide (explicit line breaks count)."""
    return wrapped_lines(text, width)


def _aligned(cell, **changes):
    from copy import copy

    alignment = copy(cell.alignment)
    for key, value in changes.items():
        setattr(alignment, key, value)
    cell.alignment = alignment


def _print_layout(wb) -> None:
    """What the copy prints: the form and 校验结果 only, 校验结果 legible on landscape pages one page wide.

    填报说明 (which tells staff to send the .xlsm), 设置, 列表 and xlwings.conf are hidden; 部门整体绩效目标 becomes
    the active sheet. On 校验结果 the title keeps to one line, the stamp line gets a row of its own merged over
    the table's width (so it cannot run into the header), and 问题 / 修改建议 wrap, with row heights to fit.
    """
    from openpyxl.utils import get_column_letter

    for name in HIDDEN_IN_EXPORT:
        if name in wb.sheetnames:
            wb[name].sheet_state = "hidden"
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    if not visible:  # never leave a workbook without a visible sheet
        wb.worksheets[0].sheet_state = "visible"
        visible = [wb.worksheets[0]]
    active = wb[L.PART1_SHEET] if L.PART1_SHEET in wb.sheetnames and wb[L.PART1_SHEET] in visible else visible[0]
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is active
    wb.active = wb.worksheets.index(active)

    if L.RESULTS_SHEET not in wb.sheetnames:
        return
    ws = wb[L.RESULTS_SHEET]
    ncols = len(L.RESULTS_HEADER)
    last = get_column_letter(ncols)
    widths = []
    for i, default in enumerate(L.RESULTS_WIDTHS, start=1):
        dim = ws.column_dimensions[get_column_letter(i)]
        if not dim.width or not dim.customWidth:
            dim.width = default
        widths.append(dim.width)
    status_row = L.RESULTS_STATUS_CELL[0] + 1
    header_row = L.RESULTS_HEADER_ROW + 1
    for merged in list(ws.merged_cells.ranges):  # the title and stamp rows get merges of our own
        if merged.min_row <= status_row:
            ws.unmerge_cells(str(merged))
    ws.merge_cells(f"A1:{last}1")
    _aligned(ws["A1"], wrap_text=False, horizontal="left", vertical="center")
    ws.merge_cells(f"A{status_row}:{last}{status_row}")
    line = ws.cell(row=status_row, column=1)
    _aligned(line, wrap_text=True, horizontal="left", vertical="top")
    ws.row_dimensions[status_row].height = _LINE_HEIGHT * _lines(line.value or "", sum(widths)) + PADDING
    wrapped = {L.RESULTS_HEADER.index(label) + 1 for label in _RESULTS_WRAPPED}
    for row in ws.iter_rows(min_row=header_row + 1, max_col=ncols):
        if all(cell.value is None for cell in row):
            continue
        lines = 1
        for cell in row:
            if cell.column in wrapped:
                _aligned(cell, wrap_text=True, vertical="top")
                lines = max(lines, _lines(cell.value or "", widths[cell.column - 1]))
            else:
                _aligned(cell, vertical="top")
        ws.row_dimensions[row[0].row].height = _LINE_HEIGHT * lines + PADDING
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages tall as needed
    if ws.sheet_properties.pageSetUpPr is None:
        from openpyxl.worksheet.properties import PageSetupProperties

        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


# ------------------------------------------------------------------ PDF
def find_soffice() -> str | None:
    """LibreOffice's ``soffice``: $XLPERF_SOFFICE, else on PATH."""
    configured = os.environ.get("XLPERF_SOFFICE")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


NO_LIBREOFFICE = ("未找到 LibreOffice（soffice），无法生成 PDF。请安装 LibreOffice（Debian/Ubuntu："
                  "apt-get install libreoffice-calc fonts-noto-cjk），或设置环境变量 XLPERF_SOFFICE 指向 soffice；"
                  "也可以去掉 --pdf 只导出 .xlsx")


#: the Chinese fonts the form is set in, and the other names Windows and WPS give them
CJK_SERIF_NAMES = ("宋体", "SimSun", "新宋体", "NSimSun", "仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312")
#: installed CJK serif faces, best first (Debian: fonts-noto-cjk; fonts-arphic-uming)
CJK_SERIF_FONTS = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN")
_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
{aliases}
  <include ignore_missing="yes">{system}</include>
</fontconfig>
"""
_ALIAS = """  <alias binding="strong"><family>{name}</family><prefer>{fonts}</prefer></alias>"""


def fontconfig_file(folder: str | os.PathLike[str]) -> Path:
    """A fontconfig file in ``folder`` that maps 宋体/仿宋 (and their Windows names) to an installed CJK serif,
    then includes the system configuration. Without it fontconfig gives those unknown names the default
    sans-serif, and the form prints in a Japanese sans face. The aliases come first, so they win over the system
    rules that would add "sans-serif"."""
    from xml.sax.saxutils import escape

    fonts = "".join(f"<family>{escape(f)}</family>" for f in CJK_SERIF_FONTS)
    aliases = "\n".join(_ALIAS.format(name=escape(n), fonts=fonts) for n in CJK_SERIF_NAMES)
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    path = Path(folder) / "xlperf-fonts.conf"
    path.write_text(_FONTCONFIG.format(aliases=aliases, system=escape(system)), encoding="utf-8")
    return path


def soffice_environment(folder: str | os.PathLike[str]) -> dict[str, str]:
    """The environment for a private LibreOffice run: the font mapping of :func:`fontconfig_file`."""
    return {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(folder))}


def to_pdf(xlsx: str | os.PathLike[str], pdf: str | os.PathLike[str], timeout: int = PDF_TIMEOUT) -> Path:
    """Print ``xlsx`` (a macro-free export) to ``pdf`` with LibreOffice headless, in a private profile, with
    宋体/仿宋 mapped to an installed CJK serif (:func:`fontconfig_file`)."""
    exe = find_soffice()
    if exe is None:
        raise XlperfError(NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="xlperf-pdf-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / "export.xlsx"  # a plain name: odd characters in the user's name never reach soffice
        shutil.copyfile(xlsx, src)
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(tmpdir / "out"), str(src)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                env=soffice_environment(tmpdir))
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise XlperfError(f"LibreOffice 在 {timeout} 秒内没有完成 PDF 转换，已终止；请稍后重试") from None
        produced = tmpdir / "out" / "export.pdf"
        if not produced.exists():
            detail = (err or out).decode("utf-8", "replace").strip()[-300:]
            raise XlperfError(f"LibreOffice 未能生成 PDF（退出码 {proc.returncode}）：{detail or '无输出'}")
        return write_bytes_atomic(pdf, produced.read_bytes())
