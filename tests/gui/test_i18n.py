"""Both translations load, every {placeholder} survives, and the plugin follows the QGIS locale."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from qgis.PyQt.QtCore import QCoreApplication, QSettings, QTranslator

import almelo_atlas_plugin
from almelo_atlas_plugin.core.resources import PLUGIN_DIR

pytestmark = pytest.mark.gui
I18N = PLUGIN_DIR / "i18n"
PH = re.compile(r"\{[a-z_]+\}")


def messages(lang):
    root = ET.parse(I18N / f"almelo_atlas_{lang}.ts").getroot()
    for ctx in root.iter("context"):
        for m in ctx.iter("message"):
            yield ctx.findtext("name"), m.findtext("source")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_translation_loads_and_keeps_placeholders(qgis_app, lang):
    qm = I18N / f"almelo_atlas_{lang}.qm"
    assert qm.exists(), "run `make translations`"
    t = QTranslator()
    assert t.load(str(qm))
    QCoreApplication.installTranslator(t)
    try:
        n = 0
        for ctx, src in messages(lang):
            out = QCoreApplication.translate(ctx, src)
            assert out, (ctx, src)
            assert sorted(PH.findall(out)) == sorted(PH.findall(src)), (ctx, src, out)
            out.format(**{p.strip("{}"): "x" for p in PH.findall(src)})  # formats without KeyError
            if lang == "en" and src in ("Sluiten", "Atlas openen…"):
                assert out != src
            n += 1
        assert n >= 30
    finally:
        QCoreApplication.removeTranslator(t)


def test_plugin_follows_the_qgis_locale(atlas_iface):
    s = QSettings()
    old = s.value("locale/userLocale", "")
    s.setValue("locale/userLocale", "en_GB")
    try:
        p = almelo_atlas_plugin.classFactory(atlas_iface)
        p.initGui()
        try:
            assert p.action.text() == "Atlas stadsontwikkeling (urban development)"
            p.show_dock(True)
            assert p.dock.open_button.text() == "Open atlas…"
            assert p.dock.scope.scope_buttons["wijk"].text() == "Wijk (district)"  # domain word stays Dutch
        finally:
            p.unload()
        assert QCoreApplication.translate("AlmeloAtlasDock", "Sluiten") == "Sluiten"  # translator removed on unload
    finally:
        s.setValue("locale/userLocale", old)
