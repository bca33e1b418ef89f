"""The errors the portal can answer with, as one hierarchy.

    PortalError
    ├── PortalUnavailable         the portal could not be reached or kept failing
    │   ├── ResponseLost          a request was sent but its answer never came
    │   └── RateLimited           throttled (429, or any status with a rate-limit body)
    ├── AuthenticationFailed      wrong or missing access keys
    ├── InvalidRequest            the portal rejected the request body
    ├── DuplicateConnector        another connector in the account has that name
    ├── InvalidStatusTransition   the caller may not make that status change
    ├── ConnectorLocked           the connector cannot be edited in its status
    ├── DeleteNotAllowed          the connector cannot be deleted in its status
    └── ConnectorNotFound         no connector with that id in the account

Every instance keeps LeadSquared's `ExceptionType` and the HTTP status, and reads
as one line.
"""

from __future__ import annotations


class PortalError(Exception):
    """The portal refused or failed a request."""

    def __init__(
        self, message: str, *, exception_type: str = "", http_status: int = 0
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exception_type = exception_type
        self.http_status = http_status

    def __str__(self) -> str:
        if self.exception_type:
            return f"{self.exception_type}: {self.message}"
        return self.message


class PortalUnavailable(PortalError):
    """The portal could not be reached, timed out or answered with a server error."""


class ResponseLost(PortalUnavailable):
    """A request reached the portal but no answer came back; it may have acted."""


class RateLimited(PortalUnavailable):
    """The portal throttled the account."""


class AuthenticationFailed(PortalError):
    """The access key and secret key were missing or not accepted."""


class InvalidRequest(PortalError):
    """The portal rejected the request's content."""


class DuplicateConnector(PortalError):
    """A connector with the same name already exists in the account."""


class InvalidStatusTransition(PortalError):
    """The caller may not move the connector to the requested status."""


class ConnectorLocked(PortalError):
    """The connector's status does not allow edits."""


class DeleteNotAllowed(PortalError):
    """The connector's status does not allow deletion."""


class ConnectorNotFound(PortalError):
    """No connector with the given id exists in the account."""


BY_EXCEPTION_TYPE: dict[str, type[PortalError]] = {
    "MXAPIRateLimitExceededException": RateLimited,
    "MXUnAuthorizedException": AuthenticationFailed,
    "MXInvalidRequestException": InvalidRequest,
    "MXDuplicateEntryException": DuplicateConnector,
    "MXInvalidStatusTransitionException": InvalidStatusTransition,
    "MXConnectorLockedException": ConnectorLocked,
    "MXConnectorDeleteNotAllowedException": DeleteNotAllowed,
    "MXConnectorNotFoundException": ConnectorNotFound,
}
