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


# rolling backtest: N has 400 comparisons, 312 inside (78 %); Wilson(312, 400): centre
# (0.78 + 0.0048) / 1.0096 = 0.7773, half 1.96 x sqrt(0.78 x 0.22 / 400 + 3.8415 / 640000) / 1.0096
# = 0.0405 -> 0.7368-0.8178; the kommun 6 of 10 -> 0.3127-0.8318
SAMMANFATTNING = pd.DataFrame({"namnd": ["N", "Hela kommunen"], "mape_antal": [0.153453, 0.1],
                               "mape_rekryteringar": [0.6, 0.5], "andel_inom_intervall": [0.78, 0.6],
                               "andel_inom_intervall_lag": [0.7368, 0.3127],
                               "andel_inom_intervall_hog": [0.8178, 0.8318], "antal_ursprung": [2, 2],
                               "antal_grupper": [1, 1], "jamforelser_antal": [400, 10],
                               "jamforelser_rekryteringar": [1, 1], "jamforelser_intervall": [400, 10]})
BACKTEST = {"till_cykel": 2023, "fran_cykler": [2020, 2021], "ar": [2021, 2022, 2023], "otillrackligt": None,
            "minsta_antal": 5,
            "ursprung": [{"fran_cykel": 2019, "ar": [2020, 2021, 2022, 2023],
                          "otillrackligt": "Det finns ingen ögonblicksbild före 2019."},
                         {"fran_cykel": 2020, "ar": [2021, 2022], "otillrackligt": None},
                         {"fran_cykel": 2021, "ar": [2022, 2023], "otillrackligt": None}]}
META = {"kommun": "Testkommun", "antaganden": {"minsta_antal": 5},
        "simulering": {"antal_korningar": 1000, "seed": 2025, "parameterosakerhet": True}, "backtest": BACKTEST}


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
    assert s[1] == ("Hur väl har metoden träffat tidigare? Vi gjorde samma prognos från läget 2020 och 2021, "
                    "varje gång bara med de uppgifter som fanns då, och jämförde med vad som faktiskt hände "
                    "(prognosen från 2020 med 2021–2022 och den från 2021 med 2022–2023). Prognosen från 2019 "
                    "kunde inte prövas. Det finns ingen ögonblicksbild före 2019. Antalet anställda per "
                    f"yrkeskategori och år blev i genomsnitt fel med 15,3{NBSP}%. Antalet rekryteringar per år "
                    f"blev i genomsnitt fel med 60{NBSP}%; rekryteringar är svårare att förutse eftersom de beror "
                    "på hur många som råkar sluta ett visst år. Osäkerhetsintervallet för rekryteringarna ska "
                    "hålla i ungefär 80 av 100 fall (en jämförelse är en yrkeskategori ett år). Intervallet höll i "
                    f"78 av 100 fall (n = 400 jämförelser, 95{NBSP}% osäkerhet 74–82 av 100). Det stämmer med 80 av "
                    f"100 inom osäkerheten. För hela kommunen var felet 10,0{NBSP}% för antalet anställda och "
                    "intervallet höll i 60 av 100 fall.")
    assert s[2] == ("Yrkeskategorier och år med färre än 5 anställda (eller rekryteringar) räknas inte in i felen, "
                    "eftersom ett procentfel på ett litet tal säger lite. Samma yrkeskategori ingår flera år och i "
                    "flera prövningar, så jämförelserna är inte helt oberoende och den verkliga osäkerheten är "
                    "något större än den angivna. Befolkningsprognosen är den som finns i dag, inte den som fanns "
                    "2020 och 2021.")
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
    bt = {"till_cykel": 2023, "fran_cykler": [], "ar": [], "otillrackligt": "Det finns för lite.", "minsta_antal": 5,
          "ursprung": []}
    s = hur_saker_stycken({"rekrytering_intervall": _intervall()}, {**META, "backtest": bt}, "N")
    assert len(s) == 3 and s[1] == (
        "Prognosen har inte kunnat prövas mot verkligt utfall. Det finns för lite. En efterhandsprövning behöver "
        "ögonblicksbilder i personaldata från minst fyra år: året före prognosen (för personalomsättningen), "
        "prognosåret och två senare år att jämföra med.")
    # the backtest could not run at all (no "ursprung", no "ar"): nothing is said about it, as before
    meta = {**META, "backtest": {"till_cykel": 2023, "otillrackligt": "Ingen ögonblicksbild 2023."}}
    s = hur_saker_stycken({"rekrytering_intervall": _intervall()}, meta, "N")
    assert len(s) == 2 and not any("prövas" in x for x in s)


def test_tackningen_bedoms_mot_80_med_osakerheten():
    def text(andel, lag, hog):
        sm = SAMMANFATTNING.assign(andel_inom_intervall=andel, andel_inom_intervall_lag=lag,
                                   andel_inom_intervall_hog=hog)
        return hur_saker_stycken({"backtest": sm}, META, "N")[0]

    assert "färre än 80 av 100 även med osäkerheten räknad" in text(0.72, 0.67, 0.76)   # 76 < 80
    assert "fler än 80 av 100 även med osäkerheten räknad" in text(0.9, 0.82, 0.95)     # 82 > 80
    assert "Det stämmer med 80 av 100 inom osäkerheten." in text(0.78, 0.74, 0.82)


def test_aldre_sparad_backtest_med_ett_ursprung():
    # antaganden.json of a cycle stored before the rolling backtest: one origin, no Wilson columns;
    # 1 of 2 inside -> Wilson 0.0945-0.9055 (centre 0.5, half 1.96 x sqrt(0.125 + 0.2401) / 2.9207)
    sm = pd.DataFrame({"namnd": ["N"], "mape_antal": [0.1], "mape_rekryteringar": [0.6],
                       "andel_inom_intervall": [0.5], "antal_grupper": [1], "jamforelser_antal": [2],
                       "jamforelser_rekryteringar": [1], "jamforelser_intervall": [2]})
    meta = {**META, "backtest": {"fran_cykel": 2021, "otillrackligt": None, "ar": [2022, 2023], "minsta_antal": 5}}
    s = hur_saker_stycken({"backtest": sm}, meta, "N")[0]
    assert "från läget 2021, bara med de uppgifter som fanns då" in s and "prognosen från 2021 med 2022–2023" in s
    assert f"Intervallet höll i 50 av 100 fall (n = 2 jämförelser, 95{NBSP}% osäkerhet 9–91 av 100)." in s


def test_namnd_utan_jamforelse_och_inget_alls():
    meta = {**META}
    s = hur_saker_stycken({"backtest": SAMMANFATTNING}, meta, "M")
    assert s[0] == ("Prognoserna från 2020 och 2021 har prövats mot utfallet 2021–2023, men för nämnden fanns "
                    "ingen yrkeskategori med minst 5 anställda att jämföra.")
    assert hur_saker_stycken({}, {"kommun": "Testkommun"}, "N") == []
