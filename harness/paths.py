"""Where things are, for the tests, the benchmark and the scripts: the repository, the
shipped data (``layers.core.paths``: one definition), the test data files, and the
``artifacts/`` folder every run writes its logs and pictures to."""

from __future__ import annotations

from pathlib import Path

from layers.core.paths import GEODATA_DIR

REPO_ROOT = Path(__file__).resolve().parent.parent
# The small data files the tests load: fixtures of good and broken layers, and hostile
# files for the security tests.
DATA_DIR = REPO_ROOT / "tests" / "data"
SECURITY_DATA_DIR = REPO_ROOT / "tests" / "uploads" / "data"
ARTIFACTS_DIR = REPO_ROOT / "artifacts"
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"

__all__ = [
    "ARTIFACTS_DIR",
    "DATA_DIR",
    "GEODATA_DIR",
    "REPO_ROOT",
    "SCREENSHOT_DIR",
    "SECURITY_DATA_DIR",
]
