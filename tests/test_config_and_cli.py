"""Configuration and the operator commands of `python -m bot`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import TELEGRAM_BASE_URL, Settings
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parents[1]


def run_bot(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    clean_env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**clean_env, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_defaults_match_the_spec() -> None:
    settings = Settings(_env_file=None, bot_token=TOKEN)  # type: ignore[call-arg]
    assert settings.database_path == Path("data/bot.sqlite3")
    assert settings.bot_api_base_url == TELEGRAM_BASE_URL
    assert settings.default_timezone == "UTC"
    assert settings.scheduler_tick_seconds == 30
    assert settings.send_rate_per_second == 25
    assert settings.crisis_text is None  # unset: each country's line from the table
    assert settings.operator_ids == frozenset()
    assert settings.log_level == "INFO"
    assert TOKEN not in repr(settings)


def test_environment_names_are_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("BOT_API_BASE_URL", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("OPERATOR_IDS", "11, 22 33")
    monkeypatch.setenv("SEND_RATE_PER_SECOND", "10")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.token() == TOKEN
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.default_timezone == "Europe/Berlin"
    assert settings.operator_ids == frozenset({11, 22, 33})
    assert settings.send_rate_per_second == 10


def test_bad_zone_and_malformed_token_are_refused() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        Settings(_env_file=None, bot_token=TOKEN, default_timezone="Mars/Base")  # type: ignore[call-arg]
    with pytest.raises(ValidationError) as error:
        Settings(_env_file=None, bot_token="not-a-token")  # type: ignore[call-arg]
    assert "not-a-token" not in str(error.value)


def test_missing_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_bot(env={"DATABASE_PATH": str(tmp_path / "db.sqlite3")}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "@BotFather" in lines[0]
    assert "Traceback" not in result.stderr


def test_malformed_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_bot(env={"BOT_TOKEN": "12345"}, cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "12345" not in result.stderr


def test_migrate_check_and_backup(tmp_path: Path) -> None:
    env = {"DATABASE_PATH": str(tmp_path / "db" / "bot.sqlite3"), "BOT_TOKEN": TOKEN}
    migrated = run_bot("migrate", env=env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert "schema version" in migrated.stdout

    checked = run_bot("check", env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "configuration OK" in checked.stdout
    assert TOKEN not in checked.stdout + checked.stderr

    backup_path = tmp_path / "backup.sqlite3"
    backed_up = run_bot("backup", str(backup_path), env=env, cwd=tmp_path)
    assert backed_up.returncode == 0, backed_up.stderr
    with sqlite3.connect(backup_path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_env_file_is_read_from_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}\nDATABASE_PATH={tmp_path / 'x.sqlite3'}\n")
    checked = run_bot("check", env={}, cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "x.sqlite3" in checked.stdout


def test_send_rate_above_telegrams_limit_needs_paid_broadcast(tmp_path: Path) -> None:
    env = {"BOT_TOKEN": TOKEN, "DATABASE_PATH": str(tmp_path / "db.sqlite3")}
    refused = run_bot("check", env={**env, "SEND_RATE_PER_SECOND": "100"}, cwd=tmp_path)
    assert refused.returncode == 2
    [line] = refused.stderr.strip().splitlines()
    assert "SEND_RATE_PER_SECOND=100" in line and "PAID_BROADCAST=true" in line
    assert "429" in line
    paid = {**env, "SEND_RATE_PER_SECOND": "1000", "PAID_BROADCAST": "true"}
    assert run_bot("check", env=paid, cwd=tmp_path).returncode == 0
    too_fast = run_bot("check", env={**paid, "SEND_RATE_PER_SECOND": "1001"}, cwd=tmp_path)
    assert too_fast.returncode == 2
    assert "SEND_RATE_PER_SECOND" in too_fast.stderr


def test_webhook_needs_https_and_a_well_formed_secret() -> None:
    base = {"_env_file": None, "bot_token": TOKEN, "webhook_url": "https://bot.example.org/tg"}
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET"):
        Settings(**base)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET"):
        Settings(**base, webhook_secret="has spaces!")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="https"):
        Settings(**{**base, "webhook_url": "http://x.org/tg"}, webhook_secret="s3cret")  # type: ignore[arg-type]
    settings = Settings(**base, webhook_secret="s3cret_-")  # type: ignore[arg-type]
    assert settings.webhook_path == "/tg"
    assert settings.webhook_listen == "127.0.0.1:8443"
    with pytest.raises(ValidationError, match="host:port"):
        Settings(_env_file=None, bot_token=TOKEN, http_listen="9090x")  # type: ignore[call-arg]


def test_new_settings_defaults() -> None:
    settings = Settings(_env_file=None, bot_token=TOKEN)  # type: ignore[call-arg]
    assert settings.paid_broadcast is False
    assert settings.http_listen is None
    assert settings.backup_dir is None and settings.backup_keep == 7
    assert settings.log_format == "text"
