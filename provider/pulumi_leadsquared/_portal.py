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

from ._client import PortalClient, PortalSettings
from ._config import portal_settings
from ._errors import PortalError
from ._models import PortalConnector
from ._regions import Environment


class PortalView:
    """One account's connectors, read once and kept current by this process's writes."""

    def __init__(self, client: PortalClient) -> None:
        self.client = client
        self._lock = threading.Lock()
        self._by_id: dict[str, PortalConnector] | None = None
        self._failure: PortalError | None = None

    def get(self, connector_id: str) -> PortalConnector | None:
        """The connector as the portal holds it, or None when the portal has none."""
        with self._lock:
            # A listing that failed once (after its own retries) fails this run's
            # other lookups at once, rather than each waiting out the retries.
            if self._failure is not None:
                raise self._failure
            if self._by_id is None:
                try:
                    self._by_id = {c.id: c for c in self.client.list_all()}
                except PortalError as error:
                    self._failure = error
                    raise
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


# One view per portal account for the whole process: Pulumi configures each
# distinct serialized provider (an old and a new release, say) separately, and
# both must share one snapshot and one rate limit.
_views: dict[PortalSettings, PortalView] = {}
_views_lock = threading.Lock()
_config: Callable[[str], Any] = lambda key: None  # noqa: E731


def configure(config: Callable[[str], Any]) -> None:
    """Read this process's settings from the stack's config (see `_config`)."""
    global _config
    _config = config


def portal(environment: Environment) -> PortalView:
    """This process's view of the portal of `environment`."""
    settings = portal_settings(environment, _config)
    with _views_lock:
        if settings not in _views:
            _views[settings] = PortalView(PortalClient(settings))
        return _views[settings]
