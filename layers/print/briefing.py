"""What the slide deck and the PDF handout both say about a view, besides its title: the map
as a picture (the figure renderer's, without the text the document sets itself), what that
picture shows in words (alt text), and the sources of the features it shows."""

from __future__ import annotations

import io
from dataclasses import replace

from matplotlib.figure import Figure
from PIL import Image, ImageChops

from layers.core.records import PartialDate, Source
from layers.core.text import LANGUAGE_NAMES
from layers.plan.view import View
from layers.print.figure_compare import figure_of

ARTICLE_NOTE = (
    "quoted verbatim; paragraph numbers count the article's paragraphs, headings not "
    "counted; publisher and date are not stated in the copy the atlas quotes"
)


def figure_png(fig: Figure, dpi: float | None = None) -> bytes:
    """``fig`` as a PNG, its white margins cut off (a document sets its own margins)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, facecolor="white")
    image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box is not None:
        left, top, right, bottom = box
        pad = 6
        image = image.crop(
            (max(0, left - pad), max(0, top - pad), min(image.width, right + pad), bottom + pad)
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def map_png(view: View, preset: str, dpi: float | None = None) -> bytes:
    """The map of ``view`` drawn by the figure renderer at ``preset``, without its title,
    caption and quotes: the deck and the handout set those as real text."""
    bare = replace(view, title="", subtitle="", quotes=())
    return figure_png(figure_of(bare, preset), dpi)


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.1f}°{positive if value >= 0 else negative}"


def area_text(view: View) -> str:
    """``41.3°N–48.2°N, 139.2°E–149.3°E``: the area a view is fitted to."""
    (south, west), (north, east) = view.bounds
    return (
        f"{_degrees(south, 'N', 'S')}–{_degrees(north, 'N', 'S')}, "
        f"{_degrees(west, 'E', 'W')}–{_degrees(east, 'E', 'W')}"
    )


def alt_text(view: View) -> str:
    """What the map picture of ``view`` shows, for a reader who cannot see it."""
    shown = [layer.spec.title for layer in view.layers]
    if view.distances:
        shown.append("distances on the WGS84 ellipsoid")
    names = LANGUAGE_NAMES.get(view.lang, view.lang)
    return (
        f"Map: {view.title}. Shows {'; '.join(shown) or 'no layers'}. "
        f"Area {area_text(view)} (Lambert conformal conic). Place names in {names}."
    )


def view_sources(view: View) -> list[Source]:
    """The sources of every feature the map of ``view`` shows: each (publisher, title, date)
    once, by publisher, then title."""
    seen: dict[tuple[str, str, str], Source] = {}
    for layer in view.layers:
        for drawn in layer.features:
            for source in drawn.feature.sources:
                seen.setdefault((source.publisher, source.title, source.date), source)
    return [seen[key] for key in sorted(seen, key=lambda k: (k[0].casefold(), k[1].casefold()))]


def all_sources(views: list[View]) -> list[Source]:
    """The sources of every view, each once (as ``view_sources``)."""
    seen: dict[tuple[str, str, str], Source] = {}
    for view in views:
        for source in view_sources(view):
            seen.setdefault((source.publisher, source.title, source.date), source)
    return [seen[key] for key in sorted(seen, key=lambda k: (k[0].casefold(), k[1].casefold()))]


def date_text(date: str) -> str:
    """A source's date for people: "22 November 2016", or as given ("undated")."""
    parsed = PartialDate.parse(date)
    return parsed.words() if parsed is not None else date


def by_publisher(sources: list[Source]) -> list[tuple[str, list[str]]]:
    """``sources`` grouped by publisher (in their order): ``[(publisher, ["“Title”, date",
    ...]), ...]``, for lists that must be short."""
    groups: dict[str, list[str]] = {}
    for source in sources:
        groups.setdefault(source.publisher, []).append(
            f"“{source.title}”, {date_text(source.date)}"
        )
    return list(groups.items())


def source_text(source: Source) -> str:
    """``Publisher, “Title”, 22 November 2016``: one source, in one line."""
    return f"{source.publisher}, “{source.title}”, {date_text(source.date)}"
