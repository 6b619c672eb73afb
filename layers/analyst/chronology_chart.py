"""The chronology as a chart for the page: Vega-Lite (altair), rendered by Streamlit's own
frontend, offline, with a rule at the timeline's year. The rows are ``layers.plan.chronology``'s."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import altair as alt
import pandas as pd

from layers.plan.chronology import AXIS_FROM, EVENTS, KINDS, ChronoRow, earlier_note, max_year, when


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
