"""Run the emulator as a real server process, for tests and benchmarks.

`start_emulator` launches it on a free loopback port and waits until it answers;
use the result as a context manager so the process always stops:

    with start_emulator(tmp_path / "portal.db") as portal:
        httpx.get(f"{portal.url}/v2/Connector.svc/Categories.Get", headers=...)
        assert portal.stats()["Operations"]["Categories.Get"] == 1
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from ._settings import DEMO_ACCOUNT, DEMO_ADMIN_KEY, Account, Faults

__all__ = [
    "EmulatorDidNotStart",
    "RunningEmulator",
    "free_port",
    "start_emulator",
]

STARTUP_SECONDS = 30.0
STOP_SECONDS = 10.0
_PORT_ATTEMPTS = 3


class EmulatorDidNotStart(RuntimeError):
    """The emulator process exited or did not answer its health check in time."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on `host` that nothing listens on at the moment of asking."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class RunningEmulator:
    """An emulator process serving on loopback; stop it, or use it as a context."""

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        url: str,
        data_file: Path,
        log_file: Path,
        accounts: tuple[Account, ...],
        admin_key: str,
    ) -> None:
        self.process = process
        self.url = url
        self.data_file = data_file
        self.log_file = log_file
        self.accounts = accounts
        self.admin_key = admin_key

    @property
    def account(self) -> Account:
        """The first account, the one most tests act as."""
        return self.accounts[0]

    def client(self, account: Account | None = None) -> httpx.Client:
        """An HTTP client for the /v2/ API that acts as `account` (the first one)."""
        account = account or self.account
        return httpx.Client(
            base_url=f"{self.url}/v2/",
            headers={
                "x-LSQ-AccessKey": account.access_key,
                "x-LSQ-SecretKey": account.secret_key,
            },
            timeout=10,
        )

    def stats(self) -> dict[str, Any]:
        """The emulator's call counts (GET /_emulator/stats)."""
        response = httpx.get(f"{self.url}/_emulator/stats", timeout=10)
        response.raise_for_status()
        stats: dict[str, Any] = response.json()
        return stats

    def reset_stats(self) -> None:
        """Zero the call counts."""
        httpx.post(f"{self.url}/_emulator/stats/reset", timeout=10).raise_for_status()

    def log_tail(self, lines: int = 30) -> str:
        """The last lines the process wrote to its log."""
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the process: ask it to end, and kill it if it does not in time."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_emulator(
    data_file: Path | str,
    port: int | None = None,
    accounts: Sequence[Account] = (DEMO_ACCOUNT,),
    admin_key: str = DEMO_ADMIN_KEY,
    rate_limit: int = 25,
    rate_window: int = 5,
    faults: Faults | None = None,
    log_file: Path | str | None = None,
    startup_seconds: float = STARTUP_SECONDS,
) -> RunningEmulator:
    """Start `python -m lsq_emulator` on a loopback port and wait until it answers.

    With no `port`, a free one is picked (and picked again if another process
    takes it first). The process's output goes to `log_file`, by default beside
    the data file; `EmulatorDidNotStart` carries its last lines.
    """
    data_file = Path(data_file)
    log_path = Path(log_file) if log_file else data_file.with_suffix(".log")
    attempt = 1
    while True:
        chosen = port if port is not None else free_port()
        argv = _argv(data_file, chosen, rate_limit, rate_window, faults)
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_environment(accounts, admin_key),
            )
        emulator = RunningEmulator(
            process,
            f"http://127.0.0.1:{chosen}",
            data_file,
            log_path,
            tuple(accounts),
            admin_key,
        )
        try:
            _wait_until_healthy(emulator, startup_seconds)
        except EmulatorDidNotStart:
            emulator.stop()
            port_was_taken = "already in use" in emulator.log_tail()
            if port is not None or attempt == _PORT_ATTEMPTS or not port_was_taken:
                raise
            attempt += 1
        else:
            return emulator


def _argv(
    data_file: Path,
    port: int,
    rate_limit: int,
    rate_window: int,
    faults: Faults | None,
) -> list[str]:
    faults = faults or Faults()
    argv = [
        sys.executable,
        "-m",
        "lsq_emulator",
        "--host=127.0.0.1",
        f"--port={port}",
        f"--data-file={data_file}",
        f"--rate-limit={rate_limit}",
        f"--rate-window={rate_window}",
        f"--fault-500={faults.error_500}",
        f"--fault-429={faults.error_429}",
        f"--fault-throttle-200={faults.throttle_200}",
        f"--fault-latency-ms={faults.latency_ms}",
        f"--fault-drop={faults.drop}",
        f"--fault-lost-response={faults.lost_response}",
    ]
    if faults.seed is not None:
        argv.append(f"--fault-seed={faults.seed}")
    return argv


def _environment(accounts: Sequence[Account], admin_key: str) -> dict[str, str]:
    """The caller's environment less its LSQ_EMULATOR_* settings, plus the keys.

    Keys travel in the environment rather than on the command line, which any
    user of the machine can list.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LSQ_EMULATOR_")
    }
    environment["LSQ_EMULATOR_ACCOUNT"] = ",".join(
        f"{a.name}:{a.access_key}:{a.secret_key}" for a in accounts
    )
    environment["LSQ_EMULATOR_ADMIN_KEY"] = admin_key
    return environment


def _wait_until_healthy(emulator: RunningEmulator, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if emulator.process.poll() is not None:
            raise EmulatorDidNotStart(
                f"the emulator exited with code {emulator.process.returncode}; "
                f"its log ({emulator.log_file}) ends:\n{emulator.log_tail()}"
            )
        try:
            response = httpx.get(f"{emulator.url}/_emulator/health", timeout=1)
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise EmulatorDidNotStart(
        f"the emulator did not answer at {emulator.url} within {seconds:.0f} s; "
        f"its log ({emulator.log_file}) ends:\n{emulator.log_tail()}"
    )
