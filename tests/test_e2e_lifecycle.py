"""The whole life of a stack of connectors, with the real Pulumi CLI on the emulator.

Each step follows the pattern of an acceptance test: apply, then a preview that
must be empty; change one thing, apply, and check that exactly that changed on
the portal (from the emulator's request log); refresh; destroy; the portal
account ends empty.
"""

from __future__ import annotations

from typing import Any

import pytest

from e2e import ACCESS_KEY, SECRET_KEY, Deployment, Portal, connector
from lsq_emulator.testing import RunningEmulator

pytestmark = pytest.mark.e2e

WRITES = {
    "Connector.Create",
    "Connector.Update",
    "Connector.ChangeStatus",
    "Connector.Delete",
    "Connector.Import",
}


def writes(emulator: RunningEmulator) -> list[tuple[str, Any]]:
    """(operation, connector id) of every write the portal answered successfully."""
    return [
        (call["Operation"], call["Id"])
        for call in emulator.stats()["Requests"]
        if call["Operation"] in WRITES and call["Code"] == 200
    ]


def test_up_creates_the_declared_connectors_then_preview_is_empty(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [
        connector("draft"),
        connector("published", status="Published"),
        connector("review", status="In Review", category="SMS"),
    ]
    result = deployment.up()

    assert result.summary.resource_changes == {"create": 4}  # three and the stack
    on_portal = {c["Name"]: c for c in portal.all()}
    assert {name: c["Status"] for name, c in on_portal.items()} == {
        "Conn draft": "Draft",
        "Conn published": "Published",
        "Conn review": "In Review",
    }
    assert on_portal["Conn review"]["Category"] == "SMS"
    assert deployment.outputs["review"] == [on_portal["Conn review"]["Id"], "In Review"]

    deployment.preview(expect_no_changes=True)


def test_changing_one_field_updates_only_that_connector(
    deployment: Deployment, portal: Portal, emulator: RunningEmulator
) -> None:
    deployment.connectors = [connector("a"), connector("b"), connector("c")]
    deployment.up()
    emulator.reset_stats()

    deployment.connectors[1] = connector("b", description="A better description.")
    result = deployment.up()

    b = deployment.id_of("b")
    assert result.summary.resource_changes == {"update": 1, "same": 3}
    assert writes(emulator) == [("Connector.Update", b)]
    assert portal.get(b)["Description"] == "A better description."
    assert deployment.id_of("b") == b, "an in-place update keeps the id"
    deployment.preview(expect_no_changes=True)


def test_changing_status_moves_the_connector_through_the_developer_steps(
    deployment: Deployment, portal: Portal, emulator: RunningEmulator
) -> None:
    deployment.connectors = [connector("a"), connector("b")]
    deployment.up()
    emulator.reset_stats()

    deployment.connectors[0] = connector("a", status="In Review")
    deployment.up()

    a = deployment.id_of("a")
    assert writes(emulator) == [
        ("Connector.ChangeStatus", a),
        ("Connector.ChangeStatus", a),
    ]
    assert portal.get(a)["Status"] == "In Review"
    assert deployment.outputs["a"] == [a, "In Review"]
    deployment.preview(expect_no_changes=True)


def test_refresh_keeps_an_unchanged_stack_quiet(
    deployment: Deployment, emulator: RunningEmulator
) -> None:
    deployment.connectors = [connector("a", status="Published"), connector("b")]
    deployment.up()

    result = deployment.refresh()

    assert result.summary.resource_changes == {"same": 3}
    deployment.preview(expect_no_changes=True)


def test_destroy_empties_the_portal_account(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [
        connector("a"),
        connector("b", status="Published"),
        connector("c", category="Chat"),
    ]
    deployment.up()
    assert len(portal.all()) == 3

    deployment.destroy()

    assert portal.all() == []


def test_credentials_never_reach_state_or_output(
    deployment: Deployment, capsys: pytest.CaptureFixture[str]
) -> None:
    deployment.connectors = [connector("a", status="Published")]
    deployment.up()
    deployment.preview()
    deployment.refresh()
    state = deployment.state_files()
    printed = capsys.readouterr().out

    # The checks below read the real files and the provider's own messages.
    assert "Conn a" in state
    assert "created connector 'Conn a'" in printed

    for secret in (ACCESS_KEY, SECRET_KEY):
        assert secret not in state
        assert secret not in printed
