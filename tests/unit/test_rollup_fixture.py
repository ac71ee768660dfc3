"""The roll-up JSON of the sample, kept as a file (#13: the redesign must give it byte for byte, on both
backends, now and at a peildatum). Renew the files only for a change in figures that is meant:
`python -m almelo_atlas_plugin rollup sample_gpkg/almelo_sample.gpkg --format json [--peildatum 2021-01-01]`."""

from __future__ import annotations

import pytest

from almelo_atlas_plugin.cli import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


@pytest.mark.parametrize("peildatum, name", [(None, "rollup_sample.json"), ("2021-01-01", "rollup_sample_2021-01-01.json")])
def test_rollup_json_of_the_sample_is_byte_for_byte_the_kept_file(store, capsys, peildatum, name):
    argv = ["rollup", store.uri, "--format", "json"] + (["--peildatum", peildatum] if peildatum else [])
    assert main(argv) == 0
    assert capsys.readouterr().out == (FIXTURES / name).read_text(encoding="utf-8")
