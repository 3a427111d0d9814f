"""Render docs/live-checks.png: 项目1 of the example, with a few fields cleared, as LibreOffice shows it with
macros off — the live checks' colours and the status line "实时检查：N 处需修改（…）".

    .venv/bin/python scripts/live_screenshot.py [out.png]

Needs LibreOffice (soffice, python3-uno) and pdftoppm (poppler-utils).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xlperf.form import layout as L  # noqa: E402
from xlperf.services.export_print import find_soffice, soffice_environment  # noqa: E402
from xlperf.template.live import project_cells  # noqa: E402

EXAMPLE = ROOT / "examples" / "2021-高新区科技局.xlsm"
SHEET = "项目1"
FIRST = L.INDICATOR_HEADER_ROW + 1


def edits() -> list:
    """What the screenshot shows (rule, severity): 项目编码 C102 警告, 主管部门 C106 提示, 年度资金总额 C103 错误,
    the second quarter C122 错误, a 指标值 C135 错误 and a 依据 C136 警告."""
    cells = project_cells()
    return [[SHEET, L.a1(*cells[key]), None] for key in ("code", "department", "total", "cumulative2")] + [
        [SHEET, L.a1(FIRST + 1, 4), None], [SHEET, L.a1(FIRST + 3, 5), None]]


DPI, MARGIN = 110, 12


def content_box(pgm: Path) -> tuple[int, int, int, int]:
    """x, y, width, height of the page's non-white pixels (plus a margin) in a binary PGM."""
    data = pgm.read_bytes()
    magic, width, height, _maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 250]
    cols = [x for x in range(width) if min(pixels[x::width][:height]) < 250]
    x0, y0 = max(0, cols[0] - MARGIN), max(0, rows[0] - MARGIN)
    return x0, y0, min(width, cols[-1] + MARGIN) - x0, min(height, rows[-1] + MARGIN) - y0


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="xlperf-shot-") as tmp:
        tmpdir = Path(tmp)
        book = tmpdir / "example.xlsm"
        shutil.copyfile(EXAMPLE, book)
        pdf = tmpdir / "live.pdf"
        area = f"A1:{L.col_letter(L.PANEL_COL + 4)}{FIRST + 7}"  # the form and the panel with the status line
        status = subprocess.run(["/usr/bin/python3", str(ROOT / "tests" / "uno" / "render_live.py"), find_soffice(),
                                 str(ROOT / "workbook" / "template.xlsm"), str(book), str(tmpdir / "profile"), str(pdf), SHEET, area, json.dumps(edits())],
                                capture_output=True, text=True, check=True, timeout=300,
                                env=soffice_environment(tmpdir)).stdout.strip()
        page = ["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([*page, "-gray", str(pdf), str(tmpdir / "page")], check=True)
        x, y, w, h = content_box(tmpdir / "page.pgm")
        subprocess.run([*page, "-png", "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h), str(pdf),
                        str(tmpdir / "shot")], check=True)
        shutil.copyfile(tmpdir / "shot.png", out)
    print(f"{out}: {status}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "live-checks.png")
