"""完整性 rules (codes C1xx…): see docs/rules.md."""
from __future__ import annotations
