from django.urls import URLPattern, URLResolver, path

from govsocial.accounts.auth import oidc
from govsocial.web.views import security, sign_in_groups, tokens

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/code/", security.two_factor_page, name="two_factor"),
    path("login/set-up-two-factor/", security.two_factor_setup_page, name="two_factor_setup"),
    path("account/recovery-codes/", security.recovery_codes_page, name="recovery_codes"),
    path("account/security/", security.security_page, name="security"),
    path("account/sessions/end/", security.session_end_view, name="session_end"),
    path(
        "account/sessions/end-others/", security.session_end_others_view, name="session_end_others"
    ),
    path("account/tokens/", tokens.tokens_page, name="tokens"),
    path("account/tokens/<id:token_id>/revoke/", tokens.token_revoke_page, name="token_revoke"),
    path("o/<slug:org>/sign-in/groups/", sign_in_groups.group_mappings_page, name="group_mappings"),
    path(
        "o/<slug:org>/sign-in/groups/remove/",
        sign_in_groups.group_mapping_remove,
        name="group_mapping_remove",
    ),
    path("oidc/authenticate/", oidc.SignInStart.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.SignInCallback.as_view(), name="oidc_callback"),
]
