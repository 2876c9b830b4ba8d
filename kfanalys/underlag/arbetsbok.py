"""Writing the workshop workbooks: a prefilled Excel underlag per nämnd and cycle.

:func:`skriv_underlag` writes one workbook for one nämnd and cycle with the sheets of
:mod:`kfanalys.indata.workshop_layout`; :func:`skriv_underlag_for_cykel` writes them for every
nämnd of a cycle (``kfanalys underlag``). The managers' filled workbooks are read back by
:mod:`kfanalys.indata.workshop`.

Every workbook written here goes through :func:`kfanalys.grund.excel.skydda_arbetsbok`: a
typed text that starts like a formula stays text; the Summa and Kontroll cells are the only
formulas.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kfanalys.grund import schema
from kfanalys.grund.excel import skydda_arbetsbok
from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.indata.konfig import Namnd
from kfanalys.indata.workshop_layout import (BLAD_ANALYS, BLAD_BEDOMNING, BLAD_INSTRUKTIONER, BLAD_KVALITATIVT,
                                             BLAD_PLAN, BLAD_RISK, FAKTOR_RUBRIK_RAD, FAKTORER, FRAGA_FORSTA_RAD,
                                             FRAGOR, JA_NEJ, KVAL_NIVAKOLUMNER, PLAN_RUBRIKER, RISK_RUBRIKER)
from kfanalys.indata.workshop_layout import text as _text

PLAN_MIN_RADER = 60  # empty plan rows offered (with drop-downs) beyond the prefilled ones

ISO_NIVAER = {
    "Viss": "Har viss kompetens inom området, hanterar enklare uppgifter med handledning.",
    "God": "Har god kompetens inom området, hanterar normalt förekommande arbetsuppgifter självständigt.",
    "Hög": ("Har hög kompetens inom området, hanterar samtliga uppgifter självständigt. Bidrar till "
            "utveckling inom området och kan handleda andra."),
    "Mycket hög": ("Har mycket hög kompetens inom området, hanterar samtliga uppgifter självständigt. Ses "
                   "som experten: initierar och genomför förändringar inom området där detta är möjligt. "
                   "Kan agera mentor för andra inom området."),
}
BEDOMNING_INTERVALL = {
    "mycket mindre": "-30 % eller mer",
    "mindre": "-10 till -20 %",
    "samma": "+/-5 %",
    "mer": "+10 till +20 %",
    "mycket mer": "+30 % eller mer",
}

_RUBRIK = Font(bold=True)
_RUBRIKFARG = PatternFill("solid", fgColor="DDEBF7")
_IFYLLNAD = PatternFill("solid", fgColor="FFF2CC")  # cells the managers fill in


# --- small helpers ---------------------------------------------------------------------------

def _summaformel(r: int) -> str:
    return f"=SUM(B{r}:E{r})"


def _kontrollformel(r: int) -> str:
    return f'=IF(ROUND(F{r},6)=0,"OK","Summan ska vara 0")'


def _egna_formler(wb: Workbook) -> dict[str, dict[str, str]]:
    """The workbook's own formulas, by sheet and cell: Summa and Kontroll of the Kvalitativt sheet."""
    if BLAD_KVALITATIVT not in wb.sheetnames:
        return {}
    ws = wb[BLAD_KVALITATIVT]
    formler: dict[str, str] = {}
    for r in range(2, ws.max_row + 1):
        formler[f"F{r}"] = _summaformel(r)
        formler[f"G{r}"] = _kontrollformel(r)
    return {BLAD_KVALITATIVT: formler}


def spara(wb: Workbook, sokvag: str | Path) -> Path:
    """Save to a temp file in the target folder, then rename (a reader never sees half a file).

    Every cell is made safe first (:func:`kfanalys.grund.excel.skydda_arbetsbok`): typed text
    that starts like a formula stays text; only the Summa and Kontroll formulas remain formulas.
    """
    skydda_arbetsbok(wb, _egna_formler(wb))
    return skriv_atomiskt(Path(sokvag), wb.save)


def _lista(varden: Iterable[str], namn: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(varden) + '"', allow_blank=True)
    dv.showErrorMessage = True
    dv.errorTitle = "Ogiltigt värde"
    dv.error = f"Välj {namn} ur listan."
    dv.showInputMessage = True
    dv.promptTitle = namn.capitalize()
    dv.prompt = "Välj ur listan: " + ", ".join(varden)
    return dv


def _rubriker(ws, rubriker: Iterable[str], rad: int = 1) -> None:
    for i, r in enumerate(rubriker, start=1):
        c = ws.cell(row=rad, column=i, value=r)
        c.font = _RUBRIK
        c.fill = _RUBRIKFARG
        c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=rad + 1, column=1)


def _bredd(ws, bredder: Iterable[float]) -> None:
    for i, b in enumerate(bredder, start=1):
        ws.column_dimensions[get_column_letter(i)].width = b


def analyserade_yrken(gap_df: pd.DataFrame, namnd: Namnd) -> pd.DataFrame:
    """The nämnd's analysed yrkeskategorier from gap_df: yrkeskategori, antal, gap_<h> per horizon."""
    g = gap_df[(gap_df["namnd"] == namnd.namn) & (gap_df["yrkeskategori"] != schema.TOTALT)]
    if g.empty:
        return pd.DataFrame(columns=["yrkeskategori", "antal"])
    bred = g.pivot_table(index="yrkeskategori", columns="horisont", values="gap", aggfunc="first", dropna=False)
    bred.columns = [f"gap_{int(h)}" for h in bred.columns]
    antal = g.groupby("yrkeskategori")["antal"].first()
    ut = bred.join(antal).reset_index()
    return ut.sort_values(["antal", "yrkeskategori"], ascending=[False, True], kind="stable").reset_index(drop=True)


def gap_horisonter(gap_df: pd.DataFrame) -> list[int]:
    """The horizons (years) of gap_df, sorted; ``[2, 5]`` if it has no rows."""
    return sorted(int(h) for h in gap_df["horisont"].dropna().unique()) if len(gap_df) else [2, 5]


# --- writing ---------------------------------------------------------------------------------

def skriv_underlag(sokvag: str | Path, kommun: str, namnd: Namnd, cykel: int, gap_df: pd.DataFrame,
                   risk_df: pd.DataFrame, foregaende_plan: pd.DataFrame | None = None) -> Path:
    """Write the blank workshop workbook of one nämnd and cycle; returns the path.

    ``gap_df``: gap.csv (namnd, yrkeskategori, horisont, antal, gap, ...) for any nämnder; the
    nämnd's rows other than ``Totalt`` are its analysed yrkeskategorier. ``risk_df``: risk.csv
    (namnd, yrkeskategori, foreslagen_konsekvens, foreslagen_sannolikhet, motivering,
    foregaende_konsekvens, foregaende_sannolikhet; konsekvens/sannolikhet used if the
    suggestion columns are missing). ``foregaende_plan``: plan.csv of the previous cycle (rows of
    other nämnder are ignored), prefilled on the Plan sheet. The file is written to a temp file
    and renamed.
    """
    return spara(bygg_underlag(kommun, namnd, cykel, gap_df, risk_df, foregaende_plan), Path(sokvag))


def bygg_underlag(kommun: str, namnd: Namnd, cykel: int, gap_df: pd.DataFrame, risk_df: pd.DataFrame,
                  foregaende_plan: pd.DataFrame | None) -> Workbook:
    """The blank workbook of :func:`skriv_underlag`, in memory (save it with :func:`spara`)."""
    yrken = analyserade_yrken(gap_df, namnd)
    horisonter = gap_horisonter(gap_df[gap_df["namnd"] == namnd.namn]) if len(gap_df) else [2, 5]
    wb = Workbook()
    wb.remove(wb.active)
    _skriv_instruktioner(wb.create_sheet(BLAD_INSTRUKTIONER), kommun, namnd, cykel)
    _skriv_bedomning(wb.create_sheet(BLAD_BEDOMNING), yrken, horisonter)
    _skriv_kvalitativt(wb.create_sheet(BLAD_KVALITATIVT), yrken)
    _skriv_risk(wb.create_sheet(BLAD_RISK), yrken, risk_df[risk_df["namnd"] == namnd.namn] if len(risk_df) else risk_df)
    plan = foregaende_plan
    if plan is not None and len(plan) and "namnd" in plan.columns:
        plan = plan[plan["namnd"] == namnd.namn]
    _skriv_plan(wb.create_sheet(BLAD_PLAN), plan)
    _skriv_analys(wb.create_sheet(BLAD_ANALYS))
    return wb


def _skriv_instruktioner(ws, kommun: str, namnd: Namnd, cykel: int) -> None:
    ws["A1"] = f"Workshopunderlag: kompetensförsörjning {cykel}"
    ws["A1"].font = Font(bold=True, size=14)
    for rad, (etikett, varde) in enumerate(
            [("Kommun", kommun), ("Nämnd", namnd.namn), ("Kortnamn", namnd.kortnamn), ("Cykel", int(cykel))], start=3):
        ws.cell(row=rad, column=1, value=etikett).font = _RUBRIK
        ws.cell(row=rad, column=2, value=varde)
    rader = [
        "Ändra inte cellerna B3-B6, bladens namn eller rubrikraderna: de används för att läsa in underlaget.",
        "",
        "Så fyller du i underlaget (gula celler fylls i):",
        "1. Bedömning: bedöm för varje yrkeskategori om det faktiska behovet blir mycket mindre, mindre, samma, "
        "mer eller mycket mer än personalframskrivningen visar, på 2 och 5 års sikt. Gapet är antal medarbetare "
        "i dag minus framskrivet behov; ett negativt gap betyder att det saknas personal.",
        *(f"    {ord}: {intervall} jämfört med framskrivningen" for ord, intervall in BEDOMNING_INTERVALL.items()),
        "2. Kvalitativt gap: ange för varje yrkeskategori hur andelen medarbetare på varje kompetensnivå behöver "
        "förändras på två års sikt, i procentenheter (t.ex. -10 för God och 10 för Hög). Summan per rad ska vara 0.",
        "3. Risk: konsekvens (inte allvarlig, mindre allvarlig, allvarlig) om gapet inte fylls, och sannolikhet "
        "(låg, medel, hög) att risken inträffar, på två års sikt. Cellerna är förifyllda med förslaget från data; "
        "ändra dem efter er bedömning.",
        "4. Plan: en rad per aktivitet med område enligt UBARA (Utveckla, Behålla, Attrahera, Rekrytera, "
        "Introducera, Avsluta), behov, aktivitet, måldatum (ett datum, t.ex. 2026-06-30), ansvarig (en roll, "
        "inte ett namn) och status (ej påbörjad, pågår, genomförd, avbruten). Föregående cykels aktiviteter är "
        "förifyllda: uppdatera deras status.",
        "5. Analys: besvara de fyra frågorna med fritext och markera ja eller nej för de faktorer som påverkar "
        "kompetensbehovet.",
        "",
        f"Spara filen som .xlsx (samma filnamn) och lägg den i datamappen som underlag/{cykel}/{namnd.kortnamn}.xlsx.",
        "",
        "Kompetensdefinition enligt ISO-standarden: kompetens är förmågan och viljan att utföra en arbetsuppgift "
        "genom att använda kunskap och erfarenhet.",
        "Nivåbeskrivning enligt ISO-standarden:",
        *(f"    {niva} kompetensnivå: {text}" for niva, text in ISO_NIVAER.items()),
    ]
    for i, text in enumerate(rader, start=8):
        ws.cell(row=i, column=1, value=text or None)
    _bredd(ws, (16, 60))
    ws.protection.sheet = True  # light protection, no password


def _skriv_bedomning(ws, yrken: pd.DataFrame, horisonter: list[int]) -> None:
    rubriker = ["Yrkeskategori", "Antal", *(f"Gap {h} år" for h in horisonter),
                *(f"Bedömning {h} år" for h in horisonter)]
    _rubriker(ws, rubriker)
    for r, rad in enumerate(yrken.itertuples(index=False), start=2):
        ws.cell(row=r, column=1, value=rad.yrkeskategori)
        ws.cell(row=r, column=2, value=int(rad.antal) if pd.notna(rad.antal) else None)
        for j, h in enumerate(horisonter):
            g = getattr(rad, f"gap_{h}", None)
            c = ws.cell(row=r, column=3 + j, value=None if g is None or pd.isna(g) else round(float(g), 1))
            c.number_format = "+0;-0;0"
    sista = max(2, len(yrken) + 1)
    dv = _lista(schema.BEDOMNINGAR, "bedömning")
    ws.add_data_validation(dv)
    forsta = get_column_letter(3 + len(horisonter))
    slut = get_column_letter(2 + 2 * len(horisonter))
    dv.add(f"{forsta}2:{slut}{sista}")
    for rad in ws.iter_rows(min_row=2, max_row=len(yrken) + 1, min_col=3 + len(horisonter),
                            max_col=2 + 2 * len(horisonter)):
        for c in rad:
            c.fill = _IFYLLNAD
    _bredd(ws, (34, 9, *(10,) * len(horisonter), *(16,) * len(horisonter)))


def _skriv_kvalitativt(ws, yrken: pd.DataFrame) -> None:
    _rubriker(ws, ["Yrkeskategori", *schema.KOMPETENSNIVAER, "Summa", "Kontroll"])
    for r, yrke in enumerate(yrken["yrkeskategori"], start=2):
        ws.cell(row=r, column=1, value=yrke)
        for kol in KVAL_NIVAKOLUMNER:
            ws[f"{kol}{r}"].fill = _IFYLLNAD
        ws[f"F{r}"] = _summaformel(r)
        ws[f"G{r}"] = _kontrollformel(r)
    if len(yrken):
        ws.conditional_formatting.add(
            f"F2:F{len(yrken) + 1}",
            CellIsRule(operator="notEqual", formula=["0"], fill=PatternFill("solid", fgColor="F8CBAD")))
    dv = DataValidation(type="decimal", operator="between", formula1="-100", formula2="100", allow_blank=True)
    dv.error = "Ange procentenheter mellan -100 och 100."
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(f"B2:E{max(2, len(yrken) + 1)}")
    _bredd(ws, (34, 10, 10, 10, 12, 9, 18))


def _skriv_risk(ws, yrken: pd.DataFrame, risk_df: pd.DataFrame) -> None:
    _rubriker(ws, RISK_RUBRIKER)
    risk = risk_df.set_index("yrkeskategori") if len(risk_df) else pd.DataFrame()

    def hamta(yrke: str, *kolumner: str) -> str:
        for k in kolumner:
            if yrke in risk.index and k in risk.columns and not pd.isna(risk.at[yrke, k]):
                return str(risk.at[yrke, k])
        return ""

    for r, yrke in enumerate(yrken["yrkeskategori"], start=2):
        kons = hamta(yrke, "foreslagen_konsekvens", "konsekvens")
        sann = hamta(yrke, "foreslagen_sannolikhet", "sannolikhet")
        fk, fs = hamta(yrke, "foregaende_konsekvens"), hamta(yrke, "foregaende_sannolikhet")
        ws.cell(row=r, column=1, value=yrke)
        ws.cell(row=r, column=2, value=kons or None).fill = _IFYLLNAD
        ws.cell(row=r, column=3, value=sann or None).fill = _IFYLLNAD
        ws.cell(row=r, column=4, value=f"{kons} / {sann}" if kons or sann else None)
        ws.cell(row=r, column=5, value=hamta(yrke, "motivering") or None)
        ws.cell(row=r, column=6, value=f"{fk} / {fs}" if fk or fs else None)
    sista = max(2, len(yrken) + 1)
    for kol, varden, namn in (("B", schema.KONSEKVENSER, "konsekvens"), ("C", schema.SANNOLIKHETER, "sannolikhet")):
        dv = _lista(varden, namn)
        ws.add_data_validation(dv)
        dv.add(f"{kol}2:{kol}{sista}")
    _bredd(ws, (34, 18, 14, 26, 60, 22))


def _skriv_plan(ws, plan: pd.DataFrame | None) -> None:
    _rubriker(ws, PLAN_RUBRIKER)
    n = 0 if plan is None else len(plan)
    if n:
        for r, rad in enumerate(plan.itertuples(index=False), start=2):
            d = rad._asdict()
            ws.cell(row=r, column=1, value=_text(d.get("omrade")) or None)
            ws.cell(row=r, column=2, value=_text(d.get("behov")) or None)
            ws.cell(row=r, column=3, value=_text(d.get("aktivitet")) or None)
            md = d.get("maldatum")
            ws.cell(row=r, column=4, value=None if md is None or pd.isna(md) else pd.Timestamp(md).date())
            ws.cell(row=r, column=5, value=_text(d.get("ansvarig")) or None)
            ws.cell(row=r, column=6, value=_text(d.get("status")) or None)
    sista = n + 1 + PLAN_MIN_RADER
    for r in range(2, n + 2):
        ws.cell(row=r, column=4).number_format = "yyyy-mm-dd"
    for k in "ABCDEF":  # column styles (cheaper than styling 60 empty rows cell by cell)
        ws.column_dimensions[k].fill = _IFYLLNAD
    ws.column_dimensions["D"].number_format = "yyyy-mm-dd"
    for kol, varden, namn in (("A", schema.UBARA, "område"), ("F", schema.STATUSAR, "status")):
        dv = _lista(varden, namn)
        ws.add_data_validation(dv)
        dv.add(f"{kol}2:{kol}{sista}")
    dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)  # > 2000-01-01
    dv.showErrorMessage = True
    dv.error = "Ange ett datum, t.ex. 2026-06-30."
    ws.add_data_validation(dv)
    dv.add(f"D2:D{sista}")
    _bredd(ws, (18, 40, 60, 12, 24, 14))


def _skriv_analys(ws) -> None:
    _rubriker(ws, ["Fråga", "Svar"])
    for i, fraga in enumerate(FRAGOR):
        r = FRAGA_FORSTA_RAD + i
        ws.cell(row=r, column=1, value=fraga).alignment = Alignment(wrap_text=True, vertical="top")
        c = ws.cell(row=r, column=2)
        c.fill = _IFYLLNAD
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 90
    for k, text in enumerate(("Faktor som påverkar kompetensbehovet", "Påverkar (ja/nej)"), start=1):
        c = ws.cell(row=FAKTOR_RUBRIK_RAD, column=k, value=text)
        c.font = _RUBRIK
        c.fill = _RUBRIKFARG
    for i, faktor in enumerate(FAKTORER):
        r = FAKTOR_RUBRIK_RAD + 1 + i
        ws.cell(row=r, column=1, value=faktor)
        ws.cell(row=r, column=2).fill = _IFYLLNAD
    dv = _lista(JA_NEJ, "ja eller nej")
    ws.add_data_validation(dv)
    dv.add(f"B{FAKTOR_RUBRIK_RAD + 1}:B{FAKTOR_RUBRIK_RAD + len(FAKTORER)}")
    _bredd(ws, (48, 90))


def fyll_i(sokvag: str | Path, varden: dict[tuple[str, str], Any]) -> Path:
    """Fill cells of a workbook as a user would: ``{(blad, cell): värde}``; saved via temp + rename.

    Dates (``datetime.date``) get the format ``yyyy-mm-dd``. A missing sheet raises KeyError.
    """
    sokvag = Path(sokvag)
    wb = load_workbook(sokvag)
    satt_celler(wb, varden)
    return spara(wb, sokvag)


def satt_celler(wb: Workbook, varden: dict[tuple[str, str], Any]) -> None:
    """Fill cells in memory as :func:`fyll_i` does (``{(blad, cell): värde}``; dates as ``yyyy-mm-dd``)."""
    for (blad, cell), varde in varden.items():
        c = wb[blad][cell]
        c.value = varde
        if isinstance(varde, (dt.date, dt.datetime)):
            c.number_format = "yyyy-mm-dd"


# --- the CLI: blank workbooks for a cycle ----------------------------------------------------

def _analyserade_tabeller(res) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gap, risk) of a computed cycle as a workshop workbook may show them: the analysed
    yrkeskategorier (urval.csv), through the disclosure rule that the reports use
    (:func:`kfanalys.modell.urval.publicerade_tabeller`), so a workbook hides what the report hides."""
    from kfanalys.grund.rojandekontroll import DOLT
    from kfanalys.modell.urval import publicerade_tabeller

    minsta = int((res.meta.get("antaganden") or {}).get("minsta_antal", 5))
    p = publicerade_tabeller(res.tabeller, minsta)
    return p["gap"].drop(columns=DOLT), p["risk"].drop(columns=DOLT)


def _med_foregaende(indata, datamapp: str | Path, cykel: int, foregaende: bool = True):
    """(the cycle's Resultat, the previous cycle's Resultat or None): the previous cycle by the one
    rule, :func:`kfanalys.berakning.orkestrering.foregaende_resultat` (stored if made from the same
    inputs, else recomputed with its own workshop workbooks); ``foregaende=False``: none."""
    from kfanalys.berakning.cykel import berakna_cykel
    from kfanalys.berakning.orkestrering import foregaende_resultat

    foreg = foregaende_resultat(datamapp, cykel, indata.konfig, indata) if foregaende else None
    return berakna_cykel(indata, cykel, foregaende=foreg), foreg


def _berakna(datamapp: Path, cykel: int):
    """(konfig, gap, risk, plan) of a cycle from the raw data for its blank workbooks: gap and risk
    as :func:`workshoptabeller` shows them, and the previous cycle's plan (the rows its workshop
    workbooks planned; None without a previous cycle), both from the same previous cycle."""
    from kfanalys.indata.register import las_indata

    indata = las_indata(datamapp)
    res, foreg = _med_foregaende(indata, datamapp, cykel)
    return (indata.konfig, *_analyserade_tabeller(res), foreg.tabeller.get("plan") if foreg is not None else None)


def workshoptabeller(indata, datamapp: str | Path, cykel: int, foregaende: bool = True
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gap, risk) of a cycle as its workshop workbooks show them (analysed yrkeskategorier, through
    the disclosure rule); ``foregaende``: the risk's "föregående" columns from the previous cycle
    (:func:`kfanalys.berakning.orkestrering.foregaende_resultat`; False: no previous cycle)."""
    return _analyserade_tabeller(_med_foregaende(indata, datamapp, cykel, foregaende)[0])


def _inte_i_raw(mal: Path, datamapp: Path) -> None:
    from kfanalys.grund.sokvagar import raw_mapp

    mal = mal.resolve()
    for skyddad in (Path(datamapp).resolve(), raw_mapp().resolve()):
        if mal == skyddad or skyddad in mal.parents:
            raise Berakningsfel(f"Workshopunderlag skrivs aldrig i indatamappen ({skyddad}); "
                                f"målet {mal} är inte tillåtet.")


def skriv_underlag_for_cykel(datamapp: str | Path, cykel: int, namnder: list[str] | None = None,
                             ut: str | Path | None = None) -> list[Path]:
    """Blank workbooks for a cycle, one per nämnd (``namnder``: namn or kortnamn; default all).

    Written to ``ut`` (default :func:`kfanalys.grund.sokvagar.underlag_ut_mapp`, i.e.
    ``data/processed/<cykel>/underlag/<kortnamn>.xlsx``), never into the data folder or
    ``data/raw``. The risk's "föregående" columns and the prefilled Plan sheet come from the
    previous cycle (:func:`kfanalys.berakning.orkestrering.foregaende_resultat`: its plan is
    its workshop workbooks' plan).
    """
    from kfanalys.grund.sokvagar import underlag_ut_mapp

    datamapp = Path(datamapp)
    mal = Path(ut) if ut is not None else underlag_ut_mapp(cykel)
    _inte_i_raw(mal, datamapp)
    konfig, gap, risk, plan = _berakna(datamapp, cykel)
    valda = konfig.namnder if not namnder else tuple(konfig.namnd(n) for n in namnder)
    return [skriv_underlag(mal / f"{n.kortnamn}.xlsx", konfig.kommun, n, cykel, gap, risk, plan) for n in valda]
