"""Injected faults: the ways a real portal and network fail, on demand and seeded."""

from __future__ import annotations

import asyncio
import enum
import random

from starlette.responses import Response
from starlette.types import Send

from ._errors import InternalServerError, RateLimitExceeded
from ._operations import Operation
from ._settings import Faults


class Fault(enum.StrEnum):
    """A fault injected into one call; its value is how the stats name it."""

    ERROR_500 = "500"
    ERROR_429 = "429"
    THROTTLE_200 = "throttle-200"
    DROP = "drop"
    LOST_RESPONSE = "lost-response"


class FaultPlan:
    """Draws which fault each call gets; the same seed gives the same draws."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._random = random.Random(faults.seed)

    @property
    def latency_seconds(self) -> float:
        return self.faults.latency_ms / 1000

    def before_call(self) -> Fault | None:
        """The fault that replaces the call's answer, if one is drawn."""
        draws = (
            (Fault.DROP, self.faults.drop),
            (Fault.ERROR_500, self.faults.error_500),
            (Fault.ERROR_429, self.faults.error_429),
            (Fault.THROTTLE_200, self.faults.throttle_200),
        )
        return next((fault for fault, rate in draws if self._draw(rate)), None)

    def loses_response(self, operation: Operation) -> bool:
        """Whether a write's answer is lost after the write is stored."""
        return operation.writes and self._draw(self.faults.lost_response)

    def _draw(self, rate: float) -> bool:
        return rate > 0 and self._random.random() < rate


def fault_response(fault: Fault) -> Response:
    """The answer a server-side fault gives in place of the operation's."""
    if fault is Fault.ERROR_500:
        return InternalServerError("Injected fault: internal server error").response()
    if fault is Fault.ERROR_429:
        return RateLimitExceeded("Injected fault: API rate limit exceeded").response()
    return RateLimitExceeded("Injected fault: API rate limit exceeded").response(200)


async def drop_connection(send: Send) -> None:
    """Close the client's connection at once, without an answer.

    ASGI has no message for this, so it reaches for the transport of uvicorn's
    request cycle, whose bound `send` the outermost app receives. Under another
    server it falls back to starting an answer and never finishing it, which a
    client also sees as a broken connection.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    abort = getattr(transport, "abort", None)
    if callable(abort):
        abort()
        # Let the server see the connection lost before the app returns, so it
        # does not try to answer on it.
        for _ in range(3):
            await asyncio.sleep(0)
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", b"1")],
        }
    )
