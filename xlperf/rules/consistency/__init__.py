"""一致性 rules (codes K501–K599): Part 1 (部门整体绩效目标) against Part 2 (项目绩效目标表), and the year across
the form.

Part 1's 二、分项绩效目标 restates, per project, what Part 2's table says: the project's name, what the money is
for, its 绩效目标 and its key 绩效指标. Reviewers read both and ask about every difference. The rules here pair
each Part 1 project with its Part 2 table (``pair_projects``) and then compare what each part says.

Thresholds (documented in the rules' docstrings):
  * ``SIMILAR_RATIO`` = 0.75 — two names or two goal texts whose ``difflib.SequenceMatcher`` ratio (after
    normalisation) is at least this are "the same thing written differently" (e.g. "加强园区建设，推动高新技术企
    业发展" / "加强科技园区建设，推动高新技术企业发展": 0.94); below it they are different things ("提高企业创新能
    力" / "发挥财政资金引导作用，推动双创平台和双创企业不断增强": 0.12). Goals that merely share boilerplate
    ("发挥财政资金引导作用，推动高新技术企业…" / "…推动双创平台…": 0.72) stay below it.
  * ``INDICATOR_COVERAGE`` = 0.6 — a Part 1 indicator line has a counterpart in the table when at least this
    share of its content word pairs (汉字 bigrams, years/numbers/filler words removed) occur in one indicator's
    三级指标/描述/指标值; 0.4 is enough when the line's number also appears in that indicator's value.

Modules, in code order (importing each one declares its rules on ``_shared.registry``):

* ``projects`` — K501–K503, pairing Part 1 projects with Part 2 tables;
* ``goals`` — K504–K506, the 绩效目标;
* ``indicators`` — K507, Part 1 indicator lines;
* ``amounts`` — K508 and K511, the amounts and the 资金用途;
* ``years`` — K509–K510, the year;
* ``copied`` — K512, indicators copied between projects;
* ``workbook_settings`` — K513, the workbook's own settings;
* ``_matching`` — what they share: similar texts, name and goal keys, the project pairs.
"""
# isort: off
from . import projects  # noqa: F401 - K501–K503
from . import goals  # noqa: F401 - K504–K506
from . import indicators  # noqa: F401 - K507
from . import amounts  # noqa: F401 - K508, K511
from . import years  # noqa: F401 - K509–K510
from . import copied  # noqa: F401 - K512
from . import workbook_settings  # noqa: F401 - K513
# isort: on
from ._matching import name_key
from .goals import compare_goals
from .years import year_problems

__all__ = ["compare_goals", "name_key", "year_problems"]
