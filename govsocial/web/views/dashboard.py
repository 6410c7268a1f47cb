from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from govsocial.accounts.alerts import alerts_for_user
from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action, Role
from govsocial.accounts.selectors import (
    actions_for_user,
    organisation_list_for_user,
    roles_for_user,
)
from govsocial.core.models import Alert
from govsocial.core.selectors import heartbeat_status
from govsocial.inbox.selectors import inbox_breaches, inbox_counts
from govsocial.publishing.models import PostStatus
from govsocial.publishing.selectors import (
    deliveries_needing_check,
    deliveries_overdue,
    post_status_counts,
    recent_posts,
)
from govsocial.records.log_selectors import log_status
from govsocial.web.role_pages import role_pages_for
from govsocial.web.views.decorators import organisation_view

#: The page for each kind of thing an alert can be about (accounts/alerts.py's target keys).
ALERT_TARGET_PAGES = {"publishing.post": "web:post_detail"}


@dataclass(frozen=True)
class ShownAlert:
    alert: Alert
    href: str


def alert_href(alert: Alert, organisation: Organisation) -> str:
    """The page an alert's target key points at, or "" when it has none."""
    if alert.link.startswith("/"):
        return alert.link  # raised before alerts kept target keys
    label, _, pk = alert.link.rpartition(":")
    page = ALERT_TARGET_PAGES.get(label)
    if page is None or not pk.isdigit():
        return ""
    return reverse(page, kwargs={"org": organisation.slug, "pk": int(pk)})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    organisations = list(organisation_list_for_user(user=request.user))  # type: ignore[arg-type]
    if len(organisations) == 1:
        return redirect("web:organisation", org=organisations[0].slug)
    return render(request, "dashboard/index.html", {"organisations": organisations})


@organisation_view(Action.VIEW)
def organisation(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    post_counts = post_status_counts(organisation=organisation)
    return render(
        request,
        "dashboard/organisation.html",
        {
            "organisation": organisation,
            "roles": sorted(
                Role(role).label
                for role in roles_for_user(user=request.user, organisation=organisation)  # type: ignore[arg-type]
            ),
            "role_pages": role_pages_for(
                organisation_slug=organisation.slug,
                actions=actions_for_user(user=request.user, organisation=organisation),  # type: ignore[arg-type]
            ),
            "recent_posts": recent_posts(organisation=organisation),
            "post_counts": post_counts,
            "workers": heartbeat_status(),
            "overdue": list(deliveries_overdue(organisation=organisation)[:10]),
            "needs_check": deliveries_needing_check(organisation=organisation).count(),
            # The review queue is every post in review.
            "review_count": post_counts[PostStatus.IN_REVIEW],
            "inbox": inbox_counts(organisation=organisation),
            "inbox_breaches": inbox_breaches(organisation=organisation, limit=5),
            "log": log_status(organisation=organisation),
            "alerts": [
                ShownAlert(alert=alert, href=alert_href(alert, organisation))
                for alert in alerts_for_user(user=request.user, organisation=organisation)  # type: ignore[arg-type]
            ],
        },
    )
