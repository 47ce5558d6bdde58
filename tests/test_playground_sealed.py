"""The playground cannot touch a real deployment: operator settings in the environment are
ignored, the real database (or any database it did not make) is refused, and only this
machine's page may drive it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.playground.server import PLAYGROUND_MARK, playground_database_problem, serving
from tests.test_failed_starts import our_database

ROOT = Path(__file__).resolve().parents[1]
EVENING = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)


async def test_operator_settings_in_the_environment_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_backups = tmp_path / "real-backups"
    real_backups.mkdir()
    (real_backups / "bot-2026-11-20.sqlite3").write_bytes(b"a real backup")
    monkeypatch.setenv("BACKUP_DIR", str(real_backups))
    monkeypatch.setenv("BACKUP_KEEP", "1")
    monkeypatch.setenv("HTTP_LISTEN", "127.0.0.1:0")
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", "s" * 32)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "real.sqlite3"))
    async with serving(tmp_path / "play.sqlite3", port=0, start=EVENING) as (playground, _):
        assert playground.application is not None
        data = playground.application.bot_data
        settings = data.settings
        assert settings is not None
        assert settings.backup_dir is None and settings.http_listen is None
        assert settings.webhook_url is None
        assert settings.database_path == tmp_path / "play.sqlite3"
        assert settings.master_key_path() == tmp_path / "play-keys" / "master.key"
        assert data.backups is None and data.http_port is None and data.polling is not None
        await playground.move_clock("day")
    assert sorted(p.name for p in real_backups.iterdir()) == ["bot-2026-11-20.sqlite3"]
    assert not (tmp_path / "real.sqlite3").exists()


def test_the_real_database_and_foreign_ones_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = our_database(tmp_path / "real.sqlite3")
    monkeypatch.setenv("DATABASE_PATH", str(real))
    assert "is the real bot's database" in (playground_database_problem(real) or "")
    other = our_database(tmp_path / "someone.sqlite3")  # a bot database, not the playground's
    assert "was not made by the playground" in (playground_database_problem(other) or "")
    assert playground_database_problem(tmp_path / "new.sqlite3") is None
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    assert "not a SQLite database" in (playground_database_problem(text) or "")


def test_playground_on_the_real_database_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    real = our_database(tmp_path / "bot.sqlite3")
    before = hashlib.sha256(real.read_bytes()).hexdigest()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    env.update(PYTHONPATH=str(ROOT), DATABASE_PATH=str(real))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "playground", "--port", "0", "--db", str(real)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    [line] = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert line.startswith("playground refused:") and "real bot's database" in line
    assert hashlib.sha256(real.read_bytes()).hexdigest() == before


async def test_its_own_database_is_reopened(tmp_path: Path) -> None:
    path = tmp_path / "play.sqlite3"
    async with serving(path, port=0, start=EVENING):
        pass
    assert playground_database_problem(path) is None
    async with serving(path, port=0, start=EVENING) as (playground, _):
        assert playground.application is not None
        services = playground.application.bot_data.services
        assert services is not None
        rows = await services.db.reader.execute_fetchall(
            "SELECT value FROM operations WHERE key = ?", (PLAYGROUND_MARK,)
        )
        assert [row[0] for row in rows] == ["1"]


async def test_only_this_machines_page_may_drive_it(tmp_path: Path) -> None:
    async with (
        serving(tmp_path / "play.sqlite3", port=0, start=EVENING) as (playground, port),
        aiohttp.ClientSession() as session,
    ):
        url = f"http://127.0.0.1:{port}/api/send"
        body = '{"chat": "you", "text": "/start"}'
        calls = len(playground.fake.pushed)
        refused = [
            ({"Origin": "http://evil.example", "Content-Type": "application/json"}, 403),
            ({"Content-Type": "text/plain"}, 415),  # a cross-site form needs no preflight
            ({"Host": "evil.example", "Content-Type": "application/json"}, 403),  # rebinding
            ({"Host": f"evil.example:{port}", "Content-Type": "application/json"}, 403),
        ]
        for headers, status in refused:
            async with session.post(url, data=body, headers=headers) as answer:
                assert answer.status == status, headers
        async with session.get(f"http://127.0.0.1:{port}/api/state",
                               headers={"Host": "evil.example"}) as answer:  # fmt: skip
            assert answer.status == 403
        assert len(playground.fake.pushed) == calls  # nothing reached the bot
        ok = {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/json"}
        async with session.post(url, data=body, headers=ok) as answer:
            assert answer.status == 200
        async with session.post(
            url, data=body, headers={"Content-Type": "application/json",
                                     "Host": f"localhost:{port}"},
        ) as answer:  # fmt: skip
            assert answer.status == 200
        assert len(playground.fake.pushed) == calls + 2
