"""atlas.store_state: the marker the web atlas's response cache is keyed on changes with every write, on both backends,
and stays put while nobody writes."""

from __future__ import annotations

from almelo_atlas_plugin.core import atlas


def test_the_state_moves_with_a_write_and_only_then(store):
    before = atlas.store_state(store)
    store.read_frame("SELECT naam FROM projecten")  # reading is no change
    assert atlas.store_state(store) == before
    with store.transaction() as con:
        con.execute("UPDATE projecten SET naam = naam || ' (herzien)' WHERE fid = (SELECT min(fid) FROM projecten)")
    after = atlas.store_state(store)
    assert after != before
    assert atlas.store_state(store) == after


def test_every_commit_gives_a_state_not_seen_before(store):
    """Conservative: a marker may move without a visible change, but never stays (or comes back) across a commit."""
    seen = {atlas.store_state(store)}
    for i in range(3):
        with store.transaction() as con:
            con.execute(f"UPDATE projecten SET naam = naam || '{i}' WHERE fid = (SELECT min(fid) FROM projecten)")
        now = atlas.store_state(store)
        assert now not in seen
        seen.add(now)
