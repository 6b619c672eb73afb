"""Static figures of a ``View``, drawn with geopandas and matplotlib (no browser needed).

The view plan (``layers.plan.view``) decides what is drawn, in which style, where labels go,
which legend entries and distances there are; this only draws it, in a Lambert
conformal conic projection, framed like a report figure: title and subtitle, legend,
scale bar, north arrow, source line and the date it was made. Text is drawn literally:
``parse_math=False`` everywhere, so a ``$`` in a name stays a ``$``.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
from matplotlib import font_manager, patheffects
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.typing import LineStyleType
from pyproj import Transformer
from shapely.geometry import LineString, box

from layers.core import fonts
from layers.core.specs import PALETTE, Style
from layers.plan.view import DISTANCE_STYLE, LegendEntry, View

CRS = "+proj=lcc +lat_1=38 +lat_2=52 +lat_0=45 +lon_0=143 +datum=WGS84 +units=m +no_defs"
# The font the app carries (Japanese, Latin, Cyrillic; Regular and Bold), then matplotlib's
# own DejaVu Sans for any character it lacks: no installed font is needed or used.
FONTS = [fonts.FAMILY, fonts.FALLBACK_FAMILY]
HALO = [patheffects.withStroke(linewidth=3, foreground="white")]
fonts.register_with_matplotlib()
matplotlib.rcParams["font.family"] = FONTS  # once, at import: figures may render in threads
TO_MAP = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
Z_ORDER = {"area": 2, "line": 3, "point": 4}


@dataclass(frozen=True)
class Preset:
    name: str
    width_in: float
    height_in: float
    dpi: int

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width_in * self.dpi), round(self.height_in * self.dpi)


PRESETS = {
    "slide": Preset("slide", 19.2, 10.8, 100),  # 1920 x 1080, 16:9
    # A4 landscape, 297 x 210 mm at 300 dpi, rounds to 3508 x 2480 px
    "a4": Preset("a4", 3508 / 300, 2480 / 300, 300),
}


def missing_fonts() -> list[str]:
    """Fonts of ``FONTS`` matplotlib does not know: none, as both ship with the app and
    matplotlib. Whether a figure loses characters is ``missing_glyphs``'s question."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in FONTS if name not in installed]


def figure_texts(view: View) -> list[str]:
    """The text a figure of ``view`` draws that comes from data (names, titles, quotes,
    legend); the rest is the figure's own English, which the carried font covers."""
    return [
        view.title,
        view.subtitle,
        *(quote.text for quote in view.quotes),
        *(label.text for label in view.labels_shown()),
        *(entry.text for entry in view.legend),
    ]


def missing_glyphs(views: Iterable[View]) -> set[str]:
    """Characters figures of ``views`` would draw as empty boxes (in no font of ``FONTS``),
    e.g. an uploaded layer's names in a script the carried font lacks."""
    return fonts.missing_glyphs(text for view in views for text in figure_texts(view))


def _dashes(style: Style):
    return (0, [float(v) for v in style.dash_array.split()]) if style.dash_array else "-"


def _draw_group(ax, geoms: list, kind: str, style: Style, scale: float) -> None:
    """Features that share a resolved style and geometry kind, in one call."""
    series = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(CRS)
    width = style.weight * scale
    if kind == "area":
        face = to_rgba(style.fill, style.fill_opacity)
        series.plot(ax=ax, facecolor=face, edgecolor=style.color, linewidth=width * 0.6, zorder=2)
    elif kind == "line":
        series.plot(ax=ax, color=style.color, linewidth=width, linestyle=_dashes(style), zorder=3)
    else:
        series.plot(
            ax=ax,
            marker="o",
            markersize=(style.radius * scale * 2.2) ** 2,
            facecolor=style.fill if style.fill_opacity else "none",
            edgecolor=style.color,
            linewidth=width * 0.7,
            zorder=4,
        )


def _draw_features(ax, view: View, scale: float) -> None:
    groups: dict[tuple[str, Style], list] = defaultdict(list)
    for layer in view.layers:
        for drawn in layer.features:
            groups[(drawn.feature.kind, drawn.style)].append(drawn.feature.geometry)
    for (kind, style), geoms in sorted(groups.items(), key=lambda item: Z_ORDER[item[0][0]]):
        _draw_group(ax, geoms, kind, style, scale)


def _text(ax, text: str, lon: float, lat: float, size: float, point: bool, **kwargs) -> None:
    x, y = TO_MAP.transform(lon, lat)
    ax.annotate(
        text,
        (x, y),
        xytext=(size * 0.6 if point else 0, 0),
        textcoords="offset points",
        ha="left" if point else "center",
        va="center",
        fontsize=size,
        path_effects=HALO,
        parse_math=False,
        annotation_clip=True,
        **kwargs,
    )


def _labels(ax, view: View, size: float) -> None:
    for label in view.labels_shown():
        point = label.kind == "point"
        weight = "normal" if point else "bold"
        _text(ax, label.text, label.lon, label.lat, size, point, fontweight=weight, zorder=6)


def _distances(ax, view: View, size: float, scale: float) -> None:
    for measure in view.distances:
        lat_lon = measure.line()
        line = LineString([(lon, lat) for lat, lon in lat_lon])
        _draw_group(ax, [line], "line", DISTANCE_STYLE, scale)
        lat, lon = lat_lon[len(lat_lon) // 2]
        _text(
            ax,
            f"{measure.km:.1f} km",
            lon,
            lat,
            size,
            False,
            fontweight="bold",
            zorder=7,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black"},
        )


def _extent(bounds) -> tuple[float, float, float, float]:
    (south, west), (north, east) = bounds
    xs, ys = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(
        [west, east, west, east], [south, south, north, north]
    )
    return min(xs), min(ys), max(xs), max(ys)


def _fit(ax, extent, aspect: float) -> None:
    x0, y0, x1, y1 = extent
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        pad = (height * aspect - width) / 2
        x0, x1 = x0 - pad, x1 + pad
    else:
        pad = (width / aspect - height) / 2
        y0, y1 = y0 - pad, y1 + pad
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


def _scale_bar(ax, size: float) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    target = (x1 - x0) / 5
    length = max(v for v in (10e3, 20e3, 50e3, 100e3, 200e3, 500e3) if v <= target or v == 10e3)
    x, y = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.04
    ax.plot([x, x + length], [y, y], color="black", linewidth=3, solid_capstyle="butt", zorder=7)
    ax.annotate(
        f"{length / 1000:.0f} km",
        (x + length / 2, y),
        xytext=(0, 5),
        textcoords="offset points",
        ha="center",
        fontsize=size,
        path_effects=HALO,
        zorder=7,
    )


def _north_arrow(ax, size: float) -> None:
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
    ax.annotate(
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


def _legend(ax, entries: tuple[LegendEntry, ...], size: float) -> None:
    legend = ax.legend(
        handles=[legend_handle(e) for e in entries],
        loc="lower right",
        fontsize=size,
        framealpha=0.95,
        title="Legend",
        title_fontsize=size * 1.1,
    )
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_parse_math(False)


TITLE_WIDTH = 66  # characters of a title's line, at twice the text size


def _frame_text(fig: Figure, view: View, preset: str, text: float, today: dt.date) -> None:
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


def render_figure(view: View, preset: str = "slide", today: dt.date | None = None) -> Figure:
    """A matplotlib Figure of ``view`` at the preset's size."""
    size = PRESETS[preset]
    # A bare Figure, not pyplot: no global figure registry, safe in the download thread.
    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi, facecolor="white")
    text = 13 if preset == "slide" else 9
    scale = 1.0 if preset == "slide" else 0.8
    panel = 0.27 if view.quotes else 0.0
    ax = fig.add_axes((0.02, 0.08, 0.96 - panel, 0.76))
    ax.set_facecolor(PALETTE["sea"])
    _fit(ax, _extent(view.bounds), ((0.96 - panel) * size.width_in) / (0.76 * size.height_in))
    window = box(ax.get_xlim()[0], ax.get_ylim()[0], ax.get_xlim()[1], ax.get_ylim()[1])
    _draw_features(ax, view, scale)
    _distances(ax, view, text * 0.8, scale)
    _labels(ax, view, text * 0.85)
    ax.set_xlim(window.bounds[0], window.bounds[2])
    ax.set_ylim(window.bounds[1], window.bounds[3])
    ax.set_xticks([])
    ax.set_yticks([])
    _scale_bar(ax, text * 0.8)
    _north_arrow(ax, text)
    _legend(ax, view.legend, text * 0.75)
    _frame_text(fig, view, preset, text, today or dt.date.today())
    return fig
