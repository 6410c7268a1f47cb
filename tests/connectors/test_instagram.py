"""Instagram content publishing against recorded Graph API exchanges."""

from __future__ import annotations

import pytest

from govsocial.connectors import (
    BadRequest,
    InboundKind,
    LookupProbe,
    MediaItem,
    MediaKind,
    PublishRequest,
)

KEY = "6f1c2f9e-0000-4000-8000-000000000004"


def signer(item: MediaItem) -> str:
    return f"https://media.example.gov.uk/m/{item.filename}?expires=1764068400&sig=3f1c9a"


def jpeg(name: str, alt: str) -> MediaItem:
    return MediaItem(kind=MediaKind.IMAGE, mime_type="image/jpeg", alt_text=alt, filename=name)


def test_single_image_container_then_publish_then_permalink(recorded):
    instagram, played = recorded("instagram", "publish_single_image")

    result = instagram.publish(
        PublishRequest(
            text="New collection rounds start Monday.",
            idempotency_key=KEY,
            media=(jpeg("rounds.jpg", "Map of the new collection rounds"),),
            media_url_signer=signer,
        )
    )

    played.assert_all_played()
    assert result.remote_id == "17920238422030506"
    assert result.url == "https://www.instagram.com/p/DCx1abcDEF/"


def test_carousel_is_published_even_if_the_permalink_cannot_be_read_yet(recorded):
    instagram, played = recorded("instagram", "publish_carousel")

    result = instagram.publish(
        PublishRequest(
            text="Two pictures",
            idempotency_key=KEY,
            media=(jpeg("a.jpg", "First"), jpeg("b.jpg", "Second")),
            media_url_signer=signer,
        )
    )

    played.assert_all_played()
    assert result.remote_id == "17920238422030599"
    assert result.url == ""


def test_a_container_in_error_publishes_nothing_and_says_why(recorded):
    instagram, played = recorded("instagram", "container_error")
    with pytest.raises(BadRequest, match="could not process the media.*media URL is public"):
        instagram.publish(
            PublishRequest(
                text="x", idempotency_key=KEY, media=(jpeg("a.jpg", ""),), media_url_signer=signer
            )
        )
    played.assert_all_played()


def test_instagram_needs_an_image_and_takes_only_jpeg(recorded):
    instagram, played = recorded("instagram", exchanges=[])
    with pytest.raises(BadRequest, match="need at least one image"):
        instagram.publish(PublishRequest(text="text only", idempotency_key=KEY))
    png = MediaItem(kind=MediaKind.IMAGE, mime_type="image/png", filename="a.png")
    with pytest.raises(BadRequest, match="image/png"):
        instagram.publish(
            PublishRequest(text="x", idempotency_key=KEY, media=(png,), media_url_signer=signer)
        )
    assert played.seen == []


def test_lookup_recent_and_verify(recorded):
    instagram, played = recorded("instagram", "lookup_recent")
    [found] = instagram.lookup_recent(LookupProbe(text="New collection rounds start Monday."))
    assert found.remote_id == "17920238422030506"
    instagram, _ = recorded("instagram", "verify")
    assert instagram.verify_credentials().url == "https://www.instagram.com/examplecouncil/"


def test_comments_and_their_replies_arrive_as_comment_items(recorded):
    instagram, played = recorded("instagram", "comments")

    page = instagram.fetch_inbound(None)

    played.assert_all_played()
    assert [(i.author_handle, i.in_reply_to) for i in page.items] == [
        ("resident_one", "17920238422030506"),
        ("resident_two", "17870000000000001"),
    ]
    assert {i.kind for i in page.items} == {InboundKind.COMMENT}
    assert page.next_cursor == "2026-11-25T10:30:00+00:00"


def test_a_poll_from_the_cursor_repeats_only_items_stamped_at_it(recorded):
    instagram, _ = recorded("instagram", "comments")

    page = instagram.fetch_inbound("2026-11-25T10:30:00+00:00")

    assert [i.author_handle for i in page.items] == ["resident_two"]
