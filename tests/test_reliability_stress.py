"""Reliability under stress (issue 16, docs/reliability.md): concurrent --in-place runs, signals at random
moments, staff's structural edits, random damage to the example, and `new` on generated forms. Bounded in count
and time; every xlperf run is a child process (tests/budget.py) whose peak memory and time are checked."""
from __future__ import annotations

import io
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import budget  # noqa: E402
from budget import EXAMPLE_BOOK, MAX_PROJECTS, MAX_RSS_MB, MAX_SECONDS  # noqa: E402

from xlperf.cli import main  # noqa: E402
from xlperf.files.reader import read_workbook_bytes  # noqa: E402
from xlperf.files.safety import load_checked  # noqa: E402


def _valid(path: Path) -> None:
    """``path`` passes the gate and reads as a form."""
    read_workbook_bytes(load_checked(path), path)


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".xlperf-"))


# ------------------------------------------------------------------ concurrency
def test_concurrent_in_place_checks_leave_a_valid_workbook(tmp_path):
    book = tmp_path / EXAMPLE_BOOK.name
    shutil.copyfile(EXAMPLE_BOOK, book)
    children = [subprocess.Popen([sys.executable, "-m", "xlperf", "check", str(book), "--in-place"],
                                 env=budget.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(8)]
    for child in children:
        _, err = child.communicate(timeout=budget.HANG_SECONDS)
        assert child.returncode in (0, 1), err.decode("utf-8", "replace")
    _valid(book)
    assert _temporaries(tmp_path) == []
    assert budget.run("check", book).code in (0, 1)


# ------------------------------------------------------------------ signals
SIGNAL_CASES = [(command, sig, seed) for command in ("in-place", "export")
                for sig in (signal.SIGINT, signal.SIGKILL) for seed in (1, 2)]


@pytest.mark.parametrize("command, sig, seed", SIGNAL_CASES,
                         ids=[f"{c}-{s.name}-{n}" for c, s, n in SIGNAL_CASES])
def test_a_signal_at_any_moment_never_damages_the_original(tmp_path, command, sig, seed):
    book = tmp_path / EXAMPLE_BOOK.name
    shutil.copyfile(EXAMPLE_BOOK, book)
    before = book.read_bytes()
    args = ["check", str(book), "--in-place"] if command == "in-place" else \
        ["export", str(book), "-o", str(tmp_path / "报送.xlsx")]
    rng = random.Random(seed)
    for _ in range(3):  # three moments per case: early (imports), middle (work), late (writing)
        child = subprocess.Popen([sys.executable, "-m", "xlperf", *args], env=budget.env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.05, 1.5))
        child.send_signal(sig)
        _, err = child.communicate(timeout=budget.HANG_SECONDS)
        assert child.returncode != 3, err.decode("utf-8", "replace")
        # CPython itself reports (and ignores) a Ctrl-C that lands inside an import lock's callback; the run
        # goes on. Any other traceback is ours.
        assert b"Traceback" not in err.replace(b"Exception ignored in", b"").split(b"KeyboardInterrupt")[-1] \
            or b"Exception ignored in" in err, err.decode("utf-8", "replace")
        if command == "export":
            assert book.read_bytes() == before
            if (tmp_path / "报送.xlsx").exists():
                load_checked(tmp_path / "报送.xlsx")  # an output, if there is one, is whole
        else:
            _valid(book)  # the original, or a complete annotated copy: never a damaged file
        if sig == signal.SIGINT:
            assert _temporaries(tmp_path) == []


# ------------------------------------------------------------------ staff's structural edits
def _edit(path: Path, how: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book["项目1"]
    if how == "merged cells over inputs":
        sheet.merge_cells("B2:F4")
        sheet.merge_cells("A10:F12")
    elif how == "inserted columns":
        sheet.insert_cols(2, 2)
    elif how == "deleted columns":
        sheet.delete_cols(3)
    elif how == "#REF! in inputs":
        for ref in ("B7", "C7", "E10", "E11", "B2"):
            sheet[ref] = "#REF!"
        sheet["D7"] = "=#REF!+1"
        book["部门整体绩效目标"]["B3"] = "#REF!"
    elif how == "inserted rows":
        sheet.insert_rows(8, 3)
    book.save(path)


@pytest.mark.parametrize("how", ["merged cells over inputs", "inserted columns", "deleted columns",
                                 "#REF! in inputs", "inserted rows"])
def test_structural_staff_edits_give_findings_or_a_message(tmp_path, capsys, how):
    book = tmp_path / EXAMPLE_BOOK.name
    shutil.copyfile(EXAMPLE_BOOK, book)
    _edit(book, how)
    for args in (["check", book, "--format", "json"], ["check", book, "--annotate", tmp_path / "标注.xlsm"],
                 ["dump", book]):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert code in (0, 1, 2), f"{how}: {args[0]} exit {code}\n{err}"
        assert "Traceback" not in err and "内部错误" not in err + out
        if code == 2:
            assert err.strip() or '"error"' in out  # a clear message, not a silent failure
    report = json.loads(main_json(book, capsys))
    assert report["files"][0]["error"] or report["files"][0]["findings"]


def main_json(book: Path, capsys) -> str:
    main(["check", str(book), "--format", "json"])
    return capsys.readouterr().out


# ------------------------------------------------------------------ fuzz
def _mutate(data: bytes, rng: random.Random) -> bytes:
    """Flip, truncate or duplicate bytes of the file, or of one XML part inside it (re-zipped)."""
    kind = rng.choice(["flip", "truncate", "duplicate", "part-flip", "part-truncate", "part-duplicate",
                       "part-drop"])
    if not kind.startswith("part-"):
        return _damage(data, kind, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    victim = rng.choice([n for n in parts if n.endswith((".xml", ".rels"))])
    if kind == "part-drop":
        del parts[victim]
    else:
        parts[victim] = _damage(parts[victim], kind[5:], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return out.getvalue()


def _damage(data: bytes, kind: str, rng: random.Random) -> bytes:
    buf = bytearray(data)
    if kind == "flip":
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        return bytes(buf)
    if kind == "truncate":
        return bytes(buf[:rng.randrange(len(buf))])
    start = rng.randrange(len(buf))
    piece = buf[start:start + rng.randint(1, 4096)]
    at = rng.randrange(len(buf))
    return bytes(buf[:at] + piece * rng.randint(1, 50) + buf[at:])


def test_fuzzed_examples_never_crash_nor_exceed_the_budget(tmp_path):
    rng = random.Random(16)
    original = EXAMPLE_BOOK.read_bytes()
    files = []
    for i in range(150):
        path = tmp_path / f"fuzz{i:03d}.xlsm"
        path.write_bytes(_mutate(original, rng))
        files.append(path)
    started = time.perf_counter()
    for batch in range(0, len(files), 30):  # one child checks 30 files: bounded time, still one budget each
        chunk = files[batch:batch + 30]
        result = budget.run("check", *chunk, "--format", "json", cwd=tmp_path)
        assert result.code in (0, 1, 2), f"{[p.name for p in chunk]}\n{result.stderr[-2000:]}"
        assert "Traceback" not in result.stderr
        assert result.rss_mb < MAX_RSS_MB
        assert result.seconds < MAX_SECONDS
        report = json.loads(result.stdout)
        assert len(report["files"]) == len(chunk)
    assert time.perf_counter() - started < 60


# ------------------------------------------------------------------ whatever new writes, check reads
TEXTS = st.sampled_from(["", "是", "≥90%", "加强科技园区建设，推动高新技术企业发展", "=HYPERLINK(\"x\")", "a\nb"])


@st.composite
def forms(draw):
    count = draw(st.sampled_from([0, 1, 3, 17, MAX_PROJECTS]))
    indicators = draw(st.integers(0, 12))
    data = budget.projects_form(max(count, 1), indicators=max(indicators, 1))
    data["projects"] = data["projects"][:count]
    long = draw(st.sampled_from([0, 200, 32767]))
    for i, project in enumerate(data["projects"]):
        project["name"] = f"{draw(TEXTS)}{i}"
        project["total"] = draw(st.one_of(st.none(), st.floats(-1e15, 1e15, allow_nan=False), TEXTS))
        for j, indicator in enumerate(project["indicators"]):
            indicator["value"] = draw(TEXTS)
            if long and i < 4 and j < 2:
                indicator["description"] = (f"{i}{j}" + "说明" * long)[:long]
    data["department"] = draw(TEXTS)
    return data


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(form=forms())
@example(form=budget.projects_form(MAX_PROJECTS, indicators=12))  # the limit itself, always
def test_new_on_generated_forms_always_writes_what_check_accepts(form):
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "form.json", Path(folder) / "new.xlsm"
        source.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
        code = main(["new", str(source), "-o", str(out)])
        assert code in (0, 2)
        if code == 0:
            _valid(out)
            assert main(["check", str(out), "--format", "json", "-o", str(Path(folder) / "r.json")]) in (0, 1)
            assert json.loads((Path(folder) / "r.json").read_text(encoding="utf-8"))["files"][0]["error"] is None
        else:
            assert not out.exists()

