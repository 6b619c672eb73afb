"""Frontier Atlas: the web server. ``python -m streamlit run app.py``.

An ASGI app (``st.App``): Streamlit's page (``page/main.py``) and, beside it in the same
process, the class session's routes (``live``: a presenter publishes, followers follow) and the map
element's cacheable files (``live.map_files``).
"""

from __future__ import annotations

import streamlit as st

from live import map_files
from live.routes import middleware, routes

app = st.App("page/main.py", routes=[*routes(), *map_files.routes()], middleware=middleware())
