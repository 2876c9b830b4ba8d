"""The layout of a workshop workbook, shared by the writer (:mod:`kfanalys.underlag.arbetsbok`)
and the reader (:mod:`kfanalys.indata.workshop`): sheet names, fixed cells, headings, the four
questions and the factors, the columns of what is read, and the reading limits.

The sheets:

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
"""

from __future__ import annotations

from typing import Any

import pandas as pd


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
LASKOLUMNER = {BLAD_INSTRUKTIONER: 2, BLAD_BEDOMNING: 30, BLAD_KVALITATIVT: 5, BLAD_RISK: 3, BLAD_PLAN: 6,
                BLAD_ANALYS: 2}
LASRADER = {BLAD_INSTRUKTIONER: 6, BLAD_ANALYS: FAKTOR_RUBRIK_RAD + len(FAKTORER)}  # fixed layouts


def tomt(varde: Any) -> bool:
    """Whether a cell is empty: None, NaN, NaT or blanks only.

    >>> [tomt(v) for v in (None, float("nan"), "  ", 0, "x")]
    [True, True, True, False, False]
    """
    if isinstance(varde, float) and varde != varde:  # NaN
        return True
    return varde is None or varde is pd.NaT or (isinstance(varde, str) and not varde.strip())


def text(varde: Any) -> str:
    """A cell's text without surrounding blanks; "" for an empty cell.

    >>> text("  Kock "), text(None)
    ('Kock', '')
    """
    return "" if tomt(varde) else str(varde).strip()
