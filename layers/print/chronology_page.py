"""The chronology as an A4 landscape page of the PDF handout (matplotlib): the rows of
``layers.plan.chronology``, drawn as the page's chart draws them."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

from matplotlib.figure import Figure

from layers.plan.chronology import (
    AXIS_FROM,
    EVENTS,
    KINDS,
    TITLE,
    ChronoRow,
    earlier_note,
    max_year,
    when,
)


def listing(rows: Sequence[ChronoRow]) -> str:
    """Every row as "date name", in order: the chart as text."""
    return "; ".join(f"{r.date} {r.name}" for r in rows)


def footnote(data_as_of: str = "") -> str:
    """What the chart's dates and colours are, and where their sources are."""
    return (
        "Dates as reported (as precise as the source). Colours as on the map. "
        f"Sources: each feature's popup in Frontier Atlas. {data_as_of}".strip()
    )


def chronology_figure(
    rows: Sequence[ChronoRow], year: int | None = None, data_as_of: str = "", framed: bool = True
) -> Figure:
    """The same rows as an A4 landscape page (matplotlib). ``framed=False`` leaves out the
    title, the note on earlier rows, the listing of the rows and the
    footnote, for a document that sets them as text
    (``listing``)."""
    fig = Figure(figsize=(11.69, 8.27), dpi=150, facecolor="white")
    ax = fig.add_axes((0.2, 0.3, 0.76, 0.55))
    order = [*KINDS.values(), EVENTS]
    # The x axis is in dates, which matplotlib's date converter (matplotlib.dates) takes;
    # its stubs type x as floats only, hence the ``type: ignore[arg-type]`` below.
    for row in rows:
        y = len(order) - 1 - order.index(row.kind)
        start = when(row.date)
        if row.ended is not None:
            ends = [start, when(row.ended)]
            ax.plot(ends, [y, y], color=row.color, linewidth=2, alpha=0.6)  # type: ignore[arg-type]
        ax.scatter(
            [start],  # type: ignore[arg-type]
            [y],
            s=60,
            color=row.color,
            edgecolor="white",
            zorder=3,
            label=row.legend,
        )
    if year is not None:
        ax.axvline(dt.date(year, 1, 1), color="#444", linestyle="--", linewidth=1)  # type: ignore[arg-type]
    axis_to = dt.date(max_year(rows, year or AXIS_FROM.year) + 1, 1, 1)
    ax.set_xlim(AXIS_FROM, axis_to)  # type: ignore[arg-type]
    if framed:
        fig.text(0.2, 0.87, earlier_note(rows), fontsize=8, color="#333", parse_math=False)
    ax.set_yticks(range(len(order)), list(reversed(order)))
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.grid(axis="x", color="#ddd")
    handles = {h.get_label(): h for h in ax.collections}  # one per colour, as on the map
    ax.legend(handles=list(handles.values()), loc="upper left", fontsize=8, framealpha=0.9)
    if framed:
        fig.text(0.02, 0.94, TITLE, fontsize=16, fontweight="bold", parse_math=False)
        fig.text(
            0.02,
            0.24,
            textwrap.fill(listing(rows), 190),
            fontsize=6.5,
            va="top",
            color="#333",
            parse_math=False,
        )
    if framed:
        fig.text(0.02, 0.03, footnote(data_as_of), fontsize=7, color="#444")
    return fig
