"""A legend that folds away and never hides the subject of the view (``fold.js``).

The legend's heading is a button that folds it to one line. After each explicit move (a
focus, a tour scene) the legend folds by itself on a narrow map (a phone) or where it would
cover a highlighted feature or a label, and unfolds where it covers none; a reader's click
holds until the next move.
"""

from __future__ import annotations

import folium

from layers.web.mapscript import add_map_script

CSS = """
<style>
.fa-legend h4 .fa-fold { font: inherit; font-weight: 700; background: none; border: 0;
  padding: 0; cursor: pointer; color: inherit; }
.fa-legend h4 .fa-fold::after { content: " \\25BE"; }
.fa-legend.fa-folded h4 .fa-fold::after { content: " \\25B8"; }
.fa-legend.fa-folded h4 { margin: 0; }
.fa-legend.fa-folded > div { display: none; }
</style>
"""


def add_legend_fold(fmap: folium.Map) -> None:
    """Make the map's legend fold (after ``chrome.add_legend``, before the steering)."""
    add_map_script(fmap, "fold", CSS, "fold.js", "legendFold")
