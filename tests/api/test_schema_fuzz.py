"""Schemathesis against the API in process: for each operation, a fixed, small set of generated
requests (valid and invalid, for our organisation and real ids, and for made-up ones). No answer
may be a server error, and every answer must be one the OpenAPI document lists, with a body
that matches its schema. Deterministic (derandomized) and bounded, so it cannot flake.

A longer run against a running server is `benchmarks/api_fuzz.py`."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from benchmarks.api_fuzz import valid_and_invalid_requests

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def real_path_parameters(api_desk: Any, path: str) -> dict[str, Any]:
    """Our organisation and an id that exists, so generated bodies reach the services."""
    values: dict[str, Any] = {"org": api_desk.organisation.slug}
    if "{pk}" in path:
        values["pk"] = api_desk.item.pk if "/inbox/" in path else api_desk.post.pk
    return values


@pytest.fixture
def connection_kept_open():
    """The WSGI app closes the database connection after each request; inside a test's
    transaction that would lose it (PostgreSQL), so keep it open, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_operation_answers_a_server_error_or_breaks_its_schema(
    api_desk, connection_kept_open
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:
        known = real_path_parameters(api_desk, operation.path)
        strategy = valid_and_invalid_requests(operation, known)

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def answers_within_its_contract(case: schemathesis.Case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {api_desk.token}"})
            case.validate_response(response, checks=CHECKS)

        answers_within_its_contract()
