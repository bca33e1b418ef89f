"""A local LeadSquared Marketplace Development Portal, speaking the portal's API.

Run it with `lsq-portal-emulator` (or `python -m lsq_emulator`); drive it from
tests with `lsq_emulator.testing.start_emulator`. It keeps connectors in a
SQLite file, enforces the portal's accounts, field limits, status rules and rate
limits, and can inject faults on purpose.
"""

from ._app import create_app
from ._settings import DEMO_ACCOUNT, DEMO_ADMIN_KEY, Account, Faults, Settings

__all__ = [
    "DEMO_ACCOUNT",
    "DEMO_ADMIN_KEY",
    "Account",
    "Faults",
    "Settings",
    "create_app",
]
