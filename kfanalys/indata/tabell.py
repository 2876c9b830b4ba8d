"""Typing one input table: header names to schema columns, every cell to its schema type.

:func:`las_tabell` reads one file (:mod:`kfanalys.indata.filer`) and types its columns per a
:class:`kfanalys.grund.schema.Tabell` (headers and categories matched with
:func:`kfanalys.grund.namn.normalisera`, decimal comma, ja/nej, ISO dates); every problem is
collected by a :class:`Samlare` (at most :data:`MAX_PER_FEL` rows listed per column and fault;
every row of the fault kept in the problems' :class:`~kfanalys.grund.fel.Felgrupp`).
Validation is vectorised: work is done once per distinct value.

Tolerant where the meaning is certain (each conversion is noted once per file, column and kind
with the number of rows, :meth:`Samlare.tolkning`): header aliases (``AID-kod`` -> ``aid``),
other spellings of categories (``Kvinna`` -> ``K``, ``timavlönad`` -> ``timme``; see
``stavningar`` in :mod:`kfanalys.grund.schema`), a per-cent column written as fractions (every
value <= 1 and some > 0: multiplied by 100), Excel serial dates (``44866`` = 2022-11-01) and a
blank cell that is 0 by the row's other column (``noll_om``, with a warning). Loud where not:
``tvetydiga`` spellings (kön ``F``) are errors saying what to write.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund import schema
from kfanalys.grund.fel import MAX_GRUPPRADER, Felgrupp, Indatafel, Problem
from kfanalys.grund.namn import normalisera
from kfanalys.grund.talformat import fmt_tal
from kfanalys.indata.filer import kolumnbokstav, las_ra

MAX_PER_FEL = 50  # problem rows listed per (file, column, kind of fault)
BOOL_SANT = frozenset({"ja", "sant", "true", "1", "x", "j", "yes"})
BOOL_FALSKT = frozenset({"nej", "falskt", "false", "0", "n", "no"})


# --------------------------------------------------------------------------- collecting

class Samlare:
    """Collects problems, warnings and interpretations; caps the rows listed per (file, column, fault).

    ``tolkningar``: Swedish notes of what was converted (once per file, column and kind).
    ``kolumner``: per file name, the schema columns its header had.
    """

    def __init__(self, problem: list[Problem], varningar: list[str], tolkningar: list[str] | None = None):
        self.problem = problem
        self.varningar = varningar
        self.tolkningar = [] if tolkningar is None else tolkningar
        self.kolumner: dict[str, frozenset[str]] = {}

    def lagg(self, p: Problem) -> None:
        self.problem.append(p)

    def tolkning(self, text: str) -> None:
        """Note one conversion (a text already noted is not repeated)."""
        if text not in self.tolkningar:
            self.tolkningar.append(text)

    def rader(self, fil: str, kolumn: str | None, forvantat: str, rader: np.ndarray,
              varden: np.ndarray | list | None, blad: str | None = None) -> None:
        """One Problem per offending row (first :data:`MAX_PER_FEL`), then one counting the rest.

        ``varden`` holds the value of every row (or None: never shown). When there is more than
        one row, every Problem carries a :class:`Felgrupp` with all rows (up to MAX_GRUPPRADER).
        """
        n = len(rader)
        if n == 0:
            return
        rader = np.asarray(rader)
        varden = None if varden is None else np.asarray(varden, dtype=object)
        grupp = None
        if n > 1:
            k = min(n, MAX_GRUPPRADER)
            grupp = Felgrupp(fil, kolumn, forvantat, n, rader[:k].astype("int64"),
                             None if varden is None else varden[:k], blad)
        for i in range(min(n, MAX_PER_FEL)):
            v = None if varden is None else varden[i]
            if v is not None and not isinstance(v, str) and pd.isna(v):
                v = None
            self.problem.append(Problem(fil, kolumn, forvantat, rad=int(rader[i]), varde=v, blad=blad, grupp=grupp))
        if n > MAX_PER_FEL:
            self.problem.append(Problem(fil, kolumn, f"... och {n - MAX_PER_FEL} rader till med samma fel "
                                                     f"({forvantat})", blad=blad, grupp=grupp))


# --------------------------------------------------------------------------- typing

def _ta(varden: np.ndarray | pd.Index, koder: np.ndarray, fyll) -> np.ndarray:
    return pd.api.extensions.take(np.asarray(varden), koder, allow_fill=True, fill_value=fyll)


def _tolka_tal(text: pd.Index) -> np.ndarray:
    rensad = text.str.replace(r"[\s\u00a0]", "", regex=True).str.replace(",", ".", regex=False)
    return pd.to_numeric(pd.Series(rensad, dtype=object), errors="coerce").to_numpy(dtype="float64")


EXCEL_NOLLDAG = np.datetime64("1899-12-30", "ns")  # Excel's day 0 (serial 1 = 1900-01-01 after its leap bug)
EXCEL_MIN = 18264  # serial of 1950-01-01: a smaller number in a date column is more likely a year or a code
EXCEL_MAX = 73050  # serial of 2099-12-31


def _tolka_datum(text: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """ISO dates (a zero time may follow) and Excel serial numbers (18264..73050 = 1950-2099, also ``44866.0``;
    a number such as ``2025`` is not taken for a date).

    Returns the dates (NaT where not a date of 1900-2100) and a mask of the serial numbers.
    """
    s = pd.Series(text, dtype=object)
    d = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    rest = d.isna() & (s != "")
    if rest.any():
        utan_tid = s[rest].str.replace(r"[T ]00:00(:00(\.0+)?)?$", "", regex=True)
        d[rest] = pd.to_datetime(utan_tid, format="%Y-%m-%d", errors="coerce")
    d = d.astype("datetime64[ns]")
    serie = np.zeros(len(s), dtype=bool)
    rest = d.isna().to_numpy() & s.str.fullmatch(r"\d{1,5}(\.0*)?").fillna(False).to_numpy(dtype=bool)
    if rest.any():
        nr = pd.to_numeric(s[rest].str.replace(r"\.0*$", "", regex=True)).to_numpy(dtype="int64")
        ok = (nr >= EXCEL_MIN) & (nr <= EXCEL_MAX)
        pos = np.flatnonzero(rest)[ok]
        d.iloc[pos] = EXCEL_NOLLDAG + nr[ok].astype("timedelta64[D]").astype("timedelta64[ns]")
        serie[pos] = True
    d[(d.dt.year < 1900) | (d.dt.year > 2100)] = pd.NaT
    return d.to_numpy(), serie & ~np.isnat(d.to_numpy())


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


def _typa_kolumn(s: pd.Series, kol: schema.Kolumn, fil: str, samlare: Samlare, blad: str | None,
                 noll_rad: np.ndarray | None = None):
    """Typed values of one column (object Series of cell texts); problems go to ``samlare``.

    ``noll_rad``: rows where a blank cell is 0 (``kol.noll_om``) instead of a missing value.

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
        kanon = {normalisera(v, "_"): v for v in kol.varden}
        karta = {**{normalisera(t, "_"): v for t, v in kol.stavningar}, **kanon}
        nycklar = [normalisera(t, "_") for t in text_u]
        varden_u = np.array([karta.get(k) for k in nycklar], dtype=object)
        saknas = np.array([v is None for v in varden_u], dtype=bool) & ~tom_u
        tvetydig = saknas & np.array([k in kol.tvetydiga for k in nycklar], dtype=bool)
        fel_u.append((tvetydig, f"är tvetydigt; skriv {' eller '.join(kol.varden)}"))
        fel_u.append((saknas & ~tvetydig, _kategori_text(kol)))
        tolkad = np.array([v is not None and k not in kanon for k, v in zip(nycklar, varden_u)], dtype=bool)
        if tolkad.any():
            antal = int(np.bincount(koder[koder >= 0], minlength=len(unika))[tolkad].sum())
            skrivna = ", ".join(f'"{t}"' for t in list(text_u[tolkad])[:6]) + (", ..." if tolkad.sum() > 6 else "")
            till = ", ".join(v for v in kol.varden if v in set(varden_u[tolkad]))
            samlare.tolkning(f"{fil}, kolumn {kol.namn}: {fmt_tal(antal)} värden skrivna som {skrivna} "
                             f"tolkades som {till}")
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
        if kol.procent:
            tal = _procent(tal, koder, fil, kol, samlare)
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
        if noll_rad is not None:
            noll = tom_rad & noll_rad
            if noll.any():
                varden[noll] = 0.0
                tom_rad = tom_rad & ~noll
                samlare.varningar.append(f"{fil}, kolumn {kol.namn}: {fmt_tal(int(noll.sum()))} tomma värden för "
                                         f"{kol.noll_om[0]} {kol.noll_om[1]} räknades som 0")
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
        d, serie = _tolka_datum(text_u) if len(text_u) else (np.zeros(0, dtype="datetime64[ns]"), np.zeros(0, bool))
        if serie.any():
            antal = int(np.bincount(koder[koder >= 0], minlength=len(unika))[serie].sum())
            i = int(np.flatnonzero(serie)[0])
            samlare.tolkning(f"{fil}, kolumn {kol.namn}: {fmt_tal(antal)} Excel-datumnummer räknades om till datum "
                             f"(t.ex. {text_u[i]} = {pd.Timestamp(d[i]):%Y-%m-%d})")
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
        samlare.rader(fil, kol.namn, forvantat, s.index.to_numpy()[pos], np.asarray(text_u, dtype=object)[koder[pos]],
                      blad)
    if kol.kravs and tom_rad.any():
        pos = np.flatnonzero(tom_rad)
        samlare.rader(fil, kol.namn, "saknar värde (obligatorisk kolumn)", s.index.to_numpy()[pos], None, blad)
    return ut


def _kategori_text(kol: schema.Kolumn) -> str:
    """The message for an unknown category value: the values and the other accepted spellings."""
    text = f"ska vara en av: {', '.join(kol.varden)}"
    if kol.stavningar:
        text += f" (även {', '.join(dict.fromkeys(t for t, _ in kol.stavningar))})"
    return text


def _procent(tal: np.ndarray, koder: np.ndarray, fil: str, kol: schema.Kolumn, samlare: Samlare) -> np.ndarray:
    """A per-cent column written as fractions: every number <= 1 and some > 0 -> times 100 (noted).

    A column with numbers both <= 1 and > 1 stays per cent; its values strictly between 0 and 1
    give a warning. ``tal`` are the distinct values, ``koder`` map rows to them.
    """
    finns = np.isfinite(tal)
    if not finns.any():
        return tal
    antal_u = np.bincount(koder[koder >= 0], minlength=len(tal))
    if (tal[finns] <= 1).all() and (tal[finns] > 0).any():
        samlare.tolkning(f"{fil}, kolumn {kol.namn}: {fmt_tal(int(antal_u[finns].sum()))} värden i bråkform (0-1) "
                         "räknades om till procent")
        return np.round(tal * 100, 9)
    with np.errstate(invalid="ignore"):
        brak = finns & (tal > 0) & (tal < 1)
    if brak.any():
        samlare.varningar.append(
            f"{fil}, kolumn {kol.namn}: {fmt_tal(int(antal_u[brak].sum()))} värden mellan 0 och 1 (t.ex. "
            f"{tal[brak][0]:g}) läses som procent eftersom kolumnen också har värden över 1; skriv dem i procent "
            "om de är bråkdelar (0,5 = 50)")
    return tal


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
    alias = {a: k.namn for k in tabell.kolumner for a in k.alias}
    alias.update({a.replace("_", ""): k for a, k in list(alias.items())})
    platser: dict[str, list[int]] = {}
    for i, n in enumerate(normer):
        if n:
            # "Anställnings-form" / "PersonID" still find anstallningsform / person_id
            n = n if n in kanda else alias.get(n) or utan_understreck.get(n.replace("_", "")) or alias.get(
                n.replace("_", ""), n)
            platser.setdefault(n, []).append(i)
    for n, pos in platser.items():
        if n in kanda and len(pos) > 1:
            samlare.lagg(Problem(fil, n, "förekommer flera gånger i rubrikraden (kolumn "
                                 + " och ".join(kolumnbokstav(p) for p in pos) + ")", rad=1, blad=blad))
            har_fel = True
    samlare.kolumner[fil] = frozenset(n for n in platser if n in kanda)
    okanda = [ra.rubriker[pos[0]] for n, pos in platser.items() if n not in kanda]
    okanda_norm = {normalisera(r, "_"): r for r in okanda}
    for namn in tabell.kravda:
        if namn in platser:
            continue
        forslag = difflib.get_close_matches(namn, list(okanda_norm), n=1, cutoff=0.7)
        tips = f'; menade du "{okanda_norm[forslag[0]]}"?' if forslag else ""
        finns = ", ".join(r for r in ra.rubriker if r.strip()) or "(inga)"
        extra = tabell.kolumn(namn).saknas_tips
        extra = f"; {extra}" + ("" if tips else ".") if extra else ""
        samlare.lagg(Problem(fil, namn, f"saknas (obligatorisk kolumn){extra}{tips} Kolumner i filen: {finns}",
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
            noll_rad = None
            if kol.noll_om is not None and kol.noll_om[0] in ut:
                noll_rad = (ut[kol.noll_om[0]] == kol.noll_om[1]).fillna(False).to_numpy(dtype=bool)
            ut[kol.namn] = _typa_kolumn(data[platser[kol.namn][0]], kol, fil, samlare, blad, noll_rad)
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
