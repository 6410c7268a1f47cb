"""A loopback proxy in front of the Mastodon peer that misbehaves on purpose, for the crash
harness: each create request gets the next draw of one seeded sequence (pass it on, reject it,
or accept it and then drop, fail, rate-limit or hang), so the counts follow requests, not time."""

from __future__ import annotations

import http.client
import random
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from benchmarks.instance import free_port

PEER_BEHAVIOURS = ("ok", "drop_after", "error_after", "ratelimit_after", "hang_after", "reject")
PEER_MISBEHAVIOURS = PEER_BEHAVIOURS[1:]


class MisbehavingProxy(ThreadingHTTPServer):
    """Forwards to the Mastodon peer; each create request (POST /api/v1/statuses) gets the next
    draw of one seeded sequence, so the counts follow the number of requests, not the clock."""

    daemon_threads = True

    def __init__(self, upstream: tuple[str, int], *, chaos: float, seed: int) -> None:
        super().__init__(("127.0.0.1", free_port()), _ProxyHandler)
        self.upstream = upstream
        self.chaos = chaos
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.behaviours: Counter[str] = Counter()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a worker killed mid-request leaves a broken pipe: that is the experiment, not news

    def choose(self) -> str:
        with self.lock:
            # Two draws every time, so the n-th request meets the same fate in every run.
            draw, pick = self.rng.random(), self.rng.random()
            misbehaves = draw < self.chaos
            behaviour = (
                PEER_MISBEHAVIOURS[int(pick * len(PEER_MISBEHAVIOURS))] if misbehaves else "ok"
            )
            self.behaviours[behaviour] += 1
            return behaviour

    @property
    def creates(self) -> int:
        return sum(self.behaviours.values())

    @property
    def misbehaviours(self) -> int:
        return self.creates - self.behaviours["ok"]


class _ProxyHandler(BaseHTTPRequestHandler):
    server: MisbehavingProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self.server.upstream, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
        connection.request(self.command, self.path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        kept = [
            (k, v)
            for k, v in response.getheaders()
            if k.lower() not in {"transfer-encoding", "connection", "content-length"}
        ]
        return response.status, kept, data

    def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _hang_up(self) -> None:
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        creates = self.command == "POST" and self.path.split("?")[0] == "/api/v1/statuses"
        behaviour = self.server.choose() if creates else "ok"
        if behaviour == "reject":
            self._answer(
                503, [("Content-Type", "application/json")], b'{"error":"down for maintenance"}'
            )
            return
        status, headers, data = self._forward(body)
        if behaviour == "ok":
            self._answer(status, headers, data)
        elif behaviour == "drop_after":
            self._hang_up()
        elif behaviour == "error_after":
            self._answer(500, [("Content-Type", "application/json")], b'{"error":"internal error"}')
        elif behaviour == "ratelimit_after":
            # As Mastodon does: the worker waits until the reset time, here a second or two.
            self._answer(
                429,
                [
                    ("Content-Type", "application/json"),
                    ("X-RateLimit-Limit", "300"),
                    ("X-RateLimit-Remaining", "0"),
                    ("X-RateLimit-Reset", str(int(time.time()) + 2)),
                ],
                b'{"error":"too many"}',
            )
        elif behaviour == "hang_after":
            time.sleep(3)  # longer than the workers' egress timeout
            self._hang_up()

    do_GET = _handle
    do_POST = _handle
    do_PUT = _handle
    do_DELETE = _handle
