"""The playground in a real browser: Playwright driving Debian's Chromium against the page,
the real bot behind it and the fake Telegram behind that. A screenshot is kept."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.async_api import async_playwright, expect

from bot.playground.server import serving

# Thursday 21:30 UTC: after the day's check-in time (the playground's people are in UTC).
EVENING = datetime(2026, 11, 26, 21, 30, tzinfo=UTC)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "output"
# Chromium here runs as root, on a machine with a closed network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("REQUIRE_BROWSER"),
    reason="needs Debian's chromium (.ci/run installs it)",
)
async def test_a_newcomer_uses_the_playground_in_a_browser(tmp_path: Path) -> None:
    async with (
        serving(tmp_path / "playground.sqlite3", port=0, start=EVENING) as (_, port),
        async_playwright() as playwright,
    ):
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 860})
        await page.goto(f"http://127.0.0.1:{port}")

        async def say(text: str) -> None:
            await page.fill("#text", text)
            await page.press("#text", "Enter")

        await say("/start")
        await expect(page.locator(".bubble", has_text="Next steps")).to_be_visible()
        await say("/sober 2026-11-01")
        await expect(page.locator(".bubble", has_text="Clean date saved")).to_be_visible()
        await say("/checkin")
        prompt = page.locator(".bubble", has_text="Check-in ·")
        await expect(prompt).to_have_count(1)
        await page.locator(".keyboard button", has_text="4").first.click()
        await expect(page.locator(".bubble", has_text="mood 4 (good)")).to_be_visible()
        await page.click("button[data-step='day']")  # a day passes: its check-in comes
        await expect(prompt).to_have_count(2)  # the next day's prompt, not today's again
        first, second = [text.split("Check-in ·")[1].split("\n")[0] for text in
                         await prompt.all_inner_texts()]  # fmt: skip
        assert first != second
        await page.click(".chat-item[data-chat='group']")
        await expect(page.locator(".bubble", has_text="Hi, I'm Milestone Bot")).to_be_visible()
        await page.click(".chat-item[data-chat='you']")
        SCREENSHOTS.mkdir(exist_ok=True)
        for folder in (tmp_path, SCREENSHOTS):
            await page.screenshot(path=str(folder / "playground.png"), full_page=True)
        await browser.close()
