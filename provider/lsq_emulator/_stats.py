"""Counts of the API calls the emulator answered, for tests and benchmarks."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from typing import Any

from ._operations import Operation

KEPT_REQUESTS = 20_000


@dataclass
class Call:
    """One request that reached an operation, filled in as it is answered.

    `code` stays None when the connection was closed without an answer; `fault`
    names the fault injected into the call, if any.
    """

    operation: Operation
    connector_id: str | None = None
    account: str | None = None
    code: int | None = None
    fault: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "Operation": self.operation.name,
            "Id": self.connector_id,
            "Code": self.code,
            "Account": self.account,
            "Fault": self.fault,
        }


class Stats:
    """Calls per operation since the last reset, and the most recent calls in order."""

    def __init__(self) -> None:
        self._operations: Counter[str] = Counter()
        self._calls: deque[Call] = deque(maxlen=KEPT_REQUESTS)

    def record(self, call: Call) -> None:
        self._operations[call.operation.name] += 1
        self._calls.append(call)

    def reset(self) -> None:
        self._operations.clear()
        self._calls.clear()

    def as_json(self) -> dict[str, Any]:
        return {
            "Operations": dict(self._operations),
            "Requests": [call.as_json() for call in self._calls],
        }
