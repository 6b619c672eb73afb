"""Frontier Atlas: the Streamlit page. It reads the controls, asks ``layers`` for a view
and lays out the result; every rule about what is drawn lives in ``layers``.

The map is built once per data version and sent as the same element on every run; what
a reader changes while exploring (layers, year, labels, distances, language, a focus or
a tour scene) reruns only a small fragment, which hands the new state to the map in the
browser (``layers/steering.js``). The map keeps the reader's own pan and zoom.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial, wraps
from pathlib import Path

import folium
import streamlit as st
import streamlit_folium
from streamlit_folium import _component_func, _get_header, _get_html, _get_map_string

from layers.classroom.share import checked_base_url, default_base_url, qr_png, scene_url
from layers.core.fonts import page_font_css
from layers.core.paths import geodata_dir
from layers.core.text import markdown_literal
from layers.exports import EXPORTS, export_glyph_warning, make_export
from layers.plan.view import FOCUS, ViewOptions, feature_years, scene_options
from layers.record.atlas import Atlas, fingerprint, load_atlas
from layers.uploads.layer import load_upload
from layers.uploads.untrusted import MAX_UPLOAD_BYTES, SUFFIXES
from layers.web.a11y import MAP_BOX, page_css
from layers.web.mapbuild import atlas_map
from layers.web.page_text import article_html, events_html, quotes_html, sources_html
from layers.web.phone import PAGE_CSS as PHONE_CSS
from layers.web.presenter import KEYS_HINT, page_script, scene_card
from layers.web.steering import client_state
from page import tools as atlas_tools

LOG = logging.getLogger("frontier_atlas")
LANGUAGES = {"en": "English", "ja": "日本語", "ru": "Русский"}
MODES = {"explore": "Explore", "tour": "Classroom tour"}
FOCUS_LABELS = {
    "frontier": "The frontier",
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
FOLIUM_FRAME = 'iframe[src*="/component/streamlit_folium."]'
MAP_HEIGHT = 700
PUSH_STATE = """<script>
(function(state) {
  var page = window.parent;
  page.__atlasState = state;
  page.document.querySelectorAll('iframe').forEach(function(frame) {
    try { if (frame.contentWindow.atlasApply) frame.contentWindow.atlasApply(state); }
    catch (e) { /* a frame of another origin: not the map */ }
  });
})(%s);
</script>"""


def safely(part: Callable[..., None]) -> Callable[..., None]:
    """Run a part of the page (the page, or a fragment that reruns on its own); if it fails,
    show a short message and put the details in the server's log, never a traceback."""

    @wraps(part)
    def run(*args: object) -> None:
        try:
            part(*args)
        except Exception:  # the last line of defence
            LOG.exception("part of the page failed: %s", part.__name__)
            st.error(
                "Sorry, this part of the page could not be drawn. Reload it; if that does not "
                "help, the server's log has the details for whoever runs it."
            )

    return run


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_atlas(folder: str, files: tuple) -> Atlas:
    """The atlas of ``folder``, shared by every session (nothing mutates it); ``files``
    (names, sizes, mtimes of every file it reads) makes an edit reload it."""
    return load_atlas(Path(folder))


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_map(_atlas: Atlas, files: tuple, upload_id: str) -> dict:
    """The map element's arguments for this data version (and upload), made once:
    the expensive part of ``st_folium`` (rendering the map and walking it)."""
    return map_args(atlas_map(_atlas.layers, _atlas.measures, ViewOptions()))


def map_args(fmap: folium.Map) -> dict:
    """streamlit-folium's component arguments for ``fmap``, as ``st_folium`` makes them."""
    fmap.get_root().render()
    script = _get_map_string(fmap)
    (south, west), (north, east) = fmap.fitted
    corners = {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
    return {
        "script": script,
        "header": _get_header(fmap),
        "html": _get_html(fmap),
        "id": streamlit_folium.get_full_id(fmap),
        "key": streamlit_folium.generate_js_hash(script, "atlas", False),
        "height": MAP_HEIGHT,
        "width": None,
        "returned_objects": ["bounds"],
        "default": {"bounds": corners},
        "zoom": None,
        "center": None,
        "feature_group": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": [],
        "js_links": [src for _, src in fmap.default_js],
        "wrap_longitude": False,
    }


def push_state(state: dict) -> None:
    """Hand ``state`` to the map in the browser (or to the next map that loads)."""
    # Our own script and JSON from geodata and the code: nothing a visitor typed or uploaded
    # reaches it (layer keys of uploads are reduced to [a-z0-9_]).
    st.iframe(PUSH_STATE % json.dumps(state).replace("</", "<\\/"), height=1)


def with_upload(atlas: Atlas) -> tuple[Atlas, str]:
    """The atlas plus this session's uploaded layer (parsed once per file), and its id."""
    upload = st.sidebar.expander("Add your own layer").file_uploader(
        f"GeoJSON, KML or KMZ, up to {MAX_UPLOAD_BYTES // 2**20} MB. "
        "Only you see it, and nothing is saved.",
        type=[suffix.lstrip(".") for suffix in SUFFIXES],
        key="upload",
    )
    if upload is None:
        return atlas, ""
    kept = st.session_state.get("uploaded")
    if kept is None or kept[0] != upload.file_id:
        kept = (upload.file_id, load_upload(upload.name, upload.getvalue(), atlas.article))
        st.session_state.uploaded = kept
    return atlas.with_layer(kept[1]), upload.file_id


def show_problems(atlas: Atlas, mode: str) -> None:
    for layer in atlas.layers:
        summary = layer.summary()
        if summary:
            level, text = summary
            (st.error if level == "error" else st.warning)(markdown_literal(text))
    for message in atlas.notices if mode == "explore" else ():
        st.warning(markdown_literal(message))
    for problem in (atlas.scene_problems if mode == "tour" else ()) + atlas.event_problems:
        st.warning(markdown_literal(problem.for_reader()))


def first_visit(atlas: Atlas) -> None:
    """Language, scene and mode from the URL (``?scene=…&lang=…``), once per session."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state.lang = wanted if wanted in LANGUAGES else "en"
    if "scene" not in st.session_state:
        requested = atlas.scene(st.query_params.get("scene"))
        first = next((s.id for s in atlas.scenes), None)
        st.session_state.scene = requested.id if requested else first
        st.session_state.mode = "tour" if requested else "explore"


def current(atlas: Atlas) -> tuple[ViewOptions, str]:
    """What the reader has chosen, as view options, and the name of the last explicit move."""
    options: ViewOptions = st.session_state.options
    options = replace(options, focus_feature=st.session_state.get("focus_feature"))
    scene = atlas.scene(st.session_state.scene)
    if st.session_state.mode == "tour" and scene is not None:
        return scene_options(scene, options), f"scene:{scene.id}"
    return options, f"focus:{options.focus}"


def on_screen() -> dict:
    """What the reader sees now (``options``, and the map's ``bounds`` after a pan), in one
    dict kept for the session: the export buttons make their files on another thread, with
    no access to ``st.session_state``, and read it from there."""
    if "on_screen" not in st.session_state:
        st.session_state.on_screen = {}
    return st.session_state.on_screen


def steer(atlas: Atlas) -> None:
    """Send what the reader sees to the map, and keep it for the exports."""
    options, move = current(atlas)
    on_screen()["options"] = options
    push_state(client_state(atlas.layers, options, move, atlas.measures))


@st.fragment
@safely
def controls(atlas: Atlas, mode: str) -> None:
    """The sidebar's view controls: a change reruns only this and moves nothing else."""
    lang = st.radio(
        "Place names", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True
    )
    years = sorted(feature_years(atlas.drawable) | {e.year for e in atlas.events}) or [0]
    as_of = years[-1]
    if len(years) > 1:
        as_of = st.select_slider("Show the map as of", options=years, value=years[-1], key="year")
    visible = frozenset(layer.key for layer in atlas.drawable if layer.spec.default_on)
    if mode == "explore":
        st.header("Layers")
        visible = frozenset(layer.key for layer in atlas.drawable if layer_checkbox(layer))
    st.header("View")
    base = st.selectbox(
        "Base map",
        list(BASE_LABELS),
        format_func=BASE_LABELS.get,
        key="base",
        help="Online base maps need internet; the shipped land layer works without it.",
    )
    focus = "region"
    if mode == "explore":
        focus = st.radio("Focus", list(FOCUS), format_func=FOCUS_LABELS.get, key="focus")
    st.session_state.options = ViewOptions(
        visible=visible,
        focus=focus,
        lang=lang,
        show_labels=st.toggle("Labels on the map", value=True, key="labels"),
        show_distances=st.toggle("Distances", value=True, key="distances"),
        as_of_year=as_of if as_of != years[-1] else None,
        online_tiles=base or None,
    )
    st.markdown(events_html(atlas.events, as_of), unsafe_allow_html=True)
    atlas_tools.chronology_chart(atlas, as_of)
    steer(atlas)


def layer_checkbox(layer) -> bool:
    return st.checkbox(
        markdown_literal(layer.spec.title), value=layer.spec.default_on, key=f"show_{layer.key}"
    )


@st.fragment
@safely
def map_view(args: dict) -> None:
    """The map; a pan or zoom reruns only this, to keep the view for the exports."""
    value = _component_func(**args) or {}
    try:
        sw, ne = value["bounds"]["_southWest"], value["bounds"]["_northEast"]
        view = (float(sw["lat"]), float(sw["lng"])), (float(ne["lat"]), float(ne["lng"]))
    except (KeyError, TypeError, ValueError):
        return
    st.session_state.view_bounds = view
    on_screen()["bounds"] = view


def step(scene_ids: list[str], offset: int) -> None:
    index = scene_ids.index(st.session_state.scene) + offset
    st.session_state.scene = scene_ids[index % len(scene_ids)]


def go_to(scene_id: str) -> None:
    st.session_state.scene = scene_id


def presenter(card: dict | None) -> None:
    """Presenter keys on the page (they press the buttons below) and the full-screen map."""
    st.html(page_script(card, FOLIUM_FRAME), unsafe_allow_javascript=True)


def tour_buttons(scene_ids: list[str]) -> None:
    """First, previous, next, last: the buttons the presenter's keys press (by their keys)."""
    first, back, forward, last = st.container(key="tour_nav").columns([1, 2, 2, 1], gap="small")
    first.button("«", on_click=go_to, args=(scene_ids[0],), key="first", help="First scene (Home)")
    back.button("◀ Previous", on_click=step, args=(scene_ids, -1), key="prev", width="stretch")
    forward.button("Next ▶", on_click=step, args=(scene_ids, 1), key="next", width="stretch")
    last.button("»", on_click=go_to, args=(scene_ids[-1],), key="last", help="Last scene (End)")


def share_settings() -> None:
    """The base of the addresses phones open (the teacher may set what students can reach)."""
    st.sidebar.text_input(
        "Address for phones (QR codes)",
        value=default_base_url(st.get_option("server.port")),
        key="share_base",
        help="Where students' phones reach this app: this computer's address on the local "
        "network by default.",
    )


def share_scene(scene_id: str) -> None:
    """A QR code of the scene's address, for students to follow on their phones."""
    with st.expander("Share this scene with phones (QR code)"):
        base = checked_base_url(st.session_state.get("share_base", ""))
        if base is None:
            st.warning("Set the address for phones in the sidebar (http://… or https://…).")
            return
        url = scene_url(base, scene_id, st.session_state.lang)
        st.image(qr_png(url), width=240)
        st.caption(markdown_literal(url))


@st.fragment
@safely
def tour_panel(atlas: Atlas) -> None:
    """Scene navigation, title, quotes and caption: a scene change reruns only this."""
    scene_ids = [scene.id for scene in atlas.scenes]
    scene = atlas.scene(st.session_state.scene) or atlas.scenes[0]
    number = scene_ids.index(scene.id) + 1
    st.query_params["scene"] = scene.id
    tour_buttons(scene_ids)
    titles = {s.id: f"{n}. {s.title}" for n, s in enumerate(atlas.scenes, start=1)}
    st.selectbox(
        "Scene", scene_ids, key="scene", format_func=titles.get, label_visibility="collapsed"
    )
    st.progress(number / len(scene_ids), text=f"Scene {number} of {len(scene_ids)}")
    st.markdown(f"### {markdown_literal(scene.title)}")
    st.markdown(quotes_html(scene.quotes), unsafe_allow_html=True)
    st.markdown(markdown_literal(scene.caption))
    st.caption(KEYS_HINT)
    share_scene(scene.id)
    presenter(scene_card(scene, number, len(scene_ids)))
    steer(atlas)


def explore_header() -> None:
    st.query_params.pop("scene", None)
    st.title(TITLE)


def explore_panel(atlas: Atlas) -> None:
    st.caption(
        "The disputed islands — Japan's Northern Territories, Russia's Southern Kurils — with "
        "Hokkaido, the Sakhalin energy projects and reported deployments, annotated with a "
        "commentary article. Works offline; click a feature for its quotes and sources."
    )
    if atlas.measures:
        st.markdown(
            "**Distances** (geodesic, WGS84 ellipsoid, between the nearest points):\n\n"
            + "\n".join(f"- {markdown_literal(m.label)}: **{m.km:.1f} km**" for m in atlas.measures)
        )
    presenter(None)


def export_now(key: str, atlas: Atlas, shown: dict) -> bytes:
    """Export ``key`` of what the reader sees right now (``on_screen``): choices, scene, view.
    Runs on the download's own thread: no Streamlit call here."""
    options: ViewOptions = shown["options"]
    bounds = shown.get("bounds")
    return make_export(key, atlas, replace(options, bounds=bounds or options.bounds))


def export_buttons(atlas: Atlas) -> None:
    scene = atlas.scene(st.session_state.scene) if st.session_state.mode == "tour" else None
    stem = f"frontier-atlas-{scene.id}" if scene else "frontier-atlas"
    st.markdown("**Export what the map shows** (made on this machine, no internet needed)")
    for column, kind in zip(st.columns(len(EXPORTS)), EXPORTS, strict=True):
        column.download_button(
            kind.label,
            data=partial(export_now, kind.key, atlas, on_screen()),
            file_name=("frontier-atlas" if kind.whole_tour else stem) + kind.suffix,
            mime=kind.mime,
            on_click="ignore",
            key=f"download_{kind.key}",
            disabled=kind.whole_tour and not atlas.scenes,
        )
    if warning := export_glyph_warning(atlas, current(atlas)[0]):
        st.warning(markdown_literal(warning))
    atlas_tools.data_downloads(atlas)


@st.fragment
@safely
def table_panel(atlas: Atlas) -> None:
    """The feature table; choosing a row reruns only this and steers the map to it."""
    atlas_tools.feature_table(atlas, steer)


def reference(atlas: Atlas) -> None:
    with st.expander("The article, with the passages the map quotes marked"):
        st.markdown(article_html(atlas.article, atlas.drawable), unsafe_allow_html=True)
    with st.expander("Sources"):
        st.markdown(
            "Quotes come verbatim from the commentary article above. Every other fact on the "
            "map cites one of these sources; shorelines are GSHHG 2.3 (LGPL-3.0)."
        )
        st.markdown(sources_html(atlas.drawable), unsafe_allow_html=True)


@safely
def main() -> None:
    """The page. The map keeps one place in it, whatever the mode, so that switching between
    exploring and the tour moves the map (a flight) instead of reloading it."""
    folder = geodata_dir()
    files = fingerprint(folder)
    atlas, upload_id = with_upload(cached_atlas(str(folder), files))
    first_visit(atlas)
    mode = st.sidebar.radio("Mode", list(MODES), format_func=MODES.get, key="mode", horizontal=True)
    touring = mode == "tour" and bool(atlas.scenes)
    if touring:
        share_settings()
    header, problems = st.container(), st.container()
    st.html(page_css(full_width=touring))
    if not touring:
        with header:  # the title before the map, so that nothing pushes the map down later
            explore_header()
    # Explore gives the map the width (its notes go below it); the tour, a column of quotes.
    left, right = st.columns([5, 2] if touring else [60, 1])
    # The map first, so the browser starts on it while the rest arrives, in a container of
    # its height: the page below it never moves when it draws (a style would come too late).
    with left, st.container(height=MAP_HEIGHT, border=False, key=MAP_BOX):
        map_view(cached_map(atlas, files, upload_id))
    with st.sidebar:
        controls(atlas, mode)
    with header:
        st.html(page_font_css())
        st.html(PHONE_CSS)
    with problems:
        show_problems(atlas, mode)
        if mode == "tour" and not touring:
            st.error("No tour scenes to show: see the problems listed above.")
    if touring:
        with right:
            tour_panel(atlas)
    else:
        with left:
            explore_panel(atlas)
    table_panel(atlas)
    export_buttons(atlas)
    reference(atlas)


st.set_page_config(
    page_title="Frontier Atlas",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="collapsed" if "scene" in st.query_params else "auto",
)
main()
