"""Where the provider finds each portal's address and keys."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_leadsquared import Environment
from pulumi_leadsquared._config import ConfigurationError, portal_settings


def config(values: dict[str, Any]) -> Any:
    return lambda key: values.get(key)


STAGING = {
    "leadsquared:stagingPortalUrl": "https://staging.example.com",
    "leadsquared:stagingAccessKey": "stage-access",
    "leadsquared:stagingSecretKey": "stage-secret",
}


def test_environment_specific_config_is_used() -> None:
    settings = portal_settings(Environment.STAGING, config(STAGING), env={})

    assert settings.url == "https://staging.example.com"
    assert (settings.access_key, settings.secret_key) == (
        "stage-access",
        "stage-secret",
    )
    assert (settings.rate_limit, settings.rate_window) == (25, 5)


def test_config_wins_over_environment_variables_which_fill_the_gaps() -> None:
    env = {
        "LEADSQUARED_STAGING_ACCESS_KEY": "from-env",
        "LEADSQUARED_PORTAL_URL": "https://shared.example.com",
        "LEADSQUARED_SECRET_KEY": "shared-secret",
        "LEADSQUARED_RATE_LIMIT": "10",
    }
    values = {"leadsquared:stagingAccessKey": "from-config"}

    settings = portal_settings(Environment.STAGING, config(values), env=env)

    assert settings.access_key == "from-config"
    assert settings.url == "https://shared.example.com"
    assert settings.secret_key == "shared-secret"
    assert settings.rate_limit == 10


def test_staging_settings_never_serve_the_live_portal() -> None:
    with pytest.raises(ConfigurationError) as missing:
        portal_settings(Environment.LIVE, config(STAGING), env={})

    assert "leadsquared:livePortalUrl" in str(missing.value)
    assert "LEADSQUARED_LIVE_PORTAL_URL" in str(missing.value)


def test_a_missing_key_names_the_secret_setting_without_a_value() -> None:
    values = {k: v for k, v in STAGING.items() if not k.endswith("SecretKey")}

    with pytest.raises(ConfigurationError) as missing:
        portal_settings(Environment.STAGING, config(values), env={})

    assert "'leadsquared:stagingSecretKey' with --secret" in str(missing.value)


def test_a_key_with_a_stray_newline_is_refused_without_repeating_it() -> None:
    values = {**STAGING, "leadsquared:stagingSecretKey": "stage-secret\n"}

    with pytest.raises(ConfigurationError) as refused:
        portal_settings(Environment.STAGING, config(values), env={})

    assert "control characters" in str(refused.value)
    assert "stage-secret" not in str(refused.value)


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_rate_limit_that_is_not_a_positive_number_is_refused(value: str) -> None:
    values = {**STAGING, "leadsquared:rateLimit": value}

    with pytest.raises(ConfigurationError, match="must be a positive number"):
        portal_settings(Environment.STAGING, config(values), env={})


def test_settings_never_show_keys() -> None:
    settings = portal_settings(Environment.STAGING, config(STAGING), env={})

    assert "stage-secret" not in repr(settings)
    assert "stage-access" not in repr(settings)
