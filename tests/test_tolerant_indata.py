"""A real kommun's HR export goes in as it comes: each accepted variant gives the IDENTICAL table.

The data folder is a tiny hand-written kommun (2 nämnder, 20 employments x 2 snapshots,
written as text; independent of the Exempelkommun generator): the plain file and a variant of
it (fractions, Excel serial dates, other spellings, a mapping file instead of yrkeskategori)
must give the same typed table (``pd.testing.assert_frame_equal``); the ambiguous cases give
one Swedish error each. Excel row numbers: header = row 1, sample row i (0-based) is row i + 2.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from kfanalys.grund.fel import Indatafel
from kfanalys.indata import register

# Excel serial numbers of the snapshot dates (44866 = 2022-11-01, +365/+366 a year)
SERIER = {"2024-11-01": 45597, "2025-11-01": 45962}

KOMMUN_YAML = """\
kommun: Lillby kommun
namnder:
  - {namn: Förskolenämnden, kortnamn: forskola, forvaltning: Förskoleförvaltningen, omrade: Lillby}
  - {namn: Socialnämnden, kortnamn: social, forvaltning: Socialförvaltningen, omrade: Lillby}
yrkeskategorier:
  - {namn: Förskollärare, drivare: {typ: alder, fran: 1, till: 5}}
  - {namn: Barnskötare, drivare: {typ: alder, fran: 1, till: 5}}
  - {namn: Socialsekreterare, drivare: {typ: total}}
  - {namn: Enhetschef, drivare: {typ: fast}, chef: true}
"""
#: befattning, nämnd, yrkeskategori (two befattningar are Socialsekreterare)
BEFATTNINGAR = [("Förskollärare", "Förskolenämnden", "Förskollärare"),
                ("Barnskötare", "Förskolenämnden", "Barnskötare"),
                ("Socialsekreterare", "Socialnämnden", "Socialsekreterare"),
                ("Biträdande socialsekreterare", "Socialnämnden", "Socialsekreterare"),
                ("Enhetschef", "Socialnämnden", "Enhetschef")]


def lillby_anstallningar() -> pd.DataFrame:
    """20 employments at 2024-11-01 (rows 2-21) and 2025-11-01 (rows 22-41), every cell text.

    timavlönade: i = 3, 10, 17 (grad 0); visstid: i % 4 == 1; kon M: i % 3 == 0; chef: Enhetschef.
    """
    rader = []
    for matdatum in ("2024-11-01", "2025-11-01"):
        for i in range(20):
            bef, namnd, yrke = BEFATTNINGAR[i % 5]
            timme = i % 7 == 3
            rader.append({
                "matdatum": matdatum, "person_id": f"P{i:03d}", "namnd": namnd,
                "forvaltning": namnd.replace("nämnden", "förvaltningen"), "avdelning": "Avdelning 1",
                "enhet": f"Enhet {i % 3}", "befattning": bef, "yrkeskategori": yrke,
                "kon": "M" if i % 3 == 0 else "K", "fodelsear": str(1965 + i),
                "anstallningsform": "visstid" if i % 4 == 1 else "tillsvidare",
                "loneform": "timme" if timme else "manad",
                "sysselsattningsgrad": "0" if timme else ("87,5" if i % 5 == 2 else "100"),
                "chef": "ja" if yrke == "Enhetschef" else "nej", "chef_id": "",
                "anstallningsdatum": "2015-08-01", "kompetensniva": "God",
            })
    return pd.DataFrame(rader)


def skriv_lillby(mapp: Path) -> Path:
    mapp.mkdir(parents=True)
    (mapp / "kommun.yaml").write_text(KOMMUN_YAML, encoding="utf-8")
    pd.DataFrame([["2025-03-01", "P100", "anstallning", "Förskolenämnden", "Förskollärare", "extern", ""],
                  ["2025-04-01", "P101", "avgang", "Socialnämnden", "Socialsekreterare", "extern", "pension"]],
                 columns=["datum", "person_id", "typ", "namnd", "yrkeskategori", "motpart", "orsak"]).to_csv(
        mapp / "handelser.csv", index=False)
    pd.DataFrame([{"omrade": "Lillby", "ar": ar, "alder": a, "antal": 100 + a} for ar in (2025, 2026, 2027)
                  for a in range(101)]).to_csv(mapp / "befolkningsprognos.csv", index=False)
    return mapp


@pytest.fixture
def prov() -> pd.DataFrame:
    return lillby_anstallningar()


@pytest.fixture
def mapp(tmp_path) -> Path:
    return skriv_lillby(tmp_path / "lillby")


def skriv(mapp: Path, df: pd.DataFrame, namn: str = "anstallningar.csv") -> Path:
    for gammal in mapp.glob("anstallningar.*"):
        gammal.unlink()
    df.to_csv(mapp / namn, index=False, encoding="utf-8")
    return mapp


def las(mapp: Path, df: pd.DataFrame) -> register.Indata:
    return register.las_indata(skriv(mapp, df))


def fel_for(mapp: Path, df: pd.DataFrame) -> list:
    with pytest.raises(Indatafel) as e:
        register.las_indata(skriv(mapp, df))
    return e.value.problem


@pytest.fixture
def vanlig(mapp, prov, tmp_path) -> pd.DataFrame:
    """The typed table of the plain sample (read in a folder of its own)."""
    return las(skriv_lillby(tmp_path / "vanlig"), prov).anstallningar


# ------------------------------------------------------------------ sysselsattningsgrad

def test_brakform_raknas_om_till_procent(mapp, prov, vanlig):
    v = prov.copy()
    grad = pd.to_numeric(prov["sysselsattningsgrad"].str.replace(",", "."))
    v["sysselsattningsgrad"] = (grad / 100).map(lambda x: f"{x:g}".replace(".", ","))  # 100 -> 1, 87,5 -> 0,875
    ind = las(mapp, v)
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)
    assert (f"anstallningar.csv, kolumn sysselsattningsgrad: {len(prov)} värden i bråkform (0-1) räknades om "
            "till procent") in ind.tolkningar


def test_blandad_kolumn_forblir_procent_med_varning(mapp, prov, vanlig):
    v = prov.copy()
    rad = int(np.flatnonzero(prov["loneform"] == "manad")[0])
    v.loc[rad, "sysselsattningsgrad"] = "0,5"  # the others are 0-100: 0,5 stays 0.5 %
    ind = las(mapp, v)
    assert ind.anstallningar.loc[rad, "sysselsattningsgrad"] == 0.5
    assert not any("bråkform" in t for t in ind.tolkningar)
    assert any("1 värden mellan 0 och 1" in w and "läses som procent" in w for w in ind.varningar)


def test_tom_grad_for_timavlonad_blir_noll(mapp, prov, vanlig):
    v = prov.copy()
    timme = (prov["loneform"] == "timme").to_numpy()
    assert (prov.loc[timme, "sysselsattningsgrad"] == "0").all()  # as in the plain file
    v.loc[timme, "sysselsattningsgrad"] = ""
    ind = las(mapp, v)
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)
    assert (f"anstallningar.csv, kolumn sysselsattningsgrad: {int(timme.sum())} tomma värden för loneform timme "
            "räknades som 0") in ind.varningar


def test_tom_grad_for_manadsavlonad_ar_fel(mapp, prov):
    v = prov.copy()
    rad = int(np.flatnonzero(prov["loneform"] == "manad")[0])
    v.loc[rad, "sysselsattningsgrad"] = ""
    [p] = fel_for(mapp, v)
    assert str(p) == f"anstallningar.csv, rad {rad + 2}, kolumn sysselsattningsgrad: saknar värde (obligatorisk kolumn)"


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("slut", ["", ".0"])
def test_excel_datumnummer_i_csv(mapp, prov, vanlig, slut):
    v = prov.copy()
    v["matdatum"] = prov["matdatum"].map(lambda d: f"{SERIER[d]}{slut}")
    ind = las(mapp, v)
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)
    [t] = [t for t in ind.tolkningar if "matdatum" in t]
    assert t.startswith(f"anstallningar.csv, kolumn matdatum: {len(prov)} Excel-datumnummer räknades om till datum")


def test_excel_datumnummer_i_xlsx(mapp, prov, vanlig):
    wb = Workbook()
    ws = wb.active
    ws.append(list(prov.columns))
    for i, rad in enumerate(prov.itertuples(index=False)):
        celler = list(rad)
        serie = SERIER[rad.matdatum]
        celler[0] = serie if i % 2 else float(serie)  # integer and integer-valued float number cells
        ws.append(celler)
    for gammal in mapp.glob("anstallningar.*"):
        gammal.unlink()
    wb.save(mapp / "anstallningar.xlsx")
    ind = register.las_indata(mapp)
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)


def test_datumnummer_utanfor_intervallet_ar_fel(mapp, prov):
    v = prov.copy()
    v.loc[0, "matdatum"] = "73051"  # after 2099-12-31
    [p] = fel_for(mapp, v)
    assert (p.rad, p.kolumn, p.varde) == (2, "matdatum", "73051") and "ÅÅÅÅ-MM-DD" in p.forvantat


# ------------------------------------------------------------------ spellings

def byt(prov: pd.DataFrame, kolumn: str, karta: dict[str, str]) -> pd.DataFrame:
    v = prov.copy()
    v[kolumn] = prov[kolumn].map(karta)
    assert v[kolumn].notna().all()
    return v


@pytest.mark.parametrize("k,m", [("Kvinna", "Man"), ("kvinna", "man"), ("kvinnor", "män"), ("k", "m"),
                                 ("KVINNA", "MAN")])
def test_kon_stavningar(mapp, prov, vanlig, k, m):
    ind = las(mapp, byt(prov, "kon", {"K": k, "M": m}))
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)


def test_kon_stavning_noteras_en_gang_med_antal(mapp, prov):
    ind = las(mapp, byt(prov, "kon", {"K": "Kvinna", "M": "Man"}))
    [t] = [t for t in ind.tolkningar if "kolumn kon" in t]
    skrivna = '"Kvinna", "Man"' if prov["kon"].iloc[0] == "K" else '"Man", "Kvinna"'  # in order of appearance
    assert t == f"anstallningar.csv, kolumn kon: {len(prov)} värden skrivna som {skrivna} tolkades som K, M"


@pytest.mark.parametrize("manad,timme", [("månad", "timme"), ("Månadslön", "Timlön"), ("månadsavlönad", "timavlönad"),
                                         ("mån", "tim"), ("MÅNAD", "timanställd")])
def test_loneform_stavningar(mapp, prov, vanlig, manad, timme):
    ind = las(mapp, byt(prov, "loneform", {"manad": manad, "timme": timme}))
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)


@pytest.mark.parametrize("tv,vs", [("Tillsvidare", "Visstid"), ("tills vidare", "allmän visstid"),
                                   ("tillsvidareanställd", "visstidsanställd"),
                                   ("Tillsvidareanställning", "tidsbegränsad"), ("tillsvidare", "vikariat"),
                                   ("TILLSVIDARE", "särskild visstid")])
def test_anstallningsform_stavningar(mapp, prov, vanlig, tv, vs):
    ind = las(mapp, byt(prov, "anstallningsform", {"tillsvidare": tv, "visstid": vs}))
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)


@pytest.mark.parametrize("ja,nej", [("Ja", "Nej"), ("1", "0"), ("X", ""), ("x", "nej"), ("JA", "")])
def test_chef_stavningar(mapp, prov, vanlig, ja, nej):
    ind = las(mapp, byt(prov, "chef", {"ja": ja, "nej": nej}))
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)


@pytest.mark.parametrize("kolumn,varde,skriv_text", [
    ("kon", "F", "skriv K eller M"), ("kon", "f", "skriv K eller M"),
    ("loneform", "M", "skriv manad eller timme"), ("loneform", "t", "skriv manad eller timme"),
    ("anstallningsform", "V", "skriv tillsvidare eller visstid"),
])
def test_tvetydigt_varde_ar_fel(mapp, prov, kolumn, varde, skriv_text):
    v = prov.copy()
    v.loc[3, kolumn] = varde
    [p] = fel_for(mapp, v)
    assert str(p) == f'anstallningar.csv, rad 5, kolumn {kolumn}: "{varde}" är tvetydigt; {skriv_text}'


def test_okand_loneform_listar_godtagna_stavningar(mapp, prov):
    v = prov.copy()
    v.loc[0, "loneform"] = "vecka"
    [p] = fel_for(mapp, v)
    assert p.forvantat.startswith("ska vara en av: manad, timme (även ")
    assert "månadsavlönad" in p.forvantat and "timlön" in p.forvantat


# ------------------------------------------------------------------ yrkeskategori from befattning / AID

def test_befattning_mappning_ger_samma_tabell(mapp, prov, vanlig):
    par = prov[["befattning", "yrkeskategori"]].drop_duplicates()
    # the mapping written as a person would: other case, blanks around and inside
    mappning = pd.DataFrame({"befattning": ["  " + b.upper().replace(" ", "   ") + " " for b in par["befattning"]],
                             "yrkeskategori": par["yrkeskategori"].to_numpy()})
    mappning.to_csv(mapp / "befattningar.csv", index=False)
    ind = las(mapp, prov.drop(columns="yrkeskategori"))
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)
    assert f"anstallningar.csv: yrkeskategori hämtad från befattningar.csv för {len(prov)} anställningar " \
           "(via kolumnen befattning)" in ind.tolkningar
    assert ind.filer["befattningar"] == mapp / "befattningar.csv"


def test_aid_intervall_ger_samma_tabell(mapp, prov, tmp_path):
    yrken = sorted(prov["yrkeskategori"].unique())
    nr = prov["yrkeskategori"].map({y: i for i, y in enumerate(yrken)}).to_numpy()
    med_aid = prov.copy()
    med_aid["aid"] = [str(200000 + 10 * n + i % 3) for i, n in enumerate(nr)]  # 3 codes per yrkeskategori
    vanlig = las(skriv_lillby(tmp_path / "med_yrke"), med_aid).anstallningar
    variant = med_aid.drop(columns="yrkeskategori").rename(columns={"aid": "AID-kod"})
    pd.DataFrame({"aid": [f"{200000 + 10 * i}-{200000 + 10 * i + 2}" for i in range(len(yrken))],
                  "yrkeskategori": yrken}).to_csv(mapp / "befattningar.csv", index=False)
    ind = las(mapp, variant)
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)
    assert ind.anstallningar["aid"].iloc[0] == med_aid["aid"].iloc[0]


def test_okand_befattning_listas_en_gang_med_antal(mapp, prov):
    par = prov[["befattning", "yrkeskategori"]].drop_duplicates()
    par.to_csv(mapp / "befattningar.csv", index=False)
    v = prov.drop(columns="yrkeskategori")
    v.loc[[4, 9, 11], "befattning"] = "Specialpedagog"
    [p] = fel_for(mapp, v)
    assert str(p) == ('anstallningar.csv, rad 6, kolumn befattning: "Specialpedagog" finns inte i befattningar.csv '
                      '(3 anställningar); lägg till en rad "Specialpedagog,<yrkeskategori>"')


def test_overlappande_aid_intervall_ar_fel(mapp, prov):
    v = prov.drop(columns="yrkeskategori")
    v["aid"] = "207010"
    pd.DataFrame({"aid": ["100000", "207008-207014", "300000", "207012-207020"],
                  "yrkeskategori": [prov["yrkeskategori"].iloc[0]] * 4}).to_csv(mapp / "befattningar.csv", index=False)
    [p] = fel_for(mapp, v)
    assert str(p) == ('befattningar.csv, rad 3, kolumn aid: "207008-207014" (rad 3) och "207012-207020" (rad 5) '
                      'överlappar; en AID-kod får bara höra till ett intervall')


def test_utan_yrkeskategori_och_mappning_sager_vad_som_behovs(mapp, prov):
    [p] = fel_for(mapp, prov.drop(columns="yrkeskategori"))
    assert (p.fil, p.rad, p.kolumn) == ("anstallningar.csv", 1, "yrkeskategori")
    assert "lägg till kolumnen yrkeskategori eller en fil befattningar.csv med kolumnerna befattning, " \
           "yrkeskategori" in p.forvantat


def test_register_med_yrkeskategori_anvander_inte_mappningen(mapp, prov, vanlig):
    pd.DataFrame({"befattning": prov["befattning"].unique(), "yrkeskategori": "Fel kategori"}).to_csv(
        mapp / "befattningar.csv", index=False)
    ind = las(mapp, prov)
    pd.testing.assert_frame_equal(ind.anstallningar, vanlig)
    assert "befattningar.csv används inte eftersom anstallningar.csv har kolumnen yrkeskategori" in ind.varningar


def test_tom_yrkeskategori_ar_fel_aven_med_mappningsfil(mapp, prov):
    pd.DataFrame({"befattning": prov["befattning"].unique(), "yrkeskategori": prov["yrkeskategori"].iloc[0]}).to_csv(
        mapp / "befattningar.csv", index=False)
    v = prov.copy()
    v.loc[2, "yrkeskategori"] = ""
    [p] = fel_for(mapp, v)
    assert str(p) == "anstallningar.csv, rad 4, kolumn yrkeskategori: saknar värde (obligatorisk kolumn)"


# ------------------------------------------------------------------ several employments per person

def test_flera_anstallningar_per_person_men_inte_exakt_kopia(mapp, prov):
    v = prov.copy()
    v.loc[1, "person_id"] = v.loc[0, "person_id"]  # same person, same matdatum, another employment
    v.loc[1, "matdatum"] = v.loc[0, "matdatum"]
    ind = las(mapp, v)
    assert (ind.anstallningar["person_id"] == v.loc[0, "person_id"]).sum() >= 2
    kopia = pd.concat([v, v.iloc[[5]]], ignore_index=True)  # row 7 repeated as the last row
    [p] = fel_for(mapp, kopia)
    assert p.rad == 7 and f"rad 7 och {len(kopia) + 1}" in p.forvantat and "alla kolumner lika" in p.forvantat


def test_tolkningar_visas_i_sammanfattning_och_validera(mapp, prov, capsys):
    from kfanalys import cli

    skriv(mapp, byt(prov, "loneform", {"manad": "Månadsavlönad", "timme": "Timavlönad"}))
    text = register.sammanfattning(register.las_indata(mapp))
    rad = ('  - anstallningar.csv, kolumn loneform: 40 värden skrivna som "Månadsavlönad", "Timavlönad" '
           "tolkades som manad, timme")
    assert f"Tolkningar:\n{rad}" in text
    assert cli.main(["validera", str(mapp)]) == 0
    assert f"Tolkningar:\n{rad}" in capsys.readouterr().out


def test_ett_artal_i_en_datumkolumn_tas_inte_for_ett_excel_datumnummer():
    """2025 would be Excel day 2025 = 1905-07-17: plausible as a number, absurd as a matdatum, so it is an error
    (serials are taken from 18264 = 1950-01-01 only)."""
    from kfanalys.indata.tabell import _tolka_datum
    d, serie = _tolka_datum(pd.Index(["2025", "18264", "44866"]))
    assert np.isnat(d[0]) and not serie[0]
    assert pd.Timestamp(d[1]) == pd.Timestamp("1950-01-01") and pd.Timestamp(d[2]) == pd.Timestamp("2022-11-01")
    assert serie[1:].tolist() == [True, True]
