"""Network credentials encrypted at rest with Fernet; several keys allow rotation.

GOVSOCIAL_CREDENTIAL_KEYS is a comma-separated list of Fernet keys. The first
encrypts; every key decrypts. To rotate: put a new key first, run
`govsocial channel rotate-keys`, then remove the old key. Without the variable
(local and test settings only) a key is derived from SECRET_KEY.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class CredentialsUnreadable(Exception):
    """The stored credentials cannot be decrypted with any configured key."""


def _keys() -> list[Fernet]:
    raw: list[str] = list(getattr(settings, "GOVSOCIAL_CREDENTIAL_KEYS", []))
    if not raw:
        derived = hashlib.sha256(b"govsocial-credentials|" + settings.SECRET_KEY.encode()).digest()
        raw = [base64.urlsafe_b64encode(derived).decode()]
    try:
        return [Fernet(key.encode()) for key in raw]
    except ValueError:
        raise ImproperlyConfigured(
            "GOVSOCIAL_CREDENTIAL_KEYS holds a value that is not a Fernet key. Make one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        ) from None


def encrypt_credentials(credentials: Mapping[str, str]) -> str:
    payload = json.dumps(dict(credentials), sort_keys=True).encode()
    return MultiFernet(_keys()).encrypt(payload).decode()


def decrypt_credentials(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        payload = MultiFernet(_keys()).decrypt(token.encode())
    except InvalidToken:
        raise CredentialsUnreadable(
            "the stored credentials cannot be decrypted with the configured keys; "
            "restore the old key in GOVSOCIAL_CREDENTIAL_KEYS or reconnect the account"
        ) from None
    data = json.loads(payload)
    return {str(k): str(v) for k, v in data.items()}


def rotate_credentials(token: str) -> str:
    """Re-encrypts with the first key, keeping the content."""
    return MultiFernet(_keys()).rotate(token.encode()).decode() if token else token
