"""Where each organisation log's signing key and last-signed checkpoint live: files, not the DB.

The private key and the signer's memory of its last checkpoint are kept under
`settings.GOVSOCIAL_LOG_KEY_DIR` (default `$GOVSOCIAL_VAR_DIR/transparency`), one
folder per log named by the log's random id. They are deliberately outside the
database: restoring an older database copy must not also roll back what the log
remembers having signed (docs/transparency.md), and a database dump must not
carry the private key. The public key (vkey) is in the database and published.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from govsocial.transparency import CheckpointSigner, FileCheckpointState, NoteSigner

KEY_FILE = "signing.key"
STATE_FILE = "last-checkpoint"


class MissingSigningKey(RuntimeError):
    """The log has a published key but its private key file is not on this machine."""


def key_dir() -> Path:
    configured = getattr(settings, "GOVSOCIAL_LOG_KEY_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "transparency"


def log_dir(log_id: str) -> Path:
    return key_dir() / log_id


def origin_host() -> str:
    """The host part of every log origin line: `<host>/govsocial/<org-slug>`."""
    configured = getattr(settings, "GOVSOCIAL_LOG_ORIGIN_HOST", "")
    if configured:
        return str(configured)
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*", "["))]
    return hosts[0] if hosts else "localhost"


def load_or_create_signer(*, log_id: str, origin: str, vkey: str) -> NoteSigner:
    """The log's signer. A key is generated only for a log that never published one."""
    path = log_dir(log_id) / KEY_FILE
    if path.exists():
        signer = NoteSigner.from_skey(path.read_text(encoding="utf-8"))
        if vkey and signer.verifier.vkey != vkey:
            raise MissingSigningKey(
                f"the key in {path} is not the published key of {origin}; restore the right key file"
            )
        return signer
    if vkey:
        raise MissingSigningKey(
            f"the signing key of {origin} is missing: copy its key folder to {path.parent} "
            "(a new key would make every earlier checkpoint unverifiable with the published one)"
        )
    signer = NoteSigner.generate(name=origin)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(signer.skey + "\n")
    return signer


def checkpoint_signer(*, signer: NoteSigner, log_id: str) -> CheckpointSigner:
    state = FileCheckpointState(log_dir(log_id) / STATE_FILE)
    return CheckpointSigner(signer=signer, state=state)
