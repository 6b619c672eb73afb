"""Make the README's screenshot and print how long the map takes to appear.

    python scripts/readme_screenshot.py [--out docs/screenshot.png]

Starts ``streamlit run app.py`` on a free local port (the same helper the browser tests
use), opens it in Debian's headless Chromium at 1600x1000 and writes the PNG. Prints the
time from starting the server to the map drawn, and the size of the map's HTML.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

import browser_support  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshot.png")
    args = parser.parse_args()
    started = time.perf_counter()
    server = browser_support.run_app_server(REPO / "artifacts" / "screenshot-server.log")
    base_url = next(server)
    healthy = time.perf_counter()
    browsers = browser_support.launch_chromium()
    browser = next(browsers)
    atlas = browser_support.open_atlas(browser, base_url, 1600, 1000)
    drawn = time.perf_counter()
    browser_support.wait_until_settled(atlas.page)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atlas.page.screenshot(path=str(args.out))
    map_html_bytes = atlas.frame.evaluate("() => document.documentElement.outerHTML.length")
    atlas.close()
    for generator in (browsers, server):
        generator.close()
    figures = {
        "server_start_to_health_s": round(healthy - started, 2),
        "server_start_to_map_drawn_s": round(drawn - started, 2),
        "page_open_to_map_drawn_s": round(drawn - healthy, 2),
        "map_iframe_html_chars": map_html_bytes,
        "screenshot": str(args.out.relative_to(REPO)),
    }
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
