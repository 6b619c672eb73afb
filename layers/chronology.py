"""The chronology: deployments, joint patrols and the article's dated events over time.

``chronology(layers, events)`` gives one row per dated thing, in three kinds (one line of
the chart each), coloured as on the map. ``altair_chart`` draws it for the page (Vega-Lite,
rendered by Streamlit's own frontend, offline) with a rule at the timeline's year;
``chronology_figure`` draws the same rows with matplotlib for the PDF handout.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import pandas as pd
from matplotlib.figure import Figure

from layers.records import Event, Layer, PartialDate
from layers.specs import PALETTE

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


def chart_frame(rows: Sequence[ChronoRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": [r.kind for r in rows],
            "id": [r.id for r in rows],
            "name": [r.name for r in rows],
            "date": [str(r.date) for r in rows],  # as precise as the source
            "start": [when(r.date).isoformat() for r in rows],
            "ended": [str(r.ended) if r.ended else "" for r in rows],
            "color": [r.color for r in rows],
            "legend": [r.legend for r in rows],
        }
    )


def altair_chart(rows: Sequence[ChronoRow], year: int) -> alt.LayerChart:
    """The chronology for the sidebar, time running down (it is narrow), a column per
    kind, and a rule at the end of ``year``: what the map shows is above it."""
    order = [*KINDS.values(), EVENTS]
    colours = {r.legend: r.color for r in rows}
    axis = alt.Scale(domain=[AXIS_FROM.isoformat(), f"{max_year(rows, year) + 1}-01-01"])
    base = alt.Chart(chart_frame(rows))
    marks = (
        base.mark_circle(size=70, opacity=0.9, clip=True)
        .encode(
            y=alt.Y("start:T", title=None, scale=axis, axis=alt.Axis(format="%Y", tickCount=8)),
            x=alt.X(
                "kind:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelAngle=-35, labelOverlap=False, labelFontSize=10),
            ),
            color=alt.Color(
                "legend:N",
                scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                legend=alt.Legend(orient="bottom", title=None, columns=1),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="What"),
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("kind:N", title="Kind"),
            ],
        )
        .transform_calculate(jitter="random()")
    )
    rule_frame = pd.DataFrame({"end": [f"{year}-12-31"], "label": [f"map: as of {year}"]})
    rule = alt.Chart(rule_frame).mark_rule(color="#444", strokeDash=[4, 3]).encode(y="end:T")
    text = (
        alt.Chart(rule_frame)
        .mark_text(align="left", dy=-5, color="#444", fontSize=10)
        .encode(y="end:T", x=alt.value(0), text="label:N")
    )
    note = [earlier_note(rows)] if earlier_note(rows) else []
    title = alt.TitleParams("", subtitle=note, anchor="start")
    return (marks + rule + text).properties(height=380, title=title)


@lru_cache(maxsize=64)
def chart_spec(rows: tuple[ChronoRow, ...], year: int) -> dict:
    """The chart as a Vega-Lite spec, made once per data version and year: building it
    takes ~0.4 s, too long for a control that should answer in milliseconds."""
    return altair_chart(rows, year).to_dict()


def max_year(rows: Sequence[ChronoRow], year: int) -> int:
    return max([year, *(r.date.year for r in rows)])


def chronology_figure(
    rows: Sequence[ChronoRow], year: int | None = None, data_as_of: str = ""
) -> Figure:
    """The same rows as an A4 landscape page (matplotlib), for the PDF handout."""
    fig = Figure(figsize=(11.69, 8.27), dpi=150, facecolor="white")
    ax = fig.add_axes((0.2, 0.3, 0.76, 0.55))
    order = [*KINDS.values(), EVENTS]
    for row in rows:
        y = len(order) - 1 - order.index(row.kind)
        start = when(row.date)
        if row.ended is not None:
            ax.plot([start, when(row.ended)], [y, y], color=row.color, linewidth=2, alpha=0.6)
        ax.scatter(
            [start], [y], s=60, color=row.color, edgecolor="white", zorder=3, label=row.legend
        )
    if year is not None:
        ax.axvline(dt.date(year, 1, 1), color="#444", linestyle="--", linewidth=1)
    ax.set_xlim(AXIS_FROM, dt.date(max_year(rows, year or AXIS_FROM.year) + 1, 1, 1))
    fig.text(0.2, 0.87, earlier_note(rows), fontsize=8, color="#333", parse_math=False)
    ax.set_yticks(range(len(order)), list(reversed(order)))
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.grid(axis="x", color="#ddd")
    handles = {h.get_label(): h for h in ax.collections}  # one per colour, as on the map
    ax.legend(handles=list(handles.values()), loc="upper left", fontsize=8, framealpha=0.9)
    fig.text(0.02, 0.94, TITLE, fontsize=16, fontweight="bold", parse_math=False)
    listing = "; ".join(f"{r.date} {r.name}" for r in rows)
    fig.text(
        0.02,
        0.24,
        textwrap.fill(listing, 190),
        fontsize=6.5,
        va="top",
        color="#333",
        parse_math=False,
    )
    fig.text(
        0.02,
        0.03,
        "Dates as reported (as precise as the source). Colours as on the map. "
        f"Sources: each feature's popup in Frontier Atlas. {data_as_of}".strip(),
        fontsize=7,
        color="#444",
    )
    return fig
