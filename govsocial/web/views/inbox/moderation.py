"""The moderation dialog, appeals, saved replies, account inbox settings and the public house rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from govsocial.accounts.models import Organisation
from govsocial.accounts.roles import Action
from govsocial.channels.models import OfficialAccount
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.inbox import clocks
from govsocial.inbox.models import (
    DEFAULT_NOT_ENDORSEMENT,
    REASON_EXPLANATIONS,
    HouseRules,
    ModerationReason,
)
from govsocial.inbox.selectors import (
    inbox_settings_for,
    moderation_get,
    published_house_rules,
    saved_reply_list,
)
from govsocial.inbox.services import (
    house_rules_publish,
    inbound_item_moderate,
    inbox_settings_set,
    moderation_appeal_decide,
    moderation_appeal_open,
    saved_reply_create,
)
from govsocial.web.forms.inbox import (
    AppealDecideForm,
    AppealOpenForm,
    InboxSettingsForm,
    ModerateForm,
    SavedReplyForm,
)
from govsocial.web.pagination import paginate
from govsocial.web.views.decorators import acting_user, form_error, organisation_view
from govsocial.web.views.inbox.common import item_or_404, render_item


@require_POST
@organisation_view(Action.MODERATE)
def moderate_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    item = item_or_404(organisation, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        return render_item(request, organisation, item, moderate_form=form, status=400)
    try:
        action = inbound_item_moderate(
            item=item,
            actor=acting_user(request),
            kind=form.cleaned_data["kind"],
            reason_code=form.cleaned_data["reason_code"],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return render_item(request, organisation, item, moderate_form=form, status=400)
    messages.success(
        request,
        f"{action.get_kind_display()}: recorded with reason "
        f"“{action.get_reason_code_display()}”. {action.network_result}",
    )
    return redirect("inbox:item", org=organisation.slug, pk=item.pk)


@require_POST
@organisation_view(Action.VIEW)
def appeal_page(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """Record an appeal (field `note`) or decide one (fields `decision`, `note`)."""
    action = moderation_get(organisation=organisation, pk=pk)
    if action is None:
        raise Http404("No such moderation action")
    item = action.item
    deciding = "decision" in request.POST
    form: AppealDecideForm | AppealOpenForm = (
        AppealDecideForm(request.POST) if deciding else AppealOpenForm(request.POST)
    )
    form_name = "appeal_decide_form" if deciding else "appeal_open_form"
    if not form.is_valid():
        return render_item(request, organisation, item, status=400, **{form_name: form})
    try:
        if isinstance(form, AppealDecideForm):
            moderation_appeal_decide(
                action=action,
                actor=acting_user(request),
                restore=form.cleaned_data["decision"] == "restore",
                note=form.cleaned_data["note"],
            )
            messages.success(request, "Appeal decided and recorded.")
        else:
            moderation_appeal_open(
                action=action,
                actor=acting_user(request),
                note=form.cleaned_data["note"],
            )
            messages.success(request, "Appeal recorded. A different moderator must decide it.")
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from None
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return render_item(request, organisation, item, status=400, **{form_name: form})
    return redirect("inbox:item", org=organisation.slug, pk=item.pk)


@organisation_view(Action.VIEW)
def saved_replies_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = SavedReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved_reply_create(
                    organisation=organisation,
                    actor=acting_user(request),
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                )
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from None
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, "Saved reply added.")
                return redirect("inbox:saved_replies", org=organisation.slug)
        status = 400
    return render(
        request,
        "inbox/saved_replies.html",
        {
            "organisation": organisation,
            "form": form,
            "pagination": paginate(request, saved_reply_list(organisation=organisation)),
        },
        status=status,
    )


@organisation_view(Action.MANAGE_ACCOUNTS)
def account_settings_page(
    request: HttpRequest, organisation: Organisation, account: int
) -> HttpResponse:
    official = get_object_or_404(OfficialAccount, pk=account, organisation=organisation)
    settings = inbox_settings_for(account=official)
    rules = HouseRules.objects.filter(account=official).first()
    initial = {
        "weekdays": settings.weekdays if settings else "0,1,2,3,4",
        "opens": settings.opens if settings else "09:00",
        "closes": settings.closes if settings else "17:00",
        "response_target_hours": settings.response_target_hours if settings else 16,
        "staffed_on_bank_holidays": settings.staffed_on_bank_holidays if settings else False,
        "secure_channel_url": settings.secure_channel_url if settings else "",
        "introduction": rules.introduction if rules else "",
        "not_endorsement_statement": (
            rules.not_endorsement_statement if rules else DEFAULT_NOT_ENDORSEMENT
        ),
        "publish": bool(rules and rules.published_at),
    }
    form = InboxSettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                inbox_settings_set(
                    account=official,
                    actor=acting_user(request),
                    weekdays=data["weekdays"],
                    opens=data["opens"],
                    closes=data["closes"],
                    response_target_hours=data["response_target_hours"],
                    staffed_on_bank_holidays=data["staffed_on_bank_holidays"],
                    secure_channel_url=data["secure_channel_url"],
                )
                if data["publish"]:
                    house_rules_publish(
                        account=official,
                        actor=acting_user(request),
                        introduction=data["introduction"],
                        not_endorsement_statement=data["not_endorsement_statement"],
                    )
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from None
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, "Inbox settings saved.")
                return redirect("inbox:account_settings", org=organisation.slug, account=account)
        status = 400
    return render(
        request,
        "inbox/account_settings.html",
        {"organisation": organisation, "account": official, "form": form, "rules": rules},
        status=status,
    )


def house_rules_public_page(request: HttpRequest, org: str, account: int) -> HttpResponse:
    """The account's published house rules, for anyone, without signing in (domain-rules b10)."""
    rules = published_house_rules(organisation_slug=org, account_id=account)
    if rules is None:
        raise Http404("These house rules have not been published")
    official = rules.account
    settings = inbox_settings_for(account=official)
    hours = clocks.staffed_hours_for(settings)
    day_names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    days = sorted({p.weekday for p in hours.periods})
    first = hours.periods[0]
    return render(
        request,
        "inbox/house_rules.html",
        {
            "rules": rules,
            "account": official,
            "organisation": official.organisation,
            "reasons": [
                (code, label, REASON_EXPLANATIONS[code]) for code, label in ModerationReason.choices
            ],
            "days": [day_names[d] for d in days],
            "opens": first.opens,
            "closes": first.closes,
            "bank_holidays": hours.staffed_on_bank_holidays,
            "target_hours": settings.response_target_hours if settings else 16,
        },
    )
