from __future__ import annotations

from pathlib import Path

from django.conf import settings


def ensure_var_dirs() -> None:
    """Creates the data folder that holds the SQLite database and uploaded media."""
    db_name = settings.DATABASES["default"]["NAME"]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        Path(db_name).parent.mkdir(parents=True, exist_ok=True)
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
