"""The sidebar: a reader's own layer, the view controls, and the problems the data has."""

from __future__ import annotations

import streamlit as st

from layers.core.text import markdown_literal
from layers.plan.address import timeline_years
from layers.plan.view import FOCUS, ViewOptions
from layers.record.atlas import Atlas
from layers.uploads.layer import load_upload
from layers.uploads.untrusted import MAX_UPLOAD_BYTES, SUFFIXES
from layers.web.page_text import events_html
from page import address, analyst
from page.compare import compare_control
from page.errors import safely
from page.labels import BASE_LABELS, FOCUS_LABELS, LANGUAGES
from page.state import steer

MAX_LISTED = 200  # problems listed on the page (the validator lists them all)


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
    """A file that cannot be drawn at all: an error each. Everything else that does not fit:
    one short warning (a line per file), and every problem folded away beneath it."""
    lines, details = [], []
    for layer in atlas.layers:
        summary = layer.summary()
        if summary and summary[0] == "error":
            st.error(markdown_literal(summary[1]))
        elif summary:
            lines.append(summary[1])
            details += [p.for_reader() for p in layer.problems]
    lines += atlas.notices if mode == "explore" else ()
    others = (atlas.scene_problems if mode == "tour" else ()) + atlas.event_problems
    if others:
        lines.append(f"{len(others)} problem(s) in the tour's scenes or events")
        details += [p.for_reader() for p in others]
    if lines:
        st.warning("  \n".join(markdown_literal(line) for line in lines))
    if details:
        with st.expander(f"What does not fit, and how to fix it ({len(details)})"):
            shown = details[:MAX_LISTED]
            more = [f"… and {len(details) - MAX_LISTED} more"] if len(details) > MAX_LISTED else []
            st.markdown("\n".join(f"- {markdown_literal(d)}" for d in [*shown, *more]))


@st.fragment
@safely
def controls(atlas: Atlas, mode: str) -> None:
    """The sidebar's view controls: a change reruns only this and moves nothing else."""
    lang = st.radio(
        "Place names", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True
    )
    years = timeline_years(atlas.drawable, atlas.events)
    as_of = years[-1]
    if len(years) > 1:  # (the address may have set its value: page.address.restore)
        as_of = st.select_slider(
            "Show the map as of",
            options=years,
            key="year",
            disabled=bool(st.session_state.get("compare")),  # each side has its own year
            **default("year", years[-1]),
        )
    compare = compare_control(years) if len(years) > 1 else None
    visible = frozenset(layer.key for layer in atlas.drawable if layer.spec.default_on)
    if mode == "explore":
        st.header("Layers")
        visible = frozenset(layer.key for layer in atlas.drawable if layer_checkbox(layer))
    st.header("View")
    base = st.selectbox(
        "Base map",
        list(BASE_LABELS),
        format_func=lambda base: BASE_LABELS[base],
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
        compare=compare,
    )
    st.markdown(events_html(atlas.events, as_of), unsafe_allow_html=True)
    analyst.chronology_chart(atlas, as_of)
    options = st.session_state.options
    address.write_choices(visible, options.as_of_year, lang, touring=mode == "tour")
    steer(atlas)


def default(key: str, value: object) -> dict:
    """``value=value`` for a widget whose value the session does not hold yet (Streamlit
    warns of a widget given both)."""
    return {} if key in st.session_state else {"value": value}


def layer_checkbox(layer) -> bool:
    key = f"show_{layer.key}"
    return st.checkbox(
        markdown_literal(layer.spec.title), key=key, **default(key, layer.spec.default_on)
    )
