"""资金 rules (codes M1xx…): see docs/rules.md."""
from __future__ import annotations
