"""Exploring: the page's title, and the notes below the map."""

from __future__ import annotations

import streamlit as st

from layers.core.text import markdown_literal
from layers.record.atlas import Atlas
from page.labels import TITLE
from page.tour import presenter


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
