"""Accessibility of images and video: rules 12, 13 and 20 (GCS accessible social media)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govsocial.checks.model import Finding, Media, Severity
from govsocial.checks.registry import Inspection, checker, define
from govsocial.checks.text import Trigger

GCS = "GCS accessible social media [S22, S23]"
IMAGE_KINDS = frozenset({"image", "gif", "photo", "graphic"})

MISSING_ALT_TEXT = define(
    "accessibility.missing-alt-text",
    Severity.BLOCK,
    source=GCS,
    title="An image has no real alt text",
    number=12,
)
LONG_ALT_TEXT = define(
    "accessibility.long-alt-text",
    Severity.WARN,
    source=f"{GCS}; 250-character threshold is our assumption",
    title="Alt text is longer than about 250 characters",
    number=12,
)
VIDEO_CAPTIONS = define(
    "accessibility.video-captions",
    Severity.BLOCK,
    source="GCS accessible social media [S22]; council copy of GCS rules [S24]",
    title="A video has no captions",
    number=13,
)
VIDEO_TRANSCRIPT = define(
    "accessibility.video-transcript",
    Severity.WARN,
    source="GCS accessible social media [S22]; council copy of GCS rules [S24]",
    title="A video or audio clip has no transcript or voiceover",
    number=13,
)
IMAGE_CONTRAST = define(
    "accessibility.image-contrast",
    Severity.WARN,
    source="Council copy of GCS rules [S24]; WCAG 2.2 AA contrast 4.5:1",
    title="Text in an image has too little colour contrast",
    number=20,
)

FILENAME_RE = re.compile(
    r"^(?:\S+\.(?:jpe?g|png|gif|webp|heic|heif|svg|bmp|tiff?|mp4|mov)"
    r"|(?:img|dsc|dscn|dcim|pxl|screenshot|screen shot|photo|image|whatsapp image)[\s_-]?[\d\s_.:-]+"
    r"(?:at [\d.:\s]+(?:am|pm)?)?)$",
    re.IGNORECASE,
)


def alt_text_problem(alt: str | None, placeholders: frozenset[str]) -> str | None:
    """Why the alt text is not a real description, or None when it is one."""
    if alt is None or not alt.strip():
        return "has no alt text"
    cleaned = alt.strip().lower().rstrip(".:")
    if cleaned in placeholders or not any(c.isalpha() for c in cleaned):
        return f'has placeholder alt text ("{alt.strip()}")'
    if FILENAME_RE.match(alt.strip()):
        return f'has a file name as alt text ("{alt.strip()}")'
    return None


def _label(media: Media, index: int) -> str:
    return f"{media.kind.capitalize()} {index}"


@checker(when=Trigger.MEDIA)
def check_alt_text(inspection: Inspection) -> Iterator[Finding]:
    data = inspection.context.data
    for index, media in enumerate(inspection.draft.media, 1):
        if media.kind.lower() not in IMAGE_KINDS:
            continue
        problem = alt_text_problem(media.alt, data.placeholder_alt)
        if problem:
            yield MISSING_ALT_TEXT.finding(
                f"{_label(media, index)} {problem}. Describe what the image shows and any words "
                "in it, so screen reader users get the same information."
            )
        elif media.alt and len(media.alt) > data.alt_text_warn:
            yield LONG_ALT_TEXT.finding(
                f"The alt text of {_label(media, index).lower()} is {len(media.alt)} characters. "
                f"Keep it under about {data.alt_text_warn}: describe what matters, and put long "
                "detail (a chart's data) in the post or a linked page."
            )


@checker(when=Trigger.MEDIA)
def check_video(inspection: Inspection) -> Iterator[Finding]:
    for index, media in enumerate(inspection.draft.media, 1):
        kind = media.kind.lower()
        if kind == "video" and not (media.captions or media.burned_in):
            yield VIDEO_CAPTIONS.finding(
                f"{_label(media, index)} has no captions. Attach a caption file or declare that "
                "captions are burned in, so people who cannot hear it can follow it."
            )
        if kind in ("video", "audio") and not (media.transcript or media.voiceover):
            yield VIDEO_TRANSCRIPT.finding(
                f"{_label(media, index)} has no transcript or voiceover. Add a transcript (or a "
                "voiceover describing what is shown) for people who cannot see or hear it."
            )


@checker(when=Trigger.MEDIA)
def check_image_contrast(inspection: Inspection) -> Iterator[Finding]:
    minimum = inspection.context.data.min_contrast
    for index, media in enumerate(inspection.draft.media, 1):
        if media.contrast_ratio is not None and media.contrast_ratio < minimum:
            yield IMAGE_CONTRAST.finding(
                f"Text in {_label(media, index).lower()} has a contrast ratio of "
                f"{media.contrast_ratio:.1f}:1, below the {minimum}:1 WCAG AA minimum. Avoid pale "
                "on pale and dark on dark: darken the text or the background."
            )
