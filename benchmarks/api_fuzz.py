"""Schemathesis at scale against a running govsocial server: thousands of generated requests
(valid and invalid) over every API operation, counting server errors and answers that break the
OpenAPI document. The bounded, deterministic version runs in the suite
(tests/api/test_schema_fuzz.py); this one is for the issue note.

    .venv/bin/python benchmarks/api_fuzz.py [--examples 150] [--database-url postgres://...]

Without --database-url the server uses a fresh SQLite file in a temporary folder. With it, the
database is migrated and given a new organisation (a PostgreSQL one can be reused).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instance import free_port, run_django_script, worker_environment  # noqa: E402


def valid_and_invalid_requests(operation: Any, known: dict[str, Any]) -> Any:
    """Requests that fit the schema and requests that break it, each with the path's real ids
    (so they reach the code behind the lookup) and with made-up ones."""
    return st.one_of(
        *(
            operation.as_strategy(mode, path_parameters=fixed)
            for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
            for fixed in (known, None)
        )
    )


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SET_UP = """
import json
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", interactive=False, verbosity=0)
from govsocial.accounts.models import User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import api_token_create, membership_grant, organisation_create
from govsocial.channels.models import Network, OfficialAccount
from govsocial.inbox.models import InboundItem
from govsocial.publishing.services import post_create
organisation = organisation_create(name="Fuzz Office %(tag)s")
user = User.objects.create_user(username="fuzz-%(tag)s", password="not-used-fuzz-%(tag)s")
for role in (Role.AUTHOR, Role.REVIEWER, Role.PUBLISHER, Role.DATA_PROTECTION_OFFICER, Role.IT_ADMIN):
    membership_grant(organisation=organisation, user=user, role=role)
# X cannot moderate, so nothing the fuzzer does reaches a network.
account = OfficialAccount.objects.create(
    organisation=organisation, network=Network.X, handle="@fuzz", owning_unit="Digital",
    named_owner=user, two_factor_confirmed=True, house_rules_url="https://www.example.gov.uk/r",
)
post = post_create(organisation=organisation, actor=user, title="Hours",
    text="The library opens at 9am on Saturdays.", accounts=[account], campaign_code="C-1")
item = InboundItem.objects.create(organisation=organisation, account=account, remote_id="1",
    kind="mention", author_handle="@resident", received_at=timezone.now(),
    original_text="When does the library reopen?", redacted_text="When does the library reopen?")
_, token = api_token_create(user=user, name="fuzz")
print(json.dumps({"slug": organisation.slug, "token": token, "post": post.pk, "item": item.pk}))
"""


def wait_for(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {url} within {timeout:.0f} s")


def fuzz(base_url: str, world: dict, examples: int) -> tuple[Counter, Counter, list[str]]:
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {world['token']}"
    statuses: Counter = Counter()
    failures: Counter = Counter()
    examples_of_failure: list[str] = []
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            raise RuntimeError(
                f"the OpenAPI document has an operation schemathesis cannot read: {result.err()}"
            )
        operation = result.ok()
        known = {"org": world["slug"]}
        if "{pk}" in operation.path:
            known["pk"] = world["item"] if "/inbox/" in operation.path else world["post"]
        strategy = valid_and_invalid_requests(operation, known)

        @seed(12)
        @settings(
            max_examples=examples,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def one(case: schemathesis.Case) -> None:
            label = case.operation.label
            response = case.call(base_url=base_url, session=session)
            statuses[(label, response.status_code)] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except (
                Exception,
                BaseExceptionGroup,
            ) as exc:  # a failed check: counted, the run goes on
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                failures[(label, first)] += 1
                if len(examples_of_failure) < 10:
                    examples_of_failure.append(f"{label}: {str(exc)[:600]}")

        one()
    return statuses, failures, examples_of_failure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=150, help="cases per operation")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; SQLite if omitted")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="govsocial-fuzz-") as folder:
        var_dir = Path(folder)
        extra = {"DATABASE_URL": args.database_url} if args.database_url else {}
        world = json.loads(
            run_django_script(var_dir, SET_UP % {"tag": uuid.uuid4().hex[:8]}, env_extra=extra)
            .strip()
            .splitlines()[-1]
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "waitress",
                f"--listen=127.0.0.1:{port}",
                "--threads=4",
                "config.wsgi:application",
            ],
            env=worker_environment(var_dir, extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_for(f"{base_url}/api/v1/openapi.json")
            started = time.monotonic()
            statuses, failures, examples = fuzz(base_url, world, args.examples)
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)

    database = "PostgreSQL" if args.database_url else "SQLite"
    cases = sum(statuses.values())
    server_errors = sum(n for (_, status), n in statuses.items() if status >= 500)
    by_status: Counter[int] = Counter()
    for (_, status), n in statuses.items():
        by_status[status] += n
    print(f"database: {database}; operations: {len({op for op, _ in statuses})}")
    print(f"cases: {cases} in {elapsed:.0f} s; server errors (5xx): {server_errors}")
    print("answers by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items())))
    print(f"failed checks: {sum(failures.values())}")
    for (label, first), n in failures.most_common(20):
        print(f"  {n:5d}  {label}: {first}")
    for example in examples:
        print("---\n" + example)


if __name__ == "__main__":
    main()
