"""A JSON export imported into an empty store reproduces every report."""

from __future__ import annotations

from pathlib import Path

import pytest

from funnel.cli.report import REPORTS  # every report the `report` command offers
from tests.harness import Funnel, build_story

VARIANTS = (
    [],
    ["--since", "2026-04-01"],
    ["--until", "2026-05-31"],
    ["--owner", "li"],
    ["--source", "web"],
)


def _restored(funnel: Funnel, source: str, tmp_path: Path) -> Funnel:
    backup = tmp_path / "backup.json"
    funnel("--db", source, "export", "-f", "json", "-o", str(backup))
    target = Funnel(funnel.runner, {**funnel.env, "FUNNEL_DB": str(tmp_path / "restored.db")})
    target("import", str(backup))
    return target


@pytest.mark.parametrize("store", ["story", "demo"])
def test_every_report_survives_export_and_import(
    funnel: Funnel, from_template, tmp_path: Path, store: str
) -> None:
    if store == "story":
        from_template(build_story)
        source = funnel.env["FUNNEL_DB"]
    else:
        funnel("demo", "-f", "json")
        from funnel.paths import demo_db_path

        source = str(demo_db_path())
    original = Funnel(funnel.runner, {**funnel.env, "FUNNEL_DB": source})
    restored = _restored(funnel, source, tmp_path)
    for name in REPORTS:
        for extra in VARIANTS:
            assert restored.json("report", name, *extra) == original.json("report", name, *extra), (
                name,
                extra,
            )
    assert restored.json("report", "trend", "--by", "week") == original.json(
        "report", "trend", "--by", "week"
    )
    assert restored.json("list", "--state", "all") == original.json("list", "--state", "all")
