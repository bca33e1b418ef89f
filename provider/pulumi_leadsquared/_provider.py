"""The dynamic provider: Pulumi's property bags in, models and portal calls out.

Pulumi pickles this provider into the stack with dill, so it holds no state and no
credentials: configuration is read in `configure`, in the provider process, and
the portal clients live in that process only (`_portal`).

Every message a user may read names the connector, what happened, and why.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from typing import Any

from pulumi import Output
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from . import _portal
from ._config import ConfigurationError
from ._errors import DeleteNotAllowed, DuplicateConnector, PortalError
from ._models import (
    ConnectorContent,
    ConnectorSpec,
    PortalConnector,
    as_inputs,
    property_name,
)
from ._reconcile import ReconcileError, reconcile
from ._regions import Environment, Region, api_base_url, promote_text
from ._status import DESIRABLE, UNDELETABLE, Status, is_satisfied

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""Pulumi's wire marker for a value not known until another resource is created;
the SDK usually hands it over as an `Unknown` (or an unresolved `Output`)."""

PROVIDER_KEY = "__provider"
ADOPT = "adopt"
PROMOTE_FROM = "promoteFrom"
# Inputs that steer how a connector comes to exist, rather than what it holds.
CONTROLS = frozenset({ADOPT, PROMOTE_FROM})
INPUTS = frozenset({*(property_name(f) for f in ConnectorSpec.model_fields), *CONTROLS})

CONTENT = frozenset(property_name(f) for f in ConnectorContent.model_fields)


class ConnectorError(Exception):
    """A connector operation failed; the message is meant for the user as it stands."""


_stderr_lock = threading.Lock()


def _say(message: str) -> None:
    # The Pulumi engine shows what a provider writes to stderr as diagnostics,
    # line by line; the provider's threads must not interleave their lines.
    with _stderr_lock:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def _has_unknown(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_unknown(v) for v in value)
    return isinstance(value, Unknown | Output) or bool(value == UNKNOWN)


def _inputs(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k in INPUTS}


def _spec(
    props: dict[str, Any], carried: dict[str, Any] | None = None
) -> ConnectorSpec:
    """The declaration in `props`; a promoted connector takes what it does not
    declare from the content its promotion `carried` over."""
    fields = {k: v for k, v in _inputs(props).items() if k not in CONTROLS}
    if props.get(PROMOTE_FROM) and carried:
        fields = {**carried, **fields}
    return ConnectorSpec.model_validate(fields)


@dataclass(frozen=True)
class _Identity:
    """Which connector a property bag from the state speaks of, read leniently:
    state written by an older release need not pass today's validation."""

    name: str
    environment: Environment
    region: Region


def _identity(props: dict[str, Any]) -> _Identity:
    return _Identity(
        name=str(props.get("name", "?")),
        environment=Environment(props.get("environment", Environment.STAGING)),
        region=Region(props.get("region", Region.INDIA)),
    )


def _replaced_by(olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
    """The known properties whose change means a new connector."""
    defaults = {"environment": Environment.STAGING, "region": Region.INDIA}
    return [
        prop
        for prop, default in defaults.items()
        if not _has_unknown(news.get(prop))
        and news.get(prop, default) != olds.get(prop, default)
    ]


def _carried(olds: dict[str, Any]) -> dict[str, Any]:
    """The content a promoted connector recorded in its outputs."""
    return {k: v for k, v in olds.items() if k in CONTENT and v is not None}


def _reason(error: ErrorDetails) -> str:
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "is not a property of a LeadSquared connector"
    if error["type"] == "missing":
        return "is required"
    if error["type"] in ("tuple_type", "list_type"):
        return "must be a list"
    return message


def _failure(error: ErrorDetails) -> CheckFailure:
    path = _path(error["loc"])
    if path == "logo":
        # The engine prints a property's value beside its failure; a logo's value
        # is kilobytes of base64, so the property is named in the reason instead.
        return CheckFailure("", f"property logo has a problem: {_reason(error)}")
    return CheckFailure(path, _reason(error))


def _path(location: tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def _outputs(props: dict[str, Any], connector: PortalConnector) -> dict[str, Any]:
    region = Region(props.get("region", Region.INDIA))
    environment = Environment(props.get("environment", Environment.STAGING))
    # A promoted connector records the content it carries, declared or not.
    carried = as_inputs(connector.content()) if props.get(PROMOTE_FROM) else {}
    return {
        **carried,
        **_inputs(props),
        "version": connector.version,
        "portalStatus": connector.status.value,
        "installations": connector.installations,
        "apiBaseUrl": api_base_url(region, environment),
        "createdOn": connector.created_on,
        "modifiedOn": connector.modified_on,
    }


def _label(spec: ConnectorSpec | _Identity, connector_id: str | None = None) -> str:
    where = f"on the {spec.environment} portal"
    return (
        f"connector '{spec.name}'"
        + (f" (id {connector_id}) " if connector_id else " ")
        + where
    )


def _observe(spec: ConnectorSpec, connector_id: str) -> PortalConnector | None:
    """The portal's record of the connector now, or None if the portal has none."""
    try:
        return _portal.portal(spec.environment).get(connector_id)
    except (PortalError, ConfigurationError) as error:
        raise ConnectorError(
            f"reading {_label(spec, connector_id)} failed: {error}"
        ) from None


def _promotable(source_id: str) -> PortalConnector:
    """The staging connector to promote, once LeadSquared's review has made it Live."""
    try:
        source = _portal.portal(Environment.STAGING).get(source_id)
    except (PortalError, ConfigurationError) as error:
        raise ConnectorError(f"cannot read the staging portal: {error}") from None
    if source is None:
        raise ConnectorError(f"no staging connector has id {source_id}")
    if source.status != Status.LIVE:
        raise ConnectorError(
            f"staging connector '{source.name}' (id {source.id}) is {source.status}; "
            "promotion to live waits until LeadSquared's review has made it Live, "
            "because that is when LeadSquared grants access to the live portal"
        )
    return source


class ConnectorProvider(ResourceProvider):
    """Creates, reads, reconciles and deletes LeadSquared Marketplace connectors."""

    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(message)s")
        logging.getLogger("httpx").setLevel(logging.WARNING)
        _portal.configure(req.config.get)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate a declaration before any write to the portal.

        Properties whose values are not known yet (they come from other resources'
        outputs) are left out until they are known. A promoted connector may leave
        out what its promotion carries over; its staging source is the one thing
        check reads from a portal, because only the portal knows whether
        LeadSquared has reviewed it.
        """
        unknown = {k for k, v in news.items() if _has_unknown(v)}
        promoting = PROMOTE_FROM in news
        known = {
            k: v
            for k, v in news.items()
            if k not in unknown and k not in CONTROLS and k != PROVIDER_KEY
        }
        failures = []
        try:
            spec = ConnectorSpec.model_validate(known)
        except ValidationError as error:
            failures = [
                _failure(e)
                for e in error.errors()
                if not (e["loc"] and e["loc"][0] in unknown)
                and not (promoting and e["type"] == "missing")
            ]
        else:
            if not unknown:
                failures = [CheckFailure(p, r) for p, r in spec.host_problems()]
        adopt = news.get(ADOPT)
        if ADOPT not in unknown and not (
            adopt is None
            or isinstance(adopt, bool)
            or (isinstance(adopt, str) and adopt)
        ):
            failures.append(
                CheckFailure(ADOPT, "must be true (adopt by name) or a connector id")
            )
        if promoting and PROMOTE_FROM not in unknown and not olds:
            failures += self._check_promotion(news)
        return CheckResult(news, failures)

    def _check_promotion(self, news: dict[str, Any]) -> list[CheckFailure]:
        if news.get("environment") != Environment.LIVE.value:
            return [
                CheckFailure(
                    PROMOTE_FROM,
                    "promotion takes a staging connector into the live portal; "
                    "declare environment='live'",
                )
            ]
        try:
            source = _promotable(str(news[PROMOTE_FROM]))
        except ConnectorError as error:
            return [CheckFailure(PROMOTE_FROM, str(error))]
        carried = [
            property_name(f)
            for f in ConnectorContent.model_fields
            if property_name(f) not in news and getattr(source, f) not in (None, ())
        ]
        content = as_inputs(source.content())
        rewritten = {
            k: promote_text(v) if isinstance(v, str) else v for k, v in content.items()
        }
        try:
            spec = _spec(news, carried=rewritten)
        except ValidationError as error:
            return [_failure(e) for e in error.errors()]
        problems = [CheckFailure(p, r) for p, r in spec.host_problems()]
        if problems:
            return problems
        _say(
            f"promoting staging connector '{source.name}' (id {source.id}) will carry "
            f"over {', '.join(carried) or 'nothing the live declaration leaves out'}, "
            "with staging API hosts rewritten to live ones"
        )
        return []

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the declaration with the portal's record now, not with the state."""
        replaces = _replaced_by(olds, news)
        if _has_unknown(_inputs(news)):
            return DiffResult(
                changes=True,
                replaces=replaces,
                delete_before_replace="region" in replaces,
            )
        spec = _spec(news, carried=_carried(olds))
        previous = _identity(olds)

        if replaces:
            _say(
                f"{_label(previous, id_)} moves to {spec.environment}/{spec.region}: "
                "a connector cannot change portal or region, so it will be replaced"
            )
            return DiffResult(
                changes=True,
                replaces=replaces,
                delete_before_replace="region" in replaces,
            )

        observed = _observe(spec, id_)
        if observed is None:
            _say(
                f"{_label(spec, id_)} no longer exists on the portal; "
                "it will be created again"
            )
            return DiffResult(
                changes=True, replaces=["name"], delete_before_replace=True
            )

        try:
            plan = reconcile(spec, observed)
        except ReconcileError as error:
            raise ConnectorError(str(error)) from None
        for field in plan.content_changes:
            _say(
                f"{_label(spec, id_)}: {property_name(field)} on the portal differs "
                "from the program and will be updated"
            )
        if plan.status_steps:
            _say(
                f"{_label(spec, id_)} is {observed.status}; status will be set to "
                + ", then ".join(str(s) for s in plan.status_steps)
            )
        try:
            declared_before = _spec(olds)
        except ValidationError:
            declared_before = None
        return DiffResult(
            changes=not plan.empty or declared_before != spec, replaces=[]
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create the connector and take it to its declared status.

        With `adopt`, a connector already on the portal (of the same name, or of
        the given id) is taken under management instead of a new one created.
        """
        if props.get(PROMOTE_FROM):
            spec, connector = self._promote(props)
            return self._finish_create(props, spec, connector, "promoted")

        spec = _spec(props)
        view = _portal.portal(spec.environment)
        existing = self._adoptable(spec, props.get(ADOPT))
        if existing is not None:
            _say(f"adopting {_label(spec, existing.id)}")
            return self._finish_create(props, spec, existing, "adopted")
        try:
            connector = view.remember(view.client.create(spec.content()))
        except DuplicateConnector as error:
            raise ConnectorError(
                f"{_label(spec)} cannot be created: {error}. To manage the "
                "existing connector with Pulumi instead (also when an "
                "interrupted run of this stack created it), declare it with "
                "adopt=True."
            ) from None
        except PortalError as error:
            raise ConnectorError(f"creating {_label(spec)} failed: {error}") from None
        _say(f"created {_label(spec, connector.id)}")
        return self._finish_create(props, spec, connector, "created")

    def _adoptable(self, spec: ConnectorSpec, adopt: Any) -> PortalConnector | None:
        view = _portal.portal(spec.environment)
        try:
            if isinstance(adopt, str):
                found = view.get(adopt)
                if found is None:
                    raise ConnectorError(
                        f"{_label(spec)} cannot adopt id {adopt}: the portal holds "
                        "no connector with that id"
                    )
                return found
            return view.find_by_name(spec.name) if adopt else None
        except PortalError as error:
            raise ConnectorError(f"looking up {_label(spec)} failed: {error}") from None

    def _finish_create(
        self,
        props: dict[str, Any],
        spec: ConnectorSpec,
        connector: PortalConnector,
        how: str,
    ) -> CreateResult:
        try:
            connector = self._converge(spec, connector)
        except (PortalError, ConnectorError) as error:
            # The connector exists on the portal: keep it in the stack rather than
            # losing it, and let the next run finish the job.
            _say(
                f"warning: {_label(spec, connector.id)} was {how} but not yet "
                f"brought to its declared state ({error}); the next `pulumi up` "
                "will finish it"
            )
        return CreateResult(connector.id, _outputs(props, connector))

    def _promote(self, props: dict[str, Any]) -> tuple[ConnectorSpec, PortalConnector]:
        """Export the staging connector, rewrite its hosts, import it into live."""
        staging = _portal.portal(Environment.STAGING)
        source_id = str(props[PROMOTE_FROM])
        source = _promotable(source_id)
        try:
            document = staging.client.export(source_id).rewritten(promote_text)
            spec = _spec(props, carried=as_inputs(document.content))
            problems = spec.host_problems()
            if problems:
                raise ConnectorError(
                    f"promoting staging connector {source_id}: "
                    + "; ".join(f"{prop} {reason}" for prop, reason in problems)
                )
            live = _portal.portal(spec.environment)
            connector = live.remember(live.client.import_(document))
        except DuplicateConnector as error:
            raise ConnectorError(
                f"the live portal already holds a connector of that name ({error}); "
                "declare it with adopt=True instead of promoteFrom to manage it"
            ) from None
        except PortalError as error:
            raise ConnectorError(
                f"promoting staging connector {source_id} failed: {error}"
            ) from None
        _say(
            f"promoted staging connector '{source.name}' (id {source.id}) to "
            f"{_label(spec, connector.id)}"
        )
        return spec, connector

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh from the portal: outputs and inputs both take the portal's values."""
        where = _identity(props)
        try:
            connector = _portal.portal(where.environment).client.get(id_)
        except (PortalError, ConfigurationError) as error:
            raise ConnectorError(
                f"refreshing {_label(where, id_)} failed: {error}"
            ) from None
        if connector is None:
            return ReadResult("", {})

        inputs: dict[str, Any] = {
            **as_inputs(connector.content()),
            "environment": where.environment.value,
            "region": where.region.value,
        }
        # The declared status stays unless the portal holds another one a
        # developer could declare; Live and Hidden are never written as inputs.
        desired = props.get("status")
        if connector.status in DESIRABLE and not (
            desired in DESIRABLE and is_satisfied(Status(desired), connector.status)
        ):
            desired = connector.status.value
        if desired is not None:
            inputs["status"] = desired
        inputs.update({k: props[k] for k in CONTROLS if k in props})
        return ReadResult(id_, _outputs(inputs, connector), inputs)

    def update(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> UpdateResult:
        """Rewrite the connector's content and move it to its declared status."""
        spec = _spec(news, carried=_carried(olds))
        observed = _observe(spec, id_)
        if observed is None:
            raise ConnectorError(
                f"{_label(spec, id_)} no longer exists on the portal; run "
                "`pulumi up` again to create it"
            )
        connector = self._converge(spec, observed)
        return UpdateResult(_outputs(news, connector))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the connector; one already gone counts as deleted."""
        spec = _identity(props)
        try:
            view = _portal.portal(spec.environment)
            view.client.delete(id_)
        except DeleteNotAllowed as error:
            status = props.get("portalStatus", "past Published")
            refused = ", ".join(s.value for s in sorted(UNDELETABLE))
            raise ConnectorError(
                f"{_label(spec, id_)} is {status}, and the portal refuses to "
                f"delete connectors {refused} "
                f"({error}). It stays in the stack. To stop managing it without "
                "deleting it, set the resource option retain_on_delete=True and "
                "run `pulumi up` before removing it."
            ) from None
        except (PortalError, ConfigurationError) as error:
            raise ConnectorError(
                f"deleting {_label(spec, id_)} failed: {error}"
            ) from None
        view.forget(id_)
        _say(f"deleted {_label(spec, id_)}")

    def _converge(
        self, spec: ConnectorSpec, connector: PortalConnector
    ) -> PortalConnector:
        view = _portal.portal(spec.environment)
        try:
            plan = reconcile(spec, connector)
        except ReconcileError as error:
            raise ConnectorError(str(error)) from None
        try:
            if plan.content_changes:
                connector = view.remember(
                    view.client.update(connector.id, spec.content())
                )
                changed = ", ".join(property_name(f) for f in plan.content_changes)
                _say(f"updated {changed} of {_label(spec, connector.id)}")
            for status in plan.status_steps:
                connector = view.remember(
                    view.client.change_status(connector.id, status)
                )
                _say(f"set {_label(spec, connector.id)} to {status}")
        except PortalError as error:
            raise ConnectorError(
                f"updating {_label(spec, connector.id)} failed: {error}"
            ) from None
        return connector
