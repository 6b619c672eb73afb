"""Server-sent events for followers: one watcher per class code and process, not per phone.

A watcher asks the store every ``WATCH_S`` whether the session changed (``Store.version``:
a dict look-up, or one ``stat`` of the session's file, shared by every replica), encodes the
new state once, and wakes every follower's stream; so the work per presenter change is one
read and one encoding, whatever the number of followers (each stream then writes the same
bytes). A stream starts with the current state (a phone that slept catches up) and sends a
comment every ``KEEPALIVE_S`` so proxies keep it open.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from live.store import Store

WATCH_S = 0.1
KEEPALIVE_S = 15.0
RETRY_MS = 1000  # EventSource reconnects after this
EXPIRY_CHECK = 300  # watches (30 s) between asking whether the session has idled out


def sse_event(public: dict[str, Any] | None) -> bytes:
    """One event: the session's state (``id``: its sequence number), or ``ended``."""
    if public is None:
        return b"event: ended\ndata: {}\n\n"
    data = json.dumps(public, separators=(",", ":"), ensure_ascii=False)
    return f"id: {public['seq']}\nevent: state\ndata: {data}\n\n".encode()


@dataclass
class Channel:
    """One class code's latest event, and the signal that a newer one is there."""

    latest: bytes = b""
    ended: bool = False
    followers: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None


class Hub:
    """This process's channels, one per class code being followed."""

    def __init__(self, store: Store, watch_s: float = WATCH_S) -> None:
        self.store = store
        self.watch_s = watch_s
        self.channels: dict[str, Channel] = {}

    def _refresh(self, code: str, channel: Channel) -> None:
        public = self.store.public(code)
        channel.latest = sse_event(public)
        channel.ended = public is None
        signal, channel.changed = channel.changed, asyncio.Event()
        signal.set()

    async def _watch(self, code: str, channel: Channel) -> None:
        seen, ticks = self.store.version(code), 0
        while channel.followers > 0 and not channel.ended:
            await asyncio.sleep(self.watch_s)
            now, ticks = self.store.version(code), ticks + 1
            # a session also ends by idling, which changes no file: asked now and then
            if now != seen or (ticks % EXPIRY_CHECK == 0 and self.store.public(code) is None):
                seen = now
                self._refresh(code, channel)
        self.channels.pop(code, None)

    def _join(self, code: str) -> Channel:
        channel = self.channels.get(code)
        if channel is None or channel.task is None or channel.task.done():
            channel = Channel()
            self._refresh(code, channel)
            self.channels[code] = channel
            channel.task = asyncio.get_running_loop().create_task(self._watch(code, channel))
        channel.followers += 1
        return channel

    async def stream(self, code: str) -> AsyncIterator[bytes]:
        """A follower's event stream: the state now, then each change, until it ends."""
        channel = self._join(code)
        sent = b""
        try:
            yield f"retry: {RETRY_MS}\n".encode()
            while True:
                signal = channel.changed  # before reading latest: no change slips between
                if channel.latest is not sent:
                    sent = channel.latest
                    yield sent
                    if channel.ended:
                        return
                    continue
                try:
                    await asyncio.wait_for(signal.wait(), KEEPALIVE_S)
                except TimeoutError:
                    yield b": keep-alive\n\n"
        finally:
            channel.followers -= 1
