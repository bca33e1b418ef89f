"""Driving the real Pulumi CLI against the portal emulator, for end-to-end tests.

A `Deployment` is one Pulumi stack in a temporary file backend whose program
declares the connectors in `Deployment.connectors`; tests change that list
between runs, the way a user edits a program. The CLI runs the program inline
(Automation API), so the test needs only the CLI and this repository's
`pulumi-resource-pulumi-python` launcher.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pulumi
from pulumi import automation as auto

from pulumi_leadsquared import ActionArgs, Connector

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "end-to-end-test-passphrase"
ACCESS_KEY = "e2e-access-key-7d1f"
SECRET_KEY = "e2e-secret-key-42aa"
ADMIN_KEY = "e2e-admin-key-93bc"
LIVE_ACCESS_KEY = "e2e-live-access-key-51e0"
LIVE_SECRET_KEY = "e2e-live-secret-key-c3d9"
TOOL_PATH = os.pathsep.join([str(ROOT / ".tools" / "bin"), str(ROOT / "bin")])


def pulumi_cli() -> str | None:
    """The Pulumi CLI the tests use: the repository's, or one on PATH."""
    return shutil.which("pulumi", path=TOOL_PATH + os.pathsep + os.environ["PATH"])


def connector(key: str, **overrides: Any) -> dict[str, Any]:
    """A valid staging connector declaration, keyed by its resource name."""
    declaration: dict[str, Any] = {
        "resource_name": key,
        "name": f"Conn {key}"[:20],
        "description": f"Connector {key} for end-to-end tests.",
        "category": "Telephony",
        "configuration_url": f"https://connectors.example.com/{key}/config"
        "?api=https://api-in21.lsq-staging.com/v2/",
        "actions": [
            ActionArgs(
                label="Call",
                type="Popup",
                callback_url=f"https://connectors.example.com/{key}/call?p=@lead.phone",
            )
        ],
        "status": "Draft",
        "region": "india",
    }
    declaration.update(overrides)
    return declaration


@dataclass
class Deployment:
    """One stack of connectors, deployed with the real CLI to an emulator."""

    work_dir: Path
    portal_url: str
    live_portal_url: str | None = None
    connectors: list[dict[str, Any]] = field(default_factory=list)
    config: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    stack_name: str = "test"
    program: Callable[[], None] | None = None

    def _program(self) -> None:
        if self.program is not None:
            self.program()
            return
        for declaration in self.connectors:
            args = dict(declaration)
            opts = args.pop("opts", None)
            key = args.pop("resource_name")
            resource = Connector(key, opts=opts, **args)
            pulumi.export(key, pulumi.Output.all(resource.id, resource.portal_status))

    def stack(self) -> auto.Stack:
        backend = self.work_dir / "backend"
        backend.mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": TOOL_PATH + os.pathsep + os.environ["PATH"],
            "PULUMI_BACKEND_URL": backend.as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_HOME": str(self.work_dir / "pulumi-home"),
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        }
        cli = pulumi_cli()
        assert cli, "the Pulumi CLI is missing: run `make setup`"
        stack = auto.create_or_select_stack(
            stack_name=self.stack_name,
            project_name=f"lsq-e2e-{self.work_dir.name}",
            program=self._program,
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(self.work_dir),
                env_vars=env,
                pulumi_command=auto.PulumiCommand(
                    root=str(Path(cli).resolve().parent.parent), skip_version_check=True
                ),
            ),
        )
        settings = {
            "leadsquared:stagingPortalUrl": auto.ConfigValue(self.portal_url),
            "leadsquared:stagingAccessKey": auto.ConfigValue(ACCESS_KEY, secret=True),
            "leadsquared:stagingSecretKey": auto.ConfigValue(SECRET_KEY, secret=True),
        }
        if self.live_portal_url:
            settings |= {
                "leadsquared:livePortalUrl": auto.ConfigValue(self.live_portal_url),
                "leadsquared:liveAccessKey": auto.ConfigValue(
                    LIVE_ACCESS_KEY, secret=True
                ),
                "leadsquared:liveSecretKey": auto.ConfigValue(
                    LIVE_SECRET_KEY, secret=True
                ),
            }
        for key, value in self.config.items():
            settings[key] = auto.ConfigValue(value, secret="Key" in key)
        stack.set_all_config(settings)
        return stack

    def up(self) -> auto.UpResult:
        result = self.stack().up(on_output=_echo, color="never")
        self.outputs = {k: v.value for k, v in result.outputs.items()}
        return result

    def preview(self, expect_no_changes: bool = False) -> auto.PreviewResult:
        return self.stack().preview(
            on_output=_echo, color="never", expect_no_changes=expect_no_changes or None
        )

    def refresh(self) -> auto.RefreshResult:
        return self.stack().refresh(on_output=_echo, color="never")

    def destroy(self) -> auto.DestroyResult:
        return self.stack().destroy(on_output=_echo, color="never")

    def state_files(self) -> str:
        """Every file the file backend wrote (state, backups, history), as text."""
        backend = self.work_dir / "backend"
        return "\n".join(
            path.read_text(errors="replace")
            for path in sorted(backend.rglob("*"))
            if path.is_file()
        )

    def id_of(self, key: str) -> str:
        return str(self.outputs[key][0])


def _echo(line: str) -> None:
    print(line, end="" if line.endswith("\n") else "\n")


class Portal:
    """Direct calls to an emulator, standing in for a person at the portal."""

    def __init__(
        self, url: str, access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY
    ):
        self.http = httpx.Client(
            base_url=url + "/v2/",
            headers={"x-LSQ-AccessKey": access_key, "x-LSQ-SecretKey": secret_key},
            timeout=10,
        )
        self.url = url

    def get(self, connector_id: str) -> dict[str, Any]:
        response = self.http.get(
            "Connector.svc/Connector.GetById", params={"id": connector_id}
        )
        response.raise_for_status()
        return dict(response.json())

    def all(self) -> list[dict[str, Any]]:
        response = self.http.post(
            "Connector.svc/Connectors.Get",
            json={"Paging": {"PageIndex": 1, "PageSize": 1000}},
        )
        response.raise_for_status()
        return list(response.json()["Connectors"])

    def create(self, **content: Any) -> dict[str, Any]:
        response = self.http.post("Connector.svc/Connector.Create", json=content)
        response.raise_for_status()
        return dict(response.json()["Connector"])

    def edit(self, connector_id: str, **changes: Any) -> dict[str, Any]:
        record = self.get(connector_id)
        content = {
            k: v
            for k, v in record.items()
            if k not in ("Id", "Status", "Installations", "CreatedOn", "ModifiedOn")
        }
        content.update(changes)
        response = self.http.post(
            "Connector.svc/Connector.Update", params={"id": connector_id}, json=content
        )
        response.raise_for_status()
        return dict(response.json()["Connector"])

    def set_status(self, connector_id: str, status: str) -> None:
        response = self.http.post(
            "Connector.svc/Connector.ChangeStatus",
            params={"id": connector_id},
            json={"Status": status},
        )
        response.raise_for_status()

    def review(
        self, connector_id: str, status: str, admin_key: str = ADMIN_KEY
    ) -> None:
        response = httpx.post(
            self.url + "/v2/Review.svc/Connector.SetStatus",
            params={"id": connector_id},
            json={"Status": status},
            headers={"x-LSQ-AdminKey": admin_key},
        )
        response.raise_for_status()

    def delete(self, connector_id: str) -> None:
        response = self.http.post(
            "Connector.svc/Connector.Delete", params={"id": connector_id}
        )
        response.raise_for_status()
