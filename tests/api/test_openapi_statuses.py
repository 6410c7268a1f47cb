"""The OpenAPI document lists every answer an operation can give, so a script (or schemathesis)
can rely on it: the inbox and IT operations left out their refusals before (issue 12)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

EVERY_OPERATION_CAN_ANSWER = {"401", "422", "500", "503"}
AN_ORGANISATION_OPERATION_CAN_ANSWER = {"400", "403", "404"}


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_operation_lists_its_refusals(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    for method, path, operation in operations(document):
        expected = set(EVERY_OPERATION_CAN_ANSWER)
        if "{org}" in path:
            expected |= AN_ORGANISATION_OPERATION_CAN_ANSWER
        missing = expected - set(operation["responses"])
        assert not missing, f"{method} {path} does not list {sorted(missing)}"


def test_the_reply_refusal_schema_fits_every_400_the_reply_gives(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    refused = document["components"]["schemas"]["ReplyRefusedOut"]
    # A refusal that is not the checks' (a body that is not JSON, say) has no findings.
    assert set(refused["required"]) == {"detail"}


def test_a_refused_reply_body_matches_the_documented_schema(api_desk) -> None:
    response = api_desk.post_json(f"/inbox/items/{api_desk.item.pk}/reply", {"text": 5})
    assert response.status_code == 400
    assert set(response.json()) <= {"detail", "field", "findings"}
    assert "text" in response.json()["detail"]
