"""The page's last line of defence: a part that fails shows a short message, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

import streamlit as st

LOG = logging.getLogger("frontier_atlas")


def safely(part: Callable[..., None]) -> Callable[..., None]:
    """Run a part of the page (the page, or a fragment that reruns on its own); if it fails,
    show a short message and put the details in the server's log, never a traceback."""

    @wraps(part)
    def run(*args: object) -> None:
        try:
            part(*args)
        except Exception:  # the last line of defence
            LOG.exception("part of the page failed: %s", part.__name__)
            st.error(
                "Sorry, this part of the page could not be drawn. Reload it; if that does not "
                "help, the server's log has the details for whoever runs it."
            )

    return run
