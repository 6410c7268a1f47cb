"""The SSRF-safe fetcher refuses every way of reaching inside, and fetches ordinary pages.

No test touches the internet: names resolve through an injected resolver, and the only servers
are on loopback, reachable only because the test says so (FetchPolicy.allow_networks).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import httpx
import pytest

from govsocial.it.addresses import address_problem
from govsocial.it.fetch import FetchFailed, FetchPolicy, FetchRefused, fetch
from tests.it.servers import chunked, loopback_server, page, redirect, slow

CORPUS = [
    line.strip()
    for line in (Path(__file__).parent / "ssrf_corpus.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]

SIMULATED_DNS = {
    "localtest.example": ["127.0.0.1"],
    "metadata-alias.example": ["169.254.169.254"],
    "mixed-answers.example": ["93.184.216.34", "10.0.0.1"],
    "ula-v6.example": ["fd12::1"],
    "mapped-v6.example": ["::ffff:192.168.0.1"],
    "www.example.org": ["93.184.216.34"],
}
LOOPBACK_ONLY = (ipaddress.ip_network("127.0.0.1/32"),)


def simulated_resolver(hostname: str) -> list[str]:
    assert hostname in SIMULATED_DNS, f"the corpus asked real DNS for {hostname!r}"
    return SIMULATED_DNS[hostname]


def never_connect(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the fetcher connected to {request.url} although it must refuse")


def test_the_corpus_has_at_least_forty_bypass_attempts() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("url", CORPUS)
def test_every_url_in_the_bypass_corpus_is_refused_before_connecting(url: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        fetch(url, resolver=simulated_resolver, transport=httpx.MockTransport(never_connect))
    assert refused.value.message  # a sentence a person can act on


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://2130706433/", "127.0.0.1 is a loopback address"),
        ("http://0x7f.1/", "127.0.0.1 is a loopback address"),
        ("http://0177.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://127.1/", "127.0.0.1 is a loopback address"),
        (
            "http://[::ffff:127.0.0.1]/",
            "a loopback address (127.0.0.1) written as IPv4-mapped IPv6",
        ),
        ("http://[2002:7f00:1::]/", "written as 6to4 IPv6"),
        ("http://[64:ff9b::a9fe:a9fe]/", "a cloud metadata service (169.254.169.254)"),
        ("http://169.254.169.254/", "a cloud metadata service"),
        ("http://[fd00:ec2::254]/", "a cloud metadata service"),
        ("http://100.64.0.1/", "a carrier-grade NAT address"),
        ("http://mixed-answers.example/", "mixed-answers.example (10.0.0.1) is a private address"),
        ("file:///etc/passwd", "Only http and https"),
        ("http://www.example.org@127.0.0.1/", "user name or password"),
        ("http://www.example.org:6379/", "Port 6379 is not allowed"),
    ],
)
def test_refusals_say_what_was_refused_and_why(url: str, says: str) -> None:
    with pytest.raises(FetchRefused, match=None) as refused:
        fetch(url, resolver=simulated_resolver, transport=httpx.MockTransport(never_connect))
    assert says in refused.value.message


def test_public_addresses_are_not_refused() -> None:
    for text in ("93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"):
        assert address_problem(ipaddress.ip_address(text)) is None, text


def test_the_connection_goes_to_the_checked_address_with_the_name_in_host_and_sni() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200, content=b"<title>Hi</title>", headers={"content-type": "text/html"}
        )

    result = fetch(
        "https://www.example.org/news?id=1",
        resolver=simulated_resolver,
        transport=httpx.MockTransport(answer),
    )
    assert result.content == b"<title>Hi</title>"
    assert result.address == "93.184.216.34"
    [request] = seen
    assert request.url.host == "93.184.216.34"
    assert request.url.raw_path == b"/news?id=1"
    assert request.headers["host"] == "www.example.org"
    assert request.extensions["sni_hostname"] == "www.example.org"


def test_a_loopback_server_is_refused_unless_the_test_allows_it() -> None:
    with loopback_server({"/": page(b"hello")}) as server:
        policy = FetchPolicy(ports=frozenset({server.port}))
        with pytest.raises(FetchRefused, match="127.0.0.1 is a loopback address"):
            fetch(server.url("/"), policy=policy)
        assert server.hits == []

        allowed = FetchPolicy(ports=frozenset({server.port}), allow_networks=LOOPBACK_ONLY)
        result = fetch(
            server.url("/", name="preview.example"),
            policy=allowed,
            resolver=lambda name: ["127.0.0.1"],
        )
    assert result.status == 200
    assert result.content == b"hello"
    assert server.hits == [("/", f"preview.example:{server.port}")]


def test_a_redirect_to_a_private_address_is_refused_without_connecting_there() -> None:
    with loopback_server({"/secret": page(b"internal")}, host="127.0.0.2") as inside:
        routes = {
            "/to-private": redirect("http://10.0.0.5/admin"),
            "/to-inside": redirect(inside.url("/secret")),
            "/to-decimal": redirect("http://2130706434/"),
        }
        with loopback_server(routes) as outside:
            policy = FetchPolicy(
                ports=frozenset({outside.port, inside.port}), allow_networks=LOOPBACK_ONLY
            )
            for path, says in (
                ("/to-private", "10.0.0.5 is a private address"),
                ("/to-inside", "127.0.0.2 is a loopback address"),
                ("/to-decimal", "127.0.0.2 is a loopback address"),
            ):
                with pytest.raises(FetchRefused) as refused:
                    fetch(outside.url(path), policy=policy)
                assert says in refused.value.message
    assert inside.hits == []
    assert len(outside.hits) == 3


def test_dns_rebinding_cannot_move_the_connection_to_a_private_address() -> None:
    """The resolver answers public first and private after: the fetcher resolves once per hop,
    connects to the address it checked, and re-checks the name on the redirect."""
    with loopback_server({"/": page(b"private!")}, host="127.0.0.2") as private:
        try:
            public_cm = loopback_server(
                {"/": page(b"public page"), "/again": redirect("/")}, port=private.port
            )
            public = public_cm.__enter__()
        except OSError:
            pytest.skip("could not bind 127.0.0.1 and 127.0.0.2 on the same port")
        try:
            answers = iter([["127.0.0.1"]])
            calls: list[str] = []

            def rebinding(name: str) -> list[str]:
                calls.append(name)
                return next(answers, ["127.0.0.2"])  # "public" once, then private

            policy = FetchPolicy(ports=frozenset({private.port}), allow_networks=LOOPBACK_ONLY)
            result = fetch(
                public.url("/", name="rebind.example"), policy=policy, resolver=rebinding
            )
            assert result.content == b"public page"
            assert calls == ["rebind.example"]  # resolved once, never again for the connection

            answers = iter([["127.0.0.1"]])
            calls.clear()
            with pytest.raises(FetchRefused, match="rebind.example .127.0.0.2. is a loopback"):
                fetch(
                    public.url("/again", name="rebind.example"), policy=policy, resolver=rebinding
                )
            assert calls == ["rebind.example", "rebind.example"]
        finally:
            public_cm.__exit__(None, None, None)
    assert private.hits == []


def test_redirects_are_followed_up_to_five_and_no_more() -> None:
    def routes(path: str):
        step = int(path.strip("/") or 0)
        return redirect(f"/{step + 1}") if step < 6 else page(b"end")

    with loopback_server(routes) as server:
        policy = FetchPolicy(ports=frozenset({server.port}), allow_networks=LOOPBACK_ONLY)
        result = fetch(server.url("/1"), policy=policy)  # 1 → 2 → … → 6: five redirects
        assert result.content == b"end"
        assert len(result.redirects) == 5
        with pytest.raises(FetchRefused, match="redirects more than 5 times"):
            fetch(server.url("/0"), policy=policy)


def test_bodies_over_the_size_cap_are_refused_whether_declared_or_not() -> None:
    routes = {"/declared": page(b"x" * 2048), "/chunked": chunked(1024 * 1024, chunk=4096)}
    with loopback_server(routes) as server:
        policy = FetchPolicy(
            ports=frozenset({server.port}), allow_networks=LOOPBACK_ONLY, max_bytes=1024
        )
        for path in ("/declared", "/chunked"):
            with pytest.raises(FetchRefused, match="sent more than 1024 bytes"):
                fetch(server.url(path), policy=policy)


def test_a_server_that_does_not_answer_in_time_fails_with_a_clear_message() -> None:
    with loopback_server({"/": slow(2.0)}) as server:
        policy = FetchPolicy(
            ports=frozenset({server.port}), allow_networks=LOOPBACK_ONLY, timeout=0.3
        )
        with pytest.raises(FetchFailed, match="did not answer in time"):
            fetch(server.url("/"), policy=policy)


def test_an_unknown_name_fails_with_a_clear_message() -> None:
    with pytest.raises(FetchFailed, match="nowhere.example was not found"):
        fetch("https://nowhere.example/", resolver=lambda name: [])


def test_https_to_http_downgrade_is_not_followed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"location": "http://www.example.org/"})

    with pytest.raises(FetchRefused, match="from https to http"):
        fetch(
            "https://www.example.org/",
            resolver=simulated_resolver,
            transport=httpx.MockTransport(answer),
        )
