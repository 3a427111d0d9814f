"""指标值 rules (codes V2xx): is each 指标值 a real, checkable target of the right shape for its indicator?

Every value cell is parsed once with ``xlperf.values.parse_value`` (comparator, number, unit or qualitative
text). The rules follow a fixed precedence so that one value cell gets one finding about its shape:

1. an empty value is not reported here (完整性 reports it);
2. a placeholder ("文字描述", "XX", "**", "待定" …, or only punctuation such as "、") gets V201 and nothing else;
   stray punctuation at the ends of a value ("≥35家，") is ignored when parsing (规范性 T601 reports it);
3. a bare number (no unit) gets V204 when the indicator is a rate or a satisfaction (it needs "%"), else V203;
4. otherwise the rule of the indicator's category speaks: 数量 V206, 时效 V207, 成本 V208/V209/V210,
   满意度 V211/V212; the generic wording rules V213 (vague), V214 (效益 answered with 是/否) and V222 (质量
   answered with 是/否) only speak for values that no category rule has claimed. V205 (a percentage outside
   0–100) is independent of the category rules.

Rules about the indicator's *placement* (V217–V221) are anchored to the 三级指标 cell, rules about the
确定依据 (V215, V216, and V201 for a placeholder there) to the 依据 cell, so they never share a cell with the
value findings. V202 (one value pasted into every row) is a project-level pattern, anchored once, to the first
row's value cell. When a 成本 indicator is not a cost at all (V221, e.g. "资金完成率"), the 成本 value rules
V208/V209 stay silent for it: the fix is to move or replace the indicator, not to change its value.

Modules, in code order (importing each one declares its rules on ``_shared.registry``):

* ``placeholders`` — V201–V202, placeholders and pasting;
* ``units`` — V203–V205, units and percentages;
* ``shapes`` — V206–V212, the value's shape per category;
* ``vague`` — V213–V214, vague values;
* ``basis`` — V215–V216, the 指标值确定依据;
* ``placement`` — V217–V221, implausible categories;
* ``meaning`` — V222–V224, values that measure the wrong thing;
* ``measurable`` — V225–V230, targets that cannot be checked as written (a 100% floor, a rate of an aim, a
  zero cost, a number in the name, a rule as the value, people counted in households);
* ``kinds`` — V231–V234, indicators that measure something other than their category says (a fund-execution
  measure as a 效益 or 质量, an 经济/生态 效益 with nothing economic or ecological in it, a technical specification
  as a 数量) and one figure pasted into most rows;
* ``misread`` — V235–V240, values and indicators that say something else than they mean (two units, "人/次" for
  人次, the unit's own staff and travel as an output, 质量 rows restating the 数量 rows as "完成率", a 时效 that is
  a span running past the budget year, a 三级 that is a category label or a requirement);
* ``_parsed`` — what they share: each row classified and its value parsed once.
"""
# isort: off
from . import placeholders  # noqa: F401 - V201–V202
from . import units  # noqa: F401 - V203–V205
from . import shapes  # noqa: F401 - V206–V212
from . import vague  # noqa: F401 - V213–V214
from . import basis  # noqa: F401 - V215–V216
from . import placement  # noqa: F401 - V217–V221
from . import meaning  # noqa: F401 - V222–V224
from . import measurable  # noqa: F401 - V225–V230
from . import kinds  # noqa: F401 - V231–V234
from . import misread  # noqa: F401 - V235–V240
# isort: on
