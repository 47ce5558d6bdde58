"""`python -m bot` runs the bot; `migrate`, `check` and `backup PATH` are operator commands."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import secrets
import signal
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from bot.config import HOW_TO_GET_A_TOKEN, MissingToken, Settings
from bot.operations.lock import AlreadyRunning, holding
from bot.storage.database import Database, copy_database
from bot.storage.inspection import database_problem, schema_of
from bot.storage.migrations import load_migrations, schema_version

EXIT_CONFIG = 2
EXIT_REFUSED = 1
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Milestone Bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="migrate the database and run the bot (default)")
    commands.add_parser("migrate", help="apply pending database migrations")
    commands.add_parser("check", help="validate configuration and print what would run")
    backup = commands.add_parser(
        "backup",
        help="copy the database to PATH, read-only (the bot stopped; a running bot "
        "makes its own daily backups in BACKUP_DIR)",
    )
    backup.add_argument("path", type=Path)
    commands.add_parser(
        "rotate-key", help="a new master key (KEY_PATH): re-wraps every data key, no row changes"
    )
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


class CannotStart(Exception):
    """A start (or an operator command) that cannot go on; its message is the one line."""


def _usable_database(path: Path) -> None:
    """Refuse, before anything opens it for writing, a file that is not this bot's
    database at this release's schema or older."""
    problem = database_problem(path)
    if problem is not None:
        raise CannotStart(problem)


async def _migrate(settings: Settings) -> None:
    path = settings.database_path
    with holding(path):
        _usable_database(path)
        db = await Database.open(path)
        try:
            version = await schema_version(db.reader)
        finally:
            await db.close()
    print(f"database {path} is at schema version {version}")


async def _rotate_key(settings: Settings) -> None:
    """A new master key: every data key re-wrapped in one transaction; the text rows are not
    touched. The new key is written beside the old first and takes over after the commit
    (a kill in between is finished at the next start)."""
    from bot.storage.sealing import KEY_BYTES, MasterKey, next_key_path, write_key_file

    path, key_path = settings.database_path, settings.master_key_path()
    with holding(path):
        _usable_database(path)
        db = await Database.open(path, key_path=key_path)
        try:
            assert db.keyring is not None
            new = MasterKey.from_secret(secrets.token_bytes(KEY_BYTES))
            upcoming = next_key_path(key_path)
            write_key_file(upcoming, new)
            count = db.keyring.rewrap(new)
            os.replace(upcoming, key_path)
        finally:
            await db.close()
    print(f"re-wrapped {count} data keys with a new master key at {key_path}; keep a copy of "
          "it apart from the backups (backups made before now need the old key)")  # fmt: skip


def _backup(settings: Settings, target: Path) -> None:
    """A copy of the database, read-only (never migrated), with the bot stopped."""
    source = settings.database_path
    if _same_file(source, target):
        raise CannotStart(f"refused: {target} is the database itself; back it up elsewhere")
    with holding(source):
        _usable_database(source)
        if not source.exists():
            raise CannotStart(f"refused: there is no database at {source} yet")
        copy_database(source, target)
    print(f"backed up {source} to {target}")


def _same_file(database: Path, other: Path) -> bool:
    """`other` is the database, its write-ahead log, its shared memory or its lock."""
    here = database.resolve()
    names = {here, *(here.with_name(here.name + tail) for tail in ("-wal", "-shm", ".lock"))}
    return other.resolve() in names


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
    _usable_database(settings.database_path)  # read-only: what `run` would refuse
    current = schema_of(settings.database_path)
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
        f"  database: {settings.database_path} (schema {current}; this release {newest})\n"
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
        _usable_database(settings.database_path)
    # The database is opened (and migrated) only once Telegram took the token.
    asyncio.run(_serve(settings))


async def _serve(settings: Settings) -> None:
    """Run until SIGTERM or SIGINT, then stop gracefully (nothing stored is lost). A signal
    while starting stops the start at once."""
    from bot.app import build_application, running

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    async with contextlib.AsyncExitStack() as stack:
        starting = asyncio.create_task(
            stack.enter_async_context(running(build_application(settings)))
        )
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
            await asyncio.gather(starting, return_exceptions=True)
            raise CannotStart("stopped while starting; nothing was changed")
        stopping.cancel()
        starting.result()  # a start that failed raises here
        await stop.wait()
        logging.getLogger("bot").info("stopping: finishing the updates in flight")


def _playground(port: int, database: Path) -> int:
    from bot.logs import configure_logging
    from bot.playground.server import PlaygroundRefused, serve

    configure_logging("WARNING")
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve(database, port))
    except PlaygroundRefused as error:
        print(f"playground refused: {error}", file=sys.stderr)
        return EXIT_REFUSED
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
        elif args.command == "rotate-key":
            asyncio.run(_rotate_key(settings))
        elif args.command == "backup":
            _backup(settings, args.path)
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
    except KeyboardInterrupt:
        _say(args.command, settings, "stopped while starting; nothing was changed")
        return EXIT_INTERRUPTED
    except Exception as error:  # every start that cannot go on: one line
        _say(args.command, settings, start_failure(error, settings))
        return EXIT_INTERRUPTED if "stopped while starting" in str(error) else EXIT_REFUSED
    return 0


def _say(command: str | None, settings: Settings, line: str) -> None:
    """The one line on stderr; a JSON object when the bot logs JSON (every line is)."""
    from bot.logs import scrub

    running = command in (None, "run")
    line = scrub(f"{'not started' if running else f'{command} refused'}: {line}")
    if running and settings.log_format == "json":
        line = json.dumps({"level": "CRITICAL", "logger": "bot", "message": line},
                          ensure_ascii=False)  # fmt: skip
    print(line, file=sys.stderr)


def start_failure(error: BaseException, settings: Settings) -> str:
    """One line on why a start (or an operator command) cannot go on, and what to do.
    Never the token: PTB's own InvalidToken message carries it."""
    from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

    from bot.receiving.errors import describe

    host = urlsplit(settings.bot_api_base_url).netloc or settings.bot_api_base_url
    from bot.storage.sealing import KeyFileError

    if isinstance(error, CannotStart | KeyFileError):  # their message is the one line
        return str(error)
    if isinstance(error, InvalidToken):
        return ("Telegram refused BOT_TOKEN (401 Unauthorized); copy the token again from "
                "@BotFather (/mybots → API Token) into .env")  # fmt: skip
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return (f"cannot reach the Bot API at {host} ({type(error).__name__}); check the "
                "network, a proxy, or BOT_API_BASE_URL")  # fmt: skip
    if isinstance(error, TelegramError):
        return f"the Bot API at {host} refused to start the bot ({type(error).__name__})"
    if isinstance(error, sqlite3.Error | OSError):
        return (f"cannot use the database {settings.database_path} ({describe(error)}); "
                "check the disk, its permissions, or restore a backup")  # fmt: skip
    return f"{type(error).__name__} while starting; run with LOG_LEVEL=DEBUG to see more"


if __name__ == "__main__":
    raise SystemExit(main())
