"""The command line: the quick-start path, and bad input → a clear Chinese message, exit 2, input untouched."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_BOOK, EXAMPLE_JSON, ROOT

from xlperf.cli import main
from xlperf.files import interchange


def run(*args, cwd=None):
    # PYTHONPATH: the subprocess must use this checkout's xlperf, whatever else is installed
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "xlperf", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120, env=env)


def test_help_lists_the_commands():
    out = run("--help").stdout
    for command in ("demo", "build-template", "new", "dump"):
        assert command in out


def test_demo_writes_the_example_into_the_current_folder(tmp_path):
    result = run("demo", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    written = tmp_path / EXAMPLE_BOOK.name
    assert written.read_bytes() == EXAMPLE_BOOK.read_bytes()
    annotated = tmp_path / f"{EXAMPLE_BOOK.stem}（已标注）.xlsm"
    assert annotated.exists() and "错误 11" in result.stdout


def test_new_then_dump_round_trips(tmp_path, capsys):
    book = tmp_path / "填好的.xlsm"
    assert main(["new", str(EXAMPLE_JSON), "-o", str(book)]) == 0
    out = tmp_path / "back.yaml"
    assert main(["dump", str(book), "-o", str(out)]) == 0
    assert interchange.load_form(out) == interchange.load_form(EXAMPLE_JSON)


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    files = {}

    def make(name, data: bytes, expect: str):
        path = tmp / name
        path.write_bytes(data)
        files[name] = (path, expect)

    make("文本.xlsx", "这不是表格".encode(), "不是")
    make("截断.xlsm", EXAMPLE_BOOK.read_bytes()[:5000], "损坏")
    make("旧格式.xls", _cfb_with_stream("Workbook"), ".xls")
    make("加密.xlsx", _cfb_with_stream("EncryptedPackage", "EncryptionInfo"), "密码")
    docx = tmp / "文档.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    files["文档.xlsx"] = (docx, "Word")
    files["不存在.xlsx"] = (tmp / "不存在.xlsx", "找不到")
    files["文件夹"] = (tmp, "文件夹")
    return files


def _cfb_with_stream(*names: str) -> bytes:
    from hostile import build_cfb

    return build_cfb({name: b"\0" * 64 for name in names})


@pytest.mark.parametrize("name", ["文本.xlsx", "截断.xlsm", "旧格式.xls", "加密.xlsx", "文档.xlsx", "不存在.xlsx", "文件夹"])
@pytest.mark.parametrize("command", ["dump"])
def test_bad_input_gives_a_chinese_message_and_exit_2(tmp_path, name, command):
    path, expect = _bad_inputs(tmp_path)[name]
    before = _fingerprint(path)
    result = run(command, path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：") and expect in result.stderr, result.stderr
    assert _fingerprint(path) == before


def test_bad_options_exit_2():
    result = run("dump")
    assert result.returncode == 2 and "参数错误" in result.stderr


def test_bad_form_file_exit_2(tmp_path):
    bad = tmp_path / "form.json"
    bad.write_text('{"projets": []}', encoding="utf-8")
    result = run("new", bad, "-o", tmp_path / "out.xlsm")
    assert result.returncode == 2 and "未知字段：projets" in result.stderr
    assert not (tmp_path / "out.xlsm").exists()


def _fingerprint(path: Path):
    if not path.exists():
        return None
    if path.is_dir():
        return sorted(os.listdir(path))
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_new_refuses_a_non_macro_extension_and_a_missing_folder(tmp_path):
    result = run("new", EXAMPLE_JSON, "-o", tmp_path / "x.xlsx")
    assert result.returncode == 2 and "应以 .xlsm 结尾" in result.stderr and "xlperf export" in result.stderr
    result = run("new", EXAMPLE_JSON, "-o", tmp_path / "无" / "x.xlsm")
    assert result.returncode == 2 and "输出文件夹不存在" in result.stderr


def test_dump_never_overwrites_its_input(tmp_path):
    book = tmp_path / "b.xlsm"
    book.write_bytes(EXAMPLE_BOOK.read_bytes())
    result = run("dump", book, "-o", book)
    assert result.returncode == 2 and "不能是输入的工作簿本身" in result.stderr
    assert book.read_bytes() == EXAMPLE_BOOK.read_bytes()


def test_new_refuses_a_text_longer_than_an_excel_cell(tmp_path):
    import json

    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    data["projects"][0]["purpose"] = "长" * 40000
    form = tmp_path / "long.json"
    form.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("new", form, "-o", tmp_path / "x.xlsm")
    assert result.returncode == 2 and "超过 Excel 单元格上限 32767 字" in result.stderr
    assert not (tmp_path / "x.xlsm").exists()


def test_every_command_help_has_an_example_that_readme_shows(capsys):
    """Issue 14: each subcommand's --help ends with examples, and README shows each of them."""
    from conftest import ROOT

    from xlperf.cli import EXAMPLES, build_parser

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    parser = build_parser()
    for command, lines in EXAMPLES.items():
        with pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        out = capsys.readouterr().out
        assert "例：" in out, command
        for line in lines:
            assert line in out, (command, line)
            assert line.split(" > ")[0] in readme or line.replace("xlperf ", ".venv/bin/xlperf ") in readme, line
