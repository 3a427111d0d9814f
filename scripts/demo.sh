#!/usr/bin/env bash
# Quick start, command 1: set up and run `xlperf demo` on the bundled example (writes it into ./demo/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p demo
.venv/bin/xlperf demo -o demo/
