"""Typed settings from ``config.toml``: defaults, the file, and where each value came from."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from funnel.errors import FunnelError
from funnel.files import open_input
from funnel.i18n import LANGUAGES, t
from funnel.paths import config_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

OPEN_STAGE_KEYS = ("potential", "trial", "intent", "quasi")

# Every key the file may hold, with its default. Sections are dicts.
DEFAULTS: dict[str, Any] = {
    "language": "en",
    "currency": "",
    "owner": "",
    "lock_timeout": 10,
    "probabilities": {"potential": 0.1, "trial": 0.2, "intent": 0.4, "quasi": 0.8},
    "stale_days": {"potential": 30, "trial": 14, "intent": 7, "quasi": 3},
    "abc": {"a": 0.05, "b": 0.15},
    "lifecycle": {"new_days": 30, "silent_days": 90, "lost_days": 180},
    # `lose --reason` picks from this list when it is not empty (`--other` for the rest)
    "lost_reasons": {"reasons": []},
}


LOCK_TIMEOUT_MAX = 3600


class ConfigError(FunnelError):
    """The config file is unreadable, or holds an unknown key or a wrong type."""


@dataclass
class Settings:
    """Effective settings; ``sources`` says where each dotted key came from."""

    values: dict[str, Any]
    path: Path
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, dotted: str) -> Any:
        node: Any = self.values
        for part in dotted.split("."):
            node = node[part]
        return node

    @property
    def language(self) -> str:
        return str(self.values["language"])

    @property
    def currency(self) -> str:
        return str(self.values["currency"])

    @property
    def owner(self) -> str | None:
        return str(self.values["owner"]) or None

    @property
    def lock_timeout(self) -> float:
        """Seconds a command waits for another writer before it gives up."""
        return float(self.values["lock_timeout"])

    @property
    def probabilities(self) -> dict[str, float]:
        return dict(self.values["probabilities"])

    @property
    def stale_days(self) -> dict[str, int]:
        return dict(self.values["stale_days"])

    @property
    def abc(self) -> dict[str, float]:
        return dict(self.values["abc"])

    @property
    def lifecycle(self) -> dict[str, int]:
        return dict(self.values["lifecycle"])

    @property
    def lost_reasons(self) -> list[str]:
        """The reasons ``lose`` offers (empty: any text)."""
        return list(self.values["lost_reasons"]["reasons"])

    def items(self) -> list[tuple[str, Any, str]]:
        """(dotted key, value, source) for every setting, in file order."""
        rows = []
        for key, default in DEFAULTS.items():
            if isinstance(default, dict):
                for sub in default:
                    dotted = f"{key}.{sub}"
                    rows.append((dotted, self.values[key][sub], self.sources[dotted]))
            else:
                rows.append((key, self.values[key], self.sources[key]))
        return rows


def _text_list(dotted: str, value: Any, where: str) -> list[str]:
    """A list of non-blank texts (``[lost_reasons] reasons``), each stripped."""
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise ConfigError(t("err.config", path=where, why=t("cfg.text_list", name=dotted)))
    return [x.strip() for x in value]


def _check(dotted: str, value: Any, default: Any, where: str) -> Any:
    """Type-check one value against its default's type and range."""
    if dotted == "lock_timeout":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(t("err.config", path=where, why=t("cfg.number", name=dotted)))
        if not 0 <= value <= LOCK_TIMEOUT_MAX:
            raise ConfigError(
                t(
                    "err.config",
                    path=where,
                    why=t("cfg.seconds", name=dotted, most=LOCK_TIMEOUT_MAX),
                )
            )
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(t("err.config", path=where, why=t("cfg.number", name=dotted)))
        if not 0 <= value <= 1:
            raise ConfigError(t("err.config", path=where, why=t("cfg.share", name=dotted)))
        return float(value)
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(t("err.config", path=where, why=t("cfg.whole", name=dotted)))
        if value < 1:
            raise ConfigError(t("err.config", path=where, why=t("cfg.at_least_one", name=dotted)))
        return value
    if not isinstance(value, str):
        raise ConfigError(t("err.config", path=where, why=t("cfg.text", name=dotted)))
    if dotted == "language" and value not in LANGUAGES:
        raise ConfigError(
            t("err.config", path=where, why=t("cfg.language", choices=", ".join(LANGUAGES)))
        )
    return value


def load_settings(path: Path | None = None) -> Settings:
    """Defaults overlaid with the config file (missing file = defaults)."""
    path = path or config_path()
    values: dict[str, Any] = {
        k: {sub: list(x) if isinstance(x, list) else x for sub, x in v.items()}
        if isinstance(v, dict)
        else v
        for k, v in DEFAULTS.items()
    }
    sources = {dotted: "default" for dotted in _dotted_keys()}
    try:
        with open_input(path) as file:  # never a FIFO or /dev/zero: no wait, no endless read
            raw = file.read()
    except FileNotFoundError:
        return Settings(values, path, sources)
    except OSError as exc:
        raise ConfigError(t("err.config", path=path, why=exc.strerror or str(exc))) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(t("err.config", path=path, why=str(exc))) from None
    where = str(path)
    for key, value in data.items():
        if key not in DEFAULTS:
            raise ConfigError(t("err.config", path=where, why=t("cfg.unknown", name=key)))
        default = DEFAULTS[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(t("err.config", path=where, why=t("cfg.table", name=key)))
            for sub, item in value.items():
                if sub not in default:
                    raise ConfigError(
                        t("err.config", path=where, why=t("cfg.unknown", name=f"{key}.{sub}"))
                    )
                dotted = f"{key}.{sub}"
                values[key][sub] = (
                    _text_list(dotted, item, where)
                    if isinstance(default[sub], list)
                    else _check(dotted, item, default[sub], where)
                )
                sources[f"{key}.{sub}"] = where
        else:
            values[key] = _check(key, value, default, where)
            sources[key] = where
    a, b = values["abc"]["a"], values["abc"]["b"]
    if a + b > 1:
        raise ConfigError(t("err.config", path=where, why=t("cfg.abc_sum")))
    life = values["lifecycle"]
    if not life["new_days"] <= life["silent_days"] < life["lost_days"]:
        raise ConfigError(t("err.config", path=where, why=t("cfg.lifecycle_order")))
    return Settings(values, path, sources)


def _dotted_keys() -> list[str]:
    keys: list[str] = []
    for key, default in DEFAULTS.items():
        if isinstance(default, dict):
            keys.extend(f"{key}.{sub}" for sub in default)
        else:
            keys.append(key)
    return keys


# --- writing [probabilities] (report calibrate --apply) -------------------------------


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def _with_section(raw: str, name: str, values: dict[str, float]) -> str:
    """``raw`` with the table ``[name]`` (its header line to the next header) replaced by
    ``values``, or the table appended; comments and every other line kept."""
    body = [f"[{name}]", *(f"{k} = {_toml_value(v)}" for k, v in values.items())]
    lines = raw.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == f"[{name}]"), None)
    if start is None:
        kept = lines + ([""] if lines and lines[-1].strip() else [])
        return "\n".join(kept + body) + "\n"
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)
    )
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines before the next table stay
    return "\n".join(lines[:start] + body + lines[end:]) + "\n"


def _rewritten(data: dict[str, Any]) -> str:
    """The whole file written out from its data (when a table cannot be edited in place:
    an inline or dotted ``probabilities``)."""
    top = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    parts = ["\n".join(top)] if top else []
    for key, value in data.items():
        if isinstance(value, dict):
            lines = [f"[{key}]", *(f"{k} = {_toml_value(v)}" for k, v in value.items())]
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def write_probabilities(path: Path, probabilities: dict[str, float]) -> Path | None:
    """Set ``[probabilities]`` in the config file at ``path`` to ``probabilities``
    (rounded to 4 decimals), keeping every other setting and, where the table can be
    edited in place, every comment. The old file is kept as ``<name>.bak``; returns
    that path (None when there was no file). The new file is checked by reading it
    back before it replaces the old one."""
    import shutil

    from funnel.files import write_whole

    wanted = {k: round(float(v), 4) for k, v in probabilities.items()}
    try:
        with open_input(path) as file:
            raw = file.read().decode("utf-8")
    except FileNotFoundError:
        raw = None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(t("err.config", path=path, why=str(exc))) from None
    old = tomllib.loads(raw) if raw is not None else {}
    expected = {**old, "probabilities": {**old.get("probabilities", {}), **wanted}}
    text = _with_section(raw or "", "probabilities", wanted)
    try:
        if tomllib.loads(text) != expected:
            text = _rewritten(expected)
    except tomllib.TOMLDecodeError:
        text = _rewritten(expected)
    backup = None
    if raw is not None:
        backup = path.with_name(path.name + ".bak")
        shutil.copyfile(path, backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    with write_whole(path) as out:
        out.write(text)
    return backup
