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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from bot.bot_api import MilestoneBot
from bot.operations.http import serving
from bot.receiving.dispatcher import Dispatcher
from bot.receiving.polling import usable

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram opens at most this many connections at once (its default is 40).
MAX_CONNECTIONS = 40
MAX_BODY_BYTES = 1 << 20


def webhook_app(dispatcher: Dispatcher, path: str, secret: str) -> web.Application:
    """The one route Telegram posts to."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            logger.warning("webhook: a post without the right secret was refused")
            return web.Response(status=403)
        try:
            payload: Any = json.loads(await request.read())
        except ValueError:
            logger.error("webhook: a body that is not JSON was dropped")
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
) -> AsyncIterator[int]:
    """Serve the webhook, then tell Telegram where it is. Leaving stops serving; the
    webhook stays registered, so Telegram keeps what arrives until the bot is back."""
    async with serving(webhook_app(dispatcher, path, secret), listen) as port:
        await bot.set_webhook(
            url,
            secret_token=secret,
            allowed_updates=allowed_updates,
            max_connections=MAX_CONNECTIONS,
            drop_pending_updates=False,
        )
        logger.info("webhook set; listening on %s", listen)
        yield port
