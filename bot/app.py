"""Builds the PTB Application and owns its lifecycle (database, services, inbox, sender)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults, JobQueue

from bot import handlers, texts
from bot.bot_api import READ_TIMEOUT_SECONDS, MilestoneBot, QuietRequest
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.dates import warm_up
from bot.domain.groups import is_in_chat
from bot.handlers.context import BotData, Context
from bot.receiving.polling import Polling
from bot.scheduling.sender import OutboxSender
from bot.scheduling.tick import Tick
from bot.services.container import Services
from bot.services.membership import MemberLookup
from bot.storage.database import Database

logger = logging.getLogger(__name__)

BotApplication = Application[
    MilestoneBot, Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]
]
# Updates from different chats are handled side by side; SQLite writes still serialise.
CONCURRENT_UPDATES = 32
# On a stop, handlers already running get this long to finish.
STOP_GRACE_SECONDS = 10.0


def configure_logging(level: str) -> None:
    """Plain logs with ids and counts; silence loggers that would print the token."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def build_bot(settings: Settings) -> MilestoneBot:
    """The Bot API client, pointed at `BOT_API_BASE_URL`."""
    return MilestoneBot(
        settings.token(),
        base_url=settings.bot_api_base_url,
        base_file_url=settings.base_file_url,
        request=QuietRequest(read_timeout=READ_TIMEOUT_SECONDS),
        get_updates_request=QuietRequest(connection_pool_size=1),
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
    )


def build_application(
    settings: Settings,
    clock: Clock | None = None,
    *,
    concurrent_updates: int = CONCURRENT_UPDATES,
    poll_backoff: float = 1.0,
) -> BotApplication:
    """The real Application with every route registered; updates arrive through the inbox."""
    context_types = ContextTypes(context=Context, bot_data=BotData)
    application: BotApplication = (
        ApplicationBuilder()
        .bot(build_bot(settings))
        .updater(None)
        .context_types(context_types)
        .job_queue(JobQueue["Context"]())
        .build()
    )
    application.bot_data.settings = settings
    application.bot_data.clock = clock or SystemClock()
    application.bot_data.concurrency = concurrent_updates
    application.bot_data.poll_backoff = poll_backoff
    handlers.register(application)
    return application


@asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[None]:
    """The bot running: services open, unfinished updates first, polling, the tick, the
    sender. Leaving it stops fetching, lets handlers in flight finish, flushes and closes."""
    data = application.bot_data
    await application.initialize()
    await _open_services(application)
    assert data.services is not None
    data.dispatcher = data.dispatcher_class(
        application, data.services.db, data.services.clock, concurrency=data.concurrency
    )
    await application.start()
    try:
        await data.dispatcher.recover()
        receiver = Polling(
            application.bot,
            data.dispatcher,
            handlers.ALLOWED_UPDATES,
            backoff_base=data.poll_backoff,
        )
        await receiver.start()
        logger.info("bot started as @%s", application.bot.username)
        try:
            yield
        finally:
            await receiver.stop()
            await data.dispatcher.stop(STOP_GRACE_SECONDS)
    finally:
        await application.stop()
        if data.sender is not None:
            await data.sender.stop()
        await application.shutdown()
        if data.services is not None:
            await data.services.db.close()
            data.services = None


async def _open_services(application: BotApplication) -> None:
    """Open the database, build the services, publish the command menus, start the tick."""
    data = application.bot_data
    assert data.settings is not None
    assert data.clock is not None
    settings = data.settings
    db = await Database.open(settings.database_path)
    services = Services.create(
        settings, data.clock, db, question_count=len(texts.JOURNAL_QUESTIONS)
    )
    services.bot_username = application.bot.username
    services.groups.members.lookup = _member_lookup(application.bot)
    data.services = services
    data.tick = Tick(services)
    data.sender = OutboxSender(application.bot, services, settings.send_rate_per_second)
    await handlers.publish_commands(application.bot)
    # The gazetteer and dateparser's tables take ~1 s to load: not on the event loop.
    await asyncio.to_thread(warm_up)
    await services.followups.load()
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


def _member_lookup(bot: MilestoneBot) -> MemberLookup:
    """Whether a user is in a group chat now, asked of Telegram."""

    async def lookup(chat_id: int, user_id: int) -> bool:
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except BadRequest as error:
            if "not found" in error.message.lower():
                return False  # "user not found" / "member not found": not there
            raise
        return is_in_chat(member.status, getattr(member, "is_member", None))

    return lookup


async def _run_tick(context: Context) -> None:
    """The repeating job: claim due schedule rows and fill the outbox."""
    tick = context.bot_data.tick
    if tick is not None:
        await tick.run()
