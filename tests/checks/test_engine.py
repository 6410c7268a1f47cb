"""The engine as a library: pure (no Django), data loaded once, replaceable, typed errors."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.checks import (
    CheckContext,
    ConfigError,
    Draft,
    UnknownPlatformError,
    check,
    load_rule_data,
    make_context,
)


def test_the_engine_and_its_command_import_no_django() -> None:
    code = (
        "import sys, govsocial.checks, govsocial.checks.cli; "
        "from govsocial.checks import Draft, check, make_context; "
        "check(Draft(text='Vote Labour 943 476 5870'), make_context()); "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_rule_data_is_loaded_once_per_directory() -> None:
    assert load_rule_data() is load_rule_data()


def test_a_config_directory_replaces_only_the_files_it_holds(tmp_path: Path) -> None:
    (tmp_path / "politicians.yaml").write_text(
        "version: local\npoliticians:\n  - {name: Alex Example, handles: ['@alexexample']}\n",
        encoding="utf-8",
    )
    data = load_rule_data(tmp_path)
    assert data.versions["politicians.yaml"] == "local"
    assert "Alex Example" in data.politician_names
    assert "Keir Starmer" not in data.politician_names
    assert data.platforms["x"].limit == 280  # limits.yaml still comes from the package


def test_malformed_rule_data_raises_config_error(tmp_path: Path) -> None:
    (tmp_path / "limits.yaml").write_text("version: x\nplatforms: {x: {limit: 1}}\n", "utf-8")
    with pytest.raises(ConfigError, match="malformed"):
        load_rule_data(tmp_path)


def test_unknown_platform_raises_a_clear_error() -> None:
    with pytest.raises(UnknownPlatformError, match="unknown platform 'myspace'"):
        check(Draft(text="hi", platform="myspace"), make_context())


def test_platform_names_are_case_insensitive_and_common_aliases_work() -> None:
    assert check(Draft(text="hi", platform="Twitter"), make_context()).length.limit == 280
    assert check(Draft(text="hi", platform="BSKY"), make_context()).length.unit == "graphemes"


def test_context_needs_an_aware_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CheckContext(now=datetime(2026, 1, 1), data=load_rule_data())  # noqa: DTZ001


def test_every_finding_has_a_message_a_source_and_a_valid_span() -> None:
    post = "Vote Labour! Find out more here https://gov.uk/x 🎉🎉 #roadsafety #a #b"
    report = check(Draft(text=post), make_context())
    assert report.findings
    for finding in report.findings:
        assert finding.message.endswith((".", '."', '".', ")")) and finding.source
        if finding.start is not None:
            assert finding.end is not None and 0 <= finding.start < finding.end <= len(post)


PLATFORMS = ["x", "bluesky", "mastodon", "linkedin", "instagram", "youtube", "threads"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(PLATFORMS))
def test_any_text_on_any_platform_gives_a_report_with_valid_spans(
    value: str, platform: str
) -> None:
    report = check(Draft(text=value, platform=platform), make_context())
    assert report.verdict.label in {"pass", "warn", "escalate", "block"}
    for finding in report.findings:
        if finding.start is not None:
            assert finding.end is not None and 0 <= finding.start <= finding.end <= len(value)


def test_spans_can_be_given_in_utf16_units_for_javascript() -> None:
    post = "🎉 Vote Labour"
    report = check(Draft(text=post, campaign_code="C"), make_context())
    python = next(
        f for f in report.to_dict()["findings"] if f["rule"] == "propriety.party-political"
    )
    js = next(
        f
        for f in report.to_dict(utf16_text=post)["findings"]
        if f["rule"] == "propriety.party-political"
    )
    assert post[python["start"] : python["end"]] == "Labour"
    assert (js["start"], js["end"]) == (python["start"] + 1, python["end"] + 1)
