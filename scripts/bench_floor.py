"""The cheapest Python dynamic resource there is: the benchmark's floor.

A `Nothing` calls no API and never changes, so a no-op preview of N of them
costs only what Pulumi's Python dynamic-provider machinery costs for N
resources. Its provider lives in this importable module so that dill pickles it
by reference; the provider host must find this folder on its PYTHONPATH.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, Resource, ResourceProvider

FIXED_ID = "nothing"


class NothingProvider(ResourceProvider):
    """Creates nothing anywhere and reports no changes, ever."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(FIXED_ID, {})

    def diff(
        self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]
    ) -> DiffResult:
        return DiffResult(changes=False)


class Nothing(Resource, module="bench", name="Nothing"):
    """A resource with no properties, managed by `NothingProvider`."""

    def __init__(
        self, resource_name: str, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(NothingProvider(), resource_name, {}, opts)
