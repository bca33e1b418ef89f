"""Under throttling and faults, `pulumi up` converges and loses nothing.

The emulator injects every kind of fault it knows (server errors, 429s, rate-limit
bodies with HTTP 200, dropped connections, writes stored but their responses
lost, latency) under a tight rate limit, while the real CLI deploys many
connectors at once.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from pulumi import automation as auto

from e2e import ACCESS_KEY, ADMIN_KEY, SECRET_KEY, Deployment, Portal, connector
from lsq_emulator import Account, Faults
from lsq_emulator.testing import start_emulator

pytestmark = pytest.mark.e2e

FAULTS = Faults(
    error_500=0.06,
    error_429=0.04,
    throttle_200=0.04,
    drop=0.04,
    lost_response=0.08,
    latency_ms=5,
    seed=20261203,
)
CONNECTORS = 30


def test_a_large_up_under_faults_and_a_tight_rate_limit_converges_exactly(
    tmp_path: Path, pulumi_cli_path: str
) -> None:
    with start_emulator(
        tmp_path / "portal.db",
        accounts=[Account("e2e", ACCESS_KEY, SECRET_KEY)],
        admin_key=ADMIN_KEY,
        rate_limit=20,
        rate_window=2,
        faults=FAULTS,
    ) as emulator:
        deployment = Deployment(
            work_dir=tmp_path / "stack",
            portal_url=emulator.url,
            config={"leadsquared:rateLimit": "20", "leadsquared:rateWindow": "2"},
        )
        deployment.connectors = [
            connector(f"c{i:02}", status=("Draft", "Published", "In Review")[i % 3])
            for i in range(CONNECTORS)
        ]

        deployment.up()
        deployment.preview(expect_no_changes=True)
        stats = emulator.stats()

    # The test reads the result from the same data, with the faults switched off.
    with start_emulator(
        tmp_path / "portal.db", accounts=[Account("e2e", ACCESS_KEY, SECRET_KEY)]
    ) as calm:
        on_portal = Portal(calm.url).all()

    names = Counter(c["Name"] for c in on_portal)
    assert names == Counter(f"Conn c{i:02}" for i in range(CONNECTORS))
    state_ids = {deployment.id_of(f"c{i:02}") for i in range(CONNECTORS)}
    assert state_ids == {c["Id"] for c in on_portal}
    by_status = Counter(c["Status"] for c in on_portal)
    assert by_status == {"Draft": 10, "Published": 10, "In Review": 10}

    faulted = Counter(call["Fault"] for call in stats["Requests"] if call["Fault"])
    # Every kind of fault was met, and absorbed by retries.
    assert set(faulted) == {"500", "429", "throttle-200", "drop", "lost-response"}
    print(f"faulted calls retried: {sum(faulted.values())} {dict(faulted)}")


def test_when_the_portal_stays_down_up_fails_within_the_bound_then_converges(
    tmp_path: Path, pulumi_cli_path: str
) -> None:
    account = Account("e2e", ACCESS_KEY, SECRET_KEY)
    emulator = start_emulator(
        tmp_path / "portal.db", accounts=[account], rate_limit=1000
    )
    port = int(emulator.url.rsplit(":", 1)[1])
    deployment = Deployment(
        work_dir=tmp_path / "stack",
        portal_url=emulator.url,
        config={"leadsquared:maxAttempts": "4", "leadsquared:maxRetrySeconds": "10"},
    )
    deployment.connectors = [connector("a")]
    deployment.up()
    emulator.stop()

    deployment.connectors = [connector("a", status="Published")]
    started = time.monotonic()
    with pytest.raises(auto.CommandError) as failed:
        deployment.up()
    elapsed = time.monotonic() - started

    message = str(failed.value)
    assert "connector 'Conn a'" in message
    assert "PortalUnavailable" in message or "ConnectError" in message
    assert elapsed < 60, f"the failure took {elapsed:.0f}s, beyond the retry bound"

    with start_emulator(
        tmp_path / "portal.db", port=port, accounts=[account], rate_limit=1000
    ) as back:
        deployment.up()
        deployment.preview(expect_no_changes=True)
        assert [c["Status"] for c in Portal(back.url).all()] == ["Published"]
