"""一致性 rules (codes K1xx…): see docs/rules.md."""
from __future__ import annotations
