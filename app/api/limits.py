"""Request size limits and per-client rate limits for writes, before any work is done."""

import time
from collections import OrderedDict
from threading import Lock

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import problem
from app.core.config import get_settings

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class TokenBuckets:
    """Per-key token buckets: ``rate`` requests per minute with bursts up to ``burst``."""

    def __init__(self, rate_per_minute: float, burst: int, max_keys: int = 10_000) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._max_keys = max_keys
        self._lock = Lock()

    def take(self, key: str) -> float:
        """0 when allowed, else the seconds to wait for the next token."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[key] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
            return wait


class _TooLarge(Exception):
    pass


class LimitsMiddleware:
    """Rejects writes over the size limit (413) or the client's rate (429) with problem+json.

    The size is checked on ``Content-Length`` and again while the body streams in, so a
    chunked request cannot slip past it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        settings = get_settings()
        self.buckets = TokenBuckets(settings.write_rate_per_minute, settings.write_burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        settings = get_settings()
        limit = settings.max_request_bytes
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await problem(413, f"The request body is larger than {limit} bytes.")(
                scope, receive, send
            )
            return
        if settings.write_rate_per_minute > 0:
            client = scope.get("client")
            key = headers.get(b"x-api-key", b"").decode("latin-1") or (
                client[0] if client else "unknown"
            )
            wait = self.buckets.take(key)
            if wait > 0:
                response = problem(429, "Too many write requests; slow down.")
                response.headers["Retry-After"] = str(max(1, round(wait)))
                await response(scope, receive, send)
                return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await problem(413, f"The request body is larger than {limit} bytes.")(
                scope, receive, send
            )
