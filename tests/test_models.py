"""A connector declaration's limits, as a Pulumi program's author meets them."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from pydantic import ValidationError

from pulumi_leadsquared._models import (
    ConnectorContent,
    ConnectorSpec,
    PortalConnector,
    as_inputs,
    content_differences,
)
from pulumi_leadsquared._regions import Environment, Region
from pulumi_leadsquared._status import Status

# A real 1 x 1 PNG image.
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg"
    "AAAABJRU5ErkJggg=="
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LOGO_LIMIT = 20 * 1024


def inputs(**changes: Any) -> dict[str, Any]:
    """A valid declaration's property bag, camelCase as a program writes it."""
    return {
        "name": "Exotel Calls",
        "description": "Click to call leads from LeadSquared through Exotel.",
        "category": "Telephony",
        "configurationUrl": "https://connector.example.com/configure",
        **changes,
    }


def action(**changes: Any) -> dict[str, Any]:
    return {
        "label": "Call lead",
        "type": "ApiCall",
        "callbackUrl": "https://connector.example.com/call?phone=@lead.phone",
        **changes,
    }


def logo_of(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def rejection(bag: dict[str, Any]) -> tuple[tuple[str | int, ...], str]:
    """The one validation error a declaration raises, as (loc, message)."""
    with pytest.raises(ValidationError) as caught:
        ConnectorSpec.model_validate(bag)

    errors = caught.value.errors()
    assert len(errors) == 1, errors
    return errors[0]["loc"], errors[0]["msg"]


def test_a_minimal_declaration_takes_the_portal_s_defaults() -> None:
    spec = ConnectorSpec.model_validate(inputs())

    assert spec.version == "v1.0"
    assert spec.region == Region.INDIA
    assert spec.environment == Environment.STAGING
    assert spec.status == Status.DRAFT
    assert spec.api_base_url == "https://api-in21.lsq-staging.com/v2/"


def test_a_name_of_twenty_characters_is_accepted() -> None:
    assert ConnectorSpec.model_validate(inputs(name="x" * 20)).name == "x" * 20


def test_a_name_over_twenty_characters_is_rejected() -> None:
    loc, message = rejection(inputs(name="x" * 21))

    assert loc == ("name",)
    assert "at most 20 characters" in message


def test_a_description_over_two_hundred_characters_is_rejected() -> None:
    loc, message = rejection(inputs(description="x" * 201))

    assert loc == ("description",)
    assert "at most 200 characters" in message


def test_an_unknown_category_is_rejected_with_the_known_ones() -> None:
    loc, message = rejection(inputs(category="Fax"))

    assert loc == ("category",)
    assert "'SMS', 'Telephony', 'Chat'" in message


@pytest.mark.parametrize("version", ["1.0", "v1", "v1.0.1", "version 2"])
def test_a_version_not_like_v1_0_is_rejected(version: str) -> None:
    loc, message = rejection(inputs(version=version))

    assert loc == ("version",)
    assert "must look like v1.0" in message


def test_a_later_version_is_accepted() -> None:
    assert ConnectorSpec.model_validate(inputs(version="v12.3")).version == "v12.3"


@pytest.mark.parametrize(
    ("bag", "expected_loc"),
    [
        (
            inputs(configurationUrl="http://connector.example.com/configure"),
            ("configurationUrl",),
        ),
        (inputs(helpUrl="http://connector.example.com/help"), ("helpUrl",)),
        (inputs(supportUrl="ftp://connector.example.com/support"), ("supportUrl",)),
        (
            inputs(
                actions=[action(), action(callbackUrl="http://connector.example.com")]
            ),
            ("actions", 1, "callbackUrl"),
        ),
    ],
    ids=["configurationUrl", "helpUrl", "supportUrl", "callbackUrl"],
)
def test_a_url_that_is_not_https_is_rejected(
    bag: dict[str, Any], expected_loc: tuple[str | int, ...]
) -> None:
    loc, message = rejection(bag)

    assert loc == expected_loc
    assert "must be an HTTPS URL" in message


@pytest.mark.parametrize(
    "url",
    [
        "https://",
        "https:///configure",
        "https://connector example.com/configure",
        "https://localhost/configure",
    ],
)
def test_a_malformed_url_is_rejected(url: str) -> None:
    loc, message = rejection(inputs(configurationUrl=url))

    assert loc == ("configurationUrl",)
    assert "well-formed URL with a host name" in message


def test_a_png_logo_is_accepted() -> None:
    assert ConnectorSpec.model_validate(inputs(logo=PNG)).logo == PNG


def test_a_logo_of_exactly_twenty_kilobytes_is_accepted() -> None:
    logo = logo_of(PNG_SIGNATURE + bytes(LOGO_LIMIT - len(PNG_SIGNATURE)))

    assert ConnectorSpec.model_validate(inputs(logo=logo)).logo == logo


def test_a_logo_over_twenty_kilobytes_is_rejected_with_its_size() -> None:
    logo = logo_of(PNG_SIGNATURE + bytes(LOGO_LIMIT + 1 - len(PNG_SIGNATURE)))

    loc, message = rejection(inputs(logo=logo))

    assert loc == ("logo",)
    assert "is 20481 bytes" in message
    assert "at most 20480 bytes" in message


def test_a_logo_that_is_not_an_image_is_rejected() -> None:
    loc, message = rejection(inputs(logo=logo_of(b"%PDF-1.7 not a picture")))

    assert loc == ("logo",)
    assert "must be a PNG, JPEG, GIF or SVG image" in message


@pytest.mark.parametrize("logo", ["not base64!", "iVBORw0KGgo", "data:image/png;x"])
def test_a_logo_that_is_not_base64_is_rejected(logo: str) -> None:
    loc, message = rejection(inputs(logo=logo))

    assert loc == ("logo",)
    assert "must be base64-encoded image data" in message


def test_an_empty_action_label_is_rejected() -> None:
    loc, message = rejection(inputs(actions=[action(label="")]))

    assert loc == ("actions", 0, "label")
    assert "at least 1 character" in message


def test_an_unknown_action_type_is_rejected_with_the_known_ones() -> None:
    loc, message = rejection(inputs(actions=[action(type="Dial")]))

    assert loc == ("actions", 0, "type")
    assert "'Popup', 'ApiCall' or 'NewWindow'" in message


@pytest.mark.parametrize(
    ("bag", "expected_loc"),
    [
        (inputs(logoUrl="https://connector.example.com/logo.png"), ("logoUrl",)),
        (inputs(actions=[action(url="https://x.example.com")]), ("actions", 0, "url")),
    ],
)
def test_an_unknown_property_is_rejected(
    bag: dict[str, Any], expected_loc: tuple[str | int, ...]
) -> None:
    loc, message = rejection(bag)

    assert loc == expected_loc
    assert "Extra inputs are not permitted" in message


@pytest.mark.parametrize("status", ["Live", "Hidden"])
def test_a_status_only_leadsquared_sets_is_rejected(status: str) -> None:
    loc, message = rejection(inputs(status=status))

    assert loc == ("status",)
    assert f"'{status}' is set by LeadSquared only" in message
    assert "declare Draft, Published or In Review" in message


@pytest.mark.parametrize("status", ["Draft", "Published", "In Review"])
def test_a_status_a_developer_sets_is_accepted(status: str) -> None:
    assert ConnectorSpec.model_validate(inputs(status=status)).status == status


@pytest.mark.parametrize(
    "bag",
    [
        inputs(region="jakarta", environment="staging"),
        inputs(region="jakarta"),
    ],
    ids=["declared", "by default"],
)
def test_jakarta_on_staging_is_rejected(bag: dict[str, Any]) -> None:
    loc, message = rejection(bag)

    assert loc == ("environment",)
    assert "region 'jakarta' has no staging environment" in message


def test_jakarta_on_live_is_accepted() -> None:
    spec = ConnectorSpec.model_validate(inputs(region="jakarta", environment="live"))

    assert spec.api_base_url == "https://api-id51.leadsquared.com/v2/"


def test_host_problems_names_the_property_and_both_hosts() -> None:
    spec = ConnectorSpec.model_validate(
        inputs(
            actions=[
                action(callbackUrl="https://api-in21.leadsquared.com/v2/Lead.Create")
            ]
        )
    )

    assert spec.host_problems() == [
        (
            "actions[0].callbackUrl",
            "calls LeadSquared API host 'api-in21.leadsquared.com', but a staging "
            "connector in region 'india' must call 'api-in21.lsq-staging.com'",
        )
    ]


def test_host_problems_checks_every_url_the_connector_declares() -> None:
    other_region = "https://connector.example.com/?api=https://api-us11.lsq-staging.com"
    spec = ConnectorSpec.model_validate(
        inputs(
            configurationUrl=other_region,
            helpUrl="https://connector.example.com/help",
            supportUrl=other_region,
            actions=[action(), action(callbackUrl=other_region)],
        )
    )

    assert [prop for prop, _ in spec.host_problems()] == [
        "configurationUrl",
        "supportUrl",
        "actions[1].callbackUrl",
    ]


def test_host_problems_is_empty_when_every_url_calls_its_own_host() -> None:
    own = "https://connector.example.com/?api=https://api-in21.lsq-staging.com/v2/"
    spec = ConnectorSpec.model_validate(
        inputs(configurationUrl=own, actions=[action(callbackUrl=own)])
    )

    assert spec.host_problems() == []


def test_content_differences_is_empty_for_the_same_content() -> None:
    content = ConnectorContent.model_validate(inputs(actions=[action()]))

    assert content_differences(content, content.model_copy()) == []


def test_content_differences_names_fields_in_declaration_order() -> None:
    desired = ConnectorContent.model_validate(inputs(actions=[action()]))
    observed = ConnectorContent.model_validate(
        inputs(description="Old words.", actions=[action(label="Dial")])
    )

    assert content_differences(desired, observed) == ["description", "actions"]


def test_content_differences_ignores_where_and_how_far_a_connector_is() -> None:
    spec = ConnectorSpec.model_validate(inputs(status="Published"))
    portal = PortalConnector.model_validate(
        {
            **spec.content().model_dump(),
            "id": "8f3c",
            "status": "Live",
            "installations": 12,
        }
    )

    assert content_differences(spec.content(), portal.content()) == []


def test_as_inputs_is_camel_case_and_leaves_out_what_is_unset() -> None:
    content = ConnectorContent.model_validate(inputs(actions=[action()]))

    bag = as_inputs(content)

    assert bag["configurationUrl"] == "https://connector.example.com/configure"
    assert bag["actions"][0]["callbackUrl"].startswith("https://")
    assert "helpUrl" not in bag
    assert "logo" not in bag


def test_as_inputs_round_trips_through_validation() -> None:
    content = ConnectorContent.model_validate(
        inputs(
            version="v2.1",
            helpUrl="https://connector.example.com/help",
            supportUrl="https://connector.example.com/support",
            detailedDescription="Calls, recordings and call logs on the lead page.",
            features=["Click to call", "Call recordings"],
            logo=PNG,
            actions=[action(restrictedRoles=["Sales User"]), action(type="Popup")],
        )
    )

    assert ConnectorContent.model_validate(as_inputs(content)) == content
    assert ConnectorSpec.model_validate(as_inputs(content)).content() == content
