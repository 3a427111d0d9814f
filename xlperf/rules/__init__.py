"""The rule catalogue. Every family is listed here, explicitly; each family (a package with one module per code
range, or a single module) declares its rules on ``_shared.registry``.
Families: C 完整性 · V 指标值 · M 资金 · P 进度 · K 一致性 · T 规范性."""
from . import completeness, consistency, hygiene, money, progress, values  # noqa: F401 - each declares its rules
from ._shared import registry

CATALOGUE = registry.rules()
