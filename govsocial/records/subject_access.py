"""Subject-access exports: everything an organisation holds that names or quotes a person.

Apps say where their personal data sits through a registry, by label:

    register_personal_data("inbox.Message", organisation_path="account__organisation",
                           fields=("author_handle", "author_name", "text"))
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from govsocial.core.errors import ApplicationError
from govsocial.records.events import AuditAction
from govsocial.records.exports import JsonEncoder, dump_json
from govsocial.records.services import audit_record

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation, User


@dataclass(frozen=True)
class PersonalDataSource:
    label: str
    organisation_path: str
    fields: tuple[str, ...]  # text or JSON fields that may name or quote the person
    hidden_fields: tuple[str, ...] = ()  # never written into a subject-access export


_personal: dict[str, PersonalDataSource] = {}


def register_personal_data(
    label: str,
    *,
    organisation_path: str,
    fields: tuple[str, ...],
    hidden_fields: tuple[str, ...] = (),
) -> None:
    """Say where a model holds personal data, so subject-access exports find it."""
    _personal[label.lower()] = PersonalDataSource(
        label=label, organisation_path=organisation_path, fields=fields, hidden_fields=hidden_fields
    )


def unregister_personal_data(label: str) -> None:
    _personal.pop(label.lower(), None)


for _label, _path, _fields, _hidden in (
    (
        "accounts.User",
        "memberships__organisation",
        ("username", "display_name", "first_name", "last_name", "email"),
        ("password",),
    ),
    ("channels.OfficialAccount", "organisation", ("handle", "display_name"), ()),
    ("publishing.PostVersion", "post__organisation", ("text",), ()),
    ("records.AuditRecord", "organisation", ("data",), ()),
    ("records.LeafContent", "leaf__log__organisation", ("content",), ("salt",)),
):
    register_personal_data(_label, organisation_path=_path, fields=_fields, hidden_fields=_hidden)


def _mentions(value: object, needle: str) -> bool:
    if value is None:
        return False
    text = (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, cls=JsonEncoder)
    )
    return needle in text.casefold()


@dataclass(frozen=True)
class SubjectAccessResult:
    directory: Path
    found: list[dict[str, Any]]


@transaction.atomic
def subject_access_export(
    *, organisation: Organisation, person: str, out: Path, actor: User | None
) -> SubjectAccessResult:
    """Find everything the organisation holds that names or quotes `person` (JSON + HTML).

    The export is recorded in the audit trail (who asked, how much was found) in the same
    transaction as the search, so no export leaves the building unrecorded.
    """
    needle = person.strip().lstrip("@").casefold()
    if len(needle) < 3:
        raise ApplicationError("Give at least three characters of the person's handle or name.")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ApplicationError(f"{out} is not empty; choose a new folder for the export.")
    found: list[dict[str, Any]] = []
    for source in sorted(_personal.values(), key=lambda s: s.label.lower()):
        try:
            model = apps.get_model(source.label)
        except LookupError:
            continue
        rows = model.objects.filter(**{source.organisation_path: organisation}).distinct()
        user_label = settings.AUTH_USER_MODEL.lower()
        for row in rows.order_by("pk").iterator():
            if not any(_mentions(getattr(row, name, None), needle) for name in source.fields):
                continue
            [item] = serializers.serialize("python", [row])
            shown = {k: v for k, v in item["fields"].items() if k not in source.hidden_fields}
            found.append({"source": model._meta.label, "id": row.pk, "fields": shown})
            if model._meta.label_lower == user_label:
                found.extend(_actions_by(row, organisation))
    unique: dict[tuple[str, object], dict[str, Any]] = {}
    for item in found:
        unique.setdefault((item["source"], item["id"]), item)
    found = list(unique.values())
    out.mkdir(parents=True, exist_ok=True)
    report = {
        "organisation": organisation.name,
        "person": person,
        "generated_at": timezone.now().isoformat(),
        "found": found,
    }
    (out / "subject-access.json").write_bytes(dump_json(report))
    html = render_to_string(
        "records/subject_access.html",
        {"report": report, "rows": [_readable(item) for item in found]},
    )
    (out / "subject-access.html").write_text(html, encoding="utf-8")
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.RECORDS_SUBJECT_ACCESS_EXPORT,
        data={"records_found": len(found)},
    )
    return SubjectAccessResult(directory=out, found=found)


def _actions_by(user: models.Model, organisation: Organisation) -> list[dict[str, Any]]:
    """The audit trail of what a member of staff did (they are the subject too)."""
    from govsocial.records.models import AuditRecord

    return [
        {
            "source": "records.AuditRecord",
            "id": record.pk,
            "fields": {
                "action": record.action,
                "created_at": record.created_at,
                "target": f"{record.target_type}:{record.target_id}",
                "actor": user.pk,
            },
        }
        for record in AuditRecord.objects.filter(
            organisation=organisation, actor_id=user.pk
        ).order_by("pk")
    ]


def _readable(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": item["source"],
        "id": item["id"],
        "fields": [
            (
                name,
                value
                if isinstance(value, str)
                else json.dumps(value, cls=JsonEncoder, ensure_ascii=False),
            )
            for name, value in sorted(item["fields"].items())
        ],
    }
