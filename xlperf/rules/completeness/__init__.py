"""完整性 rules (codes C1xx): nothing required is missing, and the indicator grid is complete and well named.

Code blocks: C101–C109 project fields · C111–C119 Part 1 · C121–C129 资金支出计划 · C131–C139 empty cells of the
indicator grid · C141–C149 一级/二级 names · C151–C159 coverage of the indicator categories · C161– duplicates · C171– what the 绩效目标 says.

Choices shared by several rules (documented once here, repeated in the rules that depend on them):

* A 一级 name that is not recognised but whose suggestion is clear ("、满意度指标" → 满意度指标) is reported once
  (C141) and then *counts as the suggested name* for the 二级 check (C143) and for coverage (C151–C155), so one
  stray character does not also produce "缺少满意度指标".
* Coverage counts a category when any row names it, whatever the row's 一级: a 数量指标 written under 效益指标
  is reported as misplaced (C143), not also as missing (C152). It counts rows with an empty 三级 too, since C134
  already reports those.
* Coverage findings (C151–C155) anchor to the indicator header cell "一级指标": the cell above the first indicator
  row's 一级 cell (if staff leave blank rows between the header and the first indicator, this lands on the blank
  row just above the first indicator). A project with no indicators at all gets C131 only (anchored to its
  绩效目标 cell), not five coverage findings.
* A row that holds only 一级/二级 labels (no 三级, 描述, 指标值 or 依据) is reported once, as an empty 三级 (C134),
  not also as an empty 指标值 and 依据.

Modules, in code order (importing each one declares its rules on ``_shared.registry``):

* ``project_fields`` — C101–C107, the project's own fields;
* ``part1`` — C111–C115, Part 1 (部门整体绩效目标);
* ``plan`` — C121–C126, the 资金支出计划;
* ``indicators`` — C131–C136, empty cells of the indicator grid;
* ``levels`` — C141–C143, the 一级/二级 names;
* ``coverage`` — C151–C155, coverage of the indicator categories, and C161, duplicated 三级指标;
* ``goals`` — C171–C173, a 绩效目标 that says nothing to check (a stock phrase, only where the money goes, or only
  how far the work gets);
* ``_helpers`` — what several of them share (sources, category names, blank cells, effective 一级/二级).
"""
# isort: off
from . import project_fields  # noqa: F401 - C101–C107
from . import part1  # noqa: F401 - C111–C115
from . import plan  # noqa: F401 - C121–C126
from . import indicators  # noqa: F401 - C131–C136
from . import levels  # noqa: F401 - C141–C143
from . import coverage  # noqa: F401 - C151–C155, C161
from . import goals  # noqa: F401 - C171–C173
# isort: on
