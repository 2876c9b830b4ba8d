"""Tests of kfanalys.modell.osakerhet: intervals of the recruitment need from simulated departures.

Expected values are worked out by hand in the comments; the coverage test draws "true
futures" with an independent per-person implementation of the same model.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from kfanalys.grund.fel import Berakningsfel
from kfanalys.indata.konfig import STANDARD_PENSIONSPROFIL
from kfanalys.modell.osakerhet import intervall_framskrivning, simulera, simulera_rekrytering
from kfanalys.modell.rekrytering import takt_for_grupper


def _grupp(namnd, yrke, alder, antal, behov, takt, max_h=5):
    personal = pd.DataFrame({"namnd": namnd, "yrkeskategori": yrke, "alder": alder, "antal": antal})
    behov_df = pd.DataFrame({"namnd": namnd, "yrkeskategori": yrke, "horisont": list(range(0, max_h + 1)),
                             "behov": [float(behov)] * (max_h + 1)})
    takt_df = pd.DataFrame({"namnd": [namnd], "yrkeskategori": [yrke], "takt": [takt]})
    return personal, behov_df, takt_df


def _rad(df, namnd, yrke, horisont):
    r = df[(df.namnd == namnd) & (df.yrkeskategori == yrke) & (df.horisont == horisont)]
    assert len(r) == 1
    return SimpleNamespace(**r.iloc[0].to_dict())


def test_medel_nara_forvantat_varde_utan_pension():
    # N = 100 aged 40, no retirements within 5 years (first key 61), turnover 10 %, flat need 100.
    # Year 1: E[exits] = 100 x 0.10 = 10 -> hires 10, stock back to 100.
    # Year 2: the stock is 100 again (old + hires), E[exits] = 10 -> hires 10. Total over 2 years 20,
    # over 5 years 5 x 10 = 50. SD of the 2-year total ~ sqrt(2 x 100 x 0.1 x 0.9) = 4.2, so the
    # SE of the mean over 2000 runs is ~0.1; allow 0.6.
    personal, behov, takt = _grupp("N", "Y", [40], [100], 100, 0.10)
    r = simulera_rekrytering(personal, behov, takt, STANDARD_PENSIONSPROFIL, horisonter=(2, 5),
                             antal_korningar=2000, seed=1, summor=False)
    assert abs(_rad(r, "N", "Y", 2).medel - 20) < 0.6
    assert abs(_rad(r, "N", "Y", 5).medel - 50) < 1.2  # SD ~ sqrt(5 x 9) = 6.7 -> SE 0.15
    # the 80 % interval of a total with SD ~4.2 is roughly 20 +- 5.4
    rad = _rad(r, "N", "Y", 2)
    assert 13 <= rad.lag <= 17 and 23 <= rad.hog <= 27 and rad.lag <= rad.median <= rad.hog
    assert set(r.columns) == {"namnd", "yrkeskategori", "horisont", "median", "lag", "hog", "medel",
                              "antal_korningar", "seed"}
    assert (r.antal_korningar == 2000).all() and (r.seed == 1).all()


def test_pension_och_sista_nyckeln_ger_exakt_summa():
    # 10 persons aged 64, profile {65: 0.5, 66: 1.0}, no turnover, flat need 10.
    # Year 1 (age 65): X ~ Bin(10, 0.5) retire -> hires X. Year 2 (age 66): the other 10 - X retire
    # (probability 1) -> hires 10 - X; the hires are never retired. Total over 2 years = 10 in
    # every run, so median = lag = hog = 10. Over 1 year the median is about 5.
    personal, behov, takt = _grupp("N", "Y", [64], [10], 10, 0.0, max_h=2)
    r = simulera_rekrytering(personal, behov, takt, {65: 0.5, 66: 1.0}, horisonter=(1, 2), summor=False)
    rad = _rad(r, "N", "Y", 2)
    assert (rad.lag, rad.median, rad.hog, rad.medel) == (10, 10, 10, 10.0)
    assert abs(_rad(r, "N", "Y", 1).medel - 5) < 0.3  # SD sqrt(2.5)=1.6, SE over 1000 runs 0.05
    assert 3 <= _rad(r, "N", "Y", 1).lag < 5 < _rad(r, "N", "Y", 1).hog <= 7


def test_nyanstallda_gar_inte_i_pension_inom_horisonten():
    # 10 persons aged 68, profile {69: 1.0}: all retire in year 1 -> 10 hires. The hires are not
    # retired (and turnover is 0), so nobody is hired in years 2-5: total 10 at both horizons.
    personal, behov, takt = _grupp("N", "Y", [68], [10], 10, 0.0)
    r = simulera_rekrytering(personal, behov, takt, {69: 1.0}, horisonter=(2, 5), summor=False)
    assert _rad(r, "N", "Y", 2).hog == 10 and _rad(r, "N", "Y", 5).lag == 10


def test_minskande_behov_mots_genom_att_inte_ersatta():
    # 100 persons aged 30, turnover 10 %, need 40: remaining after 5 years ~ 100 x 0.9^5 = 59
    # (SD ~5), far above 40, so no run hires anyone.
    personal, behov, takt = _grupp("N", "Y", [30], [100], 40, 0.10)
    r = simulera_rekrytering(personal, behov, takt, {}, horisonter=(5,), summor=False)
    rad = _rad(r, "N", "Y", 5)
    assert (rad.lag, rad.median, rad.hog, rad.medel) == (0, 0, 0, 0.0)


def test_summor_for_namnd_och_hela_kommunen():
    # Two exact groups from the tests above: 10 each over 2 years -> nämnd total 20, kommun 20.
    p1, b1, t1 = _grupp("N", "A", [64], [10], 10, 0.0, max_h=2)
    p2, b2, t2 = _grupp("N", "B", [68], [10], 10, 0.0, max_h=2)
    r = simulera_rekrytering(pd.concat([p1, p2]), pd.concat([b1, b2]), pd.concat([t1, t2]),
                             {65: 0.5, 66: 1.0}, horisonter=(2,))
    assert _rad(r, "N", "Totalt", 2).median == 20
    assert _rad(r, "Hela kommunen", "Totalt", 2).lag == 20
    assert _rad(r, "Hela kommunen", "A", 2).hog == 10


def test_medel_som_deterministiska_modellen():
    # When hires are positive every year in (almost) every run, max(0, .) never binds and the
    # simulated mean equals the expected value of kfanalys.modell.rekrytering (same model, expected
    # draws). Two groups: a growing need with many near retirement, and a flat need with high
    # turnover. The SD of a 5-year total is below ~10 persons, so over 2000 runs the SE of the
    # mean is ~0.2; allow 1.0.
    from kfanalys.modell.rekrytering import rekryteringsbehov

    p1, b1, t1 = _grupp("N", "A", [45, 62, 64], [60, 25, 15], 0, 0.08)
    b1["behov"] = 100.0 + 4 * b1["horisont"]  # 104, 108, ... whole persons (no rounding)
    p2, b2, t2 = _grupp("M", "B", [30, 50], [40, 40], 80, 0.25)
    personal, behov, takt = pd.concat([p1, p2]), pd.concat([b1, b2]), pd.concat([t1, t2])
    sim = simulera_rekrytering(personal, behov, takt, STANDARD_PENSIONSPROFIL, antal_korningar=2000,
                               seed=3, summor=False)
    det, _ = rekryteringsbehov(personal, behov, takt, STANDARD_PENSIONSPROFIL)
    jfr = det.merge(sim, on=["namnd", "yrkeskategori", "horisont"])
    assert len(jfr) == 4
    assert (abs(jfr["medel"] - jfr["totalt"]) < 1.0).all(), jfr[["totalt", "medel"]]
    assert ((jfr["lag"] <= jfr["totalt"]) & (jfr["totalt"] <= jfr["hog"])).all()


def test_samma_seed_ger_identiskt_resultat_och_annat_seed_inte():
    personal, behov, takt = _grupp("N", "Y", [40, 63], [80, 20], 100, 0.15)
    kw = dict(horisonter=(2, 5), antal_korningar=300)
    a = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, seed=7, **kw)
    b = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, seed=7, **kw)
    c = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, seed=8, **kw)
    pd.testing.assert_frame_equal(a.rekrytering, b.rekrytering)
    pd.testing.assert_frame_equal(a.per_ar, b.per_ar)
    assert not a.rekrytering["medel"].equals(c.rekrytering["medel"])


def test_indata_andras_inte():
    personal, behov, takt = _grupp("N", "Y", [40], [100], 100, 0.10)
    kopior = [personal.copy(), behov.copy(), takt.copy()]
    simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, antal_korningar=50)
    for fore, efter in zip(kopior, [personal, behov, takt]):
        pd.testing.assert_frame_equal(fore, efter)


def test_en_rad_per_person_utan_antal():
    # personal with one row per person (no antal column) equals the aggregated form
    personal, behov, takt = _grupp("N", "Y", [40, 62], [3, 2], 5, 0.2)
    per_person = pd.DataFrame({"namnd": "N", "yrkeskategori": "Y", "alder": [40, 40, 40, 62, 62]})
    a = simulera_rekrytering(personal, behov, takt, STANDARD_PENSIONSPROFIL, antal_korningar=200)
    b = simulera_rekrytering(per_person, behov, takt, STANDARD_PENSIONSPROFIL, antal_korningar=200)
    pd.testing.assert_frame_equal(a, b)


def test_per_ar_band_for_kvarvarande_personal():
    # 100 aged 40, turnover 10 %, no retirement: today's staff left after t years ~ Bin(100, 0.9^t);
    # t = 1: mean 90, SD 3 -> 80 % interval about 86-94; t = 5: mean 59.0, SD 4.9.
    personal, behov, takt = _grupp("N", "Y", [40], [100], 100, 0.10)
    behov["ar"] = 2025 + behov["horisont"]
    df = intervall_framskrivning(personal, behov, takt, STANDARD_PENSIONSPROFIL, antal_korningar=2000,
                                 summor=False)
    assert df["ar"].tolist() == [2026, 2027, 2028, 2029, 2030]
    t1, t5 = df.iloc[0], df.iloc[4]
    assert 85 <= t1.lag <= 88 and 92 <= t1.hog <= 95 and abs(t1.dagens_kvar_medel - 90) < 0.3
    assert abs(t5.dagens_kvar_medel - 100 * 0.9 ** 5) < 0.5 and t5.lag < 59 < t5.hog
    # recruitments in year 1 = exits in year 1 = 100 - kvar(1)
    assert t1.rekryteringar_median == 100 - t1.dagens_kvar_median


def test_saknat_behovsar_ger_svenskt_fel_med_grupp():
    personal, behov, takt = _grupp("Förskolenämnden", "Förskollärare", [40], [10], 10, 0.1)
    behov = behov[behov.horisont != 3]
    fel = r"yrkeskategori Förskollärare \(Förskolenämnden\): behovet saknas eller är negativt för år 3"
    with pytest.raises(Berakningsfel, match=fel):
        simulera_rekrytering(personal, behov, takt, STANDARD_PENSIONSPROFIL, horisonter=(5,))


def test_saknad_takt_ger_svenskt_fel_med_grupp():
    personal, behov, takt = _grupp("N", "Barnskötare", [40], [10], 10, 0.1)
    with pytest.raises(Berakningsfel, match=r"yrkeskategori Barnskötare \(N\): personalomsättningen saknas"):
        simulera_rekrytering(personal, behov, takt.iloc[0:0], STANDARD_PENSIONSPROFIL)


# ---------------------------------------------------------------------------------------------
# Coverage: the 80 % interval should contain the outcome of a true future about 80 % of the time.

def _sann_framtid(rng, alder, takt, profil, behov, max_h):
    """One future drawn person by person (independent of the library's vectorised code)."""
    sista = max(profil)

    def p(a):
        return 1.0 if a > sista else profil.get(a, 0.0)

    kvar = np.ones(len(alder), dtype=bool)
    nya = 0
    summa, ut = 0, []
    for t in range(1, max_h + 1):
        pension = np.array([p(a + t) for a in alder])
        kvar &= ~(rng.random(len(alder)) < pension)
        kvar &= ~(rng.random(len(alder)) < takt)
        nya -= int((rng.random(nya) < takt).sum())
        anst = max(0, behov - int(kvar.sum()) - nya)
        nya += anst
        summa += anst
        ut.append(summa)
    return ut


def test_intervallets_tackning_med_kanda_avgangstakter():
    # True model: 300 persons aged 30-66 (about 8 per age), turnover 12 %, standard profile,
    # flat need 300. Draw 500 true futures; count how often the 80 % interval from the simulation
    # (2000 runs) contains the true 2- and 5-year totals.
    # Tolerance: the coverage estimate from 500 futures has SE sqrt(0.8 x 0.2 / 500) = 1.8 pp;
    # allow -6 pp (3.3 SE) below 80 %. Outcomes are whole persons and the interval [lag, hog] is
    # closed, so the true coverage is P(lag <= X <= hog) >= 80 %, here a few pp above (the 2-year
    # total has SD ~8 persons, so each end point carries ~2 % probability mass: ~84 %);
    # allow +6 pp around that: the range is 74-90 %.
    alder = np.array([30 + (i * 37) // 300 for i in range(300)])
    takt = 0.12
    profil = STANDARD_PENSIONSPROFIL
    personal = pd.DataFrame({"namnd": "N", "yrkeskategori": "Y", "alder": alder})
    behov = pd.DataFrame({"namnd": "N", "yrkeskategori": "Y", "horisont": range(1, 6), "behov": 300.0})
    takt_df = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Y"], "takt": [takt]})
    r = simulera_rekrytering(personal, behov, takt_df, profil, horisonter=(2, 5), antal_korningar=2000,
                             seed=11, summor=False)
    rng = np.random.default_rng(12345)
    utfall = np.array([_sann_framtid(rng, alder, takt, profil, 300, 5) for _ in range(500)])
    for h in (2, 5):
        rad = _rad(r, "N", "Y", h)
        x = utfall[:, h - 1]
        tackning = np.mean((x >= rad.lag) & (x <= rad.hog))
        assert 0.74 <= tackning <= 0.90, (h, tackning, rad.lag, rad.hog)
        # and the simulated mean agrees with the independent futures (SE of their mean ~0.4-0.6)
        assert abs(rad.medel - x.mean()) < 2.5


# ---------------------------------------------------------------------------------------------
# Parameter uncertainty: the turnover rate drawn per run from Beta(d + 1/2, E - d + 1/2).

def _med_underlag(takt_df, avgangar, medelantal):
    return takt_df.assign(underlag_avgangar=float(avgangar), underlag_medelantal=float(medelantal))


def test_stor_exponering_ger_samma_intervall_som_utan_parameterosakerhet():
    # E = 10 000 000 person-years, d = 1 000 000: the posterior SD of the rate is
    # sqrt(0.1 x 0.9 / 1e7) = 0.0001, so 200 persons x 0.0001 = 0.02 extra persons of SD over two
    # years -- invisible next to the binomial SD ~4.2. The rates are drawn from their own stream,
    # so the departure draws are (nearly) the same: the interval may move by at most one person.
    personal, behov, takt = _grupp("N", "Y", [40], [100], 100, 0.10)
    utan = simulera_rekrytering(personal, behov, takt, {}, horisonter=(2, 5), antal_korningar=2000, seed=5,
                                summor=False, parameterosakerhet=False)
    stor = simulera_rekrytering(personal, behov, _med_underlag(takt, 1_000_000, 10_000_000), {},
                                horisonter=(2, 5), antal_korningar=2000, seed=5, summor=False)
    for h in (2, 5):
        a, b = _rad(utan, "N", "Y", h), _rad(stor, "N", "Y", h)
        assert abs(a.lag - b.lag) <= 1 and abs(a.hog - b.hog) <= 1 and abs(a.median - b.median) <= 1
        assert abs(a.medel - b.medel) < 0.3  # the binomial SE of each mean is ~0.1-0.15
    # without the underlag_* columns the default changes nothing: identical to parameterosakerhet=False
    pd.testing.assert_frame_equal(utan, simulera_rekrytering(personal, behov, takt, {}, horisonter=(2, 5),
                                                             antal_korningar=2000, seed=5, summor=False))


def test_liten_exponering_ger_bredare_intervall():
    # 100 aged 40, no retirement, flat need 100, takt 0.10 estimated from d = 2 departures in
    # E = 20 person-years. Posterior Beta(2.5, 18.5): mean 2.5/21 = 0.119, variance
    # 2.5 x 18.5 / (21^2 x 22) = 0.00477 (SD 0.069). The stock is back at 100 every year, so the
    # 2-year total T given the rate p is ~Bin(200, p):
    #   E[T] = 200 x 0.119 = 23.8;
    #   Var[T] = E[200 p (1 - p)] + Var[200 p] = 200 (0.119 - 0.119^2 - 0.00477) + 200^2 x 0.00477
    #          = 20.0 + 190.7 = 210.7  (SD 14.5; without the posterior: 200 x 0.1 x 0.9 = 18, SD 4.2).
    # The 80 % width without is about 2 x 1.28 x 4.2 = 11; with it about 30-37 (skewed): assert
    # at least twice as wide and the mean within 3 SE (SE 14.5 / sqrt(4000) = 0.23) -> +-0.7.
    personal, behov, takt = _grupp("N", "Y", [40], [100], 100, 0.10)
    kw = dict(horisonter=(2,), antal_korningar=4000, seed=9, summor=False)
    utan = _rad(simulera_rekrytering(personal, behov, takt, {}, parameterosakerhet=False, **kw), "N", "Y", 2)
    med = _rad(simulera_rekrytering(personal, behov, _med_underlag(takt, 2, 20), {}, **kw), "N", "Y", 2)
    assert (med.hog - med.lag) >= 2 * (utan.hog - utan.lag), (utan, med)
    assert med.lag < utan.lag and med.hog > utan.hog
    assert abs(med.medel - 23.8) < 0.7
    assert abs(utan.medel - 20.0) < 0.3  # SE 4.2 / sqrt(4000) = 0.07
    # switched off, the same table gives the fixed-rate interval again
    av = _rad(simulera_rekrytering(personal, behov, _med_underlag(takt, 2, 20), {}, parameterosakerhet=False,
                                   **kw), "N", "Y", 2)
    assert (av.lag, av.hog, av.medel) == (utan.lag, utan.hog, utan.medel)


def test_parameterosakerhet_ar_deterministisk():
    personal, behov, takt = _grupp("N", "Y", [40, 63], [80, 20], 100, 0.15)
    takt = _med_underlag(takt, 6, 40)
    a = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, antal_korningar=300, seed=7)
    b = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, antal_korningar=300, seed=7)
    pd.testing.assert_frame_equal(a.rekrytering, b.rekrytering)
    pd.testing.assert_frame_equal(a.per_ar, b.per_ar)


def test_grupper_som_lanar_samma_takt_delar_dragning():
    # Two identical groups A, B (50 aged 40, need 50, no retirement) both borrow the rate of
    # (Hela kommunen, Totalt) with d = 3, E = 30 (Beta(3.5, 27.5): mean 0.113, SD 0.056).
    # With one shared draw per run, the yearly hires of A and B are positively correlated
    # through p: Cov = 50^2 Var(p) = 2500 x 0.0031 = 7.8 against Var(A) = 50 x 0.113 x 0.887
    # + 7.8 = 12.8, correlation ~0.6. So the 80 % interval of the nämnd total is wider than with
    # separate sources (correlation 0): Var(sum) 2 x 12.8 + 2 x 7.8 = 41 vs 25.6, width ratio
    # sqrt(41 / 25.6) = 1.27. Assert the shared width exceeds the separate by at least 10 %.
    p1, b1, t1 = _grupp("N", "A", [40], [50], 50, 0.1, max_h=1)
    p2, b2, t2 = _grupp("N", "B", [40], [50], 50, 0.1, max_h=1)
    personal, behov = pd.concat([p1, p2]), pd.concat([b1, b2])
    takt = _med_underlag(pd.concat([t1, t2]), 3, 30).assign(takt=0.1)
    gemensam = takt.assign(underlag_namnd="Hela kommunen", underlag_yrkeskategori="Totalt")
    kw = dict(horisonter=(1,), antal_korningar=4000, seed=4)
    r_gem = _rad(simulera_rekrytering(personal, behov, gemensam, {}, **kw), "N", "Totalt", 1)
    r_sep = _rad(simulera_rekrytering(personal, behov, takt, {}, **kw), "N", "Totalt", 1)
    assert (r_gem.hog - r_gem.lag) >= 1.1 * (r_sep.hog - r_sep.lag), (r_gem, r_sep)
    # the two groups' own intervals are the same in both set-ups (same marginal model)
    a_gem = _rad(simulera_rekrytering(personal, behov, gemensam, {}, **kw), "N", "A", 1)
    a_sep = _rad(simulera_rekrytering(personal, behov, takt, {}, **kw), "N", "A", 1)
    assert abs(a_gem.lag - a_sep.lag) <= 1 and abs(a_gem.hog - a_sep.hog) <= 1


def test_takt_for_grupper_foljer_reservordningen():
    # omsattning.csv by hand (one period; minsta_antal 5 -> a rate needs medelantal >= 20):
    #   N/A: 30 persons, 3 departures, 0 pension -> own rate 3/30 = 0.10 (egen)
    #   N/B: 8 persons (too few) -> Hela kommunen/B: (12 - 2)/100 = 0.10 (kommunen_yrkeskategori)
    #   N/C: 4 persons (too few), C has no kommun row with enough -> N/Totalt: (20 - 4)/160 = 0.10
    #   M/D: 5 persons, M/Totalt 5 persons too few -> Hela kommunen/Totalt: (50 - 10)/400 = 0.10
    #   N/E: no row at all in omsattning.csv -> the fallback for groups without a row: N/Totalt (as for C)
    H, T = "Hela kommunen", "Totalt"
    rader = [("N", "A", 30, 3, 0), ("N", "B", 8, 1, 0), ("N", "C", 4, 0, 0), ("N", T, 160, 20, 4),
             ("M", "D", 5, 1, 1), ("M", T, 5, 1, 1), (H, "A", 300, 40, 10), (H, "B", 100, 12, 2),
             (H, "C", 4, 0, 0), (H, "D", 5, 1, 1), (H, T, 400, 50, 10)]
    o = pd.DataFrame(rader, columns=["namnd", "yrkeskategori", "medelantal", "avgangar", "avgangar_pension"])
    o = o.assign(period="senaste_12")
    grupper = pd.DataFrame({"namnd": ["N", "N", "N", "M", "N"], "yrkeskategori": ["A", "B", "C", "D", "E"]})
    t, noter = takt_for_grupper(grupper, o, minsta_antal=5)
    assert noter == []
    t = t.set_index(["namnd", "yrkeskategori"])
    forvantat = {("N", "A"): ("egen", "N", "A", 3, 30), ("N", "B"): ("kommunen_yrkeskategori", H, "B", 10, 100),
                 ("N", "C"): ("namnd_totalt", "N", T, 16, 160), ("M", "D"): ("kommunen_totalt", H, T, 40, 400),
                 ("N", "E"): ("namnd_totalt", "N", T, 16, 160)}  # via the fallback for groups without a row
    for nyckel, (kalla, un, uy, d, e) in forvantat.items():
        r = t.loc[nyckel]
        assert (r.kalla, r.underlag_namnd, r.underlag_yrkeskategori) == (kalla, un, uy), nyckel
        assert (r.underlag_avgangar, r.underlag_medelantal) == (d, e), nyckel
        assert r.takt == pytest.approx(0.10)


def test_ingen_takt_alls_ger_noll_med_anmarkning():
    o = pd.DataFrame(columns=["namnd", "yrkeskategori", "period", "medelantal", "avgangar", "avgangar_pension"])
    t, noter = takt_for_grupper(pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["A"]}), o)
    assert t["takt"].tolist() == [0.0] and t["kalla"].tolist() == [""] and t["underlag_medelantal"].isna().all()
    assert len(noter) == 1 and "utan personalomsättning för 1 yrkeskategorier" in noter[0]


def test_cykeln_och_simuleringen_anvander_samma_takt(exempel_indata):
    # one turnover lookup: the rate each group's stock-flow used (year 1: avgångar / (N - pension))
    # is the rate the simulation draws around, and every rate with a source has its figures (else
    # the simulation would silently fall back to a fixed rate for that group)
    from kfanalys.berakning.cykel import berakna_cykel
    from kfanalys.berakning.orkestrering import simulera_resultat

    res = berakna_cykel(exempel_indata, 2025)
    takt = res.stockflode.takt.set_index(["namnd", "yrkeskategori"])
    per_ar = res.tabeller["rekrytering_per_ar"]
    ar1 = per_ar[(per_ar["horisont"] == 1) & (per_ar["namnd"] != "Hela kommunen")
                 & (per_ar["yrkeskategori"] != "Totalt")].set_index(["namnd", "yrkeskategori"])
    n = res.tabeller["rekrytering"].query("horisont == 2").set_index(["namnd", "yrkeskategori"])["antal"]
    anvand = ar1["avgangar"] / (n.reindex(ar1.index) - ar1["pension"])
    assert np.allclose(anvand.to_numpy(), takt.loc[ar1.index, "takt"].to_numpy())
    med_kalla = takt[takt["kalla"] != ""]
    assert len(med_kalla) == len(takt) and med_kalla["underlag_medelantal"].notna().all()
    assert np.allclose(med_kalla["underlag_avgangar"] / med_kalla["underlag_medelantal"], med_kalla["takt"])
    # the simulation with fixed rates: today's staff left after year 1 has the deterministic mean
    # (the rates of the stock-flow, without the turnover model: omsattningsmodell=False)
    sim = simulera_resultat(res, antal_korningar=2000, seed=7, parameterosakerhet=False,
                            omsattningsmodell=False).per_ar
    sim = sim[sim["horisont"] == 1].set_index(["namnd", "yrkeskategori"])
    kvar = ar1["kvar"]
    se = np.sqrt(np.maximum(n.reindex(ar1.index), 1) * 0.25 / 2000)
    assert (np.abs(sim.loc[ar1.index, "dagens_kvar_medel"] - kvar) <= 5 * se + 1e-9).all()
    # with the turnover model (the default: the one the cycle kept, estimated from every 12-month period up to
    # the base date) the runs are centred on the model's pooled rate: after year 1, (N - pension) x
    # (1 - takt_modell) remain (between-year variation does not change the mean: E[p_t] = mu)
    modell = res.stockflode.omsattningsmodell
    assert modell.meta["antal_ar"] == 4  # snapshots 2021-2025: four 12-month periods
    tm = modell.tabell.set_index(["namnd", "yrkeskategori"]).loc[ar1.index, "takt"]
    sim_m = simulera_resultat(res, antal_korningar=2000, seed=7, parameterosakerhet=False).per_ar
    sim_m = sim_m[sim_m["horisont"] == 1].set_index(["namnd", "yrkeskategori"])
    forvantat = (n.reindex(ar1.index) - ar1["pension"]) * (1 - tm)
    assert (np.abs(sim_m.loc[ar1.index, "dagens_kvar_medel"] - forvantat) <= 5 * se + 1e-9).all()


# ---------------------------------------------------------------------------- the turnover model (issue 14)

def _modellrad(namnd, yrke, takt, kappa=np.inf, k0=0.0, medelantal=100.0):
    """One row of an omsattningsmodell table: own data medelantal person-years at rate ``takt``."""
    return {"namnd": namnd, "yrkeskategori": yrke, "takt": takt, "alfa": takt * kappa, "beta": (1 - takt) * kappa,
            "k0": k0, "a_egen": medelantal * takt + 0.5, "b_egen": medelantal * (1 - takt) + 0.5}


def test_utan_arsvariation_och_poolning_som_forut():
    # one period (no between-year variation) and no pooling (k0 = 0): the model's own-data Beta is
    # Beta(d + 1/2, E - d + 1/2), the posterior the simulation drew from before, from the same
    # random stream, so every run is the same as without the model
    from kfanalys.modell import omsattningsmodell as om

    o = pd.DataFrame({"namnd": ["N", "N", "N", "Hela kommunen"], "yrkeskategori": ["A", "B", "Totalt", "Totalt"],
                      "period": "senaste_12", "medelantal": [40.0, 60.0, 100.0, 100.0], "avgangar": [4, 9, 13, 13],
                      "avgangar_pension": 0})
    g = pd.DataFrame({"namnd": ["N", "N"], "yrkeskategori": ["A", "B"]})
    takt, _ = takt_for_grupper(g, o, 5)
    modell = om.skatta(om.fran_omsattning(o, 2025), g, k0=0.0, k0_namnd=0.0)
    assert modell.meta["arsvariation"] is False and modell.meta["anmarkning"] == om.ANM_ETT_AR
    personal = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "alder": [40, 62], "antal": [40, 60]})
    behov = pd.DataFrame({"namnd": "N", "yrkeskategori": np.repeat(["A", "B"], 5),
                          "horisont": np.tile(range(1, 6), 2), "behov": np.repeat([40.0, 60.0], 5)})
    forut = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, seed=11)
    nu = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, seed=11, omsattningsmodell=modell)
    pd.testing.assert_frame_equal(forut.rekrytering, nu.rekrytering)
    pd.testing.assert_frame_equal(forut.per_ar, nu.per_ar)
    assert nu.omsattningsmodell["antal_ar"] == 1 and forut.omsattningsmodell is None


def test_arsvariation_vidgar_intervallet_som_beta_binomial():
    # 100 persons aged 40 (no retirement), flat need 100, mean rate 0.10 known exactly
    # (parameterosakerhet=False). The stock is back at 100 each year, so each year's hires are
    # the year's departures:
    #   no variation:  Bin(100, 0.1), SD = sqrt(9) = 3.0
    #   kappa = 20:    beta-binomial, Var = 9 (1 + 99/21) = 51.43, SD = 7.17
    # Over 5 years with a NEW rate each year the total has Var = 5 x 51.43 = 257, SD = 16.0;
    # with one rate kept for all 5 years it would be 5 x 9 + 25 x 100^2 x 0.09/21 = 1116, SD = 33.4.
    # 80 % interval width ~ 2 x 1.2816 x SD (normal approximation): 7.7, 18.4 and 41 (not 86).
    personal, behov, takt = _grupp("N", "Y", [40], [100], 100, 0.10)
    fast = pd.DataFrame([_modellrad("N", "Y", 0.10)])
    varierar = pd.DataFrame([_modellrad("N", "Y", 0.10, kappa=20.0)])
    kw = dict(horisonter=(1, 5), antal_korningar=4000, seed=3, summor=False, parameterosakerhet=False)
    r0 = simulera_rekrytering(personal, behov, takt, {}, omsattningsmodell=fast, **kw)
    r1 = simulera_rekrytering(personal, behov, takt, {}, omsattningsmodell=varierar, **kw)
    b0 = _rad(r0, "N", "Y", 1).hog - _rad(r0, "N", "Y", 1).lag
    b1 = _rad(r1, "N", "Y", 1).hog - _rad(r1, "N", "Y", 1).lag
    assert 6 <= b0 <= 9 and 16 <= b1 <= 21
    b5 = _rad(r1, "N", "Y", 5).hog - _rad(r1, "N", "Y", 5).lag
    assert 36 <= b5 <= 47
    # the mean is unchanged: E[p_t] = 0.10 -> 10 per year
    assert abs(_rad(r1, "N", "Y", 1).medel - 10) < 0.4 and abs(_rad(r1, "N", "Y", 5).medel - 50) < 1.0


def test_omsattningsfaktor_skalar_arets_takt():
    # factor 0.5 on a rate 0.20 with kappa = 50: E[hires in year 1] = 100 x 0.10 = 10
    personal, behov, takt = _grupp("N", "Y", [40], [100], 100, 0.20)
    m = pd.DataFrame([_modellrad("N", "Y", 0.20, kappa=50.0)])
    r = simulera_rekrytering(personal, behov, takt, {}, horisonter=(1,), antal_korningar=3000, seed=2,
                             omsattningsfaktor=0.5, summor=False, omsattningsmodell=m)
    assert abs(_rad(r, "N", "Y", 1).medel - 10) < 0.4  # SD ~ sqrt(9 x (1 + 99 x 0.1^2...)) < 5 -> SE < 0.1


def test_liten_grupp_lanar_namndens_dragning():
    # group S has no own data (a = b = 1/2, E = 0) and k0 = 50 toward its nämnd (rate 0.30 from 10 000
    # person-years, practically known). Its mean rate is then drawn from Beta(50 x 0.3 + 1/2, 50 x 0.7 + 1/2):
    # mean 15.5/51 = 0.304 -> about 30.4 of 100 leave in year 1; the fixed takt 0.05 of the takt
    # table is NOT used.
    personal, behov, takt = _grupp("N", "S", [40], [100], 100, 0.05)
    m = pd.DataFrame([_modellrad("N", "S", 0.30, k0=50.0, medelantal=0.0),
                      _modellrad("N", "Totalt", 0.30, medelantal=10_000.0),
                      _modellrad("Hela kommunen", "Totalt", 0.30, medelantal=10_000.0)])
    r = simulera_rekrytering(personal, behov, takt, {}, horisonter=(1,), antal_korningar=3000, seed=4,
                             summor=False, omsattningsmodell=m)
    rad = _rad(r, "N", "S", 1)
    # SD of the hires: rate SD sqrt(0.304 x 0.696 / 52) = 0.064 -> 6.4 persons, plus binomial 4.6:
    # SD ~ 7.9, SE of the mean over 3000 runs 0.14
    assert abs(rad.medel - 100 * 15.5 / 51) < 0.7
    assert 2 * 1.2816 * 6.5 <= rad.hog - rad.lag <= 2 * 1.2816 * 9.5


def test_samma_seed_samma_resultat_med_modellen():
    personal, behov, takt = _grupp("N", "Y", [40, 63], [60, 20], 80, 0.12)
    m = pd.DataFrame([_modellrad("N", "Y", 0.12, kappa=15.0, k0=30.0, medelantal=50.0),
                      _modellrad("N", "Totalt", 0.15, medelantal=500.0),
                      _modellrad("Hela kommunen", "Totalt", 0.14, medelantal=5000.0)])
    kw = dict(horisonter=(2, 5), antal_korningar=500, omsattningsmodell=m)
    a = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, seed=9, **kw)
    b = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, seed=9, **kw)
    c = simulera(personal, behov, takt, STANDARD_PENSIONSPROFIL, seed=10, **kw)
    pd.testing.assert_frame_equal(a.rekrytering, b.rekrytering)
    pd.testing.assert_frame_equal(a.per_ar, b.per_ar)
    assert not a.rekrytering["medel"].equals(c.rekrytering["medel"])


def test_modell_utan_kolumner_ger_svenskt_fel():
    personal, behov, takt = _grupp("N", "Y", [40], [10], 10, 0.1)
    with pytest.raises(Berakningsfel, match="omsattningsmodell saknar kolumnerna"):
        simulera(personal, behov, takt, {}, omsattningsmodell=pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Y"]}))
