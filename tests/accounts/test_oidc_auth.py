"""Single sign-on rules that need no identity provider: the group map and the claims checks."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.test import Client, RequestFactory

from govsocial.accounts.auth.oidc import (
    GovsocialOIDCBackend,
    SignInRefused,
    desired_grants,
    group_role_map,
    groups_from_claims,
)


@pytest.fixture
def oidc(settings):  # type: ignore[no-untyped-def]
    settings.OIDC_RP_CLIENT_ID = "govsocial"
    settings.OIDC_RP_CLIENT_SECRET = "secret"  # noqa: S105
    settings.OIDC_OP_ISSUER = "https://idp.example"
    for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS"):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"https://idp.example/{name.lower()}")
    return settings


def backend_for_request() -> GovsocialOIDCBackend:
    backend = GovsocialOIDCBackend()
    request = RequestFactory().get("/oidc/callback/")
    request.session = {}  # type: ignore[assignment]
    backend.request = request
    return backend


def test_single_sign_on_is_off_and_hidden_until_configured(client: Client, db: None) -> None:
    assert "Sign in with" not in client.get("/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({"g": ["dept", "emperor"]}, "entry for 'g'"),
        ({"g": "dept"}, "entry for 'g'"),
        ({"g": {"dept": "viewer"}}, "entry for 'g'"),
        (["dept", "viewer"], "must be a JSON object"),
    ],
)
def test_a_bad_group_map_is_reported_with_the_entry_to_fix(settings, bad, says) -> None:
    settings.GOVSOCIAL_OIDC_GROUP_ROLE_MAP = bad
    with pytest.raises(ImproperlyConfigured, match=says):
        group_role_map()
    assert any(e.id == "govsocial.accounts.E001" for e in run_checks())


def test_groups_match_with_or_without_keycloaks_leading_slash(settings, db: None) -> None:
    settings.GOVSOCIAL_OIDC_GROUPS_CLAIM = "groups"
    settings.GOVSOCIAL_OIDC_GROUP_ROLE_MAP = {
        "comms": [["dept", "author"], ["alb", "viewer"]],
        "/press": ["dept", "publisher"],
    }
    groups = groups_from_claims({"groups": ["/comms", "press", "other"]})
    assert desired_grants(groups) == {("dept", "author"), ("alb", "viewer"), ("dept", "publisher")}


def test_entra_app_roles_can_be_the_groups_claim(settings) -> None:
    settings.GOVSOCIAL_OIDC_GROUPS_CLAIM = "roles"
    assert groups_from_claims({"roles": "Publisher", "groups": ["x"]}) == {"Publisher"}


def test_a_required_mfa_claim_refuses_a_password_only_sign_in(oidc) -> None:
    oidc.GOVSOCIAL_OIDC_REQUIRED_AMR = "mfa"
    oidc.GOVSOCIAL_OIDC_PROVIDER_NAME = "Microsoft"
    backend = backend_for_request()
    with pytest.raises(SignInRefused, match="Microsoft did not confirm a second factor"):
        backend.verify_claims({"sub": "a", "amr": ["pwd"]})
    assert backend.verify_claims({"sub": "a", "amr": ["pwd", "mfa"]})


def test_a_required_acr_refuses_a_weaker_sign_in(oidc) -> None:
    oidc.GOVSOCIAL_OIDC_REQUIRED_ACR = "2 gold"
    backend = backend_for_request()
    with pytest.raises(SignInRefused):
        backend.verify_claims({"sub": "a", "acr": "1"})
    assert backend.verify_claims({"sub": "a", "acr": "gold"})


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"iss": "https://evil.example", "aud": "govsocial", "exp": 4102444800}, "issuer"),
        ({"iss": "https://idp.example", "aud": "another-app", "exp": 4102444800}, "client"),
        ({"iss": "https://idp.example", "aud": ["govsocial"], "exp": 1}, "expired"),
    ],
)
def test_an_id_token_from_elsewhere_or_expired_is_refused(oidc, claims, why) -> None:
    backend = backend_for_request()
    with pytest.raises(SuspiciousOperation, match=why):
        backend._check_id_token(claims)
