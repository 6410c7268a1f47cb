"""Build tests/data/pii/*.jsonl from the marked-up sources in tests/data/pii/src/.

A source file has one item a line; `[[kind:text]]` marks a span of personal data. Lines that are
empty or start with `#` are skipped; `\\n` in a line is a line break in the item. The JSONL carries code-point offsets into the plain text:
`{"id", "text", "spans": [{"kind", "start", "end"}]}`.

    .venv/bin/python scripts/build_pii_sets.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SETS_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "pii"
MARK_RE = re.compile(r"\[\[(\w+):(.+?)\]\]")
SHORT_KINDS = {
    "ph": "phone",
    "em": "email",
    "ni": "national_insurance",
    "nhs": "nhs_number",
    "utr": "utr",
    "card": "card_number",
    "dl": "driving_licence",
    "addr": "postcode_address",
    "dob": "date_of_birth",
    "bank": "bank_account",
}


def parse_line(line: str) -> tuple[str, list[dict[str, object]]]:
    text_parts: list[str] = []
    spans: list[dict[str, object]] = []
    position = 0
    length = 0
    for mark in MARK_RE.finditer(line):
        before = line[position : mark.start()]
        text_parts.append(before)
        length += len(before)
        kind = SHORT_KINDS.get(mark.group(1), mark.group(1))
        if kind not in SHORT_KINDS.values():
            raise ValueError(f"unknown kind {mark.group(1)!r} in: {line}")
        value = mark.group(2)
        spans.append({"kind": kind, "start": length, "end": length + len(value)})
        text_parts.append(value)
        length += len(value)
        position = mark.end()
    text_parts.append(line[position:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced mark in: {line}")
    return text, spans


def build(source: Path, prefix: str) -> list[dict[str, object]]:
    items = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, spans = parse_line(line.replace("\\n", "\n"))
        items.append({"id": f"{prefix}{len(items) + 1:03d}", "text": text, "spans": spans})
    return items


def main() -> int:
    for name, prefix in (("heldout", "h"), ("dev", "d"), ("blind", "b")):
        source = SETS_DIR / "src" / f"{name}.txt"
        if not source.is_file():
            continue
        items = build(source, prefix)
        with (SETS_DIR / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for item in items:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        spans = sum(len(item["spans"]) for item in items)  # type: ignore[misc,arg-type]
        print(f"{name}: {len(items)} items, {spans} spans")
    return 0


if __name__ == "__main__":
    sys.exit(main())
