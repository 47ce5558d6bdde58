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
        # Start afresh from the page: every chat empty, the bot a stranger again.
        page.on("dialog", lambda dialog: dialog.accept())
        await page.click("#afresh")
        await expect(page.locator(".bubble")).to_have_count(0)
        await page.click(".chat-item[data-chat='group']")
        await expect(page.locator(".bubble", has_text="Hi, I'm Milestone Bot")).to_have_count(1)
        await page.click(".chat-item[data-chat='you']")
        await say("/days")
        await expect(page.locator(".bubble", has_text="haven't set a clean date")).to_be_visible()
        await browser.close()


@pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("REQUIRE_BROWSER"),
    reason="needs Debian's chromium (.ci/run installs it)",
)
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
async def test_after_twenty_exchanges_the_newest_message_and_the_composer_are_in_view(
    tmp_path: Path, width: int, height: int
) -> None:
    async with (
        serving(tmp_path / "playground.sqlite3", port=0, start=EVENING) as (_, port),
        async_playwright() as playwright,
    ):
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": width, "height": height})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        await page.goto(f"http://127.0.0.1:{port}")
        await page.fill("#text", "/start")
        await page.press("#text", "Enter")
        await expect(page.locator(".bubble", has_text="Next steps")).to_be_visible()
        for turn in range(20):
            text = "/days" if turn % 2 else "/sober 2026-11-01"
            count = await page.locator(".bubble").count()
            await page.fill("#text", text)
            await page.press("#text", "Enter")
            await expect(page.locator(".bubble")).to_have_count(count + 2)
        newest = page.locator(".bubble").last
        await expect(newest).to_be_in_viewport()
        await expect(page.locator("#text")).to_be_in_viewport()
        scrolls = await page.evaluate(
            "document.scrollingElement.scrollHeight <= window.innerHeight + 1"
            " && document.scrollingElement.scrollWidth <= window.innerWidth + 1"
        )
        assert scrolls, "the document itself scrolls"
        box = await page.locator("#composer").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
        if width < 700:  # a phone: the chat list is a drawer
            await expect(page.locator(".sidebar")).not_to_be_in_viewport()
            await page.click("#menu")
            await expect(page.locator(".chat-item[data-chat='group']")).to_be_in_viewport()
            await page.click(".chat-item[data-chat='you']")
            await expect(page.locator(".sidebar")).not_to_be_in_viewport()
        else:
            await expect(page.locator("button[data-step='day']")).to_be_in_viewport()
        # Scrolled up to read: new messages wait behind a pill instead of pulling the view.
        await page.locator("#messages").evaluate("box => box.scrollTop = 0")
        await page.fill("#text", "/days")
        await page.press("#text", "Enter")
        await expect(page.locator("#pill")).to_be_visible()
        await page.click("#pill")
        await expect(page.locator(".bubble").last).to_be_in_viewport()
        SCREENSHOTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / f"playground-{width}x{height}.png"))
        assert errors == [] and failed == [], (errors, failed)
        await browser.close()
