"""The pager, as git has it: on a terminal, output taller than the screen goes through
``FUNNEL_PAGER``, else ``PAGER``, else ``less -FRX``; an empty one (or ``cat``) and
``--no-pager`` turn it off; never in a pipe or into a file.

Output is held only until it fills a screen: shorter output is printed as it is, longer
output starts the pager, which then gets every line as it is made (a big list reaches
the first screen without being built whole). A pager quit early (``q``) ends the
command quietly.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from contextvars import ContextVar
from typing import IO, Any

DEFAULT = "less -FRX"
_enabled: ContextVar[bool] = ContextVar("funnel_pager", default=True)


def set_enabled(enabled: bool) -> None:
    """``--no-pager`` (the root option) for this command."""
    _enabled.set(enabled)


def command() -> str | None:
    """The pager to run, or None for none (as git: an empty value or ``cat`` is none)."""
    if not _enabled.get():
        return None
    if "FUNNEL_PAGER" in os.environ:
        chosen = os.environ["FUNNEL_PAGER"]
    else:
        chosen = os.environ.get("PAGER", DEFAULT)
    chosen = chosen.strip()
    if chosen == DEFAULT and shutil.which("less") is None:
        return None  # a system without less: print as it is rather than lose the output
    return None if chosen in ("", "cat") else chosen


def wanted() -> str | None:
    """The pager for stdout now: only on a terminal."""
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return command()


class PagerGone(Exception):
    """The pager stopped reading (the user quit it): nothing more to print. Not a
    BrokenPipeError, which Rich turns into an exit with status 1."""


class Pager(io.TextIOBase):
    """A text stream for stdout that holds one screen, then hands everything to the
    pager as it comes. :meth:`finish` prints what is held, or waits for the pager."""

    def __init__(self, cmd: str, *, target: IO[str] | None = None) -> None:
        self.cmd = cmd
        self.target = target or sys.stdout
        size = shutil.get_terminal_size()
        self.height = max(2, size.lines)
        self.width = max(1, size.columns)
        self.held: list[str] = []
        self.lines = 0  # screen rows the held text takes (a long line takes several)
        self.tail = 0  # cells of the last, unfinished line
        self.proc: subprocess.Popen[str] | None = None

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:  # what people see: colour for Rich, as on the terminal
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.target, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        if self.proc is None:
            self.held.append(text)
            self._count(text)
            if self.lines >= self.height:  # taller than the screen, with the prompt
                self._start()
        else:
            self._send(text)
        return len(text)

    def _count(self, text: str) -> None:
        from funnel.views.text import cells

        *done, rest = text.split("\n")
        for line in done:
            self.lines += max(1, -(-(self.tail + cells(line)) // self.width))
            self.tail = 0
        self.tail += cells(rest)

    def flush(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            try:
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                raise PagerGone() from None

    def _start(self) -> None:
        env = dict(os.environ)
        env.setdefault("LESS", "FRX")  # as git: quit on one screen, colours, no clearing
        env.setdefault("LV", "-c")
        self.target.flush()
        # A pager is a shell command line ("less -R", "cat > FILE"), as git runs it.
        self.proc = subprocess.Popen(
            self.cmd,
            shell=True,
            stdin=subprocess.PIPE,
            env=env,
            text=True,
            encoding=self.encoding,
            errors="replace",
        )
        held, self.held = "".join(self.held), []
        self._send(held)

    def _send(self, text: str) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(text)
        except (BrokenPipeError, ValueError):
            raise PagerGone() from None

    def finish(self) -> None:
        """The end of the output: print what is held, or let the pager finish."""
        if self.proc is None:
            self.target.write("".join(self.held))
            self.held = []
            self.target.flush()
            return
        self.stop()

    def stop(self) -> None:
        """Close the pager's input and wait for the user to quit it."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        stdin: Any = proc.stdin
        for _ in range(2):  # a flush into a closed pipe fails once, then it is closed
            try:
                stdin.close()
                break
            except (BrokenPipeError, OSError, ValueError):
                continue
        try:
            proc.wait()
        except KeyboardInterrupt:  # Ctrl-C is the pager's to handle; wait for it
            proc.wait()
