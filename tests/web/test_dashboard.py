"""The organisation dashboard's figures and recent posts, read in a fixed handful of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from govsocial.publishing.models import Post, PostStatus
from tests.web.seed import desk_with_every_role, seed_posts

pytestmark = pytest.mark.django_db


def figure(page: str, label: str) -> int:
    found = re.search(
        r'govuk-heading-m govuk-!-margin-bottom-0">(\d+)</span> <a[^>]*>' + label, page
    )
    assert found, label
    return int(found.group(1))


def test_the_dashboard_counts_posts_by_status_and_lists_the_latest(make_user, organisation) -> None:
    desk = desk_with_every_role(organisation, make_user("everyone"))
    seed_posts(desk, 3, status=PostStatus.DRAFT, title="Draft")
    seed_posts(desk, 2, status=PostStatus.IN_REVIEW, title="Review")
    seed_posts(desk, 1, status=PostStatus.SCHEDULED, title="Scheduled")
    seed_posts(desk, 4, status=PostStatus.PUBLISHED, title="Published")
    now = timezone.now()
    for age, post in enumerate(Post.objects.order_by("pk")):
        Post.objects.filter(pk=post.pk).update(updated_at=now - timedelta(minutes=age))
    client = Client()
    client.force_login(desk.user)

    page = client.get(f"/o/{organisation.slug}/").content.decode()

    assert figure(page, "drafts") == 3
    assert figure(page, "waiting for approval") == 2
    assert figure(page, "scheduled") == 1
    recent = re.findall(r'<a class="govuk-link" href="/o/[^"]+/posts/\d+/">([^<]+)</a>', page)
    assert recent == ["Draft 0", "Draft 1", "Draft 2", "Review 0", "Review 1"]
