"""The sidebar's "Compare": the map as of two years side by side (``layers.plan.comparison``;
the map shows it with a divider, ``layers/web/static/compare.js``, without being rebuilt)."""

from __future__ import annotations

import streamlit as st

from layers.plan.comparison import Comparison, choices, default_pair, year_name

HELP = (
    "Two years side by side on the map, with a divider between them: drag it, or focus it "
    "(Tab) and move it with the arrow keys."
)


def compare_control(years: list[int]) -> Comparison | None:
    """The "Compare" toggle and, when on, the year of each side; None when off."""
    if not st.toggle("Compare", key="compare", help=HELP):
        return None
    options, first = choices(years), default_pair(years)
    left, right = (
        st.selectbox(
            f"{side} of the divider: the map as of",
            options,
            index=options.index(year),
            format_func=year_name,
            key=f"compare_{side.lower()}",
        )
        for side, year in (("Left", first.left), ("Right", first.right))
    )
    return Comparison(left, right)
