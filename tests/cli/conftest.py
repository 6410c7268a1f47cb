"""The CLI tests that run in-process use the inbox desk and the publishing people and account."""

from tests.inbox.conftest import desk, synced  # noqa: F401
from tests.publishing.conftest import account, people  # noqa: F401
