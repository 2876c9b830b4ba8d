"""A kommun with snapshots but no events file: the events are derived (modell.harledning) and the report says so.

Metamorphic against the Exempelkommun's own events file: deriving the events from the snapshots must give the same
turnover denominators for every nämnd and yrkeskategori, and the same number of departures that leave each nämnd's
förvaltning (per yrkeskategori they may differ: a person who changed yrkeskategori during the year and then left is
counted by the file in the new one and by the snapshots in the one they had at the last snapshot).
"""

from __future__ import annotations

import dataclasses
import shutil

import pandas as pd
import pytest

from kfanalys.berakning.cykel import berakna_cykel, handelser, pensionsalder
from kfanalys.indata.register import las_indata, sammanfattning
from kfanalys.modell import floden


@pytest.fixture(scope="module")
def utan_handelser(exempelmapp, tmp_path_factory):
    mapp = tmp_path_factory.mktemp("utan") / "kommun"
    shutil.copytree(exempelmapp, mapp)
    (mapp / "handelser.csv").unlink()
    return las_indata(mapp)


def test_utan_handelsefil_godtas_och_validera_sager_hur(utan_handelser):
    assert utan_handelser.handelser_harledda is True
    assert len(utan_handelser.handelser) == 0
    assert any("handelser.csv saknas" in t and "härleds ur" in t for t in utan_handelser.tolkningar)
    assert "rekryteringar och avgångar härleds ur ögonblicksbilderna" in sammanfattning(utan_handelser)


def test_med_handelsefil_harleds_inget(exempel_indata):
    assert exempel_indata.handelser_harledda is False
    h = handelser(exempel_indata, exempel_indata.anstallningar, exempel_indata.konfig.antaganden.pensionsprofil)
    assert len(h) > 0 and len(h) <= len(exempel_indata.handelser)


def test_pensionsalder_ar_profilens_forsta_alder_med_sannolikhet():
    assert pensionsalder({61: 0.0, 62: 0.05, 65: 0.6}) == 62
    assert pensionsalder({}) is None


def test_harledd_omsattning_som_med_handelsefilen(exempel_indata, utan_handelser):
    anst = exempel_indata.anstallningar
    bas = pd.Timestamp("2025-11-01")
    fran_fil = floden.omsattning(anst, handelser(exempel_indata, anst, {}), bas)
    harledd = floden.omsattning(anst, handelser(utan_handelser, anst, {}), bas)
    nyckel = ["namnd", "yrkeskategori", "period"]
    a, b = fran_fil.set_index(nyckel).sort_index(), harledd.set_index(nyckel).sort_index()
    pd.testing.assert_series_equal(a["medelantal"], b["medelantal"])
    totalt = a.index.get_level_values("yrkeskategori") == "Totalt"
    pd.testing.assert_series_equal(a.loc[totalt, "avgangar"], b.loc[totalt, "avgangar"])
    assert a.loc[totalt, "avgangar"].sum() > 500  # not an empty comparison


def test_rapporten_sager_att_floden_ar_harledda(utan_handelser):
    res = berakna_cykel(utan_handelser, 2025)
    assert res.meta["handelser_harledda"] is True
    text = res.meta["definitioner"]["harledda_floden"]
    assert "korta" in text.lower() and "pension" in text.lower()
    from kfanalys.rapport.avsnitt_delar import harledda_floden

    @dataclasses.dataclass
    class R:
        meta: dict
    html = harledda_floden(R(res.meta)).html
    assert "härledda ur ögonblicksbilderna" in html and harledda_floden(R({"handelser_harledda": False})) is None
    assert not res.tabeller["omsattning"].empty and res.tabeller["floden"]["antal"].sum() > 0
