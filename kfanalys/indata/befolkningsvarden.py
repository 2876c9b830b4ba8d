"""Recognising the columns of a population table and typing its cells (for
:mod:`kfanalys.indata.befolkningsformat`, whose docstring lists what is accepted).

A :class:`Block` is one table as text (header cells, data cells, the row in the file);
:func:`typa_block` turns it into the typed long frame (omrade, ar, alder, antal, kon) or
reports every problem (one per distinct bad label, one per bad number cell) in Swedish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Problem
from kfanalys.grund.namn import normalisera
from kfanalys.indata.px import SAKNAS
from kfanalys.indata.tabell import MAX_PER_FEL, Samlare

VARDEORD = ("antal", "folkmangd", "befolkning", "invanare", "personer", "varde", "prognos")
KON = {"m": "M", "man": "M", "manlig": "M", "k": "K", "kvinnor": "K", "kvinna": "K", "kvinnlig": "K",
       "totalt": "T", "total": "T", "samtliga": "T", "bada_konen": "T", "alla": "T"}
_AR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass
class Block:
    """One table as text: header cells, data (columns 0..n-1, index = the row in the file)."""

    rubriker: list[str]
    data: pd.DataFrame  # text cells, columns 0..n-1, index = row in the file
    blad: str | None = None
    radnummer: bool = True  # False for PX: a "row" is not a line of the file


# --------------------------------------------------------------------------- headers

def _dimension(rubrik: object) -> str | None:
    n = normalisera(rubrik, "_").replace("_", "")
    if n in ("omrade", "region", "kommun", "omraden", "regionnamn", "omradesnamn"):
        return "omrade"
    if n.startswith("alder") or n in ("ettarsklass", "ettarsklasser"):
        return "alder"
    if n in ("kon", "kontillhorighet"):
        return "kon"
    if n in ("ar", "artal", "prognosar", "year", "tid"):
        return "ar"
    return None


def _arskolumn(rubrik: object) -> tuple[int, str | None] | None:
    """``"2025"``, ``"2025 Folkmängd"``, ``"Folkmängd 2025 män"`` -> (2025, kon or None)."""
    text = str(rubrik).strip()
    m = _AR.search(text)
    if not m or not 1900 <= int(m.group(1)) <= 2200:
        return None
    kon = None
    for ord_ in normalisera(text, "_").split("_"):
        if KON.get(ord_) in ("K", "M"):
            kon = KON[ord_]
    return int(m.group(1)), kon


def ar_rubrikrad(celler: list) -> bool:
    dims = {_dimension(c) for c in celler if c is not None and str(c).strip()}
    return "alder" in dims and ("ar" in dims or any(_arskolumn(c) for c in celler
                                                    if c is not None and _dimension(c) is None))


def standardrubriker(rubriker: list[str]) -> bool:
    """The standard layout: the schema's names (as tabell matches them) for the four columns."""
    kanda = {normalisera(r, "_").replace("_", "") for r in rubriker}
    return {"omrade", "ar", "alder", "antal"} <= kanda


# --------------------------------------------------------------------------- typing

def _alder(text: str) -> int | str:
    """An age label -> the age, "T" (a total), or a Swedish reason it cannot be read."""
    n = normalisera(text).replace(",", " ").strip()
    n = " ".join(n.split())
    if re.fullmatch(r"(totalt?|samtliga|alla)( alder| aldrar)?|(alder|aldrar) (totalt?|samtliga)|"
                    r"alla aldrar|summa", n):
        return "T"
    m = re.fullmatch(r"(\d{1,3})(?:[.,]0+)?(?: ?ar)?", n)
    if m:
        a = int(m.group(1))
        return a if a <= 100 else "ska vara 0-100 (100 = 100 år och äldre)"
    m = re.fullmatch(r"(\d{1,3}) ?(?:\+|ar ?\+|\+ ?ar|(?:ar )?(?:och|eller) (?:aldre|aldre ar|mer|over)|- ?ar| ?-)", n)
    if m:
        a = int(m.group(1))
        return 100 if a == 100 else (f"är en öppen åldersgrupp ({a} och äldre); sista åldern ska vara "
                                     "100+ (100 år och äldre) med varje ålder 0-100 för sig")
    if re.fullmatch(r"\d{1,3} ?- ?\d{1,3}( ar)?", n):
        return ("är en åldersgrupp; kfanalys behöver varje ålder för sig (ettårsklasser 0-100, "
                "i Statistikdatabasen: välj ålder per ettårsklass)")
    return ('är ingen ålder som kan läsas; skriv en ålder 0-100 (t.ex. 0, "0 år", "100+ år" '
            "för 100 år och äldre) eller totalt")


def _per_varde(fil, kolumn, forvantat, unika, fel_u, koder, rader, samlare, blad, radnummer) -> None:
    """One problem per distinct bad value: its first row and how many rows have it."""
    for i, u in enumerate(np.flatnonzero(fel_u)):
        if i == MAX_PER_FEL:
            samlare.lagg(Problem(fil, kolumn, f"... och {int(fel_u.sum()) - MAX_PER_FEL} värden till", blad=blad))
            break
        traff = koder == u
        forv = forvantat[u] if isinstance(forvantat, list) else forvantat
        antal = len(np.unique(rader[traff])) if radnummer else int(traff.sum())
        samlare.lagg(Problem(fil, kolumn, f"{forv} ({antal} {'rader' if radnummer else 'värden'})",
                             rad=int(rader[np.argmax(traff)]) if radnummer else None, varde=unika[u], blad=blad))


def typa_block(block: Block, fil: str, omraden: list[str] | None, samlare: Samlare,
               anteckningar: list[str], layout: list[str]) -> pd.DataFrame | None:
    """A block (header + text cells) as the typed long frame; None after a problem.

    ``omraden``: kommun.yaml's omrade names (None: names kept as written). Notes on what was
    dropped or summed go to ``anteckningar``, the layout ("år som kolumner") to ``layout``.
    """
    fore = len(samlare.problem)
    blad, rub = block.blad, block.rubriker
    data = block.data
    if len(data.columns):  # only rows whose first cell is empty can be entirely empty
        tom = data[data.columns[0]].isna().to_numpy()
        if tom.any():
            tom[tom] = data[tom].isna().all(axis=1).to_numpy()
            data = data[~tom]
    dims: dict[str, int] = {}
    arskol: dict[int, tuple[int, str | None]] = {}
    ovriga: list[int] = []
    for j, r in enumerate(rub):
        d = _dimension(r)
        if d in dims:
            samlare.lagg(Problem(fil, r, f"förekommer flera gånger i rubrikraden (också {rub[dims[d]]}); "
                                         "behåll en av kolumnerna", blad=blad))
        elif d:
            dims[d] = j
        elif r.strip():
            if "ar" not in dims and _arskolumn(r):
                arskol[j] = _arskolumn(r)
            else:
                ovriga.append(j)
        elif j < len(data.columns) and data[j].notna().any():
            samlare.lagg(Problem(fil, None, f"kolumn nr {j + 1} har värden men ingen rubrik; skriv en rubrik "
                                            "(t.ex. ett årtal) eller ta bort kolumnen", blad=blad))
    if "ar" not in dims and not arskol:
        samlare.lagg(Problem(fil, None, "saknar år: ingen kolumn år (ar) och inga kolumner med årtal som rubrik "
                                        "(t.ex. 2025, 2026)", blad=blad))
        return None
    if "ar" in dims:
        arskol = {}
        ovriga = [j for j, r in enumerate(rub) if r.strip() and _dimension(r) is None]
        varde = [j for j in ovriga if any(o in normalisera(rub[j], "_").replace("_", "") for o in VARDEORD)]
        if len(varde) != 1 and len(ovriga) == 1:
            varde = ovriga
        if len(varde) != 1:
            text = (f"flera kolumner kan vara antal personer ({', '.join(rub[j] for j in varde)}); behåll en"
                    if varde else "hittar ingen kolumn med antal personer; döp den till antal")
            samlare.lagg(Problem(fil, None, f"{text}. Kolumner i filen: {', '.join(r for r in rub if r.strip())}",
                                 rad=None, blad=blad))
            return None
        if len(ovriga) > 1:
            samlare.varningar.append(f"{fil}: kolumnerna {', '.join(rub[j] for j in ovriga if j != varde[0])} "
                                     "används inte och hoppas över")
        layout.append("år som kolumn")
    else:
        for j in ovriga:
            samlare.lagg(Problem(fil, rub[j], "är inte ett årtal; när åren är kolumner ska varje kolumn utom "
                                              "område/region, ålder och kön ha ett årtal som rubrik (t.ex. 2025); "
                                              "byt rubrik eller ta bort kolumnen", rad=1 if block.radnummer else None,
                                 blad=blad))
        layout.append("år som kolumner")
    if "omrade" not in dims and blad is None:
        samlare.lagg(Problem(fil, "omrade", "saknas: ingen kolumn omrade (eller region); lägg till en kolumn "
                                            "med områdets namn som i kommun.yaml"))
    if len(samlare.problem) > fore:
        return None

    n = len(data)
    rader = data.index.to_numpy()
    if arskol:
        pos = list(arskol)
        k = len(pos)
        def cell(j):  # noqa: E306 - the dimension column repeated once per year column
            return np.tile(data[j].to_numpy(dtype=object), k)
        rad = np.tile(rader, k)
        antal = np.concatenate([data[j].to_numpy(dtype=object) for j in pos]) if n else np.zeros(0, object)
        antal_kol = np.repeat(np.array([rub[j] for j in pos], dtype=object), n)
        ar = np.repeat(np.array([arskol[j][0] for j in pos], dtype="int64"), n)
        kon_kol = np.repeat(np.array([arskol[j][1] for j in pos], dtype=object), n)
    else:
        def cell(j):  # noqa: E306
            return data[j].to_numpy(dtype=object)
        rad = rader
        antal = cell(varde[0])
        antal_kol = np.full(n, rub[varde[0]], dtype=object)
        ar = None
        kon_kol = np.full(n, None, dtype=object)
    behall = np.ones(len(rad), dtype=bool)

    # ar (a column)
    if ar is None:
        koder, unika = pd.factorize(pd.Series(cell(dims["ar"]), dtype=object).fillna(""))
        tolkat = [int(m.group(1)) if (m := re.fullmatch(r"\s*(\d{4})(?:\.0+)?(?:\s+\D.*)?\s*", str(u)))
                  and 1900 <= int(m.group(1)) <= 2200 else None for u in unika]
        _per_varde(fil, rub[dims["ar"]], "ska vara ett årtal 1900-2200 (t.ex. 2025)", unika,
                   np.array([t is None for t in tolkat], dtype=bool), koder, rad, samlare, blad, block.radnummer)
        ar = np.array([0 if t is None else t for t in tolkat], dtype="int64")[koder]

    # alder
    koder, unika = pd.factorize(pd.Series(cell(dims["alder"]), dtype=object).fillna(""))
    tolkat = [_alder(u) for u in unika]
    fel = np.array([isinstance(t, str) and t != "T" for t in tolkat], dtype=bool)
    _per_varde(fil, rub[dims["alder"]], [t if isinstance(t, str) else "" for t in tolkat], unika, fel, koder, rad,
               samlare, blad, block.radnummer)
    totalt = np.array([t == "T" for t in tolkat], dtype=bool)[koder]
    if totalt.any():
        etiketter = sorted({str(u) for u, t in zip(unika, tolkat) if t == "T"})
        antal_rader = len(np.unique(rad[totalt])) if block.radnummer else int(totalt.sum())
        anteckningar.append(f"raden {', '.join(chr(34) + e + chr(34) for e in etiketter)} togs bort "
                            f"({antal_rader} {'rader' if block.radnummer else 'värden'})")
        behall &= ~totalt
    alder = np.array([t if isinstance(t, int) else 0 for t in tolkat], dtype="int64")[koder]

    # kon
    if "kon" in dims:
        koder, unika = pd.factorize(pd.Series(cell(dims["kon"]), dtype=object).fillna(""))
        tolkat = [KON.get(normalisera(u, "_")) for u in unika]
        _per_varde(fil, rub[dims["kon"]], "ska vara män, kvinnor eller totalt (även M, K, man, kvinna)", unika,
                   np.array([t is None for t in tolkat], dtype=bool), koder, rad, samlare, blad, block.radnummer)
        kon = np.array(tolkat, dtype=object)[koder] if len(unika) else np.full(len(rad), None, dtype=object)
        kon = np.where(pd.isna(kon_kol), kon, kon_kol)
    else:
        kon = np.where(pd.isna(kon_kol), "T", kon_kol).astype(object)
    kon_tot = (kon == "T")
    if np.isin(kon[behall], ["K", "M"]).any() and (kon_tot & behall).any():
        bort = kon_tot & behall
        antal_rader = len(np.unique(rad[bort])) if block.radnummer else int(bort.sum())
        anteckningar.append(f'kön "totalt" togs bort ({antal_rader} {"rader" if block.radnummer else "värden"})')
        behall &= ~kon_tot
    kon = np.where(kon_tot, None, kon).astype(object)
    if (kon[behall] != None).any():  # noqa: E711 - elementwise
        anteckningar.append("summerat över kön")

    # omrade
    if "omrade" in dims:
        koder, unika = pd.factorize(pd.Series(cell(dims["omrade"]), dtype=object).fillna(""))
        scb = normalisera(rub[dims["omrade"]], "_") in ("region", "kommun")
        omr_kol = rub[dims["omrade"]]
    else:
        koder, unika = np.zeros(len(rad), dtype="int64"), pd.Index([blad])
        scb, omr_kol = False, "bladnamn"
    karta = {normalisera(o): o for o in (omraden or [])}
    tolkat, fel_text = [], []
    for u in unika:
        text = str(u).strip()
        m = re.fullmatch(r"(\d{4})\s+(.+)", text)
        namn = m.group(2).strip() if m else text
        traff = karta.get(normalisera(namn))
        strikt = (scb or m is not None) and omraden is not None
        if not namn:
            fel_text.append("saknar värde; skriv områdets namn som i kommun.yaml")
        elif traff is None and strikt:
            fel_text.append(f"matchar inget område (omrade) i kommun.yaml ({', '.join(omraden)}); skriv ett av "
                            "dem (kommunkoden före namnet får stå kvar) eller ta bort raderna")
        else:
            fel_text.append("")
        tolkat.append(traff or namn)
    _per_varde(fil, omr_kol, fel_text, unika, np.array([bool(t) for t in fel_text], dtype=bool), koder, rad,
               samlare, blad, block.radnummer)
    omrade = np.array(tolkat, dtype=object)[koder]

    # antal (only cells of kept rows)
    koder, unika = pd.factorize(pd.Series(antal, dtype=object).fillna(""))
    rensad = pd.Series(unika, dtype=object).astype(str).str.replace(r"[\s\u00a0]", "", regex=True)
    tal = pd.to_numeric(rensad.str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype="float64")
    saknas_u = rensad.isin(SAKNAS).to_numpy()
    for mask_u, forvantat in ((saknas_u, 'saknar värde (".." eller tom cell); skriv antalet personer '
                                         "(0 om ingen finns)"),
                              (~saknas_u & ~np.isfinite(tal), "ska vara ett tal (antal personer)"),
                              (np.isfinite(tal) & (tal < 0), "ska vara minst 0 (inte negativt)")):
        traff = mask_u[koder] & behall if len(unika) else np.zeros(len(rad), dtype=bool)
        if not traff.any():
            continue
        for kol in pd.unique(antal_kol[traff]):
            pos = np.flatnonzero(traff & (antal_kol == kol))
            if block.radnummer:
                samlare.rader(fil, kol, forvantat, rad[pos], [unika[koder[p]] for p in pos[:MAX_PER_FEL]] +
                              [None] * max(0, len(pos) - MAX_PER_FEL), blad)
            else:
                samlare.lagg(Problem(fil, kol, f"{forvantat} ({len(pos)} värden)", varde=unika[koder[pos[0]]]))
    if len(samlare.problem) > fore:
        return None
    ut = pd.DataFrame({"omrade": pd.Series(omrade, dtype="str").to_numpy(), "ar": ar, "alder": alder,
                       "antal": tal[koder] if len(unika) else np.zeros(0), "kon": kon}, index=rad)
    ut["omrade"] = ut["omrade"].astype("str")
    return ut[behall]
