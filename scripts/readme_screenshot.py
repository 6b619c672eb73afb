"""Make the README's screenshot and print how long the map takes to appear.

    python scripts/readme_screenshot.py [--out docs/screenshot.png]

Starts ``streamlit run app.py`` on a free local port (``harness``, the same helper the
browser tests use), opens it in Debian's headless Chromium at 1600x1000 and writes the PNG.
Prints the time from starting the server to the map drawn, and the size of the map's HTML.
Needs the project installed (``pip install -r requirements-dev.txt`` does ``pip install -e .``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# Run as ``python scripts/readme_screenshot.py``: the repository first on the path, for harness/,
# bench/ and deploy/ (not installed) and this checkout's layers/.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import harness


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=harness.REPO_ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()
    out = args.out.resolve()
    started = time.perf_counter()
    try:
        with harness.app_server(harness.ARTIFACTS_DIR / "screenshot-server.log") as server:
            healthy = time.perf_counter()
            with harness.chromium() as browser:
                atlas = harness.open_atlas(browser, server.base_url, 1600, 1000)
                drawn = time.perf_counter()
                harness.wait_until_settled(atlas.page)
                out.parent.mkdir(parents=True, exist_ok=True)
                atlas.page.screenshot(path=str(out))
                map_html_bytes = atlas.frame.evaluate(
                    "() => document.documentElement.outerHTML.length"
                )
                atlas.close()
    except harness.HarnessError as exc:
        sys.stderr.write(f"readme screenshot failed: {exc}\n")
        return 2
    try:
        shown = str(out.relative_to(harness.REPO_ROOT))
    except ValueError:
        shown = str(out)
    figures = {
        "server_start_to_health_s": round(healthy - started, 2),
        "server_start_to_map_drawn_s": round(drawn - started, 2),
        "page_open_to_map_drawn_s": round(drawn - healthy, 2),
        "map_iframe_html_chars": map_html_bytes,
        "screenshot": shown,
    }
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
