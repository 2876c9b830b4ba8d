"""The disclosure rule (kfanalys.grund.rojandekontroll), one test per rule, expected values by hand.

Each test names the leak it closes (issue 10: "Birth years and small groups leak") and fails
when that rule is taken out of ``publicera``.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.rojandekontroll import DOLT, DOLD_TEXT, ar_dold, dolt_under_minsta, har_dolda, publicera

N = "Nämnden"
HK = "Hela kommunen"


def _nulage(rader: list[tuple]) -> pd.DataFrame:
    """rows (namnd, niva, grupp, antal, kvinnor, man) with the other nulage columns derived."""
    df = pd.DataFrame(rader, columns=["namnd", "niva", "grupp", "antal", "kvinnor", "man"])
    df["andel_kvinnor"] = df["kvinnor"] / df["antal"]
    df["andel_man"] = df["man"] / df["antal"]
    df["medelalder"] = 44.0
    return df


def _ar_nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def test_grupp_under_minsta_doljer_varje_tal_och_en_grupp_av_noll_visas():
    t = _nulage([(N, "namnd", "Totalt", 63, 51, 12), (N, "yrkeskategori", "A", 3, 2, 1),
                 (N, "yrkeskategori", "B", 60, 49, 11), (N, "yrkeskategori", "C", 0, 0, 0)])
    p = publicera({"nulage": t}, 5)["nulage"].set_index("grupp")
    assert p.loc["A", ["antal", "kvinnor", "man", "andel_kvinnor", "medelalder"]].isna().all()
    assert p.loc["C", "antal"] == 0 and p.loc["C", "kvinnor"] == 0
    assert dolt_under_minsta(p.loc["A"], "antal")


def test_nämndens_total_709_bredvid_kategorier_som_summerar_till_706_ger_inte_tillbaka_3():
    # issue 10: "a nämnd total of 709 beside categories summing to 706"
    t = _nulage([(N, "namnd", "Totalt", 709, 600, 109), (N, "yrkeskategori", "Stor", 650, 560, 90),
                 (N, "yrkeskategori", "Mellan", 56, 38, 18), (N, "yrkeskategori", "Liten", 3, 2, 1)])
    p = publicera({"nulage": t}, 5)["nulage"].set_index("grupp")
    # Liten is hidden (3), so Mellan (56, the smallest other) goes with it: 709 - 650 = 59 persons
    assert _ar_nan(p.loc["Mellan", "antal"]) and p.loc["Stor", "antal"] == 650
    assert p.loc["Totalt", "antal"] == 709
    assert ar_dold(p.loc["Mellan"], "antal") and not dolt_under_minsta(p.loc["Mellan"], "antal")


def test_kommunens_man_bredvid_namnder_dar_en_har_en_man():
    # issue 10: "kommun 2 477 men beside nämnder summing to 2 476"
    t = _nulage([(HK, "namnd", "Totalt", 3006, 529, 2477), ("A", "namnd", "Totalt", 3000, 524, 2476),
                 ("B", "namnd", "Totalt", 6, 5, 1)])
    p = publicera({"nulage": t}, 5)["nulage"].set_index("namnd")
    assert _ar_nan(p.loc["B", "man"])
    # 2 477 - 2 476 = 1: the other nämnd's men are hidden too (and the women of B: 6 - 5 = 1)
    assert _ar_nan(p.loc["A", "man"]) and _ar_nan(p.loc["B", "kvinnor"])
    assert p.loc[HK, "man"] == 2477


def test_en_man_av_nitton_visas_inte_som_andel():
    # issue 10: "1 man of 19 is not shown as 5,3 %", nor the women's 94,7 % (its complement)
    t = _nulage([(N, "namnd", "Totalt", 19, 18, 1)])
    p = publicera({"nulage": t}, 5)["nulage"].iloc[0]
    assert p["antal"] == 19
    assert _ar_nan(p["man"]) and _ar_nan(p["andel_man"])
    assert _ar_nan(p["kvinnor"]) and _ar_nan(p["andel_kvinnor"])  # 19 - 18 = 1
    assert p["medelalder"] == 44.0  # a mean of 19 persons may be shown


def test_andelen_man_av_sex_anstallda_visas_inte():
    # issue 10: '"andelen män 16,7 %" of 6 staff'
    t = _nulage([(N, "namnd", "Totalt", 6, 5, 1)])
    p = publicera({"nulage": t}, 5)["nulage"].iloc[0]
    assert _ar_nan(p["andel_man"]) and _ar_nan(p["andel_kvinnor"]) and p["antal"] == 6


def test_aldersband_0_0_streck_5_0_bredvid_totalen():
    # issue 10: "an age table 0 | 0 | – | 5 | 0 next to its total"
    t = pd.DataFrame({"namnd": [N], "niva": ["namnd"], "grupp": ["Totalt"], "antal": [8], "alder_29": [0],
                      "alder_30_39": [0], "alder_40_49": [3], "alder_50_59": [5], "alder_60": [0]})
    p = publicera({"nulage": t}, 5)["nulage"].iloc[0]
    assert [p[k] for k in ("alder_29", "alder_30_39", "alder_60")] == [0, 0, 0]
    assert _ar_nan(p["alder_40_49"]) and _ar_nan(p["alder_50_59"])  # 8 - 0 - 0 - 5 - 0 = 3 otherwise
    assert p["antal"] == 8


def test_medarbetare_per_chef_visas_inte_for_farre_an_fem_chefer():
    # issue 10: '"färre än 5 chefer ... 18,0 medarbetare per chef"'
    t = pd.DataFrame({"namnd": [N, "B", "C", HK], "antal_chefer": [3, 20, 30, 53],
                      "antal_medarbetare": [54, 400, 600, 1054], "medarbetare_per_chef": [18.0, 20.0, 20.0, 19.9],
                      "andel_chefer_over_riktmarke": [1 / 3, 0.5, 0.5, 0.49], "riktmarke": 30})
    p = publicera({"chefer": t}, 5)["chefer"].set_index("namnd")
    assert p.loc[N, ["antal_chefer", "antal_medarbetare", "medarbetare_per_chef"]].isna().all()
    assert p.loc[N, "riktmarke"] == 30  # a key, not a figure
    # 53 - 20 - 30 = 3: B (20, the smaller) is hidden with it; C and the kommun are shown
    assert p.loc["B", ["antal_chefer", "medarbetare_per_chef"]].isna().all()
    assert p.loc["C", "andel_chefer_over_riktmarke"] == 0.5 and p.loc[HK, "antal_chefer"] == 53


def test_andel_utan_taljare_doljs_nar_den_ger_ett_litet_antal():
    # 1 of 19 chefs over the guideline: 5,3 % would say "one chef"
    t = pd.DataFrame({"namnd": [N], "antal_chefer": [19], "antal_medarbetare": [400],
                      "medarbetare_per_chef": [21.05], "andel_chefer_over_riktmarke": [1 / 19], "riktmarke": [30]})
    p = publicera({"chefer": t}, 5)["chefer"].iloc[0]
    assert _ar_nan(p["andel_chefer_over_riktmarke"]) and p["medarbetare_per_chef"] == 21.05


def test_omsattning_bredvid_dolt_antal_avgangar():
    # issue 10: "a turnover rate beside a suppressed departure count (9,0 × 33,3 % = 3)"
    t = pd.DataFrame({"namnd": N, "yrkeskategori": ["X", "Y", "Totalt"], "period": "senaste_12",
                      "medelantal": [9.0, 40.0, 49.0], "avgangar": [3, 8, 11], "avgangar_pension": [0, 0, 0]})
    t["omsattning"] = t["avgangar"] / t["medelantal"]
    t["omsattning_exkl_pension"] = t["omsattning"]
    p = publicera({"omsattning": t}, 5)["omsattning"].set_index("yrkeskategori")
    assert _ar_nan(p.loc["X", "avgangar"]) and _ar_nan(p.loc["X", "omsattning"])
    assert _ar_nan(p.loc["X", "omsattning_exkl_pension"])
    # 11 - 8 = 3 again: Y's departures and rate go too; the group sizes stay
    assert _ar_nan(p.loc["Y", "avgangar"]) and _ar_nan(p.loc["Y", "omsattning"])
    assert p.loc["X", "medelantal"] == 9.0 and p.loc["Totalt", "avgangar"] == 11


def test_pension_som_enda_del_av_avgangarna_ger_inte_resten():
    # 6 departures of which 5 pension: 6 - 5 = 1 left for other reasons
    t = pd.DataFrame({"namnd": [N], "yrkeskategori": ["Totalt"], "period": ["senaste_12"], "medelantal": [50.0],
                      "avgangar": [6], "avgangar_pension": [5], "omsattning": [0.12], "omsattning_exkl_pension": [0.02]})
    p = publicera({"omsattning": t}, 5)["omsattning"].iloc[0]
    assert p["avgangar"] == 6 and _ar_nan(p["avgangar_pension"]) and _ar_nan(p["omsattning_exkl_pension"])


def test_utelamnade_kategorier_raknas_som_dolda():
    # a report shows the analysed categories only; the Totalt row covers all: 100 - 60 - 37 = 3
    t = pd.DataFrame({"namnd": N, "yrkeskategori": ["A", "B", "Totalt"], "horisont": 2,
                      "antal": [60.0, 37.0, 100.0], "behov": [61.0, 38.0, 102.0], "totalt": [10.0, 7.0, 18.0]})
    p = publicera({"rekrytering": t}, 5)["rekrytering"].set_index("yrkeskategori")
    assert p.loc["B", ["antal", "behov", "totalt"]].isna().all()
    assert p.loc["A", "antal"] == 60 and p.loc["Totalt", "totalt"] == 18


def test_per_ar_forvantade_pensioner_for_en_person_visas_inte():
    # issue 10: pension_per_ar 0,03 in 2029 is p(61) of the one person in the group
    pension = pd.DataFrame({"namnd": N, "yrkeskategori": ["Ensam", "Stor", "Totalt"], "antal": [1, 40, 41],
                            "inom_2": [0.0, 1.0, 1.0]})
    per_ar = pd.DataFrame({"namnd": N, "yrkeskategori": ["Ensam", "Stor", "Totalt"], "ar": 2029,
                           "forvantade": [0.03, 0.9, 0.93]})
    p = publicera({"pension": pension, "pension_per_ar": per_ar}, 5)["pension_per_ar"].set_index("yrkeskategori")
    assert _ar_nan(p.loc["Ensam", "forvantade"])
    assert _ar_nan(p.loc["Stor", "forvantade"])  # 0,93 - 0,90 = 0,03 otherwise
    assert p.loc["Totalt", "forvantade"] == 0.93


def test_en_kategori_dold_i_en_tabell_doljs_i_alla():
    pension = pd.DataFrame({"namnd": N, "yrkeskategori": ["A", "B", "C", "Totalt"], "antal": [3, 8, 50, 61]})
    gap = pd.DataFrame({"namnd": N, "yrkeskategori": ["A", "B", "C", "Totalt"], "horisont": 2,
                        "antal": [3, 8, 50, 61], "behov": [3.1, 8.2, 51.0, 62.3], "gap": [-0.1, -0.2, -1.0, -1.3]})
    risk = pd.DataFrame({"namnd": N, "yrkeskategori": ["A", "B", "C"], "konsekvens": "allvarlig",
                         "sannolikhet": "hög", "motivering": ["av 3 anställda", "av 8 anställda", "av 50 anställda"]})
    p = publicera({"pension": pension, "gap": gap, "risk": risk}, 5)
    # A (3) hidden; B (8) hidden with it in pension and therefore everywhere
    assert p["gap"].set_index("yrkeskategori")["antal"].isna().tolist() == [True, True, False, False]
    motivering = p["risk"].set_index("yrkeskategori")["motivering"]
    assert motivering["A"] == DOLD_TEXT.format(m=5)
    assert "8" not in motivering["B"] and motivering["C"] == "av 50 anställda"


def test_aldersstruktur_mot_nulages_tioarsband():
    # The pyramid's 5-year bands 30-34 and 35-39 of both sexes make nuläge's 30-39 (45 here). The
    # women's 3 aged 30-34 is hidden and the women's smallest other bar (50-54: 6) with it, for the
    # women's total; but then 45 - 20 - 10 - 12 = 3 would give it back: a man's bar in 30-39 goes too.
    t = pd.DataFrame({"namnd": N, "kon": ["K", "K", "K", "K", "M", "M"],
                      "aldersgrupp": ["30-34", "35-39", "50-54", "55-59", "30-34", "35-39"],
                      "antal": [3, 20, 6, 30, 10, 12]})
    p = publicera({"aldersstruktur": t}, 5)["aldersstruktur"]
    assert p["antal"].isna().tolist() == [True, False, True, False, True, False]
    assert har_dolda(p)


def test_en_minsta_grans_pa_tre():
    t = _nulage([(N, "namnd", "Totalt", 19, 15, 4)])
    p = publicera({"nulage": t}, 3)["nulage"].iloc[0]
    assert p["man"] == 4 and p["andel_man"] == 4 / 19


def test_personuppgifter_far_aldrig_publiceras():
    t = pd.DataFrame({"namnd": [N], "person_id": ["P1"], "antal": [1]})
    with pytest.raises(Berakningsfel, match="person_id"):
        publicera({"x": t}, 5)


def test_anroparens_tabell_andras_inte():
    t = _nulage([(N, "namnd", "Totalt", 6, 5, 1)])
    fore = t.copy()
    publicera({"nulage": t}, 5)
    pd.testing.assert_frame_equal(t, fore)
    assert DOLT not in t.columns


def _med_anstallningar(rader: list[tuple]) -> pd.DataFrame:
    """rows (namnd, niva, grupp, antal, kvinnor, man, anstallningar)."""
    t = _nulage([r[:6] for r in rader])
    t["anstallningar"] = [r[6] for r in rader]
    return t


def test_anstallningar_som_visar_ett_fatal_extrajobb_doljs_och_anda_via_summan():
    """Rule 6. 52 employments beside 50 persons would tell that 2 persons have a second job: hidden. 56 for 50
    (6 persons) and 60 for 60 (none) are shown. B's 52 could still be had from the Totalt row (168 - 60 - 56 = 52,
    and 52 - 50 = 2), so the surplus goes through the sum rule too: the next smallest surplus (A: 56 - 50 = 6)
    is hidden as well."""
    t = _med_anstallningar([(N, "namnd", "Totalt", 160, 80, 80, 168),
                            (N, "yrkeskategori", "A", 50, 25, 25, 56),
                            (N, "yrkeskategori", "B", 50, 25, 25, 52),
                            (N, "yrkeskategori", "C", 60, 30, 30, 60)])
    p = publicera({"nulage": t}, 5)["nulage"].set_index("grupp")
    assert _ar_nan(p.loc["B", "anstallningar"]) and p.loc["B", "antal"] == 50
    assert _ar_nan(p.loc["A", "anstallningar"])
    assert p.loc["C", "anstallningar"] == 60 and p.loc["Totalt", "anstallningar"] == 168
    assert "_overskott_anstallningar" not in p.columns and "_overskott" not in ",".join(p[DOLT])


def test_anstallningar_med_fem_eller_fler_extrajobb_visas():
    t = _med_anstallningar([(N, "namnd", "Totalt", 110, 55, 55, 116),
                            (N, "yrkeskategori", "A", 50, 25, 25, 56),
                            (N, "yrkeskategori", "C", 60, 30, 30, 60)])
    p = publicera({"nulage": t}, 5)["nulage"].set_index("grupp")
    assert p["anstallningar"].tolist() == [116, 56, 60]


def _omsattning(period2: dict) -> pd.DataFrame:
    """Nämnd N, two 12-month periods, yrkeskategorier A, C, D and Totalt (A + C + D); period 1 has
    enough departures everywhere, period 2's departures per yrkeskategori are ``period2``."""
    rader = []
    for period, avg in (("foregaende_12", {"A": 6, "C": 10, "D": 7}), ("senaste_12", period2)):
        for y, a in [*avg.items(), ("Totalt", sum(avg.values()))]:
            rader.append({"namnd": "N", "yrkeskategori": y, "period": period, "medelantal": 40.0 if y != "Totalt" else 120.0,
                          "avgangar": float(a), "avgangar_pension": 0.0})
    return pd.DataFrame(rader)


def _risk() -> pd.DataFrame:
    return pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "C", "D"],
                         "motivering": ["A: personalomsättning i prognosen 11,3 %", "C: 13,8 %", "D: 15,0 %"],
                         "motivering_utan_takt": ["A: redovisas inte", "C: redovisas inte", "D: redovisas inte"],
                         "takt_namnd": "N", "takt_yrkeskategori": ["A", "C", "D"]})


def test_risktexten_visar_inte_en_takt_som_ger_tillbaka_dolda_avgangar():
    """Rule 7. A's rate pooled over both periods is (6 + 3) / 80 = 11,25 %: with period 1's 6 departures and
    both medelantal published, 11,3 % x 80 - 6 = 3 gives back period 2's hidden 3. D's period 2 (5) is hidden
    with it (complementary: A + D = 8), so D's rate goes too; C (10 and 12, nothing hidden) keeps its rate."""
    pension = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "C", "D", "Totalt"], "antal": [40, 40, 40, 120]})
    p = publicera({"omsattning": _omsattning({"A": 3, "C": 12, "D": 5}), "risk": _risk(), "pension": pension}, 5)
    o = p["omsattning"].set_index(["yrkeskategori", "period"])
    assert math.isnan(o.loc[("A", "senaste_12"), "avgangar"])
    assert math.isnan(o.loc[("D", "senaste_12"), "avgangar"])
    assert o.loc[("C", "senaste_12"), "avgangar"] == 12
    assert p["risk"]["motivering"].tolist() == ["A: redovisas inte", "C: 13,8 %", "D: redovisas inte"]
    assert not {"motivering_utan_takt", "takt_namnd", "takt_yrkeskategori"} & set(p["risk"].columns)


def test_risktexten_visar_takten_nar_inga_avgangar_doljs_och_en_lanad_takt_foljer_sin_grupp():
    """Nothing hidden in omsattning: every rate is shown. A group that borrowed the rate of D (takt_yrkeskategori)
    follows D's cells, not its own."""
    pension = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "C", "D", "Totalt"], "antal": [40, 40, 40, 120]})
    p = publicera({"omsattning": _omsattning({"A": 8, "C": 12, "D": 9}), "risk": _risk(), "pension": pension}, 5)
    assert p["risk"]["motivering"].tolist() == _risk()["motivering"].tolist()
    risk = _risk().assign(takt_yrkeskategori=["D", "C", "D"])
    p = publicera({"omsattning": _omsattning({"A": 3, "C": 12, "D": 5}), "risk": risk, "pension": pension}, 5)
    assert p["risk"]["motivering"].tolist() == ["A: redovisas inte", "C: 13,8 %", "D: redovisas inte"]
    p = publicera({"omsattning": _omsattning({"A": 3, "C": 12, "D": 5}), "pension": pension,
                   "risk": risk.assign(takt_yrkeskategori=["C", "C", "C"])}, 5)
    assert p["risk"]["motivering"].tolist() == ["A: personalomsättning i prognosen 11,3 %", "C: 13,8 %", "D: 15,0 %"]
