"""The agenda on paper: 1 + 12 pages, each wijk's name and won_gepland on its page, pages not blank, xlsx = JSON."""

from __future__ import annotations

import json
import re
import subprocess

import pandas as pd
import pytest
from qgis.core import QgsProject

from almelo_atlas_plugin.cli import main
from almelo_atlas_plugin.core.figures.result import FIGURES, Selection
from almelo_atlas_plugin.core.figures.rollup import rollup
from almelo_atlas_plugin.core.output import tables as report
from almelo_atlas_plugin.core.output.agenda import STAD_LAYOUT, export_agenda
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.core.store.open import open_store
from tests.helpers import grow

pytestmark = pytest.mark.gui


def page_text(pdf, page):
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def page_image(pdf, page, tmp_path):
    from qgis.PyQt.QtGui import QImage

    stem = tmp_path / f"p{page}"
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)], check=True)
    return QImage(str(stem) + ".png")


def non_white(img, x0, y0, x1, y1):
    """Share of non-white pixels in a region given as fractions of the page."""
    w, h = img.width(), img.height()
    n = hit = 0
    for x in range(int(x0 * w), int(x1 * w), 2):
        for y in range(int(y0 * h), int(y1 * h), 2):
            c = img.pixelColor(x, y)
            n += 1
            hit += (c.red() + c.green() + c.blue()) < 720
    return hit / max(n, 1)


@pytest.fixture(scope="module")
def agenda(qgis_app, sample_master, tmp_path_factory):
    out = tmp_path_factory.mktemp("agenda") / "agenda.pdf"
    info = export_agenda(open_store(sample_master), str(out))
    return out, info, rollup(open_store(sample_master)).to_json()


def test_pages_and_figures(agenda):
    pdf, info, result = agenda
    assert info["pages"] == 13
    info_txt = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           13" in info_txt and "A3" in info_txt
    stad = page_text(pdf, 1)
    assert "woningbouwprogramma" in stad and "Doelen van de stad" in stad
    assert report.fmt(result["stad"]["won_gepland"]) in stad
    for i, w in enumerate(result["wijken"], start=2):
        text = page_text(pdf, i)
        assert w["naam"] in text.splitlines()[0] or w["naam"] in text[:200], (i, w["naam"])
        line = next(ln for ln in text.splitlines() if "Woningen gepland" in ln)
        assert line.split("Woningen gepland")[1].split()[0] == report.fmt(w["won_gepland"]), (w["naam"], line)


def test_every_page_says_its_number_dates_and_source(agenda):
    pdf, info, _ = agenda
    for page in range(1, 14):
        text = " ".join(page_text(pdf, page).split())
        assert f"pagina {page} van 13" in text, page
        assert "peildatum: actueel (" in text and "Datum: " in text, page
        assert "Bron: Kadaster / CBS (CC BY 4.0), stand 01-01-2021; overige gegevens synthetisch (voorbeeld)" in text, page
        assert "gepland: hard + zacht" in text, page  # the terms, explained where they appear


def test_wijk_pages_speak_labels_and_explain_the_subtitle(agenda):
    pdf, info, _ = agenda
    pages = {i: " ".join(page_text(pdf, i).split()) for i in range(1, 14)}
    for i, text in pages.items():
        assert not re.findall(r"\b\w+_\w+\b", text), (i, re.findall(r"\b\w+_\w+\b", text))  # no stored codes
        assert not re.search(r"\b20\d\d,0\b|\b2\.0\d\d\b", text), i  # years are years
    assert any("Strategische positie" in t for t in pages.values())
    for i in range(2, 14):
        first = page_text(pdf, i).splitlines()[0]  # the title
        word = next(w for w in ("prioritaire wijk", "aandachtswijk", "reguliere wijk") if w in first)
        assert f"{word[0].upper()}{word[1:]}:" in pages[i], i  # the subtitle explained on the page
        assert "Legenda" in pages[i] and "Programma Bouw Sloop Netto" in pages[i], i
        # the profile's parts under their own headers, next to the programme
        assert all(kop in pages[i] for kop in ("Woningvoorraad", "Bouwjaarklasse", "vóór 1945", "Energielabel", "A+ en beter",
                                               "Zonder label", "Leefbaarometer", "Klasse 1–9")), i
        assert "Deze wijk" in pages[i], i  # the wijk outlined on its own map, and said so


def test_a_location_is_named_once_on_the_map(agenda):
    """The faded surroundings name no locations: the wijk's own map names each once (and the table once)."""
    pdf, _, result = agenda
    gebieden = {g["naam"] for g in result["gebieden"]}  # a gebied of the same name has its own label
    for i, w in enumerate(result["wijken"], start=2):
        text = " ".join(page_text(pdf, i).split())
        for x in result["locaties"]:
            if x["naam"] not in gebieden:
                assert text.count(x["naam"]) <= 2, (w["naam"], x["naam"], text.count(x["naam"]))


def test_every_location_of_a_wijk_fits_its_table(qgis_app, sample_master, tmp_path):
    """The wijk with the most locations: every row inside the frame (a row below it would not be printed)."""
    from qgis.core import QgsCoordinateReferenceSystem

    from almelo_atlas_plugin.core.output import agenda as printed
    from almelo_atlas_plugin.core.output.layers import load_atlas

    store = open_store(sample_master)
    result = rollup(store)
    busiest = max(result.wijken, key=lambda w: len(result.locaties_in(w.wijk_code))).wijk_code
    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:28992"))
    load_atlas(store, project)
    layout = printed.template_layout(project, printed.WIJK_LAYOUT, "wijk.qpt")
    printed.fill_wijk(layout, result, busiest, tmp_path)
    table = printed._table(layout, "locaties")
    assert len(table.tableContents()) == len(result.locaties_in(busiest)) >= 10
    assert table.totalHeight() <= table.frame(0).rect().height() + 0.01
    widths = table.columnWidths()
    assert sum(widths) <= table.frame(0).rect().width()  # no column cut at the frame's edge
    for name in ("profiel", "doelen"):
        t = printed._table(layout, name)
        assert t.totalHeight() <= t.frame(0).rect().height() + 0.01, name


def test_the_opgaven_line_of_a_wijk_with_every_opgave_fits_its_label(qgis_app, sample_master, tmp_path):
    """The names of the opgaven under the locations, wrapped as the label wraps them: every line inside the label (the
    fourth line of Binnenstad's seven was cut off behind "Doelen van de wijk")."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsLayoutUtils

    from almelo_atlas_plugin.core.output import agenda as printed
    from almelo_atlas_plugin.core.output.layers import load_atlas

    store = open_store(sample_master)
    result = rollup(store)
    most = max(result.wijken, key=lambda w: len({c for x in result.locaties_in(w.wijk_code) for c in x.opgaven})).wijk_code
    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:28992"))
    load_atlas(store, project)
    layout = printed.template_layout(project, printed.WIJK_LAYOUT, "wijk.qpt")
    printed.fill_wijk(layout, result, most, tmp_path)
    label = printed._item(layout, "opgaven_uitleg")
    font = label.textFormat().toQFont() if hasattr(label, "textFormat") else label.font()
    if hasattr(label, "textFormat"):
        font.setPointSizeF(label.textFormat().size())
    lines, line = 1, ""
    for word in label.text().split():
        wider = f"{line} {word}".strip()
        if line and QgsLayoutUtils.textWidthMM(font, wider) > label.rect().width() - 2 * label.marginX():
            lines, line = lines + 1, word
        else:
            line = wider
    assert lines >= 3, label.text()
    assert lines * QgsLayoutUtils.fontHeightMM(font) <= label.rect().height() - 2 * label.marginY() + 0.01
    below = printed._item(layout, "kop_doelen")
    assert label.pos().y() + label.rect().height() <= below.pos().y() + 0.01


def test_a_table_gets_the_largest_type_that_fits_and_the_next_wijk_starts_from_its_own(qgis_app, sample_master, tmp_path):
    """#18: the type of a table too tall for its frame is found with fewer lay-outs (the smallest size first), with the
    choice the size-by-size search made: the largest of 7,5 / 7 / 6,5 pt at which every row fits, else 6 pt; the next
    wijk's table starts again from the layout's own size."""
    from qgis.core import QgsCoordinateReferenceSystem

    from almelo_atlas_plugin.core.output import agenda as printed
    from almelo_atlas_plugin.core.output.layers import load_atlas

    store = open_store(sample_master)
    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:28992"))
    load_atlas(store, project)
    layout = printed.template_layout(project, printed.WIJK_LAYOUT, "wijk.qpt")
    table = printed._table(layout, "locaties")
    own = table.contentTextFormat().size()
    headers = ["Locatie", "Plan", "Woningen"]

    def rows(n):
        return [[f"Locatie {i} aan de Grotestraat", "hard", str(i)] for i in range(n)]

    def first_fit(n):  # the size-by-size search, done by hand
        for size in (None, *printed.FIT_SIZES[:-1]):
            printed._fill_table(table, headers, rows(n)) if size is None else printed._type_size(table, size)
            table.refresh()
            if table.totalHeight() <= table.frame(0).rect().height() + 0.01:
                return table.contentTextFormat().size()
        return printed.FIT_SIZES[-1]

    chosen = {}
    for n in (*range(3, 21), 400):
        printed._fill_table(table, headers, rows(n))
        chosen[n] = table.contentTextFormat().size()
        assert chosen[n] == first_fit(n), n
    assert chosen[3] == own and chosen[400] == printed.FIT_SIZES[-1]
    cut = table.tableContents()  # #18: 400 rows do not fit even at 6 pt: the first that do, and a row for the rest
    assert 5 < len(cut) < 400 and cut[-1][0].content() == f"… en {400 - len(cut) + 1} andere rijen"
    assert table.totalHeight() <= table.frame(0).rect().height() + 0.01
    assert len(set(chosen.values())) >= 3, chosen  # sizes between own and the smallest were chosen too
    # the shortcut for a table that cannot fit (not laid out whole first) is safe: every n it skips does not fit at 6 pt
    skipped = [n for n in range(3, 60) if printed._never_fits(table, n)]
    assert skipped and printed._never_fits(table, 400)
    for n in (skipped[0], skipped[0] + 5):
        printed._type_size(table, printed.FIT_SIZES[-1])
        table.setTableContents([[printed._cell(c, False) for c in r] for r in rows(n)])
        table.refresh()
        assert table.totalHeight() > table.frame(0).rect().height(), n
    printed._fill_table(table, headers, rows(3))  # after the tallest: the layout's own type again
    assert table.contentTextFormat().size() == own and len(table.tableContents()) == 3


def test_pages_are_not_blank_and_maps_show_features(agenda, tmp_path):
    pdf, info, _ = agenda
    for page in range(1, 14):
        img = page_image(pdf, page, tmp_path)
        assert non_white(img, 0, 0, 1, 1) > 0.05, page
        # the map area (left half, below the title) carries drawing, not just a frame
        assert non_white(img, 0.03, 0.12, 0.5, 0.8) > 0.03, page


def test_xlsx_equals_the_rollup(sample_store, tmp_path):
    xlsx = tmp_path / "atlas.xlsx"
    typed = rollup(sample_store)
    report.write_xlsx(typed, str(xlsx))
    result = typed.to_json()
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert list(sheets) == ["stad", "wijken", "profiel", "gebieden", "opgaven", "doelen", "per_jaar", "locaties"]
    profiel = sheets["profiel"]  # a row per wijk, buiten wijken and the stad; a column per bouwjaar class and label group
    assert len(profiel) == len(result["wijken"]) + 2
    assert profiel["Woningen bouwjaar vóór 1945"].tolist()[-1] == result["stad"]["profiel"]["bouwjaarklassen"]["voor_1945"]
    assert profiel["Energielabel A+ en beter"].tolist()[0] == result["wijken"][0]["profiel"]["labels"]["A+"]
    wijken = sheets["wijken"]
    for w, (_, row) in zip(result["wijken"], wijken.iterrows()):
        for f in FIGURES:
            assert row[report.figure_label(f)] == pytest.approx(w[f]), (w["wijk_code"], f)
        assert row["Wijkcode"] == w["wijk_code"]
    stad = sheets["stad"].iloc[0]
    for f in FIGURES:
        assert stad[report.figure_label(f)] == pytest.approx(result["stad"][f])
    assert len(sheets["locaties"]) == len(result["locaties"])
    assert sheets["doelen"]["Dekking"].tolist() == pytest.approx([d["dekking"] for d in result["doelen"]])
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)


def test_cli_agenda_subset_and_errors(sample_store, tmp_path, capsys):
    out = tmp_path / "twee.pdf"
    p = subprocess.run([__import__("sys").executable, "-m", "almelo_atlas_plugin", "agenda", str(sample_store.path), "-o", str(out),
                        "--wijk", "WK014115", "--wijk", "WK014116"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "3 pagina's" in p.stdout
    assert "Nieuwstraat-Kwartier" in page_text(out, 2)
    assert main(["agenda", str(sample_store.path), "-o", str(tmp_path / "x.txt")]) == 2
    with pytest.raises(StoreError, match="Onbekende wijk"):
        export_agenda(sample_store, str(tmp_path / "y.pdf"), wijken=["WK999"])


def test_layout_edited_in_the_designer_is_used(plugin_with_store, tmp_path):
    plugin, store = plugin_with_store
    plugin.dock.edit_layouts()  # puts the layouts in the project (and opens the designer in QGIS)
    layout = QgsProject.instance().layoutManager().layoutByName(STAD_LAYOUT)
    layout.itemById("titel").setText("Almelo — versie van de raad")  # the user's own edit
    pdf = tmp_path / "raad.pdf"
    info = plugin.dock.export_agenda(str(pdf))
    assert info.pages == 13
    assert "Almelo — versie van de raad" in page_text(pdf, 1)
    xlsx = plugin.dock.export_excel(str(tmp_path / "dock.xlsx"))
    assert pd.read_excel(xlsx, sheet_name="wijken").shape[0] == 12


@pytest.fixture
def plugin_with_store(atlas_iface, sample_store):
    import almelo_atlas_plugin

    atlas_iface.openLayoutDesigner = lambda layout: None
    p = almelo_atlas_plugin.classFactory(atlas_iface)
    p.initGui()
    p.show_dock(True)
    assert p.dock.open_path(str(sample_store.path))
    yield p, sample_store
    for lay in QgsProject.instance().layoutManager().printLayouts():
        QgsProject.instance().layoutManager().removeLayout(lay)
    p.unload()


def test_agenda_algorithm(qgis_processing, sample_store, tmp_path):
    import processing
    from qgis.core import QgsApplication

    from almelo_atlas_plugin.processing.provider import AlmeloAtlasProvider

    prov = AlmeloAtlasProvider()
    QgsApplication.processingRegistry().addProvider(prov)
    try:
        res = processing.run("almelo_atlas:agenda", {"STORE": str(sample_store.path), "WIJKEN": "WK014119",
                                                     "OUTPUT": str(tmp_path / "a.pdf")})
        assert res["PAGINAS"] == 2
    finally:
        QgsApplication.processingRegistry().removeProvider(prov)
    _ = json


def gepland_now(store, wijk: str = "WK014110") -> str:
    """A wijk's Woningen gepland as the agenda prints it, from the roll-up of the store as it is now."""
    return report.fmt(next(w["won_gepland"] for w in rollup(store).to_json()["wijken"] if w["wijk_code"] == wijk))


def test_agenda_at_a_peildatum(sample_store, tmp_path):
    import sys

    then = gepland_now(sample_store)  # the sample looks as it does today from the end of its own history (2-3-2026) on
    with sample_store.transaction() as con:
        grow(con, "Ontwikkeling Stadskade", 500)
    out = tmp_path / "toen.pdf"
    p = subprocess.run([sys.executable, "-m", "almelo_atlas_plugin", "agenda", str(sample_store.path), "-o", str(out),
                        "--wijk", "WK014110", "--peildatum", "20260302"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    first = page_text(out, 1)
    assert "peildatum: 02-03-2026" in first  # shown in Dutch, the end of that day in Dutch time
    line = next(ln for ln in page_text(out, 2).splitlines() if "Woningen gepland" in ln)
    assert line.split("Woningen gepland")[1].split()[0] == then != gepland_now(sample_store)  # as on 1-1-2021, without the later +500


def test_agenda_from_a_postgis_store(qgis_app, pg_sample, tmp_path):
    """The agenda from PostGIS: the same figures, and the maps drawn from the postgres layers."""
    out = tmp_path / "agenda_pg.pdf"
    store = open_store(pg_sample)
    info = export_agenda(store, str(out), wijken=["WK014110"])
    assert info["pages"] == 2
    r = rollup(store).to_json()
    assert report.fmt(r["stad"]["won_gepland"]) in page_text(out, 1)
    assert "Binnenstad" in page_text(out, 2)
    assert "overige gegevens synthetisch (voorbeeld)" in page_text(out, 2)  # the copied sample knows it is one
    img = page_image(out, 2, tmp_path)
    assert non_white(img, 0.02, 0.1, 0.5, 0.9) > 0.2  # the wijk map is drawn, not blank


def test_the_layout_designer_opens_once_on_the_first_wijk_filled(plugin_with_store, tmp_path):
    """'Lay-outs bewerken': one designer window, the wijk layout with the atlas preview on the first wijk, its title
    evaluated, its tables and chart filled, its page number said; the stad layout filled alongside."""
    from pathlib import Path

    from almelo_atlas_plugin.core.output.agenda import WIJK_LAYOUT

    plugin, store = plugin_with_store
    opened = []

    class Designer:
        def setAtlasPreviewEnabled(self, on):  # noqa: N802 (QgsLayoutDesignerInterface)
            opened[-1]["preview"] = on

    plugin.iface.openLayoutDesigner = lambda layout: opened.append({"layout": layout}) or Designer()
    plugin.dock.edit_layouts()
    assert len(opened) == 1 and opened[0]["preview"] is True
    wijk = opened[0]["layout"]
    assert wijk.name() == WIJK_LAYOUT and wijk.atlas().currentFeatureNumber() == 0
    first = wijk.reportContext().feature()
    titel = wijk.itemById("titel").text()
    assert "[%" not in titel and titel.startswith(f"{first['naam']} ({first['wijk_code']})")
    assert wijk.itemById("pagina").text() == "pagina 2 van 13"
    assert len(wijk.itemById("profiel").multiFrame().tableContents()) == 9  # the eight label groups and zonder label
    assert wijk.itemById("locaties").multiFrame().tableContents()
    assert Path(wijk.itemById("grafiek").picturePath()).is_file()
    atlas = wijk.atlas()
    assert atlas.seekTo(2)  # the user pages through the preview: the page follows
    third = wijk.reportContext().feature()
    assert wijk.itemById("titel").text().startswith(f"{third['naam']} ({third['wijk_code']})")
    assert wijk.itemById("pagina").text() == "pagina 4 van 13"
    stad = QgsProject.instance().layoutManager().layoutByName(STAD_LAYOUT)
    assert stad.itemById("pagina").text() == "pagina 1 van 13" and stad.itemById("wijk_tabel").multiFrame().tableContents()


def test_the_layout_designer_without_wijken_says_why(plugin_with_store, monkeypatch):
    plugin, _ = plugin_with_store
    opened, said = [], []
    monkeypatch.setattr(plugin.iface, "openLayoutDesigner", opened.append, raising=False)
    monkeypatch.setattr(plugin.iface.messageBar(), "pushMessage", lambda *a: said.append(a))
    wijken = plugin.dock.controller.atlas_layers()["wijken"]
    QgsProject.instance().removeMapLayer(wijken.id())
    plugin.dock.edit_layouts()
    assert not opened and any("wijken" in str(a) for a in said), said


def phased(result):
    """The sample's roll-up as the figures lane gives it once plans have blocks: sloop in the herstructurering wijken,
    netto = bouw − sloop, a verwacht outlook, phased years; made by hand so that the agenda shows non-zero values."""
    import dataclasses

    def figures(f, sloop: int):
        kw = {}
        for c in ("hard", "zacht", "gerealiseerd", "potentieel"):
            kw[f"won_sloop_{c}"] = sloop if c == "hard" else 0
            kw[f"won_netto_{c}"] = f[f"won_{c}"] - kw[f"won_sloop_{c}"]
        kw["won_sloop_gepland"], kw["won_netto_gepland"] = sloop, f.won_gepland - sloop
        kw["won_verwacht"] = round(f.won_gerealiseerd + 0.9 * f.won_hard + 0.5 * f.won_zacht - sloop)
        return dataclasses.replace(f, **kw)

    sloop = {"WK014116": 60, "WK014111": 30}  # Ossenkoppelerhoek, Kerkelanden
    wijken = [dataclasses.replace(w, figures=figures(w.figures, sloop.get(w.wijk_code, 0))) for w in result.wijken]
    stad = dataclasses.replace(result.stad, figures=figures(result.stad.figures, sum(sloop.values())))
    per_jaar = [dataclasses.replace(r, bouw=r.gerealiseerd + r.hard + r.zacht, sloop=60 if r.jaar in (2025, 2027) else 0,
                                    netto=r.gerealiseerd + r.hard + r.zacht - (60 if r.jaar in (2025, 2027) else 0),
                                    verwacht=r.gerealiseerd + 0.9 * r.hard + 0.5 * r.zacht) for r in result.per_jaar]
    doelen = [dataclasses.replace(d, verwacht=None if d.gepland is None or d.eenheid == "aandeel" else d.gepland * 0.87)
              for d in result.doelen]
    return dataclasses.replace(result, stad=stad, wijken=wijken, per_jaar=per_jaar, doelen=doelen)


def test_the_agenda_shows_sloop_netto_and_verwacht(qgis_app, sample_master, tmp_path):
    from tests.conftest import ROOT

    result = phased(rollup(open_store(sample_master)))
    pdf = tmp_path / "fasen.pdf"
    export_agenda(open_store(sample_master), str(pdf), wijken=["WK014116"], result=result)
    stad = page_text(pdf, 1)
    row = next(ln for ln in stad.splitlines() if "Almelo (stad)" in ln).split("Almelo (stad)")[1].split()
    f = result.stad.figures
    assert row[:8] == [report.fmt(v) for v in (f.won_gerealiseerd, f.won_hard, f.won_zacht, f.won_gepland, f.won_potentieel,
                                                f.won_sloop_gepland, f.won_netto_gepland, f.won_verwacht)]
    assert "Sloop" in stad and "Netto" in stad and "Verwacht" in stad and "netto: bouw − sloop" in " ".join(stad.split())
    goal = next(d for d in result.doelen_for(Selection.stad()) if d.verwacht is not None)
    assert f" {report.fmt(round(goal.verwacht))} " in stad  # the goal table's Verwacht column
    for w in result.wijken:  # every wijk's name whole, not cut by the added columns
        assert re.search(rf"^\s*{re.escape(w.naam)}\s+\d", stad, re.M) or w.naam.split()[0] in stad, w.naam
    wijk = page_text(pdf, 2)
    w = result.wijk("WK014116").figures
    line = next(ln for ln in wijk.splitlines() if "Woningen gepland" in ln).split("Woningen gepland")[1].split()
    assert line[:3] == [report.fmt(w.won_gepland), "60", report.fmt(w.won_gepland - 60)]
    verwacht = next(ln for ln in wijk.splitlines() if "Woningen verwacht" in ln).split("Woningen verwacht")[1].split()
    assert verwacht[0] == report.fmt(w.won_verwacht)
    out = ROOT / "out" / "agenda"
    out.mkdir(parents=True, exist_ok=True)
    for page in (1, 2):
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(out / f"fasen_p{page}")], check=True)


@pytest.fixture(scope="module")
def crowded(qgis_app, tmp_path_factory):
    """A store whose wijken have far more locations than fit their table (300 locations more than the sample's)."""
    from almelo_atlas_plugin.sample import LOCATIES, build_sample

    path = tmp_path_factory.mktemp("vol") / "vol.gpkg"
    build_sample(path, seed=3, woningen=5000, locaties=len(LOCATIES) + 300)
    return path


def test_a_crowded_wijk_shows_its_largest_locations_and_the_rest_in_one_row(crowded, tmp_path):
    """#18, nothing lost: a wijk with more locations than fit at the smallest type shows the largest (the heading says
    which, of how many), and one row '… en N andere locaties' with their totals, so that the table's columns add up
    to the wijk's figures; the row names where the full list is (the Excel's blad locaties)."""
    from qgis.core import QgsCoordinateReferenceSystem

    from almelo_atlas_plugin.core.output import agenda as printed
    from almelo_atlas_plugin.core.output.layers import load_atlas

    store = open_store(crowded)
    result = rollup(store)
    busiest = max(result.wijken, key=lambda w: len(result.locaties_in(w.wijk_code)))
    n = len(result.locaties_in(busiest.wijk_code))
    pdf = tmp_path / "vol.pdf"
    export_agenda(store, str(pdf), wijken=[busiest.wijk_code])
    text = page_text(pdf, 2)
    rest = re.search(r"… en (\d+) andere locaties; alle in de\s+(.*?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", text, re.M)
    assert rest, text
    heading = re.search(r"Locaties in de wijk — de (\d+) grootste van ([\d.]+)", text)
    assert heading and int(heading[2].replace(".", "")) == n and int(heading[1]) + int(rest[1]) == n, text
    assert int(heading[1]) >= 5 and "Excel (agenda --xlsx, blad locaties)" in " ".join(text.split())

    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:28992"))
    load_atlas(store, project)
    layout = printed.template_layout(project, printed.WIJK_LAYOUT, "wijk.qpt")
    printed.fill_wijk(layout, result, busiest.wijk_code, tmp_path)
    table = printed._table(layout, "locaties")
    rows = [[c.content() for c in r] for r in table.tableContents()]
    assert table.totalHeight() <= table.frame(0).rect().height() + 0.01 and table.contentTextFormat().size() == printed.FIT_SIZES[-1]
    assert len(rows) == int(heading[1]) + 1 and rows[-1][0].startswith(f"… en {rest[1]} andere locaties")
    assert [int(v.replace(".", "")) for v in rest.groups()[2:]] == [int(v.replace(".", "")) for v in rows[-1][3:7]]

    def total(col):
        return sum(float(r[col].replace(".", "").replace(",", ".")) for r in rows)

    f = busiest.figures
    assert total(3) == f.won_gerealiseerd + f.won_gepland + f.won_potentieel  # woningen (bouw)
    assert total(4) == sum(f[f"won_sloop_{c}"] for c in ("gerealiseerd", "hard", "zacht", "potentieel"))
    locs = result.locaties_in(busiest.wijk_code)
    assert total(5) == sum(x.programma["m2_bedrijf"] + x.programma["m2_voorzieningen"] for x in locs)
    shown = [int(r[3].replace(".", "")) + int(r[4].replace(".", "")) for r in rows[:-1]]
    assert shown == sorted(shown, reverse=True)  # the largest first
    names = {r[0] for r in rows[:-1]}
    left_out = [x.programma["won_totaal"] for x in locs if x.naam not in names]
    assert len(left_out) == int(rest[1]) and max(left_out) <= min(shown)  # none larger left out (sloop counts too)
    # the next wijk with few locations: all of them, under the layout's own heading
    few = min(result.wijken, key=lambda w: len(result.locaties_in(w.wijk_code)))
    printed.fill_wijk(layout, result, few.wijk_code, tmp_path)
    if len(result.locaties_in(few.wijk_code)) <= 10:
        assert len(printed._table(layout, "locaties").tableContents()) == len(result.locaties_in(few.wijk_code))
        assert layout.itemById("kop_locaties").text() == "Locaties in de wijk"
