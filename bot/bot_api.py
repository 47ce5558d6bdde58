"""The Bot API client: PTB's ExtBot with retries for direct replies, the 4,096-character limit
enforced on every text, and each callback query answered at most once."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot
from telegram.request import BaseRequest

from bot.domain.text_limits import MAX_MESSAGE, split_message, truncate_message
from bot.http_request import AiohttpRequest

logger = logging.getLogger(__name__)

# Direct replies (answers to a person's command or button) are retried within this budget.
RETRY_BUDGET_SECONDS = 30.0
MAX_TRIES = 5
FIRST_BACKOFF_SECONDS = 0.5
# A reply slower than PTB's 5 s default is still a reply: waiting longer avoids sending
# both the answer (which arrived) and an error.
READ_TIMEOUT_SECONDS = 20.0
_ANSWERED_MEMORY = 10_000
# Errors that say "this request will never work"; retrying them only repeats the refusal.
_PERMANENT = (BadRequest, Forbidden, InvalidToken, Conflict, ChatMigrated)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Parameters PTB's Defaults insert into methods the Bot API defines them not for.
_UNDEFINED = {"editMessageReplyMarkup": frozenset({"parse_mode", "link_preview_options"})}

_retry_direct_calls: ContextVar[bool] = ContextVar("retry_direct_calls", default=True)


@contextlib.contextmanager
def without_retries() -> Iterator[None]:
    """Calls made inside are tried once (the outbox sender owns its own retries)."""
    token = _retry_direct_calls.set(False)
    try:
        yield
    finally:
        _retry_direct_calls.reset(token)


def retry_after_seconds(error: RetryAfter) -> float:
    """`retry_after` as seconds whether PTB gives an int or a timedelta."""
    with warnings.catch_warnings():  # PTB 22 warns that the int form will become a timedelta
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class QuietRequest(AiohttpRequest):
    """PTB's HTTP client, except that an unreadable response is not logged in full (a
    `getUpdates` body holds people's messages)."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        """Parse Telegram's JSON; a broken body becomes one TelegramError, not a log of it."""
        try:
            parsed = json.loads(payload.decode("utf-8", "replace"))
        except ValueError as error:
            raise TelegramError("Invalid server response") from error
        if not isinstance(parsed, dict):
            raise TelegramError("Invalid server response")
        return parsed


class MilestoneBot(ExtBot[None]):
    """ExtBot with the bot's safety rules applied to every call it makes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._answered: OrderedDict[str, None] = OrderedDict()
        self._clients = [kwargs.get("request"), kwargs.get("get_updates_request")]

    async def close_clients(self) -> None:
        """Close the HTTP sessions when a start failed before PTB could (a refused token:
        `initialize` opened them, then `getMe` failed)."""
        for client in self._clients:
            if isinstance(client, BaseRequest):
                await client.shutdown()

    def was_answered(self, callback_query_id: str) -> bool:
        """Whether this callback query has been answered already."""
        return callback_query_id in self._answered

    async def raw_updates(
        self, offset: int, poll_seconds: float, allowed_updates: list[str]
    ) -> list[Any]:
        """`getUpdates` as raw JSON, so that one undecodable update can be set aside alone."""
        result = await self._post(
            "getUpdates",
            {"offset": offset, "timeout": poll_seconds, "allowed_updates": allowed_updates},
            read_timeout=poll_seconds + READ_TIMEOUT_SECONDS,
        )
        if not isinstance(result, list):
            raise TelegramError("Invalid server response")
        return result

    async def send_text(
        self,
        chat_id: int,
        text: str,
        reply_markup: InlineKeyboardMarkup | None = None,
        *,
        paid_broadcast: bool = False,
        thread_id: int | None = None,
    ) -> int:
        """`sendMessage` for the outbox sender: the same request and the same rules (HTML,
        no link previews, long texts split), without building a `Message` from the answer
        (a third of the sender's time at 1,000/s). Returns the message id."""
        data: dict[str, Any] = {
            "chat_id": chat_id,
            "text": text,
            "parse_mode": ParseMode.HTML,
            "link_preview_options": _NO_PREVIEW,
        }
        if reply_markup is not None:
            data["reply_markup"] = reply_markup
        if paid_broadcast:
            data["allow_paid_broadcast"] = True
        if thread_id is not None:  # a forum topic; General is addressed by leaving it out
            data["message_thread_id"] = thread_id
        result = await self._do_post("sendMessage", data)
        if not isinstance(result, dict) or not isinstance(result.get("message_id"), int):
            raise TelegramError("Invalid server response")
        return int(result["message_id"])

    async def _do_post(
        self,
        endpoint: str,
        data: dict[str, Any],
        *,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> Any:
        timeouts = {
            "read_timeout": read_timeout,
            "write_timeout": write_timeout,
            "connect_timeout": connect_timeout,
            "pool_timeout": pool_timeout,
        }
        undefined = _UNDEFINED.get(endpoint)
        if undefined:  # PTB's Defaults add parse_mode where the method has none
            data = {key: value for key, value in data.items() if key not in undefined}
        if endpoint == "answerCallbackQuery":
            query_id = str(data.get("callback_query_id"))
            if query_id in self._answered:
                return True  # exactly once: a second answer would only be an error
            try:
                result = await self._post_retried(endpoint, data, timeouts)
            except BadRequest as error:
                reason = error.message.lower()
                if "query is too old" not in reason and "query id is invalid" not in reason:
                    raise
                # Replayed after a restart, or pressed long ago: the spinner is long gone.
                logger.info("a button press was too old to answer")
                result = True
            self._remember_answer(query_id)
            return result
        text = data.get("text")
        if isinstance(text, str) and len(text) > MAX_MESSAGE:
            if endpoint == "sendMessage":
                return await self._send_in_parts(data, text, timeouts)
            data = {**data, "text": truncate_message(text)}
        return await self._post_retried(endpoint, data, timeouts)

    async def _send_in_parts(
        self, data: dict[str, Any], text: str, timeouts: dict[str, Any]
    ) -> Any:
        """A text over the limit goes out as several messages; buttons go on the last."""
        parts = split_message(text)
        result: Any = None
        for index, part in enumerate(parts):
            piece = {**data, "text": part}
            if index < len(parts) - 1:
                piece.pop("reply_markup", None)
            result = await self._post_retried("sendMessage", piece, timeouts)
        return result

    def _remember_answer(self, query_id: str) -> None:
        self._answered[query_id] = None
        while len(self._answered) > _ANSWERED_MEMORY:
            self._answered.popitem(last=False)

    async def _post_retried(
        self, endpoint: str, data: dict[str, Any], timeouts: dict[str, Any]
    ) -> Any:
        """One call; direct replies are retried on 429, 5xx and network errors."""
        if endpoint == "getUpdates" or not _retry_direct_calls.get():
            return await super()._do_post(endpoint, data, **timeouts)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RETRY_BUDGET_SECONDS
        attempt = 1
        while True:
            try:
                return await super()._do_post(endpoint, data, **timeouts)
            except _PERMANENT:
                raise
            except TelegramError as error:
                wait = _retry_wait(error, attempt)
                if wait is None or attempt == MAX_TRIES or loop.time() + wait > deadline:
                    logger.warning(
                        "%s failed (%s) after %s tries", endpoint, type(error).__name__, attempt
                    )
                    raise
                logger.warning(
                    "%s failed (%s); try %s of %s in %.1fs",
                    endpoint, type(error).__name__, attempt + 1, MAX_TRIES, wait,
                )  # fmt: skip
            await asyncio.sleep(wait)
            attempt += 1


def _retry_wait(error: TelegramError, attempt: int) -> float | None:
    """How long to wait before trying again; None when the error is not worth a retry."""
    if isinstance(error, RetryAfter):
        return retry_after_seconds(error)
    if isinstance(error, NetworkError) or "Invalid server response" in str(error):
        # 5xx, timeouts, dropped connections, a broken body
        return float(FIRST_BACKOFF_SECONDS * 2 ** (attempt - 1))
    return None
