"""Command line: the parser and ``main`` (parse options → run a command → exit code); the commands are in
``cli.commands``, thin adapters over the services.

Exit codes: 0 done and nothing at or above the failure threshold; 1 findings at or above it; 2 the tool could
not do its job on an input (unreadable, not our form, bad options); 3 an internal error (a bug: please report).
"""
from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..form.errors import XlperfError
from . import commands
from .commands import EXIT_INPUT, EXIT_INTERNAL
from .parsing import _Parser

#: one or more examples per command, shown at the end of its --help (README shows the same commands)
EXAMPLES = {
    "demo": ["xlperf demo"],
    "check": ["xlperf check 收到的.xlsm", "xlperf check 收到的.xlsm --annotate 已标注.xlsm",
              "xlperf check *.xlsm --format json -o findings.json", "xlperf check *.xlsm --brief | grep 错误"],
    "rules": ["xlperf rules"],
    "build-template": ["xlperf build-template", "xlperf build-template --server-url http://jixiao.czj.local -o 模板.xlsm"],
    "new": ["xlperf new form.json -o 新.xlsm", "xlperf new 预填.json --server-url http://jixiao.czj.local -o 预填.xlsm"],
    "dump": ["xlperf dump 收到的.xlsm -o form.json", "xlperf dump --explain 自评表.docx"],
    "import": ["xlperf import 去年的申报表.xlsx -o 2025.xlsm"],
    "review": ["xlperf review 收件箱/ -o 汇总.xlsx", "xlperf review a.xlsm b.xlsx --format json"],
    "diff": ["xlperf diff 2021.xlsm 2022.xlsm"],
    "export": ["xlperf export 收到的.xlsm -o 报送.xlsx --pdf", "xlperf export --verify 报送.xlsx"],
    "serve": ["xlperf serve --host 127.0.0.1 --port 8000 --workers 2"],
}


def _examples(command: str) -> str:
    return "例：\n" + "\n".join(f"  {line}" for line in EXAMPLES[command])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="xlperf",
        description="预算绩效目标：Excel 填报模板、校验规则与财政审核工具。",
        epilog="退出码：0 完成；1 存在达到阈值的问题；2 无法处理输入文件；3 内部错误。",
    )
    parser.add_argument("--version", action="version", version=f"xlperf {__version__}", help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", metavar="<命令>", parser_class=_Parser, title="命令")

    p = sub.add_parser("demo", epilog=_examples("demo"),
                       help="写出内置示例（2021 高新区科技局）的已填工作簿，校验它，并另存一份标出问题的副本")
    p.add_argument("-o", "--output", help="输出文件或文件夹（默认当前文件夹）")
    p.set_defaults(run=commands.cmd_demo)

    p = sub.add_parser("check", epilog=_examples("check"),
                       help="校验一个或多个工作簿，一次列出全部问题")
    p.add_argument("books", nargs="+", metavar="BOOK",
                   help="工作簿（.xlsm / .xlsx；其他格式的绩效目标表按标签读取）或 Word 文档（.docx）")
    p.add_argument("--format", choices=("text", "json", "xlsx"), default="text", help="报告格式（默认 %(default)s）")
    p.add_argument("-o", "--output", help="报告写入此文件（xlsx 格式必需；默认打印到屏幕）")
    p.add_argument("--fail-on", default="错误", metavar="LEVEL",
                   help="达到此严重程度（错误/警告/提示）时退出码为 1（默认 %(default)s）")
    p.add_argument("--config", help="TOML 设置文件（阈值、指标体系、规则级别），优先于工作簿“设置”表")
    p.add_argument("--ignore-workbook-settings", action="store_true",
                   help="不采用工作簿“设置”表（按统一标准校验；财政部门审核用）")
    p.add_argument("--brief", action="store_true",
                   help="text 格式每个问题一行：文件:工作表!单元格 严重程度 规则 问题（便于 grep）")
    p.add_argument("--annotate", metavar="OUT", help="另存一份在原位置标出问题的工作簿（仅限单个 BOOK）")
    p.add_argument("--in-place", action="store_true", help="直接在 BOOK 上标出问题（原子替换；代替 --annotate）")
    p.set_defaults(run=commands.cmd_check)

    p = sub.add_parser("rules", epilog=_examples("rules"),
                       help="列出全部校验规则（规则目录）")
    p.add_argument("--format", choices=("text", "markdown"), default="text", help="输出格式（默认 %(default)s）")
    p.set_defaults(run=commands.cmd_rules)

    p = sub.add_parser("build-template", epilog=_examples("build-template"),
                       help="生成空白模板 workbook/template.xlsm")
    p.add_argument("-o", "--output", default="workbook/template.xlsm", help="输出路径（默认 %(default)s）")
    _add_server_options(p)
    p.set_defaults(run=commands.cmd_build_template)

    p = sub.add_parser("new", epilog=_examples("new"),
                       help="用 JSON/YAML 表单数据填写模板，生成工作簿")
    p.add_argument("form", help="表单数据文件（.json / .yaml）")
    p.add_argument("-o", "--output", required=True, help="输出工作簿（.xlsm）")
    _add_server_options(p)
    p.set_defaults(run=commands.cmd_new)

    _add_read_commands(sub)

    _add_bureau_commands(sub)
    _add_serve(sub)
    return parser


def _add_server_options(p) -> None:
    p.add_argument("--server-url", metavar="URL",
                   help="财政局校验服务器（xlperf serve）的网址，写入“设置”表的校验服务器地址：“校验”“清除标记”按钮由该服务器完成，"
                        "填报人员无需安装 Python")
    p.add_argument("--server-token", metavar="TOKEN",
                   help="服务器的令牌（xlperf serve --token-file 文件中的内容），写入“设置”表的校验令牌")


def _add_bureau_commands(sub) -> None:
    """``review``, ``diff`` and ``export``: the finance bureau's batch tools."""
    p = sub.add_parser("review", epilog=_examples("review"),
                       help="财政局批量审核：校验文件夹或多个工作簿，生成汇总表")
    p.add_argument("inputs", nargs="+", metavar="FOLDER_OR_FILE",
                   help="工作簿或文件夹（文件夹中递归查找 .xlsx / .xlsm / .docx，以及 .xls / .xlsb / .et / .ods 以便报告"
                        "“无法读取”；其他文件和 ~$ 锁定文件跳过并在屏幕上列出，隐藏文件跳过；命令行直接给出的文件总是审核；"
                        "路径不存在时报错退出）")
    p.add_argument("-o", "--output", help="汇总写入此文件（xlsx 格式必需；json 默认打印到屏幕）")
    p.add_argument("--format", choices=("xlsx", "json"), default="xlsx", help="汇总格式（默认 %(default)s）")
    p.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认全部 CPU 核心）")
    p.add_argument("--fail-on", default="错误", metavar="LEVEL",
                   help="达到此严重程度（错误/警告/提示）的文件记为“需修改”，退出码为 1（默认 %(default)s）")
    p.add_argument("--config", help="TOML 设置文件，优先于各工作簿的“设置”表")
    p.add_argument("--ignore-workbook-settings", action="store_true",
                   help="不采用各工作簿的“设置”表，全部按统一标准校验")
    p.set_defaults(run=commands.cmd_review)

    p = sub.add_parser("diff", epilog=_examples("diff"),
                       help="对比上年与本年的填报：项目与指标的增、删、改")
    p.add_argument("last_year", metavar="LAST_YEAR", help="上年的工作簿")
    p.add_argument("this_year", metavar="THIS_YEAR", help="本年的工作簿")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 %(default)s）")
    p.add_argument("-o", "--output", help="输出文件（默认打印到屏幕）")
    p.set_defaults(run=commands.cmd_diff)

    p = sub.add_parser("export", epilog=_examples("export"),
                       help="导出报送件：不含宏、公式全部换成数值，并加盖校验戳（可另出 PDF）")
    p.add_argument("book", metavar="BOOK", help="工作簿（.xlsm / .xlsx）；与 --verify 一起用时为要核对的报送件")
    p.add_argument("-o", "--output", help="输出的报送件（.xlsx；导出时必需，与 --verify 一起时不用）")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成可打印的 PDF（与输出同名 .pdf）")
    p.add_argument("--verify", action="store_true",
                   help="核对 BOOK（一份报送件）自校验以来内容是否被改动：一致退出码 0，不一致 1")
    p.add_argument("--config", help="TOML 设置文件，优先于工作簿“设置”表")
    p.set_defaults(run=commands.cmd_export)


def _add_serve(sub) -> None:
    p = sub.add_parser("serve", epilog=_examples("serve"),
                       help="财政局校验服务器：模板的“校验”按钮（免安装）、上传校验网页与 JSON 接口")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 %(default)s；对外服务请放在反向代理之后）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 %(default)s）")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="工作进程数（默认 %(default)s；建议为 CPU 核心数）")
    p.add_argument("--max-upload-mb", type=float, default=20, metavar="MB", help="单个请求的上限（默认 %(default)g MB）")
    p.add_argument("--token-file", metavar="F", help="访问令牌文件：除 /healthz 外都需 Authorization: Bearer <令牌>")
    p.add_argument("--timeout", type=float, default=30, metavar="S", help="单次校验的时限，超时答 503（默认 %(default)g 秒）")
    p.add_argument("--queue", type=int, default=16, metavar="N", help="每个工作进程排队的请求上限，再多答 503（默认 %(default)s）")
    p.set_defaults(run=commands.cmd_serve)


def _add_read_commands(sub) -> None:
    """``dump`` and ``import``: read a form (our template, another layout, Word) without checking it."""
    p = sub.add_parser("dump", epilog=_examples("dump"),
                       help="读取已填工作簿（也可以是其他格式的表格或 Word），导出为 JSON/YAML 表单数据")
    p.add_argument("book", help="工作簿（.xlsm / .xlsx）或 Word 文档（.docx）")
    p.add_argument("-o", "--output", help="输出文件（默认打印到屏幕）")
    p.add_argument("--format", choices=("json", "yaml"), help="输出格式（默认按输出文件扩展名，否则 json）")
    p.add_argument("--explain", action="store_true",
                   help="在标准错误输出中说明如何读取（哪张表、哪些行、哪些列对应哪个字段，哪些列未读取）")
    p.set_defaults(run=commands.cmd_dump)

    p = sub.add_parser("import", epilog=_examples("import"),
                       help="把其他格式的绩效目标表（.xlsx / .docx）填入 xlperf 模板，生成新的 .xlsm")
    p.add_argument("book", metavar="OLD", help="原有的表格（其他省市格式的 .xlsx / .xlsm，或 Word .docx）")
    p.add_argument("-o", "--output", required=True, help="生成的工作簿（.xlsm）")
    p.set_defaults(run=commands.cmd_import)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_INPUT
    args.parser = parser  # a command that runs another (demo → check) parses its options the same way
    try:
        return args.run(args)
    except XlperfError as err:
        print(f"错误：{err}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as err:  # a bug in xlperf: say so plainly, keep the traceback for XLPERF_DEBUG
        if os.environ.get("XLPERF_DEBUG"):
            raise
        print(f"内部错误：{type(err).__name__}: {err}\n这是 xlperf 的缺陷，请连同输入文件报告。"
              "设置环境变量 XLPERF_DEBUG=1 可看到详细信息。", file=sys.stderr)
        return EXIT_INTERNAL




if __name__ == "__main__":
    sys.exit(main())
