"""core/atlas.py, the use cases every face calls: its defaults and the reads the dock used to do in SQL, on both backends."""

from __future__ import annotations

import json

import pytest

from almelo_atlas_plugin.core import atlas
from almelo_atlas_plugin.core.edits import promote, tag
from almelo_atlas_plugin.core.store.base import StoreError
from almelo_atlas_plugin.sample import HISTORIE_EIND
from tests.helpers import grow


def test_peildatum_is_read_in_dutch_time_and_empty_means_now():
    assert atlas.peildatum("2021-01-01") == atlas.peildatum("01-01-2021") == "2021-01-01T22:59:59.999Z"
    assert atlas.peildatum("2021-07-01T14:45") == "2021-07-01T12:45:00.000Z"  # summer time: UTC + 2
    assert atlas.peildatum(atlas.peildatum("2021-01-01")) == "2021-01-01T22:59:59.999Z"  # a parsed moment stays itself
    assert atlas.peildatum(None) is None and atlas.peildatum(" ") is None
    with pytest.raises(StoreError, match="Peildatum 'gisteren' is geen datum"):
        atlas.peildatum("gisteren")


def test_figures_now_and_at_a_peildatum(sample_store):
    with sample_store.transaction() as con:
        grow(con, "Ontwikkeling Stadskade", 500)
    now, then = atlas.figures(sample_store), atlas.figures(sample_store, HISTORIE_EIND)  # after the sample's own history
    assert now.stad.figures.won_gepland == then.stad.figures.won_gepland + 500
    assert then.peildatum == f"{HISTORIE_EIND}T23:59:59.999+01:00" and not now.peildatum
    assert now.per_jaar[0].norm == atlas.NORM
    assert atlas.figures(sample_store, norm=1.5).per_jaar[0].norm == 1.5
    kept = atlas.engine(sample_store, norm=2.0)  # the dock's engine: its norm holds now and at a peildatum
    assert atlas.figures(sample_store, keep=kept).per_jaar[0].norm == 2.0
    assert atlas.figures(sample_store, "2021-01-01", keep=kept).per_jaar[0].norm == 2.0


def test_write_figures_takes_the_format_from_the_file(sample_store, tmp_path):
    result = atlas.figures(sample_store)
    assert atlas.write_figures(result, str(tmp_path / "r.json")) == "json"
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["stad"] == json.loads(json.dumps(result.to_json()["stad"]))
    assert atlas.write_figures(result, str(tmp_path / "w.csv"), niveau="wijk") == "csv"
    assert len((tmp_path / "w.csv").read_text(encoding="utf-8").splitlines()) == 1 + len(result.wijken)
    assert atlas.write_figures(result, str(tmp_path / "r.XLSX")) == "xlsx"


def test_the_docks_reads_on_both_backends(store):
    codes = [code for code, _ in atlas.opgaven(store)]
    assert codes == sorted(codes) and "3.4" in codes
    fid, naam, versie = store.read_frame("SELECT fid, naam, versie FROM projecten ORDER BY fid LIMIT 1").iloc[0]
    assert atlas.location_name(store, "projecten", int(fid)) == naam
    assert atlas.location_name(store, "projecten", 999999) is None
    assert atlas.location_name(store, "wijken", 1) is None  # not a location layer
    assert atlas.versions(store, "projecten", [int(fid), 999999]) == {int(fid): int(versie)}
    assert atlas.versions(store, "projecten", []) == {}


def test_tag_where_chooses_fids_or_a_wijk_all_or_nothing(store):
    wijk = store.read_frame("SELECT wijk_code FROM potloodplannen WHERE wijk_code IS NOT NULL ORDER BY fid LIMIT 1").wijk_code[0]
    n, m = atlas.tag_where(store, "potloodplannen", ["3.7"], wijk=wijk)
    assert m == len(store.read_frame(f"SELECT fid FROM potloodplannen WHERE wijk_code = {store.param}", (wijk,))) and 0 < n <= m
    assert atlas.tag_where(store, "potloodplannen", ["3.7"], wijk=wijk, remove=True)[0] >= n
    with pytest.raises(StoreError, match="Geen locaties gekozen"):
        atlas.tag_where(store, "potloodplannen", ["3.7"])


def test_parse_mapping_names_a_bad_pair_in_the_faces_words():
    assert atlas.parse_mapping(["naam = NAAM", "wijk_code=WK"]) == {"naam": "NAAM", "wijk_code": "WK"}
    with pytest.raises(StoreError, match="^--map 'zonder': gebruik DOEL=BRON$"):
        atlas.parse_mapping(["zonder"])
    with pytest.raises(StoreError, match="^Veldkoppeling 'x': gebruik DOEL=BRON$"):
        atlas.parse_mapping(["x"], "Veldkoppeling '{m}'")


def test_remembered_address_never_keeps_a_password(sample_store):
    assert atlas.remembered_address(str(sample_store.path), sample_store) == sample_store.label
    assert atlas.remembered_address("verbinding:Atlas?schema=plan", sample_store) == "verbinding:Atlas?schema=plan"
    assert atlas.remembered_address("postgresql://ans@db/atlas?schema=atlas", sample_store) == "postgresql://ans@db/atlas?schema=atlas"
    assert atlas.remembered_address("postgresql://ans:geheim@db/atlas?schema=atlas", sample_store) is None


def test_the_history_names_who_removed_a_tag_or_promoted(store):
    """Removing a tag and promoting a potloodplan (its tags and blocks go along) are recorded under the user who did it."""
    p = store.param
    plan = int(store.read_frame("SELECT min(locatie_fid) AS f FROM locatie_opgaven WHERE laag = 'potloodplannen'").f[0])
    project, code = store.read_frame("SELECT locatie_fid, opgave_code FROM locatie_opgaven WHERE laag = 'projecten' ORDER BY fid").iloc[0]
    top = int(store.read_frame("SELECT max(wijziging_id) AS m FROM wijzigingen").m[0])
    assert tag(store, "projecten", [int(project)], [code], remove=True, user="tom") == 1
    promote(store, plan, user="tom")
    rows = store.read_frame(f"SELECT laag, actie, gebruiker FROM wijzigingen WHERE wijziging_id > {p} AND actie = 'delete'", (top,))
    assert set(rows.laag) == {"locatie_opgaven", "potloodplannen", "woningblokken"}  # its tags and blocks go along
    assert set(rows.gebruiker) == ({"tom"} if store.kind == "gpkg" else {"postgres"})  # PostGIS: the login (session_user)
