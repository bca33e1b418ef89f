"""LeadSquared's regions and environments, and the API host each one calls.

This is the one table of API base URLs. A connector's own calls must go to the
host of its environment and region; `foreign_api_hosts` finds any URL that does
not.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


class Environment(enum.StrEnum):
    """Which Marketplace Development Portal a connector lives on."""

    STAGING = "staging"
    LIVE = "live"


class Region(enum.StrEnum):
    """A LeadSquared data-centre region."""

    INDIA = "india"
    USA = "usa"
    SINGAPORE = "singapore"
    IRELAND = "ireland"
    JAKARTA = "jakarta"


API_BASE_URLS: dict[tuple[Region, Environment], str] = {
    (Region.INDIA, Environment.STAGING): "https://api-in21.lsq-staging.com/v2/",
    (Region.INDIA, Environment.LIVE): "https://api-in21.leadsquared.com/v2/",
    (Region.USA, Environment.STAGING): "https://api-us11.lsq-staging.com/v2/",
    (Region.USA, Environment.LIVE): "https://api-us11.leadsquared.com/v2/",
    (Region.SINGAPORE, Environment.STAGING): "https://api.lsq-staging.com/v2/",
    (Region.SINGAPORE, Environment.LIVE): "https://api.leadsquared.com/v2/",
    (Region.IRELAND, Environment.STAGING): "https://api-ir31.lsq-staging.com/v2/",
    (Region.IRELAND, Environment.LIVE): "https://api-ir31.leadsquared.com/v2/",
    (Region.JAKARTA, Environment.LIVE): "https://api-id51.leadsquared.com/v2/",
}

# Any LeadSquared API host, staging or live, of any region.
_API_HOST = re.compile(
    r"(?<![a-z0-9-])api(?:-[a-z]{2}\d+)?\.(?:lsq-staging|leadsquared)\.com\b",
    re.IGNORECASE,
)


class NoSuchEnvironment(ValueError):
    """The region has no portal in the requested environment (Jakarta staging)."""


@dataclass(frozen=True)
class HostMismatch:
    """A LeadSquared API host found in a URL that belongs elsewhere."""

    found: str
    expected: str


def api_base_url(region: Region, environment: Environment) -> str:
    """The API base URL a connector of this region and environment must call."""
    try:
        return API_BASE_URLS[(region, environment)]
    except KeyError:
        raise NoSuchEnvironment(
            f"region '{region}' has no {environment} environment; LeadSquared "
            f"offers {region} connectors on "
            + " and ".join(str(e) for r, e in API_BASE_URLS if r == region)
            + " only"
        ) from None


def api_host(region: Region, environment: Environment) -> str:
    """The bare host name of `api_base_url`."""
    return urlsplit(api_base_url(region, environment)).hostname or ""


def foreign_api_hosts(
    url: str, region: Region, environment: Environment
) -> list[HostMismatch]:
    """LeadSquared API hosts in `url` (anywhere in it) other than the expected one."""
    expected = api_host(region, environment)
    return [
        HostMismatch(found=match.group(0).lower(), expected=expected)
        for match in _API_HOST.finditer(unquote(url))
        if match.group(0).lower() != expected
    ]


def live_host_for(staging_host: str) -> str | None:
    """The live API host of the region whose staging host is `staging_host`."""
    for (region, environment), _ in API_BASE_URLS.items():
        if environment == Environment.STAGING and api_host(region, environment) == (
            staging_host.lower()
        ):
            return api_host(region, Environment.LIVE)
    return None


def promote_text(text: str) -> str:
    """`text` with every staging API host replaced by the live host of its region."""

    def live(match: re.Match[str]) -> str:
        return live_host_for(match.group(0)) or match.group(0)

    return _API_HOST.sub(live, text)
