"""Request size limits and per-client rate limits for writes, before any work is done.

The rate limit is a token bucket per API key (or client address). With ``QUOTEWISE_REDIS_URL``
set, every process of the service shares one bucket per client through Redis (an API started
with four uvicorn workers allows the configured rate, not four times it); without it, or while
Redis does not answer, each process keeps its own buckets, so the embedded SQLite set-up needs
no Redis.
"""

import hashlib
import logging
import time
from collections import OrderedDict
from threading import Lock
from typing import Any, Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import problem
from app.core.config import Settings, get_settings

logger = logging.getLogger(__name__)

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


class WriteLimiter(Protocol):
    async def wait(self, key: str) -> float:
        """0 when ``key`` may write now, else the seconds until it may."""
        ...


class LocalLimiter:
    """This process's own buckets."""

    def __init__(self, buckets: TokenBuckets) -> None:
        self.buckets = buckets

    async def wait(self, key: str) -> float:
        return self.buckets.take(key)


# One bucket per client in a Redis hash, refilled and taken from atomically; Redis's clock, so
# processes on several machines agree. Returned as a string: Lua numbers become integers.
_TAKE_TOKEN = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1e6
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return tostring(wait)
"""


class RedisLimiter:
    """Buckets shared by every process through Redis; this process's own while it is away.

    Keys are hashed: an API key is a secret and does not belong in Redis's key names. A Redis
    that does not answer within ``timeout_s`` costs a write that long at most, and the process
    then limits on its own (logged once per ``RETRY_S``) rather than refusing or letting
    everything through.
    """

    RETRY_S = 30.0

    def __init__(self, url: str, rate_per_minute: float, burst: int, timeout_s: float = 0.2):
        from redis.asyncio import Redis  # optional dependency: quotewise[redis]

        self._redis: Any = Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )
        self._script = self._redis.register_script(_TAKE_TOKEN)
        self._args = (rate_per_minute / 60.0, burst)
        self._local = TokenBuckets(rate_per_minute, burst)
        self._down_until = 0.0

    async def wait(self, key: str) -> float:
        from redis.exceptions import RedisError

        if time.monotonic() >= self._down_until:
            name = "quotewise:writes:" + hashlib.sha256(key.encode()).hexdigest()[:32]
            try:
                return float(await self._script(keys=[name], args=list(self._args)))
            except (RedisError, OSError) as exc:
                self._down_until = time.monotonic() + self.RETRY_S
                logger.warning("Redis rate limits unavailable (%s); per process for now", exc)
        return self._local.take(key)


def write_limiter(settings: Settings) -> WriteLimiter:
    """Redis-shared buckets where ``redis_url`` is set, else this process's own."""
    if settings.redis_url:
        try:
            return RedisLimiter(
                settings.redis_url, settings.write_rate_per_minute, settings.write_burst
            )
        except ImportError as exc:
            raise RuntimeError(
                "QUOTEWISE_REDIS_URL is set but the redis package is missing: "
                "pip install 'quotewise[redis]'"
            ) from exc
    return LocalLimiter(TokenBuckets(settings.write_rate_per_minute, settings.write_burst))


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
        self.limiter = write_limiter(settings)

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
            wait = await self.limiter.wait(key)
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
