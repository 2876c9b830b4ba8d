"""The Exempelkommun's filled workshop workbooks: the answers its managers invent.

:func:`skriv_exempelunderlag` writes, for each cycle, the blank workbook of every nämnd
(:mod:`kfanalys.underlag.arbetsbok`) filled as a manager would (:func:`_exempelvarden`,
deterministic for a seed), and reads it back (:func:`kfanalys.indata.workshop.las_underlag`):
the example's own output must be valid.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from kfanalys.grund import schema
from kfanalys.indata.konfig import Konfig, Namnd
from kfanalys.indata.workshop import Workshop, las_underlag
from kfanalys.indata.workshop_fil import underlag_sokvag
from kfanalys.indata.workshop_layout import (BLAD_ANALYS, BLAD_BEDOMNING, BLAD_KVALITATIVT, BLAD_PLAN, BLAD_RISK,
                                             FAKTOR_RUBRIK_RAD, FAKTORER, FRAGA_FORSTA_RAD,
                                             KVAL_NIVAKOLUMNER)
from kfanalys.underlag.arbetsbok import (analyserade_yrken, bygg_underlag, gap_horisonter, satt_celler, spara,
                                         workshoptabeller)

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
    """Plausible answers to :data:`~kfanalys.indata.workshop_layout.FRAGOR` from the nämnd's gaps
    (largest shortages named)."""
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
    yrken = analyserade_yrken(gap_df, namnd)
    horisonter = gap_horisonter(gap_df[gap_df["namnd"] == namnd.namn])
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
    from kfanalys.indata import register as data

    datamapp = Path(datamapp)
    indata = data.las_indata(datamapp)
    cykler = sorted(cykler)

    def tabeller(cykel: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        # the first cycle has no earlier workshop; later ones compare with the workbooks just written
        return workshoptabeller(indata, datamapp, cykel, foregaende=cykel != cykler[0])

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
            wb = bygg_underlag(konfig.kommun, n, cykel, gap, risk, forra_plan)
            satt_celler(wb, _exempelvarden(n, cykel, gap, risk, forra_plan, seed))
            spara(wb, sokvag)
            analyserade = set(analyserade_yrken(gap, n)["yrkeskategori"])
            delar.append(las_underlag(sokvag, konfig, n, cykel, analyserade))  # our own output must be valid
            skrivna.append(sokvag)
        foregaende = Workshop.sla_ihop(delar)
    return skrivna
