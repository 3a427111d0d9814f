"""The upload page in a real headless Chromium (Debian ``chromium`` + ``chromium-driver``, ``selenium`` from PyPI):
choose the example workbook, read the findings table the page draws, download the marked copy and check it.

Skipped when Chromium, its driver or selenium is missing, unless XLPERF_REQUIRE_BROWSER=1 (``scripts/test.sh``
sets it and installs them), so CI can never pass by skipping the real browser. The test saves the screenshot the
README shows (``docs/upload-page.png``, 1366×768, the smallest screen in the offices).
"""
from __future__ import annotations

import os
import shutil
import struct
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE_BOOK, ROOT
from test_serve_xlwings import marks, results
from xlwings_payload import payload_from_workbook

SCREENSHOT = ROOT / "docs" / "upload-page.png"
SCREEN = (1366, 768)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", f"--window-size={SCREEN[0]},{SCREEN[1]}", "--lang=zh-CN"]


def _executables() -> tuple[str | None, str | None]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    return browser, shutil.which("chromedriver")


@pytest.fixture
def browser(tmp_path):
    """A fresh headless Chromium (its own profile and download folder); always quit, with its driver."""
    browser, driver_path = _executables()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        browser = None
    if browser is None or driver_path is None:
        if os.environ.get("XLPERF_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium, chromium-driver and selenium are required (XLPERF_REQUIRE_BROWSER=1)")
        pytest.skip("Chromium / chromium-driver / selenium not installed")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    service = Service(executable_path=driver_path, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        driver.set_page_load_timeout(60)
        driver.downloads = downloads
        yield driver
    finally:
        driver.quit()  # ends Chromium and stops chromedriver


def _wait(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


# The table as drawn: per sheet heading, the rows' cell texts (textContent: exactly what the page put there).
READ_TABLES = """
const out = [];
for (const h of document.querySelectorAll('#results h2')) {
  const rows = [...h.nextElementSibling.querySelectorAll('tr')].map(tr => [...tr.children].map(td => td.textContent));
  out.push([h.textContent, rows]);
}
return out;
"""


def _png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


def test_upload_page_in_chromium(serve_url, browser, tmp_path):
    from selenium.webdriver.common.by import By

    from xlperf.files.annotate import annotate_bytes
    from xlperf.rulebook.registry import RULESET_VERSION
    from xlperf.services.check import check_bytes
    from xlperf.services.report import BookResult

    data = EXAMPLE_BOOK.read_bytes()
    checked = check_bytes(data, EXAMPLE_BOOK.name)
    browser.get(serve_url + "/")
    assert browser.title == "预算绩效目标表 在线校验"
    # a 1366×768 window: the page fits its width (no horizontal scrolling)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")

    # choosing the file starts the check (the hidden <input type=file> behind the drop zone)
    browser.find_element(By.ID, "file").send_keys(str(EXAMPLE_BOOK))
    status = _wait(lambda: browser.find_element(By.ID, "status").text.startswith("共 ") and
                   browser.find_element(By.ID, "status").text, "the findings")
    assert status.startswith(f"共 {len(checked.findings)} 个问题（规则集 {RULESET_VERSION}）")

    # the table, grouped by sheet in the order of the findings, the same texts as 校验结果
    expected: dict[str, list[list[str]]] = {}
    for f in checked.findings:
        expected.setdefault(f.sheet or "（无位置）", []).append(
            [f.severity.value, f.cell or "-", f.code, f.message, f.suggestion])
    drawn = browser.execute_script(READ_TABLES)
    header = ["严重程度", "单元格", "规则", "问题", "修改建议"]
    assert [heading for heading, _ in drawn] == [f"{sheet}（{len(rows)}）" for sheet, rows in expected.items()]
    assert {heading.rsplit("（", 1)[0]: rows[1:] for heading, rows in drawn} == expected
    assert all(rows[0] == header for _, rows in drawn)
    counts = BookResult(EXAMPLE_BOOK.name, checked.findings).counts
    shown = browser.execute_script("return [...document.querySelectorAll('#counts span')].map(s => s.textContent)")
    assert shown == [f"{severity.value} {n}" for severity, n in counts.items()]

    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",  # the screenshot: exactly 1366×768
                            {"width": SCREEN[0], "height": SCREEN[1], "deviceScaleFactor": 1, "mobile": False})
    shot = tmp_path / "page.png"
    assert browser.save_screenshot(str(shot)) and _png_size(shot) == SCREEN
    if not SCREENSHOT.exists() or SCREENSHOT.read_bytes() != shot.read_bytes():
        shutil.copyfile(shot, SCREENSHOT)

    # 下载标注副本: the file what `check --annotate` writes, under the page's name for it
    browser.find_element(By.ID, "download").click()
    name = EXAMPLE_BOOK.stem + "（已标注）.xlsm"
    target = browser.downloads / name
    _wait(lambda: target.exists() and not list(browser.downloads.glob("*.crdownload")), "the download")
    assert browser.find_element(By.ID, "status").text == "已下载：" + name
    marked = payload_from_workbook(target.read_bytes())
    annotated = payload_from_workbook(annotate_bytes(data, checked.findings, RULESET_VERSION))
    assert marks(marked) == marks(annotated) and any(any(t.values()) for t in marks(marked).values())
    assert results(marked) == results(annotated)
    assert len(results(marked)) == len(checked.findings) + 2
    assert check_bytes(target.read_bytes(), name).findings == checked.findings  # the marks change no finding
