"""What makes two leads alike for ``dupes``, and how pairs become groups."""

from __future__ import annotations

from funnel.domain.dupes import groups, name_key


def test_name_and_company_ignore_case_width_and_chinese_spaces() -> None:
    assert name_key("张 伟", "华星 科技") == name_key("张伟", "华星  科技")
    assert name_key("ＡＣＭＥ Bob", "Acme Ltd") == name_key("acme  bob", "ACME LTD")
    assert name_key("Ann Lee", "X") != name_key("AnnLee", "X")  # Latin words stay words
    assert name_key("张伟", None) is None and name_key("张伟", "  ") is None
    assert name_key(None, "X") is None


def test_groups_name_every_rule_once_and_drop_singletons() -> None:
    found = [
        ("phone", [2, 1]),
        ("email", [3, 4]),
        ("email", [1, 2]),
        ("wechat", [5]),
        ("name", [1, 2, 2]),
    ]
    assert groups(found) == [(["phone", "email", "name"], [1, 2]), (["email"], [3, 4])]
