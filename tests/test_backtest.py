"""Tests of the backtest (kfanalys.berakning.orkestrering.backtest, kfanalys.modell.backtest) on a
register built by hand, errors computed by hand.

The register (one nämnd, one yrkeskategori "Sjuksköterska" with a fixed driver, everybody
born 1985 so nobody retires within the horizon):

- 2020-11-01: S01-S20 (20 månadsavlönade).
- (2020-11-01, 2021-11-01]: S01, S02 leave (extern); S21, S22 are hired (extern).
- 2021-11-01 = base date of cycle 2021: S03-S22 (20). Turnover in the last 12 months:
  2 / mean(20, 20) = 0.10 (the only computable period).
- (2021-11-01, 2022-11-01]: S03-S05 leave; S23-S27 hired extern (5); S28 hired from within the
  förvaltning (not a recruitment, but in the headcount); S29 hired extern as timavlönad (in
  neither); S30 hired extern and gone again before the snapshot (not counted).
- 2022-11-01: S06-S28 månadsavlönade = 23, plus S29 timavlönad.
- (2022-11-01, 2023-11-01]: S06-S12 leave (7); S31 hired extern (1).
- 2023-11-01: S13-S28 + S31 = 17.

Forecast from 2021 (takt 0.10, flat need 20, no retirements): each year 20 x 0.10 = 2 leave
and 2 are hired, the staff stays 20. Year 2022: prognos_antal 20, faktiskt 23, prognos_rekr 2,
faktiska 5. Year 2023: 20 vs 17, 2 vs 1.
MAPE antal = (|20-23|/23 + |20-17|/17) / 2 = (0.130435 + 0.176471) / 2 = 0.153453.
MAPE rekryteringar: only 2022 has at least minsta_antal = 5 actual hires: |2-5|/5 = 0.6.
Interval: the simulated hires in each year are Bin(20, 0.1) (the stock is back at 20 each year):
F(0) = 0.1216, F(3) = 0.8670, F(4) = 0.9568 -> 80 % interval [0, 4]. 5 is outside, 1 inside:
andel_inom_intervall = 0.5. (These figures hold for the fixed rate, parameterosakerhet=False.)
With parameter uncertainty (the default) the rate is drawn per run from Beta(2 + 1/2, 20 - 2 + 1/2)
(2 departures in a mean headcount of 20, one period); the stock is still back at 20 each year,
so each year's hires are beta-binomial(20, 2.5, 18.5):
P(k) = C(20, k) B(k + 2.5, 20 - k + 18.5) / B(2.5, 18.5) -> F(0) = 0.168, F(4) = 0.858,
F(5) = 0.923 -> 80 % interval [0, 5]: both 5 and 1 inside, andel_inom_intervall = 1.0.
If the departures after the base date leaked into the turnover rate (3/20 and 7/23), the
forecast hires would not be 2.0 per year.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kfanalys.berakning import orkestrering
from kfanalys.berakning.cykel import berakna_cykel
from kfanalys.berakning.orkestrering import backtest, backtest_meta, med_osakerhet_och_scenarier
from kfanalys.berakning.rullande import backtest_rullande
from kfanalys.indata import register as data
from kfanalys.modell.backtest import poangsatt, rullande
from kfanalys.rapport.prognostext import hur_saker_stycken

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

SNAPSHOTS = {
    "2020-11-01": [f"S{i:02d}" for i in range(1, 21)],
    "2021-11-01": [f"S{i:02d}" for i in range(3, 23)],
    "2022-11-01": [f"S{i:02d}" for i in range(6, 29)],
    "2023-11-01": [f"S{i:02d}" for i in range(13, 29)] + ["S31"],
}
HANDELSER = (
    [("2021-03-01", p, "avgang", "extern", "egen_begaran") for p in ("S01", "S02")]
    + [("2021-04-01", p, "anstallning", "extern", "") for p in ("S21", "S22")]
    + [("2022-03-01", f"S{i:02d}", "avgang", "extern", "egen_begaran") for i in (3, 4, 5)]
    + [("2022-05-01", f"S{i:02d}", "anstallning", "extern", "") for i in range(23, 28)]
    + [("2022-06-01", "S28", "anstallning", "inom_forvaltning", ""),
       ("2022-06-01", "S29", "anstallning", "extern", ""),
       ("2022-02-01", "S30", "anstallning", "extern", ""),
       ("2022-05-15", "S30", "avgang", "extern", "egen_begaran")]
    + [("2023-04-01", f"S{i:02d}", "avgang", "extern", "egen_begaran") for i in range(6, 13)]
    + [("2023-06-01", "S31", "anstallning", "extern", "")]
)


def _skriv_register(mapp, snapshots=SNAPSHOTS, kommun_yaml=KOMMUN_YAML, handelser=HANDELSER):
    mapp.mkdir(parents=True, exist_ok=True)
    (mapp / "kommun.yaml").write_text(kommun_yaml, encoding="utf-8")
    rader = []
    for datum, personer in snapshots.items():
        for p in personer:
            rader.append({"matdatum": datum, "person_id": p, "namnd": "Vårdnämnden", "forvaltning": "Vårdförvaltningen",
                          "avdelning": "Avd 1", "enhet": "Enhet 1", "befattning": "Sjuksköterska",
                          "yrkeskategori": "Sjuksköterska", "kon": "K", "fodelsear": 1985,
                          "anstallningsform": "tillsvidare", "loneform": "manad", "sysselsattningsgrad": 100,
                          "chef": "nej"})
    if "2022-11-01" in snapshots:
        rader.append({**rader[-1], "matdatum": "2022-11-01", "person_id": "S29", "anstallningsform": "visstid",
                      "loneform": "timme", "sysselsattningsgrad": 0})
    pd.DataFrame(rader).to_csv(mapp / "anstallningar.csv", index=False)
    pd.DataFrame([{"datum": d, "person_id": p, "typ": t, "namnd": "Vårdnämnden", "yrkeskategori": "Sjuksköterska",
                   "motpart": m, "orsak": o} for d, p, t, m, o in handelser
                  if d <= max(snapshots)]).to_csv(mapp / "handelser.csv", index=False)
    pd.DataFrame([{"omrade": "Testkommun", "ar": ar, "alder": a, "antal": 100}
                  for ar in range(2019, 2036) for a in range(0, 101)]).to_csv(mapp / "befolkningsprognos.csv",
                                                                             index=False)
    return data.las_indata(mapp)


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    return _skriv_register(tmp_path_factory.mktemp("backtest") / "testkommun")


@pytest.fixture(scope="module")
def resultat(register):
    return backtest(register, 2021, antal_korningar=4000, seed=2025, parameterosakerhet=False)


def test_handbyggt_register_per_grupp(resultat):
    assert resultat.ok and resultat.ar == (2022, 2023)
    pg = resultat.per_grupp.set_index("ar")
    assert list(resultat.per_grupp.columns)[:7] == ["namnd", "yrkeskategori", "ar", "prognos_antal",
                                                   "faktiskt_antal", "prognos_rekryteringar",
                                                   "faktiska_rekryteringar"]
    assert pg["prognos_antal"].tolist() == pytest.approx([20.0, 20.0])
    # turnover 0.10 from the period before the base date only: 20 x 0.10 = 2 hires per year
    assert pg["prognos_rekryteringar"].tolist() == pytest.approx([2.0, 2.0])
    assert pg["faktiskt_antal"].tolist() == [23, 17]
    assert pg["faktiska_rekryteringar"].tolist() == [5, 1]
    assert pg["rekryteringar_lag"].tolist() == [0, 0] and pg["rekryteringar_hog"].tolist() == [4, 4]
    assert pg["inom_intervall"].tolist() == [False, True]


def test_handbyggt_register_sammanfattning(resultat):
    s = resultat.sammanfattning.set_index("namnd")
    assert list(s.index) == ["Vårdnämnden", "Hela kommunen"]
    for namnd in s.index:
        r = s.loc[namnd]
        assert r["mape_antal"] == pytest.approx((3 / 23 + 3 / 17) / 2)  # 0.153453
        assert r["mape_rekryteringar"] == pytest.approx(0.6)           # |2-5|/5, 2023 (1 hire) skipped
        assert r["andel_inom_intervall"] == pytest.approx(0.5)
        assert (r["antal_grupper"], r["jamforelser_antal"], r["jamforelser_rekryteringar"]) == (1, 2, 1)


def _stycken(r, namnd, register):
    """The report's paragraphs from what `kfanalys berakna` saves of a backtest (no simulation table):
    the one-origin result ``r`` as the rolling backtest at 2023 has it (origin 2020 has no snapshot
    the year before, so 2021 is the only origin scored)."""
    rull = rullande(register.anstallningar, 2023, lambda fran: r, 5, r.antal_korningar, r.seed)
    assert rull.fran_cykler == (2021,)
    return hur_saker_stycken({"backtest": rull.sammanfattning}, {"backtest": backtest_meta(rull)}, namnd)


def test_text_pa_svenska_med_handraknade_fel(resultat, register):
    t = "\n\n".join(_stycken(resultat, "Hela kommunen", register))
    assert "från läget 2021" in t and "prognosen från 2021 med 2022–2023" in t
    assert "Prognosen från 2020 kunde inte prövas. Det finns ingen ögonblicksbild 12 månader före" in t
    assert "15,3\xa0%" in t          # MAPE antal 0.153453
    assert "60\xa0%" in t            # MAPE rekryteringar 0.6
    # 1 of 2 inside; Wilson: centre (0.5 + 1.9207) / 2.9207 = 0.5, half 1.96 x sqrt(0.125 + 0.2401) / 2.9207
    # = 0.4056 -> 9-91 of 100
    assert "Intervallet höll i 50 av 100 fall (n = 2 jämförelser, 95\xa0% osäkerhet 9–91 av 100)." in t
    assert "Det stämmer med 80 av 100 inom osäkerheten." in t
    stycken = _stycken(resultat, "Vårdnämnden", register)
    assert any("För hela kommunen var felet 15,3\xa0% för antalet anställda och intervallet höll i 50 av 100 fall."
               in s for s in stycken)
    assert stycken[-1].startswith("Läs därför rekryteringsbehovet som ett intervall")


def test_for_fa_senare_ar_ger_forklaring_i_stallet_for_poang(register):
    r = backtest(register, 2022, antal_korningar=100)
    assert not r.ok and r.per_grupp.empty and r.sammanfattning.empty
    assert "minst 2 senare år" in r.otillrackligt and "1 (2023)" in r.otillrackligt
    # the rolling backtest at 2022: the only origin (2020) has no snapshot in 2019; the report says
    # so and what a backtest needs
    rull = backtest_rullande(register, 2022, antal_korningar=100)
    assert not rull.ok and rull.fran_cykler == ()
    text = hur_saker_stycken({}, {"backtest": backtest_meta(rull)}, "Vårdnämnden")[0]
    assert text.startswith("Prognosen har inte kunnat prövas mot verkligt utfall. Det finns ingen ögonblicksbild "
                           "12 månader före basdatum 2020-11-01, så personalomsättningen kan inte skattas med "
                           "uppgifter från före 2020s prognos.")
    assert text.endswith("minst fyra år: året före prognosen (för personalomsättningen), prognosåret och två "
                         "senare år att jämföra med.")


def test_ingen_bild_fore_basdatum_ger_forklaring(register):
    # cycle 2020 is the first snapshot: its turnover would need data from after its base date
    r = backtest(register, 2020, antal_korningar=100)
    assert not r.ok and "12 månader före basdatum 2020-11-01" in r.otillrackligt


def test_backtest_ar_deterministisk(register, resultat):
    igen = backtest(register, 2021, antal_korningar=4000, seed=2025, parameterosakerhet=False)
    pd.testing.assert_frame_equal(igen.per_grupp, resultat.per_grupp)


def test_poangsatt_hoppar_over_sma_grupper():
    # group B has 4 persons (< minsta_antal 5): left out of every score; A as in the doctest:
    # MAPE antal (5/25 + 4/16) / 2 = 0.225; interval share 1/2
    pg = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "A", "B"], "ar": [2022, 2023, 2022],
                       "prognos_antal": [20.0, 20.0, 10.0], "faktiskt_antal": [25, 16, 4],
                       "prognos_rekryteringar": [2.0, 2.0, 1.0], "faktiska_rekryteringar": [5, 1, 0],
                       "inom_intervall": [False, True, False]})
    s = poangsatt(pg, minsta_antal=5).set_index("namnd").loc["N"]
    assert s["mape_antal"] == pytest.approx(0.225)
    assert s["andel_inom_intervall"] == pytest.approx(0.5)
    assert s["antal_grupper"] == 1 and s["jamforelser_antal"] == 2


def test_handbyggt_register_med_parameterosakerhet(register):
    # beta-binomial(20, 2.5, 18.5) per year (module docstring), computed here from the formula;
    # with 4000 runs the SE of the empirical F(4) is sqrt(0.858 x 0.142 / 4000) = 0.006, far
    # from 0.9 (7 SE), and F(5) = 0.923 is 4 SE above it: the interval is [0, 5].
    from math import comb, exp, lgamma

    def lnb(x, y):
        return lgamma(x) + lgamma(y) - lgamma(x + y)

    pmf = [comb(20, k) * exp(lnb(k + 2.5, 20 - k + 18.5) - lnb(2.5, 18.5)) for k in range(21)]
    cdf = [sum(pmf[:k + 1]) for k in range(21)]
    assert cdf[0] > 0.1 and cdf[4] < 0.9 < cdf[5]
    r = backtest(register, 2021, antal_korningar=4000, seed=2025)
    assert r.parameterosakerhet
    pg = r.per_grupp.set_index("ar")
    assert pg["rekryteringar_lag"].tolist() == [0, 0] and pg["rekryteringar_hog"].tolist() == [5, 5]
    assert pg["inom_intervall"].tolist() == [True, True]
    assert r.sammanfattning.set_index("namnd").loc["Vårdnämnden", "andel_inom_intervall"] == pytest.approx(1.0)
    # the point forecast does not depend on it
    assert pg["prognos_rekryteringar"].tolist() == pytest.approx([2.0, 2.0])
    igen = backtest(register, 2021, antal_korningar=4000, seed=2025)
    pd.testing.assert_frame_equal(igen.per_grupp, r.per_grupp)


# --------------------------------------------------------------------------- the cut at the base date

def _framtid(mapp):
    """The register of the module docstring with horizons 2 and 5 (a forecast from 2021 then reaches
    2026), plus impossible future rows after cycle 2023's base date (2023-11-01): snapshots in 2024
    and 2025 with a very different staff, and hires and departures between them."""
    yaml5 = KOMMUN_YAML.replace("horisonter: [2]", "horisonter: [2, 5]")
    bas = _skriv_register(mapp / "bas", kommun_yaml=yaml5)
    framtid = {**SNAPSHOTS, "2024-11-01": [f"S{i:02d}" for i in range(13, 29)] + [f"F{i:02d}" for i in range(60)],
               "2025-11-01": ["S13", "S14", "F01"]}
    h = (HANDELSER + [("2024-03-01", f"F{i:02d}", "anstallning", "extern", "") for i in range(60)]
         + [("2025-02-01", f"S{i:02d}", "avgang", "extern", "egen_begaran") for i in range(15, 29)]
         + [("2025-03-01", f"F{i:02d}", "avgang", "extern", "pension") for i in range(2, 60)])
    return bas, _skriv_register(mapp / "framtid", framtid, yaml5, h)


def test_framtida_rader_andrar_varken_prognos_eller_poang(tmp_path):
    # cycle 2023 backtests the forecasts from 2020 (no snapshot in 2019: not scorable) and 2021
    # (rolling origin); rows after 2023's base date are not known at the cycle and must change
    # neither the forecast nor its scoring (without the cut they would be scored: the forecast
    # reaches 2026)
    bas, framtid = _framtid(tmp_path)
    assert framtid.anstallningar["matdatum"].max() > pd.Timestamp("2023-11-01")
    fore = med_osakerhet_och_scenarier(bas, 2023, berakna_cykel(bas, 2023), antal_korningar=300)
    efter = med_osakerhet_och_scenarier(framtid, 2023, berakna_cykel(framtid, 2023), antal_korningar=300)
    assert fore.meta["backtest"] == efter.meta["backtest"]
    assert fore.meta["backtest"]["ar"] == [2022, 2023] and fore.meta["backtest"]["otillrackligt"] is None
    assert fore.meta["backtest"]["fran_cykler"] == [2021]
    assert fore.tabeller["backtest_per_grupp"]["fran_cykel"].tolist() == [2021, 2021]
    for namn in ("backtest", "backtest_per_grupp", "rekrytering_intervall", "rekrytering_per_ar"):
        pd.testing.assert_frame_equal(fore.tabeller[namn], efter.tabeller[namn], obj=namn)


def test_prognosen_ser_bara_registret_fram_till_sitt_basdatum(tmp_path, monkeypatch):
    # the forecast from 2021 is computed from the register as it looked at 2021-11-01, whatever
    # the register given to the backtest holds
    _, framtid = _framtid(tmp_path)
    sett = []
    verklig = orkestrering.berakna_cykel

    def spion(indata, cykel, *args, **kwargs):
        sett.append((indata.anstallningar["matdatum"].max(), indata.handelser["datum"].max()))
        return verklig(indata, cykel, *args, **kwargs)

    monkeypatch.setattr(orkestrering, "berakna_cykel", spion)
    r = backtest(framtid, 2021, antal_korningar=200, parameterosakerhet=False)
    assert sett and all(m <= pd.Timestamp("2021-11-01") and d <= pd.Timestamp("2021-11-01") for m, d in sett)
    # the forecast is the one of the module docstring: 20 x 0.10 = 2 hires per year
    assert r.ok and r.per_grupp.set_index("ar").loc[[2022, 2023], "prognos_rekryteringar"].tolist() == \
        pytest.approx([2.0, 2.0])
