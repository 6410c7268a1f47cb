"""Instagram professional account posts: one image, or a carousel of up to 10, pulled by
Instagram from signed public URLs (`request.media_url_signer`). Instagram takes JPEG only.
No edit or delete through this API; no idempotency key, so reconcile by listing recent media
for the exact caption."""

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
from govsocial.connectors.errors import BadRequest, MalformedResponse, Unsupported
from govsocial.connectors.instagram import client as api
from govsocial.connectors.meta import ContainerPublishing
from govsocial.connectors.rest import dig, dig_str
from govsocial.connectors.validation import check_media, check_text


class InstagramConnector(ContainerPublishing):
    network: ClassVar[str] = api.NETWORK
    display_name: ClassVar[str] = "Instagram"
    base_url: ClassVar[str] = api.BASE_URL
    graph_version: ClassVar[str] = api.GRAPH_VERSION
    status_field: ClassVar[str] = "status_code"
    capabilities: ClassVar[Capability] = (
        Capability.ALT_TEXT
        | Capability.IMAGES
        | Capability.MEDIA_PULL
        | Capability.LOOKUP_RECENT
        | Capability.INBOUND_COMMENTS
    )
    limits: ClassVar[Limits] = Limits(
        max_chars=2200,
        max_images=10,
        max_videos=0,
        max_image_bytes=8 * 1024 * 1024,
        max_video_bytes=0,
        max_alt_text_chars=1000,
        image_types=frozenset({"image/jpeg"}),
        video_types=frozenset(),
    )
    credential_fields: ClassVar[tuple[str, ...]] = ("access_token", "ig_user_id")
    default_hosts: ClassVar[frozenset[str]] = frozenset({"graph.facebook.com:443"})
    api_docs: ClassVar[str] = (
        "https://developers.facebook.com/docs/instagram-platform/content-publishing"
    )

    @property
    def user(self) -> str:
        return self.credentials["ig_user_id"]

    def _container(self, form: dict[str, str]) -> str:
        body = self._call("POST", api.CREATE_CONTAINER.format(ig_user_id=self.user), form=form)
        return dig_str(body, "id", network=self.network)

    def _image_form(self, request: PublishRequest, item: MediaItem) -> dict[str, str]:
        form = {"image_url": request.media_url(item)}
        if item.alt_text:
            form["alt_text"] = item.alt_text
        return form

    def publish(self, request: PublishRequest) -> PublishResult:
        check_text(request.text, self.limits, network=self.network)
        check_media(request.media, self.limits, network=self.network)
        if not request.media:
            raise BadRequest("Instagram posts need at least one image", network=self.network)
        if len(request.media) == 1:
            container = self._container(
                {**self._image_form(request, request.media[0]), "caption": request.text}
            )
        else:
            children = [
                self._container({**self._image_form(request, item), "is_carousel_item": "true"})
                for item in request.media
            ]
            container = self._container(
                {"media_type": "CAROUSEL", "children": ",".join(children), "caption": request.text}
            )
        self._wait_until_finished(api.CONTAINER.format(container_id=container))
        body = self._call(
            "POST",
            api.PUBLISH.format(ig_user_id=self.user),
            creates=True,
            form={"creation_id": container},
        )
        media_id: str = self._created(lambda: dig_str(body, "id", network=self.network))
        return PublishResult(
            remote_id=media_id,
            url=self._permalink(api.MEDIA.format(media_id=media_id)),
            raw={**body, "container_id": container},
        )

    def edit(self, remote_id: str, request: EditRequest) -> PublishResult:
        raise Unsupported(
            "Instagram captions cannot be edited through the API", network=self.network
        )

    def delete(self, remote_id: str) -> None:
        raise Unsupported(
            "Instagram posts cannot be deleted through this API", network=self.network
        )

    def lookup_recent(self, probe: LookupProbe, *, limit: int = 20) -> list[RemotePost]:
        body = self._call(
            "GET",
            api.USER_MEDIA.format(ig_user_id=self.user),
            params={"fields": api.MEDIA_FIELDS, "limit": max(1, min(limit, 100))},
        )
        posts = [api.remote_post(m, matched_by="text") for m in (body or {}).get("data") or []]
        return [p for p in posts if probe.matches_text(p.text)]

    def verify_credentials(self) -> AccountInfo:
        body = self._call(
            "GET", api.USER.format(ig_user_id=self.user), params={"fields": "id,username,name"}
        )
        username = dig_str(body, "username", network=self.network)
        return AccountInfo(
            remote_id=dig_str(body, "id", network=self.network),
            handle=username,
            display_name=str(body.get("name") or ""),
            url=f"https://www.instagram.com/{username}/",
            raw=body,
        )

    def fetch_inbound(self, since_cursor: str | None = None) -> InboundPage:
        """Comments and their replies on the 25 most recent media, at or after `since_cursor`.

        Direct messages need the Messenger API for Instagram and are not fetched."""
        body = self._call(
            "GET",
            api.USER_MEDIA.format(ig_user_id=self.user),
            params={"fields": api.COMMENT_FIELDS, "limit": 25},
        )
        media_list = dig(body, "data", network=self.network)
        items: list[InboundItem] = []
        unreadable: list[Mapping[str, Any]] = []

        def take(comment: Any, media: Any, parent: str | None) -> None:
            try:
                items.append(api.comment_item(comment, media=media, parent=parent))
            except (MalformedResponse, AttributeError):
                unreadable.append(comment if isinstance(comment, dict) else {"value": comment})

        for media in media_list if isinstance(media_list, list) else []:
            for comment in ((media or {}).get("comments") or {}).get("data") or []:
                take(comment, media, None)
                for reply in ((comment or {}).get("replies") or {}).get("data") or []:
                    take(reply, media, str(comment.get("id")))
        return time_cursor_page(items, unreadable, since_cursor)
