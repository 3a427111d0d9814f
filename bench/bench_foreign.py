"""Benchmark the label-driven reader against the template reader on the same content (not a test: prints figures).

    python bench/bench_foreign.py [PROJECTS]

Builds one foreign-layout workbook (the 2018 申报表 layout of tests/foreign_layouts.py, PROJECTS projects one under
another on a sheet, merged 一级/二级 cells) and the template workbook of the same form (``xlperf import``'s
``write_filled``), then times ``services.check.read_any`` — the gate excluded — on each. Goal (issue 12): the
foreign read costs at most 3× the template read.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from foreign_layouts import M, corpus, goals_text, level_cells, write_xlsx  # noqa: E402

from xlperf.services.check import read_any  # noqa: E402
from xlperf.template import write_filled  # noqa: E402


def foreign_rows(projects: int) -> list[list]:
    p = corpus("2023-hn-xiangtan-hwc-01")["projects"][0]
    rows: list[list] = []
    for i in range(projects):
        rows += [[M("项目支出绩效目标申报表", 6)], [M("（2023年度）", 6)],
                 ["项目名称", M(f"{p['name']}{i}", 5)],
                 ["主管部门", M(p["department"], 2), "实施单位", M(p["department"], 2)],
                 [M("资金情况（万元）", 1, 3), "年度资金总额：", M(250 + i, 4)],
                 ["其中：财政拨款", M(250 + i, 4)], ["其他资金", M(0, 4)],
                 ["年度目标", M(goals_text(p["goals"]), 5)],
                 ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "备注"]]
        for ind, (l1, l2) in zip(p["indicators"], level_cells(p["indicators"])):
            rows.append(([l1] if l1 else []) + ([l2] if l2 else []) + [ind["level3"], ind["value"], ind["basis"],
                                                                       None])
        rows += [[None], [None]]
    return rows


def timed(data: bytes, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_any(data, "bench")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(projects: int = 30) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        foreign = write_xlsx(Path(tmp) / "foreign.xlsx", {"申报表": foreign_rows(projects)})
        form, read_as = read_any(foreign.read_bytes(), foreign)
        assert read_as is not None and len(form.projects) == projects
        template = write_filled(form, Path(tmp) / "template.xlsm")
        assert read_any(template.read_bytes(), template)[1] is None
        t_foreign, t_template = timed(foreign.read_bytes()), timed(template.read_bytes())
    print(f"{projects} 个项目，每个 {len(form.projects[0].indicators)} 条指标（中位数，{7} 次）：")
    print(f"  其他格式（按标签读取） {t_foreign * 1000:8.1f} ms")
    print(f"  xlperf 模板           {t_template * 1000:8.1f} ms")
    print(f"  比值 {t_foreign / t_template:.2f}×（目标 ≤ 3×）")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
