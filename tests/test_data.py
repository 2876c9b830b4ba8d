"""Reading and validating inputs (kfanalys.indata.register): one test per kind of fault.

The fixture is a tiny hand-written kommun (2 nämnder, 15 persons x 2 snapshots = 30 rows),
independent of the Exempelkommun generator. Excel row numbers: header = row 1, so the
person on data row i (0-based) is on row i + 2; the 2025 snapshot starts at row 17.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kfanalys import cli
from kfanalys.indata import register as data
from kfanalys.indata import tabell
from kfanalys.grund import schema
from kfanalys.grund.fel import Indatafel

KOMMUN_YAML = """\
kommun: Lillby kommun
namnder:
  - namn: Förskolenämnden
    kortnamn: forskola
    forvaltning: Förskoleförvaltningen
    omrade: Lillby
  - namn: Socialnämnden
    kortnamn: social
    forvaltning: Socialförvaltningen
    omrade: Lillby
yrkeskategorier:
  - namn: Förskollärare
    drivare: {typ: alder, fran: 1, till: 5}
  - namn: Socialsekreterare
    drivare: {typ: total}
  - namn: Rektor
    drivare: {typ: fast}
    chef: true
  - namn: Enhetschef
    drivare: {typ: fast}
    chef: true
scenarier:
  - namn: Låg befolkning
    befolkningsfil: befolkningsprognos_lag.csv
"""


def giltiga_anstallningar() -> pd.DataFrame:
    """15 persons at 2024-11-01 (rows 2-16) and the same 15 at 2025-11-01 (rows 17-31), all text."""
    rader = []
    for matdatum in ("2024-11-01", "2025-11-01"):
        for i in range(1, 16):
            forskola = i <= 8
            chef = i in (7, 15)
            yrke = ("Rektor" if i == 7 else "Förskollärare") if forskola else (
                "Enhetschef" if i == 15 else "Socialsekreterare")
            timme = i == 8
            rader.append({
                "matdatum": matdatum,
                "person_id": f"{i:03d}",
                "namnd": "Förskolenämnden" if forskola else "Socialnämnden",
                "forvaltning": "Förskoleförvaltningen" if forskola else "Socialförvaltningen",
                "avdelning": "Avdelning A" if forskola else "Avdelning B",
                "enhet": f"Enhet {i % 3}",
                "befattning": yrke,
                "yrkeskategori": yrke,
                "kon": "K" if i % 2 else "M",
                "fodelsear": str(1960 + 2 * i),
                "anstallningsform": "visstid" if i == 5 else "tillsvidare",
                "loneform": "timme" if timme else "manad",
                "sysselsattningsgrad": "0" if timme else ("75" if i == 3 else "100"),
                "chef": "ja" if chef else "nej",
                "chef_id": "" if chef else ("007" if forskola else "015"),
                "anstallningsdatum": "2015-08-01",
                "kompetensniva": "God",
            })
    return pd.DataFrame(rader)


def giltiga_handelser() -> pd.DataFrame:
    return pd.DataFrame([
        ["2025-03-01", "016", "anstallning", "Förskolenämnden", "Förskollärare", "extern", ""],
        ["2025-04-01", "017", "avgang", "Socialnämnden", "Socialsekreterare", "extern", "egen_begaran"],
        ["2025-06-30", "018", "avgang", "Förskolenämnden", "Förskollärare", "extern", "pension"],
        ["2025-02-01", "019", "avgang", "Socialnämnden", "Socialsekreterare", "annan_forvaltning", "ovrigt"],
    ], columns=["datum", "person_id", "typ", "namnd", "yrkeskategori", "motpart", "orsak"])


def giltig_befolkning(faktor: int = 1) -> pd.DataFrame:
    """Lillby 2025-2027, ages 0-100 (303 rows), antal = faktor * (100 + alder)."""
    return pd.DataFrame([{"omrade": "Lillby", "ar": str(ar), "alder": str(a), "antal": str(faktor * (100 + a))}
                         for ar in (2025, 2026, 2027) for a in range(101)])


def skriv_tabell(sokvag: Path, df: pd.DataFrame, sep: str = ",", bom: bool = False) -> Path:
    """Write a text frame as CSV (UTF-8, optionally with BOM) or .xlsx (by the file's extension)."""
    if sokvag.suffix == ".xlsx":
        df = df.copy()  # as a user's Excel file: real date and number cells, ids stay text
        for kol in df.columns:
            if kol in ("matdatum", "datum", "anstallningsdatum"):
                df[kol] = pd.to_datetime(df[kol].replace("", None), format="%Y-%m-%d")
            elif kol in ("fodelsear", "sysselsattningsgrad", "ar", "alder", "antal"):
                df[kol] = pd.to_numeric(df[kol], errors="coerce").where(lambda x: x.notna(), df[kol])
        df.to_excel(sokvag, index=False)
    else:
        df.to_csv(sokvag, sep=sep, index=False, encoding="utf-8-sig" if bom else "utf-8")
    return sokvag


def skriv_giltig_mapp(mapp: Path, format: str = "csv", sep: str = ",", bom: bool = False,
                      anst: pd.DataFrame | None = None, hand: pd.DataFrame | None = None,
                      bef: pd.DataFrame | None = None) -> Path:
    """A complete valid data folder (kommun.yaml, three tables, the scenario's population file)."""
    mapp.mkdir(parents=True, exist_ok=True)
    (mapp / "kommun.yaml").write_text(KOMMUN_YAML, encoding="utf-8")
    skriv_tabell(mapp / f"anstallningar.{format}", giltiga_anstallningar() if anst is None else anst, sep, bom)
    skriv_tabell(mapp / f"handelser.{format}", giltiga_handelser() if hand is None else hand, sep, bom)
    skriv_tabell(mapp / f"befolkningsprognos.{format}", giltig_befolkning() if bef is None else bef, sep, bom)
    skriv_tabell(mapp / "befolkningsprognos_lag.csv", giltig_befolkning(faktor=2))
    return mapp


def fel_for(mapp: Path) -> list:
    with pytest.raises(Indatafel) as e:
        data.las_indata(mapp)
    return e.value.problem


def texter(problem) -> list[str]:
    return [str(p) for p in problem]


def med(df: pd.DataFrame, rad: int, kolumn: str, varde: str) -> pd.DataFrame:
    """A copy with the cell at Excel row ``rad`` (header = 1) set to ``varde``."""
    df = df.copy()
    df.loc[rad - 2, kolumn] = varde
    return df


@pytest.fixture
def mapp(tmp_path) -> Path:
    return skriv_giltig_mapp(tmp_path / "lillby")


# ------------------------------------------------------------------ valid input


def test_giltig_mapp_ger_typade_ramar(mapp):
    ind = data.las_indata(mapp)
    a, h, b = ind.anstallningar, ind.handelser, ind.befolkning
    assert list(a.columns) == [k.namn for k in schema.ANSTALLNINGAR.kolumner]
    assert len(a) == 30 and len(h) == 4
    assert a["matdatum"].dtype == "datetime64[ns]" and h["datum"].dtype == "datetime64[ns]"
    assert a["fodelsear"].dtype == "int64" and a["sysselsattningsgrad"].dtype == "float64"
    assert a["chef"].dtype == bool and a["chef"].sum() == 4  # persons 7 and 15, two snapshots
    assert a.loc[0, "person_id"] == "001"  # leading zeros kept
    assert a.loc[0, "fodelsear"] == 1962  # 1960 + 2*1
    assert set(a["kon"]) == {"K", "M"}
    assert pd.isna(h.loc[0, "orsak"]) and h.loc[2, "orsak"] == "pension"
    # befolkning: 3 years x 101 ages; antal(2026, 80) = 100 + 80
    assert len(b) == 303 and list(b.columns) == ["omrade", "ar", "alder", "antal"]
    assert b.set_index(["ar", "alder"]).loc[(2026, 80), "antal"] == 180.0
    assert b["ar"].dtype == "int64" and b["alder"].dtype == "int64"
    assert len(ind.filhash) == 64 and ind.varningar == ()


def test_valfria_kolumner_finns_aven_nar_filen_saknar_dem(tmp_path):
    anst = giltiga_anstallningar().drop(columns=["chef_id", "anstallningsdatum", "kompetensniva"])
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert {"chef_id", "anstallningsdatum", "kompetensniva"} <= set(ind.anstallningar.columns)
    assert ind.anstallningar["anstallningsdatum"].isna().all()
    assert ind.anstallningar["anstallningsdatum"].dtype == "datetime64[ns]"


def test_rubriker_med_svenska_bokstaver_och_versaler(tmp_path):
    anst = giltiga_anstallningar().rename(columns={
        "fodelsear": "Födelseår", "person_id": "Person ID", "sysselsattningsgrad": " Sysselsättningsgrad ",
        "namnd": "NÄMND", "kon": "Kön", "anstallningsform": "Anställnings-form"})
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert ind.anstallningar.loc[0, "fodelsear"] == 1962
    assert ind.anstallningar.loc[0, "person_id"] == "001"


def test_kategorier_normaliseras_till_schemats_stavning(tmp_path):
    anst = giltiga_anstallningar()
    anst.loc[0, ["anstallningsform", "loneform", "kon", "kompetensniva"]] = ["Tillsvidare", "Månad", "k", "mycket hög"]
    hand = med(giltiga_handelser(), 3, "orsak", "Egen begäran")
    hand = med(hand, 2, "motpart", "Extern")
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", anst=anst, hand=hand))
    r = ind.anstallningar.loc[0]
    assert (r["anstallningsform"], r["loneform"], r["kon"], r["kompetensniva"]) == \
        ("tillsvidare", "manad", "K", "Mycket hög")
    assert ind.handelser.loc[1, "orsak"] == "egen_begaran" and ind.handelser.loc[0, "motpart"] == "extern"


def test_decimalkomma_och_semikolon(tmp_path):
    anst = med(giltiga_anstallningar(), 4, "sysselsattningsgrad", "87,5")
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", sep=";", anst=anst))
    assert ind.anstallningar.loc[2, "sysselsattningsgrad"] == 87.5


def test_bool_varianter(tmp_path):
    anst = giltiga_anstallningar()
    anst.loc[0:5, "chef"] = ["x", "", "Ja", "SANT", "1", "true"]
    anst.loc[6:9, "chef"] = ["nej", "falskt", "0", "False"]
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert ind.anstallningar.loc[0:9, "chef"].tolist() == [True, False, True, True, True, True,
                                                            False, False, False, False]


def test_timavlonad_med_sysselsattningsgrad_godtas(tmp_path):
    anst = med(giltiga_anstallningar(), 9, "sysselsattningsgrad", "40")  # person 8 is timavlönad
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert ind.anstallningar.loc[7, "sysselsattningsgrad"] == 40.0


def test_okand_extra_kolumn_ignoreras_med_varning(tmp_path):
    anst = giltiga_anstallningar().assign(Kommentar="hej")
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert "kommentar" not in ind.anstallningar.columns
    assert any("Kommentar" in v for v in ind.varningar)


def test_tomma_rader_hoppas_over_och_radnummer_stammer(tmp_path):
    mapp = skriv_giltig_mapp(tmp_path / "m")
    rader = (mapp / "anstallningar.csv").read_text(encoding="utf-8").splitlines()
    rader[5] = rader[5].replace(",K,1970,", ",K,1850,")  # file line 6 = person 5 (born 1970)
    rader.insert(3, "")  # a blank line 4: person 5 moves to Excel row 7
    (mapp / "anstallningar.csv").write_text("\n".join(rader) + "\n", encoding="utf-8")
    assert texter(fel_for(mapp)) == ['anstallningar.csv, rad 7, kolumn fodelsear: "1850" ska vara 1900-2015']


# ------------------------------------------------------------------ missing things


def test_saknad_fil(mapp):
    (mapp / "anstallningar.csv").unlink()
    [p] = fel_for(mapp)
    assert p.fil == "anstallningar.csv" and "saknas" in p.forvantat and "anstallningar.xlsx" in p.forvantat


def test_saknad_handelsefil_ar_inget_fel_utan_harleds(mapp):
    """Snapshots only (issue 12): without handelser the events are derived, and validera says so."""
    (mapp / "handelser.csv").unlink()
    indata = data.las_indata(mapp)
    assert indata.handelser_harledda and indata.handelser.empty
    assert list(indata.handelser.columns) == [k.namn for k in schema.HANDELSER.kolumner]


def test_saknad_mapp(tmp_path):
    [p] = fel_for(tmp_path / "finns_inte")
    assert "datamappen finns inte" in str(p)


def test_saknad_kolumn_namner_befintliga_kolumner(tmp_path):
    anst = giltiga_anstallningar().drop(columns=["kon"])
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert (p.fil, p.kolumn, p.rad) == ("anstallningar.csv", "kon", 1)
    assert "saknas" in p.forvantat and "fodelsear" in p.forvantat and "menade du" not in p.forvantat


def test_felstavad_kolumn_ger_menade_du(tmp_path):
    anst = giltiga_anstallningar().rename(columns={"sysselsattningsgrad": "sysselsatningsgrad"})
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert p.kolumn == "sysselsattningsgrad"
    assert 'menade du "sysselsatningsgrad"?' in p.forvantat


def test_dubbel_kolumn_i_rubrikraden(tmp_path):
    anst = giltiga_anstallningar()
    anst.insert(3, "Namnd ", anst["namnd"])  # "namnd" twice after normalisation (columns C and D)
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert p.kolumn == "namnd" and "kolumn C och D" in p.forvantat


def test_tom_obligatorisk_cell(tmp_path):
    anst = med(giltiga_anstallningar(), 5, "namnd", "  ")
    assert texter(fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))) == [
        "anstallningar.csv, rad 5, kolumn namnd: saknar värde (obligatorisk kolumn)"]


def test_avgang_utan_motpart(tmp_path):
    hand = med(giltiga_handelser(), 3, "motpart", "")  # row 3 = person 017, typ avgang
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", hand=hand))
    assert (p.fil, p.rad, p.kolumn) == ("handelser.csv", 3, "motpart") and "saknar värde" in p.forvantat


# ------------------------------------------------------------------ bad values


@pytest.mark.parametrize("tabell,kolumn,rad,varde,aven", [
    ("anst", "kon", 3, "X", "kvinna, kvinnor"),
    ("anst", "anstallningsform", 4, "provanställning", "tills vidare"),
    ("anst", "loneform", 6, "vecka", "timlön"),
    ("anst", "kompetensniva", 8, "Expert", None),
    ("hand", "typ", 2, "flytt", None),
    ("hand", "motpart", 4, "utlandet", None),
    ("hand", "orsak", 5, "uppsagd", None),
])
def test_okant_kategorivarde(tmp_path, tabell, kolumn, rad, varde, aven):
    anst, hand = giltiga_anstallningar(), giltiga_handelser()
    if tabell == "anst":
        anst = med(anst, rad, kolumn, varde)
    else:
        hand = med(hand, rad, kolumn, varde)
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst, hand=hand))
    fil = "anstallningar.csv" if tabell == "anst" else "handelser.csv"
    giltiga = ", ".join(schema.TABELLER[fil.split(".")[0]].kolumn(kolumn).varden)
    vantat = f'{fil}, rad {rad}, kolumn {kolumn}: "{varde}" ska vara en av: {giltiga}'
    if aven is None:  # no other spellings: the values only
        assert str(p) == vantat
    else:  # the other accepted spellings are listed too
        assert str(p).startswith(vantat + " (även ") and aven in str(p)


def test_sysselsattningsgrad_over_100_exakt_meddelande(tmp_path):
    anst = med(giltiga_anstallningar(), 17, "sysselsattningsgrad", "120")
    assert texter(fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))) == [
        'anstallningar.csv, rad 17, kolumn sysselsattningsgrad: "120" ska vara 0-100']


def test_fodelsear_utanfor_intervall(tmp_path):
    anst = med(giltiga_anstallningar(), 10, "fodelsear", "2030")
    assert texter(fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))) == [
        'anstallningar.csv, rad 10, kolumn fodelsear: "2030" ska vara 1900-2015']


def test_inte_ett_tal_och_inte_ett_heltal(tmp_path):
    anst = med(giltiga_anstallningar(), 2, "fodelsear", "nittonhundra")
    anst = med(anst, 3, "fodelsear", "1980,5")
    anst = med(anst, 4, "sysselsattningsgrad", "heltid")
    assert sorted(texter(fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst)))) == sorted([
        'anstallningar.csv, rad 2, kolumn fodelsear: "nittonhundra" ska vara ett heltal',
        'anstallningar.csv, rad 3, kolumn fodelsear: "1980,5" ska vara ett heltal',
        'anstallningar.csv, rad 4, kolumn sysselsattningsgrad: "heltid" ska vara ett tal '
        '(decimalkomma eller decimalpunkt)'])


@pytest.mark.parametrize("kolumn,varde,forvantat", [
    ("alder", "101", "ska vara 0-100"),
    ("ar", "1800", "ska vara 1900-2200"),
    ("antal", "-5", "ska vara minst 0 (inte negativt)"),
])
def test_befolkning_utanfor_intervall(tmp_path, kolumn, varde, forvantat):
    bef = med(giltig_befolkning(), 12, kolumn, varde)
    problem = fel_for(skriv_giltig_mapp(tmp_path / "m", bef=bef))
    assert f'befolkningsprognos.csv, rad 12, kolumn {kolumn}: "{varde}" {forvantat}' in texter(problem)


@pytest.mark.parametrize("varde", ["2025-13-01", "01/11/2025", "igår", "2025-02-30"])
def test_otolkbart_datum(tmp_path, varde):
    anst = med(giltiga_anstallningar(), 20, "matdatum", varde)
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert (p.rad, p.kolumn, p.varde) == (20, "matdatum", varde) and "ÅÅÅÅ-MM-DD" in p.forvantat


def test_datum_med_nolltid_godtas(tmp_path):
    anst = med(giltiga_anstallningar(), 2, "anstallningsdatum", "2015-08-01 00:00:00")
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert ind.anstallningar.loc[0, "anstallningsdatum"] == pd.Timestamp("2015-08-01")


def test_exakt_upprepad_rad_namner_bada_rader(tmp_path):
    anst = giltiga_anstallningar()
    anst.loc[23] = anst.loc[17]  # row 25 becomes an exact copy of row 19 (person 003 in 2025)
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert p.fil == "anstallningar.csv" and p.rad == 19
    assert "rad 19 och 25" in p.forvantat and "alla kolumner lika" in p.forvantat


def test_tva_anstallningar_for_samma_person_och_matdatum_godtas(tmp_path):
    anst = med(giltiga_anstallningar(), 25, "person_id", "003")  # person 003 twice in 2025 (rows 19, 25)
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert (ind.anstallningar["person_id"] == "003").sum() == 3  # rows 4, 19 and 25


def test_namnd_saknas_i_kommun_yaml(tmp_path):
    anst = med(giltiga_anstallningar(), 6, "namnd", "Förskolenämnd")
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert (p.fil, p.rad, p.kolumn, p.varde) == ("anstallningar.csv", 6, "namnd", "Förskolenämnd")
    assert "kommun.yaml" in p.forvantat and 'menade du "Förskolenämnden"?' in p.forvantat


def test_yrkeskategori_saknas_i_kommun_yaml(tmp_path):
    anst = giltiga_anstallningar()
    anst.loc[[3, 18], "yrkeskategori"] = "Barnskötare"  # rows 5 and 20
    hand = med(giltiga_handelser(), 2, "yrkeskategori", "Barnskötare")
    problem = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst, hand=hand))
    assert texter(problem) == [
        'anstallningar.csv, rad 5, kolumn yrkeskategori: "Barnskötare" finns inte i kommun.yaml; '
        'lägg till den under yrkeskategorier (med drivare) (2 rader)',
        'handelser.csv, rad 2, kolumn yrkeskategori: "Barnskötare" finns inte i kommun.yaml; '
        'lägg till den under yrkeskategorier (med drivare) (1 rader)']


def test_personnummer_som_person_id_avvisas_utan_att_visas(tmp_path):
    anst = med(giltiga_anstallningar(), 2, "person_id", "19800101-1234")
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=anst))
    assert p.rad == 2 and "personnummer" in p.forvantat and "1234" not in str(p)


def test_manga_fel_begransas_per_kolumn(tmp_path):
    n = 200
    anst = pd.concat([giltiga_anstallningar()] * 1, ignore_index=True)
    stor = pd.DataFrame({c: np.repeat(anst[c].to_numpy()[:1], n) for c in anst.columns})
    stor["person_id"] = [f"Q{i}" for i in range(n)]
    stor["kon"] = "?"
    problem = fel_for(skriv_giltig_mapp(tmp_path / "m", anst=stor))
    kon = [p for p in problem if p.kolumn == "kon"]
    assert len(kon) == tabell.MAX_PER_FEL + 1
    assert kon[-1].forvantat.startswith(f"... och {n - tabell.MAX_PER_FEL} rader till")


# ------------------------------------------------------------------ population forecast


def test_befolkning_saknad_alder(tmp_path):
    bef = giltig_befolkning()
    bef = bef[~((bef["ar"] == "2026") & bef["alder"].isin(["7", "8", "9", "50"]))]
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", bef=bef))
    assert p.fil == "befolkningsprognos.csv" and p.kolumn == "alder"
    assert "omrade Lillby, ar 2026: 7-9, 50" in p.forvantat


def test_befolkning_saknat_ar(tmp_path):
    bef = giltig_befolkning()
    bef = pd.concat([bef[bef["ar"] != "2026"], bef[bef["ar"] == "2027"].assign(ar="2028")])
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", bef=bef))
    assert p.kolumn == "ar" and "Lillby: 2026" in p.forvantat


def test_befolkning_saknar_namndens_omrade(tmp_path):
    bef = giltig_befolkning().assign(omrade="Lilleby")
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", bef=bef))
    assert (p.fil, p.kolumn, p.varde) == ("befolkningsprognos.csv", "omrade", "Lillby")
    assert 'menade du "Lilleby"?' in p.forvantat and "Förskolenämnden" in p.forvantat


def test_befolkning_dubblett(tmp_path):
    bef = pd.concat([giltig_befolkning(), giltig_befolkning().iloc[[10]]], ignore_index=True)
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", bef=bef))
    assert p.rad == 12 and "rad 12 och 305" in p.forvantat  # row 10 -> Excel 12; appended 304th row -> 305


def test_befolkning_med_kon_summeras(tmp_path):
    bef = pd.concat([giltig_befolkning().assign(kon="K"), giltig_befolkning(3).assign(kon="M")])
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", bef=bef))
    # age 80 in 2026: K 180 + M 3*180 = 720
    assert ind.befolkning.set_index(["ar", "alder"]).loc[(2026, 80), "antal"] == 720.0
    assert len(ind.befolkning) == 303


def test_befolkning_fran_scenariofil(mapp):
    ind = data.las_indata(mapp)
    lag = ind.befolkning_fran("befolkningsprognos_lag.csv")
    assert lag.set_index(["ar", "alder"]).loc[(2025, 0), "antal"] == 200.0  # 2 * (100 + 0)


def test_scenariots_befolkningsfil_saknas(mapp):
    (mapp / "befolkningsprognos_lag.csv").unlink()
    [p] = fel_for(mapp)
    assert p.fil == "befolkningsprognos_lag.csv" and "saknas" in p.forvantat


# ------------------------------------------------------------------ broken files


def test_tom_fil(mapp):
    (mapp / "anstallningar.csv").write_bytes(b"")
    [p] = fel_for(mapp)
    assert p.fil == "anstallningar.csv" and "tom (0 byte)" in p.forvantat


def test_bara_rubrikrad(mapp):
    (mapp / "handelser.csv").write_text("datum,person_id,typ,namnd,yrkeskategori,motpart\n", encoding="utf-8")
    [p] = fel_for(mapp)
    assert p.fil == "handelser.csv" and "inga datarader" in p.forvantat


def test_fel_teckenkodning(mapp):
    text = (mapp / "anstallningar.csv").read_text(encoding="utf-8")
    (mapp / "anstallningar.csv").write_bytes(text.encode("cp1252"))
    [p] = fel_for(mapp)
    # first "ö" (Förskolenämnden) is on line 2
    assert p.fil == "anstallningar.csv" and p.rad == 2 and "UTF-8" in p.forvantat


def test_utf16_avvisas(mapp):
    text = (mapp / "handelser.csv").read_text(encoding="utf-8")
    (mapp / "handelser.csv").write_bytes(text.encode("utf-16"))
    [p] = fel_for(mapp)
    assert p.fil == "handelser.csv" and "UTF-16" in p.forvantat


def test_binar_skrapfil_ar_ingen_tabell(mapp):
    (mapp / "anstallningar.csv").write_bytes(bytes(range(256)) * 4)
    [p] = fel_for(mapp)
    assert p.fil == "anstallningar.csv" and "ingen tabell" in p.forvantat


def test_xlsx_som_egentligen_ar_text(mapp):
    (mapp / "handelser.csv").rename(mapp / "handelser.xlsx")
    [p] = fel_for(mapp)
    assert p.fil == "handelser.xlsx" and "ingen giltig Excelfil" in p.forvantat and ".csv" in p.forvantat


def test_xlsx_med_tomt_forsta_blad(mapp):
    from openpyxl import Workbook

    (mapp / "handelser.csv").unlink()
    wb = Workbook()
    wb.active.title = "Tomt"
    wb.create_sheet("Data").append(["datum", "person_id"])
    wb.save(mapp / "handelser.xlsx")
    [p] = fel_for(mapp)
    assert str(p).startswith("handelser.xlsx, blad Tomt: första bladet är tomt")


def test_xlsx_fel_anger_blad_och_rad(tmp_path):
    anst = med(giltiga_anstallningar(), 17, "sysselsattningsgrad", "120")
    [p] = fel_for(skriv_giltig_mapp(tmp_path / "m", format="xlsx", anst=anst))
    assert str(p) == 'anstallningar.xlsx, blad Sheet1, rad 17, kolumn sysselsattningsgrad: "120" ska vara 0-100'


def test_bade_csv_och_xlsx(mapp):
    skriv_tabell(mapp / "handelser.xlsx", giltiga_handelser())
    [p] = fel_for(mapp)
    assert "handelser.csv" in p.forvantat and "handelser.xlsx" in p.forvantat


def test_rad_med_for_manga_falt(mapp):
    with open(mapp / "handelser.csv", "a", encoding="utf-8") as f:
        f.write("2025-05-01,020,avgang,Socialnämnden,Socialsekreterare,extern,ovrigt,extra,mer\n")
    [p] = fel_for(mapp)
    assert (p.fil, p.rad) == ("handelser.csv", 6) and "9 fält" in p.forvantat


def test_kommun_yaml_fel_samlas_med_tabellfel(tmp_path):
    anst = med(giltiga_anstallningar(), 17, "sysselsattningsgrad", "120")
    mapp = skriv_giltig_mapp(tmp_path / "m", anst=anst)
    (mapp / "kommun.yaml").write_text(KOMMUN_YAML.replace("{typ: total}", "{typ: okand}"), encoding="utf-8")
    problem = fel_for(mapp)
    assert {p.fil for p in problem} == {"kommun.yaml", "anstallningar.csv"}
    assert any(p.fil == "kommun.yaml" and p.varde == "okand" for p in problem)


def test_handelse_langt_utanfor_ogonblicksbilderna_ger_varning(tmp_path):
    hand = med(giltiga_handelser(), 4, "datum", "1925-04-01")
    ind = data.las_indata(skriv_giltig_mapp(tmp_path / "m", hand=hand))
    assert len(ind.varningar) == 1 and "rad 4: 1925-04-01" in ind.varningar[0]
    assert "Varningar" in data.sammanfattning(ind)


# ------------------------------------------------------------------ las_tabell, summary, hash, CLI


def test_las_tabell_ensam(mapp):
    df = tabell.las_tabell(mapp / "handelser.csv", schema.HANDELSER)
    assert df["typ"].tolist() == ["anstallning", "avgang", "avgang", "avgang"]
    with pytest.raises(Indatafel, match="saknas"):
        tabell.las_tabell(mapp / "finns_inte.csv", schema.HANDELSER)


def test_sammanfattning(mapp):
    text = data.sammanfattning(data.las_indata(mapp))
    assert "anstallningar.csv: 30 rader, 2 ögonblicksbilder (2024-11-01, 2025-11-01)" in text
    assert "Förskolenämnden: 8" in text and "Socialnämnden: 7" in text  # persons 1-8 and 9-15
    assert "4 rader (1 anställningar, 3 avgångar" in text
    assert "1 område (Lillby), åren 2025-2027" in text


def test_filhash_andras_med_indata(mapp):
    fore = data.las_indata(mapp).filhash
    assert data.las_indata(mapp).filhash == fore
    skriv_tabell(mapp / "handelser.csv", giltiga_handelser().iloc[:3])
    assert data.las_indata(mapp).filhash != fore


def test_cli_validera_ok(mapp, capsys):
    assert cli.main(["validera", str(mapp)]) == 0
    ut = capsys.readouterr().out
    assert ut.startswith("OK\n") and "2 ögonblicksbilder" in ut


def test_cli_validera_fel_listar_alla_och_avslutar_med_2(tmp_path, capsys):
    anst = med(giltiga_anstallningar(), 17, "sysselsattningsgrad", "120")
    anst = med(anst, 3, "kon", "X")
    mapp = skriv_giltig_mapp(tmp_path / "m", anst=anst)
    (mapp / "befolkningsprognos.csv").unlink()
    assert cli.main(["validera", str(mapp)]) == 2
    fel = capsys.readouterr().err
    assert "(3 problem)" in fel
    assert 'anstallningar.csv, rad 17, kolumn sysselsattningsgrad: "120" ska vara 0-100' in fel
    assert 'rad 3, kolumn kon: "X"' in fel and "befolkningsprognos.csv: saknas" in fel
    assert "Traceback" not in fel
