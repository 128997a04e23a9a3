"""Where files live: platformdirs defaults, overridden by env, resolved at call time."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, unquote_plus

from funnel.errors import one_line

APP = "funnel"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def make_store_folder(folder: Path) -> None:
    """Create the folder of the default or demo store (and its missing parents): the
    folder itself private, 0700. funnel's own data folder is made private even when it
    exists already (an earlier funnel left it open to every user)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.resolve() == data_dir().resolve():
        found = folder.stat()
        if found.st_mode & 0o077 and found.st_uid == getattr(os, "getuid", lambda: -1)():
            folder.chmod(0o700)


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


# --- how a store is named in output: never with its password ---------------------------

HIDDEN = "***"
# A target that means a database server or a SQLite URL but lacks "://" (a typo), so it
# is not taken for a file name, which would show its password in "no store at …".
_URL_TYPO = re.compile(
    r"(sqlite|postgres(ql)?|mysql|mariadb|oracle|mssql)[\w+.-]*(:|//)", re.IGNORECASE
)
# As SQLAlchemy reads a URL: the password runs from the first ":" after the user to "@".
_USERINFO = re.compile(r"^(?P<head>[\w+.-]*:?/+[^:/@]*:)(?P<password>[^@]*)(?=@)")
_QUERY_PASSWORD = re.compile(
    r"(?P<head>[?&](?:password|%70assword)=)(?P<password>[^&#]*)", re.IGNORECASE
)
# ``password=…`` in a libpq connection string as a driver may quote it back.
_DSN_PASSWORD = re.compile(
    r"(?P<head>password\s*=\s*)(?!\*\*\*)(?P<password>'(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE
)


def is_url(target: str) -> bool:
    """A URL (``scheme://…``) or what was meant as one, rather than a SQLite file path."""
    return "://" in target or bool(_URL_TYPO.match(target))


def _passwords(target: str) -> list[str]:
    """Every password written into ``target``, as typed and percent-decoded, longest first."""
    if not is_url(target):
        return []
    found = [m["password"] for m in (_USERINFO.match(target),) if m]
    found += [m["password"] for m in _QUERY_PASSWORD.finditer(target)]
    forms = {form for raw in found for form in (raw, unquote(raw), unquote_plus(raw)) if form}
    return sorted(forms, key=len, reverse=True)


def shown_store(target: str) -> str:
    """``target`` as output shows it: a path as is, a URL with its password as ``***``;
    on one line whatever it holds."""
    text = target
    if is_url(target):
        text = _USERINFO.sub(rf"\g<head>{HIDDEN}", target, count=1)
        text = _QUERY_PASSWORD.sub(rf"\g<head>{HIDDEN}", text)
    return one_line(text)


def hide_passwords(text: str, target: str) -> str:
    """``text`` (a message, or a database driver's words) with every password of the store
    ``target`` replaced by ``***``, and any ``password=…`` a driver quotes."""
    for secret in _passwords(target):
        # As a token of its own: a short password must not eat the letters of words.
        text = re.sub(rf"(?<![^\W_]){re.escape(secret)}(?![^\W_])", HIDDEN, text)
    return _DSN_PASSWORD.sub(rf"\g<head>{HIDDEN}", text)


def first_line(text: str) -> str:
    """The first line that says something of a multi-line message (a driver's error: the
    rest is hints and repeats), whitespace collapsed."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    first = lines[0]
    if first.endswith(":") and len(lines) > 1:  # "… All failures were:" then the list
        first = f"{first} {lines[1].lstrip('- ')}"
    return first
