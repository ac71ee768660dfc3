"""Command line: python -m almelo_atlas_plugin init|sample|validate|rollup|tag|import …

A table of small commands: each parses its arguments, makes one call to core/atlas.py and renders the answer.
Exit 0 on success, 2 on bad input with one Dutch line naming what is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

from .core import atlas
from .core.model.tijd import local_time, parse_peildatum
from .core.model.values import (
    FID_RANGE,
    JAAR_RANGE,
    LOCATIES_RANGE,
    NORM_RANGE,
    PORT_RANGE,
    SEED_RANGE,
    WONINGEN_RANGE,
    bounded_float,
    bounded_int,
    one_line,
)

PEILDATUM_HELP = ("{wat} zoals de store er toen voor stond; Nederlandse tijd: JJJJ-MM-DD (het einde van die dag)"
                  " of JJJJ-MM-DDTUU:MM")
# argparse's own messages, in Dutch
_PARSER_NL = ((r"^the following arguments are required: ", "verplicht argument ontbreekt: "),
              (r"^unrecognized arguments: ", "onbekend argument: "),
              (r"invalid choice: (.*) \(choose from (.*)\)$", r"ongeldige keuze \1 (kies uit \2)"),
              (r"expected one argument$", "verwacht één waarde"),
              (r"^ambiguous option: (.*) could match (.*)$", r"dubbelzinnige optie \1: bedoelt u \2?"),
              (r"ignored explicit argument (.*)$", r"optie neemt geen waarde: \1"))


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[override]
        super().add_usage(usage, actions, groups, prefix="gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Dutch: the help's headings and the refusals of bad arguments."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> None:  # Dutch, exit 2
        for rx, nl in _PARSER_NL:
            message = re.sub(rx, nl, message)
        self.exit(2, f"fout: {one_line(message)}\n(zie: python -m almelo_atlas_plugin --help)\n")


def _typed(parse, *bounds):
    """An argparse type from a parser of core (values, tijd): its Dutch line on a bad value, before anything is opened."""
    def convert(text: str):
        from .core.store.base import StoreError

        try:
            return parse(text, *bounds)
        except StoreError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return convert


def _whole(bounds: Tuple[int, int]):
    return _typed(bounded_int, bounds)


Argument = Tuple[Tuple[str, ...], Dict[str, Any]]


def arg(*names: str, **options: Any) -> Argument:
    return names, options


STORE = arg("store")
OVERWRITE = arg("--overschrijven", "--overwrite", action="store_true", dest="overwrite")


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    arguments: Tuple[Argument, ...]
    run: Callable[[argparse.Namespace], int]


COMMANDS: List[Command] = []


def command(name: str, help: str, *arguments: Argument):
    """Register a command: its arguments and the function that runs it (parsed arguments → exit code)."""
    def register(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS.append(Command(name, help, arguments, run))
        return run
    return register


def _open_to_write(address: str):
    """A write command migrates an older atlas store first, and says so."""
    s = atlas.open_store(address, migrate=True)
    for n in getattr(s, "migration_notes", []):
        print(f"gemigreerd: {s.label}: {n}", file=sys.stderr)
    return s


def _counts(counts: Dict[str, int]) -> None:
    for k, v in counts.items():
        print(f"  {k:24s} {v:>9,}".replace(",", "."))


@command("init", "maak een lege store met schema en catalogi", STORE, OVERWRITE)
def _init(args) -> int:
    print(atlas.create(args.store, overwrite=args.overwrite))
    return 0


@command("migrate", "breng een atlas-store naar de huidige schemaversie (zegt wat er veranderde)", STORE)
def _migrate(args) -> int:
    s, notes = atlas.migrate(args.store)
    if not notes:
        print(f"{s.label} heeft al schemaversie {s.schema_version()}; er is niets gewijzigd.")
    for n in notes:
        print(f"{s.label}: {n}")
    return 0


@command("sample", "synthetische Almelo-steekproef", STORE,
         arg("--seed", type=_whole(SEED_RANGE), default=141),
         arg("--woningen", type=_whole(WONINGEN_RANGE)),
         arg("--locaties", type=_whole(LOCATIES_RANGE)),
         arg("--overschrijven", "--overwrite", action="store_true", dest="overwrite",
             help="een bestaande store (GeoPackage of PostGIS-schema) vervangen"))
def _sample(args) -> int:
    counts = atlas.sample(args.store, seed=args.seed, woningen=args.woningen, locaties=args.locaties, overwrite=args.overwrite)
    print(f"Steekproef geschreven: {args.store}")
    _counts(counts)
    return 0


@command("validate", "controleer schema en gegevens", STORE,
         arg("--format", choices=("text", "json"), default="text"),
         arg("--herstel", action="store_true",
             help="databaseregels (bewaking en historie) opnieuw installeren zoals deze versie ze maakt (PostGIS: beheerder)"))
def _validate(args) -> int:
    v = atlas.validate(atlas.open_store(args.store, migrate=False), repair=args.herstel)
    label, problems = v.store.label, v.problems
    if v.repaired is not None:
        print(f"{label}: databaseregels opnieuw geïnstalleerd ({v.repaired} waren verouderd, gewijzigd of ontbraken).", file=sys.stderr)
    if args.format == "json":
        print(json.dumps({"store": label, "problemen": [p.as_dict() for p in problems]}, ensure_ascii=False, indent=1))
    else:
        if not problems:
            print(f"{label}: geen problemen gevonden.")
        for p in problems:
            print(p.text())
        if problems:
            print(f"{len(problems)} probleem/problemen gevonden.", file=sys.stderr)
    return 2 if problems else 0


def _check_output(output: Optional[str], fmt: str) -> None:
    """A file named for another format, or a workbook without a file, is refused before anything is read or written."""
    if fmt == "xlsx" and not output:
        raise ValueError("--format xlsx vraagt een uitvoerbestand: -o FILE.xlsx")
    ext = os.path.splitext(output or "")[1].lower()
    want = {"json": ".json", "csv": ".csv", "xlsx": ".xlsx"}.get(fmt)
    if ext in (".json", ".csv", ".xlsx", ".pdf", ".gpkg") and ext != want:
        raise ValueError(f"-o {output}: --format {fmt} schrijft geen {ext}-bestand" + (f" (gebruik een naam op {want})" if want else ""))


@command("rollup", "cijfers locatie → wijk → stad", STORE,
         arg("--niveau", choices=("stad", "wijk", "gebied", "locatie"), default="stad"),
         arg("--format", choices=("table", "json", "csv", "xlsx"), default="table"),
         arg("-o", "--output"),
         arg("--norm", type=_typed(bounded_float, NORM_RANGE), help=f"norm planoverschot (standaard {atlas.NORM:.2f})".replace(".", ",")),
         arg("--peildatum", type=_typed(parse_peildatum), help=PEILDATUM_HELP.format(wat="de cijfers")),
         arg("--scenario", help="de cijfers van de plannen van nu met de wijzigingen van dit scenario (er wordt niets opgeslagen)"))
def _rollup(args) -> int:
    from .core.output import tables

    _check_output(args.output, args.format)
    store = atlas.open_store(args.store)
    result, data, kop = _figures_of(store, args)
    if args.format == "table":
        _emit(kop + tables.table_text(result, args.niveau), args.output)
    elif args.format == "json":
        _emit(tables.json_text(data), args.output)
    elif args.output:  # a scenario's workbook without the store's blocks (they are the plans', not the scenario's)
        atlas.write_figures(result, args.output, args.format, args.niveau, None if args.scenario else store)
        if args.format == "xlsx":
            print(f"Excel geschreven: {args.output}")
    else:
        tables.write_csv(result, args.niveau, sys.stdout)
    return 0


def _figures_of(store, args) -> Tuple[Any, Dict[str, Any], str]:
    """The roll-up (of a scenario when asked: its changes that no longer apply said on stderr), its JSON and a heading."""
    if not args.scenario:
        result = atlas.figures(store, args.peildatum, norm=args.norm)
        return result, result.to_json() if args.format == "json" else {}, ""
    from .core.output import scenario as words

    if args.peildatum:
        raise ValueError("--scenario rekent met de plannen van nu; laat --peildatum weg")
    sr = atlas.scenario_figures(store, args.scenario, norm=args.norm)
    for line in words.meldingen(sr):
        print(line, file=sys.stderr)
    return sr.result, words.rollup_json(sr), f"Scenario: {sr.scenario.naam} (de plannen van nu met de wijzigingen van het scenario)\n"


def _emit(text: str, output: Optional[str]) -> None:
    if output:
        from .core.output.files import write_text

        write_text(output, text + "\n")
    else:
        print(text)


@command("controle", "de plannen tegen de BAG en de bestemmingsplannen: gerealiseerd zonder BAG-woningen, nieuwe"
         " BAG-woningen in geen plan, hard zonder bestemmingsplan", STORE,
         arg("--sinds", type=_whole(JAAR_RANGE), help="eerste bouwjaar van de nieuwe BAG-woningen (standaard: het begin van"
                                                      " de historie van de store, anders 2021)"),
         arg("--format", choices=("text", "csv", "json"), default="text"),
         arg("-o", "--output"))
def _controle(args) -> int:
    from .core.output import controle as words

    _check_output(args.output, args.format)
    result = atlas.controle(atlas.open_store(args.store), args.sinds)
    render = {"text": words.text, "csv": words.csv_text, "json": words.json_report}[args.format]
    _emit(render(result).rstrip("\n"), args.output)
    if args.output or args.format != "text":  # the count also where the output is a file or data
        print(words.samenvatting(result, vertaald=False) + ".", file=sys.stderr)
    return 0


@command("tag", "tag locaties met opgaven", STORE, arg("layer"), arg("fids"),
         arg("--opgave", action="append", required=True),
         arg("--remove", "--verwijder", action="store_true", dest="remove"))
def _tag(args) -> int:
    from .core.model.values import parse_fids

    fids = parse_fids(args.fids)
    n = atlas.tag(_open_to_write(args.store), args.layer, fids, args.opgave, remove=args.remove)
    print(f"{n} tag(s) {'verwijderd' if args.remove else 'toegevoegd'}.")
    return 0


@command("roles", "PostGIS: rollen atlas_lezer, atlas_redacteur, atlas_beheerder aanmaken en rechten geven", STORE)
def _roles(args) -> int:
    for role, what in atlas.roles(args.store).items():
        print(f"{role}: {what}")
    return 0


@command("promote", "potloodplan → project (programma, tags en historie gaan mee)", STORE,
         arg("fid", type=_whole(FID_RANGE)),
         arg("--planstatus", choices=("zacht", "hard"), default="zacht"),
         arg("--status", choices=("initiatief", "voorbereiding", "uitvoering"), default="initiatief"),
         arg("--start-jaar", type=_whole(JAAR_RANGE)),
         arg("--oplever-jaar", type=_whole(JAAR_RANGE)))
def _promote(args) -> int:
    new = atlas.promote(_open_to_write(args.store), args.fid, planstatus=args.planstatus, status=args.status,
                           start_jaar=args.start_jaar, oplever_jaar=args.oplever_jaar)
    print(f"Potloodplan {args.fid} is nu project {new} ({args.planstatus}).")
    return 0


@command("mutaties", "wat veranderde er tussen twee datums: het programma op --van afgestemd op --tot, per stad, wijk en"
         " opgave, met de locaties per soort mutatie", STORE,
         arg("--van", required=True, type=_typed(parse_peildatum), help=PEILDATUM_HELP.format(wat="het begin:")),
         arg("--tot", type=_typed(parse_peildatum), help=PEILDATUM_HELP.format(wat="het eind:") + " (standaard: nu)"),
         arg("--format", choices=("table", "json", "xlsx"), default="table"),
         arg("-o", "--output"))
def _mutaties(args) -> int:
    from .core.output import mutaties as words

    _check_output(args.output, args.format)
    report = atlas.mutaties(atlas.open_store(args.store), args.van, args.tot)
    if args.format == "xlsx" or (args.output and args.format == "json"):
        atlas.write_mutaties(report, args.output, args.format)
        print(f"{'Excel' if args.format == 'xlsx' else 'JSON'} geschreven: {args.output}")
    else:
        _emit(words.table_text(report) if args.format == "table" else words.json_report(report), args.output)
    return 0


def _qgis_app() -> None:
    """QGIS initialised once per process, for the outputs that print with it."""
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    global _APP
    if QgsApplication.instance() is None:
        _APP = QgsApplication([], True)
        _APP.initQgis()


_APP = None


@command("agenda", "de agenda op papier: stadspagina en een pagina per wijk (PDF)", STORE,
         arg("-o", "--output", required=True),
         arg("--wijk", action="append", default=[]),
         arg("--xlsx", help="ook de cijfers naar Excel"),
         arg("--peildatum", type=_typed(parse_peildatum), help=PEILDATUM_HELP.format(wat="de agenda")),
         arg("--scenario", action="append", default=[], help="een bijlage met dit scenario naast de doelen (mag vaker)"),
         arg("--scenarios", action="store_true", help="een bijlage per scenario van de store"),
         arg("--vergelijk", type=_typed(parse_peildatum), metavar="DATUM",
             help="met een hoofdstuk over wat er sinds DATUM veranderde (mutaties, mutatiekaart)"))
def _agenda(args) -> int:
    if not args.output.lower().endswith(".pdf"):
        raise ValueError(f"-o {args.output}: de agenda is een PDF (eindigt op .pdf)")
    store = atlas.open_store(args.store)
    _qgis_app()
    namen = [s.naam for s in atlas.scenarios(store)] if args.scenarios else args.scenario
    info = atlas.agenda(store, args.output, wijken=args.wijk, moment=args.peildatum, xlsx=args.xlsx, scenarios=namen,
                        vergelijk=args.vergelijk)
    print(f"Agenda geschreven: {args.output} ({info.summary})")
    if args.xlsx:
        print(f"Excel geschreven: {args.xlsx}")
    return 0


@command("serve", "de atlas op het web voor collega's zonder QGIS: QGIS Server en een pagina", STORE,
         arg("--port", type=_whole(PORT_RANGE), default=8080, help="poort op 127.0.0.1 (0: een vrije)"),
         arg("--publiek", action="store_true", help="alleen de locaties met vertrouwelijkheid openbaar, in kaart en cijfers"),
         arg("--schrijf", metavar="MAP", help="schrijf alleen het project en de pagina naar MAP (voor een webserver met "
                                              "QGIS Server als FastCGI) en stop"))
def _serve(args) -> int:
    store = atlas.open_store(args.store)
    from .web import server

    if args.schrijf:
        _qgis_app()
        web = server.write_site(store, args.schrijf, args.publiek)
        print(f"Project geschreven: {web.path}; pagina: {os.path.join(args.schrijf, 'site')}")
        return 0
    httpd = server.make_server(args.port)  # the port first: a taken one is refused before any work
    _qgis_app()
    server.serve(httpd, store, args.publiek)
    return 0


@command("export", "kopieer een hele store naar een nieuwe (GeoPackage ↔ PostGIS), met controle", STORE,
         arg("doel", help="nieuw .gpkg-bestand of postgresql://…?schema=… / service=…"), OVERWRITE)
def _export(args) -> int:
    from .core.store.base import StoreError

    info = atlas.export(args.store, args.doel, overwrite=args.overwrite)
    _counts(info["rijen"])
    if info["verschillen"]:
        for d in info["verschillen"]:
            print(f"verschil: {d}", file=sys.stderr)
        raise StoreError(f"Kopie naar {info['doel'].label} wijkt af van de bron ({len(info['verschillen'])} verschillen).")
    print(f"Store gekopieerd naar {info['doel'].label}: alle rijen, geometrieën en historie gelijk aan de bron.")
    return 0


@command("import", "laad echte gegevens in een store", STORE,
         arg("layer", help="laag van de store (wijken, energielabels, projecten, woningblokken, …), of planregistratie"
                                 " (.gpkg, .gdb, .geojson) of excel (een werkboek van uitwisseling --formaat excel): plannen"
                                 " met hun woningblokken; zeeland (Planmonitor Wonen, .xlsx): de woningblokken van bestaande"
                                 " locaties, gekoppeld op Koppel-id of naam"),
         arg("source", help="GeoPackage, shapefile, CSV of Excel; woningblokken noemen hun locatie met een kolom locatie "
                            "(de naam) of met laag en locatie_fid"), arg("--bronlaag"),
         arg("--map", action="append", default=[], metavar="DST=SRC"),
         arg("--vervang", "--replace", action="store_true", dest="replace", help="bestaande rijen van de laag eerst verwijderen"),
         arg("--zonder-koppeling-overslaan", action="store_true", dest="overslaan",
             help="zeeland: plannen zonder bestaande locatie overslaan (anders wordt niets ingelezen)"))
def _import(args) -> int:
    s = _open_to_write(args.store)
    rep = atlas.import_layer(s, args.layer, args.source, bronlaag=args.bronlaag, mapping=atlas.parse_mapping(args.map),
                             replace=args.replace, overslaan=args.overslaan)
    for w in rep.warnings:
        print(f"waarschuwing: {w}", file=sys.stderr)
    for r in rep.refused:
        print(f"geweigerd: {r}", file=sys.stderr)
    if not rep.saved and rep.refused:
        print(f"fout: {rep.summary()}", file=sys.stderr)
        return 2
    print(rep.summary())
    return 0


@command("uitwisseling", "de plannen naar de provincie of DIWI (planregistratie, zuid-holland, zeeland, excel), eerst"
         " gecontroleerd", STORE,
         arg("--formaat", required=True, choices=("planregistratie", "zuid-holland", "zeeland", "excel")),
         arg("-o", "--output", help="planregistratie: .gpkg of .gdb; zuid-holland: .geojson; zeeland en excel: .xlsx"),
         arg("--peildatum", type=_typed(parse_peildatum), help=PEILDATUM_HELP.format(wat="de plannen")),
         arg("--niveau", choices=("openbaar", "provincie", "regio", "gemeente"), default="gemeente",
             help="de ontvanger: plannen die vertrouwelijker zijn blijven weg (standaard gemeente: alles)"),
         arg("--controle", action="store_true", help="alleen controleren, niets schrijven"))
def _uitwisseling(args) -> int:
    if not args.controle and not args.output:
        raise ValueError("uitwisseling vraagt een uitvoerbestand (-o BESTAND) of --controle")
    res = atlas.uitwisseling(atlas.open_store(args.store), args.formaat, None if args.controle else args.output,
                             args.peildatum, args.niveau)
    print(res.rapport())
    return 2 if res.blokkeert else 0


def _bron_option(o) -> Argument:
    if o.soort == "koppeling":
        return arg(f"--{o.naam}", action="append", default=[], metavar="BRON=VELD", help=o.uitleg)
    return arg(f"--{o.naam}", metavar={"datum": "DATUM", "bestand": "BESTAND"}.get(o.soort, o.naam.upper()), help=o.uitleg)


@command("bron", "werk een basislaag bij uit een echte bron (cbs, bag, ep-online, leefbaarometer, planlijst)", STORE,
         arg("soort", choices=tuple(atlas.bron_soorten()), metavar="SOORT", help=", ".join(atlas.bron_soorten())),
         arg("bestand", metavar="BESTAND", help="het bestand van de bron"), *(_bron_option(o) for o in atlas.bron_opties().values()))
def _bron(args) -> int:
    opties = {naam: getattr(args, naam) for naam in atlas.bron_opties()}
    res = atlas.bron(_open_to_write(args.store), args.soort, args.bestand, opties)
    for r in res.weigeringen:
        print(f"geweigerd: {r}", file=sys.stderr)
    for m in res.meldingen:
        print(f"let op: {m}", file=sys.stderr)
    print(res.samenvatting())
    return 0


@command("bronnen", "de ingelezen bronnen: elke run met stand, bestand en wat hij veranderde", STORE,
         arg("--format", choices=("text", "json"), default="text"))
def _bronnen(args) -> int:
    from .core.output.termen import getal

    store = atlas.open_store(args.store)
    runs = atlas.bron_runs(store)
    if args.format == "json":
        print(json.dumps(runs, ensure_ascii=False, indent=1))
        return 0
    if not runs:
        print(f"{store.label}: nog geen bronnen ingelezen.")
        return 0
    head = ("ingelezen", "bron", "laag", "bestand", "rijen", "geweigerd", "nieuw", "gewijzigd", "vervallen", "door")
    rows = [(local_time(r["geimporteerd_op"], seconds=False), atlas.bronregel(r["soort"], r["peildatum"]), r["laag"], r["bestand"],
             *(getal(r[k] or 0) for k in ("rijen", "geweigerd", "nieuw", "gewijzigd", "vervallen")), r["gebruiker"] or "")
            for r in runs]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    numeric = {4, 5, 6, 7, 8}
    for line in (head, *rows):
        print("  ".join(str(x).rjust(w) if i in numeric else str(x).ljust(w) for i, (x, w) in enumerate(zip(line, widths))).rstrip())
    return 0


@command("scenarios", "elk scenario naast de doelen en de huidige plannen: stad, doelen, per jaar, opgaven, wijken", STORE,
         arg("--format", choices=("table", "json", "xlsx"), default="table"),
         arg("-o", "--output"),
         arg("--naam", action="append", default=[], help="alleen dit scenario (mag vaker)"),
         arg("--peiljaar", type=_whole(JAAR_RANGE), help="tabel: alleen de doelen van dit peiljaar en de jaren tot en met dit jaar"),
         arg("--norm", type=_typed(bounded_float, NORM_RANGE), help=f"norm planoverschot (standaard {atlas.NORM:.2f})".replace(".", ",")))
def _scenarios(args) -> int:
    from .core.output import scenario as words

    _check_output(args.output, args.format)
    v = atlas.compare_scenarios(atlas.open_store(args.store), args.naam, norm=args.norm)
    if args.format == "xlsx":
        words.write_xlsx(v, args.output)
        print(f"Excel geschreven: {args.output}")
    else:
        _emit(words.json_report(v) if args.format == "json" else words.table_text(v, args.peiljaar), args.output)
    return 0


@command("scenario", "maak of wijzig een scenario: wijzigingen bovenop de plannen (de plannen zelf blijven zoals ze zijn)",
         STORE, arg("naam"),
         arg("--wijziging", action="append", default=[], help="bijv. 'vervallen status_planologisch=4B', 'uitstel 2 wijk=WK014110',"
             " 'realisatiekans 40 status_planologisch=3', 'locatie projecten:12 oplever_jaar=2032 koop=20',"
             " 'potloodplan 7 oplever_jaar=2029'"),
         arg("--omschrijving"),
         arg("--vervang", action="store_true", help="de wijzigingen vervangen in plaats van toevoegen"),
         arg("--weg", action="append", default=[], type=_whole(FID_RANGE), help="wijziging met dit nummer verwijderen"),
         arg("--verwijder", action="store_true", help="het hele scenario verwijderen"))
def _scenario(args) -> int:
    store = _open_to_write(args.store)
    if args.verwijder:
        n = atlas.remove_scenario(store, args.naam)
        print(f"Scenario '{args.naam}' verwijderd (met {n} wijziging(en)).")
        return 0
    s = atlas.save_scenario(store, args.naam, args.wijziging, omschrijving=args.omschrijving, vervang=args.vervang, weg=args.weg)
    print(f"Scenario '{s.naam}' opgeslagen in {store.label}" + (f": {s.omschrijving}" if s.omschrijving else ""))
    for i, w in enumerate(s.wijzigingen, start=1):
        print(f"  {i}. {w.tekst}    [{w.regel}]")
    return 0


_METAVARS = {"store": "STORE", "layer": "LAAG", "fids": "FIDS", "source": "BRON", "fid": "FID", "doel": "DOEL",
             "-o": "BESTAND", "naam": "NAAM"}  # how the help names the values (DESIGN §5)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m almelo_atlas_plugin", description="Almelo Atlas stadsontwikkeling — opdrachtregel")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser, title="opdrachten", metavar="OPDRACHT")
    for c in COMMANDS:
        s = sub.add_parser(c.name, help=c.help)
        for names, options in c.arguments:
            s.add_argument(*names, **{"metavar": _METAVARS[names[0]], **options} if names[0] in _METAVARS else options)
        s.set_defaults(run=c.run)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a bad argument (2, its line already printed)
        return int(exc.code or 0)
    from .core.store.base import StoreError

    try:
        return args.run(args)
    except (StoreError, ValueError) as exc:
        msg = str(exc)
    except BrokenPipeError:  # the reader stopped early (… | head): nothing to say, the output was cut on purpose
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # last net for a file or folder that cannot be used (the output writers say why first)
        where = f"{exc.filename}: " if exc.filename else ""
        msg = f"{where}bestand of map niet bruikbaar ({exc.strerror or exc}); er is niets geschreven."
    print(f"fout: {one_line(msg)}", file=sys.stderr)
    return 2
