"""The errors the emulator answers with, in LeadSquared's shape.

PortalError                   any refusal; carries HTTP status and ExceptionType
├── InvalidRequest            400: bad JSON, wrong types, unknown or missing fields
├── DuplicateEntry            400: another connector in the account has the name
├── InvalidStatusTransition   400: the caller may not make that status change
├── ConnectorLocked           400: the connector's status forbids edits
├── DeleteNotAllowed          400: the connector's status forbids deletion
├── ConnectorNotFound         400: no connector with that id for the caller
├── Unauthorized              401: missing or wrong keys
├── InvalidAPISignature       404: no such operation
├── RequestTooLarge           413: body over the size limit
├── RateLimitExceeded         429: too many calls for the key
└── InternalServerError       500: anything unexpected
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_pascal
from starlette.responses import JSONResponse


class ErrorBody(BaseModel):
    """LeadSquared's error envelope: the body of every refusal, whatever its status."""

    model_config = ConfigDict(
        alias_generator=to_pascal, validate_by_name=True, extra="forbid"
    )

    status: Literal["Error"]
    exception_type: str = Field(
        pattern=r"^MX[A-Za-z]+Exception$",
        description="The kind of refusal, as LeadSquared names it.",
    )
    exception_message: str = Field(description="What was wrong, in words.")


class PortalError(Exception):
    """A refusal the emulator answers with LeadSquared's error body."""

    status_code: ClassVar[int] = 400
    exception_type: ClassVar[str] = "MXInvalidRequestException"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict[str, Any]:
        """LeadSquared's error envelope for this refusal."""
        envelope = ErrorBody(
            status="Error",
            exception_type=self.exception_type,
            exception_message=self.message,
        )
        return envelope.model_dump(by_alias=True)

    def response(self, status_code: int | None = None) -> JSONResponse:
        """The HTTP answer; `status_code` overrides the usual one (a throttled 200)."""
        return JSONResponse(self.body(), status_code=status_code or self.status_code)


class InvalidRequest(PortalError):
    """The request body or query is not one the operation accepts."""


class DuplicateEntry(PortalError):
    """A connector with that name, in any letter case, exists in the account."""

    exception_type = "MXDuplicateEntryException"


class InvalidStatusTransition(PortalError):
    """The caller may not move the connector to that status."""

    exception_type = "MXInvalidStatusTransitionException"


class ConnectorLocked(PortalError):
    """The connector is in a status that refuses edits."""

    exception_type = "MXConnectorLockedException"


class DeleteNotAllowed(PortalError):
    """The connector is in a status that refuses deletion."""

    exception_type = "MXConnectorDeleteNotAllowedException"


class ConnectorNotFound(PortalError):
    """No connector with that id belongs to the caller."""

    exception_type = "MXConnectorNotFoundException"


class Unauthorized(PortalError):
    """The keys are missing or are not an account's (or the reviewers')."""

    status_code = 401
    exception_type = "MXUnAuthorizedException"


class InvalidAPISignature(PortalError):
    """No operation answers to that method and path."""

    status_code = 404
    exception_type = "MXInvalidAPISignatureException"


class RequestTooLarge(PortalError):
    """The request body is over the portal's size limit."""

    status_code = 413
    exception_type = "MXRequestTooLargeException"


class RateLimitExceeded(PortalError):
    """The key made more calls than its rate limit allows."""

    status_code = 429
    exception_type = "MXAPIRateLimitExceededException"


class InternalServerError(PortalError):
    """Something failed that no request should be able to cause."""

    status_code = 500
    exception_type = "MXInternalServerException"
