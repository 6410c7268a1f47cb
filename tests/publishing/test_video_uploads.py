"""An MP4 is stored only if its boxes add up (ftyp first, then moov with its header, and mdat,
every size inside the file) and it is within the video limit of every network the post goes to
(issue 12, F13: 4 bytes of `ftyp` and 50 MB of zeros were stored as a video)."""

from __future__ import annotations

import dataclasses
import io
import struct

import pytest

from govsocial.channels.models import Network
from govsocial.connectors.mastodon.connector import MastodonConnector
from govsocial.core.errors import ApplicationError
from govsocial.publishing.media import media_upload
from govsocial.publishing.models import MediaAsset


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def tiny_mp4(media_bytes: int = 16) -> bytes:
    """The smallest file with the structure of a real MP4: ftyp, moov holding mvhd, and mdat."""
    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    mvhd = box(b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, 1000, 1000) + bytes(80))
    return ftyp + box(b"moov", mvhd) + box(b"mdat", bytes(media_bytes))


def upload(organisation, people, data: bytes, accounts=()) -> MediaAsset:
    return media_upload(
        organisation=organisation,
        actor=people["author"],
        upload=io.BytesIO(data),
        name="clip.mp4",
        has_captions=True,
        accounts=accounts,
    )


def test_a_well_formed_mp4_is_stored_as_a_video(organisation, people, account) -> None:
    asset = upload(organisation, people, tiny_mp4(), accounts=[account])
    assert (asset.kind, asset.mime_type, asset.size_bytes) == (
        "video",
        "video/mp4",
        len(tiny_mp4()),
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x00\x00\x08ftyp", "too short to name a brand"),
        # The defect's file, smaller: ftyp at offset 4, then zeros (50 MB behaves the same).
        (b"\x00\x00\x00\x08ftyp" + bytes(1_000_000), "no readable type"),
        (tiny_mp4()[:-5], "cut short"),
        (tiny_mp4() + b"\x00\x00\x00", "stray bytes"),
        (tiny_mp4().replace(b"moov", b"free"), "no 'moov' box"),
        (tiny_mp4().replace(b"mdat", b"free"), "no 'mdat' box"),
        (tiny_mp4().replace(b"mvhd", b"xxxx"), "no movie header"),
        (struct.pack(">I", 1) + b"ftyp" + struct.pack(">Q", 2**40) + bytes(8), "cut short"),
    ],
)
def test_an_mp4_whose_boxes_do_not_add_up_is_refused(
    organisation, people, account, data, reason
) -> None:
    with pytest.raises(ApplicationError, match="not a playable MP4 video") as refused:
        upload(organisation, people, data, accounts=[account])
    assert reason in refused.value.message
    assert not MediaAsset.objects.exists()


def test_a_video_over_a_networks_limit_is_refused_naming_the_network(
    organisation, people, account, monkeypatch
) -> None:
    small = dataclasses.replace(MastodonConnector.limits, max_video_bytes=1_000_000)
    monkeypatch.setattr(MastodonConnector, "limits", small)
    with pytest.raises(ApplicationError, match="Mastodon takes videos of up to 1 MB"):
        upload(organisation, people, tiny_mp4(media_bytes=2_000_000), accounts=[account])
    assert upload(organisation, people, tiny_mp4(media_bytes=500_000), accounts=[account])


def test_a_video_for_a_network_that_takes_none_is_refused(
    organisation, people, make_account
) -> None:
    on_x = make_account(organisation, owner=people["admin"], handle="@dept_x", network=Network.X)
    with pytest.raises(ApplicationError, match="X does not take video"):
        upload(organisation, people, tiny_mp4(), accounts=[on_x])


def test_the_compose_page_shows_why_a_video_was_refused(
    client, organisation, people, account
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["author"])
    response = client.post(
        f"/o/{organisation.slug}/posts/new/",
        {
            "text": "Our new library opens on Monday.",
            "accounts": [account.pk],
            "risk_class": "routine",
            "image": SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x08ftyp" + bytes(10_000)),
        },
    )
    assert response.status_code == 200
    assert "clip.mp4 is not a playable MP4 video" in response.content.decode()
    assert not MediaAsset.objects.exists()
