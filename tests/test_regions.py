"""The API host of each region and environment, and URLs that call the wrong one."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from pulumi_leadsquared._regions import (
    API_BASE_URLS,
    Environment,
    HostMismatch,
    NoSuchEnvironment,
    Region,
    api_base_url,
    api_host,
    foreign_api_hosts,
)

STAGING, LIVE = Environment.STAGING, Environment.LIVE

# LeadSquared's published table of API base URLs, row by row.
DOCUMENTED_BASE_URLS = [
    (Region.INDIA, STAGING, "https://api-in21.lsq-staging.com/v2/"),
    (Region.INDIA, LIVE, "https://api-in21.leadsquared.com/v2/"),
    (Region.USA, STAGING, "https://api-us11.lsq-staging.com/v2/"),
    (Region.USA, LIVE, "https://api-us11.leadsquared.com/v2/"),
    (Region.SINGAPORE, STAGING, "https://api.lsq-staging.com/v2/"),
    (Region.SINGAPORE, LIVE, "https://api.leadsquared.com/v2/"),
    (Region.IRELAND, STAGING, "https://api-ir31.lsq-staging.com/v2/"),
    (Region.IRELAND, LIVE, "https://api-ir31.leadsquared.com/v2/"),
    (Region.JAKARTA, LIVE, "https://api-id51.leadsquared.com/v2/"),
]


@pytest.mark.parametrize(("region", "environment", "url"), DOCUMENTED_BASE_URLS)
def test_api_base_url_is_the_documented_one(
    region: Region, environment: Environment, url: str
) -> None:
    assert api_base_url(region, environment) == url


@pytest.mark.parametrize(("region", "environment", "url"), DOCUMENTED_BASE_URLS)
def test_api_host_is_the_host_of_the_base_url(
    region: Region, environment: Environment, url: str
) -> None:
    assert f"https://{api_host(region, environment)}/v2/" == url


def test_the_table_holds_the_documented_rows_and_no_others() -> None:
    documented = {
        (region, environment): url for region, environment, url in DOCUMENTED_BASE_URLS
    }

    assert documented == API_BASE_URLS


def test_jakarta_has_no_staging_environment() -> None:
    with pytest.raises(NoSuchEnvironment) as caught:
        api_base_url(Region.JAKARTA, STAGING)

    assert str(caught.value) == (
        "region 'jakarta' has no staging environment; "
        "LeadSquared offers jakarta connectors on live only"
    )


def test_no_such_environment_is_a_value_error() -> None:
    assert issubclass(NoSuchEnvironment, ValueError)


def test_finds_a_staging_host_in_a_live_connector_s_url() -> None:
    url = "https://api-in21.lsq-staging.com/v2/LeadManagement.svc/Lead.Create"

    assert foreign_api_hosts(url, Region.INDIA, LIVE) == [
        HostMismatch(
            found="api-in21.lsq-staging.com", expected="api-in21.leadsquared.com"
        )
    ]


def test_finds_a_live_host_in_a_staging_connector_s_url() -> None:
    url = "https://api-us11.leadsquared.com/v2/LeadManagement.svc/Lead.Create"

    assert foreign_api_hosts(url, Region.USA, STAGING) == [
        HostMismatch(
            found="api-us11.leadsquared.com", expected="api-us11.lsq-staging.com"
        )
    ]


def test_finds_another_region_s_host() -> None:
    url = "https://api-ir31.leadsquared.com/v2/LeadManagement.svc/Lead.Create"

    assert foreign_api_hosts(url, Region.SINGAPORE, LIVE) == [
        HostMismatch(found="api-ir31.leadsquared.com", expected="api.leadsquared.com")
    ]


def test_finds_a_host_inside_a_query_string() -> None:
    url = "https://calls.example.com/dial?api=https://api-in21.leadsquared.com/v2/"

    assert foreign_api_hosts(url, Region.INDIA, STAGING) == [
        HostMismatch(
            found="api-in21.leadsquared.com", expected="api-in21.lsq-staging.com"
        )
    ]


def test_finds_a_percent_encoded_host_inside_a_query_string() -> None:
    # A URL passed as a parameter is normally percent-encoded, as here.
    query = urlencode({"api": "https://api-in21.leadsquared.com/v2/"})
    url = f"https://calls.example.com/dial?{query}"

    assert foreign_api_hosts(url, Region.INDIA, STAGING) == [
        HostMismatch(
            found="api-in21.leadsquared.com", expected="api-in21.lsq-staging.com"
        )
    ]


def test_finds_a_host_inside_a_path() -> None:
    url = "https://proxy.example.com/forward/api.lsq-staging.com/v2/"

    assert foreign_api_hosts(url, Region.SINGAPORE, LIVE) == [
        HostMismatch(found="api.lsq-staging.com", expected="api.leadsquared.com")
    ]


def test_reports_a_host_in_lower_case_whatever_its_spelling() -> None:
    url = "https://API-US11.LeadSquared.com/v2/"

    assert foreign_api_hosts(url, Region.INDIA, LIVE) == [
        HostMismatch(
            found="api-us11.leadsquared.com", expected="api-in21.leadsquared.com"
        )
    ]


def test_reports_every_foreign_host_in_the_order_they_appear() -> None:
    url = (
        "https://api-in21.leadsquared.com/v2/"
        "?a=https://api-us11.leadsquared.com&b=https://api-in21.lsq-staging.com"
    )

    found = [mismatch.found for mismatch in foreign_api_hosts(url, Region.INDIA, LIVE)]

    assert found == ["api-us11.leadsquared.com", "api-in21.lsq-staging.com"]


@pytest.mark.parametrize(
    "url",
    [
        "https://calls.example.com/dial?phone=@lead.phone",
        "https://api.example.com/v2/",
        "https://www.leadsquared.com/pricing/",
        "https://myapi.leadsquared.com/v2/",
    ],
)
def test_finds_nothing_in_a_url_without_a_leadsquared_api_host(url: str) -> None:
    assert foreign_api_hosts(url, Region.INDIA, STAGING) == []


@pytest.mark.parametrize(("region", "environment", "base_url"), DOCUMENTED_BASE_URLS)
def test_finds_nothing_in_a_url_on_the_right_host(
    region: Region, environment: Environment, base_url: str
) -> None:
    url = base_url + "LeadManagement.svc/Lead.Create"

    assert foreign_api_hosts(url, region, environment) == []
