"""A crew of processes that run ``funnel`` commands at the same time against one store.

Each member is a process of its own, forked from the test with the CLI already
imported (no connection is open across the fork: every command opens its own), that
runs its script of commands in-process, as a user's shell would run them one after
another. ``together=True`` releases every member at
each step at the same moment (a barrier), so two commands really race.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Script = Sequence[Sequence[str]]


@dataclass(frozen=True)
class Outcome:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.code == 0


def _member(script: Script, env: dict[str, str], barrier: Any, together: bool, out: Any) -> None:
    import click.testing
    import typer.main

    from funnel.cli import app

    command = typer.main.get_command(app)
    runner = click.testing.CliRunner()
    results = []
    barrier.wait()  # everyone is ready: start together
    for args in script:
        if together:
            barrier.wait()
        start = time.perf_counter()
        result = runner.invoke(command, list(args), env=env)
        results.append(
            Outcome(
                tuple(args),
                result.exit_code,
                result.stdout,
                result.stderr,
                time.perf_counter() - start,
            )
        )
    out.put(results)


def run_together(
    scripts: Sequence[Script], env: dict[str, str], *, together: bool = False
) -> list[list[Outcome]]:
    """Run each script in a process of its own, all at once; each one's outcomes."""
    import funnel.store.engine  # noqa: F401  (imported once, before the fork)

    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(len(scripts))
    queues = [ctx.Queue() for _ in scripts]
    members = [
        ctx.Process(target=_member, args=(script, env, barrier, together, queue))
        for script, queue in zip(scripts, queues, strict=True)
    ]
    for member in members:
        member.start()
    try:
        results = [queue.get(timeout=300) for queue in queues]
    finally:
        for member in members:
            member.join(timeout=30)
            if member.is_alive():
                member.kill()
    return results
