"""Usage mistakes (unknown option, missing argument, bad choice) as one ``error:`` line in
the interface language, with a hint to ``--help``: what the parser says, reworded from the
catalogue when its message is one we know, and exit status 2."""

from __future__ import annotations

import re
from typing import Any

from funnel.i18n import t

# Messages of the command-line parser, by shape (its own wording is English only).
_VALUE_ERROR = re.compile(r"^(?:Value error,\s*)+", re.IGNORECASE)
_NOT_ONE_OF = re.compile(
    r"^(?:Value )?(?P<value>.+?) is not one of (?P<choices>.+?)\.?$", re.DOTALL
)
_NOT_VALID = re.compile(
    r"^(?:Value )?(?P<value>.+?) is not a valid (?P<kind>integer|int|float|number)\.?$", re.DOTALL
)
_NOT_IN_RANGE = re.compile(r"^(?P<value>.+?) is not in the range (?P<range>.+?)\.?$", re.DOTALL)
_NO_COMMAND = re.compile(r"^No such command (?P<name>'.*?')\.(?: Did you mean (?P<like>.+)\?)?$")
_NEEDS_VALUE = re.compile(r"^Option (?P<name>'.+?') requires (?:an argument|\d+ arguments)\.?$")
_EXTRA = re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)\.?$", re.DOTALL)
_AT_LEAST = re.compile(r"^Input should be greater than or equal to (?P<n>\S+?)\.?$")
_AT_MOST = re.compile(r"^Input should be less than or equal to (?P<n>\S+?)\.?$")
_WANT = re.compile(r"^Input should be a valid (?P<kind>integer|number)\b")


def message(exc: Any) -> str:
    """The usage error ``exc`` in the interface language, with its ``--help`` hint."""
    from typer._click import exceptions as errors

    text = _reworded(exc, errors)
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "funnel"
    return t("use.hint", message=text, command=command)


def _reworded(exc: Any, errors: Any) -> str:
    if isinstance(exc, errors.NoSuchOption):
        text = t("use.no_such_option", name=exc.option_name)
        if exc.possibilities:
            text = t("use.did_you_mean", message=text, names=", ".join(sorted(exc.possibilities)))
        return text
    if isinstance(exc, errors.MissingParameter):
        param = exc.param
        kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
        what = t(f"use.{kind}") if kind in ("argument", "option") else t("use.parameter")
        name = _hint(exc)
        return t("use.missing", what=what, name=name).strip()
    if isinstance(exc, errors.BadParameter):
        return t("use.invalid", name=_hint(exc) or "?", why=_why(str(exc.message)))
    raw = str(exc.message).strip()
    if found := _NO_COMMAND.match(raw):
        text = t("use.no_such_command", name=found["name"])
        if found["like"]:
            text = t("use.did_you_mean", message=text, names=found["like"])
        return text
    if found := _NEEDS_VALUE.match(raw):
        return t("use.needs_value", name=found["name"])
    if found := _EXTRA.match(raw):
        return t("use.extra", args=found["args"])
    return raw


def _hint(exc: Any) -> str:
    """How the parameter is named on the command line: ``'--format' / '-f'``, ``'ID'``."""
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is None:
        return ""
    if isinstance(hint, str):
        return hint
    return " / ".join(repr(h) for h in hint)


def _why(text: str) -> str:
    """The parser's reason a value was refused, reworded when it is one we know."""
    text = _VALUE_ERROR.sub("", text.strip())
    if found := _NOT_ONE_OF.match(text):
        return t("use.not_one_of", value=found["value"], choices=found["choices"])
    if found := _NOT_VALID.match(text):
        kind = "use.float" if found["kind"] in ("float", "number") else "use.integer"
        return t("use.not_number", value=found["value"], kind=t(kind))
    if found := _AT_LEAST.match(text):
        return t("use.at_least", n=found["n"])
    if found := _AT_MOST.match(text):
        return t("use.at_most", n=found["n"])
    if found := _WANT.match(text):
        return t("use.want_integer" if found["kind"] == "integer" else "use.want_number")
    if found := _NOT_IN_RANGE.match(text):
        return t("use.not_in_range", value=found["value"], range=found["range"])
    return text.rstrip(".")
