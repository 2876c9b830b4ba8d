"""The draft kommun.yaml (kfanalys.underlag.konfigutkast, ``kfanalys ny MAPP``).

Expected values are worked out by hand from the small frames written here; the end-to-end test
uses the Exempelkommun with its kommun.yaml deleted.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import yaml

from kfanalys.berakning.cykel import berakna_cykel
from kfanalys.exempel import kommun as exempel
from kfanalys.grund.fel import Indatafel
from kfanalys.grund.talformat import fmt_tal
from kfanalys.indata.konfig import Drivare, konfig_fran_dict, las_konfig
from kfanalys.indata.register import las_indata
from kfanalys.underlag.konfigutkast import (KommunYamlFinns, citera, gissa_drivare, kommentar, konfigutkast_text,
                                            saker_kortnamn, skriv_konfigutkast)

DAG = dt.date(2026, 1, 15)
SENAST = pd.Timestamp("2025-11-01")
TIDIGARE = pd.Timestamp("2024-11-01")


def _anst(rader: list[tuple]) -> pd.DataFrame:
    """Typed register rows: (matdatum, namnd, forvaltning, yrkeskategori, loneform, chef)."""
    df = pd.DataFrame(rader, columns=["matdatum", "namnd", "forvaltning", "yrkeskategori", "loneform", "chef"])
    df["matdatum"] = pd.to_datetime(df["matdatum"])
    df["chef"] = df["chef"].astype(bool)
    return df


def _konfig(text: str):
    return konfig_fran_dict(yaml.safe_load(text))


# --------------------------------------------------------------------------- files for a small folder

ANST_RUBRIK = ("matdatum;person_id;namnd;forvaltning;avdelning;enhet;befattning;yrkeskategori;kon;fodelsear;"
               "anstallningsform;loneform;sysselsattningsgrad;chef")


def _anst_rad(datum: str, pid: str, namnd: str, yrke: str, chef: str = "nej", loneform: str = "manad") -> str:
    forv = f"{namnd} förvaltning"
    return (f'{datum};{pid};"{namnd}";"{forv}";Avd;Enh;Bef;"{yrke}";K;1970;tillsvidare;{loneform};'
            f'{"0" if loneform == "timme" else "100"};{chef}')


def _befolkning(omraden: dict[str, int]) -> str:
    rader = ["omrade,ar,alder,antal"]
    for omrade, antal in omraden.items():
        rader += [f"{omrade},{ar},{alder},{antal}" for ar in (2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031)
                  for alder in range(101)]
    return "\n".join(rader) + "\n"


def _liten_mapp(mapp, namnder=("Skolnämnden", "Omsorgsnämnden"), omraden=None, handelser=True):
    mapp.mkdir(exist_ok=True)
    rader, pid = [ANST_RUBRIK], 0
    for datum in ("2024-11-01", "2025-11-01"):
        for namnd in namnder:
            for yrke, n, chef in (("Grundskollärare", 6, "nej"), ("Rektor", 2, "ja")):
                for _ in range(n):
                    pid += 1
                    rader.append(_anst_rad(datum, f"P{pid:05d}", namnd, yrke, chef))
    (mapp / "anstallningar.csv").write_text("\n".join(rader) + "\n", encoding="utf-8")
    (mapp / "befolkningsprognos.csv").write_text(_befolkning(omraden or {"Småstad": 100}), encoding="utf-8")
    if handelser:
        # a category that exists only in the events (someone who left before the first snapshot's category list)
        (mapp / "handelser.csv").write_text(
            "datum,person_id,typ,namnd,yrkeskategori,motpart,orsak\n"
            f'2025-03-01,P90001,avgang,"{namnder[0]}",Kurator,extern,pension\n', encoding="utf-8")
    return mapp


def _filer(mapp) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in mapp.iterdir()}


# --------------------------------------------------------------------------- the Exempelkommun, end to end

@pytest.fixture(scope="module")
def exempelmapp(tmp_path_factory):
    mapp = tmp_path_factory.mktemp("ek") / "Exempelkommun"
    exempel.skriv_exempelkommun(mapp, seed=2025, med_underlag=False)
    (mapp / "kommun.yaml").unlink()
    fore = _filer(mapp)
    skriv_konfigutkast(mapp, datum=DAG)
    return mapp, fore


def test_exempelkommunen_validerar_och_beraknas(exempelmapp):
    mapp, fore = exempelmapp
    efter = _filer(mapp)
    assert set(efter) - set(fore) == {"kommun.yaml"}  # nothing else is written
    assert all(efter[n] == fore[n] for n in fore)  # and nothing else is changed
    indata = las_indata(mapp)  # raises Indatafel if the draft lacks a nämnd or category of any file
    k = indata.konfig
    assert k.kommun == "Exempelkommun"  # the forecast's only area
    assert {n.namn for n in k.namnder} == {"Förskolenämnden", "Grundskolenämnden", "Vård- och omsorgsnämnden",
                                           "Arbetsmarknads- och socialnämnden", "Funktionsstödsnämnden",
                                           "Kommunstyrelsen"}
    assert {n.omrade for n in k.namnder} == {"Exempelkommun"}
    assert k.namnd("Förskolenämnden").forvaltning == "Förskoleförvaltningen"
    assert k.namnd("Förskolenämnden").kortnamn == "forskolenamnden"
    assert {y for y, v in k.yrkeskategorier.items() if v.chef} == {"Rektor", "Enhetschef", "Sektionschef",
                                                                   "Avdelningschef"}
    assert k.yrkeskategorier["Rektor"].drivare == Drivare("fast")
    assert k.yrkeskategorier["Förskollärare"].drivare == Drivare("alder", 1, 5)
    assert k.yrkeskategorier["Grundskollärare"].drivare == Drivare("alder", 6, 15)
    assert k.yrkeskategorier["Undersköterska hemtjänst"].drivare == Drivare("alder", 80, 100)
    # befolkningsprognos_lag.csv is offered as a scenario, and reads
    assert k.scenarier["befolkningsprognos_lag"].befolkningsfil == "befolkningsprognos_lag.csv"
    resultat = berakna_cykel(indata, 2025)
    assert resultat is not None


def test_exempelkommunen_antal_i_kommentaren(exempelmapp):
    mapp, _ = exempelmapp
    anst = las_indata(mapp).anstallningar
    # persons, each once per nämnd by huvudanställning: the same count as nuläge's (tested in tests/test_personer.py)
    from kfanalys.modell.nulage import nulage
    nu = nulage(anst, anst["matdatum"].max())
    n = int(nu.loc[(nu["niva"] == "yrkeskategori") & (nu["grupp"] == "Förskollärare")
                   & (nu["namnd"] != "Hela kommunen"), "antal"].sum())
    assert n < int(((anst["matdatum"] == anst["matdatum"].max()) & (anst["yrkeskategori"] == "Förskollärare")).sum())
    rad = next(r for r in (mapp / "kommun.yaml").read_text(encoding="utf-8").splitlines()
               if r.startswith('  - namn: "Förskollärare"'))
    assert rad.startswith(f'  - namn: "Förskollärare"   # {fmt_tal(n)} anställda 2025-11-01')


# --------------------------------------------------------------------------- never overwrite, nothing else written

def test_skriver_aldrig_over_befintlig_kommun_yaml(tmp_path):
    mapp = _liten_mapp(tmp_path / "k")
    (mapp / "kommun.yaml").write_bytes(b"kommun: Min egen\n# handskriven \xc3\xa5\n")
    fore = _filer(mapp)
    with pytest.raises(KommunYamlFinns) as e:
        skriv_konfigutkast(mapp, datum=DAG)
    assert f"kommun.yaml finns redan i {mapp}" in str(e.value)
    assert "ta bort eller byt namn på den för att skapa ett nytt utkast" in str(e.value)
    assert _filer(mapp) == fore  # byte for byte, and no temporary file left


def test_liten_mapp_validerar_och_skriver_bara_kommun_yaml(tmp_path):
    mapp = _liten_mapp(tmp_path / "k")
    fore = _filer(mapp)
    skriv_konfigutkast(mapp, datum=DAG)
    efter = _filer(mapp)
    assert sorted(efter) == sorted([*fore, "kommun.yaml"])
    indata = las_indata(mapp)
    k = indata.konfig
    assert k.kommun == "Småstad"
    assert set(k.yrkeskategorier) == {"Grundskollärare", "Rektor", "Kurator"}  # Kurator: only in handelser
    assert [n.namn for n in k.namnder] == ["Omsorgsnämnden", "Skolnämnden"]  # 8 each: ties by name
    assert k.namnd("Skolnämnden").forvaltning == "Skolnämnden förvaltning"
    assert k.yrkeskategorier["Rektor"].chef is True
    assert k.yrkeskategorier["Grundskollärare"].chef is False
    berakna_cykel(indata, 2025)


def test_kommunnamn_fran_mappen_och_storsta_omradet(tmp_path):
    mapp = _liten_mapp(tmp_path / "Norrby kommun", omraden={"Centrum": 50, "Hela Norrby": 300, "Byarna": 40})
    skriv_konfigutkast(mapp, datum=DAG)
    k = las_konfig(mapp / "kommun.yaml")
    assert k.kommun == "Norrby kommun"  # three areas: the folder's name
    assert {n.omrade for n in k.namnder} == {"Hela Norrby"}  # the largest area (300 per age and year)
    text = (mapp / "kommun.yaml").read_text(encoding="utf-8")
    assert 'kommun: "Norrby kommun"   # gissning: kontrollera (mappens namn)' in text
    las_indata(mapp)


def test_saknad_fil_ger_svenskt_fel(tmp_path):
    mapp = _liten_mapp(tmp_path / "k")
    (mapp / "befolkningsprognos.csv").unlink()
    fore = _filer(mapp)
    with pytest.raises(Indatafel) as e:
        skriv_konfigutkast(mapp)
    assert "befolkningsprognos.csv" in str(e.value) and "saknas" in str(e.value)
    assert _filer(mapp) == fore


# --------------------------------------------------------------------------- hostile names

FIENTLIGA = ["x: y # z", "- foo", "&a", "*b", "null", "yes", "0", '"citat" och \\', "{a: 1}", "[lista]",
             "%TAG", "!tagg", "Nämnd # inte kommentar", "   "]


def test_fientliga_namn_tal_tur_och_retur():
    namn = [n for n in FIENTLIGA if n.strip()] + ["rad 1\nrad 2", "klocka\x07", "skilje\u2028tecken"]
    rader = [(SENAST, n, f"F {n}", f"Y {n}", "manad", False) for n in namn]
    rader += [(SENAST, namn[0], "F", n, "manad", False) for n in namn]
    text = konfigutkast_text(_anst(rader), ["Omr: å"], "K: # kommun", datum=DAG)
    k = _konfig(text)
    assert k.kommun == "K: # kommun"
    assert {n.namn for n in k.namnder} == set(namn)
    assert k.namnd(namn[0]).forvaltning == "F"  # 19 rows "F" against 1 row "F x: y # z"
    assert set(k.yrkeskategorier) == {f"Y {n}" for n in namn} | set(namn)
    assert {n.omrade for n in k.namnder} == {"Omr: å"}


def test_fientliga_namn_via_filerna(tmp_path):
    mapp = _liten_mapp(tmp_path / "k", namnder=("x: y # z", "- foo", "&a"), handelser=True)
    skriv_konfigutkast(mapp, datum=DAG)
    indata = las_indata(mapp)
    assert {n.namn for n in indata.konfig.namnder} == {"x: y # z", "- foo", "&a"}
    assert {n.kortnamn for n in indata.konfig.namnder} == {"x_y_z", "foo", "a"}


def test_citera_och_kommentar():
    for s in FIENTLIGA + ["a\nb", "\x00nul", "\u2029"]:
        assert yaml.safe_load("k: " + citera(s))["k"] == s
        assert "\n" not in citera(s)
    assert kommentar("a\nb\rc\u2028d\x00e") == "a b c d?e"
    assert kommentar("x" * 10, max_langd=4) == "xxxx…"


# --------------------------------------------------------------------------- keyword table

@pytest.mark.parametrize("yrke, drivare", [
    ("Förskollärare", Drivare("alder", 1, 5)),  # förskol before lärare
    ("Barnskötare", Drivare("alder", 1, 5)),
    ("FÖRSKOLECHEF ass.", Drivare("alder", 1, 5)),
    ("Gymnasielärare", Drivare("alder", 16, 18)),  # gymnasie before lärare
    ("Grundskollärare", Drivare("alder", 6, 15)),
    ("Lärare i fritidshem", Drivare("alder", 6, 15)),
    ("Fritidspedagog", Drivare("alder", 6, 15)),
    ("Skolsköterska", Drivare("alder", 6, 15)),  # not vård
    ("Undersköterska hemtjänst", Drivare("alder", 80, 100)),
    ("Vårdbiträde", Drivare("alder", 80, 100)),
    ("Sjuksköterska", Drivare("alder", 80, 100)),
    ("Äldrepedagog", Drivare("alder", 80, 100)),
    ("Hemtjänstassistent", Drivare("alder", 80, 100)),
    ("Personlig assistent", Drivare("total")),
    ("Stödassistent", Drivare("total")),
    ("Handläggare LSS", Drivare("total")),
    ("Socialsekreterare barn och unga", Drivare("total")),
    ("Ekonom", Drivare("total")),
])
def test_nyckelordstabellen(yrke, drivare):
    assert gissa_drivare(yrke)[0] == drivare


def test_drivaren_skrivs_och_markeras_som_gissning():
    rader = [(SENAST, "N", "F", "Gymnasielärare", "manad", False)] * 3
    text = konfigutkast_text(_anst(rader), ["O"], "K", datum=DAG)
    assert _konfig(text).yrkeskategorier["Gymnasielärare"].drivare == Drivare("alder", 16, 18)
    rad = text.splitlines()[text.splitlines().index('  - namn: "Gymnasielärare"   # 3 anställda 2025-11-01') + 1]
    assert rad.startswith("    drivare: {typ: alder, fran: 16, till: 18}   # gissning: kontrollera")


# --------------------------------------------------------------------------- kortnamn

def test_saker_kortnamn():
    assert saker_kortnamn(["Index", "index", "Kommunen", "Index namnd", "Förskolenämnden", "FÖRSKOLENÄMNDEN",
                           "¤¤", "Ø", "a" * 50]) == [
        "index_namnd", "index_namnd_2", "kommunen_namnd", "index_namnd_3", "forskolenamnden",
        "forskolenamnden_2", "namnlos", "namnlos_2", "a" * 40]


def test_reserverade_och_lika_kortnamn_godtas_av_konfig():
    namn = ["Index", "INDEX", "kommunen", "Förskolenämnden", "förskolenämnden"]
    rader = [(SENAST, n, "F", "Ekonom", "manad", False) for n in namn]
    k = _konfig(konfigutkast_text(_anst(rader), ["O"], "K", datum=DAG))  # raises Indatafel on a clash
    korta = [n.kortnamn for n in k.namnder]
    assert len({s.lower() for s in korta}) == 5
    assert not {"index", "kommunen"} & set(korta)
    assert all(s.isascii() and s == s.lower() for s in korta)


# --------------------------------------------------------------------------- counts and analysera

def test_antal_och_analysera():
    # nämnd A: twelve categories with 20, 19, ..., 9 månadsavlönade at the latest snapshot, "Liten" with 5,
    # "Mindre" with 4, "Tim" with 6 timavlönade only and "Chef" (2, chef) outside the top ten
    rader = []
    storlek = {f"Kat{i:02d}": 21 - i for i in range(1, 13)}  # Kat01 20 ... Kat12 9
    storlek |= {"Liten": 5, "Mindre": 4}
    for yrke, n in storlek.items():
        rader += [(SENAST, "A", "F", yrke, "manad", False)] * n
    rader += [(SENAST, "A", "F", "Tim", "timme", False)] * 6
    rader += [(SENAST, "A", "F", "Chef", "manad", True)] * 2
    rader += [(TIDIGARE, "A", "F", "Kat01", "manad", False)] * 7  # an older snapshot: not counted
    rader += [(TIDIGARE, "A", "F", "Borta", "manad", False)] * 3  # only in an older snapshot
    text = konfigutkast_text(_anst(rader), ["O"], "K", datum=DAG)
    k = _konfig(text)
    # analysed anyway: Kat01-Kat10 (top ten) and Chef; extra with >= 5 månadsavlönade: Kat11 (10), Kat12 (9), Liten
    assert list(k.namnd("A").analysera) == ["Kat11", "Kat12", "Liten"]
    assert '  - namn: "Kat01"   # 20 anställda 2025-11-01' in text
    assert '  - namn: "Tim"   # 6 anställda 2025-11-01' in text
    assert '  - namn: "Borta"   # 0 anställda 2025-11-01 (finns bara i tidigare mätdatum eller i handelser)' in text
    assert "  # A: 191 anställda 2025-11-01" in text  # 20+19+...+9 = 174, + 5 + 4 + 6 timavlönade + 2 chefer


def test_exempelkommunen_med_lang_befolkningsfil(tmp_path):
    """The same register with the forecast as a plain long CSV (omrade, ar, alder, antal; two areas):
    the kommun is the folder's name, which is also an area, so every nämnd gets that area."""
    mapp = tmp_path / "Exempelkommun"
    exempel.skriv_exempelkommun(mapp, seed=2025, med_underlag=False)
    for p in mapp.glob("befolkningsprognos*"):
        p.unlink()
    (mapp / "kommun.yaml").unlink()
    d = exempel.generera(2025)
    d["befolkningsprognos"].to_csv(mapp / "befolkningsprognos.csv", index=False)
    assert d["befolkningsprognos"]["omrade"].nunique() == 2
    skriv_konfigutkast(mapp, datum=DAG)
    indata = las_indata(mapp)
    assert indata.konfig.kommun == "Exempelkommun"
    assert {n.omrade for n in indata.konfig.namnder} == {"Exempelkommun"}
    assert indata.konfig.scenarier.keys() == {"pension_vid_66", "lagre_personalomsattning", "deltid_till_heltid"}
    berakna_cykel(indata, 2025)


# --------------------------------------------------------------------------- befattningar.csv

def test_yrkeskategori_fran_befattningar(tmp_path):
    mapp = _liten_mapp(tmp_path / "k", handelser=False)
    text = (mapp / "anstallningar.csv").read_text(encoding="utf-8").splitlines()
    rubrik = text[0].split(";")
    i = rubrik.index("yrkeskategori")
    rader = [";".join(f for j, f in enumerate(r.split(";")) if j != i) for r in text]
    rader = [rader[0]] + [r.replace(";Bef;", ";Lärare 1-6;", 1) if '"Grundskollärare"' in t else
                          r.replace(";Bef;", ";Rektor F-9;", 1) for r, t in zip(rader[1:], text[1:])]
    (mapp / "anstallningar.csv").write_text("\n".join(rader) + "\n", encoding="utf-8")
    (mapp / "handelser.csv").write_text("datum,person_id,typ,namnd,yrkeskategori,motpart,orsak\n", encoding="utf-8")
    (mapp / "befattningar.csv").write_text("befattning,yrkeskategori\nLärare 1-6,Lärare\nRektor F-9,Skolledare\n",
                                           encoding="utf-8")
    skriv_konfigutkast(mapp, datum=DAG)
    k = las_konfig(mapp / "kommun.yaml")
    assert set(k.yrkeskategorier) == {"Lärare", "Skolledare"}
    assert k.yrkeskategorier["Skolledare"].chef is True  # every Rektor row has chef = ja
    assert k.yrkeskategorier["Lärare"].drivare == Drivare("alder", 6, 15)


def test_utan_yrkeskategori_och_befattningar_ett_svenskt_fel(tmp_path):
    mapp = _liten_mapp(tmp_path / "k", handelser=False)
    text = (mapp / "anstallningar.csv").read_text(encoding="utf-8").replace(";yrkeskategori;", ";titel;")
    (mapp / "anstallningar.csv").write_text(text, encoding="utf-8")
    with pytest.raises(Indatafel) as e:
        skriv_konfigutkast(mapp)
    assert "yrkeskategori" in str(e.value) and "befattningar.csv" in str(e.value)
    assert not (mapp / "kommun.yaml").exists()
