"""``funnel config``: the effective settings and where each came from."""

from __future__ import annotations

import typer

from funnel.cli.common import FormatOpt, state
from funnel.views.render import Column

app = typer.Typer(
    help="Show the effective settings and the config file's path.", no_args_is_help=True
)


@app.command("show")
def show(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Effective settings, each with where it came from (default, the file or FUNNEL_LANG).

    Example: funnel config show -f json
    """
    from funnel.i18n import env_language
    from funnel.views import render

    settings = state(ctx).settings()
    rows = [
        {"setting": key, "value": value, "source": source}
        for key, value, source in settings.items()
    ]
    if (spoken := env_language()) is not None:
        # FUNNEL_LANG overrides the file: show the language in effect, and why.
        for row in rows:
            if row["setting"] == "language":
                row.update(value=spoken, source="FUNNEL_LANG")
    columns = (
        Column("setting", "h.setting"),
        Column("value", "h.setting_value"),
        Column("source", "h.source_of", show=_source),
    )
    render.show(render.listing(rows, columns=columns), fmt)


def _source(where: str) -> str:
    from funnel.i18n import t

    if where == "FUNNEL_LANG":
        return t("cfg.from_env", name=where)
    return t("cfg.default") if where == "default" else where


@app.command("path")
def path() -> None:
    """Where the config file is read from ($FUNNEL_CONFIG or the user config folder).

    Example: $EDITOR "$(funnel config path)"
    """
    from funnel.paths import config_path

    typer.echo(str(config_path()))
