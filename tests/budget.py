"""The resource budget (docs/reliability.md) and generated workbooks just under / just over each gate limit.

``run(args)`` runs ``python -m xlperf …`` in a child process and returns its exit code, wall time, peak
resident memory (the child's own ``ru_maxrss``, from ``os.wait4`` — what ``getrusage(RUSAGE_CHILDREN)`` reports,
for this one child) and stderr; a child past ``HANG_SECONDS`` is killed (a hang is a failure, never a wait).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xlperf.files.safety import BUDGET, MAX_PROJECTS, MB  # noqa: F401 - re-exported to the budget tests
from xlperf.form.layout import col_letter

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_JSON = ROOT / "examples" / "2021-高新区科技局.json"
EXAMPLE_BOOK = ROOT / "examples" / "2021-高新区科技局.xlsm"

#: what one command may cost on one file that passed the gate (docs/reliability.md)
MAX_SECONDS = 30.0
MAX_RSS_MB = 1024
HANG_SECONDS = 90.0
XML = (".xml", ".rels", ".vml")


@dataclass
class Run:
    code: int
    seconds: float
    rss_mb: float
    stderr: str
    stdout: str = ""


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "XLPERF_DEBUG": ""}


def run(*args, cwd: Path | None = None, hang: float = HANG_SECONDS) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "xlperf", *map(str, args)], cwd=cwd, env=env(),
                                 stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        deadline = start + hang
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                _, status, usage = os.wait4(child.pid, 0)
                child.returncode = -9
                raise AssertionError(f"xlperf {' '.join(map(str, args))} hung for {hang:.0f} s")
            time.sleep(0.02)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        out.seek(0)
        return Run(child.returncode, seconds, usage.ru_maxrss / 1024, err.read().decode("utf-8", "replace"),
                   out.read().decode("utf-8", "replace"))


def every_command(book: Path, work: Path) -> dict[str, Run]:
    """check, check --annotate, export, dump and review on ``book``; outputs into ``work``."""
    sfx = book.suffix
    commands = {
        "check": ("check", book, "--format", "json", "-o", work / "report.json"),
        "annotate": ("check", book, "--annotate", work / f"annotated{sfx}"),
        "export": ("export", book, "-o", work / "export.xlsx"),
        "dump": ("dump", book, "-o", work / "dump.json"),
        "review": ("review", book, "--format", "json", "-o", work / "review.json"),
    }
    return {name: run(*args, cwd=work) for name, args in commands.items()}


# ------------------------------------------------------------------ generated workbooks
def col(n: int) -> str:
    """1-based column number → letters (1 → A)."""
    return col_letter(n - 1)


def rewrite(dest: Path, replace=lambda name, data: data, extra: dict[str, bytes] | None = None,
            src: Path = EXAMPLE_BOOK, stored: tuple[str, ...] = ()) -> Path:
    """A copy of ``src`` with parts replaced (``replace(name, bytes) -> bytes``) and ``extra`` parts added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace(info.filename, zin.read(info.filename)))
        for name, data in (extra or {}).items():
            zout.writestr(name, data, compress_type=zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return dest


def with_rows(sheet_xml: bytes, rows: str, last: str) -> bytes:
    s = sheet_xml.decode()
    s = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', s)
    return s.replace("</sheetData>", rows + "</sheetData>").encode()


def indicator_rows(dest: Path, last_row: int) -> Path:
    """项目1 with indicator rows down to ``last_row`` (every cell text: the costly case for the rules)."""
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in
                                   enumerate(("产出指标", "数量指标", f"指标{r}", f"描述{r}", f"≥{r}", "依据"), 1))
        + "</row>" for r in range(23, last_row + 1))
    sheet = "xl/worksheets/sheet3.xml"
    return rewrite(dest, lambda n, d: with_rows(d, rows, f"Z{last_row}") if n == sheet else d)


def wide_cell(dest: Path, column: int) -> Path:
    """A value in column ``column`` of row 23 of 项目1."""
    ref = f"{col(column)}23"
    row = f'<row r="23"><c r="{ref}"><v>1</v></c></row>'
    sheet = "xl/worksheets/sheet3.xml"
    return rewrite(dest, lambda n, d: with_rows(d, row, ref) if n == sheet else d)


def styled_cells(dest: Path, xml_bytes: int) -> Path:
    """Formatted empty cells (``<c s="7"/>``: each one costs export a cell object) filling the project sheets
    until the XML parts total about ``xml_bytes`` — the most work per byte of XML that was measured."""
    with zipfile.ZipFile(EXAMPLE_BOOK) as zf:
        base = sum(i.file_size for i in zf.infolist() if i.filename.endswith(XML))
    cols = BUDGET.max_cols
    row_bytes = len('<row r="2000">' + '<c s="7"/>' * cols + "</row>")
    per_sheet = BUDGET.max_rows - 22
    budget_rows = (xml_bytes - base) // row_bytes
    sheets = {}
    for i in range(3, 7):
        n = min(per_sheet, budget_rows)
        budget_rows -= n
        body = "".join(f'<row r="{r}">' + '<c s="7"/>' * cols + "</row>" for r in range(23, 23 + n))
        sheets[f"xl/worksheets/sheet{i}.xml"] = (body, f"{col(cols)}{22 + n}")
    return rewrite(dest, lambda n, d: with_rows(d, *sheets[n]) if n in sheets else d)


def many_members(dest: Path, total: int) -> Path:
    with zipfile.ZipFile(EXAMPLE_BOOK) as zf:
        have = len(zf.infolist())
    return rewrite(dest, extra={f"customXml/item{i}.bin": b"" for i in range(total - have)})


def big_picture(dest: Path, file_bytes: int) -> Path:
    """A stored, incompressible 'picture' bringing the file to about ``file_bytes``."""
    size = file_bytes - EXAMPLE_BOOK.stat().st_size - 200
    return rewrite(dest, extra={"xl/media/image1.png": os.urandom(size)}, stored=("xl/media/image1.png",))


def compressible_parts(dest: Path, total: int, part: int) -> Path:
    """Parts of zeros, each at most ``part`` bytes, until the decompressed total is about ``total``."""
    with zipfile.ZipFile(EXAMPLE_BOOK) as zf:
        base = sum(i.file_size for i in zf.infolist())
    extra, left, i = {}, total - base, 0
    while left > 0:
        n = min(part, left)
        extra[f"xl/media/image{i + 1}.emf"] = bytes(n)
        left -= n
        i += 1
    return rewrite(dest, extra=extra)


def long_texts(dest: Path, xml_bytes: int) -> Path:
    """Excel's longest cells (32,767 characters) of repetitive Chinese text in 项目1's indicators, until the XML
    parts total about ``xml_bytes``: a sheet part compressed ~250:1 that is an ordinary file, not a bomb."""
    with zipfile.ZipFile(EXAMPLE_BOOK) as zf:
        base = sum(i.file_size for i in zf.infolist() if i.filename.endswith(XML))
    text = ("加强科技园区建设，推动高新技术企业发展。" * 1700)[:32767]
    cell = len(text.encode()) + 60
    count = (xml_bytes - base) // cell
    rows = "".join(f'<row r="{23 + i}"><c r="D{23 + i}" t="inlineStr"><is><t>{text}</t></is></c></row>'
                   for i in range(count))
    sheet = "xl/worksheets/sheet3.xml"
    return rewrite(dest, lambda n, d: with_rows(d, rows, f"Z{22 + count}") if n == sheet else d)


def projects_form(count: int, indicators: int = 6) -> dict:
    """The example form with ``count`` projects (copies of its three, renamed)."""
    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    projects = []
    for i in range(count):
        p = json.loads(json.dumps(data["projects"][i % len(data["projects"])]))
        p["name"] = f"项目{i + 1}"
        p["indicators"] = [dict(p["indicators"][j % len(p["indicators"])]) for j in range(indicators)]
        projects.append(p)
    data["projects"] = projects
    data["summaries"] = []
    return data


def many_sheets(dest: Path, count: int) -> Path:
    """A plain workbook with ``count`` sheets (XlsxWriter)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(dest))
    for i in range(count):
        book.add_worksheet(f"S{i}").write(0, 0, i)
    book.close()
    return dest

