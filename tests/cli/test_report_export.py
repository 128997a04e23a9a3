"""Reports saved for a browser or a mail (-o FILE.html / .svg), and reports that must not
mislead: trend up to today, the latest periods first, bar columns with headers."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from unicodedata import east_asian_width

import pytest

from funnel.cli.report import REPORTS
from tests.harness import Funnel


def build_customers_zh(funnel: Funnel) -> None:
    """Chinese and Latin names, formal customers with orders, one lost lead."""
    for name, company, orders in (
        ("张伟", "华星科技", ("9000", "1200")),
        ("李娜", "锦程教育", ("4000",)),
        ("Anna <b>Schmidt</b>", "Acme & Co", ("700", "300", "200")),
    ):
        lid = funnel.add(
            name, "--company", company, "--value", "5000", "--stage", "formal", "--force",
            now="2026-09-01T09:00",
        )  # fmt: skip
        for i, amount in enumerate(orders):
            funnel("order", lid, amount, "--on", f"2026-10-{10 + i:02d}")
    lost = funnel.add("王芳", now="2026-08-01T09:00")
    funnel("lose", lost, "--reason", "价格太高", now="2026-08-05T09:00")


class Page(HTMLParser):
    """The parts of an HTML page a test looks at; fails on a tag closed out of order."""

    VOID = frozenset({"meta", "br", "img", "link", "hr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.tables: list[dict[str, list[list[str]]]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._part = "tbody"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)
        if tag == "table":
            self.tables.append({"thead": [], "tbody": []})
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open)
        self.open.pop()
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][self._part].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.open and self.open[-1] == "title":
            self.title += data
        if self._cell is not None:
            self._cell.append(data)


def page_of(path: Path) -> tuple[str, Page]:
    html = path.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()
    assert page.open == [], "every element is closed"
    return html, page


def table_headed(page: Page, header: str) -> dict[str, list[list[str]]]:
    return next(t for t in page.tables if t["thead"] and header in t["thead"][0])


@pytest.mark.parametrize("kind", list(REPORTS))
def test_html_is_a_document_with_tables(
    funnel: Funnel, from_template, tmp_path: Path, kind: str
) -> None:
    from_template(build_customers_zh)
    funnel("goal", "set", "2026", "1000")  # the goals report lists goals
    path = tmp_path / f"{kind}.html"
    funnel("report", kind, "-o", str(path))
    html, page = page_of(path)
    assert html.lower().startswith("<!doctype html>")
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert page.title.startswith("funnel · ") and len(page.title) > len("funnel · ")
    assert "<pre>" not in html  # no terminal text dropped into the page
    assert page.tables, "the tables are tables"
    assert "<b>" not in html  # a name's markup stays text


def test_html_tables_have_the_terminal_rows_and_chinese_as_is(
    funnel: Funnel, from_template, tmp_path: Path
) -> None:
    from_template(build_customers_zh)
    path = tmp_path / "abc.html"
    funnel("report", "abc", "-o", str(path))
    html, page = page_of(path)
    assert page.title == "funnel · ABC customers by revenue"
    classes = table_headed(page, "class")
    assert classes["thead"][0][:4] == ["class", "customers", "revenue", "share"]
    assert [row[0] for row in classes["tbody"]] == ["A", "B", "C"]
    customers = table_headed(page, "name")
    assert len(customers["tbody"]) == 3  # one row per customer, as on the terminal
    names = [row[1] for row in customers["tbody"]]
    assert names == ["张伟", "李娜", "Anna <b>Schmidt</b>"]
    assert "张伟" in html and "&#24352;" not in html  # UTF-8 as is, not character references
    assert "Anna &lt;b&gt;Schmidt&lt;/b&gt;" in html
    # the charts are CSS bars, not block characters
    assert 'class="bar"' in html and "█" not in html


def test_html_in_chinese(funnel: Funnel, from_template, tmp_path: Path) -> None:
    from_template(build_customers_zh)
    zh = funnel.using(FUNNEL_LANG="zh")
    path = tmp_path / "funnel.html"
    zh("report", "-o", str(path))
    html, page = page_of(path)
    assert page.title == "funnel · 销售漏斗"
    assert '<html lang="zh-CN">' in html
    stages = table_headed(page, "阶段")
    assert len(stages["tbody"]) == 5
    reasons = next(t for t in page.tables if any("价格太高" in r for r in t["tbody"]))
    assert reasons["tbody"] == [["价格太高", "1"]]
    assert "如何行动" in "".join(page.text)


def test_html_trend_keeps_sparklines_and_legend_as_text(funnel: Funnel, tmp_path: Path) -> None:
    funnel.add("Ann", now="2026-07-03T09:00")
    funnel.add("Bob", now="2026-07-10T09:00")
    funnel.add("Cai", now="2026-09-10T09:00")
    path = tmp_path / "trend.html"
    funnel("report", "trend", "-o", str(path))
    html, page = page_of(path)
    table = table_headed(page, "period")
    assert table["thead"][0][-1].split() == ["new", "won", "lost"]  # swatches are bars
    assert [row[:2] for row in table["tbody"]] == [
        ["2026-07", "2"], ["2026-08", "0"], ["2026-09", "1"], ["2026-10", "0"], ["2026-11", "0"]
    ]  # fmt: skip
    assert re.search(r'<span class="spark"[^>]*>█▁▅▁▁</span>', html)


def test_svg_gives_chinese_two_cells(funnel: Funnel, from_template, tmp_path: Path) -> None:
    from_template(build_customers_zh)
    path = tmp_path / "abc.svg"
    funnel("report", "abc", "-o", str(path))
    svg = path.read_text(encoding="utf-8")
    found = re.findall(r'<text[^>]*\bx="([0-9.]+)"[^>]*textLength="([0-9.]+)"[^>]*>([^<]*)<', svg)
    texts = [(x, n, unescape(s).replace("\xa0", " ")) for x, n, s in found]
    cell = next(float(n) / len(s) for _x, n, s in texts if s.isascii() and s.strip())
    wide = [(float(x), float(n), s) for x, n, s in texts if s == "张伟"]
    assert wide and all(abs(n - 4 * cell) < 0.01 for _x, n, _s in wide)  # 2 chars, 4 cells
    for _x, n, s in (t for t in texts if t[2].strip()):  # as long as its cells; CJK apart
        assert abs(float(n) - cell * sum(map(cells, s))) < 0.01, s
        assert len(set(map(cells, s))) == 1, s


def cells(ch: str) -> int:
    return 2 if east_asian_width(ch) in "WF" else 1


# --- trend -------------------------------------------------------------------------------


def test_trend_runs_to_today_with_zero_rows(funnel: Funnel) -> None:
    funnel.add("Ann", now="2026-07-03T09:00")
    funnel.add("Bob", now="2026-08-10T09:00")
    rows = funnel.json("report", "trend")  # today is 2026-11-20
    assert [r["period"] for r in rows] == [f"2026-{m:02d}" for m in range(7, 12)]
    assert rows[-3:] == [
        {"period": p, "new": 0, "won": 0, "lost": 0} for p in ("2026-09", "2026-10", "2026-11")
    ]
    assert [r["period"] for r in funnel.json("report", "trend", "--until", "2026-09-30")] == [
        "2026-07",
        "2026-08",
        "2026-09",
    ]
    table = funnel("report", "trend", "-f", "table").stdout
    assert "2026-11" in table


def test_an_old_lead_keeps_the_terminal_short_and_json_whole(funnel: Funnel) -> None:
    funnel.add("Old", now="1990-01-15T09:00")
    for day in ("2026-10-01", "2026-11-02", "2026-11-03"):
        funnel.add("New", now=f"{day}T09:00")
    rows = funnel.json("report", "trend")
    assert len(rows) == (2026 - 1990) * 12 + 11  # 1990-01 … 2026-11, every month
    assert set(rows[0]) == {"period", "new", "won", "lost"}
    assert len(funnel("report", "trend", "-f", "plain").stdout.splitlines()) == len(rows)
    table = funnel("report", "trend", "-f", "table").stdout
    periods = re.findall(r"│ (\d{4}-\d\d) ", table)
    assert periods == [f"{y}-{m:02d}" for y, m in [(2024, 12)] + [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 12)]]  # fmt: skip
    assert f"latest 24 of {len(rows)} periods" in table
    assert len(table.splitlines()) < 60


def test_the_sparkline_shows_the_latest_periods(funnel: Funnel) -> None:
    funnel.add("Old", now="1990-01-15T09:00")
    funnel.add("New", now="2026-11-02T09:00")
    table = funnel("report", "trend", "-f", "table").stdout
    line = next(ln for ln in table.splitlines() if ln.lstrip().startswith("new "))
    spark = line.split()[-1]
    assert len(spark) == 48 and spark[-1] == "█" and set(spark[:-1]) == {"▁"}
    assert "2022-12 … 2026-11" in table  # the 48 months it covers


def test_trend_fits_60_columns(funnel: Funnel) -> None:
    from rich.cells import cell_len

    for day in ("2026-01-05", "2026-03-02", "2026-03-03", "2026-07-20", "2026-11-02"):
        lid = funnel.add("Lead", now=f"{day}T09:00")
        funnel("move", lid, "formal", "--force", "--on", day)
    for lang in ("", "zh"):
        run = funnel.using(FUNNEL_LANG=lang, COLUMNS="60")
        out = run("report", "trend", "--by", "week", "-f", "table").stdout
        table = [ln for ln in out.splitlines() if ln.startswith(("┃", "│"))]
        assert all(cell_len(ln) <= 60 and ln.endswith(("┃", "│")) for ln in table), out
        assert "│ 2026-W24 │" in out and "│ 2026-W47 │" in out  # whole, never shortened


# --- chart headers -----------------------------------------------------------------------

CUSTOMER_REPORTS = ("abc", "rfm", "loyalty", "lifecycle", "matrix")


@pytest.mark.parametrize("lang,header", [("", "revenue share"), ("zh", "收入占比")])
def test_customer_bars_have_a_header(funnel: Funnel, from_template, lang: str, header: str) -> None:
    from_template(build_customers_zh)
    run = funnel.using(FUNNEL_LANG=lang)
    for kind in CUSTOMER_REPORTS:
        out = run("report", kind, "-f", "table").stdout
        head = next(ln for ln in out.splitlines() if "┃" in ln)
        assert head.rstrip("┃ ").endswith(header), (kind, head)
        data = json.loads(run("report", kind, "-f", "json").stdout)
        summary = next(v for k, v in data.items() if k != "customers")
        best = max(summary, key=lambda g: g["share"] or 0)
        bars = {ln.count("█") for ln in out.splitlines() if f"{best['share'] * 100:.1f}%" in ln}
        assert round(20 * best["share"]) in bars  # full bar = 100% of revenue


def test_trend_and_win_rate_bars_have_a_header(funnel: Funnel, from_template) -> None:
    from_template(build_customers_zh)
    assert "█ new ▓ won ░ lost" in funnel("report", "trend", "-f", "table").stdout
    assert "win rate chart" in funnel("report", "sources", "-f", "table").stdout
    zh = funnel.using(FUNNEL_LANG="zh")
    assert "█ 新增 ▓ 成交 ░ 流失" in zh("report", "trend", "-f", "table").stdout
    assert "成交率图" in zh("report", "sources", "-f", "table").stdout
