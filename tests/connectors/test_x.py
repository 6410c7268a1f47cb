"""X API v2 connector against recorded exchanges that follow X's API reference."""

from __future__ import annotations

import pytest

from govsocial.connectors import (
    BadRequest,
    InboundKind,
    LookupProbe,
    MediaItem,
    MediaKind,
    PublishRequest,
    RateLimited,
    Unsupported,
)
from govsocial.connectors.base import EditRequest

KEY = "6f1c2f9e-0000-4000-8000-000000000001"


def test_publish_posts_the_text_and_returns_the_id_link_and_quota(recorded):
    x, played = recorded("x", "publish")

    result = x.publish(
        PublishRequest(text="Bin collections move to Tuesday next week.", idempotency_key=KEY)
    )

    played.assert_all_played()
    assert result.remote_id == "1861234567890123456"
    assert result.url == "https://x.com/i/web/status/1861234567890123456"
    assert x.quota.remaining == 99 and x.quota.limit == 100


def test_an_image_is_uploaded_given_alt_text_and_attached(recorded):
    x, played = recorded("x", "publish_with_image")
    image = MediaItem(
        kind=MediaKind.IMAGE,
        mime_type="image/png",
        data=b"\x89PNG",
        alt_text="Map of the new collection rounds",
    )

    result = x.publish(PublishRequest(text="New rounds", idempotency_key=KEY, media=(image,)))

    played.assert_all_played()
    assert result.remote_id == "1861234567890123457"
    assert b'name="media_category"' in played.seen[0].content


def test_x_weighs_text_itself_links_23_and_emoji_2(recorded):
    x, played = recorded("x", exchanges=[])

    with pytest.raises(BadRequest, match="weighs 282 characters on X"):
        x.publish(PublishRequest(text="🙂" * 141, idempotency_key=KEY))
    assert played.seen == []


def test_delete_is_confirmed(recorded):
    x, played = recorded("x", "delete")
    x.delete("1861234567890123456")
    played.assert_all_played()


def test_edit_is_refused_as_unsupported(recorded):
    x, _ = recorded("x", exchanges=[])
    with pytest.raises(Unsupported, match="does not allow editing"):
        x.edit("1", EditRequest(text="new"))


def test_lookup_recent_finds_the_post_by_its_text(recorded):
    x, played = recorded("x", "lookup_recent")

    found = x.lookup_recent(LookupProbe(text="Bin collections move to Tuesday  next week."))

    played.assert_all_played()
    assert [(p.remote_id, p.matched_by) for p in found] == [("1861234567890123456", "text")]
    assert found[0].url == "https://x.com/ExampleCouncil/status/1861234567890123456"


def test_mentions_come_oldest_first_with_authors_and_the_next_cursor(recorded):
    x, played = recorded("x", "mentions")

    page = x.fetch_inbound("1861234567890123500")

    played.assert_all_played()
    assert [(i.kind, i.author_handle) for i in page.items] == [
        (InboundKind.MENTION, "another"),
        (InboundKind.REPLY, "resident"),
    ]
    assert page.items[1].in_reply_to == "1861234567890123456"
    assert page.items[1].thread_id == "1861234567890123456"
    assert page.next_cursor == "1861234567890123502"


def test_an_exhausted_quota_is_honoured_until_its_reset(recorded):
    exhausted = {
        "x-rate-limit-limit": "100",
        "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": "1795600900",
    }
    x, played = recorded(
        "x",
        exchanges=[
            {
                "request": {"method": "GET", "path": "/2/users/me"},
                "response": {
                    "status": 200,
                    "headers": exhausted,
                    "json": {"data": {"id": "1", "username": "c", "name": "C"}},
                },
            }
        ],
    )
    x.verify_credentials()

    with pytest.raises(RateLimited) as caught:
        x.publish(PublishRequest(text="hello", idempotency_key=KEY))
    assert caught.value.retry_after == pytest.approx(900)
    assert len(played.seen) == 1  # the publish never left
