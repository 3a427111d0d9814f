"""The one check pipeline: gate → read → check. Every front end goes through it — ``xlperf check``, ``review``,
``export`` and ``export --verify``, the Excel macro (from sheet grids) and the check server — so all of them give
the same findings for the same workbook.

* ``check_path(path)``: the file through the safety gate (size, zip bomb, XML entities, dimensions), read, checked;
* ``check_bytes(data, name)``: the same for bytes received some other way (an upload);
* ``check_grids(grids, name)``: sheets already read as grids (the Excel macro reads them from the open workbook).

Each returns a ``CheckResult``: the form read, the findings, the bytes that passed the gate and, when asked for,
the macro report (the workbook's VBA modules against the official template's).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .. import checks
from ..files.reader import Grid, read_grids, read_workbook_bytes
from ..files.safety import inspect_workbook, load_checked
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


def gate_path(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, once they passed the safety gate (an ``XlperfError`` with a Chinese message if not)."""
    return load_checked(path)


def read_path(path: str | os.PathLike[str]) -> Submission:
    """Gate and read, without checking (``diff``, ``dump``)."""
    return read_workbook_bytes(gate_path(path), path)


def check_path(path: str | os.PathLike[str], config: Config | None = None, *, macros: bool = False) -> CheckResult:
    """Gate, read and check the workbook at ``path``."""
    return check_bytes(gate_path(path), str(path), config, macros=macros, gated=True)


def check_bytes(data: bytes, path: str = "<内存>", config: Config | None = None, *, macros: bool = False,
                gated: bool = False) -> CheckResult:
    """Gate (unless ``gated``: the bytes came from ``gate_path``), read and check a workbook given as bytes."""
    if not gated:
        inspect_workbook(path, data)
    form = read_workbook_bytes(data, path)
    result = CheckResult(str(path), form, checks.run_checks(form, config), data)
    if macros:
        from .macros import vba_check

        result.macros = vba_check(data, path)
    return result


def check_grids(grids: list[Grid], path: str = "<内存>", config: Config | None = None) -> CheckResult:
    """Read and check sheets already read as grids (A1 at row 0, column 0 of each)."""
    form = read_grids(grids, path)
    return CheckResult(str(path), form, checks.run_checks(form, config))
