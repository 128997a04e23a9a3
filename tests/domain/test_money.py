"""Money typed by a user: integer cents, refusals, and JSON numbers."""

from __future__ import annotations

from decimal import Decimal

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
        ("1,000", 100_000),
        ("48,000.00", 4_800_000),
        ("1,234,567.8", 123_456_780),
        ("¥48000", 4_800_000),
        ("￥8,000", 800_000),
        ("$ 10.05", 1005),
        ("RMB 12,000.50", 1_200_050),
        ("RMB12", 1200),
        ("１２", 1200),
        ("４８，０００．５", 4_800_050),
        (" ¥ 1 ", 100),
    ],
)
def test_money(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    "text",
    [
        "-1",
        "1e3",
        "1.234",
        "abc",
        "",
        "10000000000000",
        "10,000,000,000,000",
        "NaN",
        "inf",
        " ",
        "0x10",
        "1,00",
        "1000,000",
        ",100",
        "100,",
        "¥-5",
        "-¥5",
        "¥¥5",
        "¥  5",
        "€5",
        "５e３",
        "1,000.001",
        "¥",
        "1²",
    ],
)
def test_bad_money_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_money(text)


@given(st.integers(0, 10**15 - 1))
def test_money_round_trips_through_json_numbers(cents: int) -> None:
    number = to_number(cents)
    assert parse_money(str(number) if isinstance(number, int) else f"{number:.2f}") == cents


_WIDE = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(
    st.integers(0, 10**15 - 1),
    st.sampled_from(["", "¥", "￥", "$", "RMB", "¥ ", "￥ ", "$ ", "RMB "]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_any_amount_as_a_spreadsheet_writes_it_parses_back(
    cents: int, sign: str, separators: bool, wide: bool, always_cents: bool
) -> None:
    """Thousands separators, a currency sign and full-width digits give back the same
    amount, to the cent."""
    whole, part = divmod(cents, 100)
    text = f"{whole:,}" if separators else str(whole)
    if part or always_cents:
        text += f".{part:02d}"
    if wide:
        text = text.translate(_WIDE)
    assert parse_money(sign + text) == cents
    assert Decimal(parse_money(sign + text)) / 100 == Decimal(cents) / 100


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
