"""Tests of the rolling-origin backtest (kfanalys.berakning.rullande, kfanalys.modell.backtest:
wilson, ursprungsar, rullande, poangsatt_rullande) and of the cut at each origin's base date.

The register built here (one nämnd, one yrkeskategori "Sjuksköterska" with a fixed driver, all
born 1985 so nobody retires within the horizon), snapshots on 1 November 2019-2023:

- 2019: S01-S20; 2020: S03-S22 (S01, S02 left 2020-03-01, S21, S22 hired 2020-04-01);
- 2021: S05-S24 (S03, S04 left 2021-03-01; S23, S24 hired 2021-04-01);
- 2022: S09-S26 (S05, S06 leave ON the base date 2021-11-01, their last day employed, so they
  are in the 2021 snapshot; S07, S08 leave 2022-03-01; S25, S26 hired 2022-04-01): 18 persons;
- 2023: S11-S28 (S09, S10 leave 2023-03-01; S27, S28 hired 2023-04-01): 18 persons.

At cycle 2023 the origins are 2019 (three later years, but no snapshot in 2018, so no turnover
rate from before its base date), 2020 and 2021 (two or more later years); 2022 has one later
year only and is no origin.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from kfanalys.berakning import orkestrering
from kfanalys.berakning.cykel import berakna_cykel
from kfanalys.berakning.rullande import backtest_rullande
from kfanalys.indata import register as data
from kfanalys.modell import backtest as bt_mod
from kfanalys.modell.backtest import Backtestresultat, poangsatt_rullande, rullande, ursprungsar, wilson
from kfanalys.rapport.prognostext import hur_saker_stycken, tackningsmening

Z = 1.959963984540054
#: The real simulation, taken once: a spy must not wrap an earlier spy (that would write the
#: second run's forecasts into the first run's record and make the comparison vacuous).
SIMULERA = orkestrering.simulera_resultat
NBSP = "\xa0"

KOMMUN_YAML = """\
kommun: Testkommun
namnder:
  - namn: Vårdnämnden
    kortnamn: vard
    forvaltning: Vårdförvaltningen
    omrade: Testkommun
yrkeskategorier:
  - namn: Sjuksköterska
    drivare: {typ: fast}
antaganden:
  horisonter: [2]
  minsta_antal: 5
"""


def _p(a, b):
    return [f"S{i:02d}" for i in range(a, b + 1)]


SNAPSHOTS = {"2019-11-01": _p(1, 20), "2020-11-01": _p(3, 22), "2021-11-01": _p(5, 24),
             "2022-11-01": _p(9, 26), "2023-11-01": _p(11, 28)}
HANDELSER = (
    [("2020-03-01", p, "avgang") for p in ("S01", "S02")] + [("2020-04-01", p, "anstallning") for p in ("S21", "S22")]
    + [("2021-03-01", p, "avgang") for p in ("S03", "S04")] + [("2021-04-01", p, "anstallning") for p in ("S23", "S24")]
    + [("2021-11-01", p, "avgang") for p in ("S05", "S06")]  # on the base date of 2021
    + [("2022-03-01", p, "avgang") for p in ("S07", "S08")] + [("2022-04-01", p, "anstallning") for p in ("S25", "S26")]
    + [("2023-03-01", p, "avgang") for p in ("S09", "S10")] + [("2023-04-01", p, "anstallning") for p in ("S27", "S28")]
)


def _rad(datum, p, yrke="Sjuksköterska"):
    return {"matdatum": datum, "person_id": p, "namnd": "Vårdnämnden", "forvaltning": "Vårdförvaltningen",
            "avdelning": "Avd 1", "enhet": "Enhet 1", "befattning": yrke, "yrkeskategori": yrke, "kon": "K",
            "fodelsear": 1985, "anstallningsform": "tillsvidare", "loneform": "manad", "sysselsattningsgrad": 100,
            "chef": "nej"}


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    mapp = tmp_path_factory.mktemp("rullande") / "testkommun"
    mapp.mkdir()
    (mapp / "kommun.yaml").write_text(KOMMUN_YAML, encoding="utf-8")
    pd.DataFrame([_rad(d, p) for d, ps in SNAPSHOTS.items() for p in ps]).to_csv(mapp / "anstallningar.csv",
                                                                                 index=False)
    pd.DataFrame([{"datum": d, "person_id": p, "typ": t, "namnd": "Vårdnämnden", "yrkeskategori": "Sjuksköterska",
                   "motpart": "extern", "orsak": "egen_begaran" if t == "avgang" else ""}
                  for d, p, t in HANDELSER]).to_csv(mapp / "handelser.csv", index=False)
    pd.DataFrame([{"omrade": "Testkommun", "ar": ar, "alder": a, "antal": 100}
                  for ar in range(2018, 2036) for a in range(0, 101)]).to_csv(mapp / "befolkningsprognos.csv",
                                                                             index=False)
    return data.las_indata(mapp)


# --------------------------------------------------------------------------- the Wilson interval

def test_wilson_i_kanterna_har_slutna_formler():
    # k = 0: (0, z²/(n + z²)); k = n: (n/(n + z²), 1)
    lag, hog = wilson(0, 10)
    assert lag == pytest.approx(0.0, abs=1e-12) and hog == pytest.approx(Z ** 2 / (10 + Z ** 2))
    lag, hog = wilson(10, 10)
    assert lag == pytest.approx(10 / (10 + Z ** 2)) and hog == pytest.approx(1.0)


def test_wilson_ar_rotterna_till_andragradsekvationen():
    # the Wilson bounds are the p with (k/n - p)² = z² p (1 - p) / n, i.e. the roots of
    # (1 + z²/n) p² - (2 k/n + z²/n) p + (k/n)² = 0, solved here with the quadratic formula
    for k, n in ((78, 100), (289, 385), (3, 7)):
        ph = k / n
        a, b, c = 1 + Z ** 2 / n, -(2 * ph + Z ** 2 / n), ph ** 2
        rot = math.sqrt(b * b - 4 * a * c)
        lag, hog = wilson(k, n)
        assert (lag, hog) == (pytest.approx((-b - rot) / (2 * a)), pytest.approx((-b + rot) / (2 * a)))
    # arrays, and no comparisons gives no interval
    lag, hog = wilson(np.array([78, 0]), np.array([100, 0]))
    assert lag[0] == pytest.approx(0.6893, abs=1e-4) and hog[0] == pytest.approx(0.8500, abs=1e-4)
    assert np.isnan(lag[1]) and np.isnan(hog[1])


def test_tackningsmening_pa_klarsvenska():
    # 289 of 385: 75,06 % -> "75 av 100"; Wilson (0.7053, 0.7913) -> 71-79
    assert tackningsmening(289 / 385, 385).replace(NBSP, " ") == (
        "Intervallet höll i 75 av 100 fall (n = 385 jämförelser, 95 % osäkerhet 71–79 av 100).")
    assert f"n = 1{NBSP}811 jämförelser" in tackningsmening(0.8, 1811)


# --------------------------------------------------------------------------- which origins, stacking

def _bilder(ar):
    return pd.DataFrame({"matdatum": pd.to_datetime([f"{a}-11-01" for a in ar])})


def test_vilka_ursprung_som_kvalificerar():
    assert ursprungsar(_bilder([2019, 2021, 2022, 2023]), 2023) == (2019, 2021)   # 2022: one later year
    assert ursprungsar(_bilder(range(2020, 2026)), 2023) == (2020, 2021)          # years after 2023 not counted
    assert ursprungsar(_bilder([2023, 2024, 2025]), 2025) == (2023,)
    assert ursprungsar(_bilder([2024, 2025]), 2025) == ()


def _falsk(fran, rader):
    """A scored origin with the given per-group rows (namnd, yrkeskategori, ar, prognos, faktiskt, inom)."""
    pg = pd.DataFrame(rader, columns=["namnd", "yrkeskategori", "ar", "prognos_antal", "faktiskt_antal",
                                      "inom_intervall"])
    pg = pg.assign(prognos_rekryteringar=2.0, faktiska_rekryteringar=1, rekryteringar_lag=0, rekryteringar_hog=4)
    pg = pg[bt_mod.PER_GRUPP_KOLUMNER]
    return Backtestresultat(fran, pd.Timestamp(f"{fran}-11-01"), tuple(sorted(pg["ar"].unique())), pg,
                            bt_mod.poangsatt(pg), 5, 10, 1)


def test_stapling_med_handraknade_poang():
    # snapshots 2019-2023: origins 2019 (no 2018 snapshot: not run), 2020, 2021
    anropade = []
    falska = {2020: _falsk(2020, [("A", "Y", 2021, 20.0, 25, False), ("A", "Y", 2022, 20.0, 20, True),
                                  ("B", "Z", 2021, 10.0, 4, False)]),
              2021: _falsk(2021, [("A", "Y", 2022, 16.0, 20, True), ("A", "Y", 2023, 24.0, 20, True),
                                  ("B", "Z", 2022, 9.0, 10, False)])}

    def prova(fran):
        anropade.append(fran)
        return falska[fran]

    r = rullande(_bilder(range(2019, 2024)), 2023, prova, minsta_antal=5, antal_korningar=10, seed=1)
    assert anropade == [2020, 2021]
    assert [u.fran_cykel for u in r.ursprung] == [2019, 2020, 2021] and r.fran_cykler == (2020, 2021)
    assert "12 månader före basdatum 2019-11-01" in r.ursprung[0].otillrackligt
    assert r.ar == (2021, 2022, 2023) and r.ok
    assert r.per_grupp["fran_cykel"].tolist() == [2020, 2020, 2020, 2021, 2021, 2021]
    s = r.sammanfattning.set_index("namnd")
    # A: |20-25|/25, 0, |16-20|/20, |24-20|/20 -> (0.2 + 0 + 0.2 + 0.2) / 4 = 0.15; inside 3 of 4
    assert s.loc["A", "mape_antal"] == pytest.approx(0.15)
    assert s.loc["A", "andel_inom_intervall"] == pytest.approx(0.75)
    assert (s.loc["A", "jamforelser_intervall"], s.loc["A", "antal_ursprung"]) == (4, 2)
    # B: 2021 has 4 actual (< 5, left out); 2022: |9-10|/10 = 0.1, outside; one origin only
    assert s.loc["B", "mape_antal"] == pytest.approx(0.1) and s.loc["B", "andel_inom_intervall"] == 0.0
    assert (s.loc["B", "jamforelser_intervall"], s.loc["B", "antal_ursprung"]) == (1, 1)
    # kommun: 5 comparisons, 3 inside; MAPE (0.6 + 0.1) / 5 = 0.14; Wilson of 3 of 5
    k = s.loc["Hela kommunen"]
    assert k["mape_antal"] == pytest.approx(0.14) and k["andel_inom_intervall"] == pytest.approx(0.6)
    assert (k["andel_inom_intervall_lag"], k["andel_inom_intervall_hog"]) == tuple(pytest.approx(x)
                                                                                  for x in wilson(3, 5))
    assert list(r.sammanfattning.columns) == bt_mod.RULLANDE_KOLUMNER


def test_inga_ursprung_sager_varfor():
    r = rullande(_bilder([2024, 2025]), 2025, lambda f: pytest.fail("inget ursprung ska provas"))
    assert not r.ok and r.ursprung == () and r.per_grupp.empty and r.sammanfattning.empty
    assert "minst 2 senare år; här finns 1 (2025)" in r.otillrackligt
    r = rullande(_bilder([2025]), 2025, lambda f: pytest.fail("inget ursprung ska provas"))
    assert "inga ögonblicksbilder från före 2025" in r.otillrackligt
    text = " ".join(hur_saker_stycken({}, {"backtest": orkestrering.backtest_meta(r)}, "Hela kommunen"))
    assert "Prognosen har inte kunnat prövas mot verkligt utfall." in text and "minst fyra år" in text


def test_kortvag_utan_bild_aret_fore_ger_samma_orsak_som_backtest(register):
    # the rolling run skips origin 2019 without computing it; backtest itself says the same
    kant = orkestrering.register_till(register, pd.Timestamp("2023-11-01"))
    assert orkestrering.backtest(kant, 2019, antal_korningar=50).otillrackligt == \
        backtest_rullande(register, 2023, antal_korningar=50).ursprung[0].otillrackligt


# --------------------------------------------------------------------------- on a register

@pytest.fixture(scope="module")
def rull(register):
    return backtest_rullande(register, 2023, antal_korningar=300, seed=2025)


def test_rullande_pa_registret(register, rull):
    assert [u.fran_cykel for u in rull.ursprung] == [2019, 2020, 2021] and rull.fran_cykler == (2020, 2021)
    pg = rull.per_grupp
    assert list(pg.columns) == bt_mod.RULLANDE_PER_GRUPP_KOLUMNER
    assert list(zip(pg["fran_cykel"], pg["ar"])) == [(2020, 2021), (2020, 2022), (2021, 2022), (2021, 2023)]
    # actual headcounts from the snapshots: 2021: 20, 2022: 18, 2023: 18
    assert pg["faktiskt_antal"].tolist() == [20, 18, 18, 18]
    # each origin's rows are exactly what orkestrering.backtest gives for it
    kant = orkestrering.register_till(register, pd.Timestamp("2023-11-01"))
    for fran in (2020, 2021):
        en = orkestrering.backtest(kant, fran, antal_korningar=300, seed=2025)
        pd.testing.assert_frame_equal(pg[pg["fran_cykel"] == fran].drop(columns="fran_cykel").reset_index(drop=True),
                                      en.per_grupp)
    s = rull.sammanfattning.set_index("namnd")
    assert s.loc["Hela kommunen", "jamforelser_intervall"] == 4 and s.loc["Hela kommunen", "antal_ursprung"] == 2


def test_cykelns_tabeller_ar_de_rullande(register, rull):
    res = orkestrering.med_osakerhet_och_scenarier(register, 2023, berakna_cykel(register, 2023),
                                                   antal_korningar=300, seed=2025)
    pd.testing.assert_frame_equal(res.tabeller["backtest_per_grupp"], rull.per_grupp)
    pd.testing.assert_frame_equal(res.tabeller["backtest"], rull.sammanfattning)
    m = res.meta["backtest"]
    assert m["fran_cykler"] == [2020, 2021] and m["ar"] == [2021, 2022, 2023] and m["otillrackligt"] is None
    assert [u["fran_cykel"] for u in m["ursprung"]] == [2019, 2020, 2021]
    assert m["ursprung"][0]["otillrackligt"] and m["ursprung"][2] == {"fran_cykel": 2021, "ar": [2022, 2023],
                                                                      "otillrackligt": None}
    text = " ".join(hur_saker_stycken(res.tabeller, res.meta, "Vårdnämnden"))
    assert "från läget 2020 och 2021, varje gång bara med de uppgifter som fanns då" in text
    assert "prognosen från 2020 med 2021–2022 och den från 2021 med 2022–2023" in text
    assert "Prognosen från 2019 kunde inte prövas" in text and "(n = 4 jämförelser" in text


# --------------------------------------------------------------------------- a backtest that cannot peek

def _omojlig_framtid(indata):
    """``indata`` plus impossible rows dated after the base date of origin 2021 (2021-11-01):
    a snapshot 2022-06-01 in which S05 and S06 (who left on 2021-11-01) are back, with 10 000
    new persons in a new yrkeskategori; 10 000 extra persons in the 2022-11-01 snapshot; and
    everybody of 2021 leaving (pension) on 2022-05-01."""
    a, h = indata.anstallningar, indata.handelser
    mall = a[a["matdatum"] == pd.Timestamp("2021-11-01")]
    mall = mall[mall["person_id"].isin(["S05", "S06"])]
    tillbaka = mall.assign(matdatum=pd.Timestamp("2022-06-01"))
    en = mall.iloc[[0]]
    manga = en.loc[en.index.repeat(10_000)].reset_index(drop=True)
    nya_kat = manga.assign(matdatum=pd.Timestamp("2022-06-01"), yrkeskategori="Ny kategori", befattning="Ny kategori",
                           person_id=[f"N{i:05d}" for i in range(10_000)])
    nya_nov = manga.assign(matdatum=pd.Timestamp("2022-11-01"), person_id=[f"F{i:05d}" for i in range(10_000)])
    forsta = h.iloc[[0]]
    alla = a.loc[a["matdatum"] == pd.Timestamp("2021-11-01"), "person_id"].to_numpy()
    avg = forsta.loc[forsta.index.repeat(len(alla))].assign(datum=pd.Timestamp("2022-05-01"), person_id=alla,
                                                            typ="avgang", orsak="pension").reset_index(drop=True)
    anst = pd.concat([a, tillbaka, nya_kat, nya_nov], ignore_index=True)
    hand = pd.concat([h, avg], ignore_index=True)
    return dataclasses.replace(indata, anstallningar=anst, handelser=hand)


def _prognoser(monkeypatch, indata):
    """The rolling backtest at 2023 of ``indata``, and every origin's forecast as it was simulated:
    {fran_cykel: (framskrivning, rekrytering_per_ar, simulated per-year interval, simulated interval)}."""
    sett = {}

    def spion(resultat, *args, **kwargs):
        sim = SIMULERA(resultat, *args, **kwargs)
        sett[resultat.meta["cykel"]] = (resultat.tabeller["framskrivning"], resultat.tabeller["rekrytering_per_ar"],
                                        sim.per_ar, sim.rekrytering)
        return sim

    monkeypatch.setattr(orkestrering, "simulera_resultat", spion)
    return backtest_rullande(indata, 2023, antal_korningar=300, seed=2025), sett


def test_framtida_rader_nar_inte_ursprungets_prognos(register, monkeypatch):
    # Rows dated after origin 2021's base date are known at cycle 2023 (they are its outcome),
    # but must not reach the forecast made at 2021. Without the cut at 2021-11-01 they would:
    # the departures of S05 and S06 on that very date would be dropped (the person "is still
    # there" in the first snapshot after it), so the turnover rate and the forecast would change.
    fore, prognos_fore = _prognoser(monkeypatch, register)
    efter, prognos_efter = _prognoser(monkeypatch, _omojlig_framtid(register))
    assert sorted(prognos_fore) == sorted(prognos_efter) == [2020, 2021]
    for fran in (2020, 2021):
        for namn, f, e in zip(("framskrivning", "rekrytering_per_ar", "intervall_per_ar", "intervall"),
                              prognos_fore[fran], prognos_efter[fran]):
            pd.testing.assert_frame_equal(f, e, obj=f"{namn} från {fran}")
    # the impossible rows did reach the scoring: the 2022 headcount is 10 018 instead of 18
    pg = efter.per_grupp.set_index(["fran_cykel", "ar"])
    assert pg.loc[(2021, 2022), "faktiskt_antal"] == 10_018
    assert fore.per_grupp.set_index(["fran_cykel", "ar"]).loc[(2021, 2022), "faktiskt_antal"] == 18


# --------------------------------------------------------------------------- the report's table

class _Rapport:
    """The few Rapportdata members backtest_tabell uses (tabell, kommun, med_kommun, namnd, meta)."""

    def __init__(self, tabeller, meta, namnd=None):
        self.tabeller, self.meta, self.minsta, self.visade_tabeller = tabeller, meta, 5, []
        self.namnd = None if namnd is None else type("N", (), {"namn": namnd})()

    def tabell(self, namn, namnd=None):
        df = self.tabeller.get(namn, pd.DataFrame())
        return df[df["namnd"] == (namnd or (self.namnd.namn if self.namnd else "Hela kommunen"))]

    def kommun(self, namn):
        return self.tabell(namn, "Hela kommunen")

    def med_kommun(self, namn):
        return self.tabeller.get(namn, pd.DataFrame())


def test_rapporttabellen_visar_tackning_med_n_och_osakerhet():
    from kfanalys.rapport.avsnitt_uppfoljning import backtest_tabell

    # kommun: 289 of 385 inside -> "75 av 100 (71–79)" (Wilson 0.7051-0.7912, by hand in
    # test_tackningsmening_pa_klarsvenska); nämnd A: 3 of 4 -> Wilson(3, 4) = 0.3006-0.9544
    sm = pd.DataFrame({"namnd": ["A", "Hela kommunen"], "mape_antal": [0.15, 0.031], "mape_rekryteringar": [0.3, 0.31],
                       "andel_inom_intervall": [0.75, 289 / 385]})
    lag, hog = wilson(np.array([3, 289]), np.array([4, 385]))
    sm = sm.assign(andel_inom_intervall_lag=lag, andel_inom_intervall_hog=hog, antal_ursprung=2, antal_grupper=1,
                   jamforelser_antal=[4, 385], jamforelser_rekryteringar=1, jamforelser_intervall=[4, 385])
    meta = {"backtest": {"fran_cykler": [2022, 2023], "ar": [2023, 2024, 2025]}}
    html = backtest_tabell(_Rapport({"backtest": sm}, meta)).html
    assert "Efterhandsprövning per nämnd: prognoserna från 2022 och 2023 mot utfallet 2023–2025" in html
    assert "75 av 100 (71–79)" in html and "75 av 100 (30–95)" in html
    assert "Jämförelser (n)" in html and ">385<" in html
    html = backtest_tabell(_Rapport({"backtest": sm}, meta, "A")).html
    assert "Efterhandsprövning: prognoserna" in html and "75 av 100 (71–79)" in html  # the kommun's row too
    assert backtest_tabell(_Rapport({}, meta)) is None
