"""The chronology's plan: deployments, joint patrols and the article's dated events over time.

``chronology(layers, events)`` gives one row per dated thing, in three kinds (one line of
the chart each), coloured as on the map. Two renderers draw the same rows: the page's chart
(``layers.analyst.chronology_chart``, Vega-Lite) and the handout's page
(``layers.print.chronology_page``, matplotlib).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from layers.core.records import Event, Layer, PartialDate
from layers.core.specs import PALETTE

KINDS = {  # layer key → the chart's row (column in the sidebar), in order
    "deployments": "Deployments",
    "joint_patrols": "Joint patrols",
}
EVENTS = "Article events"
EVENT_COLOR = PALETTE["black"]
TITLE = "Chronology: deployments, joint patrols and the article's events"
AXIS_FROM = dt.date(2015, 1, 1)  # the post-2016 build-up; anything earlier is named below


@dataclass(frozen=True)
class ChronoRow:
    kind: str  # the chart's row
    layer: str  # the layer's key, or "events"
    id: str
    name: str
    date: PartialDate
    ended: PartialDate | None
    color: str  # the feature's colour on the map
    variant: str = ""  # its style variant on the map ("air", "naval"), if any

    @property
    def legend(self) -> str:
        return f"{self.kind}: {self.variant}" if self.variant else self.kind


def when(date: PartialDate) -> dt.date:
    """Where a partial date sits on the time axis: its first day."""
    return dt.date(date.year, date.month or 1, date.day or 1)


def chronology(layers: Iterable[Layer], events: Iterable[Event]) -> list[ChronoRow]:
    """Every dated deployment and joint patrol, and the article's events, by date."""
    rows = [
        ChronoRow(
            KINDS[layer.key],
            layer.key,
            f.id,
            f.names.display("en"),
            f.date,
            f.ended,
            layer.spec.style_for(f.style_key).color,
            f.style_key if f.style_key in layer.spec.variants else "",
        )
        for layer in layers
        if layer.key in KINDS
        for f in layer.features
        if f.date is not None
    ]
    rows += [ChronoRow(EVENTS, "events", e.id, e.title, e.date, None, EVENT_COLOR) for e in events]
    return sorted(rows, key=lambda r: (when(r.date), r.kind, r.id))


def earlier_note(rows: Sequence[ChronoRow]) -> str:
    """What the time axis leaves out on the left (it starts at ``AXIS_FROM``)."""
    early = [f"{r.date}: {r.name}" for r in rows if when(r.date) < AXIS_FROM]
    return f"Before {AXIS_FROM.year}: " + "; ".join(early) if early else ""


def max_year(rows: Sequence[ChronoRow], year: int) -> int:
    return max([year, *(r.date.year for r in rows)])
