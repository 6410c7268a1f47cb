"""Typed inputs and outputs of the checks engine: drafts, context, findings and reports."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govsocial.checks.data import RuleData


class Severity(enum.IntEnum):
    """How serious a finding is; the verdict is the most severe finding."""

    PASS = 0
    WARN = 1
    ESCALATE = 2
    BLOCK = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Media:
    """One attachment. Fields the author did not declare stay None (unknown)."""

    kind: str  # image, gif, video or audio
    alt: str | None = None
    captions: bool | None = None  # a caption file is attached
    burned_in: bool | None = None  # captions are burned into the picture
    transcript: bool | None = None
    voiceover: bool | None = None
    shows_people: bool | None = None  # identifiable members of the public or staff
    consent_record: str | None = None
    contrast_ratio: float | None = None  # measured text contrast in the image
    text: str | None = None  # words shown in the image (typed by the author or from OCR)
    caption_text: str | None = None  # the words of the captions, when the author gives them


@dataclass(frozen=True)
class ParliamentaryReference:
    """The Written Statement, PQ answer or recess notice a policy announcement follows."""

    reference: str
    published_at: datetime | None = None
    recess: bool = False
    select_committee_copied: bool = False
    library_deposited: bool = False


@dataclass(frozen=True)
class LinkedPage:
    """A page the post links to, with its text when the caller fetched it."""

    url: str
    text: str = ""


@dataclass(frozen=True)
class Draft:
    """A post as written, before it is published."""

    text: str
    platform: str = "x"
    account: str | None = None
    tags: tuple[str, ...] = ()
    media: tuple[Media, ...] = ()
    title: str | None = None  # a published title (YouTube video title)
    poll_options: tuple[str, ...] = ()
    quote_of: str | None = None
    repost_of: str | None = None
    in_reply_to: str | None = None
    quoted_text: str | None = None  # the text of the quoted or reposted post
    comments: tuple[str, ...] = ()  # visible comments under a shared story
    links: tuple[LinkedPage, ...] = ()
    parliamentary_reference: ParliamentaryReference | None = None
    campaign_code: str | None = None
    responsibility: str | None = None
    automated: bool = False
    paid_partnership: bool = False
    spend_code: str | None = None
    scheduled_at: datetime | None = None

    def shown_texts(self) -> tuple[ShownText, ...]:
        """Every text the network will show: the post first, then the title, each image's alt
        text, each video's captions and each poll option."""
        shown = [ShownText(FieldKind.POST, "text", "the post", self.text)]
        if self.title:
            shown.append(ShownText(FieldKind.TITLE, "title", "the title", self.title))
        for index, media in enumerate(self.media):
            what = f"{media.kind} {index + 1}"
            if media.alt:
                label = f"the alt text of {what}"
                shown.append(ShownText(FieldKind.ALT_TEXT, f"media[{index}].alt", label, media.alt))
            if media.caption_text:
                label = f"the captions of {what}"
                field = f"media[{index}].caption_text"
                shown.append(ShownText(FieldKind.CAPTIONS, field, label, media.caption_text))
        for index, option in enumerate(self.poll_options):
            label = f"poll option {index + 1}"
            shown.append(ShownText(FieldKind.POLL_OPTION, f"poll_options[{index}]", label, option))
        return tuple(shown)


class FieldKind(enum.Enum):
    """The kinds of text a network shows; each rule says which kinds it checks."""

    POST = "post"
    TITLE = "title"
    ALT_TEXT = "alt text"
    CAPTIONS = "captions"
    POLL_OPTION = "poll option"


@dataclass(frozen=True)
class ShownText:
    """One text a network will show, with where it sits in the draft.

    `field` is its path in the JSON draft ("text", "media[1].alt", "poll_options[0]");
    `label` names it for people ("the alt text of image 2").
    """

    kind: FieldKind
    field: str
    label: str
    text: str


POST_FIELD = "text"


@dataclass(frozen=True)
class ElectionPeriod:
    """A pre-election period in which only essential operational posts may go out."""

    name: str
    kind: str  # general, local, devolved, mayoral or referendum
    start: datetime
    end: datetime
    approved_campaigns: frozenset[str] = frozenset()

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class AccountRecord:
    """An entry in the department's official account register."""

    handle: str
    platform: str | None = None
    owning_unit: str | None = None
    owner: str | None = None
    staffed_hours: str | None = None
    house_rules_url: str | None = None
    two_factor: bool = False
    automated: bool = False
    automated_label: bool = False
    staffing_plan: str | None = None
    secure_channel_url: str | None = None
    public_contacts: tuple[str, ...] = ()  # phone numbers and emails the account may publish


@dataclass(frozen=True)
class CheckContext:
    """Everything a check needs besides the draft itself."""

    now: datetime
    data: RuleData
    election_periods: tuple[ElectionPeriod, ...] | None = None  # None: use the YAML periods
    accounts: Mapping[str, AccountRecord] | None = None  # None: the register was not supplied
    instance_limit: int | None = None  # Mastodon character limit read from the instance

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError(
                "CheckContext.now must be timezone-aware, for example 2026-05-01T09:00Z"
            )

    @property
    def periods(self) -> tuple[ElectionPeriod, ...]:
        if self.election_periods is not None:
            return self.election_periods
        return self.data.election_periods


@dataclass(frozen=True)
class Finding:
    """One problem with a draft: what is wrong, how to fix it, and where.

    `field` is the shown text the finding is in ("text" for the post, "media[0].alt" for the
    alt text of the first attachment: see `Draft.shown_texts`); `start` and `end` are offsets
    into that text.
    """

    rule: str
    severity: Severity
    message: str
    source: str
    start: int | None = None
    end: int | None = None
    field: str = POST_FIELD

    def to_dict(self, *, utf16_text: str | None = None) -> dict[str, Any]:
        """The JSON shape. Spans are Python (code point) offsets into the finding's field; pass
        that field's text as `utf16_text` for UTF-16 offsets, which is what JavaScript strings
        index."""
        start, end = self.start, self.end
        if utf16_text is not None and start is not None and end is not None:
            start, end = utf16_offset(utf16_text, start), utf16_offset(utf16_text, end)
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "start": start,
            "end": end,
            "source": self.source,
            "field": self.field,
        }


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 code unit offset of code point `index` in `text`."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


@dataclass(frozen=True)
class Length:
    """The draft's length the way its platform counts it."""

    count: int
    limit: int
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "limit": self.limit, "unit": self.unit}


@dataclass(frozen=True)
class Report:
    """The result of checking one draft."""

    findings: tuple[Finding, ...]
    length: Length | None = None
    _verdict: Severity = field(init=False)

    def __post_init__(self) -> None:
        worst = max((finding.severity for finding in self.findings), default=Severity.PASS)
        object.__setattr__(self, "_verdict", worst)

    @property
    def verdict(self) -> Severity:
        return self._verdict

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """Findings that cannot be overridden: the draft must change."""
        return tuple(f for f in self.findings if f.severity is Severity.BLOCK)

    @property
    def escalations(self) -> tuple[Finding, ...]:
        """Findings that route the draft to the named senior approver."""
        return tuple(f for f in self.findings if f.severity is Severity.ESCALATE)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings an author may override with a written reason."""
        return tuple(f for f in self.findings if f.severity is Severity.WARN)

    def needs_override(self) -> bool:
        """True when publishing needs a written override reason (WARN findings only)."""
        return bool(self.warnings) and not self.blocking

    @property
    def publishable(self) -> bool:
        """True when nothing blocks or escalates (CLI exit 0)."""
        return self.verdict <= Severity.WARN

    def to_dict(
        self, *, utf16_text: str | None = None, utf16_draft: Draft | None = None
    ) -> dict[str, Any]:
        """The JSON shape. For UTF-16 spans pass the draft (each finding is converted against
        its own field's text), or `utf16_text`, the post's text, when only the post matters."""
        texts = {s.field: s.text for s in utf16_draft.shown_texts()} if utf16_draft else {}
        if utf16_text is not None:
            texts.setdefault(POST_FIELD, utf16_text)
        return {
            "verdict": self.verdict.label,
            "length": self.length.to_dict() if self.length else None,
            "findings": [
                finding.to_dict(utf16_text=texts.get(finding.field)) for finding in self.findings
            ],
        }
