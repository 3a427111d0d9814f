"""The review at scale (issue 15): results streamed into the summary, the summary written in constant memory,
问题明细 past Excel's row limit continued on further sheets — and nothing lost on the way."""
from __future__ import annotations

import io
import os
import shutil
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from harness import good_form
from python_calamine import CalamineWorkbook

from xlperf.files.interchange import load_form
from xlperf.form.findings import Severity
from xlperf.services import review_xlsx
from xlperf.services.review import OTHER_LEVEL1, FileReview, ProjectRow, collect_inputs, iter_reviews
from xlperf.services.review_results import LEVEL1_COLUMNS
from xlperf.services.review_summary import PROJECT_COLUMNS
from xlperf.template import FIXED_SHEETS, vba_project_for
from xlperf.template.builder import workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
LARGE_BATCH = int(os.environ.get("XLPERF_LARGE_BATCH", "3000"))


def sheets_of(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def make_batch(folder: Path, count: int) -> list[Path]:
    """``count`` workbooks: a few generated variants (with findings, clean, unreadable) copied under their own names."""
    variants = []
    for i, base in enumerate((load_form(ROOT / "examples" / "2021-高新区科技局.json"), good_form())):
        base.department = f"部门{i}"
        variants.append(workbook_bytes(base, vba_project=vba_project_for(FIXED_SHEETS + len(base.projects))))
    variants.append(b"not a workbook")
    folder.mkdir(parents=True, exist_ok=True)
    seeds = []
    for i, data in enumerate(variants):
        seeds.append(folder / f"seed{i}.bin")
        seeds[-1].write_bytes(data)
    paths = []
    for i in range(count):
        path = folder / f"{i:05d}.xlsx"
        shutil.copyfile(seeds[i % len(seeds)], path)
        paths.append(path)
    for seed in seeds:
        seed.unlink()
    return paths


def test_summary_of_a_large_batch_is_complete(tmp_path):
    paths = make_batch(tmp_path / "in", LARGE_BATCH)
    start = time.perf_counter()
    findings = Counter()
    buffer = io.BytesIO()
    writer = review_xlsx.SummaryWriter(buffer, Severity.ERROR, "test")
    for r in iter_reviews(collect_inputs([tmp_path / "in"]), jobs=2):
        findings.update((r.path, f["code"], f["sheet"], f["cell"]) for f in r.findings)
        writer.add(r)
    writer.close()
    print(f"{LARGE_BATCH} workbooks reviewed, summary written, in {time.perf_counter() - start:.0f} s")
    sheets = sheets_of(buffer.getvalue())
    projects = sheets["项目汇总"]
    assert tuple(projects[0]) == PROJECT_COLUMNS
    assert {row[0] for row in projects[1:]} == {str(p) for p in paths}  # every file a row
    details = sheets["问题明细"]
    assert Counter((row[0], row[4], row[2], row[3]) for row in details[1:]) == findings  # every finding
    assert sum(findings.values()) > LARGE_BATCH


def synthetic(count: int, findings_each: int):
    """Plain results, made on the fly (the test measures what the writer keeps, not what the caller does)."""
    for i in range(count):
        finding = {"sheet": "项目1", "cell": "B7", "code": "V101", "severity": "错误", "title": "指标值缺失",
                   "message": f"第 {i} 个文件的问题" * 3, "suggestion": "请填写指标值。" * 3}
        yield FileReview(path=f"收件箱/{i:06d}-市教育局.xlsm", department=f"部门{i % 40}", year=2021,
                         projects=[ProjectRow(f"项目{i}", "项目1", 100.0, None, 90.0, dict.fromkeys((*LEVEL1_COLUMNS, OTHER_LEVEL1), 1),
                                    {"错误": 1, "警告": 0, "提示": 0})],
                         findings=[dict(finding, cell=f"B{7 + k}") for k in range(findings_each)],
                         vba_status="一致")


def _peak(count: int) -> int:
    tracemalloc.start()
    try:
        writer = review_xlsx.SummaryWriter(io.BytesIO(), Severity.ERROR, "test")
        for r in synthetic(count, 20):
            writer.add(r)
        writer.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_summary_writer_memory_does_not_grow_with_the_batch():
    small, large = _peak(50), _peak(600)  # 1,000 and 12,000 rows of 问题明细
    print(f"tracemalloc peak: {small / 2**20:.1f} MB for 50 files, {large / 2**20:.1f} MB for 600")
    assert large < 4 * 2**20
    assert large < small + 2 * 2**20, (small, large)


def test_findings_past_the_row_limit_continue_on_further_sheets(monkeypatch):
    monkeypatch.setattr(review_xlsx, "EXCEL_MAX_ROWS", 50)  # 48 rows of findings per sheet, then the note
    results = list(synthetic(13, 10))
    sheets = sheets_of(review_xlsx.summary_xlsx(results, Severity.ERROR, "test"))
    names = list(sheets)
    assert names == ["项目汇总", "问题明细", "问题明细（2）", "问题明细（3）", "规则命中率", "部门统计", "宏检查"]
    first, second, third = (sheets[n] for n in names[1:4])
    assert len(first) == 50 and first[-1][0] == "问题明细超过 Excel 的行数上限，续见工作表“问题明细（2）”"
    assert second[0][9] == "（续）接工作表“问题明细”"
    assert second[-1][0] == "问题明细超过 Excel 的行数上限，续见工作表“问题明细（3）”"
    rows = first[1:-1] + second[1:-1] + third[1:]
    assert [(row[0], row[3]) for row in rows] == [(r.path, f["cell"]) for r in results for f in r.findings]
