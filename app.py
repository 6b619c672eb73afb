"""Frontier Atlas: the Streamlit page. Layout and widgets only; the work is in ``layers``."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from layers.article import load_article
from layers.distances import story_distances
from layers.exports import html_bytes, pdf_bytes, png_bytes
from layers.figure import missing_fonts
from layers.loading import fingerprint, load_all
from layers.mapbuild import FOCUS_LAYERS, ONLINE_TILES, MapOptions, build_map, feature_years
from layers.page_text import article_html, events_html, quotes_html, sources_html
from layers.paths import geodata_dir
from layers.scenes import load_events, load_scenes
from layers.uploads import load_upload

LANGUAGES = {"English": "en", "日本語": "ja", "Русский": "ru"}
TOUR, EXPLORE = "Classroom tour", "Explore"

st.set_page_config(
    page_title="Frontier Atlas",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="collapsed" if "scene" in st.query_params else "auto",
)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_layers(folder: str, files: tuple) -> list:
    """Layers of ``folder``; ``files`` (names, sizes, mtimes) makes an edit reload them.

    A shared resource, not cache_data: one copy for every session (nothing mutates it),
    instead of a fresh unpickled copy of all the geometry on every rerun.
    """
    return load_all(Path(folder))


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_story(folder: str, files: tuple) -> tuple:
    """Distances, tour scenes and dated events, with their problems."""
    layers = cached_layers(folder, files)
    article = load_article()
    measures = story_distances({layer.spec.key: list(layer.features) for layer in layers})
    return measures, load_scenes(article, layers, Path(folder)), load_events(article, Path(folder))


folder = geodata_dir()
files = fingerprint(folder)
layers = cached_layers(str(folder), files)
(measures, missing), (scenes, scene_problems), (events, event_problems) = cached_story(
    str(folder), files
)
upload = st.sidebar.expander("Add your own layer").file_uploader(
    "GeoJSON or KML, up to 5 MB. Only you see it, and nothing is saved.",
    type=["geojson", "json", "kml"],
    key="upload",
)
if upload is not None:
    uploaded = st.session_state.get("uploaded")
    if uploaded is None or uploaded[0] != upload.file_id:
        layer = load_upload(upload.name, upload.getvalue(), load_article())
        st.session_state.uploaded = uploaded = (upload.file_id, layer)
    layers = [*layers, uploaded[1]]
drawable = [layer for layer in layers if layer.features]
scene_ids = [scene.id for scene in scenes]

for layer in layers:
    if layer.unreadable:
        st.error("\n\n".join(f"Layer file not drawn — {p}" for p in layer.problems))
    elif layer.problems:
        st.warning(
            f"{layer.source}: {len(layer.problems)} feature(s) skipped — "
            + "; ".join(f"{p.feature}: {p.message}" for p in layer.problems[:5])
        )

if "lang" not in st.session_state:
    wanted = st.query_params.get("lang")
    st.session_state.lang = next((k for k, v in LANGUAGES.items() if v == wanted), "English")
if "scene" not in st.session_state:
    requested = st.query_params.get("scene")
    st.session_state.scene = requested if requested in scene_ids else next(iter(scene_ids), None)
    st.session_state.mode = TOUR if requested in scene_ids else EXPLORE


def show_map(fmap, key: str, height: int) -> None:
    """The map, with no reruns on pan or zoom (``returned_objects=[]``)."""
    st_folium(fmap, key=key, height=height, use_container_width=True, returned_objects=[])


def step(offset: int) -> None:
    index = scene_ids.index(st.session_state.scene) + offset
    st.session_state.scene = scene_ids[index % len(scene_ids)]


with st.sidebar:
    mode = st.radio("Mode", [EXPLORE, TOUR], key="mode", horizontal=True)
    lang = LANGUAGES[st.radio("Place names", list(LANGUAGES), key="lang", horizontal=True)]
    years = sorted(feature_years(drawable) | {event.year for event in events}) or [0]
    as_of = years[-1]
    if len(years) > 1:
        as_of = st.select_slider(
            "Show what had been reported by", options=years, value=years[-1], key="year"
        )
    st.header("Layers")
    visible = frozenset(
        layer.spec.key
        for layer in drawable
        if st.checkbox(layer.spec.title, value=layer.spec.default_on, key=f"show_{layer.spec.key}")
    )
    st.header("View")
    base = st.selectbox(
        "Base map",
        ["Shipped land data (offline)", *ONLINE_TILES],
        key="base",
        help="Online base maps need internet; the shipped land layer works without it.",
    )
    focus = st.radio("Focus", list(FOCUS_LAYERS), key="focus")
    show_labels = st.toggle("Labels on the map", value=True, key="labels")
    show_distances = st.toggle("Distances", value=True, key="distances")
    st.markdown(events_html(events, as_of), unsafe_allow_html=True)

timeline = as_of if as_of != years[-1] else None
if mode == TOUR and scenes:
    scene = next(s for s in scenes if s.id == st.session_state.scene)
    st.query_params["scene"] = scene.id
    st.html("<style>.block-container { padding-top: 3.4rem; max-width: 100%; }</style>")
    nav = st.columns([1, 1, 4, 2])
    nav[0].button("◀ Previous", on_click=step, args=(-1,), key="prev", use_container_width=True)
    nav[1].button("Next ▶", on_click=step, args=(1,), key="next", use_container_width=True)
    nav[3].selectbox(
        "Scene",
        scene_ids,
        key="scene",
        format_func=lambda sid: (
            f"{scene_ids.index(sid) + 1}. " + next(s.title for s in scenes if s.id == sid)
        ),
        label_visibility="collapsed",
    )
    position = f"Scene {scene_ids.index(scene.id) + 1} of {len(scenes)}"
    nav[2].markdown(f"### {scene.title}  \n{position}")
    options = MapOptions(
        visible=scene.layers,
        lang=lang,
        show_labels=show_labels,
        show_distances=show_distances and "hokkaido_points" in scene.layers,
        as_of_year=timeline,
        bounds=scene.bounds,
        highlight=scene.highlight,
        title=scene.title,
    )
    left, right = st.columns([5, 2])
    with left:
        fmap = build_map(layers, options, measures)
        show_map(fmap, "tour_map", 700)
    with right:
        st.markdown(quotes_html(scene.quotes), unsafe_allow_html=True)
        st.markdown(scene.caption)
else:
    st.query_params.pop("scene", None)
    if mode == TOUR:
        st.error("No tour scenes to show: " + "; ".join(str(p) for p in scene_problems))
    st.html("<style>.block-container { padding-top: 2rem; }</style>")
    st.title("Frontier Atlas: the Russia–Japan frontier after 2022")
    st.caption(
        "The disputed islands — Japan's Northern Territories, Russia's Southern Kurils — with "
        "Hokkaido, the Sakhalin energy projects and reported deployments, annotated with a "
        "commentary article. Works offline; click a feature for its quotes and sources."
    )
    options = MapOptions(
        visible=visible,
        focus=focus,
        lang=lang,
        show_labels=show_labels,
        show_distances=show_distances,
        as_of_year=timeline,
        online_tiles=base if base in ONLINE_TILES else None,
    )
    fmap = build_map(layers, options, measures)
    show_map(fmap, "atlas_map", 720)
    if show_distances and measures:
        st.markdown(
            "**Distances** (geodesic, WGS84 ellipsoid, between the nearest points): "
            + " · ".join(f"{m.label}: **{m.km:.1f} km**" for m in measures)
        )
    for message in missing:
        st.warning(message)

for problem in (scene_problems if mode == TOUR else []) + event_problems:
    st.warning(str(problem))

scene_now = scene if mode == TOUR and scenes else None
stem = f"frontier-atlas-{scene_now.id}" if scene_now else "frontier-atlas"
st.markdown("**Export** (made on this machine, no internet needed)")
exports = {  # key: label, bytes made only when clicked, file name, type
    "png_slide": (
        "PNG for a slide (1920×1080)",
        partial(png_bytes, layers, options, "slide", scene_now),
        f"{stem}-slide.png",
        "image/png",
    ),
    "png_a4": (
        "PNG for print (A4, 300 dpi)",
        partial(png_bytes, layers, options, "a4", scene_now),
        f"{stem}-a4.png",
        "image/png",
    ),
    "pdf": (
        "PDF handout (every tour scene)",
        partial(pdf_bytes, layers, scenes, MapOptions(lang=lang)),
        "frontier-atlas-tour.pdf",
        "application/pdf",
    ),
    "html": (
        "Interactive map as one HTML file (works offline)",
        partial(html_bytes, layers, options),
        f"{stem}.html",
        "text/html",
    ),
}
for column, (key, (label, make, file_name, mime)) in zip(
    st.columns(len(exports)), exports.items(), strict=True
):
    column.download_button(
        label,
        data=make,
        file_name=file_name,
        mime=mime,
        on_click="ignore",
        key=f"download_{key}",
        disabled=key == "pdf" and not scenes,
    )
if missing_fonts():
    st.warning(
        f"Fonts {missing_fonts()} are not installed: Japanese names in PNG/PDF exports may not "
        "render (Debian: apt-get install fonts-noto-cjk)."
    )
with st.expander("The article, with the passages the map quotes marked"):
    st.markdown(article_html(load_article(), drawable), unsafe_allow_html=True)
with st.expander("Sources"):
    st.markdown(
        "Quotes come verbatim from the commentary article above. Every other fact on the "
        "map cites one of these sources; shorelines are GSHHG 2.3 (LGPL-3.0)."
    )
    st.markdown(sources_html(drawable), unsafe_allow_html=True)
