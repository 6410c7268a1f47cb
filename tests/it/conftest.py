"""The report's history is made by the inbox too: its desk (users and a fake network) and sync."""

from tests.inbox.conftest import desk, synced  # noqa: F401
