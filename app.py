"""Frontier Atlas: the Streamlit page. It reads the controls, asks ``layers`` for a view
and lays out the result; every rule about what is drawn lives in ``layers``."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

import streamlit as st
from layers.untrusted import MAX_UPLOAD_BYTES, SUFFIXES
from streamlit_folium import st_folium

from layers.atlas import Atlas, fingerprint, load_atlas
from layers.exports import EXPORTS, make_export
from layers.figure import missing_fonts
from layers.mapbuild import ONLINE_TILES, build_map
from layers.page_text import article_html, events_html, quotes_html, sources_html
from layers.paths import geodata_dir
from layers.popups import markdown_literal
from layers.records import Scene
from layers.uploads import load_upload
from layers.view import FOCUS, ViewOptions, feature_years, plan_view, scene_options

LOG = logging.getLogger("frontier_atlas")
LANGUAGES = {"en": "English", "ja": "日本語", "ru": "Русский"}
MODES = {"explore": "Explore", "tour": "Classroom tour"}
FOCUS_LABELS = {
    "region": "Whole region",
    "islands": "Disputed islands",
    "sakhalin": "Sakhalin energy",
    "deployments": "Deployments",
}
BASE_LABELS = {
    "": "Shipped land data (offline)",
    "osm": "OpenStreetMap (online)",
    "carto-light": "Light, CARTO (online)",
    "esri-imagery": "Satellite, Esri (online)",
}
TITLE = "Frontier Atlas: the Russia–Japan frontier after 2022"


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_atlas(folder: str, files: tuple) -> Atlas:
    """The atlas of ``folder``, shared by every session (nothing mutates it); ``files``
    (names, sizes, mtimes of every file it reads) makes an edit reload it."""
    return load_atlas(Path(folder))


def with_upload(atlas: Atlas) -> Atlas:
    """The atlas plus this session's uploaded layer, parsed once per uploaded file."""
    upload = st.sidebar.expander("Add your own layer").file_uploader(
        f"GeoJSON, KML or KMZ, up to {MAX_UPLOAD_BYTES // 2**20} MB. "
        "Only you see it, and nothing is saved.",
        type=[suffix.lstrip(".") for suffix in SUFFIXES],
        key="upload",
    )
    if upload is None:
        return atlas
    kept = st.session_state.get("uploaded")
    if kept is None or kept[0] != upload.file_id:
        kept = (upload.file_id, load_upload(upload.name, upload.getvalue(), atlas.article))
        st.session_state.uploaded = kept
    return atlas.with_layer(kept[1])


def show_problems(atlas: Atlas, mode: str) -> None:
    for layer in atlas.layers:
        summary = layer.summary()
        if summary:
            level, text = summary
            (st.error if level == "error" else st.warning)(markdown_literal(text))
    for message in atlas.notices if mode == "explore" else ():
        st.warning(markdown_literal(message))
    for problem in (atlas.scene_problems if mode == "tour" else ()) + atlas.event_problems:
        st.warning(markdown_literal(str(problem)))


def first_visit(atlas: Atlas) -> None:
    """Language, scene and mode from the URL (``?scene=…&lang=…``), once per session."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state.lang = wanted if wanted in LANGUAGES else "en"
    if "scene" not in st.session_state:
        requested = atlas.scene(st.query_params.get("scene"))
        st.session_state.scene = (
            requested.id if requested else next((s.id for s in atlas.scenes), None)
        )
        st.session_state.mode = "tour" if requested else "explore"


def sidebar(atlas: Atlas) -> ViewOptions:
    """The controls, read into view options (domain keys, not labels)."""
    with st.sidebar:
        st.radio("Mode", list(MODES), format_func=MODES.get, key="mode", horizontal=True)
        lang = st.radio(
            "Place names", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True
        )
        years = sorted(feature_years(atlas.drawable) | {e.year for e in atlas.events}) or [0]
        as_of = years[-1]
        if len(years) > 1:
            as_of = st.select_slider(
                "Show what had been reported by", options=years, value=years[-1], key="year"
            )
        st.header("Layers")
        visible = frozenset(
            layer.key
            for layer in atlas.drawable
            if st.checkbox(
                markdown_literal(layer.spec.title),
                value=layer.spec.default_on,
                key=f"show_{layer.key}",
            )
        )
        st.header("View")
        base = st.selectbox(
            "Base map",
            list(BASE_LABELS),
            format_func=BASE_LABELS.get,
            key="base",
            help="Online base maps need internet; the shipped land layer works without it.",
        )
        focus = st.radio("Focus", list(FOCUS), format_func=FOCUS_LABELS.get, key="focus")
        show_labels = st.toggle("Labels on the map", value=True, key="labels")
        show_distances = st.toggle("Distances", value=True, key="distances")
        st.markdown(events_html(atlas.events, as_of), unsafe_allow_html=True)
    return ViewOptions(
        visible=visible,
        focus=focus,
        lang=lang,
        show_labels=show_labels,
        show_distances=show_distances,
        as_of_year=as_of if as_of != years[-1] else None,
        online_tiles=base if base in ONLINE_TILES else None,
    )


def show_map(options: ViewOptions, atlas: Atlas, key: str, height: int) -> None:
    """The map, with no reruns on pan or zoom (``returned_objects=[]``)."""
    fmap = build_map(plan_view(atlas.layers, options, atlas.measures))
    st_folium(fmap, key=key, height=height, use_container_width=True, returned_objects=[])


def step(scene_ids: list[str], offset: int) -> None:
    index = scene_ids.index(st.session_state.scene) + offset
    st.session_state.scene = scene_ids[index % len(scene_ids)]


def tour_page(atlas: Atlas, base: ViewOptions) -> tuple[ViewOptions, Scene]:
    scene_ids = [scene.id for scene in atlas.scenes]
    scene = atlas.scene(st.session_state.scene) or atlas.scenes[0]
    st.query_params["scene"] = scene.id
    st.html("<style>.block-container { padding-top: 3.4rem; max-width: 100%; }</style>")
    nav = st.columns([1, 1, 4, 2])
    nav[0].button("◀ Previous", on_click=step, args=(scene_ids, -1), key="prev", width="stretch")
    nav[1].button("Next ▶", on_click=step, args=(scene_ids, 1), key="next", width="stretch")
    titles = {s.id: f"{n}. {s.title}" for n, s in enumerate(atlas.scenes, start=1)}
    nav[3].selectbox(
        "Scene", scene_ids, key="scene", format_func=titles.get, label_visibility="collapsed"
    )
    position = f"Scene {scene_ids.index(scene.id) + 1} of {len(scene_ids)}"
    nav[2].markdown(f"### {markdown_literal(scene.title)}  \n{position}")
    options = scene_options(scene, base)
    left, right = st.columns([5, 2])
    with left:
        show_map(options, atlas, "tour_map", 700)
    with right:
        st.markdown(quotes_html(scene.quotes), unsafe_allow_html=True)
        st.markdown(markdown_literal(scene.caption))
    return options, scene


def explore_page(atlas: Atlas, options: ViewOptions) -> None:
    st.query_params.pop("scene", None)
    st.html("<style>.block-container { padding-top: 2rem; }</style>")
    st.title(TITLE)
    st.caption(
        "The disputed islands — Japan's Northern Territories, Russia's Southern Kurils — with "
        "Hokkaido, the Sakhalin energy projects and reported deployments, annotated with a "
        "commentary article. Works offline; click a feature for its quotes and sources."
    )
    show_map(options, atlas, "atlas_map", 720)
    if options.show_distances and atlas.measures:
        st.markdown(
            "**Distances** (geodesic, WGS84 ellipsoid, between the nearest points): "
            + " · ".join(f"{markdown_literal(m.label)}: **{m.km:.1f} km**" for m in atlas.measures)
        )


def export_buttons(atlas: Atlas, options: ViewOptions, scene: Scene | None) -> None:
    stem = f"frontier-atlas-{scene.id}" if scene else "frontier-atlas"
    st.markdown("**Export** (made on this machine, no internet needed)")
    for column, kind in zip(st.columns(len(EXPORTS)), EXPORTS, strict=True):
        column.download_button(
            kind.label,
            data=partial(make_export, kind.key, atlas, options),
            file_name=("frontier-atlas" if kind.whole_tour else stem) + kind.suffix,
            mime=kind.mime,
            on_click="ignore",
            key=f"download_{kind.key}",
            disabled=kind.whole_tour and not atlas.scenes,
        )
    if missing_fonts():
        st.warning(
            f"Fonts {missing_fonts()} are not installed: Japanese names in PNG/PDF exports may "
            "not render (Debian: apt-get install fonts-noto-cjk)."
        )


def reference(atlas: Atlas) -> None:
    with st.expander("The article, with the passages the map quotes marked"):
        st.markdown(article_html(atlas.article, atlas.drawable), unsafe_allow_html=True)
    with st.expander("Sources"):
        st.markdown(
            "Quotes come verbatim from the commentary article above. Every other fact on the "
            "map cites one of these sources; shorelines are GSHHG 2.3 (LGPL-3.0)."
        )
        st.markdown(sources_html(atlas.drawable), unsafe_allow_html=True)


def main() -> None:
    folder = geodata_dir()
    atlas = with_upload(cached_atlas(str(folder), fingerprint(folder)))
    first_visit(atlas)
    options = sidebar(atlas)
    mode = st.session_state.mode
    show_problems(atlas, mode)
    scene = None
    if mode == "tour" and atlas.scenes:
        options, scene = tour_page(atlas, options)
    else:
        if mode == "tour":
            st.error("No tour scenes to show: see the problems listed above.")
        explore_page(atlas, options)
    export_buttons(atlas, options, scene)
    reference(atlas)


st.set_page_config(
    page_title="Frontier Atlas",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="collapsed" if "scene" in st.query_params else "auto",
)
try:
    main()
except Exception:  # the last line of defence: a short message here, the details in the log
    LOG.exception("the page failed")
    st.error(
        "Sorry, this page could not be drawn. Reload it; if that does not help, the server's "
        "log has the details for whoever runs it."
    )
