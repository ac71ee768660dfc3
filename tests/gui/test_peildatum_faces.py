"""Peildatum and history times in the dock: Dutch time, through the one parser (core/model/tijd.py)."""

from __future__ import annotations

from almelo_atlas_plugin.core.figures import history
from almelo_atlas_plugin.core.model import tijd


def test_the_dock_shows_history_times_in_dutch_time(qgis_app):
    from almelo_atlas_plugin.gui.panels.history import describe

    change = {"tijd": "2021-07-01T12:45:00.000Z", "gebruiker": "ans", "laag": "locatie_opgaven", "actie": "insert",
              "nieuw": {"opgave_code": "3.4"}, "oud": None}
    assert describe(change).startswith("01-07-2021 14:45 — ans — ")  # summer time: UTC + 2
    change["tijd"] = "2021-12-01T12:45:00.000Z"
    assert describe(change).startswith("01-12-2021 13:45 — ")


def test_one_parser_for_every_face():
    """The history (dock, CLI, agenda) parses with core/tijd; no face keeps a parser of its own."""
    import pathlib

    assert history.parse_peildatum is tijd.parse_peildatum
    root = pathlib.Path(tijd.__file__).resolve().parents[2]  # almelo_atlas_plugin/
    faces = [root / "cli.py", *(root / "gui").rglob("*.py"), *(root / "processing").rglob("*.py")]
    own = [p.relative_to(root).as_posix() for p in faces
           if any(w in p.read_text(encoding="utf-8") for w in ("fromisoformat", "strptime", "fromString("))]
    assert own == [], own
