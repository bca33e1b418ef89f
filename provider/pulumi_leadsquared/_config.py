"""Where each environment's portal is and which keys it takes, read at run time.

Values come from the stack's Pulumi config under the `leadsquared` namespace
(keys set with `pulumi config set --secret`), or else from environment variables
for pipelines. Environment-specific settings win over the shared ones:

Setting (Pulumi config key; environment variable):

- portal URL: `stagingPortalUrl`, `livePortalUrl`, or `portalUrl` for both;
  `LEADSQUARED_STAGING_PORTAL_URL`, `LEADSQUARED_LIVE_PORTAL_URL`,
  `LEADSQUARED_PORTAL_URL`
- access key: `stagingAccessKey`, `liveAccessKey`, `accessKey`;
  `LEADSQUARED_STAGING_ACCESS_KEY`, ... `LEADSQUARED_ACCESS_KEY`
- secret key: `stagingSecretKey`, `liveSecretKey`, `secretKey`;
  `LEADSQUARED_STAGING_SECRET_KEY`, ... `LEADSQUARED_SECRET_KEY`
- calls per window (25): `rateLimit`; `LEADSQUARED_RATE_LIMIT`
- window in seconds (5): `rateWindow`; `LEADSQUARED_RATE_WINDOW`
- attempts per call (8): `maxAttempts`; `LEADSQUARED_MAX_ATTEMPTS`
- retry time per call in seconds (120): `maxRetrySeconds`;
  `LEADSQUARED_MAX_RETRY_SECONDS`

The portal's own address is not public, so there is no default URL: the
quickstart points it at the local emulator.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from ._client import PortalSettings
from ._regions import Environment

NAMESPACE = "leadsquared"


class ConfigurationError(Exception):
    """A setting the provider needs is missing or malformed."""


def _lookup(
    config: Callable[[str], Any], env: Mapping[str, str], key: str, var: str
) -> str | None:
    value = config(f"{NAMESPACE}:{key}")
    if value is None or value == "":
        value = env.get(var)
    return None if value is None or value == "" else str(value)


def _camel(prefix: str, key: str) -> str:
    return prefix + key[0].upper() + key[1:] if prefix else key


def portal_settings(
    environment: Environment,
    config: Callable[[str], Any],
    env: Mapping[str, str] = os.environ,
) -> PortalSettings:
    """One environment's portal settings, from config and then the environment."""

    def setting(key: str, var: str) -> str | None:
        specific = _lookup(
            config,
            env,
            _camel(environment.value, key),
            f"LEADSQUARED_{environment.value.upper()}_{var}",
        )
        return specific or _lookup(config, env, key, f"LEADSQUARED_{var}")

    def required(key: str, var: str, what: str) -> str:
        value = setting(key, var)
        if value is None:
            raise ConfigurationError(
                f"no {what} for the {environment} portal: set Pulumi config "
                f"'{NAMESPACE}:{_camel(environment.value, key)}'"
                + (" with --secret" if "Key" in key else "")
                + f" or the environment variable "
                f"LEADSQUARED_{environment.value.upper()}_{var}"
            )
        if "Key" in key and any(c.isspace() or not c.isprintable() for c in value):
            raise ConfigurationError(
                f"the {what} for the {environment} portal contains spaces or "
                "control characters (a stray newline, perhaps); set it again"
            )
        return value

    def number(key: str, var: str, default: float) -> float:
        value = setting(key, var)
        if value is None:
            return default
        try:
            parsed = float(value)
        except ValueError:
            parsed = -1
        if parsed <= 0:
            raise ConfigurationError(
                f"'{NAMESPACE}:{key}' must be a positive number, not {value!r}"
            )
        return parsed

    return PortalSettings(
        url=required("portalUrl", "PORTAL_URL", "portal URL"),
        access_key=required("accessKey", "ACCESS_KEY", "access key"),
        secret_key=required("secretKey", "SECRET_KEY", "secret key"),
        rate_limit=int(number("rateLimit", "RATE_LIMIT", 25)),
        rate_window=int(number("rateWindow", "RATE_WINDOW", 5)),
        max_attempts=int(number("maxAttempts", "MAX_ATTEMPTS", 8)),
        max_retry_seconds=number("maxRetrySeconds", "MAX_RETRY_SECONDS", 120),
    )
