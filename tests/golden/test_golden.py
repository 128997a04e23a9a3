"""What people read, byte for byte: ``list``, ``show``, ``due``, ``stale`` and reports as
tables at 80 and 120 columns and as plain text, on a store built the same way every time
(pinned clock and time zone, no colour).

The expected output lives next to this file, one file per command and format. A missing
or different file fails with a diff; ``pytest --update-golden tests/golden`` rewrites the
files from the current output — then read the diff in git before committing it.
"""

from __future__ import annotations

import difflib
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
}
WIDTHS = (80, 120)


def build_golden(f: Funnel) -> None:
    """The story (won, lost, dead, repeat orders) plus a rich customer, follow-ups due
    around today and leads left alone too long."""
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
        now="2026-11-01T09:00:00",
    )
    f("follow", wang, "2026-11-17", now="2026-11-01T09:10:00")
    liu = f.add(
        "Liu Yang", "--stage", "intent", "--value", "12000", "--owner", "li", now="2026-11-10"
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
        now="2026-11-19T17:00:00",
    )
    f.add("Old Potential", "--source", "web", now="2026-09-01T08:00:00")


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


def golden_path(case: str, fmt: str, width: int) -> Path:
    # Plain output is the same at every width: both widths compare with one file.
    return HERE / (f"{case}.plain.txt" if fmt == "plain" else f"{case}.{fmt}-{width}.txt")


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
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("fmt", ["table", "plain"])
@pytest.mark.parametrize("case", list(CASES))
def test_output_matches_its_golden_file(
    funnel: Funnel, from_template, request: pytest.FixtureRequest, case: str, fmt: str, width: int
) -> None:
    from_template(build_golden)
    result = funnel.using(COLUMNS=str(width))(*CASES[case], "-f", fmt)
    assert result.stdout_bytes, "nothing printed"
    compare(
        golden_path(case, fmt, width),
        result.stdout_bytes,
        update=request.config.getoption("--update-golden"),
    )


def test_every_golden_file_belongs_to_a_case() -> None:
    expected = {
        golden_path(case, fmt, width).name
        for case in CASES
        for fmt in ("table", "plain")
        for width in WIDTHS
    }
    assert {p.name for p in HERE.glob("*.txt")} - expected == set()
