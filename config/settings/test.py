"""Settings for the test suite: SQLite in a temporary file, or PostgreSQL via DATABASE_URL."""

from config.settings.base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-use-anywhere-else-0123456789abcdef"  # noqa: S105
DEBUG = False
GOVSOCIAL_AUDIT_STRICT = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# SQLite tests run in memory unless DATABASE_URL points elsewhere (the PostgreSQL leg in .ci/run).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ""}  # noqa: F405
