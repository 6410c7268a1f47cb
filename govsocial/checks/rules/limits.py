"""Platform limits: rules 23 and 24. The numbers live in data/limits.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from govsocial.checks.model import Finding, Severity
from govsocial.checks.registry import Inspection, checker, define
from govsocial.checks.rules.accessibility_media import IMAGE_KINDS

LIMIT_SOURCES = "Publer and Buffer character limits [S29, S30]; ONS house style [S31]"

POST_LENGTH = define(
    "limits.post-length",
    Severity.BLOCK,
    source=LIMIT_SOURCES,
    title="The post is over the platform's length limit",
    number=23,
)
HASHTAG_CAP = define(
    "limits.hashtag-cap",
    Severity.BLOCK,
    source=LIMIT_SOURCES,
    title="More hashtags than the platform accepts (Instagram: 30)",
    number=23,
)
PREVIEW_CUTOFF = define(
    "limits.preview-cutoff",
    Severity.WARN,
    source=LIMIT_SOURCES,
    title="The opening sentence runs past the preview cut-off (Instagram: about 125 characters)",
    number=23,
)
TITLE_LENGTH = define(
    "limits.title-length",
    Severity.BLOCK,
    source=LIMIT_SOURCES,
    title="The video title is over the platform's limit (YouTube: 100)",
    number=23,
)
ALT_TEXT_LENGTH = define(
    "limits.alt-text-length",
    Severity.BLOCK,
    source="Platform alt-text limits [S29, S30]",
    title="Alt text is over the platform's limit",
    number=24,
)


@checker
def check_limits(inspection: Inspection) -> Iterator[Finding]:
    platform, length, facts = inspection.platform, inspection.length, inspection.facts
    if length.count > length.limit:
        yield POST_LENGTH.finding(
            f"The post is {length.count} {length.unit}; {platform.label} allows {length.limit}. "
            f"Cut {length.count - length.limit} to fit.",
        )
    if platform.max_hashtags is not None and len(facts.hashtags) > platform.max_hashtags:
        yield HASHTAG_CAP.finding(
            f"{platform.label} accepts at most {platform.max_hashtags} hashtags; the post has "
            f"{len(facts.hashtags)}. Remove {len(facts.hashtags) - platform.max_hashtags}.",
            facts.hashtags[platform.max_hashtags].start,
            facts.hashtags[-1].end,
        )
    if platform.preview is not None and len(facts.text) > platform.preview and facts.sentences:
        first = facts.sentences[0]
        if first.end > platform.preview:
            yield PREVIEW_CUTOFF.finding(
                f"{platform.label} shows only the first {platform.preview} characters before "
                '"more", and the opening sentence runs past that. Put the key message first, '
                "in a short sentence.",
                platform.preview,
                first.end,
            )
    title = inspection.draft.title
    if title is not None and platform.title_limit is not None and len(title) > platform.title_limit:
        yield TITLE_LENGTH.finding(
            f"The title is {len(title)} characters; {platform.label} allows "
            f"{platform.title_limit}. Shorten it."
        )
    if platform.alt_text is not None:
        for index, media in enumerate(inspection.draft.media, 1):
            if (
                media.kind.lower() in IMAGE_KINDS
                and media.alt
                and len(media.alt) > platform.alt_text
            ):
                yield ALT_TEXT_LENGTH.finding(
                    f"The alt text of {media.kind} {index} is {len(media.alt)} characters; "
                    f"{platform.label} allows {platform.alt_text}. Shorten it, and put long "
                    "detail in the post or a linked page."
                )
