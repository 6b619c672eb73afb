"""The house's plan holds: the README's code table names every module there is (and only
those), and no module imports, however indirectly, one that imports it back. The rules
between folders are import-linter contracts (``pyproject.toml``, run as ``lint-imports``)."""

from __future__ import annotations

import re

import grimp

from layers.core.paths import REPO_ROOT

TABLE_ROW = re.compile(r"^\| (`[^|]+`) \|", re.M)
PATH = re.compile(r"`([\w./-]+\.(?:py|js))`")


def code_table_paths() -> set[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Code\n", 1)[1].split("\n## ", 1)[0]
    return {path for cell in TABLE_ROW.findall(section) for path in PATH.findall(cell)}


def product_modules() -> set[str]:
    found = {"app.py"}
    for folder in ("layers", "page", "live"):
        for path in (REPO_ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".js"} and path.name != "__init__.py":
                found.add(path.relative_to(REPO_ROOT).as_posix())
    return found


def test_the_code_table_names_every_module_and_only_modules_that_exist():
    named = code_table_paths()
    assert len(named) > 40  # the table was found and read
    assert sorted(product_modules() - named) == [], "modules the README's table leaves out"
    assert sorted(p for p in named if not (REPO_ROOT / p).is_file()) == [], "named, not there"


def test_no_import_runs_in_a_circle():
    graph = grimp.build_graph("layers", "page", "live")
    circles = sorted(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    )
    assert len(graph.modules) > 50  # the whole product was read
    assert circles == []


def test_the_tests_mirror_the_packages():
    """A folder of tests per package of ours; besides them only the whole-app browser tests,
    the tiny fixtures and the screenshot baselines."""
    packages = {p.name for p in (REPO_ROOT / "layers").iterdir() if (p / "__init__.py").is_file()}
    folders = {p.name for p in (REPO_ROOT / "tests").iterdir() if p.is_dir()} - {"__pycache__"}
    assert folders - packages == {"page", "live", "browser", "data", "baselines"}
    assert packages - folders <= {"build"}  # rebuild tools, run by hand
