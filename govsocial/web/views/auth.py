"""Sign-in and sign-out. A password is the first step; roles that can publish, approve or see
personal data then need a code from an authenticator app (govsocial.web.views.security)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from govsocial.accounts.auth import otp
from govsocial.accounts.auth.flow import pending_start, sign_in_complete
from govsocial.accounts.auth.models import AuthMethod
from govsocial.accounts.auth.oidc import oidc_enabled, provider_logout_url, provider_name
from govsocial.accounts.auth.policy import demo_user_exempt, user_needs_two_factor
from govsocial.accounts.auth.throttle import client_ip, lockout_message, record_failure
from govsocial.web.forms import GovukFormMixin


class LoginForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is disabled. Ask your account admin to restore it.",
    }
    error_anchor = "id_username"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.apply_govuk_attributes()

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request is not None else None
        refusal = lockout_message(username=username, ip=ip)
        if refusal:
            raise forms.ValidationError(refusal, code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username and self.cleaned_data.get("password"):
                record_failure(username=username, ip=ip)
            raise


class LoginView(auth_views.LoginView):
    template_name = "auth/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        backend = getattr(user, "backend", "govsocial.accounts.auth.backends.LocalBackend")
        if otp.has_two_factor(user) or (user_needs_two_factor(user) and not demo_user_exempt(user)):
            pending_start(self.request, user=user, next_url=self.get_success_url())
            return HttpResponseRedirect(reverse("accounts:two_factor"))
        method = AuthMethod.DEMO if user_needs_two_factor(user) else AuthMethod.PASSWORD
        sign_in_complete(self.request, user=user, backend=backend, method=method)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc_enabled()
        context["sso_provider_name"] = provider_name()
        context["idle_minutes"] = settings.GOVSOCIAL_SESSION_IDLE_MINUTES
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        at_provider = provider_logout_url(request)  # read before the session is gone
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(at_provider) if at_provider else response
