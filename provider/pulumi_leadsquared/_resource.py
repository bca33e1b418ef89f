"""The `Connector` resource a Pulumi program declares."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.dynamic import Resource
from pydantic.alias_generators import to_camel, to_snake

from ._provider import INPUTS, ConnectorProvider


@dataclass(frozen=True)
class ActionArgs:
    """A button or menu entry the connector adds to LeadSquared's UI.

    :param label: What users see; required, at most 50 characters.
    :param type: ``Popup``, ``ApiCall`` or ``NewWindow``.
    :param callback_url: HTTPS URL called or opened when the action runs.
    :param restricted_roles: LeadSquared user roles that may not see the action.
    """

    label: pulumi.Input[str]
    type: pulumi.Input[str]
    callback_url: pulumi.Input[str]
    restricted_roles: pulumi.Input[Sequence[pulumi.Input[str]]] = field(
        default_factory=list
    )

    def to_inputs(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "type": self.type,
            "callbackUrl": self.callback_url,
            "restrictedRoles": self.restricted_roles,
        }


_OUTPUTS = (
    "portal_status",
    "installations",
    "api_base_url",
    "created_on",
    "modified_on",
)
# Python (snake_case) attribute names and the Pulumi (camelCase) property names.
_PROPERTY_NAMES = {to_snake(p): p for p in (*INPUTS, *(to_camel(o) for o in _OUTPUTS))}
_PYTHON_NAMES = {camel: snake for snake, camel in _PROPERTY_NAMES.items()}

_declared: dict[tuple[str, ...], str] = {}
_declared_run: list[int] = []
_declared_lock = threading.Lock()


def _claim_name(resource_name: str, name: Any, environment: Any) -> None:
    """Refuse two resources in one program that would be the same portal connector."""
    if (
        not isinstance(name, str)
        or not name.strip()
        or not isinstance(environment, str)
    ):
        return
    # One process may run several programs (the Automation API does): the
    # claims of an earlier run must not count against this one.
    run = id(pulumi.runtime.settings.get_monitor())
    key = (pulumi.get_stack(), environment, name.strip().casefold())
    with _declared_lock:
        if _declared_run != [run]:
            _declared.clear()
            _declared_run[:] = [run]
        other = _declared.setdefault(key, resource_name)
    if other != resource_name:
        raise pulumi.RunError(
            f"Connector '{resource_name}': property name '{name}' is already declared "
            f"by Connector '{other}' on the {environment} portal; connector names "
            "are unique within a portal account"
        )


class Connector(Resource, module="leadsquared", name="Connector"):
    """A LeadSquared Marketplace connector, kept as declared on its portal.

    Each `pulumi preview` compares the declaration with what the portal holds
    now, so edits made by hand in the portal show up and the next `pulumi up`
    puts them back. Changing `environment` or `region` replaces the connector;
    any other change updates it in place and keeps its id.
    """

    portal_status: pulumi.Output[str]
    """The status the portal reports (Draft, Published, In Review, Live, Hidden)."""
    version: pulumi.Output[str]
    installations: pulumi.Output[int]
    api_base_url: pulumi.Output[str]
    """The LeadSquared API base URL of the connector's region and environment."""
    created_on: pulumi.Output[str]
    modified_on: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        category: pulumi.Input[str] | None = None,
        configuration_url: pulumi.Input[str] | None = None,
        version: pulumi.Input[str] | None = None,
        help_url: pulumi.Input[str] | None = None,
        support_url: pulumi.Input[str] | None = None,
        detailed_description: pulumi.Input[str] | None = None,
        features: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        logo: pulumi.Input[str] | None = None,
        actions: Sequence[ActionArgs] | None = None,
        status: pulumi.Input[str] | None = None,
        environment: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        adopt: bool | str | None = None,
        promote_from: Connector | pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a connector.

        :param name: Unique within the portal account; at most 20 characters.
        :param description: At most 200 characters.
        :param category: One of the portal's categories (SMS, Telephony, Chat, ...).
        :param configuration_url: HTTPS page shown in an iframe to configure it.
        :param version: ``vMAJOR.MINOR``; the portal starts at ``v1.0``.
        :param help_url: HTTPS link to help documentation.
        :param support_url: HTTPS link to contact support.
        :param detailed_description: Marketplace text, at most 4000 characters.
        :param features: Features and benefits, up to 20 lines.
        :param logo: Base64 PNG, JPEG, GIF or SVG, at most 20 KB (see `logo_from_file`).
        :param actions: Buttons and menu entries the connector adds.
        :param status: Draft (default), Published or In Review. Live and Hidden
            are LeadSquared's to set.
        :param environment: ``staging`` (default) or ``live``: which portal.
        :param region: ``india`` (default), ``usa``, ``singapore``, ``ireland`` or
            ``jakarta`` (live only).
        :param adopt: Take an existing connector under management instead of
            creating one: ``True`` finds it by this declaration's name, a string
            is its id. The declaration is then applied to it.
        :param promote_from: For a live connector: the staging connector (or its
            id) to export and import into the live portal on creation, with its
            staging API hosts rewritten to live ones. LeadSquared must have
            reviewed it (Live on staging). Whatever this declaration leaves out is
            carried over; what it declares wins. Later changes to the staging
            connector do not reach the live one.

        `name`, `description`, `category` and `configuration_url` are required
        unless the connector is promoted.
        """
        _claim_name(resource_name, name, environment or "staging")
        props: dict[str, Any] = {
            "name": name,
            "description": description,
            "category": category,
            "configuration_url": configuration_url,
            "version": version,
            "help_url": help_url,
            "support_url": support_url,
            "detailed_description": detailed_description,
            "features": features,
            "logo": logo,
            "actions": [a.to_inputs() for a in actions]
            if actions is not None
            else None,
            "status": status,
            "environment": environment,
            "region": region,
            "adopt": adopt,
            "promote_from": (
                promote_from.id if isinstance(promote_from, Connector) else promote_from
            ),
        }
        props = {k: v for k, v in props.items() if v is not None}
        outputs = dict.fromkeys(_OUTPUTS)
        super().__init__(ConnectorProvider(), resource_name, {**outputs, **props}, opts)

    def translate_input_property(self, prop: str) -> str:
        return _PROPERTY_NAMES.get(prop, prop)

    def translate_output_property(self, prop: str) -> str:
        return _PYTHON_NAMES.get(prop, prop)
