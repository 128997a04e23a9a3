"""Reference: the five stages with their gates and tips, the nine personas."""

from __future__ import annotations

import typer

from funnel.cli.common import FormatOpt, state
from funnel.i18n import t
from funnel.views.render import Column


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
    columns = (
        Column("label", "h.stage", style="bold"),
        Column("zh"),
        Column("gate"),
        Column("tip"),
    )
    render.show(render.listing(rows, columns=columns, keys=("stage", "zh", "gate", "tip")), fmt)


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
    columns = (
        Column("label", "h.persona_key", style="bold"),
        Column("zh"),
        Column("traits"),
        Column("approach"),
    )
    keys = ("persona", "zh", "traits", "approach")
    render.show(render.listing(rows, columns=columns, keys=keys), fmt)


def register(app: typer.Typer) -> None:
    app.command()(stages)
    app.command()(personas)
