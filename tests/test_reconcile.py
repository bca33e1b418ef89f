"""What must happen to make the portal match a declaration, or why it cannot."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_leadsquared._models import ConnectorSpec, PortalConnector
from pulumi_leadsquared._reconcile import Plan, ReconcileError, reconcile
from pulumi_leadsquared._status import Status

CONTENT = {
    "name": "Exotel Calls",
    "description": "Click to call leads from LeadSquared through Exotel.",
    "category": "Telephony",
    "version": "v1.0",
    "configuration_url": "https://connector.example.com/configure",
}


def declared(status: str = "Draft", **changes: Any) -> ConnectorSpec:
    """The connector as a Pulumi program declares it."""
    return ConnectorSpec.model_validate({**CONTENT, "status": status, **changes})


def on_portal(status: str, **changes: Any) -> PortalConnector:
    """The connector as the portal holds it, with the same content unless changed."""
    return PortalConnector.model_validate(
        {
            **CONTENT,
            "id": "8f3c0a",
            "status": status,
            "installations": 3,
            "created_on": "2024-05-01 09:30:00",
            "modified_on": "2024-05-02 10:00:00",
            **changes,
        }
    )


@pytest.mark.parametrize(
    ("status", "steps"),
    [
        ("Draft", ()),
        ("Published", (Status.PUBLISHED,)),
        ("In Review", (Status.PUBLISHED, Status.IN_REVIEW)),
    ],
)
def test_an_absent_connector_is_created_then_taken_to_its_status(
    status: str, steps: tuple[Status, ...]
) -> None:
    plan = reconcile(declared(status), None)

    assert plan == Plan(create=True, status_steps=steps)


def test_a_created_connector_s_plan_reads_in_the_user_s_words() -> None:
    plan = reconcile(declared("In Review"), None)

    assert plan.describe() == [
        "create",
        "set status to Published",
        "set status to In Review",
    ]


@pytest.mark.parametrize("status", ["Draft", "Published", "In Review"])
def test_a_matching_connector_needs_nothing(status: str) -> None:
    plan = reconcile(declared(status), on_portal(status))

    assert plan == Plan()
    assert plan.empty
    assert plan.describe() == []


def test_a_content_change_names_the_field() -> None:
    plan = reconcile(declared(), on_portal("Draft", description="Old words."))

    assert plan == Plan(content_changes=("description",))
    assert plan.describe() == ["update description"]


def test_a_content_change_is_described_by_its_property_name() -> None:
    portal = on_portal("Draft", configuration_url="https://old.example.com/configure")

    plan = reconcile(declared(), portal)

    assert plan.describe() == ["update configurationUrl"]


def test_a_content_change_and_a_status_step_go_together() -> None:
    plan = reconcile(declared("Published"), on_portal("Draft", version="v0.9"))

    assert plan == Plan(content_changes=("version",), status_steps=(Status.PUBLISHED,))


@pytest.mark.parametrize("desired", ["Published", "In Review"])
def test_a_live_connector_needs_no_status_step(desired: str) -> None:
    plan = reconcile(declared(desired), on_portal("Live"))

    assert plan.empty


def test_a_live_connector_s_content_can_still_change() -> None:
    plan = reconcile(declared("Published"), on_portal("Live", description="Old."))

    assert plan == Plan(content_changes=("description",))


def test_declaring_draft_unpublishes_a_published_connector() -> None:
    plan = reconcile(declared("Draft"), on_portal("Published"))

    assert plan == Plan(status_steps=(Status.DRAFT,))


def test_a_connector_in_review_cannot_have_its_content_changed() -> None:
    portal = on_portal("In Review", configuration_url="https://old.example.com/c")

    with pytest.raises(ReconcileError) as caught:
        reconcile(declared("In Review"), portal)

    message = str(caught.value)
    assert "connector 'Exotel Calls' (id 8f3c0a) is In Review" in message
    assert "configurationUrl cannot change now" in message
    assert "Keep the portal's values in the program" in message


def test_a_connector_in_review_cannot_be_taken_back_to_draft() -> None:
    with pytest.raises(ReconcileError) as caught:
        reconcile(declared("Draft"), on_portal("In Review"))

    message = str(caught.value)
    assert "connector 'Exotel Calls' (id 8f3c0a)" in message
    assert "only LeadSquared's review can" in message


@pytest.mark.parametrize("desired", ["Draft", "Published", "In Review"])
def test_a_hidden_connector_cannot_be_reconciled(desired: str) -> None:
    with pytest.raises(ReconcileError) as caught:
        reconcile(declared(desired), on_portal("Hidden"))

    message = str(caught.value)
    assert "connector 'Exotel Calls' (id 8f3c0a)" in message
    assert "LeadSquared has hidden this connector" in message
    assert "only LeadSquared can restore it" in message
