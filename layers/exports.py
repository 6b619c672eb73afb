"""Briefing exports of a view: PNG and SVG figure, PDF handout, slide deck, one-file HTML;
and the table of them.

All work offline and need no browser: the maps in PNG, SVG, PDF and deck are drawn by
matplotlib (``layers.print.figure``); the PDF is typeset by Typst (``layers.print.handout``),
the deck built by python-pptx (``layers.print.deck``); the HTML is the folium page with
Leaflet inlined. Each is made from a ``View``, the same plan the web map draws.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

from layers.core import fonts
from layers.core.records import Mark, Scene
from layers.plan.chronology import TITLE as CHRONOLOGY_TITLE
from layers.plan.chronology import chronology, earlier_note
from layers.plan.tour import tour_views
from layers.plan.view import View, ViewOptions, plan_view
from layers.print.chronology_page import chronology_figure, footnote, listing
from layers.print.deck import deck_bytes
from layers.print.figure import editable_text, missing_glyphs
from layers.print.figure_compare import figure_of
from layers.print.handout import FigurePage, handout_pdf
from layers.record.asof import as_of_text
from layers.record.atlas import Atlas
from layers.record.marks import marks_geojson
from layers.web.a11y import as_document
from layers.web.mapbuild import atlas_map

FORMATS = ("png", "svg", "pdf", "pptx", "html")
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


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
    ExportKind("svg", "SVG to edit (text stays text)", "-slide.svg", "image/svg+xml"),
    ExportKind("pdf_view", "PDF of this view (A4)", "-a4.pdf", "application/pdf"),
    ExportKind("pdf", "PDF handout (every tour scene)", "-tour.pdf", "application/pdf", True),
    ExportKind("pptx", "PowerPoint deck (whole tour)", "-tour.pptx", PPTX_MIME, True),
    ExportKind("html", "Interactive map as one HTML file (works offline)", ".html", "text/html"),
)


def png_bytes(view: View, preset: str = "slide") -> bytes:
    """The view as a PNG at the preset's exact pixel size."""
    fig = figure_of(view, preset)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    return buffer.getvalue()


def svg_bytes(view: View, preset: str = "slide") -> bytes:
    """The view as an SVG for a vector program: text as ``<text>`` elements a briefer can
    edit (``svg.fonttype: none``), not outlines; no ids that change from run to run."""
    fig = editable_text(figure_of(view, preset))
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "frontier-atlas"}):
        fig.savefig(buffer, format="svg", dpi=fig.dpi, metadata={"Date": None})
    return buffer.getvalue()


def pdf_bytes(views: Sequence[View], pages: Sequence[FigurePage] = ()) -> bytes:
    """A handout: one A4 landscape page per view, with its quotes, caption and sources, then
    ``pages`` (the chronology); tagged, fonts embedded (``layers.print.handout``)."""
    return handout_pdf(views, pages)


def chronology_page(atlas: Atlas, year: int | None = None) -> FigurePage:
    """The handout's chronology page: the chart's rows, drawn by matplotlib, listed as text."""
    rows = chronology(atlas.layers, atlas.events)
    years = sorted({row.date.year for row in rows})
    span = f" from {years[0]} to {years[-1]}" if years else ""
    alt = (
        f"Timeline chart of {len(rows)} dated deployments, joint patrols and article "
        f"events{span}, one row each, coloured as on the map; every item is listed below."
    )
    figure = chronology_figure(rows, year, framed=False)
    note = earlier_note(rows)
    text = f"{note + '. ' if note else ''}{listing(rows)}. {footnote(as_of_text(atlas.layers))}"
    return FigurePage(CHRONOLOGY_TITLE, figure, alt, text)


def handout_bytes(atlas: Atlas, scenes: Sequence[Scene], base: ViewOptions) -> bytes:
    """The PDF handout: a page per scene, then the chronology; headed by the title of a
    reader's own tour, when it has one."""
    views = tour_views(atlas, scenes, base)
    pages = [chronology_page(atlas)]
    return handout_pdf(views, pages, title=atlas.tour_title, about=atlas.tour_about)


def pptx_bytes(atlas: Atlas, scenes: Sequence[Scene], base: ViewOptions) -> bytes:
    """The slide deck: a title slide (a reader's tour's own title, when it has one), a
    slide per scene, a closing sources slide."""
    views = tour_views(atlas, scenes, base)
    return deck_bytes(views, atlas.article.title, title=atlas.tour_title, about=atlas.tour_about)


def html_bytes(atlas: Atlas, options: ViewOptions) -> bytes:
    """The map as one HTML file that opens from disk with no server and no internet: every
    layer, showing what ``options`` choose, and the same controls as the page's map; a
    document with a title, the chosen language and a viewport that lets people zoom."""
    html = atlas_map(atlas.layers, atlas.measures, options).get_root().render()
    title = (
        options.title if "Frontier Atlas" in options.title else f"{options.title} – Frontier Atlas"
    )
    return as_document(html, title, options.lang).encode("utf-8")


def marks_bytes(marks: Sequence[Mark]) -> bytes:
    """A reader's marks as an RFC 7946 GeoJSON file (``layers.record.marks``)."""
    return json.dumps(marks_geojson(marks), ensure_ascii=False, indent=1).encode("utf-8")


def make_export(key: str, atlas: Atlas, options: ViewOptions) -> bytes:
    """The bytes of export ``key`` (see ``EXPORTS``) for what ``options`` show."""
    if key == "pdf":
        return handout_bytes(atlas, atlas.scenes, ViewOptions(lang=options.lang))
    if key == "pptx":
        return pptx_bytes(atlas, atlas.scenes, ViewOptions(lang=options.lang))
    if key == "html":
        return html_bytes(atlas, options)
    view = plan_view(atlas.layers, options, atlas.measures)
    if key == "pdf_view":  # one view: named by its own title, not as the tour's handout
        return handout_pdf([view], running=view.title)
    if key == "svg":
        return svg_bytes(view)
    return png_bytes(view, "a4" if key == "png_a4" else "slide")


def export_glyph_warning(atlas: Atlas, options: ViewOptions) -> str | None:
    """The page's warning for its PNG and PDF exports (None when nothing is lost): the
    figure of ``options`` and the tour handout in its language, as ``make_export`` draws."""
    views = [
        plan_view(atlas.layers, options, atlas.measures),
        *tour_views(atlas, atlas.scenes, ViewOptions(lang=options.lang)),
    ]
    return fonts.glyph_warning(missing_glyphs(views))
