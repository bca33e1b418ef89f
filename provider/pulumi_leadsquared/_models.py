"""What a connector is: its content, its declaration, and the portal's record of it.

The portal's field limits live here, on the fields, and their messages are what a
user sees at `pulumi preview`. Python names are snake_case; the camelCase aliases
are the Pulumi property names, so a validation error's location names the property
exactly as the user wrote it.
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel

from ._regions import (
    Environment,
    NoSuchEnvironment,
    Region,
    api_base_url,
    foreign_api_hosts,
)
from ._status import DESIRABLE, Status

NAME_MAX = 20
DESCRIPTION_MAX = 200
DETAILED_DESCRIPTION_MAX = 4000
FEATURE_MAX = 200
FEATURES_MAX = 20
LABEL_MAX = 50
ACTIONS_MAX = 20
URL_MAX = 2000
LOGO_MAX_BYTES = 20 * 1024
VERSION_PATTERN = r"^v[0-9]+\.[0-9]+$"
FIRST_VERSION = "v1.0"


class Category(enum.StrEnum):
    """The portal's connector categories (its Basic Details drop-down)."""

    SMS = "SMS"
    TELEPHONY = "Telephony"
    CHAT = "Chat"
    EMAIL = "Email"
    MARKETING = "Marketing"
    PAYMENTS = "Payments"
    PRODUCTIVITY = "Productivity"
    ANALYTICS = "Analytics"
    SOCIAL = "Social"
    SUPPORT = "Support"
    OTHER = "Other"


class ActionType(enum.StrEnum):
    """How LeadSquared runs a connector action."""

    POPUP = "Popup"
    API_CALL = "ApiCall"
    NEW_WINDOW = "NewWindow"


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.IGNORECASE)


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https":
        raise ValueError("must be an HTTPS URL (https://...)")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry a user name or password")
    labels = (parts.hostname or "").split(".")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        labels = []
    if (
        len(labels) < 2
        or not all(_HOST_LABEL.match(label) for label in labels)
        or any(c.isspace() for c in value)
    ):
        raise ValueError("must be a well-formed URL with a host name")
    return value


HttpsUrl = Annotated[str, Field(max_length=URL_MAX), AfterValidator(_https_url)]

_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def _logo(value: str) -> str:
    try:
        data = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("must be base64-encoded image data") from None
    if len(data) > LOGO_MAX_BYTES:
        raise ValueError(
            f"is {len(data)} bytes; the portal accepts at most {LOGO_MAX_BYTES} "
            "bytes (20 KB, about 110 x 110 px)"
        )
    head = data[:256].lstrip()
    is_svg = head.startswith(b"<svg") or (
        head.startswith(b"<?xml") and b"<svg" in data[:1024]
    )
    if not (data.startswith(_IMAGE_SIGNATURES) or is_svg):
        raise ValueError("must be a PNG, JPEG, GIF or SVG image")
    return value


Logo = Annotated[str, AfterValidator(_logo)]


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )


class Action(_Model):
    """A button or menu entry the connector adds to LeadSquared's UI."""

    label: str = Field(
        min_length=1, max_length=LABEL_MAX, description="Shown to users."
    )
    type: ActionType = Field(description="Popup, ApiCall or NewWindow.")
    callback_url: HttpsUrl = Field(description="Called or opened when the action runs.")
    restricted_roles: tuple[str, ...] = Field(
        default=(), description="LeadSquared user roles that may not see the action."
    )


class ConnectorContent(_Model):
    """The part of a connector a developer edits in the portal's wizard."""

    name: str = Field(
        min_length=1,
        max_length=NAME_MAX,
        description="Unique within the portal account; at most 20 characters.",
    )
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    category: Category
    version: str = Field(default=FIRST_VERSION)
    configuration_url: HttpsUrl = Field(
        description="HTTPS page shown in an iframe to configure the connector."
    )
    help_url: HttpsUrl | None = None
    support_url: HttpsUrl | None = None
    detailed_description: str | None = Field(
        default=None, max_length=DETAILED_DESCRIPTION_MAX
    )
    features: tuple[
        Annotated[str, Field(min_length=1, max_length=FEATURE_MAX)], ...
    ] = Field(default=(), max_length=FEATURES_MAX)
    logo: Logo | None = Field(default=None, description="Base64 image, at most 20 KB.")
    actions: tuple[Action, ...] = Field(default=(), max_length=ACTIONS_MAX)

    @field_validator("version")
    @classmethod
    def _version_format(cls, value: str) -> str:
        if not re.fullmatch(VERSION_PATTERN, value):
            raise ValueError("must look like v1.0 (v, major number, dot, minor number)")
        return value

    def content(self) -> ConnectorContent:
        """Just the content fields, whatever kind of record this is."""
        fields = self.model_dump(include=set(ConnectorContent.model_fields))
        try:
            return ConnectorContent.model_validate(fields)
        except ValidationError:
            # A portal record outside the limits is compared as the portal sent it.
            return ConnectorContent.model_construct(**fields)

    def urls(self) -> list[tuple[str, str]]:
        """Every URL the connector declares, as (property path, url)."""
        found = [("configurationUrl", self.configuration_url)]
        if self.help_url:
            found.append(("helpUrl", self.help_url))
        if self.support_url:
            found.append(("supportUrl", self.support_url))
        found += [
            (f"actions[{i}].callbackUrl", action.callback_url)
            for i, action in enumerate(self.actions)
        ]
        return found


class ConnectorSpec(ConnectorContent):
    """A connector as declared in a Pulumi program: content plus where and how far."""

    region: Region = Region.INDIA
    environment: Environment = Field(default=Environment.STAGING, validate_default=True)
    status: Status = Field(
        default=Status.DRAFT, description="Draft, Published or In Review."
    )

    @field_validator("environment")
    @classmethod
    def _region_has_environment(
        cls, value: Environment, info: ValidationInfo
    ) -> Environment:
        region = info.data.get("region")
        if region is not None:
            try:
                api_base_url(region, value)
            except NoSuchEnvironment as error:
                raise ValueError(str(error)) from None
        return value

    @field_validator("status", mode="before")
    @classmethod
    def _developer_may_declare(cls, value: Any) -> Any:
        allowed = "declare Draft, Published or In Review"
        if not isinstance(value, str):
            raise ValueError(f"must be a string; {allowed}")
        if value in (Status.LIVE, Status.HIDDEN):
            raise ValueError(f"'{value}' is set by LeadSquared only; {allowed}")
        if value not in DESIRABLE:
            raise ValueError(f"{value!r} is not a status; {allowed}")
        return value

    @property
    def api_base_url(self) -> str:
        return api_base_url(self.region, self.environment)

    def host_problems(self) -> list[tuple[str, str]]:
        """(property, reason) for each URL that calls a foreign API host."""
        problems = []
        for prop, url in self.urls():
            for mismatch in foreign_api_hosts(url, self.region, self.environment):
                problems.append(
                    (
                        prop,
                        f"calls LeadSquared API host '{mismatch.found}', but a "
                        f"{self.environment} connector in region '{self.region}' "
                        f"must call '{mismatch.expected}'",
                    )
                )
        return problems


class PortalConnector(ConnectorContent):
    """A connector as the portal holds it now."""

    model_config = ConfigDict(extra="ignore")

    id: str
    status: Status
    installations: int = 0
    created_on: str = ""
    modified_on: str = ""


def content_differences(
    desired: ConnectorContent, observed: ConnectorContent
) -> list[str]:
    """Python names of the content fields whose values differ, in declaration order."""
    return [
        field
        for field in ConnectorContent.model_fields
        if getattr(desired, field) != getattr(observed, field)
    ]


def property_name(field: str) -> str:
    """The Pulumi (camelCase) property name of a model field."""
    return to_camel(field)


def as_inputs(content: ConnectorContent) -> dict[str, Any]:
    """The camelCase property bag a Pulumi program would declare for this content."""
    return content.model_dump(mode="json", by_alias=True, exclude_none=True)
