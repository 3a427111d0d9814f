"""Shared fixtures: the bundled example, freshly built workbooks, and LibreOffice as a real client."""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_JSON = ROOT / "examples" / "2021-高新区科技局.json"
EXAMPLE_BOOK = ROOT / "examples" / "2021-高新区科技局.xlsm"
TEMPLATE = ROOT / "workbook" / "template.xlsm"


@pytest.fixture(scope="session")
def example_form():
    from xlperf.files.interchange import load_form

    return load_form(EXAMPLE_JSON)


@pytest.fixture
def example_book(tmp_path) -> Path:
    """A private copy of the committed example workbook."""
    target = tmp_path / EXAMPLE_BOOK.name
    shutil.copyfile(EXAMPLE_BOOK, target)
    return target


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def libreoffice(tmp_path_factory):
    """Run LibreOffice headless conversions: ``libreoffice(src, "pdf") -> Path``.

    Fonts are mapped as ``export --pdf`` maps them (``services.export_print.soffice_environment``).
    Skipped when LibreOffice is absent, unless XLPERF_REQUIRE_LIBREOFFICE=1 (set by the test script, so CI
    can never pass by skipping the real client).
    """
    exe = soffice()
    if exe is None:
        if os.environ.get("XLPERF_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) 未安装，但 XLPERF_REQUIRE_LIBREOFFICE=1")
        pytest.skip("LibreOffice not installed")
    from xlperf.services.export_print import soffice_environment

    profile = tmp_path_factory.mktemp("lo-profile")
    env = soffice_environment(profile)  # 宋体 → an installed CJK serif, as `xlperf export --pdf` prints

    def convert(src: Path, fmt: str, outdir: Path | None = None) -> Path:
        outdir = outdir or tmp_path_factory.mktemp(f"lo-{uuid.uuid4().hex[:6]}")
        result = subprocess.run(
            [exe, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
             "--convert-to", fmt, "--outdir", str(outdir), str(src)],
            capture_output=True, text=True, timeout=120, env=env,
        )
        out = outdir / (src.stem + "." + fmt.split(":")[0])
        assert out.exists(), f"LibreOffice failed: {result.stdout}\n{result.stderr}"
        return out

    return convert


@pytest.fixture(scope="session")
def serve_url(tmp_path_factory):
    """The check server (``xlperf serve --workers 2``), started once for the session on a loopback port."""
    from serve_client import running_server

    with running_server("--workers", "2", log=tmp_path_factory.mktemp("serve") / "server.log") as url:
        yield url
