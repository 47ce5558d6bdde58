"""Settings from the environment or `.env`, validated once at start-up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_CRISIS_TEXT = (
    "If you are in danger or thinking about harming yourself, please call your local "
    "emergency number now, or find a free helpline in your country at "
    "https://findahelpline.com."
)
# Telegram's own limit for a bot's messages; above it only paid broadcasts are allowed.
FREE_SEND_RATE = 30.0
PAID_SEND_RATE = 1000.0
# Telegram's secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -.
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# BotFather tokens look like 123456789:AA... (digits, colon, 30+ url-safe characters).
_TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")
HOW_TO_GET_A_TOKEN = (
    "BOT_TOKEN is missing or malformed: message @BotFather in Telegram, send /newbot and put "
    "the token in .env as BOT_TOKEN=... (see .env.example) — or try it first without one: "
    "make playground"
)


class MissingToken(RuntimeError):
    """Raised when the bot must talk to Telegram but has no token."""


class Settings(BaseSettings):
    """Everything the operator can configure; names match SPEC §2."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    bot_token: SecretStr | None = None
    database_path: Path = Path("data/bot.sqlite3")
    bot_api_base_url: str = TELEGRAM_BASE_URL
    default_timezone: str = "UTC"
    # For people whose Telegram language the bot does not speak (en, es, pt_BR, ru, uk, de).
    default_language: str = "en"
    scheduler_tick_seconds: float = Field(default=30.0, gt=0, le=3600)
    send_rate_per_second: float = Field(default=25.0, gt=0, le=PAID_SEND_RATE)
    # Telegram Stars are charged for every message above the free 30/s (see README).
    paid_broadcast: bool = False
    # Unset: each person sees their country's line (bot/data/crisis_lines.csv), or this
    # default where the table has none. Set: the operator's text, for everyone.
    crisis_text: str | None = None
    # An SOS nobody answers in this many minutes goes to the next trusted person.
    sos_answer_minutes: float = Field(default=10.0, gt=0, le=120)
    operator_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    log_level: str = "INFO"
    log_format: str = "text"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1:8443"
    webhook_secret: SecretStr | None = None
    http_listen: str | None = None
    backup_dir: Path | None = None
    backup_keep: int = Field(default=7, ge=1, le=1000)
    # The master key that wraps every person's data key; None: keys/master.key beside the
    # database. Never inside BACKUP_DIR (a backup and its key must not travel together).
    key_path: Path | None = None

    @field_validator("default_language")
    @classmethod
    def _a_language_the_bot_speaks(cls, value: str) -> str:
        from bot.i18n import LANGUAGES, choose

        chosen = choose(value, default="")
        if chosen not in LANGUAGES:
            raise ValueError(f"DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}")
        return chosen

    @model_validator(mode="after")
    def _rate_and_webhook_fit_together(self) -> Settings:
        if self.send_rate_per_second > FREE_SEND_RATE and not self.paid_broadcast:
            raise ValueError(
                f"SEND_RATE_PER_SECOND={self.send_rate_per_second:g} is above Telegram's "
                f"{FREE_SEND_RATE:g}/s: Telegram would answer with 429s. Lower it, or set "
                "PAID_BROADCAST=true (paid per message, see README)"
            )
        if self.backup_dir is not None and self.master_key_path().resolve().is_relative_to(
            self.backup_dir.resolve()
        ):
            raise ValueError(
                "KEY_PATH must not be inside BACKUP_DIR: whoever gets the backups would get "
                "the key that opens them"
            )
        if self.webhook_url is not None:
            if not self.webhook_url.startswith("https://"):
                raise ValueError("WEBHOOK_URL must start with https:// (Telegram requires it)")
            secret = self.webhook_secret
            if secret is None or not _SECRET_SHAPE.match(secret.get_secret_value()):
                raise ValueError(
                    "WEBHOOK_URL needs WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -"
                    " (make one: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
                )
        return self

    def master_key_path(self) -> Path:
        """KEY_PATH, or `keys/master.key` beside the database."""
        return self.key_path or self.database_path.parent / "keys" / "master.key"

    @field_validator("webhook_listen", "http_listen")
    @classmethod
    def _host_and_port(cls, value: str | None) -> str | None:
        if value is not None:
            listen_address(value)
        return value

    @field_validator("log_format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value.lower() not in {"text", "json"}:
            raise ValueError("LOG_FORMAT must be text or json")
        return value.lower()

    @field_validator("bot_token")
    @classmethod
    def _token_has_botfather_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not _TOKEN_SHAPE.match(value.get_secret_value().strip()):
            raise ValueError("malformed token")  # never echo the value
        return SecretStr(value.get_secret_value().strip())

    @field_validator("default_timezone")
    @classmethod
    def _zone_exists(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown IANA time zone {value!r}") from error
        return value

    @field_validator("operator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in re.split(r"[,\s]+", value.strip()) if part)
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts to: the path part of WEBHOOK_URL."""
        assert self.webhook_url is not None
        return urlsplit(self.webhook_url).path or "/"

    def token(self) -> str:
        """The bot token; raises MissingToken when it was not configured."""
        if self.bot_token is None:
            raise MissingToken(HOW_TO_GET_A_TOKEN)
        return self.bot_token.get_secret_value()

    @property
    def base_file_url(self) -> str:
        """File URL beside the API URL: `.../bot` becomes `.../file/bot`."""
        base = self.bot_api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("bot")] + "file/bot"
        return base + "/file/bot"


def listen_address(value: str) -> tuple[str, int]:
    """`host:port` (or `[::1]:port`) to a pair; ValueError when it is not one."""
    host, separator, port = value.strip().rpartition(":")
    if not separator or not port.isdigit() or not 0 <= int(port) < 65536:  # 0: any free port
        raise ValueError(f"{value!r} is not host:port, like 127.0.0.1:9090")
    return host.strip("[]") or "0.0.0.0", int(port)
