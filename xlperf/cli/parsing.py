"""argparse in Chinese: usage, section titles, -h, and usage errors (exit code 2)."""
from __future__ import annotations

import argparse
import re
import sys

EXIT_INPUT = 2


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
