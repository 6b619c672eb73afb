"""The views a tour and a scene are drawn as: what the PDF handout, the PNGs and the
warnings about lost characters all work from (one rule, not three)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from layers.core.records import Scene
from layers.plan.view import View, ViewOptions, plan_view, scene_options
from layers.record.atlas import Atlas


def scene_view(atlas: Atlas, scene: Scene | None, options: ViewOptions) -> View:
    """The view of ``scene`` (shown with ``options``' language), or of ``options`` alone."""
    chosen = scene_options(scene, options) if scene is not None else options
    return plan_view(atlas.layers, chosen, atlas.measures)


def tour_views(atlas: Atlas, scenes: Sequence[Scene], base: ViewOptions) -> list[View]:
    """One view per scene, numbered as in the tour."""
    return [
        plan_view(
            atlas.layers,
            replace(scene_options(scene, base), title=f"{number}. {scene.title}"),
            atlas.measures,
        )
        for number, scene in enumerate(scenes, start=1)
    ]
