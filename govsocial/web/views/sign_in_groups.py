"""The IT admin's page: which identity-provider groups give which roles in this organisation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from govsocial.accounts.auth.group_mappings import (
    group_mapping_create,
    group_mapping_delete,
    group_mapping_list,
)
from govsocial.accounts.auth.oidc import env_group_role_map, oidc_enabled, provider_name
from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Action, Role
from govsocial.core.errors import ApplicationError, NotFound
from govsocial.web.forms.accounts import GroupMappingForm, RemoveMappingForm
from govsocial.web.views.decorators import organisation_view


@organisation_view(Action.IT_ADMIN)
def group_mappings_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = GroupMappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor: User = request.user  # type: ignore[assignment]
        try:
            mapping = group_mapping_create(
                organisation=organisation,
                group=form.cleaned_data["group"],
                role=form.cleaned_data["role"],
                actor=actor,
            )
        except ApplicationError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                f"Members of {mapping.group} get the {mapping.get_role_display().lower()} role "
                "when they next sign in.",
            )
            return HttpResponseRedirect(
                reverse("accounts:group_mappings", kwargs={"org": organisation.slug})
            )
    from_environment = [
        (group, Role(grant.role).label)
        for group, grants in env_group_role_map().items()
        for grant in grants
        if grant.organisation_slug == organisation.slug
    ]
    return render(
        request,
        "auth/group_mappings.html",
        {
            "organisation": organisation,
            "form": form,
            "mappings": group_mapping_list(organisation=organisation),
            "from_environment": from_environment,
            "sso_enabled": oidc_enabled(),
            "sso_provider_name": provider_name(),
            "groups_claim": settings.GOVSOCIAL_OIDC_GROUPS_CLAIM,
        },
    )


@require_POST
@organisation_view(Action.IT_ADMIN)
def group_mapping_remove(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = RemoveMappingForm(request.POST)
    target = reverse("accounts:group_mappings", kwargs={"org": organisation.slug})
    if not form.is_valid():
        messages.error(request, "Choose a mapping to remove from the list.")
        return HttpResponseRedirect(target)
    actor: User = request.user  # type: ignore[assignment]
    try:
        group_mapping_delete(
            organisation=organisation, mapping_id=form.cleaned_data["mapping"], actor=actor
        )
    except NotFound as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Removed. Its members lose the role when they next sign in.")
    return HttpResponseRedirect(target)
