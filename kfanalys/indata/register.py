"""Reading and validating the inputs of a data folder into typed DataFrames.

A data folder holds ``kommun.yaml``, ``anstallningar``, ``handelser`` and
``befolkningsprognos`` (each as ``.csv`` or ``.xlsx``), see :mod:`kfanalys.grund.schema`.
:func:`las_indata` reads them all, checks every cell and the files against each other and
either returns an :class:`Indata` or raises one :class:`~kfanalys.grund.fel.Indatafel` listing
every problem found (file, Excel row, column, value and what was expected, in Swedish).
No other exception leaves :func:`las_indata`.

What is accepted (documented choices):

* **Files**: ``<namn>.csv`` or ``<namn>.xlsx`` (first sheet, header in row 1). Both at once
  is an error. ``.xls`` (old Excel) is not read.
* **CSV**: separator ``,``, ``;`` or tab, chosen from the header line (the most frequent one);
  UTF-8 with or without BOM. Anything not decodable as UTF-8 is an error that names the
  file and the first bad line and says the file must be saved as UTF-8 (``CSV UTF-8`` in
  Excel). Windows-1252/ANSI is **not** guessed, so å/ä/ö are never silently garbled.
* **Headers**: trimmed, lower case, å/ä -> a, ö -> o, é -> e, every run of other
  characters -> ``_`` (``"Födelseår"`` -> ``fodelsear``, ``"Person ID"`` -> ``person_id``);
  a header that equals a schema name once underscores are ignored also matches
  (``"PersonID"``, ``"Anställnings-form"``).
  Columns the schema does not know are ignored (a warning names them); a missing required
  column whose name is close to an existing header gets a "menade du ...?" hint.
* **Values**: text is trimmed and kept as ``str`` (``person_id`` ``"007"`` stays ``"007"``).
  Categories are matched like headers (``"Tillsvidare"``, ``"Månad"``, ``"mycket hög"``) and
  stored in the spelling of :mod:`kfanalys.grund.schema`. Numbers accept decimal comma
  (``"87,5"``) and spaces as thousands separators. Booleans: ja/nej, sant/falskt,
  true/false, 1/0, x/blank (blank = nej). Dates: ISO ``ÅÅÅÅ-MM-DD`` (a time ``00:00:00`` may
  follow) or a date cell in Excel, years 1900-2100; ``01/11/2025`` is rejected because it
  is ambiguous.
* **Rows** are numbered as in Excel: header = row 1, first data row = row 2. Completely
  empty rows are skipped.

Checks across files: one row per person and matdatum; every ``namnd`` and
``yrkeskategori`` of the data exists in ``kommun.yaml``; a ``person_id`` must not look like
a personnummer; the population forecast has every age 0-100 for each (omrade, ar[, kon]),
consecutive years per omrade, no duplicate (omrade, ar, alder[, kon]) and every nämnd's
``omrade``; a scenario's ``befolkningsfil`` exists and passes the same checks. Events
dated more than two years before the first or one year after the last snapshot give a
**warning** (they fall outside every analysis period, so they cannot distort a figure),
not an error. A timavlönad person with sysselsattningsgrad > 0 is accepted.

Each kind of cell problem is listed for at most :data:`MAX_PER_FEL` rows per column,
followed by one line counting the rest; validation is vectorised (problems are built
only for offending rows), so two million rows are read in seconds.

>>> normalisera("  Födelseår ")
'fodelsear'
>>> normalisera("Person ID")
'person_id'
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund import schema
from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.grund.fel import intervall_text as _intervall
from kfanalys.indata.konfig import Konfig, las_konfig

MAX_PER_FEL = 50  # problem rows listed per (file, column, kind of fault)
FILANDELSER = (".csv", ".xlsx")
BOOL_SANT = frozenset({"ja", "sant", "true", "1", "x", "j", "yes"})
BOOL_FALSKT = frozenset({"nej", "falskt", "false", "0", "n", "no"})
ALDRAR = range(0, 101)  # befolkningsprognos: 0..100 where 100 = 100+

_TRANS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "è": "e", "à": "a"})


def normalisera(text: object) -> str:
    """Header/category key: trimmed, lower case, Swedish letters to ASCII, other runs to ``_``.

    >>> normalisera("Mycket hög"), normalisera("Egen begäran"), normalisera("Sysselsättningsgrad (%)")
    ('mycket_hog', 'egen_begaran', 'sysselsattningsgrad')
    """
    s = str(text).strip().lower().translate(_TRANS)
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


@dataclass
class Indata:
    """The validated inputs of one data folder.

    ``anstallningar``: the columns of :data:`schema.ANSTALLNINGAR` (optional ones present as
    NaN/NaT when the file lacks them); ``matdatum``/``anstallningsdatum`` datetime64[ns];
    ``kon`` "K"/"M"; ``anstallningsform`` "tillsvidare"/"visstid"; ``loneform``
    "manad"/"timme"; ``chef`` bool; ``fodelsear`` int64; ``sysselsattningsgrad`` float64 in
    per cent (0-100); text columns str. ``handelser``: :data:`schema.HANDELSER`, ``datum``
    datetime64[ns], ``orsak`` may be NaN. ``befolkning``: omrade (str), ar (int64), alder
    (int64, 100 = 100+), antal (float64, persons, summed over kon if the file has kon).
    ``filhash``: sha256 (hex) over the input files sorted by name. ``filer``: the file
    actually read per table (stem -> path). ``varningar``: Swedish notes that are not errors.
    """

    mapp: Path
    konfig: Konfig
    anstallningar: pd.DataFrame
    handelser: pd.DataFrame
    befolkning: pd.DataFrame
    filhash: str
    filer: dict[str, Path] = field(default_factory=dict)
    varningar: tuple[str, ...] = ()

    def befolkning_fran(self, filnamn: str) -> pd.DataFrame:
        """A scenario's population forecast (``befolkningsfil`` in kommun.yaml), validated and
        summed over kon like :attr:`befolkning`: columns omrade, ar, alder, antal."""
        problem: list[Problem] = []
        bef = _las_befolkningsfil(self.mapp, filnamn, self.konfig, problem, [])
        if problem or bef is None:
            raise Indatafel(problem or [Problem(str(filnamn), None, "kunde inte läsas")])
        return bef


# --------------------------------------------------------------------------- collecting

class _Samlare:
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


# --------------------------------------------------------------------------- finding files

def hitta_fil(mapp: Path, stam: str) -> Path | None:
    """``mapp/stam.csv`` or ``mapp/stam.xlsx`` (extension case-insensitive), or None if neither.

    Raises Indatafel when both exist or only an old ``.xls`` exists.
    """
    mapp = Path(mapp)
    if not mapp.is_dir():
        return None
    traffar = sorted(p for p in mapp.iterdir() if p.is_file() and p.stem.lower() == stam.lower()
                     and p.suffix.lower() in (*FILANDELSER, ".xls"))
    giltiga = [p for p in traffar if p.suffix.lower() in FILANDELSER]
    if len(giltiga) > 1:
        raise Indatafel(Problem(giltiga[0].name, None,
                                f"finns i flera format ({', '.join(p.name for p in giltiga)}); "
                                "ta bort alla utom en"))
    if giltiga:
        return giltiga[0]
    if traffar:
        raise Indatafel(Problem(traffar[0].name, None, "är i det gamla Excelformatet .xls som inte kan läsas; "
                                                       "spara den som .xlsx eller CSV UTF-8"))
    return None


# --------------------------------------------------------------------------- raw reading

@dataclass
class _Ra:
    """A file read as text: header cells and data (str columns, index = Excel row number)."""

    rubriker: list[str]
    data: pd.DataFrame
    blad: str | None = None


def _kolumnbokstav(i: int) -> str:
    """0 -> A, 26 -> AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _forsta_dalig_rad(sokvag: Path) -> int:
    """Line number (1-based) of the first byte sequence that is not UTF-8."""
    data = sokvag.read_bytes()
    try:
        data.decode("utf-8")
        return 1
    except UnicodeDecodeError as e:
        return data.count(b"\n", 0, e.start) + 1


def _las_csv(sokvag: Path) -> _Ra:
    fil = sokvag.name
    storlek = sokvag.stat().st_size
    if storlek == 0:
        raise Indatafel(Problem(fil, None, "är tom (0 byte); filen ska ha en rubrikrad och minst en datarad"))
    with open(sokvag, "rb") as f:
        huvud = f.read(65536)
    if huvud.startswith(b"PK\x03\x04"):
        raise Indatafel(Problem(fil, None, "är en Excelfil (.xlsx) men heter .csv; byt filändelsen till .xlsx"))
    if huvud.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Indatafel(Problem(fil, None, "är sparad som UTF-16; filen ska vara sparad som UTF-8 "
                                           "(i Excel: Spara som > CSV UTF-8)"))
    if b"\x00" in huvud:
        raise Indatafel(Problem(fil, None, "är ingen tabell (innehåller binära data); spara den som "
                                           "CSV UTF-8 eller .xlsx"))
    forsta = huvud.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    antal = {sep: forsta.count(sep) for sep in (";", ",", "\t")}
    sep = max(antal, key=lambda s: antal[s]) if max(antal.values()) > 0 else ","
    try:
        df = pd.read_csv(sokvag, sep=sep, header=None, dtype=object, keep_default_na=False, na_values=[""],
                         skip_blank_lines=False, encoding="utf-8-sig", engine="c", index_col=False)
    except UnicodeDecodeError:
        rad = _forsta_dalig_rad(sokvag)
        raise Indatafel(Problem(fil, None, "kan inte läsas som UTF-8 (troligen sparad som Windows-1252/ANSI); "
                                           "filen ska vara sparad som UTF-8 (i Excel: Spara som > CSV UTF-8)",
                                rad=rad)) from None
    except pd.errors.EmptyDataError:
        raise Indatafel(Problem(fil, None, "innehåller ingen tabell (bara tomma rader)")) from None
    except pd.errors.ParserError as e:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(e))
        if m:
            raise Indatafel(Problem(fil, None, f"har {m.group(3)} fält på raden men rubrikraden har {m.group(1)}; "
                                               f"kontrollera avgränsare ({sep!r}) och citattecken",
                                    rad=int(m.group(2)))) from None
        raise Indatafel(Problem(fil, None, f"kan inte tolkas som en CSV-tabell ({e})")) from None
    if df.empty:
        raise Indatafel(Problem(fil, None, "innehåller ingen tabell (bara tomma rader)"))
    rubriker = ["" if pd.isna(v) else str(v) for v in df.iloc[0].tolist()]
    data = df.iloc[1:]
    data.index = np.arange(2, len(df) + 1)
    return _Ra(rubriker, data)


def _cell_text(v: object) -> str | None:
    """An Excel cell value as the text a CSV would hold."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        if v.time() == time(0):
            return v.strftime("%Y-%m-%d")
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return repr(v)
    return str(v)


def _las_xlsx(sokvag: Path) -> _Ra:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    fil = sokvag.name
    if sokvag.stat().st_size == 0:
        raise Indatafel(Problem(fil, None, "är tom (0 byte); filen ska ha en rubrikrad och minst en datarad"))
    try:
        wb = load_workbook(sokvag, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as e:
        with open(sokvag, "rb") as f:
            huvud = f.read(4096)
        tips = ""
        if b"\x00" not in huvud:
            try:
                huvud.decode("utf-8")
                tips = "; den verkar vara en textfil (CSV?) – byt då filändelsen till .csv"
            except UnicodeDecodeError:
                pass
        raise Indatafel(Problem(fil, None, f"är ingen giltig Excelfil (.xlsx){tips} ({type(e).__name__})")) from None
    try:
        if not wb.worksheets:
            raise Indatafel(Problem(fil, None, "har inga blad"))
        ws = wb.worksheets[0]
        rader = [[_cell_text(v) for v in rad] for rad in ws.iter_rows(values_only=True)]
        blad = ws.title
    finally:
        wb.close()
    # read-only sheets may report trailing empty rows/columns
    while rader and all(v is None or not str(v).strip() for v in rader[-1]):
        rader.pop()
    if not rader:
        raise Indatafel(Problem(fil, None, "första bladet är tomt; rubrikraden ska stå på rad 1", blad=blad))
    bredd = max(len(r) for r in rader)
    rader = [r + [None] * (bredd - len(r)) for r in rader]
    rubriker = ["" if v is None else str(v) for v in rader[0]]
    data = pd.DataFrame(rader[1:], columns=range(bredd), dtype=object)
    data.index = np.arange(2, len(rader) + 1)
    return _Ra(rubriker, data, blad)


def _las_ra(sokvag: Path) -> _Ra:
    if sokvag.suffix.lower() == ".xlsx":
        return _las_xlsx(sokvag)
    return _las_csv(sokvag)


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


def _typa_text_direkt(s: pd.Series, kol: schema.Kolumn, fil: str, samlare: _Samlare, blad: str | None):
    """A mostly-distinct text column: trim every cell directly (factorizing would cost more)."""
    varden = np.array([v.strip() if v.__class__ is str else (None if pd.isna(v) else str(v).strip())
                       for v in s.to_numpy()], dtype=object)
    tom = np.array([v is None or v == "" for v in varden], dtype=bool)
    if tom.any():
        varden[tom] = None
        if kol.kravs:
            samlare.rader(fil, kol.namn, "saknar värde (obligatorisk kolumn)", s.index.to_numpy()[tom], None, blad)
    return pd.Series(varden, index=s.index, dtype="str")


def _typa_kolumn(s: pd.Series, kol: schema.Kolumn, fil: str, samlare: _Samlare, blad: str | None):
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
        karta = {normalisera(v): v for v in kol.varden}
        varden_u = np.array([karta.get(normalisera(t)) for t in text_u], dtype=object)
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


def _las_tabell(sokvag: Path, tabell: schema.Tabell, samlare: _Samlare) -> pd.DataFrame | None:
    """Read and type one table; problems go to ``samlare``. Index = Excel row number.

    Returns None when the file could not be read at all (the reason is in ``samlare``).
    """
    fil = sokvag.name
    try:
        ra = _las_ra(sokvag)
    except Indatafel as e:
        for p in e.problem:
            samlare.lagg(p)
        return None
    blad = ra.blad
    # headers -> schema names
    kanda = {k.namn for k in tabell.kolumner}
    normer = [normalisera(r) for r in ra.rubriker]
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
                                 + " och ".join(_kolumnbokstav(p) for p in pos) + ")", rad=1, blad=blad))
            har_fel = True
    okanda = [ra.rubriker[pos[0]] for n, pos in platser.items() if n not in kanda]
    okanda_norm = {normalisera(r): r for r in okanda}
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
    Cross-file checks (nämnder, yrkeskategorier, duplicates) belong to :func:`las_indata`.
    """
    sokvag = Path(sokvag)
    problem: list[Problem] = []
    samlare = _Samlare(problem, [])
    if not sokvag.is_file():
        raise Indatafel(Problem(sokvag.name, None, f"saknas: filen {sokvag} finns inte"))
    try:
        df = _las_tabell(sokvag, tabell, samlare)
    except Exception as e:  # noqa: BLE001 - never let a parser error escape
        problem.append(_ovantat(sokvag.name, e))
        df = None
    if problem or df is None:
        raise Indatafel(problem or [Problem(sokvag.name, None, "kunde inte läsas")], rubrik=f"Fel i {sokvag.name}")
    return df.reset_index(drop=True)


def _ovantat(fil: str, e: Exception) -> Problem:
    return Problem(fil, None, f"kunde inte läsas som en tabell ({type(e).__name__}: {e}); kontrollera att "
                              "filen är en CSV (UTF-8) eller .xlsx med rubrikrad på rad 1")


# --------------------------------------------------------------------------- cross-file checks

def _rader_text(rader) -> str:
    rader = [int(r) for r in rader]
    if len(rader) <= 5:
        return " och ".join(map(str, rader)) if len(rader) <= 2 else ", ".join(map(str, rader))
    return ", ".join(map(str, rader[:5])) + f" m.fl. ({len(rader)} rader)"


def _dubbletter(df: pd.DataFrame, nycklar: list[str], fil: str, samlare: _Samlare, text: str,
                blad: str | None = None) -> None:
    """One problem per duplicated key naming all its rows (vectorised; loops only over duplicates)."""
    dubbel = df.duplicated(nycklar, keep=False).to_numpy()
    if not dubbel.any():
        return
    d = df.loc[dubbel, nycklar].copy()
    d["_rad"] = d.index
    grupper = d.groupby(nycklar, sort=False, dropna=False)["_rad"].agg(list)
    for i, (nyckel, rader) in enumerate(grupper.items()):
        if i == MAX_PER_FEL:
            samlare.lagg(Problem(fil, nycklar[-1], f"... och {len(grupper) - MAX_PER_FEL} dubbletter till", blad=blad))
            break
        nyckel = nyckel if isinstance(nyckel, tuple) else (nyckel,)
        beskr = ", ".join(f"{k} {_visa(v)}" for k, v in zip(nycklar, nyckel))
        samlare.lagg(Problem(fil, nycklar[1] if len(nycklar) > 1 else nycklar[0],
                             f"{text} ({beskr}) förekommer på flera rader: rad {_rader_text(rader)}",
                             rad=int(rader[0]), blad=blad))


def _visa(v) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def _mot_konfig(df: pd.DataFrame, kolumn: str, giltiga: list[str], fil: str, samlare: _Samlare,
                forvantat: str) -> None:
    """Every distinct value of ``kolumn`` must be among ``giltiga``; one problem per unknown value."""
    s = df[kolumn]
    okanda = ~s.isin(giltiga) & s.notna()
    if not okanda.any():
        return
    g = pd.Series(s.index[okanda.to_numpy()], index=s[okanda].to_numpy()).groupby(level=0, sort=False)
    forsta, antal = g.min(), g.size()
    for i, (varde, rad) in enumerate(forsta.items()):
        if i == MAX_PER_FEL:
            samlare.lagg(Problem(fil, kolumn, f"... och {len(forsta) - MAX_PER_FEL} okända värden till"))
            break
        nara = difflib.get_close_matches(str(varde), giltiga, n=1, cutoff=0.6)
        tips = f'; menade du "{nara[0]}"?' if nara else ""
        samlare.lagg(Problem(fil, kolumn, f"{forvantat} ({antal[varde]} rader){tips}", rad=int(rad), varde=varde))


_PERSONNUMMER = r"^(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]|[6-8]\d|9[01])[-+]?\d{4}$"


def _personnummer(df: pd.DataFrame, fil: str, samlare: _Samlare) -> None:
    """person_id must be a pseudonym, never a personnummer/samordningsnummer."""
    matcha = re.compile(_PERSONNUMMER).match
    traff = np.array([v.__class__ is str and matcha(v) is not None for v in df["person_id"].to_numpy()], dtype=bool)
    if not traff.any():
        return
    pos = np.flatnonzero(traff)
    # the value itself is personal data: never echo it
    samlare.rader(fil, "person_id", "ser ut som ett personnummer; använd en pseudonym (t.ex. ett löpnummer)",
                  df.index.to_numpy()[pos], None)


def _kontrollera_befolkning(bef: pd.DataFrame, fil: str, konfig: Konfig | None, samlare: _Samlare,
                            med_kon: bool) -> bool:
    """Completeness of a population forecast; True if no problem was found."""
    fore = len(samlare.problem)
    nycklar = ["omrade", "ar", "alder"] + (["kon"] if med_kon else [])
    _dubbletter(bef, nycklar, fil, samlare, "samma område, år och ålder" + (" och kön" if med_kon else ""))
    grupp = ["omrade", "ar"] + (["kon"] if med_kon else [])
    aldrar = bef.groupby(grupp, dropna=False, sort=True)["alder"].agg(lambda a: set(a.tolist()))
    alla = set(ALDRAR)
    for nyckel, finns in aldrar[aldrar.map(lambda a: not alla <= a)].items():
        nyckel = nyckel if isinstance(nyckel, tuple) else (nyckel,)
        saknas = sorted(alla - finns)
        beskr = ", ".join(f"{k} {_visa(v)}" for k, v in zip(grupp, nyckel))
        samlare.lagg(Problem(fil, "alder", f"åldrar saknas för {beskr}: {_intervall(saknas)} "
                                           "(varje ålder 0-100 ska finnas, 100 = 100 år och äldre)"))
    ar = bef.groupby("omrade", sort=True)["ar"].agg(lambda a: set(a.tolist()))
    for omrade, finns in ar.items():
        saknas = sorted(set(range(min(finns), max(finns) + 1)) - finns)
        if saknas:
            samlare.lagg(Problem(fil, "ar", f"år saknas för omrade {omrade}: {_intervall(saknas)} "
                                            "(åren ska följa på varandra)"))
    if konfig is not None:
        omraden = set(bef["omrade"].dropna().unique())
        saknade: dict[str, list[str]] = {}
        for n in konfig.namnder:
            if n.omrade not in omraden:
                saknade.setdefault(n.omrade, []).append(n.namn)
        for omrade, namnder in saknade.items():
            nara = difflib.get_close_matches(omrade, sorted(omraden), n=1, cutoff=0.6)
            tips = f'; menade du "{nara[0]}"?' if nara else ""
            samlare.lagg(Problem(fil, "omrade", f"saknas i prognosen men är område (omrade) för "
                                                f"{', '.join(namnder)} i kommun.yaml{tips} "
                                                f"Områden i filen: {', '.join(sorted(omraden))}",
                                 varde=omrade))
    return len(samlare.problem) == fore


def _summera_befolkning(bef: pd.DataFrame) -> pd.DataFrame:
    ut = bef.groupby(["omrade", "ar", "alder"], as_index=False, sort=True)["antal"].sum()
    ut["ar"] = ut["ar"].astype("int64")
    ut["alder"] = ut["alder"].astype("int64")
    ut["antal"] = ut["antal"].astype("float64")
    return ut


def _las_befolkningsfil(mapp: Path, filnamn: str, konfig: Konfig | None, problem: list[Problem],
                        varningar: list[str]) -> pd.DataFrame | None:
    """Read, check and sum one population forecast file (the base one or a scenario's)."""
    samlare = _Samlare(problem, varningar)
    sokvag = Path(mapp) / filnamn
    if not sokvag.suffix:
        try:
            hittad = hitta_fil(mapp, filnamn)
        except Indatafel as e:
            problem.extend(e.problem)
            return None
        sokvag = hittad or sokvag.with_suffix(".csv")
    if not sokvag.is_file():
        problem.append(Problem(sokvag.name, None, f"saknas: filen {sokvag} finns inte"))
        return None
    fore = len(problem)
    try:
        bef = _las_tabell(sokvag, schema.BEFOLKNINGSPROGNOS, samlare)
        if bef is None or len(problem) > fore:
            return None
        med_kon = bef["kon"].notna().any()
        if not _kontrollera_befolkning(bef, sokvag.name, konfig, samlare, bool(med_kon)):
            return None
        return _summera_befolkning(bef)
    except Exception as e:  # noqa: BLE001
        problem.append(_ovantat(sokvag.name, e))
        return None


# --------------------------------------------------------------------------- the folder

def _filhash(filer: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(filer, key=lambda p: p.name):
        h.update(p.name.encode("utf-8") + b"\0")
        with open(p, "rb") as f:
            for bit in iter(lambda: f.read(1 << 20), b""):
                h.update(bit)
    return h.hexdigest()


def las_indata(mapp: str | Path) -> Indata:
    """Read and validate every input of a data folder.

    Raises :class:`Indatafel` with every problem found (all files are checked before it
    is raised); no other exception escapes.
    """
    mapp = Path(mapp)
    problem: list[Problem] = []
    varningar: list[str] = []
    samlare = _Samlare(problem, varningar)
    if not mapp.is_dir():
        raise Indatafel(Problem(str(mapp), None, "saknas: datamappen finns inte (skapa Exempelkommunen med "
                                                 "`kfanalys exempel` eller ange en annan mapp)"))
    konfig: Konfig | None = None
    try:
        konfig = las_konfig(mapp / "kommun.yaml")
    except Indatafel as e:
        problem.extend(e.problem)
    except Exception as e:  # noqa: BLE001
        problem.append(_ovantat("kommun.yaml", e))

    filer: dict[str, Path] = {}
    tabeller: dict[str, pd.DataFrame | None] = {}
    for tabell in (schema.ANSTALLNINGAR, schema.HANDELSER):
        try:
            sokvag = hitta_fil(mapp, tabell.namn)
        except Indatafel as e:
            problem.extend(e.problem)
            tabeller[tabell.namn] = None
            continue
        if sokvag is None:
            problem.append(Problem(f"{tabell.namn}.csv", None,
                                   f"saknas: varken {tabell.namn}.csv eller {tabell.namn}.xlsx finns i {mapp}"))
            tabeller[tabell.namn] = None
            continue
        filer[tabell.namn] = sokvag
        try:
            tabeller[tabell.namn] = _las_tabell(sokvag, tabell, samlare)
        except Exception as e:  # noqa: BLE001 - never let a parser error escape
            problem.append(_ovantat(sokvag.name, e))
            tabeller[tabell.namn] = None

    befolkning = None
    try:
        bef_fil = hitta_fil(mapp, schema.BEFOLKNINGSPROGNOS.namn)
    except Indatafel as e:
        problem.extend(e.problem)
        bef_fil = False
    if bef_fil is None:
        problem.append(Problem("befolkningsprognos.csv", None,
                               f"saknas: varken befolkningsprognos.csv eller befolkningsprognos.xlsx finns i {mapp}"))
    elif bef_fil:
        filer[schema.BEFOLKNINGSPROGNOS.namn] = bef_fil
        befolkning = _las_befolkningsfil(mapp, bef_fil.name, konfig, problem, varningar)
    if konfig is not None:
        for sc in konfig.scenarier.values():
            if sc.befolkningsfil:
                n = len(problem)
                _las_befolkningsfil(mapp, sc.befolkningsfil, konfig, problem, varningar)
                p = mapp / sc.befolkningsfil
                if len(problem) == n and p.is_file():
                    filer[f"scenario:{sc.kortnamn}"] = p

    anst, hand = tabeller.get("anstallningar"), tabeller.get("handelser")
    try:
        _korskontroller(anst, hand, filer, konfig, samlare)
    except Exception as e:  # noqa: BLE001
        fil = filer.get("anstallningar", Path("anstallningar.csv")).name
        problem.append(Problem(fil, None, f"kunde inte kontrolleras mot övriga filer ({type(e).__name__}: {e})"))
    if problem:
        raise Indatafel(problem, rubrik=f"Fel i indata i {mapp}")
    assert konfig is not None and anst is not None and hand is not None and befolkning is not None
    yaml_fil = mapp / "kommun.yaml"
    return Indata(mapp=mapp, konfig=konfig, anstallningar=anst.reset_index(drop=True),
                  handelser=hand.reset_index(drop=True), befolkning=befolkning.reset_index(drop=True),
                  filhash=_filhash([yaml_fil, *filer.values()]), filer=filer, varningar=tuple(varningar))


def _korskontroller(anst, hand, filer, konfig, samlare: _Samlare) -> None:
    if anst is not None:
        fil = filer["anstallningar"].name
        _dubbletter(anst, ["matdatum", "person_id"], fil, samlare, "samma person vid samma mätdatum")
        _personnummer(anst, fil, samlare)
    if hand is not None:
        _personnummer(hand, filer["handelser"].name, samlare)
    if konfig is not None:
        namnder = [n.namn for n in konfig.namnder]
        yrken = list(konfig.yrkeskategorier)
        for df, stam in ((anst, "anstallningar"), (hand, "handelser")):
            if df is None:
                continue
            fil = filer[stam].name
            _mot_konfig(df, "namnd", namnder, fil, samlare,
                        "finns inte bland namnder i kommun.yaml (namnd ska vara nämndens namn där)")
            _mot_konfig(df, "yrkeskategori", yrken, fil, samlare,
                        "finns inte i kommun.yaml; lägg till den under yrkeskategorier (med drivare)")
    if anst is not None and hand is not None and len(anst) and len(hand):
        forsta, sista = anst["matdatum"].min(), anst["matdatum"].max()
        if pd.notna(forsta) and pd.notna(sista):
            fran, till = forsta - pd.DateOffset(years=2), sista + pd.DateOffset(years=1)
            utanfor = (hand["datum"] < fran) | (hand["datum"] > till)
            if utanfor.any():
                rader = hand.index[utanfor.to_numpy()]
                exempel = ", ".join(f"rad {r}: {hand.at[r, 'datum']:%Y-%m-%d}" for r in rader[:3])
                samlare.varningar.append(
                    f"{filer['handelser'].name}: {len(rader)} händelser ligger långt utanför ögonblicksbilderna "
                    f"({forsta:%Y-%m-%d} - {sista:%Y-%m-%d}) och ingår inte i någon period; "
                    f"kontrollera datum ({exempel})")


# --------------------------------------------------------------------------- summary

def _tal(n: float) -> str:
    return f"{int(n):,}".replace(",", " ")


def sammanfattning(indata: Indata) -> str:
    """A short Swedish summary: rows per file, snapshots with dates, nämnder, forecast years."""
    k = indata.konfig
    a, h, b = indata.anstallningar, indata.handelser, indata.befolkning
    namn = {stam: p.name for stam, p in indata.filer.items()}
    datum = sorted(a["matdatum"].dropna().unique())
    rader = [f"Datamapp: {indata.mapp}",
             f"Kommun: {k.kommun} ({len(k.namnder)} nämnder, {len(k.yrkeskategorier)} yrkeskategorier "
             f"och {len(k.scenarier)} scenarier i kommun.yaml)"]
    rader.append(f"{namn.get('anstallningar', 'anstallningar')}: {_tal(len(a))} rader, "
                 f"{len(datum)} ögonblicksbilder ({', '.join(f'{pd.Timestamp(d):%Y-%m-%d}' for d in datum)})")
    if datum:
        senaste = a[a["matdatum"] == datum[-1]]
        per = senaste.groupby("namnd").size()
        rader.append(f"  anställningar per nämnd {pd.Timestamp(datum[-1]):%Y-%m-%d}:")
        rader += [f"    {n}: {_tal(per.get(n, 0))}" for n in (x.namn for x in k.namnder)]
    typer = h["typ"].value_counts()
    spann = (f", {h['datum'].min():%Y-%m-%d} - {h['datum'].max():%Y-%m-%d}" if len(h) else "")
    rader.append(f"{namn.get('handelser', 'handelser')}: {_tal(len(h))} rader "
                 f"({_tal(typer.get('anstallning', 0))} anställningar, {_tal(typer.get('avgang', 0))} avgångar{spann})")
    if len(b):
        rader.append(f"{namn.get('befolkningsprognos', 'befolkningsprognos')}: {b['omrade'].nunique()} områden "
                     f"({', '.join(sorted(b['omrade'].unique()))}), åren {b['ar'].min()}-{b['ar'].max()}, "
                     "åldrar 0-100")
    if indata.varningar:
        rader.append("Varningar:")
        rader += [f"  - {v}" for v in indata.varningar]
    rader.append(f"Indatahash: {indata.filhash[:12]}")
    return "\n".join(rader)
