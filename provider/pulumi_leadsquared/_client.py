"""The portal's management API over HTTP. The only module that knows the wire format.

Every call goes through one rate limiter per portal account, shared by all the
threads of the process, so a large `pulumi up` stays under the portal's limit
instead of running into it. Throttling, server errors, timeouts and dropped
connections are retried with exponential backoff and jitter, within a bound on
attempts and on total time; validation and authentication errors are not.

Writes are safe to retry. If a create's response is lost after the portal stored
the connector, the retry meets a duplicate-name error and the client returns the
connector it finds under that name. A retried status change that finds the
connector already in the target status, and a retried delete that finds it gone,
count as done.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from pydantic import ValidationError
from pydantic.alias_generators import to_pascal, to_snake
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from ._errors import (
    BY_EXCEPTION_TYPE,
    ConnectorNotFound,
    DuplicateConnector,
    InvalidStatusTransition,
    PortalError,
    PortalUnavailable,
    RateLimited,
    ResponseLost,
)
from ._models import ConnectorContent, PortalConnector
from ._status import Status

log = logging.getLogger("pulumi_leadsquared")
T = TypeVar("T")

RATE_LIMIT_EXCEPTION = "MXAPIRateLimitExceededException"
DEFAULT_PAGE_SIZE = 200


@dataclass(frozen=True)
class PortalSettings:
    """Where a portal is and how to talk to it. The keys never appear in its repr."""

    url: str
    access_key: str = field(repr=False)
    secret_key: str = field(repr=False)
    rate_limit: int = 25
    rate_window: int = 5
    max_attempts: int = 8
    max_retry_seconds: float = 120.0
    timeout: float = 30.0


class _AccountLimiter:
    """Blocks each caller until the account's window has room for one more call."""

    def __init__(self, calls: int, window: int) -> None:
        # The portal counts a call when it arrives, a little after it is sent;
        # one call of each window is left as margin so the two counts never
        # disagree at a window's edge and cost a throttled call and its backoff.
        self._item = RateLimitItemPerSecond(max(calls - 1, 1), window)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def acquire(self, key: str) -> None:
        while not self._limiter.hit(self._item, key):
            reset_at = self._limiter.get_window_stats(self._item, key).reset_time
            time.sleep(min(max(reset_at - time.time(), 0.01), 1.0))


_limiters: dict[tuple[str, str, int, int], _AccountLimiter] = {}
_limiters_lock = threading.Lock()


def _limiter_for(settings: PortalSettings) -> _AccountLimiter:
    key = (settings.url, settings.access_key, settings.rate_limit, settings.rate_window)
    with _limiters_lock:
        if key not in _limiters:
            _limiters[key] = _AccountLimiter(settings.rate_limit, settings.rate_window)
        return _limiters[key]


def _to_wire(content: ConnectorContent) -> dict[str, Any]:
    wire: dict[str, Any] = _renamed(content.model_dump(mode="json"), to_pascal)
    return wire


def _renamed(value: Any, rename: Callable[[str], str]) -> Any:
    """`value` with every object key renamed, at any depth."""
    return _mapped(value, key=rename)


def _mapped(
    value: Any,
    key: Callable[[str], str] = str,
    text: Callable[[str], str] = str,
) -> Any:
    """A JSON value with `key` applied to every object key, `text` to every string."""
    if isinstance(value, dict):
        return {key(k): _mapped(v, key, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_mapped(v, key, text) for v in value]
    if isinstance(value, str):
        return text(value)
    return value


def _record(body: Any) -> PortalConnector:
    fields = _renamed(body, to_snake)
    try:
        return PortalConnector.model_validate(fields)
    except ValidationError:
        pass
    # A record made in the portal's own UI may lie outside the limits a
    # declaration must keep; it is taken as sent, so that any difference from
    # the declaration shows as drift and the next update puts it right.
    try:
        return PortalConnector.model_construct(
            **{**fields, "status": Status(fields["status"]), "id": str(fields["id"])}
        )
    except (KeyError, TypeError, ValueError):
        raise PortalError(
            f"the portal sent a connector record this client cannot read: {body!r:.200}"
        ) from None


@dataclass(frozen=True)
class ExportDocument:
    """A connector as the portal exports it, to be imported into another portal."""

    body: dict[str, Any]

    @property
    def content(self) -> ConnectorContent:
        return ConnectorContent.model_validate(
            _renamed(self.body["Connector"], to_snake)
        )

    def rewritten(self, rewrite: Callable[[str], str]) -> ExportDocument:
        """A copy with `rewrite` applied to every text value of the connector."""
        connector = _mapped(self.body["Connector"], text=rewrite)
        return ExportDocument({**self.body, "Connector": connector})


class PortalClient:
    """A thread-safe client for one portal account."""

    def __init__(
        self, settings: PortalSettings, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = settings
        self._limiter = _limiter_for(settings)
        self._http = httpx.Client(
            base_url=settings.url.rstrip("/") + "/v2/",
            headers={
                "x-LSQ-AccessKey": settings.access_key,
                "x-LSQ-SecretKey": settings.secret_key,
            },
            timeout=settings.timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def get(self, connector_id: str) -> PortalConnector | None:
        """The connector with this id, or None if the account holds none."""
        try:
            body = self._call("GET", "Connector.svc/Connector.GetById", id=connector_id)
        except ConnectorNotFound:
            return None
        return _record(body)

    def list_page(
        self,
        page_index: int,
        page_size: int = DEFAULT_PAGE_SIZE,
        name: str | None = None,
    ) -> tuple[int, list[PortalConnector]]:
        """One page of the account's connectors and the total count."""
        query: dict[str, Any] = {
            "Paging": {"PageIndex": page_index, "PageSize": page_size}
        }
        if name is not None:
            query["Name"] = name
        body = self._call("POST", "Connector.svc/Connectors.Get", json=query)
        return int(body["RecordCount"]), [_record(r) for r in body["Connectors"]]

    def list_all(self, page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[PortalConnector]:
        """Every connector in the account, fetched page by page."""
        page_index, seen = 1, 0
        while True:
            total, records = self.list_page(page_index, page_size)
            yield from records
            seen += len(records)
            if not records or seen >= total:
                return
            page_index += 1

    def find_by_name(self, name: str) -> PortalConnector | None:
        """The account's connector with this name (names are unique per account)."""
        _, records = self.list_page(1, 10, name=name)
        wanted = name.casefold()
        return next((r for r in records if r.name.casefold() == wanted), None)

    def export(self, connector_id: str) -> ExportDocument:
        """The portal's export document for a connector."""
        body = self._call("GET", "Connector.svc/Connector.Export", id=connector_id)
        return ExportDocument(dict(body))

    def categories(self) -> list[str]:
        body = self._call("GET", "Connector.svc/Categories.Get")
        return [str(c) for c in body["Categories"]]

    def create(self, content: ConnectorContent) -> PortalConnector:
        """Create a Draft connector; a retry after a lost response finds it."""
        return self._add("Connector.svc/Connector.Create", _to_wire(content), content)

    def import_(self, document: ExportDocument) -> PortalConnector:
        """Import an export document; the connector arrives as Draft."""
        return self._add(
            "Connector.svc/Connector.Import", document.body, document.content
        )

    def _add(
        self, operation: str, body: dict[str, Any], content: ConnectorContent
    ) -> PortalConnector:
        """Add a connector, retrying safely.

        Names are unique in an account, so when a retry meets a duplicate name
        after an attempt whose answer was lost, the connector under that name is
        the one the lost attempt stored, if it holds exactly this content and is
        still Draft. Anything else is somebody else's connector, and the
        duplicate-name error stands.
        """
        answer_lost = False

        def attempt() -> PortalConnector:
            nonlocal answer_lost
            try:
                reply = self._once("POST", operation, json=body)
            except ResponseLost:
                answer_lost = True
                raise
            except DuplicateConnector:
                found = self.find_by_name(content.name) if answer_lost else None
                if (
                    found is None
                    or found.status != Status.DRAFT
                    or found.content() != content
                ):
                    raise
                log.info(
                    "connector '%s' (id %s) was stored by an attempt whose answer "
                    "was lost",
                    found.name,
                    found.id,
                )
                return found
            return _record(reply["Connector"])

        return self._retrying(attempt)

    def update(self, connector_id: str, content: ConnectorContent) -> PortalConnector:
        """Replace a connector's content."""
        body = self._call(
            "POST",
            "Connector.svc/Connector.Update",
            id=connector_id,
            json=_to_wire(content),
        )
        return _record(body["Connector"])

    def change_status(self, connector_id: str, status: Status) -> PortalConnector:
        """Move a connector to `status` by a developer transition."""
        retried = False

        def attempt() -> PortalConnector:
            nonlocal retried
            try:
                body = self._once(
                    "POST",
                    "Connector.svc/Connector.ChangeStatus",
                    id=connector_id,
                    json={"Status": status.value},
                )
            except InvalidStatusTransition:
                current = self.get(connector_id) if retried else None
                if current is None or current.status != status:
                    raise
                return current
            except ResponseLost:
                retried = True
                raise
            return _record(body["Connector"])

        return self._retrying(attempt)

    def delete(self, connector_id: str) -> None:
        """Delete a connector; one that is already gone counts as deleted."""
        try:
            self._call("POST", "Connector.svc/Connector.Delete", id=connector_id)
        except ConnectorNotFound:
            log.info("connector %s was already gone from the portal", connector_id)

    def _call(self, method: str, operation: str, **kwargs: Any) -> Any:
        return self._retrying(lambda: self._once(method, operation, **kwargs))

    def _retrying(self, attempt: Callable[[], T]) -> T:
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.max_attempts)
            | stop_after_delay(self.settings.max_retry_seconds),
            wait=wait_exponential_jitter(multiplier=0.5, max=8.0, jitter=1.0),
            retry=retry_if_exception_type(PortalUnavailable),
            before_sleep=lambda state: log.info(
                "the portal did not answer (%s); trying again",
                state.outcome.exception() if state.outcome else "no outcome",
            ),
            reraise=True,
        )
        return retrying(attempt)

    def _once(
        self,
        method: str,
        operation: str,
        *,
        id: str | None = None,
        json: Any = None,
    ) -> Any:
        self._limiter.acquire(self.settings.access_key)
        params = {"id": id} if id is not None else None
        try:
            response = self._http.request(method, operation, params=params, json=json)
        except httpx.LocalProtocolError:
            # Raised for a malformed header value, which means a malformed key:
            # its text would repeat the key, so it is not passed on.
            raise PortalError(
                f"{operation}: the request could not be sent; check the access "
                "and secret keys for stray characters"
            ) from None
        except (httpx.ReadError, httpx.ReadTimeout, httpx.RemoteProtocolError) as error:
            raise ResponseLost(
                f"{operation}: {type(error).__name__}: no answer after the request "
                "was sent"
            ) from error
        except httpx.TransportError as error:
            raise PortalUnavailable(
                f"{operation}: {type(error).__name__}: {error or 'connection failed'}"
            ) from error
        return _decode(operation, response)


def _decode(operation: str, response: httpx.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        body = None
    error_type = body.get("ExceptionType", "") if isinstance(body, dict) else ""
    is_error = isinstance(body, dict) and body.get("Status") == "Error"
    status = response.status_code
    if response.is_success and isinstance(body, dict) and not is_error:
        return body

    message = (
        str(body.get("ExceptionMessage", "")) if isinstance(body, dict) else ""
    ) or f"HTTP {status} from {operation}"
    if response.is_success and not is_error:
        message = f"{operation} answered HTTP {status} without a JSON object"
    if error_type == RATE_LIMIT_EXCEPTION or status == 429:
        kind: type[PortalError] = RateLimited
    elif error_type in BY_EXCEPTION_TYPE:
        kind = BY_EXCEPTION_TYPE[error_type]
    elif status >= 500:
        kind = PortalUnavailable
    else:
        kind = PortalError
    raise kind(message, exception_type=error_type, http_status=status)
