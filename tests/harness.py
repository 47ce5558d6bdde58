"""Runs the real Application against the fake Bot API, the way `python -m bot` would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import BotApplication, build_application, running
from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from bot.scheduling.sender import OutboxSender
from bot.services.container import Services

TOKEN = "123456789:TEST-token-for-the-fake-bot-api-000"


def make_settings(
    database_path: Path, fake: FakeTelegram | None = None, **overrides: Any
) -> Settings:
    """Settings for a test: never reads a developer's `.env`."""
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "database_path": database_path,
        "bot_api_base_url": fake.base_url if fake else "http://127.0.0.1:9/bot",
        "scheduler_tick_seconds": 3600,
        "send_rate_per_second": 200,
    }
    values.update(overrides)
    # Tests send faster than Telegram's free 30/s to a fake that does not charge.
    values.setdefault("paid_broadcast", float(values["send_rate_per_second"]) > 30)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def clock_at(text: str) -> ManualClock:
    """A manual clock at an ISO instant (UTC if no offset)."""
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return ManualClock(instant)


class RunningBot:
    """A started Application plus handles tests need."""

    def __init__(
        self, application: BotApplication, fake: FakeTelegram, clock: ManualClock
    ) -> None:
        self.application = application
        self.fake = fake
        self.clock = clock

    @property
    def services(self) -> Services:
        services = self.application.bot_data.services
        assert services is not None
        return services

    @property
    def sender(self) -> OutboxSender:
        sender = self.application.bot_data.sender
        assert sender is not None
        return sender

    async def command(self, user_id: int, text: str, **kwargs: Any) -> str:
        """Send `text` as the user; return everything the bot sent them in response.

        That is the handler's reply plus whatever it queued in the outbox (a milestone
        congratulation, say), joined by newlines, once the outbox is idle again.
        """
        await self.settle()  # what was already on its way is not part of the answer
        before = len(self.fake.messages(user_id))
        queued_before = await self.outbox_sent_to(user_id)
        await self.fake.send_text(user_id, text, **kwargs)
        await self.fake.wait_for(lambda: len(self.fake.messages(user_id)) >= before + 1)
        await self.settle()
        queued = await self.outbox_sent_to(user_id) - queued_before
        await self.fake.wait_for(lambda: len(self.fake.messages(user_id)) >= before + 1 + queued)
        return "\n".join(call.text for call in self.fake.messages(user_id)[before:])

    async def tap(self, user_id: int, label: str, *, first_name: str = "Sam") -> str:
        """Press the button labelled `label` on the newest message that has it; returns what
        the bot said back (the edited text, plus any new messages), once handled."""
        shown = self.fake.messages(user_id) + self.fake.sent("editMessageText", user_id)
        message = next(
            call for call in sorted(shown, key=lambda call: call.at, reverse=True)
            if label in dict(call.buttons())
        )  # fmt: skip
        data = dict(message.buttons())[label]
        edits = len(self.fake.sent("editMessageText", user_id))
        sent = len(self.fake.messages(user_id))
        await self.fake.press(user_id, data, message_id=message.message_id, first_name=first_name)
        await self.handled()
        said = [call.text for call in self.fake.sent("editMessageText", user_id)[edits:]]
        said += [call.text for call in self.fake.messages(user_id)[sent:]]
        return "\n".join(said)

    async def outbox_sent_to(self, chat_id: int) -> int:
        """How many outbox messages were delivered to a chat."""
        async with self.services.db.reader.execute(
            "SELECT count(*) FROM outbox WHERE chat_id = ? AND state = 'sent'", (chat_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def settle(self, within: float = 10.0) -> None:
        """Wait until the outbox has nothing pending or in flight."""
        async with asyncio.timeout(within):
            while True:
                async with self.services.db.reader.execute(
                    "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')"
                ) as cursor:
                    row = await cursor.fetchone()
                if row is not None and row[0] == 0:
                    return
                await asyncio.sleep(0.01)

    async def handled(self, within: float = 10.0, *, sending: bool = True) -> None:
        """Wait until every update received so far was handled and the outbox is idle
        (`sending=False`: the sender was stopped; only the handling is waited for)."""
        async with asyncio.timeout(within):
            while True:
                await asyncio.sleep(0.02)  # let a just-pushed update be fetched
                rows = await self.services.db.reader.execute_fetchall(
                    "SELECT count(*) FROM inbox WHERE state = 'pending'"
                )
                dispatcher = self.application.bot_data.dispatcher
                working = dispatcher is not None and dispatcher.queued > 0
                # (In memory too: /deleteme deletes its own stored update while it runs.)
                if next(iter(rows))[0] == 0 and not self.fake.updates_waiting() and not working:
                    break
        if sending:
            await self.settle(within)

    async def eventually(
        self, predicate: Callable[[], Awaitable[bool]], within: float = 10.0
    ) -> None:
        """Wait for an asynchronous effect (an update being handled) to become visible."""
        async with asyncio.timeout(within):
            while not await predicate():
                await asyncio.sleep(0.01)

    async def tick(self) -> None:
        """Run the scheduler tick now (tests move the clock first), then let the outbox drain."""
        tick = self.application.bot_data.tick
        assert tick is not None
        await tick.run()
        await self.settle()


@asynccontextmanager
async def running_bot(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, **options: Any
) -> AsyncIterator[RunningBot]:
    """Start the real Application against the fake, as `python -m bot` does, and stop it."""
    application = build_application(settings, clock, **options)
    async with running(application):
        yield RunningBot(application, fake, clock)
