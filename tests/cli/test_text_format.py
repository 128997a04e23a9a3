"""``-f text``, the format for mail and logs: every listing, showing and report command
takes it; a one-line heading, no line over 78 cells (wide characters count two), no
box drawing, no colour codes; ``due`` opens with a one-line summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from funnel.views.text import CLOSING, cells, wrap
from tests.golden.test_golden import build_golden
from tests.harness import Funnel

REPORTS = ("funnel", "sources", "owners", "trend", "abc", "rfm", "loyalty", "lifecycle", "matrix")
COMMANDS = [
    ["list", "--state", "all"],
    ["show", "5"],
    ["show", "2"],
    ["due", "--within", "7"],
    ["stale"],
    ["stale", "--days", "1"],
    ["stages"],
    ["personas"],
    ["config", "show"],
    ["db", "check"],
    ["changes"],
    ["trash"],
    *(["report", name] for name in REPORTS),
]
BOX = re.compile(r"[\u2500-\u259f]")  # box drawing and block elements (bars)


def _check(text: str, args: list[str]) -> None:
    lines = text.splitlines()
    for line in lines:
        assert cells(line) <= 78, (args, line)
        assert not BOX.search(line), (args, line)
        assert "\x1b" not in line, (args, line)
    if lines:  # a heading first, then a blank line or the end
        assert lines[0].strip(), (args, text)
        assert len(lines) == 1 or lines[1] == "", (args, lines[:3])


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_listing_and_report_reads_as_text(
    funnel: Funnel, language: str, tmp_path: Path
) -> None:
    build_golden(funnel)
    f = funnel.using(FUNNEL_LANG=language, COLUMNS="200")
    f("delete", "4", "--yes")  # something in the trash
    csv = tmp_path / "new.csv"
    csv.write_text("name,company\n李雷,韩梅梅的公司\n")
    for args in [*COMMANDS, ["import", str(csv), "--dry-run"], ["demo"]]:
        out = f(*args, "-f", "text").stdout
        _check(out, args)
        assert out.strip(), args
        if language == "zh" and args[0] == "import":
            assert "试运行：是" in out


def test_text_shows_every_record_with_its_labels(funnel: Funnel) -> None:
    build_golden(funnel)
    leads = funnel.json("list", "--state", "all")
    out = funnel("list", "--state", "all", "-f", "text").stdout
    blocks = out.split("\n\n")[1:]
    assert len(blocks) == len(leads)
    for lead, block in zip(leads, blocks, strict=True):
        assert block.startswith(f"#{lead['id']} {lead['name']}")
        assert "  stage: " in block
    report = funnel("report", "-f", "text").stdout
    assert report.startswith("Sales funnel · 2026-11-20\n")
    assert "win rate: " in report


def test_due_text_opens_with_the_summary_and_gives_each_a_tip(funnel: Funnel) -> None:
    build_golden(funnel)
    funnel("follow", funnel.add("Eve"), "today", "--note", "call back，确认价格。")
    items = funnel.json("due", "--within", "7")
    overdue = sum(1 for i in items if i["overdue_days"] > 0)
    today = sum(1 for i in items if i["overdue_days"] == 0)
    ahead = len(items) - overdue - today
    assert overdue and today and ahead, "the store has all three kinds"
    out = funnel("due", "--within", "7", "-f", "text").stdout
    first = out.splitlines()[0]
    assert first == (
        f"{len(items)} follow-ups due: {overdue} overdue, {today} today, {ahead} in the days ahead"
    )
    blocks = out.split("\n\n")[1:]
    assert len(blocks) == len(items)
    for item, block in zip(items, blocks, strict=True):
        assert block.startswith(f"#{item['id']} {item['name']}")
        assert f"  due: {item['due']}" in block
        assert "  next step: " + item["tip"].split()[0] in block
    zh = funnel.using(FUNNEL_LANG="zh")("due", "--within", "7", "-f", "text").stdout
    assert zh.splitlines()[0] == (
        f"{len(items)} 个待跟进：{overdue} 个逾期，{today} 个今天到期，{ahead} 个即将到期"
    )
    assert "  下一步：" in zh


def test_one_follow_up_due_today(funnel: Funnel) -> None:
    lid = funnel.add("Ann")
    funnel("follow", lid, "today")
    out = funnel("due", "-f", "text").stdout
    assert out.splitlines()[0] == "1 follow-up due: 1 today"
    assert funnel("due", "-f", "text", now="2026-11-10T10:00:00").stdout == ""  # none yet


def test_text_saved_to_a_file_is_the_text(funnel: Funnel, tmp_path: Path) -> None:
    build_golden(funnel)
    target = tmp_path / "funnel.txt"
    funnel("report", "-f", "text", "-o", str(target))
    assert target.read_text() == funnel("report", "-f", "text").stdout


def test_show_text_has_the_fields_the_history_and_the_money(funnel: Funnel) -> None:
    build_golden(funnel)
    lead = json.loads(funnel("show", "5", "-f", "json").stdout)
    out = funnel("show", "5", "-f", "text").stdout
    assert out.startswith("#5 张伟 · 2026-11-20\n\ncompany: 华星科技\n")
    for title in ("History", "Activities", "Payments", "Orders", "Next step"):
        assert f"\n\n{title}\n" in out
    history = out.split("\nHistory\n")[1].split("\n\n")[0].splitlines()
    assert len(history) == len(lead["history"])
    assert "  2026-10-10 10,000 · deposit" in out


@pytest.mark.parametrize(
    "text",
    [
        "报价已发送，等待回复。这是一段很长的中文备注，用来测试换行时标点不会出现在行首，"
        "以及宽字符按两个单元格计算的规则是否正确，再多写一点点。" * 3,
        "word " * 40 + "https://example.com/" + "x" * 120,
        "mixed 中文 and English，标点；" * 10,
        "line one\nline two\n\nafter a blank",
    ],
)
def test_wrap_fits_and_never_starts_a_line_with_closing_punctuation(text: str) -> None:
    for width in (20, 40, 78):
        lines = wrap(text, width=width, first="  note: ", rest="    ")
        for line in lines:
            assert cells(line) <= width, line
            body = line.lstrip()
            assert not body or body[0] not in CLOSING or line.startswith("  note: "), line
        flat = "".join("".join(line.split()) for line in lines)
        assert flat.replace("note:", "", 1) == "".join(text.split())
