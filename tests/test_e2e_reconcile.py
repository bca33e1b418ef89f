"""Reconciling against the portal, not the last saved state, with the real CLI.

People edit connectors by hand in the portal, LeadSquared moves them to Live or
Hidden, colleagues delete them. Each test makes such a change on the emulator
behind Pulumi's back and checks what `preview` says and what `up` does.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from e2e import Deployment, Portal, connector
from lsq_emulator.testing import RunningEmulator
from pulumi_leadsquared._provider import ConnectorProvider

pytestmark = pytest.mark.e2e


def changes(preview: auto.PreviewResult) -> dict[str, int]:
    """The preview's planned operations other than `same`."""
    summary = {
        str(getattr(op, "value", op)): n for op, n in preview.change_summary.items()
    }
    return {op: n for op, n in summary.items() if n and op != "same"}


def failure(run: Any) -> str:
    """The text of a CLI run that must fail."""
    with pytest.raises(auto.CommandError) as raised:
        run()
    return str(raised.value)


def test_a_field_edited_in_the_portal_shows_at_preview_and_up_restores_it(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a"), connector("b")]
    deployment.up()
    a = deployment.id_of("a")
    portal.edit(a, Description="Edited by hand in the portal.")

    preview = deployment.preview()

    assert changes(preview) == {"update": 1}
    assert "description on the portal differs from the program" in preview.stdout
    assert f"(id {a})" in preview.stdout
    deployment.up()
    assert portal.get(a)["Description"] == "Connector a for end-to-end tests."
    deployment.preview(expect_no_changes=True)


def test_a_status_changed_in_the_portal_is_put_back(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a", status="Published")]
    deployment.up()
    a = deployment.id_of("a")
    portal.set_status(a, "Draft")

    preview = deployment.preview()

    assert changes(preview) == {"update": 1}
    assert "is Draft; status will be set to Published" in preview.stdout
    deployment.up()
    assert portal.get(a)["Status"] == "Published"
    deployment.preview(expect_no_changes=True)


def test_a_connector_deleted_in_the_portal_is_created_again(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a", status="Published"), connector("b")]
    deployment.up()
    old = deployment.id_of("a")
    portal.delete(old)

    preview = deployment.preview()

    assert changes(preview) == {"replace": 1}
    assert f"(id {old}) on the staging portal no longer exists" in preview.stdout
    deployment.up()
    new = deployment.id_of("a")
    assert new != old
    assert portal.get(new)["Status"] == "Published"
    deployment.preview(expect_no_changes=True)
    deployment.refresh()
    deployment.preview(expect_no_changes=True)


def test_a_status_leadsquared_moved_past_the_declared_one_is_satisfied(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a", status="In Review")]
    deployment.up()
    a = deployment.id_of("a")
    portal.review(a, "Live")

    deployment.preview(expect_no_changes=True)
    deployment.connectors = [connector("a", status="Published")]
    deployment.up()
    deployment.preview(expect_no_changes=True)
    assert portal.get(a)["Status"] == "Live"


def test_a_hidden_connector_is_reported_and_never_moved(
    deployment: Deployment, portal: Portal, emulator: RunningEmulator
) -> None:
    deployment.connectors = [connector("a", status="In Review")]
    deployment.up()
    a = deployment.id_of("a")
    portal.review(a, "Live")
    portal.review(a, "Hidden")
    emulator.reset_stats()

    message = failure(deployment.preview)

    assert "LeadSquared has hidden this connector" in message
    assert "Conn a" in message
    assert "Traceback" not in message, "a connector error reads as one sentence"
    assert "Connector.ChangeStatus" not in emulator.stats()["Operations"]
    assert portal.get(a)["Status"] == "Hidden"


def test_edits_to_a_connector_in_review_fail_at_preview_with_what_to_do(
    deployment: Deployment, portal: Portal, emulator: RunningEmulator
) -> None:
    deployment.connectors = [connector("a", status="In Review")]
    deployment.up()
    emulator.reset_stats()

    deployment.connectors = [
        connector("a", status="In Review", description="New text.")
    ]
    message = failure(deployment.preview)

    assert "locks edits until LeadSquared's review ends" in message
    assert "description cannot change now" in message
    assert "Connector.Update" not in emulator.stats()["Operations"]


def test_draft_to_in_review_takes_both_developer_steps_in_order(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a")]
    deployment.up()

    deployment.connectors = [connector("a", status="In Review")]
    preview = deployment.preview()

    assert "status will be set to Published, then In Review" in preview.stdout
    result = deployment.up()
    a = deployment.id_of("a")
    assert result.stdout.index(f"(id {a}) on the staging portal to Published") < (
        result.stdout.index(f"(id {a}) on the staging portal to In Review")
    )


def test_refresh_takes_the_portal_values_and_preview_then_shows_the_real_difference(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a")]
    deployment.up()
    a = deployment.id_of("a")
    portal.edit(a, Description="Edited by hand.")

    deployment.refresh()
    state = deployment.state_files()
    assert "Edited by hand." in state

    preview = deployment.preview()
    assert changes(preview) == {"update": 1}
    deployment.up()
    deployment.refresh()
    deployment.preview(expect_no_changes=True)


def test_a_changed_provider_does_not_show_every_connector_as_changed(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    deployment.connectors = [connector("a"), connector("b", status="Published")]
    deployment.up()
    before = deployment.state_files().count("__provider")

    # A new release of the package serializes a different provider.
    monkeypatch.setattr(ConnectorProvider, "release", "a later release", raising=False)
    monkeypatch.setattr(
        ConnectorProvider, "__init__", lambda self: setattr(self, "build", 2)
    )

    deployment.preview(expect_no_changes=True)
    assert before > 0


def test_an_update_returns_complete_outputs(deployment: Deployment) -> None:
    deployment.connectors = [connector("a")]
    deployment.up()
    deployment.connectors = [connector("a", description="Changed.", status="Published")]
    deployment.up()

    outputs = deployment.stack().export_stack().deployment["resources"][-1]["outputs"]

    assert outputs["description"] == "Changed."
    assert outputs["portalStatus"] == "Published"
    assert outputs["apiBaseUrl"] == "https://api-in21.lsq-staging.com/v2/"
    assert outputs["installations"] == 0
    assert outputs["createdOn"] and outputs["modifiedOn"]


def test_inputs_unknown_at_preview_are_not_validated_until_known(
    deployment: Deployment, portal: Portal
) -> None:
    first = connector("first")

    def program() -> None:
        from pulumi_leadsquared import Connector

        args = dict(first)
        resource = Connector(args.pop("resource_name"), **args)
        Connector(
            "second",
            name="Conn second",
            description=resource.id.apply(lambda i: f"Companion of {i}"[:200]),
            category="Chat",
            configuration_url=resource.id.apply(
                lambda i: f"https://connectors.example.com/second/{i}"
            ),
        )
        pulumi.export("first", resource.id)

    deployment.program = program
    preview = deployment.preview()

    assert changes(preview) == {"create": 3}
    deployment.up()
    first_id = deployment.outputs["first"]
    second = next(c for c in portal.all() if c["Name"] == "Conn second")
    assert second["Description"] == f"Companion of {first_id}"
    deployment.preview(expect_no_changes=True)


def test_an_existing_connector_is_adopted_by_name_without_creating_another(
    deployment: Deployment, portal: Portal, emulator: RunningEmulator
) -> None:
    existing = portal.create(
        Name="Conn a",
        Description="Made by hand.",
        Category="Telephony",
        ConfigurationUrl="https://connectors.example.com/a/config",
    )

    deployment.connectors = [connector("a")]
    message = failure(deployment.up)
    assert "already exists" in message and "adopt=True" in message

    emulator.reset_stats()
    deployment.connectors = [connector("a", adopt=True, status="Published")]
    deployment.up()

    assert deployment.id_of("a") == existing["Id"]
    assert "Connector.Create" not in emulator.stats()["Operations"]
    assert [c["Id"] for c in portal.all()] == [existing["Id"]]
    assert (
        portal.get(existing["Id"])["Description"] == "Connector a for end-to-end tests."
    )
    deployment.preview(expect_no_changes=True)


def test_a_connector_the_portal_will_not_delete_stays_in_the_stack(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a", status="In Review"), connector("b")]
    deployment.up()
    a = deployment.id_of("a")

    message = failure(deployment.destroy)

    assert "refuses to delete" in message and "retain_on_delete" in message
    assert portal.get(a)["Status"] == "In Review"
    assert [c["Id"] for c in portal.all()] == [a]
    assert a in deployment.state_files()


def test_retain_on_delete_leaves_a_live_connector_on_the_portal(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [
        connector(
            "a", status="In Review", opts=pulumi.ResourceOptions(retain_on_delete=True)
        )
    ]
    deployment.up()
    a = deployment.id_of("a")
    portal.review(a, "Live")

    deployment.destroy()

    assert portal.get(a)["Status"] == "Live"


def test_a_connector_already_gone_counts_as_deleted(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a"), connector("b")]
    deployment.up()
    portal.delete(deployment.id_of("a"))

    deployment.destroy()

    assert portal.all() == []


def test_changing_region_replaces_and_content_changes_keep_the_id(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.connectors = [connector("a")]
    deployment.up()
    old = deployment.id_of("a")

    deployment.connectors = [
        connector(
            "a",
            region="usa",
            configuration_url="https://connectors.example.com/a?api=https://api-us11.lsq-staging.com/v2/",
        )
    ]
    preview = deployment.preview()

    assert changes(preview) == {"replace": 1}
    assert "cannot change portal or region, so it will be replaced" in preview.stdout
    deployment.up()
    new = deployment.id_of("a")
    assert new != old
    assert [c["Id"] for c in portal.all()] == [new]


def test_an_existing_connector_is_adopted_by_id(
    deployment: Deployment, portal: Portal, emulator: RunningEmulator
) -> None:
    existing = portal.create(
        Name="Old name",
        Description="Made by hand.",
        Category="Chat",
        ConfigurationUrl="https://connectors.example.com/a/config",
    )
    emulator.reset_stats()

    deployment.connectors = [connector("a", adopt=existing["Id"])]
    deployment.up()

    assert deployment.id_of("a") == existing["Id"]
    assert "Connector.Create" not in emulator.stats()["Operations"]
    assert portal.get(existing["Id"])["Name"] == "Conn a"
    deployment.preview(expect_no_changes=True)
