"""The Designer form of the dock: shipped in the package, its texts in the translation, checked for Qt6."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_package_ships_the_dock_form():
    names = [arc for _, arc in _tool("package").files()]
    assert "almelo_atlas_plugin/gui/dock.ui" in names


def test_the_form_texts_are_extracted_under_the_form_class():
    strings = _tool("i18n").extract()
    assert "Atlas openen…" in strings["AlmeloAtlasDock"]
    assert "Huidige laag aan de atlas toevoegen…" in strings["AlmeloAtlasDock"]
    assert "dd-MM-yyyy" not in strings["AlmeloAtlasDock"]  # notr="true": a format, not a text


def test_qt6_check_reads_the_forms(tmp_path, monkeypatch):
    qt6 = _tool("qt6_check")
    assert qt6.ui_problems() == []
    form = tmp_path / "almelo_atlas_plugin" / "x.ui"
    form.parent.mkdir()
    form.write_text('<ui version="4.0"><widget class="QDesktopWidget" name="w"/></ui>', encoding="utf-8")
    monkeypatch.setattr(qt6, "ROOT", tmp_path)
    assert len(qt6.ui_problems()) == 1
