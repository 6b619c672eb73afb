"""A figure's frame: scale bar, north arrow, legend, and the text around the map (title,
subtitle, the article's quotes, sources and date). Text is drawn literally
(``parse_math=False``)."""

from __future__ import annotations

import datetime as dt
import textwrap

from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.typing import LineStyleType
from pyproj import Transformer

from layers.plan.view import LegendEntry, View

CRS = "+proj=lcc +lat_1=38 +lat_2=52 +lat_0=45 +lon_0=143 +datum=WGS84 +units=m +no_defs"
HALO = [patheffects.withStroke(linewidth=3, foreground="white")]


def scale_bar(ax, size: float) -> list:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    target = (x1 - x0) / 5
    length = max(v for v in (10e3, 20e3, 50e3, 100e3, 200e3, 500e3) if v <= target or v == 10e3)
    x, y = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.04
    (bar,) = ax.plot(
        [x, x + length], [y, y], color="black", linewidth=3, solid_capstyle="butt", zorder=7
    )
    text = ax.annotate(
        f"{length / 1000:.0f} km",
        (x + length / 2, y),
        xytext=(0, 5),
        textcoords="offset points",
        ha="center",
        fontsize=size,
        path_effects=HALO,
        zorder=7,
    )
    return [bar, text]


def north_arrow(ax, size: float) -> list:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x, y = x0 + (x1 - x0) * 0.96, y0 + (y1 - y0) * 0.88
    back = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    forward = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    lon, lat = back.transform(x, y)
    nx, ny = forward.transform(lon, lat + 0.5)  # true north here, not the grid's up
    dx, dy = nx - x, ny - y
    norm = (dx**2 + dy**2) ** 0.5
    arrow = (y1 - y0) * 0.07
    north = ax.annotate(
        "N",
        xy=(x + dx / norm * arrow, y + dy / norm * arrow),
        xytext=(x, y),
        arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 2},
        ha="center",
        va="top",
        fontsize=size * 1.2,
        fontweight="bold",
        zorder=7,
    )
    return [north]


def legend_handle(entry: LegendEntry):
    style = entry.style
    dashed: LineStyleType = "--" if style.dash_array else "-"
    if entry.kind == "area":
        return Patch(facecolor=style.fill, edgecolor=style.color, label=entry.text)
    if entry.kind in {"point", "point+line"}:
        return Line2D(
            [],
            [],
            marker="o",
            linestyle=dashed if entry.kind == "point+line" else "none",
            color=style.color,
            markerfacecolor=style.fill if style.fill_opacity else "none",
            label=entry.text,
        )
    return Line2D([], [], color=style.color, linewidth=2.5, linestyle=dashed, label=entry.text)


def legend(ax, entries: tuple[LegendEntry, ...], size: float, loc: str, anchor=None):
    legend = ax.legend(
        handles=[legend_handle(e) for e in entries],
        loc=loc,
        bbox_to_anchor=anchor,
        fontsize=size,
        framealpha=0.95,
        title="Legend",
        title_fontsize=size * 1.1,
    )
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_parse_math(False)
    return legend


TITLE_WIDTH = 66  # characters of a title's line, at twice the text size


def frame_text(fig: Figure, view: View, preset: str, text: float, today: dt.date) -> None:
    panel = 0.27 if view.quotes else 0.0
    # A reader's title (≤ 120 characters) wraps onto a second line, and the caption makes
    # room: what does not fit above the map ends in "[…]" (the page and the site show it all).
    title = textwrap.wrap(view.title, TITLE_WIDTH, max_lines=2, placeholder=" […]")
    fig.text(
        0.02,
        0.955,
        "\n".join(title),
        fontsize=text * 2,
        fontweight="bold",
        va="top",
        parse_math=False,
    )
    fig.text(
        0.02,
        0.9 - 0.045 * (len(title) - 1),
        "\n".join(
            textwrap.wrap(
                view.subtitle,
                150 if preset == "slide" else 140,
                max_lines=3 if len(title) == 1 else 1,
                placeholder=" […]",
            )
        ),
        fontsize=text,
        va="top",
        color="#333",
        parse_math=False,
    )
    if view.quotes:
        body = "\n\n".join(
            textwrap.fill(f"“{q.text}”", 38) + f"\n— the article, paragraph {q.paragraph}"
            for q in view.quotes
        )
        fig.text(
            1 - panel, 0.84, "From the article", fontsize=text * 1.1, fontweight="bold", va="top"
        )
        fig.text(
            1 - panel,
            0.80,
            body,
            fontsize=text * 0.95,
            va="top",
            style="italic",
            linespacing=1.35,
            parse_math=False,
        )
    fig.text(
        0.02,
        0.03,
        "Sources: shoreline GSHHG 2.3 (LGPL); quotes verbatim from the "
        "commentary article; other facts as cited in Frontier Atlas (geodata/README.md). "
        "Positions marked approximate are estimates. Projection: Lambert conformal conic.",
        fontsize=text * 0.7,
        color="#444",
    )
    fig.text(
        0.98,
        0.03,
        " · ".join(filter(None, ["Frontier Atlas", view.data_as_of, f"made {today.isoformat()}"])),
        fontsize=text * 0.7,
        ha="right",
        color="#444",
    )
