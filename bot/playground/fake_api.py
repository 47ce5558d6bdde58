"""A fake Telegram Bot API server on 127.0.0.1: for end-to-end tests, benchmarks and the
playground (one implementation for all three).

It answers the methods the bot uses, records every call, serves pushed updates through
long-polling `getUpdates`, and can inject failures (429 with retry_after, 403, 400, 5xx,
dropped connections) for the next calls to a method or chat.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import aiohttp
from aiohttp import web

BOT_ID = 7000000001
BOT_USERNAME = "milestone_test_bot"
MAX_TEXT = 4096
# The HTML tags Telegram accepts in parse_mode=HTML.
_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
         "tg-spoiler", "span", "blockquote", "tg-emoji"}  # fmt: skip


class _HtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problem = ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            self.problem = self.problem or f'unsupported start tag "{tag}"'
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problem = self.problem or f'unexpected end tag "{tag}"'

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_problem(text: str) -> str:
    """Why Telegram would refuse this HTML ('' when it is fine)."""
    checker = _HtmlCheck()
    checker.feed(text)
    checker.close()
    if not checker.problem and checker.open:
        return f'can\'t find end tag corresponding to start tag "{checker.open[-1]}"'
    return checker.problem


def visible_text(text: str) -> str:
    """The text Telegram counts: tags removed, entities decoded."""
    checker = _HtmlCheck()
    checker.feed(text)
    checker.close()
    return "".join(checker.text)


_SEND = {"business_connection_id", "chat_id", "message_thread_id", "direct_messages_topic_id",
         "disable_notification", "protect_content", "allow_paid_broadcast", "message_effect_id",
         "suggested_post_parameters", "reply_parameters", "reply_markup"}  # fmt: skip
_MEDIA = {"caption", "parse_mode", "caption_entities", "show_caption_above_media", "has_spoiler"}
_EDIT = {"business_connection_id", "chat_id", "message_id", "inline_message_id", "reply_markup"}
# The parameters the Bot API (10.x) defines for each method the bot calls; anything else is
# refused here (Telegram ignores it silently, which hides a bug).
PARAMETERS: dict[str, set[str]] = {
    "getMe": set(),
    "getUpdates": {"offset", "limit", "timeout", "allowed_updates"},
    "setWebhook": {"url", "certificate", "ip_address", "max_connections", "allowed_updates",
                   "drop_pending_updates", "secret_token"},
    "deleteWebhook": {"drop_pending_updates"},
    "setMyCommands": {"commands", "scope", "language_code"},
    "sendMessage": _SEND | {"text", "parse_mode", "entities", "link_preview_options"},
    "sendPhoto": _SEND | _MEDIA | {"photo"},
    "sendDocument": _SEND | _MEDIA | {"document", "thumbnail",
                                      "disable_content_type_detection"},
    "sendChatAction": {"business_connection_id", "chat_id", "message_thread_id", "action"},
    "editMessageText": _EDIT | {"text", "parse_mode", "entities", "link_preview_options"},
    "editMessageCaption": _EDIT | {"caption", "parse_mode", "caption_entities",
                                   "show_caption_above_media"},
    "editMessageReplyMarkup": _EDIT,
    "deleteMessage": {"chat_id", "message_id"},
    "deleteMessages": {"chat_id", "message_ids"},
    "answerCallbackQuery": {"callback_query_id", "text", "show_alert", "url", "cache_time"},
    "getChatMember": {"chat_id", "user_id"},
    "getChat": {"chat_id"},
}  # fmt: skip


@dataclass
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    result: Any = None
    files: dict[str, bytes] = field(default_factory=dict)  # uploaded photos and documents

    @property
    def message_id(self) -> int:
        """The id of the message this call created or edited."""
        return int(self.result["message_id"])

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return None if value is None else int(value)

    @property
    def text(self) -> str:
        """The message's text, or a photo's or document's caption."""
        return str(self.params.get("text", self.params.get("caption", "")))

    @property
    def markup(self) -> dict[str, Any] | None:
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button."""
        markup = self.markup or {}
        return [
            (button["text"], button.get("callback_data", button.get("url", "")))
            for row in markup.get("inline_keyboard", [])
            for button in row
        ]


@dataclass
class Failure:
    """An injected failure for one call."""

    status: int
    description: str
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    drop: bool = False
    raw_body: str | None = None  # answer 200 with this body instead (e.g. broken JSON)
    hang: bool = False  # record the call, then never answer (a process killed mid-call)


def _where(thread: Any, forum: bool) -> str:
    """A transcript line's place in a forum group: `[topic 7] `, `[General] `."""
    if not forum:
        return ""
    return "[General] " if thread is None else f"[topic {thread}] "


def _decode(value: str) -> Any:
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeTelegram:
    """The fake server. `await start()`, push updates, inspect `calls`, `await stop()`."""

    def __init__(self) -> None:
        # The language each fake person's Telegram is set to (sent as `language_code`).
        self.language_codes: dict[int, str] = {}
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.replays: list[dict[str, Any]] = []
        self.counts: Counter[str] = Counter()  # successful calls per method
        self.delivered: list[int] = []
        self.update_ids = itertools.count(1)
        self.message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self.failures: dict[str, list[Failure]] = defaultdict(list)
        self.chat_failures: dict[int, list[Failure]] = defaultdict(list)
        self.usernames: dict[int, str] = {}  # user id -> Telegram @username (without @)
        self.chat_members: dict[tuple[int, int], str] = {}
        self.chat_titles: dict[int, str] = {}
        # Calls the Bot API does not define (an unknown method or parameter), as refused.
        self.nonconforming: list[str] = []
        self.uploads: dict[str, bytes] = {}  # file id -> the bytes uploaded under it
        # Forum supergroups: chat -> its topics (General, id 1, is always there), and the
        # closed ones (1 when General is closed). Sends follow Telegram's rules for them.
        self.forums: dict[int, set[int]] = {}
        self.closed_topics: dict[int, set[int]] = defaultdict(set)
        self.response_delay = 0.0
        self.answered_queries: set[str] = set()
        self.polls: list[dict[str, Any]] = []  # getUpdates parameters, in order
        self.pushed: list[tuple[float, dict[str, Any]]] = []  # every update sent to the bot
        self.delivered_at: dict[int, float] = {}  # update id -> when getUpdates handed it out
        self.on_call: Callable[[Call], None] | None = None  # the playground listens here
        self.webhook: dict[str, Any] | None = None  # setWebhook's parameters, while set
        # Where the "reverse proxy" forwards posts for the webhook URL (set by the test).
        self.webhook_target: str | None = None
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._closing = False

    # --- server lifecycle ------------------------------------------------------------------
    def web_app(self) -> web.Application:
        """The aiohttp application: the Bot API plus control endpoints."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_post("/_control/push", self._control_push)
        app.router.add_get("/_control/counts", self._control_counts)
        app.router.add_post("/_control/reset", self._control_reset)
        app.router.add_get("/_control/timings", self._control_timings)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        async with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- pushing updates ---------------------------------------------------------------------
    async def push(self, update: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self.update_ids), **update}
        self.pushed.append((time.monotonic(), update))
        async with self._changed:
            self.updates.append(update)
            self._changed.notify_all()
        return update

    async def replay(self, update: dict[str, Any]) -> None:
        """Deliver an already-delivered update again (as Telegram does after a crash)."""
        async with self._changed:
            self.replays.append(update)
            self._changed.notify_all()

    def user(self, user_id: int, first_name: str = "Sam") -> dict[str, Any]:
        found: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if user_id in self.language_codes:
            found["language_code"] = self.language_codes[user_id]
        if user_id in self.usernames:
            found["username"] = self.usernames[user_id]
        return found

    @staticmethod
    def private_chat(user_id: int, first_name: str = "Sam") -> dict[str, Any]:
        return {"id": user_id, "type": "private", "first_name": first_name}

    def group_chat(self, chat_id: int, title: str = "Tuesday Group") -> dict[str, Any]:
        self.chat_titles[chat_id] = title
        return {
            "id": chat_id,
            "type": "supergroup" if chat_id < -(10**12) else "group",
            "title": title,
        }

    def forum_chat(
        self, chat_id: int, title: str = "Recovery Forum", topics: tuple[int, ...] = (1,)
    ) -> dict[str, Any]:
        """A supergroup with topics on; `topics` are the ones that exist (1 is General)."""
        self.chat_titles[chat_id] = title
        self.forums.setdefault(chat_id, {1}).update(topics)
        return {"id": chat_id, "type": "supergroup", "title": title, "is_forum": True}

    @staticmethod
    def in_topic(thread_id: int) -> dict[str, Any]:
        """What a message written in a forum topic carries (not for General)."""
        return {"message_thread_id": thread_id, "is_topic_message": True}

    async def send_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Sam",
        chat: dict[str, Any] | None = None,
        reply_to: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user writes `text` (commands get a bot_command entity)."""
        chat = chat or self.private_chat(user_id, first_name)
        message: dict[str, Any] = {
            "message_id": next(self.message_ids[chat["id"]]),
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id, first_name),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to,
                "date": int(time.time()),
                "chat": chat,
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Milestone"},
                "text": "(prompt)",
            }
        message.update(extra or {})
        return await self.push({"message": message})

    async def send_location(self, user_id: int, latitude: float, longitude: float) -> None:
        chat = self.private_chat(user_id)
        await self.push(
            {
                "message": {
                    "message_id": next(self.message_ids[user_id]),
                    "date": int(time.time()),
                    "chat": chat,
                    "from": self.user(user_id),
                    "location": {"latitude": latitude, "longitude": longitude},
                }
            }
        )

    async def post_webhook(self, update: dict[str, Any], secret: str | None = "registered") -> int:
        """Post one update to the bot's webhook the way Telegram does; returns the status.

        `secret`: the secret token header to send; by default the one `setWebhook`
        registered, None for no header at all."""
        assert self.webhook_target is not None, "set webhook_target to the bot's address"
        body = {"update_id": next(self.update_ids), **update}
        headers = {}
        if secret == "registered":
            assert self.webhook is not None, "the bot has not called setWebhook"
            secret = str(self.webhook.get("secret_token", ""))
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        self.pushed.append((time.perf_counter(), body))
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.webhook_target, json=body, headers=headers) as answer,
        ):
            return answer.status

    def message_update(self, user_id: int, text: str) -> dict[str, Any]:
        """A private text message update body (not yet queued)."""
        message: dict[str, Any] = {
            "message_id": next(self.message_ids[user_id]), "date": int(time.time()),
            "chat": self.private_chat(user_id), "from": self.user(user_id), "text": text,
        }  # fmt: skip
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]  # fmt: skip
        return {"message": message}

    async def push_many(self, updates: list[dict[str, Any]]) -> None:
        """Queue many updates at once (benchmarks)."""
        async with self._changed:
            for update in updates:
                self.updates.append({"update_id": next(self.update_ids), **update})
            self._changed.notify_all()

    def callback_update(
        self,
        user_id: int,
        data: str,
        message_id: int,
        first_name: str = "Sam",
        chat: dict[str, Any] | None = None,
        message_extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A callback_query update body (not yet queued): a press under message `message_id`
        (`message_extra`: what else that message carries, e.g. its forum topic)."""
        chat = chat or self.private_chat(user_id, first_name)
        return {
            "callback_query": {
                "id": f"cq{user_id}-{message_id}-{data}-{time.perf_counter_ns()}",
                "from": self.user(user_id, first_name),
                "chat_instance": str(chat["id"]),
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": chat,
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Milestone"},
                    "text": "(message)",
                    **(message_extra or {}),
                },
            }
        }

    async def press(
        self,
        user_id: int,
        data: str,
        *,
        message_id: int,
        chat: dict[str, Any] | None = None,
        first_name: str = "Sam",
        message_extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user presses an inline button with `data` under bot message `message_id`."""
        return await self.push(
            self.callback_update(user_id, data, message_id, first_name, chat, message_extra)
        )

    # --- failures ----------------------------------------------------------------------------
    def fail(self, method: str, failure: Failure, times: int = 1) -> None:
        self.failures[method].extend([failure] * times)

    def fail_chat(self, chat_id: int, failure: Failure, times: int = 1) -> None:
        self.chat_failures[chat_id].extend([failure] * times)

    # --- inspecting ----------------------------------------------------------------------------
    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        """Successful calls of `method` (to `chat_id`)."""
        return [
            call
            for call in self.calls
            if call.method == method
            and call.status == 200
            and (chat_id is None or call.chat_id == chat_id)
        ]

    def attempts(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        """Every call of `method` (to `chat_id`), failed ones included."""
        return [
            call
            for call in self.calls
            if call.method == method and (chat_id is None or call.chat_id == chat_id)
        ]

    def transcript(self, chat_id: int) -> str:
        """The conversation in one chat as a person would read it (for test output and the
        closing note): what they typed or tapped, what the bot sent or edited."""
        events: list[tuple[float, str]] = []
        labels: dict[str, str] = {}
        for call in self.calls:
            if call.chat_id != chat_id or call.status != 200:
                continue
            for label, data in call.buttons():
                labels[data] = label
            where = _where(call.params.get("message_thread_id"), chat_id in self.forums)
            if call.method in ("sendMessage", "sendPhoto", "sendDocument"):
                buttons = " ".join(f"[{label}]" for label, _ in call.buttons())
                picture = " 🖼" if call.method == "sendPhoto" else ""
                events.append((call.at, f"{where}bot{picture}: {visible_text(call.text)}" + (
                    f"\n     {buttons}" if buttons else "")))  # fmt: skip
            elif call.method in ("editMessageText", "editMessageCaption"):
                events.append((call.at, f"bot (edits): {visible_text(call.text)}"))
        for at, update in self.pushed:
            message = update.get("message") or {}
            query = update.get("callback_query") or {}
            if message.get("chat", {}).get("id") == chat_id and message.get("text"):
                where = _where(message.get("message_thread_id") if message.get(
                    "is_topic_message") else None, chat_id in self.forums)  # fmt: skip
                name = message.get("from", {}).get("first_name", "you")
                who = name if chat_id < 0 else "you"
                events.append((at - 1e-6, f"{where}{who}: {message['text']}"))
            elif query and (query.get("message") or {}).get("chat", {}).get("id") == chat_id:
                label = labels.get(query.get("data", ""), query.get("data", ""))
                who = query.get("from", {}).get("first_name", "you") if chat_id < 0 else "you"
                events.append((at - 1e-6, f"{who} taps: [{label}]"))
        return "\n".join(line for _, line in sorted(events, key=lambda e: e[0]))

    def texts_everywhere(self) -> list[str]:
        """Every text sent, to any chat."""
        return [call.text for call in self.messages()]

    def messages(self, chat_id: int | None = None) -> list[Call]:
        """Messages the bot sent (text, photos with captions, documents), in order."""
        kinds = {"sendMessage", "sendPhoto", "sendDocument"}
        return [
            call for call in self.calls
            if call.method in kinds and call.status == 200
            and (chat_id is None or call.chat_id == chat_id)
        ]  # fmt: skip

    def texts(self, chat_id: int) -> list[str]:
        return [call.text for call in self.messages(chat_id)]

    def updates_waiting(self) -> bool:
        """Whether pushed updates were not yet confirmed by the bot (fetched, stored, then
        acknowledged by the next getUpdates offset): until then, one may be in flight."""
        return bool(self.replays) or bool(self.updates)

    async def wait_for(self, predicate: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until `predicate()` holds, re-checked after every call the bot makes."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), within)

    async def wait_sent(
        self, count: int, method: str = "sendMessage", chat_id: int | None = None
    ) -> list[Call]:
        """Wait for at least `count` calls of `method` (to `chat_id`), then return them."""
        await self.wait_for(lambda: len(self.sent(method, chat_id)) >= count)
        return self.sent(method, chat_id)

    # --- control endpoints, for driving a fake that runs in another process (benchmarks) ------
    async def _control_push(self, request: web.Request) -> web.Response:
        await self.push_many(await request.json())
        return web.json_response({"ok": True})

    async def _control_counts(self, request: web.Request) -> web.Response:
        return web.json_response(dict(self.counts))

    async def _control_reset(self, request: web.Request) -> web.Response:
        self.counts.clear()
        self.calls.clear()
        self.delivered_at.clear()
        return web.json_response({"ok": True})

    async def _control_timings(self, request: web.Request) -> web.Response:
        """When each update was handed to the bot, and when each message was sent."""
        sent = [[call.text, call.at] for call in self.sent("sendMessage")]
        return web.json_response({"delivered": self.delivered_at, "sent": sent})

    # --- the API -----------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params = await request.json()
        else:
            form = await request.post()
            params = {}
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                    params[key] = f"attach://{value.filename}"
                else:
                    params[key] = _decode(str(value))
        if method == "getUpdates" and self.webhook is not None:
            return self._failed(request, Failure(409, "Conflict: can't use getUpdates method "
                                                 "while webhook is active"))  # fmt: skip
        if method == "getUpdates":
            self.polls.append(params)
            failure = self._failure_for(method, params)
            if failure is not None:
                return self._failed(request, failure)
            return await self._get_updates(params)
        if self.response_delay:
            await asyncio.sleep(self.response_delay)
        failure = self._failure_for(method, params) or self._refusal(method, params)
        if failure is not None and failure.hang:
            async with self._changed:
                self.calls.append(Call(method, params, status=0, result=None, files=files))
                self._changed.notify_all()
            while not self._closing:  # noqa: ASYNC110 (until the test stops the fake)
                await asyncio.sleep(0.05)
            return web.Response(status=502)
        if method == "setWebhook":
            self.webhook = params
        elif method == "deleteWebhook":
            self.webhook = None
        result = None if failure else self._result(method, params, files)
        async with self._changed:
            call = Call(method, params, status=failure.status if failure else 200, result=result,
                        files=files)  # fmt: skip
            self.calls.append(call)
            if failure is None:
                self.counts[method] += 1
            self._changed.notify_all()
        if self.on_call is not None:
            self.on_call(call)
        if failure is not None:
            return self._failed(request, failure)
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _failed(request: web.Request, failure: Failure) -> web.Response:
        if failure.drop:
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)
        if failure.raw_body is not None:
            return web.Response(text=failure.raw_body, content_type="application/json")
        parameters: dict[str, int] = {}
        if failure.retry_after is not None:
            parameters["retry_after"] = failure.retry_after
        if failure.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = failure.migrate_to_chat_id
        body: dict[str, Any] = {
            "ok": False,
            "error_code": failure.status,
            "description": failure.description,
        }
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=failure.status)

    def _refusal(self, method: str, params: dict[str, Any]) -> Failure | None:
        """What real Telegram refuses: long texts, bad HTML, long callback data, a callback
        query answered twice; and a parameter the method does not define (Telegram would
        ignore it: a bug all the same), or a method it does not have."""
        allowed = PARAMETERS.get(method)
        if allowed is None:
            self.nonconforming.append(method)
            return Failure(404, "Not Found: method not found")
        unknown = sorted(set(params) - allowed)
        if unknown:
            self.nonconforming.append(f"{method}({', '.join(unknown)})")
            return Failure(400, f"Bad Request: unknown parameter {unknown[0]} for {method}")
        text = params.get("text")
        if isinstance(text, str) and method in {"sendMessage", "editMessageText"}:
            problem = html_problem(text)
            if problem:
                return Failure(400, f"Bad Request: can't parse entities: {problem}")
            if len(visible_text(text)) > MAX_TEXT:
                return Failure(400, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if len(str(button.get("callback_data", "")).encode()) > 64:
                        return Failure(400, "Bad Request: BUTTON_DATA_INVALID")
        if method in {"sendMessage", "sendPhoto", "sendDocument"}:
            refused = self._topic_refusal(params)
            if refused is not None:
                return refused
        if method == "answerCallbackQuery":
            query_id = str(params.get("callback_query_id"))
            if query_id in self.answered_queries:
                return Failure(400, "Bad Request: query is too old and response timeout expired")
            self.answered_queries.add(query_id)
        return None

    def _topic_refusal(self, params: dict[str, Any]) -> Failure | None:
        """Telegram's topic rules: General (1) is addressed by leaving message_thread_id
        out; a topic that does not exist, or was deleted, is not found; a closed one (General
        included) refuses posts."""
        chat_id = int(params.get("chat_id", 0))
        thread = params.get("message_thread_id")
        if chat_id not in self.forums:
            return None
        topic = 1 if thread is None else int(thread)
        if thread is not None and (topic == 1 or topic not in self.forums[chat_id]):
            return Failure(400, "Bad Request: message thread not found")
        if topic in self.closed_topics[chat_id]:
            return Failure(400, "Bad Request: TOPIC_CLOSED")
        return None

    def _failure_for(self, method: str, params: dict[str, Any]) -> Failure | None:
        if self.failures.get(method):
            return self.failures[method].pop(0)
        chat_id = params.get("chat_id")
        if chat_id is not None and self.chat_failures.get(int(chat_id)):
            return self.chat_failures[int(chat_id)].pop(0)
        return None

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset", 0) or 0)
        timeout = float(params.get("timeout", 0) or 0)

        def pending() -> list[dict[str, Any]]:
            fresh = [update for update in self.updates if update["update_id"] >= offset]
            return self.replays + fresh

        async with self._changed:
            if offset:
                # Telegram forgets confirmed updates; replays are re-appended explicitly.
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not pending() and timeout > 0:
                try:
                    ready = lambda: bool(pending()) or self._closing  # noqa: E731
                    await asyncio.wait_for(self._changed.wait_for(ready), timeout)
                except TimeoutError:
                    pass
            result = pending()[:100]
            self.replays.clear()
            self.delivered.extend(update["update_id"] for update in result)
            now = time.monotonic()
            for update in result:
                self.delivered_at.setdefault(update["update_id"], now)
        return web.json_response({"ok": True, "result": result})

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Milestone",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Sam"}
        if chat_id in self.forums:
            title = self.chat_titles.get(chat_id, "Group")
            return {"id": chat_id, "type": "supergroup", "title": title, "is_forum": True}
        return {
            "id": chat_id,
            "type": "supergroup" if chat_id < -(10**12) else "group",
            "title": self.chat_titles.get(chat_id, "Group"),
        }

    def _result(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if method == "getMe":
            return self._bot_user()
        if method in {"sendMessage", "sendPhoto", "sendDocument"}:
            chat_id = int(params["chat_id"])
            message: dict[str, Any] = {
                "message_id": next(self.message_ids[chat_id]),
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self._bot_user(),
            }
            if "text" in params:
                message["text"] = params["text"]
            if params.get("message_thread_id") is not None:
                message.update(self.in_topic(int(params["message_thread_id"])))
            if method == "sendPhoto":
                number = len(self.calls) + 1
                message["photo"] = [{"file_id": f"photo-{number}", "file_unique_id": f"u{number}",
                                     "width": 640, "height": 640}]  # fmt: skip
                if "photo" in files:  # a photo sent again by file id is the same picture
                    self.uploads[f"photo-{number}"] = files["photo"]
                message["caption"] = params.get("caption", "")
            if method == "sendDocument":
                number = len(self.calls) + 1
                message["document"] = {"file_id": f"doc-{number}", "file_unique_id": f"d{number}"}
            return message
        if method in {"editMessageText", "editMessageReplyMarkup", "editMessageCaption"}:
            chat_id = int(params["chat_id"])
            return {
                "message_id": int(params["message_id"]),
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self._bot_user(),
                "text": params.get("text", "(edited)"),
            }
        if method == "getChatMember":
            chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
            status = self.chat_members.get((chat_id, user_id), "member")
            member: dict[str, Any] = {"status": status, "user": self.user(user_id)}
            if status == "administrator":
                member.update(
                    {
                        "can_be_edited": False,
                        "is_anonymous": False,
                        "can_manage_chat": True,
                        "can_delete_messages": True,
                        "can_manage_video_chats": True,
                        "can_restrict_members": True,
                        "can_promote_members": False,
                        "can_change_info": True,
                        "can_invite_users": True,
                        "can_post_stories": False,
                        "can_edit_stories": False,
                        "can_delete_stories": False,
                    }
                )
            if status == "creator":
                member["is_anonymous"] = False
            if status == "restricted":
                member["until_date"] = 0
            if status == "kicked":
                member["until_date"] = 0
            return member
        return True


def serve_forever(port: int, delay: float = 0.0) -> None:
    """Run the fake alone on a fixed port until killed
    (`python -m bot.playground.fake_api PORT [SECONDS_PER_CALL]`)."""

    async def main() -> None:
        fake = FakeTelegram()
        fake.response_delay = delay
        runner = web.AppRunner(fake.web_app(), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


if __name__ == "__main__":
    import sys

    serve_forever(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 0.0)
