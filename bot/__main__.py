"""`python -m bot` runs the bot; `migrate`, `check` and `backup PATH` are operator commands."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from bot.config import HOW_TO_GET_A_TOKEN, MissingToken, Settings
from bot.operations.lock import AlreadyRunning, holding
from bot.storage.database import Database
from bot.storage.migrations import load_migrations, schema_version

EXIT_CONFIG = 2
EXIT_REFUSED = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Milestone Bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="migrate the database and run the bot (default)")
    commands.add_parser("migrate", help="apply pending database migrations")
    commands.add_parser("check", help="validate configuration and print what would run")
    backup = commands.add_parser("backup", help="copy the live database to PATH")
    backup.add_argument("path", type=Path)
    restore = commands.add_parser(
        "restore", help="replace the database with the backup at PATH (the bot must be stopped)"
    )
    restore.add_argument("path", type=Path)
    playground = commands.add_parser(
        "playground", help="try the bot in a browser page, no token needed"
    )
    playground.add_argument("--port", type=int, default=8080)
    playground.add_argument("--db", type=Path, default=Path("data/playground.sqlite3"))
    return parser


def _load_settings() -> Settings:
    """Settings, or exit 2 with one line per problem (values are never printed)."""
    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"]).upper()
            if field == "BOT_TOKEN":
                print(HOW_TO_GET_A_TOKEN, file=sys.stderr)
            elif not field:  # a rule across settings: its message names them
                print(f"config error: {problem['msg'].removeprefix('Value error, ')}",
                      file=sys.stderr)  # fmt: skip
            else:
                print(f"config error: {field}: {problem['msg']}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG) from None


async def _migrate(settings: Settings) -> None:
    db = await Database.open(settings.database_path)
    try:
        version = await schema_version(db.reader)
    finally:
        await db.close()
    print(f"database {settings.database_path} is at schema version {version}")


async def _backup(settings: Settings, target: Path) -> None:
    db = await Database.open(settings.database_path)
    try:
        await db.backup(target)
    finally:
        await db.close()
    print(f"backed up {settings.database_path} to {target}")


def _restore(settings: Settings, backup: Path) -> int:
    from bot.operations.backups import restore

    try:
        kept = restore(backup, settings.database_path, datetime.now(UTC))
    except (AlreadyRunning, ValueError) as error:
        print(f"restore refused: {error}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"restored {backup} to {settings.database_path}")
    if kept is not None:
        print(f"the database it replaced is kept at {kept}")
    return 0


def _check(settings: Settings) -> None:
    settings.token()
    newest = load_migrations()[-1].number
    mode = (
        f"webhook at {settings.webhook_url}, listening on {settings.webhook_listen}"
        if settings.webhook_url
        else "long polling"
    )
    paid = " (PAID_BROADCAST: charged above 30/s)" if settings.paid_broadcast else ""
    backups = (
        f"daily to {settings.backup_dir}, newest {settings.backup_keep} kept"
        if settings.backup_dir
        else "off (BACKUP_DIR unset)"
    )
    print(
        "configuration OK\n"
        f"  mode: {mode}, API at {settings.bot_api_base_url.rsplit('/', 1)[0]}\n"
        f"  database: {settings.database_path} (schema {newest})\n"
        f"  default time zone: {settings.default_timezone}\n"
        f"  scheduler tick: {settings.scheduler_tick_seconds:g}s, "
        f"send rate: {settings.send_rate_per_second:g}/s{paid}\n"
        f"  health and metrics: {settings.http_listen or 'off (HTTP_LISTEN unset)'}\n"
        f"  backups: {backups}\n"
        f"  operators: {len(settings.operator_ids)}, "
        f"log level: {settings.log_level}, format: {settings.log_format}"
    )


def _run(settings: Settings) -> None:
    from bot import logs
    from bot.logs import configure_logging

    settings.token()  # fail before touching anything when there is no token
    configure_logging(settings.log_level, settings.log_format)
    logs.redact(settings.token())
    with holding(settings.database_path):  # not while another bot runs on this database
        asyncio.run(_migrate(settings))
    asyncio.run(_serve(settings))


async def _serve(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT, then stop gracefully (nothing stored is lost)."""
    from bot.app import build_application, running

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    async with running(build_application(settings)):
        await stop.wait()
        logging.getLogger("bot").info("stopping: finishing the updates in flight")


def _playground(port: int, database: Path) -> int:
    from bot.logs import configure_logging
    from bot.playground.server import serve

    configure_logging("WARNING")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(database, port))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "playground":  # no token, no .env: its own fake Telegram and database
        return _playground(args.port, args.db)
    settings = _load_settings()
    try:
        if args.command == "migrate":
            asyncio.run(_migrate(settings))
        elif args.command == "backup":
            asyncio.run(_backup(settings, args.path))
        elif args.command == "restore":
            return _restore(settings, args.path)
        elif args.command == "check":
            _check(settings)
        else:
            _run(settings)
    except MissingToken:
        print(HOW_TO_GET_A_TOKEN, file=sys.stderr)
        return EXIT_CONFIG
    except AlreadyRunning as error:
        print(f"not started: {error}", file=sys.stderr)
        return EXIT_REFUSED
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
