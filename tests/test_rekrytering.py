"""Rekryteringsbehov by stock-flow (ARKITEKTUR.md "Stock-flow"); expectations by hand or from seed 003."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from kfanalys.grund.fel import Berakningsfel
from kfanalys.indata.konfig import STANDARD_PENSIONSPROFIL
from kfanalys.modell.pension import hasard
from kfanalys.modell.rekrytering import Bestand, arssteg, rekryteringsbehov

N_ = "Arbetsmarknads- och socialnämnden"

# Seed 003, table "Rekryteringsbehov" (2 years): yrkeskategori, N (from the gap table), gap 2 år,
# turnover replacement, pension replacement, total; every row: total = |gap| + turnover + pension.
SEED003 = [
    ("Sektionschef", 168, -3, 11, 1, 15),
    ("Socialsekreterare förste", 82, -2, 5, 0, 7),
    ("Socialsekreterare myndighet ekonomiskt bistånd", 271, -5, 46, 1, 52),
    ("Socialsekreterare myndighet familjehem", 64, -1, 10, 1, 12),
    ("Socialsekreterare myndighet vuxna", 170, -3, 24, 2, 29),
    ("Socialsekreterare myndighet barn och unga", 416, -8, 63, 2, 73),
    ("Socialsekreterare samtal/behandling", 200, -4, 11, 4, 19),
    ("Socialsekreterare stöd och rådgivning", 239, -4, 21, 1, 26),
]


@functools.cache
def _seed003_resultat():
    """All eight rows in ONE call (groups computed together).

    Inputs per row: P persons aged 69 at base (in year 1 they reach 70, above the profile's last key
    69 -> retire with probability 1), N - P persons aged 30 (p = 0 within two years); need grows
    linearly: behov(1) = N + |gap|/2, behov(2) = N + |gap|. Hires are positive each year, so the
    stock equals the need after hiring, and turnover exits are
      year 1: r x (N - P), year 2: r x behov(1)  ->  r = T / (N - P + behov(1)) gives exactly T exits.
    """
    personal, behov, takt = [], [], []
    for kat, n, gap, t, p, _ in SEED003:
        personal += [(N_, kat, 69, p), (N_, kat, 30, n - p)]
        b1, b2 = n - gap / 2, n - gap
        behov += [(N_, kat, 1, b1), (N_, kat, 2, b2)]
        takt.append((N_, kat, t / (n - p + b1)))
    personal = pd.DataFrame(personal, columns=["namnd", "yrkeskategori", "alder", "antal"])
    behov = pd.DataFrame(behov, columns=["namnd", "yrkeskategori", "horisont", "behov"])
    takt = pd.DataFrame(takt, columns=["namnd", "yrkeskategori", "takt"])
    return rekryteringsbehov(personal, behov, takt, STANDARD_PENSIONSPROFIL, horisonter=(2,), basar=2025)


@pytest.mark.parametrize("kat,n,gap,oms,pension,totalt", SEED003, ids=[r[0] for r in SEED003])
def test_seed003_rekryteringsbehov_tabell(kat, n, gap, oms, pension, totalt):
    rek, _ = _seed003_resultat()
    r = rek.set_index("yrkeskategori").loc[kat]
    assert r["antal"] == n
    assert r["gap"] == pytest.approx(gap)
    assert r["expansion"] == pytest.approx(-gap)
    assert r["ersattning_omsattning"] == pytest.approx(oms)
    assert r["ersattning_pension"] == pytest.approx(pension)
    assert r["totalt"] == pytest.approx(totalt)


def test_kolumner():
    rek, per_ar = _seed003_resultat()
    assert list(rek.columns) == ["namnd", "yrkeskategori", "horisont", "antal", "behov", "gap", "expansion",
                                 "ersattning_omsattning", "ersattning_pension", "totalt"]
    assert list(per_ar.columns) == ["namnd", "yrkeskategori", "ar", "horisont", "behov", "kvar", "pension",
                                    "avgangar", "rekryteringar"]
    assert sorted(per_ar["ar"].unique()) == [2026, 2027]


def _en_grupp(antal_alder, behov, takt, profil=None, horisonter=(2,), faktor=1.0):
    personal = pd.DataFrame([("N", "S", a, n) for a, n in antal_alder], columns=["namnd", "yrkeskategori", "alder", "antal"])
    b = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "horisont": range(1, len(behov) + 1), "behov": behov})
    t = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["S"], "takt": [takt]})
    return rekryteringsbehov(personal, b, t, profil if profil is not None else {65: 1.0}, horisonter, faktor)


def test_fallande_behov_inga_rekryteringar_tills_overskottet_ar_slut():
    # N = 100 (aged 30), need 80 flat, 10 %/year: remaining 90, 81, 72.9 -> hires 0, 0, 80 - 72.9 = 7.1
    rek, per_ar = _en_grupp([(30, 100)], [80.0, 80.0, 80.0], 0.10, horisonter=(2, 3))
    assert per_ar["kvar"].tolist() == pytest.approx([90, 81, 72.9])
    assert per_ar["rekryteringar"].tolist() == pytest.approx([0, 0, 7.1])
    r = rek.set_index("horisont")
    assert r.loc[2, "totalt"] == pytest.approx(0)
    # h = 3: stock 80 < N -> expansion 0, all 7.1 is turnover replacement
    assert r.loc[3, ["expansion", "ersattning_omsattning", "ersattning_pension", "totalt"]].tolist() == \
        pytest.approx([0, 7.1, 0, 7.1])
    assert r.loc[3, "gap"] == pytest.approx(20)


def test_ingen_omsattning_ingen_pension_vaxande_behov_ar_bara_expansion():
    # N = 50 aged 40, need 55, 60, no exits -> hires 5, 5; total 10 = expansion
    rek, _ = _en_grupp([(40, 50)], [55.0, 60.0], 0.0)
    r = rek.iloc[0]
    assert r[["expansion", "ersattning_omsattning", "ersattning_pension", "totalt"]].tolist() == \
        pytest.approx([10, 0, 0, 10])


def test_pension_per_ar_och_nyanstallda_gar_inte_i_pension():
    # 10 persons aged 64; p(65) = 0.5, p(66) = 1.0: year 1 retire 5, year 2 the other 5.
    # Flat need 10: hires 5 (not retired in year 2), then 5. Total 10, all pension replacement.
    rek, per_ar = _en_grupp([(64, 10)], [10.0, 10.0], 0.0, profil={65: 0.5, 66: 1.0})
    assert per_ar["pension"].tolist() == pytest.approx([5, 5])
    assert per_ar["kvar"].tolist() == pytest.approx([5, 5])
    assert rek.iloc[0][["expansion", "ersattning_pension", "totalt"]].tolist() == pytest.approx([0, 10, 10])


def test_omsattningsfaktor_skalar_takten():
    # N = 100, flat need 100, takt 0.10 x faktor 0.5 = 0.05: exits 5 + 5 -> total 10 (faktor 1: 10 + 10 = 20)
    halv, _ = _en_grupp([(30, 100)], [100.0, 100.0], 0.10, faktor=0.5)
    hel, _ = _en_grupp([(30, 100)], [100.0, 100.0], 0.10)
    assert halv.iloc[0]["totalt"] == pytest.approx(10)
    assert hel.iloc[0]["totalt"] == pytest.approx(20)


def test_en_rad_per_person_utan_antal_kolumn():
    personal = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "alder": [30, 30, 69]})
    b = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "horisont": [1, 2], "behov": [3.0, 3.0]})
    t = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["S"], "takt": [0.0]})
    rek, _ = rekryteringsbehov(personal, b, t, {65: 0.5}, horisonter=(2,))
    # the 69-year-old is above the last key (65) -> retires in year 1; one hire
    assert rek.iloc[0][["antal", "ersattning_pension", "totalt"]].tolist() == pytest.approx([3, 1, 1])


def test_fel_omsattning_saknas_namnger_kategori():
    personal = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "alder": [30]})
    b = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "horisont": [1, 2], "behov": [1.0, 1.0]})
    t = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Annan"], "takt": [0.1]})
    with pytest.raises(Berakningsfel, match="S .N.: personalomsättningen saknas"):
        rekryteringsbehov(personal, b, t, {65: 1.0}, horisonter=(2,))


def test_pensionshasard_enligt_profilen():
    # below the first key 0, between keys as given (missing key 0), above the last key 1
    assert hasard(np.array([60, 61, 63, 65, 66]), {61: 0.03, 62: 0.04, 65: 1.0}).tolist() == \
        [0.0, 0.03, 0.0, 1.0, 1.0]
    assert hasard(np.array([[70, 20]]), {}).tolist() == [[0.0, 0.0]]  # empty profile: nobody retires
    with pytest.raises(Berakningsfel, match="65: 1.5"):
        hasard(np.array([65]), {65: 1.5})


def test_stockflodet_gar_i_pension_som_pensionsprognosen():
    # one hazard: with no turnover the stock-flow's retirements per year are pension.forvantat_per_ar's
    from kfanalys.modell.pension import forvantat_per_ar

    profil = {61: 0.03, 62: 0.04, 65: 0.5, 67: 1.0}
    aldrar = np.arange(58, 68)
    personal = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "alder": aldrar})
    b = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "horisont": [1, 2, 3, 4], "behov": 0.0})
    t = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["S"], "takt": [0.0]})
    _, per_ar = rekryteringsbehov(personal, b, t, profil, horisonter=(4,))
    assert per_ar["pension"].to_numpy() == pytest.approx(forvantat_per_ar(aldrar, profil, 4).sum(axis=0))


def test_arssteg_kan_ta_slumpdragning():
    # a "draw" that lets nobody leave: remaining = stock, hires = need - stock
    b = Bestand(np.array([[4.0, 6.0]]), np.array([0.0]))
    ny, steg = arssteg(b, np.array([1.0, 1.0]), np.array([0.5]), np.array([12.0]), dra=lambda n, p: n * 0)
    assert steg.kvar.tolist() == [10.0] and steg.rekryteringar.tolist() == [2.0]
    assert ny.summa().tolist() == [12.0]
