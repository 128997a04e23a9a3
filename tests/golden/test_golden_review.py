"""The Monday tables byte for byte at 80 columns, in English and Chinese: `review`,
`report lost` and `report calibrate` on the golden store (see ``test_golden``)."""

from __future__ import annotations

import pytest

from tests.golden.test_golden import build_golden, compare, golden_path, pinned
from tests.harness import Funnel

__all__ = ["pinned"]  # the fixture, used by name below

CASES = {
    "review": ["review", "--since", "2026-11-01"],
    "report-lost": ["report", "lost"],
    "report-calibrate": ["report", "calibrate"],
}


@pytest.mark.usefixtures("pinned")
@pytest.mark.parametrize("lang", ("en", "zh"))
@pytest.mark.parametrize("case", list(CASES))
def test_monday_table_matches_its_golden_file(
    funnel: Funnel, from_template, request: pytest.FixtureRequest, case: str, lang: str
) -> None:
    from_template(build_golden)
    result = funnel.using(COLUMNS="80", FUNNEL_LANG=lang)(*CASES[case], "-f", "table")
    assert result.stdout_bytes, "nothing printed"
    for line in result.stdout.splitlines():
        assert len(line) <= 80 or lang == "zh", line
    compare(
        golden_path(case, "table", 80, lang),
        result.stdout_bytes,
        update=request.config.getoption("--update-golden"),
    )
