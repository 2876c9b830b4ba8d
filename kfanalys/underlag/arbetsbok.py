"""The workshop round trip: a prefilled Excel underlag per nämnd out, the judgements back in.

Out: :func:`skriv_underlag` writes one workbook for one nämnd and cycle with the sheets

``Instruktioner``
    Swedish instructions, the ISO level descriptions (seed 003) and the fixed cells
    ``B3`` kommun, ``B4`` nämnd (namn), ``B5`` kortnamn, ``B6`` cykel (checked on reading).
``Bedömning``
    one row per analysed yrkeskategori: Yrkeskategori, Antal, Gap <h> år for every horizon,
    Bedömning <h> år (drop-down of :data:`kfanalys.grund.schema.BEDOMNINGAR`).
``Kvalitativt gap``
    per yrkeskategori the shift in percentage points (procentenheter, 2 years) for Viss, God,
    Hög, Mycket hög, a Summa formula and a Kontroll cell; the four must sum to zero.
``Risk``
    Konsekvens and Sannolikhet drop-downs prefilled with the data's suggestion.
``Plan``
    Område (UBARA), Behov, Aktivitet, Måldatum (date), Ansvarig, Status; prefilled with the
    previous cycle's activities.
``Analys``
    the four questions of seed 001 (section 3) with an answer cell each, and the factors of
    seed 000 as a ja/nej checklist.

In: :func:`las_underlag` reads and validates one filled workbook (all or nothing: every
problem is collected into one :class:`kfanalys.grund.fel.Indatafel` naming workbook, sheet, cell
and value), :func:`las_workshop` reads all nämnder of a cycle into one :class:`Workshop`
and records failing workbooks (also unreadable ones) in ``Workshop.fel`` instead of using
them, and files that belong to no nämnd in ``Workshop.anmarkningar``. Reading has limits
(:data:`MAX_TECKEN` characters per cell, :data:`MAX_RADER` rows per sheet, unpacked sizes).

Every workbook written here goes through :func:`kfanalys.grund.excel.skydda_arbetsbok`: a
typed text that starts like a formula stays text; the Summa and Kontroll cells are the only
formulas.

Words in drop-down cells are matched case-insensitively, ignoring surrounding blanks and
Swedish letters (``"Mer"``, ``" LAG "`` are fine; ``"Mer!"`` is not).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.worksheet.datavalidation import DataValidation

from kfanalys.grund import schema
from kfanalys.grund.fel import Berakningsfel, Indatafel, Problem
from kfanalys.grund.excel import skydda_arbetsbok
from kfanalys.indata.konfig import Konfig, Namnd
from kfanalys.grund.sokvagar import skriv_atomiskt

# --- the workbook's layout (one place; reader and writer share it) ---------------------------

BLAD_INSTRUKTIONER = "Instruktioner"
BLAD_BEDOMNING = "Bedömning"
BLAD_KVALITATIVT = "Kvalitativt gap"
BLAD_RISK = "Risk"
BLAD_PLAN = "Plan"
BLAD_ANALYS = "Analys"
BLAD = (BLAD_INSTRUKTIONER, BLAD_BEDOMNING, BLAD_KVALITATIVT, BLAD_RISK, BLAD_PLAN, BLAD_ANALYS)

CELL_KOMMUN = "B3"
CELL_NAMND = "B4"
CELL_KORTNAMN = "B5"
CELL_CYKEL = "B6"

# Kvalitativt gap: A yrkeskategori, B-E the four levels, F Summa (formula), G Kontroll (formula)
KVAL_NIVAKOLUMNER = ("B", "C", "D", "E")
# Risk: A yrkeskategori, B konsekvens, C sannolikhet, D förslag, E motivering, F föregående
RISK_RUBRIKER = ("Yrkeskategori", "Konsekvens", "Sannolikhet", "Förslag enligt data", "Motivering",
                 "Föregående bedömning")
PLAN_RUBRIKER = ("Område (UBARA)", "Behov", "Aktivitet", "Måldatum", "Ansvarig", "Status")
PLAN_MIN_RADER = 60  # empty plan rows offered (with drop-downs) beyond the prefilled ones

FRAGOR = (
    "Vilka förändringar står ni inför på 3-5 års sikt?",
    "Vilken kompetens behöver ni för att ni ska kunna nå era mål och möta framtida utmaningar?",
    "Vilken kompetens har ni som ni behöver behålla?",
    "Vilket är kompetensgapet?",
)
FRAGA_FORSTA_RAD = 2  # questions in A2:A5, answers in B2:B5
FAKTORER = (
    "Budget, verksamhetsplaner och styrdokument",
    "Demografiska förändringar",
    "Brukarnas behov",
    "Arbetssätt, innovation och ny teknik",
    "Lagstiftning och politik",
    "Arbetsmarknaden och konkurrensen om arbetskraft",
    "Organisationsförändringar och omställning",
    "Heltid och deltid",
    "Samverkan internt och externt",
    "Prognoser och trender",
    "Personalstatistik",
    "Övrigt",
)
FAKTOR_RUBRIK_RAD = 8  # "Faktor" / "Påverkar (ja/nej)"; factors from row 9
JA_NEJ = ("ja", "nej")

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

KOLUMNER = {
    "bedomningar": ["namnd", "yrkeskategori", "horisont", "bedomning"],
    "kvalitativt": ["namnd", "yrkeskategori", "niva", "procentenheter"],
    "riskbedomning": ["namnd", "yrkeskategori", "konsekvens", "sannolikhet"],
    "plan": ["namnd", "omrade", "behov", "aktivitet", "maldatum", "ansvarig", "status", "cykel"],
    "analys": ["namnd", "fraga", "svar", "faktorer"],
}


# Limits when reading a workbook (typed by many hands; issue 10). A sheet is read row by row
# (openpyxl read-only) up to row MAX_RADER + 1 and only in the layout's columns, so a sheet
# with a million formatted empty rows is not read whole.
MAX_TECKEN = 5_000  # characters in one cell
MAX_RADER = 2_000  # rows of a sheet; anything in row MAX_RADER + 1 is an error
MAX_DEL_BYTE = 50 * 2**20  # unpacked size of a part other than a sheet (the shared texts, styles)
MAX_BLAD_BYTE = 400 * 2**20  # unpacked size of one sheet (streamed; only a guard against zip bombs)
#: columns and rows read per sheet (cells further right or below are never read)
_LASKOLUMNER = {BLAD_INSTRUKTIONER: 2, BLAD_BEDOMNING: 30, BLAD_KVALITATIVT: 5, BLAD_RISK: 3, BLAD_PLAN: 6,
                BLAD_ANALYS: 2}
_LASRADER = {BLAD_INSTRUKTIONER: 6, BLAD_ANALYS: FAKTOR_RUBRIK_RAD + len(FAKTORER)}  # fixed layouts

#: Files in underlag/<cykel>/ that are never named as unmatched (Office lock files, OS files).
_IGNORERADE_FILER = {"thumbs.db", "desktop.ini", ".ds_store"}
#: Spreadsheet formats other than .xlsx: a file in one of them is told to be saved again as .xlsx.
_KALKYLFORMAT = (".xls", ".xlsm", ".xlsb", ".xltx", ".xltm", ".ods", ".csv", ".numbers")


# --- the result of reading -------------------------------------------------------------------

def _tom(namn: str) -> pd.DataFrame:
    df = pd.DataFrame({k: pd.Series(dtype="object") for k in KOLUMNER[namn]})
    if namn == "bedomningar":
        df["horisont"] = df["horisont"].astype("int64")
    if namn == "kvalitativt":
        df["procentenheter"] = df["procentenheter"].astype("float64")
    if namn == "plan":
        df["maldatum"] = df["maldatum"].astype("datetime64[ns]")
        df["cykel"] = df["cykel"].astype("int64")
    return df


@dataclass
class Workshop:
    """The managers' judgements for one cycle, all nämnder stacked (``namnd`` = the nämnd's namn).

    - ``bedomningar``: namnd, yrkeskategori, horisont (years, int), bedomning (schema.BEDOMNINGAR)
    - ``kvalitativt``: namnd, yrkeskategori, niva (schema.KOMPETENSNIVAER), procentenheter
      (percentage points over 2 years; the four levels of a yrkeskategori sum to 0)
    - ``riskbedomning``: namnd, yrkeskategori, konsekvens, sannolikhet
    - ``plan``: namnd, omrade (schema.UBARA), behov, aktivitet, maldatum (datetime64, NaT if
      empty), ansvarig, status (schema.STATUSAR), cykel (the workbook's cycle)
    - ``analys``: namnd, fraga (:data:`FRAGOR`), svar ("" if unanswered), faktorer (the factors
      ticked "ja", joined with "; ", the same on every row of the nämnd)
    - ``fel``: kortnamn -> Swedish message, for workbooks that failed validation (not used)
    - ``lasta``: kortnamn of the workbooks that were read and are used
    - ``anmarkningar``: Swedish notes on files in ``underlag/<cykel>/`` that belong to no nämnd
    """

    bedomningar: pd.DataFrame = field(default_factory=lambda: _tom("bedomningar"))
    kvalitativt: pd.DataFrame = field(default_factory=lambda: _tom("kvalitativt"))
    riskbedomning: pd.DataFrame = field(default_factory=lambda: _tom("riskbedomning"))
    plan: pd.DataFrame = field(default_factory=lambda: _tom("plan"))
    analys: pd.DataFrame = field(default_factory=lambda: _tom("analys"))
    fel: dict[str, str] = field(default_factory=dict)
    lasta: list[str] = field(default_factory=list)
    anmarkningar: list[str] = field(default_factory=list)

    @staticmethod
    def sla_ihop(delar: Iterable["Workshop"]) -> "Workshop":
        """Stack several workshops (e.g. one per nämnd) into one."""
        delar = list(delar)
        ut = Workshop()
        for namn in KOLUMNER:
            ramar = [getattr(d, namn) for d in delar if len(getattr(d, namn))]
            if ramar:
                setattr(ut, namn, pd.concat(ramar, ignore_index=True))
        for d in delar:
            ut.fel.update(d.fel)
            ut.lasta.extend(d.lasta)
            ut.anmarkningar.extend(d.anmarkningar)
        return ut


# --- small helpers ---------------------------------------------------------------------------

_TRANS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def _norm(varde: Any) -> str:
    """Lower case, Swedish letters folded, blanks collapsed.

    >>> _norm(" Mycket  MER "), _norm("Låg")
    ('mycket mer', 'lag')
    """
    return " ".join(str(varde).lower().translate(_TRANS).split())


def _tomt(varde: Any) -> bool:
    if isinstance(varde, float) and varde != varde:  # NaN
        return True
    return varde is None or varde is pd.NaT or (isinstance(varde, str) and not varde.strip())


def _text(varde: Any) -> str:
    return "" if _tomt(varde) else str(varde).strip()


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


def _spara_atomiskt(wb: Workbook, sokvag: Path) -> Path:
    """Save to a temp file in the target folder, then rename (a reader never sees half a file).

    Every cell is made safe first (:func:`kfanalys.grund.excel.skydda_arbetsbok`): typed text
    that starts like a formula stays text; only the Summa and Kontroll formulas remain formulas.
    """
    skydda_arbetsbok(wb, _egna_formler(wb))
    return skriv_atomiskt(sokvag, wb.save)


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


def _analyserade(gap_df: pd.DataFrame, namnd: Namnd) -> pd.DataFrame:
    """The nämnd's analysed yrkeskategorier from gap_df: yrkeskategori, antal, gap_<h> per horizon."""
    g = gap_df[(gap_df["namnd"] == namnd.namn) & (gap_df["yrkeskategori"] != schema.TOTALT)]
    if g.empty:
        return pd.DataFrame(columns=["yrkeskategori", "antal"])
    bred = g.pivot_table(index="yrkeskategori", columns="horisont", values="gap", aggfunc="first", dropna=False)
    bred.columns = [f"gap_{int(h)}" for h in bred.columns]
    antal = g.groupby("yrkeskategori")["antal"].first()
    ut = bred.join(antal).reset_index()
    return ut.sort_values(["antal", "yrkeskategori"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _horisonter(gap_df: pd.DataFrame) -> list[int]:
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
    return _spara_atomiskt(_bygg_underlag(kommun, namnd, cykel, gap_df, risk_df, foregaende_plan), Path(sokvag))


def _bygg_underlag(kommun: str, namnd: Namnd, cykel: int, gap_df: pd.DataFrame, risk_df: pd.DataFrame,
                   foregaende_plan: pd.DataFrame | None) -> Workbook:
    yrken = _analyserade(gap_df, namnd)
    horisonter = _horisonter(gap_df[gap_df["namnd"] == namnd.namn]) if len(gap_df) else [2, 5]
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
    _satt(wb, varden)
    return _spara_atomiskt(wb, sokvag)


def _satt(wb: Workbook, varden: dict[tuple[str, str], Any]) -> None:
    for (blad, cell), varde in varden.items():
        c = wb[blad][cell]
        c.value = varde
        if isinstance(varde, (dt.date, dt.datetime)):
            c.number_format = "yyyy-mm-dd"


# --- reading ---------------------------------------------------------------------------------

class _Insamlare:
    """Collects every problem of one workbook (reading goes on so the user sees them all)."""

    def __init__(self, fil: str):
        self.fil = fil
        self.problem: list[Problem] = []

    def fel(self, blad: str | None, cell: str | None, forvantat: str, varde: Any = None) -> None:
        self.problem.append(Problem(self.fil, None, forvantat, varde=varde, blad=blad, cell=cell))


def _ord(ins: _Insamlare, blad: str, cell: str, varde: Any, ordlista: tuple[str, ...], namn: str) -> str | None:
    """A drop-down word, matched case-insensitively; None if empty; records a problem if not in the list."""
    if _tomt(varde):
        return None
    karta = {_norm(v): v for v in ordlista}
    traff = karta.get(_norm(varde))
    if traff is None:
        ins.fel(blad, cell, f"är inte en giltig {namn}; välj en av: {', '.join(ordlista)}", varde)
    return traff


def _rubrikkontroll(ins: _Insamlare, ws, blad: str, forvantade: dict[str, str]) -> bool:
    ok = True
    for cell, text in forvantade.items():
        if _norm(_text(ws[cell].value)) != _norm(text):
            ins.fel(blad, cell, f'ska innehålla rubriken "{text}"; ändra inte rubrikraden', ws[cell].value)
            ok = False
    return ok


def _yrke(ins: _Insamlare, blad: str, r: int, varde: Any, analyserade: set[str] | None,
          sedda: set[str]) -> str | None:
    yrke = _text(varde)
    if not yrke:
        ins.fel(blad, f"A{r}", "yrkeskategori saknas på en ifylld rad")
        return None
    if analyserade is not None and yrke not in analyserade:
        giltiga = ", ".join(sorted(analyserade)) or "(inga)"
        ins.fel(blad, f"A{r}", f"analyseras inte av nämnden; giltiga yrkeskategorier: {giltiga}", yrke)
        return None
    if yrke in sedda:
        ins.fel(blad, f"A{r}", "förekommer flera gånger på bladet", yrke)
        return None
    sedda.add(yrke)
    return yrke


def _procentenheter(ins: _Insamlare, blad: str, cell, varde: Any) -> float | None:
    if _tomt(varde):
        return None
    if isinstance(varde, bool):
        ins.fel(blad, cell.coordinate, "ska vara ett tal i procentenheter (t.ex. -10 eller 10)", varde)
        return None
    if isinstance(varde, (int, float)):
        tal = float(varde)
        return tal * 100 if "%" in (cell.number_format or "") else tal
    text = str(varde).strip().replace("−", "-").replace(",", ".").replace(" ", "")
    text = re.sub(r"(%|pe|procentenheter)$", "", text, flags=re.IGNORECASE)
    try:
        return float(text)
    except ValueError:
        ins.fel(blad, cell.coordinate, "ska vara ett tal i procentenheter (t.ex. -10 eller 10)", varde)
        return None


def _datum(ins: _Insamlare, blad: str, cell: str, varde: Any) -> pd.Timestamp:
    if _tomt(varde):
        return pd.NaT
    if isinstance(varde, (dt.datetime, dt.date)):
        return pd.Timestamp(varde).normalize()
    if isinstance(varde, str):
        try:
            return pd.Timestamp(dt.datetime.strptime(varde.strip(), "%Y-%m-%d"))
        except ValueError:
            pass
    ins.fel(blad, cell, "är inte ett datum; skriv måldatum som ett datum, t.ex. 2026-06-30", varde)
    return pd.NaT


def _rader(ws: "_Blad", forsta: int = 2):
    """(row number, tuple of values A..) for the non-empty rows from ``forsta``."""
    for r in range(forsta, ws.max_row + 1):
        rad = ws.rad(r)
        if any(not _tomt(v) for v in rad):
            yield r, rad


@dataclass(frozen=True)
class _Cell:
    """One cell as read: value, Excel coordinate (``C7``) and number format."""

    value: Any = None
    coordinate: str = ""
    number_format: str = "General"

    @property
    def column(self) -> int:
        return column_index_from_string(coordinate_from_string(self.coordinate)[0])


class _Blad:
    """The cells of one sheet that the reader looks at, held in memory (read once, read-only).

    ``ws["C7"]`` and ``ws[1]`` (row 1) work as for an openpyxl sheet; a cell outside what was
    read is empty. ``max_row`` is the last row with a value.
    """

    def __init__(self, title: str, kolumner: int, celler: dict[tuple[int, int], _Cell]):
        self.title = title
        self.kolumner = kolumner
        self._celler = celler
        self.max_row = max((r for r, _ in celler), default=1)

    def cell(self, rad: int, kolumn: int) -> _Cell:
        return self._celler.get((rad, kolumn)) or _Cell(None, f"{get_column_letter(kolumn)}{rad}")

    def rad(self, r: int) -> tuple:
        return tuple(self.cell(r, k).value for k in range(1, self.kolumner + 1))

    def __getitem__(self, nyckel: int | str):
        if isinstance(nyckel, int):
            return tuple(self.cell(nyckel, k) for k in range(1, self.kolumner + 1))
        kol, rad = coordinate_from_string(nyckel)
        return self.cell(rad, column_index_from_string(kol))


def _storlek(antal_byte: int) -> str:
    """``52428800`` -> ``'50 MB'``, ``7000`` -> ``'7 kB'`` (for messages)."""
    if antal_byte >= 2**20:
        return f"{antal_byte / 2**20:.0f} MB"
    return f"{max(1, round(antal_byte / 1024))} kB"


def _olasbar(fil: str, orsak: str) -> Indatafel:
    return Indatafel(Problem(fil, None, f"kan inte läsas som Excel-arbetsbok (.xlsx): {orsak}; öppna filen i "
                                        "Excel och spara den som Excel-arbetsbok (.xlsx), eller skriv ut ett nytt "
                                        "underlag med kfanalys underlag"), rubrik=f"Fel i {fil}")


def _las_arbetsbok(sokvag: Path, fil: str) -> tuple[dict[str, "_Blad | None"], list[Problem]]:
    """The sheets of a workbook (``{namn: _Blad}``, a sheet the layout does not use maps to None)
    and the problems with the limits :data:`MAX_TECKEN` and :data:`MAX_RADER`.

    Any failure to read (not a zip, a damaged part, XML that does not parse, a part larger than
    :data:`MAX_DEL_BYTE` / :data:`MAX_BLAD_BYTE` unpacked) raises one Swedish
    :class:`~kfanalys.grund.fel.Indatafel` naming the file; nothing else escapes.
    """
    if sokvag.is_dir():
        raise _olasbar(fil, "det är en mapp, inte en fil")
    try:
        with zipfile.ZipFile(sokvag) as z:
            delar = z.infolist()
    except zipfile.BadZipFile:
        raise _olasbar(fil, "filen är inte en .xlsx-fil (kanske en äldre Excel-fil, .xls, som bara har bytt "
                            "namn, eller en lösenordsskyddad arbetsbok: ta bort lösenordet)") from None
    except (OSError, ValueError, RuntimeError) as e:  # unreadable, encrypted, truncated ...
        raise _olasbar(fil, f"filen går inte att öppna ({type(e).__name__})") from None
    for d in delar:
        blad = d.filename.startswith("xl/worksheets/")
        grans = MAX_BLAD_BYTE if blad else MAX_DEL_BYTE
        if d.file_size > grans:
            raise Indatafel(Problem(fil, None, f"är för stor för ett workshopunderlag: delen {d.filename} är "
                                               f"{_storlek(d.file_size)} uppackad (högst {_storlek(grans)}); ta "
                                               "bort långa texter och tomma rader, eller skriv ut ett nytt underlag"),
                            rubrik=f"Fel i {fil}")
    try:
        wb = load_workbook(sokvag, read_only=True)
    except Exception as e:  # noqa: BLE001 - any damage in workbook.xml, styles, shared strings ...
        raise _olasbar(fil, f"arbetsboken är skadad ({type(e).__name__})") from None
    problem: list[Problem] = []
    ut: dict[str, _Blad | None] = {}
    try:
        for ws in wb.worksheets:
            titel = ws.title.strip()
            if titel not in _LASKOLUMNER or titel in ut:
                ut.setdefault(titel, None)
                continue
            try:
                ut[titel] = _las_blad(ws, titel, fil, problem)
            except Exception as e:  # noqa: BLE001 - a sheet whose XML does not parse
                raise _olasbar(fil, f"bladet {titel} är skadat ({type(e).__name__})") from None
    finally:
        wb.close()
    return ut, problem


def _las_blad(ws, titel: str, fil: str, problem: list[Problem]) -> _Blad:
    """Rows 1 to :data:`MAX_RADER` + 1 (or the fixed layout's rows) of the layout's columns, into memory."""
    kolumner = _LASKOLUMNER[titel]
    fast = titel in _LASRADER
    rader = _LASRADER.get(titel, MAX_RADER + 1)
    celler: dict[tuple[int, int], _Cell] = {}
    for r, rad in enumerate(ws.iter_rows(min_row=1, max_row=rader, max_col=kolumner), start=1):
        for k, c in enumerate(rad, start=1):
            v = c.value
            if v is None or (isinstance(v, str) and not v):
                continue
            koord = f"{get_column_letter(k)}{r}"
            if not fast and r > MAX_RADER:
                problem.append(Problem(fil, None, f"ligger efter rad {MAX_RADER}: ett blad i underlaget får ha "
                                                  f"högst {MAX_RADER} rader; ta bort raderna från rad "
                                                  f"{MAX_RADER + 1}", blad=titel, cell=koord))
                continue
            if isinstance(v, str) and len(v) > MAX_TECKEN:
                problem.append(Problem(fil, None, f"är {len(v)} tecken lång; en cell i underlaget får ha högst "
                                                  f"{MAX_TECKEN} tecken; korta texten", varde=v, blad=titel,
                                       cell=koord))
            celler[(r, k)] = _Cell(v, koord, getattr(c, "number_format", None) or "General")
    return _Blad(titel, kolumner, celler)


def las_underlag(sokvag: str | Path, konfig: Konfig, namnd: Namnd | str, cykel: int,
                 analyserade: set[str] | None) -> Workshop:
    """Read and validate one filled workbook; all or nothing.

    Raises :class:`kfanalys.grund.fel.Indatafel` listing every problem (workbook, sheet, cell, value)
    if anything is wrong: a missing or renamed sheet, a changed header, a workbook for another
    nämnd or cycle, a word outside a drop-down list, qualitative shifts not summing to 0, a
    måldatum that is not a date, a yrkeskategori not in ``analyserade`` (``None``: not checked),
    a cell longer than :data:`MAX_TECKEN` characters, anything below row :data:`MAX_RADER` of a
    sheet; and a file that cannot be read at all (not a zip, damaged XML, a part too large
    unpacked). Only the layout's rows and columns are read, with openpyxl in read-only mode.
    Empty judgement cells are not an error: that yrkeskategori is simply not judged.
    """
    sokvag = Path(sokvag)
    if isinstance(namnd, str):
        namnd = konfig.namnd(namnd)
    fil = sokvag.name
    ins = _Insamlare(fil)
    if not sokvag.exists():
        raise Indatafel(Problem(fil, None, f"saknas: filen {sokvag} finns inte"), rubrik=f"Fel i {fil}")
    blad, granser = _las_arbetsbok(sokvag, fil)
    saknas = [b for b in BLAD if blad.get(b) is None]
    for b in saknas:
        ins.fel(b, None, f"bladet saknas eller har bytt namn; bladen i filen är: {', '.join(blad)}")
    if saknas:
        raise Indatafel(ins.problem, rubrik=f"Fel i {fil}")
    ins.problem.extend(granser)

    # the fixed cells: right nämnd and cycle
    ws = blad[BLAD_INSTRUKTIONER]
    kort = _text(ws[CELL_KORTNAMN].value)
    if kort != namnd.kortnamn:
        ins.fel(BLAD_INSTRUKTIONER, CELL_KORTNAMN,
                f"är fel nämnd: underlaget ska gälla {namnd.namn} (kortnamn {namnd.kortnamn})", kort or None)
    cykel_i_fil = ws[CELL_CYKEL].value
    try:
        ratt_cykel = float(str(cykel_i_fil).strip()) == int(cykel)
    except ValueError:
        ratt_cykel = False
    if not ratt_cykel:
        ins.fel(BLAD_INSTRUKTIONER, CELL_CYKEL, f"är fel cykel: underlaget ska gälla cykel {cykel}", cykel_i_fil)
    if ins.problem:  # another nämnd's or cycle's workbook: its contents are not checked further
        raise Indatafel(ins.problem, rubrik=f"Fel i {fil}")

    ut = Workshop()
    ut.bedomningar = _las_bedomning(ins, blad[BLAD_BEDOMNING], namnd, analyserade)
    ut.kvalitativt = _las_kvalitativt(ins, blad[BLAD_KVALITATIVT], namnd, analyserade)
    ut.riskbedomning = _las_risk(ins, blad[BLAD_RISK], namnd, analyserade)
    ut.plan = _las_plan(ins, blad[BLAD_PLAN], namnd, cykel)
    ut.analys = _las_analys(ins, blad[BLAD_ANALYS], namnd)
    if ins.problem:
        raise Indatafel(ins.problem, rubrik=f"Fel i {fil}")
    ut.lasta = [namnd.kortnamn]
    return ut


def _las_bedomning(ins, ws, namnd: Namnd, analyserade) -> pd.DataFrame:
    b = BLAD_BEDOMNING
    if not _rubrikkontroll(ins, ws, b, {"A1": "Yrkeskategori"}):
        return _tom("bedomningar")
    kolumner: dict[int, int] = {}  # column index (0-based) -> horizon
    for c in ws[1]:
        m = re.fullmatch(r"bedomning (\d+) ar", _norm(_text(c.value)))
        if m:
            kolumner[c.column - 1] = int(m.group(1))
    if not kolumner:
        ins.fel(b, "1:1", 'saknar kolumnerna "Bedömning 2 år" och "Bedömning 5 år"; ändra inte rubrikraden')
        return _tom("bedomningar")
    rader, sedda = [], set()
    for r, rad in _rader(ws):
        if all(_tomt(rad[k]) if k < len(rad) else True for k in kolumner):
            continue  # a yrkeskategori not judged
        yrke = _yrke(ins, b, r, rad[0], analyserade, sedda)
        for k, h in kolumner.items():
            varde = rad[k] if k < len(rad) else None
            ord_ = _ord(ins, b, f"{get_column_letter(k + 1)}{r}", varde, schema.BEDOMNINGAR, "bedömning")
            if yrke and ord_:
                rader.append((namnd.namn, yrke, h, ord_))
    df = pd.DataFrame(rader, columns=KOLUMNER["bedomningar"])
    df["horisont"] = df["horisont"].astype("int64")
    return df


def _las_kvalitativt(ins, ws, namnd: Namnd, analyserade) -> pd.DataFrame:
    b = BLAD_KVALITATIVT
    rubriker = {"A1": "Yrkeskategori", **{f"{k}1": n for k, n in zip(KVAL_NIVAKOLUMNER, schema.KOMPETENSNIVAER)}}
    if not _rubrikkontroll(ins, ws, b, rubriker):
        return _tom("kvalitativt")
    rader, sedda = [], set()
    for r in range(2, ws.max_row + 1):
        celler = [ws[f"{k}{r}"] for k in KVAL_NIVAKOLUMNER]
        if all(_tomt(c.value) for c in celler):
            continue
        yrke = _yrke(ins, b, r, ws[f"A{r}"].value, analyserade, sedda)
        tal = [_procentenheter(ins, b, c, c.value) for c in celler]
        if any(t is None and not _tomt(c.value) for t, c in zip(tal, celler)):
            continue
        tal = [0.0 if t is None else t for t in tal]
        summa = sum(tal)
        if abs(summa) > 1e-6:
            ins.fel(b, f"B{r}:E{r}", f"summerar till {summa:+g} procentenheter; förskjutningen mellan "
                                     f"nivåerna ska summera till 0", ", ".join(f"{t:g}" for t in tal))
            continue
        if yrke:
            rader.extend((namnd.namn, yrke, niva, t) for niva, t in zip(schema.KOMPETENSNIVAER, tal))
    df = pd.DataFrame(rader, columns=KOLUMNER["kvalitativt"])
    df["procentenheter"] = df["procentenheter"].astype("float64")
    return df


def _las_risk(ins, ws, namnd: Namnd, analyserade) -> pd.DataFrame:
    b = BLAD_RISK
    if not _rubrikkontroll(ins, ws, b, {"A1": RISK_RUBRIKER[0], "B1": RISK_RUBRIKER[1], "C1": RISK_RUBRIKER[2]}):
        return _tom("riskbedomning")
    rader, sedda = [], set()
    for r, rad in _rader(ws):
        rad = (*rad, None, None, None)
        kons_v, sann_v = rad[1], rad[2]
        if _tomt(kons_v) and _tomt(sann_v):
            continue
        yrke = _yrke(ins, b, r, rad[0], analyserade, sedda)
        kons = _ord(ins, b, f"B{r}", kons_v, schema.KONSEKVENSER, "konsekvens")
        sann = _ord(ins, b, f"C{r}", sann_v, schema.SANNOLIKHETER, "sannolikhet")
        for cell, v in ((f"B{r}", kons_v), (f"C{r}", sann_v)):
            if _tomt(v):
                ins.fel(b, cell, "är tom; fyll i både konsekvens och sannolikhet (eller ingen av dem)")
        if yrke and kons and sann:
            rader.append((namnd.namn, yrke, kons, sann))
    return pd.DataFrame(rader, columns=KOLUMNER["riskbedomning"])


def _las_plan(ins, ws, namnd: Namnd, cykel: int) -> pd.DataFrame:
    b = BLAD_PLAN
    if not _rubrikkontroll(ins, ws, b, {f"{get_column_letter(i)}1": t for i, t in enumerate(PLAN_RUBRIKER, 1)}):
        return _tom("plan")
    rader = []
    for r, rad in _rader(ws):
        rad = (*rad, *(None,) * 6)
        omrade = _ord(ins, b, f"A{r}", rad[0], schema.UBARA, "UBARA-område")
        if _tomt(rad[0]):
            ins.fel(b, f"A{r}", f"område saknas; välj en av: {', '.join(schema.UBARA)}")
        aktivitet = _text(rad[2])
        if not aktivitet:
            ins.fel(b, f"C{r}", "aktivitet saknas på en ifylld rad")
        maldatum = _datum(ins, b, f"D{r}", rad[3])
        status = _ord(ins, b, f"F{r}", rad[5], schema.STATUSAR, "status") if not _tomt(rad[5]) else "ej påbörjad"
        rader.append((namnd.namn, omrade, _text(rad[1]), aktivitet, maldatum, _text(rad[4]), status, int(cykel)))
    df = pd.DataFrame(rader, columns=KOLUMNER["plan"])
    df["maldatum"] = pd.to_datetime(df["maldatum"]).astype("datetime64[ns]")
    df["cykel"] = df["cykel"].astype("int64")
    return df


def _las_analys(ins, ws, namnd: Namnd) -> pd.DataFrame:
    b = BLAD_ANALYS
    fasta = {f"A{FRAGA_FORSTA_RAD + i}": f for i, f in enumerate(FRAGOR)}
    fasta.update({f"A{FAKTOR_RUBRIK_RAD + 1 + i}": f for i, f in enumerate(FAKTORER)})
    if not _rubrikkontroll(ins, ws, b, fasta):
        return _tom("analys")
    valda = []
    for i, faktor in enumerate(FAKTORER):
        cell = f"B{FAKTOR_RUBRIK_RAD + 1 + i}"
        if _ord(ins, b, cell, ws[cell].value, JA_NEJ, "markering (ja eller nej)") == "ja":
            valda.append(faktor)
    faktorer = "; ".join(valda)
    rader = [(namnd.namn, f, _text(ws[f"B{FRAGA_FORSTA_RAD + i}"].value), faktorer) for i, f in enumerate(FRAGOR)]
    return pd.DataFrame(rader, columns=KOLUMNER["analys"])


def underlag_sokvag(datamapp: str | Path, cykel: int, kortnamn: str) -> Path:
    """Where a filled workbook is read from: ``<datamapp>/underlag/<cykel>/<kortnamn>.xlsx``.

    >>> underlag_sokvag("data/raw/exempelkommun", 2025, "forskola").as_posix()
    'data/raw/exempelkommun/underlag/2025/forskola.xlsx'
    """
    return Path(datamapp) / "underlag" / str(cykel) / f"{kortnamn}.xlsx"


def las_workshop(datamapp: str | Path, cykel: int, konfig: Konfig, urval_df: pd.DataFrame | None) -> Workshop:
    """Read every nämnd's workbook of a cycle from ``<datamapp>/underlag/<cykel>/<kortnamn>.xlsx``.

    ``urval_df`` (urval.csv: namnd, yrkeskategori, ...) gives each nämnd's analysed
    yrkeskategorier (``None``: not checked). A missing workbook is not an error (the nämnd has
    no judgements); a workbook that fails validation or cannot be read at all (not a zip,
    damaged XML, too large) is left out completely and its Swedish message is in
    ``Workshop.fel[kortnamn]``; the other nämnder are read as usual. A file is used only if its
    name is exactly ``<kortnamn>.xlsx`` (also on a file system that ignores case); every other
    file in the folder is named in ``Workshop.anmarkningar`` (:func:`okanda_filer`).
    """
    mapp = Path(datamapp) / "underlag" / str(cykel)
    try:
        filnamn = {p.name for p in mapp.iterdir()} if mapp.is_dir() else set()
    except OSError:
        filnamn = set()
    delar = []
    for n in konfig.namnder:
        sokvag = underlag_sokvag(datamapp, cykel, n.kortnamn)
        if sokvag.name not in filnamn:
            continue
        analyserade = None
        if urval_df is not None:
            analyserade = set(urval_df.loc[(urval_df["namnd"] == n.namn)
                                           & (urval_df["yrkeskategori"] != schema.TOTALT), "yrkeskategori"])
        try:
            delar.append(las_underlag(sokvag, konfig, n, cykel, analyserade))
        except Indatafel as e:
            delar.append(Workshop(fel={n.kortnamn: str(e)}))
        except Exception as e:  # noqa: BLE001 - one unreadable workbook must not stop the other nämnder
            delar.append(Workshop(fel={n.kortnamn: str(_olasbar(sokvag.name, f"oväntat fel ({type(e).__name__})"))}))
    ut = Workshop.sla_ihop(delar)
    ut.anmarkningar.extend(okanda_filer(mapp, cykel, konfig))
    return ut


def _gissa_kortnamn(stam: str, konfig: Konfig) -> str | None:
    """The nämnd a misnamed file most likely belongs to (difflib on normalised names), or None.

    >>> from kfanalys.indata.konfig import Konfig, Namnd
    >>> k = Konfig("K", (Namnd("Förskolenämnden", "forskola", "F", "K"), Namnd("Kulturnämnden", "kultur", "K", "K")),
    ...            {})
    >>> [_gissa_kortnamn(s, k) for s in ("Forskola", "forskola (1)", "Kopia av forskola", "Förskolenämnden", "xyz")]
    ['forskola', 'forskola', 'forskola', 'forskola', None]
    """
    import difflib

    from kfanalys.indata.konfig import kortnamn as till_kortnamn

    norm = till_kortnamn(stam)
    norm = re.sub(r"^(kopia_av|copy_of)_", "", norm)
    norm = re.sub(r"(_(kopia|copy))?(_\d+)?$", "", norm) or norm
    kandidater: dict[str, str] = {}
    for n in konfig.namnder:
        kandidater.setdefault(n.kortnamn, n.kortnamn)
        kandidater.setdefault(till_kortnamn(n.namn), n.kortnamn)
    if norm in kandidater:
        return kandidater[norm]
    traff = difflib.get_close_matches(norm, list(kandidater), n=1, cutoff=0.6)
    return kandidater[traff[0]] if traff else None


def okanda_filer(mapp: str | Path, cykel: int, konfig: Konfig) -> list[str]:
    """Swedish notes on the files in ``underlag/<cykel>/`` that are not ``<kortnamn>.xlsx`` of a nämnd.

    Each names the file and, when a nämnd is likely meant, asks "menade du <kortnamn>.xlsx?";
    an ``.xls`` (or another spreadsheet format) is told to be saved again as ``.xlsx``. Office
    lock files (``~$forskola.xlsx``, ``.~lock.forskola.xlsx#``), hidden files, ``Thumbs.db``,
    ``desktop.ini`` and folders are ignored silently.
    """
    mapp = Path(mapp)
    if not mapp.is_dir():
        return []
    kanda = {f"{n.kortnamn}.xlsx" for n in konfig.namnder}
    plats = f"underlag/{cykel}"
    noter = []
    filer = sorted(mapp.iterdir(), key=lambda x: x.name.lower())
    finns = {x.name for x in filer}
    for p in filer:
        namn = p.name
        if (namn in kanda or namn.startswith(("~$", ".")) or namn.lower() in _IGNORERADE_FILER
                or p.is_dir()):
            continue
        slut = p.suffix.lower()
        k = _gissa_kortnamn(p.stem if slut else namn, konfig)
        if k is None:
            giltiga = ", ".join(f"{n.kortnamn}.xlsx" for n in konfig.namnder)
            spara_om = " Spara om den som .xlsx (Excel-arbetsbok)." if slut in _KALKYLFORMAT else ""
            noter.append(f"Filen {plats}/{namn} hör inte till någon nämnd och läses inte; ett workshopunderlag ska "
                         f"heta som nämndens kortnamn: {giltiga}.{spara_om}")
            continue
        if slut == ".xls":
            noter.append(f"Filen {plats}/{namn} är en äldre Excel-fil (.xls) och läses inte; menade du {k}.xlsx? "
                         f"Öppna den i Excel och spara om som .xlsx (Excel-arbetsbok) med namnet {k}.xlsx.")
        elif slut in _KALKYLFORMAT:
            noter.append(f"Filen {plats}/{namn} är inte en .xlsx-fil och läses inte; menade du {k}.xlsx? "
                         f"Spara om som .xlsx (Excel-arbetsbok) med namnet {k}.xlsx.")
        elif f"{k}.xlsx" in finns:
            noter.append(f"Filen {plats}/{namn} läses inte; menade du {k}.xlsx? Den filen finns också och är den "
                         f"som läses; ta bort {namn} om den är en kopia, eller flytta dess innehåll till {k}.xlsx.")
        else:
            noter.append(f"Filen {plats}/{namn} hör inte till någon nämnd och läses inte; menade du {k}.xlsx? "
                         f"Byt namn på filen till {k}.xlsx.")
    return noter


# --- the CLI: blank workbooks for a cycle ----------------------------------------------------

def _berakna(datamapp: Path, cykel: int):
    """(konfig, gap, risk) of a cycle from the raw data; the risk's "föregående" columns come from
    the previous cycle computed with its own workshop workbooks (if that cycle is in the data)."""
    from kfanalys.indata import register as data

    indata = data.las_indata(datamapp)
    res = _berakna_med_foregaende(indata, Path(datamapp), cykel)
    return (indata.konfig, *_analyserade_tabeller(res))


def _analyserade_tabeller(res) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gap, risk) of a computed cycle as a workshop workbook may show them: the analysed
    yrkeskategorier (urval.csv), through the disclosure rule that the reports use
    (:func:`kfanalys.modell.urval.publicerade_tabeller`), so a workbook hides what the report hides."""
    from kfanalys.grund.rojandekontroll import DOLT
    from kfanalys.modell.urval import publicerade_tabeller

    minsta = int((res.meta.get("antaganden") or {}).get("minsta_antal", 5))
    p = publicerade_tabeller(res.tabeller, minsta)
    return p["gap"].drop(columns=DOLT), p["risk"].drop(columns=DOLT)


def _berakna_med_foregaende(indata, datamapp: Path, cykel: int):
    from kfanalys.berakning import cykel as berakning
    from kfanalys.modell.nulage import basdatum

    konfig = indata.konfig
    foreg_ar = int(cykel) - konfig.antaganden.cykel_intervall
    try:
        basdatum(indata.anstallningar, foreg_ar)
    except Berakningsfel:
        return berakning.berakna_cykel(indata, cykel, foregaende=False)
    foreg = berakning.berakna_cykel(indata, foreg_ar, None, las_workshop(datamapp, foreg_ar, konfig, None),
                                    foregaende=False)
    return berakning.berakna_cykel(indata, cykel, foregaende=foreg)


def _foregaende_plan(datamapp: Path, cykel: int, konfig: Konfig) -> pd.DataFrame | None:
    """The plan of the latest earlier cycle with workbooks in ``<datamapp>/underlag/`` (valid ones only)."""
    rot = Path(datamapp) / "underlag"
    if not rot.is_dir():
        return None
    tidigare = sorted((int(p.name) for p in rot.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) < cykel),
                      reverse=True)
    for c in tidigare:
        ws = las_workshop(datamapp, c, konfig, None)
        if ws.lasta:
            return ws.plan
    return None


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
    ``data/raw``. The Plan sheet is prefilled with the latest earlier cycle's valid workbooks.
    """
    from kfanalys.grund.sokvagar import underlag_ut_mapp

    datamapp = Path(datamapp)
    mal = Path(ut) if ut is not None else underlag_ut_mapp(cykel)
    _inte_i_raw(mal, datamapp)
    konfig, gap, risk = _berakna(datamapp, cykel)
    valda = konfig.namnder if not namnder else tuple(konfig.namnd(n) for n in namnder)
    plan = _foregaende_plan(datamapp, cykel, konfig)
    return [skriv_underlag(mal / f"{n.kortnamn}.xlsx", konfig.kommun, n, cykel, gap, risk, plan) for n in valda]


# --- the Exempelkommun's filled workbooks ----------------------------------------------------

ANSVARIGA = ("Förvaltningschef", "HR-chef", "Avdelningschef", "Enhetschef", "HR-strateg",
             "Rekryteringsansvarig", "Kommunikatör", "Utvecklingsledare")

# (område, behov, aktivitet); {yrke} is one of the nämnd's analysed yrkeskategorier (lower case,
# singular as in the data, so always after "som": "tjänster som sjuksköterska")
AKTIVITETSBANK = (
    ("Utveckla", "Fördjupad kompetens hos dem som arbetar som {yrke}",
     "Erbjuda dem som arbetar som {yrke} en uppdragsutbildning på högskolenivå med delvis betald studietid"),
    ("Utveckla", "Säkrare användning av digitala verktyg",
     "Genomföra en grundkurs i verksamhetens digitala system för alla medarbetare och följa upp den på APT"),
    ("Utveckla", "Tydliga vägar att växa i yrket",
     "Ta fram ett karriärspår med specialistroller för dem som arbetar som {yrke}"),
    ("Behålla", "Lägre personalomsättning bland dem som arbetar som {yrke}",
     "Hålla stay-samtal varje år med nyanställda som {yrke} under deras tre första år"),
    ("Behålla", "Hållbar arbetsbelastning",
     "Följa upp arbetsbelastningen i varje arbetsgrupp två gånger per år och åtgärda det som sticker ut"),
    ("Behålla", "Fler som arbetar heltid",
     "Erbjuda alla som arbetar deltid som {yrke} att gå upp i sysselsättningsgrad"),
    ("Attrahera", "Fler sökande till tjänster som {yrke}",
     "Ta emot studenter för verksamhetsförlagd utbildning och erbjuda feriejobb i verksamheten"),
    ("Attrahera", "Ett tydligare arbetsgivarvarumärke",
     "Låta medarbetare berätta om sitt arbete i kommunens kanaler och på yrkes- och utbildningsmässor"),
    ("Rekrytera", "Säker rekrytering till tjänster som {yrke}",
     "Samla rekryteringen till tjänster som {yrke} i gemensamma annonseringsomgångar två gånger per år"),
    ("Rekrytera", "Bredare rekryteringsbas",
     "Erbjuda medarbetare utan formell utbildning validering och studiestöd för att bli {yrke}"),
    ("Introducera", "Kortare tid till full självständighet",
     "Införa ett gemensamt introduktionsprogram med utsedd mentor under det första halvåret"),
    ("Introducera", "Bättre start för nya chefer",
     "Ge nya chefer en introduktion i HR-, ekonomi- och arbetsmiljöansvar under de första tre månaderna"),
    ("Avsluta", "Kunskap som stannar kvar vid pensionsavgångar",
     "Planera överlämningen med den som går i pension minst sex månader före sista arbetsdagen"),
    ("Avsluta", "Lärdomar från dem som slutar",
     "Hålla avslutningssamtal och skicka en enkät till alla som slutar; sammanställa svaren varje halvår"),
)


def _rng(seed: int, cykel: int, kortnamn: str) -> np.random.Generator:
    return np.random.default_rng([seed, cykel, zlib.crc32(kortnamn.encode())])


def _aktiviteter(rng: np.random.Generator, yrken: list[str], cykel: int, antal: int) -> list[dict]:
    idx = rng.choice(len(AKTIVITETSBANK), size=antal, replace=False)
    ut = []
    for i in idx:
        omrade, behov, aktivitet = AKTIVITETSBANK[i]
        yrke = (yrken[int(rng.integers(len(yrken)))] if yrken else "medarbetare").lower()
        ut.append({
            "omrade": omrade, "behov": behov.format(yrke=yrke), "aktivitet": aktivitet.format(yrke=yrke),
            "maldatum": _manadsslut(cykel + int(rng.integers(1, 3)), int(rng.choice([3, 6, 9, 12]))),
            "ansvarig": ANSVARIGA[int(rng.integers(len(ANSVARIGA)))],
            "status": str(rng.choice(["ej påbörjad", "pågår"], p=[0.6, 0.4])),
        })
    return ut


def _manadsslut(ar: int, manad: int) -> dt.date:
    return dt.date(ar, manad, calendar.monthrange(ar, manad)[1])


def _yrkesfras(yrken: list[str]) -> str:
    """``["Kock"]`` -> ``"yrkeskategorin Kock"``; two -> ``"yrkeskategorierna A och B"``."""
    return f"yrkeskategorin {yrken[0]}" if len(yrken) == 1 else f"yrkeskategorierna {' och '.join(yrken)}"


def _analyssvar(yrken: pd.DataFrame, cykel: int, horisonter: list[int]) -> list[str]:
    """Plausible answers to :data:`FRAGOR` from the nämnd's gaps (largest shortages named)."""
    h = max(horisonter)
    gapkol = f"gap_{h}"
    brist = yrken[yrken[gapkol] < -0.5].sort_values(gapkol) if gapkol in yrken else yrken.iloc[0:0]
    storsta = yrken["yrkeskategori"].tolist()[:3]
    bristyrken = brist["yrkeskategori"].tolist()[:2]
    if bristyrken:
        forandring = (f"Befolkningsprognosen gör att behovet av personal i {_yrkesfras(bristyrken)} växer fram till "
                      f"{cykel + h}. Samtidigt går flera erfarna medarbetare i pension och kraven på digitala "
                      "arbetssätt ökar.")
        gapet = (f"Enligt framskrivningen saknas omkring {round(-brist[gapkol].sum())} medarbetare på {h} års sikt, "
                 f"främst i {_yrkesfras(bristyrken)}. Kvalitativt behöver fler nå hög kompetensnivå.")
    else:
        forandring = (f"Behovet av personal är i stort sett oförändrat fram till {cykel + h}, men uppdraget förändras "
                      "med nya arbetssätt, ny teknik och ändrad lagstiftning.")
        gapet = ("Antalet medarbetare räcker enligt framskrivningen, men fler behöver nå hög kompetensnivå och "
                 "erfarenheten behöver spridas till nyanställda.")
    behov = (f"Vi behöver fler med hög och mycket hög kompetens i {_yrkesfras(storsta[:1])}" if storsta
             else "Vi behöver fler med hög och mycket hög kompetens")
    behalla = (f"Erfarna medarbetare i {_yrkesfras(storsta[-1:])}" if storsta else "Erfarna medarbetare")
    return [
        forandring,
        behov + ", chefer som kan leda i förändring och medarbetare som är trygga med digitala verktyg.",
        behalla + " som kan handleda nyanställda, och den samlade kunskapen om verksamhetens arbetssätt hos "
        "dem som snart går i pension.",
        gapet,
    ]


_KVAL_MONSTER = ((0, -1, 1, 0), (-1, 0, 1, 0), (0, 0, -1, 1), (-1, 0, 0, 1), (0, -1, 0, 1), (0, 0, 0, 0))


def _exempelvarden(namnd: Namnd, cykel: int, gap_df: pd.DataFrame, risk_df: pd.DataFrame,
                   foregaende: pd.DataFrame | None, seed: int) -> dict[tuple[str, str], Any]:
    """The cells a manager fills in a blank workbook, ``{(blad, cell): värde}`` (deterministic for a seed)."""
    rng = _rng(seed, cykel, namnd.kortnamn)
    yrken = _analyserade(gap_df, namnd)
    horisonter = _horisonter(gap_df[gap_df["namnd"] == namnd.namn])
    varden: dict[tuple[str, str], Any] = {}
    skala = list(schema.BEDOMNINGAR)
    for r, rad in enumerate(yrken.itertuples(index=False), start=2):
        d = rad._asdict()
        for j, h in enumerate(horisonter):
            g = d.get(f"gap_{h}", 0.0)
            # a shortage in the projection is mostly judged "samma" or "mer"; otherwise "samma" or "mindre"
            steg = rng.choice([0, 1], p=[0.55, 0.45]) * (1 if (g or 0) < 0 else -1)
            steg += int(h >= 5 and rng.random() < 0.2) * int(np.sign(steg))
            varden[(BLAD_BEDOMNING, f"{get_column_letter(3 + len(horisonter) + j)}{r}")] = skala[2 + int(steg)]
        monster = _KVAL_MONSTER[int(rng.integers(len(_KVAL_MONSTER)))]
        storlek = int(rng.choice([5, 10, 15]))
        for kol, m in zip(KVAL_NIVAKOLUMNER, monster):
            varden[(BLAD_KVALITATIVT, f"{kol}{r}")] = m * storlek
    risk = risk_df[risk_df["namnd"] == namnd.namn].set_index("yrkeskategori") if len(risk_df) else None
    for r, yrke in enumerate(yrken["yrkeskategori"], start=2):
        if risk is None or yrke not in risk.index:
            varden[(BLAD_RISK, f"B{r}")] = "mindre allvarlig"
            varden[(BLAD_RISK, f"C{r}")] = "medel"
        elif rng.random() < 0.25:  # the managers adjust the data's suggestion one step
            kol = "foreslagen_sannolikhet" if "foreslagen_sannolikhet" in risk.columns else "sannolikhet"
            nu = schema.SANNOLIKHETER.index(risk.at[yrke, kol]) if risk.at[yrke, kol] in schema.SANNOLIKHETER else 1
            varden[(BLAD_RISK, f"C{r}")] = schema.SANNOLIKHETER[min(2, max(0, nu + int(rng.choice([-1, 1]))))]

    yrkeslista = yrken["yrkeskategori"].tolist()[:4]
    forra = 0 if foregaende is None else len(foregaende)
    for i in range(forra):  # follow up last cycle's activities
        r = 2 + i
        status = str(rng.choice(["genomförd", "pågår", "avbruten"], p=[0.5, 0.4, 0.1]))
        varden[(BLAD_PLAN, f"F{r}")] = status
        if status == "pågår":
            varden[(BLAD_PLAN, f"D{r}")] = dt.date(cykel + 1, 12, 31)
    nya = int(rng.integers(2, 4)) if forra else int(rng.integers(4, 7))
    nya = min(nya, 8 - forra)
    gamla = set() if foregaende is None else set(foregaende["aktivitet"])
    aktiviteter = [a for a in _aktiviteter(rng, yrkeslista, cykel, len(AKTIVITETSBANK)) if a["aktivitet"] not in gamla]
    for i, a in enumerate(aktiviteter[:nya]):
        r = 2 + forra + i
        for kol, nyckel in zip("ABCDEF", ("omrade", "behov", "aktivitet", "maldatum", "ansvarig", "status")):
            varden[(BLAD_PLAN, f"{kol}{r}")] = a[nyckel]

    for i, svar in enumerate(_analyssvar(yrken, cykel, horisonter)):
        varden[(BLAD_ANALYS, f"B{FRAGA_FORSTA_RAD + i}")] = svar
    for i, faktor in enumerate(FAKTORER):
        ja = faktor == "Demografiska förändringar" or (faktor != "Övrigt" and rng.random() < 0.4)
        varden[(BLAD_ANALYS, f"B{FAKTOR_RUBRIK_RAD + 1 + i}")] = "ja" if ja else "nej"
    return varden


def skriv_exempelunderlag(datamapp: str | Path, cykler: Iterable[int] = (2023, 2025), seed: int = 2025) -> list[Path]:
    """Filled workbooks for the Exempelkommun in ``<datamapp>/underlag/<cykel>/<kortnamn>.xlsx``.

    For each cycle (in order) the blank workbook is written from the cycle's computed gap and
    risk, then filled as a manager would; a later cycle's Plan sheet starts from the earlier
    cycle's filled plan and updates its statuses. Deterministic for a seed. Only
    :func:`kfanalys.exempel.kommun.skriv_exempelkommun` calls this (it owns the example data folder).
    """
    from kfanalys.berakning import cykel as berakning
    from kfanalys.indata import register as data

    datamapp = Path(datamapp)
    indata = data.las_indata(datamapp)
    cykler = sorted(cykler)

    def tabeller(cykel: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        # the first cycle has no earlier workshop; later ones compare with the workbooks just written
        res = (berakning.berakna_cykel(indata, cykel, foregaende=False) if cykel == cykler[0]
               else _berakna_med_foregaende(indata, datamapp, cykel))
        return _analyserade_tabeller(res)

    return skriv_exempelunderlag_fran_tabeller(datamapp, indata.konfig, cykler, tabeller, seed)


def skriv_exempelunderlag_fran_tabeller(
        datamapp: str | Path, konfig: Konfig, cykler: Iterable[int],
        tabeller: Callable[[int], tuple[pd.DataFrame, pd.DataFrame]], seed: int = 2025) -> list[Path]:
    """:func:`skriv_exempelunderlag` with ``tabeller(cykel) -> (gap_df, risk_df)`` given.

    ``tabeller`` is called once per cycle, in order, after the earlier cycles' workbooks are written.
    """
    datamapp = Path(datamapp)
    skrivna: list[Path] = []
    foregaende: Workshop | None = None
    for cykel in sorted(cykler):
        gap, risk = tabeller(cykel)
        delar = []
        for n in konfig.namnder:
            sokvag = underlag_sokvag(datamapp, cykel, n.kortnamn)
            forra_plan = None
            if foregaende is not None and len(foregaende.plan):
                forra_plan = foregaende.plan[foregaende.plan["namnd"] == n.namn].reset_index(drop=True)
            # the blank workbook, filled in memory as a manager would (same cells as fyll_i), saved once
            wb = _bygg_underlag(konfig.kommun, n, cykel, gap, risk, forra_plan)
            _satt(wb, _exempelvarden(n, cykel, gap, risk, forra_plan, seed))
            _spara_atomiskt(wb, sokvag)
            analyserade = set(_analyserade(gap, n)["yrkeskategori"])
            delar.append(las_underlag(sokvag, konfig, n, cykel, analyserade))  # our own output must be valid
            skrivna.append(sokvag)
        foregaende = Workshop.sla_ihop(delar)
    return skrivna
