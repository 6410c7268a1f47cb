"""How long a web thread keeps its PostgreSQL connection (config/settings/database.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.database import database_from_url

URL = "postgres://govsocial@db.example:5432/govsocial"


def test_a_connection_is_kept_ten_minutes_and_checked_before_reuse(monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    database = database_from_url(URL)
    assert database["CONN_MAX_AGE"] == 600
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_age_can_be_set_down_to_a_connection_per_request(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert database_from_url(URL)["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("value", ["-1", "ten minutes"])
def test_an_age_that_is_not_a_number_of_seconds_is_refused(monkeypatch, value) -> None:
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", value)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_CONN_MAX_AGE"):
        database_from_url(URL)
