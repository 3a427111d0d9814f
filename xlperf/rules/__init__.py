"""Rule families, one module each. Every rule is registered with ``xlperf.checks.rule``; the family modules
are imported explicitly by ``xlperf.checks._load_rules``."""
