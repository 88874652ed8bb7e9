"""Policy parameter parsing: what a CEO may store is what the law calculations can read."""

import pytest

from ansvar.policy import law
from ansvar.policy.parameters import ParameterError, parse_parameter


def test_a_notice_table_that_parses_is_one_the_law_can_use():
    table = parse_parameter("notice_period_table", "0:2, 5:4")
    assert table == ["0:2", "5:4"]
    assert law.notice_months(5, {"notice_period_table": table}) == 4


@pytest.mark.parametrize("raw", ["0:1,2", "x:1", "0:²", "²:1", "-1:2"])
def test_a_notice_table_row_that_is_not_years_months_is_refused(raw):
    with pytest.raises(ParameterError, match="is not 'years:months'"):
        parse_parameter("notice_period_table", raw)
