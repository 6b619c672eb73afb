"""Static figures of a map view, drawn with geopandas and matplotlib (no browser needed).

The same layers, styles, labels and highlights as the web map, in a Lambert conformal
conic projection fitted to the region, framed like a report figure: title and subtitle,
legend, scale bar, north arrow, source line and the date it was made.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
from matplotlib import font_manager, patheffects
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from pyproj import Transformer
from shapely.geometry import box

from layers.loading import LoadedLayer
from layers.mapbuild import MapOptions, focus_bounds, is_visible, shown_features
from layers.popups import label_text
from layers.specs import PALETTE, LayerSpec

CRS = "+proj=lcc +lat_1=38 +lat_2=52 +lat_0=45 +lon_0=143 +datum=WGS84 +units=m +no_defs"
FONTS = ["Noto Sans CJK JP", "DejaVu Sans"]  # CJK and Cyrillic first, then a Latin fallback
HALO = [patheffects.withStroke(linewidth=3, foreground="white")]
matplotlib.rcParams["font.family"] = FONTS  # once, at import: figures may render in threads
NEAR_WIDTH_M = 1_300_000  # narrower views than this get point labels, as the web map does


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
    """Fonts this machine lacks for Japanese and Russian names (fonts-noto-cjk on Debian)."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in FONTS if name not in installed]


def _frame(layer: LoadedLayer, options: MapOptions) -> gpd.GeoDataFrame:
    features = shown_features(layer, options.as_of_year)
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    frame["highlight"] = [
        (layer.spec.key, f["properties"].get("id")) in options.highlight for f in features
    ]
    return frame.to_crs(CRS)


def _draw_layer(ax, spec: LayerSpec, frame: gpd.GeoDataFrame, scale: float) -> None:
    for key, part in frame.groupby(
        frame[spec.style_by].astype(str) if spec.style_by else [""] * len(frame)
    ):
        style = spec.variants.get(key, spec.style)
        for flag, subset in part.groupby("highlight"):
            edge = PALETTE["black"] if flag else style.color
            width = (style.weight + (1.5 if flag else 0)) * scale
            dashes = None
            if style.dash_array:
                dashes = (0, [float(v) for v in style.dash_array.split()])
            polys = subset[subset.geom_type.str.contains("Polygon")]
            lines = subset[subset.geom_type.str.contains("LineString")]
            points = subset[subset.geom_type == "Point"]
            if len(polys):
                polys.plot(
                    ax=ax,
                    facecolor=to_rgba(style.fill_color or style.color, style.fill_opacity),
                    edgecolor=edge,
                    linewidth=width * 0.6,
                    zorder=2,
                )
            if len(lines):
                lines.plot(ax=ax, color=edge, linewidth=width, linestyle=dashes or "-", zorder=3)
            if len(points):
                points.plot(
                    ax=ax,
                    marker="o",
                    markersize=(style.radius * (1.6 if flag else 1.0) * scale * 2.2) ** 2,
                    facecolor=style.fill_color or style.color,
                    edgecolor=edge,
                    linewidth=width * 0.7,
                    zorder=4,
                )


def _labels(ax, frame: gpd.GeoDataFrame, lang: str, size: float, points_too: bool) -> None:
    """Names on the map; point labels only when zoomed in enough, or when highlighted."""
    for _, row in frame.iterrows():
        small = row.geometry.geom_type == "Point" or "Line" in row.geometry.geom_type
        if small and not (points_too or row["highlight"]):
            continue
        props = row.drop(labels=["geometry", "highlight"]).to_dict()
        geom = row.geometry
        if geom.geom_type == "Point":
            anchor, ha, dx = geom, "left", size * 0.6
        else:
            if geom.geom_type == "MultiPolygon":
                geom = max(geom.geoms, key=lambda g: g.area)
            anchor = (
                geom.interpolate(0.5, normalized=True)
                if "Line" in geom.geom_type
                else (geom.representative_point())
            )
            ha, dx = "center", 0
        ax.annotate(
            label_text(props, lang),
            (anchor.x, anchor.y),
            xytext=(dx, 0),
            textcoords="offset points",
            ha=ha,
            va="center",
            fontsize=size,
            fontweight="bold" if geom.geom_type != "Point" else "normal",
            path_effects=HALO,
            zorder=6,
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


def _legend(ax, specs: list[LayerSpec], size: float) -> None:
    handles = []
    for spec in specs:
        for key, style in (spec.variants or {"": spec.style}).items():
            label = spec.legend + (f": {key}" if key else "")
            if "Polygon" in spec.geometry_types[0]:
                handles.append(
                    Patch(facecolor=style.fill_color, edgecolor=style.color, label=label)
                )
            elif spec.geometry_types == ("Point",) or spec.key == "sakhalin_energy":
                handles.append(
                    Line2D(
                        [],
                        [],
                        marker="o",
                        linestyle="--" if style.dash_array else "-",
                        color=style.color,
                        markerfacecolor=style.fill_color,
                        label=label,
                    )
                )
            else:
                handles.append(
                    Line2D(
                        [],
                        [],
                        color=style.color,
                        linewidth=2.5,
                        linestyle="--" if style.dash_array else "-",
                        label=label,
                    )
                )
    ax.legend(
        handles=handles,
        loc="lower right",
        fontsize=size,
        framealpha=0.95,
        title="Legend",
        title_fontsize=size * 1.1,
    )


def render_figure(
    layers: list[LoadedLayer],
    options: MapOptions,
    preset: str = "slide",
    subtitle: str = "",
    quotes: tuple[dict, ...] = (),
    today: dt.date | None = None,
):
    """A matplotlib Figure of the view ``options`` describes, at the preset's size."""
    size = PRESETS[preset]
    # A bare Figure, not pyplot: no global figure registry, safe in the download thread.
    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi, facecolor="white")
    text = 13 if preset == "slide" else 9
    panel = 0.27 if quotes else 0.0
    ax = fig.add_axes((0.02, 0.08, 0.96 - panel, 0.76))
    ax.set_facecolor(PALETTE["sea"])
    extent = _extent(options.bounds or focus_bounds(layers, options.focus))
    ax_w, ax_h = (0.96 - panel) * size.width_in, 0.76 * size.height_in
    _fit(ax, extent, ax_w / ax_h)
    window = box(ax.get_xlim()[0], ax.get_ylim()[0], ax.get_xlim()[1], ax.get_ylim()[1])
    near = ax.get_xlim()[1] - ax.get_xlim()[0] < NEAR_WIDTH_M
    shown = [layer for layer in layers if layer.features and is_visible(layer, options)]
    for layer in shown:
        frame = _frame(layer, options)
        frame = frame[frame.intersects(window)]
        if frame.empty:
            continue
        _draw_layer(ax, layer.spec, frame, 1.0 if preset == "slide" else 0.8)
        if options.show_labels and layer.spec.label_field:
            _labels(ax, frame, options.lang, text * 0.85, near)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _scale_bar(ax, text * 0.8)
    _north_arrow(ax, text)
    _legend(ax, [layer.spec for layer in shown], text * 0.75)
    fig.text(0.02, 0.955, options.title, fontsize=text * 2, fontweight="bold", va="top")
    sub = subtitle + (f" As of {options.as_of_year}." if options.as_of_year else "")
    fig.text(
        0.02,
        0.9,
        textwrap.fill(sub, 150 if preset == "slide" else 140),
        fontsize=text,
        va="top",
        color="#333",
    )
    if quotes:
        body = "\n\n".join(
            textwrap.fill(f"“{q['quote']}”", 38) + f"\n— the article, paragraph {q['paragraph']}"
            for q in quotes
        )
        fig.text(
            1 - panel + 0.0,
            0.84,
            "From the article",
            fontsize=text * 1.1,
            fontweight="bold",
            va="top",
        )
        fig.text(
            1 - panel + 0.0,
            0.80,
            body,
            fontsize=text * 0.95,
            va="top",
            style="italic",
            linespacing=1.35,
        )
    made = (today or dt.date.today()).isoformat()
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
        0.98, 0.03, f"Frontier Atlas · made {made}", fontsize=text * 0.7, ha="right", color="#444"
    )
    return fig
