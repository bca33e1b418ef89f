"""The product's rules: what must happen to make the portal match a declaration.

Pure functions only. A declaration and the portal's current record go in; a plan
comes out, or a `ReconcileError` whose message tells the user why the declaration
cannot be reached and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._models import ConnectorSpec, PortalConnector, content_differences, property_name
from ._status import LOCKED, Status, UnreachableStatus, developer_path


class ReconcileError(Exception):
    """The declaration cannot be reached by the developer's own actions."""


@dataclass(frozen=True)
class Plan:
    """The steps that take a connector from the portal's record to the declaration.

    `create` is set when the portal holds no such connector; `content_changes`
    names the content fields (Python names) to rewrite; `status_steps` lists the
    statuses to set, in order.
    """

    create: bool = False
    content_changes: tuple[str, ...] = ()
    status_steps: tuple[Status, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.create or self.content_changes or self.status_steps)

    def describe(self) -> list[str]:
        """The plan in the user's words, one entry per step."""
        steps = ["create"] if self.create else []
        steps += [f"update {property_name(field)}" for field in self.content_changes]
        steps += [f"set status to {status}" for status in self.status_steps]
        return steps


def reconcile(spec: ConnectorSpec, observed: PortalConnector | None) -> Plan:
    """Plan the calls that make `observed` (None: absent) match `spec`."""
    if observed is None:
        try:
            steps = developer_path(Status.DRAFT, spec.status)
        except UnreachableStatus as error:
            raise ReconcileError(f"connector '{spec.name}': {error}") from None
        return Plan(create=True, status_steps=tuple(steps))

    changes = tuple(content_differences(spec.content(), observed.content()))
    if changes and observed.status in LOCKED:
        fields = ", ".join(property_name(field) for field in changes)
        raise ReconcileError(
            f"connector '{spec.name}' (id {observed.id}) is {observed.status}, and "
            f"the portal locks edits until LeadSquared's review ends; {fields} "
            "cannot change now. Keep the portal's values in the program until the "
            "review has made the connector Live or returned it to Draft."
        )
    try:
        steps = developer_path(observed.status, spec.status)
    except UnreachableStatus as error:
        raise ReconcileError(
            f"connector '{spec.name}' (id {observed.id}): {error}"
        ) from None
    return Plan(content_changes=changes, status_steps=tuple(steps))
