"""`python -m bot playground`: the real bot against the fake Telegram, in a browser page.

No token and no network: the fake Bot API runs on 127.0.0.1, the bot talks to it exactly as
it would to Telegram, and this server turns both sides into a chat page — you, two peers
and one group — with a clock you can move forward to watch prompts, reminders,
milestones and announcements happen. Its database is its own file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import web
from dotenv import dotenv_values
from pydantic import SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from bot.app import BotApplication, build_application, running
from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import BOT_USERNAME, Call, FakeTelegram
from bot.storage import operations, outbox, schedules
from bot.storage.inspection import database_problem, schema_of

logger = logging.getLogger(__name__)

PLAYGROUND_TOKEN = "1000000001:PLAYGROUND-not-a-real-token-000000000"
DEFAULT_PORT = 8080
DEFAULT_DATABASE = Path("data/playground.sqlite3")
# After a tick, how long the clock waits for the messages it queued to go out.
OUTBOX_WAIT_SECONDS = 2.0
GROUP_ID, GROUP_TITLE = -1000000000777, "Tuesday Group"
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32"'
    ' r="30" fill="#2e9e5b"/><text x="32" y="44" font-size="34" text-anchor="middle"'
    ' font-family="sans-serif" font-weight="700" fill="#fff">M</text></svg>'
)


PLAYGROUND_MARK = "playground"


class PlaygroundSettings(Settings):
    """The playground's settings come from its code only: no environment variable and no
    `.env` reaches it (BACKUP_DIR, HTTP_LISTEN, WEBHOOK_URL, DATABASE_PATH … belong to the
    real deployment)."""

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:  # fmt: skip
        return (init_settings,)


class PlaygroundRefused(Exception):
    """The playground will not run on this database file; the message says why."""


def real_database_path() -> Path:
    """Where the real bot keeps its database: DATABASE_PATH from the environment or `.env`,
    else the default."""
    configured = os.environ.get("DATABASE_PATH") or dotenv_values(".env").get("DATABASE_PATH")
    default = Settings.model_fields["database_path"].default
    return Path(configured or default)


def playground_database_problem(path: Path) -> str | None:
    """Why the playground must not run on `path`: it is the real deployment's database, or
    a database the playground did not make. None: new, or a playground's own."""
    if path.resolve() == real_database_path().resolve():
        return (f"{path} is the real bot's database (DATABASE_PATH); the playground keeps "
                f"its own, e.g. --db {DEFAULT_DATABASE}")  # fmt: skip
    problem = database_problem(path)
    if problem is not None:
        return problem
    if not path.exists() or path.stat().st_size == 0 or schema_of(path) == 0:
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            found = connection.execute(
                "SELECT 1 FROM operations WHERE key = ?", (PLAYGROUND_MARK,)
            ).fetchone()
    except sqlite3.Error:
        found = None
    if found is None:
        return (f"{path} was not made by the playground (a real bot's database?); give "
                f"--db a new file, e.g. {DEFAULT_DATABASE}")  # fmt: skip
    return None


@dataclass(frozen=True)
class Persona:
    """Someone the visitor can chat as."""

    key: str
    user_id: int
    name: str


PEOPLE = (Persona("you", 1001, "You"), Persona("alex", 1002, "Alex"), Persona("sam", 1003, "Sam"))
BY_KEY = {person.key: person for person in PEOPLE}
CHATS = [
    {"key": person.key, "chat_id": person.user_id, "title": person.name, "kind": "private"}
    for person in PEOPLE
] + [{"key": "group", "chat_id": GROUP_ID, "title": GROUP_TITLE, "kind": "group"}]


@dataclass
class EventLog:
    """What happened in the chats, in order, for the page to draw."""

    events: list[dict[str, Any]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    calls_seen: int = 0
    closing: bool = False
    generation: int = 0  # a start afresh makes a new one

    def close(self) -> None:
        """Answer every waiting page now: the server is stopping."""
        self.closing = True
        self.changed.set()

    def add(self, event: dict[str, Any]) -> None:
        event["seq"] = len(self.events) + 1
        self.events.append(event)
        self.changed.set()

    def reset(self) -> None:
        """Forget every event (a fresh start): pages see a new generation and reload."""
        self.events.clear()
        self.generation += 1
        self.changed.set()


class Playground:
    """The fake Telegram, the real bot, the clock and the page, in one process."""

    def __init__(self, database: Path, start: datetime | None = None) -> None:
        self.database = database
        self.clock = ManualClock(start or datetime.now(UTC).replace(microsecond=0))
        self.fake = FakeTelegram()
        self.log = EventLog()
        self.application: BotApplication | None = None
        self.port = 0  # the page's port, once bound (its Host and Origin are checked)
        self._bot = contextlib.AsyncExitStack()
        self._start = start

    # --- lifecycle ----------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Playground]:
        """Start the fake and the bot; add the bot to the group the first time."""
        await self.fake.start()
        self.fake.on_call = self._record_call
        for person in PEOPLE:
            self.fake.chat_members[(GROUP_ID, person.user_id)] = (
                "creator" if person.key == "you" else "member"
            )
        refusal = playground_database_problem(self.database)
        if refusal is not None:
            raise PlaygroundRefused(refusal)
        try:
            await self._start_bot()
            yield self
        finally:
            await self._bot.aclose()
            await self.fake.stop()

    @property
    def key_path(self) -> Path:
        """Its own keys, never the real bot's (data/keys beside data/bot.sqlite3)."""
        return self.database.with_name(self.database.stem + "-keys") / "master.key"

    async def _start_bot(self) -> None:
        first_run = not self.database.exists()
        settings = PlaygroundSettings(
            bot_token=SecretStr(PLAYGROUND_TOKEN),
            bot_api_base_url=self.fake.base_url,
            database_path=self.database,
            key_path=self.key_path,
            scheduler_tick_seconds=3600,  # the page's clock buttons run the tick
            send_rate_per_second=30,
        )
        self.application = build_application(settings, self.clock)
        await self._bot.enter_async_context(running(self.application))
        services = self.application.bot_data.services
        assert services is not None
        async with services.db.transaction() as tx:  # marks the file as a playground's
            await operations.put(tx, PLAYGROUND_MARK, "1", int(time.time()))
        if first_run:
            await self._add_bot_to_group()

    async def start_afresh(self) -> None:
        """The page's "Start afresh": the bot stopped, its database and keys removed, every
        chat forgotten, the clock back to now, and the bot started again."""
        await self._bot.aclose()
        self._bot = contextlib.AsyncExitStack()
        for path in self.database.parent.glob(self.database.name + "*"):
            path.unlink(missing_ok=True)
        shutil.rmtree(self.key_path.parent, ignore_errors=True)
        self.fake.calls.clear()
        self.fake.updates.clear()
        self.fake.pushed.clear()
        self.fake.message_ids.clear()
        self.log.calls_seen = 0
        self.log.reset()
        self.clock.set(self._start or datetime.now(UTC).replace(microsecond=0))
        await self._start_bot()

    async def _add_bot_to_group(self) -> None:
        bot_user = {"id": 7000000001, "is_bot": True, "first_name": "Milestone"}
        await self.fake.push({"my_chat_member": {
            "chat": self.fake.group_chat(GROUP_ID, GROUP_TITLE),
            "from": self.fake.user(1001, "You"), "date": int(time.time()),
            "old_chat_member": {"status": "left", "user": bot_user},
            "new_chat_member": {"status": "administrator", "user": bot_user,
                                **_ADMIN_RIGHTS},
        }})  # fmt: skip

    # --- what the visitor does ------------------------------------------------------------
    async def send(self, chat: str, sender: str, text: str) -> None:
        """The visitor writes `text` in a chat (in the group, as one of the people)."""
        person = BY_KEY[sender if chat == "group" else chat]
        target = (
            self.fake.group_chat(GROUP_ID, GROUP_TITLE)
            if chat == "group"
            else self.fake.private_chat(person.user_id, person.name)
        )
        self.log.add({"chat": chat, "kind": "message", "from": person.name, "text": text,
                      "mine": True, "time": self._time()})  # fmt: skip
        await self.fake.send_text(person.user_id, text, first_name=person.name, chat=target)

    async def press(self, chat: str, sender: str, message_id: int, data: str) -> None:
        """The visitor taps an inline button."""
        person = BY_KEY[sender if chat == "group" else chat]
        target = (
            self.fake.group_chat(GROUP_ID, GROUP_TITLE)
            if chat == "group"
            else self.fake.private_chat(person.user_id, person.name)
        )
        await self.fake.press(person.user_id, data, message_id=message_id,
                              first_name=person.name, chat=target)  # fmt: skip

    async def move_clock(self, step: str) -> datetime:
        """+1 hour, +1 day, or to the next check-in; then the scheduler runs."""
        if step == "hour":
            self.clock.advance(timedelta(hours=1))
        elif step == "day":
            # A quarter hour at a time, the scheduler running each time as it would: what
            # falls due during the day (a check-in at 21:00, a reminder) happens then, not
            # skipped as late.
            for _ in range(24 * 4 - 1):
                self.clock.advance(timedelta(minutes=15))
                await self._tick()
            self.clock.advance(timedelta(minutes=15))
        elif step == "checkin":
            await self._tick()  # a new person's first check-in time is set by the tick
            for _ in range(2):  # today's may already have been asked with /checkin
                due = await self._next_checkin()
                if due is None or due <= self.clock.now():
                    break
                self.clock.set(due + timedelta(seconds=30))
                if await self._tick():
                    break
        else:
            raise ValueError(step)
        await self._tick()
        self.log.add({"chat": "*", "kind": "clock", "time": self._time()})
        return self.clock.now()

    async def _tick(self) -> int:
        """Run the scheduler once and let what it queued go out before the clock moves on
        (so each message shows the time it was due); how many check-in prompts it queued."""
        assert self.application is not None
        data = self.application.bot_data
        if data.tick is None or data.services is None:
            return 0
        prompts = (await data.tick.run()).prompts
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(OUTBOX_WAIT_SECONDS):
                while (await outbox.backlog(data.services.db.reader))[0]:  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
        return prompts

    async def _next_checkin(self) -> datetime | None:
        assert self.application is not None
        services = self.application.bot_data.services
        if services is None:
            return None
        rows = await schedules.for_user(services.db.reader, BY_KEY["you"].user_id)
        daily = [row for row in rows if row.kind == schedules.DAILY and row.next_due_at_utc]
        if not daily:
            return None
        return datetime.fromtimestamp(daily[0].next_due_at_utc, UTC)

    # --- the bot's side -----------------------------------------------------------------
    def _picture(self, call: Call) -> bytes | None:
        return _file_of(self.fake, call, "photo")

    def _record_call(self, call: Call) -> None:
        """Every successful Bot API call the bot makes becomes an event on the page."""
        if call.status != 200 or call.chat_id is None:
            if call.method == "answerCallbackQuery" and call.params.get("text"):
                self.log.add({"chat": "*", "kind": "toast", "text": call.params["text"],
                              "time": self._time()})  # fmt: skip
            return
        chat = _chat_key(call.chat_id)
        if chat is None:
            return
        event: dict[str, Any] = {"chat": chat, "from": "Milestone Bot", "mine": False,
                                 "time": self._time()}  # fmt: skip
        if call.method in ("sendMessage", "sendPhoto", "sendDocument"):
            event.update(kind="message", message_id=call.message_id, text=call.text,
                         buttons=_buttons(call))  # fmt: skip
            if call.method == "sendPhoto":
                event["photo"] = f"/api/files/{len(self.fake.calls)}/photo"
                picture = self._picture(call)
                if picture is not None and picture[:8] == b"\x89PNG\r\n\x1a\n":
                    # Its size, so the page keeps the room for it before it loads.
                    size = [int.from_bytes(picture[16:20]), int.from_bytes(picture[20:24])]
                    event["photo_size"] = size
            if call.method == "sendDocument":
                event["document"] = {"url": f"/api/files/{len(self.fake.calls)}/document",
                                     "name": _filename(call)}  # fmt: skip
        elif call.method in ("editMessageText", "editMessageReplyMarkup", "editMessageCaption"):
            event.update(kind="edit", message_id=int(call.params["message_id"]),
                         buttons=_buttons(call))  # fmt: skip
            if call.method != "editMessageReplyMarkup":
                event["text"] = call.text
        elif call.method == "deleteMessage":
            event.update(kind="delete", message_id=int(call.params["message_id"]))
        else:
            return
        self.log.add(event)

    def _time(self) -> str:
        return self.clock.now().isoformat()


_ADMIN_RIGHTS = {
    "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
    "can_delete_messages": True, "can_manage_video_chats": False, "can_restrict_members": False,
    "can_promote_members": False, "can_change_info": False, "can_invite_users": True,
    "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False,
}  # fmt: skip


def _chat_key(chat_id: int) -> str | None:
    if chat_id == GROUP_ID:
        return "group"
    return next((p.key for p in PEOPLE if p.user_id == chat_id), None)


def _file_of(fake: FakeTelegram, call: Call, name: str) -> bytes | None:
    """An uploaded file of a call, or the earlier upload a file id stands for."""
    if name in call.files:
        return call.files[name]
    return fake.uploads.get(str(call.params.get(name, "")))


def _buttons(call: Call) -> list[list[dict[str, str]]]:
    markup = call.markup or {}
    return [
        [{"text": b["text"], **({"url": b["url"]} if "url" in b else {"data": b.get(
            "callback_data", "")})} for b in row]
        for row in markup.get("inline_keyboard", [])
    ]  # fmt: skip


def _filename(call: Call) -> str:
    value = str(call.params.get("document", ""))
    return value.removeprefix("attach://") or "file"


# --- the web side ---------------------------------------------------------------------------
def web_app(playground: Playground) -> web.Application:
    """The page, its assets and the JSON endpoints the page calls. Only this machine's page
    may use it: a foreign `Host` (DNS rebinding) and a post from another site (a foreign
    `Origin`, or a form's text/plain body) are refused."""

    @web.middleware
    async def same_site_only(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        port = playground.port
        hosts = {f"{name}:{port}" for name in LOCAL_NAMES}
        if request.host not in hosts:
            raise web.HTTPForbidden(text="the playground answers only on this machine")
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin is not None and origin.removeprefix("http://") not in hosts:
                raise web.HTTPForbidden(text="posts from another site are refused")
            if request.content_type != "application/json":
                raise web.HTTPUnsupportedMediaType(text="JSON only")
        return await handler(request)

    app = web.Application(middlewares=[same_site_only])

    async def page(request: web.Request) -> web.Response:
        html = resources.files("bot.playground").joinpath("static", "index.html").read_text()
        return web.Response(text=html, content_type="text/html")

    async def asset(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in ("app.js", "style.css"):
            raise web.HTTPNotFound()
        body = resources.files("bot.playground").joinpath("static", name).read_text()
        kind = "application/javascript" if name.endswith(".js") else "text/css"
        return web.Response(text=body, content_type=kind)

    async def state(request: web.Request) -> web.Response:
        return web.json_response({
            "clock": playground.clock.now().isoformat(), "chats": CHATS,
            "people": [{"key": p.key, "name": p.name} for p in PEOPLE],
            "bot": BOT_USERNAME,
        })  # fmt: skip

    async def events(request: web.Request) -> web.Response:
        after = int(request.query.get("after", "0"))
        wait = float(request.query.get("wait", "0"))
        log = playground.log
        if len(log.events) <= after and wait > 0 and not log.closing:
            log.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(log.changed.wait(), min(wait, 25.0))
        return web.json_response({"events": log.events[after:], "generation": log.generation,
                                  "clock": playground.clock.now().isoformat()})  # fmt: skip

    async def send(request: web.Request) -> web.Response:
        body = await request.json()
        chat, sender, text = str(body["chat"]), str(body.get("as", "you")), str(body["text"])
        if chat not in {c["key"] for c in CHATS} or sender not in BY_KEY or not text.strip():
            raise web.HTTPBadRequest(text="unknown chat or empty text")
        await playground.send(chat, sender, text[:4096])
        return web.json_response({"ok": True})

    async def press(request: web.Request) -> web.Response:
        body = await request.json()
        await playground.press(str(body["chat"]), str(body.get("as", "you")),
                               int(body["message_id"]), str(body["data"])[:64])  # fmt: skip
        return web.json_response({"ok": True})

    async def clock(request: web.Request) -> web.Response:
        body = await request.json()
        try:
            now = await playground.move_clock(str(body["step"]))
        except ValueError as error:
            raise web.HTTPBadRequest(text="step must be hour, day or checkin") from error
        return web.json_response({"clock": now.isoformat()})

    async def files(request: web.Request) -> web.Response:
        index, name = int(request.match_info["call"]) - 1, request.match_info["field"]
        calls = playground.fake.calls
        content = (
            _file_of(playground.fake, calls[index], name) if 0 <= index < len(calls) else None
        )
        if content is None:
            raise web.HTTPNotFound()
        kind = "image/png" if name == "photo" else "application/octet-stream"
        headers = {}
        if name == "document":
            headers["Content-Disposition"] = f'attachment; filename="{_filename(calls[index])}"'
        return web.Response(body=content, content_type=kind, headers=headers)

    async def favicon(request: web.Request) -> web.Response:
        return web.Response(text=FAVICON, content_type="image/svg+xml")

    async def afresh(request: web.Request) -> web.Response:
        await playground.start_afresh()
        return web.json_response({"ok": True})

    app.router.add_post("/api/reset", afresh)
    app.router.add_get("/favicon.svg", favicon)
    app.router.add_get("/favicon.ico", favicon)
    app.router.add_get("/", page)
    app.router.add_get("/static/{name}", asset)
    app.router.add_get("/api/state", state)
    app.router.add_get("/api/events", events)
    app.router.add_post("/api/send", send)
    app.router.add_post("/api/press", press)
    app.router.add_post("/api/clock", clock)
    app.router.add_get("/api/files/{call}/{field}", files)
    return app


@contextlib.asynccontextmanager
async def serving(
    database: Path,
    port: int = DEFAULT_PORT,
    host: str = "127.0.0.1",
    start: datetime | None = None,
) -> AsyncIterator[tuple[Playground, int]]:
    """The playground running and its page served; yields it and the port. The bot's
    clock starts at `start` (default: now)."""
    playground = Playground(database, start)
    async with playground.running():
        app = web_app(playground)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = int(runner.addresses[0][1])
        playground.port = bound
        try:
            yield playground, bound
        finally:
            playground.log.close()
            await runner.cleanup()


async def serve(database: Path, port: int) -> None:
    """Run until interrupted."""
    async with serving(database, port) as (_, bound):
        print(f"Playground: open http://127.0.0.1:{bound} (Ctrl+C stops it)", flush=True)
        await asyncio.Event().wait()


__all__ = ["Playground", "json", "serve", "serving"]
