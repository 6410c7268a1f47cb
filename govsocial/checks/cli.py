"""`govsocial check`: check a draft from a file or stdin, print findings, exit 0, 1 or 2."""

from __future__ import annotations

import json
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click
import yaml

from govsocial.checks.data import ConfigError, load_rule_data
from govsocial.checks.drafts import DraftError, account_from_dict, draft_from_dict, parse_moment
from govsocial.checks.engine import UnknownPlatformError, check, list_rules
from govsocial.checks.model import AccountRecord, CheckContext, Draft, Report, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"govsocial check: error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _read_input(source: str) -> str:
    try:
        if source == "-":
            return sys.stdin.read()
        return Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(f"cannot read {source}: no such file")
    except IsADirectoryError:
        _fail(f"cannot read {source}: it is a directory; give a file, or - for stdin")
    except UnicodeDecodeError:
        _fail(f"cannot read {source}: it is not UTF-8 text")
    except OSError as exc:
        _fail(f"cannot read {source}: {exc.strerror}")


def _draft(raw: str, platform: str | None) -> Draft:
    if raw.lstrip().startswith("{"):
        try:
            document = json.loads(raw)
        except json.JSONDecodeError as exc:
            _fail(
                f"the draft is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
            )
        return draft_from_dict(document, platform=platform)
    if raw.lstrip().startswith("["):
        try:
            json.loads(raw)
        except json.JSONDecodeError:
            pass  # plain text that opens with a bracket ("[Update] Roads closed")
        else:
            _fail('the draft must be a JSON object {"text": ...} or plain text, not a list')
    if not raw.strip():
        _fail("the draft is empty; give the post's text or a JSON draft")
    return Draft(text=raw.rstrip("\n"), platform=platform or "x")


def _accounts(config_dir: str | None) -> dict[str, AccountRecord] | None:
    """The official account register, from accounts.yaml in the config directory if present."""
    if config_dir is None or not (Path(config_dir) / "accounts.yaml").is_file():
        return None
    path = Path(config_dir) / "accounts.yaml"
    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the account register {path}: {exc}") from exc
    entries = document.get("accounts") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path} must hold `accounts:` followed by a list of entries")
    records = [account_from_dict(dict(entry), i) for i, entry in enumerate(entries)]
    return {record.handle: record for record in records}


def _display_width(text: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
        for c in text
    )


def underline(text: str, start: int, end: int) -> list[str]:
    """The line holding text[start:end], and a caret line under the span."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    span_end = min(end, line_end)
    line = text[line_start:line_end]
    pad = _display_width(text[line_start:start])
    carets = max(1, _display_width(text[start:span_end]))
    return [f"    {line}", "    " + " " * pad + "^" * carets]


def render_human(report: Report, draft: Draft) -> str:
    lines: list[str] = []
    texts = {shown.field: shown.text for shown in draft.shown_texts()}
    for finding in report.findings:
        lines.append(f"{finding.severity.label.upper():8} {finding.rule}")
        lines.append(f"    {finding.message}")
        if finding.start is not None and finding.end is not None:
            lines.extend(underline(texts[finding.field], finding.start, finding.end))
        lines.append(f"    Source: {finding.source}")
        lines.append("")
    length = report.length
    size = f"{length.count}/{length.limit} {length.unit}" if length else ""
    counts = ", ".join(
        f"{len([f for f in report.findings if f.severity is s])} {s.label}"
        for s in (Severity.BLOCK, Severity.ESCALATE, Severity.WARN)
    )
    lines.append(f"Verdict: {report.verdict.label.upper()} ({counts}); length {size}")
    return "\n".join(lines)


def _print_rules() -> None:
    for rule in list_rules():
        click.echo(f"{rule.id:40} {rule.severity.label:9} rule {rule.number:<3} {rule.source}")


def _report_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


@click.command("check")
@click.argument("source", metavar="[FILE|-]", required=False, default="-")
@click.option(
    "--platform", metavar="NAME", help="Platform to check for (x, bluesky, mastodon, ...)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--at", "at", metavar="DATETIME", help="Check as if at this time (ISO 8601).")
@click.option(
    "--config", "config_dir", metavar="DIR", help="Directory of replacement YAML rule data."
)
@click.option("--list-rules", is_flag=True, help="Print every rule id, severity and source.")
def check_command(
    source: str,
    platform: str | None,
    as_json: bool,
    at: str | None,
    config_dir: str | None,
    list_rules: bool,
) -> None:
    """Check a draft post against the propriety, personal data, accessibility, style and
    platform rules before it is published.

    FILE holds the post's plain text or a JSON draft; - (the default) reads stdin. Exits 0
    when nothing escalates or blocks, 1 when something does, 2 for bad input.
    """
    if list_rules:
        _print_rules()
        return
    try:
        now = parse_moment(at, what="--at") if at else datetime.now(UTC)
        data = load_rule_data(config_dir)
        accounts = _accounts(config_dir)
        draft = _draft(_read_input(source), platform)
        report = check(draft, CheckContext(now=now, data=data, accounts=accounts))
    except (DraftError, ConfigError, UnknownPlatformError) as exc:
        _fail(str(exc))
    click.echo(_report_json(report) if as_json else render_human(report, draft))
    sys.exit(EXIT_OK if report.publishable else EXIT_FINDINGS)


__all__ = ["check_command", "render_human", "underline"]
