"""Lead ids as people type them and as files carry them."""

from __future__ import annotations

import pytest

from funnel.domain.ids import parse_file_id, parse_id, parse_ids
from funnel.errors import InvalidValue


@pytest.mark.parametrize("text,lead_id", [("12", 12), (" 7 ", 7), ("0", 0), (3, 3), ("0012", 12)])
def test_ids(text: object, lead_id: int) -> None:
    assert parse_id(text) == lead_id


@pytest.mark.parametrize("text", ["", "x1", "-1", "1.0", "١٢", "1" * 19, "+3"])
def test_not_ids(text: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_id(text)
    assert caught.value.message == f"'{text}' is not a lead id"


def test_several_ids_each_once_in_order() -> None:
    assert parse_ids(["3", "1", " 3", "2"]) == [3, 1, 2]


@pytest.mark.parametrize(
    "value,lead_id", [(None, None), ("", None), (True, None), ("5", 5), (9, 9)]
)
def test_file_ids(value: object, lead_id: int | None) -> None:
    assert parse_file_id(value) == lead_id


@pytest.mark.parametrize("value", [0, "0", "abc", "1" * 19, 1.5])
def test_file_ids_refused(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_file_id(value)
    assert caught.value.message == f"'{value}' is not a lead id"
