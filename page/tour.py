"""The classroom tour beside the map: scene navigation (the buttons the presenter's keys press),
title, quotes, caption, a QR code for phones, and the class session phones follow live."""

from __future__ import annotations

import streamlit as st

from layers.classroom.share import (
    MAX_URL,
    checked_base_url,
    default_base_url,
    qr_png,
    scene_url,
    tour_token,
    tour_url,
)
from layers.core.text import markdown_literal
from layers.record.atlas import Atlas
from layers.record.tours import tour_bytes
from layers.web.page_text import quotes_html
from layers.web.phone import WIDE_TEXT, scene_fold_html
from layers.web.presenter import KEYS_HINT, page_script, scene_card
from page.class_session import class_panel, publish
from page.errors import safely
from page.map_component import FOLIUM_FRAME
from page.state import steer, user_tour


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
    # One row on every screen: a horizontal container never stacks (columns do on a phone,
    # and the style that kept them in a row came after the first paint: the page moved).
    with st.container(key="tour_nav", horizontal=True, wrap=False, gap="small"):
        st.button("«", on_click=go_to, args=(scene_ids[0],), key="first", help="First scene (Home)")
        st.button("◀ Previous", on_click=step, args=(scene_ids, -1), key="prev", width="stretch")
        st.button("Next ▶", on_click=step, args=(scene_ids, 1), key="next", width="stretch")
        st.button("»", on_click=go_to, args=(scene_ids[-1],), key="last", help="Last scene (End)")


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
    """A QR code of the scene's address, for students to follow on their phones. A reader's
    own tour travels in the address when it is short enough; otherwise the page says so."""
    with st.expander("Share this scene with phones (QR code)"):
        base = checked_base_url(st.session_state.get("share_base", ""))
        if base is None:
            st.warning("Set the address for phones in the sidebar (http://… or https://…).")
            return
        url = scene_url(base, scene_id, st.session_state.lang)
        if (tour := user_tour()) is not None:
            token = tour_token(tour_bytes(tour, compact=True))
            url = tour_url(base, token, scene_id, st.session_state.lang)
            if len(url) > MAX_URL:
                st.info(
                    f"Your tour is too long to share by address ({len(url)} characters; "
                    f"phones take {MAX_URL}). Give the class the tour file instead "
                    "(Download this tour, under the map), or export it as a site."
                )
                return
            st.caption("Your tour travels in this address: phones open the same scenes.")
        st.image(qr_png(url), width=240)
        st.caption(markdown_literal(url))


@st.fragment
@safely
def tour_panel(atlas: Atlas) -> None:
    """Scene navigation, title, quotes and caption: a scene change reruns only this."""
    scene_ids = [scene.id for scene in atlas.scenes]
    scene = atlas.scene(st.session_state.scene) or atlas.scenes[0]
    if scene.id != st.session_state.scene:  # a scene of another tour: this one's first
        st.session_state.scene = scene.id
    number = scene_ids.index(scene.id) + 1
    st.query_params["scene"] = scene.id
    if atlas.tour_title:  # a reader's own tour's title
        st.caption(markdown_literal(atlas.tour_title))
    tour_buttons(scene_ids)
    titles = {s.id: f"{n}. {s.title}" for n, s in enumerate(atlas.scenes, start=1)}
    st.selectbox(
        "Scene",
        scene_ids,
        key="scene",
        format_func=lambda scene_id: titles[scene_id],
        label_visibility="collapsed",
    )
    st.progress(number / len(scene_ids), text=f"Scene {number} of {len(scene_ids)}")
    # A phone: the scene's text folded to one line, under the map (hidden when wide)
    st.html(scene_fold_html(scene.title, scene.quotes, scene.caption, number, len(scene_ids)))
    with st.container(key=WIDE_TEXT):  # a wide page: the text in full (hidden on a phone)
        st.markdown(f"### {markdown_literal(scene.title)}")
        st.markdown(quotes_html(scene.quotes), unsafe_allow_html=True)
        st.markdown(markdown_literal(scene.caption))
    st.caption(KEYS_HINT)
    share_scene(scene.id)
    session = class_panel()
    presenter(scene_card(scene, number, len(scene_ids)))
    state = steer(atlas)
    publish(session, scene, number, len(scene_ids), state, atlas.tour_title or "")
