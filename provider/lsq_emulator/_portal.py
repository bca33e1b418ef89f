"""The portal's rules for connectors: ownership, unique names, statuses, locks."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pulumi_leadsquared._status import (
    DEVELOPER_TRANSITIONS,
    LOCKED,
    REVIEWER_TRANSITIONS,
    UNDELETABLE,
    Status,
)

from ._errors import (
    ConnectorLocked,
    ConnectorNotFound,
    DeleteNotAllowed,
    DuplicateEntry,
    InvalidStatusTransition,
)
from ._store import NameTaken, Store, StoredConnector
from ._wire import ConnectorFields, ExportDocument

log = logging.getLogger(__name__)

EXPORT_FORMAT_VERSION = 1


def utc_now() -> str:
    """The current time as the portal writes dates: UTC `YYYY-MM-DD HH:MM:SS`."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


class Portal:
    """What developers and reviewers may do to connectors, on top of the store."""

    def __init__(self, store: Store, clock: Callable[[], str] = utc_now) -> None:
        self.store = store
        self.clock = clock

    def create(self, account: str, content: ConnectorFields) -> StoredConnector:
        """A new Draft connector in the account."""
        return self._add(account, content, "created")

    def import_(self, account: str, document: ExportDocument) -> StoredConnector:
        """A new Draft connector made from an export document."""
        return self._add(account, document.connector, "imported")

    def get(self, account: str, connector_id: str) -> StoredConnector:
        """The account's connector with this id; another account's is not found."""
        connector = self.store.get(connector_id, account)
        if connector is None:
            raise ConnectorNotFound(
                f"No connector with id '{connector_id}' exists in this account"
            )
        return connector

    def search(
        self, account: str, page_index: int, page_size: int, name: str | None
    ) -> tuple[int, list[StoredConnector]]:
        """The account's connector count and one page of them, oldest first."""
        offset = (page_index - 1) * page_size
        return self.store.page(account, offset, page_size, name)

    def update(
        self, account: str, connector_id: str, content: ConnectorFields
    ) -> StoredConnector:
        """Replace a connector's content, unless its status locks it."""
        connector = self.get(account, connector_id)
        if connector.status in LOCKED:
            raise ConnectorLocked(
                f"Connector {_named(connector)} is {connector.status} and cannot be "
                "edited until its review ends"
            )
        updated = connector.changed(content=content.wire(), modified_on=self.clock())
        try:
            self.store.save(updated)
        except NameTaken as taken:
            raise _duplicate(updated.name, taken) from None
        log.info("updated connector %s", _named(updated))
        return updated

    def change_status(
        self, account: str, connector_id: str, status: Status
    ) -> StoredConnector:
        """Move a connector by one of the developer's own transitions."""
        connector = self.get(account, connector_id)
        return self._move(connector, status, DEVELOPER_TRANSITIONS, "a developer")

    def review(self, connector_id: str, status: Status) -> StoredConnector:
        """Move any account's connector by one of the reviewers' transitions."""
        connector = self.store.get(connector_id)
        if connector is None:
            raise ConnectorNotFound(f"No connector with id '{connector_id}' exists")
        return self._move(
            connector, status, REVIEWER_TRANSITIONS, "LeadSquared's review"
        )

    def delete(self, account: str, connector_id: str) -> None:
        """Delete a connector, unless its status forbids it."""
        connector = self.get(account, connector_id)
        if connector.status in UNDELETABLE:
            raise DeleteNotAllowed(
                f"Connector {_named(connector)} is {connector.status} and cannot be "
                "deleted"
            )
        self.store.delete(connector.id)
        log.info("deleted connector %s", _named(connector))

    def export(self, account: str, connector_id: str) -> dict[str, Any]:
        """The export document for a connector: its content and when it was taken."""
        connector = self.get(account, connector_id)
        return {
            "FormatVersion": EXPORT_FORMAT_VERSION,
            "ExportedOn": self.clock(),
            "Connector": connector.content,
        }

    def _add(
        self, account: str, content: ConnectorFields, verb: str
    ) -> StoredConnector:
        now = self.clock()
        connector = StoredConnector(
            id=str(uuid.uuid4()),
            account=account,
            content=content.wire(),
            status=Status.DRAFT,
            installations=0,
            created_on=now,
            modified_on=now,
        )
        try:
            self.store.insert(connector)
        except NameTaken as taken:
            raise _duplicate(connector.name, taken) from None
        log.info("%s connector %s in account %s", verb, _named(connector), account)
        return connector

    def _move(
        self,
        connector: StoredConnector,
        status: Status,
        allowed: frozenset[tuple[Status, Status]],
        who: str,
    ) -> StoredConnector:
        if (connector.status, status) not in allowed:
            reachable = sorted(t.value for s, t in allowed if s == connector.status)
            raise InvalidStatusTransition(
                f"Connector {_named(connector)} is {connector.status}; {who} cannot "
                f"move it to {status}"
                + (f" (allowed: {', '.join(reachable)})" if reachable else "")
            )
        moved = connector.changed(status=status, modified_on=self.clock())
        self.store.save(moved)
        log.info(
            "moved connector %s from %s to %s", _named(moved), connector.status, status
        )
        return moved


def _named(connector: StoredConnector) -> str:
    return f"'{connector.name}' (id {connector.id})"


def _duplicate(name: str, taken: NameTaken) -> DuplicateEntry:
    return DuplicateEntry(
        f"A connector named '{name}' already exists in this account "
        f"(id {taken.existing_id})"
    )
