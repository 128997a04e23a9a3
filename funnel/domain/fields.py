"""Every field of a lead, declared once.

A field says what it is (its key in the lead object, files and exports; its column in
the lead table; its kind, which decides how it is parsed, stored and shown) and where
it takes part: the options of ``add`` and ``edit``, the history of edits, ``list
--sort`` and ``--search``, the header names an import accepts, the lead object, the
exports, the list table and the profile card. Every list of fields elsewhere derives
from ``FIELDS``. Adding a field is: this declaration; its column in the lead model
(``store/schema.py``, at the same place in the order) and an Alembic migration; its
heading in the message catalogue (``h.<key>``). ``tests/test_fields.py`` checks the
declarations against the model, the catalogue and the commands.

Fields are in the contract's lead-object order. ``note`` and ``follow_note`` are not
in today's lead object; ``note`` sits before the follow-up, where edits and exports
have always put it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from funnel.domain.choices import KIND, PERSONA, STATE, Choice
from funnel.domain.stages import STAGE

NAME_MAX = 200
TEXT_MAX = 1_000
NOTE_MAX = 10_000
# A custom field's name, like a lead's: its edits are history events whose field is
# ``fields.NAME``, a column of TEXT_MAX characters.
FIELD_NAME_MAX = NAME_MAX


class Kind(str, Enum):
    """What a field holds: how it is parsed, stored and shown."""

    ID = "id"
    TEXT = "text"  # one line of text
    PHONE = "phone"  # text with a digit; duplicates are found by its digits
    EMAIL = "email"  # text that looks like an address; duplicates ignore case
    NOTE = "note"  # longer text
    CHOICE = "choice"  # a key of the field's ``choice``
    STAGE = "stage"  # a stage: its rank in the store, its key outside
    MONEY = "money"  # integer cents in the store, a number outside
    DATE = "date"
    TIMESTAMP = "timestamp"
    TAGS = "tags"  # a list, kept in its own table
    FIELDS = "fields"  # custom fields: an object of text


class Export(str, Enum):
    """Where a field goes out."""

    OBJECT = "object"  # in the lead object: list, show, due, stale and every export
    EXTRA = "extra"  # after the lead object in the CSV and JSON exports
    BACKUP = "backup"  # only in the full JSON export, so that a restore is exact


@dataclass(frozen=True)
class Option:
    """How ``add`` and ``edit`` take a field."""

    help: str
    flag: str = ""  # default: ``--`` and the field's arg, hyphenated
    metavar: str | None = None
    complete: str | None = None  # the candidates' function in ``funnel.cli.complete``
    on_add: bool = True  # False: ``edit`` only (``add`` takes it as its argument)


@dataclass(frozen=True)
class Field:
    """One field of a lead; see the module docstring."""

    key: str  # the lead object's key, the export's and an import header's
    kind: Kind
    column: str | None = ""  # in the lead table ("": the key; None: not a lead column)
    arg: str = ""  # the name add/edit/import values use ("": the key)
    limit: int | None = None  # longest text accepted
    required: bool = False
    choice: Choice | None = None  # the vocabulary of a CHOICE or STAGE field
    norm: str | None = None  # the column with its normalised copy, for duplicates
    option: Option | None = None  # an option of add and edit
    editable: bool = False  # ``edit`` changes it in place, as a history event
    event: str = "edit"  # the kind of that event
    repeats: bool = False  # values repeat down a spreadsheet: an import remembers checks
    sort: int | None = None  # its place among ``list --sort`` choices
    search: bool = False  # ``list --search`` looks in it
    contact: bool = False  # a way to reach the lead (the calendar shows it)
    aliases: tuple[str, ...] = ()  # import header names besides the key (en, zh)
    export: Export = Export.OBJECT
    table: int | None = None  # its place in the list table
    card: int | None = None  # its place on the profile card

    def __post_init__(self) -> None:
        if self.column == "":
            object.__setattr__(self, "column", self.key)
        if not self.arg:
            object.__setattr__(self, "arg", self.key)

    @property
    def flag(self) -> str:
        """The option's name on the command line."""
        assert self.option is not None
        return self.option.flag or "--" + self.arg.replace("_", "-")

    @property
    def param(self) -> str:
        """The option's parameter name in the commands (``--follow-up``: follow_up)."""
        return self.flag[2:].replace("-", "_")


FIELDS: tuple[Field, ...] = (
    Field("id", Kind.ID, sort=1, table=1, aliases=("编号", "客户编号")),
    Field(
        "name",
        Kind.TEXT,
        limit=NAME_MAX,
        required=True,
        option=Option("New name.", on_add=False),
        editable=True,
        sort=2,
        search=True,
        table=2,
        aliases=("姓名", "名称", "客户名称", "客户姓名"),
    ),
    Field(
        "company",
        Kind.TEXT,
        limit=TEXT_MAX,
        option=Option("Company or organisation."),
        editable=True,
        repeats=True,
        sort=3,
        search=True,
        table=3,
        card=1,
        aliases=("公司", "公司名称", "单位", "企业"),
    ),
    Field(
        "phone",
        Kind.PHONE,
        limit=TEXT_MAX,
        norm="phone_norm",
        option=Option("Phone; duplicates are found by its digits."),
        editable=True,
        search=True,
        contact=True,
        card=2,
        aliases=("电话", "手机", "手机号", "手机号码", "联系电话", "mobile", "tel"),
    ),
    Field(
        "email",
        Kind.EMAIL,
        limit=TEXT_MAX,
        norm="email_norm",
        option=Option("Email; duplicates are found case-insensitively."),
        editable=True,
        search=True,
        contact=True,
        card=3,
        aliases=("邮箱", "电子邮件", "电子邮箱", "e_mail", "mail"),
    ),
    Field(
        "wechat",
        Kind.TEXT,
        limit=TEXT_MAX,
        option=Option("WeChat id."),
        editable=True,
        search=True,
        contact=True,
        card=4,
        aliases=("微信", "微信号", "weixin"),
    ),
    Field(
        "source",
        Kind.TEXT,
        limit=TEXT_MAX,
        option=Option("Where the lead came from (referral, web, fair…).", complete="sources"),
        editable=True,
        repeats=True,
        sort=4,
        card=5,
        aliases=("来源", "渠道", "客户来源"),
    ),
    Field(
        "owner",
        Kind.TEXT,
        limit=TEXT_MAX,
        option=Option("Salesperson who owns the lead.", complete="owners"),
        editable=True,
        repeats=True,
        sort=5,
        table=6,
        card=6,
        aliases=("负责人", "销售", "业务员", "跟进人"),
    ),
    Field(
        "kind",
        Kind.CHOICE,
        choice=KIND,
        option=Option("consumer, business, dealer, public or internal.", complete="kinds"),
        editable=True,
        repeats=True,
        sort=14,
        card=7,
        aliases=("类型", "客户类型"),
    ),
    Field(
        "persona",
        Kind.CHOICE,
        choice=PERSONA,
        option=Option("One of the nine personas (see `funnel personas`).", complete="personas"),
        editable=True,
        repeats=True,
        sort=15,
        card=8,
        aliases=("性格", "性格类型"),
    ),
    Field(
        "value",
        Kind.MONEY,
        column="value_cents",
        option=Option("Deal value, e.g. 48000 or 1299.50.", metavar="AMOUNT"),
        editable=True,
        repeats=True,
        sort=6,
        table=7,
        card=12,
        aliases=("金额", "成交金额", "预计金额", "deal_value"),
    ),
    Field(
        "stage",
        Kind.STAGE,
        choice=STAGE,
        option=Option("Stage (English or Chinese name).", metavar="STAGE", complete="stages"),
        repeats=True,
        sort=8,
        table=4,
        card=9,
        aliases=("阶段", "客户阶段"),
    ),
    Field("state", Kind.CHOICE, choice=STATE, sort=9, table=5, card=11, aliases=("状态",)),
    Field(
        "highest_stage", Kind.STAGE, choice=STAGE, sort=13, card=10, aliases=("最高阶段", "highest")
    ),
    Field(
        "tags",
        Kind.TAGS,
        column=None,
        option=Option("A tag (repeatable).", flag="--tag", metavar="TAG", complete="tags"),
        repeats=True,
        card=19,
        aliases=("标签", "tag"),
    ),
    Field(
        "fields",
        Kind.FIELDS,
        option=Option(
            "A custom field (repeatable; KEY= removes).", flag="--field", metavar="KEY=VALUE"
        ),
        repeats=True,
        card=22,
        aliases=("自定义字段",),
    ),
    Field(
        "contract_sent_on",
        Kind.DATE,
        card=14,
        aliases=("合同发送", "合同发送日期", "contract_sent"),
    ),
    Field(
        "paid",
        Kind.MONEY,
        column="paid_cents",
        sort=7,
        table=8,
        card=13,
        aliases=("已付", "已付款", "已收款"),
    ),
    Field(
        "note",
        Kind.NOTE,
        limit=NOTE_MAX,
        option=Option("A note on the lead."),
        editable=True,
        search=True,
        export=Export.EXTRA,
        aliases=("备注",),
    ),
    Field(
        "next_follow_up",
        Kind.DATE,
        arg="follow_up",
        option=Option(
            "Next follow-up: YYYY-MM-DD, +3d, fri, 明天…", flag="--follow-up", metavar="DATE"
        ),
        editable=True,
        event="follow",
        repeats=True,
        sort=12,
        table=9,
        card=15,
        aliases=("下次跟进", "下次跟进日期", "follow_up"),
    ),
    Field(
        "follow_note",
        Kind.NOTE,
        limit=NOTE_MAX,
        editable=True,
        event="follow",
        export=Export.EXTRA,
        aliases=("跟进备注",),
    ),
    Field(
        "close_on",
        Kind.DATE,
        arg="close",
        option=Option(
            "Expected close date: YYYY-MM-DD, +1m, fri, 下周五…",
            flag="--close",
            metavar="DATE",
            complete="dates",
        ),
        editable=True,
        repeats=True,
        sort=16,
        card=16,
        aliases=("预计成交", "预计成交日期", "成交日期", "expected_close", "close_date"),
    ),
    Field("lost_reason", Kind.TEXT, limit=TEXT_MAX, card=17, aliases=("流失原因",)),
    Field("lost_stage", Kind.STAGE, choice=STAGE, card=18, aliases=("流失阶段",)),
    Field(
        "created_at", Kind.TIMESTAMP, sort=10, card=20, aliases=("创建时间", "创建日期", "created")
    ),
    Field("updated_at", Kind.TIMESTAMP, sort=11, card=21, aliases=("更新时间", "updated")),
    # bookkeeping the full export carries so that a restore is exact
    Field("created_on", Kind.DATE, export=Export.BACKUP),
    Field("touched_at", Kind.TIMESTAMP, export=Export.BACKUP),
    Field("stage_entered_at", Kind.TIMESTAMP, export=Export.BACKUP),
    Field("won_on", Kind.DATE, export=Export.BACKUP),
    Field("lost_on", Kind.DATE, export=Export.BACKUP),
)

BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
ARG_OF: dict[str, str] = {f.key: f.arg for f in FIELDS}  # key → the arg add and edit use

# The lead object, in the contract's order, and what the exports add after it.
OBJECT: tuple[Field, ...] = tuple(f for f in FIELDS if f.export is Export.OBJECT)
LEAD_KEYS: tuple[str, ...] = tuple(f.key for f in OBJECT)
EXTRA_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.export is Export.EXTRA)
BACKUP_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.export is Export.BACKUP)

# What people give: the options of add and edit, which an import's cells also fill.
ENTRY: tuple[Field, ...] = tuple(f for f in FIELDS if f.option is not None)
# What ``edit`` changes in place, by the names its values use, in the history's order.
EDITABLE: tuple[str, ...] = tuple(f.arg for f in FIELDS if f.editable)
SORTABLE: tuple[Field, ...] = tuple(
    sorted((f for f in FIELDS if f.sort is not None), key=lambda f: f.sort or 0)
)
SEARCHED: tuple[Field, ...] = tuple(f for f in FIELDS if f.search)
CONTACTS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.contact)
TABLE: tuple[Field, ...] = tuple(
    sorted((f for f in FIELDS if f.table is not None), key=lambda f: f.table or 0)
)
CARD: tuple[Field, ...] = tuple(
    sorted((f for f in FIELDS if f.card is not None), key=lambda f: f.card or 0)
)

# The lead table's columns, each field's followed by its normalised copy.
COLUMNS: tuple[str, ...] = tuple(
    name for f in FIELDS for name in (f.column, f.norm) if name is not None
)

# Header name (lower case, spaces and hyphens as underscores) → key.
HEADERS: dict[str, str] = {name: f.key for f in FIELDS for name in (f.key, *f.aliases)}
