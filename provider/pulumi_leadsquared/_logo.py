"""Reading a connector logo from disk."""

from __future__ import annotations

import base64
from pathlib import Path


def logo_from_file(path: str | Path) -> str:
    """The base64 text a `Connector`'s `logo` takes, read from an image file."""
    return base64.b64encode(Path(path).read_bytes()).decode("ascii")
