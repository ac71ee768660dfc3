"""`bron ep-online`'s reader (#16, FORMATS.md §2): the newest label of each dwelling of the gemeente from EP-Online's
totaalbestand as RVO publishes it and as users meet it (a preamble or none, older and newer headers, a BOM, ids that
lost their leading zeros, a zip), each checked against the same file counted with the csv module and SQL."""

from __future__ import annotations

import csv
import datetime as dt
import random
import sqlite3
import zipfile
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from almelo_atlas_plugin.core.sources import ep_online
from almelo_atlas_plugin.core.store.base import StoreError
from tests.bronbestanden import EP_2021, EP_V2, LeesContext, ep_csv

KLASSEN = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
PC = "7601AB"


def _context() -> LeesContext:
    ctx = LeesContext()
    for i in range(1, 41):
        vbo = f"01410100000{i:05d}"
        ctx.punten[vbo] = (10.0 * i, 20.0 * i)
        ctx.adres[(PC if i % 2 else "7602 CD", i, "A" if i % 5 == 0 else "", "2" if i % 7 == 0 else "")] = vbo
    return ctx


def _labels(seed: int = 16) -> List[Dict[str, str]]:
    """Labels of the context's dwellings (1–3 each, some without vbo id, some with the zeros dropped), of another
    gemeente, of utiliteit, and the faulty ones."""
    rnd = random.Random(seed)
    ctx = _context()
    out: List[Dict[str, str]] = []
    for (pc, nr, letter, toev), vbo in ctx.adres.items():
        days = sorted(rnd.sample(range(735600, 739250, 5), rnd.randint(1, 3)))  # ordinals 2015–2024
        for k, ordinal in enumerate(days):
            day = dt.date.fromordinal(ordinal)
            label = dict(vbo=vbo, postcode=pc, huisnummer=nr, huisletter=letter, huisnummertoevoeging=toev,
                         energieklasse=rnd.choice(KLASSEN), gebouwklasse="W", opnamedatum=f"{day:%Y%m%d}",
                         registratiedatum=f"{day + dt.timedelta(days=3):%Y%m%d}", gebouwtype="Twee-onder-één-kap")
            if nr % 4 == 0 and k == 0:
                label["vbo"] = vbo.lstrip("0")  # read as a number by a spreadsheet
            if nr % 6 == 0 and k == len(days) - 1:
                label["vbo"] = ""  # only the address
            out.append(label)
    for j in range(30):  # another gemeente (Amsterdam)
        out.append(dict(vbo=f"03630100000{j:05d}", postcode="1011AB", huisnummer=j + 1, energieklasse="C",
                        gebouwklasse="W", opnamedatum="20200101"))
    out.append(dict(vbo="0141010000000003", energieklasse="A", gebouwklasse="U", opnamedatum="20250101",
                    postcode=PC, huisnummer=3))
    out.append(dict(vbo="0141010000000005", energieklasse="", gebouwklasse="W", opnamedatum="20100101"))
    out.append(dict(vbo="0141010000000007", energieklasse="H", gebouwklasse="W", opnamedatum="20100101"))
    out.append(dict(vbo="0141010000099999", energieklasse="B", gebouwklasse="W", opnamedatum="20200101"))
    out.append(dict(vbo="", postcode=PC, huisnummer=999, energieklasse="B", gebouwklasse="W", opnamedatum="20200101"))
    return out


def _expected(path: Path, ctx: LeesContext) -> Tuple[Dict[str, Tuple[str, str]], int]:
    """(vbo → (label, opnamedatum) of the newest valid label, rows refused), counted with the csv module and SQL."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    start = next(i for i, r in enumerate(rows) if any(c.lower().endswith("energieklasse") for c in r))
    head = [c.lower().removeprefix("pand_") for c in rows[start]]
    toev = "huisnummertoevoeging" if "huisnummertoevoeging" in head else "huisnummer_toev"
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE punt(vbo TEXT PRIMARY KEY)")
    db.execute("CREATE TABLE adres(pc, nr INTEGER, letter, toev, vbo)")
    db.executemany("INSERT INTO punt VALUES (?)", [(v,) for v in ctx.punten])
    db.executemany("INSERT INTO adres VALUES (?,?,?,?,?)", [(*k, v) for k, v in ctx.adres.items()])
    db.execute("CREATE TABLE l(n INTEGER, vbo, pc, nr INTEGER, letter, toev, klasse, gk, opname, reg)")
    for n, r in enumerate(rows[start + 1:]):
        v = dict(zip(head, r))
        db.execute("INSERT INTO l VALUES (?,?,?,?,?,?,?,?,?,?)", (
            n, v["bagverblijfsobjectid"], v["postcode"].replace(" ", ""), int(v["huisnummer"] or 0),
            v.get("huisletter", ""), v[toev], v["energieklasse"], v["gebouwklasse"], v["opnamedatum"],
            v["registratiedatum"]))
    db.executescript("""
        UPDATE l SET vbo = substr('0000000000000000' || vbo, -16) WHERE vbo <> '';
        DELETE FROM l WHERE NOT (substr(vbo, 1, 4) = '0141' OR pc IN (SELECT replace(pc, ' ', '') FROM adres));
        DELETE FROM l WHERE gk = 'U';
        UPDATE l SET vbo = (SELECT a.vbo FROM adres a WHERE replace(a.pc, ' ', '') = l.pc AND a.nr = l.nr
                            AND (a.letter = l.letter AND a.toev = l.toev
                                 OR l.letter = '' AND length(l.toev) = 1 AND a.letter = l.toev AND a.toev = ''))
            WHERE vbo NOT IN (SELECT vbo FROM punt);
    """)
    klassen = ",".join(f"'{k}'" for k in KLASSEN)
    refused = db.execute(f"SELECT count(*) FROM l WHERE vbo IS NULL OR klasse NOT IN ({klassen})").fetchone()[0]
    best = db.execute(f"""
        SELECT vbo, klasse, opname FROM (
            SELECT vbo, klasse, opname, row_number() OVER (PARTITION BY vbo ORDER BY opname DESC, reg DESC) AS k
            FROM l WHERE vbo IS NOT NULL AND klasse IN ({klassen}))
        WHERE k = 1""").fetchall()
    return {v: (k, f"{d[:4]}-{d[4:6]}-{d[6:]}") for v, k, d in best}, refused


def _got(inhoud) -> Dict[str, Tuple[str, str]]:
    return {r["vbo_id"]: (r["label"], r["opnamedatum"]) for r in inhoud.rijen}


@pytest.mark.parametrize("variant", ["v2", "preamble_bom", "2021", "zip"])
def test_newest_label_per_dwelling_as_counted_independently(tmp_path, variant):
    ctx = _context()
    labels = _labels()
    kolommen = EP_2021 if variant == "2021" else EP_V2
    if variant == "2021":  # the letter went into the toevoeging there
        labels = [{**lb, "huisnummer_toev": lb.get("huisletter") or lb.get("huisnummertoevoeging", "")}
                  for lb in labels]
    preamble = {"PublicatieDatum": "01-09-2026", "LaatstVerwerkteMutatievolgnummer": "123"}
    csv_path = ep_csv(tmp_path / "v20231101_v2_csv.csv", labels, kolommen,
                      preamble=preamble if variant == "preamble_bom" else None, bom=variant == "preamble_bom")
    pad = csv_path
    if variant == "zip":
        pad = tmp_path / "v20231101_v2_csv.zip"
        with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(csv_path, csv_path.name)
    want, refused = _expected(csv_path, ctx)
    inhoud = ep_online.lees(pad, {}, ctx)
    assert (inhoud.soort, inhoud.laag, inhoud.sleutel) == ("ep-online", "energielabels", "vbo_id")
    assert _got(inhoud) == want and len(want) == 40
    assert len(inhoud.geweigerd) == refused == 4
    assert inhoud.peildatum == ("2026-09-01" if variant == "preamble_bom" else "2023-11-01")
    assert "30 labels van andere gemeenten overgeslagen" in inhoud.meldingen
    assert "1 labels van utiliteitsgebouwen (gebouwklasse U) overgeslagen" in inhoud.meldingen
    for r in inhoud.rijen:  # on its BAG point, its fields as the store keeps them
        assert (r["geom"].x, r["geom"].y) == ctx.punten[r["vbo_id"]]
        assert r["gebouwtype"] == "Twee-onder-één-kap" and isinstance(r["huisnummer"], int)


def test_refusals_name_row_field_and_reason(tmp_path):
    pad = ep_csv(tmp_path / "labels.csv", _labels())
    inhoud = ep_online.lees(pad, {}, _context())
    reasons = {(w.veld, w.reden) for w in inhoud.geweigerd}
    assert reasons == {
        ("Pand_energieklasse", "geen energieklasse (leeg)"),
        ("Pand_energieklasse", "onbekende energieklasse 'H' (bekend: A++++ t/m G)"),
        ("Pand_bagverblijfsobjectid", ep_online.NIET_GEVONDEN),
    }
    assert all(w.waar.startswith("rij ") for w in inhoud.geweigerd)
    pad = ep_csv(tmp_path / "datum.csv", [dict(vbo="0141010000000001", energieklasse="B", gebouwklasse="W",
                                               opnamedatum="20231350")])
    assert [(w.waar, w.veld, w.reden) for w in ep_online.lees(pad, {}, _context()).geweigerd] == [
        ("rij 2", "Pand_opnamedatum", "moet een bestaande datum zijn (JJJJMMDD) (niet '20231350')")]
    line = inhoud.geweigerd[0].regel("energielabels")
    assert line.startswith("Laag energielabels, rij ") and "\n" not in line


def test_lost_zeros_and_lowercase_names_without_prefix(tmp_path):
    ctx = _context()
    kolommen = [c.lower().removeprefix("pand_") for c in EP_V2]
    pad = ep_csv(tmp_path / "labels.csv", [
        dict(vbo="141010000000001", energieklasse="b", gebouwklasse="w", opnamedatum="20220301"),
        dict(vbo="141010000000002", energieklasse=" a+ ", gebouwklasse="W", opnamedatum="2022-03-01"),
        dict(vbo="141010000000003", energieklasse="Z", gebouwklasse="W", opnamedatum="2022-03-01"),
    ], kolommen)
    inhoud = ep_online.lees(pad, {}, ctx)
    assert _got(inhoud) == {"0141010000000001": ("B", "2022-03-01"), "0141010000000002": ("A+", "2022-03-01")}
    assert [(w.waar, w.veld) for w in inhoud.geweigerd] == [("rij 4", "energieklasse")]  # the file's own name


def test_a_spreadsheet_saved_with_commas(tmp_path):
    """Saved again by a spreadsheet with `,` as separator (decimal commas then quoted): the same labels."""
    want = ep_online.lees(ep_csv(tmp_path / "a.csv", _labels()), {}, _context())
    got = ep_online.lees(ep_csv(tmp_path / "b.csv", _labels(), sep=","), {}, _context())
    assert _got(got) == _got(want) and len(got.geweigerd) == len(want.geweigerd) == 4


def test_newest_by_opnamedatum_then_registratiedatum(tmp_path):
    vbo = "0141010000000001"
    pad = ep_csv(tmp_path / "labels.csv", [
        dict(vbo=vbo, energieklasse="G", gebouwklasse="W", opnamedatum="20200101", registratiedatum="20200105"),
        dict(vbo=vbo, energieklasse="C", gebouwklasse="W", opnamedatum="20230101", registratiedatum="20230102"),
        dict(vbo=vbo, energieklasse="A", gebouwklasse="W", opnamedatum="20230101", registratiedatum="20230110"),
        dict(vbo=vbo, energieklasse="E", gebouwklasse="W", opnamedatum="20210101", registratiedatum="20240101"),
    ])
    inhoud = ep_online.lees(pad, {}, _context())
    assert _got(inhoud) == {vbo: ("A", "2023-01-01")} and inhoud.rijen[0]["registratiedatum"] == "2023-01-10"
    assert "3 oudere labels van een woning met een nieuwer label overgeslagen" in inhoud.meldingen


def test_windows_1252_file_and_peildatum_option(tmp_path):
    pad = ep_csv(tmp_path / "export.csv", [dict(vbo="0141010000000001", energieklasse="B", gebouwklasse="W",
                                                 opnamedatum="20220301", gebouwtype="Twee-onder-één-kap")],
                 encoding="cp1252")
    inhoud = ep_online.lees(pad, {"peildatum": "15-10-2026"}, _context())
    assert inhoud.rijen[0]["gebouwtype"] == "Twee-onder-één-kap" and inhoud.peildatum == "2026-10-15"
    assert ep_online.lees(pad, {}, _context()).peildatum is None


@pytest.mark.parametrize("inhoud, melding", [
    ("naam;waarde\nx;y\n", "geen kopregel met de kolom Pand_energieklasse"),
    ("Pand_energieklasse;Pand_opnamedatum\nC;20200101\n", "kolom Pand_bagverblijfsobjectid ontbreekt"),
])
def test_a_file_that_is_no_totaalbestand_is_one_dutch_line(tmp_path, inhoud, melding):
    pad = tmp_path / "iets.csv"
    pad.write_text(inhoud, encoding="utf-8")
    with pytest.raises(StoreError, match=melding) as exc:
        ep_online.lees(pad, {}, _context())
    assert "\n" not in str(exc.value) and "iets.csv" in str(exc.value)


def test_zip_without_one_csv_is_refused(tmp_path):
    pad = tmp_path / "leeg.zip"
    with zipfile.ZipFile(pad, "w") as zf:
        zf.writestr("leesmij.txt", "niets")
    with pytest.raises(StoreError, match="precies één CSV-bestand"):
        ep_online.lees(pad, {}, _context())


def test_scan_in_blocks_finds_every_line_of_the_gemeente(tmp_path, monkeypatch):
    """The national file is scanned in blocks for the gemeente's ids and postcodes; with tiny blocks (lines cut at every
    block edge), blank lines and no line break at the end, the result and the counts are those of one block, and the
    line numbers the file's own."""
    plain = ep_csv(tmp_path / "a.csv", _labels())
    full = ep_online.lees(plain, {}, _context())
    lines = plain.read_bytes().split(b"\r\n")
    pad = tmp_path / "blokken.csv"
    pad.write_bytes(b"\r\n".join(lines[:20] + [b"", b""] + lines[20:]).rstrip(b"\r\n"))
    monkeypatch.setattr(ep_online, "BLOCK", 97)
    small = ep_online.lees(pad, {}, _context())
    assert _got(small) == _got(full) and len(small.rijen) == 40
    assert small.meldingen == full.meldingen
    assert [(w.veld, w.reden) for w in small.geweigerd] == [(w.veld, w.reden) for w in full.geweigerd]
    assert [int(w.waar.split()[1]) for w in small.geweigerd] == [int(w.waar.split()[1]) + 2 for w in full.geweigerd]


def test_without_bag_points_nothing_is_read_and_it_says_why(tmp_path):
    pad = ep_csv(tmp_path / "labels.csv", _labels())
    with pytest.raises(StoreError, match=r"geen BAG-verblijfsobjecten .* lees eerst de BAG in \(bron bag\)"):
        ep_online.lees(pad, {}, LeesContext())


def test_addresses_without_letter_or_toevoeging_as_none(tmp_path):
    """The store gives an address without huisletter or toevoeging as None (NULL), the file as ''."""
    ctx = LeesContext(punten={"0141010000000001": (1.0, 2.0)}, adres={("7601 AB", 12, None, None): "0141010000000001"})
    pad = ep_csv(tmp_path / "labels.csv", [dict(postcode="7601AB", huisnummer=12, energieklasse="D", gebouwklasse="W",
                                                opnamedatum="20220301")])
    assert _got(ep_online.lees(pad, {}, ctx)) == {"0141010000000001": ("D", "2022-03-01")}


def test_label_rows_fit_the_store(store, tmp_path):
    """What the reader hands the framework goes into `energielabels` as it is, on both backends (types, domain)."""
    inhoud = ep_online.lees(ep_csv(tmp_path / "labels.csv", _labels()), {}, _context())
    with store.transaction() as con:
        con.execute("DELETE FROM energielabels")  # the sample's synthetic labels carry ids too
        store.insert_rows(con, "energielabels", inhoud.rijen)
    got = store.read_frame("SELECT vbo_id, label, opnamedatum, huisnummer FROM energielabels WHERE vbo_id IS NOT NULL")
    assert len(got) == len(inhoud.rijen) == 40
    want = {r["vbo_id"]: (r["label"], r["opnamedatum"], r["huisnummer"]) for r in inhoud.rijen}
    assert {v: (k, str(d)[:10], n) for v, k, d, n in got.itertuples(index=False)} == want


def test_permit_labels_skipped_odd_values_refused(tmp_path):
    pad = ep_csv(tmp_path / "labels.csv", [
        dict(vbo="0141010000000001", energieklasse="A", gebouwklasse="W", status="Vergunningsaanvraag",
             opnamedatum="20240101"),
        dict(vbo="0141010000000002", energieklasse="A", gebouwklasse="X", opnamedatum="20240101"),
        dict(vbo="0141010000000003", energieklasse="A", gebouwklasse="W", huisnummer="3-5", opnamedatum="20240101"),
        dict(vbo="01410100000000X4", energieklasse="A", gebouwklasse="W", opnamedatum="20240101"),
        dict(vbo="0141010000000005", energieklasse="C", gebouwklasse="W", opnamedatum="20240101"),
    ])
    inhoud = ep_online.lees(pad, {}, _context())
    assert _got(inhoud) == {"0141010000000005": ("C", "2024-01-01")}
    assert "1 labels bij een vergunningsaanvraag overgeslagen" in inhoud.meldingen
    assert [(w.waar, w.veld, w.reden) for w in inhoud.geweigerd] == [
        ("rij 3", "Pand_gebouwklasse", "gebouwklasse 'X' is geen W (woning) of U (utiliteit)"),
        ("rij 4", "Pand_huisnummer", "huisnummer moet een geheel getal zijn (niet '3-5')"),
        ("rij 5", "Pand_bagverblijfsobjectid", "'01410100000000X4' is geen BAG-id van 16 cijfers"),
    ]
