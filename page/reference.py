"""Below the exports: the feature table, the article with its quoted passages marked, and
every source."""

from __future__ import annotations

import streamlit as st

from layers.record.atlas import Atlas
from layers.web.page_text import article_html, sources_html
from page import analyst
from page.errors import safely
from page.state import steer


@st.fragment
@safely
def table_panel(atlas: Atlas) -> None:
    """The feature table; choosing a row reruns only this and steers the map to it."""
    analyst.feature_table(atlas, steer)


def reference(atlas: Atlas) -> None:
    with st.expander("The article, with the passages the map quotes marked"):
        st.markdown(article_html(atlas.article, atlas.drawable), unsafe_allow_html=True)
    with st.expander("Sources"):
        st.markdown(
            "Quotes come verbatim from the commentary article above. Every other fact on the "
            "map cites one of these sources; shorelines are GSHHG 2.3 (LGPL-3.0)."
        )
        st.markdown(sources_html(atlas.drawable), unsafe_allow_html=True)
