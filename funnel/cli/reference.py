"""Reference: the five stages with their gates and tips, the nine personas."""

from __future__ import annotations

from typing import Any

import typer

from funnel.cli.common import FormatOpt, state
from funnel.i18n import language, t


def stages(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """The five stages, what it takes to enter each, and how to move a lead on.

    Example: funnel stages -f json
    """
    from funnel.domain.stages import STAGES, Stage, gate_text
    from funnel.views import render
    from funnel.views.leads import stage_tip

    state(ctx).settings()
    rows = [
        {
            "stage": s.key,
            "zh": s.zh,
            "label": s.label,
            "gate": gate_text(s) if s >= Stage.INTENT else None,
            "tip": stage_tip(s.key),
        }
        for s in STAGES
    ]
    keys = ("stage", "zh", "gate", "tip")
    render.show(render.View(json=rows, rows=rows, keys=keys, human=lambda: _cards(rows)), fmt)


def _cards(rows: list[dict[str, Any]]) -> list[Any]:
    """Stages or personas for people: the label in the interface language with the key
    a command takes (``potential``, ``tricky``), then its paragraphs, indented and
    wrapped to the terminal (never a Chinese comma starting a line)."""
    from rich.text import Text

    from funnel.views.paragraph import Paragraph

    parts: list[Any] = []
    for row in rows:
        # zh: the Chinese label and the key commands take; en: the key and its Chinese
        key = row.get("stage") or row.get("persona") or ""
        other = key if language() == "zh" else row["zh"]
        title = Text(row["label"], style="bold")
        if other != row["label"]:
            title.append(f"  {other}", style="dim")
        parts.append(title)
        for field in ("gate", "traits", "tip", "approach"):
            if row.get(field):
                label = f"{t('h.' + field)}{t('cfg.colon')}"
                parts.append(Paragraph(row[field], indent=2, label=label))
        parts.append("")
    return parts[:-1]


def personas(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """The nine customer personas, their traits and an honest way to work with each.

    Example: funnel personas -f plain | grep tricky
    """
    from funnel.domain.leads import PERSONA_ZH, PERSONAS
    from funnel.views import render

    state(ctx).settings()
    rows = [
        {
            "persona": p,
            "zh": PERSONA_ZH[p],
            "label": t(f"persona.{p}"),
            "traits": t(f"traits.{p}"),
            "approach": t(f"approach.{p}"),
        }
        for p in PERSONAS
    ]
    keys = ("persona", "zh", "traits", "approach")
    render.show(render.View(json=rows, rows=rows, keys=keys, human=lambda: _cards(rows)), fmt)


def register(app: typer.Typer) -> None:
    app.command()(stages)
    app.command()(personas)
