"""Frontier Atlas: the Streamlit page. Layout and widgets only; the work is in ``layers``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from layers.article import load_article
from layers.distances import story_distances
from layers.exports import standalone_html
from layers.loading import fingerprint, load_all
from layers.mapbuild import FOCUS_LAYERS, MapOptions, build_map
from layers.page_text import article_html, sources_html
from layers.paths import geodata_dir

st.set_page_config(page_title="Frontier Atlas", page_icon="🗺️", layout="wide")


@st.cache_data(show_spinner=False)
def cached_layers(folder: str, files: tuple) -> list:
    """Layers of ``folder``; ``files`` (names, sizes, mtimes) makes an edit reload them."""
    return load_all(Path(folder))


@st.cache_data(show_spinner=False)
def cached_distances(folder: str, files: tuple) -> tuple[list, list]:
    layers = cached_layers(folder, files)
    return story_distances({layer.spec.key: list(layer.features) for layer in layers})


folder = geodata_dir()
files = fingerprint(folder)
layers = cached_layers(str(folder), files)
measures, missing = cached_distances(str(folder), files)
drawable = [layer for layer in layers if layer.features]

st.html("<style>.block-container { padding-top: 2rem; }</style>")
st.title("Frontier Atlas: the Russia–Japan frontier after 2022")
st.caption(
    "The disputed islands — Japan's Northern Territories, Russia's Southern Kurils — with "
    "Hokkaido, the Sakhalin energy projects and reported deployments, annotated with a "
    "commentary article. Works offline; click a feature for its quotes and sources."
)

with st.sidebar:
    st.header("Layers")
    visible = frozenset(
        layer.spec.key
        for layer in drawable
        if st.checkbox(layer.spec.title, value=layer.spec.default_on, key=f"show_{layer.spec.key}")
    )
    st.header("View")
    focus = st.radio("Focus", list(FOCUS_LAYERS), key="focus")
    show_labels = st.toggle("Labels on the map", value=True, key="labels")
    show_distances = st.toggle("Distances", value=True, key="distances")

for layer in layers:
    if layer.unreadable:
        st.error("\n\n".join(f"Layer file not drawn — {p}" for p in layer.problems))
    elif layer.problems:
        st.warning(
            f"{layer.source}: {len(layer.problems)} feature(s) skipped — "
            + "; ".join(f"{p.feature}: {p.message}" for p in layer.problems[:5])
        )

options = MapOptions(
    visible=visible, focus=focus, show_labels=show_labels, show_distances=show_distances
)
fmap = build_map(layers, options, measures)
st_folium(
    fmap,
    key="atlas_map",
    height=720,
    use_container_width=True,
    returned_objects=[],
)

if show_distances and measures:
    st.markdown(
        "**Distances** (geodesic, WGS84 ellipsoid, between the nearest shoreline points): "
        + " · ".join(f"{m.label}: **{m.km:.1f} km**" for m in measures)
    )
for message in missing:
    st.warning(message)

st.download_button(
    "Download this map as one HTML file (works offline)",
    data=standalone_html(fmap),
    file_name="frontier-atlas-map.html",
    mime="text/html",
    key="download_html",
)

with st.expander("The article, with the passages the map quotes marked"):
    st.markdown(article_html(load_article(), drawable), unsafe_allow_html=True)

with st.expander("Sources"):
    st.markdown(
        "Quotes come verbatim from the commentary article above. Every other fact on the "
        "map cites one of these sources; shorelines are GSHHG 2.3 (LGPL-3.0)."
    )
    st.markdown(sources_html(drawable), unsafe_allow_html=True)
