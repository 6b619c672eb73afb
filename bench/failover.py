"""A replica lost mid-class, in Chromium: two replicas behind nginx, one killed while
browsers are on it, then started again on its port.

    python -m bench.failover [--signal KILL|TERM] [--check]

Opens pages (fresh contexts; every other one at ``?scene=sanctions``) until both replicas
hold some, kills the replica of a scene page's session (its whole process group; KILL is
a crash, TERM a stop) and measures, for each page that was on it, the time from the kill
to the first finished script run over a new websocket (Streamlit's frontend reconnects by
itself; nginx moves it to the other replica) and to the map drawn again. Before the kill,
the reader of a scene page opened at ``?scene=sanctions`` presses Next. Checks that those
pages show no error (no exception box, no dialog; Streamlit's own "connecting" status is
not an error), that a scene page shows a scene again (and says which: the one the reader
had moved on to, or the address's), that their
``atlas_replica`` cookie now names the survivor, that pages on the survivor kept their
websocket, and that new browsers reach the survivor only. Then starts the lost replica
again on its port, waits nginx's fail_timeout, and opens pages until one reaches it.

Needs nginx (``/usr/sbin/nginx``) and Chromium; writes ``artifacts/bench/failover.json``
and a screenshot of a reconnected page. ``--check`` exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bench.pageload import _milestone
from bench.support import ARTIFACTS, machine, out, table, verdict, write_json
from deploy.serve_replicas import (
    FAIL_TIMEOUT_S,
    LOG_DIR,
    DeployError,
    Deployment,
    replica,
    serve,
)
from harness import BROWSER_TIMEOUT_MS, chromium, wait_for_map, wait_until_settled

GOAL_RECONNECT_S = 10.0
SCENE = ("sanctions", "Sanctions, in both directions")  # an id of geodata/scenes.json, its title
NEXT_TITLE = "The Sakhalin projects Japan kept"  # the scene after it
MAX_PAGES = 10
ERRORS_JS = """() => [...document.querySelectorAll(
    '[data-testid="stException"], [role="dialog"], [data-testid="stAlertContentError"]'
)].map(e => e.innerText.slice(0, 200))"""


@dataclass
class Watched:
    """One browser page and the websockets it opened."""

    page: Any
    scene: bool  # opened at ?scene=
    sockets: list[dict[str, float]] = field(default_factory=list)  # opened, finished (monotonic)

    def replica(self) -> str:
        cookies = self.page.context.cookies()
        return next((c["value"] for c in cookies if c["name"] == "atlas_replica"), "")

    def finished_after(self, t0: float) -> float | None:
        done = [s["finished"] for s in self.sockets if s["opened"] > t0 and "finished" in s]
        return min(done) if done else None


def open_page(browser: Any, base_url: str, scene: bool) -> Watched:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    watched = Watched(page, scene)

    def on_socket(ws: Any) -> None:
        entry = {"opened": time.monotonic()}
        watched.sockets.append(entry)

        def received(payload: str | bytes) -> None:
            frame = payload.encode("utf-8") if isinstance(payload, str) else payload
            if "finished" not in entry and _milestone(frame) == "script_finished":
                entry["finished"] = time.monotonic()

        ws.on("framereceived", received)

    page.on("websocket", on_socket)
    page.goto(base_url + (f"/?scene={SCENE[0]}" if scene else "/"), wait_until="domcontentloaded")
    wait_for_map(page)
    wait_until_settled(page)
    return watched


def address(base_url: str) -> str:
    return urlsplit(base_url).netloc


def spread_pages(browser: Any, deployment: Deployment) -> list[Watched]:
    """Pages until every replica holds one (at most MAX_PAGES)."""
    pages: list[Watched] = []
    wanted = {address(r.base_url) for r in deployment.replicas}
    while len(pages) < MAX_PAGES and {p.replica() for p in pages} != wanted:
        pages.append(open_page(browser, deployment.base_url, scene=len(pages) % 2 == 0))
    return pages


def reconnected(page: Watched, t0: float, survivor: str) -> dict[str, Any]:
    """Wait for a page of the lost replica to run again; what it shows then."""
    deadline = t0 + 3 * GOAL_RECONNECT_S
    while page.finished_after(t0) is None and time.monotonic() < deadline:
        page.page.wait_for_timeout(100)
    finished = page.finished_after(t0)
    row: dict[str, Any] = {"scene_page": page.scene}
    row["reconnect_s"] = round(finished - t0, 2) if finished else None
    if finished:
        wait_for_map(page.page)
        row["map_drawn_s"] = round(time.monotonic() - t0, 2)
        wait_until_settled(page.page)
    row["errors_shown"] = page.page.evaluate(ERRORS_JS)
    row["on_survivor"] = page.replica() == survivor
    if page.scene:
        row["scene_shown"] = shows(page.page, SCENE[1])
        # the reader had moved on to the next scene before the loss (see move_on)
        row["moved_on_scene_shown"] = shows(page.page, NEXT_TITLE)
        row["address"] = page.page.url
    return row


def shows(page: Any, title: str) -> bool:
    heading = page.get_by_role("heading", name=title)
    return heading.count() > 0 and heading.first.is_visible()


def move_on(page: Watched) -> None:
    """A scene page's reader presses Next (the address keeps ?scene= unless the page
    updates it): after the loss, which scene comes back says what restores the view."""
    page.page.locator(".st-key-next button").click()
    page.page.get_by_role("heading", name=NEXT_TITLE).wait_for(state="visible")
    wait_until_settled(page.page)


def run(browser: Any, sig: signal.Signals) -> dict[str, Any]:
    with serve(2) as deployment:
        pages = spread_pages(browser, deployment)
        by_addr = {address(r.base_url): r for r in deployment.replicas}
        lost_addr = next((p.replica() for p in pages if p.scene), pages[0].replica())
        lost = by_addr[lost_addr]
        survivor = next(a for a in by_addr if a != lost_addr)
        on_lost = [p for p in pages if p.replica() == lost_addr]
        others = [(p, len(p.sockets)) for p in pages if p.replica() != lost_addr]
        move_on(next(p for p in on_lost if p.scene))
        t0 = time.monotonic()
        os.killpg(lost.pid, sig)
        rows = [reconnected(p, t0, survivor) for p in on_lost]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        on_lost[0].page.screenshot(path=str(ARTIFACTS / "failover-reconnected.png"))
        kept = all(len(p.sockets) == n for p, n in others)
        while_down = [open_page(browser, deployment.base_url, False).replica() for _ in range(3)]
        back = back_again(browser, deployment, lost_addr)
        moved_pinned = all(p.replica() == survivor for p in on_lost)
        for p in pages:
            p.page.context.close()
    return {
        "signal": sig.name,
        "pages": len(pages),
        "lost_replica_pages": rows,
        "survivor_pages_kept_their_websocket": kept,
        "new_pages_while_down_on": while_down,
        "survivor": survivor,
        "lost": lost_addr,
        **back,
        "moved_pages_still_pinned_to_survivor_after_return": moved_pinned,
    }


def back_again(browser: Any, deployment: Deployment, lost_addr: str) -> dict[str, Any]:
    """Start the lost replica again on its port; pages until one reaches it."""
    port = int(lost_addr.rsplit(":", 1)[1])
    with replica(LOG_DIR / "replica-back.log", port=port):
        started = time.monotonic()
        time.sleep(FAIL_TIMEOUT_S + 1)  # nginx tries a failed server again after this
        landed: list[str] = []
        while len(landed) < MAX_PAGES and lost_addr not in landed:
            page = open_page(browser, deployment.base_url, False)
            landed.append(page.replica())
            page.page.context.close()
        return {
            "after_return_new_pages_on": landed,
            "after_return_s": round(time.monotonic() - started, 1),
        }


def came_back(row: dict[str, Any]) -> str:
    if row.get("moved_on_scene_shown"):
        return "the scene the reader had moved on to"
    if row.get("scene_shown"):
        return "the address's scene (?scene=), not the one the reader had moved on to"
    return "no scene"


def goals(result: dict[str, Any]) -> dict[str, tuple[bool, str]]:
    rows = result["lost_replica_pages"]
    times = [r["reconnect_s"] for r in rows]
    worst = max((t for t in times if t is not None), default=None)
    return {
        f"every page of the lost replica runs again within {GOAL_RECONNECT_S:g} s": (
            bool(rows) and None not in times and worst is not None and worst <= GOAL_RECONNECT_S,
            f"{times} s",
        ),
        "no error shown on them": (
            all(not r["errors_shown"] for r in rows),
            str([r["errors_shown"] for r in rows]),
        ),
        "they moved to the survivor": (all(r["on_survivor"] for r in rows), ""),
        "a scene page shows a scene again (the reader's or its address's)": (
            any(r["scene_page"] for r in rows)
            and all(r.get("scene_shown") or r.get("moved_on_scene_shown", True) for r in rows),
            "; ".join(came_back(r) for r in rows if r["scene_page"]),
        ),
        "pages on the survivor kept their websocket": (
            result["survivor_pages_kept_their_websocket"],
            "",
        ),
        "new pages while it is down reach the survivor": (
            set(result["new_pages_while_down_on"]) == {result["survivor"]},
            ", ".join(result["new_pages_while_down_on"]),
        ),
        "new pages reach it again once it is back": (
            result["lost"] in result["after_return_new_pages_on"],
            f"{len(result['after_return_new_pages_on'])} page(s) opened",
        ),
        "moved pages stay on the survivor after it is back": (
            result["moved_pages_still_pinned_to_survivor_after_return"],
            "",
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signal", choices=("KILL", "TERM"), default="KILL")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    try:
        with chromium() as browser:
            result = run(browser, signal.Signals[f"SIG{args.signal}"])
    except DeployError as exc:
        sys.stderr.write(f"bench.failover failed: {exc}\n")
        return 2
    checked = goals(result)
    out(
        table(
            "Lost replica: its pages",
            ["scene page", "reconnect", "map drawn", "errors"],
            [
                [
                    r["scene_page"],
                    f"{r['reconnect_s']} s",
                    f"{r.get('map_drawn_s')} s",
                    r["errors_shown"],
                ]
                for r in result["lost_replica_pages"]
            ],
        )
    )
    out(
        table(
            "Goals",
            ["goal", "measured", "verdict"],
            [[g, m, verdict(ok)] for g, (ok, m) in checked.items()],
        )
    )
    result["goals"] = {g: {"ok": ok, "measured": m} for g, (ok, m) in checked.items()}
    write_json(ARTIFACTS / "failover.json", {"machine": machine(), **result})
    return 1 if args.check and not all(ok for ok, _ in checked.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
