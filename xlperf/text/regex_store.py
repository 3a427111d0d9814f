"""Regular expressions compiled once per installation instead of once in every process.

Why: CPython compiles a pattern in pure Python (the parser, then the character-set optimiser, which visits
every character of a range such as ``[\\u4e00-\\u9fff]``). The ~130 patterns an ``xlperf check`` compiles (ours,
and the standard library's: argparse, json, ElementPath) cost a third of the instructions of the whole process —
more than reading and checking the workbook.

What a compiled pattern is: a list of integers (the matcher's program) and its group names, which
``re.compile`` ends by handing to ``_sre.compile``. :func:`build` (run by ``scripts/setup.sh`` after
``compileall``: ``python -c "from xlperf.text.regex_store import build; build()"``) stores them, per interpreter,
beside the bytecode (``xlperf/__pycache__/regex-store.<cache tag>.marshal``; each run of ``python -m xlperf``
with ``XLPERF_REGEX_STORE=collect`` adds what it compiled). When the package is imported, :func:`seed` puts the
stored patterns into ``re``'s own cache of compiled patterns, so ``re.compile``, ``re.sub`` … find them there
instead of compiling them: nothing else changes, in our modules or in the libraries.

Safe by construction: the store holds what this interpreter's own compiler produced for exactly that pattern and
those flags (each program is checked equal to ``re.compile``'s before it is stored: ``Pattern.__eq__`` compares
the programs); a store written by another interpreter, a damaged store, or any failure is ignored, and a pattern
not in the store is compiled by ``re`` as usual. ``XLPERF_REGEX_STORE=0`` turns the store off.
"""
from __future__ import annotations

import _sre
import marshal
import os
import re
import sys
from pathlib import Path

STORE = Path(__file__).resolve().parent.parent / "__pycache__" / f"regex-store.{sys.implementation.cache_tag}.marshal"
EXAMPLE_NAME = "2021-高新区科技局"  # the bundled example, as ``xlperf demo`` names its workbook

_declared: dict[tuple[str | bytes, int], None] = {}  # lazily compiled patterns (normalize.lazy_re), for build
_seeded: list[tuple] = []  # the keys seed() put into re's cache


def _stamp() -> tuple:
    """What the stored programs depend on: the interpreter and its regular-expression engine."""
    return (sys.implementation.cache_tag, sys.version, _sre.MAGIC, _sre.CODESIZE, _sre.MAXGROUPS)


def declare(pattern: str | bytes, flags: int = 0) -> None:
    """Remember a pattern compiled only when first used, so that :func:`build` stores it too."""
    _declared.setdefault((pattern, int(flags)), None)


def _cache() -> dict | None:
    cache = getattr(re, "_cache", None)
    return cache if isinstance(cache, dict) else None


def seed() -> int:
    """Put the stored patterns into ``re``'s cache (those not already there); returns how many this call added."""
    cache = _cache()
    mode = os.environ.get("XLPERF_REGEX_STORE")
    if mode == "collect":
        import atexit

        atexit.register(_collect)
    if cache is None or mode in ("0", "collect"):
        return 0
    try:
        with open(STORE, "rb") as f:
            stamp, programs = marshal.loads(f.read())  # marshal.load(f) would read item by item
        if stamp != _stamp():
            return 0
        room = getattr(re, "_MAXCACHE", 512) - len(cache)
        added = 0
        for (pattern, flags), program in list(programs.items())[:max(room, 0)]:
            key = (type(pattern), pattern, flags)
            if key not in cache:
                cache[key] = _sre.compile(pattern, *program)
                _seeded.append(key)
                added += 1
    except Exception:  # missing, unreadable, damaged: every pattern is compiled as usual
        return 0
    return added


def _program(pattern: str | bytes, flags: int) -> tuple:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` after the pattern (same steps, same order)."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are an int subclass: plain ints for marshal
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _collect() -> None:
    """At the exit of a process run with ``XLPERF_REGEX_STORE=collect``: add every pattern it compiled (and every
    lazy one it declared) to the store."""
    cache = _cache()
    if cache is None:
        return
    for pattern, flags in list(_declared):
        re.compile(pattern, flags)
    programs = {}
    try:
        with open(STORE, "rb") as f:
            stamp, stored = marshal.loads(f.read())
        if stamp == _stamp():
            programs.update(stored)
    except Exception:  # no store yet (or another interpreter's): start afresh
        pass
    for key, compiled in list(cache.items()):
        if not (isinstance(key, tuple) and len(key) == 3 and isinstance(key[1], (str, bytes))):
            continue
        pattern, flags = key[1], key[2]
        if not isinstance(flags, int) or flags & re.LOCALE:
            continue  # a LOCALE pattern's program depends on the locale it was compiled in
        program = _program(pattern, flags)
        made = _sre.compile(pattern, *program)
        if made == compiled and (made.groups, made.groupindex) == (compiled.groups, compiled.groupindex):
            programs[(pattern, flags)] = program  # (== compares the programs too; else leave it to re.compile)
    STORE.parent.mkdir(exist_ok=True)
    tmp = STORE.with_name(f"{STORE.name}.{os.getpid()}.tmp")
    tmp.write_bytes(marshal.dumps((_stamp(), programs)))
    os.replace(tmp, STORE)


# What a check compiles (the workbook written first by ``xlperf demo``, whose own patterns — the template builder's —
# are not stored: the store is read by every process, and the check path is what has to start fast).
WORKBOOK = ("demo", "-o", "{tmp}")
EXERCISE = (
    ("check", "{tmp}/{name}.xlsm", "--format", "json"),
    ("check", "{tmp}/{name}.xlsm", "--format", "text"),
    ("check", "{tmp}/{name}.xlsm", "--annotate", "{tmp}/marked.xlsm"),
)


def build() -> int:
    """Write the store afresh from the :data:`EXERCISE` runs of ``python -m xlperf``; returns how many patterns it
    holds."""
    import subprocess
    import tempfile

    STORE.unlink(missing_ok=True)
    here = str(Path(__file__).resolve().parents[2])  # the children run this very package, and write this STORE
    env = dict(os.environ, XLPERF_REGEX_STORE="collect",
               PYTHONPATH=os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p))
    with tempfile.TemporaryDirectory(prefix="xlperf-regex-") as tmp:
        for args in (WORKBOOK, *EXERCISE):
            argv = [a.format(tmp=tmp, name=EXAMPLE_NAME) for a in args]
            subprocess.run([sys.executable, "-m", "xlperf", *argv], cwd=tmp, capture_output=True, check=False,
                           env=env if args in EXERCISE else dict(env, XLPERF_REGEX_STORE="0"))
    try:
        return len(marshal.loads(STORE.read_bytes())[1])
    except OSError:
        return 0

