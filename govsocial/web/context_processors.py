from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from govsocial.web.navigation import navigation_items


def service(request: HttpRequest) -> dict[str, Any]:
    return {
        "service_name": settings.GOVSOCIAL_SERVICE_NAME,
        "service_phase": settings.GOVSOCIAL_PHASE,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "navigation_items": navigation_items(request),
    }
