"""The portal emulator, driven over real HTTP on loopback as a separate process."""

from __future__ import annotations

import base64
import re
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from lsq_emulator import DEMO_ACCOUNT, Account, Faults
from lsq_emulator.__main__ import build_parser, settings_from
from lsq_emulator.testing import RunningEmulator, start_emulator

OTHER_ACCOUNT = Account("other", "other-access-key", "other-secret-key")
LISTER_ACCOUNT = Account("lister", "lister-access-key", "lister-secret-key")
ADMIN_KEY = "test-admin-key"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
UUID4 = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
)
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    data_file = tmp_path_factory.mktemp("portal") / "portal.db"
    with start_emulator(
        data_file,
        accounts=(DEMO_ACCOUNT, OTHER_ACCOUNT, LISTER_ACCOUNT),
        admin_key=ADMIN_KEY,
        rate_limit=1000,
        rate_window=5,
    ) as emulator:
        yield emulator


@pytest.fixture
def demo(portal: RunningEmulator) -> Iterator[httpx.Client]:
    with portal.client(DEMO_ACCOUNT) as client:
        yield client


@pytest.fixture
def other(portal: RunningEmulator) -> Iterator[httpx.Client]:
    with portal.client(OTHER_ACCOUNT) as client:
        yield client


@pytest.fixture
def reviewer(portal: RunningEmulator) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"{portal.url}/v2/", headers={"x-LSQ-AdminKey": ADMIN_KEY}, timeout=10
    ) as client:
        yield client


def _name() -> str:
    return f"Conn {uuid.uuid4().hex[:10]}"


def _content(name: str | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "Name": name or _name(),
        "Description": "Calls through Exotel",
        "Category": "Telephony",
        "ConfigurationUrl": "https://connector.example.com/config",
        **fields,
    }


def _create(
    client: httpx.Client, name: str | None = None, **fields: Any
) -> dict[str, Any]:
    response = client.post(
        "Connector.svc/Connector.Create", json=_content(name, **fields)
    )
    assert response.status_code == 200, response.text
    connector: dict[str, Any] = response.json()["Connector"]
    return connector


def _set(client: httpx.Client, connector_id: str, status: str) -> httpx.Response:
    return client.post(
        "Connector.svc/Connector.ChangeStatus",
        params={"id": connector_id},
        json={"Status": status},
    )


def _review(client: httpx.Client, connector_id: str, status: str) -> httpx.Response:
    return client.post(
        "Review.svc/Connector.SetStatus",
        params={"id": connector_id},
        json={"Status": status},
    )


def _in_review(client: httpx.Client) -> dict[str, Any]:
    connector = _create(client)
    for status in ("Published", "In Review"):
        assert _set(client, connector["Id"], status).status_code == 200
    return connector


def _error(response: httpx.Response, status: int, exception_type: str) -> str:
    """Assert LeadSquared's error shape; return the message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["Status"] == "Error"
    assert body["ExceptionType"] == exception_type
    message: str = body["ExceptionMessage"]
    assert message
    return message


# Connectors: create, read, list, update, statuses, delete


def test_create_stores_a_draft_with_portal_fields(demo: httpx.Client) -> None:
    name = _name()
    created = _create(demo, name, Logo=PNG, Features=["Click to call"])

    assert UUID4.match(created["Id"])
    assert created["Name"] == name
    assert created["Status"] == "Draft"
    assert created["Installations"] == 0
    assert created["Version"] == "v1.0"
    assert (
        DATE.match(created["CreatedOn"])
        and created["ModifiedOn"] == created["CreatedOn"]
    )
    assert created["HelpUrl"] is None and created["Actions"] == []
    assert created["Features"] == ["Click to call"] and created["Logo"] == PNG


def test_get_by_id_returns_the_stored_record(demo: httpx.Client) -> None:
    created = _create(
        demo,
        Actions=[
            {
                "Label": "Call",
                "Type": "Popup",
                "CallbackUrl": "https://connector.example.com/call",
                "RestrictedRoles": ["Sales User"],
            }
        ],
    )

    response = demo.get("Connector.svc/Connector.GetById", params={"id": created["Id"]})

    assert response.status_code == 200
    assert response.json() == created
    assert response.json()["Actions"][0]["RestrictedRoles"] == ["Sales User"]


def test_get_by_unknown_id_is_not_found(demo: httpx.Client) -> None:
    response = demo.get(
        "Connector.svc/Connector.GetById", params={"id": str(uuid.uuid4())}
    )

    _error(response, 400, "MXConnectorNotFoundException")


def test_list_pages_through_the_account_with_record_count(
    portal: RunningEmulator,
) -> None:
    with portal.client(LISTER_ACCOUNT) as lister:
        names = [_create(lister)["Name"] for _ in range(5)]

        pages = [
            lister.post(
                "Connector.svc/Connectors.Get",
                json={"Paging": {"PageIndex": index, "PageSize": 2}},
            ).json()
            for index in (1, 2, 3, 4)
        ]
        by_name = lister.post(
            "Connector.svc/Connectors.Get",
            json={"Paging": {"PageIndex": 1, "PageSize": 10}, "Name": names[3].upper()},
        ).json()

    assert [page["RecordCount"] for page in pages] == [5, 5, 5, 5]
    assert [len(page["Connectors"]) for page in pages] == [2, 2, 1, 0]
    assert [c["Name"] for page in pages for c in page["Connectors"]] == names
    assert by_name["RecordCount"] == 1
    assert by_name["Connectors"][0]["Name"] == names[3]


def test_update_replaces_the_content_and_bumps_modified_on(demo: httpx.Client) -> None:
    created = _create(
        demo, HelpUrl="https://connector.example.com/help", Version="v1.2"
    )
    time.sleep(1.05)

    response = demo.post(
        "Connector.svc/Connector.Update",
        params={"id": created["Id"]},
        json=_content(created["Name"], Description="New words", Features=["Fast"]),
    )

    assert response.status_code == 200, response.text
    updated = response.json()["Connector"]
    assert updated["Description"] == "New words"
    assert updated["Features"] == ["Fast"]
    assert updated["HelpUrl"] is None
    assert updated["Version"] == "v1.0"
    assert updated["CreatedOn"] == created["CreatedOn"]
    assert updated["ModifiedOn"] > created["ModifiedOn"]


def test_developer_status_changes_follow_the_transition_table(
    demo: httpx.Client,
) -> None:
    connector_id = _create(demo)["Id"]

    refused_from_draft = _set(demo, connector_id, "In Review")
    published = _set(demo, connector_id, "Published")
    unpublished = _set(demo, connector_id, "Draft")
    _set(demo, connector_id, "Published")
    in_review = _set(demo, connector_id, "In Review")
    refused_live = _set(demo, connector_id, "Live")
    not_a_status = _set(demo, connector_id, "Approved")

    _error(refused_from_draft, 400, "MXInvalidStatusTransitionException")
    assert published.json()["Connector"]["Status"] == "Published"
    assert unpublished.json()["Connector"]["Status"] == "Draft"
    assert in_review.json()["Connector"]["Status"] == "In Review"
    _error(refused_live, 400, "MXInvalidStatusTransitionException")
    assert "Status" in _error(not_a_status, 400, "MXInvalidRequestException")


def test_update_is_refused_while_in_review(demo: httpx.Client) -> None:
    connector = _in_review(demo)

    response = demo.post(
        "Connector.svc/Connector.Update",
        params={"id": connector["Id"]},
        json=_content(connector["Name"], Description="Sneaky edit"),
    )

    _error(response, 400, "MXConnectorLockedException")


def test_delete_removes_a_draft(demo: httpx.Client) -> None:
    connector_id = _create(demo)["Id"]

    deleted = demo.post("Connector.svc/Connector.Delete", params={"id": connector_id})
    after = demo.get("Connector.svc/Connector.GetById", params={"id": connector_id})

    assert deleted.status_code == 200 and deleted.json() == {"Status": "Success"}
    _error(after, 400, "MXConnectorNotFoundException")


def test_delete_is_refused_in_review_and_live(
    demo: httpx.Client, reviewer: httpx.Client
) -> None:
    in_review = _in_review(demo)["Id"]
    live = _in_review(demo)["Id"]
    assert _review(reviewer, live, "Live").status_code == 200

    for connector_id in (in_review, live):
        response = demo.post(
            "Connector.svc/Connector.Delete", params={"id": connector_id}
        )
        _error(response, 400, "MXConnectorDeleteNotAllowedException")


def test_duplicate_names_are_refused_regardless_of_case(
    demo: httpx.Client, other: httpx.Client
) -> None:
    first = _create(demo)
    second = _create(demo)

    again = demo.post(
        "Connector.svc/Connector.Create", json=_content(first["Name"].swapcase())
    )
    renamed = demo.post(
        "Connector.svc/Connector.Update",
        params={"id": second["Id"]},
        json=_content(first["Name"].lower()),
    )
    own_name_new_case = demo.post(
        "Connector.svc/Connector.Update",
        params={"id": first["Id"]},
        json=_content(first["Name"].upper()),
    )
    other_account = other.post(
        "Connector.svc/Connector.Create", json=_content(first["Name"])
    )

    assert first["Id"] in _error(again, 400, "MXDuplicateEntryException")
    assert first["Id"] in _error(renamed, 400, "MXDuplicateEntryException")
    assert own_name_new_case.status_code == 200
    assert other_account.status_code == 200


def test_categories_lists_the_portal_categories(demo: httpx.Client) -> None:
    response = demo.get("Connector.svc/Categories.Get")

    assert response.status_code == 200
    assert {"SMS", "Telephony", "Chat", "Other"} <= set(response.json()["Categories"])


# Export and import


def test_export_then_import_arrives_as_draft_in_another_account(
    demo: httpx.Client, other: httpx.Client
) -> None:
    source = _create(demo, Features=["One", "Two"], SupportUrl="https://example.com/s")
    _set(demo, source["Id"], "Published")

    exported = demo.get("Connector.svc/Connector.Export", params={"id": source["Id"]})
    imported = other.post("Connector.svc/Connector.Import", json=exported.json())
    into_same_account = demo.post(
        "Connector.svc/Connector.Import", json=exported.json()
    )

    document = exported.json()
    assert document["FormatVersion"] == 1 and DATE.match(document["ExportedOn"])
    assert document["Connector"]["Name"] == source["Name"]
    assert "Id" not in document["Connector"] and "Status" not in document["Connector"]
    assert imported.status_code == 200, imported.text
    connector = imported.json()["Connector"]
    assert connector["Status"] == "Draft"
    assert connector["Id"] != source["Id"]
    assert {k: connector[k] for k in document["Connector"]} == document["Connector"]
    _error(into_same_account, 400, "MXDuplicateEntryException")


def test_import_refuses_a_document_of_another_format(demo: httpx.Client) -> None:
    document = {
        "FormatVersion": 2,
        "ExportedOn": "2026-01-01 00:00:00",
        "Connector": _content(),
    }

    response = demo.post("Connector.svc/Connector.Import", json=document)

    assert "FormatVersion" in _error(response, 400, "MXInvalidRequestException")


# The review endpoint


def test_review_moves_any_accounts_connector_with_the_admin_key(
    other: httpx.Client, reviewer: httpx.Client
) -> None:
    connector_id = _in_review(other)["Id"]

    live = _review(reviewer, connector_id, "Live")
    hidden = _review(reviewer, connector_id, "Hidden")
    restored = _review(reviewer, connector_id, "Live")
    refused = _review(reviewer, connector_id, "Published")

    assert live.json()["Connector"]["Status"] == "Live"
    assert hidden.json()["Connector"]["Status"] == "Hidden"
    assert restored.json()["Connector"]["Status"] == "Live"
    _error(refused, 400, "MXInvalidStatusTransitionException")


def test_review_rejects_back_to_draft(
    demo: httpx.Client, reviewer: httpx.Client
) -> None:
    connector_id = _in_review(demo)["Id"]

    rejected = _review(reviewer, connector_id, "Draft")

    assert rejected.json()["Connector"]["Status"] == "Draft"


def test_review_refuses_a_wrong_or_missing_admin_key(
    portal: RunningEmulator, demo: httpx.Client
) -> None:
    connector_id = _in_review(demo)["Id"]
    path = "Review.svc/Connector.SetStatus"

    with httpx.Client(base_url=f"{portal.url}/v2/", timeout=10) as anonymous:
        wrong = anonymous.post(
            path,
            params={"id": connector_id},
            json={"Status": "Live"},
            headers={"x-LSQ-AdminKey": "guess"},
        )
        missing = anonymous.post(
            path, params={"id": connector_id}, json={"Status": "Live"}
        )
    developer_keys = _review(demo, connector_id, "Live")

    for response in (wrong, missing, developer_keys):
        _error(response, 401, "MXUnAuthorizedException")
    status = demo.get("Connector.svc/Connector.GetById", params={"id": connector_id})
    assert status.json()["Status"] == "In Review"


def test_review_of_an_unknown_id_is_not_found(reviewer: httpx.Client) -> None:
    response = _review(reviewer, str(uuid.uuid4()), "Live")

    _error(response, 400, "MXConnectorNotFoundException")


# Authentication and accounts


def test_keys_in_query_parameters_authenticate(portal: RunningEmulator) -> None:
    response = httpx.get(
        f"{portal.url}/v2/Connector.svc/Categories.Get",
        params={
            "accessKey": DEMO_ACCOUNT.access_key,
            "secretKey": DEMO_ACCOUNT.secret_key,
        },
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"x-LSQ-AccessKey": DEMO_ACCOUNT.access_key, "x-LSQ-SecretKey": "wrong"},
        {"x-LSQ-AccessKey": "nobody", "x-LSQ-SecretKey": DEMO_ACCOUNT.secret_key},
        {"x-LSQ-AccessKey": DEMO_ACCOUNT.access_key},
    ],
    ids=["no keys", "wrong secret", "unknown access key", "no secret"],
)
def test_missing_or_wrong_keys_are_unauthorized(
    portal: RunningEmulator, headers: dict[str, str]
) -> None:
    response = httpx.post(
        f"{portal.url}/v2/Connector.svc/Connector.Create",
        json=_content(),
        headers=headers,
    )

    _error(response, 401, "MXUnAuthorizedException")


def test_accounts_cannot_see_or_change_each_others_connectors(
    demo: httpx.Client, other: httpx.Client
) -> None:
    theirs = _create(other)
    by_id = {"id": theirs["Id"]}

    attempts = [
        demo.get("Connector.svc/Connector.GetById", params=by_id),
        demo.get("Connector.svc/Connector.Export", params=by_id),
        demo.post("Connector.svc/Connector.Update", params=by_id, json=_content()),
        _set(demo, theirs["Id"], "Published"),
        demo.post("Connector.svc/Connector.Delete", params=by_id),
    ]
    listed = demo.post(
        "Connector.svc/Connectors.Get",
        json={"Paging": {"PageIndex": 1, "PageSize": 1000}, "Name": theirs["Name"]},
    )

    for response in attempts:
        _error(response, 400, "MXConnectorNotFoundException")
    assert listed.json() == {"RecordCount": 0, "Connectors": []}
    unchanged = other.get("Connector.svc/Connector.GetById", params=by_id).json()
    assert unchanged == theirs


# Bad input: always LeadSquared's error shape, never a 500


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b'{"Name": "x",', "JSON"),
        (b'\xff\xfe{"Name"', "JSON"),
        (b"[" * 50_000 + b"]" * 50_000, "JSON"),
        (b"[1, 2]", "JSON object"),
        (b"", "required"),
        (b'{"Name": 7, "Description": "d", "Category": "SMS"}', "Name"),
        (b'{"Name": "x", "Description": "d", "Category": "Sms"}', "Category"),
        (b'{"Name": "x", "Description": "d", "Category": "SMS"}', "ConfigurationUrl"),
    ],
    ids=[
        "malformed",
        "not utf-8",
        "too deep",
        "not an object",
        "empty",
        "wrong type",
        "bad enum",
        "missing",
    ],
)
def test_bad_bodies_are_invalid_requests(
    demo: httpx.Client, body: bytes, named: str
) -> None:
    response = demo.post(
        "Connector.svc/Connector.Create",
        content=body,
        headers={"content-type": "application/json"},
    )

    assert named in _error(response, 400, "MXInvalidRequestException")


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"Name": "n" * 21}, "Name"),
        ({"Description": "d" * 201}, "Description"),
        ({"ConfigurationUrl": "http://connector.example.com"}, "ConfigurationUrl"),
        ({"Version": "1.0"}, "Version"),
        ({"Logo": "bm90IGFuIGltYWdl"}, "Logo"),
        ({"Features": ["f"] * 21}, "Features"),
        ({"Actions": [{"Label": "Call", "Type": "Popup"}]}, "Actions[0].CallbackUrl"),
        ({"configurationUrl": "https://a.example.com"}, "configurationUrl"),
    ],
    ids=[
        "long name",
        "long description",
        "http url",
        "version",
        "logo",
        "features",
        "action",
        "unknown key",
    ],
)
def test_field_limits_name_the_field(
    demo: httpx.Client, fields: dict[str, Any], named: str
) -> None:
    response = demo.post("Connector.svc/Connector.Create", json=_content(**fields))

    assert named in _error(response, 400, "MXInvalidRequestException")


def test_paging_must_be_whole_numbers(demo: httpx.Client) -> None:
    response = demo.post(
        "Connector.svc/Connectors.Get",
        json={"Paging": {"PageIndex": "1", "PageSize": 0}},
    )

    message = _error(response, 400, "MXInvalidRequestException")
    assert "Paging.PageIndex" in message and "Paging.PageSize" in message


def test_an_operation_without_its_id_is_an_invalid_request(demo: httpx.Client) -> None:
    response = demo.get("Connector.svc/Connector.GetById")

    assert "id" in _error(response, 400, "MXInvalidRequestException")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v2/Connector.svc/Connector.Nope"),
        ("POST", "/v2/Connector.svc/Categories.Get"),
        ("GET", "/v2/Connector.svc/Connector.Create"),
        ("GET", "/nowhere"),
    ],
)
def test_unknown_operations_are_invalid_api_signatures(
    demo: httpx.Client, portal: RunningEmulator, method: str, path: str
) -> None:
    response = demo.request(method, f"{portal.url}{path}")

    _error(response, 404, "MXInvalidAPISignatureException")


def test_a_body_over_256_kb_is_too_large(demo: httpx.Client) -> None:
    response = demo.post(
        "Connector.svc/Connector.Create",
        json=_content(DetailedDescription="x" * (300 * 1024)),
    )

    _error(response, 413, "MXRequestTooLargeException")


# Emulator endpoints


def test_stats_count_every_call_including_refused_ones(
    portal: RunningEmulator, demo: httpx.Client
) -> None:
    portal.reset_stats()
    created = _create(demo)
    demo.post("Connector.svc/Connector.Create", json=_content(created["Name"]))
    httpx.get(f"{portal.url}/v2/Connector.svc/Categories.Get")
    demo.get("Connector.svc/Connector.GetById", params={"id": created["Id"]})

    stats = portal.stats()

    assert stats["Operations"] == {
        "Connector.Create": 2,
        "Categories.Get": 1,
        "Connector.GetById": 1,
    }
    assert [
        (r["Operation"], r["Id"], r["Code"], r["Account"]) for r in stats["Requests"]
    ] == [
        ("Connector.Create", created["Id"], 200, "demo"),
        ("Connector.Create", None, 400, "demo"),
        ("Categories.Get", None, 401, None),
        ("Connector.GetById", created["Id"], 200, "demo"),
    ]
    portal.reset_stats()
    assert portal.stats() == {"Operations": {}, "Requests": []}


def test_openapi_describes_the_operations_and_their_bodies(
    portal: RunningEmulator,
) -> None:
    schema = httpx.get(f"{portal.url}/openapi.json").json()

    paths = schema["paths"]
    assert "/v2/Connector.svc/Connector.Create" in paths
    assert "/v2/Review.svc/Connector.SetStatus" in paths
    assert not any(path.startswith("/_emulator") for path in paths)
    create_body = paths["/v2/Connector.svc/Connector.Create"]["post"]["requestBody"]
    reference = create_body["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]["properties"]
    assert {"Name", "ConfigurationUrl", "Actions"} <= set(fields)


def test_health_answers_without_keys(portal: RunningEmulator) -> None:
    assert httpx.get(f"{portal.url}/_emulator/health").json() == {"Status": "Success"}


# Rate limit, persistence and faults: each with an emulator of its own


def test_rate_limit_answers_429_per_access_key(tmp_path: Path) -> None:
    with start_emulator(
        tmp_path / "limited.db",
        accounts=(DEMO_ACCOUNT, OTHER_ACCOUNT),
        admin_key=ADMIN_KEY,
        rate_limit=3,
        rate_window=30,
    ) as emulator:
        with emulator.client(DEMO_ACCOUNT) as demo:
            answers = [demo.get("Connector.svc/Categories.Get") for _ in range(4)]
        with emulator.client(OTHER_ACCOUNT) as other:
            other_account = other.get("Connector.svc/Categories.Get")
        reviewer = httpx.post(
            f"{emulator.url}/v2/Review.svc/Connector.SetStatus",
            params={"id": "none"},
            json={"Status": "Live"},
            headers={"x-LSQ-AdminKey": ADMIN_KEY},
        )

    assert [answer.status_code for answer in answers[:3]] == [200, 200, 200]
    _error(answers[3], 429, "MXAPIRateLimitExceededException")
    assert other_account.status_code == 200
    _error(reviewer, 400, "MXConnectorNotFoundException")


def test_connectors_survive_a_restart_with_the_same_data_file(tmp_path: Path) -> None:
    data_file = tmp_path / "kept.db"
    with start_emulator(data_file) as first, first.client(DEMO_ACCOUNT) as demo:
        created = _create(demo)
        _set(demo, created["Id"], "Published")

    with start_emulator(data_file) as second, second.client(DEMO_ACCOUNT) as demo:
        found = demo.get(
            "Connector.svc/Connector.GetById", params={"id": created["Id"]}
        )

    assert found.status_code == 200
    assert found.json()["Name"] == created["Name"]
    assert found.json()["Status"] == "Published"


FAULTS = {
    "500": Faults(error_500=1.0),
    "429": Faults(error_429=1.0),
    "throttle-200": Faults(throttle_200=1.0),
    "drop": Faults(drop=1.0),
    "lost-response": Faults(lost_response=1.0),
    "latency": Faults(latency_ms=400),
}


@pytest.fixture(scope="module")
def faulty(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, RunningEmulator]]:
    """One emulator per fault, each injecting it into every call it can."""
    folder = tmp_path_factory.mktemp("faults")
    with ThreadPoolExecutor(max_workers=len(FAULTS)) as pool:
        futures = {
            name: pool.submit(start_emulator, folder / f"{name}.db", faults=faults)
            for name, faults in FAULTS.items()
        }
        emulators = {name: future.result() for name, future in futures.items()}
    yield emulators
    for emulator in emulators.values():
        emulator.process.terminate()  # all at once; stop() then waits for each
    for emulator in emulators.values():
        emulator.stop()


@pytest.mark.parametrize(
    ("fault", "status", "exception_type"),
    [
        ("500", 500, "MXInternalServerException"),
        ("429", 429, "MXAPIRateLimitExceededException"),
        ("throttle-200", 200, "MXAPIRateLimitExceededException"),
    ],
)
def test_error_faults_replace_the_answer(
    faulty: dict[str, RunningEmulator], fault: str, status: int, exception_type: str
) -> None:
    emulator = faulty[fault]
    with emulator.client(DEMO_ACCOUNT) as demo:
        response = demo.post("Connector.svc/Connector.Create", json=_content())

    _error(response, status, exception_type)
    assert emulator.stats()["Requests"][-1]["Fault"] == fault
    assert httpx.get(f"{emulator.url}/_emulator/health").status_code == 200


def test_drop_fault_closes_the_connection_without_an_answer(
    faulty: dict[str, RunningEmulator],
) -> None:
    emulator = faulty["drop"]
    with (
        emulator.client(DEMO_ACCOUNT) as demo,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        demo.get("Connector.svc/Categories.Get")

    call = emulator.stats()["Requests"][-1]
    assert (call["Operation"], call["Code"], call["Fault"]) == (
        "Categories.Get",
        None,
        "drop",
    )


def test_lost_response_fault_stores_the_write_then_drops(
    faulty: dict[str, RunningEmulator],
) -> None:
    emulator = faulty["lost-response"]
    name = _name()
    with emulator.client(DEMO_ACCOUNT) as demo:
        with pytest.raises(httpx.RemoteProtocolError):
            demo.post("Connector.svc/Connector.Create", json=_content(name))
        found = demo.post(
            "Connector.svc/Connectors.Get",
            json={"Paging": {"PageIndex": 1, "PageSize": 10}, "Name": name},
        )

    assert found.status_code == 200
    assert [c["Name"] for c in found.json()["Connectors"]] == [name]
    lost = emulator.stats()["Requests"][-2]
    assert lost["Id"] == found.json()["Connectors"][0]["Id"]
    assert lost["Fault"] == "lost-response"


def test_latency_fault_delays_api_calls_only(
    faulty: dict[str, RunningEmulator],
) -> None:
    emulator = faulty["latency"]
    with emulator.client(DEMO_ACCOUNT) as demo:
        demo.get("Connector.svc/Categories.Get")  # warm the connection
        started = time.monotonic()
        response = demo.get("Connector.svc/Categories.Get")
        api_seconds = time.monotonic() - started
        started = time.monotonic()
        httpx.get(f"{emulator.url}/_emulator/health")
        health_seconds = time.monotonic() - started

    assert response.status_code == 200
    assert api_seconds >= 0.4
    assert health_seconds < 0.4


# Command line


def test_options_default_from_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LSQ_EMULATOR_RATE_LIMIT", "7")
    monkeypatch.setenv("LSQ_EMULATOR_FAULT_500", "0.5")
    monkeypatch.setenv("LSQ_EMULATOR_ACCOUNT", "a:ak:as,b:bk:bs:with:colons")

    settings = settings_from(build_parser().parse_args(["--rate-window", "9"]))

    assert settings.rate_limit == 7 and settings.rate_window == 9
    assert settings.faults.error_500 == 0.5
    assert [(a.name, a.access_key, a.secret_key) for a in settings.accounts] == [
        ("a", "ak", "as"),
        ("b", "bk", "bs:with:colons"),
    ]
    assert "ak" not in repr(settings)
