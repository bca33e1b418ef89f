"""Who may move a connector between statuses, and the path a developer takes."""

from __future__ import annotations

import itertools

import pytest

from pulumi_leadsquared._status import (
    DESIRABLE,
    DEVELOPER_TRANSITIONS,
    REVIEWER_TRANSITIONS,
    Status,
    UnreachableStatus,
    developer_may,
    developer_path,
    is_satisfied,
    reviewer_may,
)

DRAFT, PUBLISHED, IN_REVIEW, LIVE, HIDDEN = (
    Status.DRAFT,
    Status.PUBLISHED,
    Status.IN_REVIEW,
    Status.LIVE,
    Status.HIDDEN,
)

EVERY_PAIR = list(itertools.product(Status, repeat=2))

# The moves LeadSquared's documentation gives each party, written out here on
# their own so that the module's tables are checked against them.
DEVELOPER_MOVES = {
    (DRAFT, PUBLISHED),
    (PUBLISHED, DRAFT),
    (PUBLISHED, IN_REVIEW),
}
REVIEWER_MOVES = {
    (IN_REVIEW, LIVE),
    (IN_REVIEW, DRAFT),
    (LIVE, HIDDEN),
    (HIDDEN, LIVE),
}

# (desired, current) pairs where nothing is to be done: the same status, or one
# further along the review path than the declaration asked for.
SATISFIED = {(status, status) for status in Status} | {
    (PUBLISHED, IN_REVIEW),
    (PUBLISHED, LIVE),
    (IN_REVIEW, LIVE),
}


def test_statuses_read_as_the_portal_writes_them() -> None:
    assert [str(status) for status in Status] == [
        "Draft",
        "Published",
        "In Review",
        "Live",
        "Hidden",
    ]


def test_transition_tables_match_the_documented_moves() -> None:
    assert DEVELOPER_TRANSITIONS == DEVELOPER_MOVES
    assert REVIEWER_TRANSITIONS == REVIEWER_MOVES


@pytest.mark.parametrize(("current", "target"), EVERY_PAIR)
def test_developer_may_only_make_developer_moves(
    current: Status, target: Status
) -> None:
    assert developer_may(current, target) == ((current, target) in DEVELOPER_MOVES)


@pytest.mark.parametrize(("current", "target"), EVERY_PAIR)
def test_reviewer_may_only_make_reviewer_moves(current: Status, target: Status) -> None:
    assert reviewer_may(current, target) == ((current, target) in REVIEWER_MOVES)


@pytest.mark.parametrize("status", [LIVE, HIDDEN])
def test_nobody_but_a_reviewer_sets_live_or_hidden(status: Status) -> None:
    assert not any(developer_may(current, status) for current in Status)


@pytest.mark.parametrize(("desired", "current"), EVERY_PAIR)
def test_is_satisfied_counts_a_status_the_portal_has_moved_past(
    desired: Status, current: Status
) -> None:
    assert is_satisfied(desired, current) == ((desired, current) in SATISFIED)


def test_desired_published_is_satisfied_by_a_live_connector() -> None:
    assert is_satisfied(PUBLISHED, LIVE)


def test_desired_draft_is_not_satisfied_by_a_published_connector() -> None:
    assert not is_satisfied(DRAFT, PUBLISHED)


def test_only_draft_published_and_in_review_are_desirable() -> None:
    assert {DRAFT, PUBLISHED, IN_REVIEW} == DESIRABLE


@pytest.mark.parametrize(("desired", "current"), sorted(SATISFIED))
def test_developer_path_is_empty_when_already_satisfied(
    desired: Status, current: Status
) -> None:
    assert developer_path(current, desired) == []


def test_draft_to_in_review_goes_through_published() -> None:
    assert developer_path(DRAFT, IN_REVIEW) == [PUBLISHED, IN_REVIEW]


def test_draft_to_published_is_one_step() -> None:
    assert developer_path(DRAFT, PUBLISHED) == [PUBLISHED]


def test_published_to_draft_is_an_unpublish() -> None:
    assert developer_path(PUBLISHED, DRAFT) == [DRAFT]


@pytest.mark.parametrize("current", [IN_REVIEW, LIVE])
def test_a_developer_cannot_take_a_reviewed_connector_back_to_draft(
    current: Status,
) -> None:
    with pytest.raises(UnreachableStatus) as caught:
        developer_path(current, DRAFT)

    message = str(caught.value)
    assert f"'{current}'" in message
    assert "only LeadSquared's review can" in message


@pytest.mark.parametrize("desired", [DRAFT, PUBLISHED, IN_REVIEW])
def test_nothing_a_developer_declares_leads_out_of_hidden(desired: Status) -> None:
    with pytest.raises(UnreachableStatus, match="only LeadSquared can restore it"):
        developer_path(HIDDEN, desired)


@pytest.mark.parametrize("desired", [LIVE, HIDDEN])
@pytest.mark.parametrize("current", [DRAFT, PUBLISHED, IN_REVIEW])
def test_live_and_hidden_cannot_be_declared(current: Status, desired: Status) -> None:
    with pytest.raises(UnreachableStatus) as caught:
        developer_path(current, desired)

    message = str(caught.value)
    assert f"'{desired}' is set by LeadSquared only" in message
    assert "declare Draft, Published or In Review" in message


@pytest.mark.parametrize("desired", sorted(DESIRABLE))
@pytest.mark.parametrize("current", [DRAFT, PUBLISHED])
def test_every_step_of_a_path_is_a_developer_move(
    current: Status, desired: Status
) -> None:
    path = developer_path(current, desired)

    assert all(
        developer_may(before, after)
        for before, after in itertools.pairwise([current, *path])
    )
