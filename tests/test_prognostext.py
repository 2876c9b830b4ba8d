"""The paragraphs of "Hur säker är prognosen?" (kfanalys.rapport.prognostext) from tables and meta."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.rapport.prognostext import hur_saker_stycken

NBSP = "\xa0"


def _intervall(namnd="N", lag=86, hog=110, median=98):
    return pd.DataFrame({"namnd": namnd, "yrkeskategori": ["Totalt", "Totalt", "A"], "horisont": [2, 5, 5],
                         "median": [40, median, 7], "lag": [33, lag, 5], "hog": [47, hog, 9],
                         "medel": [40.1, 98.2, 7.0], "antal_korningar": 1000, "seed": 2025})


SAMMANFATTNING = pd.DataFrame({"namnd": ["N", "Hela kommunen"], "mape_antal": [0.153453, 0.1],
                               "mape_rekryteringar": [0.6, 0.5], "andel_inom_intervall": [0.5, 0.9],
                               "antal_grupper": [1, 1], "jamforelser_antal": [2, 2],
                               "jamforelser_rekryteringar": [1, 1], "jamforelser_intervall": [2, 2]})
META = {"kommun": "Testkommun", "antaganden": {"minsta_antal": 5},
        "simulering": {"antal_korningar": 1000, "seed": 2025, "parameterosakerhet": True},
        "backtest": {"fran_cykel": 2021, "otillrackligt": None, "ar": [2022, 2023], "minsta_antal": 5}}


def test_alla_stycken_i_ordning_med_samma_ordalydelse():
    s = hur_saker_stycken({"rekrytering_intervall": _intervall(), "backtest": SAMMANFATTNING}, META, "N")
    assert len(s) == 4
    assert s[0] == ("Rekryteringsbehovet bygger på antaganden om hur många som går i pension och slutar, och "
                    "avgångar sker i verkligheten slumpmässigt. Därför har prognosen räknats om "
                    f"1{NBSP}000 gånger med slumpmässiga avgångar (slumpfrö 2025). Personalomsättningen är "
                    "dessutom skattad från de senaste årens avgångar och kan vara fel, mest för små "
                    "yrkeskategorier; därför får den variera mellan omräkningarna så mycket som den är osäker. "
                    "På 5 år behöver nämnden rekrytera mellan 86 och 110 personer i 8 fall av 10; mittvärdet "
                    "är 98 personer.")
    assert s[1] == ("Hur väl har metoden träffat tidigare? Vi gjorde samma prognos från läget 2021, bara med de "
                    "uppgifter som fanns då, och jämförde med vad som faktiskt hände 2022–2023. Antalet anställda "
                    f"per yrkeskategori och år blev i genomsnitt fel med 15,3{NBSP}%. Antalet rekryteringar per år "
                    f"blev i genomsnitt fel med 60{NBSP}%; rekryteringar är svårare att förutse eftersom de beror "
                    f"på hur många som råkar sluta ett visst år. 50{NBSP}% av de faktiska rekryteringarna hamnade "
                    "inom prognosens osäkerhetsintervall (om intervallet är rimligt bör det vara omkring 80 %). "
                    "Utfallen hamnade alltså oftare utanför intervallet än väntat: osäkerheten är större än "
                    "modellen räknar med, till exempel för att personalomsättningen varierar mellan åren eller "
                    "för att behovet utvecklats annorlunda än prognosen. För hela kommunen var felet "
                    f"10,0{NBSP}% för antalet anställda.")
    assert s[2] == ("Yrkeskategorier och år med färre än 5 anställda (eller rekryteringar) räknas inte in i felen, "
                    "eftersom ett procentfel på ett litet tal säger lite. Befolkningsprognosen är den som finns i "
                    "dag, inte den som fanns 2021.")
    assert s[3] == ("Läs därför rekryteringsbehovet som ett intervall snarare än ett exakt tal. Intervallet visar "
                    "slumpen i avgångarna och osäkerheten i den skattade personalomsättningen; om behovet "
                    "utvecklas annorlunda än prognosen eller personalomsättningen ökar eller minskar över tid "
                    "blir avvikelsen större.")


def test_texten_sager_vad_intervallet_tacker():
    utan_meta = {**META, "simulering": {**META["simulering"], "parameterosakerhet": False}}
    med = " ".join(hur_saker_stycken({"rekrytering_intervall": _intervall()}, META, "N"))
    utan = " ".join(hur_saker_stycken({"rekrytering_intervall": _intervall()}, utan_meta, "N"))
    assert "osäkerheten i den skattade personalomsättningen" in med and "bara slumpen" not in med
    assert "bara slumpen i avgångarna" in utan and "skattade personalomsättningen" not in utan


def test_kommunens_rapport_och_kommunens_namn():
    t = {"rekrytering_intervall": _intervall("Hela kommunen"), "backtest": SAMMANFATTNING}
    for namn in ("Testkommun", "Hela kommunen"):
        s = hur_saker_stycken(t, META, namn)
        assert "behöver kommunen rekrytera mellan 86 och 110" in s[0]
        assert "För hela kommunen var felet" not in s[1] and f"fel med 10,0{NBSP}%" in s[1]


def test_dolt_intervall_citeras_inte():
    iv = _intervall().astype({"lag": float, "hog": float, "median": float})
    iv.loc[iv["yrkeskategori"] == "Totalt", ["lag", "hog", "median"]] = np.nan   # hidden by the disclosure rule
    s = hur_saker_stycken({"rekrytering_intervall": iv, "backtest": SAMMANFATTNING}, META, "N")
    assert len(s) == 3 and s[0].startswith("Hur väl har metoden träffat")


def test_backtest_som_inte_kunde_provas_och_som_inte_korde():
    meta = {**META, "backtest": {"fran_cykel": 2021, "otillrackligt": "Det finns för lite.", "ar": [2022]}}
    s = hur_saker_stycken({"rekrytering_intervall": _intervall()}, meta, "N")
    assert s[1] == "Prognosen har inte kunnat prövas mot verkligt utfall. Det finns för lite." and len(s) == 3
    # the backtest could not run at all (no "ar"): nothing is said about it, as before
    meta = {**META, "backtest": {"fran_cykel": 2021, "otillrackligt": "Ingen ögonblicksbild 2021."}}
    s = hur_saker_stycken({"rekrytering_intervall": _intervall()}, meta, "N")
    assert len(s) == 2 and not any("prövas" in x for x in s)


def test_namnd_utan_jamforelse_och_inget_alls():
    meta = {**META}
    s = hur_saker_stycken({"backtest": SAMMANFATTNING}, meta, "M")
    assert s[0] == ("Prognosen från 2021 har prövats mot utfallet 2022–2023, men för nämnden fanns ingen "
                    "yrkeskategori med minst 5 anställda att jämföra.")
    assert hur_saker_stycken({}, {"kommun": "Testkommun"}, "N") == []
