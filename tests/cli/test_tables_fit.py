"""Tables fit the terminal: columns dropped by priority, tokens whole, text shortened
with …, ``--wide`` shows every column, ``due`` one line per follow-up, and a big list
printed chunk by chunk with the same widths."""

from __future__ import annotations

import io

from rich.cells import cell_len

from tests.harness import Funnel


def test_list_at_80_columns_keeps_the_essentials_whole(funnel: Funnel) -> None:
    funnel.add(
        "Maria Rossi",
        "--company",
        "Rossi Ceramiche S.r.l. showroom",
        "--value",
        "12000.5",
        "--stage",
        "potential",
        "--follow-up",
        "2026-12-27",
    )
    out = funnel.using(COLUMNS="80")("list", "-f", "table").stdout
    for token in ("potential", "12,000.50", "2026-12-27", "Maria Rossi"):
        assert token in out
    assert all(cell_len(line) <= 80 for line in out.splitlines())
    assert "…" in out  # the long company is shortened


def test_narrow_terminals_drop_columns_but_keep_id_name_stage(funnel: Funnel) -> None:
    funnel.add("王芳", "--company", "东方物流", "--stage", "trial", "--value", "9000")
    out = funnel.using(COLUMNS="40")("list", "-f", "table").stdout
    assert "王芳" in out and "trial" in out and "owner" not in out
    assert all(cell_len(line) <= 40 for line in out.splitlines())
    wide = funnel.using(COLUMNS="40")("list", "-f", "table", "--wide").stdout
    assert wide.splitlines()[0].count("┳") == 8  # all nine columns


def test_list_shows_the_currency(funnel: Funnel, tmp_path) -> None:
    (tmp_path / "config.toml").write_text('currency = "¥"\n', encoding="utf-8")
    funnel.add("Ann", "--value", "1200.5")
    assert "¥1,200.50" in funnel("list", "-f", "table").stdout
    assert funnel.json("list")[0]["value"] == 1200.5  # scripts see the number


def test_due_is_one_line_per_follow_up_with_the_tip_when_it_fits(funnel: Funnel) -> None:
    funnel.add("Liu Yang", "--stage", "intent", "--value", "12000", "--follow-up", "today")
    funnel.add("Ann", "--follow-up", "-2d")
    narrow = funnel.using(COLUMNS="60")("due", "-f", "table").stdout.splitlines()
    assert len(narrow) == 4  # title, header, a line each: the tips do not fit
    assert all(cell_len(line) <= 60 for line in narrow)
    wide = funnel.using(COLUMNS="160")("due", "-f", "table").stdout.splitlines()
    assert len(wide) == 6 and wide[3].startswith("    ")  # each tip on its own line
    tips = funnel.using(COLUMNS="60")("due", "-f", "table", "--tips").stdout
    assert "Confirm the product" in tips
    table = funnel.using(COLUMNS="60")("due", "-f", "table", "--wide").stdout
    assert "┏" in table  # the table of every column


def test_plain_and_json_do_not_change_with_the_width(funnel: Funnel) -> None:
    funnel.add("Ann", "--value", "1200.5", "--follow-up", "today")
    for cmd in (["list"], ["due"], ["stale", "--days", "0"]):
        for fmt in ("plain", "json", "csv"):
            narrow = funnel.using(COLUMNS="40")(*cmd, "-f", fmt).stdout
            assert narrow == funnel.using(COLUMNS="200")(*cmd, "-f", fmt).stdout


def test_a_big_table_prints_in_chunks_with_the_same_widths() -> None:
    from funnel.views.render import CHUNK, Column, console, rich_table

    rows = [
        {"id": i, "name": f"Lead {i}" * (i % 3 + 1), "stage": "potential"}
        for i in range(1, 3 * CHUNK + 8)
    ]
    columns = (Column("id", token=True), Column("name", token=False), Column("stage", token=True))
    out = io.StringIO()
    people = console(file=out)
    people.width = 50
    rich_table(rows, columns).print_to(people)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(rows) + 4  # top border, header, rule, rows, bottom border
    assert len({cell_len(line) for line in lines}) == 1  # one width from top to bottom
    assert lines[-1].startswith("└") and sum(line.startswith("┏") for line in lines) == 1


def test_a_long_list_is_printed_as_it_is_read_with_every_token_whole(
    funnel: Funnel, tmp_path
) -> None:
    from funnel.views.render import CHUNK

    count = 2 * CHUNK + 50
    rows = ["name,stage,value,next_follow_up"]
    rows += [f"Lead {i},potential,{i}," for i in range(1, count)]
    rows.append("Late Big One,quasi,1234567.89,2027-01-31")  # past the first chunk
    src = tmp_path / "many.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    funnel("import", str(src))
    out = funnel.using(COLUMNS="80")("list", "-f", "table").stdout
    lines = out.splitlines()
    assert sum(line.startswith("│") for line in lines) == count
    assert len({cell_len(line) for line in lines}) == 1 and cell_len(lines[0]) <= 80
    assert "1,234,567.89" in out and "2027-01-31" in out and "Late Bi…" in out
    assert out.count("┏") == 1 and lines[-1].startswith("└")


def test_ids_show_as_people_type_them() -> None:
    from funnel.views.followups import DUE_COLUMNS, STALE_COLUMNS
    from funnel.views.leads import LEAD_COLUMNS

    for columns in (LEAD_COLUMNS, DUE_COLUMNS, STALE_COLUMNS):
        (id_column,) = [c for c in columns if c.key == "id"]
        assert id_column.cell(123456) == "123456"  # not 123,456
