"""LeadSquared Marketplace connectors as Pulumi resources.

Declare each connector with `Connector`; `pulumi preview` compares it with the
portal's live record and `pulumi up` converges the portal to the declaration.
"""

from ._errors import (
    AuthenticationFailed,
    ConnectorLocked,
    ConnectorNotFound,
    DeleteNotAllowed,
    DuplicateConnector,
    InvalidRequest,
    InvalidStatusTransition,
    PortalError,
    PortalUnavailable,
    RateLimited,
    ResponseLost,
)
from ._logo import logo_from_file
from ._models import ActionType, Category
from ._regions import API_BASE_URLS, Environment, Region, api_base_url
from ._resource import ActionArgs, Connector
from ._status import Status

__all__ = [
    "API_BASE_URLS",
    "ActionArgs",
    "ActionType",
    "AuthenticationFailed",
    "Category",
    "Connector",
    "ConnectorLocked",
    "ConnectorNotFound",
    "DeleteNotAllowed",
    "DuplicateConnector",
    "Environment",
    "InvalidRequest",
    "InvalidStatusTransition",
    "PortalError",
    "PortalUnavailable",
    "RateLimited",
    "Region",
    "ResponseLost",
    "Status",
    "api_base_url",
    "logo_from_file",
]
