"""Where the project's data lives."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GEODATA_DIR = REPO_ROOT / "geodata"
ARTICLE_PATH = GEODATA_DIR / "article.md"
SEED_ARTICLE_PATH = REPO_ROOT.parent / "shared" / "seeds" / "article.txt"
