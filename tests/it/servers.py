"""Tiny HTTP servers on loopback for the egress and fetcher tests: no internet is ever used."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class LoopbackServer:
    host: str
    port: int
    hits: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)

    def url(self, path: str = "/", *, name: str | None = None) -> str:
        return f"http://{name or self.host}:{self.port}{path}"


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key.replace("_", "-"), value)
    if "Content_Length" not in headers:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    try:
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up first (the timeout tests)


def page(body: bytes, content_type: str = "text/html") -> Route:
    return lambda h: send(h, 200, body, Content_Type=content_type)


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: send(h, status, Location=location)


def chunked(total: int, chunk: int = 65536) -> Route:
    """A body with no Content-Length: the fetcher can only count what arrives."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/octet-stream")
        h.send_header("Connection", "close")
        h.end_headers()
        sent = 0
        try:
            while sent < total:
                h.wfile.write(b"x" * chunk)
                sent += chunk
        except (BrokenPipeError, ConnectionResetError):
            pass

    return route


def slow(seconds: float) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        send(h, 200, b"late")

    return route


@contextmanager
def loopback_server(
    routes: dict[str, Route] | Callable[[str], Route | None], host: str = "127.0.0.1", port: int = 0
) -> Iterator[LoopbackServer]:
    server_info = LoopbackServer(host=host, port=0)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            server_info.hits.append((self.path, self.headers.get("Host", "")))
            route = routes(self.path) if callable(routes) else routes.get(self.path)
            if route is None:
                send(self, 404, b"not found")
            else:
                route(self)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = ThreadingHTTPServer((host, port), Handler)
    httpd.daemon_threads = True
    server_info.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server_info
    finally:
        httpd.shutdown()
        httpd.server_close()
