"""Class sessions: a short code, the presenter's secret, the last state kept.

A presenter starts a session (``create``: a class code to read aloud and a secret only the
presenter's page holds), publishes each scene and the full-screen card (``publish``, secret
required), and ends it (``end``). Followers read ``public(code)``: the last state, so a
phone that slept shows the current scene, not a stream it missed. A session idle for
``IDLE_S`` is over.

Two stores, one behaviour: ``DirStore`` keeps one small JSON file per session in a folder
(written whole to a temporary file, then ``os.replace``: a reader never sees half a file),
so every replica given the same folder (``FRONTIER_ATLAS_LIVE_DIR``, set by
``deploy/serve_replicas.py``) answers every follower; ``MemoryStore`` is for one process.
Only a digest of the secret is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, no 1/I: read aloud, typed
CODE_LENGTH = 6
CODE = re.compile(r"[A-HJ-NP-Z2-9]{4,8}")
IDLE_S = 3 * 3600.0  # a session nobody published to for this long is over
LIVE_DIR_ENV = "FRONTIER_ATLAS_LIVE_DIR"


class Refused(Exception):
    """The secret does not match: only the presenter's page may publish."""


class Unknown(Exception):
    """No such session, or it has ended."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def valid_code(text: str) -> str | None:
    """``text`` as a class code (capitals; a code typed in lower case is the same code)."""
    code = text.strip().upper()
    return code if CODE.fullmatch(code) else None


class Store:
    """What both stores do; a subclass keeps the records (``_load``, ``_save``)."""

    def __init__(self, idle_s: float = IDLE_S) -> None:
        self.idle_s = idle_s
        self._lock = threading.Lock()

    def _load(self, code: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def _save(self, code: str, record: dict[str, Any]) -> None:
        raise NotImplementedError

    def version(self, code: str) -> object:
        """Something that changes whenever the session's record does (cheap to ask)."""
        record = self._load(code)
        return record and record["seq"]

    def create(self) -> tuple[str, str]:
        """A new session: (class code, presenter's secret)."""
        secret = secrets.token_urlsafe(24)
        with self._lock:
            while True:
                code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
                if self._load(code) is None:
                    break
            now = time.time()
            record = {"code": code, "secret": digest(secret), "seq": 0, "created": now}
            self._save(code, record | {"updated": now, "ended": False, "scene": None})
        return code, secret

    def check(self, code: str, secret: str) -> None:
        """``Refused`` unless ``secret`` is the session's; ``Unknown`` if it is over."""
        self._checked(code, secret)

    def _checked(self, code: str, secret: str) -> dict[str, Any]:
        record = self._load(code)
        if record is None or self._over(record):
            raise Unknown(code)
        if not hmac.compare_digest(digest(secret), record["secret"]):
            raise Refused(code)
        return record

    def publish(
        self, code: str, secret: str, scene: dict[str, Any] | None = None, card: bool | None = None
    ) -> int:
        """Keep ``scene`` (when given) and the card's state (when given); the new sequence
        number. ``Refused`` for a wrong secret, ``Unknown`` for an ended session."""
        with self._lock:
            record = self._checked(code, secret)
            if scene is not None:
                record["scene"] = scene
            if card is not None:
                record["card"] = card
            record["seq"] += 1
            record["updated"] = time.time()
            self._save(code, record)
            return int(record["seq"])

    def end(self, code: str, secret: str) -> None:
        with self._lock:
            record = self._checked(code, secret)
            record.update(ended=True, scene=None, seq=record["seq"] + 1, updated=time.time())
            self._save(code, record)

    def _over(self, record: dict[str, Any]) -> bool:
        return bool(record["ended"]) or time.time() - record["updated"] > self.idle_s

    def public(self, code: str) -> dict[str, Any] | None:
        """What followers see (no secret): the last state; None when the session is unknown,
        ended or idle too long."""
        record = self._load(code)
        if record is None or self._over(record):
            return None
        return {
            "code": code,
            "seq": record["seq"],
            "scene": record["scene"],
            "card": bool(record.get("card", False)),
        }


class MemoryStore(Store):
    """The sessions of one process."""

    def __init__(self, idle_s: float = IDLE_S) -> None:
        super().__init__(idle_s)
        self._records: dict[str, dict[str, Any]] = {}

    def _load(self, code: str) -> dict[str, Any] | None:
        record = self._records.get(code)
        return json.loads(json.dumps(record)) if record is not None else None

    def _save(self, code: str, record: dict[str, Any]) -> None:
        self._records[code] = record

    def version(self, code: str) -> object:
        record = self._records.get(code)
        return record and record["seq"]


class DirStore(Store):
    """The sessions as ``CODE.json`` files in ``folder``, shared by every process given it."""

    def __init__(self, folder: Path, idle_s: float = IDLE_S) -> None:
        super().__init__(idle_s)
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _path(self, code: str) -> Path:
        if not CODE.fullmatch(code):  # a code names a file: nothing else may
            raise Unknown(code)
        return self.folder / f"{code}.json"

    def _load(self, code: str) -> dict[str, Any] | None:
        try:
            record: dict[str, Any] = json.loads(self._path(code).read_bytes())
        except (FileNotFoundError, Unknown, ValueError):
            return None
        return record

    def _save(self, code: str, record: dict[str, Any]) -> None:
        data = json.dumps(record, separators=(",", ":")).encode("utf-8")
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self._path(code))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def version(self, code: str) -> object:
        try:
            stat = self._path(code).stat()
        except (OSError, Unknown):
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def store_from_env() -> Store:
    """A ``DirStore`` in ``FRONTIER_ATLAS_LIVE_DIR`` when it is set, else a ``MemoryStore``."""
    folder = os.environ.get(LIVE_DIR_ENV)
    return DirStore(Path(folder)) if folder else MemoryStore()


_STORE: list[Store] = []
_STORE_LOCK = threading.Lock()


def the_store() -> Store:
    """This process's store, made once (the page and the routes share it)."""
    with _STORE_LOCK:
        if not _STORE:
            _STORE.append(store_from_env())
        return _STORE[0]
