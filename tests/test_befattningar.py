"""The mapping befattning/AID code -> yrkeskategori (kfanalys.indata.befattningar), file by file.

Each test writes a tiny ``befattningar.csv`` and, where needed, a small register frame (index =
Excel row number, as the reader gives it) and checks the mapping or the one Swedish error.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kfanalys.indata import befattningar as bf
from kfanalys.indata.tabell import Samlare

YRKEN = ["Förskollärare", "Barnskötare", "Socialsekreterare"]


def mappning(tmp_path: Path, rader: list[list[str]], kolumner=("befattning", "yrkeskategori")) -> Path:
    p = tmp_path / "befattningar.csv"
    pd.DataFrame(rader, columns=list(kolumner)).to_csv(p, index=False)
    return p


def las(p: Path, yrken=YRKEN):
    s = Samlare([], [], [])
    return bf.las_mappning(p, yrken, s), s


def register(kolumn: str, varden: list) -> pd.DataFrame:
    rader = np.arange(2, len(varden) + 2)  # Excel row numbers, as the reader gives them
    return pd.DataFrame({kolumn: pd.Series(varden, index=rader, dtype="str"),
                         "yrkeskategori": pd.Series([None] * len(varden), index=rader, dtype="str")})


def test_nyckel_ignorerar_versaler_och_blanksteg():
    k = bf.nyckel(pd.Series(["  Förskollärare   1-3 ", "FÖRSKOLLÄRARE 1-3", "Förskollärare 1 - 3"]))
    assert list(k) == ["förskollärare 1-3", "förskollärare 1-3", "förskollärare 1 - 3"]


def test_befattning_hittas_oavsett_stavning(tmp_path):
    m, s = las(mappning(tmp_path, [["Förskollärare 1-3", "Förskollärare"], [" BARNSKÖTARE ", "Barnskötare"]]))
    assert s.problem == [] and m.typ == "befattning"
    anst = register("befattning", ["förskollärare  1-3", "Barnskötare", "Förskollärare 1-3"])
    s.kolumner["anstallningar.csv"] = frozenset({"befattning"})
    bf.fyll_yrkeskategori(anst, "anstallningar.csv", m, s)
    assert s.problem == []
    assert anst["yrkeskategori"].tolist() == ["Förskollärare", "Barnskötare", "Förskollärare"]
    assert s.tolkningar == ["anstallningar.csv: yrkeskategori hämtad från befattningar.csv för 3 anställningar "
                            "(via kolumnen befattning)"]


def test_samma_befattning_med_olika_yrkeskategori_ar_fel(tmp_path):
    m, s = las(mappning(tmp_path, [["Pedagog", "Förskollärare"], ["Kock", "Barnskötare"], ["pedagog ", "Barnskötare"]]))
    assert m is None
    [p] = s.problem
    assert str(p) == ('befattningar.csv, rad 2, kolumn befattning: "Pedagog" står på flera rader med olika '
                      'yrkeskategori (rad 2 och 4: Förskollärare, Barnskötare); behåll en av dem')


def test_samma_befattning_med_samma_yrkeskategori_godtas(tmp_path):
    m, s = las(mappning(tmp_path, [["Pedagog", "Förskollärare"], ["PEDAGOG", "Förskollärare"]]))
    assert s.problem == [] and m.text == {"pedagog": "Förskollärare"}


def test_yrkeskategori_som_saknas_i_kommun_yaml_namner_mappningsraden(tmp_path):
    m, s = las(mappning(tmp_path, [["Pedagog", "Förskollärare"], ["Kock", "Barnskötar"]]))
    assert m is None
    [p] = s.problem
    assert (p.fil, p.rad, p.kolumn, p.varde) == ("befattningar.csv", 3, "yrkeskategori", "Barnskötar")
    assert 'menade du "Barnskötare"?' in p.forvantat


@pytest.mark.parametrize("kolumner,rad,text", [
    (("befattning", "aid", "yrkeskategori"), ["Pedagog", "207008", "Förskollärare"], "har både kolumnen befattning"),
    (("titel", "yrkeskategori"), ["Pedagog", "Förskollärare"], "saknar kolumnen befattning (eller aid)"),
])
def test_fel_nyckelkolumner(tmp_path, kolumner, rad, text):
    m, s = las(mappning(tmp_path, [rad], kolumner))
    assert m is None and len(s.problem) == 1
    assert s.problem[0].forvantat.startswith(text) and s.problem[0].rad == 1


def test_aid_intervall_och_koder(tmp_path):
    p = mappning(tmp_path, [["207008-207014", "Förskollärare"], ["207015", "Barnskötare"], ["A12", "Socialsekreterare"],
                            ["300000 - 300009", "Socialsekreterare"]], ("aid", "yrkeskategori"))
    m, s = las(p)
    assert s.problem == [] and m.typ == "aid"
    anst = register("aid", ["207008", "207014", "207015", "a12", "300005", "207016", "207016", "207007"])
    s.kolumner["anstallningar.csv"] = frozenset({"aid"})
    bf.fyll_yrkeskategori(anst, "anstallningar.csv", m, s)
    assert anst["yrkeskategori"].tolist()[:5] == ["Förskollärare", "Förskollärare", "Barnskötare", "Socialsekreterare",
                                                  "Socialsekreterare"]
    assert anst["yrkeskategori"].iloc[5:].isna().all()
    # each unknown code once, with its number of employments, first row first
    assert [str(x) for x in s.problem] == [
        'anstallningar.csv, rad 7, kolumn aid: "207016" finns inte i befattningar.csv (2 anställningar); '
        'lägg till en rad "207016,<yrkeskategori>"',
        'anstallningar.csv, rad 9, kolumn aid: "207007" finns inte i befattningar.csv (1 anställningar); '
        'lägg till en rad "207007,<yrkeskategori>"']


@pytest.mark.parametrize("rader,vantat", [
    ([["100-200", "Förskollärare"], ["150-160", "Barnskötare"]], (2, '"100-200" (rad 2) och "150-160" (rad 3)')),
    ([["150", "Förskollärare"], ["100-150", "Barnskötare"]], (2, '"100-150" (rad 3) och "150" (rad 2)')),
    ([["300-400", "Förskollärare"], ["10-20", "Förskollärare"], ["390-500", "Barnskötare"]],
     (2, '"300-400" (rad 2) och "390-500" (rad 4)')),
])
def test_overlappande_intervall_namner_bada_rader(tmp_path, rader, vantat):
    m, s = las(mappning(tmp_path, rader, ("aid", "yrkeskategori")))
    assert m is None
    [p] = s.problem
    assert p.rad == vantat[0] and p.forvantat.startswith(vantat[1]) and "överlappar" in p.forvantat


def test_intervall_som_ror_varandra_godtas(tmp_path):
    m, s = las(mappning(tmp_path, [["100-149", "Förskollärare"], ["150-200", "Barnskötare"]], ("aid", "yrkeskategori")))
    assert s.problem == [] and list(m.fran) == [100, 150] and list(m.till) == [149, 200]


def test_bakvant_intervall_ar_fel(tmp_path):
    m, s = las(mappning(tmp_path, [["207014-207008", "Förskollärare"]], ("aid", "yrkeskategori")))
    assert m is None
    [p] = s.problem
    assert (p.rad, p.kolumn, p.varde) == (2, "aid", "207014-207008") and "lägsta koden först" in p.forvantat


def test_register_utan_aid_kolumn_nar_mappningen_har_aid(tmp_path):
    m, s = las(mappning(tmp_path, [["207008", "Förskollärare"]], ("aid", "yrkeskategori")))
    anst = register("befattning", ["Pedagog"])
    s.kolumner["anstallningar.csv"] = frozenset({"befattning"})
    bf.fyll_yrkeskategori(anst, "anstallningar.csv", m, s)
    [p] = s.problem
    assert (p.rad, p.kolumn) == (1, "aid") and "lägg till kolumnen aid eller kolumnen yrkeskategori" in p.forvantat


def test_manga_okanda_befattningar_raknas_en_gang_var(tmp_path):
    m, s = las(mappning(tmp_path, [["Pedagog", "Förskollärare"]]))
    anst = register("befattning", ["Kock"] * 500 + ["Pedagog"] * 10 + ["Vaktmästare"] * 3)
    s.kolumner["anstallningar.csv"] = frozenset({"befattning"})
    bf.fyll_yrkeskategori(anst, "anstallningar.csv", m, s)
    assert [(p.varde, p.rad) for p in s.problem] == [("Kock", 2), ("Vaktmästare", 512)]
    assert "(500 anställningar)" in s.problem[0].forvantat and "(3 anställningar)" in s.problem[1].forvantat
    assert s.tolkningar[-1].startswith("anstallningar.csv: yrkeskategori hämtad från befattningar.csv för 10 ")


def test_inneslutna_intervall_namner_det_omslutande(tmp_path):
    m, s = las(mappning(tmp_path, [["100-200", "Förskollärare"], ["150-160", "Barnskötare"], ["170-180", "Barnskötare"]],
                        ("aid", "yrkeskategori")))
    assert m is None
    assert [p.forvantat.split(" överlappar")[0] for p in s.problem] == [
        '"100-200" (rad 2) och "150-160" (rad 3)', '"100-200" (rad 2) och "170-180" (rad 4)']
