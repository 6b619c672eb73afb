"""What frames the map: page style, the legend and the title/source caption.

Legend and caption are Leaflet controls written here (a few lines each), with their
HTML built and escaped in Python and handed to JavaScript as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from layers.core import fonts
from layers.core.specs import PALETTE
from layers.core.text import escape
from layers.plan import label_placement as labels
from layers.plan.view import LegendEntry
from layers.web.mapscript import page_of

PAGE_CSS = f"""
<style>
.leaflet-container {{ background: {PALETTE["sea"]}; font-family: "Noto Sans", "{fonts.FAMILY}",
  "DejaVu Sans", Arial, sans-serif; }}
.fa-label-icon {{ background: none; border: none; }}
.fa-label {{ position: absolute; transform: translate(-50%, -50%); white-space: nowrap;
  font-weight: 700; font-size: {labels.AREA_PX["explore"]}px; color: #1a1a1a; pointer-events: none;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 4px #fff; }}
.fa-label.fa-label-pt {{ transform: translate({labels.POINT_GAP}px, -50%);
  font-size: {labels.POINT_PX["explore"]}px; font-weight: 600; }}
.fa-dist {{ position: absolute; transform: translate(-50%, -120%); white-space: nowrap;
  font: 700 13px/1.2 "DejaVu Sans", Arial, sans-serif; color: #000; background: #fff;
  border: 1px solid #000; border-radius: 3px; padding: 1px 4px; pointer-events: none; }}
.leaflet-popup-pane {{ z-index: 850; }}
.fa-far .fa-label-pt, .fa-far .fa-dist, .fa-far .fa-near-only,
.leaflet-container:not(.fa-far) .fa-far-only {{ display: none; }}
.fa-far .fa-label.fa-keep {{ display: block; }}
.fa-nolabels .fa-label, .fa-nolabels .fa-dist {{ display: none !important; }}
.fa-lang-en .fa-l:not(.fa-l-en), .fa-lang-ja .fa-l:not(.fa-l-ja),
.fa-lang-ru .fa-l:not(.fa-l-ru), .fa-lang-en .fa-o-en, .fa-lang-ja .fa-o-ja,
.fa-lang-ru .fa-o-ru {{ display: none; }}
.fa-popup .fa-names .fa-o {{ margin-right: .9em; }}
.fa-legend, .fa-caption {{ background: rgba(255,255,255,0.94); padding: 8px 10px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.35); color: #111; }}
.fa-legend {{ font-size: 12px; line-height: 1.35; max-width: 250px; }}
.fa-legend h4 {{ margin: 0 0 3px; font-size: 13px; }}
.fa-legend .sw {{ display: inline-block; width: 18px; height: 12px; margin-right: 6px;
  vertical-align: middle; border: 2px solid; box-sizing: border-box; }}
.fa-legend .sw.pt {{ width: 12px; border-radius: 50%; margin: 0 9px 0 3px; }}
.fa-legend .sw.ln {{ height: 0; border-width: 3px 0 0 0; }}
.fa-caption {{ font-size: 11px; max-width: 430px; }}
.fa-caption b {{ font-size: 14px; }}
.fa-pop .leaflet-popup-content {{ margin: 10px 12px; }}
.fa-popup {{ font-size: 15px; line-height: 1.4; max-height: 380px; overflow-y: auto; }}
.fa-popup h3 {{ margin: 0; font-size: 19px; }}
.fa-popup h4 {{ margin: 10px 0 4px; font-size: 13px; text-transform: uppercase;
  letter-spacing: .04em; color: #444; }}
.fa-popup .fa-layer {{ margin: 0; color: #555; font-size: 12px; }}
.fa-popup .fa-names {{ margin: 4px 0; }}
.fa-popup blockquote {{ margin: 4px 0 8px; padding: 2px 0 2px 10px;
  border-left: 4px solid {PALETTE["orange"]}; font-style: italic; }}
.fa-popup cite {{ display: block; font-size: 12px; color: #555; font-style: normal; }}
.fa-popup table {{ border-collapse: collapse; font-size: 14px; }}
.fa-popup th {{ text-align: left; vertical-align: top; padding: 2px 8px 2px 0; color: #333; }}
.fa-popup td {{ padding: 2px 0; }}
.fa-popup .fa-src-head {{ margin: 6px 0 2px; font-weight: 700; font-size: 13px; }}
.fa-popup .fa-sources {{ margin: 0; padding-left: 18px; font-size: 13px; }}
.fa-popup .fa-dates {{ margin: 0 0 4px; padding-left: 18px; font-size: 13px; }}
</style>
"""


class _HtmlControl(MacroElement):
    """A Leaflet control holding fixed, pre-escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function() {
                var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, position: str, css_class: str):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = css_class


FONTS = "frontier_atlas_fonts"  # the name of the carried font's rules in the page's header


def add_page_style(fmap: folium.Map) -> None:
    """The page's CSS, and the font it names for Japanese (``layers.core.fonts``), inlined: the
    map needs no installed CJK font, asks no server for one and works from disk."""
    header = page_of(fmap).header
    header.add_child(Element(fonts.font_face_css()), name=FONTS)
    header.add_child(Element(PAGE_CSS), name="frontier_atlas_css")


SWATCH_SHAPES = {"area": "", "point": "pt", "point+line": "pt", "line": "ln", "distance": "ln"}


def swatch(entry: LegendEntry) -> str:
    style, shape = entry.style, SWATCH_SHAPES[entry.kind]
    fill = style.fill if style.fill_opacity > 0 and shape != "ln" else "transparent"
    dashed = ";border-top-style:dashed" if shape == "ln" and style.dash_array else ""
    return (
        f'<span class="sw {shape}" style="border-color:{escape(style.color)};'
        f'background:{escape(fill)}{dashed}"></span>'
    )


def legend_html(entries: Iterable[LegendEntry]) -> str:
    """One row per legend group; a layer's variants share its row, each with a swatch."""
    groups: dict[str, list[LegendEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    rows = []
    for group, members in groups.items():
        tag = f'<div data-layer="{escape(members[0].layer)}">'
        if len(members) == 1 and not members[0].variant:
            rows.append(f"{tag}{swatch(members[0])}{escape(group)}</div>")
        else:
            parts = ", ".join(f"{swatch(e)}{escape(e.variant)}" for e in members)
            rows.append(f"{tag}{escape(group)}: {parts}</div>")
    return "<h4>Legend</h4>" + "".join(rows)


class _ZoomClasses(MacroElement):
    """Marks the map container ``fa-far`` below ``NEAR_ZOOM``, so CSS hides small labels."""

    NEAR_ZOOM = labels.NEAR_ZOOM
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            function mark() {
                map.getContainer().classList.toggle('fa-far', map.getZoom() < {{ this.NEAR_ZOOM }});
            }
            map.on('zoomend', mark);
            mark();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class Labels(MacroElement):
    """Many permanent, non-interactive DivIcon labels as one element.

    Each label is ``[lat, lon, html, feature id, [start year, end year], keepable]``; the
    markers are kept in an array (``get_name()``) so the steering can filter them by year
    and keep a highlighted feature's label at every zoom.
    One folium Marker and DivIcon per label made the page render hundreds of elements;
    this draws the same markers from one JSON array. The HTML is built and escaped in
    Python (``mapbuild.label_marker``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.labels|tojson }}.map(function(label) {
            return L.marker([label[0], label[1]], {
                interactive: false,
                keyboard: false,
                atlas: {
                    html: label[2], id: label[3], year: label[4], keepable: label[5], keep: false
                },
                icon: L.divIcon({html: label[2], className: 'fa-label-icon', iconSize: [0, 0]}),
            }).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[tuple]):
        super().__init__()
        self._name = "Labels"
        self.labels = [[round(lat, 5), round(lon, 5), *rest] for lat, lon, *rest in labels]


def add_zoom_classes(fmap: folium.Map) -> None:
    _ZoomClasses().add_to(fmap)


def add_legend(fmap: folium.Map, entries: Iterable[LegendEntry]) -> None:
    _HtmlControl(legend_html(entries), "bottomright", "fa-legend").add_to(fmap)


def add_caption(fmap: folium.Map, title: str, sources: str, data_as_of: str = "") -> None:
    """Title (the steering sets it, and "as of <year>"), then the sources line and how
    current the data is ("Data as of …", fixed: the map is built per data version)."""
    html = (
        f'<b><span class="fa-title">{escape(title)}</span><span class="fa-asof"></span></b>'
        f'<br><span class="fa-sources-line">{escape(sources)}</span>'
        + (f' <span class="fa-data-asof">{escape(data_as_of)}.</span>' if data_as_of else "")
    )
    _HtmlControl(html, "topright", "fa-caption").add_to(fmap)
