from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool


def navigation_items(request: HttpRequest) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    match = request.resolver_match
    url_name = match.url_name if match else ""
    items = [NavItem("Dashboard", reverse("web:dashboard"), url_name == "dashboard")]
    slug = match.kwargs.get("org") if match else None
    if slug:
        for text, name in (
            ("Overview", "organisation"),
            ("Posts", "post_list"),
            ("Accounts", "account_list"),
            ("Audit", "audit_list"),
        ):
            items.append(
                NavItem(text, reverse(f"web:{name}", kwargs={"org": slug}), url_name == name)
            )
    return items
