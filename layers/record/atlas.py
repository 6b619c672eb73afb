"""Everything the app draws from one data folder, loaded once: the ``Atlas``.

Layers, the story's distances, the tour's scenes and the article's dated events, with
every problem found on the way. ``fingerprint`` covers every file this reads, so a
cache keyed on it reloads when any of them changes, appears or disappears.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from layers.core.paths import ARTICLE_PATH
from layers.core.problems import Problem
from layers.core.records import Event, Layer, Scene
from layers.record.article import Article, load_article
from layers.record.distances import Measure, story_distances
from layers.record.loading import LAYER_SUFFIX, load_all
from layers.record.rings import RANGES_FILE, rings_layer
from layers.record.scenes import EVENTS_FILE, SCENES_FILE, load_events, load_scenes


@dataclass(frozen=True)
class Atlas:
    article: Article
    layers: tuple[Layer, ...]
    measures: tuple[Measure, ...]
    scenes: tuple[Scene, ...]
    events: tuple[Event, ...]
    notices: tuple[str, ...]  # distances that cannot be drawn, and why
    scene_problems: tuple[Problem, ...]
    event_problems: tuple[Problem, ...]
    tour_title: str = ""  # a reader's own tour's title and words about it ("": ours)
    tour_about: str = ""

    @property
    def drawable(self) -> tuple[Layer, ...]:
        return tuple(layer for layer in self.layers if layer.features)

    def scene(self, scene_id: str | None) -> Scene | None:
        return next((s for s in self.scenes if s.id == scene_id), None)

    def with_layer(self, layer: Layer) -> Atlas:
        """This atlas with one more layer (a user's upload), nothing else recomputed."""
        return replace(self, layers=(*self.layers, layer))


def load_atlas(folder: Path) -> Atlas:
    article = load_article()
    layers = load_all(folder, article)
    if (rings := rings_layer(layers, folder)) is not None:
        layers.append(rings)
    measures, notices = story_distances(layers)
    scenes, scene_problems = load_scenes(article, layers, folder)
    events, event_problems = load_events(article, folder)
    return Atlas(
        article,
        tuple(layers),
        tuple(measures),
        tuple(scenes),
        tuple(events),
        tuple(notices),
        tuple(scene_problems),
        tuple(event_problems),
    )


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every file the atlas reads (-1 for one that is gone)."""
    paths = [*sorted(folder.glob(f"*{LAYER_SUFFIX}")), folder / SCENES_FILE, folder / EVENTS_FILE]
    paths.append(folder / RANGES_FILE)
    marks = []
    for path in [*paths, ARTICLE_PATH]:
        try:
            stat = path.stat()
            marks.append((str(path), stat.st_size, stat.st_mtime_ns))
        except OSError:  # removed between the listing and now: that, too, is a change
            marks.append((str(path), -1, -1))
    return tuple(marks)
