"""Pages for the second sign-in step, setting up two-factor, recovery codes and your sessions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from govsocial.accounts.auth import otp
from govsocial.accounts.auth.flow import pending_clear, pending_get, sign_in_complete
from govsocial.accounts.auth.models import AuthMethod, UserSession
from govsocial.accounts.auth.sessions import (
    AUTH_METHOD_KEY,
    session_end,
    session_end_all,
    session_list_for_user,
)
from govsocial.accounts.auth.throttle import client_ip, lockout_message, record_failure
from govsocial.accounts.models import User
from govsocial.core.errors import ApplicationError, NotFound
from govsocial.web.forms.accounts import CodeForm, EndSessionForm

RECOVERY_CODES_KEY = "govsocial_new_recovery_codes"
CODE_HELP = "The 6-digit code your authenticator app shows, or one of your recovery codes."


def _expired(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Your sign-in took longer than 5 minutes. Sign in again.")
    return HttpResponseRedirect(reverse("web:login"))


@require_http_methods(["GET", "POST"])
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Second step: the code from the authenticator app, or a recovery code."""
    pending = pending_get(request)
    if pending is None:
        return _expired(request)
    if not otp.has_two_factor(pending.user):
        return HttpResponseRedirect(reverse("accounts:two_factor_setup"))
    form = CodeForm(request.POST or None, help_text=CODE_HELP)
    if request.method == "POST" and form.is_valid():
        username = pending.user.get_username()
        ip = client_ip(request)
        refusal = lockout_message(username=username, ip=ip)
        if refusal:
            pending_clear(request)
            form.add_error("code", refusal)
        else:
            method = otp.two_factor_verify(user=pending.user, code=form.cleaned_data["code"])
            if method is None:
                record_failure(username=username, ip=ip)
                form.add_error(
                    "code",
                    "The code is wrong or has expired. Enter the code your app shows now, "
                    "or one of your recovery codes.",
                )
            else:
                sign_in_complete(request, user=pending.user, backend=pending.backend, method=method)
                if method == AuthMethod.RECOVERY_CODE:
                    left = otp.recovery_codes_left(pending.user)
                    messages.warning(
                        request,
                        f"You used a recovery code. You have {left} left: make new ones on "
                        "the “Your sign-in and sessions” page.",
                    )
                return HttpResponseRedirect(pending.next_url or reverse("web:dashboard"))
    return render(request, "auth/two_factor.html", {"form": form})


@require_http_methods(["GET", "POST"])
def two_factor_setup_page(request: HttpRequest) -> HttpResponse:
    """First sign-in of a role that needs two-factor: scan the code, confirm it, get recovery codes."""
    pending = pending_get(request)
    if pending is None:
        return _expired(request)
    if otp.has_two_factor(pending.user):
        # Replacing an app needs the old one, or an admin's reset: set-up is not a way around it.
        return HttpResponseRedirect(reverse("accounts:two_factor"))
    device = otp.enrolment_device(pending.user)
    form = CodeForm(request.POST or None, help_text="The 6-digit code your app shows now.")
    if request.method == "POST" and form.is_valid():
        try:
            codes = otp.two_factor_enrol(user=pending.user, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            record_failure(username=pending.user.get_username(), ip=client_ip(request))
            form.add_error("code", exc.message)
        else:
            sign_in_complete(
                request, user=pending.user, backend=pending.backend, method=AuthMethod.TWO_FACTOR
            )
            request.session[RECOVERY_CODES_KEY] = codes
            request.session["govsocial_after_codes"] = pending.next_url
            return HttpResponseRedirect(reverse("accounts:recovery_codes"))
    return render(
        request,
        "auth/two_factor_setup.html",
        {
            "form": form,
            "qr_code": otp.qr_svg_data_uri(device),
            "secret": otp.secret_base32(device),
            "otpauth_uri": device.config_url,
        },
    )


@login_required
def recovery_codes_page(request: HttpRequest) -> HttpResponse:
    """Shows new recovery codes once; reloading the page does not show them again."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        return HttpResponseRedirect(reverse("accounts:security"))
    next_url = request.session.pop("govsocial_after_codes", "") or reverse("web:dashboard")
    return render(request, "auth/recovery_codes.html", {"codes": codes, "next_url": next_url})


def _security_context(request: HttpRequest, user: User) -> dict[str, object]:
    return {
        "sessions": session_list_for_user(user=user),
        "current_key": request.session.session_key,
        "has_two_factor": otp.has_two_factor(user),
        "recovery_codes_left": otp.recovery_codes_left(user),
        "auth_method": request.session.get(AUTH_METHOD_KEY, ""),
        "is_sso": bool(user.external_subject),
    }


@login_required
@require_http_methods(["GET", "POST"])
def security_page(request: HttpRequest) -> HttpResponse:
    """ "Your sign-in and sessions": see and end your own sessions; replace recovery codes."""
    user: User = request.user  # type: ignore[assignment]
    form = CodeForm(request.POST or None, help_text="The 6-digit code your app shows now.")
    if request.method == "POST" and form.is_valid():
        try:
            codes = otp.recovery_codes_regenerate(user=user, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            record_failure(username=user.get_username(), ip=client_ip(request))
            form.add_error("code", exc.message)
        else:
            request.session[RECOVERY_CODES_KEY] = codes
            request.session["govsocial_after_codes"] = reverse("accounts:security")
            return HttpResponseRedirect(reverse("accounts:recovery_codes"))
    return render(request, "auth/security.html", {"form": form, **_security_context(request, user)})


@login_required
@require_POST
def session_end_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = EndSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a session to end from the list.")
        return HttpResponseRedirect(reverse("accounts:security"))
    current = UserSession.objects.filter(session_key=request.session.session_key).first()
    if current is not None and current.pk == form.cleaned_data["session"]:
        logout(request)  # this browser: an ordinary sign-out
        return HttpResponseRedirect(reverse("web:login"))
    try:
        ended = session_end(user=user, session_id=form.cleaned_data["session"], actor=user)
    except NotFound as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("accounts:security"))
    messages.success(request, f"You signed out {ended.device}.")
    return HttpResponseRedirect(reverse("accounts:security"))


@login_required
@require_POST
def session_end_others_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    ended = session_end_all(
        user=user, actor=user, reason="ended by the user", keep=request.session.session_key or ""
    )
    messages.success(request, f"You signed out {ended} other session{'s' if ended != 1 else ''}.")
    return HttpResponseRedirect(reverse("accounts:security"))
