"""The cycle computation end to end on the Exempelkommun (berakna_cykel, the previous-cycle rule,
spara, las_resultat, CLI)."""

from __future__ import annotations

import dataclasses
import json
import shutil

import numpy as np
import pandas as pd
import pytest
import yaml

from kfanalys.modell import floden
from kfanalys.modell import risk
from kfanalys.berakning.cykel import Resultat, berakna_cykel, med_summor
from kfanalys.berakning.lagring import las_resultat, spara
from kfanalys.berakning.orkestrering import (ANM_OMRAKNAD, berakna_med_foregaende, berakna_och_spara,
                                             foregaende_resultat, kor_scenarier, med_osakerhet_och_scenarier,
                                             workshop_for_cykel)
from kfanalys.grund.fel import Berakningsfel

HK, TOT = "Hela kommunen", "Totalt"


@pytest.fixture(scope="module")
def resultat(exempel_indata) -> Resultat:
    """Cycle 2025 alone: no workshop, no previous cycle."""
    return berakna_cykel(exempel_indata, 2025)


@pytest.fixture(scope="module")
def tom_rot(tmp_path_factory):
    """A project root without data/processed/: the previous cycle is always recomputed."""
    return tmp_path_factory.mktemp("tom_rot")


@pytest.fixture(scope="module")
def med_foregaende(exempelmapp, exempel_indata, tom_rot) -> Resultat:
    """Cycle 2025 with its workshop workbooks and cycle 2023 recomputed (nothing stored)."""
    return berakna_med_foregaende(exempelmapp, 2025, indata=exempel_indata, rot=tom_rot)


@pytest.fixture(scope="module")
def sparad_rot(exempelmapp, tmp_path_factory):
    """``kfanalys berakna`` for 2023, then 2025 (which follows up the stored 2023)."""
    rot = tmp_path_factory.mktemp("sparad_rot")
    berakna_och_spara(exempelmapp, 2023, rot=rot)
    berakna_och_spara(exempelmapp, 2025, rot=rot)
    return rot


def _kategorirader(df):
    return df[(df["namnd"] != HK) & (df["yrkeskategori"] != TOT)]


def test_alla_tabeller_med_kolumner_enligt_arkitektur(resultat):
    kolumner = {
        "framskrivning": ["namnd", "yrkeskategori", "ar", "horisont", "drivare", "drivare_antal", "drivare_index",
                          "antal", "arsarbetare", "behov", "behov_arsarbetare"],
        "gap": ["namnd", "yrkeskategori", "horisont", "antal", "behov", "gap", "bedomning", "bedomt_behov",
                "bedomt_behov_lag", "bedomt_behov_hog"],
        "kvalitativt_gap": ["namnd", "yrkeskategori", "niva", "procentenheter", "personer"],
        "rekrytering": ["namnd", "yrkeskategori", "horisont", "antal", "behov", "gap", "expansion",
                        "ersattning_omsattning", "ersattning_pension", "totalt"],
        "risk": ["namnd", "yrkeskategori", "konsekvens", "sannolikhet", "foreslagen_konsekvens",
                 "foreslagen_sannolikhet", "motivering", "kalla", "foregaende_konsekvens", "foregaende_sannolikhet",
                 "motivering_utan_takt", "takt_namnd", "takt_yrkeskategori"],
        "uppfoljning": ["namnd", "yrkeskategori", "ar", "prognos_behov", "faktiskt_antal", "prognos_rekryteringar",
                        "faktiska_rekryteringar"],
        "plan": ["namnd", "omrade", "behov", "aktivitet", "maldatum", "ansvarig", "status", "cykel"],
    }
    for namn, kol in kolumner.items():
        assert list(resultat.tabeller[namn].columns) == kol, namn
    for namn in ("urval", "nulage", "aldersstruktur", "chefer", "floden", "omsattning", "pension", "pension_per_ar",
                 "rekrytering_per_ar"):
        assert namn in resultat.tabeller and len(resultat.tabeller[namn]), namn


def test_antal_ar_manadsavlonade_vid_basdatum(resultat, exempel_indata):
    # N counted directly from the register: latest matdatum in 2025, loneform manad
    a = exempel_indata.anstallningar
    bas = a["matdatum"][a["matdatum"].dt.year == 2025].max()
    n = a[(a["matdatum"] == bas) & (a["loneform"] == "manad")].groupby(["namnd", "yrkeskategori"]).size()
    r = _kategorirader(resultat.tabeller["rekrytering"])
    r = r[r["horisont"] == 2].set_index(["namnd", "yrkeskategori"])["antal"]
    pd.testing.assert_series_equal(r.sort_index().astype(float), n.sort_index().astype(float), check_names=False)
    f = _kategorirader(resultat.tabeller["framskrivning"])
    h0 = f[f["horisont"] == 0]
    assert np.allclose(h0["behov"], h0["antal"]) and np.allclose(h0["drivare_index"], 1.0)
    assert resultat.meta["basdatum"] == bas.date().isoformat()


def test_identiteter_och_summarader(resultat):
    r = resultat.tabeller["rekrytering"]
    # decomposition: total = expansion + replacements, on every row
    assert np.allclose(r["totalt"], r["expansion"] + r["ersattning_omsattning"] + r["ersattning_pension"])
    g = resultat.tabeller["gap"]
    assert np.allclose(g["gap"], g["antal"] - g["behov"])
    # the kommun total equals the sum of the category rows
    kat = _kategorirader(r)
    hk = r[(r["namnd"] == HK) & (r["yrkeskategori"] == TOT)].set_index("horisont")
    for h in (2, 5):
        assert hk.loc[h, "totalt"] == pytest.approx(kat.loc[kat["horisont"] == h, "totalt"].sum())
    assert set(resultat.tabeller["risk"]["konsekvens"]) <= set(risk.KONSEKVENSER)
    assert set(resultat.tabeller["risk"]["kalla"]) == {"data"}


def test_utan_foregaende_ingen_uppfoljning(resultat):
    # the pure computation never looks for the previous cycle itself
    assert resultat.meta["foregaende_cykel"] is None
    assert resultat.tabeller["uppfoljning"].empty and resultat.tabeller["plan_uppfoljning"].empty
    assert not any("öregående" in n for n in resultat.meta["anmarkningar"])


def test_foregaende_cykel_raknas_om_och_foljs_upp(med_foregaende, exempel_indata):
    assert ANM_OMRAKNAD in med_foregaende.meta["anmarkningar"]
    assert med_foregaende.meta["foregaende_cykel"] == 2023
    u = _kategorirader(med_foregaende.tabeller["uppfoljning"])
    intervall = exempel_indata.konfig.antaganden.cykel_intervall
    assert len(u) and set(u["ar"]) == set(range(2025 - intervall + 1, 2026))
    assert (u["faktiskt_antal"] > 0).any()


def test_omraknad_foregaende_cykel_laser_sina_workshopunderlag(med_foregaende, exempelmapp, exempel_indata):
    # divergence fixed: a recomputed previous cycle used to ignore its workshop workbooks (0 rows of
    # plan_uppfoljning, 12 of the 78 previous risk judgements wrong on the Exempelkommun); its plan
    # and risk judgements come from the 2023 workbooks
    ws23 = workshop_for_cykel(exempelmapp, 2023, exempel_indata)
    assert len(ws23.plan) and len(ws23.riskbedomning)
    pu = med_foregaende.tabeller["plan_uppfoljning"]
    assert len(pu) == len(ws23.plan) == 26
    assert set(pu["aktivitet"]) == set(ws23.plan["aktivitet"])
    risk = med_foregaende.tabeller["risk"].set_index(["namnd", "yrkeskategori"])
    bed = ws23.riskbedomning.set_index(["namnd", "yrkeskategori"])
    assert risk.loc[bed.index, "foregaende_sannolikhet"].tolist() == bed["sannolikhet"].tolist()
    assert risk.loc[bed.index, "foregaende_konsekvens"].tolist() == bed["konsekvens"].tolist()


def _lika(a: Resultat, b: Resultat, utom=()):
    assert set(a.tabeller) - set(utom) == set(b.tabeller) - set(utom)
    for namn in sorted(set(a.tabeller) - set(utom)):
        pd.testing.assert_frame_equal(a.tabeller[namn].reset_index(drop=True), b.tabeller[namn].reset_index(drop=True),
                                      check_dtype=False, check_exact=False, obj=namn)


def test_orkestreringen_ger_samma_tabeller_som_den_rena_berakningen(med_foregaende, exempelmapp, exempel_indata,
                                                                     tom_rot):
    konfig = exempel_indata.konfig
    foreg = foregaende_resultat(exempelmapp, 2025, konfig, exempel_indata, rot=tom_rot)
    assert foreg is not None and foreg.meta["omrakning"] == ANM_OMRAKNAD
    ren = berakna_cykel(exempel_indata, 2025, workshop=workshop_for_cykel(exempelmapp, 2025, exempel_indata),
                        foregaende=foreg)
    _lika(med_foregaende, ren)


def test_sparad_och_omraknad_foregaende_cykel_ger_samma_tabeller(med_foregaende, exempelmapp, exempel_indata,
                                                                  sparad_rot):
    # the stored 2023 (made from the same inputs) is used, and gives what the recomputation gives
    foreg = foregaende_resultat(exempelmapp, 2025, exempel_indata.konfig, exempel_indata, rot=sparad_rot)
    assert foreg.meta["omrakning"] == ""
    fran_sparad = berakna_med_foregaende(exempelmapp, 2025, indata=exempel_indata, rot=sparad_rot)
    assert not any("räknats om" in n for n in fran_sparad.meta["anmarkningar"])
    _lika(med_foregaende, fran_sparad)
    # and the saved CSVs of `kfanalys berakna` hold the same deterministic tables
    sparade = las_resultat(sparad_rot / "data" / "processed" / "2025" / "bas")
    _lika(med_foregaende, sparade, utom=("rekrytering_intervall", "rekrytering_intervall_per_ar", "backtest",
                                         "backtest_per_grupp", "scenarier_gap", "scenarier_rekrytering"))


def test_sparad_foregaende_cykel_fran_andra_indata_raknas_om(exempelmapp, exempel_indata, sparad_rot, tmp_path):
    rot = tmp_path / "rot"
    shutil.copytree(sparad_rot, rot)
    fil = rot / "data" / "processed" / "2023" / "bas" / "antaganden.json"
    meta = json.loads(fil.read_text(encoding="utf-8"))
    fil.write_text(json.dumps({**meta, "kommun": "Annan kommun"}), encoding="utf-8")
    foreg = foregaende_resultat(exempelmapp, 2025, exempel_indata.konfig, exempel_indata, rot=rot)
    assert "annan kommun" in foreg.meta["omrakning"]
    fil.write_text(json.dumps({**meta, "basdatum": "2023-10-01"}), encoding="utf-8")  # another base date
    assert "annat basdatum" in foregaende_resultat(exempelmapp, 2025, exempel_indata.konfig, exempel_indata,
                                                   rot=rot).meta["omrakning"]


def test_sparad_foregaende_cykel_anvands_aven_nar_registret_vuxit(exempelmapp, exempel_indata, sparad_rot, tmp_path):
    # the normal yearly case: the register of cycle 2025 has two more snapshots than that of 2023,
    # and the follow-up must compare with the forecast that was made then, not a recomputed one
    rot = tmp_path / "rot"
    shutil.copytree(sparad_rot, rot)
    fil = rot / "data" / "processed" / "2023" / "bas" / "antaganden.json"
    meta = json.loads(fil.read_text(encoding="utf-8"))
    fil.write_text(json.dumps({**meta, "indata_hash": "0" * 64, "skapad": "2023-11-20T10:00:00"}), encoding="utf-8")
    foreg = foregaende_resultat(exempelmapp, 2025, exempel_indata.konfig, exempel_indata, rot=rot)
    assert foreg.meta["omrakning"].startswith("Föregående cykels prognos är den som sparades 2023-11-20")
    assert foreg.meta["skapad"] == "2023-11-20T10:00:00"  # the stored one, not a recomputation


def test_ingen_foregaende_cykel_i_personaldata(exempelmapp, exempel_indata, tom_rot):
    assert foregaende_resultat(exempelmapp, 2021, exempel_indata.konfig, exempel_indata, rot=tom_rot) is None


def test_spara_och_las_tillbaka(resultat, exempel_indata, tmp_path):
    mapp = spara(resultat, tmp_path / "2025" / "bas")
    meta = json.loads((mapp / "antaganden.json").read_text(encoding="utf-8"))
    assert meta["indata_hash"] == exempel_indata.filhash
    assert meta["definitioner"]["omsattning"] == floden.DEFINITION_OMSATTNING
    assert meta["definitioner"]["risk"] == risk.REGEL
    assert meta["cykel"] == 2025 and meta["scenario"] == "bas" and meta["version"]
    assert not list(mapp.glob("*.tmp")) and not list(mapp.glob(".*"))
    tillbaka = las_resultat(mapp)
    assert set(tillbaka.tabeller) == set(resultat.tabeller)
    assert pd.api.types.is_datetime64_any_dtype(tillbaka.tabeller["floden"]["period_fran"])
    for namn in ("framskrivning", "gap", "rekrytering", "risk"):
        pd.testing.assert_frame_equal(tillbaka.tabeller[namn], resultat.tabeller[namn].reset_index(drop=True),
                                      check_dtype=False, check_exact=False, obj=namn)


def test_berakna_och_spara_och_foljer_upp_sparad_cykel(exempelmapp, sparad_rot):
    mapp = sparad_rot / "data" / "processed" / "2025" / "bas"
    assert (sparad_rot / "data" / "processed" / "2023" / "bas" / "antaganden.json").exists()
    meta = json.loads((mapp / "antaganden.json").read_text(encoding="utf-8"))
    # the previous cycle was saved, so nothing was recomputed
    assert not any("räknats om" in n for n in meta["anmarkningar"])
    assert meta["foregaende_cykel"] == 2023 and meta["underlag_hash"]
    assert (mapp / "uppfoljning.csv").exists() and (mapp / "rekrytering.csv").exists()
    # the report sentences are written at render time, not stored as a table
    assert not (mapp / "osakerhet_text.csv").exists()
    sim = dict(meta["simulering"])
    modell = sim.pop("omsattningsmodell")
    assert sim == {"antal_korningar": 1000, "seed": 2025, "parameterosakerhet": True}
    # the turnover model of the simulation: the four 12-month periods of the snapshots 2021-2025
    assert (modell["antal_ar"], modell["ar"]) == (4, [2022, 2023, 2024, 2025])
    # the Exempelkommun's filled workshop workbooks are read for every nämnd, none rejected
    assert not any("kunde inte läsas" in n for n in meta["anmarkningar"]), meta["anmarkningar"]
    res = las_resultat(mapp)
    namnder = {n["namn"] for n in yaml.safe_load((exempelmapp / "kommun.yaml").read_text(encoding="utf-8"))["namnder"]}
    for tabell in ("plan", "kvalitativt_gap"):
        assert set(res.tabeller[tabell]["namnd"]) == namnder, tabell
    bedomda = res.tabeller["gap"].dropna(subset=["bedomning"])
    assert set(bedomda["namnd"]) - {"Hela kommunen"} == namnder
    assert len(res.tabeller["plan_uppfoljning"]) == 26


def test_spara_tar_bort_gammal_osakerhet_text(resultat, tmp_path):
    (tmp_path / "osakerhet_text.csv").write_text("namnd,stycke,text\n", encoding="utf-8")
    spara(resultat, tmp_path)
    assert not (tmp_path / "osakerhet_text.csv").exists()


def test_summa_bara_nar_alla_rader_har_varde():
    # the all-or-nothing rule: a sum over the judged categories only would pass for the whole nämnd
    df = pd.DataFrame({"namnd": ["N", "N", "M"], "yrkeskategori": ["A", "B", "A"], "horisont": 2,
                       "behov": [10.0, 5.0, 4.0], "bedomt_behov": [12.0, np.nan, 3.0]})
    r = med_summor(df, ["horisont"], ["behov", "bedomt_behov"], alla_eller_inget=("bedomt_behov",))
    r = r.set_index(["namnd", "yrkeskategori"])
    assert r.loc[("N", TOT), "behov"] == 15.0 and np.isnan(r.loc[("N", TOT), "bedomt_behov"])
    assert r.loc[("M", TOT), "bedomt_behov"] == 3.0                      # every row judged
    assert r.loc[(HK, "A"), "bedomt_behov"] == 15.0                      # 12 + 3
    assert np.isnan(r.loc[(HK, "B"), "bedomt_behov"]) and np.isnan(r.loc[(HK, TOT), "bedomt_behov"])
    # without the rule the same columns are plain sums
    vanlig = med_summor(df, ["horisont"], ["behov", "bedomt_behov"]).set_index(["namnd", "yrkeskategori"])
    assert vanlig.loc[("N", TOT), "bedomt_behov"] == 12.0


def test_gap_summerar_bedomt_behov_bara_om_alla_ar_bedomda(exempel_indata, resultat):
    # one judged yrkeskategori of a nämnd: its own row has the judged need, the nämnd's Totalt has none
    from types import SimpleNamespace

    g = _kategorirader(resultat.tabeller["gap"])
    namnd = g["namnd"].iloc[0]
    yrken = g.loc[g["namnd"] == namnd, "yrkeskategori"].unique()
    assert len(yrken) > 1
    bed = pd.DataFrame({"namnd": namnd, "yrkeskategori": yrken[0], "horisont": [2, 5], "bedomning": "mer"})
    res = berakna_cykel(exempel_indata, 2025, workshop=SimpleNamespace(bedomningar=bed))
    gap = res.tabeller["gap"].set_index(["namnd", "yrkeskategori", "horisont"])
    assert gap.loc[(namnd, yrken[0], 2), "bedomt_behov"] > 0
    assert np.isnan(gap.loc[(namnd, TOT, 2), "bedomt_behov"])
    assert np.isnan(gap.loc[(HK, TOT, 2), "bedomt_behov"])
    # judged everywhere: the sums are given
    alla = g[g["horisont"].isin([2, 5])][["namnd", "yrkeskategori", "horisont"]].assign(bedomning="samma")
    res = berakna_cykel(exempel_indata, 2025, workshop=SimpleNamespace(bedomningar=alla))
    gap = res.tabeller["gap"].set_index(["namnd", "yrkeskategori", "horisont"])
    assert gap.loc[(HK, TOT, 2), "bedomt_behov"] == pytest.approx(gap.loc[(HK, TOT, 2), "behov"])


def test_cli_berakna_scenario(exempelmapp, tmp_path, monkeypatch):
    from kfanalys.cli import main

    monkeypatch.setenv("KFANALYS_ROT", str(tmp_path))
    assert main(["berakna", "--cykel", "2025", "--data", str(exempelmapp), "--scenario", "Pension vid 66"]) == 0
    mapp = tmp_path / "data" / "processed" / "2025" / "pension_vid_66"
    assert json.loads((mapp / "antaganden.json").read_text(encoding="utf-8"))["scenario"] == "Pension vid 66"


def test_scenarier_sida_vid_sida(exempel_indata):
    s = kor_scenarier(exempel_indata, 2025, ["bas", "Pension vid 66", "Lägre personalomsättning",
                                             "Låg befolkningsprognos"])
    r = s["rekrytering"]
    assert list(r.columns)[0] == "scenario"
    tot = r[(r["namnd"] == HK) & (r["yrkeskategori"] == TOT) & (r["horisont"] == 5)].set_index("scenario")
    assert tot.loc["Pension vid 66", "ersattning_pension"] < tot.loc["bas", "ersattning_pension"]
    assert tot.loc["Lägre personalomsättning", "ersattning_omsattning"] < tot.loc["bas", "ersattning_omsattning"]
    f = s["framskrivning"]
    f = f[(f["namnd"] == HK) & (f["yrkeskategori"] == TOT) & (f["horisont"] == 5)].set_index("scenario")
    assert f.loc["Låg befolkningsprognos", "behov"] != pytest.approx(f.loc["bas", "behov"])


def test_fel_horisont_bortom_prognosen_skriver_inget(exempelmapp, tmp_path):
    mapp = tmp_path / "kommun"
    shutil.copytree(exempelmapp, mapp)
    k = yaml.safe_load((mapp / "kommun.yaml").read_text(encoding="utf-8"))
    k["antaganden"]["horisonter"] = [2, 50]
    (mapp / "kommun.yaml").write_text(yaml.safe_dump(k, allow_unicode=True), encoding="utf-8")
    with pytest.raises(Berakningsfel, match="prognosen slutar 2035 men horisonten kräver 20"):
        berakna_och_spara(mapp, 2025, rot=tmp_path)
    assert not (tmp_path / "data" / "processed").exists()


def test_fel_drivaraldrar_saknas(exempel_indata):
    bef = exempel_indata.befolkning
    trasig = dataclasses.replace(exempel_indata, befolkning=bef[bef["alder"] < 90].reset_index(drop=True))
    with pytest.raises(Berakningsfel, match="åldrarna 90-100 saknas"):
        berakna_cykel(trasig, 2025, foregaende=False)


def test_osakerhet_och_backtest_pa_exempelkommunen(exempel_indata):
    # 2025: rolling backtest. Snapshots 2021-2025: origins 2022 and 2023 have two later years and a snapshot
    # 12 months before (2021 has none), scored on 2023-2025 and 2024-2025 (the cut at the base date is tested
    # in test_backtest_rullande.py with impossible future rows)
    res25 = med_osakerhet_och_scenarier(exempel_indata, 2025, berakna_cykel(exempel_indata, 2025),
                                        antal_korningar=200)
    bt = res25.meta["backtest"]
    assert (bt["till_cykel"], bt["fran_cykler"], bt["ar"], bt["otillrackligt"]) == (
        2025, [2022, 2023], [2023, 2024, 2025], None)
    assert bt["minsta_antal"] == exempel_indata.konfig.antaganden.minsta_antal
    assert [u["fran_cykel"] for u in bt["ursprung"]] == [2021, 2022, 2023] and bt["ursprung"][0]["otillrackligt"]
    pg = res25.tabeller["backtest_per_grupp"]
    assert set(zip(pg["fran_cykel"], pg["ar"])) == {(2022, 2023), (2022, 2024), (2022, 2025), (2023, 2024),
                                                    (2023, 2025)}
    iv = res25.tabeller["rekrytering_intervall"]
    assert (iv["lag"] <= iv["median"]).all() and (iv["median"] <= iv["hog"]).all()
    assert set(res25.tabeller["scenarier_rekrytering"]["scenario"]) >= {"bas", "Pension vid 66"}
    assert "osakerhet_text" not in res25.tabeller
    # 2023: a backtest from 2021 has no turnover history before it: the report says so instead of scoring
    res23 = med_osakerhet_och_scenarier(exempel_indata, 2023, berakna_cykel(exempel_indata, 2023),
                                        antal_korningar=200)
    assert res23.meta["backtest"]["otillrackligt"]
    assert "backtest" not in res23.tabeller

    from kfanalys.modell.urval import publicerade_tabeller
    from kfanalys.modell.omsattningsmodell import METODTEXT
    from kfanalys.rapport.prognostext import hur_saker_stycken

    pub = publicerade_tabeller(res23.tabeller, exempel_indata.konfig.antaganden.minsta_antal)
    for n in exempel_indata.konfig.namnder:
        stycken = hur_saker_stycken(pub, res23.meta, n.namn)
        # the simulation, the turnover model in words, why no forecast could be tested, the closing paragraph
        assert len(stycken) == 4 and "200 gånger" in stycken[0], n.namn
        assert stycken[1].startswith(METODTEXT), n.namn
        assert stycken[2].startswith("Prognosen har inte kunnat prövas mot verkligt utfall.")


def test_arbetsbockerna_foljer_samma_regel_for_foregaende_cykel(exempelmapp, exempel_indata, med_foregaende,
                                                                tmp_path, monkeypatch):
    # the blank workbooks of 2025 show the previous cycle of the one rule: the risk's föregående
    # judgements and the Plan sheet come from the 2023 workbooks, as in the report's tables
    from openpyxl import load_workbook

    from kfanalys.underlag.arbetsbok import skriv_underlag_for_cykel, workshoptabeller

    monkeypatch.setenv("KFANALYS_ROT", str(tmp_path))  # nothing stored: 2023 is recomputed
    _, risk = workshoptabeller(exempel_indata, exempelmapp, 2025)
    kol = ["foregaende_konsekvens", "foregaende_sannolikhet"]
    rapportens = med_foregaende.tabeller["risk"].set_index(["namnd", "yrkeskategori"])[kol]
    pd.testing.assert_frame_equal(risk.set_index(["namnd", "yrkeskategori"])[kol],
                                  rapportens.loc[risk.set_index(["namnd", "yrkeskategori"]).index])
    n = exempel_indata.konfig.namnder[0]
    [bok] = skriv_underlag_for_cykel(exempelmapp, 2025, namnder=[n.kortnamn], ut=tmp_path / "ut")
    blad = load_workbook(bok)["Plan"]
    aktiviteter = [r[0] for r in blad.iter_rows(min_row=2, min_col=3, max_col=3, values_only=True) if r[0]]
    plan23 = workshop_for_cykel(exempelmapp, 2023, exempel_indata).plan
    assert aktiviteter and aktiviteter == plan23.loc[plan23["namnd"] == n.namn, "aktivitet"].tolist()
