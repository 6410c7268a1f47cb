"""Settings shared by every environment. Each concern lives in its own module."""

from __future__ import annotations

import os
from pathlib import Path

from config.settings.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("GOVSOCIAL_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "govsocial.core",
    "govsocial.accounts",
    "govsocial.records",
    "govsocial.channels",
    "govsocial.publishing",
    "govsocial.inbox",
    "govsocial.it",
    "govsocial.web",
    "govsocial.api",
    # django-ninja as an app serves Swagger UI from its own static files: no CDN, no inline script.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "govsocial.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication: the session policy and every view, template and
    # service below read each user's memberships once per request (accounts/permission_memo.py).
    "govsocial.accounts.permission_memo.PermissionMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "govsocial.web.context_processors.service",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# GOV.UK Frontend's CSS refers to /assets/fonts and /assets/images by absolute
# path, so static files are served at /assets/ (browser-notes.md).
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
GOVUK_FRONTEND_DIR = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS = [
    GOVUK_FRONTEND_DIR / "assets",
    ("govuk-frontend", GOVUK_FRONTEND_DIR),
]
MEDIA_ROOT = Path(env_str("GOVSOCIAL_MEDIA_ROOT", str(VAR_DIR / "media")))

GOVSOCIAL_SERVICE_NAME = "govsocial"
GOVSOCIAL_PHASE = "alpha"

from config.settings.auth import *  # noqa: E402, F403
from config.settings.database import *  # noqa: E402, F403
from config.settings.govsocial import *  # noqa: E402, F403
from config.settings.logging import *  # noqa: E402, F403
from config.settings.serving import *  # noqa: E402, F403
from config.settings.worker import *  # noqa: E402, F403

_ = os  # keep os importable for environment-specific modules
