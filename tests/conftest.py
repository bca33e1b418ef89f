"""Fixtures: a portal emulator on a free loopback port, and a Pulumi stack on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e import (
    ACCESS_KEY,
    ADMIN_KEY,
    LIVE_ACCESS_KEY,
    LIVE_SECRET_KEY,
    SECRET_KEY,
    Deployment,
    Portal,
    pulumi_cli,
)
from lsq_emulator import Account
from lsq_emulator.testing import RunningEmulator, start_emulator


@pytest.fixture(scope="session")
def pulumi_cli_path() -> str:
    """The Pulumi CLI. Without it the end-to-end tests fail; they never skip."""
    cli = pulumi_cli()
    if cli is None:
        pytest.fail("the Pulumi CLI is missing: run `make setup` to build it")
    return cli


def _portal_emulator(tmp_path: Path, name: str, account: Account) -> RunningEmulator:
    """An emulator with one developer account and a generous rate limit."""
    return start_emulator(
        tmp_path / f"{name}.db",
        accounts=[account],
        admin_key=ADMIN_KEY,
        rate_limit=1000,
        log_file=tmp_path / f"{name}.log",
    )


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[RunningEmulator]:
    """A fresh emulator standing in for the staging portal."""
    with _portal_emulator(
        tmp_path, "portal", Account("e2e", ACCESS_KEY, SECRET_KEY)
    ) as running:
        yield running


@pytest.fixture
def portal(emulator: RunningEmulator) -> Portal:
    return Portal(emulator.url)


@pytest.fixture
def deployment(
    tmp_path: Path, emulator: RunningEmulator, pulumi_cli_path: str
) -> Deployment:
    return Deployment(work_dir=tmp_path / "stack", portal_url=emulator.url)


@pytest.fixture
def live_emulator(tmp_path: Path) -> Iterator[RunningEmulator]:
    """A second emulator standing in for the live portal, with its own keys."""
    live = Account("e2e-live", LIVE_ACCESS_KEY, LIVE_SECRET_KEY)
    with _portal_emulator(tmp_path, "live-portal", live) as running:
        yield running


@pytest.fixture
def live_portal(live_emulator: RunningEmulator) -> Portal:
    return Portal(live_emulator.url, LIVE_ACCESS_KEY, LIVE_SECRET_KEY)
