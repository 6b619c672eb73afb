"""What this session shows, and handing it to the map in the browser.

The map is built once per data version; what a reader changes while exploring (layers, year,
labels, distances, language, a focus or a tour scene) is handed to it as a state
(``layers/web/static/steering.js`` applies it), so the map keeps the reader's pan and zoom."""

from __future__ import annotations

import json
from dataclasses import replace

import streamlit as st

from layers.plan.address import MapView
from layers.plan.view import ViewOptions, scene_options
from layers.record.atlas import Atlas
from layers.record.marks import parse_marks
from layers.record.tours import Tour, with_tour
from layers.web.presenter import script_json
from layers.web.steering import ClientState, client_state
from page import address

# ``start``: the view the page's address asked for ([lat, lon, zoom]) or null: the map's
# steering starts there instead of fitting the state's bounds (steering.js, steerView).
PUSH_STATE = """<script>
var start = %s;
(function(state) {
  var page = window.parent, atlas = page.atlas = page.atlas || {};
  if (start) {
    atlas.view = {center: [start[0], start[1]], zoom: start[2]};
    atlas.move = state.fit.move;
  }
  atlas.state = state;
  page.document.querySelectorAll('iframe').forEach(function(frame) {
    try { var atlas = frame.contentWindow.atlas; if (atlas && atlas.apply) atlas.apply(state); }
    catch (e) { /* a frame of another origin: not the map */ }
  });
})(%s);
</script>"""


def first_visit(atlas: Atlas) -> None:
    """Scene and mode from the URL (``?scene=…``); language, layers, year and the map's view
    from it too (``page.address``); once per session."""
    if "scene" not in st.session_state:
        requested = atlas.scene(st.query_params.get("scene"))
        first = next((s.id for s in atlas.scenes), None)
        st.session_state.scene = requested.id if requested else first
        st.session_state.mode = "tour" if requested else "explore"
    if "lang" not in st.session_state:
        st.session_state.lang = "en"
        address.restore(atlas, touring=st.session_state.get("mode") == "tour")


def current(atlas: Atlas) -> tuple[ViewOptions, str]:
    """What the reader has chosen, as view options, and the name of the last explicit move."""
    options: ViewOptions = st.session_state.options
    options = replace(
        options,
        focus_feature=st.session_state.get("focus_feature"),
        marks=st.session_state.get("marks", ()),
    )
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


def keep_marks(drawings: object) -> None:
    """Keep the marks the map reports (untrusted: parsed and limited) for this session, and
    for the exports of what is on screen now (they run without a rerun of the page)."""
    marks, dropped = parse_marks(drawings)
    if marks == st.session_state.get("marks", ()):
        return
    st.session_state.marks = marks
    shown = on_screen()
    if "options" in shown:
        shown["options"] = replace(shown["options"], marks=marks)
    for reason in dropped:
        st.warning(f"Not kept: {reason}.", icon="✏️")


def push_state(state: ClientState, view: MapView | None = None) -> None:
    """Hand ``state`` to the map in the browser (or to the next map that loads); the map
    starts at ``view`` if one is given."""
    # Our own script, and JSON that may carry a reader's scene title: script_json writes
    # every "<" as \u003c, so no text can end the script or change how it is read.
    start = None if view is None else [view.lat, view.lon, view.zoom]
    st.iframe(PUSH_STATE % (json.dumps(start), script_json(state)), height=1)


def steer(atlas: Atlas) -> ClientState:
    """Send what the reader sees to the map, and keep it for the exports; the state sent."""
    options, move = current(atlas)
    on_screen()["options"] = options
    state = client_state(atlas.layers, options, move, atlas.measures)
    view = address.first_view() if st.session_state.get("mode") == "explore" else None
    push_state(state, view)
    return state


def user_tour() -> Tour | None:
    tour: Tour | None = st.session_state.get("user_tour")
    return tour


def tour_atlas(atlas: Atlas) -> Atlas:
    """``atlas`` showing this session's own tour, when it has one."""
    return with_tour(atlas, user_tour())


def use_tour(tour: Tour, scene_id: str | None = None) -> None:
    """Make ``tour`` this session's tour, showing ``scene_id`` (or its first scene).
    Called from widgets' callbacks: before any widget of this run is drawn."""
    st.session_state.user_tour = tour
    st.session_state.tour_title = tour.title  # the "Tour title" input shows this tour's
    st.session_state.tour_changed = True  # the whole page shows it (``authoring_panel``)
    ids = [scene.id for scene in tour.scenes]
    st.session_state.scene = scene_id if scene_id in ids else (ids[0] if ids else None)
    st.session_state.change_scene = st.session_state.scene
