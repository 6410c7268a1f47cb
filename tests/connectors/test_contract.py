"""Every registered connector honours the contract: declarations, refusals, egress, no Django."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from govsocial.connectors import (
    Capability,
    Connector,
    ConnectorConfigError,
    EditRequest,
    Limits,
    Moderation,
    Unsupported,
)
from govsocial.connectors.errors import BadRequest
from govsocial.connectors.http import EgressSettings
from govsocial.connectors.registry import (
    connector_class,
    connector_for,
    egress_allow_list,
    registered_networks,
)

from .conftest import CREDENTIALS

EXAMPLE_CREDENTIALS = {
    **CREDENTIALS,
    "mastodon": {"instance_url": "https://social.example.gov.uk", "access_token": "t"},
    "bluesky": {
        "pds_url": "https://pds.example.gov.uk",
        "handle": "council.example",
        "app_password": "p",
    },
}
HTTPX_NETWORKS = sorted(CREDENTIALS)
every_network = pytest.mark.parametrize("network", registered_networks())


def test_the_seven_networks_are_registered():
    assert registered_networks() == sorted(
        ["bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "x"]
    )


def test_an_unknown_network_is_a_one_line_error_listing_the_choices():
    with pytest.raises(
        ConnectorConfigError, match="unknown network 'myspace'; choose one of bluesky, "
    ):
        connector_class("myspace")


@every_network
def test_declarations_are_complete_and_consistent(network):
    cls = connector_class(network)
    assert issubclass(cls, Connector) and cls.network == network
    assert isinstance(cls.capabilities, Capability) and cls.capabilities != Capability.NONE
    assert isinstance(cls.limits, Limits) and cls.limits.max_chars > 0
    assert cls.api_docs.startswith("https://")
    assert cls.credential_fields
    images = Capability.IMAGES in cls.capabilities
    assert images == (cls.limits.max_images > 0) == bool(cls.limits.image_types)
    assert (Capability.VIDEO in cls.capabilities) == (cls.limits.max_videos > 0)
    assert not (
        Capability.MEDIA_PULL in cls.capabilities and Capability.MEDIA_UPLOAD in cls.capabilities
    )
    if Capability.ALT_TEXT in cls.capabilities:
        assert images


@every_network
def test_endpoint_hosts_are_declared_as_host_and_port(network):
    hosts = connector_class(network).egress_hosts(EXAMPLE_CREDENTIALS[network])
    assert hosts
    for host in hosts:
        name, _, port = host.rpartition(":")
        assert name and port.isdigit(), host


def test_the_allow_list_for_it_egress_covers_every_network():
    allow = egress_allow_list(EXAMPLE_CREDENTIALS)
    assert set(allow) == set(registered_networks())
    assert allow["mastodon"] == frozenset({"social.example.gov.uk:443"})
    assert "api.x.com:443" in allow["x"]


@every_network
def test_missing_credentials_are_named(network):
    cls = connector_class(network)
    with pytest.raises(ConnectorConfigError, match=f"missing {cls.credential_fields[0]}"):
        connector_for(network, credentials={}, egress=EgressSettings(trust_env=False))


@pytest.mark.parametrize("network", HTTPX_NETWORKS)
def test_every_endpoint_constant_has_its_api_doc_link_above_it(network):
    source = Path(inspect.getfile(connector_class(network))).with_name("client.py").read_text()
    lines = source.splitlines()
    endpoints = [
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and node.value.value.startswith("/")
    ]
    assert endpoints, "no endpoint constants found"
    for node in endpoints:
        above = lines[node.lineno - 2]
        assert above.startswith("# https://") or lines[node.lineno - 3].startswith("# https://"), (
            f"{network}: {lines[node.lineno - 1]} has no API-doc link above it"
        )


@pytest.mark.parametrize("network", HTTPX_NETWORKS)
def test_undeclared_abilities_are_refused_without_a_network_call(network):
    calls: list[httpx.Request] = []
    connector = connector_for(
        network,
        credentials=CREDENTIALS[network],
        egress=EgressSettings(trust_env=False),
        transport=httpx.MockTransport(lambda r: calls.append(r) or httpx.Response(500)),
    )
    if Capability.EDIT not in connector.capabilities:
        with pytest.raises(BadRequest):
            connector.edit("1", EditRequest(text="new"))
    inbound = (
        Capability.INBOUND_MENTIONS
        | Capability.INBOUND_REPLIES
        | Capability.INBOUND_COMMENTS
        | Capability.INBOUND_DMS
    )
    if not connector.capabilities & inbound:
        with pytest.raises(Unsupported):
            connector.fetch_inbound(None)
    if Capability.MODERATE not in connector.capabilities:
        with pytest.raises(Unsupported):
            connector.moderate_inbound("1", Moderation.HIDE)
    assert calls == []


class Unmoderated(Connector):
    """A connector that writes only what the contract requires, leaving moderation to it."""

    network = "example"
    display_name = "Example"
    capabilities = Capability.INBOUND_MENTIONS
    limits = Limits(
        max_chars=500,
        max_images=0,
        max_videos=0,
        max_image_bytes=0,
        max_video_bytes=0,
        max_alt_text_chars=None,
        image_types=frozenset(),
        video_types=frozenset(),
    )
    credential_fields = ()

    def publish(self, request: Any) -> Any:
        raise NotImplementedError

    def edit(self, remote_id: str, request: Any) -> Any:
        raise NotImplementedError

    def delete(self, remote_id: str) -> None:
        raise NotImplementedError

    def lookup_recent(self, probe: Any, *, limit: int = 20) -> list[Any]:
        raise NotImplementedError

    def verify_credentials(self) -> Any:
        raise NotImplementedError

    def fetch_inbound(self, since_cursor: str | None = None) -> Any:
        raise NotImplementedError


@pytest.mark.parametrize("action", list(Moderation))
def test_moderation_is_unsupported_unless_a_connector_implements_it(action):
    with pytest.raises(Unsupported, match=f"example: govsocial cannot {action} on Example"):
        Unmoderated(credentials={}).moderate_inbound("1", action)


@every_network
def test_a_connector_that_declares_moderation_implements_it(network):
    cls = connector_class(network)
    if Capability.MODERATE in cls.capabilities:
        assert cls.moderate_inbound is not Connector.moderate_inbound


def test_the_connectors_package_never_imports_django():
    code = (
        "import sys\n"
        "import govsocial.connectors.registry as r\n"
        "for n in r.registered_networks(): r.connector_class(n)\n"
        "print('django' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert out.stdout.strip() == "False"


@every_network
def test_limits_agree_with_the_checks_engine(network):
    import yaml

    data = Path(__file__).resolve().parents[2] / "govsocial" / "checks" / "data" / "limits.yaml"
    if not data.exists():
        pytest.skip("the checks engine's limits.yaml is not there")
    platform = yaml.safe_load(data.read_text())["platforms"][network]
    limits = connector_class(network).limits
    assert limits.max_chars == platform["limit"]
    assert limits.unit == platform["unit"]
    if limits.unit != "weighted":  # X's weighting already counts links as 23
        assert limits.url_weight == platform.get("url_length")
    assert limits.max_alt_text_chars == platform.get("alt_text")
