"""Which shared files a page of the tour on a stick loads ahead of the scenes after it, so
that walking the tour from the first page each next scene costs ≤ ``NEXT_BUDGET`` bytes (its
page and the files no earlier page loaded), the first page paying for the rest.

A scene whose own page and new layer files are too big (the militarisation scene brings the
rings, the deployments and the settlements) hands the biggest of them to the scenes before
it: working back from the last scene, each page keeps the files it can afford, largest
first, and what no scene after the first can take, the first page loads. A page loads a
later scene's file with a deferred classic ``<script src>`` (it works from ``file://``; the
file only sets ``window.atlas.data[key]``, and it never holds up drawing the page's map).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

NEXT_BUDGET = 100_000  # bytes: a next scene's page and the files no earlier page loaded
LINK_ROOM = 200  # bytes a link may add to a page (its tag and its ``?v=`` version)
LINKED = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"?]+)"')


def linked(html: str) -> list[str]:
    """The files a page loads with ``<script src>`` and ``<link href>``, in order."""
    return LINKED.findall(html)


def ahead(pages: Sequence[str], sizes: Mapping[str, int]) -> list[list[str]]:
    """For each scene page (HTML, in tour order), the files it should load for later scenes.

    ``sizes``: the bytes of each file a page may link (by the name the page links)."""
    loads = [[n for n in linked(html) if n in sizes] for html in pages]
    first_seen: dict[str, int] = {}
    for number, names in enumerate(loads):
        for name in names:
            first_seen.setdefault(name, number)
    plan: list[list[str]] = [[] for _ in pages]
    carried: list[str] = []
    for number in range(len(pages) - 1, 0, -1):
        own = [name for name, seen in first_seen.items() if seen == number]
        room = NEXT_BUDGET - len(pages[number].encode("utf-8")) - LINK_ROOM * len(loads[number])
        kept = []
        for name in sorted(own + carried, key=lambda n: (-sizes[n], n)):
            if sizes[name] + LINK_ROOM <= room:
                room -= sizes[name] + LINK_ROOM
                kept.append(name)
        carried = [name for name in own + carried if name not in kept]
        plan[number] = sorted(name for name in kept if name not in own)
    plan[0] = sorted(carried)
    return plan


def with_preloads(html: str, names: Sequence[str]) -> str:
    """``html`` loading ``names`` too (deferred, at the end of its head)."""
    if not names:
        return html
    if html.count("</head>") != 1:
        raise ValueError("a site page must have one </head> to load later scenes' files")
    tags = "".join(f'<script defer src="{name}"></script>' for name in names)
    return html.replace("</head>", f"{tags}</head>")
