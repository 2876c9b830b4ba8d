"""Nuläge on a small register written by hand; every expected value is worked out in a comment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kfanalys.modell import nulage as nl
from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

BAS = pd.Timestamp("2025-11-01")
S = "Socialnämnden"
T = "Tekniska nämnden"

# Socialnämnden, 22 employments at 2025-11-01 (person p1..p22):
#  kon: p1-p18 K, p19-p22 M                          -> 18 of 22 women
#  visstid: p5, p21 (rest tillsvidare)                -> 20/22 tillsvidare
#  timme (sysselsattningsgrad 0): p6, p20             -> 20 månadsavlönade
#  sysselsattningsgrad 75: p1-p5 (månad), rest 100   -> heltid 15/20 among månad
ALDRAR = [25, 28, 29, 30, 35, 39, 40, 45, 49, 50, 55, 59, 60, 62, 64, 33, 44, 52, 27, 38, 47, 66]
BEFATTNING = (["Socialsekreterare barn"] * 7 + ["Socialsekreterare vuxna"] * 5 + ["Handläggare"] * 8
              + ["Sektionschef"] * 2)
YRKE = ["Socialsekreterare"] * 12 + ["Handläggare"] * 8 + ["Sektionschef"] * 2


def _rad(pid, namnd, kon, alder, yrke, befattning, form="tillsvidare", lon="manad", grad=100.0,
         chef=False, chef_id=None, datum=BAS):
    return {"matdatum": datum, "person_id": pid, "namnd": namnd, "forvaltning": namnd, "avdelning": "A",
            "enhet": "E", "befattning": befattning, "yrkeskategori": yrke, "kon": kon,
            "fodelsear": datum.year - alder, "anstallningsform": form, "loneform": lon,
            "sysselsattningsgrad": grad if lon == "manad" else 0.0, "chef": chef, "chef_id": chef_id}


def register() -> pd.DataFrame:
    rader = []
    for i in range(1, 23):
        rader.append(_rad(
            f"p{i}", S, "K" if i <= 18 else "M", ALDRAR[i - 1], YRKE[i - 1], BEFATTNING[i - 1],
            form="visstid" if i in (5, 21) else "tillsvidare",
            lon="timme" if i in (6, 20) else "manad",
            grad=75.0 if i <= 5 else 100.0,
            chef=i >= 21,
            chef_id="p21" if i <= 12 else ("p22" if i <= 20 else None)))
    # Tekniska nämnden: 3 heltid tillsvidare månad: M 30, M 40, K 50
    rader.append(_rad("t1", T, "M", 30, "Ingenjör", "Ingenjör"))
    rader.append(_rad("t2", T, "M", 40, "Ingenjör", "Ingenjör"))
    rader.append(_rad("t3", T, "K", 50, "Handläggare", "Handläggare"))
    # an older snapshot that must not be counted
    old = pd.Timestamp("2024-11-01")
    for i in range(5):
        rader.append(_rad(f"x{i}", S, "M", 40, "Handläggare", "Handläggare", datum=old))
    df = pd.DataFrame(rader)
    df["matdatum"] = pd.to_datetime(df["matdatum"])
    df["chef_id"] = df["chef_id"].astype("object")
    return df


def _rad_av(df, namnd, niva, grupp):
    r = df[(df["namnd"] == namnd) & (df["niva"] == niva) & (df["grupp"] == grupp)]
    assert len(r) == 1, (namnd, niva, grupp)
    return r.iloc[0]


def test_basdatum_senaste_i_aret():
    a = register()
    assert nl.basdatum(a, 2025) == BAS
    assert nl.basdatum(a, 2024) == pd.Timestamp("2024-11-01")


def test_basdatum_saknas_ger_svenskt_fel():
    with pytest.raises(Berakningsfel, match=r"matdatum.*2023.*2024, 2025"):
        nl.basdatum(register(), 2023)


def test_nulage_namnd_for_hand():
    a = register()
    kopia = a.copy()
    r = nl.nulage(a, BAS)
    pd.testing.assert_frame_equal(a, kopia)  # the caller's frame is untouched
    assert list(r.columns) == nl.NULAGE_KOLUMNER
    s = _rad_av(r, S, "namnd", TOTALT)
    assert s["antal"] == 22
    assert s["kvinnor"] == 18 and s["man"] == 4
    assert s["andel_kvinnor"] == pytest.approx(18 / 22)  # 0.818 = 81,8 %
    assert s["andel_man"] == pytest.approx(4 / 22)
    assert s["andel_tillsvidare"] == pytest.approx(20 / 22)  # p5, p21 visstid
    assert s["andel_heltid"] == pytest.approx(15 / 20)  # 20 månad, p1-p5 at 75 %
    assert s["arsarbetare"] == pytest.approx(18.75)  # 15 x 1 + 5 x 0.75 + 2 timme x 0
    assert s["medelalder"] == pytest.approx(977 / 22)  # 109+175+225+216+252 = 977
    # bands: -29 {25,28,29,27}, 30-39 {30,35,39,33,38}, 40-49 {40,45,49,44,47},
    #        50-59 {50,55,59,52}, 60- {60,62,64,66}
    assert [s[k] for k in nl.ALDERSBAND] == [4, 5, 5, 4, 4]


def test_nulage_yrkeskategori_och_kommun():
    r = nl.nulage(register(), BAS)
    ss = _rad_av(r, S, "yrkeskategori", "Socialsekreterare")  # p1-p12
    assert ss["antal"] == 12 and ss["kvinnor"] == 12
    assert ss["andel_tillsvidare"] == pytest.approx(11 / 12)  # p5 visstid
    assert ss["andel_heltid"] == pytest.approx(6 / 11)  # p6 timme; p1-p5 deltid of 11 månad
    assert ss["arsarbetare"] == pytest.approx(9.75)  # 5 x .75 + 6 x 1
    k = _rad_av(r, HELA_KOMMUNEN, "namnd", TOTALT)
    assert k["antal"] == 25 and k["kvinnor"] == 19  # 22 + 3; 18 + 1
    assert k["andel_kvinnor"] == pytest.approx(19 / 25)
    assert k["arsarbetare"] == pytest.approx(21.75)  # 18.75 + 3
    assert k["medelalder"] == pytest.approx((977 + 120) / 25)
    assert k["andel_heltid"] == pytest.approx(18 / 23)  # (15 + 3) / (20 + 3)
    h = _rad_av(r, HELA_KOMMUNEN, "yrkeskategori", "Handläggare")
    assert h["antal"] == 9  # 8 in S + 1 in T
    # the totals come after the nämnder
    assert r["namnd"].iloc[-1] == HELA_KOMMUNEN
    assert r["namnd"].iloc[0] == S


def test_nulage_topp_n_befattningar():
    r = nl.nulage(register(), BAS, topp_n=2)
    bef = r[(r["niva"] == "befattning") & (r["namnd"] == S)]
    # Handläggare 8, Socialsekreterare barn 7 (vuxna 5, Sektionschef 2 left out)
    assert bef["grupp"].tolist() == ["Handläggare", "Socialsekreterare barn"]
    assert bef["antal"].tolist() == [8, 7]
    kb = r[(r["niva"] == "befattning") & (r["namnd"] == HELA_KOMMUNEN)]
    assert kb["grupp"].tolist() == ["Handläggare", "Socialsekreterare barn"]
    assert kb["antal"].tolist() == [9, 7]
    tb = r[(r["niva"] == "befattning") & (r["namnd"] == T)]
    assert tb["grupp"].tolist() == ["Ingenjör", "Handläggare"]  # 2, 1


def test_nulage_heltid_nan_utan_manadsavlonade():
    a = register()
    a = a[a["person_id"] == "p6"]  # the only one: timavlönad
    r = nl.nulage(a, BAS)
    assert np.isnan(_rad_av(r, S, "namnd", TOTALT)["andel_heltid"])


def test_aldersstruktur_femarsklasser():
    r = nl.aldersstruktur(register(), BAS)
    assert list(r.columns) == ["namnd", "kon", "aldersgrupp", "antal"]
    assert len(r) == 3 * 2 * 10  # S, T, kommun x K/M x 10 bands, zeros included
    s = r[r["namnd"] == S].set_index(["kon", "aldersgrupp"])["antal"]
    # women p1-p18: 25,28,29 | 30,33 | 35,39 | 40,44 | 45,49 | 50,52 | 55,59 | 60,62,64
    assert s.loc["K"].tolist() == [0, 3, 2, 2, 2, 2, 2, 2, 3, 0]
    # men p19-p22: 27, 38, 47, 66
    assert s.loc["M"].tolist() == [0, 1, 0, 1, 0, 1, 0, 0, 0, 1]
    assert list(s.loc["K"].index) == ["-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
                                      "55-59", "60-64", "65-"]
    k = r[r["namnd"] == HELA_KOMMUNEN]
    assert k["antal"].sum() == 25


def test_chefer_med_chef_id():
    r = nl.chefer(register(), BAS, riktmarke=10).set_index("namnd")
    # p21 leads p1-p12 (12), p22 leads p13-p20 (8); 12 > 10, 8 is not
    assert r.loc[S, "antal_chefer"] == 2
    assert r.loc[S, "antal_medarbetare"] == 20
    assert r.loc[S, "medarbetare_per_chef"] == pytest.approx(10.0)
    assert r.loc[S, "andel_chefer_over_riktmarke"] == pytest.approx(0.5)
    assert r.loc[T, "antal_chefer"] == 0 and np.isnan(r.loc[T, "medarbetare_per_chef"])
    assert r.loc[HELA_KOMMUNEN, "medarbetare_per_chef"] == pytest.approx(10.0)
    assert (r["riktmarke"] == 10).all()
    # exactly at the benchmark is not above it
    r12 = nl.chefer(register(), BAS, riktmarke=12).set_index("namnd")
    assert r12.loc[S, "andel_chefer_over_riktmarke"] == pytest.approx(0.0)


def test_chefer_utan_chef_id():
    a = register().drop(columns="chef_id")
    r = nl.chefer(a, BAS).set_index("namnd")
    assert r.loc[S, "antal_chefer"] == 2 and r.loc[S, "antal_medarbetare"] == 20
    assert r.loc[S, "medarbetare_per_chef"] == pytest.approx(10.0)  # 20 / 2
    assert np.isnan(r.loc[S, "andel_chefer_over_riktmarke"])
    assert r.loc[HELA_KOMMUNEN, "medarbetare_per_chef"] == pytest.approx(11.5)  # 23 / 2
    assert list(r.reset_index().columns) == nl.CHEFER_KOLUMNER


def test_manadsavlonade():
    r = nl.manadsavlonade(register(), BAS).set_index(["namnd", "yrkeskategori"])["antal"]
    assert r[(S, "Socialsekreterare")] == 11  # p6 timme
    assert r[(S, "Handläggare")] == 7  # p13-p20, p20 timme
    assert r[(T, "Ingenjör")] == 2


def test_nulage_befattning_lika_stora_avgors_av_namnet():
    a = pd.DataFrame([_rad(f"q{i}", T, "K", 40, "Y", b) for i, b in enumerate(["Bbb", "Bbb", "Aaa", "Aaa", "Ccc"])])
    r = nl.nulage(a, BAS, topp_n=1)
    # Aaa 2 and Bbb 2 tie; Aaa comes first by name
    for namnd in (T, HELA_KOMMUNEN):
        b = r[(r["niva"] == "befattning") & (r["namnd"] == namnd)]
        assert b["grupp"].tolist() == ["Aaa"] and b["antal"].tolist() == [2]
