"""Scenarios on a small hand-built case (berakna_framat; every expectation by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from kfanalys.indata.konfig import BAS, Scenario, konfig_fran_dict
from kfanalys.modell.scenario import berakna_framat, deltidsfaktor

N = "Socialnämnden"


def _konfig(tillvaxt=0.0):
    return konfig_fran_dict({
        "kommun": "K",
        "namnder": [{"namn": N, "omrade": "K"}],
        "yrkeskategorier": [{"namn": "Socialsekreterare", "drivare": {"typ": "fast"}},
                            {"namn": "Handläggare", "drivare": {"typ": "total"}}],
        "antaganden": {"pensionsprofil": {65: 0.5, 66: 1.0}, "horisonter": [2], "tillvaxt": tillvaxt},
        "scenarier": [{"namn": "Pension vid 66", "pensionsforskjutning": 1},
                      {"namn": "Lägre personalomsättning", "omsattningsfaktor": 0.8}],
    })


BEF = pd.DataFrame({"omrade": "K", "ar": [2025, 2026, 2027], "alder": 40, "antal": [1000.0, 1000.0, 1000.0]})


def _personal(aldrar_grad):
    return pd.DataFrame([(N, "Socialsekreterare", a, g) for a, g in aldrar_grad],
                        columns=["namnd", "yrkeskategori", "alder", "sysselsattningsgrad"])


def _takt(t):
    return pd.DataFrame({"namnd": [N], "yrkeskategori": ["Socialsekreterare"], "takt": [t]})


def _rek(res):
    return res["rekrytering"].set_index("horisont").loc[2]


def test_pension_vid_66_sanker_pensionsersattningen():
    # 10 aged 64 + 90 aged 30, fixed need 100, no turnover.
    # Base profile {65: .5, 66: 1}: year 1 p(65) = .5 -> 5, year 2 p(66) = 1 -> 5: 10 pension replacements.
    # Shifted {66: .5, 67: 1}: year 1 p(65) = 0 (below first key), year 2 p(66) = .5 -> 5.
    k = _konfig()
    personal = _personal([(64, 100.0)] * 10 + [(30, 100.0)] * 90)
    bas = berakna_framat(personal, BEF, k, 2025, _takt(0.0), BAS)
    sen = berakna_framat(personal, BEF, k, 2025, _takt(0.0), k.scenario("Pension vid 66"))
    assert _rek(bas)["ersattning_pension"] == pytest.approx(10)
    assert _rek(sen)["ersattning_pension"] == pytest.approx(5)
    assert _rek(sen)["totalt"] == pytest.approx(5)


def test_omsattningsfaktor_0_8_sanker_omsattningsersattningen():
    # 100 aged 30, fixed need 100, takt 10 %: exits 10 + 10 = 20. With factor 0.8: 8 + 8 = 16 (4 fewer).
    k = _konfig()
    personal = _personal([(30, 100.0)] * 100)
    bas = berakna_framat(personal, BEF, k, 2025, _takt(0.10), BAS)
    lag = berakna_framat(personal, BEF, k, 2025, _takt(0.10), k.scenario("lagre_personalomsattning"))
    assert _rek(bas)["ersattning_omsattning"] == pytest.approx(20)
    assert _rek(lag)["ersattning_omsattning"] == pytest.approx(16)


def test_deltid_okning_farre_huvuden_samma_arsarbetare():
    # 50 at 100 %, 50 at 50 %: mean 75; +10 points for part-timers: 50 -> 60, mean 80; factor 75/80 = 0.9375.
    # need in persons at h >= 1: 100 x 0.9375 = 93.75; årsarbetare unchanged: 50 + 25 = 75.
    k = _konfig()
    personal = _personal([(30, 100.0)] * 50 + [(30, 50.0)] * 50)
    res = berakna_framat(personal, BEF, k, 2025, _takt(0.0), Scenario(namn="Deltid", deltid_okning=10))
    f = res["framskrivning"].set_index("horisont")
    assert f.loc[0, "behov"] == pytest.approx(100)
    assert f.loc[2, "behov"] == pytest.approx(93.75)
    assert f.loc[2, "behov_arsarbetare"] == pytest.approx(75)
    assert res["gap"].iloc[0]["gap"] == pytest.approx(6.25)


def test_tillvaxt_scenario_ersatter_antagandet():
    # konfig g = 0; scenario g = 1 %: 100 x 1.01^2 = 102.01
    k = _konfig()
    personal = _personal([(30, 100.0)] * 100)
    res = berakna_framat(personal, BEF, k, 2025, _takt(0.0), Scenario(namn="Tillväxt", tillvaxt=0.01))
    assert res["framskrivning"].set_index("horisont").loc[2, "behov"] == pytest.approx(102.01)
    # and the base assumption (g = 0.005 in kommun.yaml) is used without a scenario: 100 x 1.005^2
    res = berakna_framat(personal, BEF, _konfig(0.005), 2025, _takt(0.0))
    assert res["framskrivning"].set_index("horisont").loc[2, "behov"] == pytest.approx(101.0025)


def test_deltidsfaktor_heltid_paverkas_inte():
    p = pd.DataFrame({"namnd": N, "yrkeskategori": ["A", "A", "B"], "sysselsattningsgrad": [100.0, 95.0, 100.0]})
    f = deltidsfaktor(p, 10).set_index("yrkeskategori")["faktor"]
    # A: 95 -> 100 (capped): 97.5 / 100; B: only full-timers -> 1
    assert f["A"] == pytest.approx(0.975) and f["B"] == 1.0


def test_sida_vid_sida_en_kolumn_per_scenario():
    from kfanalys.grund.fel import Berakningsfel
    from kfanalys.modell.scenario import sida_vid_sida

    staplad = pd.DataFrame({
        "scenario": ["bas"] * 4 + ["Pension vid 66"] * 4,
        "namnd": [N, N, "Annan", N] * 2,
        "yrkeskategori": ["Totalt", "Socialsekreterare", "Socialsekreterare", "Handläggare"] * 2,
        "horisont": [5, 5, 5, 2] * 2, "antal": [50, 50, 9, 12] * 2,
        "totalt": [20.0, 20.0, 3.0, 4.0, 17.5, 17.5, 2.0, 3.0]})
    fore = staplad.copy()
    t = sida_vid_sida(staplad, N, 5)
    assert list(t.columns) == ["yrkeskategori", "antal", "Grundantaganden", "Pension vid 66"]
    assert t.values.tolist() == [["Socialsekreterare", 50, 20.0, 17.5], ["Totalt", 50, 20.0, 17.5]]
    pd.testing.assert_frame_equal(staplad, fore)
    with pytest.raises(Berakningsfel, match="Annan"):
        sida_vid_sida(staplad, "Annan", 2)
    with pytest.raises(Berakningsfel, match="gap"):
        sida_vid_sida(staplad, N, 5, varde="gap")


def test_per_namnd_kommunens_scenariotabell():
    from kfanalys.modell.scenario import per_namnd

    staplad = pd.DataFrame({
        "scenario": ["bas"] * 4 + ["Pension vid 66"] * 4,
        "namnd": ["Hela kommunen", "B", "A", "A"] * 2,
        "yrkeskategori": ["Totalt", "Totalt", "Totalt", "Socialsekreterare"] * 2,
        "horisont": 5, "antal": [70, 30, 40, 40] * 2,
        "totalt": [30.0, 12.0, 18.0, 18.0, 26.0, 10.5, 15.5, 15.5]})
    t = per_namnd(staplad, 5, namnder=["A", "B"])
    # kommun = A + B in each scenario: 18 + 12 = 30 and 15,5 + 10,5 = 26
    assert t.values.tolist() == [["A", 40, 18.0, 15.5], ["B", 30, 12.0, 10.5], ["Hela kommunen", 70, 30.0, 26.0]]
    assert list(t.columns) == ["namnd", "antal", "Grundantaganden", "Pension vid 66"]
