"""Typing one input table: header names to schema columns, every cell to its schema type.

:func:`las_tabell` reads one file (:mod:`kfanalys.indata.filer`) and types its columns per a
:class:`kfanalys.grund.schema.Tabell` (headers and categories matched with
:func:`kfanalys.grund.namn.normalisera`, decimal comma, ja/nej, ISO dates); every problem is
collected by a :class:`Samlare` (at most :data:`MAX_PER_FEL` rows listed per column and fault).
Validation is vectorised: work is done once per distinct value.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund import schema
from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.grund.namn import normalisera
from kfanalys.indata.filer import kolumnbokstav, las_ra

MAX_PER_FEL = 50  # problem rows listed per (file, column, kind of fault)
BOOL_SANT = frozenset({"ja", "sant", "true", "1", "x", "j", "yes"})
BOOL_FALSKT = frozenset({"nej", "falskt", "false", "0", "n", "no"})


# --------------------------------------------------------------------------- collecting

class Samlare:
    """Collects problems; caps the rows listed per (file, column, fault)."""

    def __init__(self, problem: list[Problem], varningar: list[str]):
        self.problem = problem
        self.varningar = varningar

    def lagg(self, p: Problem) -> None:
        self.problem.append(p)

    def rader(self, fil: str, kolumn: str | None, forvantat: str, rader: np.ndarray,
              varden: np.ndarray | list | None, blad: str | None = None) -> None:
        """One Problem per offending row (first :data:`MAX_PER_FEL`), then one counting the rest."""
        n = len(rader)
        for i in range(min(n, MAX_PER_FEL)):
            v = None if varden is None else varden[i]
            if v is not None and not isinstance(v, str) and pd.isna(v):
                v = None
            self.problem.append(Problem(fil, kolumn, forvantat, rad=int(rader[i]), varde=v, blad=blad))
        if n > MAX_PER_FEL:
            self.problem.append(Problem(fil, kolumn, f"... och {n - MAX_PER_FEL} rader till med samma fel "
                                                     f"({forvantat})", blad=blad))


# --------------------------------------------------------------------------- typing

def _ta(varden: np.ndarray | pd.Index, koder: np.ndarray, fyll) -> np.ndarray:
    return pd.api.extensions.take(np.asarray(varden), koder, allow_fill=True, fill_value=fyll)


def _tolka_tal(text: pd.Index) -> np.ndarray:
    rensad = text.str.replace(r"[\s\u00a0]", "", regex=True).str.replace(",", ".", regex=False)
    return pd.to_numeric(pd.Series(rensad, dtype=object), errors="coerce").to_numpy(dtype="float64")


def _tolka_datum(text: pd.Index) -> np.ndarray:
    s = pd.Series(text, dtype=object)
    d = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    rest = d.isna() & (s != "")
    if rest.any():
        utan_tid = s[rest].str.replace(r"[T ]00:00(:00(\.0+)?)?$", "", regex=True)
        d[rest] = pd.to_datetime(utan_tid, format="%Y-%m-%d", errors="coerce")
    d = d.astype("datetime64[ns]")
    d[(d.dt.year < 1900) | (d.dt.year > 2100)] = pd.NaT
    return d.to_numpy()


def _manga_unika(varden: np.ndarray, prov: int = 20000) -> bool:
    """True when a column is mostly distinct (person_id), judged from its first rows."""
    bit = varden[:prov]
    return len(bit) >= 1000 and len(set(bit.tolist())) > 0.2 * len(bit)


def _typa_text_direkt(s: pd.Series, kol: schema.Kolumn, fil: str, samlare: Samlare, blad: str | None):
    """A mostly-distinct text column: trim every cell directly (factorizing would cost more)."""
    varden = np.array([v.strip() if v.__class__ is str else (None if pd.isna(v) else str(v).strip())
                       for v in s.to_numpy()], dtype=object)
    tom = np.array([v is None or v == "" for v in varden], dtype=bool)
    if tom.any():
        varden[tom] = None
        if kol.kravs:
            samlare.rader(fil, kol.namn, "saknar värde (obligatorisk kolumn)", s.index.to_numpy()[tom], None, blad)
    return pd.Series(varden, index=s.index, dtype="str")


def _typa_kolumn(s: pd.Series, kol: schema.Kolumn, fil: str, samlare: Samlare, blad: str | None):
    """Typed values of one column (object Series of cell texts); problems go to ``samlare``.

    Work is done once per distinct value (``pd.factorize``) and mapped back to the rows, so
    a column of two million rows with a few hundred distinct values costs a fraction of a second.
    """
    if kol.typ == "text" and _manga_unika(s.to_numpy()):
        return _typa_text_direkt(s, kol, fil, samlare, blad)
    koder, unika = pd.factorize(s.to_numpy(dtype=object), use_na_sentinel=True)
    unika = pd.Index(np.asarray(unika, dtype=object), dtype=object)
    text_u = unika.str.strip() if len(unika) else unika
    tom_u = np.asarray(text_u == "", dtype=bool) if len(unika) else np.zeros(0, dtype=bool)
    fel_u: list[tuple[np.ndarray, str]] = []  # (mask over uniques, expected)
    tom_rad = (koder < 0) | (_ta(tom_u, koder, True).astype(bool))

    if kol.typ == "text":
        varden_u = np.where(tom_u, None, np.asarray(text_u, dtype=object))
        ut = pd.Series(_ta(varden_u, koder, None), index=s.index, dtype="str")
    elif kol.typ == "kategori":
        karta = {normalisera(v, "_"): v for v in kol.varden}
        varden_u = np.array([karta.get(normalisera(t, "_")) for t in text_u], dtype=object)
        ogiltig = np.array([v is None for v in varden_u], dtype=bool) & ~tom_u
        fel_u.append((ogiltig, f"ska vara en av: {', '.join(kol.varden)}"))
        ut = pd.Series(_ta(varden_u, koder, None), index=s.index, dtype="str")
    elif kol.typ == "bool":
        nyckel = [str(t).lower() for t in text_u]
        sant = np.array([k in BOOL_SANT for k in nyckel], dtype=bool)
        falskt = np.array([k in BOOL_FALSKT for k in nyckel], dtype=bool) | tom_u
        fel_u.append((~(sant | falskt), "ska vara ja eller nej (även sant/falskt, true/false, 1/0, x/tom)"))
        ut = pd.Series(_ta(sant, koder, False).astype(bool), index=s.index)
        tom_rad = np.zeros(len(s), dtype=bool)  # blank = nej
    elif kol.typ in ("heltal", "tal"):
        tal = _tolka_tal(text_u) if len(text_u) else np.zeros(0)
        ejtal = ~np.isfinite(tal) & ~tom_u
        if kol.typ == "heltal":
            with np.errstate(invalid="ignore"):
                fel_u.append((ejtal | (np.isfinite(tal) & (np.mod(tal, 1) != 0)), "ska vara ett heltal"))
        else:
            fel_u.append((ejtal, "ska vara ett tal (decimalkomma eller decimalpunkt)"))
        okt = np.isfinite(tal)
        if kol.typ == "heltal":
            okt &= (np.mod(np.where(okt, tal, 0), 1) == 0) & (np.abs(np.where(okt, tal, 0)) < 2 ** 53)
        finns = np.isfinite(tal)
        if kol.min is not None and kol.max is not None:
            fel_u.append((finns & ((tal < kol.min) | (tal > kol.max)), f"ska vara {kol.min:g}-{kol.max:g}"))
        elif kol.min is not None:
            fel_u.append((finns & (tal < kol.min), f"ska vara minst {kol.min:g}" +
                          (" (inte negativt)" if kol.min == 0 else "")))
        varden = _ta(np.where(okt, tal, np.nan), koder, np.nan).astype("float64")
        if kol.typ == "heltal":
            if np.isnan(varden).any():
                ut = pd.Series(pd.array(np.where(np.isnan(varden), 0, varden).astype("int64"), dtype="Int64"),
                               index=s.index)
                ut[np.isnan(varden)] = pd.NA
            else:
                ut = pd.Series(varden.astype("int64"), index=s.index)
        else:
            ut = pd.Series(varden, index=s.index)
    elif kol.typ == "datum":
        d = _tolka_datum(text_u) if len(text_u) else np.zeros(0, dtype="datetime64[ns]")
        fel_u.append((np.isnat(d) & ~tom_u, "ska vara ett datum ÅÅÅÅ-MM-DD mellan år 1900 och 2100 "
                                           "(t.ex. 2025-11-01)"))
        ut = pd.Series(_ta(d, koder, np.datetime64("NaT", "ns")), index=s.index).astype("datetime64[ns]")
    else:  # pragma: no cover - schema error
        raise AssertionError(kol.typ)

    for mask_u, forvantat in fel_u:
        if not mask_u.any():
            continue
        rad_mask = _ta(mask_u, koder, False).astype(bool)
        pos = np.flatnonzero(rad_mask)
        visas = pos[:MAX_PER_FEL]
        ovriga = np.empty(len(pos), dtype=object)
        ovriga[:len(visas)] = [text_u[koder[p]] for p in visas]
        samlare.rader(fil, kol.namn, forvantat, s.index.to_numpy()[pos], ovriga, blad)
    if kol.kravs and tom_rad.any():
        pos = np.flatnonzero(tom_rad)
        samlare.rader(fil, kol.namn, "saknar värde (obligatorisk kolumn)", s.index.to_numpy()[pos], None, blad)
    return ut


_TOM = {"datum": "datetime64[ns]", "text": "str", "kategori": "str", "heltal": "Int64", "tal": "float64",
        "bool": "boolean"}


def las_tabell_samlat(sokvag: Path, tabell: schema.Tabell, samlare: Samlare) -> pd.DataFrame | None:
    """Read and type one table; problems go to ``samlare``. Index = Excel row number.

    Returns None when the file could not be read at all (the reason is in ``samlare``).
    """
    fil = sokvag.name
    try:
        ra = las_ra(sokvag)
    except Indatafel as e:
        for p in e.problem:
            samlare.lagg(p)
        return None
    blad = ra.blad
    # headers -> schema names
    kanda = {k.namn for k in tabell.kolumner}
    normer = [normalisera(r, "_") for r in ra.rubriker]
    har_fel = False
    utan_understreck = {k.replace("_", ""): k for k in kanda}
    platser: dict[str, list[int]] = {}
    for i, n in enumerate(normer):
        if n:
            # "Anställnings-form" / "PersonID" still find anstallningsform / person_id
            n = n if n in kanda else utan_understreck.get(n.replace("_", ""), n)
            platser.setdefault(n, []).append(i)
    for n, pos in platser.items():
        if n in kanda and len(pos) > 1:
            samlare.lagg(Problem(fil, n, "förekommer flera gånger i rubrikraden (kolumn "
                                 + " och ".join(kolumnbokstav(p) for p in pos) + ")", rad=1, blad=blad))
            har_fel = True
    okanda = [ra.rubriker[pos[0]] for n, pos in platser.items() if n not in kanda]
    okanda_norm = {normalisera(r, "_"): r for r in okanda}
    for namn in tabell.kravda:
        if namn in platser:
            continue
        forslag = difflib.get_close_matches(namn, list(okanda_norm), n=1, cutoff=0.7)
        tips = f'; menade du "{okanda_norm[forslag[0]]}"?' if forslag else ""
        finns = ", ".join(r for r in ra.rubriker if r.strip()) or "(inga)"
        samlare.lagg(Problem(fil, namn, f"saknas (obligatorisk kolumn){tips} Kolumner i filen: {finns}",
                             rad=1, blad=blad))
        har_fel = True
    if okanda:
        samlare.varningar.append(f"{fil}: kolumnerna {', '.join(okanda)} används inte och hoppas över")

    data = ra.data
    tom = np.array(data[data.columns[0]].isna(), dtype=bool) if len(data.columns) else np.zeros(len(data), bool)
    if tom.any():  # only rows whose first cell is empty can be entirely empty
        tom[tom] = data[tom].isna().all(axis=1).to_numpy()
    if tom.any():
        data = data[~tom]
    if data.empty:
        samlare.lagg(Problem(fil, None, "har bara en rubrikrad och inga datarader", blad=blad))
        return None
    ut = {}
    for kol in tabell.kolumner:
        if kol.namn in platser:
            ut[kol.namn] = _typa_kolumn(data[platser[kol.namn][0]], kol, fil, samlare, blad)
        else:
            ut[kol.namn] = pd.Series(pd.array([None] * len(data), dtype=_TOM[kol.typ]) if kol.typ != "datum"
                                     else np.full(len(data), np.datetime64("NaT", "ns")), index=data.index)
    if har_fel:
        return None
    return pd.DataFrame(ut, index=data.index)


def las_tabell(sokvag: str | Path, tabell: schema.Tabell) -> pd.DataFrame:
    """Read one input file (``.csv`` or ``.xlsx``) and type its columns per ``tabell``.

    Returns the columns of ``tabell`` (in schema order, optional ones present as NaN/NaT)
    with a fresh RangeIndex; raises :class:`Indatafel` listing every cell problem.
    Cross-file checks (nämnder, yrkeskategorier, duplicates) belong to
    :func:`kfanalys.indata.register.las_indata`.
    """
    sokvag = Path(sokvag)
    problem: list[Problem] = []
    samlare = Samlare(problem, [])
    if not sokvag.is_file():
        raise Indatafel(Problem(sokvag.name, None, f"saknas: filen {sokvag} finns inte"))
    try:
        df = las_tabell_samlat(sokvag, tabell, samlare)
    except Exception as e:  # noqa: BLE001 - never let a parser error escape
        problem.append(ovantat(sokvag.name, e))
        df = None
    if problem or df is None:
        raise Indatafel(problem or [Problem(sokvag.name, None, "kunde inte läsas")], rubrik=f"Fel i {sokvag.name}")
    return df.reset_index(drop=True)


def ovantat(fil: str, e: Exception) -> Problem:
    return Problem(fil, None, f"kunde inte läsas som en tabell ({type(e).__name__}: {e}); kontrollera att "
                              "filen är en CSV (UTF-8) eller .xlsx med rubrikrad på rad 1")
