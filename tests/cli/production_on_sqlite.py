"""Production settings with the database swapped for SQLite in the test's own folder.

Production refuses SQLite; these tests exercise the servers, the proxy trust and the demo guard
under every other production setting, so the real checks run with DATABASE_URL pointing at a
PostgreSQL that is never contacted, and the database is then swapped here.
"""

from config.settings.database import sqlite_database
from config.settings.production import *  # noqa: F403
from config.settings.production import VAR_DIR

DATABASES = {"default": sqlite_database(VAR_DIR / "govsocial.sqlite3")}
# Static files from the source folders, as in the test settings: collecting and compressing
# GOV.UK Frontend takes half a minute and is not what these tests are about.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
