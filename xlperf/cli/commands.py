"""The commands of ``xlperf``: each turns parsed options into a call of the services and a report, and returns
the exit code: 0 done and nothing at or above the failure threshold; 1 findings at or above it; 2 the tool could
not do its job on an input (unreadable, not our form, bad options); 3 an internal error (a bug: please report).
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from ..form.errors import XlperfError
from .parsing import EXIT_INPUT  # noqa: F401 - the exit codes live together: 0, 1, 2 (usage errors too), 3

EXIT_OK, EXIT_FINDINGS, EXIT_INTERNAL = 0, 1, 3

HERE = Path(__file__).resolve().parent.parent  # the xlperf package
EXAMPLE_NAME = "2021-高新区科技局"


def cmd_check(args) -> int:
    from ..files.output import check_output_path
    from ..form import layout as L
    from ..rulebook.registry import RULESET_VERSION
    from ..services.check import check_path
    from ..services.report import REPORTERS, BookResult, render_text

    threshold = _threshold(args.fail_on)
    if args.format == "xlsx" and not args.output:
        raise XlperfError("--format xlsx 需要用 -o 指定输出文件")
    if args.brief and args.format != "text":
        raise XlperfError("--brief 只用于 text 格式")
    if args.annotate and args.in_place:
        raise XlperfError("--annotate 与 --in-place 只能选一个：另存一份，或直接修改原文件")
    if (args.annotate or args.in_place) and len(args.books) != 1:
        raise XlperfError("--annotate / --in-place 一次只能用于一个工作簿")
    if args.in_place:
        from ..files.output import refuse_read_only

        refuse_read_only(args.books[0])
    if args.output:
        _check_report_output(args.output, args.format, args.books)
    if args.annotate:
        if _same_file(args.annotate, args.books[0]):
            raise XlperfError("--annotate 的输出不能是原文件；如确需直接修改原文件，请用 --in-place")
        book_suffix, out_suffix = Path(args.books[0]).suffix.lower(), Path(args.annotate).suffix.lower()
        if out_suffix != book_suffix:
            raise XlperfError(f"--annotate 的输出应与原文件同为 {book_suffix} 文件（否则 Excel 打不开）：{args.annotate}")
        check_output_path(args.annotate)
    config = _config(args)
    results, outputs = [], []  # outputs: the marked copy's path, printed after the findings
    for book in args.books:
        try:
            checked = check_path(book, config)
            result = BookResult(book, checked.findings)
            if checked.read_as is not None:
                result.read_as, result.read_as_text = checked.read_as.as_dict(), checked.read_as.text()
        except XlperfError as err:
            results.append(BookResult(book, error=err.message))
            continue
        results.append(result)
        target = book if args.in_place else args.annotate
        if target and checked.read_as is not None and checked.read_as.source.startswith("Word"):
            print(f"注意：{book} 是 Word 文档，暂不能在原文件上标注；问题清单见本报告（位置如 表格1!R3C5）。",
                  file=sys.stderr)
        elif target:
            from ..files.annotate import annotate_file, has_results_sheet

            annotate_file(book, checked.data, result.findings, RULESET_VERSION, target)
            outputs.append(f"已标注：{target}")
            if not has_results_sheet(checked.data):
                print(f"注意：{book} 中没有“{L.RESULTS_SHEET}”表，问题已在单元格上标出，但清单没有写入工作簿；"
                      "请看本报告，或从模板复制该表。", file=sys.stderr)
    if args.format == "text":
        to_screen = not args.output and sys.stdout.isatty()
        report = render_text(results, RULESET_VERSION, _text_style(to_screen, args.brief), tuple(outputs))
        _emit(report, args.output)
        if args.output:
            _print_lines(outputs)
    else:
        _emit(REPORTERS[args.format](results, RULESET_VERSION), args.output)
        _print_lines(outputs)
    if any(r.error for r in results):
        return EXIT_INPUT
    worst = max((f.severity.rank for r in results for f in r.findings), default=0)
    return EXIT_FINDINGS if worst >= threshold.rank else EXIT_OK


def _text_style(to_screen: bool, brief: bool):
    """The text report's style: on a terminal colours (unless NO_COLOR is set) and lines wrapped to its width."""
    import shutil

    from ..services.report import TextStyle

    if not to_screen:
        return TextStyle(brief=brief)
    return TextStyle(color=not os.environ.get("NO_COLOR"), width=shutil.get_terminal_size().columns, brief=brief)


def _print_lines(lines: list[str]) -> None:
    """Lines for the person at the terminal (stderr), after the report (stdout) has been written out."""
    sys.stdout.flush()
    for line in lines:
        print(line, file=sys.stderr)


def cmd_rules(args) -> int:
    from ..services.catalogue import render_markdown, render_text

    sys.stdout.write(render_markdown() if args.format == "markdown" else render_text())
    return EXIT_OK


def _config(args):
    """The reviewer's settings: --config, and --ignore-workbook-settings."""
    from dataclasses import replace

    from ..checks import DEFAULT, load_toml

    config = load_toml(args.config) if args.config else None
    if getattr(args, "ignore_workbook_settings", False):
        config = replace(config or DEFAULT, ignore_workbook=True)
    return config


def _threshold(text: str):
    """--fail-on as a Severity; a Chinese usage error otherwise."""
    from ..form.findings import Severity

    try:
        return Severity.parse(text)
    except ValueError as exc:
        raise XlperfError(str(exc)) from None


def _emit(report, output: str | None) -> None:
    from ..files.output import write_bytes_atomic

    if output:
        write_bytes_atomic(output, report if isinstance(report, bytes) else report.encode("utf-8"))
        print(f"已写入：{output}", file=sys.stderr)
    else:
        sys.stdout.write(report)


def _same_file(a: str, b: str) -> bool:
    from ..files.output import same_file

    return same_file(a, b)


def cmd_build_template(args) -> int:
    from ..template import build_template

    path = build_template(args.output, server_url=args.server_url, server_token=args.server_token)
    print(f"已生成模板：{path}")
    return EXIT_OK


def cmd_new(args) -> int:
    from ..files.interchange import load_form
    from ..files.output import write_bytes_atomic
    from ..template import with_server

    form = with_server(load_form(args.form), args.server_url, args.server_token)
    out = _output(args.output, ".xlsm")
    path = write_bytes_atomic(out, _readable_workbook(form, args.form, out))
    print(f"已生成工作簿：{path}")
    return EXIT_OK


def _readable_workbook(form, source, out: Path) -> bytes:
    """The workbook for ``form``, only if xlperf reads it back: at most MAX_PROJECTS projects, and the bytes
    pass the same gate as a received file (docs/reliability.md), else a Chinese error naming the form file."""
    from ..files.safety import DEFAULT_LIMITS, MAX_PROJECTS, inspect_workbook
    from ..form.errors import UnsafeWorkbook
    from ..template import vba_project_for
    from ..template.builder import sheet_names, workbook_bytes

    if len(form.projects) > MAX_PROJECTS:
        raise XlperfError(f"{source}：有 {len(form.projects)} 个项目，超过上限 {MAX_PROJECTS} 个"
                          f"（工作簿最多 {DEFAULT_LIMITS.max_sheets} 个工作表）；请把项目分成几个文件，分别生成工作簿")
    data = workbook_bytes(form, vba_project=vba_project_for(len(sheet_names(form))))
    try:
        inspect_workbook(out, data)
    except UnsafeWorkbook as err:
        reason = err.message.split("；")[0]
        raise XlperfError(f"{source}：生成的工作簿超过了校验的上限（{reason}），xlperf 将无法校验它；"
                          "请减少项目、指标或过长的文字后重试") from None
    return data


def cmd_dump(args) -> int:
    from ..files.interchange import dumps
    from ..services.check import gate_path, read_any

    if args.output:
        _check_report_output(args.output, None, [args.book])
    form, read_as = read_any(gate_path(args.book), args.book)
    if args.explain:
        print(read_as.text() if read_as is not None else "读取方式：xlperf 模板（按模板的标签和位置读取）",
              file=sys.stderr)
    fmt = args.format or ("yaml" if args.output and Path(args.output).suffix.lower() in (".yaml", ".yml") else "json")
    _emit(dumps(form, fmt), args.output)
    return EXIT_OK


def cmd_import(args) -> int:
    from ..services.check import gate_path, read_any
    from ..template import write_filled

    out = _output(args.output, ".xlsm")
    if _same_file(args.output, args.book):
        raise XlperfError("输出不能是原文件，请换一个文件名")
    form, read_as = read_any(gate_path(args.book), args.book)
    if read_as is not None:
        print(read_as.text(), file=sys.stderr, end="")
    path = write_filled(form, out)
    print(f"已生成工作簿：{path}（{len(form.projects)} 个项目；请核对后再填写资金支出计划等模板独有的内容）")
    return EXIT_OK


def cmd_review(args) -> int:
    from ..files.output import same_file
    from ..rulebook.registry import RULESET_VERSION
    from ..services.review import SummaryWriter, iter_reviews, review_paths, scan_inputs, summary_json

    threshold = _threshold(args.fail_on)
    if args.format == "xlsx" and not args.output:
        raise XlperfError("--format xlsx 需要用 -o 指定汇总文件，例如 -o 汇总.xlsx")
    if args.jobs is not None and args.jobs < 1:
        raise XlperfError("--jobs 应为正整数")
    missing = [p for p in args.inputs if not os.path.exists(p)]
    if missing:
        raise XlperfError(f"找不到文件或文件夹：{'、'.join(missing)}（请检查路径是否正确）")
    inputs, skipped = scan_inputs(args.inputs)
    if args.output:
        _check_report_output(args.output, args.format, args.inputs)
        # a summary written into the folder under review (an earlier run's) is never reviewed as an input
        inputs = [p for p in inputs if not same_file(p, args.output)]
    config = _config(args)
    if not inputs:
        _print_lines([f"已跳过：{path}（{reason}）" for path, reason in skipped])
        raise XlperfError("没有找到任何工作簿（.xlsx / .xlsm）或 Word 文档（.docx）")
    if args.format == "xlsx":  # streamed: each result goes into the summary as it comes, none is kept
        buffer = io.BytesIO()
        writer = SummaryWriter(buffer, threshold, RULESET_VERSION)
        tally = _ReviewTally(threshold)
        for result in iter_reviews(inputs, config, jobs=args.jobs):
            writer.add(result)
            tally.add(result)
        writer.close()
        _emit(buffer.getvalue(), args.output)
    else:
        results = review_paths(inputs, config, jobs=args.jobs)
        _emit(summary_json(results, threshold, RULESET_VERSION), args.output)
        tally = _ReviewTally(threshold)
        for result in results:
            tally.add(result)
    _print_lines([f"已跳过：{path}（{reason}）" for path, reason in skipped]
                 + [f"无法读取：{path}：{error}" for path, error in tally.errors])
    print(f"共 {tally.files} 个文件：需修改 {tally.to_fix}，无法读取 {tally.unreadable}，"
          f"宏与官方模板不同 {tally.vba}（规则集 {RULESET_VERSION}）", file=sys.stderr)
    return 2 if tally.unreadable else 1 if tally.to_fix else 0


class _ReviewTally:
    """What the closing line and the exit status need (as ``review.exit_status``), one result at a time."""

    def __init__(self, threshold) -> None:
        self.threshold, self.files, self.to_fix, self.unreadable, self.vba = threshold, 0, 0, 0, 0
        self.errors: list[tuple[str, str]] = []  # (path, reason) of each file that could not be read

    def add(self, r) -> None:
        from ..services.review import STATUS_FIX

        self.files += 1
        self.unreadable += bool(r.error)
        if r.error:
            self.errors.append((r.path, r.error))
        self.to_fix += r.status(self.threshold) == STATUS_FIX
        self.vba += bool(r.vba_differences and r.vba_status != "无宏")


def cmd_diff(args) -> int:
    from ..services.check import read_path
    from ..services.diff import RENDERERS, diff_forms

    if args.output:
        _check_report_output(args.output, None, [args.last_year, args.this_year])
    forms = [read_path(path) for path in (args.last_year, args.this_year)]
    result = diff_forms(forms[0], forms[1], args.last_year, args.this_year)
    _emit(RENDERERS[args.format](result), args.output)
    return EXIT_OK


def cmd_export(args) -> int:
    from ..checks import load_toml
    from ..services.export import NO_LIBREOFFICE, export_book, find_soffice, to_pdf, verify_book

    if args.verify:
        if args.output or args.pdf:
            raise XlperfError("--verify 只核对 BOOK，不能与 -o / --pdf 同用")
        report = verify_book(args.book, load_toml(args.config) if args.config else None)
        stamp = report.stamp
        print(f"校验戳：{stamp.get('xlperf_counts', '')}；状态 {stamp.get('xlperf_status', '')}；"
              f"规则集 {stamp.get('xlperf_ruleset', '')}；校验时间 {stamp.get('xlperf_checked_at', '')}")
        print(report.message)
        return EXIT_OK if report.matches else EXIT_FINDINGS
    if not args.output:
        raise XlperfError("请用 -o 指定报送件，例如 -o 报送.xlsx")
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise XlperfError(f"报送件不含宏，应以 .xlsx 结尾：{args.output}")
    if not out.parent.exists():
        raise XlperfError(f"输出文件夹不存在：{out.parent}")
    if _same_file(args.output, args.book):
        raise XlperfError("报送件不能覆盖原文件，请换一个输出文件名")
    if args.pdf and find_soffice() is None:
        raise XlperfError(NO_LIBREOFFICE)
    config = load_toml(args.config) if args.config else None
    report = export_book(args.book, out, config)
    for warning in report.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    print(f"已导出报送件：{out}（{report.status}；sha256:{report.digest}）", file=sys.stderr)
    if args.pdf:
        pdf = to_pdf(out, out.with_suffix(".pdf"))
        print(f"已生成 PDF：{pdf}", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args) -> int:
    from ..files.interchange import load_form
    from ..template import write_filled

    target = Path(args.output) if args.output else Path.cwd()
    if target.is_dir() or (args.output and args.output.endswith(("/", os.sep))):
        target.mkdir(parents=True, exist_ok=True)
        target = target / f"{EXAMPLE_NAME}.xlsm"
    form = load_form(example_json())
    write_filled(form, _output(str(target), ".xlsm"))
    print(f"已写出示例工作簿：{target}\n")
    # then check it, exactly as a reviewer would, and write a copy with the findings marked in place;
    # findings are the point of the demo, not a failure
    annotated = target.with_name(f"{target.stem}（已标注）{target.suffix}")
    code = cmd_check(args.parser.parse_args(["check", str(target), "--annotate", str(annotated)]))
    return EXIT_OK if code == EXIT_FINDINGS else code


def cmd_serve(args) -> int:
    from ..serve import Options, run  # the command line starts the server front door (docs/architecture.md)

    if args.workers < 1 or args.queue < 0 or args.timeout <= 0 or args.max_upload_mb <= 0:
        raise XlperfError("--workers 至少为 1，--timeout 与 --max-upload-mb 应为正数，--queue 不能为负")
    if args.token_file and not (Path(args.token_file).is_file() and Path(args.token_file).read_text("utf-8").strip()):
        raise XlperfError(f"令牌文件不存在或为空：{args.token_file}")
    run(Options(args.host, args.port, args.workers, args.max_upload_mb, args.token_file, args.timeout, args.queue))
    return EXIT_OK


def example_json() -> Path:
    """The bundled example: from the source tree, or the copy shipped inside the package."""
    for candidate in (HERE.parent / "examples" / f"{EXAMPLE_NAME}.json", HERE / "data" / f"{EXAMPLE_NAME}.json"):
        if candidate.exists():
            return candidate
    raise XlperfError("找不到内置示例数据（安装不完整？）")


def _output(path: str, suffix: str) -> Path:
    """A workbook output path: the right extension and a folder that exists."""
    from ..files.output import check_output_path

    out = Path(path)
    if out.suffix.lower() != suffix:
        hint = "；不含宏的报送件请用 xlperf export" if suffix == ".xlsm" else ""
        raise XlperfError(f"输出文件应以 {suffix} 结尾（工作簿含宏）{hint}：{path}")
    return check_output_path(out)


def _check_report_output(output: str, fmt: str | None, inputs: list[str]) -> None:
    """A report must never overwrite an input, and an .xlsx report must be named .xlsx."""
    from ..files.output import check_output_path, refuse_inputs_as_output

    refuse_inputs_as_output(output, (p for p in inputs if not Path(p).is_dir()), "输出文件")
    suffix = Path(output).suffix.lower()
    if fmt == "xlsx" and suffix != ".xlsx":
        raise XlperfError(f"--format xlsx 的输出文件应以 .xlsx 结尾：{output}")
    if fmt in ("json", "text") and suffix in (".xlsx", ".xlsm", ".xls"):
        raise XlperfError(f"--format {fmt} 的输出文件不应以 {suffix} 结尾（会被当作工作簿）：{output}")
    check_output_path(output)

