"""ICT is told exactly which hosts and ports to open, and nothing else can be reached."""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner
from django.test import Client

from govsocial.accounts.roles import Role
from govsocial.channels.models import Network
from govsocial.cli import main
from govsocial.connectors.http import EgressSettings
from govsocial.it.egress import EgressRefused, account_egress_client, egress_report
from govsocial.it.selectors import egress_accounts
from tests.it.servers import loopback_server, page

NO_ENV = EgressSettings(trust_env=False)


@pytest.fixture
def accounts(organisation, make_user, make_account):
    owner = make_user("owner", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    mastodon = make_account(organisation, owner=owner, handle="@dept@social.example.gov.uk")
    mastodon.instance_url = "https://social.example.gov.uk"
    mastodon.save()
    make_account(organisation, owner=owner, handle="dept.bsky.social", network=Network.BLUESKY)
    return organisation


def test_the_report_lists_each_enabled_networks_hosts_from_the_connectors(accounts) -> None:
    report = egress_report(egress_accounts(organisation=accounts), environ={})
    assert [n.network for n in report.networks] == ["bluesky", "mastodon"]
    assert report.destinations == [
        "*.host.bsky.network:443",
        "bsky.social:443",
        "social.example.gov.uk:443",
    ]
    mastodon = report.networks[1]
    assert mastodon.accounts == ("@dept@social.example.gov.uk",)


def test_networks_without_accounts_are_listed_only_when_asked(db: None) -> None:
    assert egress_report([], environ={}).destinations == []
    every = egress_report([], environ={}, all_networks=True)
    assert "api.x.com:443" in every.destinations
    assert "graph.facebook.com:443" in every.destinations
    mastodon = next(n for n in every.networks if n.network == "mastodon")
    assert "depend on each account's instance address" in mastodon.problems[0]


def test_administrator_extras_relay_and_proxy_are_reported_without_passwords(db: None) -> None:
    environ = {
        "GOVSOCIAL_EGRESS_ALLOW": "media.example.org",
        "GOVSOCIAL_EGRESS_RELAY": "http://relay:s3cret@relay.internal:3128",
        "HTTPS_PROXY": "http://user:pw@proxy.internal:8080",
    }
    report = egress_report([], environ=environ)
    assert report.destinations == ["media.example.org:443"]
    assert report.relay_url == "http://***@relay.internal:3128"
    assert report.proxy_from_environment == {"HTTPS_PROXY": "http://***@proxy.internal:8080"}
    assert "s3cret" not in json.dumps(report.as_dict())


def test_a_call_to_an_unlisted_host_is_refused_with_a_clear_error() -> None:
    reached: list[str] = []

    def network(request: httpx.Request) -> httpx.Response:
        reached.append(str(request.url))
        return httpx.Response(200, json={})

    with account_egress_client(
        network="mastodon",
        instance_url="https://social.example.gov.uk",
        settings=NO_ENV,
        transport=httpx.MockTransport(network),
    ) as client:
        assert client.get("https://social.example.gov.uk/api/v1/instance").status_code == 200
        with pytest.raises(EgressRefused) as refused:
            client.get("https://unlisted.example.com/steal")
    assert reached == ["https://social.example.gov.uk/api/v1/instance"]
    assert "refused to connect to unlisted.example.com:443" in str(refused.value)
    assert "not on the egress allow-list" in str(refused.value)
    assert "GOVSOCIAL_EGRESS_ALLOW" in str(refused.value)


def test_a_real_loopback_server_off_the_list_is_never_contacted() -> None:
    with loopback_server({"/": page(b"inside")}) as server:
        with (
            account_egress_client(network="x", settings=NO_ENV) as client,
            pytest.raises(EgressRefused, match=f"127.0.0.1:{server.port}"),
        ):
            client.get(server.url("/"))
        assert server.hits == []
        # The same server on the list is reached: the refusal above came from the list alone.
        allowing = EgressSettings(
            trust_env=False, extra_allowed=frozenset({f"127.0.0.1:{server.port}"})
        )
        with account_egress_client(network="x", settings=allowing) as client:
            assert client.get(server.url("/")).text == "inside"
    assert len(server.hits) == 1


def test_a_redirect_off_the_list_is_refused() -> None:
    def network(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "https://elsewhere.example.net/"})

    with (
        account_egress_client(
            network="x", settings=NO_ENV, transport=httpx.MockTransport(network)
        ) as client,
        pytest.raises(EgressRefused, match="elsewhere.example.net:443"),
    ):
        client.get("https://api.x.com/2/users/me")


def test_the_it_admin_sees_the_destinations_page(client: Client, accounts, make_user) -> None:
    client.force_login(make_user("ira", organisation=accounts, role=Role.IT_ADMIN))
    response = client.get(f"/o/{accounts.slug}/it/egress/")
    page_text = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Network access for ICT</h1>' in page_text
    assert "<code>social.example.gov.uk</code>" in page_text
    assert "<code>*.host.bsky.network</code> (any sub-domain)" in page_text
    assert "govsocial it egress" in page_text


def test_other_roles_may_not_see_the_destinations_page(client: Client, accounts, author) -> None:
    client.force_login(author)
    assert client.get(f"/o/{accounts.slug}/it/egress/").status_code == 403


def test_the_command_prints_the_allow_list_as_text_and_json(accounts) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["it", "egress"])
    assert text.exit_code == 0, text.output
    assert "Mastodon (@dept@social.example.gov.uk)\n  social.example.gov.uk:443" in text.output
    assert text.output.rstrip().endswith(
        "*.host.bsky.network:443\nbsky.social:443\nsocial.example.gov.uk:443"
    )
    as_json = runner.invoke(main, ["it", "egress", "--json", "--organisation", accounts.slug])
    assert as_json.exit_code == 0
    assert json.loads(as_json.output)["allow"] == [
        "*.host.bsky.network:443",
        "bsky.social:443",
        "social.example.gov.uk:443",
    ]


def test_the_command_names_an_unknown_organisation(accounts) -> None:
    result = CliRunner().invoke(main, ["it", "egress", "--organisation", "nope"])
    assert result.exit_code == 2
    assert "no organisation 'nope'; the organisations are: department-for-testing" in result.output


def test_single_sign_on_adds_the_identity_providers_host(accounts, settings) -> None:
    settings.OIDC_RP_CLIENT_ID = "govsocial"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.microsoftonline.com/tenant/oauth2/v2.0/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://graph.microsoft.com/oidc/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.microsoftonline.com/tenant/discovery/v2.0/keys"
    result = CliRunner().invoke(main, ["it", "egress", "--json"])
    allow = json.loads(result.output)["allow"]
    assert "login.microsoftonline.com:443" in allow
    assert "graph.microsoft.com:443" in allow


def test_the_hosts_come_from_the_stored_credentials_the_connector_will_use(
    organisation, make_user, make_account
) -> None:
    from govsocial.channels.crypto import encrypt_credentials

    owner = make_user("owner", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    account = make_account(
        organisation, owner=owner, handle="dept.example", network=Network.BLUESKY
    )
    account.credentials_encrypted = encrypt_credentials(
        {
            "handle": "dept.example",
            "app_password": "secret-app-pw",
            "pds_url": "https://pds.example.gov.uk",
        }
    )
    account.save()
    report = egress_report(egress_accounts(organisation=organisation), environ={})
    assert "pds.example.gov.uk:443" in report.destinations
    assert "secret-app-pw" not in json.dumps(report.as_dict())


def test_the_api_gives_it_admins_the_allow_list(client: Client, accounts, make_user) -> None:
    client.force_login(make_user("ira", organisation=accounts, role=Role.IT_ADMIN))
    body = client.get(f"/api/v1/organisations/{accounts.slug}/it/egress").json()
    assert body["allow"] == [
        "*.host.bsky.network:443",
        "bsky.social:443",
        "social.example.gov.uk:443",
    ]


def test_the_api_refuses_other_roles(client: Client, accounts, author) -> None:
    client.force_login(author)
    response = client.get(f"/api/v1/organisations/{accounts.slug}/it/egress")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only an IT admin of this organisation can see this."
