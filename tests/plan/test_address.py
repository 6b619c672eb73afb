"""The address's rule (``layers.plan.address``): any query string reads as valid choices or
as nothing, never an exception; what it writes reads back the same."""

from __future__ import annotations

import math
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layers.plan.address import (
    Address,
    MapView,
    address_params,
    map_view,
    read_address,
)

KNOWN = frozenset({"deployments", "history", "disputed_islands"})
YEARS = (1855, 1956, 2014, 2025)
REGION = (120.0, 24.0, 166.0, 61.0)  # west, south, east, north: the map's region (specs)
ZOOMS = (4.0, 12.0)  # the web map's zoom range


def read(query: str) -> Address:
    return read_address(dict(parse_qsl(query, keep_blank_values=True)), KNOWN, YEARS)


def test_all_four_read():
    assert read("layers=history,deployments&year=1956&lang=ja&view=43.6,145.5,8") == Address(
        layers=frozenset({"history", "deployments"}),
        year=1956,
        lang="ja",
        view=MapView(43.6, 145.5, 8.0),
    )


def test_nothing_reads_as_nothing():
    assert read("") == Address()
    assert read("scene=sanctions&tour=abc&utm_source=mail") == Address()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("layers=history,nope", Address(layers=frozenset({"history"}))),
        ("layers=nope,also_not", Address()),  # nothing known: says nothing
        ("layers=", Address(layers=frozenset())),  # every layer off
        ("layers=,,", Address(layers=frozenset())),
        ("year=1957", Address()),  # not a year of the timeline
        ("year=%2B1956", Address()),  # a plus sign (a "+" alone reads as a space)
        ("year=1956.0", Address()),
        ("year=%D9%A1%D9%A9%D9%A5%D9%A6", Address()),  # Arabic-Indic digits
        ("year= 1956 ", Address(year=1956)),
        ("lang=de", Address()),
        ("lang=JA", Address()),
        ("view=43.6,145.5", Address()),
        ("view=43.6,145.5,8,1", Address()),
        ("view=nan,145.5,8", Address()),
        ("view=43.6,inf,8", Address()),
        ("view=1e999,145.5,8", Address()),
        ("view=23.9,145.5,8", Address()),  # south of the map's region
        ("view=43.6,166.1,8", Address()),  # east of it
        ("view=43.6,145.5,3.9", Address()),  # farther out than the map zooms
        ("view=43.6,145.5,12.5", Address()),  # nearer
        ("view=43.6,145.5,x", Address()),
        ("view=43.61239,145.5,8.25", Address(view=MapView(43.6124, 145.5, 8.25))),
        ("layers=" + "history," * 400, Address()),  # longer than any address we write
    ],
)
def test_wrong_values_are_ignored(query, expected):
    assert read(query) == expected


def test_the_last_of_a_repeated_key_counts():
    assert read("lang=ja&lang=ru").lang == "ru"


def test_written_as_short_readable_keys():
    written = address_params(
        Address(frozenset({"history", "deployments"}), 2014, "ja", MapView(43.6, 145.0, 8.0))
    )
    assert written == {
        "layers": "deployments,history",
        "year": "2014",
        "lang": "ja",
        "view": "43.6,145,8",
    }
    assert address_params(Address(view=MapView(-0.0, 145.25, 8.75)))["view"] == "0,145.25,8.75"
    assert address_params(Address()) == dict.fromkeys(("layers", "year", "lang", "view"))


queries = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.tuples(
            st.sampled_from(["layers", "year", "lang", "view", "scene", "x"]) | st.text(max_size=8),
            st.text(max_size=60)
            | st.from_regex(r"-?[0-9.e]{1,8},-?[0-9.e]{1,8},-?[0-9.e]{1,5}", fullmatch=True)
            | st.from_regex(r"[a-z_,]{0,40}", fullmatch=True),
        ),
        max_size=8,
    ).map(urlencode),
)


@given(queries)
def test_any_query_string_reads_as_valid_choices_or_nothing(query):
    address = read(query)
    assert address.layers is None or address.layers <= KNOWN
    assert address.year is None or address.year in YEARS
    assert address.lang in {None, "en", "ja", "ru"}
    if address.view is not None:
        west, south, east, north = REGION
        assert south <= address.view.lat <= north
        assert west <= address.view.lon <= east
        assert ZOOMS[0] <= address.view.zoom <= ZOOMS[1]


@given(
    st.frozensets(st.sampled_from(sorted(KNOWN))),
    st.sampled_from((None, *YEARS)),
    st.sampled_from((None, "en", "ja", "ru")),
    st.floats(24.0, 61.0),
    st.floats(120.0, 166.0),
    st.floats(4.0, 12.0),
)
def test_what_is_written_reads_back(layers, year, lang, lat, lon, zoom):
    view = map_view(lat, lon, zoom)
    assert view is not None
    assert abs(view.lat - lat) <= 0.00005 + 1e-12
    assert abs(view.zoom - zoom) <= 0.005 + 1e-12
    address = Address(layers, year, lang, view)
    query = urlencode({k: v for k, v in address_params(address).items() if v is not None})
    assert read(query) == address


@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(), st.floats())
def test_map_view_takes_only_what_the_map_can_show(lat, lon, zoom):
    view = map_view(lat, lon, zoom)
    inside = (
        all(math.isfinite(x) for x in (lat, lon, zoom))
        and 24.0 <= lat <= 61.0
        and 120.0 <= lon <= 166.0
        and 4.0 <= zoom <= 12.0
    )
    assert (view is not None) == inside
