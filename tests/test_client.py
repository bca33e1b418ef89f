"""The portal client against a real emulator on loopback.

Wire format, error mapping, retries, idempotent writes and the rate limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e import ACCESS_KEY, ADMIN_KEY, SECRET_KEY
from lsq_emulator import Account, Faults
from lsq_emulator.testing import RunningEmulator, start_emulator
from pulumi_leadsquared import (
    AuthenticationFailed,
    ConnectorLocked,
    DeleteNotAllowed,
    DuplicateConnector,
    InvalidStatusTransition,
    RateLimited,
    Status,
)
from pulumi_leadsquared._client import PortalClient, PortalSettings
from pulumi_leadsquared._models import ConnectorContent

ACCOUNT = Account("e2e", ACCESS_KEY, SECRET_KEY)


def content(name: str = "Exotel Calls", **changes: Any) -> ConnectorContent:
    return ConnectorContent.model_validate(
        {
            "name": name,
            "description": "Click to call.",
            "category": "Telephony",
            "configurationUrl": "https://connectors.example.com/config",
            "actions": [
                {
                    "label": "Call",
                    "type": "Popup",
                    "callbackUrl": "https://connectors.example.com/call",
                    "restrictedRoles": ["Sales User"],
                }
            ],
            **changes,
        }
    )


def client_for(emulator: RunningEmulator, **settings: Any) -> PortalClient:
    options: dict[str, Any] = {"rate_limit": 1000, "max_attempts": 6, **settings}
    return PortalClient(PortalSettings(emulator.url, ACCESS_KEY, SECRET_KEY, **options))


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[RunningEmulator]:
    with start_emulator(
        tmp_path / "portal.db", accounts=[ACCOUNT], admin_key=ADMIN_KEY, rate_limit=1000
    ) as running:
        yield running


def faulty(tmp_path: Path, faults: Faults, **options: Any) -> RunningEmulator:
    return start_emulator(
        tmp_path / "faulty.db", accounts=[ACCOUNT], faults=faults, **options
    )


def calls(emulator: RunningEmulator, operation: str) -> int:
    return int(emulator.stats()["Operations"].get(operation, 0))


def test_round_trip_of_every_field(emulator: RunningEmulator) -> None:
    client = client_for(emulator)
    created = client.create(
        content(helpUrl="https://help.example.com", features=["Calls", "Logs"])
    )

    fetched = client.get(created.id)

    assert fetched is not None
    assert fetched.content() == content(
        helpUrl="https://help.example.com", features=["Calls", "Logs"]
    )
    assert fetched.status == Status.DRAFT
    assert fetched.version == "v1.0"
    assert fetched.created_on


def test_list_all_reads_every_page(emulator: RunningEmulator) -> None:
    client = client_for(emulator)
    for i in range(7):
        client.create(content(f"Conn {i}"))

    names = [c.name for c in client.list_all(page_size=3)]

    assert sorted(names) == [f"Conn {i}" for i in range(7)]
    assert calls(emulator, "Connectors.Get") == 3


def test_portal_errors_map_to_the_hierarchy_and_keep_the_exception_type(
    emulator: RunningEmulator,
) -> None:
    client = client_for(emulator)
    first = client.create(content())

    with pytest.raises(DuplicateConnector) as duplicate:
        client.create(content())
    assert duplicate.value.exception_type == "MXDuplicateEntryException"
    assert first.id in str(duplicate.value)

    with pytest.raises(InvalidStatusTransition):
        client.change_status(first.id, Status.IN_REVIEW)

    client.change_status(first.id, Status.PUBLISHED)
    client.change_status(first.id, Status.IN_REVIEW)
    with pytest.raises(ConnectorLocked):
        client.update(first.id, content(description="New."))
    with pytest.raises(DeleteNotAllowed):
        client.delete(first.id)

    assert client.get("no-such-id") is None


def test_wrong_keys_fail_at_once_without_retries(emulator: RunningEmulator) -> None:
    client = PortalClient(PortalSettings(emulator.url, ACCESS_KEY, "wrong-secret"))

    with pytest.raises(AuthenticationFailed):
        client.get("any")

    assert calls(emulator, "Connector.GetById") == 1


def test_a_retried_create_whose_response_was_lost_finds_the_stored_connector(
    tmp_path: Path,
) -> None:
    with faulty(tmp_path, Faults(lost_response=1.0), rate_limit=1000) as emulator:
        client = client_for(emulator)

        created = client.create(content())

        listed = list(client.list_all())
    assert [c.id for c in listed] == [created.id]


def test_retried_status_changes_and_deletes_whose_responses_were_lost_count_as_done(
    tmp_path: Path,
) -> None:
    with faulty(tmp_path, Faults(lost_response=1.0), rate_limit=1000) as emulator:
        client = client_for(emulator)
        created = client.create(content())

        published = client.change_status(created.id, Status.PUBLISHED)
        assert published.status == Status.PUBLISHED

        client.change_status(created.id, Status.DRAFT)
        client.delete(created.id)
        assert client.get(created.id) is None


def test_throttling_in_every_shape_is_retried_within_the_bound(
    tmp_path: Path,
) -> None:
    with faulty(tmp_path, Faults(throttle_200=1.0), rate_limit=1000) as emulator:
        client = client_for(emulator, max_attempts=3)

        with pytest.raises(RateLimited):
            client.get("any")

        assert calls(emulator, "Connector.GetById") == 3


def test_the_client_stays_under_the_portal_rate_limit(tmp_path: Path) -> None:
    with start_emulator(
        tmp_path / "tight.db", accounts=[ACCOUNT], rate_limit=5, rate_window=1
    ) as emulator:
        client = client_for(emulator, rate_limit=5, rate_window=1)

        for _ in range(12):
            client.categories()

        codes = [call["Code"] for call in emulator.stats()["Requests"]]
    assert codes == [200] * 12
