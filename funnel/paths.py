"""Where files live: platformdirs defaults, overridden by env, resolved at call time."""

from __future__ import annotations

import os
from pathlib import Path

APP = "funnel"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "funnel.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def config_path() -> Path:
    env = os.environ.get("FUNNEL_CONFIG", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False) / "config.toml"


def db_target(option: str | None) -> str:
    """The store asked for: ``--db``, then ``FUNNEL_DB``, then the default file."""
    for value in (option, os.environ.get("FUNNEL_DB")):
        if value and value.strip():
            return value.strip()
    return str(default_db_path())
