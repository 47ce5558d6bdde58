"""Logging: plain text or one JSON object a line; ids and counts, never message text or the
token.

- Only the bot's own loggers follow LOG_LEVEL. Libraries stay at WARNING (httpx, aiohttp,
  aiosqlite and APScheduler) or INFO (PTB): at DEBUG they print URLs that hold the token
  and SQL parameters that hold what people wrote.
- Secrets registered with `redact` are removed from every record as it is created, whatever
  logger or handler it goes to (PTB logs the API URL, token included, at DEBUG).
- People appear as a keyed hash of their Telegram id (`hashed_user`): lines of one person
  can be followed, but the id cannot be read back without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import sys
import threading
import time
from typing import IO, Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_QUIET = {"httpx": "WARNING", "httpcore": "WARNING", "aiohttp": "WARNING",
          "aiosqlite": "WARNING", "apscheduler": "WARNING", "telegram": "INFO"}  # fmt: skip
# Fields a record may carry (`extra=`) that the JSON line shows.
FIELDS = ("event", "update_id", "update_type", "chat_kind", "user", "duration_ms", "result",
          "count", "outbox_id", "kind")  # fmt: skip

_secrets: list[str] = []
_hash_key = b""
_base_factory = logging.getLogRecordFactory()


def redact(secret: str) -> None:
    """Remove `secret` from every log record from now on; it also keys `hashed_user`."""
    global _hash_key
    if secret and secret not in _secrets:
        _secrets.append(secret)
        _hash_key = hashlib.sha256(secret.encode()).digest()
    logging.setLogRecordFactory(_redacting_factory)


def hashed_user(user_id: int | None) -> str | None:
    """A short keyed hash of a Telegram id (HMAC-SHA256 keyed by the token)."""
    if user_id is None:
        return None
    digest = hmac.new(_hash_key, str(user_id).encode(), hashlib.sha256).hexdigest()
    return digest[:12]


def scrub(text: str) -> str:
    """`text` with every registered secret (and a token's secret half) removed."""
    for secret in _secrets:
        text = text.replace(secret, "[token]")
        _, _, half = secret.partition(":")
        if len(half) >= 20:
            text = text.replace(half, "[token]")
    return text


class _Redacting(logging.Formatter):
    """Wraps a formatter: the whole line leaves without secrets, tracebacks included (an
    exception's message may quote the token: PTB's InvalidToken does)."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self._inner = inner

    def format(self, record: logging.LogRecord) -> str:
        return scrub(self._inner.format(record))


def _uncaught(kind: type[BaseException], error: BaseException, trace: Any) -> None:
    """An uncaught exception goes through logging like every other line: redacted, and one
    JSON object with LOG_FORMAT=json."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    logging.getLogger("bot").critical("uncaught %s", kind.__name__, exc_info=(kind, error, trace))


def _uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _uncaught(args.exc_type, args.exc_value, args.exc_traceback)


def _redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    if not _secrets:
        return record
    message = record.getMessage()
    if any(secret in message for secret in _secrets):
        for secret in _secrets:
            message = message.replace(secret, "[token]")
        record.msg, record.args = message, None
    return record


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message and the known fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info:
            # The exception's type and where it happened; its message may quote data.
            kind = record.exc_info[0]
            line["error"] = kind.__name__ if kind else "Exception"
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str, log_format: str = "text", stream: IO[str] | None = None) -> None:
    """Set up the root handler for `python -m bot` (stderr unless `stream` is given)."""
    handler = logging.StreamHandler(stream)
    inner = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(_Redacting(inner))
    sys.excepthook = _uncaught
    threading.excepthook = _uncaught_in_thread
    logging.captureWarnings(True)  # a library's warning is a log line too
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, quiet in _QUIET.items():
        library = logging.getLogger(name)
        library.setLevel(max(logging.getLevelName(quiet), logging.getLevelName(level)))
