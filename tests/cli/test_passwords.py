"""A database URL's password never appears in any output: every message that names a
store hides it, a driver's own words are scrubbed, and every such error is one line."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

import pytest

from tests.harness import PG_SERVER, Funnel, postgres_database

SECRET = "Zq7-s3cret@PW:x"  # "@" and ":" must be percent-encoded in a URL
TYPED = quote(SECRET, safe="")
USER = f"postgresql+psycopg://bob:{TYPED}@127.0.0.1:1"  # port 1: nobody listens there
NOBODY = "postgresql+psycopg://bob@127.0.0.1:1/x"
FORMS = (SECRET, TYPED, "s3cret")


def leaks(funnel: Funnel, *args: str, target: str) -> str:
    """Run ``args`` against ``target`` (once as ``--db``, once as FUNNEL_DB): it must fail
    with one ``error:`` line that holds no form of the password; that line."""
    lines = []
    for run, argv in (
        (funnel, ("--db", target, *args)),
        (funnel.using(FUNNEL_DB=target), args),
    ):
        result = run(*argv, ok=None)
        out = result.stdout + result.stderr
        assert result.exit_code == 1, (target, result.output)
        assert all(form not in out for form in FORMS), out
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, out
        assert result.stdout == "" and "Traceback" not in out
        lines.append(result.stderr)
    assert lines[0] == lines[1]
    return lines[0]


MATRIX = [
    # (what, URL, command, words the error must have)
    ("refused connection", f"{USER}/x", ("list",), "Connection refused"),
    ("password in the query", f"{NOBODY}?password={TYPED}", ("due",), "password=***: conn"),
    ("both places", f"{USER}/x?password={TYPED}&sslmode=disable", ("report",), "***"),
    ("bad sslmode", f"{USER}/x?sslmode=bogus", ("show", "1"), "sslmode"),
    ("unknown option", f"{USER}/x?bogusopt=1", ("stale",), "bogusopt"),
    ("bad host", f"postgresql+psycopg://bob:{TYPED}@no-such-host.invalid/x", ("export",), ""),
    ("plain postgresql:// is psycopg", f"postgresql://bob:{TYPED}@127.0.0.1:1/x", ("list",), ""),
    ("another driver", f"postgresql+psycopg2://bob:{TYPED}@h/x", ("list",), "funnel[postgres]"),
    ("unsupported backend", f"mysql://bob:{TYPED}@h/x", ("list",), "mysql://bob:***@h/x"),
    ("bad port", f"postgresql+psycopg://bob:{TYPED}@h:port/x", ("list",), "bob:***@h:port"),
    ("missing colon", f"postgresql+psycopg//bob:{TYPED}@h/x", ("list",), "unsupported"),
    ("a write", f"{USER}/x", ("add", "Ann"), "Connection refused"),
    ("a check", f"{USER}/x", ("db", "check"), "bob:***@127.0.0.1:1/x"),
    ("the schema revision", f"{USER}/x", ("db", "current"), "***"),
    ("an upgrade", f"{USER}/x", ("db", "upgrade"), "***"),
    ("a backup", f"{USER}/x", ("db", "backup", "b.db"), "pg_dump"),  # refused unconnected
    ("a calendar", f"{USER}/x", ("calendar", "-o", "-"), "***"),
]


@pytest.mark.parametrize(("what", "url", "args", "said"), MATRIX, ids=[m[0] for m in MATRIX])
def test_no_error_shows_the_password(
    funnel: Funnel, what: str, url: str, args: tuple[str, ...], said: str
) -> None:
    assert said in leaks(funnel, *args, target=url)


def test_db_path_hides_the_password(funnel: Funnel) -> None:
    for url in (f"{USER}/x", f"{USER}/x?password={TYPED}", f"{USER}/x?PassWord={TYPED}"):
        out = funnel("--db", url, "db", "path").stdout
        assert out.startswith("postgresql+psycopg://bob:***@127.0.0.1:1/x")
        assert all(form not in out for form in FORMS)


def test_a_driver_quoting_the_connection_string_is_scrubbed(
    funnel: Funnel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psycopg's messages can carry the connection string (and so the password): only
    the first line is kept, and every form of the password is hidden."""
    psycopg = pytest.importorskip("psycopg")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise psycopg.OperationalError(
            f"could not connect with 'host=h user=bob password={SECRET} dbname=x'"
            f" (was {TYPED})\nDETAIL: password='{SECRET}' rejected\nHINT: check it"
        )

    monkeypatch.setattr(psycopg, "connect", refuse)
    said = leaks(funnel, "list", target=f"{USER}/x")
    assert "password=*** dbname=x" in said and "(was ***)" in said


def test_missing_psycopg_says_how_to_install_it(
    funnel: Funnel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` fails
    for url in (f"{USER}/x", f"postgresql://bob:{TYPED}@h/x"):
        said = leaks(funnel, "list", target=url)
        assert said.endswith("is not installed; pip install 'funnel[postgres]'\n"), said


def test_missing_psycopg_in_a_fresh_interpreter(tmp_path) -> None:
    """The same without the test's imports: a Python whose ``import psycopg`` fails."""
    blocker = tmp_path / "site"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text("import sys\nsys.modules['psycopg'] = None\n")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")]),
        "FUNNEL_DB": f"{USER}/x",
        "FUNNEL_CONFIG": str(tmp_path / "config.toml"),
        "FUNNEL_LANG": "en",
    }
    done = subprocess.run(
        [sys.executable, "-m", "funnel", "list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "error: cannot open the store postgresql+psycopg://bob:***@127.0.0.1:1/x: "
        "the PostgreSQL driver is not installed; pip install 'funnel[postgres]'\n"
    )


def test_messages_in_chinese_hide_it_too(funnel: Funnel) -> None:
    said = leaks(funnel.using(FUNNEL_LANG="zh"), "list", target=f"{USER}/x")
    assert said.startswith("error: 无法打开数据库 postgresql+psycopg://bob:***@")


# --- against the PostgreSQL server of FUNNEL_TEST_PG (trust: any password gets in) ----

needs_pg = pytest.mark.skipif(not PG_SERVER, reason="FUNNEL_TEST_PG is not set")


def _with_password(url: str, password: str = TYPED) -> str:
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    return parsed.set(password=sa.engine.make_url(f"x://u:{password}@h").password).render_as_string(
        hide_password=False
    )


@needs_pg
def test_unknown_database_hides_the_password(funnel: Funnel) -> None:
    said = leaks(funnel, "list", target=_with_password(f"{PG_SERVER}/no_such_funnel_db"))
    assert 'database "no_such_funnel_db" does not exist' in said


@needs_pg
def test_a_store_on_postgres_never_shows_its_password(funnel: Funnel) -> None:
    import sqlalchemy as sa

    with postgres_database() as plain:
        url = _with_password(plain)
        pg = funnel.using(FUNNEL_DB=url)
        for args in (("add", "Ann"), ("list",), ("db", "current"), ("db", "check"), ("db", "path")):
            result = pg(*args)
            assert all(form not in result.output for form in FORMS), args
        assert ":***@" in pg("db", "path").stdout
        engine = sa.create_engine(plain)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
        engine.dispose()
        said = leaks(funnel, "list", target=url)
        assert "newer funnel (schema 9999_future)" in said and ":***@" in said
        assert "9999_future" in leaks(funnel, "db", "upgrade", target=url)


# A server that checks passwords, for a real wrong-password refusal: a URL with the right
# password, e.g. FUNNEL_TEST_PG_AUTH=postgresql+psycopg://postgres:right@127.0.0.1:55433
PG_AUTH = os.environ.get("FUNNEL_TEST_PG_AUTH", "").rstrip("/")


@pytest.mark.skipif(not PG_AUTH, reason="FUNNEL_TEST_PG_AUTH is not set")
def test_a_wrong_password_is_refused_without_showing_it(funnel: Funnel) -> None:
    said = leaks(funnel, "list", target=_with_password(f"{PG_AUTH}/postgres"))
    assert "password authentication failed" in said
