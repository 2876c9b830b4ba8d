"""Expected retirements from the pension profile, checked against hand calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kfanalys.modell import pension as pe
from kfanalys.grund.fel import Berakningsfel
from kfanalys.indata.konfig import STANDARD_PENSIONSPROFIL
from kfanalys.modell.nulage import manadsavlonade, nulage
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

BAS = pd.Timestamp("2025-11-01")
S, T = "Socialnämnden", "Tekniska nämnden"


def _a(pid, namnd, yrke, alder, lon="manad"):
    return {"matdatum": BAS, "person_id": pid, "namnd": namnd, "befattning": yrke, "yrkeskategori": yrke,
            "kon": "K", "fodelsear": BAS.year - alder, "anstallningsform": "tillsvidare", "loneform": lon,
            "sysselsattningsgrad": 100.0 if lon == "manad" else 0.0, "chef": False}


def register() -> pd.DataFrame:
    df = pd.DataFrame([
        _a("p1", S, "A", 64), _a("p2", S, "A", 60), _a("p3", S, "A", 30),
        _a("p4", S, "A", 63, lon="timme"),  # timavlönad: not counted
        _a("p5", T, "B", 70),
    ])
    df["matdatum"] = pd.to_datetime(df["matdatum"])
    return df


def test_seed_issue_64_aring_halva_och_halva():
    a = pd.DataFrame([_a("x", S, "A", 64)]).assign(matdatum=lambda d: pd.to_datetime(d["matdatum"]))
    r = pe.forvantade_pensioner(a, BAS, {65: 0.5, 66: 1.0}, horisont=4)
    r = r[(r["namnd"] == S) & (r["yrkeskategori"] == "A")]
    assert r["ar"].tolist() == [2026, 2027, 2028, 2029]
    # year 1: p(65) = 0.5; year 2: (1 - 0.5) x p(66) = 0.5 x 1.0; then nobody left
    assert r["forvantade"].tolist() == pytest.approx([0.5, 0.5, 0.0, 0.0])


def test_60_aring_standardprofil_tre_ar():
    e = pe.forvantat_per_ar(np.array([60]), STANDARD_PENSIONSPROFIL, 10)[0]
    # year 1: p(61) = 0.03
    # year 2: 0.97 x p(62) = 0.97 x 0.04 = 0.0388
    # year 3: 0.97 x 0.96 x p(63) = 0.9312 x 0.06 = 0.055872
    assert e[:3] == pytest.approx([0.03, 0.0388, 0.055872])
    # at 69 (year 9) p = 1.0, so everyone has retired within 10 years
    assert e.sum() == pytest.approx(1.0)
    assert e[9] == pytest.approx(0.0)


def test_aldre_an_sista_nyckeln_gar_ar_1_och_unga_aldrig():
    e = pe.forvantat_per_ar(np.array([70, 69, 30]), STANDARD_PENSIONSPROFIL, 3)
    assert e[0].tolist() == [1.0, 0.0, 0.0]  # 70 -> 71 > 69
    assert e[1].tolist() == [1.0, 0.0, 0.0]  # 69 -> 70 > 69
    assert e[2].tolist() == [0.0, 0.0, 0.0]


def test_per_ar_raknar_manadsavlonade_och_summerar():
    r = pe.forvantade_pensioner(register(), BAS, STANDARD_PENSIONSPROFIL, horisont=10)
    assert list(r.columns) == pe.PER_AR_KOLUMNER
    s = r[(r["namnd"] == S) & (r["yrkeskategori"] == "A")].set_index("ar")["forvantade"]
    # 2026: p1 (64 -> 65) 0.45 + p2 (60 -> 61) 0.03 + p3 0; the timavlönade p4 is left out
    assert s[2026] == pytest.approx(0.48)
    # 2027: p1 0.55 x 0.35 = 0.1925; p2 0.0388 -> 0.2313
    assert s[2027] == pytest.approx(0.2313)
    assert s.sum() == pytest.approx(2.0)  # p1 and p2 both gone by 69
    k = r[(r["namnd"] == HELA_KOMMUNEN) & (r["yrkeskategori"] == TOTALT)].set_index("ar")["forvantade"]
    assert k[2026] == pytest.approx(1.48)  # + p5 (70) in T
    assert len(r[(r["namnd"] == T) & (r["yrkeskategori"] == TOTALT)]) == 10


def test_sammanfattning_inom_2_5_10():
    a = register()
    per_ar = pe.forvantade_pensioner(a, BAS, STANDARD_PENSIONSPROFIL, horisont=10)
    r = pe.pension_sammanfattning(per_ar, manadsavlonade(a, BAS)).set_index(["namnd", "yrkeskategori"])
    assert list(r.reset_index().columns) == ["namnd", "yrkeskategori", "antal", "inom_2", "inom_5", "inom_10",
                                             "andel_inom_10"]
    # p1 (64): 0.45, 0.55 x 0.35 = 0.1925 -> inom_2 0.6425; p2 (60): 0.03 + 0.0388 = 0.0688
    assert r.loc[(S, "A"), "inom_2"] == pytest.approx(0.6425 + 0.0688)
    # p1 by year 5 (age 69, p = 1): 1.0; p2 years 1-5: 0.03 + 0.0388 + 0.055872
    #   + 0.9312 x 0.94 x 0.10 (= 0.0875328) + 0.9312 x 0.94 x 0.90 x 0.45 (= 0.35450784)
    assert r.loc[(S, "A"), "inom_5"] == pytest.approx(1.0 + 0.03 + 0.0388 + 0.055872 + 0.0875328 + 0.35450784)
    assert r.loc[(S, "A"), "inom_10"] == pytest.approx(2.0)
    assert r.loc[(S, "A"), "antal"] == 3  # p1-p3, p4 is timavlönad
    assert r.loc[(S, "A"), "andel_inom_10"] == pytest.approx(2 / 3)
    assert r.loc[(S, TOTALT), "andel_inom_10"] == pytest.approx(2 / 3)
    assert r.loc[(T, "B"), "inom_2"] == pytest.approx(1.0)
    assert r.loc[(HELA_KOMMUNEN, TOTALT), "antal"] == 4
    assert r.loc[(HELA_KOMMUNEN, TOTALT), "andel_inom_10"] == pytest.approx(3 / 4)


def test_sammanfattning_tar_nulagetabell():
    a = register()
    per_ar = pe.forvantade_pensioner(a, BAS, STANDARD_PENSIONSPROFIL)
    r = pe.pension_sammanfattning(per_ar, nulage(a, BAS)).set_index(["namnd", "yrkeskategori"])
    assert r.loc[(S, "A"), "antal"] == 4  # nuläge counts every employment, p4 included
    assert r.loc[(S, "A"), "andel_inom_10"] == pytest.approx(2 / 4)


def test_for_kort_horisont_och_felaktig_profil():
    a = register()
    per_ar = pe.forvantade_pensioner(a, BAS, STANDARD_PENSIONSPROFIL, horisont=5)
    with pytest.raises(Berakningsfel, match="inom 10 år"):
        pe.pension_sammanfattning(per_ar, manadsavlonade(a, BAS))
    with pytest.raises(Berakningsfel, match="65: 1.5"):
        pe.forvantade_pensioner(a, BAS, {65: 1.5})
