"""Media uploads, validated by content rather than by name, and signed URLs for networks that pull.

Images are decoded and re-encoded with Pillow, which drops EXIF (and so GPS location) and
defeats polyglot files; videos must be MP4s whose boxes parse (publishing/mp4.py), no larger
than the smallest video limit of the networks the post goes to (each connector's declared
`Limits.max_video_bytes`). Each file is stored once per organisation, found again by its SHA-256.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from typing import BinaryIO

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import user_can
from govsocial.channels.models import OfficialAccount
from govsocial.connectors.base import Capability
from govsocial.connectors.registry import connector_class, registered_networks
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.publishing.models import MediaAsset
from govsocial.publishing.mp4 import mp4_problem
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # refuses decompression bombs before decoding
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
}
SIGNED_URL_MAX_AGE = 60 * 60  # an hour: long enough for Instagram and Threads to fetch
# Where networks that pull media fetch it: part of the public contract with them, so it is fixed
# here and the web layer serves it (govsocial/web/urls/media.py).
SIGNED_MEDIA_PATH = "public/media/"
_SALT = "govsocial.media"


def _sniff(head: bytes) -> str:
    if head.startswith(b"\xff\xd8\xff"):
        return "image"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[4:8] == b"ftyp":
        return "video"
    return ""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB"


def video_limit(networks: Iterable[str]) -> tuple[int, str]:
    """The largest video every one of these networks takes, and the network that sets it.

    With no network chosen yet, the largest any network takes. A network whose connector cannot
    send video is refused here, in words, rather than at delivery."""
    chosen = sorted(set(networks))
    if not chosen:
        takers = [
            connector_class(n)
            for n in registered_networks()
            if Capability.VIDEO in connector_class(n).capabilities
        ]
        return max((c.limits.max_video_bytes, c.display_name) for c in takers)
    limits = []
    for network in chosen:
        connector = connector_class(network)
        if Capability.VIDEO not in connector.capabilities:
            raise ApplicationError(
                f"{connector.display_name} does not take video from govsocial. Untick that "
                "account, or attach an image instead.",
                field="file",
            )
        limits.append((connector.limits.max_video_bytes, connector.display_name))
    return min(limits)


def _check_video(data: bytes, name: str, networks: Iterable[str]) -> None:
    # Size first: a file larger than we read is cut short, and would look damaged.
    ceiling, network = video_limit(networks)
    if len(data) > ceiling:
        raise ApplicationError(
            f"{name} is {_megabytes(len(data))}; {network} takes videos of up to "
            f"{_megabytes(ceiling)}. Make it smaller.",
            field="file",
        )
    problem = mp4_problem(data)
    if problem is not None:
        raise ApplicationError(
            f"{name} is not a playable MP4 video: {problem}. Export it again as MP4 and upload "
            "that.",
            field="file",
        )


def _reencode_image(data: bytes, name: str) -> tuple[bytes, str, str, int, int]:
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ApplicationError(
                    f"{name} is {width}×{height} pixels; the most we accept is "
                    f"{MAX_IMAGE_PIXELS // 1_000_000} million. Resize it.",
                    field="file",
                )
            probe.load()
            image = probe.copy()
    except Image.DecompressionBombError:
        raise ApplicationError(
            f"{name} has more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels. Resize it.",
            field="file",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ApplicationError(
            f"{name} is not a readable JPEG, PNG, WebP or GIF image. Export it again and upload that.",
            field="file",
        ) from None
    if fmt not in IMAGE_FORMATS:
        raise ApplicationError(
            f"{name} is a {fmt or 'unknown'} image; upload JPEG, PNG, WebP or GIF.", field="file"
        )
    mime, _ext = IMAGE_FORMATS[fmt]
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    elif fmt == "GIF":
        image.save(out, "GIF", save_all=False)
    else:
        image.save(out, fmt)  # no exif= argument: location and camera data are dropped
    return out.getvalue(), mime, fmt, width, height


@transaction.atomic
def media_upload(
    *,
    organisation: Organisation,
    actor: User,
    upload: BinaryIO,
    name: str,
    alt_text: str = "",
    has_captions: bool = False,
    has_transcript: bool = False,
    accounts: Iterable[OfficialAccount] = (),
) -> MediaAsset:
    """Validates and stores one file for a post to `accounts` (whose networks cap a video's
    size). Returns the existing asset when the same file came before."""
    if not user_can(user=actor, action=Action.DRAFT, organisation=organisation):
        raise PermissionDenied("Your role does not let you upload media here.")
    networks = {account.network for account in accounts}
    # Read one byte past the most anything may be, so an oversized file is seen as such.
    data = upload.read(max(MAX_IMAGE_BYTES, video_limit(())[0]) + 1)
    if not data:
        raise ApplicationError(f"{name} is empty. Choose the file again.", field="file")
    kind = _sniff(data[:16])
    if not kind:
        raise ApplicationError(
            f"{name} is not an image or MP4 video, whatever its name says. "
            "Upload a JPEG, PNG, WebP or GIF image, or an MP4 video.",
            field="file",
        )
    width = height = None
    if kind == "image":
        if len(data) > MAX_IMAGE_BYTES:
            raise ApplicationError(f"{name} is larger than 8 MB. Make it smaller.", field="file")
        data, mime, _fmt, width, height = _reencode_image(data, name)
    else:
        _check_video(data, name, networks)
        mime = "video/mp4"
    digest = hashlib.sha256(data).hexdigest()
    existing = MediaAsset.objects.filter(organisation=organisation, sha256=digest).first()
    if existing is not None:
        return existing
    ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}.get(
        mime, "mp4"
    )
    asset = MediaAsset(
        organisation=organisation,
        uploaded_by=actor,
        kind=kind,
        mime_type=mime,
        sha256=digest,
        size_bytes=len(data),
        width=width,
        height=height,
        alt_text=alt_text.strip(),
        has_captions=has_captions,
        has_transcript=has_transcript,
        original_name=name[:255],
    )
    # Server-made names only: an uploaded name never reaches the file system.
    asset.file.save(f"{digest}.{ext}", ContentFile(data), save=False)
    asset.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.MEDIA_UPLOAD,
        target=asset,
        data={"kind": kind, "sha256": digest, "bytes": len(data)},
    )
    return asset


def signed_media_url(asset: MediaAsset) -> str:
    """A public, signed, time-limited URL for networks that fetch media themselves."""
    token = signing.dumps({"id": asset.pk, "sha": asset.sha256[:16]}, salt=_SALT, compress=True)
    base = getattr(settings, "GOVSOCIAL_PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/")
    return f"{base}/{SIGNED_MEDIA_PATH}{token}"


def media_from_token(token: str) -> MediaAsset | None:
    try:
        payload = signing.loads(token, salt=_SALT, max_age=SIGNED_URL_MAX_AGE)
    except signing.BadSignature:
        return None
    asset = MediaAsset.objects.filter(pk=payload.get("id")).first()
    if asset is None or not asset.sha256.startswith(payload.get("sha", "-")):
        return None
    return asset
