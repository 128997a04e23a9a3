"""The lead-field registry against the places that must agree with it: the SQLModel
table, the message catalogue, the contract's lead object, and the import headers."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from funnel.domain import fields
from funnel.domain.fields import FIELDS, Export, Kind
from funnel.i18n import MESSAGES
from funnel.store.schema import LEAD
from tests.harness import LEAD_KEYS


def test_every_column_of_the_lead_table_is_a_field_or_its_normalised_copy() -> None:
    # in the same order too: an import's rows go to the driver without being reordered
    assert tuple(c.name for c in LEAD.columns) == fields.COLUMNS
    assert len(set(fields.COLUMNS)) == len(fields.COLUMNS)


def test_text_limits_fit_their_columns() -> None:
    for f in FIELDS:
        if f.limit is None:
            continue
        length = getattr(LEAD.c[f.column].type, "length", None)  # None: Text, unbounded
        assert length is None or length >= f.limit, f.key


def test_money_and_stages_are_stored_as_integers() -> None:
    for f in FIELDS:
        if f.kind in (Kind.MONEY, Kind.STAGE):
            assert isinstance(LEAD.c[f.column].type, sa.Integer), f.key


def test_the_lead_object_is_the_contracts() -> None:
    assert list(fields.LEAD_KEYS) == LEAD_KEYS
    assert all(f.export is Export.OBJECT for f in fields.OBJECT)


def test_keys_args_and_ranks_are_unique() -> None:
    for name in ("key", "arg"):
        values = [getattr(f, name) for f in FIELDS]
        assert len(values) == len(set(values)), name
    for name in ("sort", "table", "card"):
        ranks = [getattr(f, name) for f in FIELDS if getattr(f, name) is not None]
        assert len(ranks) == len(set(ranks)), name


def test_no_header_name_means_two_fields() -> None:
    seen: dict[str, str] = {}
    for f in FIELDS:
        for name in (f.key, *f.aliases):
            assert name == name.lower().replace(" ", "_").replace("-", "_"), name
            assert seen.setdefault(name, f.key) == f.key, name
    assert seen == fields.HEADERS


def test_fields_people_see_have_a_heading_in_both_languages() -> None:
    shown = {f.key for f in (*fields.OBJECT, *fields.TABLE, *fields.CARD, *fields.SEARCHED)}
    for key in shown:
        assert all(MESSAGES[f"h.{key}"]), key


def test_declarations_hang_together() -> None:
    for f in FIELDS:
        assert (f.choice is not None) == (f.kind in (Kind.CHOICE, Kind.STAGE)), f.key
        assert (f.norm is not None) == (f.kind in (Kind.PHONE, Kind.EMAIL)), f.key
        if f.kind in (Kind.TEXT, Kind.PHONE, Kind.EMAIL, Kind.NOTE):
            assert f.limit is not None, f.key
        if f.editable:
            assert f.column is not None, f.key
        if f.option is not None:
            assert f.flag.startswith("--"), f.key
    # what edit changes in place is given by people (an option) or by `follow`
    assert {f.arg for f in fields.ENTRY if f.editable} <= set(fields.EDITABLE)


def _params(command: str) -> dict[str, Any]:
    import typer

    from funnel.cli import app

    group = typer.main.get_command(app)
    return {p.name: p for p in group.commands[command].params}  # type: ignore[attr-defined]


def test_add_and_edit_take_every_field_people_give_as_declared() -> None:
    from funnel.cli import complete

    for command in ("add", "edit"):
        params = _params(command)
        for f in fields.ENTRY:
            assert f.option is not None
            param = params[f.param]
            if command == "add" and not f.option.on_add:
                assert param.param_type_name == "argument", f.key  # add's NAME
                continue
            assert param.param_type_name == "option", (command, f.key)
            assert param.opts == [f.flag], (command, f.key)
            assert param.help == f.option.help, (command, f.key)
            assert param.metavar == f.option.metavar, (command, f.key)
            if f.option.complete:
                assert getattr(complete, f.option.complete), f.key
        # the rest are about the command, not a field
        others = set(params) - {f.param for f in fields.ENTRY}
        assert others <= {"lead_id", "untag", "allow_duplicate", "force", "fmt"}, others
