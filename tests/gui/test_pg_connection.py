"""The dock opens a PostGIS store through a connection saved in QGIS, with the credentials in QGIS's authentication
database: they reach the database but never the project, the settings, the store, the recent list or the log."""

from __future__ import annotations

import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsAuthMethodConfig,
    QgsDataSourceUri,
    QgsProject,
    QgsProviderRegistry,
    QgsSettings,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QInputDialog

from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.output import tables as report
from tests.gui.test_dock import plugin, woningen  # noqa: F401  (the dock, opened on the GeoPackage sample)

pytestmark = pytest.mark.gui
SECRET = "Geheim-w8woord-0141"


def save_connection(name, port, db, authcfg="", password="", user="postgres"):
    """A connection as the QGIS Browser saves it; with an authcfg the user comes from the authentication database."""
    uri = QgsDataSourceUri()
    uri.setConnection("127.0.0.1", str(port), db, "" if authcfg else user, password, QgsDataSourceUri.SslMode.SslDisable, authcfg)
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    conf = {"saveUsername": not authcfg, "savePassword": bool(password)}
    md.saveConnection(md.createConnection(uri.uri(False), conf), name)


def test_open_through_a_saved_connection_without_leaking_credentials(plugin, atlas_iface, cluster, pg_sample, monkeypatch,  # noqa: F811
                                                                   tmp_path):
    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda msg, tag, level: logged.append(msg))
    am = QgsApplication.authManager()
    if not am.masterPasswordIsSet():
        assert am.setMasterPassword("hoofdwachtwoord", True)
    cfg = QgsAuthMethodConfig("Basic")
    cfg.setName("Atlas redacteur")
    cfg.setConfig("username", "postgres")
    cfg.setConfig("password", SECRET)
    res = am.storeAuthenticationConfig(cfg)
    if isinstance(res, tuple):  # newer QGIS returns (ok, config)
        ok, cfg = res
    else:
        ok = res
    assert ok and cfg.id()
    db = pg_sample.rsplit("/", 1)[1].split("?")[0]
    save_connection("Atlas gemeente", cluster.port, db, authcfg=cfg.id())
    save_connection("Met wachtwoord", cluster.port, db, password=SECRET)

    dock = plugin.dock
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Atlas gemeente", True)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("atlas", True)))
    QTest.mouseClick(dock.pg_button, Qt.MouseButton.LeftButton)
    assert dock.controller.store is not None and dock.controller.store.kind == "postgis"
    assert "PostGIS-verbinding Atlas gemeente (schema atlas)" in dock.store_label.text()
    expected = rollup(dock.controller.store).to_json()
    assert woningen(dock)["Gepland (hard + zacht)"]["Bouw"] == report.fmt(expected["stad"]["won_gepland"])
    proj = dock.controller.atlas_layers()["projecten"]
    assert proj.isValid() and proj.providerType() == "postgres" and proj.featureCount() == 34
    assert f"authcfg={cfg.id()}" in proj.source() and SECRET not in proj.source()

    # nothing of the secret in the project file, the settings, the recent list, the store or the log
    path = tmp_path / "atlas.qgs"
    assert QgsProject.instance().write(str(path))
    assert SECRET not in path.read_text(encoding="utf-8")
    assert "authcfg" in path.read_text(encoding="utf-8")
    settings = QgsSettings()
    settings.sync()
    recent = [dock.recent_combo.itemText(i) for i in range(dock.recent_combo.count())]
    assert "verbinding:Atlas gemeente?schema=atlas" in recent and not any(SECRET in r for r in recent)
    assert not any(SECRET in str(settings.value(k)) for k in settings.allKeys() if "Atlas gemeente" in k)
    with dock.controller.store.reading() as con:
        for t in ("wijzigingen", "atlas_meta", "atlas_lagen"):
            assert con.execute(f"SELECT count(*) FROM {t} WHERE {t}::text LIKE %s", (f"%{SECRET}%",)).fetchone()[0] == 0
    assert not any(SECRET in m for m in logged)
    assert SECRET not in repr(dock.controller.store) and SECRET not in dock.controller.store.label

    # a connection that keeps its password in the QGIS settings is refused, with the way out
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Met wachtwoord", True)))
    QTest.mouseClick(dock.pg_button, Qt.MouseButton.LeftButton)
    shown = " ".join(atlas_iface.messageBar().get_messages(Qgis.MessageLevel.Warning))
    assert "bewaart een wachtwoord in de QGIS-instellingen" in shown and SECRET not in shown
    # reopening from the recent list works without asking anything
    dock.controller.close()
    i = dock.recent_combo.findText("verbinding:Atlas gemeente?schema=atlas")
    dock.recent_combo.setCurrentIndex(i)
    dock.recent_combo.activated.emit(i)
    assert dock.controller.store is not None and dock.controller.store.connection_name == "Atlas gemeente"


def test_a_reader_cannot_save_and_is_told_in_dutch(plugin, atlas_iface, cluster, pg_sample, capsys):  # noqa: F811
    import psycopg2

    from almelo_atlas_plugin.core.store.postgis import create_roles
    from tests.gui.test_conflicts import qfid

    create_roles(pg_sample)
    db = pg_sample.rsplit("/", 1)[1].split("?")[0]
    con = psycopg2.connect(cluster.dsn(db))
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lezer1') THEN "
                    "CREATE ROLE lezer1 LOGIN IN ROLE atlas_lezer; END IF; END $$")
    con.close()
    dock = plugin.dock
    assert dock.open_path(f"{cluster.dsn(db, 'lezer1')}?schema=atlas")  # reading works
    proj = dock.controller.atlas_layers()["projecten"]
    assert proj.providerType() == "postgres" and "lezer1" in proj.source()
    # QGIS knows the user's privileges: the layer cannot be edited at all; the dock says why, in Dutch
    assert "alleen lezen" in dock.store_label.text()
    assert not dock.beheer_button.isEnabled()  # adding layers to the atlas is for a beheerder
    shown = " ".join(atlas_iface.messageBar().get_messages(Qgis.MessageLevel.Info))
    assert "Alleen lezen: uw gebruiker mag deze store niet wijzigen (daarvoor is de rol atlas_redacteur nodig)." in shown
    proj.startEditing()
    assert not proj.changeAttributeValue(qfid(proj, 5), proj.fields().indexOf("naam"), "Poging van een lezer")
    proj.rollBack()
    # past QGIS (a script, the command line): the database refuses, in Dutch
    from almelo_atlas_plugin.cli import main

    assert main(["tag", f"{cluster.dsn(db, 'lezer1')}?schema=atlas", "projecten", "5", "--opgave", "3.5"]) == 2
    assert capsys.readouterr().err.strip() == ("fout: Geen rechten om laag locatie_opgaven te wijzigen: vraag een beheerder om de rol "
                                               "atlas_redacteur.")
