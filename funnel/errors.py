"""Errors that carry their exit code; one handler in ``funnel.cli`` prints them."""

from __future__ import annotations


class FunnelError(Exception):
    """Something the user can fix: printed as ``error: …`` with exit status 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(FunnelError):
    """No lead (or other record) with that id."""


class InvalidValue(FunnelError):
    """A value typed by the user does not parse or is out of range."""


class GateNotMet(FunnelError):
    """A forward move whose stage gate does not hold."""


class Conflict(FunnelError):
    """The store already holds something that clashes (duplicate phone, …)."""


class StoreError(FunnelError):
    """The store cannot be opened, is locked, or is from a newer version."""
