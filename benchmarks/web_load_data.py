"""Scales the demo organisation up for benchmarks/web_load.py, in bulk: posts and inbox items by
`bulk_create` (the services, one audited write at a time, would take an hour for 60,000 rows),
and signed-in sessions made straight in the session store for the simulated staff.

Run inside a Django process whose database already holds `govsocial demo`; never in production.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

from govsocial.accounts.auth.models import AuthMethod
from govsocial.accounts.auth.sessions import AUTH_METHOD_KEY, LAST_SEEN_KEY, SIGNED_IN_AT_KEY
from govsocial.accounts.models import Membership, Organisation, User
from govsocial.accounts.roles import Role
from govsocial.channels.models import OfficialAccount
from govsocial.cli.demo import DEMO_ORGANISATION
from govsocial.inbox.models import InboundItem, ItemKind, ItemStatus, TriageLabel
from govsocial.publishing.models import Post, PostStatus, PostVersion

BATCH = 2000
STATUSES = [PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.RETURNED, PostStatus.CANCELLED]
TOPICS = ["passports", "road closures", "library hours", "flood warnings", "bin collections"]
BACKEND = "govsocial.accounts.auth.backends.LocalBackend"


def bulk_posts(
    organisation: Organisation, author: User, accounts: list[OfficialAccount], n: int
) -> None:
    rng = random.Random(12)
    now = timezone.now()
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        posts = Post.objects.bulk_create(
            Post(
                organisation=organisation,
                author=author,
                title=f"Update {start + i} on {rng.choice(TOPICS)}",
                status=rng.choice(STATUSES),
            )
            for i in range(count)
        )
        PostVersion.objects.bulk_create(
            PostVersion(
                post=post,
                number=1,
                text=f"Our latest update on {rng.choice(TOPICS)}: read more at https://www.gov.uk/",
                created_by=author,
            )
            for post in posts
        )
        through = Post.accounts.through
        through.objects.bulk_create(
            through(post_id=post.pk, officialaccount_id=rng.choice(accounts).pk) for post in posts
        )
        # updated_at orders the list; spread it so pages differ.
        for offset, post in enumerate(posts):
            post.updated_at = now - timedelta(minutes=start + offset)
        Post.objects.bulk_update(posts, ["updated_at"], batch_size=BATCH)


def status_of(number: int) -> ItemStatus:
    """A desk that keeps up: 5% of 50,000 messages still open, the rest replied to or closed."""
    share = number % 100
    if share < 3:
        return ItemStatus.NEW
    if share < 5:
        return ItemStatus.WAITING
    return ItemStatus.REPLIED if share < 30 else ItemStatus.CLOSED


def bulk_inbox(organisation: Organisation, accounts: list[OfficialAccount], n: int) -> None:
    rng = random.Random(34)
    now = timezone.now()
    labels = list(TriageLabel)
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        InboundItem.objects.bulk_create(
            InboundItem(
                organisation=organisation,
                account=rng.choice(accounts),
                remote_id=f"bench-{start + i}",
                kind=ItemKind.MENTION,
                author_handle=f"citizen{(start + i) % 997}@social.example",
                author_name=f"Citizen {(start + i) % 997}",
                received_at=now - timedelta(minutes=start + i),
                original_text=f"When do the {rng.choice(TOPICS)} change? Thanks",
                redacted_text=f"When do the {rng.choice(TOPICS)} change? Thanks",
                triage_label=rng.choice(labels),
                status=status_of(start + i),
                sla_due_at=now + timedelta(hours=rng.randint(-48, 48)),
            )
            for i in range(count)
        )


def staff_sessions(organisation: Organisation, users: int) -> list[str]:
    """`users` reviewers, each signed in once (as after password and authenticator code)."""
    keys = []
    now = timezone.now().timestamp()
    for number in range(users):
        user, _ = User.objects.get_or_create(
            username=f"bench-{number:03d}",
            defaults={
                "display_name": f"Bench Reviewer {number}",
                "email": f"bench{number}@example.gov.uk",
            },
        )
        Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.REVIEWER)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[AUTH_METHOD_KEY] = AuthMethod.TWO_FACTOR
        session[SIGNED_IN_AT_KEY] = now
        session[LAST_SEEN_KEY] = now
        session.create()
        assert session.session_key is not None
        keys.append(session.session_key)
    return keys


def load(*, posts: int, inbox: int, users: int) -> dict[str, Any]:
    """Brings the demo organisation up to `posts` posts and `inbox` inbox items, and returns what
    the load test needs: the organisation's slug, ids to visit and one session per user."""
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
    accounts = list(OfficialAccount.objects.filter(organisation=organisation))
    author = User.objects.get(username="author")
    with transaction.atomic():
        missing_posts = posts - Post.objects.filter(organisation=organisation).count()
        if missing_posts > 0:
            bulk_posts(organisation, author, accounts, missing_posts)
        missing_items = inbox - InboundItem.objects.filter(organisation=organisation).count()
        if missing_items > 0:
            bulk_inbox(organisation, accounts, missing_items)
        sessions = staff_sessions(organisation, users)
    return {
        "org": organisation.slug,
        "posts": list(Post.objects.filter(organisation=organisation).values_list("pk", flat=True)),
        "items": list(
            InboundItem.objects.filter(organisation=organisation).values_list("pk", flat=True)
        ),
        "sessions": sessions,
    }


def main(posts: int, inbox: int, users: int) -> None:
    print(json.dumps(load(posts=posts, inbox=inbox, users=users)))
