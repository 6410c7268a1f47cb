"""Sign-in: local accounts with two-factor, single sign-on (OIDC) and the session policy.

docs/sign-in.md explains every setting here; docs/configuration.md lists the variables.
"""

from __future__ import annotations

import json
import os

from django.core.exceptions import ImproperlyConfigured

# base.py star-imports this module right after defining INSTALLED_APPS and MIDDLEWARE, so
# sign-in adds its apps and middleware to those same lists here: every sign-in setting stays
# in one module. (In a circular import, `from package import module` finds the half-loaded
# module in sys.modules, and both lists already exist by then.)
from config.settings import base as _base
from config.settings.env import env_bool, env_int, env_str

# vars(): mypy cannot follow the circular import to the lists' types.
_apps: list[str] = vars(_base)["INSTALLED_APPS"]
_middleware: list[str] = vars(_base)["MIDDLEWARE"]
for _app in ("django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"):
    if _app not in _apps:
        _apps.append(_app)
if "govsocial.accounts.auth.middleware.SessionPolicyMiddleware" not in _middleware:
    # After authentication and messages: it signs out and explains why.
    _middleware.append("govsocial.accounts.auth.middleware.SessionPolicyMiddleware")

AUTHENTICATION_BACKENDS = [
    # First, so the test client's force_login picks it.
    "govsocial.accounts.auth.backends.LocalBackend",
    "govsocial.accounts.auth.oidc.GovsocialOIDCBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    # ~40,000 passwords seen in breaches, bundled (no network): ASVS 6.2.4 and 6.2.12.
    {"NAME": "govsocial.accounts.auth.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sessions (ASVS V7) -------------------------------------------------------------------
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Signed out after this long without a request, and this long after signing in whatever happens.
GOVSOCIAL_SESSION_IDLE_MINUTES = env_int("GOVSOCIAL_SESSION_IDLE_MINUTES", 30)
GOVSOCIAL_SESSION_ABSOLUTE_HOURS = env_int("GOVSOCIAL_SESSION_ABSOLUTE_HOURS", 12)
SESSION_COOKIE_AGE = GOVSOCIAL_SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if GOVSOCIAL_SESSION_IDLE_MINUTES < 1 or GOVSOCIAL_SESSION_ABSOLUTE_HOURS < 1:
    raise ImproperlyConfigured(
        "GOVSOCIAL_SESSION_IDLE_MINUTES and GOVSOCIAL_SESSION_ABSOLUTE_HOURS must be at least 1."
    )

# --- Throttling and lockout (ASVS 6.3.1) -------------------------------------------------------
GOVSOCIAL_LOCKOUT_FAILURES = env_int("GOVSOCIAL_LOCKOUT_FAILURES", 5)
# Many staff share one office address, so the address limit is higher than the account limit.
GOVSOCIAL_LOCKOUT_IP_FAILURES = env_int("GOVSOCIAL_LOCKOUT_IP_FAILURES", 20)
GOVSOCIAL_LOCKOUT_MINUTES = env_int("GOVSOCIAL_LOCKOUT_MINUTES", 15)
# Behind a reverse proxy every request comes from the proxy: name the header it sets with the
# client's address (e.g. X-Real-IP). Leave empty when browsers connect directly.
GOVSOCIAL_CLIENT_IP_HEADER = env_str("GOVSOCIAL_CLIENT_IP_HEADER", "")

# --- Two-factor (ASVS 6.3.3) ---------------------------------------------------------------
OTP_TOTP_ISSUER = env_str("GOVSOCIAL_TOTP_ISSUER", "govsocial")
# By default two-factor is required for roles that can publish, approve or see personal data
# (govsocial.accounts.auth.policy); true asks every local account for it.
GOVSOCIAL_2FA_FOR_EVERYONE = env_bool("GOVSOCIAL_2FA_FOR_EVERYONE", False)
GOVSOCIAL_RECOVERY_CODES = 10
_settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local")
_production = _settings_module.endswith(".production")
# The demo users (`govsocial demo`, public password) sign in without two-factor on one machine.
# Never honoured by production settings, which refuse to start with it on.
GOVSOCIAL_DEMO_SKIP_2FA = env_bool("GOVSOCIAL_DEMO_SKIP_2FA", not _production)
if _production and GOVSOCIAL_DEMO_SKIP_2FA:
    raise ImproperlyConfigured(
        "GOVSOCIAL_DEMO_SKIP_2FA is for a single-machine demo only: unset it in production."
    )

# --- Single sign-on (OIDC) ---------------------------------------------------------------
# On when OIDC_RP_CLIENT_ID is set; the other endpoint variables are then required.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
GOVSOCIAL_OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "your organisation's account")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
# Optional: sign out of the identity provider too (Entra ID .../oauth2/v2.0/logout; Keycloak
# .../protocol/openid-connect/logout). Register https://<host>/login/ as post-logout redirect URI.
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
# Entra ID puts groups (or app roles: set "roles") in the ID token; Keycloak's group mapper
# adds "groups" to both. Claims from the ID token and the userinfo endpoint are merged.
GOVSOCIAL_OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
# {"group": ["org-slug", "role"]} or {"group": [["org-slug", "role"], ...]}.
GOVSOCIAL_OIDC_GROUP_ROLE_MAP_JSON = env_str("OIDC_GROUP_ROLE_MAP", "{}")
# Space-separated; when set, sign-in needs one of these in the ID token's amr (e.g. "mfa") or acr.
GOVSOCIAL_OIDC_REQUIRED_AMR = env_str("OIDC_REQUIRED_AMR", "")
GOVSOCIAL_OIDC_REQUIRED_ACR = env_str("OIDC_REQUIRED_ACR", "")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_STORE_ID_TOKEN = True
# How often a signed-in SSO user is silently re-checked with the identity provider.
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env_int("OIDC_RENEW_SECONDS", 15 * 60)
LOGIN_REDIRECT_URL_FAILURE = "web:login"

try:
    GOVSOCIAL_OIDC_GROUP_ROLE_MAP = json.loads(GOVSOCIAL_OIDC_GROUP_ROLE_MAP_JSON)
except json.JSONDecodeError as _exc:
    raise ImproperlyConfigured(
        f"OIDC_GROUP_ROLE_MAP is not valid JSON ({_exc}). "
        'Write it as {"group-name": ["organisation-slug", "role"]}.'
    ) from None

if OIDC_RP_CLIENT_ID:
    _missing = [
        name
        for name, value in (
            ("OIDC_RP_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
            ("OIDC_OP_ISSUER", OIDC_OP_ISSUER),
            ("OIDC_OP_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("OIDC_OP_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("OIDC_OP_USER_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            ("OIDC_OP_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so single sign-on is on, but {', '.join(_missing)} "
            f"{'is' if len(_missing) == 1 else 'are'} missing. "
            "docs/sign-in.md shows where to find each value."
        )
