"""Where the project's data lives. ``FRONTIER_ATLAS_GEODATA`` points the app at another folder
of layer files (tests use it); the article always comes from the repository's ``geodata/``."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
GEODATA_DIR = REPO_ROOT / "geodata"
ARTICLE_PATH = REPO_ROOT / "geodata" / "article.md"
SEED_ARTICLE_PATH = REPO_ROOT.parent / "shared" / "seeds" / "article.txt"


def geodata_dir() -> Path:
    """The folder of layer files the app draws, read at call time."""
    return Path(os.environ.get("FRONTIER_ATLAS_GEODATA") or GEODATA_DIR)
