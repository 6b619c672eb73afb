"""Guards for the security tests: no socket may connect, and file opens can be watched.

``no_network`` (autouse, per module) makes any connection attempt fail the test where it
happens, with ``pytest.fail`` (a BaseException, so no ``except Exception`` can swallow it).
``watch`` arms an audit hook that records every ``open``, socket, subprocess and URL event
while its ``with`` block runs; outside it the hook does nothing.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

WATCHED_PREFIXES = ("socket.", "subprocess.", "os.exec", "os.posix_spawn", "os.spawn")
WATCHED_EVENTS = frozenset(
    {"open", "os.system", "urllib.Request", "ctypes.dlopen", "shutil.copyfile"}
)

_recorders: list[list[tuple[str, tuple]]] = []  # the armed recorders, innermost last


def _audit(event: str, args: tuple) -> None:
    if _recorders and (event in WATCHED_EVENTS or event.startswith(WATCHED_PREFIXES)):
        _recorders[-1].append((event, args))


sys.addaudithook(_audit)  # cannot be removed; inert while no recorder is armed


@contextmanager
def _watching() -> Iterator[list[tuple[str, tuple]]]:
    events: list[tuple[str, tuple]] = []
    _recorders.append(events)
    try:
        yield events
    finally:
        _recorders.remove(events)


@pytest.fixture(scope="session")
def watch():
    """``with watch() as events: ...``: the audited events raised inside the block."""
    return _watching


@pytest.fixture(scope="module", autouse=True)
def no_network() -> Iterator[None]:
    """Any connection attempt (or name lookup) fails the test that makes it."""

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"a network connection was attempted: {args[1:] or args}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield
