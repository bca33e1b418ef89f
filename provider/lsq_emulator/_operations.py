"""The portal's operations: the one list of paths the emulator answers on /v2/."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Operation:
    """One API operation: `Service.svc/Operation` reached by one HTTP method."""

    service: str
    name: str
    method: str
    writes: bool = False
    reviewer: bool = False

    @property
    def path(self) -> str:
        return f"/v2/{self.service}/{self.name}"


CATEGORIES = Operation("Connector.svc", "Categories.Get", "GET")
CREATE = Operation("Connector.svc", "Connector.Create", "POST", writes=True)
GET_BY_ID = Operation("Connector.svc", "Connector.GetById", "GET")
SEARCH = Operation("Connector.svc", "Connectors.Get", "POST")
UPDATE = Operation("Connector.svc", "Connector.Update", "POST", writes=True)
CHANGE_STATUS = Operation(
    "Connector.svc", "Connector.ChangeStatus", "POST", writes=True
)
DELETE = Operation("Connector.svc", "Connector.Delete", "POST", writes=True)
EXPORT = Operation("Connector.svc", "Connector.Export", "GET")
IMPORT = Operation("Connector.svc", "Connector.Import", "POST", writes=True)
SET_STATUS = Operation(
    "Review.svc", "Connector.SetStatus", "POST", writes=True, reviewer=True
)

OPERATIONS: dict[str, Operation] = {
    op.path: op
    for op in (
        CATEGORIES,
        CREATE,
        GET_BY_ID,
        SEARCH,
        UPDATE,
        CHANGE_STATUS,
        DELETE,
        EXPORT,
        IMPORT,
        SET_STATUS,
    )
}
