from __future__ import annotations

from django.db import connection

from govsocial.accounts.models import Membership, Organisation
from govsocial.accounts.roles import Role
from govsocial.channels.models import OfficialAccount
from govsocial.cli.demo import DEMO_ORGANISATION, DEMO_PASSWORD, demo_load
from govsocial.publishing.models import Post


def test_demo_has_a_user_in_every_role_two_accounts_and_drafts(db: None) -> None:
    assert demo_load() is True
    organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
    assert set(
        Membership.objects.filter(organisation=organisation).values_list("role", flat=True)
    ) == set(Role.values)
    assert OfficialAccount.objects.filter(organisation=organisation).count() == 2
    assert Post.objects.filter(organisation=organisation, status="draft").count() >= 3


def test_demo_loads_once(db: None) -> None:
    assert demo_load() is True
    assert demo_load() is False
    assert Organisation.objects.count() == 1


def test_demo_users_can_sign_in(client, db: None) -> None:
    demo_load()
    response = client.post(
        "/login/", {"username": "reviewer", "password": DEMO_PASSWORD}, follow=True
    )
    assert DEMO_ORGANISATION in response.content.decode()


def test_sqlite_runs_in_wal_mode(db: None) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # An in-memory test database reports "memory"; a file database must be in WAL.
    assert mode in {"wal", "memory"}
