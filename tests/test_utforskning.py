"""Utforskning (kfanalys.berakning.utforskning) and its sliders (kfanalys.rapport.utforska_vy), issue 14.

- identity: for the nämnd's rows the tables equal berakna_cykel's under the same Scenario (the
  Exempelkommun and a tiny kommun with derived events and forecasts of different length);
- hand-computed values on the tiny kommun (below), driven through ``rita`` and through the widgets'
  ``.value`` (no browser): turnover factor, pension shift, growth, part-time, population variant,
  judgement, and changing the nämnd.

The tiny kommun: nämnder A (område "Område A", forecast 2024-2032) and B ("Område B", 2024-2030);
pension profile {65: 1.0}; horizons 2 and 5. In each nämnd, yrkeskategori S (driver: total
population, constant in the base forecast) has 10 månadsavlönade tillsvidare aged 30 at the base
date (five at 50 %, five at 100 %); A also has P (fixed driver), 10 persons aged 64 at 100 %.
Between the snapshots 1 Nov 2024 and 1 Nov 2025 two of every ten left the kommun and two new
were hired, so every turnover rate (own, nämnd, kommun) is 2 / 10 = 0,2 per year (no events file:
events derived from the snapshots). B also has Q (fixed driver): 10 persons aged 55 and four leavers, two
of them aged 66 in 2025: a departure from the profile's first age (65) counts as a retirement, so
the rates stay 0,2 under the base profile, and B's total (Q borrows it: too few for its own) is
(2 + 4) / 20 = 0,3 when the profile moves 2 or more years up. The low forecast shrinks every age by 2 % of the 2025 level
per year.
"""

from __future__ import annotations

import types

import pandas as pd
import pytest
import yaml

from kfanalys.berakning import cykel as berakning
from kfanalys.berakning.utforskning import (GRUNDPROGNOS, Kommununderlag, Utforskning, bedomningsram,
                                            scenario_fran)
from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import TOTALT
from kfanalys.modell.osakerhet import simulera

TABELLER = ("framskrivning", "gap", "rekrytering", "rekrytering_per_ar")


# ---------------------------------------------------------------------------- the tiny kommun

def _personer(prefix, namnd, yrke, fodelsear, grader, lamnar=2):
    """Two snapshots: persons 1-10 in 2024; then 1..lamnar have left and as many new are hired."""
    rader = []
    for datum, nr in (("2024-11-01", range(1, 11)), ("2025-11-01", range(lamnar + 1, lamnar + 11))):
        for i in nr:
            rader.append({"matdatum": datum, "person_id": f"{prefix}{i:02d}", "namnd": namnd,
                          "forvaltning": f"Förvaltning {namnd[-1]}", "avdelning": "Avd", "enhet": "Enhet",
                          "befattning": yrke, "yrkeskategori": yrke, "kon": "K" if i % 2 else "M",
                          "fodelsear": fodelsear.get(i, fodelsear[0]) if isinstance(fodelsear, dict) else fodelsear,
                          "anstallningsform": "tillsvidare", "loneform": "manad",
                          "sysselsattningsgrad": grader[(i - 1) % len(grader)], "chef": "nej"})
    return rader


def _prognos(omrade, till, faktor=lambda h: 1.0):
    return [{"omrade": omrade, "ar": ar, "alder": a, "antal": round(10.0 * faktor(max(0, ar - 2025)), 6)}
            for ar in range(2024, till + 1) for a in range(101)]


@pytest.fixture(scope="module")
def liten(tmp_path_factory):
    from kfanalys.indata import register as data

    mapp = tmp_path_factory.mktemp("liten") / "liten"
    mapp.mkdir()
    konfig = {
        "kommun": "Lillby",
        "namnder": [{"namn": "Nämnd A", "kortnamn": "a", "forvaltning": "Förvaltning A", "omrade": "Område A"},
                    {"namn": "Nämnd B", "kortnamn": "b", "forvaltning": "Förvaltning B", "omrade": "Område B"}],
        "yrkeskategorier": [{"namn": "S", "drivare": {"typ": "total"}}, {"namn": "P", "drivare": {"typ": "fast"}},
                            {"namn": "Q", "drivare": {"typ": "fast"}}],
        "antaganden": {"pensionsprofil": {65: 1.0}, "horisonter": [2, 5], "minsta_antal": 5, "cykel_intervall": 1,
                       "tillvaxt": 0.0},
        "scenarier": [{"namn": "Låg prognos", "befolkningsfil": "befolkningsprognos_lag.csv"},
                      {"namn": "Lägre omsättning", "omsattningsfaktor": 0.5}],
    }
    (mapp / "kommun.yaml").write_text(yaml.safe_dump(konfig, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rader = (_personer("AS", "Nämnd A", "S", 1995, [50.0, 100.0]) + _personer("AP", "Nämnd A", "P", 1961, [100.0])
             + _personer("BS", "Nämnd B", "S", 1995, [50.0, 100.0])
             + _personer("BQ", "Nämnd B", "Q", {0: 1970, 1: 1959, 2: 1959}, [100.0], lamnar=4))
    pd.DataFrame(rader).to_csv(mapp / "anstallningar.csv", index=False)
    pd.DataFrame(_prognos("Område A", 2032) + _prognos("Område B", 2030)).to_csv(
        mapp / "befolkningsprognos.csv", index=False)
    lag = lambda h: 1.0 - 0.02 * h  # noqa: E731
    pd.DataFrame(_prognos("Område A", 2032, lag) + _prognos("Område B", 2030, lag)).to_csv(
        mapp / "befolkningsprognos_lag.csv", index=False)
    return data.las_indata(mapp)


def _rad(df, yrke, h, namnd="Nämnd A"):
    r = df[(df["namnd"] == namnd) & (df["yrkeskategori"] == yrke) & (df["horisont"] == h)]
    assert len(r) == 1, r
    return r.iloc[0]


def _samma_som_cykeln(indata, u, **installning):
    """Assert the Utforskning's tables equal berakna_cykel's (the nämnd's rows) under the same Scenario."""
    ut = u.berakna(**installning)
    fil = u.kommun.befolkningsfil(installning.get("befolkningsvariant"))
    sc = scenario_fran(installning.get("pensionsforskjutning", 0), installning.get("omsattningsfaktor", 1.0),
                       installning.get("tillvaxt"), installning.get("deltid_okning", 0.0), fil)
    bed = bedomningsram(u.namnd, installning.get("bedomning"), u.horisonter)
    res = berakning.berakna_cykel(indata, u.cykel, sc, workshop=types.SimpleNamespace(bedomningar=bed),
                                  foregaende=False)
    for tabell in TABELLER:
        facit = res.tabeller[tabell]
        facit = facit[facit["namnd"] == u.namnd].reset_index(drop=True)
        assert len(facit) > 0
        pd.testing.assert_frame_equal(getattr(ut, tabell), facit, obj=tabell)
    # the interval: the simulation of the cycle's own stock-flow inputs, limited to the nämnd's groups
    s = res.stockflode
    per_ar = s.behov_per_ar[s.behov_per_ar["namnd"] == u.namnd]
    takt = s.takt[s.takt["namnd"] == u.namnd]
    pers = s.personal[s.personal["namnd"] == u.namnd]
    sim = simulera(pers[["namnd", "yrkeskategori", "alder"]], per_ar, takt, s.profil, s.horisonter,
                   u.antal_korningar, u.seed, s.omsattningsfaktor, summor=True, basar=s.basar)
    facit = sim.rekrytering[sim.rekrytering["namnd"] == u.namnd].reset_index(drop=True)
    pd.testing.assert_frame_equal(ut.rekrytering_intervall, facit, obj="rekrytering_intervall")
    return ut, res


# ---------------------------------------------------------------------------- identity

def test_samma_tabeller_som_berakna_cykel_exempelkommunen(exempel_indata):
    u = Utforskning(exempel_indata, 2025, "vard_omsorg")
    kategori = u.yrkeskategorier[0]
    _samma_som_cykeln(exempel_indata, u)
    _samma_som_cykeln(exempel_indata, u, pensionsforskjutning=2, omsattningsfaktor=0.6, tillvaxt=0.01,
                      deltid_okning=15, befolkningsvariant="Låg befolkningsprognos", bedomning={kategori: "mer"})
    _samma_som_cykeln(exempel_indata, u, pensionsforskjutning=-2, omsattningsfaktor=1.5,
                      bedomning={kategori: "mycket mindre"})


def test_samma_tabeller_som_berakna_cykel_harledda_handelser_och_olika_langa_prognoser(liten):
    assert liten.handelser_harledda  # the rates depend on the pension profile here
    u = Utforskning(liten, 2025, "a", antal_korningar=50)
    ut, _ = _samma_som_cykeln(liten, u, pensionsforskjutning=3, omsattningsfaktor=0.7)
    _samma_som_cykeln(liten, u, pensionsforskjutning=-2, deltid_okning=10, befolkningsvariant="Låg prognos")
    # Område A's forecast runs to 2032, B's to 2030: the projection ends where the kommun's does
    assert ut.framskrivning["ar"].max() == 2030
    # the rates follow the pension profile when the events are derived from the snapshots
    b = Utforskning(liten, 2025, "b", kommun=u.kommun, antal_korningar=50)
    profil = liten.konfig.med_antaganden(scenario_fran(3)).pensionsprofil
    takt = lambda p: b.kommun.takt(p).set_index(["namnd", "yrkeskategori"]).loc[("Nämnd B", "Q"), "takt"]  # noqa: E731
    assert (takt(liten.konfig.antaganden.pensionsprofil), takt(profil)) == pytest.approx((0.2, 0.3))
    _samma_som_cykeln(liten, b)
    _samma_som_cykeln(liten, b, pensionsforskjutning=3)


# ---------------------------------------------------------------------------- hand-computed

def test_omsattningsfaktor_for_hand(liten):
    """Need constant at 10 (constant population), rate 0,2 x f, nobody retires: hires = 10 x 0,2 x f
    per year, 5 years -> 10 x f."""
    u = Utforskning(liten, 2025, "a", antal_korningar=50)
    for f, facit in ((0.5, 5.0), (1.0, 10.0), (1.5, 15.0)):
        r = _rad(u.berakna(omsattningsfaktor=f).rekrytering, "S", 5)
        assert r["totalt"] == pytest.approx(facit)
        assert r["ersattning_pension"] == pytest.approx(0.0)


def test_pensionsforskjutning_for_hand(liten):
    """P: 10 aged 64, profile {65: 1}, rate 0,2, fixed need 10, two years.
    No shift: year 1 all 10 retire, 10 hired; year 2 2 of them leave -> 10 + 2 = 12.
    One year later: year 1 hazard p(65) = 0 under {66: 1}: 2 leave, 2 hired; year 2 the 8 retire and
    0,4 of the 2 new leave -> 8,4 hired; 2 + 8,4 = 10,4."""
    u = Utforskning(liten, 2025, "a", antal_korningar=50)
    assert _rad(u.berakna().rekrytering, "P", 2)["totalt"] == pytest.approx(12.0)
    assert _rad(u.berakna(pensionsforskjutning=1).rekrytering, "P", 2)["totalt"] == pytest.approx(10.4)


def test_tillvaxt_deltid_befolkning_och_bedomning_for_hand(liten):
    u = Utforskning(liten, 2025, "a", antal_korningar=50)
    # growth 1 % per year: behov(5) = 10 x 1,01^5
    assert _rad(u.berakna(tillvaxt=0.01).framskrivning, "S", 5)["behov"] == pytest.approx(10 * 1.01 ** 5)
    # part-time +10 pe: mean grade 75 -> 80, the same årsarbetare need 80/75 times fewer heads
    assert _rad(u.berakna(deltid_okning=10).gap, "S", 5)["behov"] == pytest.approx(10 * 75 / 80)
    # the low forecast: 2 % of the 2025 population fewer per year -> D(5)/D(0) = 0,9
    assert u.befolkningsvarianter == [GRUNDPROGNOS, "Låg prognos"]
    assert _rad(u.berakna(befolkningsvariant="Låg prognos").gap, "S", 5)["behov"] == pytest.approx(9.0)
    # "mer": the judged need is the projection + 15 % (interval +10 to +20 %)
    g = _rad(u.berakna(bedomning={"S": "mer"}).gap, "S", 5)
    assert (g["bedomt_behov"], g["bedomt_behov_lag"], g["bedomt_behov_hog"]) == pytest.approx((11.5, 11.0, 12.0))
    with pytest.raises(Berakningsfel, match="finns inte"):
        u.berakna(bedomning={"S": "lite mer"})


def test_scenarierna_raknas_en_gang_och_staplas_med_utforskningen(liten):
    u = Utforskning(liten, 2025, "a", antal_korningar=50)
    assert list(u.scenarier) == ["Låg prognos", "Lägre omsättning"]
    assert _rad(u.scenarier["Lägre omsättning"].rekrytering, "S", 5)["totalt"] == pytest.approx(5.0)
    stack = u.scenariostack(u.berakna(omsattningsfaktor=1.5))
    assert list(dict.fromkeys(stack["rekrytering"]["scenario"])) == ["bas", "Låg prognos", "Lägre omsättning",
                                                                   "Utforskning"]
    s = stack["rekrytering"]
    s = s[(s["yrkeskategori"] == "S") & (s["horisont"] == 5)].set_index("scenario")["totalt"]
    # Låg prognos: need 9,8, 9,6, ... 9,0; hires(t) = behov(t) - 0,8 x behov(t-1): 47,0 - 0,8 x 48,0 = 8,6
    assert s.to_dict() == pytest.approx({"bas": 10.0, "Låg prognos": 8.6, "Lägre omsättning": 5.0,
                                         "Utforskning": 15.0})
    # the base scenario is computed once, at start: not again per slider change
    assert u.bas is u.bas and u.berakna() is u.berakna()


def test_okand_namnd_ger_ett_begripligt_fel(liten):
    k = Kommununderlag(liten, 2025)
    with pytest.raises(Exception, match="finns inte"):
        Utforskning(liten, 2025, "c", kommun=k)


# ---------------------------------------------------------------------------- the view, without a browser

def test_rita_ger_diagram_och_nya_tal(liten):
    from kfanalys.rapport.utforska_vy import UtforskaVy

    vy = UtforskaVy(liten, 2025, "a", antal_korningar=50)
    forsta = vy.rita()
    assert forsta.html.count("<img") == 4  # projection, gap, recruitment need, scenarios
    assert set(forsta.ritade) == {"framskrivning", "gap", "rekrytering", "scenarier"}
    lag = vy.rita(omsattningsfaktor=0.5)
    hog = vy.rita(omsattningsfaktor=1.5)
    totalt = lambda r: r.tabeller["rekrytering"].set_index("yrkeskategori").loc[TOTALT, "totalt"]  # noqa: E731
    # S: 10 x f; P: 10 retire in year 1, then the 10 new face turnover 0,2 x f for four years:
    # P hires = 10 + 4 x 10 x 0,2 x f; Totalt = S + P
    for r, f in ((lag, 0.5), (hog, 1.5)):
        assert totalt(r) == pytest.approx(10 * f + 10 + 4 * 10 * 0.2 * f)
    # only the charts whose data changed are drawn again: the turnover moves the recruitment need, today's
    # staff remaining (projection chart) and the sliders' bar among the scenarios, not the gap
    assert sorted(hog.ritade) == ["framskrivning", "rekrytering", "scenarier"]
    # a judgement changes the gap table only: no chart is drawn again
    assert vy.rita(omsattningsfaktor=1.5, bedomning={"S": "mer"}).ritade == []
    assert "Utforskning" in hog.tabeller["scenarier_rekrytering"].columns
    assert hog.tabeller["scenarier_rekrytering"].set_index("yrkeskategori").loc["S", "Utforskning"] == \
        pytest.approx(15.0)


def test_reglagen_ritar_om_utan_webblasare(liten):
    import ipywidgets

    from kfanalys.rapport.utforska_vy import UtforskaVy

    vy = UtforskaVy(liten, 2025, "a", antal_korningar=50)
    w = vy.widget()
    assert isinstance(w, ipywidgets.VBox)
    k = vy.kontroller
    for namn in ("pensionsforskjutning", "omsattningsfaktor", "tillvaxt", "deltid_okning"):
        assert k[namn].continuous_update is False
    fore = k["ut"].value
    assert fore.count("<img") == 4

    k["omsattningsfaktor"].value = 0.5
    efter = k["ut"].value
    assert efter != fore
    s = vy.senaste.tabeller["rekrytering"].set_index("yrkeskategori")
    assert s.loc["S", "totalt"] == pytest.approx(5.0)
    assert k["etiketter"]["omsattningsfaktor"].value == "× 0,50"

    k["tillvaxt"].value = 1.0  # per cent per year
    assert vy.senaste.utfall.scenario.tillvaxt == pytest.approx(0.01)
    assert _rad(vy.senaste.utfall.framskrivning, "S", 5)["behov"] == pytest.approx(10 * 1.01 ** 5)
    assert k["etiketter"]["tillvaxt"].value == "1,0\u00a0% per år"

    k["bedomningar"]["S"].value = "mer"
    g = vy.senaste.tabeller["gap"].set_index("yrkeskategori")
    assert g.loc["S", "bedomt_behov"] == pytest.approx(11.5 * 1.01 ** 5)
    assert "mer" in k["ut"].value

    k["befolkningsvariant"].value = "Låg prognos"
    assert vy.senaste.utfall.scenario.befolkningsfil == "befolkningsprognos_lag.csv"

    k["pensionsforskjutning"].value = 1
    assert k["etiketter"]["pensionsforskjutning"].value == "+1 år"
    assert vy.senaste.utfall.scenario.pensionsforskjutning == 1


def test_byta_namnd_bygger_en_ny_utforskning_och_nya_bedomningsrutor(liten):
    from kfanalys.rapport.utforska_vy import UtforskaVy

    vy = UtforskaVy(liten, 2025, "a", antal_korningar=50)
    vy.widget()
    k = vy.kontroller
    a = vy.utforskning("a")
    assert sorted(k["bedomningar"]) == ["P", "S"]
    k["namnd"].value = "Nämnd B"
    assert sorted(k["bedomningar"]) == ["Q", "S"]  # B has no P
    assert set(vy.senaste.utfall.rekrytering["namnd"]) == {"Nämnd B"}
    assert "Nämnd B" in k["ut"].value
    assert vy.utforskning("b") is not a
    k["namnd"].value = "Nämnd A"
    assert vy.utforskning("a") is a  # cached per nämnd, not rebuilt
    assert set(vy.senaste.utfall.rekrytering["namnd"]) == {"Nämnd A"}


def test_visa_ger_widget_och_statisk_bild(liten, monkeypatch):
    from kfanalys.rapport import utforska_vy

    visade = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: visade.append((obj, raw)))
    vy = utforska_vy.UtforskaVy(liten, 2025, "a", antal_korningar=50)
    vy.visa()
    (bunt, raw), = visade
    assert raw is True
    assert "application/vnd.jupyter.widget-view+json" in bunt
    assert bunt["text/html"].count("<img") == 4


def test_text_fran_data_escapas(liten):
    from kfanalys.rapport.utforska_vy import installningstext

    t = installningstext("<b>N</b>", 2025, 0, 1.0, None, 0, "<script>")
    assert "<script>" not in t.html and "&lt;script&gt;" in t.html
    assert "<b>N</b>" not in t.html


# ---------------------------------------------------------------------------- speed: stages, charts in place

def test_namndens_summor_ger_samma_rader_som_med_summor():
    """The one-nämnd sum rows equal med_summor's (minus Hela kommunen): values, dtypes and order; a column
    in alla_eller_inget is NaN in the sum when one category lacks it."""
    from kfanalys.berakning.cykel import med_summor
    from kfanalys.berakning.utforskning import namndens_summor

    df = pd.DataFrame({"namnd": "N", "yrkeskategori": ["B", "B", "A", "A"], "horisont": [2, 5, 2, 5],
                       "antal": [3, 3, 4, 4], "behov": [1.0, 2.0, 3.0, 4.0], "gap": [2.0, 1.0, 1.0, 0.0],
                       "bedomning": ["mer", "mer", None, None], "bedomt_behov": [1.15, 2.3, float("nan"), 4.0],
                       "bedomt_behov_lag": [1.1, 2.2, float("nan"), 4.0], "bedomt_behov_hog": [1.2, 2.4, 3.0, 4.0]})
    ut = namndens_summor(df, "gap")
    facit = med_summor(df, ["horisont"], ["antal", "behov", "gap", "bedomt_behov", "bedomt_behov_lag",
                                          "bedomt_behov_hog"],
                       alla_eller_inget=("bedomt_behov", "bedomt_behov_lag", "bedomt_behov_hog"))
    facit = facit[facit["namnd"] == "N"].reset_index(drop=True)
    pd.testing.assert_frame_equal(ut, facit)
    tot = ut[ut["yrkeskategori"] == TOTALT].set_index("horisont")
    # by hand: antal 3 + 4 = 7; behov at 2 years 1 + 3 = 4; bedomt_behov at 2 years has a NaN -> NaN, at 5: 6,3
    assert tot.loc[2, "antal"] == 7 and tot.loc[2, "behov"] == pytest.approx(4.0)
    assert pd.isna(tot.loc[2, "bedomt_behov"]) and tot.loc[5, "bedomt_behov"] == pytest.approx(6.3)
    assert list(ut["yrkeskategori"]) == ["A", "A", "B", "B", TOTALT, TOTALT]


def test_en_andring_raknar_bara_om_det_den_paverkar(liten):
    """Stages (0,7: no scenario of kommun.yaml has it, so nothing is cached yet): a turnover change reuses
    the projection and the gap; a judgement reuses the projection, the
    recruitment need and the simulation; growth recomputes all; an earlier setting costs nothing."""
    u = Utforskning(liten, 2025, "a", antal_korningar=50)
    fore = dict(u.rakningar)
    u.berakna(omsattningsfaktor=0.7)
    assert {k: u.rakningar[k] - fore[k] for k in fore} == {"framskrivning": 0, "gap": 0, "rekrytering": 1,
                                                           "simulering": 1}
    fore = dict(u.rakningar)
    g = u.berakna(omsattningsfaktor=0.7, bedomning={"S": "mer"})
    assert {k: u.rakningar[k] - fore[k] for k in fore} == {"framskrivning": 0, "gap": 1, "rekrytering": 0,
                                                           "simulering": 0}
    assert _rad(g.gap, "S", 5)["bedomt_behov"] == pytest.approx(11.5)  # 10 x 1,15
    assert _rad(g.rekrytering, "S", 5)["totalt"] == pytest.approx(7.0)  # 10 x 0,2 x 0,7 x 5 years
    fore = dict(u.rakningar)
    u.berakna(omsattningsfaktor=0.7, tillvaxt=0.01)
    assert {k: u.rakningar[k] - fore[k] for k in fore} == {"framskrivning": 1, "gap": 1, "rekrytering": 1,
                                                           "simulering": 1}
    fore = dict(u.rakningar)
    u.berakna(omsattningsfaktor=0.7)
    assert u.rakningar == fore


def test_reglaget_ritar_om_bilderna_med_nya_tal_i_alt_texten(liten):
    """A slider change updates the chart images (other PNG bytes) and the alt text carries the new numbers.
    Nämnd A at horizon 5: S needs 10 x 0,2 x f x 5 = 10f; P: its 10 retire in year 1 (pension 10), the 10 new
    leave at 0,2 x f for four years (8f). f = 1: Totalt 28, P 18 (omsättning 8, pension 10);
    f = 0,5: Totalt 19, P 14 (omsättning 4, pension 10)."""
    import re

    from kfanalys.rapport.utforska_vy import UtforskaVy

    vy = UtforskaVy(liten, 2025, "a", antal_korningar=50)
    vy.widget()
    k = vy.kontroller

    def bilder():
        return dict(zip(["framskrivning", "gap", "rekrytering", "scenarier"],
                        re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', k["ut"].value)))

    fore = bilder()
    png_fore = vy.diagram()["rekrytering"].png
    assert "rekryteringsbehovet de kommande fem åren är 28 personer" in fore["rekrytering"][1]
    assert "Störst är det för P: 18 personer (expansion 0, personalomsättning 8, pension 10)" in fore["rekrytering"][1]
    k["omsattningsfaktor"].value = 0.5
    efter = bilder()
    assert vy.diagram()["rekrytering"].png != png_fore
    assert efter["rekrytering"][0] != fore["rekrytering"][0]  # the image in the HTML area is the new one
    assert "rekryteringsbehovet de kommande fem åren är 19 personer" in efter["rekrytering"][1]
    assert "Störst är det för P: 14 personer (expansion 0, personalomsättning 4, pension 10)" in efter["rekrytering"][1]
    assert efter["gap"] == fore["gap"]  # the gap did not move: the same image
    # the sliders' bar among the scenarios: Utforskning 19 (Grundantaganden 28, Lägre omsättning f = 0,5: 19)
    assert "Grundantaganden 28" in efter["scenarier"][1] and "Utforskning (reglagen) 19" in efter["scenarier"][1]
    # part-time +10 pe: S needs 10 x 75/80 = 9,375 from year 1, gap at 5 years +0,6 -> "+1"; P all full-time: 0
    k["deltid_okning"].value = 10
    assert bilder()["gap"][0] != efter["gap"][0]
    assert "Gap om fem år: P 0, S +1." in bilder()["gap"][1]


def test_diagrammen_byggs_en_gang_per_namnd_och_uppdateras_sedan(liten, monkeypatch):
    """Each chart's Figure is made once per nämnd; later changes update it in place (no new Figure)."""
    from kfanalys.rapport import utforska_figur
    from kfanalys.rapport.utforska_vy import UtforskaVy

    skapade = []
    Figure = utforska_figur.Figure

    def raknad(*a, **kw):
        skapade.append(1)
        return Figure(*a, **kw)
    monkeypatch.setattr(utforska_figur, "Figure", raknad)
    vy = UtforskaVy(liten, 2025, "a", antal_korningar=50)
    vy.rita()
    figurer = {n: d.fig for n, d in vy.diagram().items()}
    assert len(skapade) == 4
    for installning in ({"omsattningsfaktor": 0.5}, {"pensionsforskjutning": 1}, {"tillvaxt": 0.01},
                        {"deltid_okning": 10}, {"befolkningsvariant": "Låg prognos"}):
        vy.rita(**installning)
    assert len(skapade) == 4  # no chart was built again
    d = vy.diagram()
    assert {n: x.fig for n, x in d.items()} == figurer
    assert {n: x.byggen for n, x in d.items()} == {n: 1 for n in d}
    # rendered at every change its data moved: the recruitment need at all six drawings
    assert d["rekrytering"].uppdateringar == 6
    vy.rita(namnd="b")
    assert len(skapade) == 8 and vy.diagram("b")["gap"].fig is not figurer["gap"]
    vy.rita(namnd="a", omsattningsfaktor=0.7)
    assert len(skapade) == 8 and vy.diagram("a")["gap"].fig is figurer["gap"]


def test_bilden_uppdaterad_pa_plats_ar_samma_som_en_hel_omritning(liten):
    """The layered update (fixed part, axes, moving artists) leaves no stale pixels: after the bars shrink,
    the image equals a full redraw of the same figure (up to the few pixels where a bar meets an axis line)."""
    import numpy as np

    from kfanalys.rapport.utforska_vy import UtforskaVy

    vy = UtforskaVy(liten, 2025, "a", antal_korningar=50)
    vy.rita(omsattningsfaktor=1.5, deltid_okning=10)
    vy.rita(omsattningsfaktor=0.5)
    for namn, d in vy.diagram().items():
        blittad = np.asarray(d.fig.canvas.buffer_rgba()).copy()
        for a in (*d.axellager, *d.rorliga):
            a.set_animated(False)
        d.fig.canvas.draw()
        hel = np.asarray(d.fig.canvas.buffer_rgba())
        olika = (np.abs(blittad.astype(int) - hel.astype(int)).max(axis=2) > 40).mean()
        assert olika < 0.002, (namn, olika)
