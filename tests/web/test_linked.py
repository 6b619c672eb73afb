"""The live page's map files (layers.web.linked): named by content, the same bytes the
exports inline, and the map's script kept as the exact code the element ran inline."""

import base64
import hashlib
import json
import re

import pytest

from layers.core import fonts
from layers.web import linked
from layers.web.offline import leaflet_dir, leaflet_js_url

NAME = re.compile(r"^(?P<stem>[a-z]+)\.(?P<hash>[0-9a-f]{16})\.(?P<ext>js|css)$")


def test_a_name_carries_the_hash_of_its_content():
    item = linked.named("map", "js", b"var a = 1;", "text/javascript")
    assert item.name == "map." + hashlib.blake2b(b"var a = 1;", digest_size=8).hexdigest() + ".js"
    assert item.url == "/atlas-assets/" + item.name
    assert linked.named("map", "js", b"var a = 2;", "text/javascript").name != item.name


def test_leaflet_file_is_the_leaflet_the_exports_inline():
    item = linked.leaflet_file()
    assert NAME.match(item.name)["stem"] == "leaflet"
    assert item.body == (leaflet_dir() / "leaflet.js").read_bytes()
    inlined = leaflet_js_url().removeprefix("data:text/javascript;base64,")
    assert base64.b64decode(inlined) == item.body


def test_font_file_holds_both_weights_of_the_carried_font():
    css = linked.font_file().body.decode("utf-8")
    assert linked.font_file().media_type == "text/css"
    assert "<style>" not in css
    assert css.count("@font-face") == 2
    assert re.findall(r"font-weight:(\d+)", css) == ["400", "700"]
    assert f'font-family:"{fonts.FAMILY}"' in css


def test_script_file_keeps_the_code_exactly():
    code = 'var map_div = L.map("map_div");\n// "quotes", </script> and \\u2028 ü 日本\n'
    body = linked.script_file(code).body.decode("utf-8")
    assert body.startswith("window.atlasMapCode=")
    assert body.endswith(";\n")
    assert json.loads(body[len("window.atlasMapCode=") : -2]) == code
    assert linked.script_call() == "(0, eval)(window.atlasMapCode);\n"


def test_without_fonts_drops_only_the_font_rules():
    header = "<style>.a{}</style>" + fonts.font_face_css() + "<style>.b{}</style>"
    assert linked.without_fonts(header) == "<style>.a{}</style><style>.b{}</style>"
    with pytest.raises(ValueError, match="font"):
        linked.without_fonts("<style>.a{}</style>")
