"""Phones compared by their digits, China's country code dropped before a mobile
number: for duplicates, ``--search`` and ``dupes``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funnel.domain.leads import normalize_phone, phone_search


@pytest.mark.parametrize(
    "phone,digits",
    [
        ("+86 139-1000-2000", "13910002000"),
        ("139 1000 2000", "13910002000"),
        ("0086 13910002000", "13910002000"),
        ("8613910002000", "13910002000"),
        ("(+86) 139 1000 2000", "13910002000"),
        ("１３９１０００２０００", "13910002000"),  # full-width digits
        ("+86 10 6552 9988", "861065529988"),  # a landline keeps its code: not a mobile
        ("86 23910002000", "8623910002000"),  # 11 digits, but not a mobile
        ("+1 415 555 0100", "14155550100"),
        ("ext. -", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_phone(phone: str | None, digits: str | None) -> None:
    assert normalize_phone(phone) == digits


mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
separators = st.sampled_from(["", " ", "-", " - ", "."])


@given(mobiles, st.sampled_from(["", "+86", "+86 ", "0086", "0086-", "86", "(+86) "]), separators)
def test_every_spelling_of_a_mobile_is_its_11_digits(mobile: str, prefix: str, sep: str) -> None:
    spelled = prefix + sep.join((mobile[:3], mobile[3:7], mobile[7:]))
    assert normalize_phone(spelled) == mobile


@given(st.text(max_size=30))
def test_normalize_phone_keeps_only_ascii_digits(text: str) -> None:
    digits = normalize_phone(text)
    assert digits is None or (digits.isascii() and digits.isdigit())


@pytest.mark.parametrize(
    "text,digits",
    [
        ("13910002000", "13910002000"),
        ("+86 139-1000-2000", "13910002000"),
        ("1000 2", "10002"),
        ("1000", None),  # fewer than five digits: text only
        ("张伟 139", None),  # not written like a phone number
        ("", None),
    ],
)
def test_phone_search(text: str, digits: str | None) -> None:
    assert phone_search(text) == digits
