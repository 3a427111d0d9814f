"""进度 rules (codes P1xx…): see docs/rules.md."""
from __future__ import annotations
