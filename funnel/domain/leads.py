"""Lead fields, their validation, and the state rules (active, lost, dead).

One validator serves ``add``, ``edit`` and ``import``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from funnel.domain.choices import ACTIVE, DEAD, KIND, LOST, PERSONA, STATE
from funnel.domain.dates import parse_date
from funnel.domain.money import parse_money
from funnel.domain.stages import Stage, parse_stage
from funnel.errors import InvalidValue
from funnel.i18n import t

NAME_MAX = 200
TEXT_MAX = 1_000
NOTE_MAX = 10_000

STATES = STATE.keys
KINDS = KIND.keys
PERSONAS = PERSONA.keys
PERSONA_ZH = {key: PERSONA.spellings(key)[0] for key in PERSONAS}

# Plain text fields of a lead and their length limits.
TEXT_FIELDS: dict[str, int] = {
    "company": TEXT_MAX,
    "phone": TEXT_MAX,
    "email": TEXT_MAX,
    "wechat": TEXT_MAX,
    "source": TEXT_MAX,
    "owner": TEXT_MAX,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_NON_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: Any, *, field: str, limit: int, required: bool = False) -> str | None:
    """Stripped text, or None when empty; refuses over-long text and control characters."""
    # a str, the common case, is tested first
    text = value.strip() if value.__class__ is str else "" if value is None else str(value).strip()
    if not text:
        if required:
            raise InvalidValue(t("err.required", field=field))
        return None
    if len(text) > limit:
        raise InvalidValue(t("err.too_long", field=field, limit=limit, length=len(text)))
    if _CONTROL.search(text):
        raise InvalidValue(t("err.control", field=field))
    return text


def normalize_phone(phone: str | None) -> str | None:
    """Digits only, for duplicate checks: '138 0013-8000' → '13800138000'."""
    if not phone:
        return None
    digits = _NON_DIGIT.sub("", phone)
    return digits or None


def normalize_email(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def parse_tag(text: str) -> str:
    tag = clean_text(text, field="tag", limit=TEXT_MAX, required=True)
    assert tag is not None
    return tag


def parse_field(text: str) -> tuple[str, str | None]:
    """``KEY=VALUE`` for a custom field; ``KEY=`` removes it."""
    if "=" not in text:
        raise InvalidValue(t("err.field", value=text))
    key, _, value = text.partition("=")
    clean_key = clean_text(key, field="field", limit=TEXT_MAX, required=True)
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
        clean_key = clean_text(key, field="field", limit=TEXT_MAX, required=True)
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
# Fields whose values repeat down a spreadsheet (an import remembers their checks).
_REPEATING = frozenset(("company", "source", "owner"))


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


def _stage_of(value: Any) -> Stage:
    return parse_stage(str(value))


_TEXT_CHECKS: dict[str, Callable[[Any], str | None]] = {
    field: functools.partial(clean_text, field=field, limit=limit)
    for field, limit in TEXT_FIELDS.items()
}


def validate_lead(
    raw: Mapping[str, Any],
    *,
    today: date,
    partial: bool = False,
    memo: dict[Any, Any] | None = None,
) -> dict[str, Any]:
    """Clean and check the fields of a lead.

    ``raw`` maps field names to user input (text from the command line or a CSV,
    or JSON values). Only keys present are returned; with ``partial`` (edit) a
    missing name is fine. Raises ``InvalidValue`` naming the first bad field.
    ``memo`` (a dict kept across calls with the same ``today``) remembers the
    checks of values that repeat; results are shared, not copied.
    """
    out: dict[str, Any] = {}
    get = raw.get
    if "name" in raw or not partial:
        out["name"] = clean_text(get("name"), field="name", limit=NAME_MAX, required=True)
    for field, limit in TEXT_FIELDS.items():
        if field in raw:
            if field in _REPEATING:
                out[field] = _remembered(memo, field, raw[field], _TEXT_CHECKS[field])
            else:
                out[field] = clean_text(raw[field], field=field, limit=limit)
    phone = out.get("phone")
    if phone is not None and not _DIGIT.search(phone):  # nothing left to compare by
        raise InvalidValue(t("err.phone", value=phone))
    email = out.get("email")
    if email is not None and not _EMAIL.match(email):
        raise InvalidValue(t("err.email", value=email))
    if (value := get("kind")) is not None and value != "":
        out["kind"] = _remembered(memo, "kind", value, KIND.parse)
    elif "kind" in raw:
        out["kind"] = None
    if (value := get("persona")) is not None and value != "":
        out["persona"] = _remembered(memo, "persona", value, PERSONA.parse)
    elif "persona" in raw:
        out["persona"] = None
    if (value := get("value")) is not None and value != "":
        out["value"] = _remembered(memo, "value", value, money_of)
    elif "value" in raw and not partial:
        out["value"] = 0
    if (value := get("stage")) is not None and value != "":
        out["stage"] = _remembered(memo, "stage", value, _stage_of)
    if "note" in raw:
        out["note"] = clean_text(raw["note"], field="note", limit=NOTE_MAX)
    if (value := get("follow_up")) is not None and value != "":
        out["follow_up"] = _remembered(
            memo, "follow_up", value, lambda v: parse_date(str(v), today=today)
        )
    elif "follow_up" in raw:
        out["follow_up"] = None
    if "tags" in raw:
        out["tags"] = _remembered(memo, "tags", raw["tags"], parse_tags)
    if "fields" in raw:
        out["fields"] = _remembered(memo, "fields", raw["fields"], parse_fields)
    return out


# --- states -----------------------------------------------------------------


def check_can_move(state: str, *, lead: str) -> None:
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
        raise InvalidValue(t("err.reopen_dead", lead=lead))


def highest_after(highest: Stage, target: Stage) -> Stage:
    """The highest stage reached never goes down."""
    return max(highest, target)
