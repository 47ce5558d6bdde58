"""Shared fixtures: a fake Bot API server, a manual clock, settings with a fresh database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.playground.fake_api import FakeTelegram
from tests.harness import clock_at, make_settings


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()
    # Every test: no call outside the published Bot API (method and parameters).
    assert server.nonconforming == [], server.nonconforming


@pytest.fixture
def clock() -> ManualClock:
    return clock_at("2026-11-25T12:00:00+00:00")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture
def settings(db_path: Path, fake: FakeTelegram) -> Settings:
    return make_settings(db_path, fake)
