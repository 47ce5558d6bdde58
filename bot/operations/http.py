"""The operator's endpoints on HTTP_LISTEN: `/healthz` and `/metrics`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.config import listen_address
from bot.operations.health import Health
from bot.operations.metrics import Metrics
from bot.storage import inbox, outbox
from bot.storage.database import Database


def operations_app(health: Health, metrics: Metrics, db: Database) -> web.Application:
    """`/healthz` (200 or 503, JSON) and `/metrics` (Prometheus text format)."""

    async def healthz(request: web.Request) -> web.Response:
        report = await health.check()
        return web.json_response(report.as_json(), status=200 if report.healthy else 503)

    async def scrape(request: web.Request) -> web.Response:
        metrics.inbox_backlog.set(await inbox.backlog(db.reader))
        metrics.outbox_backlog.set((await outbox.backlog(db.reader))[0])
        return web.Response(
            body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", scrape)
    return app


@asynccontextmanager
async def serving(app: web.Application, listen: str) -> AsyncIterator[int]:
    """Serve `app` on `host:port` (port 0: any free one); yields the bound port."""
    host, port = listen_address(listen)
    runner = web.AppRunner(app, access_log=None)  # access logs would print webhook paths
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        yield int(runner.addresses[0][1])
    finally:
        await runner.cleanup()
