"""规范性 rules (codes T1xx…): see docs/rules.md."""
from __future__ import annotations
