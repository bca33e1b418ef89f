"""Connectors kept in a SQLite file, so a restarted emulator finds them again."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pulumi_leadsquared._status import Status

_SCHEMA = """
CREATE TABLE IF NOT EXISTS connectors (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    name_key TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    installations INTEGER NOT NULL,
    created_on TEXT NOT NULL,
    modified_on TEXT NOT NULL,
    UNIQUE (account, name_key)
)
"""

_COLUMNS = "id, account, content, status, installations, created_on, modified_on"


def name_key(name: str) -> str:
    """The form of a name that uniqueness is judged on: letter case does not count."""
    return name.casefold()


@dataclass(frozen=True)
class StoredConnector:
    """A connector as the portal holds it: its account, content and portal fields."""

    id: str
    account: str
    content: dict[str, Any]
    status: Status
    installations: int
    created_on: str
    modified_on: str

    @property
    def name(self) -> str:
        return str(self.content["Name"])

    def record(self) -> dict[str, Any]:
        """The connector record the API returns."""
        return {
            "Id": self.id,
            **self.content,
            "Status": self.status.value,
            "Installations": self.installations,
            "CreatedOn": self.created_on,
            "ModifiedOn": self.modified_on,
        }

    def changed(self, **changes: Any) -> StoredConnector:
        return replace(self, **changes)


class NameTaken(Exception):
    """Another connector in the account has the name; carries that connector's id."""

    def __init__(self, existing_id: str) -> None:
        super().__init__(existing_id)
        self.existing_id = existing_id


class Store:
    """The connectors table; every method is one short transaction.

    One lock serializes access, so the store is safe from any thread, though the
    emulator calls it only from its event loop.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get(
        self, connector_id: str, account: str | None = None
    ) -> StoredConnector | None:
        """The connector with this id, in `account` only when one is given."""
        query = f"SELECT {_COLUMNS} FROM connectors WHERE id = ?"
        params: tuple[str, ...] = (connector_id,)
        if account is not None:
            query += " AND account = ?"
            params += (account,)
        with self._lock:
            row = self._db.execute(query, params).fetchone()
        return _connector(row) if row else None

    def page(
        self, account: str, offset: int, limit: int, name: str | None = None
    ) -> tuple[int, list[StoredConnector]]:
        """The total count and one page of the account's connectors, oldest first."""
        where, params = "account = ?", [account]
        if name is not None:
            where += " AND name_key = ?"
            params.append(name_key(name))
        with self._lock:
            (total,) = self._db.execute(
                f"SELECT COUNT(*) FROM connectors WHERE {where}", params
            ).fetchone()
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM connectors WHERE {where} "
                "ORDER BY seq LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return int(total), [_connector(row) for row in rows]

    def insert(self, connector: StoredConnector) -> None:
        """Store a new connector; raises `NameTaken` if the account has the name."""
        with self._lock:
            self._refuse_taken_name(connector)
            self._db.execute(
                "INSERT INTO connectors "
                f"(name_key, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name_key(connector.name), *_values(connector)),
            )

    def save(self, connector: StoredConnector) -> None:
        """Replace a stored connector; raises `NameTaken` if its new name is taken."""
        with self._lock:
            self._refuse_taken_name(connector)
            self._db.execute(
                "UPDATE connectors SET name_key = ?, content = ?, status = ?, "
                "installations = ?, modified_on = ? WHERE id = ?",
                (
                    name_key(connector.name),
                    json.dumps(connector.content),
                    connector.status.value,
                    connector.installations,
                    connector.modified_on,
                    connector.id,
                ),
            )

    def delete(self, connector_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM connectors WHERE id = ?", (connector_id,))

    def _refuse_taken_name(self, connector: StoredConnector) -> None:
        holder = self._db.execute(
            "SELECT id FROM connectors WHERE account = ? AND name_key = ? AND id != ?",
            (connector.account, name_key(connector.name), connector.id),
        ).fetchone()
        if holder:
            raise NameTaken(str(holder[0]))


def _values(connector: StoredConnector) -> tuple[Any, ...]:
    return (
        connector.id,
        connector.account,
        json.dumps(connector.content),
        connector.status.value,
        connector.installations,
        connector.created_on,
        connector.modified_on,
    )


def _connector(row: tuple[Any, ...]) -> StoredConnector:
    connector_id, account, content, status, installations, created, modified = row
    return StoredConnector(
        id=connector_id,
        account=account,
        content=json.loads(content),
        status=Status(status),
        installations=int(installations),
        created_on=created,
        modified_on=modified,
    )
