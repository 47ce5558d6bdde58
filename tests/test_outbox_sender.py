"""The outbox sender against the fake Bot API: 429 pauses, 403 stops, 5xx and drops retry."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import Failure, FakeTelegram
from bot.scheduling.sender import OutboxSender
from bot.services.container import Services
from bot.services.outbox import NUDGE
from bot.storage import outbox
from bot.storage.outbox import NewMessage
from tests.harness import make_settings, running_bot


async def enqueue(services: Services, chat_ids: list[int], tag: str = "t") -> None:
    async with services.db.transaction() as tx:
        await services.outbox.add(
            tx, [NewMessage(f"{tag}:{chat}", chat, NUDGE, {}, chat) for chat in chat_ids]
        )
    services.outbox.notify()


async def states(services: Services) -> dict[str, int]:
    return await outbox.count_by_state(services.db.reader)


async def test_retry_after_pauses_everything_then_delivers_all(
    db_path: Path, fake: FakeTelegram, clock: ManualClock
) -> None:
    chats = list(range(5001, 5041))
    fake.fail("sendMessage", Failure(429, "Too Many Requests: retry after 1", retry_after=1))
    settings = make_settings(db_path, fake, send_rate_per_second=20)
    async with running_bot(settings, fake, clock) as bot:
        await enqueue(bot.services, chats)
        await fake.wait_for(lambda: len(fake.sent("sendMessage")) >= len(chats))
        await bot.settle()
        assert await states(bot.services) == {"sent": len(chats)}
    limited = next(call for call in fake.calls if call.status == 429)
    # A send already on the wire when the 429 came back may land just after it; nothing new
    # starts until retry_after has passed.
    after = [c.at - limited.at for c in fake.sent("sendMessage") if c.at > limited.at + 0.1]
    assert len(after) >= len(chats) - 3
    assert min(after) >= 0.95
    delivered = Counter(call.chat_id for call in fake.sent("sendMessage"))
    assert set(delivered) == set(chats)
    assert set(delivered.values()) == {1}  # no dedupe key twice


async def test_forbidden_marks_user_inactive_and_never_retries(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    blocked = 6001
    async with running_bot(settings, fake, clock) as bot:
        await bot.command(blocked, "/start")
        fake.fail_chat(blocked, Failure(403, "Forbidden: bot was blocked by the user"), times=5)
        await enqueue(bot.services, [blocked, 6002], tag="a")
        await enqueue(bot.services, [blocked], tag="b")
        await bot.settle()
        assert (await bot.services.people.require(blocked)).is_active is False
        assert await states(bot.services) == {"sent": 1, "failed": 2}
    assert len(fake.attempts("sendMessage", blocked)) == 2  # the /start reply + one 403, no retry
    assert len(fake.sent("sendMessage", 6002)) == 1


async def test_server_errors_and_dropped_connections_are_delivered_later(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    flaky = 7001
    fake.fail_chat(flaky, Failure(500, "Internal Server Error"), times=2)
    fake.fail_chat(flaky, Failure(502, "Bad Gateway"))
    fake.fail_chat(flaky, Failure(0, "", drop=True))
    async with running_bot(settings, fake, clock) as bot:
        bot.sender.backoff_base = 0.02
        await enqueue(bot.services, [flaky, 7002])
        await fake.wait_for(lambda: len(fake.sent("sendMessage", flaky)) == 1)
        await bot.settle()
        assert await states(bot.services) == {"sent": 2}
        async with bot.services.db.reader.execute(
            "SELECT attempts FROM outbox WHERE chat_id = ?", (flaky,)
        ) as cursor:
            assert (await cursor.fetchone())[0] == 5  # type: ignore[index]
    assert len(fake.attempts("sendMessage", flaky)) == 5
    assert len(fake.sent("sendMessage", flaky)) == 1


async def test_unknown_bad_request_fails_one_message_and_sender_goes_on(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    fake.fail_chat(8001, Failure(400, "Bad Request: can't parse entities"))
    async with running_bot(settings, fake, clock) as bot:
        await enqueue(bot.services, [8001, 8002])
        await bot.settle()
        assert await states(bot.services) == {"sent": 1, "failed": 1}
    assert len(fake.attempts("sendMessage", 8001)) == 1
    assert len(fake.sent("sendMessage", 8002)) == 1


async def test_group_that_vanished_stops_receiving(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    group = -100123
    fake.fail_chat(group, Failure(400, "Bad Request: chat not found"))
    async with running_bot(settings, fake, clock) as bot:
        await enqueue(bot.services, [group], tag="a")
        await enqueue(bot.services, [group], tag="b")
        await bot.settle()
        assert await states(bot.services) == {"failed": 2}
    assert len(fake.attempts("sendMessage", group)) == 1


async def test_group_sends_are_paced_per_group_without_holding_up_others(
    settings: Settings, fake: FakeTelegram, clock: ManualClock
) -> None:
    group, person = -100777, 7777
    async with running_bot(settings, fake, clock) as bot:
        await bot.sender.stop()
        # 3 per second stands in for Telegram's 20 per minute, to keep the test short.
        sender = OutboxSender(bot.application.bot, bot.services, 200, group_rate=(3, 1.0))
        await sender.start()
        try:
            async with bot.services.db.transaction() as tx:
                await bot.services.outbox.add(
                    tx, [NewMessage(f"g:{n}", group, NUDGE, {}) for n in range(7)]
                )
            await enqueue(bot.services, [person])
            await fake.wait_for(lambda: len(fake.sent("sendMessage", group)) == 7)
        finally:
            await sender.stop()
    times = [call.at for call in fake.sent("sendMessage", group)]
    assert times[-1] - times[0] >= 1.2  # 3 at once, then one every third of a second
    for start in times:
        assert sum(start <= t < start + 1.0 for t in times) <= 4
    assert fake.sent("sendMessage", person)[0].at - times[0] < 0.5  # a private chat didn't wait


@pytest.mark.parametrize("paid", [False, True])
async def test_paid_broadcast_is_asked_for_on_scheduled_sends_only_when_enabled(
    db_path: Path, fake: FakeTelegram, clock: ManualClock, paid: bool
) -> None:
    chat = 8101
    rate = 500 if paid else 30
    settings = make_settings(db_path, fake, send_rate_per_second=rate, paid_broadcast=paid)
    async with running_bot(settings, fake, clock) as bot:
        await enqueue(bot.services, [chat])
        await fake.wait_for(lambda: len(fake.sent("sendMessage", chat)) == 1)
        assert await bot.command(chat, "/start")  # a direct reply is not a broadcast
    scheduled, *replies = fake.sent("sendMessage", chat)
    assert scheduled.params.get("allow_paid_broadcast") == ("true" if paid else None)
    assert scheduled.params["parse_mode"] == "HTML"  # the same request as before
    assert replies and all("allow_paid_broadcast" not in call.params for call in replies)


async def test_a_dropped_connection_is_logged_without_the_token(
    settings: Settings, fake: FakeTelegram, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_chat(9101, Failure(0, "", drop=True), times=2)
    caplog.set_level(logging.DEBUG)
    async with running_bot(settings, fake, clock) as bot:
        bot.sender.backoff_base = 0.02
        await enqueue(bot.services, [9101])
        await fake.wait_for(lambda: len(fake.sent("sendMessage", 9101)) == 1)
        await bot.settle()
    assert (
        "ServerDisconnected" in caplog.text
        or "ClientOSError" in caplog.text
        or ("NetworkError" in caplog.text)
    )
    assert settings.token() not in caplog.text
    assert settings.token().split(":")[1] not in caplog.text
