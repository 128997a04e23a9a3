"""Import and export, driven through the CLI: bad rows, duplicates, encodings, Chinese
headers, and the round trips (JSON restores everything, CSV keeps every lead field)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.harness import Funnel

BAD_CSV = """name,phone,email,stage,value,next_follow_up
Ann,138 0000 0001,ann@example.com,trial,100,2026-12-01
,138 0000 0002,,potential,,
Bob,138 0000 0003,,nowhere,,
Cai,138 0000 0004,,intent,12.345,
Dan,138 0000 0005,,potential,,2026-02-30
Eve,138-0000-0001,,potential,,
Fay,139 9999 9999,,potential,,
Gus,138 0000 0007,gus@example.com,potential,,
"""
# line 3: no name · 4: unknown stage · 5: three decimals · 6: no such date
# line 7: Ann's phone (line 2) · line 8: the phone of lead 1, already in the store


@pytest.fixture(
    params=[(1000, None), (1, None), (1, 2)],
    ids=["one-batch", "row-by-row", "row-by-row-keys-in-table"],
)
def batch_size(request, monkeypatch) -> int:
    """A test that imports rows runs three times: whole files in one batch, and one row per
    batch, so the paths across batch edges (earlier rows, flushes before updates) are
    covered; the third keeps only two keys of earlier rows in memory, then moves them to a
    table. (Tests of whole-file matters, encodings or export alone run once.)"""
    from funnel.transfer import importing, seen

    size, in_memory = request.param
    monkeypatch.setattr(importing, "BATCH", size)
    if in_memory is not None:
        monkeypatch.setattr(seen, "SEEN_IN_MEMORY", in_memory)
    return size


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def bad_lines(stderr: str) -> list[int]:
    lines = []
    for line in stderr.splitlines():
        assert line.startswith("error: "), line
        if " line " in line:
            lines.append(int(line.split(" line ")[1].split(":")[0]))
    return lines


@pytest.mark.usefixtures("batch_size")
def test_every_bad_row_is_reported_and_nothing_written(funnel: Funnel, snapshot, tmp_path) -> None:
    funnel.add("Old", "--phone", "13999999999")
    before = snapshot()
    src = write(tmp_path / "leads.csv", BAD_CSV)
    result = funnel("import", src, ok=None)
    assert result.exit_code == 1 and result.stdout == ""
    assert bad_lines(result.stderr) == [3, 4, 5, 6, 7, 8]
    err = result.stderr.splitlines()
    assert "name is required" in err[0]
    assert "unknown stage 'nowhere'" in err[1]
    assert "invalid amount '12.345'" in err[2]
    assert "invalid date '2026-02-30'" in err[3]
    assert "same phone as line 2" in err[4]
    assert "lead 1 (Old) already has this phone" in err[5]
    assert err[-1] == "error: 6 bad row(s) in leads.csv; nothing was imported"
    assert snapshot() == before


@pytest.mark.usefixtures("batch_size")
def test_dry_run_reports_the_same_and_writes_nothing(funnel: Funnel, snapshot, tmp_path) -> None:
    funnel.add("Old", "--phone", "13999999999")
    before = snapshot()
    src = write(tmp_path / "leads.csv", BAD_CSV)
    result = funnel("import", src, "--dry-run", ok=None)
    assert result.exit_code == 1
    assert bad_lines(result.stderr) == [3, 4, 5, 6, 7, 8]
    assert "dry run" in result.stderr.splitlines()[-1]
    assert snapshot() == before
    good = write(tmp_path / "good.csv", "name,phone\nZed,1\nYan,2\n")
    summary = funnel.json("import", good, "--dry-run")
    assert (summary["dry_run"], summary["imported"], summary["rows"]) == (True, 2, 2)
    assert snapshot() == before


@pytest.mark.usefixtures("batch_size")
def test_skip_duplicates(funnel: Funnel, snapshot, tmp_path) -> None:
    funnel.add("Old", "--phone", "13999999999")
    src = write(tmp_path / "leads.csv", BAD_CSV)
    before = snapshot()
    result = funnel("import", src, "--on-duplicate", "skip", ok=None)
    assert result.exit_code == 1
    assert bad_lines(result.stderr) == [3, 4, 5, 6]  # the duplicates are no longer errors
    assert snapshot() == before
    clean = (
        "\n".join(line for n, line in enumerate(BAD_CSV.splitlines(), 1) if n not in (3, 4, 5, 6))
        + "\n"
    )
    summary = funnel.json("import", write(tmp_path / "clean.csv", clean), "--on-duplicate", "skip")
    assert (summary["rows"], summary["imported"], summary["skipped"]) == (4, 2, 2)
    names = [x["name"] for x in funnel.json("list")]
    assert names == ["Old", "Ann", "Gus"]


@pytest.mark.usefixtures("batch_size")
def test_update_duplicates_records_each_change(funnel: Funnel, tmp_path) -> None:
    lid = funnel.add("Old", "--phone", "13999999999", "--company", "Old Co", "--tag", "a")
    src = write(
        tmp_path / "u.csv",
        "name,phone,company,email,tags,stage\n"
        "Old,139 9999 9999,New Co,,b,trial\n"
        "New,1,,,,\nNew again,1,Later Co,,,\n",
    )
    summary = funnel.json("import", src, "--on-duplicate", "update")
    assert (summary["imported"], summary["updated"], summary["skipped"]) == (1, 2, 0)
    lead = funnel.json("show", lid)
    assert lead["company"] == "New Co" and lead["tags"] == ["a", "b"]
    assert lead["stage"] == "trial" and lead["email"] is None  # empty cells change nothing
    changes = {(e["field"], e["old"], e["new"]) for e in lead["history"]}
    assert ("company", "Old Co", "New Co") in changes and ("stage", "potential", "trial") in changes
    newer = funnel.json("show", lid + 1)
    assert (newer["name"], newer["company"]) == ("New again", "Later Co")


@pytest.mark.usefixtures("batch_size")
def test_chinese_headers_in_gbk(funnel: Funnel, tmp_path) -> None:
    text = (
        "姓名,公司,电话,邮箱,微信,来源,负责人,阶段,金额,类型,性格,标签,备注,下次跟进,地址\n"
        "张伟,华星科技,138 0013 8000,zw@example.com,zw88,转介绍,li,意向客户,48000,企业,理智型,"
        '"重点,华东",年底前要报价,2026/12/01,北京\n'
        "王芳,东方物流,139 0000 0000,,,展会,wang,试用,,,,,,,\n"
    )
    src = write(tmp_path / "客户名单.csv", text, "gbk")
    result = funnel("import", src, "-f", "json")
    summary = json.loads(result.stdout)
    assert summary["encoding"] == "gb18030" and summary["imported"] == 2
    assert "地址" in result.stderr  # kept as a custom field, and said so
    zhang = funnel.json("show", 1)
    assert (zhang["name"], zhang["company"], zhang["wechat"], zhang["source"]) == (
        "张伟",
        "华星科技",
        "zw88",
        "转介绍",
    )
    assert (zhang["stage"], zhang["highest_stage"], zhang["value"]) == ("intent", "intent", 48000)
    assert (zhang["kind"], zhang["persona"], zhang["owner"]) == ("business", "rational", "li")
    assert zhang["tags"] == ["华东", "重点"] and zhang["fields"] == {"地址": "北京"}
    assert zhang["next_follow_up"] == "2026-12-01"
    assert [(e["event"], e["new"]) for e in zhang["history"]] == [("created", "intent")]
    assert funnel.json("show", 2)["stage"] == "trial"


def test_utf8_bom_and_explicit_encoding(funnel: Funnel, tmp_path) -> None:
    src = tmp_path / "bom.csv"
    src.write_bytes(b"\xef\xbb\xbfName,Company\n" + "李娜,锦程教育\n".encode())
    assert funnel.json("import", src)["encoding"] == "utf-8-sig"
    gbk = write(tmp_path / "g.csv", "name\n刘洋\n", "gbk")
    assert funnel.json("import", gbk, "--encoding", "gbk")["imported"] == 1
    assert [x["name"] for x in funnel.json("list")] == ["李娜", "刘洋"]
    assert "unknown encoding" in funnel.error("import", gbk, "--encoding", "klingon")
    assert "--encoding" in funnel.error(
        "import", write(tmp_path / "u.csv", "name\n刘洋\n", "gbk"), "--encoding", "utf-8"
    )


def test_file_level_errors(funnel: Funnel, snapshot, tmp_path) -> None:
    funnel.add("Resident")
    before = snapshot()
    assert "no name column" in funnel.error("import", write(tmp_path / "a.csv", "company\nX\n"))
    assert "both mean phone" in funnel.error(
        "import", write(tmp_path / "b.csv", "name,phone,电话\nA,1,2\n")
    )
    assert "cannot read" in funnel.error("import", tmp_path / "missing.csv")
    assert "empty" in funnel.error("import", write(tmp_path / "c.csv", ""))
    err = funnel.error("import", write(tmp_path / "d.json", '[{"name": "A"},\n{"name": }]'))
    assert "line 2" in err and "not valid JSON" in err
    assert "neither" in funnel.error("import", write(tmp_path / "e.json", '{"x": 1}'))
    newer = '{"format": "funnel-export", "version": 99, "leads": []}'
    assert "newer funnel" in funnel.error("import", write(tmp_path / "f.json", newer))
    rows = funnel("import", write(tmp_path / "g.csv", "name,company\nA,x,extra\n"), ok=None)
    assert "line 2: 3 cells" in rows.stderr
    assert snapshot() == before


@pytest.mark.usefixtures("batch_size")
def test_plain_json_array_with_lines(funnel: Funnel, tmp_path) -> None:
    text = (
        '[\n  {"name": "A", "value": 1299.5, "stage": "试用", "tags": ["x"]},\n'
        '  {"name": "B", "value": "abc"},\n  7\n]\n'
    )
    result = funnel("import", write(tmp_path / "leads.json", text), ok=None)
    assert bad_lines(result.stderr) == [3, 4]
    fixed = text.replace('"abc"', '"10"').replace("  7\n", '  {"name": "C", "paid": 5}\n')
    funnel("import", write(tmp_path / "leads.json", fixed))
    a, _b, c = funnel.json("list")
    assert (a["value"], a["stage"], a["tags"]) == (1299.5, "trial", ["x"])
    assert c["paid"] == 5 and [p["amount"] for p in funnel.json("show", 3)["payments"]] == [5]


def _fill(funnel: Funnel) -> None:
    a = funnel.add(
        "张伟",
        "--company",
        "华星科技",
        "--phone",
        "138 0013 8000",
        "--tag",
        "vip",
        "--field",
        "industry=retail",
        "--note",
        "likes tea",
        "--source",
        "web",
        now="2026-09-01T09:30:00",
    )
    funnel("edit", a, "--value", "1000.50", now="2026-09-03T10:00:00")
    funnel("move", a, "intent", "--on", "2026-09-05", now="2026-09-05T11:00:00")
    funnel("contract", a, now="2026-09-10T12:00:00")
    funnel("pay", a, "400", now="2026-09-12T12:00:00")
    funnel("move", a, "quasi", now="2026-09-12T13:00:00")
    funnel("pay", a, "600.50", now="2026-10-01T09:00:00")
    funnel("advance", a, now="2026-10-02T09:00:00")
    funnel("order", a, "300", now="2026-11-01T09:00:00")
    b = funnel.add("Lost Co", "--email", "x@lost.io", now="2026-10-01T08:00:00")
    funnel("lose", b, "--reason", "no budget", now="2026-10-20T08:00:00")
    funnel.add("Twin", "--phone", "138-0013-8000", "--allow-duplicate", now="2026-10-05T08:00:00")
    funnel("move", 3, "trial", now="2026-10-06T08:00:00")
    funnel("move", 3, "potential", "--reason", "went quiet", now="2026-10-09T08:00:00")
    funnel("delete", 2, "--yes")  # a gap in the ids survives the round trip
    funnel.add("Last", now="2026-11-02T08:00:00")


@pytest.mark.usefixtures("batch_size")
def test_json_round_trip_reproduces_everything(funnel: Funnel, from_template, tmp_path) -> None:
    from_template(_fill)
    backup = tmp_path / "backup.json"
    funnel("export", "-f", "json", "-o", backup)
    doc = json.loads(backup.read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"]) == ("funnel-export", 1)
    assert [x["id"] for x in doc["leads"]] == [1, 3, 4]
    before = {lid: funnel.json("show", lid) for lid in (1, 3, 4)}
    listed = funnel("list", "--state", "all", "-f", "csv").stdout

    other = str(tmp_path / "new.db")
    summary = funnel.json("--db", other, "import", backup)
    assert summary["imported"] == 3  # the twin's shared phone was allowed once: still is
    again = tmp_path / "again.json"
    funnel("--db", other, "export", "-o", again)
    strip = lambda text: [l for l in text.splitlines() if "exported_at" not in l]
    assert strip(again.read_text(encoding="utf-8")) == strip(backup.read_text(encoding="utf-8"))
    for lid, shown in before.items():
        assert funnel.json("--db", other, "show", lid) == shown
    assert funnel("--db", other, "list", "--state", "all", "-f", "csv").stdout == listed
    assert funnel("--db", other, "add", "Next").stdout == "5\n"  # ids go on after the import


@pytest.mark.usefixtures("batch_size")
def test_json_into_a_store_with_leads_gets_new_ids(funnel: Funnel, from_template, tmp_path) -> None:
    from_template(_fill)
    backup = tmp_path / "backup.json"
    funnel("export", "-o", backup)
    other = str(tmp_path / "other.db")
    funnel("--db", other, "add", "Resident")
    assert funnel.json("--db", other, "import", backup)["imported"] == 3
    names = [(x["id"], x["name"]) for x in funnel.json("--db", other, "list", "--state", "all")]
    assert names == [(1, "Resident"), (2, "张伟"), (3, "Twin"), (4, "Last")]
    restored = funnel.json("--db", other, "show", 2)
    assert [o["amount"] for o in restored["orders"]] == [1000.5, 300]
    assert len(restored["history"]) == len(funnel.json("show", 1)["history"])
    err = funnel("--db", other, "import", backup, ok=None)
    assert err.exit_code == 1 and "already has this phone" in err.stderr


@pytest.mark.usefixtures("batch_size")
def test_csv_export_imports_back_the_same(funnel: Funnel, from_template, tmp_path) -> None:
    from_template(_fill)
    out = tmp_path / "leads.csv"
    funnel("export", "-o", out)
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["id", "name", "company"] and header[-3:-1] == ["note", "follow_note"]
    assert header[-1] == "industry" and "fields" not in header  # a custom field's own column
    other = str(tmp_path / "csv.db")
    funnel("--db", other, "import", out, "--on-duplicate", "skip")
    again = tmp_path / "again.csv"
    funnel("--db", other, "export", "-f", "csv", "-o", again)
    first, second = out.read_text(encoding="utf-8"), again.read_text(encoding="utf-8")
    twin = [line for line in first.splitlines() if ",Twin," in line]
    assert second.splitlines() == [line for line in first.splitlines() if line not in twin]
    # stdout and file agree (nothing here looks like a formula), but for the BOM
    assert "\ufeff" + funnel("export", "-f", "csv").stdout == first


def test_export_of_an_empty_store(funnel: Funnel) -> None:
    funnel("db", "upgrade")
    doc = json.loads(funnel("export").stdout)
    assert doc["leads"] == [] and doc["version"] == 1
    assert funnel("export", "-f", "csv").stdout.startswith("id,name,company,")
    assert funnel("export", "-f", "table", ok=None).exit_code == 2


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_json_stream_reader_across_chunk_edges(tmp_path, monkeypatch, chunk) -> None:
    from funnel.transfer import readers

    monkeypatch.setattr(readers, "CHUNK", chunk)
    leads = [
        {"name": f"n{i}", "value": 1234567 + i, "note": "x\ny" * i, "ok": i % 2 == 0}
        for i in range(6)
    ]
    text = (
        '{"format": "funnel-export", "version": 1,\n "leads": [\n'
        + ",\n".join(json.dumps(x) for x in leads)
        + "\n]}\n"
    )
    src = tmp_path / "x.json"
    src.write_text(text, encoding="utf-8")
    lf = readers.open_lead_file(src)
    got = list(readers.records(lf))
    lf.binary.close()
    assert lf.restore
    assert [r.data for r in got] == leads
    assert [r.line for r in got] == [3, 4, 5, 6, 7, 8]


def test_import_where_processes_are_spawned(funnel: Funnel, tmp_path, monkeypatch) -> None:
    """Without fork (macOS, Windows) the reading process starts afresh: same result."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    src = write(tmp_path / "s.csv", "姓名,阶段,金额,已付\n张伟,正式,100,100\n王芳,意向,5,\n")
    assert funnel.json("import", src)["imported"] == 2
    zhang = funnel.json("show", 1)
    assert (zhang["stage"], zhang["paid"], [o["amount"] for o in zhang["orders"]]) == (
        "formal",
        100,
        [100],
    )
    bad = funnel("import", write(tmp_path / "b.csv", "name,value\nA,x\n"), ok=None)
    assert bad.exit_code == 1 and "line 2: invalid amount 'x'" in bad.stderr


def test_large_import_builds_indexes_at_the_end(funnel, tmp_path, monkeypatch, store_path) -> None:
    """A big import into an empty store drops the secondary indexes and builds them at
    the end; a failed one gets them back with the rollback."""
    import sqlite3

    from funnel.transfer import importing

    monkeypatch.setattr(importing, "DEFER_INDEXES_BYTES", 0)
    funnel("db", "upgrade")
    con = sqlite3.connect(store_path)
    before = sorted(
        con.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')")
    )
    con.close()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,phone\nA,1\nB,2\n,3\n", encoding="utf-8")
    funnel("import", str(bad), ok=False)
    good = tmp_path / "good.csv"
    good.write_text("name,phone\nA,1\nB,2\nC,3\n", encoding="utf-8")
    funnel("import", str(good))
    con = sqlite3.connect(store_path)
    after = sorted(
        con.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')")
    )
    plan = con.execute("EXPLAIN QUERY PLAN SELECT id FROM lead WHERE phone_norm = '2'").fetchall()
    con.close()
    assert after == before and len(before) > 10
    assert "ix_lead_phone_norm" in str(plan)
    assert [x["name"] for x in funnel.json("list")] == ["A", "B", "C"]
