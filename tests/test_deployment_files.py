"""The Dockerfile, docker-compose.yml and the systemd unit, read and checked.

`docker build` cannot run here (no daemon, no registry), so these files are parsed and
held to what the README promises: slim, non-root, data on a volume, a health check,
hardening, and only settings the bot knows."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]
KNOWN = {name.upper() for name in Settings.model_fields}


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuations joined and comments dropped."""
    text = (ROOT / "Dockerfile").read_text()
    lines, current = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        current += line[:-1] + " " if line.endswith("\\") else line
        if not line.endswith("\\"):
            lines.append(current)
            current = ""
    assert not current, "a continued line never ends"
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_dockerfile_is_slim_non_root_with_data_on_a_volume_and_a_healthcheck() -> None:
    instructions = dockerfile()
    kinds = [kind for kind, _ in instructions]
    assert instructions[0][0] == "FROM"
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", instructions[0][1])
    user = [args for kind, args in instructions if kind == "USER"]
    assert user and user[-1] not in {"root", "0"}
    assert kinds.index("USER") > max(i for i, k in enumerate(kinds) if k == "RUN")
    volumes = " ".join(args for kind, args in instructions if kind == "VOLUME")
    assert "/data" in volumes
    env = " ".join(args for kind, args in instructions if kind == "ENV")
    assert "DATABASE_PATH=/data/" in env and "BACKUP_DIR=/data/" in env
    for name in re.findall(r"\b([A-Z_]+)=", env):
        assert name in KNOWN or name.startswith(("PYTHON", "PIP_")), name
    [health] = [args for kind, args in instructions if kind == "HEALTHCHECK"]
    assert "/healthz" in health and "CMD" in health
    assert "HTTP_LISTEN=0.0.0.0:9090" in env and "9090/healthz" in health
    [command] = [args for kind, args in instructions if kind == "CMD"]
    assert command == '["python", "-m", "bot"]'
    copied = [shlex.split(args)[:-1] for kind, args in instructions if kind == "COPY"]
    for sources in copied:
        for source in sources:
            assert (ROOT / source).exists(), source
    ignored = (ROOT / ".dockerignore").read_text().split()
    for needed in ("bot", "migrations", "pyproject.toml"):
        assert needed not in ignored
    assert ".env" in ignored and "data" in ignored  # no secrets or data in the image


def test_compose_keeps_data_on_a_volume_and_ports_on_this_machine() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    bot = compose["services"]["bot"]
    assert bot["build"] == "."
    assert bot["env_file"] == ".env"
    assert bot["restart"] == "unless-stopped"
    assert any(volume.endswith(":/data") for volume in bot["volumes"])
    assert set(compose["volumes"]) == {volume.split(":")[0] for volume in bot["volumes"]}
    for mapping in bot["ports"]:
        assert mapping.startswith("127.0.0.1:"), mapping
    assert set(bot["environment"]) <= KNOWN
    assert bot["environment"]["DATABASE_PATH"].startswith("/data/")
    assert "no-new-privileges:true" in bot["security_opt"]


def test_systemd_unit_runs_the_bot_unprivileged_and_hardened() -> None:
    path = ROOT / "deploy" / "milestone-bot.service"
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string(path.read_text())
    assert {"Unit", "Service", "Install"} <= set(unit.sections())
    service = unit["Service"]
    assert service["ExecStart"].endswith("-m bot")
    assert service["User"] not in {"root", "0"}
    assert service["ProtectSystem"] == "strict"
    assert service["NoNewPrivileges"] == "true"
    assert service["PrivateTmp"] == "true"
    assert service["KillSignal"] == "SIGTERM"
    assert service["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    environment = dict(
        line.removeprefix("Environment=").split("=", 1)
        for line in path.read_text().splitlines()
        if line.startswith("Environment=")
    )
    assert set(environment) <= KNOWN
    database_dir = str(Path(environment["DATABASE_PATH"]).parent)
    assert database_dir in service["ReadWritePaths"].split()
    assert environment["BACKUP_DIR"].startswith(database_dir)
    assert service["StateDirectory"] == Path(database_dir).name
    assert service["UMask"] == "0077"  # the database and backups are health data


def test_env_example_names_only_settings_the_bot_knows() -> None:
    names = re.findall(r"^#?\s*([A-Z][A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M)
    assert names and set(names) <= KNOWN
    assert set(names) >= KNOWN  # and documents all of them
