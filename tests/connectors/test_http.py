"""The egress factory: allow-list, relay pinning, environment proxies, CA bundle."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import httpx
import pytest

from govsocial.connectors import ConnectorConfigError, EgressRefused
from govsocial.connectors.http import (
    EgressSettings,
    egress_client,
    egress_session,
    host_port,
    ssl_context_for,
)


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).seen.append(self.requestline)
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server standing in for a forward proxy; records request lines."""
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()


def test_host_port_normalises_urls_and_bare_hosts():
    assert host_port("https://API.x.com/2/tweets") == "api.x.com:443"
    assert host_port("graph.facebook.com") == "graph.facebook.com:443"
    assert host_port("http://127.0.0.1:3000") == "127.0.0.1:3000"


def test_a_destination_off_the_allow_list_is_refused_before_connecting():
    calls: list[httpx.Request] = []
    client = egress_client(
        allowed_hosts={"api.x.com"},
        settings=EgressSettings(trust_env=False),
        transport=httpx.MockTransport(lambda r: calls.append(r) or httpx.Response(200)),
    )
    with pytest.raises(
        EgressRefused, match="refused to connect to evil.example:443.*allowed: api.x.com:443"
    ):
        client.get("https://evil.example/steal")
    assert calls == []
    assert client.get("https://api.x.com/2/users/me").status_code == 200


def test_a_redirect_off_the_allow_list_is_refused_too():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "https://elsewhere.example/"})

    client = egress_client(
        allowed_hosts={"api.x.com"},
        settings=EgressSettings(trust_env=False),
        transport=httpx.MockTransport(handler),
    )
    with pytest.raises(EgressRefused, match="elsewhere.example"):
        client.get("https://api.x.com/x")


def test_extra_hosts_from_the_environment_are_allowed_and_wildcards_match_subdomains():
    settings = EgressSettings.from_env(
        {"GOVSOCIAL_EGRESS_ALLOW": "social.example.gov.uk,*.host.bsky.network:443"}
    )
    client = egress_client(
        allowed_hosts=set(),
        settings=settings,
        transport=httpx.MockTransport(lambda r: httpx.Response(204)),
    )
    assert client.get("https://social.example.gov.uk/api/v1/instance").status_code == 204
    assert client.get("https://morel.us-east.host.bsky.network/xrpc/x").status_code == 204
    with pytest.raises(EgressRefused):
        client.get("https://host.bsky.network.evil.example/")


def test_https_proxy_style_environment_is_honoured(proxy, monkeypatch):
    proxy_url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = egress_client(allowed_hosts={"http://api.example.test:80"}, settings=EgressSettings())

    client.get("http://api.example.test/ping")

    assert seen == ["GET http://api.example.test/ping HTTP/1.1"]


def test_no_proxy_bypasses_the_environment_proxy(proxy, monkeypatch):
    proxy_url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = egress_client(allowed_hosts={proxy_url}, settings=EgressSettings())

    assert client.get(f"{proxy_url}/direct").status_code == 200
    assert seen == ["GET /direct HTTP/1.1"]


def test_a_pinned_relay_carries_everything_and_ignores_the_environment(proxy, monkeypatch):
    relay_url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    client = egress_client(
        allowed_hosts={"http://api.example.test:80"}, settings=EgressSettings(relay_url=relay_url)
    )

    client.get("http://api.example.test/via-relay")

    assert seen == ["GET http://api.example.test/via-relay HTTP/1.1"]


def test_the_requests_session_for_mastodon_py_obeys_the_same_rules(proxy):
    relay_url, seen = proxy
    session = egress_session(
        allowed_hosts={"http://api.example.test:80"}, settings=EgressSettings(relay_url=relay_url)
    )

    session.get("http://api.example.test/via-relay", timeout=5)
    with pytest.raises(EgressRefused):
        session.get("http://evil.example/", timeout=5)

    assert seen == ["GET http://api.example.test/via-relay HTTP/1.1"]


def test_a_missing_ca_bundle_is_a_clear_configuration_error(tmp_path):
    with pytest.raises(
        ConnectorConfigError, match="GOVSOCIAL_EGRESS_CA_BUNDLE=.*is not a readable file"
    ):
        EgressSettings.from_env({"GOVSOCIAL_EGRESS_CA_BUNDLE": str(tmp_path / "missing.pem")})


def test_a_ca_bundle_is_what_tls_verification_trusts(tmp_path):
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Department Inspection CA")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))

    context = ssl_context_for(EgressSettings.from_env({"GOVSOCIAL_EGRESS_CA_BUNDLE": str(bundle)}))

    subjects = [dict(pair[0] for pair in ca["subject"]) for ca in context.get_ca_certs()]
    assert subjects == [{"commonName": "Department Inspection CA"}]
