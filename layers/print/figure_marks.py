"""A reader's marks in a figure, as the web map draws them (``layers/web/static/marks.js``):
lines and areas in their colour, dashed or solid, a line's arrow head at its last vertex,
points, text labels, and each line's or area's label and geodesic measure in a white box
(``layers.record.marks.measure_text``). Every artist's ``gid`` is ``mark:<id>`` (the tests
compare them with the marks). Text is drawn literally (``parse_math=False``)."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import Polygon
from pyproj import Transformer
from shapely.geometry import LineString
from shapely.geometry import Polygon as ShapelyPolygon

from layers.core.records import Mark
from layers.print.frame import HALO
from layers.record.marks import measure_text

Z = 8  # over every feature, label and distance
DASHES = (0, (8, 6))  # the web map's dash array "8 6", in points
WEIGHT = 3.0  # the web map's stroke, in pixels at the slide's 100 dpi


def _xy(transform: Transformer, mark: Mark) -> tuple[list[float], list[float]]:
    lons, lats = zip(*mark.coords, strict=True)
    xs, ys = transform.transform(lons, lats)
    return list(xs), list(ys)


def draw_mark_shapes(ax: Axes, marks: tuple[Mark, ...], transform: Transformer, scale: float):
    """Each mark's line, area or point (before the frame is fitted: these do not move it)."""
    width = WEIGHT * scale * 0.72  # pixels at 100 dpi in points
    for mark in marks:
        xs, ys = _xy(transform, mark)
        style = DASHES if mark.dashed else "-"
        gid = f"mark:{mark.id}"
        if mark.kind == "line":
            ax.plot(xs, ys, color=mark.color, lw=width, ls=style, zorder=Z, gid=gid)
            if mark.arrow:
                ax.annotate(
                    "",
                    xy=(xs[-1], ys[-1]),
                    xytext=(xs[-2], ys[-2]),
                    arrowprops={
                        "arrowstyle": "-|>",
                        "color": mark.color,
                        "lw": width,
                        "mutation_scale": 18 * scale,
                        "shrinkA": 0,
                        "shrinkB": 0,
                    },
                    zorder=Z,
                    gid=f"{gid}:arrow",
                    annotation_clip=False,
                )
        elif mark.kind == "area":
            face = to_rgba(mark.color, 0.12)
            patch = Polygon(
                list(zip(xs, ys, strict=True)),
                closed=True,
                facecolor=face,
                edgecolor=mark.color,
                lw=width,
                ls=style,
                zorder=Z,
                gid=gid,
            )
            ax.add_patch(patch)
        elif mark.kind == "point":
            ax.plot(
                xs,
                ys,
                marker="o",
                ms=9 * scale,
                color=mark.color,
                mec=mark.color,
                ls="none",
                zorder=Z,
                gid=gid,
            )


def draw_mark_texts(ax: Axes, marks: tuple[Mark, ...], transform: Transformer, size: float):
    """Each mark's label and measure (after the labels are laid out: they stay on top)."""
    for mark in marks:
        xs, ys = _xy(transform, mark)
        gid = f"mark:{mark.id}:text"
        if mark.kind == "text":
            ax.text(
                xs[0],
                ys[0],
                mark.label or "Label",
                ha="center",
                va="center",
                color=mark.color,
                fontsize=size,
                fontweight="bold",
                path_effects=HALO,
                parse_math=False,
                zorder=Z + 1,
                gid=gid,
                clip_on=False,
            )
            continue
        text = "\n".join(t for t in (mark.label, measure_text(mark)) if t)
        if not text:
            continue
        if mark.kind == "point":
            at, ha, offset = (xs[0], ys[0]), "left", (8, 0)
        else:
            shape = list(zip(xs, ys, strict=True))
            spot = (
                LineString(shape).interpolate(0.5, normalized=True)
                if mark.kind == "line"
                else ShapelyPolygon(shape).representative_point()
            )
            at, ha, offset = (spot.x, spot.y), "center", (0, 0)
        ax.annotate(
            text,
            at,
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va="center",
            fontsize=size,
            fontweight="bold",
            parse_math=False,
            zorder=Z + 1,
            gid=gid,
            annotation_clip=False,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": mark.color},
        )
