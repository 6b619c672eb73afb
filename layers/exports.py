"""Briefing exports of a map view or tour scene: PNG figure, PDF handout, one-file HTML.

All three work offline and need no browser: PNG and PDF are drawn by matplotlib
(``layers.figure``), the HTML is the folium page with Leaflet inlined.
"""

from __future__ import annotations

import io
from dataclasses import replace

import folium
from matplotlib.backends.backend_pdf import PdfPages

from layers.figure import render_figure
from layers.loading import LoadedLayer
from layers.mapbuild import MapOptions, build_map
from layers.scenes import Scene

FORMATS = ("png", "pdf", "html")


def standalone_html(fmap: folium.Map) -> bytes:
    """The map as one HTML file that opens from disk with no server and no internet.

    ``build_map`` already inlines Leaflet and loads nothing from a CDN, so the rendered
    page is self-contained as it is.
    """
    return fmap.get_root().render().encode("utf-8")


def scene_options(scene: Scene, base: MapOptions | None = None) -> MapOptions:
    """Map options showing ``scene``: its layers, view and highlights."""
    base = base or MapOptions()
    return replace(
        base,
        visible=scene.layers,
        bounds=scene.bounds,
        highlight=scene.highlight,
        title=scene.title,
        show_distances=base.show_distances and "hokkaido_points" in scene.layers,
    )


def png_bytes(
    layers: list[LoadedLayer],
    options: MapOptions,
    preset: str = "slide",
    scene: Scene | None = None,
) -> bytes:
    """The view (or ``scene``) as a PNG at the preset's exact pixel size."""
    if scene is not None:
        options = scene_options(scene, options)
    fig = render_figure(
        layers,
        options,
        preset,
        subtitle=scene.caption if scene else "The Russia–Japan frontier after 2022.",
        quotes=scene.quotes if scene else (),
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi)
    return buffer.getvalue()


def pdf_bytes(layers: list[LoadedLayer], scenes: list[Scene], options: MapOptions) -> bytes:
    """The tour as a handout: one A4 landscape page per scene, with its quotes and caption."""
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": "Frontier Atlas: classroom tour"}) as pdf:
        for number, scene in enumerate(scenes, start=1):
            fig = render_figure(
                layers,
                replace(scene_options(scene, options), title=f"{number}. {scene.title}"),
                "a4",
                subtitle=scene.caption,
                quotes=scene.quotes,
            )
            pdf.savefig(fig, dpi=150)
    return buffer.getvalue()


def html_bytes(layers: list[LoadedLayer], options: MapOptions, scene: Scene | None = None) -> bytes:
    if scene is not None:
        options = scene_options(scene, options)
    return standalone_html(build_map(layers, options))
