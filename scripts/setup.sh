#!/usr/bin/env bash
# Create .venv and install xlperf into it (idempotent). Sourced by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
extras=${XLPERF_EXTRAS:-}
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
# bytecode compiled once, here, not by the first `xlperf check` of each user (or never, in a read-only install)
.venv/bin/python -m compileall -q -j 0 xlperf
