"""``python -m layers validate --tour FILE`` and ``export --tour FILE``: a reader's tour in
place of the shipped one; a scene's bad parts named (by the scene's id or title), the rest kept."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys

from pptx import Presentation

from layers.__main__ import main
from layers.core.paths import GEODATA_DIR, REPO_ROOT

SHIPPED = json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))["scenes"]
HOSTILE = "<script>alert(1)</script> $x$ **b** [a](http://x)"


def tour_file(tmp_path):
    """Two scenes: the second with a layer and a quote that do not exist, and hostile words."""
    good = copy.deepcopy(SHIPPED[1])
    bad = copy.deepcopy(SHIPPED[0]) | {"id": "mine", "title": HOSTILE, "caption": HOSTILE}
    bad["layers"].append("atlantis")
    bad["quotes"].append({"quote": "Never written.", "paragraph": 2})
    path = tmp_path / "tour.json"
    path.write_text(json.dumps({"title": "Mine", "scenes": [good, bad]}), encoding="utf-8")
    return path


def test_validate_a_good_tour_file(tmp_path, capsys):
    path = tmp_path / "ours.json"
    path.write_text(json.dumps({"scenes": SHIPPED}), encoding="utf-8")
    assert main(["validate", "--tour", str(path)]) == 0
    assert capsys.readouterr().out == f"ok: {path}, {len(SHIPPED)} scene(s), no problems\n"


def test_validate_names_each_problem_by_scene(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "layers", "validate", "--tour", str(tour_file(tmp_path))],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert lines[:2] == [
        "tour.json: scene 2 (mine): layer 'atlantis' dropped: no such layer is loaded",
        "tour.json: scene 2 (mine): quote dropped: quote not found verbatim in the article: "
        "'Never written.'",
    ]
    assert lines[2] == "2 problem(s) in " + str(tmp_path / "tour.json")
    assert "Traceback" not in run.stderr


def test_validate_a_file_that_is_not_there(tmp_path, capsys):
    assert main(["validate", "--tour", str(tmp_path / "gone.json")]) == 1
    assert "gone.json: (file): cannot be read" in capsys.readouterr().out


def test_export_the_tour_as_a_site(tmp_path, capsys):
    out = tmp_path / "site"
    assert (
        main(["export", "--tour", str(tour_file(tmp_path)), "--format", "site", "--out", str(out)])
        == 0
    )
    assert "scene 2 (mine): layer 'atlantis' dropped" in capsys.readouterr().err
    pages = sorted(p.name for p in out.iterdir())
    assert pages == ["1-" + SHIPPED[1]["id"] + ".html", "2-mine.html", "assets", "index.html"]
    page = (out / "2-mine.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &#36;x&#36; **b** [a](http://x)</h1>" in page
    assert "<script>alert(1)</script>" not in page  # in the scene's script JSON: <\/script>
    assert "Scene 2 of 2" in page


def test_export_the_tour_as_a_handout(tmp_path, capsys):
    out = tmp_path / "tour.pdf"
    assert (
        main(["export", "--tour", str(tour_file(tmp_path)), "--format", "pdf", "--out", str(out)])
        == 0
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages == 4  # the tour's title ("Mine"), two scenes and the chronology
    assert "atlantis" in capsys.readouterr().err


def test_export_an_empty_tour_says_so(tmp_path, capsys):
    path = tmp_path / "empty.json"
    path.write_text('{"scenes": []}', encoding="utf-8")
    assert (
        main(["export", "--tour", str(path), "--format", "pdf", "--out", str(tmp_path / "x.pdf")])
        == 1
    )
    assert "no scene to export" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_export_the_tour_as_a_deck(tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    path = tour_file(tmp_path)
    assert main(["export", "--tour", str(path), "--format", "pptx", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "scene 2 (mine): layer 'atlantis' dropped" in err
    assert "scene 2 (mine): quote dropped" in err
    slides = list(Presentation(str(out)).slides)
    titles = [slide.shapes.title.text_frame.text for slide in slides]
    # the tour's own title, its two scenes (numbered as in the tour), the sources
    assert titles == ["Mine", f"1. {SHIPPED[1]['title']}", f"2. {HOSTILE}", "Sources"]
    opening = " ".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert "2 scenes" in opening
    assert "classroom tour" not in opening


def test_export_an_empty_tour_as_a_deck_says_so(tmp_path, capsys):
    path = tmp_path / "empty.json"
    path.write_text('{"scenes": []}', encoding="utf-8")
    out = tmp_path / "x.pptx"
    assert main(["export", "--tour", str(path), "--format", "pptx", "--out", str(out)]) == 1
    assert "no scene to export" in capsys.readouterr().err
    assert not out.exists()
