"""The browser's half of the label placement (``layers.plan.label_placement``): the labels'
CSS and ``static/labels.js``, which applies the placement at every zoom."""

from __future__ import annotations

import folium

from layers.plan.label_placement import (
    AREA_PX,
    HIDDEN,
    LINE_HEIGHT,
    POINT_GAP,
    POINT_PX,
    POINT_RISE,
)
from layers.web.mapscript import add_map_script

CSS = f"""
<style>
.fa-label {{ line-height: {LINE_HEIGHT}; }}
.fa-tour .fa-label {{ font-size: {AREA_PX["tour"]}px; }}
.fa-tour .fa-label.fa-label-pt {{ font-size: {POINT_PX["tour"]}px; }}
.fa-label-icon[data-place="{HIDDEN}"] {{ display: none !important; }}
.fa-label-icon[data-place="l"] .fa-label.fa-label-pt {{
  transform: translate(calc(-100% - {POINT_GAP}px), -50%); }}
.fa-label-icon[data-place="t"] .fa-label.fa-label-pt {{
  transform: translate(-50%, calc(-100% - {POINT_RISE}px)); }}
.fa-label-icon[data-place="b"] .fa-label.fa-label-pt {{
  transform: translate(-50%, {POINT_RISE}px); }}
</style>
"""


def add_label_placement(fmap: folium.Map) -> None:
    """The CSS of the spots and the code that applies ``placement`` (added before the
    steering, which calls it with every state)."""
    add_map_script(fmap, "label", CSS, "labels.js", "labelPlacement")
