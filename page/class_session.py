"""The presenter's class session: a class code and QR code for phones to follow the tour live.

"Start a class session" makes a session in this process's store (``live.store``); the page
then publishes every scene it shows (on the server, in the tour's rerun) and the presenter's
browser publishes the full-screen card opening and closing (``presenter.js``, with the
session's secret, which only this page holds). Followers open ``/?follow=CODE``
(``live.routes``): no Streamlit session of their own.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from layers.classroom.share import checked_base_url, qr_png
from layers.core.records import Scene
from layers.core.text import escape, markdown_literal
from layers.web.presenter import script_json
from layers.web.steering import ClientState
from live.store import Refused, Unknown, the_store

# large enough to read from the back of the room (the code is letters and digits only)
CODE_LINE = '<p style="font-size: 30px; margin: 0">Class code: <strong>%s</strong></p>'
LIVE_SCRIPT = "<script>(window.atlas = window.atlas || {}).live = %s;</script>"


def follow_url(base: str, code: str) -> str:
    return f"{base}/?follow={code}"


def start() -> None:
    code, secret = the_store().create()
    st.session_state.class_session = {"code": code, "secret": secret, "published": None}


def end() -> None:
    session = st.session_state.pop("class_session", None)
    if session:
        try:
            the_store().end(session["code"], session["secret"])
        except (Refused, Unknown):  # over already (idle): nothing left to end
            return


def class_panel() -> dict[str, Any] | None:
    """The button that starts a session, or the running session's code, QR code and end
    button; the running session (code and secret), if any."""
    session: dict[str, Any] | None = st.session_state.get("class_session")
    if session is None:
        st.button("Start a class session", on_click=start, key="class_start", width="stretch")
        st.html(LIVE_SCRIPT % "null", unsafe_allow_javascript=True)
        return None
    with st.container(border=True, key="class_box"):
        st.markdown(CODE_LINE % escape(session["code"]), unsafe_allow_html=True)
        base = checked_base_url(st.session_state.get("share_base", ""))
        if base is None:
            st.warning("Set the address for phones in the sidebar (http://… or https://…).")
        else:
            url = follow_url(base, session["code"])
            st.image(qr_png(url), width=200)
            st.caption(f"Phones follow this tour at {markdown_literal(url)}")
        st.button("End the class session", on_click=end, key="class_end", width="stretch")
    live = {"code": session["code"], "secret": session["secret"]}
    st.html(LIVE_SCRIPT % script_json(live), unsafe_allow_javascript=True)
    return session


def publish(
    session: dict[str, Any] | None,
    scene: Scene,
    number: int,
    count: int,
    state: ClientState,
    tour_title: str,
) -> None:
    """Hand the scene now shown to the session's followers (once per change)."""
    if session is None:
        return
    content = {
        "state": dict(state),
        "title": scene.title,
        "caption": scene.caption,
        "quotes": [{"text": q.text, "paragraph": q.paragraph} for q in scene.quotes],
        "number": number,
        "count": count,
        "tour_title": tour_title,
    }
    key = (scene.id, state["version"], number, count, scene.title, tour_title)
    if session.get("published") == key:
        return
    try:
        the_store().publish(session["code"], session["secret"], content)
    except Unknown:
        st.session_state.pop("class_session", None)
        st.info("The class session ended (idle too long). Start a new one for the class.")
        return
    session["published"] = key
