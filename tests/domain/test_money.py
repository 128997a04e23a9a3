"""Money typed by a user: integer cents, refusals, and JSON numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funnel.domain.money import check_sum, parse_money, to_number
from funnel.errors import InvalidValue


@pytest.mark.parametrize(
    "text,cents",
    [
        ("0", 0),
        ("48000", 4_800_000),
        ("1299.5", 129_950),
        ("1299.50", 129_950),
        ("0.01", 1),
        ("9999999999999.99", 10**15 - 1),
        ("12.", 1200),
        (".5", 50),
    ],
)
def test_money(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    "text",
    ["-1", "1e3", "1.234", "abc", "", "10000000000000", "1,000", "NaN", "inf", " ", "0x10", "１２"],
)
def test_bad_money_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_money(text)


@given(st.integers(0, 10**15 - 1))
def test_money_round_trips_through_json_numbers(cents: int) -> None:
    number = to_number(cents)
    assert parse_money(str(number) if isinstance(number, int) else f"{number:.2f}") == cents


def test_sums_stay_below_the_limit() -> None:
    assert check_sum(10**15 - 2, 1, what="paid", lead=7) == 10**15 - 1
    with pytest.raises(InvalidValue) as caught:
        check_sum(10**15 - 1, 1, what="paid", lead=7)
    assert (
        caught.value.message
        == "lead 7's payments would sum to 10000000000000 (they must stay below 10^13)"
    )
    with pytest.raises(InvalidValue) as caught:
        check_sum(5 * 10**14, 5 * 10**14 + 1, what="orders", lead=3)
    assert caught.value.message.startswith("lead 3's orders would sum to 10000000000000.01")


def test_money_text_writes_amounts_as_people_read_money() -> None:
    from funnel.domain.money import money_text

    assert money_text(10000) == "10,000" and money_text(10000.5) == "10,000.50"
    assert money_text("48000.5") == "48,000.50" and money_text("12800") == "12,800"
    assert (
        money_text(0.05) == "0.05" and money_text(0) == "0" and money_text(-1234.5) == "-1,234.50"
    )
    assert money_text(None) == "" and money_text("n/a") == "n/a" and money_text("NaN") == "NaN"
