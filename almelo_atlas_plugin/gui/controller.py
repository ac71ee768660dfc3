"""The dock's controller: owns the store, the roll-up, the scope, the peildatum, the atlas's layers and their edit
signals. It calls only core/atlas.py (and the layer helpers of core/output) and tells the widgets through signals."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, QTimer, pyqtSignal

from ..core import atlas
from ..core.figures.controle import Controle
from ..core.figures.result import Rollup
from ..core.figures.rollup import RollupEngine
from ..core.model.roles import ATLAS_PROPERTY, LAAG_PROPERTY, WIJK_VARIABLE, laag_of
from ..core.model.schema import CONFLICT_MARK
from ..core.output import tables as report
from ..core.output.layers import atlas_group, load_atlas, name_filter, show_at, unload_atlas
from ..core.store.base import MigrationNeeded, Store, StoreError, current_user
from ..core.store.messages import conflict_message, refusal_message

if TYPE_CHECKING:
    from ..core.atlas import BronResultaat
    from ..core.figures.mutaties import Mutaties

SETTINGS_RECENT = "almelo_atlas/recente_stores"
LOCATION_LAYERS = ("projecten", "potloodplannen")
Key = Tuple[str, int]


def tr(text: str) -> str:
    return QCoreApplication.translate("AtlasController", text)



def store_fid(layer: QgsVectorLayer, feature) -> int:
    """The store's fid of a location feature: its fid column (on PostGIS QGIS numbers a bigint key's features itself)."""
    idx = layer.fields().indexOf("fid")
    value = feature.attribute(idx) if idx >= 0 else None
    return int(value) if isinstance(value, int) else int(feature.id())

class AtlasController(QObject):
    store_opened = pyqtSignal(str, bool)  # label, read only
    store_closed = pyqtSignal()
    result_changed = pyqtSignal()  # new figures (a save, a peildatum)
    scope_changed = pyqtSignal(str, str)  # scope, wijk code ('' outside Wijk)
    selection_changed = pyqtSignal()
    unsaved_changed = pyqtSignal(list)  # names of the atlas layers with unsaved edits
    tags_changed = pyqtSignal()
    message = pyqtSignal(str, str, str, str)  # text, level (info/warning/success/critical), title ('' default), details

    def __init__(self, canvas_of: Callable[[], object], parent: Optional[QObject] = None):
        super().__init__(parent)
        self._canvas_of = canvas_of
        self.store: Optional[Store] = None
        self.engine: Optional[RollupEngine] = None
        self.result: Optional[Rollup] = None
        self.scope = "stad"
        self.wijk_code: Optional[str] = None
        self.peildatum: Optional[str] = None  # 'JJJJ-MM-DD' or None: now
        self.first_day: Optional[str] = None  # the history's first day
        self._watched: List[QgsVectorLayer] = []

    def _warn(self, text: str, level: str = "warning") -> None:
        self.message.emit(text, level, "", "")

    # --- opening and closing ---------------------------------------------------------------------
    @staticmethod
    def recent() -> List[str]:
        value = QgsSettings().value(SETTINGS_RECENT, [], type=list) or []
        return [str(v) for v in value if v]

    def open(self, path: str, agree_to_migrate: Callable[[str, int], bool]) -> bool:
        try:
            try:
                store = atlas.open_store(path)
            except MigrationNeeded as exc:  # an older atlas: migrate only when the user agrees
                if not agree_to_migrate(path, exc.version):
                    return False
                store = atlas.open_store(path, migrate=True)
            engine = atlas.engine(store)
            first = atlas.history_start(store)
            result = atlas.figures(store, self._moment(first), keep=engine)
        except StoreError as exc:
            self._warn(str(exc))
            return False
        if self.store is not None:
            self.close()
        self.store, self.engine, self.result, self.first_day = store, engine, result, first
        self.scope, self.wijk_code = "stad", None
        load_atlas(store, QgsProject.instance())
        self._watch_layers()
        QgsProject.instance().cleared.connect(self._project_cleared)
        # a connection string is remembered only without a password (credentials: auth database or pg_service)
        keep = [a for a in (atlas.remembered_address(path, store),) if a]
        QgsSettings().setValue(SETTINGS_RECENT, (keep + [p for p in self.recent() if p not in keep])[:8])
        proj = self.atlas_layers().get("projecten")
        readonly = proj is not None and not proj.supportsEditing()  # e.g. a PostGIS user without atlas_redacteur
        self.store_opened.emit(store.label, readonly)
        if readonly:
            self._warn(tr("Alleen lezen: uw gebruiker mag deze store niet wijzigen (daarvoor is de rol atlas_redacteur nodig)."), "info")
        self.zoom_to_layer("gemeente")  # the whole gemeente in view, whatever the map showed before
        # and again once QGIS has set up the map for its first layers (it then zooms to all of them: the PDOK world)
        QTimer.singleShot(0, lambda: self.store is not None and self.zoom_to_layer("gemeente"))
        self._set_wijk_variable(None)
        self.result_changed.emit()
        self.scope_changed.emit("stad", "")
        return True

    def may_curate(self) -> bool:
        """May the user add layers to the store's catalogue (a beheerder; every GeoPackage user is one)."""
        if self.store is None:
            return False
        try:
            return atlas.may_curate(self.store)
        except StoreError:
            return False

    def _project_cleared(self) -> None:
        """QGIS closed the project (it asked about unsaved layer edits itself): the layers are gone, so is the store."""
        self.close(keep_layers=True)

    def close(self, keep_layers: bool = False) -> None:
        """Close the store; keep_layers leaves its layers (and their unsaved edits) in the project, for QGIS to ask about."""
        try:
            QgsProject.instance().cleared.disconnect(self._project_cleared)
        except TypeError:  # not connected (no store open)
            pass
        self._unwatch_layers()
        if self.store is not None and not keep_layers:
            unload_atlas(self.store, QgsProject.instance())
        self.store = self.engine = self.result = None
        self.wijk_code, self.scope = None, "stad"
        self.store_closed.emit()
        self.unsaved_changed.emit([])

    def add_layer(self, layer, group: str) -> Optional[str]:
        from ..core.output.layers import add_to_catalogue

        try:
            laag = add_to_catalogue(self.store, layer, group)
        except StoreError as exc:
            self._warn(str(exc))
            return None
        self._unwatch_layers()
        load_atlas(self.store, QgsProject.instance())
        self._watch_layers()
        return laag

    # --- sources (bron) ----------------------------------------------------------------------------
    def bron(self, soort: str, bestand: str, opties: Dict[str, Any]) -> Tuple[Optional["BronResultaat"], str]:
        """Run one source on the open store: the layers reloaded with their source lines, the figures refreshed, the
        summary (with the refusals as details) told; (result, '') or (None, the Dutch line) when refused whole."""
        from ..core.output.layers import show_sources

        try:
            res = atlas.bron(self.store, soort, bestand, opties)
        except StoreError as exc:
            return None, str(exc)
        loaded = list(self.atlas_layers().values())
        for lyr in loaded:
            lyr.dataProvider().reloadData()
            lyr.triggerRepaint()
        show_sources(self.store, loaded)
        self.refresh()
        self.message.emit(res.samenvatting(), "success", tr("Bron bijwerken"), "\n".join(res.weigeringen + res.meldingen))
        return res, ""

    # --- layers ------------------------------------------------------------------------------------
    def atlas_layers(self) -> Dict[str, QgsVectorLayer]:
        out: Dict[str, QgsVectorLayer] = {}
        if self.store is None:
            return out
        for lyr in QgsProject.instance().mapLayers().values():
            if lyr.customProperty(ATLAS_PROPERTY) == self.store.label:
                out.setdefault(laag_of(lyr), lyr)
        return out

    def tags_layer(self) -> Optional[QgsVectorLayer]:
        """The store's locatie_opgaven table as a layer of the atlas (loaded when the catalogue lacks it)."""
        if self.store is None:
            return None
        lyr = self.atlas_layers().get("locatie_opgaven")
        if lyr is None:
            uri, provider = self.store.layer_source("locatie_opgaven")
            lyr = QgsVectorLayer(uri, tr("Opgaven per locatie"), provider)
            if not lyr.isValid():
                return None
            lyr.setCustomProperty(ATLAS_PROPERTY, self.store.label)
            lyr.setCustomProperty(LAAG_PROPERTY, "locatie_opgaven")
            QgsProject.instance().addMapLayer(lyr, False)
            group = atlas_group(QgsProject.instance(), self.store)
            if group is not None:
                group.addLayer(lyr)
        return lyr

    def _watch_layers(self) -> None:
        layers = self.atlas_layers()
        tags = self.tags_layer()
        if tags is not None:
            layers["locatie_opgaven"] = tags
        self._watched = [lyr for lyr in layers.values() if isinstance(lyr, QgsVectorLayer)]
        for lyr in self._watched:
            for signal, slot in self._connections(lyr):
                signal.connect(slot)

    def _unwatch_layers(self) -> None:
        for lyr in self._watched:
            try:
                for signal, slot in self._connections(lyr):
                    signal.disconnect(slot)
            except (TypeError, RuntimeError):  # layer already deleted
                pass
        self._watched = []

    def _connections(self, lyr: QgsVectorLayer) -> list:
        out = [(s, self._unsaved_changed) for s in (lyr.editingStarted, lyr.editingStopped, lyr.layerModified,
                                                     lyr.afterRollBack, lyr.afterCommitChanges)]
        out.append((lyr.beforeCommitChanges, self._before_commit))
        laag = laag_of(lyr)
        if laag == "locatie_opgaven":
            out += [(lyr.afterCommitChanges, self.refresh), (lyr.editCommandEnded, self.tags_changed.emit),
                    (lyr.afterRollBack, self.tags_changed.emit), (lyr.undoStack().indexChanged, self._tags_undone)]
        elif laag == "woningblokken":  # the blocks hold the dwellings: saving them changes the figures
            out.append((lyr.afterCommitChanges, self.refresh))
        elif laag in LOCATION_LAYERS:
            out += [(lyr.afterCommitChanges, self.refresh), (lyr.committedGeometriesChanges, self._geometries_committed),
                    (lyr.committedFeaturesAdded, self._features_added), (lyr.selectionChanged, self._selection_changed)]
        return out

    def _tags_undone(self, *args) -> None:
        self.tags_changed.emit()

    def unsaved_layers(self) -> List[QgsVectorLayer]:
        out = []
        for lyr in self.atlas_layers().values():
            try:
                if isinstance(lyr, QgsVectorLayer) and lyr.isEditable() and lyr.isModified():
                    out.append(lyr)
            except RuntimeError:  # layer already deleted
                continue
        return out

    def _unsaved_changed(self, *args) -> None:
        self.unsaved_changed.emit([lyr.name() for lyr in self.unsaved_layers()])

    def save_edits(self) -> bool:
        """Save every unsaved atlas layer; stop at the first refusal (its edits stay in the buffer, explained)."""
        for lyr in self.unsaved_layers():
            if not lyr.commitChanges(False):  # stays editable to be corrected; _before_commit explains the refusal
                self._unsaved_changed()
                return False
            lyr.commitChanges(True)  # nothing left to save: leave edit mode, as QGIS's own save-and-stop does
        self._unsaved_changed()
        return True

    def discard_edits(self) -> None:
        for lyr in self.unsaved_layers():
            lyr.rollBack(True)
        self._unsaved_changed()
        self.tags_changed.emit()

    def layer_busy(self, laag: str) -> bool:
        lyr = self.atlas_layers().get(laag)
        if lyr is not None and lyr.isEditable() and lyr.isModified():
            self._warn(tr("Laag {laag} heeft onopgeslagen bewerkingen: sla ze eerst op of maak ze ongedaan.").format(laag=laag))
            return True
        return False

    def _geometries_committed(self, layer_id: str, changed) -> None:
        laag = laag_of(QgsProject.instance().mapLayer(layer_id))
        if self.store is not None and laag:
            atlas.assign_wijken(self.store, laag, list(changed.keys()))

    def _features_added(self, layer_id: str, features) -> None:
        laag = laag_of(QgsProject.instance().mapLayer(layer_id))
        if self.store is not None and laag:
            atlas.assign_wijken(self.store, laag, [f.id() for f in features])

    def _selection_changed(self, *args) -> None:
        self.selection_changed.emit()
        self.tags_changed.emit()

    # --- a save refused: conflict or a rule of the database ----------------------------------------
    def _before_commit(self, *args) -> None:
        layer = self.sender()
        if isinstance(layer, QgsVectorLayer):  # the save runs right after this signal: look at its outcome then
            QTimer.singleShot(0, lambda: self.explain_conflict(layer) or self.explain_refusal(layer))

    def explain_conflict(self, layer: QgsVectorLayer) -> List[str]:
        """A save refused over someone else's newer edit: who changed which location and when."""
        try:
            errors = " ".join(layer.commitErrors())
            editable = layer.isEditable()
        except RuntimeError:  # layer gone
            return []
        if self.store is None or not editable or CONFLICT_MARK not in errors:
            return []
        laag = laag_of(layer)
        buf = layer.editBuffer()
        fields = layer.fields()
        seen = {}
        for qfid in set(buf.changedAttributeValues()) | set(buf.changedGeometries()):
            f = layer.getFeature(qfid)
            seen[int(f.attribute(fields.indexOf("fid")))] = f.attribute(fields.indexOf("versie_gezien"))
        try:
            now = atlas.versions(self.store, laag, seen)
        except StoreError:
            now = {}
        stale = sorted(fid for fid, v in seen.items() if fid in now and v is not None and int(v) != int(now[fid]))
        messages = [conflict_message(self.store, laag, fid) for fid in stale[:3]]
        if messages:
            self.message.emit(" ".join(messages), "critical", "", "")
        return messages

    def explain_refusal(self, layer: QgsVectorLayer) -> Optional[str]:
        """A save the database refused: its Dutch rule first, the technical text only behind Meer tonen."""
        try:
            errors = layer.commitErrors()
            editable = layer.isEditable()
        except RuntimeError:  # layer gone
            return None
        if self.store is None or not editable or not errors:
            return None
        laag = laag_of(layer)
        fid = self._refused_fid(layer, errors)
        name = None
        if fid is not None:
            try:
                name = atlas.location_name(self.store, laag, fid)
            except StoreError:
                name = None
        text = refusal_message(errors, laag, fid, name)
        if text is not None:
            self.message.emit(text, "critical", tr("Niet opgeslagen"), "\n".join(e.strip() for e in errors if e.strip()))
        return text

    @staticmethod
    def _refused_fid(layer: QgsVectorLayer, errors: List[str]) -> Optional[int]:
        """The feature a refused save is about: named by the provider (OGR, in any language), else the only one edited."""
        m = re.search(r"(?:feature|object|objet|Objekt) (\d+)", " ".join(errors))
        if m:
            return int(m.group(1))
        buf = layer.editBuffer()
        changed = set(buf.changedAttributeValues()) | set(buf.changedGeometries()) if buf is not None else set()
        if len(changed) != 1:
            return None
        qfid = next(iter(changed))  # the layer's feature id: on PostGIS QGIS numbers the features itself, so the store's is its fid
        return store_fid(layer, layer.getFeature(qfid))

    # --- figures, scope, peildatum -------------------------------------------------------------------
    def _moment(self, first: Optional[str], day: Optional[str] = None) -> Optional[str]:
        """The peildatum (or `day`) for atlas.py; a day before the history's first is shown as that first day."""
        day = self.peildatum if day is None else day
        return first if day and first and day < first else day

    def before_history(self) -> bool:
        return bool(self.peildatum and self.first_day and self.peildatum < self.first_day)

    def set_peildatum(self, day: Optional[str]) -> bool:
        """Figures and map at that day (None: now); the map's locations as they stood, read-only. False: refused."""
        if self.store is not None:
            try:
                show_at(self.store, self._moment(self.first_day, day) if day else None, QgsProject.instance())
            except StoreError as exc:  # a location layer is being edited: save or discard first
                self._warn(str(exc))
                return False
        self.peildatum = day
        self.refresh()
        return True

    def refresh(self, *args) -> None:
        """Recompute the figures (only what changed) and tell the widgets."""
        if self.engine is None:
            return
        try:
            self.result = atlas.figures(self.store, self._moment(self.first_day), keep=self.engine)
        except StoreError as exc:
            self._warn(str(exc))
            return
        self.tags_changed.emit()
        self.result_changed.emit()

    def scope_data(self) -> Optional[dict]:
        if self.result is None:
            return None
        return report.scope_figures(self.result, self.scope, self.wijk_code, self.selected_locations())

    def set_scope(self, scope: str) -> None:
        if scope == "wijk" and self.wijk_code is None and self.result is not None and self.result.wijken:
            self.select_wijk(self.result.wijken[0].wijk_code)
            return
        self.scope = scope
        if scope == "stad":
            self._set_wijk_variable(None)
            self.zoom_to_layer("gemeente")
        self.scope_changed.emit(scope, self.wijk_code or "" if scope == "wijk" else "")

    def select_wijk(self, code: Optional[str]) -> None:
        if not code:
            return
        self.wijk_code, self.scope = code, "wijk"
        wijken = self._set_wijk_variable(code)
        if wijken is not None:
            box = QgsRectangle()
            for f in wijken.getFeatures():
                if f["wijk_code"] == code:
                    box.combineExtentWith(f.geometry().boundingBox())
            self.zoom_to(box, wijken)
        self.scope_changed.emit("wijk", code)

    def _set_wijk_variable(self, code: Optional[str]) -> Optional[QgsVectorLayer]:
        """The chosen wijk for the wijk style (outline, no selection fill): the layer variable atlas_wijk."""
        wijken = self.atlas_layers().get("wijken")
        if wijken is not None:
            QgsExpressionContextUtils.setLayerVariable(wijken, WIJK_VARIABLE, code or "")
            wijken.triggerRepaint()
        return wijken

    def wijk_per_year(self) -> Optional[list]:
        """The chosen wijk's figures per year when the result has them (else None: the chart shows the stad)."""
        if self.result is None or self.scope != "wijk" or not self.wijk_code:
            return None
        return self.result.per_year(self.wijk_code)

    def find_locations(self, text: str) -> int:
        """Select (and zoom to) the locations whose name contains the text; the text is data, never SQL."""
        text = text.strip()
        n = 0
        box = QgsRectangle()
        crs_layer = None
        for laag, lyr in self.atlas_layers().items():
            if laag not in LOCATION_LAYERS:
                continue
            if not text:
                lyr.removeSelection()
                continue
            lyr.selectByExpression(name_filter(text))  # replaces the selection
            if lyr.selectedFeatureCount():
                n += lyr.selectedFeatureCount()
                box.combineExtentWith(lyr.boundingBoxOfSelected())
                crs_layer = lyr
        if crs_layer is not None:
            self.zoom_to(box, crs_layer)
        return n

    def selected_locations(self) -> List[Key]:
        out = []
        for laag, lyr in self.atlas_layers().items():
            if laag in LOCATION_LAYERS:
                out += [(laag, store_fid(lyr, f)) for f in lyr.selectedFeatures()]
        return out

    def single_selection(self) -> Optional[Key]:
        sel = self.selected_locations()
        return sel[0] if len(sel) == 1 else None

    def select_wijk_locations(self) -> int:
        """Select every project and potloodplan of the chosen wijk (e.g. to tag them all at once)."""
        if self.result is None or not self.wijk_code:
            return 0
        n = 0
        for laag in LOCATION_LAYERS:
            lyr = self.atlas_layers().get(laag)
            if lyr is not None:
                fids = {x.fid for x in self.result.locaties_in(self.wijk_code) if x.laag == laag}
                ids = [f.id() for f in lyr.getFeatures() if store_fid(lyr, f) in fids]  # on PostGIS QGIS numbers them itself
                lyr.selectByIds(ids)
                n += len(ids)
        return n

    # --- map -----------------------------------------------------------------------------------------
    def zoom_to_layer(self, laag: str) -> None:
        lyr = self.atlas_layers().get(laag)
        if lyr is not None:
            self.zoom_to(lyr.extent(), lyr)

    def zoom_to(self, rect: QgsRectangle, layer: QgsVectorLayer) -> None:
        canvas = self._canvas_of()
        if canvas is None or rect.isEmpty():
            return
        dest = canvas.mapSettings().destinationCrs()
        if dest.isValid() and dest != layer.crs():
            rect = QgsCoordinateTransform(layer.crs(), dest, QgsProject.instance()).transformBoundingBox(rect)
        rect.scale(1.1)
        canvas.setExtent(rect)
        canvas.refresh()

    def pick_point(self, x: float, y: float, crs: Optional[QgsCoordinateReferenceSystem] = None) -> Optional[str]:
        """A click on the map chooses the wijk under it."""
        if self.store is None:
            return None
        pt = QgsPointXY(x, y)
        rd = QgsCoordinateReferenceSystem("EPSG:28992")
        if crs is not None and crs.isValid() and crs != rd:
            pt = QgsCoordinateTransform(crs, rd, QgsProject.instance()).transform(pt)
        code = atlas.wijk_at(self.store, pt.x(), pt.y())
        if code:
            self.select_wijk(code)
        else:
            self._warn(tr("Hier ligt geen wijk."), "info")
        return code

    # --- tags through the edit buffer (one undo step per apply) ---------------------------------------
    def opgaven(self) -> List[Tuple[str, str]]:
        return atlas.opgaven(self.store) if self.store is not None else []

    def current_tags(self) -> Dict[Key, Dict[str, int]]:
        """(laag, fid) → {opgave_code: feature id in the tags layer}, edit buffer included."""
        out: Dict[Key, Dict[str, int]] = {}
        tags = self.tags_layer()
        if tags is None:
            return out
        for f in tags.getFeatures():
            out.setdefault((f["laag"], int(f["locatie_fid"])), {})[f["opgave_code"]] = f.id()
        return out

    def tag_states(self) -> Dict[str, Qt.CheckState]:
        """Per opgave: every, some or none of the selected locations has it."""
        sel = self.selected_locations()
        current = self.current_tags() if sel else {}
        out = {}
        for code, _ in self.opgaven():
            n = sum(1 for k in sel if code in current.get(k, {}))
            out[code] = (Qt.CheckState.Checked if sel and n == len(sel) else
                         Qt.CheckState.PartiallyChecked if n else Qt.CheckState.Unchecked)
        return out

    def apply_tags(self, wanted: Dict[str, Qt.CheckState]) -> int:
        """Checked: every selected location gets the opgave; unchecked: none has it; mixed: left as it is."""
        sel = self.selected_locations()
        tags = self.tags_layer()
        if not sel or tags is None:
            return 0
        if not tags.isEditable() and not tags.startEditing():
            self._warn(tr("De opgaven kunnen niet worden bewerkt (alleen-lezen)."))
            return 0
        current = self.current_tags()
        changes = 0
        tags.beginEditCommand(tr("Opgaven van {n} locatie(s)").format(n=len(sel)))
        for code, state in wanted.items():
            for key in sel:
                have = current.get(key, {})
                if state == Qt.CheckState.Checked and code not in have:
                    f = QgsFeature(tags.fields())
                    f["laag"], f["locatie_fid"], f["opgave_code"], f["bijgewerkt_door"] = key[0], key[1], code, current_user()
                    tags.addFeature(f)
                    changes += 1
                elif state == Qt.CheckState.Unchecked and code in have:
                    tags.deleteFeature(have[code])
                    changes += 1
        if changes:
            tags.endEditCommand()
        else:
            tags.destroyEditCommand()
        self.tags_changed.emit()
        return changes

    # --- history, restore, promotion ------------------------------------------------------------------
    def history(self) -> List[dict]:
        """The changes of the one selected location, newest first."""
        one = self.single_selection()
        if one is None or self.store is None:
            return []
        return list(reversed(atlas.history(self.store, *one)))

    def controle(self) -> Optional[Controle]:
        """The controle of the one selected location (None: no single location, or the store could not be read)."""
        one = self.single_selection()
        if one is None or self.store is None:
            return None
        try:
            return atlas.controle(self.store, locaties=[one])
        except StoreError as exc:
            self._warn(str(exc))
            return None

    def _reload(self, *lagen: str) -> None:
        for laag in lagen:
            lyr = self.atlas_layers().get(laag)
            if lyr is not None:
                keep = lyr.selectedFeatureIds()
                lyr.dataProvider().reloadData()
                lyr.selectByIds([f for f in keep if lyr.getFeature(f).isValid()])
                lyr.triggerRepaint()
        self.refresh()
        self.selection_changed.emit()

    def restore(self, wijziging_id: Optional[int]) -> bool:
        one = self.single_selection()
        if one is None or wijziging_id is None or self.layer_busy(one[0]):
            return False
        try:
            atlas.restore(self.store, one[0], one[1], int(wijziging_id))
        except StoreError as exc:
            self._warn(str(exc))
            return False
        self._reload(one[0], "locatie_opgaven")
        return True

    def promote(self) -> Optional[int]:
        one = self.single_selection()
        if one is None or one[0] != "potloodplannen" or self.layer_busy("potloodplannen") or self.layer_busy("projecten"):
            return None
        try:
            new = atlas.promote(self.store, one[1])
        except StoreError as exc:
            self._warn(str(exc))
            return None
        self._reload("potloodplannen", "projecten", "locatie_opgaven")
        self._warn(tr("Potloodplan is nu project {fid} (zacht).").format(fid=new), "success")
        return new

    # --- scenarios (#20) ---------------------------------------------------------------------------------
    def scenarios(self) -> list:
        """The store's scenarios (none without an open store)."""
        if self.store is None:
            return []
        try:
            return atlas.scenarios(self.store)
        except StoreError as exc:
            self._warn(str(exc))
            return []

    def save_scenario(self, naam: str, nieuw: List[str], omschrijving: Optional[str], weg: List[int]) -> Tuple[Optional[Any], str]:
        """Save a scenario (the new changes added, the numbers `weg` removed), all or nothing: (scenario, '') or (None, why)."""
        try:
            s = atlas.save_scenario(self.store, naam, nieuw, omschrijving=omschrijving, weg=weg)
        except StoreError as exc:
            return None, str(exc)
        self._warn(tr("Scenario ‘{naam}’ opgeslagen ({n} wijzigingen).").format(naam=s.naam, n=len(s.wijzigingen)), "success")
        return s, ""

    def remove_scenario(self, naam: str) -> bool:
        try:
            atlas.remove_scenario(self.store, naam)
        except StoreError as exc:
            self._warn(str(exc))
            return False
        return True

    def compare_scenario(self, naam: str) -> Optional[dict]:
        """The current plans and the scenario side by side (figures/scenario.py: vergelijking); None on a refusal."""
        try:
            return atlas.compare_scenarios(self.store, [naam], norm=self.result.norm if self.result is not None else None)
        except StoreError as exc:
            self._warn(str(exc))
            return None

    # --- outputs -----------------------------------------------------------------------------------------
    def agenda(self, path: str) -> Optional[atlas.Agenda]:
        try:
            return atlas.agenda(self.store, path, moment=self.peildatum, project=QgsProject.instance())
        except StoreError as exc:
            self._warn(str(exc))
            return None

    def excel(self, path: str) -> Optional[str]:
        try:
            atlas.write_figures(self.result, path, "xlsx", store=self.store)
        except StoreError as exc:  # read-only folder, disk full: the previous file stays
            self._warn(str(exc))
            return None
        return path

    # --- the change report (mutaties) ----------------------------------------------------------------
    def mutaties(self, van: str, tot: str) -> Tuple[Optional["Mutaties"], str]:
        """The change report of the open store between two dates (tot empty: now); (report, '') or (None, the Dutch line)."""
        try:
            return atlas.mutaties(self.store, van, tot or None), ""
        except StoreError as exc:
            return None, str(exc)

    def show_mutatiekaart(self, report: "Mutaties") -> QgsVectorLayer:
        """The mutatiekaart on top of the map (a previous one replaced), not part of the atlas's own layers."""
        from ..core.output.mutatiekaart import MUTATIE_LAAG

        project = QgsProject.instance()
        project.removeMapLayers([i for i, lyr in project.mapLayers().items() if laag_of(lyr) == MUTATIE_LAAG])
        layer = atlas.mutatiekaart(self.store, report)
        project.addMapLayer(layer, False)
        project.layerTreeRoot().insertLayer(0, layer)
        return layer

    def mutaties_excel(self, report: "Mutaties", path: str) -> Optional[str]:
        try:
            atlas.write_mutaties(report, path, "xlsx")
        except StoreError as exc:  # read-only folder, disk full: the previous file stays
            self._warn(str(exc))
            return None
        return path

