"""What an emulator run is configured with: accounts, limits, faults and storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Account:
    """A portal account and the API keys that act as it."""

    name: str
    access_key: str = field(repr=False)
    secret_key: str = field(repr=False)


DEMO_ACCOUNT = Account("demo", "demo-access-key", "demo-secret-key")
DEMO_ADMIN_KEY = "demo-admin-key"


@dataclass(frozen=True)
class Faults:
    """How often the emulator misbehaves on purpose; every rate is 0.0 to 1.0.

    A throttle-200 answers HTTP 200 with a rate-limit error body. A drop closes
    the connection without an answer; a lost response does so only after a write
    has been stored.
    """

    error_500: float = 0.0
    error_429: float = 0.0
    throttle_200: float = 0.0
    latency_ms: int = 0
    drop: float = 0.0
    lost_response: float = 0.0
    seed: int | None = None

    def describe(self) -> str:
        """The faults that are on, in words, for the start-up log."""
        rates = {
            "HTTP 500": self.error_500,
            "HTTP 429": self.error_429,
            "throttled HTTP 200": self.throttle_200,
            "dropped connection": self.drop,
            "lost write response": self.lost_response,
        }
        parts = [f"{name} {rate:.0%}" for name, rate in rates.items() if rate > 0]
        if self.latency_ms:
            parts.append(f"{self.latency_ms} ms added latency")
        return ", ".join(parts) or "none"


@dataclass(frozen=True)
class Settings:
    """Everything one emulator process runs with."""

    data_file: Path = Path("lsq-emulator.db")
    accounts: tuple[Account, ...] = (DEMO_ACCOUNT,)
    admin_key: str = field(default=DEMO_ADMIN_KEY, repr=False)
    rate_limit: int = 25
    rate_window: int = 5
    faults: Faults = field(default_factory=Faults)
