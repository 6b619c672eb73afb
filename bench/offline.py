"""Measurements that need no server: map size against feature count, exports, and where
one script run's map time goes. All in this process, from the shipped ``geodata/``;
synthetic layers live in memory only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from streamlit.logger import get_logger

from layers.article import load_article
from layers.distances import story_distances
from layers.exports import html_bytes, pdf_bytes, png_bytes, standalone_html
from layers.loading import LoadedLayer, load_all
from layers.mapbuild import MapOptions, build_map
from layers.paths import geodata_dir
from layers.scenes import load_scenes
from layers.specs import generic_spec

SYNTHETIC_COUNTS = (0, 1_000, 5_000, 20_000)


def synthetic_points(count: int, seed: int = 7) -> LoadedLayer:
    """``count`` named points over Hokkaido, the Kurils and Sakhalin, as an unregistered layer."""
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    features = tuple(
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(rng.uniform(136.0, 154.0), 5), round(rng.uniform(41, 53), 5)],
            },
            "properties": {"id": f"synthetic-{i}", "name": f"Synthetic point {i}"},
        }
        for i in range(count)
    )
    spec = generic_spec("synthetic_points")
    return LoadedLayer(spec, spec.filename, features)


def _timed(make: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = make()
    return value, time.perf_counter() - started


def html_growth(layers: list[LoadedLayer]) -> list[dict[str, Any]]:
    """Rendered HTML size and build+render time of the default view plus N extra points."""
    rows = []
    for count in SYNTHETIC_COUNTS:
        extra = [synthetic_points(count)] if count else []
        html, seconds = _timed(lambda extra=extra: standalone_html(build_map([*layers, *extra])))
        rows.append({"extra_features": count, "html_bytes": len(html), "seconds": seconds})
    base = rows[0]["html_bytes"]
    for row in rows:
        count = row["extra_features"]
        row["bytes_per_extra_feature"] = round((row["html_bytes"] - base) / count) if count else 0
    return rows


def exports(layers: list[LoadedLayer]) -> list[dict[str, Any]]:
    """Each export of the default view (the PDF: every tour scene), timed once, with sizes."""
    scenes, _ = load_scenes(load_article(), layers, geodata_dir())
    options = MapOptions()
    jobs = {
        "PNG slide (1920x1080)": lambda: png_bytes(layers, options, "slide"),
        "PNG A4 (300 dpi)": lambda: png_bytes(layers, options, "a4"),
        f"PDF handout ({len(scenes)} scenes)": lambda: pdf_bytes(layers, scenes, options),
        "HTML (offline map)": lambda: html_bytes(layers, options),
    }
    rows = []
    for name, job in jobs.items():
        data, seconds = _timed(job)
        rows.append({"export": name, "seconds": seconds, "bytes": len(data)})
    return rows


def map_run_breakdown(layers: list[LoadedLayer], repeats: int = 5) -> dict[str, float]:
    """Median seconds of the map work in one script run of the default view.

    ``build_map`` makes the folium objects; ``render`` is one full page render (what the
    HTML export does once); ``st_folium`` does what streamlit-folium 0.27 does with the
    map on every run before sending it (two renders, the Leaflet script regenerated per
    element, a hash of it), replayed from its module's own helpers.
    """
    # declaring st_folium's component outside a script run logs a harmless warning
    get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    import streamlit_folium as sf

    measures, _ = story_distances({layer.spec.key: list(layer.features) for layer in layers})
    samples: dict[str, list[float]] = {"build_map": [], "render": [], "st_folium": []}
    for _ in range(repeats):
        fmap, seconds = _timed(lambda: build_map(layers, MapOptions(), measures))
        samples["build_map"].append(seconds)
        samples["render"].append(_timed(lambda fmap=fmap: fmap.get_root().render())[1])
        fmap = build_map(layers, MapOptions(), measures)

        def st_folium_work(fmap: Any = fmap) -> None:
            fmap.get_root().render()
            fmap.render()
            sf._get_html(fmap)
            sf._get_header(fmap)
            script = sf._get_map_string(fmap)
            sf.generate_js_hash(script, "atlas_map", False)

        samples["st_folium"].append(_timed(st_folium_work)[1])
    return {name: sorted(values)[len(values) // 2] for name, values in samples.items()}


def load_layers() -> tuple[list[LoadedLayer], float]:
    return _timed(load_all)
