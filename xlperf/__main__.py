import sys

try:  # Ctrl-C while Python is still importing the command line is an interruption too, never a traceback
    from .cli import main

    code = main()
except KeyboardInterrupt:
    print("已中断。", file=sys.stderr)
    code = 130
sys.exit(code)
