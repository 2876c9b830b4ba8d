"""Tests of kfanalys.modell.omsattningsmodell: yearly departures, the between-year variance (method of
moments), partial pooling toward the nämnd and the kommun, and the wiring into
kfanalys.berakning.orkestrering.simulera_resultat.

Every expected value is worked out by hand in the comments (or by the simple formula written in
the test) on small synthetic frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.modell import floden
from kfanalys.modell import omsattningsmodell as om

H, T = HELA_KOMMUNEN, TOTALT


def _ar(rader):
    """Yearly rows (namnd, yrkeskategori, ar, medelantal, avgangar) without retirements."""
    df = pd.DataFrame(rader, columns=["namnd", "yrkeskategori", "ar", "medelantal", "avgangar"])
    return df.assign(avgangar_pension=0)


def _rad(m, namnd, yrke):
    r = m.tabell[(m.tabell.namnd == namnd) & (m.tabell.yrkeskategori == yrke)]
    assert len(r) == 1
    return r.iloc[0]


# ---------------------------------------------------------------------------- between-year variance

def test_momentskattning_av_arsvariationen_for_hand():
    # Group A: 10/100 and 30/100 -> m = 0.2, X2 = (100 x 0.1^2 + 100 x 0.1^2) / (0.2 x 0.8) = 12.5,
    #   T - 1 = 1, C = (100 - 1)(1 - 100/200) x 2 = 99.
    # Group B: 5/50 and 5/50 -> m = 0.1, X2 = 0, T - 1 = 1, C = 49 x 0.5 x 2 = 49.
    # rho = (12.5 + 0 - 2) / (99 + 49) = 10.5 / 148 = 0.070946; kappa = 1/rho - 1 = 13.095.
    # (The nämnd's and the kommun's rows do not enter the estimate.)
    ar = _ar([("N", "A", 2024, 100.0, 10), ("N", "A", 2025, 100.0, 30),
              ("N", "B", 2024, 50.0, 5), ("N", "B", 2025, 50.0, 5),
              ("N", T, 2024, 150.0, 15), ("N", T, 2025, 150.0, 35),
              (H, T, 2024, 150.0, 15), (H, T, 2025, 150.0, 35)])
    m = om.skatta(ar, k0=0.0, k0_namnd=0.0)  # no pooling: takt = the group's own rate
    rho = 10.5 / 148
    assert m.meta["rho"] == pytest.approx(rho)
    assert m.meta["kappa"] == pytest.approx(1 / rho - 1)
    assert m.meta["frihetsgrader"] == 2 and m.meta["antal_ar"] == 2 and m.meta["arsvariation"] is True
    assert m.meta["anmarkning"] == ""
    a = _rad(m, "N", "A")
    assert (a.medelantal, a.avgangar, a.antal_ar) == (200.0, 40.0, 2)
    assert a.egen_takt == pytest.approx(0.2) and a.takt == pytest.approx(0.2)
    # the yearly Beta: alfa = 0.2 x kappa, beta = 0.8 x kappa
    assert a.alfa == pytest.approx(0.2 * (1 / rho - 1)) and a.beta == pytest.approx(0.8 * (1 / rho - 1))


def test_pension_raknas_inte_som_avgang():
    # 12 departures of which 2 to pension -> 10 counted: the model's rate excludes retirements
    ar = pd.DataFrame({"namnd": ["N", "N", H], "yrkeskategori": ["A", T, T], "ar": 2025, "medelantal": 100.0,
                       "avgangar": 12, "avgangar_pension": 2})
    m = om.skatta(ar)
    assert _rad(m, "N", "A").avgangar == 10 and _rad(m, "N", "A").egen_takt == pytest.approx(0.10)


def test_mindre_variation_an_slumpen_ger_ingen_arsvariation():
    # identical yearly rates: X2 = 0 < T - 1, so the estimate is truncated at 0 (kappa infinite)
    ar = _ar([("N", "A", 2024, 100.0, 10), ("N", "A", 2025, 100.0, 10), ("N", T, 2024, 100.0, 10),
              ("N", T, 2025, 100.0, 10), (H, T, 2024, 100.0, 10), (H, T, 2025, 100.0, 10)])
    m = om.skatta(ar)
    assert m.meta["rho"] == 0.0 and m.meta["kappa"] == np.inf and m.meta["arsvariation"] is False
    assert np.isinf(_rad(m, "N", "A").alfa) and np.isinf(_rad(m, "N", "A").beta)


def test_en_period_ger_ingen_arsvariation_och_sager_det():
    ar = _ar([("N", "A", 2025, 100.0, 30), ("N", "B", 2025, 100.0, 10), ("N", T, 2025, 200.0, 40),
              (H, T, 2025, 200.0, 40)])
    m = om.skatta(ar)
    assert m.meta["rho"] == 0.0 and m.meta["frihetsgrader"] == 0 and m.meta["antal_ar"] == 1
    assert m.meta["anmarkning"] == om.ANM_ETT_AR and "bara en 12-månadersperiod" in m.meta["anmarkning"]
    assert np.isinf(m.tabell["alfa"]).all()


# ---------------------------------------------------------------------------- pooling

def _tre_grupper():
    # one nämnd, one period: A 10/100, B 30/100, C 0/10 (small). Totalt 40/210; the kommun = the nämnd.
    return _ar([("N", "A", 2025, 100.0, 10), ("N", "B", 2025, 100.0, 30), ("N", "C", 2025, 10.0, 0),
                ("N", T, 2025, 210.0, 40), (H, T, 2025, 210.0, 40)])


def test_krympning_med_given_k0_for_hand():
    # k0 = 10 person-years, rho = 0 (one period) so n_eff = E:
    #   w_A = 100/110, takt_A = (100 x 0.10 + 10 x 40/210) / 110 = 0.108225
    #   w_C = 10/20 = 0.5, takt_C = 0.5 x 0 + 0.5 x 40/210 = 0.095238
    # k0_namnd = 0: the nämnd keeps its own rate 40/210.
    m = om.skatta(_tre_grupper(), k0=10.0, k0_namnd=0.0)
    rn = 40 / 210
    a, c, n = _rad(m, "N", "A"), _rad(m, "N", "C"), _rad(m, "N", T)
    assert a.vikt == pytest.approx(100 / 110) and c.vikt == pytest.approx(0.5)
    assert a.takt == pytest.approx((100 * 0.10 + 10 * rn) / 110)
    assert c.takt == pytest.approx(0.5 * rn) and c.egen_takt == 0.0
    assert n.takt == pytest.approx(rn) and n.vikt == 1.0
    # the own data as a Jeffreys Beta: a = E x r + 1/2, b = E x (1 - r) + 1/2
    assert (a.a_egen, a.b_egen) == (pytest.approx(10.5), pytest.approx(90.5))
    assert (c.a_egen, c.b_egen) == (pytest.approx(0.5), pytest.approx(10.5))


def test_k0_skattas_med_momentmetoden_for_hand():
    # rho_b = (X2_b - A) / B with parent m = 40/210 (rho = 0, one period):
    #   X2_b = sum E (r - m)^2 / (m (1 - m)), A = sum (1 - E/210), B = sum (1 - E/210) E
    E = np.array([100.0, 100.0, 10.0])
    r = np.array([0.10, 0.30, 0.0])
    mm = 40 / 210
    x2 = float((E * (r - mm) ** 2).sum() / (mm * (1 - mm)))  # = 15.4412
    a = float((1 - E / 210).sum())                          # = 2.0
    b = float(((1 - E / 210) * E).sum())                    # = 114.286
    rho_b = (x2 - a) / b                                     # = 0.11761
    assert x2 == pytest.approx(15.4412, abs=1e-3) and rho_b == pytest.approx(0.11761, abs=1e-4)
    m = om.skatta(_tre_grupper())
    assert m.meta["rho_grupp"] == pytest.approx(rho_b)
    assert m.meta["k0"] == pytest.approx(1 / rho_b)  # 8.50 person-years
    # one nämnd: nothing to estimate between nämnder -> no pooling at that level
    assert m.meta["rho_namnd"] is None and m.meta["k0_namnd"] == 0.0
    k0 = 1 / rho_b
    assert _rad(m, "N", "C").takt == pytest.approx((10 / (10 + k0)) * 0 + (k0 / (10 + k0)) * mm)
    # the small group lies between its own rate (0) and the nämnd's, the big one near its own
    assert 0 < _rad(m, "N", "C").takt < mm
    assert abs(_rad(m, "N", "A").takt - 0.10) < abs(_rad(m, "N", "C").takt - 0.0)


def test_namnden_krymps_mot_kommunen():
    # two nämnder, one group each (no between-group estimate: k0 = 0 for groups -> a group keeps
    # its own rate). With k0_namnd = 100: N1 (100 person-years, 0.10) toward the kommun's 0.20:
    # w = 100/200 = 0.5 -> 0.15.
    ar = _ar([("N1", "A", 2025, 100.0, 10), ("N2", "A", 2025, 100.0, 30), ("N1", T, 2025, 100.0, 10),
              ("N2", T, 2025, 100.0, 30), (H, T, 2025, 200.0, 40)])
    m = om.skatta(ar, k0_namnd=100.0)
    assert _rad(m, "N1", T).takt == pytest.approx(0.15) and _rad(m, "N2", T).takt == pytest.approx(0.25)
    assert _rad(m, "N1", "A").takt == pytest.approx(0.10)  # w = 1 for the groups (k0 not estimable: 0)
    assert m.meta["k0"] == 0.0


def test_grupp_utan_data_far_namndens_takt():
    m = om.skatta(_tre_grupper(), pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Ny"]}), k0=10.0, k0_namnd=0.0)
    ny = _rad(m, "N", "Ny")
    assert ny.medelantal == 0.0 and np.isnan(ny.egen_takt) and ny.vikt == 0.0
    assert ny.takt == pytest.approx(40 / 210)


def test_arsvariation_minskar_effektiva_personar():
    # E = 200 over two years of 100: Q = 2 x 100^2 = 20000. rho = 0.1:
    # n_eff = 1 / (1/200 + 0.1 x (20000 - 200) / 200^2) = 1 / (0.005 + 0.0495) = 18.349
    assert om.effektiva(np.array([200.0]), np.array([20000.0]), 0.1)[0] == pytest.approx(1 / 0.0545)
    assert om.vikter(np.array([1 / 0.0545]), 10.0)[0] == pytest.approx((1 / 0.0545) / (1 / 0.0545 + 10))


# ---------------------------------------------------------------------------- yearly departures from the register

def _a(datum, pid):
    return {"matdatum": pd.Timestamp(datum), "person_id": pid, "namnd": "N", "forvaltning": "N", "befattning": "A",
            "yrkeskategori": "A", "kon": "K", "fodelsear": 1980, "anstallningsform": "tillsvidare",
            "loneform": "manad", "sysselsattningsgrad": 100.0, "chef": False}


def _h(datum, pid, typ, motpart="extern", orsak=None):
    return {"datum": pd.Timestamp(datum), "person_id": pid, "typ": typ, "namnd": "N", "yrkeskategori": "A",
            "motpart": motpart, "orsak": orsak}


def _register():
    # 2021: a1-a10 (10). (2021, 2022]: a1 leaves extern, a2 retires; a11 hired. 2022: a3-a11 (9).
    # (2022, 2023]: a3, a4 leave extern; a12, a13 hired. 2023: a5-a13 (9).
    # (2023, 2024]: a5 leaves for another förvaltning. 2024: a6-a13 (8).
    bilder = {"2021-11-01": range(1, 11), "2022-11-01": range(3, 12), "2023-11-01": range(5, 14),
              "2024-11-01": range(6, 14)}
    anst = pd.DataFrame([_a(d, f"a{i}") for d, ids in bilder.items() for i in ids])
    hand = pd.DataFrame([_h("2022-03-01", "a1", "avgang"), _h("2022-04-01", "a2", "avgang", orsak="pension"),
                         _h("2022-05-01", "a11", "anstallning"), _h("2023-02-01", "a3", "avgang"),
                         _h("2023-03-01", "a4", "avgang"), _h("2023-04-01", "a12", "anstallning"),
                         _h("2023-05-01", "a13", "anstallning"),
                         _h("2024-02-01", "a5", "avgang", motpart="annan_forvaltning")])
    return anst, hand


def test_arliga_avgangar_alla_perioder_for_hand():
    # periods ending 2022: mean (10 + 9)/2 = 9.5, 2 departures of which 1 pension;
    # 2023: (9 + 9)/2 = 9, 2; 2024: (9 + 8)/2 = 8.5, 1. (2021 has no snapshot 12 months earlier.)
    anst, hand = _register()
    a = om.arliga_avgangar(anst, hand, pd.Timestamp("2024-11-01"))
    g = a[(a.namnd == "N") & (a.yrkeskategori == "A")].sort_values("ar")
    assert g[["ar", "medelantal", "avgangar", "avgangar_pension"]].values.tolist() == [
        [2022, 9.5, 2, 1], [2023, 9.0, 2, 0], [2024, 8.5, 1, 0]]
    assert set(a.yrkeskategori) == {"A", T} and set(a.namnd) == {"N", H}
    # nothing after the base date: cut at 2023 the 2024 period is not there
    b = om.arliga_avgangar(anst, hand, pd.Timestamp("2023-11-01"))
    assert sorted(b.loc[(b.namnd == "N") & (b.yrkeskategori == "A"), "ar"]) == [2022, 2023]
    # a date between two snapshots: the periods ending 2022 and 2023, nothing from the 2024 snapshot
    m = om.arliga_avgangar(anst, hand, pd.Timestamp("2024-06-01"))
    assert sorted(m.loc[(m.namnd == "N") & (m.yrkeskategori == "A"), "ar"]) == [2022, 2023]
    # the same figures as floden.omsattning (THE definition) at each base date
    o = floden.omsattning(anst, hand, pd.Timestamp("2024-11-01"))
    f = om.fran_omsattning(o, 2024)
    assert sorted(f.loc[(f.namnd == "N") & (f.yrkeskategori == "A"), "ar"]) == [2023, 2024]
    pd.testing.assert_frame_equal(
        f.sort_values(["namnd", "yrkeskategori", "ar"]).reset_index(drop=True),
        a[a.ar >= 2023].sort_values(["namnd", "yrkeskategori", "ar"]).reset_index(drop=True), check_dtype=False)
    # the cycle's table is reused when given
    c = om.arliga_avgangar(anst, hand, pd.Timestamp("2024-11-01"), omsattning_bas=o)
    pd.testing.assert_frame_equal(c, a)


def test_metodtext_pa_svenska_och_kort():
    meningar = [s for s in om.METODTEXT.split(". ") if s.strip()]
    assert 3 <= len(meningar) <= 5
    assert "år" in om.METODTEXT and "nämnd" in om.METODTEXT


# ---------------------------------------------------------------------------- wiring: the cycle's simulation

def test_simulera_resultat_anvander_modellen_fran_fore_basdatum(exempel_indata):
    # the backtest's cycle (register cut at the base date of 2023) estimates the model from the
    # periods ending 2022 and 2023 only; impossible future rows change nothing
    from kfanalys.berakning.cykel import berakna_cykel
    from kfanalys.berakning.orkestrering import register_till, simulera_resultat
    from kfanalys.modell import nulage

    bas = nulage.basdatum(exempel_indata.anstallningar, 2023)
    res = berakna_cykel(register_till(exempel_indata, bas), 2023)
    sim = simulera_resultat(res, antal_korningar=200, seed=5, horisonter=(1, 2))
    assert sim.omsattningsmodell is not None and sim.omsattningsmodell["ar"] == [2022, 2023]
    gammal = simulera_resultat(res, antal_korningar=200, seed=5, horisonter=(1, 2), omsattningsmodell=False)
    assert gammal.omsattningsmodell is None
    assert not sim.rekrytering.equals(gammal.rekrytering)  # the model is used


def test_grupp_utan_data_i_opoolad_namnd_tar_namndens_takt_i_simuleringen():
    # nämnd N has one group with data (k0 not estimable: 0) and a new group "Ny" without data.
    # "Ny" must not draw its rate from the uninformative Beta(1/2, 1/2) (mean 0.5): it takes the
    # nämnd's rate 0.10 (k0 infinite for that row) -> about 10 of 100 leave in year 1.
    from kfanalys.modell.osakerhet import simulera_rekrytering

    ar = _ar([("N", "A", 2025, 1000.0, 100), ("N", T, 2025, 1000.0, 100), (H, T, 2025, 1000.0, 100)])
    m = om.skatta(ar, pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Ny"]}))
    assert m.meta["k0"] == 0.0 and np.isinf(_rad(m, "N", "Ny").k0) and _rad(m, "N", "Ny").takt == pytest.approx(0.1)
    personal = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Ny"], "alder": [40], "antal": [100]})
    behov = pd.DataFrame({"namnd": "N", "yrkeskategori": "Ny", "horisont": [1], "behov": [100.0]})
    takt = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Ny"], "takt": [0.5]})
    r = simulera_rekrytering(personal, behov, takt, {}, horisonter=(1,), antal_korningar=2000, seed=1,
                             summor=False, omsattningsmodell=m)
    # rate 0.10 with the nämnd's uncertainty (1000 person-years): SD of hires ~ 3.1 -> SE 0.07
    assert abs(float(r["medel"].iloc[0]) - 10) < 0.4
