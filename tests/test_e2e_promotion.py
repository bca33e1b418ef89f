"""Staging then live: two portals side by side, review, and promotion.

A staging emulator and a live emulator run with different keys, as LeadSquared's
two portals do. LeadSquared's review is played through the emulator's review
endpoint.
"""

from __future__ import annotations

import pytest
from pulumi import automation as auto

from e2e import (
    ACCESS_KEY,
    LIVE_ACCESS_KEY,
    LIVE_SECRET_KEY,
    SECRET_KEY,
    Deployment,
    Portal,
    connector,
)
from lsq_emulator.testing import RunningEmulator

pytestmark = pytest.mark.e2e

WRITES = (
    "Connector.Create",
    "Connector.Update",
    "Connector.ChangeStatus",
    "Connector.Import",
)


def live_twin(**overrides: object) -> dict[str, object]:
    """A live connector promoted from the staging connector `exotel`."""
    declaration: dict[str, object] = {
        "resource_name": "exotel-live",
        "environment": "live",
        "region": "india",
        "status": "Published",
    }
    declaration.update(overrides)
    return declaration


@pytest.fixture
def two_portals(deployment: Deployment, live_emulator: RunningEmulator) -> Deployment:
    deployment.live_portal_url = live_emulator.url
    return deployment


def test_promotion_waits_for_review_then_carries_the_connector_to_live(
    two_portals: Deployment,
    portal: Portal,
    live_portal: Portal,
    live_emulator: RunningEmulator,
) -> None:
    staging = connector(
        "exotel", status="In Review", help_url="https://help.example.com/exotel"
    )
    two_portals.connectors = [staging]
    two_portals.up()
    staging_id = two_portals.id_of("exotel")

    # Not reviewed yet: refused at preview, and nothing is written to live.
    two_portals.connectors = [staging, live_twin(promote_from=staging_id)]
    with pytest.raises(auto.CommandError) as refused:
        two_portals.preview()
    assert "promoteFrom" in str(refused.value)
    assert "waits until LeadSquared's review has made it Live" in str(refused.value)
    assert not set(WRITES) & set(live_emulator.stats()["Operations"])

    portal.review(staging_id, "Live")
    preview = two_portals.preview()
    assert "will carry over" in preview.stdout and "helpUrl" in preview.stdout

    two_portals.up()
    live_id = two_portals.id_of("exotel-live")
    live = live_portal.get(live_id)
    assert live["Name"] == "Conn exotel"
    assert live["Status"] == "Published"
    assert live["HelpUrl"] == "https://help.example.com/exotel"
    assert "api-in21.leadsquared.com" in live["ConfigurationUrl"]
    assert "lsq-staging" not in str(live)
    assert "Connector.Import" in live_emulator.stats()["Operations"]
    two_portals.preview(expect_no_changes=True)

    # Later staging edits do not reach the live connector.
    live_emulator.reset_stats()
    two_portals.connectors = [
        connector("exotel", status="In Review", description="Staging moves on."),
        live_twin(promote_from=staging_id),
    ]
    two_portals.up()
    assert live_portal.get(live_id)["Description"] == live["Description"]
    assert not set(WRITES) & set(live_emulator.stats()["Operations"])
    two_portals.preview(expect_no_changes=True)


def test_a_live_declaration_overrides_what_promotion_carries(
    two_portals: Deployment, portal: Portal, live_portal: Portal
) -> None:
    two_portals.connectors = [connector("exotel", status="In Review")]
    two_portals.up()
    staging_id = two_portals.id_of("exotel")
    portal.review(staging_id, "Live")

    two_portals.connectors.append(
        live_twin(
            promote_from=staging_id,
            description="Exotel for live accounts.",
            status="In Review",
        )
    )
    two_portals.up()

    live = live_portal.get(two_portals.id_of("exotel-live"))
    assert live["Description"] == "Exotel for live accounts."
    assert live["Status"] == "In Review"
    two_portals.preview(expect_no_changes=True)


def test_live_keys_cannot_act_on_the_staging_portal(
    deployment: Deployment, portal: Portal
) -> None:
    deployment.config = {
        "leadsquared:stagingAccessKey": LIVE_ACCESS_KEY,
        "leadsquared:stagingSecretKey": LIVE_SECRET_KEY,
    }
    deployment.connectors = [connector("a")]

    with pytest.raises(auto.CommandError) as refused:
        deployment.up()

    assert "MXUnAuthorizedException" in str(refused.value)
    assert "Conn a" in str(refused.value)
    assert portal.all() == []


def test_staging_keys_cannot_act_on_the_live_portal(
    two_portals: Deployment, live_portal: Portal
) -> None:
    two_portals.config = {
        "leadsquared:liveAccessKey": ACCESS_KEY,
        "leadsquared:liveSecretKey": SECRET_KEY,
    }
    two_portals.connectors = [
        connector(
            "a",
            environment="live",
            configuration_url="https://connectors.example.com/a?api=https://api-in21.leadsquared.com/v2/",
        )
    ]

    with pytest.raises(auto.CommandError) as refused:
        two_portals.up()

    assert "MXUnAuthorizedException" in str(refused.value)
    assert live_portal.all() == []


def test_no_key_of_either_portal_reaches_state_or_output(
    two_portals: Deployment,
    portal: Portal,
    capsys: pytest.CaptureFixture[str],
) -> None:
    two_portals.connectors = [connector("exotel", status="In Review")]
    two_portals.up()
    portal.review(two_portals.id_of("exotel"), "Live")
    two_portals.connectors.append(live_twin(promote_from=two_portals.id_of("exotel")))
    two_portals.up()
    two_portals.refresh()

    state = two_portals.state_files()
    printed = capsys.readouterr().out
    assert "promoted staging connector 'Conn exotel'" in printed
    for key in (ACCESS_KEY, SECRET_KEY, LIVE_ACCESS_KEY, LIVE_SECRET_KEY):
        assert key not in state
        assert key not in printed
