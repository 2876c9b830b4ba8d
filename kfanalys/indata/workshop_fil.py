"""A workshop workbook as a file: where it lies, reading it safely, and the other files in its folder.

:func:`las_arbetsbok` reads the sheets of the layout (:mod:`kfanalys.indata.workshop_layout`)
into memory with openpyxl in read-only mode, within limits (characters per cell, rows per
sheet, unpacked sizes), and turns any failure into one Swedish
:class:`~kfanalys.grund.fel.Indatafel`. :func:`okanda_filer` names the files in
``underlag/<cykel>/`` that belong to no nämnd.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.indata.konfig import Konfig
from kfanalys.indata.workshop_layout import LASKOLUMNER, LASRADER, MAX_BLAD_BYTE, MAX_DEL_BYTE, MAX_RADER, MAX_TECKEN

#: Files in underlag/<cykel>/ that are never named as unmatched (Office lock files, OS files).
_IGNORERADE_FILER = {"thumbs.db", "desktop.ini", ".ds_store"}
#: Spreadsheet formats other than .xlsx: a file in one of them is told to be saved again as .xlsx.
_KALKYLFORMAT = (".xls", ".xlsm", ".xlsb", ".xltx", ".xltm", ".ods", ".csv", ".numbers")


#: The names of an XML parse error, by parser (xml.etree, lxml): both are "ogiltig XML" to the user.
_XMLFEL = frozenset({"ParseError", "XMLSyntaxError"})

def underlag_sokvag(datamapp: str | Path, cykel: int, kortnamn: str) -> Path:
    """Where a filled workbook is read from: ``<datamapp>/underlag/<cykel>/<kortnamn>.xlsx``.

    >>> underlag_sokvag("data/raw/exempelkommun", 2025, "forskola").as_posix()
    'data/raw/exempelkommun/underlag/2025/forskola.xlsx'
    """
    return Path(datamapp) / "underlag" / str(cykel) / f"{kortnamn}.xlsx"


@dataclass(frozen=True)
class Cell:
    """One cell as read: value, Excel coordinate (``C7``) and number format."""

    value: Any = None
    coordinate: str = ""
    number_format: str = "General"

    @property
    def column(self) -> int:
        return column_index_from_string(coordinate_from_string(self.coordinate)[0])


class Blad:
    """The cells of one sheet that the reader looks at, held in memory (read once, read-only).

    ``ws["C7"]`` and ``ws[1]`` (row 1) work as for an openpyxl sheet; a cell outside what was
    read is empty. ``max_row`` is the last row with a value.
    """

    def __init__(self, title: str, kolumner: int, celler: dict[tuple[int, int], Cell]):
        self.title = title
        self.kolumner = kolumner
        self._celler = celler
        self.max_row = max((r for r, _ in celler), default=1)

    def cell(self, rad: int, kolumn: int) -> Cell:
        return self._celler.get((rad, kolumn)) or Cell(None, f"{get_column_letter(kolumn)}{rad}")

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


def olasbar(fil: str, orsak: str) -> Indatafel:
    return Indatafel(Problem(fil, None, f"kan inte läsas som Excel-arbetsbok (.xlsx): {orsak}; öppna filen i "
                                        "Excel och spara den som Excel-arbetsbok (.xlsx), eller skriv ut ett nytt "
                                        "underlag med kfanalys underlag"), rubrik=f"Fel i {fil}")


def las_arbetsbok(sokvag: Path, fil: str) -> tuple[dict[str, "Blad | None"], list[Problem]]:
    """The sheets of a workbook (``{namn: Blad}``, a sheet the layout does not use maps to None)
    and the problems with the limits :data:`MAX_TECKEN` and :data:`MAX_RADER`.

    Any failure to read (not a zip, a damaged part, XML that does not parse, a part larger than
    :data:`MAX_DEL_BYTE` / :data:`MAX_BLAD_BYTE` unpacked) raises one Swedish
    :class:`~kfanalys.grund.fel.Indatafel` naming the file; nothing else escapes.
    """
    if sokvag.is_dir():
        raise olasbar(fil, "det är en mapp, inte en fil")
    try:
        with zipfile.ZipFile(sokvag) as z:
            delar = z.infolist()
    except zipfile.BadZipFile:
        raise olasbar(fil, "filen är inte en .xlsx-fil (kanske en äldre Excel-fil, .xls, som bara har bytt "
                            "namn, eller en lösenordsskyddad arbetsbok: ta bort lösenordet)") from None
    except (OSError, ValueError, RuntimeError) as e:  # unreadable, encrypted, truncated ...
        raise olasbar(fil, f"filen går inte att öppna ({type(e).__name__})") from None
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
        namn = type(e).__name__  # the XML parser's error is ParseError or (with lxml installed) XMLSyntaxError
        raise olasbar(fil, f"arbetsboken är skadad ({'ogiltig XML' if namn in _XMLFEL else namn})") from None
    problem: list[Problem] = []
    ut: dict[str, Blad | None] = {}
    try:
        for ws in wb.worksheets:
            titel = ws.title.strip()
            if titel not in LASKOLUMNER or titel in ut:
                ut.setdefault(titel, None)
                continue
            try:
                ut[titel] = _las_blad(ws, titel, fil, problem)
            except Exception as e:  # noqa: BLE001 - a sheet whose XML does not parse
                raise olasbar(fil, f"bladet {titel} är skadat ({type(e).__name__})") from None
    finally:
        wb.close()
    return ut, problem


def _las_blad(ws, titel: str, fil: str, problem: list[Problem]) -> Blad:
    """Rows 1 to :data:`MAX_RADER` + 1 (or the fixed layout's rows) of the layout's columns, into memory."""
    kolumner = LASKOLUMNER[titel]
    fast = titel in LASRADER
    rader = LASRADER.get(titel, MAX_RADER + 1)
    celler: dict[tuple[int, int], Cell] = {}
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
            celler[(r, k)] = Cell(v, koord, getattr(c, "number_format", None) or "General")
    return Blad(titel, kolumner, celler)


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
