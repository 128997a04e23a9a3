"""Lead ids as people type them and as files carry them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from funnel.errors import InvalidValue
from funnel.i18n import t

ID_DIGITS = 18  # the most digits an id may have: it fits a signed 64-bit integer


def parse_id(text: Any) -> int:
    """A lead id: ASCII digits (surrounding space ignored). Raises ``InvalidValue``."""
    raw = str(text).strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > ID_DIGITS:
        raise InvalidValue(t("err.id", value=text))
    return int(raw)


def parse_ids(texts: Iterable[Any]) -> list[int]:
    """Several lead ids, each once, in the order given."""
    ids: list[int] = []
    for text in texts:
        lead_id = parse_id(text)
        if lead_id not in ids:
            ids.append(lead_id)
    return ids


def parse_file_id(value: Any) -> int | None:
    """The id a file gives a lead (kept when the store is empty): none for an empty
    cell, and never 0, which no store hands out."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    lead_id = parse_id(value)
    if lead_id == 0:
        raise InvalidValue(t("err.id", value=value))
    return lead_id
