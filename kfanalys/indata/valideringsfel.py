"""Many problems at once: one line per kind of problem, and every row in a workbook.

A real HR export can have thousands of faulty cells. :func:`grupperade_rader` turns an
:class:`~kfanalys.grund.fel.Indatafel` into one line per (file, sheet, column, kind of problem)
with the number of rows and the first few rows and values::

    anstallningar.csv, kolumn kon: 1 234 rader (t.ex. rad 2, 5, 9: "X", "?") ska vara en av: K, M (...)

The reader lists only the first rows of a fault (:data:`kfanalys.indata.tabell.MAX_PER_FEL`)
but every such problem carries its :class:`~kfanalys.grund.fel.Felgrupp` with all rows, so
:func:`alla_rader` / :func:`skriv_valideringsfel` give the full list (at most
:data:`MAX_ARBETSBOK` rows) as ``data/processed/valideringsfel.xlsx`` (columns fil, blad, rad,
kolumn, varde, problem), written atomically and formula-safe, never under ``data/raw/``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund.excel import skydda_arbetsbok
from kfanalys.grund.fel import Indatafel, Problem, kort_text
from kfanalys.grund.sokvagar import projektrot, raw_mapp, skriv_atomiskt
from kfanalys.grund.talformat import fmt_tal

#: More problems than this are shown grouped (about a screenful).
GRANS = 40
#: Lines of the grouped list printed at most (the rest is in the workbook).
MAX_GRUPPER = 40
#: Rows of the workbook at most.
MAX_ARBETSBOK = 100_000
KOLUMNER = ("fil", "blad", "rad", "kolumn", "varde", "problem")
EXEMPEL = 3


def valideringsfel_fil(rot: Path | None = None) -> Path:
    """Where the full list goes: ``<projektrot>/data/processed/valideringsfel.xlsx``."""
    return (rot or projektrot()) / "data" / "processed" / "valideringsfel.xlsx"


def _nyckel(p: Problem):
    return ("g", id(p.grupp)) if p.grupp is not None else ("p", p.fil, p.blad, p.kolumn, p.forvantat)


def _grupper(fel: Indatafel) -> list[list[Problem]]:
    """The problems in groups of one kind, in order of first appearance."""
    grupper: dict[tuple, list[Problem]] = {}
    for p in fel.problem:
        grupper.setdefault(_nyckel(p), []).append(p)
    return list(grupper.values())


def antal_rader(fel: Indatafel) -> int:
    """The number of faulty rows/cells behind the problems (a capped fault counted in full)."""
    return sum(g[0].grupp.antal if g[0].grupp is not None else len(g) for g in _grupper(fel))


def _rad(p: Problem) -> str:
    delar = [p.fil]
    if p.blad is not None:
        delar.append(f"blad {kort_text(p.blad)}")
    if p.kolumn is not None:
        delar.append(f"kolumn {kort_text(p.kolumn)}")
    return ", ".join(delar)


def grupperade_rader(fel: Indatafel) -> list[str]:
    """One Swedish line per (file, sheet, column, kind of problem): count, first rows and values."""
    ut = []
    for g in _grupper(fel):
        forsta = g[0]
        if forsta.grupp is None and len(g) == 1:
            ut.append(str(forsta))
            continue
        if forsta.grupp is not None:
            antal, rader = forsta.grupp.antal, forsta.grupp.rader[:EXEMPEL]
            varden = [] if forsta.grupp.varden is None else list(forsta.grupp.varden[:50])
        else:
            antal = len(g)
            rader = [p.rad for p in g if p.rad is not None][:EXEMPEL]
            varden = [p.varde for p in g[:50]]
        visa = list(dict.fromkeys(kort_text(v, 40) for v in varden if v is not None and not
                                  (not isinstance(v, str) and pd.isna(v))))[:EXEMPEL]
        exempel = ""
        if len(rader):
            exempel = "rad " + ", ".join(str(int(r)) for r in rader)
        if visa:
            exempel += (": " if exempel else "") + ", ".join(f'"{v}"' for v in visa)
        exempel = f" (t.ex. {exempel})" if exempel else ""
        ut.append(f"{_rad(forsta)}: {fmt_tal(antal)} rader{exempel} {forsta.forvantat}")
    return ut


def alla_rader(fel: Indatafel, max_rader: int = MAX_ARBETSBOK) -> pd.DataFrame:
    """Every problem row (a capped fault expanded to all its rows): columns :data:`KOLUMNER`."""
    delar: list[pd.DataFrame] = []
    enskilda: list[dict] = []
    antal = 0
    sedda: set[int] = set()

    def tomma():
        if enskilda:
            delar.append(pd.DataFrame(enskilda, columns=list(KOLUMNER)))
            enskilda.clear()

    for p in fel.problem:
        if antal >= max_rader:
            break
        g = p.grupp
        if g is None:
            enskilda.append({"fil": p.fil, "blad": p.blad, "rad": p.rad, "kolumn": p.kolumn,
                             "varde": None if p.varde is None else kort_text(p.varde, 200), "problem": p.forvantat})
            antal += 1
            continue
        if id(g) in sedda:
            continue
        sedda.add(id(g))
        tomma()
        k = min(len(g.rader), max_rader - antal)
        varden = (np.full(k, None, dtype=object) if g.varden is None
                  else np.array([None if v is None else str(v) for v in g.varden[:k]], dtype=object))
        delar.append(pd.DataFrame({"fil": g.fil, "blad": g.blad, "rad": np.asarray(g.rader[:k], dtype="int64"),
                                   "kolumn": g.kolumn, "varde": varden, "problem": g.forvantat},
                                  columns=list(KOLUMNER)))
        antal += k
        if g.antal > k and antal < max_rader:
            enskilda.append({"fil": g.fil, "blad": g.blad, "rad": None, "kolumn": g.kolumn, "varde": None,
                             "problem": f"... och {g.antal - k} rader till med samma fel (listan är avkortad)"})
            antal += 1
    tomma()
    totalt = antal_rader(fel)
    if antal >= max_rader and totalt > antal:
        delar.append(pd.DataFrame([{"fil": None, "blad": None, "rad": None, "kolumn": None, "varde": None,
                                    "problem": f"listan är avkortad efter {max_rader} rader; rätta felen ovan och "
                                               "kör kfanalys validera igen"}], columns=list(KOLUMNER)))
    if not delar:
        return pd.DataFrame(columns=list(KOLUMNER))
    return pd.concat([d.astype(object) for d in delar], ignore_index=True)


def skriv_valideringsfel(fel: Indatafel, sokvag: Path | None = None, rot: Path | None = None) -> Path:
    """Write every problem row to ``sokvag`` (default :func:`valideringsfel_fil`) as a workbook.

    Atomic (a reader never sees half a file) and formula-safe (a value such as ``=HYPERLINK(...)``
    stays text). Refuses a path under ``data/raw/`` (raw data is only written by ``kfanalys exempel``).
    """
    from openpyxl import Workbook

    sokvag = Path(sokvag) if sokvag is not None else valideringsfel_fil(rot)
    raw = raw_mapp(rot).resolve()
    if sokvag.resolve() == raw or raw in sokvag.resolve().parents:
        raise ValueError(f"valideringsfel.xlsx får inte skrivas under {raw}")
    df = alla_rader(fel)
    wb = Workbook()
    ws = wb.active
    ws.title = "valideringsfel"
    ws.append(list(KOLUMNER))
    for rad in df.itertuples(index=False, name=None):
        ws.append([None if (v is None or (not isinstance(v, str) and pd.isna(v))) else
                   (int(v) if isinstance(v, (int, np.integer)) else v) for v in rad])
    ws.freeze_panes = "A2"
    for bokstav, bredd in zip("ABCDEF", (22, 14, 8, 22, 30, 90)):
        ws.column_dimensions[bokstav].width = bredd
    skydda_arbetsbok(wb)
    return skriv_atomiskt(sokvag, wb.save)
