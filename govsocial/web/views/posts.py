"""The publishing journey: compose with live checks, submit, review, schedule, follow delivery."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.accounts.selectors import actions_for_user
from govsocial.core.text import record_id_or_none
from govsocial.publishing import selectors
from govsocial.publishing.media import media_upload
from govsocial.publishing.models import Post, PostStatus
from govsocial.publishing.services import (
    post_approve,
    post_break_glass,
    post_break_glass_review,
    post_cancel,
    post_create,
    post_edit,
    post_return,
    post_schedule,
    post_submit,
    version_override_warning,
)
from govsocial.web.forms.posts import (
    BreakGlassForm,
    BreakGlassReviewForm,
    EditForm,
    OverrideForm,
    PostForm,
    ReturnForm,
    ScheduleForm,
)
from govsocial.web.pagination import paginate
from govsocial.web.views.decorators import (
    acting_user,
    attempt,
    flash_form_errors,
    organisation_view,
)


def _post_or_404(organisation: Organisation, pk: int) -> Post:
    post = selectors.post_get(organisation=organisation, pk=pk)
    if post is None:
        raise Http404("No such post")
    return post


@organisation_view(Action.VIEW)
def post_list_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    # Only a known status reaches the query: anything else lists every post.
    status = request.GET.get("status") if request.GET.get("status") in PostStatus.values else None
    pagination = paginate(request, selectors.post_list(organisation=organisation, status=status))
    return render(
        request,
        "posts/list.html",
        {
            "organisation": organisation,
            "pagination": pagination,
            "posts": pagination.rows,
            "status": status,
            "statuses": PostStatus.choices,
            "can_draft": Action.DRAFT
            in actions_for_user(user=acting_user(request), organisation=organisation),
        },
    )


@organisation_view(Action.DRAFT)
def post_new_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = PostForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> Post:
            media = []
            if data["image"]:
                media.append(
                    media_upload(
                        organisation=organisation,
                        actor=acting_user(request),
                        upload=data["image"],
                        name=data["image"].name,
                        alt_text=data["alt_text"],
                        has_captions=data["has_captions"],
                        accounts=data["accounts"],
                    )
                )
            return post_create(
                organisation=organisation,
                actor=acting_user(request),
                title=data["title"],
                text=data["text"],
                accounts=data["accounts"],
                risk_class=data["risk_class"],
                campaign_code=data["campaign_code"],
                parliamentary_reference=data["parliamentary_reference"],
                media=media,
            )

        post = attempt(form, create)
        if post is not None:
            messages.success(request, "Draft saved. The checks are shown below.")
            return redirect("web:post_detail", org=organisation.slug, pk=post.pk)
    return render(request, "posts/new.html", {"organisation": organisation, "form": form})


@organisation_view(Action.VIEW)
def post_detail_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    post = _post_or_404(organisation, pk)
    version = selectors.post_latest_version(post=post)
    actions = actions_for_user(user=acting_user(request), organisation=organisation)
    overridden = {o.rule: o for o in version.overrides.all()}
    return render(
        request,
        "posts/detail.html",
        {
            "organisation": organisation,
            "post": post,
            "version": version,
            "reports": version.check_reports.values(),
            "overridden": overridden,
            "blockers": selectors.approval_blockers(version=version),
            "has_warnings": any(
                f["severity"] == "warn"
                for r in version.check_reports.values()
                for f in r["findings"]
            ),
            "needs_senior": selectors.required_approval(post=post, version=version)
            == Action.APPROVE_SENIOR,
            "deliveries": post.deliveries.select_related("account").prefetch_related("attempts"),
            "approvals": post.approvals.select_related("approver", "version"),
            "actions": actions,
            "is_author": request.user.pk == post.author_id,
            "edit_pending": post.status == PostStatus.PUBLISHED
            and version.pk != post.approved_version_id,
            "edit_form": EditForm(initial={"text": version.text}),
            "return_form": ReturnForm(),
            "schedule_form": ScheduleForm(),
            "break_glass_form": BreakGlassForm(),
            "break_glass_review_form": BreakGlassReviewForm(),
        },
    )


def _act(
    request: HttpRequest,
    organisation: Organisation,
    pk: int,
    form_class: type[forms.Form] | None,
    run: Callable[[Post, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    post = _post_or_404(organisation, pk)
    form = form_class(request.POST) if form_class else forms.Form(request.POST)
    if form.is_valid() and attempt(form, lambda: run(post, form.cleaned_data)) is not None:
        messages.success(request, success)
        return redirect("web:post_detail", org=organisation.slug, pk=post.pk)
    flash_form_errors(request, form)
    return redirect("web:post_detail", org=organisation.slug, pk=post.pk)


@require_POST
@organisation_view(Action.DRAFT)
def post_edit_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _act(
        request,
        organisation,
        pk,
        EditForm,
        lambda post, d: post_edit(post=post, actor=acting_user(request), text=d["text"]),
        "Saved as a new version. The checks have run again.",
    )


@require_POST
@organisation_view(Action.DRAFT)
def post_override_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    def run(post: Post, d: dict[str, Any]) -> Any:
        version = selectors.post_latest_version(post=post)
        return version_override_warning(
            version=version, rule=d["rule"], reason=d["reason"], actor=acting_user(request)
        )

    return _act(
        request, organisation, pk, OverrideForm, run, "Your reason is recorded with the draft."
    )


@require_POST
@organisation_view(Action.DRAFT)
def post_submit_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _act(
        request,
        organisation,
        pk,
        None,
        lambda post, d: post_submit(post=post, actor=acting_user(request)),
        "Sent for approval.",
    )


@require_POST
@organisation_view(Action.VIEW)
def post_approve_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    version = request.POST.get("version")
    return _act(
        request,
        organisation,
        pk,
        None,
        lambda post, d: post_approve(
            post=post,
            actor=acting_user(request),
            version_number=record_id_or_none(version),
        ),
        "Approved. A publisher can now schedule it.",
    )


@require_POST
@organisation_view(Action.VIEW)
def post_return_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _act(
        request,
        organisation,
        pk,
        ReturnForm,
        lambda post, d: post_return(post=post, actor=acting_user(request), comments=d["comments"]),
        "Returned to the author with your comments.",
    )


@require_POST
@organisation_view(Action.PUBLISH)
def post_schedule_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _act(
        request,
        organisation,
        pk,
        ScheduleForm,
        lambda post, d: post_schedule(post=post, actor=acting_user(request), at=d["when"]),
        "Scheduled. Follow each delivery below.",
    )


@require_POST
@organisation_view(Action.BREAK_GLASS)
def post_break_glass_action(
    request: HttpRequest, organisation: Organisation, pk: int
) -> HttpResponse:
    return _act(
        request,
        organisation,
        pk,
        BreakGlassForm,
        lambda post, d: post_break_glass(post=post, actor=acting_user(request), reason=d["reason"]),
        "Publishing now. The senior approvers have been alerted.",
    )


@require_POST
@organisation_view(Action.APPROVE_SENIOR)
def post_break_glass_review_action(
    request: HttpRequest, organisation: Organisation, pk: int
) -> HttpResponse:
    return _act(
        request,
        organisation,
        pk,
        BreakGlassReviewForm,
        lambda post, d: post_break_glass_review(
            post=post, actor=acting_user(request), comments=d["comments"]
        ),
        "Review recorded. The alert is closed.",
    )


@require_POST
@organisation_view(Action.VIEW)
def post_cancel_action(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    return _act(
        request,
        organisation,
        pk,
        None,
        lambda post, d: post_cancel(post=post, actor=acting_user(request)),
        "Cancelled. Nothing will be sent.",
    )


@organisation_view(Action.VIEW)
def review_queue_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    pagination = paginate(request, selectors.review_queue(organisation=organisation))
    return render(
        request,
        "posts/review.html",
        {"organisation": organisation, "pagination": pagination, "posts": pagination.rows},
    )


@organisation_view(Action.VIEW)
def calendar_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    deliveries = list(
        selectors.calendar(organisation=organisation, start=today - timedelta(days=1), days=15)
    )
    days: dict[Any, list[Any]] = {}
    for delivery in deliveries:
        days.setdefault(timezone.localtime(delivery.due_at).date(), []).append(delivery)
    return render(
        request, "posts/calendar.html", {"organisation": organisation, "days": sorted(days.items())}
    )
