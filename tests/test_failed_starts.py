"""Every start that cannot go on says in one line what is wrong and what to do, exits
non-zero within seconds, and leaves the database file byte for byte as it was; the token
appears in no output, in either log format."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.playground.fake_api import Failure, FakeTelegram
from bot.storage.migrations import MIGRATIONS_DIR, load_migrations
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parents[1]
SECRET_HALF = TOKEN.split(":", 1)[1]


class FakeInThread:
    """The fake Bot API on an event loop of its own, for a bot in another process."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.fake = FakeTelegram()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.loop).result(10)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture
def api() -> Iterator[FakeTelegram]:
    server = FakeInThread()
    yield server.fake
    server.close()


def env_for(database: Path, base_url: str, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("BOT_", "DATABASE_", "LOG_", "HTTP_", "WEBHOOK_"))}  # fmt: skip
    return {**clean, "PYTHONPATH": str(ROOT), "BOT_TOKEN": TOKEN,
            "DATABASE_PATH": str(database), "BOT_API_BASE_URL": base_url, **extra}  # fmt: skip


def start(database: Path, base_url: str, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args], env=env_for(database, base_url, **extra),
        cwd=database.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(process: subprocess.Popen[str], within: float = 20) -> tuple[int, str, float]:
    began = time.monotonic()
    out, err = process.communicate(timeout=within)
    return process.returncode, out + err, time.monotonic() - began


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def our_database(path: Path) -> Path:
    """A real database of this release (the bot's own migrations, as a start makes it)."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        for migration in load_migrations(MIGRATIONS_DIR):
            connection.executescript(
                f"BEGIN;\n{migration.sql}\n;PRAGMA user_version={migration.number};\nCOMMIT;"
            )
    connection.close()
    for tail in ("-wal", "-shm"):
        Path(str(path) + tail).unlink(missing_ok=True)
    return path


def broken(kind: str, folder: Path) -> Path:
    path = folder / "bot.sqlite3"
    if kind == "text file":
        path.write_text("these are my notes, not a database\n")
    elif kind == "truncated":
        data = our_database(path).read_bytes()
        path.write_bytes(data[: len(data) // 2 + 100])
    elif kind == "foreign":
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            connection.execute("INSERT INTO notes (body) VALUES ('buy milk')")
        connection.close()
    elif kind == "newer schema":
        with sqlite3.connect(our_database(path)) as connection:
            connection.execute("PRAGMA user_version=99")
        connection.close()
    return path


ONE_LINE = {
    "text file": "is not a SQLite database",
    "truncated": "is cut short (truncated)",
    "foreign": "is another program's SQLite database (tables: notes)",
    "newer schema": "is at schema 99, newer than this release",
}


def lines_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize("kind", list(ONE_LINE))
@pytest.mark.parametrize("command", ["run", "migrate", "check"])
def test_an_unusable_database_is_one_line_and_unchanged(
    tmp_path: Path, api: FakeTelegram, kind: str, command: str
) -> None:
    path = broken(kind, tmp_path)
    before = digest(path)
    code, output, seconds = finish(start(path, api.base_url, command))
    assert code == 1, output
    assert seconds < 10
    [line] = lines_of(output)
    assert ONE_LINE[kind] in line
    assert "DATABASE_PATH" in line or "restore" in line or "release" in line
    assert digest(path) == before
    assert not Path(str(path) + "-wal").exists()
    assert api.sent("getMe") == []  # the file is checked before Telegram is asked anything


def test_a_refused_token_is_one_line_without_the_token(tmp_path: Path, api: FakeTelegram) -> None:
    path = our_database(tmp_path / "bot.sqlite3")
    before = digest(path)
    api.fail("getMe", Failure(401, "Unauthorized"), times=10)
    for log_format in ("text", "json"):
        code, output, seconds = finish(start(path, api.base_url, LOG_FORMAT=log_format))
        assert code == 1 and seconds < 10, output
        assert TOKEN not in output and SECRET_HALF not in output
        [line] = lines_of(output)
        assert "Telegram refused BOT_TOKEN (401 Unauthorized)" in line and "@BotFather" in line
        if log_format == "json":
            assert json.loads(line)["message"].startswith("not started:")
    assert digest(path) == before


def test_an_unreachable_api_is_one_line_naming_the_host(tmp_path: Path) -> None:
    path = our_database(tmp_path / "bot.sqlite3")
    before = digest(path)
    code, output, seconds = finish(start(path, "http://127.0.0.1:9/bot"))
    assert code == 1 and seconds < 15, output
    assert TOKEN not in output and SECRET_HALF not in output
    last = lines_of(output)[-1]
    assert "cannot reach the Bot API at 127.0.0.1:9" in last
    assert all("Traceback" not in line for line in lines_of(output))
    assert digest(path) == before


def test_ctrl_c_while_starting_stops_at_once(tmp_path: Path, api: FakeTelegram) -> None:
    path = our_database(tmp_path / "bot.sqlite3")
    before = digest(path)
    api.fail("getMe", Failure(200, "", hang=True), times=10)  # Telegram never answers
    process = start(path, api.base_url)
    deadline = time.monotonic() + 15
    while not api.attempts("getMe") and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    code, output, seconds = finish(process)
    assert code == 130 and seconds < 5, output
    [line] = lines_of(output)
    assert "stopped while starting" in line
    assert digest(path) == before


def test_set_my_commands_refused_is_a_warning_and_the_bot_runs(
    tmp_path: Path, api: FakeTelegram
) -> None:
    path = our_database(tmp_path / "bot.sqlite3")
    api.fail("setMyCommands", Failure(400, "Bad Request: BOT_COMMAND_INVALID"), times=100)
    process = start(path, api.base_url)
    deadline = time.monotonic() + 20
    while not api.polls and time.monotonic() < deadline:
        time.sleep(0.05)
    assert api.polls, "the bot did not start polling"
    process.send_signal(signal.SIGTERM)
    code, output, _ = finish(process)
    assert code == 0, output
    assert "could not publish the command menus (BadRequest)" in output
    assert "Traceback" not in output
    assert TOKEN not in output and SECRET_HALF not in output


def test_backup_refuses_the_live_path_and_never_migrates(
    tmp_path: Path, api: FakeTelegram
) -> None:
    path = our_database(tmp_path / "bot.sqlite3")
    with sqlite3.connect(path) as connection:  # an older release's database: schema 3
        connection.execute("PRAGMA user_version=3")
    connection.close()
    before = digest(path)
    for target in (path, Path(str(path) + "-wal"), tmp_path / "." / "bot.sqlite3"):
        code, output, _ = finish(start(path, api.base_url, "backup", str(target)))
        assert code == 1, output
        assert "is the database itself" in lines_of(output)[0]
    code, output, _ = finish(start(path, api.base_url, "backup", str(tmp_path / "copy.sqlite3")))
    assert code == 0, output
    assert digest(path) == before  # not migrated
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 3
    copy.close()


@pytest.mark.parametrize("command", ["migrate", "backup", "restore"])
def test_operator_commands_take_the_instance_lock(
    tmp_path: Path, api: FakeTelegram, command: str
) -> None:
    from bot.operations.lock import holding

    path = our_database(tmp_path / "bot.sqlite3")
    before = digest(path)
    extra = [str(tmp_path / "other.sqlite3")] if command != "migrate" else []
    if command == "restore":
        our_database(tmp_path / "other.sqlite3")
    with holding(path):  # a bot runs on this database
        code, output, _ = finish(start(path, api.base_url, command, *extra))
    assert code == 1, output
    assert "is running on" in output
    assert digest(path) == before


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_no_token_in_any_line_tracebacks_and_uncaught_errors_included(
    tmp_path: Path, log_format: str
) -> None:
    script = tmp_path / "leak.py"
    script.write_text(
        "import logging, sys, threading\n"
        "from bot import logs\n"
        f"token = {TOKEN!r}\n"
        "logs.configure_logging('INFO', sys.argv[1])\n"
        "logs.redact(token)\n"
        "log = logging.getLogger('bot.test')\n"
        "try:\n"
        "    raise RuntimeError(f'The token `{token}` was rejected by the server.')\n"
        "except RuntimeError:\n"
        "    log.exception('refused')\n"
        "log.warning('half: %s', token.split(':')[1])\n"
        "thread = threading.Thread(target=lambda: 1 / 0 if False else exec("
        "'raise ValueError(token)'))\n"
        "thread.start(); thread.join()\n"
        "raise SystemError(f'uncaught with {token}')\n"
    )
    result = subprocess.run(
        [sys.executable, str(script), log_format], env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert TOKEN not in output and SECRET_HALF not in output, output
    assert output.count("[token]") >= 4
    if log_format == "json":
        for line in lines_of(output):
            json.loads(line)  # every line is JSON, tracebacks included
        assert len(lines_of(output)) == 4


def test_a_missing_master_key_is_one_line_and_no_new_key_is_made(
    tmp_path: Path, api: FakeTelegram
) -> None:
    from bot.storage import inbox
    from bot.storage.database import Database, default_key_path

    path = tmp_path / "bot.sqlite3"

    async def someone_wrote() -> None:
        db = await Database.open(path)
        async with db.transaction() as tx:
            await inbox.store(tx, [{"update_id": 1, "message": {"from": {"id": 5}}}], 0)
        await db.close()

    asyncio.run(someone_wrote())
    key = default_key_path(path)
    key.unlink()
    code, output, seconds = finish(start(path, api.base_url))
    assert code == 1 and seconds < 15, output
    last = lines_of(output)[-1]
    assert "master key" in last and "missing" in last and "KEY_PATH" in last
    assert "Traceback" not in output
    assert not key.exists()  # refused, not replaced by a key that would open nothing
