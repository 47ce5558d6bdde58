"""Fuzz (hypothesis) against the running bot: random text to every command, random button
data, random update shapes. Nothing crashes, every button is answered once, and input
that is refused (a reply with "Usage:") leaves the database as it was."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.handlers import COMMANDS
from bot.playground.fake_api import FakeTelegram
from tests.db_snapshot import snapshot
from tests.harness import RunningBot, clock_at, make_settings, running_bot

T = TypeVar("T")
# CI runs a fixed set of examples (a red build must be reproducible); a longer random
# campaign: FUZZ_EXAMPLES=2000 FUZZ_RANDOM=1 pytest tests/test_fuzz_updates.py
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
DERANDOMIZE = not os.environ.get("FUZZ_RANDOM")
SAM = 9301
# Tables that change by design while an update is handled (bookkeeping, not the person's data).
BOOKKEEPING = {"inbox", "outbox"}


class BotThread:
    """The bot and the fake on an event loop of their own, driven from hypothesis' thread."""

    def __init__(self, folder: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.db_path = folder / "fuzz.sqlite3"
        self.fake = FakeTelegram()
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self.bot: RunningBot | None = None
        asyncio.run_coroutine_threadsafe(self._serve(), self.loop)
        assert self._ready.wait(30)

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        await self.fake.start()
        clock = clock_at("2026-11-25T12:00:00")
        async with running_bot(make_settings(self.db_path, self.fake), self.fake, clock) as bot:
            self.bot = bot
            await bot.command(SAM, "/start")
            await bot.command(SAM, "/goal journal every night")
            await bot.command(SAM, "/sober 2026-11-01")
            self._ready.set()
            await self._stop.wait()
        await self.fake.stop()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)

    def close(self) -> None:
        assert self._stop is not None
        self.loop.call_soon_threadsafe(self._stop.set)
        self.run(asyncio.sleep(0.5))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotThread]:
    thread = BotThread(tmp_path_factory.mktemp("fuzz"))
    yield thread
    thread.close()


def person_data(db_path: Path) -> dict[str, Any]:
    return {k: v for k, v in snapshot(db_path).items() if k not in BOOKKEEPING}


def failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and "set aside" not in r.getMessage()
    ]


_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
) | st.sampled_from(["", " ", "0", "-1", "²", "٣", "9" * 40, "&<b>", "@x", "2099-01-01"])


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=DERANDOMIZE,
)
@given(command=st.sampled_from([c.name for c in COMMANDS]), text=_text)
def test_random_text_to_every_command(
    world: BotThread, caplog: pytest.LogCaptureFixture, command: str, text: str
) -> None:
    bot = world.bot
    assert bot is not None
    before = person_data(world.db_path)
    caplog.clear()  # hypothesis runs many examples in one test call
    with caplog.at_level(logging.ERROR):
        sent = len(world.fake.calls)
        world.run(world.fake.send_text(SAM, f"/{command} {text}"))
        world.run(bot.handled())
    assert failures(caplog) == [], caplog.text[-3000:]
    replies = [c.text for c in world.fake.calls[sent:] if c.method == "sendMessage"]
    if any("Usage:" in reply for reply in replies):
        assert person_data(world.db_path) == before, (command, text)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=DERANDOMIZE,
)
@given(
    data=st.text(max_size=64).filter(lambda d: len(d.encode()) <= 64)
    | st.from_regex(r"\A(gd|gx|gm|gs|cg|ci|rm|rx|sp|cl|gt|jn|gl|tz):[0-9a-z:²]{0,20}\Z")
)
def test_random_button_data_is_answered_once(
    world: BotThread, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    bot = world.bot
    assert bot is not None
    caplog.clear()  # hypothesis runs many examples in one test call
    with caplog.at_level(logging.ERROR):
        update = world.run(world.fake.press(SAM, data, message_id=1))
        world.run(bot.handled())
    assert failures(caplog) == [], caplog.text[-3000:]
    query_id = update["callback_query"]["id"]
    answers = [
        c for c in world.fake.calls
        if c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
    ]  # fmt: skip
    assert len(answers) == 1
    assert answers[0].status == 200


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def update_shapes(draw: st.DrawFn) -> dict[str, Any]:
    """Well-known update kinds with fields missing or mistyped, and unknown kinds."""
    chat = draw(st.sampled_from([
        {"id": SAM, "type": "private", "first_name": "Sam"},
        {"id": -100123, "type": "supergroup", "title": "G"},
        {"id": -100124, "type": "channel", "title": "C"},
    ]))  # fmt: skip
    message: dict[str, Any] = {"message_id": draw(st.integers(1, 10**6)), "date": 0, "chat": chat}
    for key, value in (("from", {"id": SAM, "is_bot": False, "first_name": "Sam"}),
                       ("text", draw(_text)), ("location", {"latitude": 1.0, "longitude": 2.0}),
                       ("left_chat_member", {"id": 5, "is_bot": False, "first_name": "L"}),
                       ("reply_to_message", {"message_id": 1, "date": 0, "chat": chat})):  # fmt: skip
        if draw(st.booleans()):
            message[key] = value
    kind = draw(st.sampled_from(["message", "edited_message", "channel_post", "callback_query",
                                 "my_chat_member", "poll", "message_reaction", "mystery"]))  # fmt: skip
    if kind == "callback_query":
        body: Any = {"id": str(draw(st.integers(0, 10**9))), "chat_instance": "1",
                     "from": {"id": SAM, "is_bot": False, "first_name": "Sam"}}  # fmt: skip
        if draw(st.booleans()):
            body["message"] = message
        if draw(st.booleans()):
            body["data"] = draw(st.text(max_size=64))
    elif kind in ("message", "edited_message", "channel_post"):
        body = message
    else:
        body = draw(_json)
    return {kind: body}


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=DERANDOMIZE,
)
@given(shape=update_shapes())
def test_random_update_shapes_never_stop_the_bot(
    world: BotThread, caplog: pytest.LogCaptureFixture, shape: dict[str, Any]
) -> None:
    bot = world.bot
    assert bot is not None
    caplog.clear()  # hypothesis runs many examples in one test call
    with caplog.at_level(logging.ERROR):
        world.run(world.fake.push(shape))
        world.run(bot.handled())
    assert failures(caplog) == [], caplog.text[-3000:]
    # Still answering.
    assert "Usage" in world.run(bot.command(SAM, "/sober"))
