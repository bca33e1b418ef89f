"""The API's front door: every /v2/ call passes here before it reaches a route.

In order, it finds the operation (404 if none), notes who is calling, reads the
body (413 if too large), adds latency, injects faults, refuses unknown keys (401)
and callers over their rate limit (429), then hands the call to the routes and
counts it. Paths outside /v2/ pass straight through, so the emulator's own
endpoints are never faulted, limited or counted.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._auth import Keyring
from ._errors import (
    InvalidAPISignature,
    PortalError,
    RateLimitExceeded,
    RequestTooLarge,
    Unauthorized,
)
from ._faults import Fault, FaultPlan, drop_connection, fault_response
from ._operations import OPERATIONS
from ._ratelimit import RateLimits
from ._stats import Call, Stats

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
# A client that sends an oversized body expects to finish sending before it
# reads the 413; bodies up to this size are read and discarded so it can.
DRAINED_BODY_BYTES = 16 * 1024 * 1024
CALL_SCOPE_KEY = "lsq.call"
REVIEWER = "(reviewer)"


class ClientGone(Exception):
    """The client disconnected before its request body arrived."""


class Gateway:
    """Wraps the routes with operation lookup, limits, faults, auth and counting."""

    def __init__(
        self,
        app: ASGIApp,
        keyring: Keyring,
        rate_limits: RateLimits,
        faults: FaultPlan,
        stats: Stats,
    ) -> None:
        self.app = app
        self.keyring = keyring
        self.rate_limits = rate_limits
        self.faults = faults
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v2/"):
            await self.app(scope, receive, send)
            return

        operation = OPERATIONS.get(scope["path"])
        if operation is None or operation.method != scope["method"]:
            refusal = InvalidAPISignature(
                f"No operation answers {scope['method']} {scope['path']}"
            )
            await refusal.response()(scope, receive, send)
            return

        query = QueryParams(scope["query_string"])
        call = Call(operation, connector_id=query.get("id") or None)
        try:
            await self._answer(call, scope, receive, send)
        except ClientGone:
            log.debug("client left before sending its %s request", operation.name)
        finally:
            self.stats.record(call)
            log.debug(
                "%s answered %s for account %s (fault: %s)",
                operation.name,
                call.code or "nothing",
                call.account or "unknown",
                call.fault or "none",
            )

    async def _answer(
        self, call: Call, scope: Scope, receive: Receive, send: Send
    ) -> None:
        headers = Headers(scope=scope)
        query = QueryParams(scope["query_string"])

        async def recorded(message: Message) -> None:
            if message["type"] == "http.response.start":
                call.code = message["status"]
            await send(message)

        async def refuse(error: PortalError) -> None:
            await error.response()(scope, receive, recorded)

        bucket = self._identify(call, headers, query)
        try:
            body = await _read_body(receive, headers)
        except RequestTooLarge as error:
            await refuse(error)
            return

        if self.faults.latency_seconds:
            await asyncio.sleep(self.faults.latency_seconds)

        fault = self.faults.before_call()
        if fault is not None:
            call.fault = fault.value
            log.info("injected fault '%s' into %s", fault.value, call.operation.name)
            if fault is Fault.DROP:
                await drop_connection(send)
            else:
                await fault_response(fault)(scope, receive, recorded)
            return

        if bucket is None:
            keys = (
                "The x-LSQ-AdminKey header"
                if call.operation.reviewer
                else "The access key or secret key"
            )
            await refuse(Unauthorized(f"{keys} is missing or wrong"))
            return

        if not self.rate_limits.allow(*bucket):
            await refuse(
                RateLimitExceeded(
                    f"API rate limit exceeded: at most {self.rate_limits.describe()}"
                )
            )
            return

        scope[CALL_SCOPE_KEY] = call
        replayed = _replaying(body, receive)
        if not self.faults.loses_response(call.operation):
            await self.app(scope, replayed, recorded)
            return

        # Only a write that was stored loses its answer; a refused one (a
        # duplicate name, say) is answered as usual.
        stored = False

        async def lost(message: Message) -> None:
            nonlocal stored
            if message["type"] == "http.response.start":
                stored = 200 <= message["status"] < 300
                if not stored:
                    await recorded(message)
                    return
                call.fault = Fault.LOST_RESPONSE.value
                await drop_connection(send)
            elif not stored:
                await send(message)

        await self.app(scope, replayed, lost)
        if stored:
            log.info("injected fault 'lost-response' into %s", call.operation.name)

    def _identify(
        self, call: Call, headers: Headers, query: QueryParams
    ) -> tuple[str, ...] | None:
        """Note the caller on the call; its rate-limit bucket, or None if unknown."""
        if call.operation.reviewer:
            if not self.keyring.is_reviewer(headers):
                return None
            call.account = REVIEWER
            return ("reviewer",)
        account = self.keyring.developer(headers, query)
        if account is None:
            return None
        call.account = account.name
        return ("developer", account.access_key)


async def _read_body(receive: Receive, headers: Headers) -> bytes:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > DRAINED_BODY_BYTES:
        raise RequestTooLarge(_too_large(int(declared)))

    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= MAX_BODY_BYTES:
            chunks.append(chunk)
        elif size > DRAINED_BODY_BYTES:
            break
        more = message.get("more_body", False)
    if size > MAX_BODY_BYTES:
        raise RequestTooLarge(_too_large(size))
    return b"".join(chunks)


def _too_large(size: int) -> str:
    return (
        f"The request body is at least {size} bytes; the portal accepts at most "
        f"{MAX_BODY_BYTES} bytes (256 KB)"
    )


def _replaying(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
