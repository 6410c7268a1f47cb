"""LinkedIn Posts API connector against recorded exchanges that follow LinkedIn's reference."""

from __future__ import annotations

import pytest

from govsocial.connectors import (
    EditRequest,
    LookupProbe,
    MediaItem,
    MediaKind,
    OutcomeUnknown,
    PublishRequest,
    Unsupported,
)

KEY = "6f1c2f9e-0000-4000-8000-000000000002"
TEXT = "Consultation on the local plan opens today (until 5 January)."
URN = "urn:li:share:7266000000000000001"


def test_publish_sends_versioned_headers_escapes_markup_and_reads_the_urn_header(recorded):
    linkedin, played = recorded("linkedin", "publish")

    result = linkedin.publish(PublishRequest(text=TEXT, idempotency_key=KEY))

    played.assert_all_played()
    assert result.remote_id == URN
    assert result.url == f"https://www.linkedin.com/feed/update/{URN}/"


def test_a_201_without_the_urn_header_is_outcome_unknown(recorded):
    linkedin, _ = recorded(
        "linkedin",
        exchanges=[
            {"request": {"method": "POST", "path": "/rest/posts"}, "response": {"status": 201}}
        ],
    )
    with pytest.raises(OutcomeUnknown, match="did not return its id"):
        linkedin.publish(PublishRequest(text=TEXT, idempotency_key=KEY))


def test_edit_is_a_partial_update_of_the_commentary_on_the_encoded_urn(recorded):
    linkedin, played = recorded("linkedin", "edit")
    linkedin.edit(URN, EditRequest(text="Consultation opens today."))
    played.assert_all_played()


def test_delete_uses_the_encoded_urn(recorded):
    linkedin, played = recorded("linkedin", "delete")
    linkedin.delete(URN)
    played.assert_all_played()


def test_lookup_recent_unescapes_commentary_before_matching(recorded):
    linkedin, played = recorded("linkedin", "lookup_recent")

    found = linkedin.lookup_recent(LookupProbe(text=TEXT))

    played.assert_all_played()
    assert [p.remote_id for p in found] == [URN]
    assert found[0].created_at.isoformat() == "2026-11-25T10:00:00+00:00"


def test_verify_names_the_organisation(recorded):
    linkedin, played = recorded("linkedin", "verify")
    account = linkedin.verify_credentials()
    assert (account.remote_id, account.handle) == ("urn:li:organization:2414183", "example-council")
    assert account.url == "https://www.linkedin.com/company/example-council/"


def test_images_are_refused_as_unsupported_without_a_call(recorded):
    linkedin, played = recorded("linkedin", exchanges=[])
    image = MediaItem(kind=MediaKind.IMAGE, mime_type="image/jpeg", data=b"x")
    with pytest.raises(Unsupported, match="images on LinkedIn are not supported yet"):
        linkedin.publish(PublishRequest(text="hi", idempotency_key=KEY, media=(image,)))
    assert played.seen == []


def test_comments_on_recent_posts_without_the_organisations_own(recorded):
    linkedin, played = recorded("linkedin", "comments")

    page = linkedin.fetch_inbound(None)

    played.assert_all_played()
    [comment] = page.items
    assert comment.author_handle == "urn:li:person:Ab1Cd2"
    assert comment.text == "Where can I read the plan?"
    assert comment.thread_id == URN
    assert comment.created_at.isoformat() == "2026-11-25T10:10:00+00:00"
