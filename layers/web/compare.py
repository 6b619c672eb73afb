"""Two years side by side on the one web map (``static/compare.js``): a divider a reader
drags or moves with the arrow keys, each side clipped to what its year shows.

Why panes clipped on the divider, not folium's ``SideBySideLayers`` or ``DualMap``:
``SideBySideLayers`` clips tile layers only, and the atlas's treaty lines, deployments and
patrols are vector layers; ``DualMap`` is a second map in the page (every layer, label and
popup twice, a second steering, reported layer-order and blank-map bugs). Here the map the
page already has stays as it is: a feature of one year only moves to a copy of its pane
for that side, clipped at the divider, and a change is a state (``atlas.apply``), not a
rebuild.
"""

from __future__ import annotations

import folium

from layers.web.mapscript import add_map_script

CSS = """
<style>
.fa-compare-bar, .fa-compare-tag { display: none; }
.fa-comparing .fa-compare-bar { display: block; position: absolute; top: 0; bottom: 0;
  width: 16px; margin-left: -8px; z-index: 750; cursor: ew-resize; touch-action: none;
  background: linear-gradient(to right, transparent 6px, #1b1b1b 6px, #1b1b1b 10px,
  transparent 10px); }
.fa-compare-bar::after { content: "\\2039\\203A"; position: absolute; top: 50%; left: -8px;
  width: 32px; height: 32px; margin-top: -16px; border-radius: 16px; background: #1b1b1b;
  color: #fff; font: bold 18px/30px sans-serif; text-align: center; }
.fa-compare-bar:focus-visible { outline: none; }
.fa-compare-bar:focus-visible::after { box-shadow: 0 0 0 3px #fff, 0 0 0 6px #1a73e8; }
.fa-comparing .fa-compare-tag { display: block; position: absolute; top: 96px; z-index: 740;
  background: #1b1b1b; color: #fff; font: bold 15px/1.2 sans-serif; padding: 4px 8px;
  border-radius: 3px; pointer-events: none; }
</style>
"""


def add_compare(fmap: folium.Map) -> None:
    """Let the map compare two years (after the layers, before the steering)."""
    add_map_script(fmap, "compare", CSS, "compare.js", "compare")
