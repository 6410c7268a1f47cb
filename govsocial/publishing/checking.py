"""The bridge from stored posts to the pure checks engine (govsocial.checks)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings

from govsocial.channels.models import OfficialAccount
from govsocial.checks import AccountRecord, Draft, Media, ParliamentaryReference, Report, check
from govsocial.checks import make_context as checks_context
from govsocial.publishing.models import MediaAsset, PostKind, RiskClass

# The risk class adds the tags the propriety rules read (domain-rules rule 5).
RISK_CLASS_TAGS: dict[str, str] = {RiskClass.ANNOUNCEMENT: "new_policy_announcement"}
SEVERITY_ORDER = ["pass", "warn", "escalate", "block"]


def account_record(account: OfficialAccount) -> AccountRecord:
    return AccountRecord(
        handle=account.handle,
        platform=account.network,
        owning_unit=account.owning_unit,
        owner=str(account.named_owner),
        staffed_hours=account.staffed_hours,
        house_rules_url=account.house_rules_url or None,
        two_factor=account.two_factor_confirmed,
        automated=account.automated,
        automated_label=account.automated,
    )


def draft_for(
    *,
    text: str,
    account: OfficialAccount,
    tags: list[str],
    risk_class: str,
    media: list[MediaAsset],
    parliamentary_reference: str = "",
    parliamentary_reference_at: datetime | None = None,
    scheduled_at: datetime | None = None,
    in_reply_to: str = "",
    campaign_code: str = "",
    responsibility: str = "",
    alt_texts: Sequence[str] = (),
) -> Draft:
    """The checks engine's draft for one account. `alt_texts` are the alt texts of images not
    uploaded yet (the live check while an author types), checked like those of `media`."""
    all_tags = set(tags)
    if risk_class in RISK_CLASS_TAGS:
        all_tags.add(RISK_CLASS_TAGS[risk_class])
    reference = (
        ParliamentaryReference(
            reference=parliamentary_reference, published_at=parliamentary_reference_at
        )
        if parliamentary_reference
        else None
    )
    return Draft(
        text=text,
        platform=account.network,
        account=account.handle,
        tags=tuple(sorted(all_tags)),
        media=tuple(
            Media(
                kind=asset.kind,
                alt=asset.alt_text if asset.kind == "image" else None,
                captions=asset.has_captions if asset.kind == "video" else None,
                transcript=asset.has_transcript if asset.kind == "video" else None,
            )
            for asset in media
        )
        + tuple(Media(kind="image", alt=alt) for alt in alt_texts),
        parliamentary_reference=reference,
        scheduled_at=scheduled_at,
        in_reply_to=in_reply_to or None,
        automated=account.automated,
        campaign_code=campaign_code or None,
        responsibility=responsibility or None,
    )


def check_for_accounts(
    *,
    text: str,
    accounts: list[OfficialAccount],
    tags: list[str],
    risk_class: str,
    media: list[MediaAsset],
    parliamentary_reference: str = "",
    parliamentary_reference_at: datetime | None = None,
    at: datetime | None = None,
    in_reply_to: str = "",
    campaign_code: str = "",
    kind: str = PostKind.POST,
    alt_texts: Sequence[str] = (),
) -> dict[str, dict[str, Any]]:
    """One report per target account, as stored JSON, keyed by the account's id."""
    # A public reply answers a citizen on the account's own business, which meets rule 6.
    responsibility = "public reply" if kind == PostKind.REPLY else ""
    register = {a.handle: account_record(a) for a in accounts}
    reports: dict[str, dict[str, Any]] = {}
    for account in accounts:
        context = checks_context(
            now=at,
            config_dir=getattr(settings, "GOVSOCIAL_CHECKS_CONFIG_DIR", None),
            accounts=register,
            instance_limit=account.instance_char_limit,
        )
        draft = draft_for(
            text=text,
            account=account,
            tags=tags,
            risk_class=risk_class,
            media=media,
            parliamentary_reference=parliamentary_reference,
            parliamentary_reference_at=parliamentary_reference_at,
            scheduled_at=at,
            in_reply_to=in_reply_to,
            campaign_code=campaign_code,
            responsibility=responsibility,
            alt_texts=alt_texts,
        )
        report: Report = check(draft, context)
        stored = report.to_dict()
        stored["account"] = str(account)
        stored["network"] = account.network
        reports[str(account.pk)] = stored
    return reports


def check_reply(*, account: OfficialAccount, text: str, in_reply_to: str) -> dict[str, Any]:
    """The report a public reply on `account` gets, as stored JSON.

    It is the report `reply_create` stores on the reply's first version: the same call, with
    the defaults a reply post has (routine, no tags, media or campaign code).
    """
    reports = check_for_accounts(
        text=text,
        accounts=[account],
        tags=[],
        risk_class=RiskClass.ROUTINE,
        media=[],
        in_reply_to=in_reply_to,
        kind=PostKind.REPLY,
    )
    return reports[str(account.pk)]


def worst_verdict(reports: dict[str, dict[str, Any]]) -> str:
    verdicts = [r.get("verdict", "pass") for r in reports.values()] or ["pass"]
    return max(verdicts, key=SEVERITY_ORDER.index)


def findings_with(reports: dict[str, dict[str, Any]], severity: str) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for report in reports.values():
        for finding in report.get("findings", []):
            if finding["severity"] == severity:
                seen.setdefault((finding["rule"], finding["message"]), finding)
    return list(seen.values())
