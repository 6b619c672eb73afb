"""Load every layer file in ``geodata/`` through the validator.

A file that cannot be read at all is reported and skipped; a file with some bad
features keeps its good ones. Nothing here writes to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from layers.article import Article, load_article
from layers.paths import geodata_dir
from layers.specs import REGISTRY, LayerSpec, spec_for
from layers.validate import (
    FILE,
    Problem,
    decode_collection,
    size_problem,
    validate_collection,
)

LAYER_SUFFIX = ".geojson"


@dataclass(frozen=True)
class LoadedLayer:
    spec: LayerSpec
    source: str  # file name, as shown in messages
    features: tuple[dict, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def unreadable(self) -> bool:
        """True when the whole file was rejected (nothing of it can be drawn)."""
        return any(p.feature == FILE for p in self.problems) and not self.features


def load_bytes(name: str, raw: bytes, spec: LayerSpec, article: Article) -> LoadedLayer:
    data, problems = decode_collection(name, raw)
    if data is None:
        return LoadedLayer(spec, name, (), tuple(problems))
    features, problems = validate_collection(name, data, spec, article)
    return LoadedLayer(spec, name, tuple(features), tuple(problems))


def load_file(path: Path, article: Article | None = None) -> LoadedLayer:
    article = article or load_article()
    spec = spec_for(path.stem)
    try:
        too_big = size_problem(path.name, path.stat().st_size)  # before reading it in
        if too_big:
            return LoadedLayer(spec, path.name, (), (too_big,))
        raw = path.read_bytes()
    except OSError as exc:
        problem = Problem(path.name, FILE, f"cannot be read: {exc.strerror}")
        return LoadedLayer(spec, path.name, (), (problem,))
    return load_bytes(path.name, raw, spec, article)


def layer_paths(folder: Path | None = None) -> list[Path]:
    """Layer files, registered layers first in registry order, then the rest by name."""
    folder = folder or geodata_dir()
    order = {key: i for i, key in enumerate(REGISTRY)}
    paths = [p for p in folder.glob(f"*{LAYER_SUFFIX}") if p.is_file()]
    return sorted(paths, key=lambda p: (order.get(p.stem, len(order)), p.name))


def load_all(folder: Path | None = None, article: Article | None = None) -> list[LoadedLayer]:
    article = article or load_article()
    return [load_file(path, article) for path in layer_paths(folder)]


def fingerprint(folder: Path | None = None) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and mtimes of the layer files: a cache key that changes with the data."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in layer_paths(folder))
