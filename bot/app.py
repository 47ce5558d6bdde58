"""Builds the PTB Application and owns its lifecycle (database, services, inbox, sender)."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults, JobQueue

from bot import handlers, logs, texts
from bot.bot_api import READ_TIMEOUT_SECONDS, MilestoneBot, QuietRequest
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.dates import warm_up
from bot.domain.groups import is_in_chat
from bot.domain.intents import warm_up as warm_up_reader
from bot.handlers.context import BotData, Context
from bot.operations.backups import Backups
from bot.operations.health import Health, Receiving
from bot.operations.http import operations_app, serving
from bot.operations.lock import holding
from bot.receiving import webhook
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
# Backups: checked hourly (the first a minute after start), taken when a day old.
BACKUP_CHECK_SECONDS = 3600.0
BACKUP_FIRST_CHECK_SECONDS = 60.0
# On a stop, handlers already running get this long to finish.
STOP_GRACE_SECONDS = 10.0


def build_bot(settings: Settings) -> MilestoneBot:
    """The Bot API client, pointed at `BOT_API_BASE_URL`."""
    logs.redact(settings.token())  # before PTB logs its URLs
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


@cache
def _keep_out_of_the_collectors_way() -> None:
    """What is loaded by now (the banks, tables, gazetteer) stays for the life of the
    process: frozen, a full collection no longer walks it (the reader's p99 here: 1.3 →
    1.1 ms). Once a process: a test run that starts many bots freezes only the first's."""
    gc.collect()  # ~0.1 s, once: garbage is not frozen with the rest
    gc.freeze()


@asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[None]:
    """The bot running: services open, unfinished updates first, then receiving (webhook
    or polling), the tick, the sender, and the operator's endpoints. Leaving it stops
    receiving, lets handlers in flight finish, flushes and closes."""
    data = application.bot_data
    assert data.settings is not None
    with holding(data.settings.database_path):  # one bot per database
        try:
            await application.initialize()
        except BaseException:  # a refused token, Telegram unreachable, a stop while starting
            await application.bot.close_clients()
            raise
        try:
            await _open_services(application)
        except BaseException:  # a missing master key, a database that cannot be opened
            if data.sender is not None:
                await data.sender.stop()
            if data.services is not None:
                await data.services.db.close()
                data.services = None
            await application.shutdown()
            raise
        assert data.services is not None
        data.dispatcher = data.dispatcher_class(
            application,
            data.services.db,
            data.services.clock,
            concurrency=data.concurrency,
            metrics=data.metrics,
        )
        await application.start()
        try:
            await data.dispatcher.recover()
            async with _operator_endpoints(application), _receiving(application):
                logger.info("bot started as @%s", application.bot.username)
                try:
                    yield
                finally:
                    await data.dispatcher.stop(STOP_GRACE_SECONDS)
        finally:
            await application.stop()
            if data.sender is not None:
                await data.sender.stop()
            await application.shutdown()
            if data.services is not None:
                await data.services.db.close()
                data.services = None


@asynccontextmanager
async def _receiving(application: BotApplication) -> AsyncIterator[None]:
    """Webhook when WEBHOOK_URL is set, long polling otherwise; both fill the inbox."""
    data = application.bot_data
    settings, dispatcher = data.settings, data.dispatcher
    assert settings is not None
    assert dispatcher is not None
    if settings.webhook_url is not None:
        assert settings.webhook_secret is not None  # the settings refuse one without the other
        async with webhook.receiving(
            application.bot,
            dispatcher,
            url=settings.webhook_url,
            path=settings.webhook_path,
            listen=settings.webhook_listen,
            secret=settings.webhook_secret.get_secret_value(),
            allowed_updates=handlers.ALLOWED_UPDATES,
            metrics=data.metrics,
        ) as port:
            data.webhook_port = port
            yield
        return
    receiver = Polling(
        application.bot, dispatcher, handlers.ALLOWED_UPDATES, backoff_base=data.poll_backoff
    )
    await receiver.start()
    data.polling = receiver
    try:
        yield
    finally:
        data.polling = None
        await receiver.stop()


@asynccontextmanager
async def _operator_endpoints(application: BotApplication) -> AsyncIterator[None]:
    """`/healthz` and `/metrics` on HTTP_LISTEN, when set."""
    data = application.bot_data
    settings, services, tick, sender = data.settings, data.services, data.tick, data.sender
    assert settings is not None
    assert services is not None
    assert tick is not None
    assert sender is not None
    data.health = Health(
        services.db,
        services.clock,
        settings.scheduler_tick_seconds,
        last_tick=lambda: tick.last_finished,
        last_send=lambda: sender.last_sent_at,
        receiving=lambda: _receiving_state(data),
    )
    if settings.http_listen is None:
        yield
        return
    app = operations_app(data.health, data.metrics, services.db)
    async with serving(app, settings.http_listen) as port:
        data.http_port = port
        logger.info("health and metrics on %s", settings.http_listen)
        yield


def _receiving_state(data: BotData) -> Receiving:
    """What /healthz needs of receiving: the last good poll (long polling only) and how
    many updates are in memory being worked on."""
    polling = data.polling
    queued = data.dispatcher.queued if data.dispatcher is not None else 0
    if polling is None:
        return Receiving(polling=False, last_poll_ok=None, poll_timeout=0.0, queued=queued)
    return Receiving(True, polling.last_poll_ok, polling.timeout, queued)


async def _open_services(application: BotApplication) -> None:
    """Open the database, build the services, publish the command menus, start the tick."""
    data = application.bot_data
    assert data.settings is not None
    assert data.clock is not None
    settings = data.settings
    db = await Database.open(settings.database_path, key_path=settings.master_key_path())
    services = Services.create(
        settings, data.clock, db, question_count=len(texts.JOURNAL_QUESTIONS)
    )
    services.bot_username = application.bot.username
    services.groups.members.lookup = _member_lookup(application.bot)
    data.services = services
    data.tick = Tick(services, data.metrics)
    data.sender = OutboxSender(
        application.bot,
        services,
        settings.send_rate_per_second,
        paid_broadcast=settings.paid_broadcast,
        metrics=data.metrics,
    )
    try:
        await handlers.publish_commands(application.bot)
    except TelegramError as error:  # the menus are a convenience: the bot runs without them
        logger.warning("could not publish the command menus (%s); running without them",
                       type(error).__name__)  # fmt: skip
    # The gazetteer, dateparser's tables and the phrase banks take ~2 s to load: not on
    # the event loop, and before the first message rather than during it.
    await asyncio.to_thread(warm_up)
    await asyncio.to_thread(warm_up_reader)
    _keep_out_of_the_collectors_way()
    await services.followups.load()
    await data.sender.start()
    assert application.job_queue is not None
    if settings.backup_dir is not None:
        data.backups = Backups(
            settings.database_path, settings.backup_dir, settings.backup_keep, data.clock
        )
        application.job_queue.run_repeating(
            _run_backups, interval=BACKUP_CHECK_SECONDS, first=BACKUP_FIRST_CHECK_SECONDS,
            name="backups", job_kwargs={"misfire_grace_time": None, "coalesce": True},
        )  # fmt: skip
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


async def _run_backups(context: Context) -> None:
    """The hourly job: a backup when the newest is a day old."""
    backups = context.bot_data.backups
    if backups is None:
        return
    try:
        await backups.run_if_due()
    except Exception:  # a full disk must not stop the bot; the log and /healthz say it
        logger.exception("backup failed")
