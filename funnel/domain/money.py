"""Money as integer cents: parsed from plain decimals, never binary floats."""

from __future__ import annotations

import re
from decimal import Decimal

from funnel.errors import InvalidValue
from funnel.i18n import t

LIMIT_CENTS = 10**15  # 10^13 in whole units
# Digits, with or without thousands separators (groups of three), then at most two
# decimals; or only the decimals.
_MONEY = re.compile(r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]{0,2}))?$|^\.([0-9]{1,2})$")
# A leading currency sign, optionally followed by one space.
_SIGN = re.compile(r"^(?:¥|\$|RMB)[ ]?", re.IGNORECASE)
# Full-width digits, comma, point and yen sign, as a Chinese input method types them.
_WIDE = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "，": ",", "．": ".", "￥": "¥"}
)


def parse_money(text: str | int | Decimal) -> int:
    """Cents from an amount: digits with an optional point and at most two decimals;
    thousands separators (``48,000.00``), a leading ``¥``, ``￥``, ``$`` or ``RMB``
    (perhaps then a space) and full-width digits accepted. Exponents, NaN, negatives
    and amounts from 10^13 on are refused."""
    raw = str(text).strip().translate(_WIDE)
    raw = _SIGN.sub("", raw, count=1)
    m = _MONEY.match(raw)
    if not m:
        raise InvalidValue(t("err.money", value=text))
    whole, frac, only_frac = m.groups()
    if only_frac is not None:
        whole, frac = "0", only_frac
    cents = int(whole.replace(",", "")) * 100 + int((frac or "").ljust(2, "0"))
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


def check_sum(total_cents: int, amount_cents: int, *, what: str, lead: object) -> int:
    """``total_cents`` plus ``amount_cents``, refused unless below the limit: a lead's
    payments (``what`` "paid") and a customer's orders ("orders") sum below 10^13,
    like any amount."""
    new_total = total_cents + amount_cents
    if new_total >= LIMIT_CENTS:
        whole, cents = divmod(new_total, 100)
        total = f"{whole}.{cents:02d}" if cents else str(whole)
        raise InvalidValue(t(f"err.sum.{what}", lead=lead, total=total))
    return new_total


def money_text(value: float | str | None) -> str:
    """An amount as people read money: thousands separators, and the cents as two
    digits when there are some (``10,000``, ``10,000.50``); a value that is not an
    amount comes back as it is; '' for none. Takes a JSON number or the text the
    history keeps."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        cents = int((Decimal(str(value)) * 100).to_integral_value())
    except (ArithmeticError, ValueError):  # not a number, NaN, infinity
        return str(value)
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole:,}" + (f".{part:02d}" if part else "")
