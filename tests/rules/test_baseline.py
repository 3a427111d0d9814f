"""The baseline form is clean: no rule of any family fires on it."""
from harness import findings_of, good_form


def test_good_form_has_no_findings():
    assert findings_of(good_form()) == []
