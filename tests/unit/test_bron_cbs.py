"""`bron cbs` through the framework with the geo lane's reader (core/sources/cbs.py) on Almelo's real CBS geography,
both backends: the wijken matched on their code keep the atlas's prioriteit, buurten and kerncijfers replaced whole,
every point gets its wijk and buurt, and the same file again changes nothing."""

from __future__ import annotations

import pytest

from almelo_atlas_plugin.core import atlas


def test_bron_cbs_on_the_real_almelo_geography(store, shared_data):
    pytest.importorskip("almelo_atlas_plugin.core.sources.cbs")
    with store.reading() as con:
        prio = dict(con.execute("SELECT wijk_code, prioriteit FROM wijken").fetchall())
    res = atlas.bron(store, "cbs", str(shared_data / "almelo.gpkg"))
    assert res.telling.geweigerd == 0 and res.telling.rijen == 12
    with store.reading() as con:
        assert dict(con.execute("SELECT wijk_code, prioriteit FROM wijken").fetchall()) == prio
        assert con.execute("SELECT count(*) FROM buurten").fetchone()[0] == 71
        assert con.execute("SELECT count(*) FROM kerncijfers").fetchone()[0] > 0
        inside = con.execute("SELECT count(*) FROM woningvoorraad WHERE wijk_code IS NOT NULL").fetchone()[0]
        assert inside > 0 and con.execute("SELECT count(*) FROM woningvoorraad WHERE wijk_code IS NOT NULL"
                                          " AND buurt_code IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT sum(woningen) FROM wijken").fetchone()[0] == inside
    again = atlas.bron(store, "cbs", str(shared_data / "almelo.gpkg"))
    assert again.niets_gewijzigd and again.samenvatting().endswith("niets gewijzigd.")
    assert [r["soort"] for r in atlas.bron_runs(store)] == ["cbs", "cbs", "cbs"]  # the sample's own, then these two
