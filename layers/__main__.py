"""Command line: ``python -m layers validate [PATH ...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from layers.article import load_article
from layers.loading import layer_paths, load_file
from layers.paths import geodata_dir


def validate(paths: list[Path]) -> int:
    article = load_article()
    paths = paths or layer_paths(geodata_dir())
    problems, features = [], 0
    for path in paths:
        layer = load_file(path, article)
        problems.extend(layer.problems)
        features += len(layer.features)
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        sys.stdout.write(f"{len(problems)} problem(s) in {len(paths)} file(s)\n")
        return 1
    sys.stdout.write(f"ok: {len(paths)} file(s), {features} feature(s), no problems\n")
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
