"""Frontier Atlas: the Streamlit page, the script ``app.py``'s ``st.App`` runs for each session.

The page's parts live in the ``page`` package (``page.layout.main`` lays them out); every
rule about what is drawn lives in ``layers``.
"""

from __future__ import annotations

import streamlit as st

from page.layout import main

st.set_page_config(
    page_title="Frontier Atlas",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="collapsed" if "scene" in st.query_params else "auto",
)
main()
