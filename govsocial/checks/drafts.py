"""Build a Draft from the JSON draft format (the CLI input and the API body)."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from govsocial.checks.model import AccountRecord, Draft, LinkedPage, Media, ParliamentaryReference

UK_TIME = ZoneInfo("Europe/London")
DRAFT_FIELDS = frozenset(f.name for f in fields(Draft))
MEDIA_FIELDS = frozenset(f.name for f in fields(Media))
REFERENCE_FIELDS = frozenset(f.name for f in fields(ParliamentaryReference))
ACCOUNT_FIELDS = frozenset(f.name for f in fields(AccountRecord))


class DraftError(ValueError):
    """The draft is malformed; the message says which field and what to do."""


def parse_moment(value: str, *, what: str) -> datetime:
    """An ISO 8601 date-time; without an offset it is read as UK time."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise DraftError(
            f"{what} {value!r} is not a date-time; write it like 2026-05-01T09:30 or "
            "2026-05-01T08:30Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UK_TIME)


def _expect(value: Any, kind: type | tuple[type, ...], where: str, wanted: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DraftError(f"{where} must be {wanted}, not {json.dumps(value)[:40]}")
    return value


def _optional_str(value: Any, where: str) -> str | None:
    return None if value is None else _expect(value, str, where, "a string or null")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    _expect(value, list, where, "a list of strings")
    return tuple(_expect(v, str, f"{where}[{i}]", "a string") for i, v in enumerate(value))


def _unknown(keys: Any, known: frozenset[str], where: str) -> None:
    extra = sorted(set(keys) - known)
    if extra:
        raise DraftError(
            f"unknown field {extra[0]!r} in {where}; known fields: {', '.join(sorted(known))}"
        )


def _media(value: Any, index: int) -> Media:
    where = f"media[{index}]"
    _expect(value, dict, where, 'an object like {"kind": "image", "alt": "..."}')
    _unknown(value, MEDIA_FIELDS, where)
    if "kind" not in value:
        raise DraftError(f'{where} needs a "kind": image, gif, video or audio')
    kind = _expect(value["kind"], str, f"{where}.kind", "a string")
    flags = {}
    for name in ("captions", "burned_in", "transcript", "voiceover", "shows_people"):
        if value.get(name) is not None:
            flags[name] = _expect(value[name], bool, f"{where}.{name}", "true, false or null")
    contrast = value.get("contrast_ratio")
    if contrast is not None:
        contrast = float(_expect(contrast, (int, float), f"{where}.contrast_ratio", "a number"))
    return Media(
        kind=kind.lower(),
        alt=_optional_str(value.get("alt"), f"{where}.alt"),
        consent_record=_optional_str(value.get("consent_record"), f"{where}.consent_record"),
        text=_optional_str(value.get("text"), f"{where}.text"),
        caption_text=_optional_str(value.get("caption_text"), f"{where}.caption_text"),
        contrast_ratio=contrast,
        **flags,
    )


def _reference(value: Any) -> ParliamentaryReference | None:
    where = "parliamentary_reference"
    if value is None:
        return None
    if isinstance(value, str):
        return ParliamentaryReference(reference=value)
    _expect(value, dict, where, "null, a string or an object")
    _unknown(value, REFERENCE_FIELDS, where)
    published = value.get("published_at")
    return ParliamentaryReference(
        reference=_expect(value.get("reference", ""), str, f"{where}.reference", "a string"),
        published_at=parse_moment(published, what=f"{where}.published_at") if published else None,
        recess=bool(value.get("recess", False)),
        select_committee_copied=bool(value.get("select_committee_copied", False)),
        library_deposited=bool(value.get("library_deposited", False)),
    )


def _link(value: Any, index: int) -> LinkedPage:
    if isinstance(value, str):
        return LinkedPage(url=value)
    _expect(value, dict, f"links[{index}]", 'a URL or an object {"url", "text"}')
    _unknown(value, frozenset({"url", "text"}), f"links[{index}]")
    return LinkedPage(
        url=_expect(value.get("url", ""), str, f"links[{index}].url", "a string"),
        text=_expect(value.get("text", ""), str, f"links[{index}].text", "a string"),
    )


def draft_from_dict(document: Any, *, platform: str | None = None) -> Draft:
    """A Draft from the JSON draft shape; raises DraftError naming the bad field."""
    _expect(document, dict, "the draft", "a JSON object")
    _unknown(document, DRAFT_FIELDS, "the draft")
    if "text" not in document:
        raise DraftError('the draft has no "text" field; add the post\'s text')
    bools = {}
    for name in ("automated", "paid_partnership"):
        if name in document:
            bools[name] = _expect(document[name], bool, name, "true or false")
    scheduled = document.get("scheduled_at")
    return Draft(
        text=_expect(document["text"], str, "text", "a string"),
        platform=(platform or _expect(document.get("platform", "x"), str, "platform", "a string")),
        account=_optional_str(document.get("account"), "account"),
        tags=_strings(document.get("tags", []) or [], "tags"),
        media=tuple(
            _media(m, i)
            for i, m in enumerate(
                _expect(document.get("media") or [], list, "media", "a list of objects")
            )
        ),
        title=_optional_str(document.get("title"), "title"),
        poll_options=_strings(document.get("poll_options", []) or [], "poll_options"),
        quote_of=_optional_str(document.get("quote_of"), "quote_of"),
        repost_of=_optional_str(document.get("repost_of"), "repost_of"),
        in_reply_to=_optional_str(document.get("in_reply_to"), "in_reply_to"),
        quoted_text=_optional_str(document.get("quoted_text"), "quoted_text"),
        comments=_strings(document.get("comments", []) or [], "comments"),
        links=tuple(
            _link(v, i)
            for i, v in enumerate(_expect(document.get("links") or [], list, "links", "a list"))
        ),
        parliamentary_reference=_reference(document.get("parliamentary_reference")),
        campaign_code=_optional_str(document.get("campaign_code"), "campaign_code"),
        responsibility=_optional_str(document.get("responsibility"), "responsibility"),
        spend_code=_optional_str(document.get("spend_code"), "spend_code"),
        scheduled_at=parse_moment(scheduled, what="scheduled_at") if scheduled else None,
        **bools,
    )


def account_from_dict(value: Any, index: int) -> AccountRecord:
    where = f"accounts[{index}]"
    _expect(value, dict, where, "an object")
    _unknown(value, ACCOUNT_FIELDS, where)
    if "handle" not in value:
        raise DraftError(f'{where} needs a "handle"')
    contacts = tuple(value.pop("public_contacts", ()) or ())
    return AccountRecord(**value, public_contacts=contacts)
