"""Check the HTML export and every page of the static site with the Nu HTML Checker.

    python scripts/check_html.py [--vnu PATH/vnu.jar] [--out DIR]

Writes the one-file HTML export (every layer; and the first scene's view) and the static site
(``python -m layers export --format site``) into ``--out`` (a temporary folder by default),
then runs ``vnu.jar`` on every page (``--errors-only``) and on the site's stylesheets
(``--css``). Prints each error and a count per file; exits 1 on any error, or when Java or
the checker is missing.

Needs Java 11 or newer (``java -version``) and ``vnu.jar``: ``npm install -g vnu-jar`` (found
under ``npm root -g``), or ``--vnu`` / ``$VNU_JAR`` pointing at the jar. The test suite does not
need them: it checks the same faults without Java (``harness/document.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# Run as ``python scripts/check_html.py``: this checkout's layers/ first on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from layers.classroom.site import write_site
from layers.core.paths import GEODATA_DIR
from layers.exports import html_bytes
from layers.plan.view import ViewOptions, scene_options
from layers.record.atlas import load_atlas

JAR_IN_NPM = Path("vnu-jar", "build", "dist", "vnu.jar")


def find_vnu(given: Path | None) -> Path:
    """The checker's jar: ``given``, ``$VNU_JAR``, or npm's global ``vnu-jar``."""
    candidates = [given] if given else []
    if os.environ.get("VNU_JAR"):
        candidates.append(Path(os.environ["VNU_JAR"]))
    npm = shutil.which("npm")
    if npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, check=False)
        candidates.append(Path(root.stdout.strip()) / JAR_IN_NPM)
    for jar in candidates:
        if jar.is_file():
            return jar
    raise SystemExit(
        f"vnu.jar not found (looked at {', '.join(map(str, candidates)) or 'nothing'}): "
        "npm install -g vnu-jar, or pass --vnu PATH/vnu.jar"
    )


def write_pages(out: Path) -> tuple[list[Path], list[Path]]:
    """The export and the site in ``out``: (HTML pages, stylesheets)."""
    atlas = load_atlas(GEODATA_DIR)
    out.mkdir(parents=True, exist_ok=True)
    (out / "export.html").write_bytes(html_bytes(atlas, ViewOptions()))
    scene_view = scene_options(atlas.scenes[0], ViewOptions())
    (out / "export-scene.html").write_bytes(html_bytes(atlas, scene_view))
    written = write_site(atlas, out / "site")
    pages = [out / "export.html", out / "export-scene.html"]
    pages += sorted(p for p in written if p.suffix == ".html")
    return pages, sorted(p for p in written if p.suffix == ".css")


def vnu_errors(jar: Path, files: list[Path], css: bool = False) -> list[dict]:
    """The checker's errors in ``files`` (its JSON messages)."""
    if not files:
        return []
    command = ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--stdout"]
    result = subprocess.run(
        command + (["--css"] if css else []) + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError) as error:
        raise SystemExit(f"vnu gave no report ({error}): {result.stderr[:500]}") from error
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vnu", type=Path, help="the checker's jar (default: $VNU_JAR, npm -g)")
    parser.add_argument("--out", type=Path, help="where to write the pages (default: a temp dir)")
    args = parser.parse_args()
    if shutil.which("java") is None:
        raise SystemExit("java not found: the Nu HTML Checker needs Java 11 or newer")
    jar = find_vnu(args.vnu)
    with tempfile.TemporaryDirectory() as temp:
        pages, sheets = write_pages(args.out or Path(temp))
        errors = vnu_errors(jar, pages) + vnu_errors(jar, sheets, css=True)
        per_file = Counter(Path(m.get("url", "?")).name for m in errors)
        for message in errors:
            where = f"{Path(message.get('url', '?')).name}:{message.get('lastLine', '?')}"
            sys.stdout.write(f"{where}: {message.get('message', '')[:200]}\n")
        for path in pages + sheets:
            sys.stdout.write(f"{per_file.get(path.name, 0):4d} errors  {path.name}\n")
        sys.stdout.write(f"{len(errors)} errors in {len(pages)} pages, {len(sheets)} stylesheets\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
