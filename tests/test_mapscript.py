"""A file of our own JavaScript runs on the map: its CSS once in the head, its code in the
map's script followed by the call on the map."""

from __future__ import annotations

import folium

from layers.web.mapscript import add_map_script


def test_the_code_runs_on_the_map_after_the_file_and_its_css_is_in_the_head(tmp_path):
    script = tmp_path / "thing.js"
    script.write_text("function atlasThing(map) { map.thing = 1; }", encoding="utf-8")
    fmap = folium.Map(tiles=None)
    add_map_script(fmap, "thing", "<style>.fa-thing{}</style>", script, "atlasThing")
    html = fmap.get_root().render()
    head, body = html.split("</head>", 1)
    assert head.count(".fa-thing{}") == 1
    code = body.index("function atlasThing(map) { map.thing = 1; }")
    assert body.index(f"atlasThing({fmap.get_name()});") > code
