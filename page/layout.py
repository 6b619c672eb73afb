"""The whole page, part by part. The map keeps one place in it, whatever the mode."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from layers.core.fonts import page_font_css
from layers.core.paths import geodata_dir
from layers.plan.view import ViewOptions
from layers.record.atlas import Atlas, fingerprint, load_atlas
from layers.web.a11y import MAP_BOX, page_css
from layers.web.mapbuild import atlas_map
from layers.web.phone import PAGE_CSS as PHONE_CSS
from layers.web.screen import page_css as map_height_css
from live import map_files
from page import address, map_component
from page.authoring import authoring_panel, tour_from_address
from page.errors import safely
from page.explore import explore_header, explore_panel
from page.exports import export_buttons
from page.labels import MODES
from page.map_component import MAP_HEIGHT
from page.reference import reference, table_panel
from page.sidebar import controls, show_problems, with_upload
from page.state import first_visit, keep_marks, on_screen, tour_atlas, user_tour
from page.tour import share_settings, tour_panel


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_atlas(folder: str, files: tuple) -> Atlas:
    """The atlas of ``folder``, shared by every session (nothing mutates it); ``files``
    (names, sizes, mtimes of every file it reads) makes an edit reload it."""
    return load_atlas(Path(folder))


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_map(_atlas: Atlas, files: tuple) -> tuple[dict, list]:
    """The map element's arguments for this data version, made once and shared by every
    session (the expensive part of ``st_folium``: rendering the map and walking it), and
    the files they name (``live.map_files``)."""
    made = map_component.component_args(atlas_map(_atlas.layers, _atlas.measures, ViewOptions()))
    return map_component.by_reference(made)


def session_map(atlas: Atlas, files: tuple, upload_id: str) -> dict:
    """The map element's arguments: the shared ones, or with this session's uploaded layer
    the session's own, kept in its state (one at a time) so that they go with the session
    and never push the shared map out of the cache."""
    if not upload_id:
        st.session_state.pop("upload_map", None)
        args, named = cached_map(atlas, files)
    else:
        kept = st.session_state.get("upload_map")
        if kept is None or kept[0] != (files, upload_id):
            fmap = atlas_map(atlas.layers, atlas.measures, ViewOptions())
            # its script stays inline: the session's own, not a file the process keeps
            made = map_component.by_reference(map_component.component_args(fmap), script=False)
            kept = ((files, upload_id), *made)
            st.session_state.upload_map = kept
        _, args, named = kept
    map_files.register(named)  # on each run, what the page names is served (cheap when known)
    return args


@st.fragment
@safely
def map_view(args: dict) -> None:
    """The map; a pan or zoom reruns only this, to keep the view for the exports and
    write it in the address, and so does a mark drawn, edited or deleted (kept for the
    exports, the scenes and the download)."""
    report = map_component.show(args)
    if report.drawings is not None:
        keep_marks(report.drawings)
    address.write_view(report.view)
    if report.bounds is None:
        return
    st.session_state.view_bounds = report.bounds
    on_screen()["bounds"] = report.bounds


@safely
def main() -> None:
    """The page. The map keeps one place in it, whatever the mode, so that switching between
    exploring and the tour moves the map (a flight) instead of reloading it."""
    folder = geodata_dir()
    files = fingerprint(folder)
    atlas, upload_id = with_upload(cached_atlas(str(folder), files))
    shipped = atlas.scenes
    tour_from_address(atlas)
    atlas = tour_atlas(atlas)  # this session's own tour, when it has one
    first_visit(atlas)
    mode = st.sidebar.radio("Mode", list(MODES), format_func=MODES.get, key="mode", horizontal=True)
    touring = mode == "tour" and bool(atlas.scenes)
    if touring:
        share_settings()
    header, problems = st.container(), st.container()
    # Before the map: its height (the window's) is known when it draws.
    st.html(page_css(full_width=touring) + map_height_css(MAP_BOX, touring))
    if not touring:
        with header:  # the title before the map, so that nothing pushes the map down later
            explore_header()
    # Explore gives the map the width (its notes go below it); the tour, a column of quotes.
    left, right = st.columns([5, 2] if touring else [60, 1])
    # The map first, so the browser starts on it while the rest arrives, in a container of
    # its height (the window's, by the style above; MAP_HEIGHT without it): the page below
    # it never moves when it draws.
    with left, st.container(height=MAP_HEIGHT, border=False, key=MAP_BOX):
        map_view(session_map(atlas, files, upload_id))
    with st.sidebar:
        controls(atlas, mode)
    with header:
        st.html(page_font_css())
        st.html(PHONE_CSS)
    with problems:
        show_problems(atlas, mode)
        if mode == "tour" and not touring:
            st.error(
                "Your tour has no scenes yet: save a view as a scene (under the map)."
                if user_tour() is not None
                else "No tour scenes to show: see the problems listed above."
            )
    if touring:
        with right:
            tour_panel(atlas)
    else:
        with left:
            explore_panel(atlas)
    table_panel(atlas)
    authoring_panel(atlas, shipped)
    export_buttons(atlas)
    reference(atlas)
