"""Pulumi's Python dynamic-provider host, with connector errors as plain sentences.

Pulumi's host reports any exception a provider raises as a full Python
traceback. A `ConnectorError` is already a sentence written for the user (which
connector, which operation, what the portal said), so here it is reported as
just that sentence; every other exception keeps its traceback. The repository's
`pulumi-resource-pulumi-python` launcher starts this module.
"""

from __future__ import annotations

import runpy
import sys
import traceback
from typing import Any

from ._provider import ConnectorError

_format_exc = traceback.format_exc


def _format_exc_readably(*args: Any, **kwargs: Any) -> str:
    error = sys.exc_info()[1]
    if isinstance(error, ConnectorError):
        return str(error)
    return _format_exc(*args, **kwargs)


def main() -> None:
    traceback.format_exc = _format_exc_readably
    runpy.run_module("pulumi.dynamic", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
