"""Production settings: PostgreSQL, secrets from the environment, secure headers (ADR 0003)."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, SECRET_KEY
from config.settings.security import *  # noqa: F403

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or shorter than 50 characters. Generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'` and set it in the environment."
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Production needs PostgreSQL: set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/govsocial."
    )

if not GOVSOCIAL_CREDENTIAL_KEYS:  # noqa: F405
    raise ImproperlyConfigured(
        "GOVSOCIAL_CREDENTIAL_KEYS is not set: network credentials must be encrypted with a key of "
        "their own. Make one with `python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'` (docs/configuration.md explains rotation)."
    )

DEBUG = False
GOVSOCIAL_PRODUCTION = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
