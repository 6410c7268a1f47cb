"""Request and response shapes of the posts and deliveries API, and the functions that fill them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from govsocial.api.schemas.types import (
    MAX_ACCOUNTS,
    MAX_ALT_TEXTS,
    MAX_TAGS,
    AltText,
    CampaignCode,
    Choice,
    LongText,
    RecordId,
    Reference,
    Tag,
    Title,
    Url,
)
from govsocial.publishing import selectors
from govsocial.publishing.models import Delivery, Post, PostVersion

Accounts = Annotated[list[RecordId], Field(max_length=MAX_ACCOUNTS)]


class DeliveryOut(Schema):
    id: int
    account: str
    network: str
    state: str
    due_at: datetime
    attempts: int
    remote_id: str
    remote_url: str
    last_error: str
    needs_check_reason: str


class PostOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    risk_class: str
    author: str
    version: int
    text: str
    verdict: str
    findings: list[dict[str, Any]]
    accounts: list[int]
    deliveries: list[DeliveryOut]


class PostPage(Schema):
    items: list[PostOut]
    next: str | None  # the next page's address (path and query), or null on the last page


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next: str | None


class PostIn(Schema):
    title: Title = ""
    text: LongText
    accounts: Accounts
    risk_class: Choice = "routine"
    campaign_code: CampaignCode = ""
    parliamentary_reference: Reference = ""
    tags: Annotated[list[Tag], Field(max_length=MAX_TAGS)] = []


class EditIn(Schema):
    text: LongText


class ReturnIn(Schema):
    comments: LongText


class ScheduleIn(Schema):
    at: datetime | None = None


class ResolveIn(Schema):
    resolution: Choice
    remote_url: Url = ""
    note: LongText = ""


class LiveCheckIn(Schema):
    text: LongText
    # alt texts of images being attached, checked like the text
    alt_texts: Annotated[list[AltText], Field(max_length=MAX_ALT_TEXTS)] = []
    accounts: Accounts = []
    post: RecordId | None = None
    risk_class: Choice = "routine"
    campaign_code: CampaignCode = ""


class LiveCheckOut(Schema):
    verdict: str
    reports: list[dict[str, Any]]


def delivery_out(d: Delivery) -> DeliveryOut:
    return DeliveryOut(
        id=d.pk,
        account=str(d.account),
        network=d.account.network,
        state=d.state,
        due_at=d.due_at,
        attempts=d.attempt_count,
        remote_id=d.remote_id,
        remote_url=d.remote_url,
        last_error=d.last_error,
        needs_check_reason=d.needs_check_reason,
    )


def post_out(post: Post, *, version: PostVersion | None = None) -> dict[str, Any]:
    """The post as the API shows it; a list passes each post's latest version, read in one go."""
    version = version or selectors.post_latest_version(post=post)
    findings = [f for r in version.check_reports.values() for f in r.get("findings", [])]
    return PostOut(
        id=post.pk,
        title=post.title,
        kind=post.kind,
        status=post.status,
        risk_class=post.risk_class,
        author=post.author.get_username(),
        version=version.number,
        text=version.text,
        verdict=version.verdict,
        findings=findings,
        accounts=[a.pk for a in post.accounts.all()],
        deliveries=[delivery_out(d) for d in post.deliveries.all()],
    ).dict()
