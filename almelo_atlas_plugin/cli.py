"""Command line: python -m almelo_atlas_plugin init|sample|validate|rollup|tag|import …

Exit 0 on success, 2 on bad input with one Dutch line naming what is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import List, Optional

from .core.model.values import one_line

PEILDATUM_HELP = ("{wat} zoals de store er toen voor stond; Nederlandse tijd: JJJJ-MM-DD (het einde van die dag)"
                  " of JJJJ-MM-DDTUU:MM")
# argparse's own messages, in Dutch
_PARSER_NL = ((r"^the following arguments are required: ", "verplicht argument ontbreekt: "),
              (r"^unrecognized arguments: ", "onbekend argument: "),
              (r"invalid choice: (.*) \(choose from (.*)\)$", r"ongeldige keuze \1 (kies uit \2)"),
              (r"expected one argument$", "verwacht één waarde"),
              (r"^ambiguous option: (.*) could match (.*)$", r"dubbelzinnige optie \1: bedoelt u \2?"),
              (r"ignored explicit argument (.*)$", r"optie neemt geen waarde: \1"))


class _Parser(argparse.ArgumentParser):
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


def _parser() -> argparse.ArgumentParser:
    from .core.model.tijd import parse_peildatum
    from .core.model.values import FID_RANGE, JAAR_RANGE, LOCATIES_RANGE, NORM_RANGE, SEED_RANGE, WONINGEN_RANGE, bounded_float, bounded_int

    whole = {r: _typed(bounded_int, r) for r in (FID_RANGE, JAAR_RANGE, LOCATIES_RANGE, SEED_RANGE, WONINGEN_RANGE)}

    p = _Parser(prog="python -m almelo_atlas_plugin", description="Almelo Atlas stadsontwikkeling — opdrachtregel")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)

    s = sub.add_parser("init", help="maak een lege store met schema en catalogi")
    s.add_argument("store")
    s.add_argument("--overschrijven", "--overwrite", action="store_true", dest="overwrite")

    s = sub.add_parser("migrate", help="breng een atlas-store naar de huidige schemaversie (zegt wat er veranderde)")
    s.add_argument("store")

    s = sub.add_parser("sample", help="synthetische Almelo-steekproef")
    s.add_argument("store")
    s.add_argument("--seed", type=whole[SEED_RANGE], default=141)
    s.add_argument("--woningen", type=whole[WONINGEN_RANGE])
    s.add_argument("--locaties", type=whole[LOCATIES_RANGE])
    s.add_argument("--overschrijven", "--overwrite", action="store_true", dest="overwrite", help="een bestaande store (GeoPackage of PostGIS-schema) vervangen")

    s = sub.add_parser("validate", help="controleer schema en gegevens")
    s.add_argument("store")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument("--herstel", action="store_true",
                   help="databaseregels (bewaking en historie) opnieuw installeren zoals deze versie ze maakt (PostGIS: beheerder)")

    s = sub.add_parser("rollup", help="cijfers locatie → wijk → stad")
    s.add_argument("store")
    s.add_argument("--niveau", choices=("stad", "wijk", "gebied", "locatie"), default="stad")
    s.add_argument("--format", choices=("table", "json", "csv", "xlsx"), default="table")
    s.add_argument("-o", "--output")
    s.add_argument("--norm", type=_typed(bounded_float, NORM_RANGE), default=1.30, help="norm planoverschot (standaard 1,30)")
    s.add_argument("--peildatum", type=_typed(parse_peildatum), help=PEILDATUM_HELP.format(wat="de cijfers"))

    s = sub.add_parser("tag", help="tag locaties met opgaven")
    s.add_argument("store")
    s.add_argument("layer")
    s.add_argument("fids")
    s.add_argument("--opgave", action="append", required=True)
    s.add_argument("--remove", "--verwijder", action="store_true", dest="remove")

    s = sub.add_parser("roles", help="PostGIS: rollen atlas_lezer, atlas_redacteur, atlas_beheerder aanmaken en rechten geven")
    s.add_argument("store")

    s = sub.add_parser("promote", help="potloodplan → project (programma, tags en historie gaan mee)")
    s.add_argument("store")
    s.add_argument("fid", type=whole[FID_RANGE])
    s.add_argument("--planstatus", choices=("zacht", "hard"), default="zacht")
    s.add_argument("--status", choices=("initiatief", "voorbereiding", "uitvoering"), default="initiatief")
    s.add_argument("--start-jaar", type=whole[JAAR_RANGE])
    s.add_argument("--oplever-jaar", type=whole[JAAR_RANGE])

    s = sub.add_parser("agenda", help="de agenda op papier: stadspagina en een pagina per wijk (PDF)")
    s.add_argument("store")
    s.add_argument("-o", "--output", required=True)
    s.add_argument("--wijk", action="append", default=[])
    s.add_argument("--xlsx", help="ook de cijfers naar Excel")
    s.add_argument("--peildatum", type=_typed(parse_peildatum), help=PEILDATUM_HELP.format(wat="de agenda"))

    s = sub.add_parser("export", help="kopieer een hele store naar een nieuwe (GeoPackage ↔ PostGIS), met controle")
    s.add_argument("store")
    s.add_argument("doel", help="nieuw .gpkg-bestand of postgresql://…?schema=… / service=…")
    s.add_argument("--overschrijven", "--overwrite", action="store_true", dest="overwrite")

    s = sub.add_parser("import", help="laad echte gegevens in een store")
    s.add_argument("store")
    s.add_argument("layer")
    s.add_argument("source")
    s.add_argument("--bronlaag")
    s.add_argument("--map", action="append", default=[], metavar="DST=SRC")
    s.add_argument("--vervang", "--replace", action="store_true", dest="replace", help="bestaande rijen van de laag eerst verwijderen")
    return p


def main(argv: Optional[List[str]] = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a bad argument (2, its line already printed)
        return int(exc.code or 0)
    from .core.store.base import StoreError

    try:
        return _run(args)
    except (StoreError, ValueError) as exc:  # StoreError: also a write the database refused (DbError), both backends
        msg = str(exc)
    except OSError as exc:  # last net for a file or folder that cannot be used (the output writers say why first)
        where = f"{exc.filename}: " if exc.filename else ""
        msg = f"{where}bestand of map niet bruikbaar ({exc.strerror or exc}); er is niets geschreven."
    print(f"fout: {one_line(msg)}", file=sys.stderr)
    return 2


def _run(args) -> int:
    from .core.store import open as st
    from .core.store.base import Backend, StoreError

    if args.cmd == "init":
        s = st.create_store(args.store, overwrite=args.overwrite)
        print(f"Store aangemaakt: {s.label} (schemaversie {s.schema_version()})")
        return 0
    if args.cmd == "migrate":
        s = st.open_store(args.store, migrate=False)
        notes = s.migrate()
        if not notes:
            print(f"{s.label} heeft al schemaversie {s.schema_version()}; er is niets gewijzigd.")
        for n in notes:
            print(f"{s.label}: {n}")
        return 0
    if args.cmd == "sample":
        from .sample import build_sample

        if st.backend_of(args.store) is Backend.POSTGIS:  # built as a GeoPackage, then copied over whole
            import tempfile

            with tempfile.TemporaryDirectory(prefix="atlas_sample_") as tmp:
                path = os.path.join(tmp, "sample.gpkg")
                counts = build_sample(path, seed=args.seed, woningen=args.woningen, locaties=args.locaties)
                st.copy_store(st.open_store(path), args.store, overwrite=args.overwrite)
        else:
            counts = build_sample(args.store, seed=args.seed, woningen=args.woningen, locaties=args.locaties, overwrite=args.overwrite)
        print(f"Steekproef geschreven: {args.store}")
        for k, v in counts.items():
            print(f"  {k:24s} {v:>9,}".replace(",", "."))
        return 0
    if args.cmd == "validate":
        from .core.store.validation import validate

        s = st.open_store(args.store, migrate=False)
        if args.herstel:
            from .core.store.guards import repair

            n = repair(s)
            print(f"{s.label}: databaseregels opnieuw geïnstalleerd ({n} waren verouderd, gewijzigd of ontbraken).", file=sys.stderr)
        problems = validate(s)
        if args.format == "json":
            print(json.dumps({"store": s.label, "problemen": [p.as_dict() for p in problems]}, ensure_ascii=False, indent=1))
        else:
            if not problems:
                print(f"{s.label}: geen problemen gevonden.")
            for p in problems:
                print(p.text())
            if problems:
                print(f"{len(problems)} probleem/problemen gevonden.", file=sys.stderr)
        return 2 if problems else 0
    if args.cmd == "rollup":
        from .core.output import tables as report

        if args.output:  # a file named for another format is refused before anything is read or written
            ext = os.path.splitext(args.output)[1].lower()
            want = {"json": ".json", "csv": ".csv", "xlsx": ".xlsx"}.get(args.format)
            if ext in (".json", ".csv", ".xlsx", ".pdf", ".gpkg") and ext != want:
                raise ValueError(f"-o {args.output}: --format {args.format} schrijft geen {ext}-bestand"
                                 + (f" (gebruik een naam op {want})" if want else ""))
        s = st.open_store(args.store)
        result = _rollup_at(s, args.peildatum, args.norm)
        if args.format == "json":
            _emit(report.json_text(result), args.output)
        elif args.format == "table":
            _emit(report.table_text(result, args.niveau), args.output)
        elif args.format == "csv":
            if args.output:
                report.write_csv(result, args.niveau, args.output)
            else:
                report.write_csv(result, args.niveau, sys.stdout)
        else:
            if not args.output:
                raise ValueError("--format xlsx vraagt een uitvoerbestand: -o FILE.xlsx")
            report.write_xlsx(result, args.output)
            print(f"Excel geschreven: {args.output}")
        return 0
    if args.cmd == "tag":
        from .core.edits import tag
        from .core.model.values import parse_fids

        fids = parse_fids(args.fids)
        s = _open_to_write(args.store)
        n = tag(s, args.layer, fids, args.opgave, remove=args.remove)
        print(f"{n} tag(s) {'verwijderd' if args.remove else 'toegevoegd'}.")
        return 0
    if args.cmd == "export":
        info = st.export_store(args.store, args.doel, overwrite=args.overwrite)
        for t, n in info["rijen"].items():
            print(f"  {t:24s} {n:>9,}".replace(",", "."))
        if info["verschillen"]:
            for d in info["verschillen"]:
                print(f"verschil: {d}", file=sys.stderr)
            raise StoreError(f"Kopie naar {info['doel'].label} wijkt af van de bron ({len(info['verschillen'])} verschillen).")
        print(f"Store gekopieerd naar {info['doel'].label}: alle rijen, geometrieën en historie gelijk aan de bron.")
        return 0
    if args.cmd == "roles":
        st.require(args.store, Backend.POSTGIS,
                   "Rollen bestaan alleen in een PostGIS-store (postgresql://…?schema=… of service=…).")
        from .core.store.postgis import ROLES, create_roles

        for role in create_roles(args.store):
            print(f"{role}: {ROLES[role]}")
        return 0
    if args.cmd == "promote":
        from .core.edits import promote

        s = _open_to_write(args.store)
        new = promote(s, args.fid, planstatus=args.planstatus, status=args.status, start_jaar=args.start_jaar,
                      oplever_jaar=args.oplever_jaar)
        print(f"Potloodplan {args.fid} is nu project {new} ({args.planstatus}).")
        return 0
    if args.cmd == "agenda":

        if not args.output.lower().endswith(".pdf"):
            raise ValueError(f"-o {args.output}: de agenda is een PDF (eindigt op .pdf)")
        from .core.output.files import check_target

        for target in filter(None, (args.output, args.xlsx)):
            check_target(target)
        s = st.open_store(args.store)
        if not os.environ.get("DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qgis.core import QgsApplication

        app = QgsApplication([], True)
        app.initQgis()
        from .core.figures.history import at
        from .core.model.tijd import peildatum_label
        from .core.output.agenda import export_agenda

        label = peildatum_label(args.peildatum) if args.peildatum else None
        with at(s, args.peildatum) as store_then:
            info = export_agenda(store_then, args.output, wijken=args.wijk or None, peildatum=label)
        print(f"Agenda geschreven: {args.output} ({info['pages']} pagina's, {info['bytes'] / 1e6:.1f} MB, {info['seconds']:.1f} s)")
        if args.xlsx:
            from .core.output import tables as report

            report.write_xlsx(_rollup_at(s, args.peildatum), args.xlsx)
            print(f"Excel geschreven: {args.xlsx}")
        return 0
    if args.cmd == "import":
        from .core.sources.importer import import_layer

        s = _open_to_write(args.store)
        mapping = {}
        for m in args.map:
            if "=" not in m:
                raise ValueError(f"--map '{m}': gebruik DOEL=BRON")
            dst, src = m.split("=", 1)
            mapping[dst.strip()] = src.strip()
        rep = import_layer(s, args.layer, args.source, bronlaag=args.bronlaag, mapping=mapping, replace=args.replace)
        for w in rep.warnings:
            print(f"waarschuwing: {w}", file=sys.stderr)
        for r in rep.refused:
            print(f"geweigerd: {r}", file=sys.stderr)
        if not rep.saved and rep.refused:
            print(f"fout: {rep.summary()}", file=sys.stderr)
            return 2
        print(rep.summary())
        return 0
    raise AssertionError(args.cmd)


def _open_to_write(arg: str):
    """A write command migrates an older atlas store first, and says so."""
    from .core.store.open import open_store

    s = open_store(arg, migrate=True)
    for n in getattr(s, "migration_notes", []):
        print(f"gemigreerd: {s.label}: {n}", file=sys.stderr)
    return s


def _rollup_at(store, peildatum: Optional[str], norm: float = 1.30) -> dict:
    """The roll-up now, or as the store stood at the peildatum (a UTC moment; rebuilt from the history)."""
    from .core.figures.rollup import RollupEngine

    if not peildatum:
        return RollupEngine(store, norm=norm).compute()
    from .core.figures.history import at
    from .core.model.tijd import local_iso

    with at(store, peildatum) as store_then:
        result = RollupEngine(store_then, norm=norm).compute()
    result["peildatum"] = local_iso(peildatum)
    return result


def _emit(text: str, output: Optional[str]) -> None:
    if output:
        from .core.output.files import write_text

        write_text(output, text + "\n")
    else:
        print(text)
