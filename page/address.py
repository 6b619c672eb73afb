"""The page address carries the view (``layers.plan.address`` holds the rule): read once per
session into the sidebar's widgets and the map's first view, and written with
``st.query_params`` as the reader explores, so Streamlit keeps the address it sends with every
rerun (and a reconnecting page, a new session, reads it again) the same as the browser's.

The map's view reaches the server as the map element reports it (``page.map_component``):
after a pan or zoom ends, 250 ms later at most once. Streamlit writes each changed address
without a reload."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from layers.plan.address import (
    LANG,
    LAYERS,
    VIEW,
    YEAR,
    Address,
    MapView,
    address_params,
    read_address,
    timeline_years,
)
from layers.record.atlas import Atlas


def restore(atlas: Atlas, touring: bool) -> None:
    """The widgets' values (layers, year, language) and, exploring, the map's first view
    from the address; what it does not hold, or holds wrong, stays as it would be."""
    years = timeline_years(atlas.drawable, atlas.events)
    keys = [layer.key for layer in atlas.drawable]
    asked = read_address(st.query_params.to_dict(), keys, years)
    if asked.lang is not None:
        st.session_state.lang = asked.lang
    if asked.year is not None and len(years) > 1:
        st.session_state.year = asked.year
    if asked.layers is not None:
        for key in keys:
            st.session_state[f"show_{key}"] = key in asked.layers
    if asked.view is not None and not touring:
        st.session_state.address_view = asked.view


def first_view() -> MapView | None:
    """The view the address asked for, once: the map starts there (``page.state.steer``)."""
    view: MapView | None = st.session_state.pop("address_view", None)
    return view


def write(params: Mapping[str, str | None]) -> None:
    """Set the address's keys (None: drop the key), other keys kept; Streamlit is told of a
    change only, at once (each message it gets is a new entry in the browser's history)."""
    now = st.query_params.to_dict()
    wanted = {key: value for key, value in now.items() if key not in params}
    wanted |= {key: value for key, value in params.items() if value is not None}
    if wanted != now:
        st.query_params.from_dict(wanted)


def write_choices(visible: frozenset[str], year: int | None, lang: str, touring: bool) -> None:
    """Exploring: the layers, year and language in the address. In a tour the scene
    (``?scene=``) says what is shown: the address keeps only the language."""
    params = address_params(Address(layers=visible, year=year, lang=lang))
    if touring:
        write({LAYERS: None, YEAR: None, VIEW: None, LANG: params[LANG]})
    else:
        write({key: params[key] for key in (LAYERS, YEAR, LANG)})


def write_view(view: MapView | None) -> None:
    """Exploring: the map's view in the address (a tour's view is its scene's)."""
    if view is not None and st.session_state.get("mode") != "tour":
        write({VIEW: address_params(Address(view=view))[VIEW]})
