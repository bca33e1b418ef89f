"""Request bodies as the portal's API accepts them, validated by the connector models.

The content models are the project's own `ConnectorContent` and `Action`, with
the wire's PascalCase names as their only accepted keys, so the portal enforces
exactly the limits the provider checks at preview.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_pascal

from pulumi_leadsquared._models import ACTIONS_MAX, Action, ConnectorContent
from pulumi_leadsquared._status import Status

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
PAGE_SIZE_MAX = 1000
PAGE_INDEX_MAX = 1_000_000

_PASCAL_ONLY = ConfigDict(
    alias_generator=to_pascal,
    populate_by_name=False,
    validate_by_name=False,
    validate_by_alias=True,
    extra="forbid",
)


class ActionFields(Action):
    """A connector action as the wire spells it (`Label`, `CallbackUrl`, ...)."""

    model_config = _PASCAL_ONLY


class ConnectorFields(ConnectorContent):
    """A connector's content as the wire spells it (`Name`, `ConfigurationUrl`, ...)."""

    model_config = _PASCAL_ONLY

    actions: tuple[ActionFields, ...] = Field(default=(), max_length=ACTIONS_MAX)

    def wire(self) -> dict[str, Any]:
        """The content as JSON with PascalCase names, every field present."""
        return self.model_dump(mode="json", by_alias=True)


class _WireModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_pascal,
        validate_by_name=False,
        validate_by_alias=True,
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )


class StatusChange(_WireModel):
    """The body of ChangeStatus and SetStatus: the status to move to."""

    status: Status


class Paging(_WireModel):
    """Which page of a listing to return; pages count from 1."""

    page_index: Annotated[int, Field(strict=True, ge=1, le=PAGE_INDEX_MAX)]
    page_size: Annotated[int, Field(strict=True, ge=1, le=PAGE_SIZE_MAX)]


class ConnectorSearch(_WireModel):
    """The body of Connectors.Get: a page, optionally only the connector with a name."""

    paging: Paging
    name: str | None = Field(
        default=None, description="Whole name, compared without regard to case."
    )


class ExportDocument(_WireModel):
    """What Connector.Export returns and Connector.Import accepts."""

    format_version: Literal[1]
    exported_on: str = Field(pattern=DATE_PATTERN)
    connector: ConnectorFields


def field_path(location: Sequence[int | str]) -> str:
    """`("Actions", 0, "CallbackUrl")` as `Actions[0].CallbackUrl`."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def describe(errors: Iterable[Mapping[str, Any]]) -> str:
    """One sentence per validation error, naming each field by its wire name."""
    sentences = [_sentence(dict(error)) for error in errors]
    return "; ".join(sentences) or "The request is not valid"


def _sentence(error: dict[str, Any]) -> str:
    location = list(error.get("loc", ()))
    where = location.pop(0) if location and location[0] in ("body", "query") else "body"
    kind = error.get("type", "")
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")

    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "malformed")
        return f"The request body is not valid JSON ({reason})"
    path = field_path([part for part in location if isinstance(part, int | str)])
    if not path:
        if kind == "missing":
            return "The request body is required"
        if isinstance(error.get("input"), bytes):
            return "The request body must be JSON, sent as application/json"
        return "The request body must be a JSON object"
    if kind == "missing":
        return (
            f"{path} is required"
            if where == "body"
            else f"Query parameter {path} is required"
        )
    if kind == "extra_forbidden":
        return f"{path} is not a field of this request"
    return f"{path}: {message}"
