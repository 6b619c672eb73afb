"""Load every layer file in ``geodata/`` into typed ``Layer`` records.

A file that cannot be read at all is reported and skipped; a file with some bad
features keeps its good ones. Nothing here writes to disk or raises on bad data.
"""

from __future__ import annotations

from pathlib import Path

from layers.core.paths import geodata_dir
from layers.core.problems import FILE, Problem
from layers.core.records import JSONObject, Layer
from layers.core.specs import REGISTRY, LayerSpec, spec_for
from layers.record.article import Article, load_article
from layers.record.parse import decode_collection, parse_collection, size_problem

LAYER_SUFFIX = ".geojson"


def load_bytes(name: str, raw: bytes, spec: LayerSpec, article: Article) -> Layer:
    data, problems = decode_collection(name, raw)
    if data is None:
        return Layer(spec, name, (), tuple(problems))
    return load_collection(name, data, spec, article)


def load_collection(name: str, data: JSONObject, spec: LayerSpec, article: Article) -> Layer:
    features, problems = parse_collection(name, data, spec, article)
    return Layer(spec, name, features, tuple(problems))


def load_file(path: Path, article: Article | None = None) -> Layer:
    article = article or load_article()
    spec = spec_for(path.stem)
    try:
        too_big = size_problem(path.name, path.stat().st_size)  # before reading it in
        if too_big:
            return Layer(spec, path.name, (), (too_big,))
        raw = path.read_bytes()
    except OSError as exc:
        problem = Problem(path.name, FILE, f"cannot be read: {exc.strerror}")
        return Layer(spec, path.name, (), (problem,))
    return load_bytes(path.name, raw, spec, article)


def layer_paths(folder: Path | None = None) -> list[Path]:
    """Layer files, registered layers first in registry order, then the rest by name."""
    folder = folder or geodata_dir()
    order = {key: i for i, key in enumerate(REGISTRY)}
    paths = [p for p in folder.glob(f"*{LAYER_SUFFIX}") if p.is_file()]
    return sorted(paths, key=lambda p: (order.get(p.stem, len(order)), p.name))


def load_all(folder: Path | None = None, article: Article | None = None) -> list[Layer]:
    article = article or load_article()
    return [load_file(path, article) for path in layer_paths(folder)]
