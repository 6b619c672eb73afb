"""The page's tools for analysts (``app.py`` calls these): the data downloads, the
chronology chart and the feature table. Streamlit lives here; the data comes from
``layers.analyst.gis_export``, ``layers.analyst.chronology_chart`` and ``layers.analyst.table``.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

import pandas as pd
import streamlit as st

from layers.analyst.chronology_chart import chart_spec
from layers.analyst.gis_export import FORMATS, MIME, download_bytes
from layers.analyst.table import table_rows
from layers.core.paths import geodata_dir
from layers.plan.chronology import chronology
from layers.record.asof import as_of_text
from layers.record.atlas import Atlas

DOWNLOAD_LABELS = {
    "gpkg": "GeoPackage (QGIS, ArcGIS)",
    "kml": "KML (Google Earth)",
    "geojson": "GeoJSON files, zipped",
}
TABLE_COLUMNS = {  # TableRow field → column heading
    "name_en": "Name",
    "name_ja": "日本語",
    "name_ru": "Русский",
    "layer": "Layer",
    "date": "Date",
    "ended": "Ended",
    "confidence": "How sure",
    "approximate": "Approximate position",
    "sources": "Sources",
}


def data_downloads(atlas: Atlas) -> None:
    """Buttons for the data as GeoPackage, KML and zipped GeoJSON (never an upload)."""
    st.markdown(
        f"**Download the data** for GIS: every layer and field, WGS84, with a README "
        f"(sources, licences, names). {as_of_text(atlas.layers)}."
    )
    for column, kind in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        column.download_button(
            DOWNLOAD_LABELS[kind],
            data=partial(download_bytes, kind, atlas.layers, geodata_dir()),
            file_name="frontier-atlas" + FORMATS[kind],
            mime=MIME[kind],
            on_click="ignore",
            key=f"download_data_{kind}",
        )


def chronology_chart(atlas: Atlas, year: int) -> None:
    """The chronology with a rule at the timeline's ``year`` (in the controls fragment,
    so that moving the timeline moves the rule). On request: a chart makes the browser
    load Vega (~0.8 MB of script), which the page's first load should not wait for."""
    if st.toggle("Chronology chart", value=False, key="chronology"):
        spec = chart_spec(tuple(chronology(atlas.layers, atlas.events)), year)
        st.vega_lite_chart(
            spec=spec,
            width="stretch",
            alt=f"Chronology of reported deployments, joint patrols and the article's events, "
            f"with a line at {year}; every dated item is also a row of the feature table.",
        )


def feature_table(atlas: Atlas, steer) -> None:
    """Every feature as a searchable, sortable table; choosing a row shows it on the map."""
    rows = table_rows(atlas.drawable)
    shown = st.toggle(
        f"Every feature as a table ({len(rows)}): the map as text",
        value=False,
        key="table",
        help="Search and sort it; choose a row to show that feature on the map.",
    )
    if not shown:  # the grid's script (~1.2 MB) loads only when asked for
        return
    frame = pd.DataFrame([asdict(row) for row in rows])
    chosen = st.dataframe(
        frame,
        column_order=list(TABLE_COLUMNS),
        column_config={key: st.column_config.Column(label) for key, label in TABLE_COLUMNS.items()},
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="feature_table",
    )
    picked = chosen.selection.rows
    focus = (rows[picked[0]].layer_key, rows[picked[0]].feature_id) if picked else None
    if focus != st.session_state.get("focus_feature"):
        st.session_state.focus_feature = focus
        steer(atlas)
