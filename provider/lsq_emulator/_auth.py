"""Who is calling: the account whose keys came with a request, or the reviewers."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping

from ._settings import Account

ACCESS_KEY_HEADER = "x-lsq-accesskey"
SECRET_KEY_HEADER = "x-lsq-secretkey"
ADMIN_KEY_HEADER = "x-lsq-adminkey"
ACCESS_KEY_PARAM = "accessKey"
SECRET_KEY_PARAM = "secretKey"


class Keyring:
    """The accounts' key pairs and the reviewers' admin key."""

    def __init__(self, accounts: Iterable[Account], admin_key: str) -> None:
        self._by_access_key = {account.access_key: account for account in accounts}
        self._admin_key = admin_key

    def developer(
        self, headers: Mapping[str, str], query: Mapping[str, str]
    ) -> Account | None:
        """The account whose key pair came in the headers, or else in the query."""
        access = headers.get(ACCESS_KEY_HEADER) or query.get(ACCESS_KEY_PARAM, "")
        secret = headers.get(SECRET_KEY_HEADER) or query.get(SECRET_KEY_PARAM, "")
        account = self._by_access_key.get(access)
        if account is None or not _same(secret, account.secret_key):
            return None
        return account

    def is_reviewer(self, headers: Mapping[str, str]) -> bool:
        """Whether the request carries the admin key in its header."""
        return _same(headers.get(ADMIN_KEY_HEADER, ""), self._admin_key)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
