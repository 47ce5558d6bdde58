"""Builds the PTB Application and owns its lifecycle (database, services, command menus)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults, ExtBot, JobQueue

from bot import handlers, texts
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.handlers.context import BotData, Context
from bot.scheduling.sender import OutboxSender
from bot.scheduling.tick import Tick
from bot.services.container import Services
from bot.storage.database import Database
from bot.update_order import PerChatOrder

logger = logging.getLogger(__name__)

BotApplication = Application[
    ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]
]
# Updates from different people are handled side by side; SQLite writes still serialise.
CONCURRENT_UPDATES = 32


def configure_logging(level: str) -> None:
    """Plain logs with ids and counts; silence loggers that would print the token."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def build_application(
    settings: Settings, clock: Clock | None = None, *, concurrent_updates: int = CONCURRENT_UPDATES
) -> BotApplication:
    """The real Application, pointed at `BOT_API_BASE_URL`, with every route registered."""
    context_types = ContextTypes(context=Context, bot_data=BotData)
    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.token())
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.base_file_url)
        .context_types(context_types)
        .job_queue(JobQueue["Context"]())
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(PerChatOrder(concurrent_updates))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.settings = settings
    application.bot_data.clock = clock or SystemClock()
    handlers.register(application)
    return application


async def _post_init(application: BotApplication) -> None:
    """Open the database, build the services, publish the command menus."""
    data = application.bot_data
    assert data.settings is not None
    assert data.clock is not None
    settings = data.settings
    db = await Database.open(settings.database_path)
    services = Services.create(
        settings, data.clock, db, question_count=len(texts.JOURNAL_QUESTIONS)
    )
    services.bot_username = application.bot.username
    data.services = services
    data.tick = Tick(services)
    data.sender = OutboxSender(application.bot, services, settings.send_rate_per_second)
    await handlers.publish_commands(application.bot)
    await data.sender.start()
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        _run_tick,
        interval=settings.scheduler_tick_seconds,
        first=settings.scheduler_tick_seconds,
        name="scheduler-tick",
        # A late tick must run, not be dropped; missed runs collapse into one.
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )
    logger.info("bot started as @%s", application.bot.username)


async def _run_tick(context: Context) -> None:
    """The repeating job: claim due schedule rows and fill the outbox."""
    tick = context.bot_data.tick
    if tick is not None:
        await tick.run()


async def _post_stop(application: BotApplication) -> None:
    """Stop the sender while the bot can still talk to Telegram."""
    sender = application.bot_data.sender
    if sender is not None:
        await sender.stop()


async def _post_shutdown(application: BotApplication) -> None:
    """Close the database."""
    services = application.bot_data.services
    if services is not None:
        await services.db.close()
        application.bot_data.services = None
