"""Exports of what the map shows, below it: figures, the handout, the HTML map, the data."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from layers.core.text import markdown_literal
from layers.exports import EXPORTS, export_glyph_warning, make_export, marks_bytes
from layers.plan.view import ViewOptions
from layers.record.atlas import Atlas
from page import analyst
from page.state import current, on_screen


def export_now(key: str, atlas: Atlas, shown: dict) -> bytes:
    """Export ``key`` of what the reader sees right now (``on_screen``): choices, scene, view.
    Runs on the download's own thread: no Streamlit call here."""
    options: ViewOptions = shown["options"]
    bounds = shown.get("bounds")
    return make_export(key, atlas, replace(options, bounds=bounds or options.bounds))


def marks_now(shown: dict) -> bytes:
    """The reader's marks on screen now, as RFC 7946 GeoJSON (the download's own thread)."""
    options: ViewOptions | None = shown.get("options")
    return marks_bytes(options.marks if options else ())


def export_buttons(atlas: Atlas) -> None:
    scene = atlas.scene(st.session_state.scene) if st.session_state.mode == "tour" else None
    stem = f"frontier-atlas-{scene.id}" if scene else "frontier-atlas"
    st.markdown("**Export what the map shows** (made on this machine, no internet needed)")
    # one row, each button as wide as its label needs (five equal columns cut the long ones)
    widths = [len(kind.label) + 8 for kind in EXPORTS]
    for column, kind in zip(st.columns(widths), EXPORTS, strict=True):
        column.download_button(
            kind.label,
            data=partial(export_now, kind.key, atlas, on_screen()),
            file_name=("frontier-atlas" if kind.whole_tour else stem) + kind.suffix,
            mime=kind.mime,
            on_click="ignore",
            key=f"download_{kind.key}",
            disabled=kind.whole_tour and not atlas.scenes,
        )
    st.download_button(
        "Download my marks",
        data=partial(marks_now, on_screen()),
        file_name="frontier-atlas-marks.geojson",
        mime="application/geo+json",
        on_click="ignore",
        key="download_marks",
        help="The marks drawn on the map, as RFC 7946 GeoJSON: upload the file again to see "
        "them as a layer.",
    )
    if warning := export_glyph_warning(atlas, current(atlas)[0]):
        st.warning(markdown_literal(warning))
    analyst.data_downloads(atlas)
