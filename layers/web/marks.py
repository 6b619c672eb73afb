"""A reader's own marks on the web map: a small plug-in of our own on Leaflet's primitives
(``static/marks.js``, ~16 kB unminified) rather than Leaflet.draw 1.0.4 (67 kB minified JS,
5 kB CSS and sprite images, no text labels, no arrow heads, ``<a>`` toolbar links named
"Draw a polyline", no Enter to finish). streamlit-folium reads the marks as it reads
Leaflet.draw's (``window.drawnItems`` and the ``draw:*`` events); limits and colours come
from ``layers.record.marks``, and the marks the page hands over arrive in the map's state
(``ClientState.marks``)."""

from __future__ import annotations

import folium

from layers.record.marks import MARK_COLORS, MAX_LABEL, MAX_MARKS, MAX_VERTICES
from layers.web.mapscript import add_map_call, add_map_script
from layers.web.presenter import script_json

CSS = """
<style>
.fa-marks { position: relative; background: #fff; padding: 1px;
  font: 13px/1.3 "DejaVu Sans", Arial, sans-serif; }
.fa-marks button { display: block; width: 30px; height: 30px; margin: 1px 0; padding: 0;
  background: #fff; border: 0; border-radius: 3px; cursor: pointer;
  font: 700 17px/30px "DejaVu Sans", Arial, sans-serif;
  color: #111; }
.fa-marks button:hover { background: #f0f0f0; }
.fa-marks button[aria-pressed="true"] { background: #111; color: #fff; }
.fa-marks button:focus-visible, .fa-marks input:focus-visible, .fa-marks select:focus-visible {
  outline: 3px solid #111; outline-offset: 1px; }
.fa-mark-status:empty { display: none; }
.fa-mark-status, .fa-mark-panel { position: absolute; left: 38px; width: 220px; padding: 4px 6px;
  background: #fff; border: 2px solid rgba(0,0,0,0.2); border-radius: 4px; font-size: 12px; }
.fa-mark-status { top: 0; }
.fa-mark-panel { top: 0; }
.fa-mark-status:not(:empty) + .fa-mark-panel { top: 64px; }
.fa-mark-panel[hidden] { display: none; }
.fa-mark-panel label { display: block; margin: 3px 0; }
.fa-mark-panel input[type=text] { width: 120px; }
.fa-drawing .leaflet-interactive { pointer-events: none !important; }
.fa-drawing { cursor: crosshair; }
.fa-mark-icon { background: none; border: 0; }
.fa-mark-dot { display: block; width: 10px; height: 10px; margin: -7px 0 0 -7px;
  border: 2px solid; border-radius: 50%; background: currentColor; }
.fa-mark-text { display: inline-block; white-space: nowrap; transform: translate(-50%, -50%);
  font: 700 14px/1.2 "DejaVu Sans", Arial, sans-serif;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
.fa-mark-tip { font: 700 12px/1.3 "DejaVu Sans", Arial, sans-serif; padding: 2px 5px; }
.fa-mark-vertex, .fa-mark-move { background: #fff; border: 2px solid #111; border-radius: 2px; }
.fa-mark-move { border-radius: 50%; background: #111; }
</style>
"""


def add_mark_tools(fmap: folium.Map) -> None:
    """The marks toolbar on ``fmap`` (after the steering: it loads the state's marks)."""
    config = {
        "colors": MARK_COLORS,
        "maxMarks": MAX_MARKS,
        "maxVertices": MAX_VERTICES,
        "maxLabel": MAX_LABEL,
    }
    add_map_call(fmap, f"(window.atlas = window.atlas || {{}}).markConfig = {script_json(config)};")
    add_map_script(fmap, "marks", CSS, "marks.js", "markTools")
