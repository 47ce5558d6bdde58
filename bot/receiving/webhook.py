"""Webhook mode: Telegram posts each update; it is in the inbox before we answer 200.

The secret token Telegram sends back in `X-Telegram-Bot-Api-Secret-Token` is checked
first: anything else gets 403 and nothing is stored. A 200 is Telegram's acknowledgement,
so it is only sent once the update is committed; if the process dies before that, Telegram
posts the update again (and the inbox recognises a repeat).
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from bot.bot_api import MilestoneBot
from bot.operations.http import serving
from bot.operations.metrics import Metrics
from bot.receiving.dispatcher import Dispatcher
from bot.receiving.polling import usable

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram opens at most this many connections at once (its default is 40).
MAX_CONNECTIONS = 40
MAX_BODY_BYTES = 1 << 20
REFUSAL_LOG_SECONDS = 60.0


class RefusalLog:
    """Refused posts are counted in /metrics and logged at most once a minute: anyone who
    can reach the URL could otherwise flood the log."""

    def __init__(self, metrics: Metrics, every: float = REFUSAL_LOG_SECONDS) -> None:
        self._metrics = metrics
        self._every = every
        self._last: dict[str, float] = {}
        self._unlogged: dict[str, int] = {}

    def refused(self, reason: str, words: str) -> None:
        self._metrics.refused_post(reason)
        now = time.monotonic()
        self._unlogged[reason] = self._unlogged.get(reason, 0) + 1
        if now - self._last.get(reason, -self._every) >= self._every:
            count = self._unlogged.pop(reason)
            logger.warning("webhook: %s post(s) refused (%s) in the last minute", count, words)
            self._last[reason] = now


def webhook_app(
    dispatcher: Dispatcher, path: str, secret: str, metrics: Metrics | None = None
) -> web.Application:
    """The one route Telegram posts to."""
    refusals = RefusalLog(metrics or Metrics())

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            refusals.refused("bad_secret", "without the right secret")
            return web.Response(status=403)
        try:
            payload: Any = json.loads(await request.read())
        except ValueError:
            refusals.refused("not_json", "a body that is not JSON")
            return web.Response(status=400)
        updates = usable([payload])
        if updates:
            await dispatcher.wait_for_room()
            await dispatcher.store(updates)  # committed: now it may be acknowledged
        return web.Response(status=200)

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(path, receive)
    return app


@asynccontextmanager
async def receiving(
    bot: MilestoneBot,
    dispatcher: Dispatcher,
    *,
    url: str,
    path: str,
    listen: str,
    secret: str,
    allowed_updates: list[str],
    metrics: Metrics | None = None,
) -> AsyncIterator[int]:
    """Serve the webhook, then tell Telegram where it is. Leaving stops serving; the
    webhook stays registered, so Telegram keeps what arrives until the bot is back."""
    async with serving(webhook_app(dispatcher, path, secret, metrics), listen) as port:
        await bot.set_webhook(
            url,
            secret_token=secret,
            allowed_updates=allowed_updates,
            max_connections=MAX_CONNECTIONS,
            drop_pending_updates=False,
        )
        logger.info("webhook set; listening on %s", listen)
        yield port
