"""What people read, byte for byte: ``list``, ``show``, ``due``, ``stale`` and reports as
tables at 60, 80 and 120 columns in English and Chinese, and as plain text, on a store
built the same way every time (pinned clock and time zone, no colour). Every table fits
its width (East Asian wide characters count as two cells) and splits no token.

The expected output lives next to this file, one file per command and format. A missing
or different file fails with a diff; ``pytest --update-golden tests/golden`` rewrites the
files from the current output — then read the diff in git before committing it.
"""

from __future__ import annotations

import difflib
import itertools
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import Funnel, build_story

HERE = Path(__file__).parent
# A POSIX zone needs no tz database: the same offset on every machine, and not UTC, so
# a mix-up between stored UTC and local time shows.
ZONE = "CST-8"
RICH = 5  # the lead with everything: history, activities, payments, orders, persona

CASES = {
    "list": ["list", "--state", "all"],
    "show": ["show", str(RICH)],
    "due": ["due", "--within", "7"],
    "stale": ["stale"],
    "report-funnel": ["report"],
    "report-abc": ["report", "abc"],
    "report-rfm": ["report", "rfm"],
    "report-forecast": ["report", "forecast"],
    "report-goals": ["report", "goals"],
}
WIDTHS = (60, 80, 120)
LANGS = ("en", "zh")
# The Monday tables: at 80 columns only, in both languages (table format).
MONDAY = {
    "review": ["review", "--since", "2026-11-01"],
    "report-lost": ["report", "lost"],
    "report-calibrate": ["report", "calibrate"],
}


def build_golden(f: Funnel) -> None:
    """The story (won, lost, dead, repeat orders) plus a rich customer, follow-ups due
    around today, leads left alone too long, expected close dates (one slipped) and
    sales goals."""
    build_story(f)  # leads 1–4
    zw = f.add(
        "张伟",
        "--company",
        "华星科技",
        "--phone",
        "138 0013 8000",
        "--email",
        "zhang.wei@huaxing.example",
        "--wechat",
        "zw88",
        "--source",
        "referral",
        "--owner",
        "li",
        "--kind",
        "business",
        "--persona",
        "tricky",
        "--tag",
        "vip",
        "--tag",
        "east",
        "--field",
        "industry=retail",
        "--note",
        "Prefers calls after 3 pm; decides with the finance director.",
        now="2026-09-01T09:30:00",
    )
    assert zw == RICH
    f("log", zw, "intro call, asked about their supplier", now="2026-09-02T15:00:00")
    f("move", zw, "trial", now="2026-09-05T10:00:00")
    f("edit", zw, "--value", "48000.50", now="2026-09-20T11:00:00")
    f("move", zw, "intent", "--reason", "scope and price agreed", now="2026-09-21T10:00:00")
    f("log", zw, "demoed the reporting module", "--kind", "visit", now="2026-09-25T14:00:00")
    f("contract", zw, now="2026-10-08T09:00:00")
    f("pay", zw, "10000", "--note", "deposit", now="2026-10-10T09:00:00")
    f("move", zw, "quasi", now="2026-10-10T10:00:00")
    f("pay", zw, "38000.50", "--note", "balance", now="2026-11-02T09:00:00")
    f("advance", zw, now="2026-11-03T09:00:00")
    f("order", zw, "12800", "--on", "2026-11-15", now="2026-11-15T16:00:00")
    f("log", zw, "sent the renewal sheet", "--kind", "email", now="2026-11-18T10:00:00")
    f("follow", zw, "2026-11-24", "--note", "call about the renewal", now="2026-11-18T10:05:00")

    wang = f.add(
        "王芳",
        "--company",
        "东方物流",
        "--stage",
        "trial",
        "--owner",
        "wang",
        "--source",
        "fair",
        "--persona",
        "owner",
        "--close",
        "2026-11-10",
        now="2026-11-01T09:00:00",
    )
    f("follow", wang, "2026-11-17", now="2026-11-01T09:10:00")
    liu = f.add(
        "Liu Yang",
        "--stage",
        "intent",
        "--value",
        "12000",
        "--owner",
        "li",
        "--close",
        "2026-12-15",
        now="2026-11-10",
    )
    f("follow", liu, "today", "--note", "send the quote", now="2026-11-10T09:00:00")
    f.add(
        "Maria Rossi",
        "--company",
        "Rossi Ceramiche S.r.l. — the Sassuolo showroom and warehouse",
        "--stage",
        "quasi",
        "--value",
        "9000",
        "--force",
        "--follow-up",
        "2026-11-22",
        "--source",
        "web",
        "--close",
        "2026-11-30",
        now="2026-11-19T17:00:00",
    )
    f.add("Old Potential", "--source", "web", now="2026-09-01T08:00:00")
    # sales targets: the team's quarter, li's month, wang's year
    f("goal", "set", "2026-Q4", "100000", now="2026-11-19T18:00:00")
    f("goal", "set", "2026-11", "50000", "--owner", "li", now="2026-11-19T18:00:00")
    f("goal", "set", "2026", "20000", "--owner", "wang", now="2026-11-19T18:00:00")


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed time zone, and none of the variables that make Rich draw for a terminal."""
    if not hasattr(time, "tzset"):
        pytest.skip("the time zone cannot be pinned on this platform")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", ZONE)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def golden_path(case: str, fmt: str, width: int, lang: str = "en") -> Path:
    # Plain output is the same at every width and in every language: one file.
    if fmt == "plain":
        return HERE / f"{case}.plain.txt"
    return HERE / f"{case}.{fmt}-{width}{'' if lang == 'en' else f'.{lang}'}.txt"


def compare(path: Path, actual: bytes, *, update: bool) -> None:
    name = path.relative_to(HERE.parent.parent)
    if update:
        path.write_bytes(actual)
        return
    refresh = "if the new output is right, run: pytest --update-golden tests/golden"
    if not path.exists():
        pytest.fail(f"{name} is missing; {refresh}\n\n{actual.decode()}", pytrace=False)
    expected = path.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode().splitlines(keepends=True),
            actual.decode().splitlines(keepends=True),
            fromfile=f"{name} (expected)",
            tofile="output now",
        )
        pytest.fail(
            f"the output differs from {name} (byte for byte: trailing spaces count); "
            f"{refresh}\n\n{''.join(diff)}",
            pytrace=False,
        )


@pytest.mark.usefixtures("pinned")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", list(CASES))
def test_table_matches_its_golden_file(
    funnel: Funnel, from_template, request: pytest.FixtureRequest, case: str, width: int, lang: str
) -> None:
    from_template(build_golden)
    result = funnel.using(COLUMNS=str(width), FUNNEL_LANG=lang)(*CASES[case], "-f", "table")
    assert result.stdout_bytes, "nothing printed"
    compare(
        golden_path(case, "table", width, lang),
        result.stdout_bytes,
        update=request.config.getoption("--update-golden"),
    )


@pytest.mark.usefixtures("pinned")
@pytest.mark.parametrize("case", list(CASES))
def test_plain_matches_its_golden_file(
    funnel: Funnel, from_template, request: pytest.FixtureRequest, case: str
) -> None:
    from_template(build_golden)
    result = funnel(*CASES[case], "-f", "plain")
    assert result.stdout_bytes, "nothing printed"
    compare(
        golden_path(case, "plain", 0),
        result.stdout_bytes,
        update=request.config.getoption("--update-golden"),
    )


# What must appear whole on one line of a table wherever it shows: the story's stage
# names, amounts and dates (in both languages).
TOKENS = {
    "en": ("potential", "intent", "formal", "48,000.50", "38,000.50", "12,000", "2026-11-24"),
    "zh": ("48,000.50", "38,000.50", "12,000", "2026-11-24"),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", list(CASES))
def test_golden_tables_fit_their_width_and_split_no_token(
    monkeypatch: pytest.MonkeyPatch, case: str, width: int, lang: str
) -> None:
    from rich.cells import cell_len

    from funnel.domain.stages import Stage

    path = golden_path(case, "table", width, lang)
    if not path.exists():
        pytest.skip(f"{path.name} is not written yet")
    text = path.read_text()
    lines = text.splitlines()
    too_wide = [line for line in lines if cell_len(line) > width]
    assert too_wide == [], f"{path.name}: lines wider than {width} cells"
    monkeypatch.setenv("FUNNEL_LANG", lang)
    stages = [s.label for s in Stage]
    for token in (*TOKENS[lang], *stages):
        for cut in range(1, len(token)):
            head, tail = token[:cut], token[cut:]
            # Shortened: a piece of it (not inside another word) and an ellipsis.
            cut_short = re.search(rf"(?<!\w){re.escape(head)}…", text)
            assert cut_short is None, f"{path.name}: {token!r} is cut short"
            # Folded: a piece at the end of a cell, the rest at the start of the same
            # cell on the next line.
            for above, below in itertools.pairwise(lines):
                for top, bottom in zip(_cells(above), _cells(below), strict=False):
                    if top.rstrip().endswith(head) and bottom.strip().startswith(tail):
                        pytest.fail(f"{path.name}: {token!r} is split:\n{above}\n{below}")


def _cells(line: str) -> list[str]:
    """A table line's cells (a line without borders is one cell)."""
    return re.split(r"[│┃]", line)


def test_every_golden_file_belongs_to_a_case() -> None:
    expected = {
        golden_path(case, fmt, width, lang).name
        for case in CASES
        for fmt in ("table", "plain")
        for width in WIDTHS
        for lang in LANGS
    }
    expected |= {golden_path(case, "table", 80, lang).name for case in MONDAY for lang in LANGS}
    assert {p.name for p in HERE.glob("*.txt")} - expected == set()


@pytest.mark.usefixtures("pinned")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", list(MONDAY))
def test_monday_table_matches_its_golden_file(
    funnel: Funnel, from_template, request: pytest.FixtureRequest, case: str, lang: str
) -> None:
    from_template(build_golden)
    result = funnel.using(COLUMNS="80", FUNNEL_LANG=lang)(*MONDAY[case], "-f", "table")
    assert result.stdout_bytes, "nothing printed"
    compare(
        golden_path(case, "table", 80, lang),
        result.stdout_bytes,
        update=request.config.getoption("--update-golden"),
    )
