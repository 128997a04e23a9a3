"""Tab completion candidates: stage names, personas, kinds, states, and what the store
knows (lead ids with their names, owners, sources, tags).

A completion runs on every Tab press, so it must answer at once: no SQLModel or
SQLAlchemy here. The store is read with the standard library's sqlite3, read-only,
and any trouble (no store yet, a PostgreSQL URL, a locked or broken file) means no
candidates rather than an error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import typer

if TYPE_CHECKING:
    from funnel.domain.choices import Choice

LIMIT = 200  # a shell menu longer than this helps nobody


def _root_db(ctx: Any) -> str | None:
    """The ``--db`` given before the subcommand, if any."""
    node = ctx
    while node is not None:
        if node.parent is None:
            value = node.params.get("db")
            return value if isinstance(value, str) else None
        node = node.parent
    return None


def _sqlite_path(ctx: Any) -> Path | None:
    from funnel.paths import db_target

    target = db_target(_root_db(ctx))
    if "://" in target:
        if not target.startswith("sqlite:///"):
            return None
        target = target[len("sqlite:///") :]
    path = Path(target).expanduser()
    return path if path.is_file() else None


@contextmanager
def _store(ctx: Any) -> Iterator[sqlite3.Connection | None]:
    """The store opened read-only, or None when it cannot be read."""
    path = _sqlite_path(ctx)
    if path is None:
        yield None
        return
    try:
        con = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        yield None
        return
    try:
        yield con
    finally:
        con.close()


def _query(ctx: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    try:
        with _store(ctx) as con:
            if con is None:
                return []
            return con.execute(sql, params).fetchmany(LIMIT)
    except (sqlite3.Error, OSError, ValueError):
        return []


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# --- from the store -------------------------------------------------------------------


def lead_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Lead ids starting with what is typed, each with the lead's name."""
    if incomplete and not incomplete.isdigit():
        return []
    rows: list[tuple[Any, ...]] = []
    try:
        with _store(ctx) as con:
            for low, high in _id_ranges(incomplete):
                if con is None or len(rows) >= LIMIT:
                    break
                rows += con.execute(
                    "SELECT id, name, company FROM lead WHERE id BETWEEN ? AND ? ORDER BY id "
                    "LIMIT ?",
                    (low, high, LIMIT - len(rows)),
                ).fetchall()
    except (sqlite3.Error, OSError, ValueError):
        return []
    return [(str(i), f"{name} ({company})" if company else str(name)) for i, name, company in rows]


MAX_ID = 2**63 - 1


def _id_ranges(digits: str) -> Iterator[tuple[int, int]]:
    """The ids whose decimal form starts with ``digits``, as ranges in increasing order:
    12 → 12, 120–129, 1200–1299 … Each is a range of the primary key, so a Tab press
    reads a few rows, not every id cast to text."""
    if not digits:
        yield 0, MAX_ID
        return
    if digits.startswith("0"):
        return
    base, width = int(digits), 0
    while base * 10**width <= MAX_ID:
        low = base * 10**width
        yield low, min(low + 10**width - 1, MAX_ID)
        width += 1


def _distinct(ctx: Any, sql_column: str, incomplete: str) -> list[str]:
    table = "lead_tag" if sql_column == "tag" else "lead"
    rows = _query(
        ctx,
        f"SELECT DISTINCT {sql_column} FROM {table} WHERE {sql_column} "
        f"LIKE ? ESCAPE '\\' ORDER BY {sql_column}",
        (_like(incomplete),),
    )
    return [str(r[0]) for r in rows if r[0]]


def owners(ctx: typer.Context, incomplete: str) -> list[str]:
    return _distinct(ctx, "owner", incomplete)


def sources(ctx: typer.Context, incomplete: str) -> list[str]:
    return _distinct(ctx, "source", incomplete)


def tags(ctx: typer.Context, incomplete: str) -> list[str]:
    return _distinct(ctx, "tag", incomplete)


# --- fixed vocabularies ---------------------------------------------------------------


def _vocabulary(choice: Choice, incomplete: str) -> list[tuple[str, str]]:
    """Keys starting with what is typed (each with its first alias), then the aliases."""
    keys = [
        (key, next(iter(choice.spellings(key)), ""))
        for key in choice.keys
        if key.startswith(incomplete.lower())
    ]
    return keys + [
        (alias, key)
        for alias, key in choice.aliases.items()
        if incomplete and alias.startswith(incomplete)
    ]


def stages(incomplete: str) -> list[tuple[str, str]]:
    """Stage names, English then Chinese, each with its gate as the description."""
    from funnel.domain.stages import STAGE, STAGES, Stage, gate_text

    out = []
    for stage in STAGES:
        about = f"{stage.zh} / {stage.key}"
        if stage >= Stage.INTENT:
            about += f": {gate_text(stage)}"
        for name in (stage.key, *STAGE.spellings(stage.key)):
            if name.startswith(incomplete.lower() if name.isascii() else incomplete):
                out.append((name, about))
    return out


def personas(incomplete: str) -> list[tuple[str, str]]:
    from funnel.domain.choices import PERSONA

    return _vocabulary(PERSONA, incomplete)


def kinds(incomplete: str) -> list[tuple[str, str]]:
    from funnel.domain.choices import KIND

    return _vocabulary(KIND, incomplete)


def states(incomplete: str) -> list[str]:
    from funnel.domain.choices import LIST_STATE

    return [s for s in LIST_STATE.keys if s.startswith(incomplete.lower())]


def lost_reasons(incomplete: str) -> list[str]:
    """The config's [lost_reasons] starting with what is typed (any case)."""
    from funnel.config import ConfigError, load_settings

    try:
        reasons = load_settings().lost_reasons
    except (ConfigError, OSError):
        return []
    return [r for r in reasons if r.casefold().startswith(incomplete.casefold())]


def activity_kinds(incomplete: str) -> list[str]:
    from funnel.domain.followups import ACTIVITY_KIND

    return [k for k in ACTIVITY_KIND.keys if k.startswith(incomplete.lower())]


def ids_then_stage(ctx: typer.Context, args: list[str], incomplete: str) -> list[tuple[str, str]]:
    """``move ID... STAGE``: ids while digits are typed, then the stage names."""
    typed = ctx.params.get("args") or []
    if incomplete.isdigit() or (not incomplete and not typed):
        return lead_ids(ctx, incomplete)
    return stages(incomplete)


# --- dates and periods (forecast and goals) ---------------------------------------------

_DATE_WORDS = (
    "today",
    "tomorrow",
    "+1w",
    "+2w",
    "+1m",
    "+3m",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "明天",
    "下周一",
    "下周五",
)


def dates(incomplete: str) -> list[tuple[str, str]]:
    """``--close``: the usual date words, each with the day it means today."""
    from funnel.domain.dates import parse_date, today

    day = today()
    return [
        (word, parse_date(word, today=day).isoformat())
        for word in _DATE_WORDS
        if word.startswith(incomplete)
    ]


def periods(incomplete: str) -> list[str]:
    """``goal`` PERIOD: this and next month, quarter and year."""
    from funnel.domain.dates import today

    day = today()
    nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    quarter = (day.month - 1) // 3 + 1
    next_q = f"{day.year + 1}-Q1" if quarter == 4 else f"{day.year}-Q{quarter + 1}"
    found = [
        f"{day.year}-{day.month:02d}",
        f"{nxt.year}-{nxt.month:02d}",
        f"{day.year}-Q{quarter}",
        next_q,
        str(day.year),
        str(day.year + 1),
    ]
    return [p for p in found if p.startswith(incomplete.upper())]
