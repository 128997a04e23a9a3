"""Reading and checking an import file in a second process, while the first one writes.

Checking a row is pure Python (the one lead validator); writing it is SQLite. A
second process checks the rows of the file batch by batch and sends them through a
pipe as plain tuples, so both processors work and neither waits on the other's
interpreter lock. The pipe holds about one batch: memory stays flat.

Stdlib and the domain only: the child never loads SQLAlchemy.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Generator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from funnel.domain.records import ROW_KEYS, parse_record
from funnel.errors import FunnelError
from funnel.i18n import t
from funnel.transfer.readers import FileError, Record, open_lead_file, records

# Where the duplicate checks and the made-up history find their values in a row.
AT = {key: index for index, key in enumerate(ROW_KEYS)}
_PHONE_NORM, _EMAIL_NORM = AT["phone_norm"], AT["email_norm"]


@dataclass(slots=True)
class Prepared:
    """One record, checked: the lead table's values in ``ROW_KEYS`` order, or why not."""

    line: int
    row: tuple[Any, ...] | None = None
    phone: str | None = None  # normalised, for the duplicate checks
    email: str | None = None
    shaped: Any = None  # the rows to insert, made ready for the store by the child
    tags: list[str] | None = None
    file_id: int | None = None
    values: dict[str, Any] | None = None  # what an update would apply (update mode only)
    given: frozenset[str] | None = None  # the keys the file gave a value for (ditto)
    data: dict[str, Any] | None = None  # an export record: its history, stays, money…
    problem: str | None = None


def prepare(
    record: Record,
    *,
    restore: bool,
    now: datetime,
    default_owner: str | None,
    for_update: bool,
    shape: Callable[[tuple[Any, ...]], Any] | None = None,
    memo: dict[Any, Any] | None = None,
) -> Prepared:
    """Check one record; ``shape`` turns a spreadsheet row into the rows to insert;
    ``memo`` (one dict for the whole file) remembers the checks of repeating values."""
    if record.data is None:
        return Prepared(record.line, problem=record.problem or "")
    try:
        rec = parse_record(record.data, now=now, default_owner=default_owner, memo=memo)
    except FunnelError as exc:
        return Prepared(record.line, problem=exc.message)
    values = rec.values_row
    shaped = shape(values) if shape is not None and not restore else None
    return Prepared(
        record.line,
        None if shaped is not None else values,
        values[_PHONE_NORM],
        values[_EMAIL_NORM],
        shaped,
        rec.tags,
        rec.file_id,
        rec.values if for_update else None,
        frozenset(rec.given()) if for_update else None,
        record.data if restore else None,
    )


@dataclass
class Progress:
    """What the reading side has learnt about the file so far."""

    position: int = 0
    extra_columns: tuple[str, ...] = ()


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this process when its parent dies, however it dies
    (SIGKILL included). Elsewhere the next batch sent to a parent that is gone fails,
    which ends the child as well."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before that was asked for
        os._exit(1)


def _let_go(keep: Any, inherited: Any) -> None:
    """Close what the child inherited and does not need: the parent's end of the pipe
    (so a dead parent means a broken pipe here), the caller's stdout and stderr (so
    ``$(funnel import …)`` ends with the parent), and every other descriptor, the
    store's included. Only ``keep`` (this side of the pipe) and multiprocessing's
    sentinel stay open."""
    if inherited is not None:
        inherited.close()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    keep_fds = {keep.fileno(), null}
    sentinel = getattr(multiprocessing.parent_process(), "_sentinel", None)
    if isinstance(sentinel, int):
        keep_fds.add(sentinel)
    low = 3
    for fd in sorted(keep_fds):
        if fd >= low:
            os.closerange(low, fd)
            low = fd + 1
    os.closerange(low, _max_fd())
    if null > 2:
        os.close(null)


def _max_fd() -> int:
    try:
        limit = os.sysconf("SC_OPEN_MAX")
    except (AttributeError, ValueError, OSError):
        limit = -1
    return min(limit, 2**31 - 1) if limit > 0 else 1 << 16


def _produce(
    pipe: Any,
    parent: int,
    inherited: Any,
    path: str,
    encoding: str,
    now: datetime,
    default_owner: str | None,
    for_update: bool,
    size: int,
    language: str | None,
    shape: Callable[[tuple[Any, ...]], Any] | None,
    sheet: str | None = None,
) -> None:
    """The child: read and check every record, send batches, then ``None``. It dies
    with its parent and holds none of the parent's files (see :func:`_let_go`)."""
    from funnel.i18n import set_language

    _die_with_parent(parent)
    _let_go(pipe, inherited)
    # Ctrl-C reaches the whole process group: the parent handles it and stops this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_language(language)
    try:
        lf = open_lead_file(Path(path), encoding=encoding, sheet=sheet)
        batch: list[tuple[Any, ...]] = []
        memo: dict[Any, Any] = {}
        with lf.binary:
            for record in records(lf):
                item = prepare(
                    record,
                    restore=lf.restore,
                    now=now,
                    default_owner=default_owner,
                    for_update=for_update,
                    shape=shape,
                    memo=memo,
                )
                # plain tuples cross the pipe: a third of the pickling of dataclasses
                batch.append(
                    (
                        item.line,
                        item.row,
                        item.phone,
                        item.email,
                        item.shaped,
                        item.tags,
                        item.file_id,
                        item.values,
                        item.given,
                        item.data,
                        item.problem,
                    )
                )
                if len(batch) >= size:
                    pipe.send((Progress(lf.position(), tuple(lf.extra_columns)), batch))
                    batch = []
            pipe.send((Progress(lf.size, tuple(lf.extra_columns)), batch))
        pipe.send(None)
    except FunnelError as exc:
        pipe.send(exc.message)
    except BaseException as exc:  # noqa: BLE001 - reported by the parent as one line
        pipe.send(f"{type(exc).__name__}: {exc}")
    finally:
        pipe.close()


def prepare_in_child(
    path: Path,
    *,
    encoding: str,
    now: datetime,
    default_owner: str | None,
    for_update: bool,
    size: int,
    shape: Callable[[tuple[Any, ...]], Any] | None = None,
    sheet: str | None = None,
) -> Generator[tuple[Progress, list[Prepared]], None, None]:
    """Batches of checked records from a child process (close it to stop the child).

    Where the system forks, the child also runs ``shape`` (it inherits the store's
    bind processing with the memory); elsewhere the child starts afresh, and the rows
    are shaped on this side."""
    from funnel.i18n import language

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx: Any = multiprocessing.get_context(method)
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(
        target=_produce,
        name="funnel-import-reader",
        daemon=True,
        args=(
            send,
            os.getpid(),
            receive if method == "fork" else None,  # a forked child holds a copy of it
            str(path),
            encoding,
            now,
            default_owner,
            for_update,
            size,
            language(),
            shape if method == "fork" else None,
            sheet,
        ),
    )
    # Everything loaded so far (the ORM, the store's metadata) lives as long as the
    # process: out of the collector's sight, a full collection no longer walks it again
    # and again while rows come and go, nor does the child copy its pages by touching
    # them. ``_receive`` gives it back to the collector at the end.
    gc.freeze()
    child.start()  # now, before anything else (a progress bar) starts a thread
    send.close()
    return _receive(path, receive, child)


def _receive(
    path: Path, receive: Any, child: Any
) -> Generator[tuple[Progress, list[Prepared]], None, None]:
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError:  # the reading process died without a word
                raise FileError(t("err.read", path=path, why=t("err.reader_died"))) from None
            if message is None:
                return
            if isinstance(message, str):
                raise FileError(message)
            progress, batch = message
            yield progress, [Prepared(*fields) for fields in batch]
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
        gc.unfreeze()
