from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from govsocial.accounts.roles import Action


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool


# (text, url name, the action a user needs to see the item)
ORGANISATION_ITEMS = (
    ("Overview", "web:organisation", Action.VIEW),
    ("Posts", "web:post_list", Action.VIEW),
    ("Inbox", "inbox:queue", Action.VIEW),
    ("Accounts", "web:account_list", Action.VIEW),
    ("Audit", "web:audit_list", Action.VIEW),
    ("IT", "it:report", Action.IT_ADMIN),
)


def navigation_items(request: HttpRequest) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    match = request.resolver_match
    current = f"{match.namespace}:{match.url_name}" if match else ""
    items = [NavItem("Dashboard", reverse("web:dashboard"), current == "web:dashboard")]
    slug = match.kwargs.get("org") if match else None
    if slug:
        from govsocial.accounts.selectors import actions_for_user, organisation_get_for_user

        organisation = organisation_get_for_user(user=request.user, slug=slug)
        actions = (
            actions_for_user(user=request.user, organisation=organisation)
            if organisation
            else frozenset()
        )
        for text, name, needs in ORGANISATION_ITEMS:
            if needs in actions:
                items.append(NavItem(text, reverse(name, kwargs={"org": slug}), current == name))
    items.append(
        NavItem("Your sign-in", reverse("accounts:security"), current == "accounts:security")
    )
    return items
