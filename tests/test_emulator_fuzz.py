"""The emulator fuzzed with its own OpenAPI document, over real HTTP.

Schemathesis reads /openapi.json from an emulator process and generates requests
for every operation, schema-valid ones and invalid ones, sent with the demo
account's keys, with none, and with wrong ones. Whatever arrives, the emulator
must answer within the client's timeout, never with a 5xx, and refuse in
LeadSquared's error shape with a status the document lists; invalid data must be
refused. Generation is derandomized, so every run sends the same requests, and
bounded per operation, so the module takes seconds.

Schemathesis' pytest loader `schemathesis.pytest.from_fixture` does not work
under pytest 9.2 (it sets a node attribute, `_nodeid`, that pytest no longer
has), and `@schema.parametrize()` needs the document when this module is
imported, before any emulator runs. So each test draws its cases from
`APIOperation.as_strategy` with Hypothesis' `@given`, and Schemathesis'
coverage phase (boundary values, each required field left out) does not run
here; to run it too, point `st run` at a running emulator's /openapi.json.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, BaseSchema, Case, GenerationMode, Response
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from lsq_emulator import DEMO_ACCOUNT, Account
from lsq_emulator._operations import (
    CATEGORIES,
    CHANGE_STATUS,
    DELETE,
    EXPORT,
    GET_BY_ID,
    OPERATIONS,
    UPDATE,
    Operation,
)
from lsq_emulator.testing import RunningEmulator, start_emulator

OTHER_ACCOUNT = Account("other", "other-access-key", "other-secret-key")
ADMIN_KEY = "fuzz-admin-key"
# The demo account's keys, and the reviewers' for the review endpoint.
KEYS = {
    "x-LSQ-AccessKey": DEMO_ACCOUNT.access_key,
    "x-LSQ-SecretKey": DEMO_ACCOUNT.secret_key,
    "x-LSQ-AdminKey": ADMIN_KEY,
}
WRONG_KEYS = {
    "no keys": {},
    "wrong keys": {
        "x-LSQ-AccessKey": DEMO_ACCOUNT.access_key,
        "x-LSQ-SecretKey": "not-the-secret",
        "x-LSQ-AdminKey": "not-the-admin-key",
    },
}
# The emulator answers in milliseconds; a request still open after this has hung.
TIMEOUT_SECONDS = 5

# What every answer is held to. `positive_data_acceptance` is left out: the
# document cannot say that URLs must be HTTPS or that an id must exist, so
# schema-valid requests are often, and rightly, refused with a 400.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

# Categories.Get takes no input at all, so it has nothing to make invalid.
FUZZED = [
    pytest.param(operation, mode, id=f"{operation.name}-{mode.value}")
    for operation in OPERATIONS.values()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if operation is not CATEGORIES or mode is GenerationMode.POSITIVE
]
# The developer's operations that take a connector's id.
BY_ID = [GET_BY_ID, EXPORT, UPDATE, CHANGE_STATUS, DELETE]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    with start_emulator(
        tmp_path_factory.mktemp("fuzz") / "portal.db",
        accounts=(DEMO_ACCOUNT, OTHER_ACCOUNT),
        admin_key=ADMIN_KEY,
        rate_limit=1_000_000,
        rate_window=1,
    ) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def api(portal: RunningEmulator) -> BaseSchema:
    """The document the emulator serves, as Schemathesis reads it."""
    return schemathesis.openapi.from_url(f"{portal.url}/openapi.json")


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as kept_alive:
        yield kept_alive


@pytest.fixture
def own_ids(portal: RunningEmulator) -> list[str]:
    """Two fresh Draft connectors of the demo account, for cases to name."""
    return [_create(portal, DEMO_ACCOUNT)["Id"] for _ in range(2)]


@pytest.fixture(scope="module")
def theirs(portal: RunningEmulator) -> dict[str, Any]:
    """A Published connector of the other account, as it reads it."""
    connector = _create(portal, OTHER_ACCOUNT)
    with portal.client(OTHER_ACCOUNT) as other:
        response = other.post(
            "Connector.svc/Connector.ChangeStatus",
            params={"id": connector["Id"]},
            json={"Status": "Published"},
        )
    assert response.status_code == 200, response.text
    published: dict[str, Any] = response.json()["Connector"]
    return published


@pytest.mark.parametrize(("operation", "mode"), FUZZED)
def test_fuzzed_requests_get_documented_leadsquared_answers(
    api: BaseSchema,
    session: requests.Session,
    own_ids: list[str],
    operation: Operation,
    mode: GenerationMode,
) -> None:
    cases = _cases(api[operation.path][operation.method], mode, own_ids)

    @FUZZ
    @given(case=cases)
    def answered(case: Case[Any]) -> None:
        response = case.call_and_validate(
            session=session, headers=KEYS, checks=CHECKS, timeout=TIMEOUT_SECONDS
        )
        if response.status_code >= 300:
            _leadsquared_error(response)

    answered()


@pytest.mark.parametrize("keys", WRONG_KEYS.values(), ids=WRONG_KEYS.keys())
@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=lambda op: op.name)
def test_fuzzed_requests_without_the_right_keys_are_unauthorized(
    api: BaseSchema,
    session: requests.Session,
    operation: Operation,
    keys: dict[str, str],
) -> None:
    cases = api[operation.path][operation.method].as_strategy()

    @settings(FUZZ, max_examples=5)
    @given(case=cases)
    def refused(case: Case[Any]) -> None:
        response = case.call_and_validate(
            session=session, headers=keys, checks=CHECKS, timeout=TIMEOUT_SECONDS
        )
        assert response.status_code == 401, response.text
        error = _leadsquared_error(response)
        assert error["ExceptionType"] == "MXUnAuthorizedException"

    refused()


@pytest.mark.parametrize("operation", BY_ID, ids=lambda op: op.name)
def test_fuzzed_ids_never_reach_another_accounts_connector(
    api: BaseSchema,
    session: requests.Session,
    portal: RunningEmulator,
    theirs: dict[str, Any],
    operation: Operation,
) -> None:
    schema_operation = api[operation.path][operation.method]
    cases = _near(theirs["Id"]).flatmap(
        lambda connector_id: schema_operation.as_strategy(query={"id": connector_id})
    )

    @settings(FUZZ, max_examples=20)
    @given(case=cases)
    def not_found(case: Case[Any]) -> None:
        response = case.call_and_validate(
            session=session, headers=KEYS, checks=CHECKS, timeout=TIMEOUT_SECONDS
        )
        # Any other refusal (locked, a wrong transition) would give away that
        # the connector exists, and what its status is.
        assert response.status_code == 400, response.text
        assert _leadsquared_error(response)["ExceptionType"] in {
            "MXConnectorNotFoundException",
            "MXInvalidRequestException",
        }

    not_found()

    with portal.client(OTHER_ACCOUNT) as other:
        after = other.get(
            "Connector.svc/Connector.GetById", params={"id": theirs["Id"]}
        )
    assert after.json() == theirs


def _cases(
    operation: APIOperation[Any, Any, Any, Any],
    mode: GenerationMode,
    own_ids: list[str],
) -> st.SearchStrategy[Case[Any]]:
    """Cases for one operation, in one mode.

    A generated id never exists, so valid cases of an operation that takes one
    also name the account's own connectors, to reach the rules past the lookup.
    """
    generated = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.NEGATIVE or not operation.get_parameter("id", "query"):
        return generated
    named = st.sampled_from(own_ids).flatmap(
        lambda connector_id: operation.as_strategy(query={"id": connector_id})
    )
    return st.one_of(generated, named)


def _near(connector_id: str) -> st.SearchStrategy[str]:
    """The id itself, spellings a careless lookup might match, and the id padded."""
    spellings = [
        connector_id,
        connector_id.upper(),
        f" {connector_id} ",
        connector_id.replace("-", ""),
        f"{connector_id}' OR '1'='1",
        "%",
        "*",
    ]
    affix = st.text(st.characters(codec="utf-8"), max_size=3)
    padded = st.tuples(affix, affix).map(
        lambda affixes: affixes[0] + connector_id + affixes[1]
    )
    return st.one_of(st.sampled_from(spellings), padded)


def _leadsquared_error(response: Response) -> dict[str, str]:
    """A refusal's body, asserted to be in LeadSquared's error shape."""
    body = response.json()
    assert isinstance(body, dict), response.text
    assert set(body) == {"Status", "ExceptionType", "ExceptionMessage"}, body
    assert body["Status"] == "Error", body
    assert str(body["ExceptionType"]).startswith("MX"), body
    assert isinstance(body["ExceptionMessage"], str), body
    assert body["ExceptionMessage"], body
    return body


def _create(emulator: RunningEmulator, account: Account) -> dict[str, Any]:
    with emulator.client(account) as client:
        response = client.post(
            "Connector.svc/Connector.Create",
            json={
                "Name": f"Fuzz {uuid.uuid4().hex[:10]}",
                "Description": "A connector for the fuzzer to aim at",
                "Category": "Telephony",
                "ConfigurationUrl": "https://connector.example.com/config",
            },
        )
    assert response.status_code == 200, response.text
    connector: dict[str, Any] = response.json()["Connector"]
    return connector
