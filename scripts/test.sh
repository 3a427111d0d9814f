#!/usr/bin/env bash
# Quick start, command 2: install everything the tests need (Python packages in .venv; LibreOffice, CJK fonts,
# poppler and Chromium with its driver from Debian when missing) and run the whole test suite. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || need+=(libreoffice-script-provider-python python3-uno)  # UNO tests
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)  # the upload page in a real browser (selenium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)  # no -q: an early exit would SIGPIPE fc-list under pipefail
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "Installing Debian packages: ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
XLPERF_EXTRAS="[test]" bash scripts/setup.sh
export XLPERF_REQUIRE_LIBREOFFICE=1 XLPERF_REQUIRE_BROWSER=1  # the real clients: never pass by skipping them
exec .venv/bin/python -m pytest "$@"
