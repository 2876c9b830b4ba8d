"""The cycle computation end to end on the Exempelkommun (berakna_cykel, spara, las_resultat, CLI)."""

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
from kfanalys.berakning.cykel import Resultat, berakna_cykel, berakna_och_spara, las_resultat, spara
from kfanalys.grund.fel import Berakningsfel
from kfanalys.modell.scenario import kor_scenarier

HK, TOT = "Hela kommunen", "Totalt"


@pytest.fixture(scope="module")
def resultat(exempel_indata) -> Resultat:
    return berakna_cykel(exempel_indata, 2025)


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
                 "foreslagen_sannolikhet", "motivering", "kalla", "foregaende_konsekvens", "foregaende_sannolikhet"],
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


def test_foregaende_cykel_raknas_om_och_foljs_upp(resultat, exempel_indata):
    assert "Föregående cykels prognos fanns inte sparad och har räknats om från rådata." in \
        resultat.meta["anmarkningar"]
    u = _kategorirader(resultat.tabeller["uppfoljning"])
    intervall = exempel_indata.konfig.antaganden.cykel_intervall
    assert len(u) and set(u["ar"]) == set(range(2025 - intervall + 1, 2026))
    assert (u["faktiskt_antal"] > 0).any()


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


def test_berakna_och_spara_och_foljer_upp_sparad_cykel(exempelmapp, tmp_path):
    intervall = 2
    forra = berakna_och_spara(exempelmapp, 2025 - intervall, rot=tmp_path)
    assert forra == tmp_path / "data" / "processed" / str(2025 - intervall) / "bas"
    mapp = berakna_och_spara(exempelmapp, 2025, rot=tmp_path)
    meta = json.loads((mapp / "antaganden.json").read_text(encoding="utf-8"))
    # the previous cycle was saved, so nothing was recomputed
    assert not any("räknats om" in n for n in meta["anmarkningar"])
    assert (mapp / "uppfoljning.csv").exists() and (mapp / "rekrytering.csv").exists()
    # the Exempelkommun's filled workshop workbooks are read for every nämnd, none rejected
    assert not any("kunde inte läsas" in n for n in meta["anmarkningar"]), meta["anmarkningar"]
    res = las_resultat(mapp)
    namnder = {n["namn"] for n in yaml.safe_load((exempelmapp / "kommun.yaml").read_text(encoding="utf-8"))["namnder"]}
    for tabell in ("plan", "kvalitativt_gap"):
        assert set(res.tabeller[tabell]["namnd"]) == namnder, tabell
    bedomda = res.tabeller["gap"].dropna(subset=["bedomning"])
    assert set(bedomda["namnd"]) - {"Hela kommunen"} == namnder


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


def test_osakerhet_och_backtest_ser_bara_data_fram_till_basdatum(exempel_indata):
    from kfanalys.berakning.cykel import med_osakerhet_och_scenarier

    # 2025: backtest from 2023 scored on the snapshots 2024 and 2025
    res25 = med_osakerhet_och_scenarier(exempel_indata, 2025, berakna_cykel(exempel_indata, 2025, foregaende=False),
                                        antal_korningar=200)
    assert res25.meta["backtest"]["fran_cykel"] == 2023
    assert res25.meta["backtest"]["ar"] == [2024, 2025]
    assert set(res25.tabeller["backtest_per_grupp"]["ar"]) == {2024, 2025}
    iv = res25.tabeller["rekrytering_intervall"]
    assert (iv["lag"] <= iv["median"]).all() and (iv["median"] <= iv["hog"]).all()
    assert set(res25.tabeller["scenarier_rekrytering"]["scenario"]) >= {"bas", "Pension vid 66"}
    # 2023: a backtest from 2021 has no turnover history before it, and 2024-2025 must not be used:
    # the report says so instead of scoring
    res23 = med_osakerhet_och_scenarier(exempel_indata, 2023, berakna_cykel(exempel_indata, 2023, foregaende=False),
                                        antal_korningar=200)
    assert res23.meta["backtest"]["otillrackligt"]
    assert "backtest" not in res23.tabeller
    texter = res23.tabeller["osakerhet_text"]
    assert set(texter["namnd"]) >= {n.namn for n in exempel_indata.konfig.namnder}
