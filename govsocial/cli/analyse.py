"""`govsocial analyse --json -`: the inbox analyser as a batch filter, with no database.

It imports only the pure analysis engine, so it runs on a machine that has the package and
nothing else: no settings, no database, no migrations.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from govsocial.analysis.triage import TriageResult, triage
from govsocial.cli.common import USER_ERROR

FIELDS_IN = ("text", "id", "display_name")


class BadLine(ValueError):
    """One input line that is not a JSON object with a "text" string."""


def analysis_of(document: dict[str, Any]) -> dict[str, Any]:
    """The output object for one input object (already checked by `parsed`)."""
    result: TriageResult = triage(document["text"], display_name=document.get("display_name", ""))
    output: dict[str, Any] = {} if "id" not in document else {"id": document["id"]}
    output.update(
        {
            "personal_data": [
                {"kind": match.kind, "start": match.start, "end": match.end}
                for match in result.personal_data
            ],
            "label": result.label,
            "secondary_labels": list(result.secondary_labels),
            "reasons": [
                {"label": reason.label, "phrase": reason.phrase, "weight": reason.weight}
                for reason in result.reasons
            ],
        }
    )
    return output


def parsed(raw: bytes) -> dict[str, Any]:
    """The JSON object on one line, or BadLine saying what is wrong with it."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadLine(f"not UTF-8 text (byte {exc.start + 1})") from None
    if not line.strip():
        raise BadLine('the line is empty; give a JSON object such as {"text": "..."}')
    try:
        document = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(document, dict):
        raise BadLine(f'expected a JSON object {{"text": ...}}, got a {_json_type(document)}')
    if "text" not in document:
        raise BadLine('the object has no "text"')
    if not isinstance(document["text"], str):
        raise BadLine(f'"text" must be a string, not a {_json_type(document["text"])}')
    if any("\ud800" <= char <= "\udfff" for char in document["text"]):
        raise BadLine('"text" holds a lone surrogate escape (\\ud800-\\udfff); send real text')
    if not isinstance(document.get("display_name", ""), str):
        raise BadLine('"display_name" must be a string')
    return {key: document[key] for key in FIELDS_IN if key in document}


def _json_type(value: object) -> str:
    names = {list: "list", str: "string", bool: "true/false", type(None): "null", dict: "object"}
    return names.get(type(value), "number")


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    for raw in stream:
        yield raw.rstrip(b"\r\n")


@click.command("analyse")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Read and write JSON Lines (the only format for now; required).",
)
@click.argument("source", type=click.File("rb"), metavar="FILE|-")
def analyse_command(as_json: bool, source: IO[bytes]) -> None:
    """Find personal data and triage each message, one JSON object a line.

    Reads one JSON object {"text": "..."} a line from FILE, or from standard input when FILE
    is -, and writes one line for each input line, in the same order:

    \b
      {"personal_data": [{"kind": "phone", "start": 12, "end": 25}],
       "label": "possible_foi", "secondary_labels": ["question"],
       "reasons": [{"label": "possible_foi", "phrase": "how many", "weight": 1.0}]}

    Offsets count code points (characters), as Python and JavaScript string indices do for
    text outside the astral planes; "end" is exclusive. Optional input keys: "id" is copied
    to the output, "display_name" lets the FOI real-name check read the sender's name.

    A line that is not such an object gets {"line": N, "error": "..."} in its place, the other
    lines are still analysed, and the command ends with exit status 2 and one line on standard
    error counting the bad lines. It needs no database and no settings.

    Example: printf '%s\\n' '{"text": "How many fines were issued last year?"}' |
    govsocial analyse --json -
    """
    if not as_json:
        raise click.UsageError("give --json: the analyser reads and writes JSON Lines")
    bad: list[int] = []
    out = sys.stdout
    for number, raw in enumerate(_lines(source), start=1):
        try:
            output = analysis_of(parsed(raw))
        except BadLine as problem:
            bad.append(number)
            output = {"line": number, "error": str(problem)}
        out.write(json.dumps(output, ensure_ascii=False) + "\n")
        out.flush()
    if bad:
        first = ", ".join(str(n) for n in bad[:5]) + (" …" if len(bad) > 5 else "")
        click.echo(
            f"govsocial analyse: {len(bad)} line(s) were not a JSON object with a text "
            f"string (line {first}); see the error objects in the output",
            err=True,
        )
        sys.exit(USER_ERROR)
