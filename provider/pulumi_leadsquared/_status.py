"""Connector statuses and who may move a connector between them.

This is the one table of status rules. The portal emulator enforces it and the
reconciler plans with it, so the two cannot disagree.

A developer moves a connector Draft -> Published -> In Review, and may take a
Published connector back to Draft (unpublish). LeadSquared's reviewers move a
connector In Review to Live (approved) or back to Draft (rejected), and may hide
a Live connector or restore a Hidden one. Nobody else may set Live or Hidden.
"""

from __future__ import annotations

import enum
from collections import deque


class Status(enum.StrEnum):
    """A connector's status on the Marketplace Development Portal."""

    DRAFT = "Draft"
    PUBLISHED = "Published"
    IN_REVIEW = "In Review"
    LIVE = "Live"
    HIDDEN = "Hidden"


DEVELOPER_TRANSITIONS: frozenset[tuple[Status, Status]] = frozenset(
    {
        (Status.DRAFT, Status.PUBLISHED),
        (Status.PUBLISHED, Status.DRAFT),
        (Status.PUBLISHED, Status.IN_REVIEW),
    }
)

REVIEWER_TRANSITIONS: frozenset[tuple[Status, Status]] = frozenset(
    {
        (Status.IN_REVIEW, Status.LIVE),
        (Status.IN_REVIEW, Status.DRAFT),
        (Status.LIVE, Status.HIDDEN),
        (Status.HIDDEN, Status.LIVE),
    }
)

# Statuses a developer may declare as the goal of a connector.
DESIRABLE: frozenset[Status] = frozenset(
    {Status.DRAFT, Status.PUBLISHED, Status.IN_REVIEW}
)

# Statuses in which the portal refuses edits to a connector's content.
LOCKED: frozenset[Status] = frozenset({Status.IN_REVIEW})

# Statuses in which the portal refuses to delete a connector. A Hidden connector
# was Live and may still be installed, so it is kept like a Live one.
UNDELETABLE: frozenset[Status] = frozenset(
    {Status.IN_REVIEW, Status.LIVE, Status.HIDDEN}
)

# How far along the review path each status is; Hidden is off the path.
_PROGRESS: dict[Status, int] = {
    Status.DRAFT: 0,
    Status.PUBLISHED: 1,
    Status.IN_REVIEW: 2,
    Status.LIVE: 3,
}


class UnreachableStatus(Exception):
    """The desired status cannot be reached by the developer's own transitions."""


def developer_may(current: Status, target: Status) -> bool:
    """Whether a developer may move a connector from `current` to `target`."""
    return (current, target) in DEVELOPER_TRANSITIONS


def reviewer_may(current: Status, target: Status) -> bool:
    """Whether LeadSquared's reviewers may move a connector `current` -> `target`."""
    return (current, target) in REVIEWER_TRANSITIONS


def is_satisfied(desired: Status, current: Status) -> bool:
    """Whether `current` meets `desired`, counting a status the portal has moved past.

    A connector declared Published that LeadSquared made Live has got further than
    asked, so nothing is to be done. Moving backwards (desired Draft, portal
    Published) is a real change. A Hidden connector satisfies nothing but Hidden.
    """
    if desired == current:
        return True
    if current == Status.HIDDEN or desired == Status.DRAFT:
        return False
    return _PROGRESS[current] > _PROGRESS.get(desired, len(_PROGRESS))


def developer_path(current: Status, desired: Status) -> list[Status]:
    """The statuses to set, in order, to take a connector from `current` to `desired`.

    Empty when `current` already satisfies `desired`. Raises `UnreachableStatus`
    with a sentence for the user when only LeadSquared could make the move.
    """
    if is_satisfied(desired, current):
        return []
    if desired not in DESIRABLE:
        raise UnreachableStatus(
            f"status '{desired}' is set by LeadSquared only; declare Draft, "
            "Published or In Review"
        )
    if current == Status.HIDDEN:
        raise UnreachableStatus(
            "LeadSquared has hidden this connector; only LeadSquared can restore "
            "it, so the declared status cannot be reached"
        )

    previous: dict[Status, Status] = {}
    queue: deque[Status] = deque([current])
    while queue:
        status = queue.popleft()
        if status == desired:
            path: list[Status] = []
            while status != current:
                path.append(status)
                status = previous[status]
            return path[::-1]
        for source, target in sorted(DEVELOPER_TRANSITIONS):
            if source == status and target not in previous and target != current:
                previous[target] = status
                queue.append(target)

    raise UnreachableStatus(
        f"the portal holds this connector as '{current}', and a developer cannot "
        f"move it to '{desired}' from there; only LeadSquared's review can"
    )
