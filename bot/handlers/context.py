"""The typed PTB context: handlers reach the services through `context.services`."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackContext

from bot.bot_api import MilestoneBot
from bot.clock import Clock
from bot.config import Settings
from bot.operations.backups import Backups
from bot.operations.health import Health
from bot.operations.metrics import Metrics
from bot.receiving.dispatcher import Dispatcher
from bot.receiving.polling import Polling
from bot.scheduling.sender import OutboxSender
from bot.scheduling.tick import Tick
from bot.services.container import Services


class BotData:
    """Application-wide state; filled when the bot starts."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.clock: Clock | None = None
        self.services: Services | None = None
        self.tick: Tick | None = None
        self.sender: OutboxSender | None = None
        self.dispatcher: Dispatcher | None = None
        self.dispatcher_class: type[Dispatcher] = Dispatcher  # benchmarks swap it
        self.concurrency = 32
        self.poll_backoff = 1.0  # seconds before the first retry of a failed getUpdates
        self.metrics = Metrics()
        self.health: Health | None = None
        self.backups: Backups | None = None
        self.webhook_port: int | None = None  # bound ports (tests listen on port 0)
        self.http_port: int | None = None
        self.polling: Polling | None = None  # while receiving by long polling


class Context(CallbackContext[MilestoneBot, dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with typed access to the services and the update being handled."""

    update_id = 0  # the update this context was made for (rows it creates carry it)

    @classmethod
    def from_update(cls, update: object, application: Any) -> Context:
        """PTB's context for an update, remembering the update's id."""
        context = super().from_update(update, application)
        if isinstance(update, Update):
            context.update_id = update.update_id
        return context

    @property
    def services(self) -> Services:
        """The running bot's services."""
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not started (the bot is not running)")
        return services
