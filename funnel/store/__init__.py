"""The store: SQL only. Engine and migrations, the tables, and the queries that read
and write leads, their history, follow-ups and reports. Returns data, never text for people."""
