#!/usr/bin/env bash
# Create .venv and install xlperf into it (idempotent). Sourced by demo.sh and test.sh.
# Reinstalls only when pyproject.toml or the extras changed since the last install (a stamp in .venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
extras=${XLPERF_EXTRAS:-}
stamp=.venv/.xlperf-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1) ${extras}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && .venv/bin/python -c "import xlperf" >/dev/null 2>&1 \
        && ls xlperf/__pycache__/regex-store.*.marshal >/dev/null 2>&1; then
    exit 0  # nothing changed: the editable install already points at this source tree
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
# bytecode compiled once, here, not by the first `xlperf check` of each user (or never, in a read-only install)
.venv/bin/python -m compileall -q -j 0 xlperf
# and the regular expressions, compiled once too (xlperf/text/regex_store.py; a missing store only costs time)
.venv/bin/python -c "from xlperf.text.regex_store import build; build()" || true
echo "$want" > "$stamp"
