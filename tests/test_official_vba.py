"""The official VBA module texts are computed when the sources change, not in every review worker (issue 15):
the committed data file must be what the template's VBA project holds."""
from __future__ import annotations

import json

from xlperf.services import macros


def test_official_vba_file_matches_the_template_sources():
    committed = json.loads(macros.OFFICIAL_VBA_FILE.read_text(encoding="utf-8"))
    assert list(committed.items()) == list(macros.build_official_vba_modules().items()), \
        "out of date: run `python -m xlperf.services.macros` and commit xlperf/data/official_vba.json"
    assert macros.official_vba_modules() == committed
