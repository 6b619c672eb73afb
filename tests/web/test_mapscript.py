"""A file of our own JavaScript runs on the map: its CSS once in the head, its code in the
map's script followed by the call on the map, through the one namespace ``window.atlas``."""

from __future__ import annotations

import folium

from layers.web import mapscript
from layers.web.mapscript import add_map_script


def test_the_code_runs_on_the_map_after_the_file_and_its_css_is_in_the_head(tmp_path, monkeypatch):
    (tmp_path / "thing.js").write_text(
        "window.atlas = window.atlas || {};\natlas.thing = function(map) { map.thing = 1; };",
        encoding="utf-8",
    )
    monkeypatch.setattr(mapscript, "STATIC", tmp_path)
    mapscript.script_text.cache_clear()
    fmap = folium.Map(tiles=None)
    add_map_script(fmap, "thing", "<style>.fa-thing{}</style>", "thing.js", "thing")
    html = fmap.get_root().render()
    mapscript.script_text.cache_clear()
    head, body = html.split("</head>", 1)
    assert head.count(".fa-thing{}") == 1
    code = body.index("atlas.thing = function(map) { map.thing = 1; };")
    assert body.index(f"window.atlas.thing({fmap.get_name()});") > code


def test_every_script_defines_only_members_of_the_one_namespace():
    """No file of ours declares a global function or variable but ``atlas`` itself."""
    import re

    for path in sorted(mapscript.STATIC.glob("*.js")):
        code = path.read_text(encoding="utf-8")
        top_level = re.findall(r"^(?:function|var|let|const)\s+(\w+)", code, flags=re.M)
        assert top_level == ["atlas"], (path.name, top_level)
        assert code.count("var atlas = window.atlas = window.atlas || {};") == 1, path.name
