"""Threads connector against recorded Threads API exchanges."""

from __future__ import annotations

from govsocial.connectors import InboundKind, LookupProbe, MediaItem, MediaKind, PublishRequest

KEY = "6f1c2f9e-0000-4000-8000-000000000005"


def signer(item: MediaItem) -> str:
    return f"https://media.example.gov.uk/m/{item.filename}?expires=1764068400&sig=3f1c9a"


def test_text_post_is_a_container_then_publish(recorded):
    threads, played = recorded("threads", "publish_text")

    result = threads.publish(
        PublishRequest(text="Polling stations open at 7am.", idempotency_key=KEY)
    )

    played.assert_all_played()
    assert result.remote_id == "18012345678901234"
    assert result.url == "https://www.threads.net/@examplecouncil/post/DCabc123"


def test_image_post_waits_for_the_container_to_finish(recorded):
    threads, played = recorded("threads", "publish_image")
    image = MediaItem(
        kind=MediaKind.IMAGE,
        mime_type="image/jpeg",
        alt_text="A polling station sign",
        filename="station.jpg",
    )

    result = threads.publish(
        PublishRequest(
            text="Find your polling station.",
            idempotency_key=KEY,
            media=(image,),
            media_url_signer=signer,
        )
    )

    played.assert_all_played()
    assert result.remote_id == "18012345678901299"


def test_delete_lookup_and_verify(recorded):
    threads, played = recorded("threads", "delete")
    threads.delete("18012345678901234")
    played.assert_all_played()
    threads, _ = recorded("threads", "lookup_recent")
    assert [
        p.remote_id
        for p in threads.lookup_recent(LookupProbe(text="Polling stations open at 7am."))
    ] == ["18012345678901234"]
    threads, _ = recorded("threads", "verify")
    assert threads.verify_credentials().handle == "examplecouncil"


def test_replies_to_our_threads_skip_our_own_answers(recorded):
    threads, played = recorded("threads", "replies")

    page = threads.fetch_inbound(None)

    played.assert_all_played()
    [reply] = page.items
    assert (reply.kind, reply.author_handle, reply.text) == (
        InboundKind.REPLY,
        "voter_one",
        "Where is my polling station?",
    )
    assert reply.thread_id == reply.in_reply_to == "18012345678901234"
