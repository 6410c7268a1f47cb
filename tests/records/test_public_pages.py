"""The public record, as a citizen without an account sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from govsocial.cli import main
from govsocial.records.erasure import record_erase
from govsocial.records.models import TransparencyLog
from govsocial.records.transparency_log import logs_integrate_and_sign
from tests.records.conftest import HANDLE


def log_url(organisation, rest: str = "") -> str:
    return f"/public/{organisation.slug}/log/{rest}"


def test_the_public_log_lists_what_happened_newest_first_with_reasons(
    client: Client, public_action, organisation
) -> None:
    public_action(
        "delivery.published",
        text="Roads closed in Anytown",
        remote_id="77",
        remote_url="https://social.example/@dept/77",
    )
    public_action("moderation.hide", text=None, reason_code="abuse")
    logs_integrate_and_sign()
    page = client.get(log_url(organisation))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index("Entry 1") < body.index("Entry 0")
    assert "Published" in body and "Hidden" in body and "abuse" in body
    assert "Roads closed in Anytown" in body
    assert HANDLE in body
    assert "https://social.example/@dept/77" in body
    assert "govsocial log verify http://testserver/public/department-for-testing/log/" in body


def test_an_entry_page_shows_the_leaf_the_content_its_proof_and_the_command(
    client: Client, public_action, organisation
) -> None:
    for number in range(3):
        public_action(text=f"Post number {number}")
    logs_integrate_and_sign()
    body = client.get(log_url(organisation, "entry/1/")).content.decode()
    assert "Entry 1: Published" in body
    assert "Post number 1" in body
    assert "&quot;index&quot;:1" in body  # the leaf JSON
    assert "included in the signed tree of 3 entries" in body
    assert "--entry 1" in body
    assert "Salt (hex)" in body


def test_an_entry_not_yet_signed_says_so(client: Client, public_action, organisation) -> None:
    public_action()
    body = client.get(log_url(organisation, "entry/0/")).content.decode()
    assert "not covered by a signed checkpoint yet" in body


def test_an_erased_entry_shows_when_and_why_but_never_its_content_or_salt(
    client: Client, public_action, organisation, records_manager
) -> None:
    leaf = public_action(text="Call Jane on 07700 900123")
    salt = bytes(leaf.content.salt).hex()
    record_erase(leaf=leaf, reason_code="personal_data", actor=records_manager)
    logs_integrate_and_sign()
    for url in (log_url(organisation), log_url(organisation, "entry/0/")):
        body = client.get(url).content.decode()
        assert "07700" not in body and salt not in body
        assert "Personal data published by mistake" in body
    assert (
        "Content erased lawfully" in client.get(log_url(organisation, "entry/1/")).content.decode()
    )


def test_checkpoint_key_and_tiles_are_served_as_cacheable_static_bytes(
    client: Client, public_action, organisation
) -> None:
    for _ in range(300):
        public_action(text=None)
    logs_integrate_and_sign()
    checkpoint = client.get(log_url(organisation, "checkpoint"))
    assert checkpoint.status_code == 200
    assert checkpoint.content.startswith(
        b"social.example.gov.uk/govsocial/department-for-testing\n300\n"
    )
    assert checkpoint["Cache-Control"] == "public, max-age=5"
    full = client.get(log_url(organisation, "tile/0/000"))
    assert len(full.content) == 256 * 32
    assert full["Cache-Control"] == "public, max-age=31536000, immutable"
    partial = client.get(log_url(organisation, "tile/0/001.p/44"))
    assert len(partial.content) == 44 * 32
    assert partial["Cache-Control"] == "public, max-age=60"
    assert client.get(log_url(organisation, "tile/entries/000")).status_code == 200
    assert client.get(log_url(organisation, "key")).content.startswith(
        b"social.example.gov.uk/govsocial/department-for-testing+"
    )
    assert client.get(log_url(organisation, "tile/0/999")).status_code == 404
    assert client.get(log_url(organisation, "tile/../../etc/passwd")).status_code == 404


def test_another_organisations_log_never_shows_under_this_organisations_url(
    client: Client, public_action, organisation, make_organisation
) -> None:
    other = make_organisation("Other Office")
    public_action(text="Only the testing department said this")
    logs_integrate_and_sign()
    for rest in ("", "entry/0/", "checkpoint", "key", "tile/0/000.p/1"):
        response = client.get(log_url(other, rest))
        assert b"Only the testing department" not in response.content
        assert response.status_code in (200, 404)
    assert client.get(log_url(other, "entry/0/")).status_code == 404
    assert client.get("/public/no-such-organisation/log/").status_code == 404


def test_the_pages_are_paginated_and_work_for_anyone(
    client: Client, public_action, organisation
) -> None:
    for _ in range(55):
        public_action(text=None)
    first = client.get(log_url(organisation)).content.decode()
    second = client.get(log_url(organisation, "?page=2")).content.decode()
    assert "Entry 54" in first and "Entry 4<" not in first
    assert 'aria-label="Page 1" aria-current="page"' in first and 'rel="next">' in first
    assert "Entry 4<" in second and "(page 2 of 2)" in second
    assert client.get(log_url(organisation, "?page=nonsense")).status_code == 200
    assert client.post(log_url(organisation)).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_served_log_verifies_over_http_with_the_offline_verifier(
    live_server, public_action, organisation, tmp_path: Path
) -> None:
    for number in range(3):
        public_action(text=f"Post {number}")
    logs_integrate_and_sign()
    base = f"{live_server.url}/public/{organisation.slug}/log/"
    vkey = TransparencyLog.objects.get(organisation=organisation).vkey
    result = CliRunner().invoke(main, ["log", "verify", base, "--key", vkey, "--entry", "2"])
    assert result.exit_code == 0, result.output
    assert "PASS inclusion of entry 2" in result.output


def test_moderated_messages_and_unpublished_posts_show_a_commitment_but_not_their_content(
    client: Client, public_action, organisation
) -> None:
    public_action("moderation.hide", text="abusive words from a citizen", reason_code="abuse")
    public_action("post.schedule", text="Embargoed: new hospital announced")
    public_action("delivery.published", text="Published words")
    logs_integrate_and_sign()
    listing = client.get(log_url(organisation)).content.decode()
    hidden = client.get(log_url(organisation, "entry/0/")).content.decode()
    scheduled = client.get(log_url(organisation, "entry/1/")).content.decode()
    for body in (listing, hidden, scheduled):
        assert "abusive words" not in body and "Embargoed" not in body
    assert "written by members of the public" in hidden
    assert "under embargo" in scheduled
    assert "content_commitment" in hidden and "Salt (hex)" not in hidden
    assert "Published words" in listing
