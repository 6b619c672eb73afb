"""'Data as of': the newest date in the shipped data, on the map, the figure and the HTML."""

from __future__ import annotations

import json
import re

from layers.core.paths import GEODATA_DIR
from layers.core.records import Layer
from layers.exports import make_export
from layers.plan.view import ViewOptions, plan_view
from layers.print.figure import render_figure
from layers.uploads.layer import load_upload

DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def newest_in_files() -> str:
    """Every date-shaped property value and source date in geodata/, read as text."""
    found = []
    for path in [*GEODATA_DIR.glob("*.geojson"), GEODATA_DIR / "ranges.json"]:
        text = json.loads(path.read_text(encoding="utf-8"))
        stack = [text]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack += item.values()
            elif isinstance(item, list):
                stack += item
            elif isinstance(item, str) and DATE.fullmatch(item):
                found.append(item)
    # compare as (year, month, day), a missing part counting as 0
    return max(found, key=lambda d: tuple(int(p) for p in ([*d.split("-"), "0", "0"])[:3]))


def test_the_newest_date_is_on_the_map_the_figure_and_the_html(shipped_atlas):
    atlas = shipped_atlas
    expected = f"Data as of {newest_in_files()}"
    view = plan_view(atlas.layers, ViewOptions(), atlas.measures)
    assert view.data_as_of == expected
    figure_text = [t.get_text() for t in render_figure(view).texts]
    assert any(expected in t for t in figure_text)
    html = make_export("html", atlas, ViewOptions()).decode()
    controls = [json.loads(s) for s in re.findall(r'div.innerHTML = (".*?");\n', html)]
    assert f'<span class="fa-data-asof">{expected}.</span>' in "".join(controls)


def test_an_uploaded_layer_does_not_change_it(shipped_atlas):
    atlas = shipped_atlas
    before = plan_view(atlas.layers, ViewOptions(), atlas.measures).data_as_of
    upload = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [145.0, 44.0]},
                "properties": {"name_en": "Mine", "date": "2099-01-01"},
            }
        ],
    }
    layer: Layer = load_upload("mine.geojson", json.dumps(upload).encode(), atlas.article)
    assert layer.features
    after = plan_view((*atlas.layers, layer), ViewOptions(), atlas.measures).data_as_of
    assert after == before
