"""资金 rules (codes M3xx): the money adds up — the funding breakdown, the project's amounts, and the
arithmetic written in the funding texts.

Amounts are in 万元, the unit of the forms. Tolerance everywhere: ``calc.within_tolerance`` (0.5 % of the
stated amount or 50 元, for rounding in prose).

Modules, in code order (importing each one declares its rules on ``_shared.registry``):

* ``breakdown`` — M301–M303, the funding breakdown (补助测算);
* ``arithmetic`` — M304–M307, arithmetic written in the funding texts;
* ``amounts`` — M308–M311, the project's amounts;
* ``quantities`` — M312, 数量指标 against the breakdown;
* ``totals`` — M313–M314, “其中” parts against their total, a 成本指标 that repeats the total;
* ``_helpers`` — what they share: amounts, 补助测算 lines read as the workbook reads them, gaps, labels.
"""
# isort: off
from . import breakdown  # noqa: F401 - M301–M303
from . import arithmetic  # noqa: F401 - M304–M307
from . import amounts  # noqa: F401 - M308–M311
from . import quantities  # noqa: F401 - M312
from . import totals  # noqa: F401 - M313–M314
# isort: on
