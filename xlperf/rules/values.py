"""指标值 rules (codes V1xx…): see docs/rules.md."""
from __future__ import annotations
