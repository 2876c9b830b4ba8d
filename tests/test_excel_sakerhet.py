"""Issue 10, item 2: typed text never becomes a live Excel formula (kfanalys.grund.excel).

Every workbook kfanalys writes (the report workbooks of kfanalys.rapport.arbetsbok, the blank and
filled workshop workbooks of kfanalys.underlag.arbetsbok, the Exempelkommun's filled workbooks) is
reopened with openpyxl: no cell is a formula except the workshop's own Summa and Kontroll
cells (checked by position and exact text), and every hostile text is kept verbatim as a
text cell with Excel's quote prefix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook

from kfanalys.grund import schema
from kfanalys.rapport import tabeller
from kfanalys.exempel import svar
from kfanalys.indata import workshop
from kfanalys.underlag import arbetsbok as underlag
from kfanalys.grund.excel import skriv_cell, skydda_arbetsbok
from kfanalys.indata.konfig import Konfig, Namnd, Yrkeskategori

NYTTOLASTER = ('=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)")
MED_BLANKT_FORE = (" =1+1", "\t=1+1", "\n@SUM(A1)")  # blanks, tab or a line break in front do not make it safe
KVAL = "Kvalitativt gap"


def _celler(sokvag: Path):
    wb = load_workbook(sokvag)
    for ws in wb.worksheets:
        for rad in ws.iter_rows():
            for c in rad:
                if c.value is not None:
                    yield ws.title, c


def _formler(sokvag: Path) -> dict[tuple[str, str], str]:
    return {(blad, c.coordinate): c.value for blad, c in _celler(sokvag) if c.data_type == "f"}


def _texter(sokvag: Path) -> dict[tuple[str, str], object]:
    return {(blad, c.coordinate): c for blad, c in _celler(sokvag) if isinstance(c.value, str)}


def _assert_texter_kvar(sokvag: Path, forvantade) -> None:
    """Each hostile text is in the workbook verbatim, as a text cell with the quote prefix."""
    celler = list(_texter(sokvag).values())
    for text in forvantade:
        traffar = [c for c in celler if c.value == text]
        assert traffar, f"{text!r} finns inte ordagrant i {sokvag.name}"
        for c in traffar:
            assert c.data_type == "s" and c.quotePrefix, (text, c.coordinate, c.data_type, c.quotePrefix)


# ----------------------------------------------------------------------------- report workbook

def test_rapportarbetsbok_har_inga_formler_och_behaller_texten(tmp_path):
    """The report workbook (kfanalys.rapport.arbetsbok), written through the report's own tables: hostile
    yrkeskategori names (risk table), plan texts (workshop answers) and kommun name stay verbatim text."""
    from kfanalys.grund.rojandekontroll import publicera
    from kfanalys.rapport.arbetsbok import skriv_rapportarbetsbok
    from kfanalys.rapport.data import Rapportdata

    n = len(NYTTOLASTER)
    plan = pd.DataFrame({"namnd": [NAMND.namn] * n, "omrade": ["Rekrytera"] * n,
                         "behov": list(NYTTOLASTER), "aktivitet": list(NYTTOLASTER[1:] + NYTTOLASTER[:1]),
                         "ansvarig": list(MED_BLANKT_FORE + NYTTOLASTER[:2]), "status": ["pågår"] * n,
                         "maldatum": pd.to_datetime(["2026-06-30"] * n), "cykel": [2025] * n})
    r = Rapportdata(KONFIG, NAMND, publicera({"risk": _risk(), "plan": plan}, 5), {"basdatum": "2025-11-01"},
                    tmp_path, 2025)
    sokvag = skriv_rapportarbetsbok(r, tmp_path / "forskola.xlsx")

    assert _formler(sokvag) == {}
    _assert_texter_kvar(sokvag, NYTTOLASTER + MED_BLANKT_FORE + (KOMMUN,))
    wb = load_workbook(sokvag)
    assert [b["A1"].value for b in wb.worksheets] == ["Om arbetsboken", "Risk per yrkeskategori", "Aktivitetsplan"]
    assert [wb.worksheets[1].cell(r, 1).value for r in range(3, 3 + n)] == list(NYTTOLASTER)
    datum = wb.worksheets[2]["D3"]  # the target date stays a date
    assert (datum.value, datum.data_type, datum.number_format) == (dt.datetime(2026, 6, 30), "d", "yyyy-mm-dd")


# ----------------------------------------------------------------------------- workshop workbooks

NAMND = Namnd("Förskolenämnden", "forskola", "Förskoleförvaltningen", "Testkommun")
KOMMUN = '=HYPERLINK("http://x","y")'
KONFIG = Konfig(KOMMUN, (NAMND,), {y: Yrkeskategori(y) for y in NYTTOLASTER})


def _gap() -> pd.DataFrame:
    rader = []
    for i, y in enumerate(NYTTOLASTER):  # antal 50, 40, ... so the rows are in NYTTOLASTER's order
        for h, g in ((2, -1.0), (5, -3.0)):
            rader.append((NAMND.namn, y, h, 50 - 10 * i, 50 - 10 * i - g, g))
    rader.append((NAMND.namn, schema.TOTALT, 2, 150, 155.0, -5.0))
    return pd.DataFrame(rader, columns=["namnd", "yrkeskategori", "horisont", "antal", "behov", "gap"])


def _risk() -> pd.DataFrame:
    n = len(NYTTOLASTER)
    return pd.DataFrame({"namnd": [NAMND.namn] * n, "yrkeskategori": list(NYTTOLASTER),
                         "konsekvens": ["allvarlig"] * n, "sannolikhet": ["medel"] * n,
                         "motivering": list(reversed(NYTTOLASTER))})


def _plan() -> pd.DataFrame:
    n = len(NYTTOLASTER)
    return pd.DataFrame({"namnd": [NAMND.namn] * n, "omrade": ["Rekrytera"] * n,
                         "behov": list(NYTTOLASTER), "aktivitet": list(NYTTOLASTER[2:] + NYTTOLASTER[:2]),
                         "maldatum": pd.to_datetime(["2026-06-30"] * n),
                         "ansvarig": list(NYTTOLASTER[1:] + NYTTOLASTER[:1]), "status": ["pågår"] * n,
                         "cykel": [2023] * n})


def _egna_formler(rader: int) -> dict[tuple[str, str], str]:
    ut = {}
    for r in range(2, 2 + rader):
        ut[(KVAL, f"F{r}")] = f"=SUM(B{r}:E{r})"
        ut[(KVAL, f"G{r}")] = f'=IF(ROUND(F{r},6)=0,"OK","Summan ska vara 0")'
    return ut


def test_workshopunderlag_har_bara_sina_egna_formler(tmp_path):
    sokvag = underlag.skriv_underlag(tmp_path / "underlag" / "2025" / "forskola.xlsx", KOMMUN, NAMND, 2025,
                                     _gap(), _risk(), _plan())
    # exactly the Summa and Kontroll formulas of the five yrkeskategorier, nothing else
    assert _formler(sokvag) == _egna_formler(len(NYTTOLASTER))
    _assert_texter_kvar(sokvag, NYTTOLASTER)
    wb = load_workbook(sokvag)
    assert wb["Instruktioner"]["B3"].value == KOMMUN and wb["Instruktioner"]["B3"].data_type == "s"
    for blad in ("Bedömning", KVAL, "Risk"):  # the yrkeskategori names, in order
        assert [wb[blad][f"A{r}"].value for r in range(2, 7)] == list(NYTTOLASTER)
    assert [wb["Risk"][f"E{r}"].value for r in range(2, 7)] == list(reversed(NYTTOLASTER))
    p = wb["Plan"]  # last cycle's plan copied on: behov, aktivitet, ansvarig
    assert [(p[f"B{r}"].value, p[f"C{r}"].value, p[f"E{r}"].value) for r in range(2, 7)] == \
        list(zip(_plan()["behov"], _plan()["aktivitet"], _plan()["ansvarig"]))
    assert wb["Bedömning"]["B2"].value == 50 and wb["Bedömning"]["B2"].data_type == "n"


def test_ifyllt_workshopunderlag_skrivs_och_lases_ordagrant(tmp_path):
    sokvag = underlag.skriv_underlag(tmp_path / "underlag" / "2025" / "forskola.xlsx", "Testkommun", NAMND, 2025,
                                     _gap(), _risk(), _plan())
    svar = {("Analys", f"B{2 + i}"): t for i, t in enumerate(NYTTOLASTER[:4])}
    ny_rad = {("Plan", "A7"): "Utveckla", ("Plan", "B7"): NYTTOLASTER[4], ("Plan", "C7"): NYTTOLASTER[0],
              ("Plan", "D7"): dt.date(2026, 12, 31), ("Plan", "E7"): NYTTOLASTER[3]}
    kval = {(KVAL, f"{k}2"): v for k, v in zip("BCDE", (0, -10, 10, 0))}
    underlag.fyll_i(sokvag, {**svar, **ny_rad, **kval})

    assert _formler(sokvag) == _egna_formler(len(NYTTOLASTER))
    _assert_texter_kvar(sokvag, NYTTOLASTER)
    ws = workshop.las_underlag(sokvag, KONFIG, NAMND, 2025, set(NYTTOLASTER))
    assert ws.analys["svar"].tolist() == list(NYTTOLASTER[:4])
    assert ws.plan["aktivitet"].tolist()[-1] == NYTTOLASTER[0]
    assert ws.plan["behov"].tolist() == [*_plan()["behov"], NYTTOLASTER[4]]
    assert ws.plan["ansvarig"].tolist() == [*_plan()["ansvarig"], NYTTOLASTER[3]]


def test_exempelkommunens_ifyllda_arbetsbocker_har_bara_egna_formler(tmp_path):
    """The writer the Exempelkommun uses (kfanalys.exempel.kommun via skriv_exempelunderlag)."""
    skrivna = svar.skriv_exempelunderlag_fran_tabeller(tmp_path, KONFIG, [2025], lambda c: (_gap(), _risk()))
    assert [p.name for p in skrivna] == ["forskola.xlsx"]
    assert _formler(skrivna[0]) == _egna_formler(len(NYTTOLASTER))
    _assert_texter_kvar(skrivna[0], NYTTOLASTER + (KOMMUN,))


def test_hjalparna_direkt():
    wb = Workbook()
    ws = wb.active
    assert skriv_cell(ws, 1, 1, "=1+1").data_type == "s"
    assert skriv_cell(ws, 2, 1, 3.5).data_type == "n"
    ws["A3"] = "=SUM(A1:A2)"
    ws["A4"] = "=SUM(A1:A2)"
    assert skydda_arbetsbok(wb, {ws.title: {"A3": "=SUM(A1:A2)"}}) == 1  # only A4 changed
    assert (ws["A3"].data_type, ws["A4"].data_type, bool(ws["A4"].quotePrefix)) == ("f", "s", True)
