"""Deterministic TID record keys, so a re-sent post collides with the first instead of duplicating.

A TID is 64 bits: a zero bit, 53 bits of microseconds since the Unix epoch, and a 10-bit clock
id, written in base32-sortable as 13 characters. A PDS only requires the shape, so we derive
every bit from the delivery's idempotency key: the same key always gives the same key, and two
keys collide with probability about 2^-52. The timestamp part is placed in a fixed window in
2024, so the keys sort before any post the account makes by hand (they are ids, not times).
"""

from __future__ import annotations

import hashlib
import re

ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
TID_PATTERN = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
WINDOW_START_US = 1_704_067_200_000_000  # 2024-01-01T00:00:00Z
WINDOW_BITS = 42  # about 51 days of microseconds


def encode(value: int) -> str:
    chars = []
    for _ in range(13):
        chars.append(ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def decode(tid: str) -> int:
    value = 0
    for char in tid:
        value = (value << 5) | ALPHABET.index(char)
    return value


def tid_for_key(idempotency_key: str) -> str:
    digest = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:8], "big")
    micros = WINDOW_START_US + (digest >> (64 - WINDOW_BITS))
    clock_id = digest & 0x3FF
    return encode((micros << 10) | clock_id)


def is_tid(text: str) -> bool:
    return TID_PATTERN.match(text) is not None
