"""The audit vocabulary is one catalogue, and the code, the docs and the catalogue agree.

These read the source, not a running system: a writer that no test happens to exercise still
has to name its action from the catalogue, and an action nothing writes cannot hide in it.
"""

from __future__ import annotations

import ast
import runpy
from collections.abc import Iterator
from pathlib import Path

import pytest

from govsocial.records.events import CATALOGUE, AuditAction
from govsocial.transparency.leaf import ACTIONS as LEAF_ACTIONS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "govsocial"
USER_FACING = ("web", "api", "cli")
PURE_ENGINES = ("checks", "transparency", "analysis", "connectors")


def source_files() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def audit_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called_name(node) == "audit_record":
            yield node


def members_named(tree: ast.AST) -> set[str]:
    """The `AuditAction.NAME` members a module mentions."""
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "AuditAction"
    }


def test_the_events_doc_is_generated_from_the_catalogue() -> None:
    render = runpy.run_path(str(ROOT / "scripts" / "gen_events_doc.py"))["render"]
    assert (ROOT / "docs" / "events.md").read_text() == render(), (
        "docs/events.md is out of date: run .venv/bin/python scripts/gen_events_doc.py"
    )


def test_every_action_written_in_the_code_is_a_catalogue_member() -> None:
    """No free strings or f-strings: `action=` names a member of AuditAction."""
    loose = []
    for path, tree in source_files():
        for call in audit_calls(tree):
            action = next((k.value for k in call.keywords if k.arg == "action"), None)
            # Writers that pick among members (an if/else, a table of members) pass a name or
            # a subscript; audit_record itself refuses anything that is not a member.
            if action is None or isinstance(action, ast.Constant | ast.JoinedStr | ast.BinOp):
                loose.append(
                    f"{path.relative_to(ROOT)}:{call.lineno} {ast.unparse(action or call)}"
                )
    assert not loose, "pass an AuditAction member as action=:\n" + "\n".join(loose)
    mentioned = set().union(*(members_named(tree) for _, tree in source_files()))
    unknown = sorted(mentioned - set(AuditAction.__members__))
    assert not unknown, f"not in the catalogue: {unknown}"


def test_every_catalogue_entry_has_a_writer() -> None:
    """A writer is a module that writes audit records (calls audit_record) and names the member."""
    written: set[str] = set()
    for path, tree in source_files():
        if "events" in path.parent.parts[-1:] or not any(True for _ in audit_calls(tree)):
            continue
        written |= members_named(tree)
    nothing_writes = sorted(set(AuditAction.__members__) - written)
    assert not nothing_writes, f"in the catalogue but written by nothing: {nothing_writes}"


def test_every_member_has_an_entry_and_public_entries_have_a_leaf_the_log_knows() -> None:
    assert set(CATALOGUE) == set(AuditAction)
    for action, spec in CATALOGUE.items():
        assert spec.meaning.endswith("."), action
        if spec.public:
            assert spec.leaf_action in LEAF_ACTIONS, action
            assert spec.public_label, action
        else:
            assert not spec.public_label, action


def service_modules() -> Iterator[tuple[Path, ast.Module]]:
    """Domain modules that change state: everything but the user-facing layer and the engines."""
    for path, tree in source_files():
        top = path.relative_to(PACKAGE).parts[0]
        if top not in USER_FACING + PURE_ENGINES and path.name != "__init__.py":
            yield path, tree


def is_atomic(function: ast.FunctionDef) -> bool:
    return any("transaction.atomic" in ast.unparse(d) for d in function.decorator_list)


def audits(
    function: ast.FunctionDef,
    helpers: dict[str, ast.FunctionDef],
    audited_elsewhere: set[str],
    seen: set[str],
) -> bool:
    """Does the function call audit_record: itself, through a helper in the same module, or
    through a service of another module that audits (a membership sync that grants roles)?"""
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name == "audit_record" or name in audited_elsewhere:
                return True
            if name in helpers and name not in seen:
                seen.add(name)
                if audits(helpers[name], helpers, audited_elsewhere, seen):
                    return True
    return False


def services_that_audit() -> set[str]:
    """Names of the public functions that write an audit record within their own module."""
    names = set()
    for _, tree in service_modules():
        helpers = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        names |= {
            name
            for name, function in helpers.items()
            if not name.startswith("_") and audits(function, helpers, set(), set())
        }
    return names


#: Atomic functions that change no state a person did or must answer for, and why.
NOT_AUDITED = {
    # Bookkeeping of the log itself: the leaves it hashes are the audit records.
    "govsocial/records/transparency_log.py:log_integrate_and_sign",
}


def test_every_public_state_changing_service_writes_an_audit_record() -> None:
    silent = []
    audited_elsewhere = services_that_audit()
    for path, tree in service_modules():
        helpers = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for function in helpers.values():
            where = f"{path.relative_to(ROOT)}:{function.name}"
            if function.name.startswith("_") or not is_atomic(function) or where in NOT_AUDITED:
                continue
            if not audits(function, helpers, audited_elsewhere, set()):
                silent.append(where)
    assert not silent, "these services change state without an audit record:\n" + "\n".join(silent)


@pytest.mark.parametrize("action", list(AuditAction))
def test_every_action_is_documented_with_its_meaning(action: AuditAction) -> None:
    assert f"| `{action.value}` |" in (ROOT / "docs" / "events.md").read_text()
