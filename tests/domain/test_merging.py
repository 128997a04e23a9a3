"""Which of OTHER's fields KEEP takes when two leads are merged, and which disagree."""

from __future__ import annotations

from datetime import date

from funnel.domain.merging import Conflict, lacks, merge_fields, shown


def test_keep_takes_only_the_fields_it_lacks() -> None:
    keep = {"name": "Ann", "company": "Acme", "phone": None, "email": "", "value": 0}
    other = {"name": "Ann", "company": "Acme", "phone": "139", "email": "a@x.com", "value": 500}
    plan = merge_fields(keep, other)
    assert plan.copied == {"phone": "139", "email": "a@x.com", "value": 500}
    assert plan.conflicts == ()


def test_different_values_are_conflicts_and_keep_wins() -> None:
    keep = {"name": "Ann", "owner": "li", "next_follow_up": date(2026, 1, 2)}
    other = {"name": "Ann Li", "owner": "wang", "next_follow_up": date(2026, 1, 3)}
    plan = merge_fields(keep, other)
    assert plan.copied == {}
    assert plan.conflicts == (
        Conflict("name", "Ann", "Ann Li"),
        Conflict("owner", "li", "wang"),
        Conflict("next_follow_up", date(2026, 1, 2), date(2026, 1, 3)),
    )


def test_other_lacking_a_value_changes_nothing() -> None:
    plan = merge_fields({"name": "Ann", "company": "Acme"}, {"name": "Ann", "company": None})
    assert plan.copied == {} and plan.conflicts == ()


def test_custom_fields_are_merged_key_by_key() -> None:
    keep = {"name": "A", "fields": {"city": "Shanghai", "size": ""}}
    other = {"name": "A", "fields": {"city": "Beijing", "size": "20", "wx": "ann"}}
    plan = merge_fields(keep, other)
    assert plan.custom == {"city": "Shanghai", "size": "20", "wx": "ann"}
    assert plan.custom_added == ("size", "wx")
    assert plan.changed == ["fields.size", "fields.wx"]
    assert plan.conflicts == (Conflict("fields.city", "Shanghai", "Beijing"),)


def test_what_counts_as_lacking_and_how_values_are_shown() -> None:
    assert lacks(None) and lacks("") and lacks("  ") and lacks(0)
    assert not lacks("x") and not lacks(5) and not lacks(date(2026, 1, 1))
    assert shown("value", 12345) == 123.45
    assert shown("next_follow_up", date(2026, 1, 2)) == "2026-01-02"
    assert shown("owner", None) == ""
