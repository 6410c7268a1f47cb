"""The pages each role works from, listed on the organisation's dashboard under "Your work".

One line per page: (link text, URL name, the action a person needs to see it). A page appears
when the person's roles allow its action, so every role reaches its pages from the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from govsocial.accounts.roles import Action


@dataclass(frozen=True)
class RolePage:
    text: str
    href: str


# (text, url name taking the organisation's slug as `org`, the action a person needs)
ROLE_PAGES: tuple[tuple[str, str, str], ...] = (
    ("Review queue", "web:review_queue", Action.REVIEW),
    ("Posts that need a person to check", "web:needs_check", Action.PUBLISH),
    ("Official accounts", "web:account_list", Action.VIEW),
    ("Audit trail", "web:audit_list", Action.VIEW),
    ("Egress allow-list", "it:egress", Action.IT_ADMIN),
    ("Risk, benefit and cost report", "it:report", Action.IT_ADMIN),
    ("Sign-in group mappings", "accounts:group_mappings", Action.IT_ADMIN),
)


def role_pages_for(*, organisation_slug: str, actions: frozenset[str]) -> list[RolePage]:
    """The role pages a person holding `actions` may open, in the order above."""
    return [
        RolePage(text, reverse(name, kwargs={"org": organisation_slug}))
        for text, name, needs in ROLE_PAGES
        if needs in actions
    ]
