"""Command line: ``python -m layers validate [PATH ...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from layers.article import load_article
from layers.loading import layer_paths, load_file
from layers.paths import geodata_dir
from layers.scenes import EVENTS_FILE, SCENES_FILE, load_events, load_scenes


def validate(paths: list[Path]) -> int:
    """Check the named files, or every layer, the scenes and the events in geodata/."""
    article = load_article()
    check_all = not paths
    paths = paths or layer_paths(geodata_dir())
    problems, features, layers = [], 0, []
    for path in paths:
        layer = load_file(path, article)
        layers.append(layer)
        problems.extend(layer.problems)
        features += len(layer.features)
    if check_all:
        scenes, scene_problems = load_scenes(article, layers)
        events, event_problems = load_events(article)
        problems += scene_problems + event_problems
        paths = [*paths, Path(SCENES_FILE), Path(EVENTS_FILE)]
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        sys.stdout.write(f"{len(problems)} problem(s) in {len(paths)} file(s)\n")
        return 1
    extra = f", {len(scenes)} scene(s), {len(events)} event(s)" if check_all else ""
    sys.stdout.write(f"ok: {len(paths)} file(s), {features} feature(s){extra}, no problems\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m layers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check geodata/ files (or the ones named)")
    check.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.paths)
    return 2


if __name__ == "__main__":
    sys.exit(main())
