import re

from layers.exports import standalone_html
from layers.loading import load_all
from layers.mapbuild import build_map


def test_standalone_html_loads_nothing_remote():
    html = standalone_html(build_map(load_all())).decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert re.findall(r'<(?:script|link)[^>]*(?:src|href)="https?://', html) == []
    assert '<script src="data:text/javascript;base64,' in html
    assert ".leaflet-container" in html  # Leaflet's stylesheet, inlined
