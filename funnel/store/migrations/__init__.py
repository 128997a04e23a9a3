"""Alembic environment and revisions: every schema change is a migration.

``HEAD`` names the newest revision so a store that is up to date is opened
without importing Alembic; a test checks it against the revision files.
"""

HEAD = "0008"
