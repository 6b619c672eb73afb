"""Briefing exports of a view: PNG figure, PDF handout, one-file HTML; and the table of them.

All work offline and need no browser: PNG and PDF are drawn by matplotlib
(``layers.figure``), the HTML is the folium page with Leaflet inlined. Each is made
from a ``View``, the same plan the web map draws.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

from matplotlib.backends.backend_pdf import PdfPages

from layers.a11y import as_document
from layers.atlas import Atlas
from layers.figure import render_figure
from layers.mapbuild import atlas_map
from layers.records import Scene
from layers.view import View, ViewOptions, plan_view, scene_options

FORMATS = ("png", "pdf", "html")


@dataclass(frozen=True)
class ExportKind:
    key: str
    label: str  # what the button says
    suffix: str  # appended to the file stem
    mime: str
    whole_tour: bool = False  # every scene, whatever is on screen


EXPORTS = (
    ExportKind("png_slide", "PNG for a slide (1920×1080)", "-slide.png", "image/png"),
    ExportKind("png_a4", "PNG for print (A4, 300 dpi)", "-a4.png", "image/png"),
    ExportKind("pdf", "PDF handout (every tour scene)", "-tour.pdf", "application/pdf", True),
    ExportKind("html", "Interactive map as one HTML file (works offline)", ".html", "text/html"),
)


def png_bytes(view: View, preset: str = "slide") -> bytes:
    """The view as a PNG at the preset's exact pixel size."""
    fig = render_figure(view, preset)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    return buffer.getvalue()


def pdf_bytes(views: Sequence[View]) -> bytes:
    """A handout: one A4 landscape page per view, with its quotes and caption."""
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": "Frontier Atlas: classroom tour"}) as pdf:
        for view in views:
            pdf.savefig(render_figure(view, "a4"), dpi=150)
    return buffer.getvalue()


def html_bytes(atlas: Atlas, options: ViewOptions) -> bytes:
    """The map as one HTML file that opens from disk with no server and no internet: every
    layer, showing what ``options`` choose, and the same controls as the page's map; a
    document with a title, the chosen language and a viewport that lets people zoom."""
    html = atlas_map(atlas.layers, atlas.measures, options).get_root().render()
    title = (
        options.title if "Frontier Atlas" in options.title else f"{options.title} – Frontier Atlas"
    )
    return as_document(html, title, options.lang).encode("utf-8")


def tour_views(atlas: Atlas, scenes: Sequence[Scene], base: ViewOptions) -> list[View]:
    """One view per scene, numbered as in the tour."""
    return [
        plan_view(
            atlas.layers,
            replace(scene_options(scene, base), title=f"{number}. {scene.title}"),
            atlas.measures,
        )
        for number, scene in enumerate(scenes, start=1)
    ]


def make_export(key: str, atlas: Atlas, options: ViewOptions) -> bytes:
    """The bytes of export ``key`` (see ``EXPORTS``) for what ``options`` show."""
    if key == "pdf":
        return pdf_bytes(tour_views(atlas, atlas.scenes, ViewOptions(lang=options.lang)))
    if key == "html":
        return html_bytes(atlas, options)
    return png_bytes(
        plan_view(atlas.layers, options, atlas.measures), "a4" if key == "png_a4" else "slide"
    )
