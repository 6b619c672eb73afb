"""A reader's own tour: start one (from ours or empty), open and download its file, save the
view on screen as a scene, edit, move and delete scenes.

The tour lives in this browser session (``st.session_state.user_tour``); nothing is written
on the server. ``layers.record.tours.with_tour`` shows it everywhere the shipped tour shows:
the tour beside the map, the presenter, the handout and the QR code."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from layers.classroom.share import token_bytes
from layers.core.records import Scene
from layers.core.text import markdown_literal
from layers.record.atlas import Atlas
from layers.record.tours import (
    MAX_CAPTION,
    MAX_FILE_BYTES,
    MAX_SCENES,
    MAX_TITLE,
    Tour,
    layer_ids,
    moved,
    read_tour,
    tour_bytes,
)
from page.errors import safely
from page.scene_form import editing, fill, scene_form
from page.state import use_tour, user_tour

TOUR_FILE_NAME = "frontier-atlas-tour.json"


def start(tour: Tour) -> None:
    st.session_state.tour_problems = []
    st.session_state.composing = False
    use_tour(tour)


def open_file(atlas: Atlas) -> None:
    """Read the tour file just chosen (untrusted), keep what fits, name the rest."""
    upload = st.session_state.get("tour_upload")
    if upload is None:
        return
    tour, problems = read_tour(upload.getvalue(), atlas.article, layer_ids(atlas), upload.name)
    st.session_state.tour_problems = [problem.for_reader() for problem in problems]
    st.session_state.tour_not_opened = not tour.scenes
    if not tour.scenes:  # nothing of it can be shown: the tour on screen stays as it was
        return
    use_tour(tour)
    st.session_state.mode = "tour"  # a tour just opened: show it


def change(offset: int | None) -> None:
    """Move the scene to change by ``offset``, or delete it (``offset`` None)."""
    tour = user_tour()
    chosen = st.session_state.get("change_scene")
    ids = [scene.id for scene in tour.scenes] if tour else []
    if tour is None or chosen not in ids:
        return
    index = ids.index(chosen)
    if offset is not None:
        use_tour(replace(tour, scenes=moved(tour.scenes, index, offset)), chosen)
        return
    if st.session_state.get("editing") == chosen:
        st.session_state.composing = False  # the scene being edited is gone
    kept = tour.scenes[:index] + tour.scenes[index + 1 :]
    neighbour = kept[min(index, len(kept) - 1)].id if kept else None
    use_tour(replace(tour, scenes=kept), neighbour)


def edit() -> None:
    st.session_state.composing = True
    st.session_state.editing = st.session_state.get("change_scene")
    fill(editing(user_tour() or Tour(())))


def compose() -> None:
    st.session_state.composing = True
    st.session_state.editing = None
    fill(None)


def retitle(shipped: tuple[Scene, ...]) -> None:
    """Give this session's tour (ours, until it has its own) the title just typed."""
    title = " ".join(str(st.session_state.get("tour_title", "")).split())[:MAX_TITLE]
    use_tour(replace(user_tour() or Tour(shipped), title=title), st.session_state.get("scene"))


def scene_list(tour: Tour) -> None:
    """The tour's scenes, and the buttons that change the one chosen."""
    titles = {s.id: f"{n}. {s.title}" for n, s in enumerate(tour.scenes, start=1)}
    st.markdown(
        "  \n".join(markdown_literal(title) for title in titles.values())
        or "*No scenes yet: show something on the map, then save the view as a scene.*"
    )
    if not tour.scenes:
        return
    if st.session_state.get("change_scene") not in titles:
        st.session_state.change_scene = next(iter(titles))
    ids: list[str] = list(titles)
    st.selectbox("Scene to change", ids, key="change_scene", format_func=lambda i: titles[i])
    buttons = st.columns(4)
    buttons[0].button("Edit", key="edit_scene", on_click=edit, width="stretch")
    buttons[1].button("Move up", key="scene_up", on_click=change, args=(-1,), width="stretch")
    buttons[2].button("Move down", key="scene_down", on_click=change, args=(1,), width="stretch")
    buttons[3].button("Delete", key="delete_scene", on_click=change, args=(None,), width="stretch")


def file_controls(shipped: tuple[Scene, ...], atlas: Atlas, tour: Tour) -> None:
    """Start, open and download a tour."""
    first, second = st.columns(2)
    first.button("Start from our tour", on_click=start, args=(Tour(shipped),), key="start_shipped")
    second.button("Start an empty tour", on_click=start, args=(Tour(()),), key="start_empty")
    st.file_uploader(
        f"Open a tour file (JSON, up to {MAX_FILE_BYTES // 1000} kB)",
        type=["json"],
        key="tour_upload",
        on_change=open_file,
        args=(atlas,),
    )
    if problems := st.session_state.get("tour_problems"):
        if st.session_state.get("tour_not_opened"):
            st.error("The tour file was not opened (your tour is unchanged):")
        else:
            st.warning(f"{len(problems)} part(s) of the tour file left out, the rest is open:")
        st.markdown("\n".join(f"- {markdown_literal(line)}" for line in problems[:50]))
    if "tour_title" not in st.session_state:
        st.session_state.tour_title = tour.title
    st.text_input(
        "Tour title",
        key="tour_title",
        max_chars=MAX_TITLE,
        on_change=retitle,
        args=(shipped,),
        placeholder="Frontier Atlas: classroom tour",
        help="Heads the tour beside the map, the PDF handout, the deck and the site.",
    )
    st.download_button(
        "Download this tour",
        data=tour_bytes(tour),
        file_name=TOUR_FILE_NAME,
        mime="application/json",
        on_click="ignore",
        key="download_tour",
    )


@st.fragment
@safely
def authoring_panel(atlas: Atlas, shipped: tuple[Scene, ...]) -> None:
    """The whole part: ``atlas`` shows this session's tour; ``shipped`` are our scenes.
    Opening the form or typing in it reruns only this; a change of the tour, the page."""
    if st.session_state.pop("tour_changed", False):
        st.rerun(scope="app")
    tour = user_tour() or Tour(atlas.scenes)
    with st.expander("Make your own tour", expanded=user_tour() is not None):
        st.caption(
            f"Save what the map shows as a scene, with your title and caption and up to two "
            f"sentences of the article. Up to {MAX_SCENES} scenes; titles up to {MAX_TITLE} "
            f"characters, captions up to {MAX_CAPTION}. The tour lives in this browser tab "
            "only: download it to keep it or to give it to a class."
        )
        file_controls(shipped, atlas, tour)
        st.button(
            "Save this view as a scene",
            on_click=compose,
            key="save_view",
            disabled=len(tour.scenes) >= MAX_SCENES,
            type="primary",
        )
        if note := st.session_state.pop("authoring_note", ""):
            st.success(markdown_literal(note))
        if st.session_state.get("composing"):
            scene_form(atlas, tour)
        scene_list(tour)


def tour_from_address(atlas: Atlas) -> None:
    """A tour carried in the address (``?tour=``, from a QR code), read once per session
    as untrusted input like a tour file."""
    token = st.query_params.get("tour")
    if not token or st.session_state.get("tour_address_read"):
        return
    st.session_state.tour_address_read = True
    raw = token_bytes(token, MAX_FILE_BYTES)
    if raw is None:
        st.session_state.tour_problems = [
            "The tour in this address cannot be read (cut short or changed?): showing ours."
        ]
        return
    tour, problems = read_tour(raw, atlas.article, layer_ids(atlas), "the address's tour")
    st.session_state.tour_problems = [problem.for_reader() for problem in problems]
    st.session_state.user_tour = tour
    st.session_state.tour_title = tour.title
