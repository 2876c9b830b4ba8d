"""Reading a population forecast in the layouts SCB and kommuner deliver, into one long frame.

:func:`las_befolkning` reads one ``befolkningsprognos*`` file and returns the typed long
frame the rest of kfanalys uses (omrade, ar, alder, antal, kon; index = the row in the file)
plus one Swedish line saying how the file was read. The layout is detected from the content,
not from the name:

* **The standard layout** (``omrade, ar, alder, antal[, kon]`` with the header in row 1, a
  UTF-8 CSV or a workbook with one sheet): read exactly as every other input
  (:func:`kfanalys.indata.tabell.las_tabell_samlat`), same messages as before.
* **A PX file** (SCB's PC-Axis format, :mod:`kfanalys.indata.px`), whatever its extension.
* **Any other table** (an SCB Statistikdatabasen/PxWeb CSV download, the kommun's own area
  forecast in Excel): title lines before the header are skipped (the header is the first of
  the first 30 rows that has an age column and a year column or year columns); separator
  ``;``, ``,`` or tab (the one that gives that row most fields); UTF-8 with or without BOM,
  otherwise Windows-1252/ISO-8859-1 (a file that is valid UTF-8 is UTF-8); footnote lines
  after the table are skipped. Columns are recognised by their header (case and å/ä/ö
  ignored): område ``omrade``/``region``/``kommun``, ``alder``/``ålder``, ``kon``/``kön``,
  ``ar``/``år``/``årtal``; years either as a column (then the numbers are in the one column
  whose header contains ``antal``, ``folkmängd``, ``befolkning``, ``invånare``,
  ``personer``, ``värde`` or ``prognos``) or as columns (``2025``, ``"2025 Folkmängd"``,
  ``"2025 män"``: the year is the four-digit number in the header, a kön word in it sets kön);
  in that layout every other column with a header is an error. In a workbook every sheet
  with such a table is read; a sheet without an område column is the område named by the
  sheet (one sheet per område), sheets without an age column are skipped (and said so).

Values: ages ``0``, ``"0 år"``, ``"100+"``, ``"100+ år"``, ``"100 år och äldre"`` (100 = 100
and older); an age total (``"totalt ålder"``, ``"totalt"``) row is dropped. Kön
``män``/``man``/``M`` and ``kvinnor``/``kvinna``/``K``; a ``"totalt"`` kön row is dropped when
män and kvinnor are in the file, and used (as no kön) when they are not. Område values lose a
leading four-digit kommun code (``"1480 Göteborg"``) and are matched to the ``omrade`` names
of kommun.yaml ignoring case and spaces; an SCB region (a ``region`` column, or a value with a
code) that matches none is an error listing the names, the kommun's own area names (an
``omrade`` column or a sheet name) are kept as written, like the standard layout. Numbers
accept spaces and decimal comma; ``..``, ``.``, ``-`` or a blank cell is a missing value and an
error naming the cell. Every problem is one Swedish :class:`~kfanalys.grund.fel.Problem`
naming file, sheet, row, column and value and saying what to write instead.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund import schema
from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.grund.namn import normalisera
from kfanalys.indata.filer import Ra, las_xlsx_blad
from kfanalys.indata.befolkningsvarden import Block, ar_rubrikrad, standardrubriker, typa_block
from kfanalys.indata.px import ar_px, px_tabell
from kfanalys.indata.konfig import Konfig
from kfanalys.indata.tabell import Samlare, las_tabell_samlat, ovantat

#: Extensions of a population forecast file.
ANDELSER = (".csv", ".xlsx", ".px")
SOK_RUBRIK = 30  # the header must be among the first rows
_SEP_NAMN = {";": "semikolon", ",": "komma", "\t": "tabb"}


@dataclass
class Lasning:
    """One file read: ``befolkning`` (omrade str, ar int64, alder int64, antal float64, kon
    "K"/"M"/None; index = row in the file) or None after a problem; ``tolkning`` says how."""

    befolkning: pd.DataFrame | None
    tolkning: str


# --------------------------------------------------------------------------- reading files

def _avkoda(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 med BOM"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        return text, ("Windows-1252" if re.search(rb"[\x80-\x9f]", data) else "ISO-8859-1")


def _falt(rad: str, sep: str) -> list[str]:
    return next(csv.reader([rad], delimiter=sep), [])


def _csv_block(sokvag: Path, data: bytes, anteckningar: list[str]) -> tuple[Block, list[str]]:
    fil = sokvag.name
    if b"\x00" in data[:65536]:
        raise Indatafel(Problem(fil, None, "är ingen tabell (innehåller binära data eller är sparad som UTF-16); "
                                           "spara den som CSV (UTF-8) eller .xlsx"))
    text, kodning = _avkoda(data)
    rader = text.splitlines()
    huvud, sep = None, ","
    for i, rad in enumerate(rader[:SOK_RUBRIK]):
        bast = max(((len(f), s) for s in (";", ",", "\t") if ar_rubrikrad(f := _falt(rad, s))), default=None)
        if bast:
            huvud, sep = i, bast[1]
            break
    if huvud is None:
        forsta = next((r for r in rader if r.strip()), "")
        raise Indatafel(Problem(fil, None, "har ingen rubrikrad med ålder och år bland de "
                                           f"{SOK_RUBRIK} första raderna (första raden: \"{forsta[:80]}\"); "
                                           "skriv t.ex. omrade,ar,alder,antal eller region;ålder;kön;2025;2026"))
    slut = len(rader)
    while slut > huvud + 1 and len(_falt(rader[slut - 1], sep)) <= 1:
        slut -= 1
    fot = sum(1 for r in rader[slut:] if r.strip())
    if fot:
        anteckningar.append(f"{fot} rader med fotnoter efter tabellen hoppades över")
    try:
        df = pd.read_csv(io.StringIO("\n".join(rader[huvud:slut])), sep=sep, header=None, dtype=object,
                         keep_default_na=False, na_values=[""], skip_blank_lines=False, engine="c",
                         index_col=False)
    except pd.errors.ParserError as e:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(e))
        rad = int(m.group(2)) + huvud if m else None
        raise Indatafel(Problem(fil, None, f"har en rad med fler fält än rubrikraden (rad {huvud + 1}); "
                                           f"kontrollera avgränsare ({_SEP_NAMN[sep]}) och citattecken",
                                rad=rad)) from None
    rubriker = ["" if pd.isna(v) else str(v) for v in df.iloc[0].tolist()]
    kropp = df.iloc[1:]
    kropp.index = np.arange(huvud + 2, huvud + 1 + len(df))
    return Block(rubriker, kropp), [kodning, _SEP_NAMN[sep]] + ([f"rubrik på rad {huvud + 1}"] if huvud else [])


def _xlsx_block(ra: Ra) -> Block | None:
    """A sheet with its header found (title rows above it skipped), or None without one."""
    if ar_rubrikrad(ra.rubriker):
        return Block(ra.rubriker, ra.data, ra.blad)
    for i in range(min(SOK_RUBRIK - 1, len(ra.data))):
        rad = ra.data.iloc[i].tolist()
        if ar_rubrikrad(rad):
            return Block(["" if v is None else str(v) for v in rad], ra.data.iloc[i + 1:], ra.blad)
    return None


def _px_block(sokvag: Path, samlare: Samlare) -> tuple[Block | None, str]:
    tabell = px_tabell(sokvag, samlare)
    if tabell is None:
        return None, ""
    rubriker, data, kodning = tabell
    return Block(rubriker, data, radnummer=False), kodning


# --------------------------------------------------------------------------- the file

def _beskriv(df: pd.DataFrame, fil: str, format_: str, layout: list[str], anteckningar: list[str]) -> str:
    delar = [f"{format_} ({', '.join(layout)})" if layout else format_]
    if len(df):
        delar.append(f"{df['ar'].min()}-{df['ar'].max()}" if df["ar"].nunique() > 1 else str(df["ar"].min()))
        delar.append(f"{df['alder'].min()}-{df['alder'].max()}{'+' if df['alder'].max() == 100 else ''} år")
        n = df["omrade"].nunique()
        delar.append(f"{n} {'område' if n == 1 else 'områden'}")
    huvud = [a for a in anteckningar if a == "summerat över kön"]
    ovriga = [a for a in dict.fromkeys(anteckningar) if a != "summerat över kön"]
    text = f"{fil}: {', '.join(delar + huvud[:1])}"
    return text + (f"; {'; '.join(ovriga)}" if ovriga else "")


def las_befolkning(sokvag: str | Path, omraden: list[str] | None, samlare: Samlare) -> Lasning:
    """Read one population forecast file in any accepted layout (see the module docstring).

    ``omraden``: the ``omrade`` names of kommun.yaml (None when it could not be read: names
    are then kept as written). Problems go to ``samlare``; the result's ``befolkning`` is
    None after one. Unexpected exceptions are left to the caller.
    """
    sokvag = Path(sokvag)
    fil = sokvag.name
    anteckningar: list[str] = []
    layout: list[str] = []
    fore = len(samlare.problem)
    try:
        if sokvag.stat().st_size == 0:
            raise Indatafel(Problem(fil, None, "är tom (0 byte); filen ska ha en rubrikrad och minst en datarad"))
        with open(sokvag, "rb") as f:
            huvud = f.read(65536)
        if huvud.startswith(b"PK\x03\x04") or sokvag.suffix.lower() == ".xlsx":
            blad = las_xlsx_blad(sokvag)
            if len(blad) == 1 and standardrubriker(blad[0].rubriker) and ar_rubrikrad(blad[0].rubriker):
                return _standard(sokvag, samlare, "Excel")
            block = []
            for ra in blad:
                b = _xlsx_block(ra)
                if b is None:
                    anteckningar.append(f"bladet {ra.blad} hoppades över (ingen rubrikrad med ålder och år)")
                else:
                    block.append(b)
            if not block:
                raise Indatafel(Problem(fil, None, "inget blad har en rubrikrad med ålder och år (t.ex. Område | "
                                                   "Ålder | 2025 | 2026 eller omrade, ar, alder, antal)"))
            format_ = "Excel" + (f", {len(block)} blad" if len(block) > 1 else "")
        elif ar_px(huvud):
            b, kodning = _px_block(sokvag, samlare)
            if b is None:
                return Lasning(None, "")
            block, format_, layout = [b], "SCB-format PX-fil", [kodning]
        else:
            data = sokvag.read_bytes()
            forsta = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").rstrip("\r")
            antal = {s: forsta.count(s) for s in (";", ",", "\t")}
            rubriker = _falt(forsta, max(antal, key=lambda s: antal[s]))
            if standardrubriker(rubriker) and ar_rubrikrad(rubriker):
                try:
                    data.decode("utf-8")
                    return _standard(sokvag, samlare, "CSV")
                except UnicodeDecodeError:
                    pass
            b, detaljer = _csv_block(sokvag, data, anteckningar)
            block, format_, layout = [b], "CSV", detaljer
    except Indatafel as e:
        for p in e.problem:
            samlare.lagg(p)
        return Lasning(None, "")
    delar = []
    for b in block:
        d = typa_block(b, fil, omraden, samlare, anteckningar, layout)
        if d is not None:
            delar.append(d)
    if len(samlare.problem) > fore:
        return Lasning(None, "")
    if not delar or not sum(len(d) for d in delar):
        samlare.lagg(Problem(fil, None, "har bara en rubrikrad och inga datarader"))
        return Lasning(None, "")
    bef = pd.concat(delar) if len(delar) > 1 else delar[0]
    if format_ != "SCB-format PX-fil" and any(normalisera(r, "_") == "region" for b in block for r in b.rubriker):
        format_ = f"SCB-format {format_}"
    return Lasning(bef, _beskriv(bef, fil, format_, list(dict.fromkeys(layout)), anteckningar))


def _standard(sokvag: Path, samlare: Samlare, format_: str) -> Lasning:
    fore = len(samlare.problem)
    bef = las_tabell_samlat(sokvag, schema.BEFOLKNINGSPROGNOS, samlare)
    if bef is None or len(samlare.problem) > fore:
        return Lasning(None, "")
    anteckningar = ["summerat över kön"] if bef["kon"].notna().any() else []
    return Lasning(bef, _beskriv(bef, sokvag.name, f"standardformat {format_}", [], anteckningar))


# --------------------------------------------------------------------------- several files

def befolkningsfiler(mapp: str | Path, undantag: list[str] | None) -> list[Path]:
    """The base forecast's files in ``mapp``, sorted by name: every ``befolkningsprognos*.csv``,
    ``.xlsx`` or ``.px`` except the files in ``undantag`` (the scenarios' ``befolkningsfil``,
    by name, or by stem when given without extension; case-insensitive). ``undantag=None``
    (kommun.yaml unreadable, so the scenarios are unknown): only ``befolkningsprognos.*``.
    Excel lock files (``~$...``) are left out; an old ``.xls`` raises :class:`Indatafel`.
    """
    mapp = Path(mapp)
    if not mapp.is_dir():
        return []
    bort = {u.strip().lower() for u in undantag or []}
    stam = schema.BEFOLKNINGSPROGNOS.namn

    def hor_till(p: Path) -> bool:
        namn = p.name.lower()
        if not p.is_file() or namn.startswith("~$") or not namn.startswith(stam):
            return False
        if undantag is None:
            return p.stem.lower() == stam
        return namn not in bort and p.stem.lower() not in bort

    traffar = sorted((p for p in mapp.iterdir() if hor_till(p)), key=lambda p: p.name)
    gamla = [p for p in traffar if p.suffix.lower() == ".xls"]
    if gamla:
        raise Indatafel([Problem(p.name, None, "är i det gamla Excelformatet .xls som inte kan läsas; spara den "
                                               "som .xlsx eller CSV UTF-8") for p in gamla])
    return [p for p in traffar if p.suffix.lower() in ANDELSER]


def las_befolkningsfiler(sokvagar: list[Path], omraden: list[str] | None,
                         samlare: Samlare) -> dict[str, pd.DataFrame] | None:
    """Read each file (:func:`las_befolkning`), noting how in ``samlare.tolkning``.

    Returns file name -> typed long frame, or None after any problem; an område in two
    files is an error naming both.
    """
    fore = len(samlare.problem)
    delar: dict[str, pd.DataFrame] = {}
    for sokvag in sokvagar:
        try:
            lasning = las_befolkning(sokvag, omraden, samlare)
        except Exception as e:  # noqa: BLE001 - never let a parser error escape
            samlare.lagg(ovantat(sokvag.name, e))
            continue
        if lasning.befolkning is not None:
            delar[sokvag.name] = lasning.befolkning
            samlare.tolkning(lasning.tolkning)
    forsta: dict[str, str] = {}
    for fil, bef in delar.items():
        for omrade in sorted(bef["omrade"].dropna().unique()):
            if omrade in forsta:
                samlare.lagg(Problem(fil, "omrade", f"finns också i {forsta[omrade]}; varje område ska finnas i "
                                                    "bara en befolkningsfil: ta bort det ur en av filerna",
                                     varde=omrade))
            else:
                forsta[omrade] = fil
    return None if len(samlare.problem) > fore or not delar else delar


def namndernas_omraden(omraden: set[str], fil: str, konfig: Konfig, samlare: Samlare) -> bool:
    """Every nämnd's ``omrade`` (kommun.yaml) must be in the forecast; True if so."""
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
    return not saknade
