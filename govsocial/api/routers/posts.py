"""Posts, approvals, scheduling and deliveries over the API; the same services as the web pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import user_can
from govsocial.api.auth import api_organisation, api_user
from govsocial.api.idempotency import idempotent
from govsocial.api.pagination import PageQuery, keyset_page
from govsocial.api.schemas.common import ERRORS
from govsocial.api.schemas.posts import (
    DeliveryOut,
    DeliveryPage,
    EditIn,
    LiveCheckIn,
    LiveCheckOut,
    PostIn,
    PostOut,
    PostPage,
    ResolveIn,
    ReturnIn,
    ScheduleIn,
    delivery_out,
    post_out,
)
from govsocial.api.schemas.types import Choice, RecordId, Slug
from govsocial.channels.models import OfficialAccount
from govsocial.channels.selectors import official_account_list_by_ids
from govsocial.core.errors import NotFound, PermissionDenied
from govsocial.publishing import selectors
from govsocial.publishing.checking import check_for_accounts, worst_verdict
from govsocial.publishing.models import Post
from govsocial.publishing.services import (
    delivery_resolve,
    post_approve,
    post_cancel,
    post_create,
    post_edit,
    post_return,
    post_schedule,
    post_submit,
)

router = Router(tags=["posts"])
POST_ORDER = ("-created_at", "-id")
NEEDS_CHECK_ORDER = ("due_at", "id")


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    return api_organisation(request, slug)


def _post(organisation: Organisation, pk: int) -> Post:
    post = selectors.post_list_with_deliveries(organisation=organisation).filter(pk=pk).first()
    if post is None:
        raise NotFound(f"No post {pk} in {organisation}.")
    return post


@router.get(
    "/organisations/{org}/posts",
    response={200: PostPage, **ERRORS},
    summary="List posts, newest first, a page at a time",
)
def list_posts(
    request: HttpRequest, org: Slug, page: Query[PageQuery], status: Choice | None = None
) -> dict[str, Any]:
    organisation = _organisation(request, org)
    found = keyset_page(
        request,
        selectors.post_list_with_deliveries(organisation=organisation, status=status),
        ordering=POST_ORDER,
        page=page,
    )
    versions = selectors.post_latest_versions(posts=found.rows)
    return {
        "items": [post_out(p, version=versions[p.pk]) for p in found.rows],
        "next": found.next,
    }


@router.post(
    "/organisations/{org}/posts", response={201: PostOut, **ERRORS}, summary="Create a draft"
)
def create_post(request: HttpRequest, org: Slug, payload: PostIn) -> Status[Any]:
    organisation = _organisation(request, org)

    def write() -> tuple[int, Any]:
        post = post_create(
            organisation=organisation,
            actor=api_user(request),
            title=payload.title,
            text=payload.text,
            accounts=official_account_list_by_ids(organisation=organisation, ids=payload.accounts),
            risk_class=payload.risk_class,
            campaign_code=payload.campaign_code,
            parliamentary_reference=payload.parliamentary_reference,
            tags=payload.tags,
        )
        return 201, post_out(post)

    return Status(*idempotent(request, write))


@router.get(
    "/organisations/{org}/posts/{pk}", response={200: PostOut, **ERRORS}, summary="One post"
)
def get_post(request: HttpRequest, org: Slug, pk: RecordId) -> dict[str, Any]:
    return post_out(_post(_organisation(request, org), pk))


def _transition(request: HttpRequest, org: str, pk: int, run: Any) -> Status[Any]:
    post = _post(_organisation(request, org), pk)

    def write() -> tuple[int, Any]:
        run(post)
        post.refresh_from_db()
        return 200, post_out(post)

    return Status(*idempotent(request, write))


@router.post(
    "/organisations/{org}/posts/{pk}/edit",
    response={200: PostOut, **ERRORS},
    summary="Save a new version",
)
def edit_post(request: HttpRequest, org: Slug, pk: RecordId, payload: EditIn) -> Status[Any]:
    return _transition(
        request, org, pk, lambda p: post_edit(post=p, actor=api_user(request), text=payload.text)
    )


@router.post(
    "/organisations/{org}/posts/{pk}/submit",
    response={200: PostOut, **ERRORS},
    summary="Submit for approval",
)
def submit_post(request: HttpRequest, org: Slug, pk: RecordId) -> Status[Any]:
    return _transition(request, org, pk, lambda p: post_submit(post=p, actor=api_user(request)))


@router.post(
    "/organisations/{org}/posts/{pk}/approve",
    response={200: PostOut, **ERRORS},
    summary="Approve the latest version",
)
def approve_post(
    request: HttpRequest, org: Slug, pk: RecordId, version: RecordId | None = None
) -> Status[Any]:
    return _transition(
        request,
        org,
        pk,
        lambda p: post_approve(post=p, actor=api_user(request), version_number=version),
    )


@router.post(
    "/organisations/{org}/posts/{pk}/return",
    response={200: PostOut, **ERRORS},
    summary="Return with comments",
)
def return_post(request: HttpRequest, org: Slug, pk: RecordId, payload: ReturnIn) -> Status[Any]:
    return _transition(
        request,
        org,
        pk,
        lambda p: post_return(post=p, actor=api_user(request), comments=payload.comments),
    )


@router.post(
    "/organisations/{org}/posts/{pk}/schedule",
    response={200: PostOut, **ERRORS},
    summary="Schedule, or publish now without `at`",
)
def schedule_post(
    request: HttpRequest, org: Slug, pk: RecordId, payload: ScheduleIn
) -> Status[Any]:
    return _transition(
        request, org, pk, lambda p: post_schedule(post=p, actor=api_user(request), at=payload.at)
    )


@router.post(
    "/organisations/{org}/posts/{pk}/cancel", response={200: PostOut, **ERRORS}, summary="Cancel"
)
def cancel_post(request: HttpRequest, org: Slug, pk: RecordId) -> Status[Any]:
    return _transition(request, org, pk, lambda p: post_cancel(post=p, actor=api_user(request)))


@router.get(
    "/organisations/{org}/deliveries/needs-check",
    response={200: DeliveryPage, **ERRORS},
    summary="Deliveries a person must check, oldest due first",
)
def needs_check(request: HttpRequest, org: Slug, page: Query[PageQuery]) -> dict[str, Any]:
    organisation = _organisation(request, org)
    found = keyset_page(
        request,
        selectors.deliveries_needing_check(organisation=organisation),
        ordering=NEEDS_CHECK_ORDER,
        page=page,
    )
    return {"items": [delivery_out(d) for d in found.rows], "next": found.next}


@router.post(
    "/organisations/{org}/deliveries/{pk}/resolve",
    response={200: DeliveryOut, **ERRORS},
    summary="Record what a person found on the network",
)
def resolve(request: HttpRequest, org: Slug, pk: RecordId, payload: ResolveIn) -> Status[Any]:
    organisation = _organisation(request, org)
    delivery = selectors.delivery_get(organisation=organisation, pk=pk)
    if delivery is None:
        raise NotFound(f"No delivery {pk} in {organisation}.")

    def write() -> tuple[int, Any]:
        done = delivery_resolve(
            delivery=delivery,
            actor=api_user(request),
            resolution=payload.resolution,
            remote_url=payload.remote_url,
            note=payload.note,
        )
        return 200, delivery_out(done).dict()

    return Status(*idempotent(request, write))


@router.post(
    "/organisations/{org}/checks",
    response={200: LiveCheckOut, **ERRORS},
    summary="Check text as it is typed",
    url_name="live_check",
)
def live_check(request: HttpRequest, org: Slug, payload: LiveCheckIn) -> dict[str, Any]:
    organisation = _organisation(request, org)
    if not user_can(user=api_user(request), action=Action.DRAFT, organisation=organisation):
        raise PermissionDenied("Your role does not let you write drafts here.")
    ids = payload.accounts
    risk_class = payload.risk_class
    campaign_code = payload.campaign_code
    kind, in_reply_to = "post", ""
    if payload.post is not None:
        post = _post(organisation, payload.post)
        ids = ids or [a.pk for a in post.accounts.all()]
        risk_class = post.risk_class
        kind, in_reply_to = post.kind, post.in_reply_to_remote_id
        campaign_code = campaign_code or selectors.post_latest_version(post=post).campaign_code
    accounts = (
        official_account_list_by_ids(organisation=organisation, ids=ids)
        if ids
        else list(OfficialAccount.objects.filter(organisation=organisation, is_active=True)[:1])
    )
    reports = check_for_accounts(
        text=payload.text,
        accounts=accounts,
        tags=[],
        risk_class=risk_class,
        media=[],
        campaign_code=campaign_code,
        kind=kind,
        in_reply_to=in_reply_to,
        alt_texts=payload.alt_texts,
    )
    return {"verdict": worst_verdict(reports), "reports": list(reports.values())}
