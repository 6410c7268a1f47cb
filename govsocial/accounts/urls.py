from django.urls import URLPattern, URLResolver, path

from govsocial.accounts import views, views_sso
from govsocial.accounts.auth import oidc

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/code/", views.two_factor_page, name="two_factor"),
    path("login/set-up-two-factor/", views.two_factor_setup_page, name="two_factor_setup"),
    path("account/recovery-codes/", views.recovery_codes_page, name="recovery_codes"),
    path("account/security/", views.security_page, name="security"),
    path("account/sessions/end/", views.session_end_view, name="session_end"),
    path("account/sessions/end-others/", views.session_end_others_view, name="session_end_others"),
    path("o/<slug:org>/sign-in/groups/", views_sso.group_mappings_page, name="group_mappings"),
    path(
        "o/<slug:org>/sign-in/groups/remove/",
        views_sso.group_mapping_remove,
        name="group_mapping_remove",
    ),
    path("oidc/authenticate/", oidc.SignInStart.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.SignInCallback.as_view(), name="oidc_callback"),
]
