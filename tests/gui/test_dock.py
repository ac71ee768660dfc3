"""Drive the real dock offscreen as a user would: open, switch scope, pick a wijk, edit, see figures change."""

from __future__ import annotations

import pytest
from qgis.core import QgsExpressionContextUtils, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QProgressBar

import almelo_atlas_plugin
from almelo_atlas_plugin.core.figures.result import Selection
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.model.roles import laag_of
from almelo_atlas_plugin.core.output import tables as report
from almelo_atlas_plugin.core.store.open import open_store

pytestmark = pytest.mark.gui


@pytest.fixture
def plugin(atlas_iface, qgis_canvas, sample_store, monkeypatch):
    atlas_iface.mapCanvas = lambda: qgis_canvas
    atlas_iface.mainWindow().show()
    p = almelo_atlas_plugin.classFactory(atlas_iface)
    p.initGui()
    p.action.trigger()  # toolbar button opens the dock
    assert p.dock.isVisible()
    from qgis.PyQt.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sample_store.path), "")))
    QTest.mouseClick(p.dock.open_button, Qt.MouseButton.LeftButton)
    yield p
    if p.dock is not None:
        p.dock.controller.discard_edits()  # nothing left to ask about when the plugin unloads
    p.unload()


def table(view):
    return dict(view.rows())


def woningen(dock) -> dict:
    """The dwellings table as a planner reads it: row label → {Netto, Bouw, Sloop} → value."""
    view = dock.panel.woningen
    heads = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(view.model().columnCount())]
    return {label: dict(zip(heads[1:], values)) for label, *values in view.rows()}


def test_open_through_the_dock_shows_stad(plugin, sample_store):
    dock = plugin.dock
    assert dock.controller.store is not None and str(dock.controller.store.path) == str(sample_store.path)
    expected = rollup(open_store(sample_store.path)).to_json()
    shown = woningen(dock)
    assert shown["Gepland (hard + zacht)"]["Bouw"] == report.fmt(expected["stad"]["won_gepland"])
    assert shown["Potentieel (potloodplannen)"]["Bouw"] == report.fmt(expected["stad"]["won_potentieel"])
    assert shown["Gepland (hard + zacht)"]["Netto"] == report.fmt(expected["stad"]["won_netto_gepland"])
    assert dock.panel.title.text() == "Almelo (stad)"
    bars = dock.goals_box.findChildren(QProgressBar)
    stad_goals = [d for d in expected["doelen"] if d["niveau"] == "stad"]
    assert len(bars) == len(stad_goals)
    for d in stad_goals:
        bar = dock.goals_box.findChild(QProgressBar, f"doel_{d['fid']}")
        assert bar.property("balk") == min(d["dekking"], 1)  # a full bar is the goal met
        assert bar.property("gehaald") == d["gehaald"]
        assert ("#c0392b" in bar.styleSheet()) == (not d["gehaald"])
    assert dock.chart is not None
    for _ in range(200):  # the chart is drawn once the map has drawn (at most a few seconds)
        if dock.chart.renderer().isValid():
            break
        QTest.qWait(50)
    assert dock.chart.renderer().isValid()
    # layers in the tree, in groups
    names = [g.name() for g in QgsProject.instance().layerTreeRoot().findGroups()[0].children()]
    assert "Ontwikkeling" in names and "Basis" in names


@pytest.mark.parametrize("code", ["WK014116", "WK014119"])
def test_switching_to_a_wijk_shows_its_rollup(plugin, sample_store, code):
    dock = plugin.dock
    QTest.mouseClick(dock.scope.scope_buttons["wijk"], Qt.MouseButton.LeftButton)
    i = dock.scope.wijk_combo.findData(code)
    dock.scope.wijk_combo.setCurrentIndex(i)
    dock.scope.wijk_combo.activated.emit(i)
    expected = next(w for w in rollup(open_store(sample_store.path)).to_json()["wijken"] if w["wijk_code"] == code)
    assert dock.controller.scope == "wijk" and dock.controller.wijk_code == code
    assert expected["naam"] in dock.panel.title.text()
    shown = woningen(dock)
    for k, label in report.WONINGEN_RIJEN.items():
        assert shown[label]["Bouw"] == report.fmt(expected[f"won_{k}"]), k
        assert shown[label]["Sloop"] == report.fmt(expected[f"won_sloop_{k}"]), k
    prof = expected["profiel"]
    voorraad, bouwjaar, labels = (table(t) for t in dock.panel.profile[:3])
    assert voorraad["Woningen"] == report.fmt(prof["woningen"])
    assert voorraad["Corporatiehuur"] == report.fmt(prof["aandeel_corporatie"], "aandeel_corporatie")
    # under their own headers: per bouwjaar class and label group, count and share of the dwellings
    n = prof["bouwjaarklassen"]["voor_1945"]
    assert bouwjaar["vóór 1945"] == f"{report.fmt(n)} ({report.fmt(n / prof['woningen'], 'aandeel')})"
    assert labels["Zonder label"].startswith(report.fmt(prof["zonder_label"]) + " (")
    assert [t.first for t in dock.panel.profile] == ["Woningvoorraad", "Bouwjaarklasse", "Energielabel", "Leefbaarometer"]
    wijken = plugin.dock.controller.atlas_layers()["wijken"]
    # the chosen wijk is outlined by its style (layer variable atlas_wijk), never filled with the selection colour
    assert QgsExpressionContextUtils.layerScope(wijken).variable("atlas_wijk") == code
    assert wijken.selectedFeatureCount() == 0
    # the map zoomed to the wijk
    outline = next(f for f in wijken.getFeatures() if f["wijk_code"] == code).geometry().boundingBox()
    assert plugin.iface.mapCanvas().extent().contains(outline)


def test_click_on_the_map_chooses_the_wijk(plugin, sample_store):
    dock = plugin.dock
    wijken = dock.controller.atlas_layers()["wijken"]
    feat = next(f for f in wijken.getFeatures() if f["wijk_code"] == "WK014112")
    p = feat.geometry().pointOnSurface().asPoint()
    QTest.mouseClick(dock.scope.pick_button, Qt.MouseButton.LeftButton)
    assert dock.scope.pick_button.isChecked()
    assert dock.controller.pick_point(p.x(), p.y(), wijken.crs()) == "WK014112"
    assert dock.controller.wijk_code == "WK014112" and dock.controller.scope == "wijk"


def test_selected_locations_show_their_figures(plugin):
    dock = plugin.dock
    proj = dock.controller.atlas_layers()["projecten"]
    ids = [f.id() for f in proj.getFeatures() if f["naam"] in ("Ontwikkeling Stadskade", "Veenelanden-Oost")]
    QTest.mouseClick(dock.scope.scope_buttons["locatie"], Qt.MouseButton.LeftButton)
    proj.selectByIds(ids)
    both = [f for f in proj.getFeatures() if f.id() in ids]
    assert {f["planstatus"] for f in both} == {"hard"}  # both hard: their dwellings, less what is already delivered
    hard = dock.controller.result.figures_for(Selection.of_locations([("projecten", f.id()) for f in both]))
    assert woningen(dock)["Hard"]["Bouw"] == report.fmt(hard.won_hard) == report.fmt(sum(f["won_totaal"] for f in both)
                                                                                    - hard.won_gerealiseerd)
    assert woningen(dock)["Hard"]["Netto"] == report.fmt(hard.won_netto_hard)
    assert dock.panel.title.text() == "2 geselecteerde locaties"


def add_koop_block(dock, feat, aantal: int) -> None:
    """A bouw block of koop dwellings added to a project and saved, as the form's child table does."""
    from qgis.core import QgsGeometry, QgsVectorLayerUtils

    blocks = dock.controller.atlas_layers()["woningblokken"]
    blocks.startEditing()
    values = {blocks.fields().indexOf(k): v for k, v in dict(laag="projecten", locatie_fid=feat["fid"], soort="bouw",
                                                             aantal=aantal, segment="koop").items()}
    assert blocks.addFeature(QgsVectorLayerUtils.createFeature(blocks, QgsGeometry(), values))
    assert blocks.commitChanges(), blocks.commitErrors()


def test_saving_an_edit_refreshes_the_figures(plugin):

    dock = plugin.dock
    before = dock.controller.result.stad.figures.won_hard
    proj = dock.controller.atlas_layers()["projecten"]
    feat = next(f for f in proj.getFeatures() if f["naam"] == "Woningbouw Maardijk")
    assert feat["planstatus"] == "hard"
    # the dwellings are the blocks': the planner adds one (as the form's child table does) and saves the blocks
    add_koop_block(dock, feat, 25)
    assert dock.controller.result.stad.figures.won_hard == before + 25  # no button, no restart
    assert woningen(dock)["Hard"]["Bouw"] == report.fmt(before + 25)


def test_moving_a_location_reassigns_its_wijk(plugin):
    from qgis.core import QgsGeometry

    dock = plugin.dock
    proj = dock.controller.atlas_layers()["projecten"]
    wijken = dock.controller.atlas_layers()["wijken"]
    feat = next(f for f in proj.getFeatures() if f["naam"] == "Uitbreiding Aadorp-West")
    target = next(f for f in wijken.getFeatures() if f["wijk_code"] == "WK014121").geometry().pointOnSurface().asPoint()
    proj.startEditing()
    proj.changeGeometry(feat.id(), QgsGeometry.fromWkt(
        f"MultiPolygon((({target.x()} {target.y()},{target.x() + 60} {target.y()},{target.x() + 60} {target.y() + 60},{target.x()} {target.y()})))"))
    assert proj.commitChanges(), proj.commitErrors()
    stored = dock.controller.store.read_frame("SELECT wijk_code FROM projecten WHERE fid = ?", (feat.id(),)).wijk_code[0]
    assert stored == "WK014121"
    loc = next(x for x in dock.controller.result.locaties if x.key == ("projecten", feat.id()))
    assert loc.wijk_code == "WK014121"


def test_curator_adds_the_current_layer_for_everyone(plugin, sample_store, tmp_path, monkeypatch):
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtWidgets import QInputDialog

    from almelo_atlas_plugin.core.output import layers

    # an external layer, styled by the curator
    ext = tmp_path / "speelplekken.geojson"
    ext.write_text('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},'
                   '"features":[{"type":"Feature","properties":{"naam":"Speelplek"},"geometry":{"type":"Point","coordinates":[241500,486000]}}]}',
                   encoding="utf-8")
    lyr = QgsVectorLayer(str(ext), "Speelplekken", "ogr")
    assert lyr.isValid()
    lyr.renderer().symbol().setColor(__import__("qgis.PyQt.QtGui", fromlist=["QColor"]).QColor("#123456"))
    QgsProject.instance().addMapLayer(lyr)
    plugin.iface.activeLayer = lambda: lyr
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Voorzieningen", True)))
    assert plugin.dock.beheer_button.isEnabled()  # a GeoPackage's user may curate: Beheer's menu offers it
    plugin.dock.beheer_button.menu().actions()[0].trigger()
    entry = next(e for e in layers.catalogue(open_store(sample_store.path)) if e["laag"] == "speelplekken")
    assert entry["groep"] == "Voorzieningen" and entry["bron"] == str(ext)
    assert "18,52,86" in entry["stijl_qml"] or "#123456" in entry["stijl_qml"].lower()
    QgsProject.instance().removeMapLayer(lyr.id())
    # a colleague opens the same store: the layer is there, in its group, with the curator's style
    plugin.dock.controller.close()
    assert plugin.dock.open_path(str(sample_store.path))
    mine = next(x for x in QgsProject.instance().mapLayers().values() if laag_of(x) == "speelplekken")
    assert mine.renderer().symbol().color().name() == "#123456"
    top = QgsProject.instance().layerTreeRoot().findGroups()[0]
    assert "Voorzieningen" in [g.name() for g in top.children()]


def test_credentials_are_never_written_to_the_catalogue(plugin, sample_store):
    from qgis.core import QgsVectorLayer

    from almelo_atlas_plugin.core.output import layers
    from almelo_atlas_plugin.core.store.base import StoreError

    lyr = QgsVectorLayer("Point?crs=EPSG:28992", "geheim", "memory")
    lyr.source = lambda: "dbname='x' host=h user='u' password='geheim' table=\"t\""
    with pytest.raises(StoreError, match="authcfg"):
        layers.add_to_catalogue(sample_store, lyr, "Overige lagen")
    assert b"geheim" not in sample_store.path.read_bytes()


def test_tagging_tool_mixed_state_undo_redo_and_save(plugin, sample_store):
    dock = plugin.dock
    proj = dock.controller.atlas_layers()["projecten"]
    a = next(f for f in proj.getFeatures() if f["naam"] == "Transformatie voormalig Stadhuis")  # 3.1, 3.3, 3.4
    b = next(f for f in proj.getFeatures() if f["naam"] == "Woningbouw Maardijk")  # 3.4
    proj.selectByIds([a.id(), b.id()])
    assert dock.tags.isEnabled()
    assert dock.tags.tag_checks["3.4"].checkState() == Qt.CheckState.Checked
    assert dock.tags.tag_checks["3.3"].checkState() == Qt.CheckState.PartiallyChecked  # mixed: only one has it
    assert dock.tags.tag_checks["3.6"].checkState() == Qt.CheckState.Unchecked
    QTest.mouseClick(dock.tags.tag_checks["3.6"], Qt.MouseButton.LeftButton)
    assert dock.tags.tag_checks["3.6"].checkState() == Qt.CheckState.Checked
    dock.tags.tag_checks["3.3"].setCheckState(Qt.CheckState.Unchecked)
    QTest.mouseClick(dock.tags.apply_tags_button, Qt.MouseButton.LeftButton)
    tags = dock.controller.tags_layer()
    stack = tags.undoStack()
    assert stack.count() == 1  # one undo step per apply
    def codes(fid):
        return sorted(f["opgave_code"] for f in tags.getFeatures() if f["laag"] == "projecten" and f["locatie_fid"] == fid)
    assert codes(a.id()) == ["3.1", "3.4", "3.6"] and codes(b.id()) == ["3.4", "3.6"]
    stack.undo()
    assert codes(a.id()) == ["3.1", "3.3", "3.4"] and codes(b.id()) == ["3.4"]
    assert dock.tags.tag_checks["3.6"].checkState() == Qt.CheckState.Unchecked
    stack.redo()
    assert codes(b.id()) == ["3.4", "3.6"]
    before = dock.controller.result.stad.opgaven["3.6"].won_hard if "3.6" in dock.controller.result.stad.opgaven else 0
    # their hard dwellings as the roll-up counts them from their blocks (what is gerealiseerd is no longer hard)
    theirs = dock.controller.result.figures_for(Selection.of_locations([("projecten", a.id()), ("projecten", b.id())])).won_hard
    assert 0 < theirs <= a["won_totaal"] + b["won_totaal"]
    assert tags.commitChanges(), tags.commitErrors()
    stored = sample_store.read_frame("SELECT opgave_code FROM locatie_opgaven WHERE laag = 'projecten' AND locatie_fid = ?", (b.id(),))
    assert sorted(stored.opgave_code) == ["3.4", "3.6"]
    after = dock.controller.result.stad.opgaven["3.6"].won_hard  # figures refreshed on save
    assert after == before + theirs


def test_history_restore_and_promotion_in_the_dock(plugin, sample_store):
    from qgis.PyQt.QtCore import QDate

    dock = plugin.dock
    proj = dock.controller.atlas_layers()["projecten"]
    feat = next(f for f in proj.getFeatures() if f["naam"] == "Woningbouw Kollenveld")
    # the planner adds a block of 10 koop (the dwellings are the blocks'; the database keeps the location's sums)
    add_koop_block(dock, feat, 10)
    proj.selectByIds([feat.id()])
    items = [dock.history.history_list.item(i).text() for i in range(dock.history.history_list.count())]
    # newest first, with the field's label
    assert "toegevoegd" in items[-1] and "Woningen koop: 75 → 85" in items[0], items
    from almelo_atlas_plugin.core.model.tijd import local_time as _local_time

    tijd = sample_store.read_frame("SELECT max(tijd) AS t FROM wijzigingen").t[0]
    assert items[0].startswith(_local_time(tijd)[:16])  # Dutch time, dd-mm-jjjj
    assert not dock.history.restore_button.isEnabled()  # until a version is chosen
    dock.history.history_list.setCurrentRow(1)  # the version before the planner's block (the sample's blocks came one by one)
    QTest.mouseClick(dock.history.restore_button, Qt.MouseButton.LeftButton)
    assert sample_store.read_frame("SELECT won_koop FROM projecten WHERE fid = ?", (feat.id(),)).won_koop[0] == 75
    assert sample_store.read_frame("SELECT count(*) AS n FROM woningblokken WHERE laag = 'projecten' AND locatie_fid = ?"
                                   " AND aantal = 10 AND segment = 'koop'", (feat.id(),)).n[0] == 0  # the block went with it
    assert dock.history.history_list.count() > len(items)  # the restore is itself a change (of the location and its blocks)
    # peildatum in the dock: the figures as at the end of the sample's own history (2-3-2026), before the planner came
    live = dock.controller.result.stad.figures.won_hard
    dock.peildatum_edit.setDate(QDate(2026, 3, 2))
    QTest.mouseClick(dock.peildatum_check, Qt.MouseButton.LeftButton)
    assert "peildatum 02-03-2026" in dock.panel.title.text()
    assert dock.controller.result.stad.figures.won_hard == live  # restored to the state of then, so equal again
    QTest.mouseClick(dock.peildatum_check, Qt.MouseButton.LeftButton)
    # promotion
    pot = dock.controller.atlas_layers()["potloodplannen"]
    p = next(f for f in pot.getFeatures() if f["naam"] == "Transformatie Achter de Molen")
    proj.removeSelection()
    pot.selectByIds([p.id()])
    assert dock.history.promote_button.isEnabled()
    before = dock.controller.result.stad.figures.won_potentieel
    QTest.mouseClick(dock.history.promote_button, Qt.MouseButton.LeftButton)
    assert dock.controller.result.stad.figures.won_potentieel == before - p["won_totaal"]
    assert any(f["naam"] == "Transformatie Achter de Molen" for f in proj.getFeatures())


def test_planner_digitises_a_potloodplan_and_the_figures_change(plugin):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayerUtils

    dock = plugin.dock
    pot = dock.controller.atlas_layers()["potloodplannen"]
    wijken = dock.controller.atlas_layers()["wijken"]
    c = next(f for f in wijken.getFeatures() if f["wijk_code"] == "WK014117").geometry().pointOnSurface().asPoint()
    before = dock.controller.result.wijk("WK014117").figures.won_potentieel
    pot.startEditing()
    geom = QgsGeometry.fromWkt(f"MultiPolygon((({c.x()} {c.y()},{c.x() + 80} {c.y()},{c.x() + 80} {c.y() + 60},{c.x()} {c.y() + 60},{c.x()} {c.y()})))")
    feat = QgsVectorLayerUtils.createFeature(pot, geom, {pot.fields().indexOf("naam"): "Nieuw potloodplan Hofkamp",
                                                         pot.fields().indexOf("soort"): "braakliggend_terrein",
                                                         pot.fields().indexOf("won_koop"): 24,
                                                         pot.fields().indexOf("won_totaal"): 24})
    assert feat["bijgewerkt_door"]  # defaults from the form set-up
    # written with its totals, as an older client would: the database makes its block (schema 5)
    assert pot.addFeature(feat)
    assert pot.commitChanges(), pot.commitErrors()
    after = dock.controller.result.wijk("WK014117").figures.won_potentieel
    assert after == before + 24
    assert dock.controller.store.read_frame("SELECT count(*) AS n FROM woningblokken b JOIN potloodplannen p ON b.laag = 'potloodplannen'"
                                            " AND b.locatie_fid = p.fid WHERE p.naam = 'Nieuw potloodplan Hofkamp'").n[0] == 1
    stored = dock.controller.store.read_frame("SELECT wijk_code FROM potloodplannen WHERE naam = 'Nieuw potloodplan Hofkamp'").wijk_code[0]
    assert stored == "WK014117"
    # the whole wijk can be selected for tagging
    dock.controller.select_wijk("WK014117")
    QTest.mouseClick(dock.select_wijk_button, Qt.MouseButton.LeftButton)
    assert len(dock.controller.selected_locations()) == len(dock.controller.result.locaties_in("WK014117"))
    assert dock.tags.isEnabled()
    _ = QgsFeature


def test_a_refused_save_names_who_changed_the_location(plugin, atlas_iface):
    """Someone else saved location 5 after this editor changed it: the save is refused, the dock says by whom and when,
    and the editor's change stays in the buffer."""
    from qgis.core import Qgis

    from tests.gui.test_conflicts import change, editor, qfid

    dock = plugin.dock
    mine = dock.controller.atlas_layers()["projecten"]
    mine.startEditing()
    change(mine, 5, naam="Mijn versie")
    other = editor(dock.controller.store)
    change(other, 5, naam="Versie van een collega")
    assert other.commitChanges(), other.commitErrors()
    assert not mine.commitChanges()
    QTest.qWait(50)
    shown = " ".join(atlas_iface.messageBar().get_messages(Qgis.MessageLevel.Critical))
    import getpass

    # the form fills bijgewerkt_door with the account name: in this test both editors are the same account
    assert f"Laag projecten, feature 5, veld versie: is intussen gewijzigd door {getpass.getuser()} op " in shown
    assert mine.editBuffer().changedAttributeValues()[qfid(mine, 5)][mine.fields().indexOf("naam")] == "Mijn versie"
    mine.rollBack()


@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_search_text_is_data_on_both_backends(plugin, backend, request):
    """Names typed in the dock's search box go to the provider as quoted values (the postgres provider turns the
    expression into SQL): hostile text finds nothing and breaks nothing; a real name is found."""
    from tests.unit.test_hostile import NASTY

    dock = plugin.dock
    if backend == "postgis":
        assert dock.open_path(request.getfixturevalue("pg_sample"))
        assert dock.controller.atlas_layers()["projecten"].providerType() == "postgres"
    before = rollup(dock.controller.store).to_json()["stad"]
    for text in NASTY:
        dock.scope.search_edit.clear()
        QTest.keyClicks(dock.scope.search_edit, text)
        QTest.keyClick(dock.scope.search_edit, Qt.Key.Key_Return)
        assert dock.scope.search_label.text() == "0 gevonden", text
    naam = next(loc["naam"] for loc in rollup(dock.controller.store).to_json()["locaties"] if loc["laag"] == "projecten")
    dock.scope.search_edit.clear()
    QTest.keyClicks(dock.scope.search_edit, naam[1:-1].upper())
    QTest.keyClick(dock.scope.search_edit, Qt.Key.Key_Return)
    lyr = dock.controller.atlas_layers()["projecten"]
    assert lyr.selectedFeatureCount() >= 1 and naam in {f["naam"] for f in lyr.selectedFeatures()}
    assert rollup(dock.controller.store).to_json()["stad"] == before


def test_tagging_tool_on_postgis_tags_the_right_locations(plugin, pg_sample):
    """On the postgres provider the dock's selection maps to the store's fids: tags land on the chosen locations."""
    dock = plugin.dock
    assert dock.open_path(pg_sample)
    proj = dock.controller.atlas_layers()["projecten"]
    a = next(f for f in proj.getFeatures() if f["naam"] == "Transformatie voormalig Stadhuis")
    b = next(f for f in proj.getFeatures() if f["naam"] == "Woningbouw Maardijk")
    assert a["fid"] != b["fid"]  # the store's keys (QGIS numbers a bigint key's features itself: a.id() need not be it)
    with dock.controller.store.reading() as con:
        top = con.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0]
    proj.selectByIds([a.id(), b.id()])
    assert sorted(dock.controller.selected_locations()) == sorted([("projecten", a["fid"]), ("projecten", b["fid"])])
    assert dock.tags.tag_checks["3.3"].checkState() == Qt.CheckState.PartiallyChecked
    QTest.mouseClick(dock.tags.tag_checks["3.6"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(dock.tags.apply_tags_button, Qt.MouseButton.LeftButton)
    tags = dock.controller.tags_layer()
    assert tags.providerType() == "postgres"
    assert tags.commitChanges(), tags.commitErrors()
    with dock.controller.store.reading() as con:
        stored = {r[0] for r in con.execute("SELECT locatie_fid FROM locatie_opgaven WHERE laag = 'projecten' AND opgave_code = '3.6'")}
        users = {r[0] for r in con.execute("SELECT gebruiker FROM wijzigingen WHERE wijziging_id > %s", (top,))}
    assert {a["fid"], b["fid"]} <= stored and users == {"postgres"}
    assert dock.controller.result.stad.opgaven["3.6"].n_projecten >= 2  # figures refreshed on save


def answer_question(button: str, seen: list) -> None:
    """Click `button` (objectName) of the dock's close question as soon as it is up; record its text."""
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QMessageBox, QPushButton

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        box.findChild(QPushButton, button).click()

    QTimer.singleShot(0, click)


def store_state(store):
    with store.reading() as con:
        tags = sorted(con.execute("SELECT laag, locatie_fid, opgave_code FROM locatie_opgaven").fetchall())
        projecten = sorted(con.execute("SELECT fid, won_koop, won_totaal, versie FROM projecten").fetchall())
        top = con.execute("SELECT max(wijziging_id) FROM wijzigingen").fetchone()[0]
    return tags, projecten, top


def tag_two(dock):
    proj = dock.controller.atlas_layers()["projecten"]
    two = [f for f in proj.getFeatures() if f["naam"] in ("Woningbouw Maardijk", "Woningbouw Kollenveld")]
    proj.selectByIds([f.id() for f in two])
    dock.tags.tag_checks["3.6"].setCheckState(Qt.CheckState.Checked)
    QTest.mouseClick(dock.tags.apply_tags_button, Qt.MouseButton.LeftButton)
    return [f["fid"] for f in two]  # the store's keys (on PostGIS QGIS numbers the features itself)


@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_applied_tags_are_shown_unsaved_and_closing_asks(plugin, backend, request):
    """Toepassen leaves the tags in the edit buffer: the dock says so, and Sluiten asks opslaan / verwerpen / annuleren."""
    dock = plugin.dock
    if backend == "postgis":
        assert dock.open_path(request.getfixturevalue("pg_sample"))
    store = dock.controller.store
    before = store_state(store)
    assert not dock.unsaved_box.isVisibleTo(dock)
    ids = tag_two(dock)
    assert dock.unsaved_box.isVisibleTo(dock)
    assert "Opgaven per locatie" in dock.unsaved_label.text()
    seen = []
    answer_question("cancelAnswer", seen)
    QTest.mouseClick(dock.close_button, Qt.MouseButton.LeftButton)
    assert seen and "Opgaven per locatie" in seen[0]
    assert dock.controller.store is store and dock.controller.tags_layer().isModified()  # annuleren: nothing closed, nothing lost
    assert store_state(store) == before
    answer_question("discardAnswer", seen)
    QTest.mouseClick(dock.close_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 2 and dock.controller.store is None
    assert store_state(store) == before  # verwerpen: the store as it was
    # again, and this time opslaan
    assert dock.open_path(store.label if backend == "gpkg" else request.getfixturevalue("pg_sample"))
    tag_two(dock)
    answer_question("saveAnswer", seen)
    QTest.mouseClick(dock.close_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 3 and dock.controller.store is None
    tags, projecten, top = store_state(store)
    assert {("projecten", i, "3.6") for i in ids} <= set(tags) and top > before[2]
    assert not dock.unsaved_box.isVisibleTo(dock)


def test_unsaved_location_edits_save_and_discard_from_the_dock(plugin):
    dock = plugin.dock
    before = store_state(dock.controller.store)
    proj = dock.controller.atlas_layers()["projecten"]
    proj.startEditing()
    assert not dock.unsaved_box.isVisibleTo(dock)  # editing, nothing changed yet
    proj.changeAttributeValue(2, proj.fields().indexOf("naam"), "Stadskade (nieuw)")
    assert dock.unsaved_box.isVisibleTo(dock) and proj.name() in dock.unsaved_label.text()
    QTest.mouseClick(dock.discard_button, Qt.MouseButton.LeftButton)
    assert not proj.isModified() and not dock.unsaved_box.isVisibleTo(dock)
    assert store_state(dock.controller.store) == before
    proj.startEditing()
    proj.changeAttributeValue(2, proj.fields().indexOf("naam"), "Stadskade (nieuw)")
    QTest.mouseClick(dock.save_button, Qt.MouseButton.LeftButton)
    assert not proj.isEditable() and not dock.unsaved_box.isVisibleTo(dock)
    assert dock.controller.store.read_frame("SELECT naam FROM projecten WHERE fid = 2").naam[0] == "Stadskade (nieuw)"


def test_unloading_the_plugin_asks_about_unsaved_tags(plugin):
    dock = plugin.dock
    store = dock.controller.store
    before = store_state(store)
    tag_two(dock)
    seen = []
    answer_question("discardAnswer", seen)
    plugin.unload()
    assert seen and store_state(store) == before
    assert not any(lyr.customProperty("almelo_atlas/store") for lyr in QgsProject.instance().mapLayers().values())
    plugin.initGui()  # the fixture unloads again


@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_a_refused_save_says_the_rule_in_dutch_first(plugin, atlas_iface, backend, request, monkeypatch):
    """A value the form cannot stop (e.g. from the field calculator) refused by the database: the message bar's
    first line is the rule with the field's label and the project's name; the technical text is behind Meer tonen."""
    from qgis.gui import QgsMessageBar

    bar = QgsMessageBar()  # QGIS's own bar (the mock has no "Meer tonen")
    monkeypatch.setattr(atlas_iface, "messageBar", lambda: bar)
    dock = plugin.dock
    if backend == "postgis":
        assert dock.open_path(request.getfixturevalue("pg_sample"))
    before = store_state(dock.controller.store)
    proj = dock.controller.atlas_layers()["projecten"]
    feat = next(f for f in proj.getFeatures() if f["naam"] == "Ontwikkeling Stadskade")
    proj.startEditing()
    # an editable field with a database rule (the dwelling sums are the blocks', computed, not typed)
    proj.changeAttributeValue(feat.id(), proj.fields().indexOf("realisatiekans"), -5)
    QTest.mouseClick(dock.save_button, Qt.MouseButton.LeftButton)
    QTest.qWait(50)
    item = bar.currentItem()
    assert item is not None and item.title() == "Niet opgeslagen"
    assert item.text() == "Realisatiekans (%, leeg: norm van de status) mag niet negatief zijn (project Ontwikkeling Stadskade)"
    assert store_state(dock.controller.store) == before
    assert proj.isModified() and dock.unsaved_box.isVisibleTo(dock)  # the edit waits to be corrected
    proj.rollBack()


def test_closing_the_project_closes_the_atlas(plugin):
    """QGIS asks about unsaved layer edits itself when the project closes; then the dock has no store left."""
    dock = plugin.dock
    QgsProject.instance().clear()
    assert dock.controller.store is None and not dock.close_button.isEnabled()
    assert dock.open_path(str(plugin.dock.controller.recent()[0]))


def test_first_sight_and_the_gemeente_in_view(atlas_iface, qgis_canvas, sample_store, monkeypatch):
    """Before an atlas is open the dock says what to do and offers nothing that needs one; opening shows the gemeente;
    Locatie without a selection asks for one instead of a table of zeros."""
    from qgis.core import QgsRectangle
    from qgis.PyQt.QtWidgets import QFileDialog

    atlas_iface.mapCanvas = lambda: qgis_canvas
    qgis_canvas.setExtent(QgsRectangle(0, 0, 1, 1))  # a map at 1:1 somewhere else
    p = almelo_atlas_plugin.classFactory(atlas_iface)
    p.initGui()
    p.action.trigger()
    dock = p.dock
    try:
        assert dock.store_label.text() == "Open een atlas: een GeoPackage (.gpkg) of een PostGIS-verbinding."
        assert not any(b.isEnabled() for b in (dock.agenda_button, dock.excel_button, dock.close_button, dock.tags, dock.history,
                                               dock.peildatum_check, dock.beheer_button, *dock.scope.scope_buttons.values()))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sample_store.path), "")))
        QTest.mouseClick(dock.open_button, Qt.MouseButton.LeftButton)
        assert dock.store_label.text().startswith("Atlas: ") and "store" not in dock.store_label.text().lower()
        gemeente = dock.controller.atlas_layers()["gemeente"].extent()
        assert qgis_canvas.extent().contains(gemeente)
        QTest.mouseClick(dock.scope.scope_buttons["locatie"], Qt.MouseButton.LeftButton)
        assert dock.panel.title.text().startswith("Locatie: selecteer projecten of potloodplannen op de kaart")
        assert dock.panel.figures.model().rowCount() == 0 and dock.panel.woningen.isHidden()
    finally:
        dock.controller.discard_edits()
        p.unload()


def test_the_pdf_button_suggests_a_dated_name_in_the_last_folder_and_offers_to_open_it(plugin, tmp_path, monkeypatch, atlas_iface):
    import re

    from qgis.core import Qgis, QgsSettings
    from qgis.PyQt.QtCore import QDate
    from qgis.PyQt.QtGui import QDesktopServices
    from qgis.PyQt.QtWidgets import QFileDialog, QMessageBox

    from almelo_atlas_plugin.gui.dialogs import SETTINGS_FOLDER

    QgsSettings().setValue(SETTINGS_FOLDER, str(tmp_path))  # where the planner saved last time
    suggested, opened = [], []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda parent, title, start, filt: (suggested.append(start) or start, filt)))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    QTest.mouseClick(plugin.dock.agenda_button, Qt.MouseButton.LeftButton)
    expected = str(tmp_path / f"agenda_{QDate.currentDate().toString('yyyy-MM-dd')}.pdf")
    assert suggested == [expected] and opened == [expected]
    shown = " ".join(atlas_iface.messageBar().get_messages(Qgis.MessageLevel.Success))
    assert re.search(r"\(13 pagina's, \d+,\d MB, \d+,\d s\)", shown), shown  # Dutch numbers


def test_a_new_scope_starts_at_the_top(plugin):
    dock = plugin.dock
    dock.resize(440, 500)
    bar = dock.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    QTest.mouseClick(dock.scope.scope_buttons["wijk"], Qt.MouseButton.LeftButton)
    assert bar.value() == 0


def test_a_selected_location_shows_its_controle_in_the_dock(plugin, sample_store):
    """The planner selects a project that claims dwellings the BAG does not have, reads the finding under the figures;
    another project without findings says so; without a single selection the panel asks for one."""
    from pathlib import Path

    from almelo_atlas_plugin.core import atlas
    from almelo_atlas_plugin.core.output.controle import bevinding_tekst

    dock = plugin.dock
    proj = dock.controller.atlas_layers()["projecten"]
    found = atlas.controle(sample_store)
    flagged = {b.fid for b in found.bevindingen if b.laag == "projecten"}
    fid = min(flagged)
    QTest.mouseClick(dock.scope.scope_buttons["locatie"], Qt.MouseButton.LeftButton)
    proj.selectByIds([fid])
    text = dock.controle.findings.text()
    for b in found.van("projecten", fid):
        assert f"• {bevinding_tekst(b)}" in text
    assert dock.controle.isEnabled()
    shots = Path(__file__).resolve().parents[2] / "out" / "controle"
    shots.mkdir(parents=True, exist_ok=True)
    dock.resize(420, 900)
    dock.scroll.ensureWidgetVisible(dock.controle)
    assert dock.controle.grab().save(str(shots / "dock_controle.png"))
    assert dock.grab().save(str(shots / "dock_controle_hele_dock.png"))
    clean = next(f.id() for f in proj.getFeatures() if f.id() not in flagged)
    proj.selectByIds([clean])
    assert dock.controle.findings.text() == "• Geen bevindingen."
    proj.removeSelection()
    assert not dock.controle.isEnabled() and "Selecteer één locatie" in dock.controle.findings.text()
