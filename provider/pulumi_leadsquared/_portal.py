"""The portal as one provider process sees it during one Pulumi run.

A preview of hundreds of connectors must not cost one API call each. The first
time a connector is looked up, `PortalView` lists the whole account in large
pages and keeps that snapshot for the rest of the process, shared by the
provider's concurrent calls. The process's own writes keep it current. A
connector the snapshot does not hold is retrieved on its own, so one created
after the snapshot was taken is still found, and one that is truly gone is
confirmed gone by the portal itself.

Changes made on the portal by someone else after the snapshot was taken, within
the same run, are not seen until the next run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ._client import PortalClient
from ._config import portal_settings
from ._models import PortalConnector
from ._regions import Environment


class PortalView:
    """One account's connectors, read once and kept current by this process's writes."""

    def __init__(self, client: PortalClient) -> None:
        self.client = client
        self._lock = threading.Lock()
        self._by_id: dict[str, PortalConnector] | None = None

    def get(self, connector_id: str) -> PortalConnector | None:
        """The connector as the portal holds it, or None when the portal has none."""
        with self._lock:
            if self._by_id is None:
                self._by_id = {c.id: c for c in self.client.list_all()}
            found = self._by_id.get(connector_id)
        if found is not None:
            return found
        fresh = self.client.get(connector_id)
        if fresh is not None:
            self.remember(fresh)
        return fresh

    def find_by_name(self, name: str) -> PortalConnector | None:
        """The account's connector with this name, asked of the portal directly."""
        found = self.client.find_by_name(name)
        if found is not None:
            self.remember(found)
        return found

    def remember(self, connector: PortalConnector) -> PortalConnector:
        with self._lock:
            if self._by_id is not None:
                self._by_id[connector.id] = connector
        return connector

    def forget(self, connector_id: str) -> None:
        with self._lock:
            if self._by_id is not None:
                self._by_id.pop(connector_id, None)


class Session:
    """The provider process's configuration and its one view per environment."""

    def __init__(self, config: Callable[[str], Any]) -> None:
        self._config = config
        self._views: dict[Environment, PortalView] = {}
        self._lock = threading.Lock()

    def portal(self, environment: Environment) -> PortalView:
        with self._lock:
            if environment not in self._views:
                settings = portal_settings(environment, self._config)
                self._views[environment] = PortalView(PortalClient(settings))
            return self._views[environment]


_session = Session(lambda key: None)


def configure(config: Callable[[str], Any]) -> None:
    """Start this process's session from the stack's config (see `_config`)."""
    global _session
    _session = Session(config)


def portal(environment: Environment) -> PortalView:
    """This process's view of the portal of `environment`."""
    return _session.portal(environment)
