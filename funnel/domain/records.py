"""Leads arriving from a file: header names and their Chinese aliases, and the checks
for what an import may carry beyond the options of ``add`` (state, payments made,
dates of record). Pure rules, stdlib only; ``validate_lead`` does the shared part.

An imported stage is a fact about the past, not a move: gates are not checked, the
lead simply starts at that stage (its highest stage reached is at least that stage).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from funnel.domain import leads as rules
from funnel.domain.choices import STATE
from funnel.domain.dates import iso_day, local_date, parse_file_date, parse_timestamp
from funnel.domain.ids import parse_file_id
from funnel.domain.stages import Stage, parse_stage
from funnel.errors import InvalidValue
from funnel.i18n import t

# Canonical key → accepted header names besides the key itself (matched case-insensitively,
# with spaces and hyphens read as underscores). The Chinese ones follow the table headers.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("编号", "客户编号"),
    "name": ("姓名", "名称", "客户名称", "客户姓名"),
    "company": ("公司", "公司名称", "单位", "企业"),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系电话", "mobile", "tel"),
    "email": ("邮箱", "电子邮件", "电子邮箱", "e_mail", "mail"),
    "wechat": ("微信", "微信号", "weixin"),
    "source": ("来源", "渠道", "客户来源"),
    "owner": ("负责人", "销售", "业务员", "跟进人"),
    "kind": ("类型", "客户类型"),
    "persona": ("性格", "性格类型"),
    "value": ("金额", "成交金额", "预计金额", "deal_value"),
    "stage": ("阶段", "客户阶段"),
    "state": ("状态",),
    "highest_stage": ("最高阶段", "highest"),
    "tags": ("标签", "tag"),
    "fields": ("自定义字段",),
    "contract_sent_on": ("合同发送", "合同发送日期", "contract_sent"),
    "paid": ("已付", "已付款", "已收款"),
    "next_follow_up": ("下次跟进", "下次跟进日期", "follow_up"),
    "follow_note": ("跟进备注",),
    "lost_reason": ("流失原因",),
    "lost_stage": ("流失阶段",),
    "created_at": ("创建时间", "创建日期", "created"),
    "updated_at": ("更新时间", "updated"),
    "note": ("备注",),
    # bookkeeping an export carries so a restore is exact
    "created_on": (),
    "touched_at": (),
    "stage_entered_at": (),
    "won_on": (),
    "lost_on": (),
}
_BY_HEADER: dict[str, str] = {}
for _key, _names in ALIASES.items():
    _BY_HEADER[_key] = _key
    for _name in _names:
        _BY_HEADER[_name] = _key

FIELD_PREFIXES = ("fields.", "field.", "自定义字段.")


def header_key(header: str) -> str:
    """The canonical key for a header name; unknown names become custom fields."""
    raw = header.strip().lstrip("\ufeff").strip()
    low = raw.lower()
    for prefix in FIELD_PREFIXES:
        if low.startswith(prefix) and len(raw) > len(prefix):
            return "fields." + raw[len(prefix) :].strip()
    key = _BY_HEADER.get(re.sub(r"[\s\-]+", "_", low))
    return key if key is not None else "fields." + raw


def map_headers(headers: Iterable[str]) -> list[str]:
    """Keys for a CSV header row; refuses blank, repeated or missing-name headers."""
    keys: list[str] = []
    where: dict[str, str] = {}
    for header in headers:
        if not header.strip().lstrip("\ufeff").strip():
            keys.append("")  # an unnamed column must stay empty, checked per row
            continue
        key = header_key(header)
        if key in where:
            raise InvalidValue(
                t("err.import_header_twice", first=where[key], second=header.strip(), name=key)
            )
        where[key] = header.strip()
        keys.append(key)
    if "name" not in where:
        raise InvalidValue(t("err.import_no_name"))
    return keys


# Most rows of an import share one creation moment: its local day is worked out once.
_local_day = functools.lru_cache(maxsize=1024)(local_date)


def _stage_or_none(value: Any) -> Stage | None:
    return None if value in (None, "") else parse_stage(str(value))


@dataclass
class LeadRecord:
    """One lead from a file: the lead table's columns (no id yet), its tags, and
    the validated values an update would apply."""

    values_row: tuple[Any, ...]  # the lead table's columns in ``ROW_KEYS`` order
    tags: list[str]
    values: dict[str, Any]
    file_id: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def row(self) -> dict[str, Any]:
        """The lead table's columns by name."""
        return dict(zip(ROW_KEYS, self.values_row, strict=True))

    def given(self) -> set[str]:
        """The keys the file gave a value for (an empty cell gives none)."""
        return {k for k, v in self.raw.items() if v is not None and v != "" and v != [] and v != {}}


# The lead table's columns a record fills, in this order (the id comes from the store).
ROW_KEYS = (
    "name",
    "company",
    "phone",
    "phone_norm",
    "email",
    "email_norm",
    "wechat",
    "source",
    "owner",
    "kind",
    "persona",
    "value_cents",
    "paid_cents",
    "stage",
    "highest_stage",
    "state",
    "contract_sent_on",
    "next_follow_up",
    "follow_note",
    "lost_reason",
    "lost_stage",
    "note",
    "fields",
    "created_at",
    "created_on",
    "updated_at",
    "touched_at",
    "stage_entered_at",
    "won_on",
    "lost_on",
)
# What ``validate_lead`` checks, under the names it takes.
_SHARED = (
    "name",
    "company",
    "phone",
    "email",
    "wechat",
    "source",
    "owner",
    "kind",
    "persona",
    "value",
    "stage",
    "note",
    "tags",
    "fields",
)


# Dates of record an export (or a careful spreadsheet) carries.
_OF_RECORD = frozenset(
    (
        "created_at",
        "updated_at",
        "touched_at",
        "stage_entered_at",
        "created_on",
        "won_on",
        "lost_on",
        "contract_sent_on",
    )
)


def _given(raw: Mapping[str, Any], key: str) -> Any:
    value = raw.get(key)
    return None if value == "" else value


def parse_record(
    raw: Mapping[str, Any],
    *,
    now: datetime,
    default_owner: str | None = None,
    memo: dict[Any, Any] | None = None,
) -> LeadRecord:
    """Check one lead from a file and build its row. Raises ``InvalidValue``.
    ``memo`` is handed to ``validate_lead`` (one dict for the whole file)."""
    today = now.date()
    shared = {k: raw[k] for k in _SHARED if k in raw}
    if default_owner and raw.get("owner") in (None, ""):
        shared["owner"] = default_owner
    if "next_follow_up" in raw:
        follow = raw["next_follow_up"]
        shared["follow_up"] = iso_day(follow) if isinstance(follow, str) else follow
    values = rules.validate_lead(shared, today=today, memo=memo)
    stage: Stage = values.get("stage", Stage.POTENTIAL)
    highest = _stage_or_none(raw.get("highest_stage")) or stage
    if highest < stage:
        raise InvalidValue(t("err.import_highest", highest=highest.label, stage=stage.label))
    state = rules.ACTIVE
    lost_reason = lost_stage = None
    if state_text := raw.get("state"):
        state = STATE.parse(state_text)
        if state != rules.ACTIVE:
            lost_reason = rules.clean_text(
                raw.get("lost_reason"), field="lost_reason", limit=rules.TEXT_MAX
            )
            lost_stage = _stage_or_none(raw.get("lost_stage")) or stage
    created_at = updated_at = touched_at = entered_at = now
    created_on = won_on = lost_on = contract_on = None
    if not _OF_RECORD.isdisjoint(raw):
        created_at = parse_timestamp(_given(raw, "created_at"), field_name="created_at") or now
        if created_at > now:
            raise InvalidValue(t("err.future", field="created_at", value=raw.get("created_at")))
        updated_at = (
            parse_timestamp(_given(raw, "updated_at"), field_name="updated_at") or created_at
        )
        touched_at = (
            parse_timestamp(_given(raw, "touched_at"), field_name="touched_at") or updated_at
        )
        entered_at = (
            parse_timestamp(_given(raw, "stage_entered_at"), field_name="stage_entered_at")
            or created_at
        )
        created_on = parse_file_date(_given(raw, "created_on"), today=today)
        won_on = parse_file_date(_given(raw, "won_on"), today=today)
        lost_on = parse_file_date(_given(raw, "lost_on"), today=today)
        contract_on = parse_file_date(_given(raw, "contract_sent_on"), today=today)
    if highest is Stage.FORMAL and won_on is None:
        won_on = _local_day(entered_at if stage is Stage.FORMAL else created_at)
    if state != rules.ACTIVE and lost_on is None:
        # a spreadsheet says a lead is lost but not since when: its last update
        lost_on = _local_day(updated_at)
    paid = _given(raw, "paid")
    get = values.get
    phone, email = get("phone"), get("email")
    follow_note = raw.get("follow_note") or None
    fields = get("fields")
    # The row in ``ROW_KEYS`` order, built as a tuple: this runs for every row of a file.
    row = (
        values["name"],
        get("company"),
        phone,
        rules.normalize_phone(phone),
        email,
        rules.normalize_email(email),
        get("wechat"),
        get("source"),
        get("owner"),
        get("kind"),
        get("persona"),
        get("value", 0),
        0 if paid is None else rules.money_of(paid),
        int(stage),
        int(highest),
        state,
        contract_on,
        get("follow_up"),
        None
        if follow_note is None
        else rules.clean_text(follow_note, field="follow_note", limit=rules.NOTE_MAX),
        lost_reason,
        None if lost_stage is None else int(lost_stage),
        get("note"),
        fields or {},
        created_at,
        created_on or _local_day(created_at),
        updated_at,
        touched_at,
        entered_at,
        won_on if highest is Stage.FORMAL else None,
        lost_on if state != rules.ACTIVE else None,
    )
    return LeadRecord(
        values_row=row,
        tags=get("tags") or [],
        values=values,
        file_id=parse_file_id(raw.get("id")),
        raw=raw,
    )


def dedupe_keys(row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, normalised value) pairs a duplicate is recognised by."""
    keys = []
    if row.get("phone_norm"):
        keys.append(("phone", row["phone_norm"]))
    if row.get("email_norm"):
        keys.append(("email", row["email_norm"]))
    return keys
