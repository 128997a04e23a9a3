"""Checking what people give for a lead's fields, and the state rules (active, lost,
dead). The fields themselves are declared in ``fields``.

One validator serves ``add``, ``edit`` and ``import``.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from funnel.domain.choices import ACTIVE, DEAD, KIND, LOST, PERSONA, STATE
from funnel.domain.dates import parse_date
from funnel.domain.fields import ENTRY, FIELD_NAME_MAX, FIELDS, TEXT_MAX, Field, Kind
from funnel.domain.money import parse_money
from funnel.domain.stages import Stage, parse_stage
from funnel.domain.text import CONTROL, CONTROL_IN_NOTE, lines_of
from funnel.errors import InvalidValue
from funnel.i18n import t

STATES = STATE.keys
KINDS = KIND.keys
PERSONAS = PERSONA.keys
PERSONA_ZH = {key: PERSONA.spellings(key)[0] for key in PERSONAS}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_NON_DIGIT = re.compile(r"\D", re.ASCII)  # other scripts' digits are not phone digits
_DIGIT = re.compile(r"\d", re.ASCII)


def clean_text(
    value: Any, *, field: str, limit: int, required: bool = False, lines: bool = False
) -> str | None:
    """Stripped text, or None when empty; refuses over-long text and control characters
    (with ``lines``, a note: newlines and tabs are fine, and a CR is a newline)."""
    return _clean(field, limit, required, lines, value)


def _clean(field: str, limit: int, required: bool, lines: bool, value: Any) -> str | None:
    # the value comes last: ``functools.partial`` binds the rest (see ``text_check``)
    # a str, the common case, is tested first
    text = value.strip() if value.__class__ is str else "" if value is None else str(value).strip()
    if not text:
        if required:
            raise InvalidValue(t("err.required", field=field))
        return None
    # printable text has no control characters: the common case skips the search
    if not text.isprintable():
        if lines:
            text = lines_of(text)
        if (CONTROL_IN_NOTE if lines else CONTROL).search(text):
            raise InvalidValue(t("err.control", field=field))
    if len(text) > limit:
        raise InvalidValue(t("err.too_long", field=field, limit=limit, length=len(text)))
    return text


def check_text(
    value: str | None, *, field: str, limit: int = TEXT_MAX, lines: bool = False
) -> str | None:
    """Text checked but kept as it is (a filter such as ``--owner``, or a row of a
    backup): within ``limit``, no control characters (but for a note's, ``lines``)."""
    if value is None:
        return None
    if len(value) > limit:
        raise InvalidValue(t("err.too_long", field=field, limit=limit, length=len(value)))
    if not value.isprintable() and (CONTROL_IN_NOTE if lines else CONTROL).search(value):
        raise InvalidValue(t("err.control", field=field))
    return value


# China's country code before an 11-digit mobile number (which starts with 1).
_CHINA_MOBILE = re.compile(r"(?:0086|86)(1\d{10})", re.ASCII)
# What a search that is a phone number holds: digits, spaces and + - ( ) . only.
_PHONE_LIKE = re.compile(r"[\d\s+\-().]+", re.ASCII)
PHONE_SEARCH_DIGITS = 5  # a search of this many digits or more also looks in phones


def normalize_phone(phone: str | None) -> str | None:
    """Digits only, with China's country code dropped before a mobile number, for
    duplicate checks and searches: '+86 139-1000-2000' and '139 1000 2000' →
    '13910002000'. Full-width digits count as digits."""
    if not phone:
        return None
    digits = _NON_DIGIT.sub("", unicodedata.normalize("NFKC", phone))
    mobile = _CHINA_MOBILE.fullmatch(digits)
    return (mobile.group(1) if mobile else digits) or None


def phone_search(text: str | None) -> str | None:
    """The normalised digits a ``--search`` looks for in phones: ``text`` written like a
    phone number, with at least five digits; otherwise None."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    if not _PHONE_LIKE.fullmatch(text):
        return None
    digits = normalize_phone(text)
    return digits if digits and len(digits) >= PHONE_SEARCH_DIGITS else None


def normalize_email(email: str | None) -> str | None:
    return email.strip().lower() if email else None


_NORMALIZERS: dict[Kind, Callable[[str | None], str | None]] = {
    Kind.PHONE: normalize_phone,
    Kind.EMAIL: normalize_email,
}
# (arg, column, normalise) for each copy duplicates are found by: phone_norm, email_norm.
NORMALIZED = tuple((f.arg, f.norm, _NORMALIZERS[f.kind]) for f in FIELDS if f.norm is not None)


def normalized(values: Mapping[str, Any]) -> dict[str, str | None]:
    """The normalised copies of the values given by their args, by column."""
    return {column: normalize(values.get(arg)) for arg, column, normalize in NORMALIZED}


def text_check(f: Field) -> Callable[[Any], str | None]:
    """``clean_text`` for a text field, with its name, limit and whether it is required."""
    assert f.limit is not None
    return functools.partial(_clean, f.arg, f.limit, f.required, f.kind is Kind.NOTE)


def parse_tag(text: str) -> str:
    tag = clean_text(text, field="tag", limit=TEXT_MAX, required=True)
    assert tag is not None
    return tag


def parse_field(text: str) -> tuple[str, str | None]:
    """``KEY=VALUE`` for a custom field; ``KEY=`` removes it."""
    if "=" not in text:
        raise InvalidValue(t("err.field", value=text))
    key, _, value = text.partition("=")
    clean_key = clean_text(key, field="field", limit=FIELD_NAME_MAX, required=True)
    assert clean_key is not None
    return clean_key, clean_text(value, field=clean_key, limit=TEXT_MAX)


def parse_tags(value: Any) -> list[str]:
    """Tags from a list, or from text separated by commas or semicolons."""
    if value is None or value == "":
        return []
    items: Iterable[Any] = (
        value if isinstance(value, list | tuple) else re.split(r"[,;，；]", str(value))
    )
    tags: list[str] = []
    for item in items:
        if str(item).strip():
            tag = parse_tag(str(item))
            if tag not in tags:
                tags.append(tag)
    return tags


def parse_fields(value: Any) -> dict[str, str]:
    """Custom fields from a mapping or from a JSON object in text."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidValue(t("err.fields_json")) from None
    if not isinstance(value, Mapping):
        raise InvalidValue(t("err.fields_json"))
    fields: dict[str, str] = {}
    for key, item in value.items():
        clean_key = clean_text(key, field="field", limit=FIELD_NAME_MAX, required=True)
        text = clean_text(item, field=str(key), limit=TEXT_MAX)
        if clean_key and text is not None:
            fields[clean_key] = text
    return fields


def money_of(value: Any) -> int:
    """Cents from user text or a JSON number (ints and exact decimals only)."""
    if isinstance(value, bool):
        raise InvalidValue(t("err.money", value=value))
    if isinstance(value, float):
        value = Decimal(repr(value))
    return parse_money(value if isinstance(value, str) else str(value))


MEMO_MAX = 50_000


def _remembered(
    memo: dict[Any, Any] | None, field: str, value: Any, parse: Callable[[Any], Any]
) -> Any:
    """``parse(value)``, remembered per (field, value) in ``memo`` when one is given:
    an import checks the same company, stage or owner thousands of times. Refusals
    are not remembered; they raise every time."""
    if memo is not None and value.__class__ is str:  # a spreadsheet cell: the common case
        key = (field, value)
        try:
            return memo[key]
        except KeyError:
            result = parse(value)
            if len(memo) < MEMO_MAX:
                memo[key] = result
            return result
    if memo is None or isinstance(value, bool):  # True == 1: never mistaken for it
        return parse(value)
    key = (field, value)
    try:
        return memo[key]
    except KeyError:
        pass
    except TypeError:  # a JSON list or object: not hashable, checked each time
        return parse(value)
    result = parse(value)
    if len(memo) < MEMO_MAX:
        memo[key] = result
    return result


def _date_of(today: date) -> Callable[[Any], date]:
    return lambda value: parse_date(str(value), today=today)


_ABSENT = object()  # an empty value gives no key at all
_PARSERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.STAGE: parse_stage,
    Kind.MONEY: money_of,
    Kind.TAGS: parse_tags,
    Kind.FIELDS: parse_fields,
}
_FORMATS: dict[Kind, tuple[Callable[[str], Any], str]] = {
    Kind.PHONE: (_DIGIT.search, "err.phone"),  # something left to compare by
    Kind.EMAIL: (_EMAIL.match, "err.email"),
}
# The fields people give, checked in this order so that a bad lead is refused naming the
# same field every time: text as typed, then the formats of phone and email, then the
# values read from text, then tags and custom fields.
_TEXTS = tuple(
    (f.arg, text_check(f), f.repeats, f.required)
    for f in ENTRY
    if f.kind in (Kind.TEXT, Kind.PHONE, Kind.EMAIL)
)
_FORMAT_CHECKS = tuple((f.arg, *_FORMATS[f.kind]) for f in ENTRY if f.kind in _FORMATS)
_VALUES = tuple(
    f for f in ENTRY if f.kind in (Kind.CHOICE, Kind.MONEY, Kind.STAGE, Kind.NOTE, Kind.DATE)
)
_SETS = tuple((f.arg, _PARSERS[f.kind]) for f in ENTRY if f.kind in (Kind.TAGS, Kind.FIELDS))


def _value_check(f: Field, today: date) -> Callable[[Any], Any]:
    if f.kind is Kind.CHOICE:
        assert f.choice is not None
        return f.choice.parse
    if f.kind is Kind.NOTE:
        return text_check(f)
    if f.kind is Kind.DATE:
        return _date_of(today)
    return _PARSERS[f.kind]


def _when_empty(f: Field, *, partial: bool) -> Any:
    """What an empty value gives: nothing for a stage (it stays), a deal value of 0
    for a new lead (nothing for an edit), else None (the field is cleared)."""
    if f.kind is Kind.STAGE or (f.kind is Kind.MONEY and partial):
        return _ABSENT
    return 0 if f.kind is Kind.MONEY else None


@functools.lru_cache(maxsize=16)
def _value_checks(today: date, partial: bool) -> tuple[tuple[str, Any, bool, Any], ...]:
    """(arg, parse, remembered, what an empty value gives) per value field."""
    return tuple(
        (f.arg, _value_check(f, today), f.repeats, _when_empty(f, partial=partial)) for f in _VALUES
    )


def validate_lead(
    raw: Mapping[str, Any],
    *,
    today: date,
    partial: bool = False,
    memo: dict[Any, Any] | None = None,
) -> dict[str, Any]:
    """Clean and check the fields of a lead.

    ``raw`` maps field args (``fields.ENTRY``) to user input (text from the command
    line or a CSV, or JSON values). Only keys present are returned; with ``partial``
    (edit) a missing name is fine. Raises ``InvalidValue`` naming the first bad field.
    ``memo`` (a dict kept across calls with the same ``today``) remembers the
    checks of values that repeat; results are shared, not copied.
    """
    out: dict[str, Any] = {}
    _check_texts(raw, out, partial, memo)
    for arg, ok, message in _FORMAT_CHECKS:
        text = out.get(arg)
        if text is not None and not ok(text):
            raise InvalidValue(t(message, value=text))
    _check_values(raw, out, _value_checks(today, partial), memo)
    for arg, parse in _SETS:
        if arg in raw:
            out[arg] = _remembered(memo, arg, raw[arg], parse)
    return out


# The two loops below run for every row of an import: a value checked before is
# looked up here, saving a call of ``_remembered``.


def _check_texts(
    raw: Mapping[str, Any], out: dict[str, Any], partial: bool, memo: dict[Any, Any] | None
) -> None:
    for arg, check, repeats, required in _TEXTS:
        if arg in raw:
            value = raw[arg]
            if not repeats:
                out[arg] = check(value)
                continue
            known = memo.get((arg, value), _ABSENT) if memo and value.__class__ is str else _ABSENT
            out[arg] = _remembered(memo, arg, value, check) if known is _ABSENT else known
        elif required and not partial:
            out[arg] = check(None)


def _check_values(
    raw: Mapping[str, Any],
    out: dict[str, Any],
    checks: tuple[tuple[str, Any, bool, Any], ...],
    memo: dict[Any, Any] | None,
) -> None:
    for arg, parse, repeats, empty in checks:
        if arg not in raw:
            continue
        value = raw[arg]
        if value is None or value == "":
            if empty is not _ABSENT:
                out[arg] = empty
        elif not repeats:
            out[arg] = parse(value)
        else:
            known = memo.get((arg, value), _ABSENT) if memo and value.__class__ is str else _ABSENT
            out[arg] = _remembered(memo, arg, value, parse) if known is _ABSENT else known


# --- states -----------------------------------------------------------------


def check_can_move(state: str, *, lead: str) -> None:
    """Only active leads move. A lost lead is won back first (``reopen``); a dead lead
    is final: nothing brings it back, so it is never told to reopen."""
    if state == DEAD:
        raise InvalidValue(t("err.dead_final", lead=lead))
    if state != ACTIVE:
        raise InvalidValue(t("err.not_active", lead=lead, state=t(f"state.{state}")))


def next_state_on_lose(state: str, *, final: bool, lead: str) -> str:
    """``lose`` takes an active lead to lost (or dead with ``final``); lost may go dead."""
    if state == DEAD:
        raise InvalidValue(t("err.already_dead", lead=lead))
    if state == LOST and not final:
        raise InvalidValue(t("err.already_lost", lead=lead))
    return DEAD if final else LOST


def check_can_reopen(state: str, *, lead: str) -> None:
    if state == ACTIVE:
        raise InvalidValue(t("err.reopen_active", lead=lead))
    if state == DEAD:
        raise InvalidValue(t("err.dead_reopen", lead=lead))


def highest_after(highest: Stage, target: Stage) -> Stage:
    """The highest stage reached never goes down."""
    return max(highest, target)
