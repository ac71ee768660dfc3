"""The use cases every face calls: the command line, Processing and the dock go through here, never round it.

It owns the defaults (the surplus norm, a peildatum read in Dutch time by core/model/tijd.py) and returns what
the faces render: a store, a roll-up result, a report. GUI-free; QGIS only where an output needs it (the agenda).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from .figures.result import Rollup
from .figures.rollup import RollupEngine
from .model.schema import LOCATION_LAYERS
from .model.tijd import local_iso, parse_peildatum, peildatum_label
from .model.values import SURPLUS_NORM
from .store import open as store_open
from .store.base import CONNECTION_PREFIX, Backend, Store, StoreError, now_iso, redact

if TYPE_CHECKING:
    from .figures.controle import Controle
    from .figures.mutaties import Mutaties
    from .figures.scenario import ScenarioRollup
    from .model.scenario import Scenario
    from .sources.bron import BronResultaat
    from .sources.importer import ImportReport

NORM = SURPLUS_NORM  # the default norm of the plan surplus, for every face
NIVEAUS = ("stad", "wijk", "gebied", "locatie")
FORMATS = ("json", "csv", "xlsx")


# --- opening -----------------------------------------------------------------------------------------
def open_store(address: str, migrate: Optional[bool] = None) -> Store:
    """A store by its address: a .gpkg path, postgresql://…?schema=…, service=…, or a saved QGIS connection
    ('verbinding:NAME?schema=atlas'). An older atlas store: migrate=None refuses it (MigrationNeeded), True
    migrates it (what changed: store.migration_notes), False opens it as it is."""
    return store_open.open_store(address, migrate=migrate)


def open_connection(name: str, schema: str = "atlas") -> Store:
    """The store in `schema` of a PostgreSQL connection saved in QGIS."""
    from .store.connections import open_connection as open_saved

    return open_saved(name, schema)


def remembered_address(address: str, store: Store) -> Optional[str]:
    """What a recent-stores list may keep of an address: never a password (credentials stay in the auth database
    or pg_service); None when it cannot be kept."""
    if store_open.backend_of(address) is Backend.GEOPACKAGE:
        return store.label
    return address if address.startswith(CONNECTION_PREFIX) or redact(address) == address else None


def create(address: str, overwrite: bool = False) -> str:
    """A store with schema and catalogues on Almelo's real CBS geography (gemeente, wijken, buurten, kerncijfers),
    whole or not at all; returns the line that says what was made."""
    from .sources import bronnen, geografie

    inhoud = geografie.almelo()
    if store_open.backend_of(address) is Backend.GEOPACKAGE:
        from .store.geopackage import built_aside

        with built_aside(address, overwrite, "nieuw") as work:
            counts = _on_geography(store_open.create_store(work, overwrite=True), inhoud)
        s = open_store(address)
    else:
        s = store_open.create_store(address, overwrite=overwrite)
        counts = _on_geography(s, inhoud)
    return (f"Store aangemaakt: {s.label} (schemaversie {s.schema_version()}); geografie van het CBS: "
            f"{counts['wijken']} wijken, {counts['buurten']} buurten; bron: {bronnen.KADASTER_CBS}")


def _on_geography(s: Store, inhoud: Any) -> Dict[str, int]:
    from .sources import geografie

    with s.transaction() as con:
        counts = geografie.vul(s, con, inhoud)
        s.finish_write(con)
    return counts


def migrate(address: str) -> Tuple[Store, List[str]]:
    """Bring an atlas store to the current schema; returns the store and what changed (nothing: [])."""
    from .store.migrations import migrate_store

    store = open_store(address, migrate=False)
    return store, migrate_store(store)


def sample(address: str, seed: int = 141, woningen: Optional[int] = None, locaties: Optional[int] = None,
           overwrite: bool = False) -> Dict[str, int]:
    """The synthetic Almelo sample; on PostGIS built as a GeoPackage, then copied over whole. Returns counts."""
    from ..sample import build_sample

    if store_open.backend_of(address) is Backend.GEOPACKAGE:
        return build_sample(address, seed=seed, woningen=woningen, locaties=locaties, overwrite=overwrite)
    with tempfile.TemporaryDirectory(prefix="atlas_sample_") as tmp:
        path = os.path.join(tmp, "sample.gpkg")
        counts = build_sample(path, seed=seed, woningen=woningen, locaties=locaties)
        store_open.copy_store(open_store(path), address, overwrite=overwrite)
    return counts


def export(address: str, target: str, overwrite: bool = False) -> Dict[str, Any]:
    """Copy a whole store to a new one (GeoPackage ↔ PostGIS) and compare: rijen, verschillen, doel."""
    return store_open.export_store(address, target, overwrite=overwrite)


def roles(address: str) -> Dict[str, str]:
    """PostGIS: the roles atlas_lezer, atlas_redacteur, atlas_beheerder made and granted; role → what it may."""
    store_open.require(address, Backend.POSTGIS, "Rollen bestaan alleen in een PostGIS-store (postgresql://…?schema=… of service=…).")
    from .store.postgis import ROLES, create_roles

    return {role: ROLES[role] for role in create_roles(address)}


def may_curate(store: Store) -> bool:
    """May the user change the store's layer catalogue: a beheerder (PostGIS), anyone who may write the GeoPackage."""
    return bool(store.may_repair()[1])


# --- checks --------------------------------------------------------------------------------------------
@dataclass
class Validation:
    store: Store
    problems: List[Any]
    repaired: Optional[int] = None  # database rules reinstalled (validate --herstel)


def validate(store: Store, repair: bool = False) -> Validation:
    """Schema and data problems; with repair the database rules are reinstalled first."""
    from .store.validation import validate as problems_of

    repaired = None
    if repair:
        from .store.guards import repair as reinstall

        repaired = reinstall(store)
    return Validation(store, problems_of(store), repaired)


# --- figures -------------------------------------------------------------------------------------------
def peildatum(text: Optional[str]) -> Optional[str]:
    """A peildatum as users write it (command line, Processing, the dock's box) → the UTC moment; empty: None (now)."""
    return parse_peildatum(text) if text is not None and str(text).strip() else None


@contextlib.contextmanager
def past(store: Store, moment: Optional[str]) -> Iterator[Store]:
    """The store itself, or (with a peildatum) the store as it stood then, for as long as the block runs."""
    from .figures.history import at

    with at(store, peildatum(moment)) as then:
        yield then


def engine(store: Store, norm: Optional[float] = None, publiek: bool = False) -> RollupEngine:
    """A roll-up engine that keeps its caches between refreshes (the dock after every save); `publiek`: of the
    locations everyone may see only (`serve --publiek`)."""
    return RollupEngine(store, norm=NORM if norm is None else norm, publiek=publiek)


def store_state(store: Store) -> str:
    """A marker of the store as it stands now: it changes with every write (what a cache of its maps is keyed on)."""
    return store.change_marker()


def figures(store: Store, moment: Optional[str] = None, norm: Optional[float] = None,
            keep: Optional[RollupEngine] = None, publiek: bool = False) -> Rollup:
    """The roll-up now, or as the store stood at the peildatum (rebuilt from the history, marked with it).
    `keep`: an engine of this store whose caches make the figures of now cheap; `publiek`: of the public locations."""
    at = peildatum(moment)
    if at is None:
        return (keep or engine(store, norm, publiek)).compute()
    with past(store, at) as then:
        return _figures_then(then, at, keep.norm if keep is not None and norm is None else norm, publiek)


def _figures_then(then: Store, at: Optional[str], norm: Optional[float], publiek: bool = False) -> Rollup:
    result = engine(then, norm, publiek).compute()
    return dataclasses.replace(result, peildatum=local_iso(at)) if at is not None else result


def write_figures(result: Rollup, path: str, fmt: Optional[str] = None, niveau: str = "stad",
                  store: Optional[Store] = None) -> str:
    """The figures to a file, whole or not at all: json (everything), csv (one niveau) or xlsx; fmt from the
    file's extension when not given (json otherwise). The workbook has a sheet of the blocks when `store` (the store
    the result is of) is given: read as the store stood at the result's peildatum. Returns the format written."""
    from .output import tables
    from .output.files import write_text

    fmt = fmt or next((f for f in FORMATS if path.lower().endswith("." + f)), "json")
    if fmt == "xlsx":
        blokken = None
        if store is not None:
            with past(store, result.peildatum) as then:
                blokken = tables.read_blokken(then)
        tables.write_xlsx(result, path, blokken)
    elif fmt == "csv":
        tables.write_csv(result, niveau, path)
    else:
        write_text(path, tables.json_text(result.to_json()) + "\n")
    return fmt


# --- scenarios (DESIGN.md §11) -----------------------------------------------------------------------
def scenarios(store: Store) -> List["Scenario"]:
    """Every scenario of the store with its changes, by name."""
    from .store.scenario import scenarios as read

    return read(store)


def scenario(store: Store, naam: str) -> "Scenario":
    """One scenario by its name (a Dutch StoreError naming the ones there are)."""
    from .store.scenario import scenario as read

    return read(store, naam)


def parse_wijziging(regel: str) -> Any:
    """A change as people write it → Wijziging (its .tekst for people); a Dutch StoreError naming what is wrong."""
    from .model.scenario import parse

    return parse(regel)


def wijziging_soorten() -> Dict[str, str]:
    """soort → its Dutch name, in the order the faces offer them."""
    from .model.scenario import SOORTEN

    return dict(SOORTEN)


def save_scenario(store: Store, naam: str, regels: Sequence[str] = (), omschrijving: Optional[str] = None,
                  vervang: bool = False, weg: Sequence[int] = ()) -> "Scenario":
    """Make or change a scenario, all or nothing: the changes as people write them ('vervallen status_planologisch=4B',
    core/model/scenario.py), added after the others or replacing them (`vervang`); `weg`: numbers of changes to remove."""
    from .model.scenario import parse
    from .store.scenario import save

    return save(store, naam, [parse(r) for r in regels], omschrijving=omschrijving, vervang=vervang, weg=weg)


def remove_scenario(store: Store, naam: str) -> int:
    """Remove a scenario and its changes; returns how many changes went with it."""
    from .store.scenario import remove

    return remove(store, naam)


def scenario_figures(store: Store, naam: str, norm: Optional[float] = None) -> "ScenarioRollup":
    """The roll-up of the current plans with the scenario's changes applied in memory (the store is not written); its
    toepassingen say what each change did, and which no longer apply."""
    from .figures.scenario import rollup as scenario_rollup

    return scenario_rollup(store, scenario(store, naam), NORM if norm is None else norm)


def compare_scenarios(store: Store, namen: Optional[Sequence[str]] = None, norm: Optional[float] = None) -> Dict[str, Any]:
    """The current plans and every scenario (or those named) side by side against the goals (figures/scenario.py)."""
    from .figures.scenario import rollup as scenario_rollup
    from .figures.scenario import vergelijking

    chosen = [scenario(store, n) for n in namen] if namen else scenarios(store)
    n = NORM if norm is None else norm
    out = vergelijking(figures(store, norm=n), [scenario_rollup(store, s, n) for s in chosen])
    out["opgave_namen"] = dict(opgaven(store))
    return out


# --- the change report (mutatierapportage) -------------------------------------------------------------
def mutaties(store: Store, van: Optional[str], tot: Optional[str], norm: Optional[float] = None) -> "Mutaties":
    """The plan capacity at the end of day `van` reconciled to the end of `tot` (Amsterdam time; empty tot: now), per
    stad, wijk and opgave, with the locations per bucket (core/figures/mutaties.py; begin + Σ buckets = eind)."""
    from .figures.mutaties import mutaties as reconcile
    from .model.tijd import peildatum_label

    a, b = peildatum(van), peildatum(tot)
    if a is None:
        raise StoreError("Geef een begindatum (--van), bijvoorbeeld 2021-01-01.")
    now = now_iso()
    b = b or now
    if a > b:
        raise StoreError(f"De begindatum {peildatum_label(a)} ligt na de einddatum {peildatum_label(b)}.")
    first = history_start(store)  # before it the atlas knows no plans: every plan would look new
    if first is not None and local_iso(a)[:10] < first:
        day = "-".join(reversed(first.split("-")))
        raise StoreError(f"De begindatum {peildatum_label(a)} ligt vóór het begin van de historie ({day}): kies {day} of later.")
    begin = figures(store, a, norm=norm)
    eind = figures(store, None if b >= now else b, norm=norm)  # today or later: the store as it is
    return reconcile(begin, eind, a, b)


def mutatiekaart(store: Store, report: "Mutaties") -> Any:
    """The map of the changes: a memory layer (QGIS) of the changed locations coloured by bucket, geometry as at the
    end date (a dropped plan as at the begin date)."""
    from .figures.mutaties import geometries
    from .output.mutatiekaart import layer

    return layer(report, geometries(store, report))


def write_mutaties(report: "Mutaties", path: str, fmt: Optional[str] = None) -> str:
    """The change report to a file, whole or not at all: json or xlsx (from the extension when fmt is not given)."""
    from .output import mutaties as out

    fmt = fmt or ("xlsx" if path.lower().endswith(".xlsx") else "json")
    out.write(report, path, fmt)
    return fmt


# --- the controle --------------------------------------------------------------------------------------
def controle_sinds(store: Store) -> int:
    """The default threshold year of the controle's new BAG dwellings: the year the store's history starts, else 2021."""
    from .figures.controle import SINDS_STANDAARD

    first = history_start(store)
    return int(first[:4]) if first else SINDS_STANDAARD


def controle(store: Store, sinds: Optional[int] = None, locaties: Optional[Sequence[Tuple[str, int]]] = None) -> "Controle":
    """The plans held against the BAG and the bestemmingsplannen (DESIGN.md §8); `locaties`: only these (laag, fid), as
    the dock asks for one location. `sinds`: the first bouwjaar of the new BAG dwellings (default `controle_sinds`)."""
    from .figures.controle import controle as check
    from .model.values import JAAR_RANGE, bounded_int

    year = controle_sinds(store) if sinds is None else bounded_int(sinds, JAAR_RANGE, "sinds")
    return check(store, year, locaties)


# --- uitwisseling (DESIGN.md §10) ----------------------------------------------------------------------
@dataclass
class Uitwisseling:
    formaat: str
    pad: Optional[str]
    plannen: int
    weggelaten: int  # left out for the niveau
    problemen: List[Any]  # uitwisseling.Probleem: the pre-flight
    notities: List[str] = field(default_factory=list)
    geschreven: bool = False

    @property
    def naam(self) -> str:
        """The format as people name it ('Planregistratie', 'Zeeland (Planmonitor Wonen)')."""
        from .output.uitwisseling import FORMAAT_NAMEN

        return FORMAAT_NAMEN[self.formaat]

    @property
    def blokkeert(self) -> bool:
        return any(p.blokkeert for p in self.problemen)

    def rapport(self) -> str:
        """The Dutch report: the pre-flight, the notes, and what was (not) written."""
        from .output.uitwisseling import rapport

        regels = [rapport(self.problemen), *self.notities]
        if self.geschreven:
            regels.append(f"{self.naam} geschreven: {self.pad} ({self.plannen} plannen; {self.weggelaten} weggelaten"
                          " omdat ze vertrouwelijker zijn dan de ontvanger)")
        elif self.pad:
            regels.append(f"Niets geschreven: de controle vond fouten voor {self.naam}; verbeter ze en probeer opnieuw.")
        return "\n".join(regels)


def uitwisseling(store: Store, formaat: str, pad: Optional[str] = None, moment: Optional[str] = None,
                 niveau: str = "gemeente", target: Optional[str] = None) -> Uitwisseling:
    """The plans for a province or DIWI (FORMATS.md §9) as the store stood at the peildatum: the pre-flight always, then
    (with `pad`, and only when nothing blocks) the file written whole. `niveau`: the receiver; `target`: whose price classes."""
    from .output import uitwisseling as u
    from .output import uitwisseling_formaten as formaten

    if formaat not in u.FORMATEN:
        raise StoreError(f"--formaat {formaat}: kies uit {', '.join(u.FORMATEN)}")
    if pad:
        formaten.check_extension(formaat, pad)
    at = peildatum(moment)
    jaar = int(local_iso(at)[:4]) if at else datetime.date.today().year
    with past(store, at) as then:
        lijst = u.planlijst(then, target or u.TARGET_VAN[formaat], niveau, jaar, local_iso(at)[:10] if at else None)
    res = Uitwisseling(formaat, pad, len(lijst.plannen), lijst.weggelaten, u.controle(lijst, formaat))
    if pad and not res.blokkeert:
        res.notities = formaten.schrijf(lijst, formaat, pad)
        res.geschreven = True
    return res


# --- the agenda ----------------------------------------------------------------------------------------
@dataclass
class Agenda:
    pages: int
    seconds: float
    bytes: int
    wijken: List[str]
    result: Rollup = field(repr=False)  # the one roll-up the PDF and the workbook show

    @property
    def summary(self) -> str:
        """What every face says of it, in Dutch numbers: "13 pagina's, 2,2 MB, 5,2 s"."""
        from .output.tables import fmt

        return f"{self.pages} pagina's, {fmt(self.bytes / 1e6)} MB, {fmt(self.seconds)} s"


def agenda(store: Store, output: str, wijken: Optional[Sequence[str]] = None, moment: Optional[str] = None,
           xlsx: Optional[str] = None, project: Any = None, norm: Optional[float] = None,
           scenarios: Optional[Sequence[str]] = None, vergelijk: Optional[str] = None) -> Agenda:
    """The agenda as one PDF (stad page, a page per wijk) and, with xlsx, its figures as a workbook: both from one
    roll-up of the store as it stood at the peildatum (the past is built once). `project`: a QGIS project whose
    layers and edited layouts print the agenda of now; at a peildatum the maps show the past's own layers, in the
    project's edited layouts. `vergelijk`: a date before the peildatum; a chapter of what changed since then follows the
    stad page (the change report, its mutatiekaart and its locations; the workbook gets its sheets). `scenarios`: names
    of scenarios that get an appendix page each (the plans of now)."""
    from .output.agenda import export_agenda
    from .output.files import check_target
    from .output.tables import read_blokken, write_xlsx

    for target in filter(None, (output, xlsx)):  # both refused before any work
        check_target(target)
    at = peildatum(moment)
    if scenarios and at is not None:
        raise StoreError("Scenario's rekenen met de plannen van nu: een agenda met scenario's heeft geen peildatum.")
    chapters: List[Any] = []
    report = None
    if vergelijk is not None:
        from .figures.mutaties import geometries
        from .output.agenda_mutaties import pages

        report = mutaties(store, vergelijk, at, norm=norm)
        shapes = geometries(store, report)
        chapters.append(lambda proj, folder: pages(proj, report, shapes, folder, project))
    with past(store, at) as then:
        result = _figures_then(then, at, norm)
        bijlagen = _scenario_pages(store, scenarios, result) if scenarios else []
        info = export_agenda(then, output, wijken=wijken or None, project=project if at is None else None,
                             peildatum=peildatum_label(at) if at else None, result=result, layouts_from=project,
                             hoofdstukken=chapters, bijlagen=bijlagen)
        blokken = read_blokken(then) if xlsx else None
    if xlsx:
        write_xlsx(result, xlsx, blokken)
        if report is not None:
            from .output.mutaties import append_xlsx

            append_xlsx(report, xlsx)
    return Agenda(info["pages"], info["seconds"], info["bytes"], info["wijken"], result)


def _scenario_pages(store: Store, namen: Sequence[str], result: Rollup) -> List[Any]:
    """The agenda's appendix pages: one per scenario, beside `result` (the plans of now)."""
    from .figures.scenario import rollup as scenario_rollup
    from .figures.scenario import vergelijking
    from .output.scenario_pagina import scenario_layout

    srs = [scenario_rollup(store, scenario(store, n), result.norm) for n in namen]
    v = vergelijking(result, srs)
    return [lambda project, tmp, i=i, sr=sr: scenario_layout(project, v, i, sr, tmp) for i, sr in enumerate(srs)]


# --- edits ---------------------------------------------------------------------------------------------
def tag(store: Store, laag: str, fids: Sequence[int], opgaven: Sequence[str], remove: bool = False) -> int:
    """Add (or remove) opgaven on locations, all or nothing; returns the tags changed."""
    from .edits import tag as tag_rows

    return tag_rows(store, laag, fids, opgaven, remove=remove)


def tag_where(store: Store, laag: str, opgaven: Sequence[str], fids: str = "", gebied: Optional[str] = None,
              wijk: Optional[str] = None, remove: bool = False) -> Tuple[int, int]:
    """Tag the given fids ('1,2,5'), or every location of the layer in a gebied and/or wijk; (tags changed, locations)."""
    from .edits import locations_in
    from .model.values import parse_fids

    if fids.strip():
        chosen = parse_fids(fids)
    else:
        chosen = locations_in(store, laag, gebied=gebied, wijk=wijk) if (gebied or wijk) else []
    if not chosen:
        raise StoreError("Geen locaties gekozen: geef feature-id's, een gebied of een wijk.")
    return tag(store, laag, chosen, opgaven, remove=remove), len(chosen)


def promote(store: Store, fid: int, planstatus: str = "zacht", status: str = "initiatief", start_jaar: Optional[int] = None,
            oplever_jaar: Optional[int] = None) -> int:
    """Potloodplan → project (programme, tags and history go along); returns the project's fid."""
    from .edits import promote as promote_row

    return promote_row(store, fid, planstatus=planstatus, status=status, start_jaar=start_jaar, oplever_jaar=oplever_jaar)


def restore(store: Store, laag: str, fid: int, wijziging_id: int) -> None:
    """A location back to the state one history row recorded; the restore is itself a change in the history."""
    from .edits import restore as restore_row

    restore_row(store, laag, fid, wijziging_id)


def history(store: Store, laag: str, fid: int) -> List[dict]:
    """The changes of one location and its tags, oldest first."""
    from .figures.history import history_of

    return history_of(store, laag, fid)


def history_start(store: Store) -> Optional[str]:
    """The first day the history knows ('JJJJ-MM-DD', Dutch time), None without history: figures before it are not known."""
    df = store.read_frame("SELECT MIN(tijd) AS eerste FROM wijzigingen")
    first = df["eerste"].iloc[0] if len(df) else None
    if first is None or first != first:  # NULL / NaN: no history yet
        return None
    return local_iso(str(first) if not hasattr(first, "isoformat") else first.isoformat())[:10]


def assign_wijken(store: Store, laag: str, fids: Sequence[int]) -> None:
    """Keep wijk_code of edited locations up to date (after a save through QGIS's edit buffer)."""
    from .edits import assign_wijken as assign

    assign(store, laag, list(fids))


def wijk_at(store: Store, x: float, y: float) -> Optional[str]:
    """The code of the wijk under a point (EPSG:28992); None outside every wijk."""
    from .edits import wijk_at as at_point

    return at_point(store, x, y)


def parse_mapping(pairs: Iterable[str], what: str = "--map '{m}'") -> Dict[str, str]:
    """DOEL=BRON pairs → {doel: bron}; `what` names a bad pair in the face's own words."""
    from .model.values import parse_pairs

    return parse_pairs(pairs, what, "DOEL=BRON")


UITWISSELING_IMPORT = {"planregistratie": "planregistratie", "zuid-holland": "planregistratie", "excel": "uitwisseling-excel",
                       "zeeland": "zeeland"}


def import_layer(store: Store, laag: str, source: str, bronlaag: Optional[str] = None,
                 mapping: Optional[Dict[str, str]] = None, replace: bool = False, overslaan: bool = False) -> "ImportReport":
    """Load a source into a layer of the store (refused rows reported, a replace all or nothing): the ImportReport.
    zeeland: the blocks of the matched locations replaced; `overslaan` skips plans without a location (else nothing is written)."""
    from .sources import uitwisseling

    soort = UITWISSELING_IMPORT.get(laag)
    if soort == "zeeland":
        from .sources import zeeland

        return zeeland.importeer(store, source, overslaan=overslaan, vervang=replace)
    if soort:  # a province's plan list or the atlas's exchange workbook (DESIGN.md §10)
        return uitwisseling.importeer(store, soort, source, vervang=replace)
    from .sources.importer import import_layer as load

    return load(store, laag, source, bronlaag=bronlaag, mapping=mapping or {}, replace=replace)


def bron(store: Store, soort: str, bestand: str, opties: Optional[Mapping[str, Any]] = None) -> "BronResultaat":
    """Bring a base layer up to date from a real source file (DESIGN.md §8), in one transaction; the run is recorded."""
    from pathlib import Path

    from .sources.bron import bron as run

    return run(store, soort, Path(bestand), opties)


def bron_soorten() -> Dict[str, str]:
    """soort → its name for people, in the order a full set is read (what the faces offer)."""
    from .sources.bronnen import NAMEN, SOORTEN

    return {soort: NAMEN[soort] for soort in SOORTEN}


def bron_opties(soort: Optional[str] = None) -> Dict[str, Any]:
    """option name → its Optie (label, soort, help): every option of every source, or the ones `soort` takes."""
    from .sources.bronnen import OPTIES

    if soort is None:  # every option (the command line's parser: without the readers, so that it starts quickly)
        return dict(OPTIES)
    from .sources.bron import opties_van

    return {naam: OPTIES[naam] for naam in opties_van(soort)}


def bronregel(soort: str, peildatum: Optional[str]) -> str:
    """A source's line as legends and pages show it ('BAG, stand 01-11-2026')."""
    from .sources.bronnen import bronregel as regel

    return regel(soort, peildatum)


def bron_runs(store: Store) -> List[Dict[str, Any]]:
    """The runs recorded in `bronnen`, oldest first."""
    from .sources.bronnen import runs

    return runs(store)


# --- small reads the faces need ------------------------------------------------------------------------
def opgaven(store: Store) -> List[Tuple[str, str]]:
    """(code, naam) of every opgave, by code."""
    with store.reading() as con:
        return [(str(c), str(n)) for c, n in con.execute("SELECT code, naam FROM opgaven ORDER BY code").fetchall()]


def versions(store: Store, laag: str, fids: Iterable[int]) -> Dict[int, int]:
    """fid → versie now, of the locations that still exist (a save's conflict check)."""
    wanted = sorted({int(f) for f in fids})
    if laag not in LOCATION_LAYERS or not wanted:
        return {}
    with store.reading() as con:
        rows = con.execute(f'SELECT fid, versie FROM "{laag}" WHERE fid IN ({",".join([store.param] * len(wanted))})', wanted).fetchall()
    return {int(f): int(v) for f, v in rows if v is not None}


def location_name(store: Store, laag: str, fid: int) -> Optional[str]:
    """The naam of a location; None for another layer or a fid that does not exist."""
    if laag not in LOCATION_LAYERS:
        return None
    with store.reading() as con:
        row = con.execute(f'SELECT naam FROM "{laag}" WHERE fid = {store.param}', (int(fid),)).fetchone()
    return row[0] if row else None
