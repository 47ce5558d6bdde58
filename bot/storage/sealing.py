"""What a person wrote is stored sealed with their own data key (AES-256-GCM).

- Each person has a random 256-bit data key, kept in `person_keys` wrapped (AES-GCM) by the
  master key at KEY_PATH. Rotating the master key re-wraps the data keys; no row changes.
- A sealed value is `0x01 ‖ 12-byte nonce ‖ ciphertext+tag`, bound to its owner (the user
  id is the associated data), so a value moved to another person does not open.
- Destroying a data key (/deleteme) makes everything sealed with it unreadable wherever a
  copy lies: the WAL, a backup, a replica (crypto-shredding).
- What the bot must query or index stays plain: ids, dates, numbers, kinds, the alias a
  group sees. Free text lives in `<column>_sealed` BLOB columns; the plain column is ''
  (or NULL). A row not sealed yet (an upgrade under way) is read from the plain column.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot.storage.database import Connection

VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32
_CACHE_SIZE = 50_000
# A data key for updates that carry no sender (nobody's text; kept apart all the same).
NOBODY = 0


class KeyFileError(RuntimeError):
    """The master key file is missing where it must exist, unreadable, or malformed."""


@dataclass(frozen=True)
class MasterKey:
    """The key that wraps every data key; `key_id` names it (a hash, not the key)."""

    key_id: str
    secret: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> MasterKey:
        return cls(hashlib.sha256(b"milestone-master:" + secret).hexdigest()[:16], secret)

    def wrap(self, user_id: int, data_key: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return VERSION + nonce + AESGCM(self.secret).encrypt(nonce, data_key, _owner(user_id))

    def unwrap(self, user_id: int, wrapped: bytes) -> bytes:
        nonce, body = wrapped[1 : 1 + NONCE_BYTES], wrapped[1 + NONCE_BYTES :]
        return AESGCM(self.secret).decrypt(nonce, body, _owner(user_id))


def _owner(user_id: int) -> bytes:
    return str(user_id).encode()


def next_key_path(path: Path) -> Path:
    """Where `rotate-key` writes the new master key before it takes over."""
    return path.with_name(path.name + ".next")


def read_key_file(path: Path) -> MasterKey:
    """A master key file: one line of base64 (32 bytes)."""
    try:
        secret = base64.b64decode(path.read_text().strip(), validate=True)
    except (OSError, ValueError) as error:
        raise KeyFileError(f"cannot read the master key at {path} ({error})") from error
    if len(secret) != KEY_BYTES:
        raise KeyFileError(f"the master key at {path} is not {KEY_BYTES} bytes")
    return MasterKey.from_secret(secret)


def write_key_file(path: Path, key: MasterKey) -> None:
    """Write a master key file 0600 in a 0700 folder, atomically, never over another."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(base64.b64encode(key.secret).decode() + "\n")
        file.flush()
        os.fsync(file.fileno())
    os.link(partial, path)  # fails if a key is already there: never overwritten
    partial.unlink()


def load_or_create(path: Path) -> MasterKey:
    """The master key at `path`, made on first start (0600 in a 0700 folder)."""
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            write_key_file(path, MasterKey.from_secret(secrets.token_bytes(KEY_BYTES)))
    return read_key_file(path)


STORE_SCHEMA = """
CREATE TABLE IF NOT EXISTS person_keys (
    user_id INTEGER PRIMARY KEY,
    wrapped BLOB    NOT NULL,       -- the data key, wrapped by the master key
    key_id  TEXT    NOT NULL        -- which master key wrapped it
);
"""


def store_path(key_path: Path) -> Path:
    """The key store: the wrapped data keys, beside the master key (never in a backup)."""
    return key_path.with_name("data-keys.sqlite3")


def open_store(path: Path) -> sqlite3.Connection:
    """The key store (made 0600 in the 0700 key folder). Every new key is durable before any
    row is sealed with it (synchronous=FULL); a destroyed key is overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)
    # Opened in a worker thread at start, used on the event loop's thread after.
    store = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        store.execute("PRAGMA journal_mode=WAL")
        store.execute("PRAGMA synchronous=FULL")
        store.execute("PRAGMA secure_delete=ON")
        store.execute(STORE_SCHEMA)
    except BaseException:
        store.close()
        raise
    return store


class Keyring:
    """Data keys, unwrapped on first use and kept in memory (a bounded cache)."""

    def __init__(self, master: MasterKey, store: sqlite3.Connection) -> None:
        self.master = master
        self._store = store
        self._keys: OrderedDict[int, AESGCM] = OrderedDict()

    def _key(self, user_id: int, create: bool) -> AESGCM | None:
        """One person's data key (made when `create`); None when there is none."""
        if create:
            self.prepare({user_id})
        elif user_id not in self._keys:
            self._load([user_id])
        key = self._keys.get(user_id)
        if key is not None:
            self._keys.move_to_end(user_id)
        return key  # None: never had one, or it was destroyed: nothing opens

    def prepare(self, user_ids: set[int]) -> None:
        """Load (or make) the data keys of many people at once: one read, and new keys in one
        transaction (one disk sync for a batch of newcomers, not one each). A new key is
        committed before anything is sealed with it."""
        wanted = [user_id for user_id in user_ids if user_id not in self._keys]
        missing = [user_id for user_id in wanted if user_id not in self._load(wanted)]
        if not missing:
            return
        made = [(user_id, self.master.wrap(user_id, secrets.token_bytes(KEY_BYTES)),
                 self.master.key_id) for user_id in missing]  # fmt: skip
        self._write("INSERT OR IGNORE INTO person_keys (user_id, wrapped, key_id)"
                    " VALUES (?, ?, ?)", made)  # fmt: skip
        self._load(missing)

    def _load(self, user_ids: list[int]) -> set[int]:
        """Unwrap and cache the data keys these people have; returns whose were found."""
        if not user_ids:
            return set()
        marks = ",".join("?" * len(user_ids))
        rows = self._store.execute(
            f"SELECT user_id, wrapped FROM person_keys WHERE user_id IN ({marks})", user_ids
        ).fetchall()
        for user_id, wrapped in rows:
            self._keys[int(user_id)] = AESGCM(self.master.unwrap(int(user_id), bytes(wrapped)))
        while len(self._keys) > _CACHE_SIZE:
            self._keys.popitem(last=False)
        return {int(row[0]) for row in rows}

    def _write(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Many rows into the key store in one transaction."""
        self._store.execute("BEGIN IMMEDIATE")
        try:
            self._store.executemany(sql, rows)
            self._store.execute("COMMIT")
        except BaseException:
            self._store.execute("ROLLBACK")
            raise

    async def seal(self, connection: Connection, user_id: int, text: str | None) -> bytes | None:
        """`text` sealed with its owner's data key (made on first use); None stays None."""
        if text is None:
            return None
        key = self._key(user_id, create=True)
        assert key is not None
        nonce = secrets.token_bytes(NONCE_BYTES)
        return VERSION + nonce + key.encrypt(nonce, text.encode(), _owner(user_id))

    async def open(
        self, connection: Connection, user_id: int, sealed: Any, plain: str | None = None
    ) -> str | None:
        """The text of a sealed value (None when its key was destroyed); a row not sealed
        yet gives its plain column."""
        if sealed is None:
            return plain
        key = self._key(user_id, create=False)
        if key is None:
            return None
        blob = bytes(sealed)
        try:
            clear = key.decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :],
                                _owner(user_id))  # fmt: skip
        except InvalidTag:
            return None
        return clear.decode()

    def forget(self, user_id: int) -> None:
        """Drop a cached data key."""
        self._keys.pop(user_id, None)

    def shred(self, user_id: int) -> bool:
        """Destroy the person's data key: whatever was sealed with it, wherever a copy lies
        (the WAL, a backup, a replica), can no longer be read. True when there was one."""
        self.forget(user_id)
        cursor = self._store.execute("DELETE FROM person_keys WHERE user_id = ?", (user_id,))
        self._store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return cursor.rowcount > 0

    def rewrap(self, new: MasterKey) -> int:
        """Re-wrap every data key with `new`, in one transaction; no row that holds text is
        touched. Returns how many keys."""
        rows = self._store.execute("SELECT user_id, wrapped FROM person_keys").fetchall()
        changed = [
            (new.wrap(int(user_id), self.master.unwrap(int(user_id), bytes(wrapped))),
             new.key_id, int(user_id))
            for user_id, wrapped in rows
        ]  # fmt: skip
        self._write("UPDATE person_keys SET wrapped = ?, key_id = ? WHERE user_id = ?", changed)
        self.master = new
        self._keys.clear()
        return len(changed)

    def close(self) -> None:
        """Close the key store."""
        self._store.close()


def keyring_of(connection: Connection) -> Keyring:
    """The keyring a database's connections carry (set when it is opened)."""
    found = getattr(connection, "keyring", None)
    if not isinstance(found, Keyring):
        raise RuntimeError("this connection has no keyring: open it with Database.open")
    return found


async def seal(connection: Connection, user_id: int, text: str | None) -> bytes | None:
    """`text` sealed with `user_id`'s data key (see `Keyring.seal`)."""
    return await keyring_of(connection).seal(connection, user_id, text)


async def opened(connection: Connection, user_id: int, row: Any, column: str) -> str | None:
    """A row's free text `column`: its sealed form opened, or the plain one (not sealed
    yet); None when the owner's key was destroyed."""
    return await keyring_of(connection).open(
        connection, user_id, row[f"{column}_sealed"], row[column]
    )
