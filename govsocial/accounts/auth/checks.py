"""System checks: a bad OIDC_GROUP_ROLE_MAP is reported by `manage.py check` and at start-up."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def check_group_role_map(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from govsocial.accounts.auth.oidc import env_group_role_map

    try:
        env_group_role_map()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="govsocial.accounts.E001")]
    return []
