"""Measurements that need no server: map size against feature count, exports, and where
one script run's map time goes. All in this process, from the shipped ``geodata/``;
synthetic layers live in memory only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from shapely.geometry import Point
from streamlit.logger import get_logger

from layers.core.paths import geodata_dir
from layers.core.records import Feature, Layer, Names
from layers.core.specs import generic_spec
from layers.exports import EXPORTS, html_bytes, make_export
from layers.plan.view import ViewOptions
from layers.record.atlas import Atlas, load_atlas
from layers.web.mapbuild import atlas_map

SYNTHETIC_COUNTS = (0, 1_000, 5_000, 20_000)


def synthetic_points(count: int, seed: int = 7) -> Layer:
    """``count`` named points over Hokkaido, the Kurils and Sakhalin, as an unregistered layer."""
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    spec = generic_spec("synthetic_points")
    features = tuple(
        Feature(
            layer=spec.key,
            id=f"synthetic-{i}",
            geometry=Point(round(rng.uniform(136.0, 154.0), 5), round(rng.uniform(41, 53), 5)),
            names=Names(en=f"Synthetic point {i}"),
        )
        for i in range(count)
    )
    return Layer(spec, spec.filename, features)


def _timed(make: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = make()
    return value, time.perf_counter() - started


def html_growth(atlas: Atlas) -> list[dict[str, Any]]:
    """Rendered HTML size and plan+build+render time of the map plus N extra points (the
    map carries every layer, shown or not: the HTML export's map, the app's map element)."""
    rows = []
    for count in SYNTHETIC_COUNTS:
        grown = atlas.with_layer(synthetic_points(count)) if count else atlas
        html, seconds = _timed(lambda grown=grown: html_bytes(grown, ViewOptions()))
        rows.append({"extra_features": count, "html_bytes": len(html), "seconds": seconds})
    base = rows[0]["html_bytes"]
    for row in rows:
        count = row["extra_features"]
        row["bytes_per_extra_feature"] = round((row["html_bytes"] - base) / count) if count else 0
    return rows


def exports(atlas: Atlas) -> list[dict[str, Any]]:
    """Each export of the default view (the PDF: every tour scene), timed once, with sizes.

    Made by ``make_export``, as the app's download buttons make them.
    """
    rows = []
    for kind in EXPORTS:
        data, seconds = _timed(lambda key=kind.key: make_export(key, atlas, ViewOptions()))
        rows.append({"export": kind.label, "seconds": seconds, "bytes": len(data)})
    return rows


def map_run_breakdown(atlas: Atlas, repeats: int = 5) -> dict[str, float]:
    """Median seconds of the map's one-time build (the app makes it once per data version,
    ``cached_map``; a bare st_folium page does it on every run).

    ``build_map`` is ``atlas_map``: plan every layer and make the folium objects;
    ``render`` is one full page render (what the HTML export does once); ``st_folium`` does
    what streamlit-folium 0.27 does with the map before sending it (two renders, the
    Leaflet script regenerated per element, a hash of it), replayed from its own helpers.
    """
    # declaring st_folium's component outside a script run logs a harmless warning
    get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    import streamlit_folium as sf

    def new_map() -> Any:
        return atlas_map(atlas.layers, atlas.measures, ViewOptions())

    samples: dict[str, list[float]] = {"build_map": [], "render": [], "st_folium": []}
    for _ in range(repeats):
        fmap, seconds = _timed(new_map)
        samples["build_map"].append(seconds)
        samples["render"].append(_timed(lambda fmap=fmap: fmap.get_root().render())[1])
        fmap = new_map()

        def st_folium_work(fmap: Any = fmap) -> None:
            fmap.get_root().render()
            fmap.render()
            sf._get_html(fmap)
            sf._get_header(fmap)
            script = sf._get_map_string(fmap)
            sf.generate_js_hash(script, "atlas_map", False)

        samples["st_folium"].append(_timed(st_folium_work)[1])
    return {name: sorted(values)[len(values) // 2] for name, values in samples.items()}


def load() -> tuple[Atlas, float]:
    """The atlas of the shipped geodata/ (or FRONTIER_ATLAS_GEODATA), and seconds taken."""
    return _timed(lambda: load_atlas(geodata_dir()))
