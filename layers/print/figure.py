"""Static figures of a ``View``, drawn with geopandas and matplotlib (no browser needed).

The view plan (``layers.plan.view``) decides what is drawn, in which style, where labels go,
which legend entries and distances there are; this only draws it, in a Lambert
conformal conic projection, framed like a report figure: title and subtitle, legend,
scale bar, north arrow, source line and the date it was made. Text is drawn literally:
``parse_math=False`` everywhere, so a ``$`` in a name stays a ``$``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text
from pyproj import Transformer
from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry

from layers.core import fonts
from layers.core.specs import PALETTE, Style
from layers.plan.view import DISTANCE_STYLE, View
from layers.print.figure_labels import (
    box_of,
    choose_corner,
    pixel_geometry,
    place_labels,
)
from layers.print.figure_marks import draw_mark_shapes, draw_mark_texts
from layers.print.frame import CRS, HALO, frame_text, legend, north_arrow, scale_bar

# The font the app carries (Japanese, Latin, Cyrillic; Regular and Bold), then matplotlib's
# own DejaVu Sans for any character it lacks: no installed font is needed or used.
FONTS = [fonts.FAMILY, fonts.FALLBACK_FAMILY]
fonts.register_with_matplotlib()
matplotlib.rcParams["font.family"] = FONTS  # once, at import: figures may render in threads
HALO_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "alpha": 0.7, "linewidth": 0}
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
        *(mark.label for mark in view.marks),
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


def _drawer(ax, size: float):
    """Draws one label (``figure_labels.Draw``): names bold on shapes and lines, plain beside
    points; a distance boxed, as on the web map."""

    def draw(text: str, xy, offset, ha: str, va: str, kind: str):
        boxed = kind == "distance"
        return ax.annotate(
            text,
            xy,
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=size * (0.95 if boxed else 1.0),
            fontweight="normal" if kind == "point" else "bold",
            path_effects=HALO,
            parse_math=False,
            annotation_clip=False,
            zorder=7 if boxed else 6,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "black"}
            if boxed
            else None,
        )

    return draw


def _distance_lines(ax, view: View, scale: float) -> None:
    for measure in view.distances:
        line = LineString([(lon, lat) for lat, lon in measure.line()])
        _draw_group(ax, [line], "line", DISTANCE_STYLE, scale)


def _gaps(view: View, scale: float, size: float) -> dict[tuple[str, str], float]:
    """How far a point's label sits from its anchor, in points: its marker's radius (as
    ``_draw_group`` draws it) and a third of the type size."""
    return {
        (layer.spec.key, d.feature.id): d.style.radius * scale * 1.1 + size / 3
        for layer in view.layers
        for d in layer.features
        if d.feature.kind == "point"
    }


def _drawn(ax, view: View, scale: float) -> tuple[list, list]:
    """Every feature as drawn, in the figure's pixels (points as their marker, lines as
    their stroke), and the highlighted ones among them."""
    drawn, highlighted = [], []
    to_px = ax.figure.dpi / 72
    for layer in view.layers:
        for d in layer.features:
            shape: BaseGeometry = pixel_geometry(ax, d.feature.geometry, TO_MAP.transform)
            radius = d.style.radius * scale * 1.1 if d.feature.kind == "point" else 1.0
            shape = shape.buffer(radius * to_px) if d.feature.kind != "area" else shape
            drawn.append(shape)
            if d.highlighted:
                highlighted.append(shape)
    return drawn, highlighted


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
    ax.apply_aspect()  # the frame where it will be drawn: labels are measured against it


def _furniture(ax, text: float) -> tuple[list, list]:
    """Scale bar and north arrow: their artists, and their boxes in pixels."""
    artists = [*scale_bar(ax, text * 0.8), *north_arrow(ax, text)]
    renderer = ax.figure.canvas.get_renderer()
    return artists, [box_of(a, renderer) for a in artists]


def _outside(ax, view: View, legend_width: float, text: float, aspect_of) -> tuple[list, list]:
    """Make room for the legend right of the map frame: narrow the frame, fit the view
    again, redraw the scale bar and north arrow (their artists and new boxes)."""
    x, y, width, height = ax.get_position().bounds
    ax.set_position((x, y, width - legend_width - 0.01, height))
    _fit(ax, _extent(view.bounds), aspect_of(width - legend_width - 0.01))
    return _furniture(ax, text)


def _lay_out(ax, view: View, text: float, scale: float, aspect_of) -> None:
    """Scale bar, north arrow, legend and labels (``layers.print.figure_labels``): the legend
    in the corner that covers no highlighted feature and displaces the fewest labels, or
    outside the frame; then the labels, clear of all of them and of each other."""
    renderer = ax.figure.canvas.get_renderer()
    artists, furniture = _furniture(ax, text)
    draw, gaps = _drawer(ax, text * 0.85), _gaps(view, scale, text * 0.85)
    blocked = list(furniture)
    if view.legend:
        trial = place_labels(ax, view, renderer, furniture, draw, TO_MAP.transform, gaps)
        for placed in trial:
            placed.artist.remove()
        drawn, highlighted = _drawn(ax, view, scale)
        hard = [*highlighted, *(box(*b) for b in furniture)]

        def make(loc: str, anchor=None):
            return legend(ax, view.legend, text * 0.75, loc, anchor)

        loc, clear = choose_corner(make, renderer, hard, trial, drawn)
        box_legend = make(loc)
        if clear:
            blocked.append(box_of(box_legend, renderer))
        else:
            width = box_legend.get_window_extent(renderer).width / ax.figure.bbox.width
            for artist in [box_legend, *artists]:
                artist.remove()
            artists, blocked = _outside(ax, view, width, text, aspect_of)
            make("upper left", (1.01, 1.0))
    place_labels(ax, view, renderer, blocked, draw, TO_MAP.transform, gaps)


def editable_text(fig: Figure) -> Figure:
    """``fig`` for a vector program: matplotlib writes text with a path effect (the white
    halo) as outlines, so each halo becomes a faint white box and the text stays text."""
    for artist in fig.findobj(Text):
        if isinstance(artist, Text) and artist.get_path_effects():
            artist.set_path_effects([])
            if artist.get_bbox_patch() is None:
                artist.set_bbox(HALO_BOX)
    return fig


def render_figure(view: View, preset: str = "slide", today: dt.date | None = None) -> Figure:
    """A matplotlib Figure of ``view`` at the preset's size: labels and legend laid out by
    ``layers.print.figure_labels`` (the web map's rule, in the figure's pixels), no axis
    labels or ticks."""
    size = PRESETS[preset]
    # A bare Figure, not pyplot: no global figure registry, safe in the download thread.
    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi, facecolor="white")
    text = 13 if preset == "slide" else 9
    scale = 1.0 if preset == "slide" else 0.8
    panel = 0.27 if view.quotes else 0.0
    ax = fig.add_axes((0.02, 0.08, 0.96 - panel, 0.76))
    ax.set_facecolor(PALETTE["sea"])

    def aspect_of(width: float) -> float:
        return (width * size.width_in) / (0.76 * size.height_in)

    _draw_features(ax, view, scale)
    _distance_lines(ax, view, scale)
    draw_mark_shapes(ax, view.marks, TO_MAP, scale)
    _fit(ax, _extent(view.bounds), aspect_of(0.96 - panel))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set(xlabel="", ylabel="")  # geopandas names the projected axes: a map needs no axis labels
    # A renderer to measure text as it will be drawn; only now, as geopandas redraws the
    # whole figure after each plot on a canvas that can draw.
    FigureCanvasAgg(fig)
    _lay_out(ax, view, text, scale, aspect_of)
    draw_mark_texts(ax, view.marks, TO_MAP, text * 0.85)
    frame_text(fig, view, preset, text, today or dt.date.today())
    return fig
