"""Risk: suggested konsekvens/sannolikhet by REGEL, judgement override, 3x3 matrix (seed 003 risk table)."""

from __future__ import annotations

import pandas as pd
import pytest

from kfanalys.grund.fel import Indatafel
from kfanalys.modell.risk import REGEL, foreslagen_risk, matris_antal, riskmatris

N = "Arbetsmarknads- och socialnämnden"
BOU = "Socialsekreterare myndighet barn och unga"
FAM = "Socialsekreterare myndighet familjehem"
SEK = "Sektionschef"


def _indata():
    # seed 003 figures at 2 years: (antal, totalt rekryteringsbehov, gap); turnover rates invented here
    rader = [(BOU, 416, 73, -8, 0.10), (FAM, 64, 12, -1, 0.10), (SEK, 168, 15, -3, 0.05),
             ("Handläggare", 100, 20, -6, 0.20)]
    rek = pd.DataFrame([(N, k, 2, a, t) for k, a, t, _, _ in rader],
                       columns=["namnd", "yrkeskategori", "horisont", "antal", "totalt"])
    gap = pd.DataFrame([(N, k, 2, a, g) for k, a, _, g, _ in rader],
                       columns=["namnd", "yrkeskategori", "horisont", "antal", "gap"])
    takt = pd.DataFrame([(N, k, o) for k, _, _, _, o in rader] + [("Hela kommunen", "Totalt", 0.10)],
                        columns=["namnd", "yrkeskategori", "takt"])
    return rek, takt, gap


def test_foreslagen_risk_enligt_regeln():
    f = foreslagen_risk(*_indata()).set_index("yrkeskategori")
    # barn och unga: 73/416 = 17.5 % -> medel; turnover 10 % = kommun's 10 % (< 1.25 x) -> stays medel;
    # shortage 8/416 = 1.9 % -> mindre allvarlig
    assert f.loc[BOU, ["foreslagen_sannolikhet", "foreslagen_konsekvens"]].tolist() == ["medel", "mindre allvarlig"]
    # familjehem: 12/64 = 18.75 % -> medel; shortage 1/64 = 1.6 % -> mindre allvarlig
    assert f.loc[FAM, "foreslagen_sannolikhet"] == "medel"
    # sektionschef: 15/168 = 8.9 % -> låg; 3/168 = 1.8 % -> mindre allvarlig
    assert f.loc[SEK, ["foreslagen_sannolikhet", "foreslagen_konsekvens"]].tolist() == ["låg", "mindre allvarlig"]
    # handläggare: 20/100 = 20 % -> medel, turnover 20 % >= 1.25 x 10 % -> one step up: hög; 6/100 = 6 % -> allvarlig
    assert f.loc["Handläggare", ["foreslagen_sannolikhet", "foreslagen_konsekvens"]].tolist() == ["hög", "allvarlig"]
    assert "17,5\u00a0%" in f.loc[BOU, "motivering"] and "416" in f.loc[BOU, "motivering"]
    assert "kommunens 10,0\u00a0%" in f.loc[BOU, "motivering"]
    assert "15 %" in REGEL and "1,25" in REGEL


def test_motiveringen_namnger_en_lanad_personalomsattning():
    """A group's rate borrowed from the kommun (kalla of omsattningstakt) is named as such; the own rate is
    "personalomsättning i prognosen" (not the 12-month figure of the turnover table) with nothing added."""
    rek, takt, gap = _indata()
    takt = takt.assign(kalla=["egen", "kommunen_yrkeskategori", "namnd_totalt", "kommunen_totalt", "egen"])
    f = foreslagen_risk(rek, takt, gap).set_index("yrkeskategori")["motivering"].str.replace("\u00a0", " ")
    assert "416 månadsavlönade; personalomsättning i prognosen 10,0 % mot kommunens 10,0 % -> sannolikhet" in f[BOU]
    assert ("personalomsättning i prognosen 10,0 % (kommunens för yrkeskategorin, eftersom nämndens grupp är liten) "
            "mot kommunens 10,0 %") in f[FAM]
    assert "5,0 % (nämndens för alla yrkeskategorier, eftersom gruppen är liten) mot" in f[SEK]
    assert "20,0 % (kommunens för alla yrkeskategorier, eftersom gruppen är liten) mot kommunens 10,0 % (höjer" in (
        f["Handläggare"])


def test_takten_kommer_fran_den_grupp_den_lanats_fran_och_texten_finns_utan_den():
    """For the disclosure rule (rojandekontroll rule 7): the group whose departures the quoted rate is built
    from, by kalla, and the same motivation with the rate replaced by TAKT_DOLD (everything else equal)."""
    from kfanalys.modell.risk import TAKT_DOLD

    rek, takt, gap = _indata()
    takt = takt.assign(kalla=["egen", "kommunen_yrkeskategori", "namnd_totalt", "kommunen_totalt", "egen"])
    f = foreslagen_risk(rek, takt, gap).set_index("yrkeskategori")
    assert f.loc[BOU, ["takt_namnd", "takt_yrkeskategori"]].tolist() == [N, BOU]
    assert f.loc[FAM, ["takt_namnd", "takt_yrkeskategori"]].tolist() == ["Hela kommunen", FAM]
    assert f.loc[SEK, ["takt_namnd", "takt_yrkeskategori"]].tolist() == [N, "Totalt"]
    assert f.loc["Handläggare", ["takt_namnd", "takt_yrkeskategori"]].tolist() == ["Hela kommunen", "Totalt"]
    med, utan = f.loc[FAM, "motivering"], f.loc[FAM, "motivering_utan_takt"]
    borttaget = "personalomsättning i prognosen 10,0\u00a0% (kommunens för yrkeskategorin, eftersom nämndens grupp är liten)"
    assert borttaget in med and utan == med.replace(borttaget, TAKT_DOLD)


def test_kommunens_takt_viktas_med_antal_utan_kommunrad():
    rek, takt, gap = _indata()
    takt = takt[takt["namnd"] != "Hela kommunen"]
    # weighted: (416x.10 + 64x.10 + 168x.05 + 100x.20) / 748 = (41.6 + 6.4 + 8.4 + 20) / 748 = 76.4/748 = 10.2 %
    f = foreslagen_risk(rek, takt, gap).set_index("yrkeskategori")
    assert "kommunens 10,2\u00a0%" in f.loc[BOU, "motivering"]


def test_seed003_riskmatris_bedomning_ersatter_forslag():
    f = foreslagen_risk(*_indata())
    # seed 003 judgements: barn och unga Allvarlig/Medel, familjehem Allvarlig/Medel, sektionschef Mindre allvarlig/Låg
    bed = pd.DataFrame({"namnd": N, "yrkeskategori": [BOU, FAM, SEK],
                        "konsekvens": ["Allvarlig", "ALLVARLIG", "Mindre allvarlig"],
                        "sannolikhet": ["Medel", "medel", "Lag"]})
    foreg = pd.DataFrame({"namnd": N, "yrkeskategori": [BOU], "konsekvens": ["allvarlig"], "sannolikhet": ["hög"]})
    r = riskmatris(f, bed, foreg)
    assert list(r.columns) == ["namnd", "yrkeskategori", "konsekvens", "sannolikhet", "foreslagen_konsekvens",
                               "foreslagen_sannolikhet", "motivering", "kalla", "foregaende_konsekvens",
                               "foregaende_sannolikhet", "motivering_utan_takt", "takt_namnd", "takt_yrkeskategori"]
    r = r.set_index("yrkeskategori")
    assert r.loc[BOU, ["konsekvens", "sannolikhet", "kalla"]].tolist() == ["allvarlig", "medel", "bedomning"]
    assert r.loc[BOU, "foreslagen_konsekvens"] == "mindre allvarlig"
    assert r.loc[SEK, "sannolikhet"] == "låg"
    assert r.loc[BOU, ["foregaende_konsekvens", "foregaende_sannolikhet"]].tolist() == ["allvarlig", "hög"]
    assert r.loc["Handläggare", ["konsekvens", "kalla"]].tolist() == ["allvarlig", "data"]
    assert pd.isna(r.loc[FAM, "foregaende_konsekvens"])

    m = matris_antal(r.reset_index(), N)
    assert m.shape == (3, 3)
    assert list(m.index) == ["allvarlig", "mindre allvarlig", "inte allvarlig"]
    assert list(m.columns) == ["låg", "medel", "hög"]
    assert m.loc["allvarlig", "medel"] == f"{BOU}, {FAM}"  # sorted alphabetically
    assert m.loc["allvarlig", "hög"] == "Handläggare"
    assert matris_antal(r.reset_index(), N, lista=False).to_numpy().sum() == 4


def test_fel_okant_riskord():
    f = foreslagen_risk(*_indata())
    bed = pd.DataFrame({"namnd": [N], "yrkeskategori": [BOU], "konsekvens": ["Katastrof"], "sannolikhet": ["medel"]})
    with pytest.raises(Indatafel) as e:
        riskmatris(f, bed)
    assert "Katastrof" in str(e.value) and BOU in str(e.value)
