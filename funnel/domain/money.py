"""Money as integer cents: parsed from plain decimals, never binary floats."""

from __future__ import annotations

import re
from decimal import Decimal

from funnel.errors import InvalidValue
from funnel.i18n import t

LIMIT_CENTS = 10**15  # 10^13 in whole units
_MONEY = re.compile(r"^([0-9]+)(?:\.([0-9]{0,2}))?$|^\.([0-9]{1,2})$")


def parse_money(text: str | int | Decimal) -> int:
    """Cents from a plain decimal: digits, optional point, at most two decimals."""
    raw = str(text).strip()
    m = _MONEY.match(raw)
    if not m:
        raise InvalidValue(t("err.money", value=text))
    whole, frac, only_frac = m.groups()
    if only_frac is not None:
        whole, frac = "0", only_frac
    cents = int(whole) * 100 + int((frac or "").ljust(2, "0"))
    if cents >= LIMIT_CENTS:
        raise InvalidValue(t("err.money", value=text))
    return cents


def to_number(cents: int | None) -> int | float | None:
    """Cents as a JSON number: an integer when whole, else a two-decimal number."""
    if cents is None:
        return None
    if cents % 100 == 0:
        return cents // 100
    return float(Decimal(cents) / 100)
