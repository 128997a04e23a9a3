"""Ids for imported rows. Into an empty store an import keeps the ids its file carries
(a backup restores exactly), as long as they ascend; otherwise every lead gets the next
free id. Rows written with explicit ids leave PostgreSQL's sequences behind, so they are
moved on at the end."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from funnel.store.bulk import max_id, sync_ids
from funnel.store.schema import LEAD
from funnel.transfer.children import CHILDREN


class IdAllocator:
    """Chooses the id of every lead an import writes, and whether a child row keeps its own."""

    def __init__(self, conn: Connection) -> None:
        top = max_id(conn, LEAD)
        self.store_was_empty = self.keep_ids = top is None
        self.next_id = (top or 0) + 1
        # Leads below this one were in the store before the import.
        self.first_new_id = self.next_id
        self.wrote_ids = False  # some row was written with an id taken from the file

    def lead_id(self, file_id: int | None) -> int:
        """The file's id when the store was empty and the ids ascend, else the next one."""
        if self.keep_ids and file_id is not None and file_id >= self.next_id:
            lead_id = file_id
            self.wrote_ids = True
        else:
            lead_id = self.next_id
        self.next_id = lead_id + 1
        return lead_id

    def split(
        self, rows: list[dict[str, Any]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Child rows that keep the id the file gave them, and those the store numbers."""
        if not self.keep_ids:
            return [], rows
        kept = [r for r in rows if r.get("id") is not None]
        if kept:
            self.wrote_ids = True
        return kept, [r for r in rows if r.get("id") is None]

    def sync(self, conn: Connection, *, wrote_leads: bool) -> None:
        """Lead ids are always chosen here, so PostgreSQL's sequences must follow them."""
        if self.wrote_ids or wrote_leads:
            sync_ids(conn, [LEAD, *CHILDREN.values()])
