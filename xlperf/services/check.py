"""The one check pipeline: gate → read → check. Every front end goes through it — ``xlperf check``, ``review``,
``export`` and ``export --verify``, the Excel macro (from sheet grids) and the check server — so all of them give
the same findings for the same workbook.

* ``check_path(path)``: the file through the safety gate (size, zip bomb, XML entities, dimensions), read, checked;
* ``check_bytes(data, name)``: the same for bytes received some other way (an upload);
* ``check_grids(grids, name)``: sheets already read as grids (the Excel macro reads them from the open workbook).

The reader is chosen here (``read_any``): a workbook made from our template → ``files.reader``; any other
workbook → the label-driven ``files.foreign``; a Word document (.docx) → ``files.word``. The last two also say
how they read the file (``CheckResult.read_as``, a ``files.foreign_readas.ReadAs``).

Each returns a ``CheckResult``: the form read, the findings, the bytes that passed the gate and, when asked for,
the macro report (the workbook's VBA modules against the official template's).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .. import checks
from ..files.reader import Grid, is_template, read_grids
from ..files.safety import inspect_workbook, is_word, load_checked
from ..form.errors import NotAWorkbook
from ..form.findings import Finding
from ..form.model import Submission
from ..rulebook.settings import Config


@dataclass
class CheckResult:
    path: str
    form: Submission
    findings: list[Finding]
    data: bytes | None = None  # the workbook as it passed the gate (None for grids read from an open workbook)
    macros: tuple[str, list[str]] | None = None  # (宏检查 status, differences), when asked for
    read_as: object | None = None  # files.foreign_readas.ReadAs for a file not made from our template


def gate_path(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, once they passed the safety gate (an ``XlperfError`` with a Chinese message if not).
    A Word document passes the same zip, size and XML checks and is then read as Word."""
    return load_checked(path, allow_word=True)


def read_any(data: bytes, path="<内存>") -> tuple[Submission, object | None]:
    """(form, read_as) of gated bytes: our template (read_as None), another layout, or a Word document."""
    if is_word(data):
        from ..files.word import read_word_bytes

        return read_word_bytes(data, path)
    from ..files.foreign_sheet import workbook_sheets

    try:
        sheets = workbook_sheets(data)
    except Exception as exc:  # calamine's errors are untyped; any failure here means a damaged file
        raise NotAWorkbook(f"无法读取工作簿内容（{type(exc).__name__}），文件可能已损坏。", path) from exc
    grids = [Grid(s.name, s.rows) for s in sheets]
    if is_template(grids):
        return read_grids(grids, path), None
    from ..files.foreign import read_sheets  # only for another layout: its labels and tables are not loaded before

    return read_sheets(sheets, path)


def read_path(path: str | os.PathLike[str]) -> Submission:
    """Gate and read, without checking (``diff``, ``dump``)."""
    return read_any(gate_path(path), path)[0]


def check_path(path: str | os.PathLike[str], config: Config | None = None, *, macros: bool = False) -> CheckResult:
    """Gate, read and check the workbook at ``path``."""
    return check_bytes(gate_path(path), str(path), config, macros=macros, gated=True)


def check_bytes(data: bytes, path: str = "<内存>", config: Config | None = None, *, macros: bool = False,
                gated: bool = False) -> CheckResult:
    """Gate (unless ``gated``: the bytes came from ``gate_path``), read and check a workbook given as bytes."""
    if not gated:
        inspect_workbook(path, data, allow_word=True)
    form, read_as = read_any(data, path)
    result = CheckResult(str(path), form, checks.run_checks(form, config), data, read_as=read_as)
    if macros:
        from .macros import vba_check

        result.macros = vba_check(data, path)
    return result


def check_grids(grids: list[Grid], path: str = "<内存>", config: Config | None = None) -> CheckResult:
    """Read and check sheets already read as grids (A1 at row 0, column 0 of each)."""
    form = read_grids(grids, path)
    return CheckResult(str(path), form, checks.run_checks(form, config))
