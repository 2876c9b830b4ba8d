"""Finding and reading one raw input file (``.csv`` or ``.xlsx``) as text cells.

:func:`hitta_fil` finds ``<stam>.csv`` or ``<stam>.xlsx`` in a data folder; :func:`las_ra`
reads it into a :class:`Ra` (header cells and data as str, index = Excel row number) without
typing anything: separator ``,``, ``;`` or tab chosen from the header line, UTF-8 with or
without BOM, the first sheet of a workbook, Excel cells as the text a CSV would hold. A file
that cannot be read raises one Swedish :class:`~kfanalys.grund.fel.Indatafel` saying what to
do. Typing the cells is :mod:`kfanalys.indata.tabell`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Indatafel, Problem

FILANDELSER = (".csv", ".xlsx")


# --------------------------------------------------------------------------- finding files

def hitta_fil(mapp: Path, stam: str, andelser: tuple[str, ...] = FILANDELSER) -> Path | None:
    """``mapp/stam.csv`` or ``mapp/stam.xlsx`` (extension case-insensitive), or None if neither.

    ``andelser``: the accepted extensions (the population forecast also accepts ``.px``).
    Raises Indatafel when more than one exists or only an old ``.xls`` exists.
    """
    mapp = Path(mapp)
    if not mapp.is_dir():
        return None
    traffar = sorted(p for p in mapp.iterdir() if p.is_file() and p.stem.lower() == stam.lower()
                     and p.suffix.lower() in (*andelser, ".xls"))
    giltiga = [p for p in traffar if p.suffix.lower() in andelser]
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
class Ra:
    """A file read as text: header cells and data (str columns, index = Excel row number)."""

    rubriker: list[str]
    data: pd.DataFrame
    blad: str | None = None


def kolumnbokstav(i: int) -> str:
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


def _las_csv(sokvag: Path) -> Ra:
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
    return Ra(rubriker, data)


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


def _las_xlsx(sokvag: Path) -> Ra:
    return las_xlsx_blad(sokvag, alla=False)[0]


def las_xlsx_blad(sokvag: Path, alla: bool = True) -> list[Ra]:
    """Every sheet of a workbook as a :class:`Ra` (``alla=False``: only the first sheet).

    A sheet is read like :func:`las_ra` reads the first one (header in row 1, Excel row
    numbers as index). With ``alla``, empty sheets are left out (an error only when all are).
    """
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
    ut: list[Ra] = []
    try:
        if not wb.worksheets:
            raise Indatafel(Problem(fil, None, "har inga blad"))
        for ws in (wb.worksheets if alla else wb.worksheets[:1]):
            rader = [[_cell_text(v) for v in rad] for rad in ws.iter_rows(values_only=True)]
            blad = ws.title
            # read-only sheets may report trailing empty rows/columns
            while rader and all(v is None or not str(v).strip() for v in rader[-1]):
                rader.pop()
            if not rader:
                if alla:
                    continue
                raise Indatafel(Problem(fil, None, "första bladet är tomt; rubrikraden ska stå på rad 1", blad=blad))
            bredd = max(len(r) for r in rader)
            rader = [r + [None] * (bredd - len(r)) for r in rader]
            rubriker = ["" if v is None else str(v) for v in rader[0]]
            data = pd.DataFrame(rader[1:], columns=range(bredd), dtype=object)
            data.index = np.arange(2, len(rader) + 1)
            ut.append(Ra(rubriker, data, blad))
    finally:
        wb.close()
    if not ut:
        raise Indatafel(Problem(fil, None, "alla blad är tomma; rubrikraden ska stå på rad 1"))
    return ut


def las_ra(sokvag: Path) -> Ra:
    if sokvag.suffix.lower() == ".xlsx":
        return _las_xlsx(sokvag)
    return _las_csv(sokvag)
