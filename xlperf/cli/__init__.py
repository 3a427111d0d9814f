"""Command line: the parser and ``main`` (parse options → run a command → exit code); the commands are in
``cli.commands``, thin adapters over the services.

Exit codes: 0 done and nothing at or above the failure threshold; 1 findings at or above it; 2 the tool could
not do its job on an input (unreadable, not our form, bad options); 3 an internal error (a bug: please report).
"""
from __future__ import annotations

import argparse
import os
import re
import sys

from .. import __version__
from ..form.errors import XlperfError
from . import commands
from .commands import EXIT_INPUT, EXIT_INTERNAL


class _Formatter(argparse.RawDescriptionHelpFormatter):  # keeps the examples' lines
    def __init__(self, prog):
        super().__init__(prog, max_help_position=30)  # Chinese metavars are wide: keep help text aligned

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese: usage, section titles, -h, and usage errors (exit code 2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    _MESSAGES = (("the following arguments are required:", "缺少参数："),
                 ("unrecognized arguments:", "无法识别的参数："), ("invalid choice:", "无效的选择："),
                 ("expected one argument", "需要一个值"), ("choose from", "可选"),
                 ("invalid int value:", "不是整数："))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        hint = "；文件名以“-”开头时，请在它前面加 -- ，如 xlperf check -- -表.xlsm" if "required" in message else ""
        for english, chinese in self._MESSAGES:
            message = message.replace(english, chinese)
        message = re.sub(r"^argument (\S+): ", r"\1：", message)
        self.exit(EXIT_INPUT, f"{self.prog}: 参数错误：{message}{hint}\n")


#: one or more examples per command, shown at the end of its --help (README shows the same commands)
EXAMPLES = {
    "demo": ["xlperf demo"],
    "check": ["xlperf check 收到的.xlsm", "xlperf check 收到的.xlsm --annotate 已标注.xlsm",
              "xlperf check *.xlsm --format json -o findings.json"],
    "rules": ["xlperf rules"],
    "build-template": ["xlperf build-template"],
    "new": ["xlperf new form.json -o 新.xlsm"],
    "dump": ["xlperf dump 收到的.xlsm -o form.json"],
    "review": ["xlperf review 收件箱/ -o 汇总.xlsx", "xlperf review a.xlsm b.xlsx --format json"],
    "diff": ["xlperf diff 2021.xlsm 2022.xlsm"],
    "export": ["xlperf export 收到的.xlsm -o 报送.xlsx --pdf", "xlperf export --verify 报送.xlsx"],
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

    p = sub.add_parser("demo", epilog=_examples("demo"), help="写出内置示例（2021 高新区科技局）的已填工作簿，校验它，并另存一份标出问题的副本")
    p.add_argument("-o", "--output", help="输出文件或文件夹（默认当前文件夹）")
    p.set_defaults(run=commands.cmd_demo)

    p = sub.add_parser("check", epilog=_examples("check"), help="校验一个或多个工作簿，一次列出全部问题")
    p.add_argument("books", nargs="+", metavar="BOOK", help="工作簿（.xlsm / .xlsx）")
    p.add_argument("--format", choices=("text", "json", "xlsx"), default="text", help="报告格式（默认 %(default)s）")
    p.add_argument("-o", "--output", help="报告写入此文件（xlsx 格式必需；默认打印到屏幕）")
    p.add_argument("--fail-on", default="错误", metavar="LEVEL",
                   help="达到此严重程度（错误/警告/提示）时退出码为 1（默认 %(default)s）")
    p.add_argument("--config", help="TOML 设置文件（阈值、指标体系、规则级别），优先于工作簿“设置”表")
    p.add_argument("--ignore-workbook-settings", action="store_true",
                   help="不采用工作簿“设置”表（按统一标准校验；财政部门审核用）")
    p.add_argument("--annotate", metavar="OUT", help="另存一份在原位置标出问题的工作簿（仅限单个 BOOK）")
    p.add_argument("--in-place", action="store_true", help="直接在 BOOK 上标出问题（原子替换；代替 --annotate）")
    p.set_defaults(run=commands.cmd_check)

    p = sub.add_parser("rules", epilog=_examples("rules"), help="列出全部校验规则（规则目录）")
    p.add_argument("--format", choices=("text", "markdown"), default="text", help="输出格式（默认 %(default)s）")
    p.set_defaults(run=commands.cmd_rules)

    p = sub.add_parser("build-template", epilog=_examples("build-template"), help="生成空白模板 workbook/template.xlsm")
    p.add_argument("-o", "--output", default="workbook/template.xlsm", help="输出路径（默认 %(default)s）")
    p.set_defaults(run=commands.cmd_build_template)

    p = sub.add_parser("new", epilog=_examples("new"), help="用 JSON/YAML 表单数据填写模板，生成工作簿")
    p.add_argument("form", help="表单数据文件（.json / .yaml）")
    p.add_argument("-o", "--output", required=True, help="输出工作簿（.xlsm）")
    p.set_defaults(run=commands.cmd_new)

    p = sub.add_parser("dump", epilog=_examples("dump"), help="读取已填工作簿，导出为 JSON/YAML 表单数据")
    p.add_argument("book", help="工作簿（.xlsm / .xlsx）")
    p.add_argument("-o", "--output", help="输出文件（默认打印到屏幕）")
    p.add_argument("--format", choices=("json", "yaml"), help="输出格式（默认按输出文件扩展名，否则 json）")
    p.set_defaults(run=commands.cmd_dump)

    p = sub.add_parser("review", epilog=_examples("review"), help="财政局批量审核：校验文件夹或多个工作簿，生成汇总表")
    p.add_argument("inputs", nargs="+", metavar="FOLDER_OR_FILE",
                   help="工作簿或文件夹（文件夹中递归查找 .xlsx / .xlsm，以及 .xls / .xlsb / .et / .ods 以便报告"
                        "“无法读取”；其他文件、~$ 锁定文件和隐藏文件跳过；命令行直接给出的文件总是审核）")
    p.add_argument("-o", "--output", help="汇总写入此文件（xlsx 格式必需；json 默认打印到屏幕）")
    p.add_argument("--format", choices=("xlsx", "json"), default="xlsx", help="汇总格式（默认 %(default)s）")
    p.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认全部 CPU 核心）")
    p.add_argument("--fail-on", default="错误", metavar="LEVEL",
                   help="达到此严重程度（错误/警告/提示）的文件记为“需修改”，退出码为 1（默认 %(default)s）")
    p.add_argument("--config", help="TOML 设置文件，优先于各工作簿的“设置”表")
    p.add_argument("--ignore-workbook-settings", action="store_true",
                   help="不采用各工作簿的“设置”表，全部按统一标准校验")
    p.set_defaults(run=commands.cmd_review)

    p = sub.add_parser("diff", epilog=_examples("diff"), help="对比上年与本年的填报：项目与指标的增、删、改")
    p.add_argument("last_year", metavar="LAST_YEAR", help="上年的工作簿")
    p.add_argument("this_year", metavar="THIS_YEAR", help="本年的工作簿")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 %(default)s）")
    p.add_argument("-o", "--output", help="输出文件（默认打印到屏幕）")
    p.set_defaults(run=commands.cmd_diff)

    p = sub.add_parser("export", epilog=_examples("export"), help="导出报送件：不含宏、公式全部换成数值，并加盖校验戳（可另出 PDF）")
    p.add_argument("book", metavar="BOOK", help="工作簿（.xlsm / .xlsx）；与 --verify 一起用时为要核对的报送件")
    p.add_argument("-o", "--output", help="输出的报送件（.xlsx；导出时必需，与 --verify 一起时不用）")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成可打印的 PDF（与输出同名 .pdf）")
    p.add_argument("--verify", action="store_true",
                   help="核对 BOOK（一份报送件）自校验以来内容是否被改动：一致退出码 0，不一致 1")
    p.add_argument("--config", help="TOML 设置文件，优先于工作簿“设置”表")
    p.set_defaults(run=commands.cmd_export)
    return parser


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
