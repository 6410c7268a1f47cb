"""govsocial's own settings: publishing, the public record and records retention."""

from __future__ import annotations

import os
from pathlib import Path

from config.settings.env import env_bool, env_int, env_list, env_str

_VAR_DIR = Path(env_str("GOVSOCIAL_VAR_DIR", str(Path(__file__).resolve().parents[2] / "var")))

# Fernet keys for network credentials at rest; the first encrypts, all decrypt (rotation).
GOVSOCIAL_CREDENTIAL_KEYS = env_list("GOVSOCIAL_CREDENTIAL_KEYS", [])
# The address networks that pull media (Instagram, Threads) fetch signed media URLs from.
GOVSOCIAL_PUBLIC_BASE_URL = env_str("GOVSOCIAL_PUBLIC_BASE_URL", "http://localhost:8000")
# Where each transparency log's signing key and last-signed checkpoint live (outside the database,
# so restoring an old database copy cannot make the log sign an inconsistent tree).
GOVSOCIAL_LOG_KEY_DIR = env_str("GOVSOCIAL_LOG_KEY_DIR", str(_VAR_DIR / "transparency"))
GOVSOCIAL_LOG_ORIGIN_HOST = env_str("GOVSOCIAL_LOG_ORIGIN_HOST", "")
GOVSOCIAL_CORRESPONDENCE_RETENTION_DAYS = env_int("GOVSOCIAL_CORRESPONDENCE_RETENTION_DAYS", 730)
GOVSOCIAL_LISTENING_RETENTION_DAYS = env_int("GOVSOCIAL_LISTENING_RETENTION_DAYS", 30)
# A replacement rule-data folder for the checks engine (word lists, limits, election periods).
GOVSOCIAL_CHECKS_CONFIG_DIR = env_str("GOVSOCIAL_CHECKS_CONFIG_DIR", "") or None
# API tokens: how many days a new token works unless its creator chooses otherwise, and the
# longest anyone may choose (a token that never expires is a leaked token that never stops).
GOVSOCIAL_API_TOKEN_DAYS = env_int("GOVSOCIAL_API_TOKEN_DAYS", 90)
GOVSOCIAL_API_TOKEN_MAX_DAYS = env_int("GOVSOCIAL_API_TOKEN_MAX_DAYS", 365)

# Refuse (rather than log) an audit record whose data keys records/events/ does not list.
# On in the test suite, so the audit catalogue cannot drift from what the code writes.
GOVSOCIAL_AUDIT_STRICT = env_bool("GOVSOCIAL_AUDIT_STRICT", False)

_ = os
