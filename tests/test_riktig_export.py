"""A kommun's HR export as it comes, against the plain register (metamorphic, the whole path at once).

The Exempelkommun's register is rewritten the way a Heroma/Personec export looks: an .xlsx with Swedish headings,
one row per anställning, dates as Excel day numbers, kön Kvinna/Man, anställningsform and löneform spelled out,
sysselsättningsgrad as fractions (blank for timavlönade), chef Ja/Nej, and no yrkeskategori but an AID code mapped
by ranges in befattningar.xlsx. Read with the same kommun.yaml it must give the identical typed register, hence the
identical tables; every conversion is listed once. Then `kfanalys ny` on that folder (no kommun.yaml, no events file)
followed by `kfanalys validera` and a report for one nämnd.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from kfanalys.indata.register import las_indata
from kfanalys.modell import nulage

RUBRIKER = {"matdatum": "Mätdatum", "person_id": "Person ID", "namnd": "Nämnd", "forvaltning": "Förvaltning",
            "avdelning": "Avdelning", "enhet": "Enhet", "befattning": "Befattning", "aid": "AID-kod",
            "kon": "Kön", "fodelsear": "Födelseår", "anstallningsform": "Anställningsform", "loneform": "Löneform",
            "sysselsattningsgrad": "Sysselsättningsgrad", "chef": "Chef", "chef_id": "Chef ID",
            "anstallningsdatum": "Anställningsdatum", "kompetensniva": "Kompetensnivå"}
EXCEL_DAG0 = pd.Timestamp("1899-12-30")


def _serie(d: pd.Series) -> pd.Series:
    return (d - EXCEL_DAG0).dt.days.astype("Int64")


def _skriv_export(plain: pd.DataFrame, mapp) -> None:
    a = plain.drop(columns=["aid"])
    # one AID code per (befattning, yrkeskategori) pair; the codes of a yrkeskategori are consecutive -> a range
    par = a[["yrkeskategori", "befattning"]].drop_duplicates().sort_values(["yrkeskategori", "befattning"])
    par["aid"] = (200000 + np.arange(len(par))).astype(str)
    a = a.merge(par, on=["yrkeskategori", "befattning"], how="left")
    ut = pd.DataFrame({
        "matdatum": _serie(a["matdatum"]), "person_id": a["person_id"], "namnd": a["namnd"],
        "forvaltning": a["forvaltning"], "avdelning": a["avdelning"], "enhet": a["enhet"],
        "befattning": a["befattning"], "aid": a["aid"],
        "kon": a["kon"].map({"K": "Kvinna", "M": "Man"}), "fodelsear": a["fodelsear"],
        "anstallningsform": a["anstallningsform"].map({"tillsvidare": "Tillsvidareanställd",
                                                        "visstid": "Allmän visstid"}),
        "loneform": a["loneform"].map({"manad": "Månadslön", "timme": "Timlön"}),
        "sysselsattningsgrad": (a["sysselsattningsgrad"] / 100).where(a["loneform"] == "manad"),
        "chef": a["chef"].map({True: "Ja", False: "Nej"}), "chef_id": a["chef_id"],
        "anstallningsdatum": _serie(a["anstallningsdatum"]), "kompetensniva": a["kompetensniva"]})
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Anställningar")
    ws.append([RUBRIKER[k] for k in ut.columns])
    for rad in ut.astype(object).where(ut.notna(), None).itertuples(index=False):
        ws.append(list(rad))
    wb.save(mapp / "anstallningar.xlsx")
    (mapp / "anstallningar.csv").unlink()
    intervall = par.groupby("yrkeskategori")["aid"].agg(["min", "max"]).reset_index()
    wb = Workbook()
    wb.active.append(["AID", "Yrkeskategori"])
    for r in intervall.itertuples(index=False):
        wb.active.append([r.min if r.min == r.max else f"{r.min}-{r.max}", r.yrkeskategori])
    wb.save(mapp / "befattningar.xlsx")


@pytest.fixture(scope="module")
def export(exempelmapp, exempel_indata, tmp_path_factory):
    mapp = tmp_path_factory.mktemp("export") / "kommun"
    shutil.copytree(exempelmapp, mapp)
    _skriv_export(exempel_indata.anstallningar, mapp)
    return mapp


def test_hr_export_ger_identiskt_register_och_identiska_tabeller(export, exempel_indata):
    ind = las_indata(export)
    plain = exempel_indata.anstallningar
    kolumner = [k for k in plain.columns if k != "aid"]
    pd.testing.assert_frame_equal(ind.anstallningar[kolumner], plain[kolumner])
    bas = nulage.basdatum(plain, 2025)
    pd.testing.assert_frame_equal(nulage.nulage(ind.anstallningar, bas), nulage.nulage(plain, bas))
    tolkningar = "\n".join(ind.tolkningar)
    for ord_ in ("bråkform", "Excel-datumnummer", "befattningar.xlsx"):
        assert ord_ in tolkningar, (ord_, tolkningar)


def test_ny_validera_och_rapport_fran_export_utan_handelser(export, tmp_path, capsys, monkeypatch):
    from kfanalys.cli import main
    from kfanalys.grund.sokvagar import notebook_mapp
    from kfanalys.indata.konfig import las_konfig

    rot = tmp_path / "rot"  # the report and the computed tables go here, never into the working tree
    shutil.copytree(notebook_mapp(), rot / "notebooks")
    monkeypatch.setenv("KFANALYS_ROT", str(rot))

    mapp = tmp_path / "minkommun"
    shutil.copytree(export, mapp)
    for f in ("kommun.yaml", "handelser.csv"):
        (mapp / f).unlink()
    for f in mapp.glob("underlag"):
        shutil.rmtree(f)
    assert main(["ny", str(mapp)]) == 0
    assert main(["validera", str(mapp)]) == 0
    assert "härleds ur ögonblicksbilderna" in capsys.readouterr().out
    kortnamn = las_konfig(mapp / "kommun.yaml").namnder[0].kortnamn
    assert main(["rapporter", "--cykel", "2025", "--data", str(mapp), "--namnd", kortnamn, "--jobb", "1",
                 "--utan-dokument"]) == 0
    html = (rot / "reports" / "2025" / f"{kortnamn}.html").read_text(encoding="utf-8")
    assert "härledda ur ögonblicksbilderna" in html and "Huvudanställning" in html
