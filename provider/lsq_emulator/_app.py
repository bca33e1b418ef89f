"""The emulator's HTTP API: the portal's /v2/ operations and its /_emulator/ ones."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from pulumi_leadsquared._models import Category

from . import _operations as ops
from ._auth import Keyring
from ._errors import (
    ErrorBody,
    InternalServerError,
    InvalidAPISignature,
    InvalidRequest,
    PortalError,
    RequestTooLarge,
)
from ._faults import FaultPlan
from ._gateway import CALL_SCOPE_KEY, Gateway
from ._portal import Portal
from ._ratelimit import RateLimits
from ._settings import Settings
from ._stats import Call, Stats
from ._store import Store, StoredConnector
from ._wire import (
    ConnectorFields,
    ConnectorSearch,
    ExportDocument,
    StatusChange,
    describe,
)

_DESCRIPTION = """\
A local stand-in for LeadSquared's Marketplace Development Portal API.

Authenticate /v2/ calls with the headers `x-LSQ-AccessKey` and `x-LSQ-SecretKey`
(or the query parameters `accessKey` and `secretKey`); the review endpoint takes
the header `x-LSQ-AdminKey` instead. Errors are LeadSquared's
`{"Status": "Error", "ExceptionType": ..., "ExceptionMessage": ...}`.
"""


def create_app(settings: Settings) -> ASGIApp:
    """The emulator as one ASGI app, its data in `settings.data_file`."""
    store = Store(settings.data_file)
    stats = Stats()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    api = FastAPI(
        title="LeadSquared Marketplace portal emulator",
        description=_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    api.state.portal = Portal(store)
    api.state.stats = stats
    _answer_errors_as_leadsquared(api)
    api.include_router(portal_routes)
    api.include_router(emulator_routes)

    return Gateway(
        api,
        keyring=Keyring(settings.accounts, settings.admin_key),
        rate_limits=RateLimits(settings.rate_limit, settings.rate_window),
        faults=FaultPlan(settings.faults),
        stats=stats,
    )


def _portal(request: Request) -> Portal:
    return cast(Portal, request.app.state.portal)


def _call(request: Request) -> Call:
    return cast(Call, request.scope[CALL_SCOPE_KEY])


def _account(call: Annotated[Call, Depends(_call)]) -> str:
    if call.account is None:
        raise InternalServerError("The call reached a route without a caller")
    return call.account


PortalDep = Annotated[Portal, Depends(_portal)]
CallDep = Annotated[Call, Depends(_call)]
AccountDep = Annotated[str, Depends(_account)]
ConnectorId = Annotated[str, Query(alias="id", description="The connector's id.")]

# Documented as one range, which also keeps FastAPI from documenting its own 422
# validation answer: the emulator never sends it, it answers 400 instead.
_REFUSED: dict[int | str, dict[str, Any]] = {
    "4XX": {
        "model": ErrorBody,
        "description": (
            "Refused, with LeadSquared's error body: 400 for a request the operation "
            "does not accept or a rule it breaks, 401 for missing or wrong keys, "
            "413 for a body over 256 KB, 429 over the rate limit."
        ),
    }
}

portal_routes = APIRouter(responses=_REFUSED)


@portal_routes.get(ops.CATEGORIES.path, operation_id=ops.CATEGORIES.name)
async def categories() -> JSONResponse:
    """The categories a connector may have."""
    return JSONResponse({"Categories": [category.value for category in Category]})


@portal_routes.post(ops.CREATE.path, operation_id=ops.CREATE.name)
async def create(
    content: ConnectorFields, portal: PortalDep, account: AccountDep, call: CallDep
) -> JSONResponse:
    """Create a Draft connector."""
    connector = portal.create(account, content)
    call.connector_id = connector.id
    return _success(connector)


@portal_routes.get(ops.GET_BY_ID.path, operation_id=ops.GET_BY_ID.name)
async def get_by_id(
    connector_id: ConnectorId, portal: PortalDep, account: AccountDep
) -> JSONResponse:
    """One connector's record."""
    return JSONResponse(portal.get(account, connector_id).record())


@portal_routes.post(ops.SEARCH.path, operation_id=ops.SEARCH.name)
async def search(
    query: ConnectorSearch, portal: PortalDep, account: AccountDep
) -> JSONResponse:
    """One page of the account's connectors, and how many there are in all."""
    total, page = portal.search(
        account, query.paging.page_index, query.paging.page_size, query.name
    )
    return JSONResponse(
        {"RecordCount": total, "Connectors": [connector.record() for connector in page]}
    )


@portal_routes.post(ops.UPDATE.path, operation_id=ops.UPDATE.name)
async def update(
    connector_id: ConnectorId,
    content: ConnectorFields,
    portal: PortalDep,
    account: AccountDep,
) -> JSONResponse:
    """Replace a connector's content with the body's."""
    return _success(portal.update(account, connector_id, content))


@portal_routes.post(ops.CHANGE_STATUS.path, operation_id=ops.CHANGE_STATUS.name)
async def change_status(
    connector_id: ConnectorId,
    change: StatusChange,
    portal: PortalDep,
    account: AccountDep,
) -> JSONResponse:
    """Move a connector by one of the developer's transitions."""
    return _success(portal.change_status(account, connector_id, change.status))


@portal_routes.post(ops.DELETE.path, operation_id=ops.DELETE.name)
async def delete(
    connector_id: ConnectorId, portal: PortalDep, account: AccountDep
) -> JSONResponse:
    """Delete a connector."""
    portal.delete(account, connector_id)
    return JSONResponse({"Status": "Success"})


@portal_routes.get(ops.EXPORT.path, operation_id=ops.EXPORT.name)
async def export(
    connector_id: ConnectorId, portal: PortalDep, account: AccountDep
) -> JSONResponse:
    """The connector's export document."""
    return JSONResponse(portal.export(account, connector_id))


@portal_routes.post(ops.IMPORT.path, operation_id=ops.IMPORT.name)
async def import_(
    document: ExportDocument, portal: PortalDep, account: AccountDep, call: CallDep
) -> JSONResponse:
    """Create a Draft connector from an export document."""
    connector = portal.import_(account, document)
    call.connector_id = connector.id
    return _success(connector)


@portal_routes.post(ops.SET_STATUS.path, operation_id=ops.SET_STATUS.name)
async def set_status(
    connector_id: ConnectorId, change: StatusChange, portal: PortalDep
) -> JSONResponse:
    """LeadSquared's review: move any account's connector by a reviewer transition."""
    return _success(portal.review(connector_id, change.status))


def _success(connector: StoredConnector) -> JSONResponse:
    return JSONResponse({"Status": "Success", "Connector": connector.record()})


emulator_routes = APIRouter(prefix="/_emulator", include_in_schema=False)


@emulator_routes.get("/health")
async def health() -> JSONResponse:
    return JSONResponse({"Status": "Success"})


@emulator_routes.get("/stats")
async def stats(request: Request) -> JSONResponse:
    return JSONResponse(cast(Stats, request.app.state.stats).as_json())


@emulator_routes.post("/stats/reset")
async def reset_stats(request: Request) -> JSONResponse:
    cast(Stats, request.app.state.stats).reset()
    return JSONResponse({"Status": "Success"})


def _answer_errors_as_leadsquared(api: FastAPI) -> None:
    """Make every refusal, FastAPI's and Starlette's included, LeadSquared-shaped."""

    @api.exception_handler(PortalError)
    async def portal_error(_: Request, error: PortalError) -> Response:
        return error.response()

    @api.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> Response:
        return InvalidRequest(describe(error.errors())).response()

    @api.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return _portal_error_for(request, error).response()

    @api.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> Response:
        # Starlette re-raises the error after this answer, and uvicorn logs it.
        return InternalServerError(
            "The emulator failed unexpectedly; its log has the details"
        ).response()


def _portal_error_for(request: Request, error: HTTPException) -> PortalError:
    if error.status_code in (404, 405):
        return InvalidAPISignature(
            f"No operation answers {request.method} {request.url.path}"
        )
    if error.status_code == 413:
        return RequestTooLarge(str(error.detail))
    if error.status_code == 400:
        # FastAPI's only 400: a body that is not text JSON can be read from.
        return InvalidRequest("The request body could not be read as JSON")
    if error.status_code < 500:
        return InvalidRequest(str(error.detail))
    return InternalServerError(str(error.detail))
