"""Threads posts: text, one image or a carousel (pulled by Threads from signed public URLs),
and replies. Delete is supported; edit is not. No idempotency key: reconcile by listing the
account's recent threads for the exact text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from govsocial.connectors.base import (
    AccountInfo,
    Capability,
    EditRequest,
    InboundItem,
    InboundPage,
    Limits,
    LookupProbe,
    MediaItem,
    PublishRequest,
    PublishResult,
    RemotePost,
    time_cursor_page,
)
from govsocial.connectors.errors import MalformedResponse, Unsupported
from govsocial.connectors.meta import ContainerPublishing
from govsocial.connectors.rest import dig, dig_str
from govsocial.connectors.threads import client as api
from govsocial.connectors.validation import check_media, check_text

INBOUND_THREADS = 10


class ThreadsConnector(ContainerPublishing):
    network: ClassVar[str] = api.NETWORK
    display_name: ClassVar[str] = "Threads"
    base_url: ClassVar[str] = api.BASE_URL
    graph_version: ClassVar[str] = "v1.0"
    capabilities: ClassVar[Capability] = (
        Capability.DELETE
        | Capability.ALT_TEXT
        | Capability.IMAGES
        | Capability.THREADS
        | Capability.MEDIA_PULL
        | Capability.LOOKUP_RECENT
        | Capability.INBOUND_REPLIES
    )
    limits: ClassVar[Limits] = Limits(
        max_chars=500,
        max_images=20,
        max_videos=0,
        max_image_bytes=8 * 1024 * 1024,
        max_video_bytes=0,
        max_alt_text_chars=1000,
        image_types=frozenset({"image/jpeg", "image/png"}),
        video_types=frozenset(),
    )
    credential_fields: ClassVar[tuple[str, ...]] = ("access_token",)
    default_hosts: ClassVar[frozenset[str]] = frozenset({"graph.threads.net:443"})
    api_docs: ClassVar[str] = "https://developers.facebook.com/docs/threads/posts"

    def _container(self, form: dict[str, str]) -> str:
        body = self._call("POST", api.CREATE_CONTAINER, form=form)
        return dig_str(body, "id", network=self.network)

    def _image_form(self, request: PublishRequest, item: MediaItem) -> dict[str, str]:
        form = {"media_type": "IMAGE", "image_url": request.media_url(item)}
        if item.alt_text:
            form["alt_text"] = item.alt_text
        return form

    def publish(self, request: PublishRequest) -> PublishResult:
        check_text(request.text, self.limits, network=self.network)
        check_media(request.media, self.limits, network=self.network)
        extra = {"reply_to_id": request.in_reply_to} if request.in_reply_to else {}
        if not request.media:
            container = self._container({"media_type": "TEXT", "text": request.text, **extra})
        elif len(request.media) == 1:
            container = self._container(
                {**self._image_form(request, request.media[0]), "text": request.text, **extra}
            )
        else:
            children = [
                self._container({**self._image_form(request, item), "is_carousel_item": "true"})
                for item in request.media
            ]
            container = self._container(
                {
                    "media_type": "CAROUSEL",
                    "children": ",".join(children),
                    "text": request.text,
                    **extra,
                }
            )
        if request.media:
            self._wait_until_finished(api.CONTAINER.format(container_id=container))
        body = self._call("POST", api.PUBLISH, creates=True, form={"creation_id": container})
        media_id: str = self._created(lambda: dig_str(body, "id", network=self.network))
        return PublishResult(
            remote_id=media_id,
            url=self._permalink(api.MEDIA.format(media_id=media_id)),
            raw={**body, "container_id": container},
        )

    def edit(self, remote_id: str, request: EditRequest) -> PublishResult:
        raise Unsupported("Threads posts cannot be edited through the API", network=self.network)

    def delete(self, remote_id: str) -> None:
        body = self._call("DELETE", api.DELETE.format(media_id=remote_id))
        if dig(body, "success", network=self.network) is not True:
            raise MalformedResponse("Threads did not confirm the deletion", network=self.network)

    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]:
        body = self._call(
            "GET",
            api.USER_THREADS,
            params={"fields": api.MEDIA_FIELDS, "limit": max(1, min(limit, 100))},
        )
        posts = [api.remote_post(m, matched_by="text") for m in (body or {}).get("data") or []]
        return [p for p in posts if probe.matches_text(p.text)]

    def verify_credentials(self) -> AccountInfo:
        body = self._call("GET", api.ME, params={"fields": "id,username,name"})
        username = dig_str(body, "username", network=self.network)
        return AccountInfo(
            remote_id=dig_str(body, "id", network=self.network),
            handle=username,
            display_name=str(body.get("name") or ""),
            url=f"https://www.threads.net/@{username}",
            raw=body,
        )

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        """Replies to our 10 most recent threads, at or after `since_cursor` (an ISO time).

        One call for the list, one per thread for its conversation."""
        listing = self._call(
            "GET", api.USER_THREADS, params={"fields": "id,timestamp", "limit": INBOUND_THREADS}
        )
        threads = dig(listing, "data", network=self.network)
        items: list[InboundItem] = []
        unreadable: list[Mapping[str, Any]] = []
        for thread in threads if isinstance(threads, list) else []:
            thread_id = (thread or {}).get("id") if isinstance(thread, dict) else None
            if not thread_id:
                unreadable.append(thread if isinstance(thread, dict) else {"value": thread})
                continue
            body = self._call(
                "GET",
                api.CONVERSATION.format(media_id=thread_id),
                params={"fields": api.CONVERSATION_FIELDS, "reverse": "false"},
            )
            for reply in (body or {}).get("data") or []:
                if isinstance(reply, dict) and reply.get("is_reply_owned_by_me"):
                    continue  # our own answers
                try:
                    items.append(api.reply_item(reply))
                except (MalformedResponse, AttributeError):
                    unreadable.append(reply if isinstance(reply, dict) else {"value": reply})
        return time_cursor_page(items, unreadable, since_cursor)
