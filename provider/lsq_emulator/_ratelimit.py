"""Per-key call limits over a moving window, as LeadSquared applies them."""

from __future__ import annotations

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class RateLimits:
    """Counts calls per bucket over a moving window."""

    def __init__(self, calls: int, window_seconds: int) -> None:
        self.calls = calls
        self.window_seconds = window_seconds
        self._item = RateLimitItemPerSecond(calls, window_seconds, namespace="lsq")
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, *bucket: str) -> bool:
        """Count one call in the bucket; False when the bucket is over its limit.

        A developer's bucket is ("developer", access key), the reviewers' is
        ("reviewer",), so the admin key never spends a developer's calls.
        """
        return self._limiter.hit(self._item, *bucket)

    def describe(self) -> str:
        return f"{self.calls} calls per {self.window_seconds} s"
