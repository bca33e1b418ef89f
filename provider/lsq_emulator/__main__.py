"""`lsq-portal-emulator`: run the portal emulator on a local port.

Every option can also come from an environment variable named LSQ_EMULATOR_
and the option in capitals with underscores (LSQ_EMULATOR_DATA_FILE,
LSQ_EMULATOR_FAULT_500, ...); the command line wins. LSQ_EMULATOR_ACCOUNT may
hold several accounts separated by commas.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from ._app import create_app
from ._settings import DEMO_ACCOUNT, DEMO_ADMIN_KEY, Account, Faults, Settings

log = logging.getLogger("lsq_emulator")

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")

# The fault options that take a rate, and what share of calls each one spoils.
_FAULT_RATES = (
    ("500", "calls answered HTTP 500"),
    ("429", "calls answered HTTP 429"),
    ("throttle-200", "calls answered HTTP 200 with a rate-limit error body"),
    ("drop", "calls whose connection is closed without an answer"),
    ("lost-response", "writes that are stored, then lose their answer"),
)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the options, then serve until interrupted."""
    options = build_parser().parse_args(argv)
    settings = settings_from(options)
    logging.basicConfig(
        level=options.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        app = create_app(settings)
    except sqlite3.Error as error:
        raise SystemExit(
            f"lsq-portal-emulator: cannot use data file {settings.data_file}: {error}"
        ) from None
    log.info(
        "serving LeadSquared portal emulator on http://%s:%d for account(s) %s; "
        "data in %s; rate limit %d calls per %d s; faults: %s",
        options.host,
        options.port,
        ", ".join(account.name for account in settings.accounts),
        settings.data_file,
        settings.rate_limit,
        settings.rate_window,
        settings.faults.describe(),
    )
    # uvicorn's access log prints query strings, which may carry the keys.
    uvicorn.run(
        app,
        host=options.host,
        port=options.port,
        log_level=options.log_level,
        access_log=False,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lsq-portal-emulator",
        description="A local LeadSquared Marketplace Development Portal API.",
        epilog="Each option may also be set as LSQ_EMULATOR_<OPTION>, "
        "for example LSQ_EMULATOR_PORT=9000.",
    )
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=_port, default=_env("PORT", "8765"))
    parser.add_argument(
        "--data-file",
        type=Path,
        default=_env("DATA_FILE", "lsq-emulator.db"),
        help="SQLite file that keeps the connectors (default: %(default)s)",
    )
    parser.add_argument(
        "--rate-limit",
        type=_positive,
        default=_env("RATE_LIMIT", "25"),
        help="calls allowed per access key per window (default: %(default)s)",
    )
    parser.add_argument(
        "--rate-window",
        type=_positive,
        default=_env("RATE_WINDOW", "5"),
        help="length of the moving rate-limit window, whole seconds "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        type=str.lower,
        default=_env("LOG_LEVEL", "info"),
    )
    parser.add_argument(
        "--account",
        dest="accounts",
        metavar="NAME:ACCESSKEY:SECRETKEY",
        type=_account,
        action="append",
        help="a portal account and its keys; repeat for more "
        f"(default: {DEMO_ACCOUNT.name}:{DEMO_ACCOUNT.access_key}:"
        f"{DEMO_ACCOUNT.secret_key})",
    )
    parser.add_argument(
        "--admin-key",
        default=_env("ADMIN_KEY", DEMO_ADMIN_KEY),
        help=f"the reviewers' key for Review.svc (default: {DEMO_ADMIN_KEY})",
    )

    faults = parser.add_argument_group("fault injection (all off by default)")
    for flag, meaning in _FAULT_RATES:
        faults.add_argument(
            f"--fault-{flag}",
            metavar="RATE",
            type=_rate,
            default=_env(f"FAULT_{flag.upper().replace('-', '_')}", "0"),
            help=f"share of {meaning}",
        )
    faults.add_argument(
        "--fault-latency-ms",
        metavar="N",
        type=_non_negative,
        default=_env("FAULT_LATENCY_MS", "0"),
        help="milliseconds added before every call is answered",
    )
    faults.add_argument(
        "--fault-seed",
        metavar="N",
        type=int,
        default=_env("FAULT_SEED", None),
        help="seed for the fault draws, to repeat a run exactly",
    )
    return parser


def settings_from(options: argparse.Namespace) -> Settings:
    """The settings the parsed options describe."""
    accounts = options.accounts or _env_accounts() or [DEMO_ACCOUNT]
    names = [account.name for account in accounts]
    keys = [account.access_key for account in accounts]
    if len(set(names)) < len(names) or len(set(keys)) < len(keys):
        raise SystemExit(
            "lsq-portal-emulator: account names and access keys must be unique"
        )
    return Settings(
        data_file=options.data_file,
        accounts=tuple(accounts),
        admin_key=options.admin_key,
        rate_limit=options.rate_limit,
        rate_window=options.rate_window,
        faults=Faults(
            error_500=options.fault_500,
            error_429=options.fault_429,
            throttle_200=options.fault_throttle_200,
            latency_ms=options.fault_latency_ms,
            drop=options.fault_drop,
            lost_response=options.fault_lost_response,
            seed=options.fault_seed,
        ),
    )


def _env(option: str, default: str | None) -> str | None:
    return os.environ.get(f"LSQ_EMULATOR_{option}", default)


def _env_accounts() -> list[Account]:
    value = _env("ACCOUNT", "") or ""
    try:
        return [_account(item.strip()) for item in value.split(",") if item.strip()]
    except argparse.ArgumentTypeError as error:
        raise SystemExit(
            f"lsq-portal-emulator: LSQ_EMULATOR_ACCOUNT: {error}"
        ) from None


def _account(value: str) -> Account:
    name, _, keys = value.partition(":")
    access_key, _, secret_key = keys.partition(":")
    if not (name and access_key and secret_key):
        raise argparse.ArgumentTypeError("expected NAME:ACCESSKEY:SECRETKEY")
    return Account(name, access_key, secret_key)


def _rate(value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a rate from 0 to 1, got {value!r}")
    return rate


def _non_negative(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}")
    return int(value)


def _positive(value: str) -> int:
    number = _non_negative(value)
    if number == 0:
        raise argparse.ArgumentTypeError("expected a number above 0")
    return number


def _port(value: str) -> int:
    number = _non_negative(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"expected a port up to 65535, got {value}")
    return number


if __name__ == "__main__":
    main()
