"""Settings for `govsocial run` on one machine: SQLite, demo data, local worker."""

from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY as _SECRET_KEY

DEBUG = False
# A fixed key is fine for a single-machine demo; production refuses to start without one.
SECRET_KEY = _SECRET_KEY or "local-only-insecure-key-change-me-for-any-shared-use-0123456789"
WHITENOISE_USE_FINDERS = True
