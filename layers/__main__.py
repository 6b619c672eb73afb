"""Command line.

python -m layers validate [PATH ...]
python -m layers validate --tour FILE          (a tour file: its problems, one a line)
python -m layers facts [--out PATH]
python -m layers export --scene <id|all> --format png|svg|pdf|pptx|html --preset slide|a4 --out PATH
python -m layers export --format gpkg|kml|geojson --out FILE   (the data, for GIS)
python -m layers export --format site --out DIR
python -m layers export --tour FILE ...          (that tour instead of geodata/scenes.json)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from layers.analyst.factsheet import fact_sheet
from layers.analyst.gis_export import FORMATS as GIS_FORMATS
from layers.analyst.gis_export import download_bytes
from layers.classroom.site import write_site
from layers.core.fonts import glyph_warning
from layers.core.paths import geodata_dir
from layers.core.problems import FILE, Problem
from layers.core.records import LANGUAGES, Scene
from layers.exports import FORMATS, handout_bytes, html_bytes, png_bytes, pptx_bytes, svg_bytes
from layers.plan.tour import scene_view, tour_views
from layers.plan.view import View, ViewOptions, scene_options
from layers.print.figure import PRESETS, missing_glyphs
from layers.record.article import load_article
from layers.record.asof import as_of_text
from layers.record.atlas import Atlas, load_atlas
from layers.record.checks import LAND_LAYERS, check_article, check_layers, land_of
from layers.record.loading import layer_paths, load_file
from layers.record.scenes import EVENTS_FILE, SCENES_FILE
from layers.record.tours import Tour, layer_ids, read_tour, with_tour


def validate(paths: list[Path]) -> int:
    """Check the named files, or every layer, the scenes and the events in geodata/; then
    check positions against the map's coast (``layers.record.checks``)."""
    extra, problems = "", []
    if paths:
        layers = [load_file(path, load_article()) for path in paths]
        coast = [load_file(geodata_dir() / f"{key}.geojson") for key in sorted(LAND_LAYERS)]
        problems = check_layers(layers, land_of(coast))
    else:
        atlas = load_atlas(geodata_dir())
        layers = list(atlas.layers)
        problems = [*atlas.scene_problems, *atlas.event_problems]
        problems += [*check_layers(layers), *check_article(atlas.article)]
        paths = [*layer_paths(geodata_dir()), Path(SCENES_FILE), Path(EVENTS_FILE)]
        extra = f", {len(atlas.scenes)} scene(s), {len(atlas.events)} event(s)"
    problems = [p for layer in layers for p in layer.problems] + problems
    features = sum(len(layer.features) for layer in layers)
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        sys.stdout.write(f"{len(problems)} problem(s) in {len(paths)} file(s)\n")
        return 1
    sys.stdout.write(f"ok: {len(paths)} file(s), {features} feature(s){extra}, no problems\n")
    return 0


def tour_atlas(path: Path, atlas: Atlas) -> tuple[Atlas, list[Problem]]:
    """``atlas`` showing the tour in ``path`` (read as untrusted input), and its problems."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return with_tour(atlas, Tour(())), [Problem(path.name, FILE, f"cannot be read: {exc}")]
    tour, problems = read_tour(raw, atlas.article, layer_ids(atlas), path.name)
    return with_tour(atlas, tour), problems


def validate_tour(path: Path) -> int:
    """Check a tour file against the shipped data: a line per problem, naming the scene."""
    atlas, problems = tour_atlas(path, load_atlas(geodata_dir()))
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        sys.stdout.write(f"{len(problems)} problem(s) in {path}\n")
        return 1
    sys.stdout.write(f"ok: {path}, {len(atlas.scenes)} scene(s), no problems\n")
    return 0


def facts(out: Path | None) -> int:
    """Write the fact sheet (Markdown) to ``out``, or to standard output."""
    atlas = load_atlas(geodata_dir())
    text = fact_sheet(atlas.layers, atlas.events)
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {out} ({len(text.encode()) / 1e3:.0f} kB)\n")
    return 0


def export(args: argparse.Namespace) -> int:
    """Write PNG, PDF, PowerPoint or HTML for one scene, every scene, or the default view."""
    atlas = load_atlas(geodata_dir())
    problems = list(atlas.scene_problems)
    if args.tour is not None:
        atlas, problems = tour_atlas(args.tour, atlas)
    for problem in problems:
        sys.stderr.write(f"warning: {problem}\n")
    scenes = atlas.scenes
    whole_tour = args.format in {"site", "pdf", "pptx"}
    if args.tour is not None and not scenes and (whole_tour or args.scene):
        sys.stderr.write(f"{args.tour}: no scene to export (see the warnings above)\n")
        return 1
    options = ViewOptions(lang=args.lang)
    if args.format == "site":
        return export_site(atlas, args.out, args.lang)
    picked: Sequence[Scene] = ()  # the scenes asked for: all, or the one named
    if args.scene == "all":
        picked = scenes
    elif args.scene:
        picked = [s for s in scenes if s.id == args.scene]
        if not picked:
            ids = ", ".join(s.id for s in scenes)
            sys.stderr.write(f"no scene {args.scene!r}; choose one of: {ids}, or all\n")
            return 2
    chosen: Sequence[Scene | None] = picked if args.scene else [None]  # None: the default view
    if args.format in GIS_FORMATS:
        return download(args.format, atlas, args.out)
    if args.format != "html" and (
        warning := glyph_warning(missing_glyphs(_views(args, atlas, options, chosen)))
    ):
        sys.stderr.write(f"warning: {warning}\n")
    out: Path = args.out
    if args.format in {"pdf", "pptx"}:
        handout = [s for s in chosen if s is not None] or scenes
        make = handout_bytes if args.format == "pdf" else pptx_bytes
        written = {out: make(atlas, handout, options)}
    elif len(chosen) > 1:
        out.mkdir(parents=True, exist_ok=True)
        written = {
            out / f"{n}-{scene.id}.{args.format}": _one(args, atlas, options, scene)
            for n, scene in enumerate(picked, start=1)
        }
    else:
        written = {out: _one(args, atlas, options, chosen[0])}
    for path, data in written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sys.stdout.write(f"wrote {path} ({len(data) / 1e3:.0f} kB)\n")
    return 0


def download(kind: str, atlas, out: Path) -> int:
    """Write the data as a GeoPackage, KML or zipped GeoJSON (``layers.analyst.gis_export``)."""
    data = download_bytes(kind, atlas.layers, geodata_dir())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    sys.stdout.write(f"wrote {out} ({len(data) / 1e3:.0f} kB, {as_of_text(atlas.layers)})\n")
    return 0


def export_site(atlas, out: Path, lang: str) -> int:
    """The static site of the tour (layers.classroom.site): every file and the total size."""
    sizes = write_site(atlas, out, lang)
    for path, size in sizes.items():
        sys.stdout.write(f"wrote {path} ({size / 1e3:.0f} kB)\n")
    sys.stdout.write(f"site: {len(sizes)} files, {sum(sizes.values()) / 1e6:.1f} MB in {out}\n")
    return 0


def _views(args: argparse.Namespace, atlas, options: ViewOptions, chosen) -> list[View]:
    """What a PNG or PDF export draws, for the warning about characters it would lose."""
    if args.format in {"pdf", "pptx"}:
        return tour_views(atlas, [s for s in chosen if s is not None] or atlas.scenes, options)
    return [scene_view(atlas, s, options) for s in chosen]


def _one(args: argparse.Namespace, atlas, options: ViewOptions, scene) -> bytes:
    if args.format == "html":
        return html_bytes(atlas, scene_options(scene, options) if scene else options)
    view = scene_view(atlas, scene, options)
    return svg_bytes(view, args.preset) if args.format == "svg" else png_bytes(view, args.preset)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m layers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check geodata/ files (or the ones named)")
    check.add_argument("paths", nargs="*", type=Path)
    check.add_argument("--tour", type=Path, help="check this tour file instead")
    sheet = commands.add_parser("facts", help="write the fact sheet (Markdown) of geodata/")
    sheet.add_argument("--out", type=Path, help="file to write; default: standard output")
    out = commands.add_parser(
        "export",
        help="write a PNG, PDF, PowerPoint deck or HTML of a view or tour scene, the tour as "
        "a site, or the data for GIS",
    )
    out.add_argument("--scene", help="scene id, or 'all'; default: the whole-region view")
    out.add_argument("--format", choices=(*FORMATS, "site", *GIS_FORMATS), required=True)
    out.add_argument("--preset", choices=sorted(PRESETS), default="slide", help="PNG or SVG size")
    out.add_argument("--lang", choices=LANGUAGES, default="en", help="language of place names")
    out.add_argument("--out", type=Path, required=True, help="file, or folder for --scene all")
    out.add_argument("--tour", type=Path, help="a tour file to export instead of the shipped tour")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate_tour(args.tour) if args.tour else validate(args.paths)
    if args.command == "facts":
        return facts(args.out)
    return export(args)


if __name__ == "__main__":
    sys.exit(main())
