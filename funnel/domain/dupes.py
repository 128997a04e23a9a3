"""Leads that are probably one person: what makes two leads alike, and how the pairs
found by each rule become groups. Stdlib only; the store finds the candidates.

Rules, in the order a group names them: the same normalised phone (``phone_norm``),
email (``email_norm``), WeChat (case ignored), or the same name and company (case and
width ignored, a Chinese name compared without its spaces; both must have a company).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

MATCHES = ("phone", "email", "wechat", "name")

_SPACES = re.compile(r"\s+")
# CJK ideographs (and their extensions): a name holding one is compared without spaces.
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def folded(text: str | None) -> str:
    """``text`` with width and case folded and its spaces collapsed: 'ＡＣＭＥ  Ltd' →
    'acme ltd'."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def name_key(name: str | None, company: str | None) -> tuple[str, str] | None:
    """What ``name + company`` compares: None without a name or a company."""
    who, where = folded(name), folded(company)
    if not who or not where:
        return None
    if _CJK.search(who):
        who = who.replace(" ", "")
    return who, where


def groups(found: Iterable[tuple[str, Sequence[int]]]) -> list[tuple[list[str], list[int]]]:
    """``(match, ids)`` sets found by each rule as groups ``(matches, ids)``: a set of
    leads found by several rules is one group naming each rule; groups in the order
    first found, ids ascending."""
    out: dict[tuple[int, ...], list[str]] = {}
    for match, ids in found:
        key = tuple(sorted(set(ids)))
        if len(key) < 2:
            continue
        reasons = out.setdefault(key, [])
        if match not in reasons:
            reasons.append(match)
    return [(reasons, list(ids)) for ids, reasons in out.items()]
