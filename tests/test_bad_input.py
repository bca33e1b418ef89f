"""Malformed connector declarations fail at `pulumi preview` and never reach the portal.

Each case declares one connector with one thing wrong and runs a preview with the
real CLI. The preview must fail with a line that names the property (camelCase,
as the user wrote it) and the rule it breaks, and the portal emulator must not
have been called at all: `check` runs before anything asks the portal.

The engine stops a preview at the first resource whose check fails, so a program
of many bad connectors reports one of them; every case therefore gets its own
preview. The emulator and the stack are shared by the whole module; the stack
never holds a resource, so each preview starts from an empty stack, and each
costs one to two seconds.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pulumi import automation as auto

from e2e import ACCESS_KEY, ADMIN_KEY, SECRET_KEY, Deployment, connector
from lsq_emulator import Account
from lsq_emulator.testing import RunningEmulator, start_emulator
from pulumi_leadsquared import ActionArgs

pytestmark = pytest.mark.e2e

# How the engine reports a CheckFailure(property, reason).
# The engine's line for a check failure. A logo's failure names the property in
# its reason, so that the engine does not print kilobytes of base64 beside it.
PROBLEM = re.compile(
    r"resource '(?P<resource>[^']*)'(?:: property (?P<property>\S+) value \{.*\})?"
    r" has a problem: (?:property (?P<named>\S+) has a problem: )?(?P<reason>.*)$"
)


def action(**overrides: Any) -> ActionArgs:
    """A valid action, with `overrides` applied."""
    fields: dict[str, Any] = {
        "label": "Call",
        "type": "Popup",
        "callback_url": "https://connectors.example.com/call?p=@lead.phone",
        **overrides,
    }
    return ActionArgs(**fields)


def logo(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Case:
    """One malformed declaration: a valid connector with `overrides` applied."""

    id: str
    property: str
    rule: str
    overrides: dict[str, Any] = field(default_factory=dict)


CASES = [
    # name
    Case("name-too-long", "name", "at most 20 characters", {"name": "N" * 21}),
    Case("name-empty", "name", "at least 1 character", {"name": ""}),
    Case("name-missing", "name", "is required", {"name": None}),
    Case("name-number", "name", "should be a valid string", {"name": 42}),
    # description
    Case(
        "description-too-long",
        "description",
        "at most 200 characters",
        {"description": "D" * 201},
    ),
    Case(
        "description-blank", "description", "at least 1 character", {"description": " "}
    ),
    Case("description-missing", "description", "is required", {"description": None}),
    Case(
        "detailed-description-too-long",
        "detailedDescription",
        "at most 4000 characters",
        {"detailed_description": "D" * 4001},
    ),
    # category
    Case(
        "category-unknown",
        "category",
        "should be 'SMS', 'Telephony', 'Chat'",
        {"category": "Telephone"},
    ),
    Case(
        "category-wrong-case",
        "category",
        "should be 'SMS', 'Telephony', 'Chat'",
        {"category": "sms"},
    ),
    Case("category-missing", "category", "is required", {"category": None}),
    # version
    Case("version-without-v", "version", "must look like v1.0", {"version": "1.0"}),
    Case(
        "version-three-parts", "version", "must look like v1.0", {"version": "v1.0.1"}
    ),
    Case("version-word", "version", "must look like v1.0", {"version": "latest"}),
    # configurationUrl
    Case(
        "configuration-url-http",
        "configurationUrl",
        "must be an HTTPS URL",
        {"configuration_url": "http://connectors.example.com/config"},
    ),
    Case(
        "configuration-url-without-scheme",
        "configurationUrl",
        "must be an HTTPS URL",
        {"configuration_url": "connectors.example.com/config"},
    ),
    Case(
        "configuration-url-without-host",
        "configurationUrl",
        "must be a well-formed URL with a host name",
        {"configuration_url": "https://"},
    ),
    Case(
        "configuration-url-port-not-a-number",
        "configurationUrl",
        "must be a well-formed URL",
        {"configuration_url": "https://connectors.example.com:config/"},
    ),
    Case(
        "configuration-url-missing",
        "configurationUrl",
        "is required",
        {"configuration_url": None},
    ),
    # helpUrl
    Case(
        "help-url-http",
        "helpUrl",
        "must be an HTTPS URL",
        {"help_url": "http://help.example.com/"},
    ),
    Case(
        "help-url-with-space",
        "helpUrl",
        "must be a well-formed URL with a host name",
        {"help_url": "https://help.example.com/getting started"},
    ),
    Case(
        "help-url-empty-host-label",
        "helpUrl",
        "must be a well-formed URL",
        {"help_url": "https://help..example.com/"},
    ),
    Case(
        "help-url-too-long",
        "helpUrl",
        "at most 2000 characters",
        {"help_url": "https://help.example.com/" + "a" * 2000},
    ),
    # supportUrl
    Case(
        "support-url-mailto",
        "supportUrl",
        "must be an HTTPS URL",
        {"support_url": "mailto:support@example.com"},
    ),
    Case(
        "support-url-bare-host",
        "supportUrl",
        "must be a well-formed URL with a host name",
        {"support_url": "https://localhost/support"},
    ),
    Case(
        "support-url-port-out-of-range",
        "supportUrl",
        "must be a well-formed URL",
        {"support_url": "https://support.example.com:99999/"},
    ),
    # actions[i].callbackUrl
    Case(
        "callback-url-http",
        "actions[0].callbackUrl",
        "must be an HTTPS URL",
        {"actions": [action(callback_url="http://connectors.example.com/call")]},
    ),
    Case(
        "second-callback-url-without-host",
        "actions[1].callbackUrl",
        "must be a well-formed URL with a host name",
        {"actions": [action(), action(label="Text", callback_url="https:///sms")]},
    ),
    Case(
        "callback-url-missing",
        "actions[0].callbackUrl",
        "is required",
        {"actions": [action(callback_url=None)]},
    ),
    # logo
    Case(
        "logo-over-20-kb",
        "logo",
        "the portal accepts at most 20480 bytes",
        {"logo": logo(PNG_SIGNATURE + bytes(20 * 1024))},
    ),
    Case(
        "logo-text",
        "logo",
        "must be a PNG, JPEG, GIF or SVG image",
        {"logo": logo(b"Exotel Calls logo")},
    ),
    Case(
        "logo-pdf",
        "logo",
        "must be a PNG, JPEG, GIF or SVG image",
        {"logo": logo(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")},
    ),
    Case(
        "logo-not-base64",
        "logo",
        "must be base64-encoded image data",
        {"logo": "not base64 at all!"},
    ),
    Case(
        "logo-data-uri",
        "logo",
        "must be base64-encoded image data",
        {"logo": "data:image/png;base64," + logo(PNG_SIGNATURE)},
    ),
    # status: the unknown ones must be told what a developer may declare.
    Case(
        "status-unknown",
        "status",
        "Draft, Published or In Review",
        {"status": "Approved"},
    ),
    Case("status-number", "status", "Draft, Published or In Review", {"status": 3}),
    Case(
        "status-live", "status", "'Live' is set by LeadSquared only", {"status": "Live"}
    ),
    Case(
        "status-hidden",
        "status",
        "'Hidden' is set by LeadSquared only",
        {"status": "Hidden"},
    ),
    # region and environment
    Case(
        "region-unknown",
        "region",
        "should be 'india', 'usa', 'singapore', 'ireland' or 'jakarta'",
        {"region": "europe"},
    ),
    Case(
        "environment-unknown",
        "environment",
        "should be 'staging' or 'live'",
        {"environment": "production"},
    ),
    Case(
        "jakarta-on-default-staging",
        "environment",
        "region 'jakarta' has no staging environment",
        {"region": "jakarta"},
    ),
    Case(
        "jakarta-on-staging",
        "environment",
        "region 'jakarta' has no staging environment",
        {"region": "jakarta", "environment": "staging"},
    ),
    # actions
    Case(
        "action-label-empty",
        "actions[0].label",
        "at least 1 character",
        {"actions": [action(label="")]},
    ),
    Case(
        "action-label-too-long",
        "actions[0].label",
        "at most 50 characters",
        {"actions": [action(label="L" * 51)]},
    ),
    Case(
        "action-label-number",
        "actions[0].label",
        "should be a valid string",
        {"actions": [action(label=7)]},
    ),
    Case(
        "action-type-unknown",
        "actions[0].type",
        "should be 'Popup', 'ApiCall' or 'NewWindow'",
        {"actions": [action(type="Modal")]},
    ),
    Case(
        "second-action-type-wrong-case",
        "actions[1].type",
        "should be 'Popup', 'ApiCall' or 'NewWindow'",
        {"actions": [action(), action(label="Text", type="popup")]},
    ),
    Case(
        "restricted-roles-not-a-list",
        "actions[0].restrictedRoles",
        "must be a list",
        {"actions": [action(restricted_roles="Sales User")]},
    ),
    Case(
        "too-many-actions",
        "actions",
        "at most 20 items",
        {"actions": [action(label=f"Call {i}") for i in range(21)]},
    ),
    # features
    Case("features-number", "features", "must be a list", {"features": 5}),
    Case(
        "too-many-features",
        "features",
        "at most 20 items",
        {"features": [f"Feature {i}" for i in range(21)]},
    ),
    Case(
        "feature-empty",
        "features[1]",
        "at least 1 character",
        {"features": ["Click to call", ""]},
    ),
    Case(
        "feature-too-long",
        "features[0]",
        "at most 200 characters",
        {"features": ["F" * 201]},
    ),
    Case(
        "feature-number",
        "features[1]",
        "should be a valid string",
        {"features": ["Click to call", 5]},
    ),
    # LeadSquared API hosts of another environment or region
    Case(
        "live-connector-calls-staging-host",
        "configurationUrl",
        "calls LeadSquared API host 'api-in21.lsq-staging.com', but a live "
        "connector in region 'india' must call 'api-in21.leadsquared.com'",
        {"environment": "live"},
    ),
    Case(
        "staging-connector-calls-live-host",
        "actions[0].callbackUrl",
        "calls LeadSquared API host 'api-in21.leadsquared.com', but a staging "
        "connector in region 'india' must call 'api-in21.lsq-staging.com'",
        {
            "actions": [
                action(callback_url="https://api-in21.leadsquared.com/v2/Leads.Get")
            ]
        },
    ),
    Case(
        "india-connector-calls-usa-host",
        "helpUrl",
        "calls LeadSquared API host 'api-us11.lsq-staging.com', but a staging "
        "connector in region 'india' must call 'api-in21.lsq-staging.com'",
        {"help_url": "https://help.example.com/?api=https://api-us11.lsq-staging.com"},
    ),
    Case(
        "usa-connector-calls-india-host",
        "configurationUrl",
        "calls LeadSquared API host 'api-in21.lsq-staging.com', but a staging "
        "connector in region 'usa' must call 'api-us11.lsq-staging.com'",
        {"region": "usa"},
    ),
    Case(
        "india-connector-calls-encoded-singapore-host",
        "supportUrl",
        "calls LeadSquared API host 'api.lsq-staging.com', but a staging "
        "connector in region 'india' must call 'api-in21.lsq-staging.com'",
        {
            "support_url": "https://support.example.com/?api=https%3A%2F%2Fapi.lsq-staging.com"
        },
    ),
    # adopt
    Case(
        "adopt-not-a-boolean-or-id",
        "adopt",
        "must be true (adopt by name) or a connector id",
        {"adopt": 5},
    ),
]


@pytest.fixture(scope="module")
def shared_emulator(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RunningEmulator]:
    """One emulator for the module; `quiet_portal` resets its counts per test."""
    folder = tmp_path_factory.mktemp("bad-input-portal")
    with start_emulator(
        folder / "portal.db",
        accounts=[Account("e2e", ACCESS_KEY, SECRET_KEY)],
        admin_key=ADMIN_KEY,
        rate_limit=1000,
        log_file=folder / "emulator.log",
    ) as running:
        yield running


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory,
    shared_emulator: RunningEmulator,
    pulumi_cli_path: str,
) -> Deployment:
    # The folder's name is the project's: it keeps this module's connector names
    # apart from those other test modules declare in the same process.
    return Deployment(
        work_dir=tmp_path_factory.mktemp("bad-input"), portal_url=shared_emulator.url
    )


@pytest.fixture(scope="module")
def stack(deployment: Deployment) -> auto.Stack:
    """The stack, made once; its program declares whatever `deployment` holds."""
    return deployment.stack()


@pytest.fixture
def quiet_portal(shared_emulator: RunningEmulator) -> Iterator[RunningEmulator]:
    """The emulator, asserted after the test to have answered no call at all."""
    shared_emulator.reset_stats()
    yield shared_emulator
    # `check` runs before anything asks the portal, so not even a read is made.
    assert shared_emulator.stats()["Operations"] == {}


def failed_preview(
    deployment: Deployment, stack: auto.Stack, declarations: list[dict[str, Any]]
) -> str:
    """The CLI's output of a preview of `declarations`, which must fail."""
    deployment.connectors = declarations
    try:
        stack.preview(color="never")
    except auto.CommandError as error:
        return str(error)
    pytest.fail("the preview accepted the declaration")


def problems(output: str) -> dict[tuple[str, str], str]:
    """(resource, property) -> reason of each check failure the engine reported."""
    found: dict[tuple[str, str], str] = {}
    for line in output.splitlines():
        match = PROBLEM.search(line)
        if match:
            prop = match["property"] or match["named"] or ""
            found[match["resource"], prop] = match["reason"]
    return found


def shortened(output: str, width: int = 300) -> str:
    """`output` with each line cut to `width`, for assertion messages."""
    return "\n".join(line[:width] for line in output.splitlines())


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_preview_rejects_the_declaration_naming_property_and_rule(
    case: Case, deployment: Deployment, stack: auto.Stack, quiet_portal: RunningEmulator
) -> None:
    # The connector's own name is unique per case unless the case is about it.
    declaration = connector(
        case.id, **{"name": f"Bad input {CASES.index(case)}", **case.overrides}
    )

    output = failed_preview(deployment, stack, [declaration])

    reported = problems(output)
    assert list(reported) == [(case.id, case.property)], shortened(output)
    assert case.rule in reported[case.id, case.property]
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("first", "first_name", "second", "second_name"),
    [
        pytest.param("twin-a", "Twin Calls", "twin-b", "Twin Calls", id="same-name"),
        pytest.param(
            "twin-c", "Twin Texts", "twin-d", " twin TEXTS ", id="name-in-other-case"
        ),
    ],
)
def test_preview_rejects_two_connectors_of_one_name(
    first: str,
    first_name: str,
    second: str,
    second_name: str,
    deployment: Deployment,
    stack: auto.Stack,
    quiet_portal: RunningEmulator,
) -> None:
    declarations = [
        connector(first, name=first_name),
        connector(second, name=second_name),
    ]

    output = failed_preview(deployment, stack, declarations)

    assert (
        f"Connector '{second}': property name '{second_name}' is already declared "
        f"by Connector '{first}' on the staging portal; connector names are unique "
        "within a portal account"
    ) in output, shortened(output)
    # The program stops with that sentence alone, as it does for a check failure.
    assert "Traceback" not in output, shortened(output)


def test_the_valid_declaration_previews_cleanly(
    deployment: Deployment, stack: auto.Stack, quiet_portal: RunningEmulator
) -> None:
    # The cases above differ from this declaration only by what they break.
    deployment.connectors = [connector("valid-control", name="Valid control")]

    result = stack.preview(color="never")

    assert result.change_summary == {"create": 2}  # the connector and the stack
