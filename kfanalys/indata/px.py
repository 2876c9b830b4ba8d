"""A small reader of PX files (PC-Axis, the format of SCB's Statistikdatabasen).

A PX file is keywords ``KEYWORD("subkey")=value;`` followed by ``DATA=`` and the numbers.
Only what a table needs is read: ``CODEPAGE`` (the encoding: ISO-8859-1 unless it says
UTF-8; a file that is not valid in its stated encoding is read as cp1252), ``STUB`` and
``HEADING`` (the variables), ``VALUES("variable")`` (their values) and ``DATA``.
Keywords in another language (``VALUES[en]("region")``) are ignored. The cells of
``DATA`` are in row-major order of STUB + HEADING: the first STUB variable varies slowest,
the last HEADING variable fastest; they are separated by whitespace (or commas), and
``.``, ``..``, ``...``, ``....``, ``-`` mean "no value" (kept as the text, for the caller to
report). :func:`las_px` returns a long text table (one column per variable plus the cell
text), or raises a Swedish :class:`~kfanalys.grund.fel.Indatafel`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.indata.tabell import MAX_PER_FEL, Samlare

#: Cell texts that mean "no value" (SCB: ``..`` not available, ``.`` not applicable).
SAKNAS = frozenset({"..", ".", "...", "....", "-", "–", ""})

_NYCKEL = re.compile(r'^\s*([A-Za-z0-9_-]+)\s*(\[[^\]]*\])?\s*(\(\s*"((?:[^"]|"")*)"\s*\))?\s*=\s*', re.S)
_STRANG = re.compile(r'"([^"]*)"|([^",\s][^,\s]*)|(,)')


@dataclass
class Px:
    """A PX table: ``data`` has one text column per variable (in STUB + HEADING order) and
    ``varde`` (the DATA cell as text); ``variabler`` the variable names; ``kodning`` the
    encoding used."""

    data: pd.DataFrame
    variabler: list[str]
    kodning: str
    titel: str | None = None


def ar_px(huvud: bytes) -> bool:
    """True if the start of a file looks like a PX file (keywords, a STUB or HEADING)."""
    text = huvud[:65536].decode("latin-1", errors="replace")
    return bool(re.search(r"^\s*(CHARSET|AXIS-VERSION|CODEPAGE|MATRIX|LANGUAGE)\s*=", text[:2000], re.M)
                or (re.search(r"^\s*(STUB|HEADING)\s*=", text, re.M) and "VALUES(" in text))


def _avkoda(data: bytes) -> tuple[str, str]:
    m = re.search(rb'CODEPAGE\s*=\s*"([^"]*)"', data[:65536])
    sagt = m.group(1).decode("ascii", errors="replace").strip().lower() if m else ""
    if data.startswith(b"\xef\xbb\xbf"):
        data, sagt = data[3:], "utf-8"
    forsok = ["utf-8", "cp1252"] if "utf" in sagt else ["iso-8859-1" if not sagt or "8859" in sagt
                                                         or "latin" in sagt or "ansi" in sagt else sagt, "cp1252"]
    for kodning in forsok:
        try:
            text = data.decode(kodning)
        except (UnicodeDecodeError, LookupError):
            continue
        if kodning == "iso-8859-1" and re.search("[\x80-\x9f]", text):
            kodning, text = "cp1252", data.decode("cp1252", errors="replace")
        return text, ("ISO-8859-1" if kodning == "iso-8859-1" else kodning.upper().replace("CP", "Windows-"))
    return data.decode("cp1252", errors="replace"), "Windows-1252"


def _satser(text: str) -> tuple[list[str], str | None]:
    """Keyword statements (split at ``;`` outside quotes) and the text after ``DATA=``."""
    m = re.search(r"(?:^|;)[ \t\r\n]*DATA[ \t]*=", text, re.M)
    huvud = text if m is None else text[:m.start()]
    data = None if m is None else text[m.end():].split(";", 1)[0]
    satser, start, citat = [], 0, False
    for i, c in enumerate(huvud):
        if c == '"':
            citat = not citat
        elif c == ";" and not citat:
            satser.append(huvud[start:i])
            start = i + 1
    satser.append(huvud[start:])
    return satser, data


def _varden(text: str) -> list[str]:
    """The quoted (or bare) values of a keyword, ``"a","b"``; adjacent strings are joined."""
    ut: list[str] = []
    ny = True
    for m in _STRANG.finditer(text):
        if m.group(3):
            ny = True
            continue
        v = m.group(1) if m.group(1) is not None else m.group(2)
        if ny or not ut:
            ut.append(v)
        else:
            ut[-1] += v
        ny = False
    return ut


def las_px(sokvag: Path) -> Px:
    """Read a PX file into a long text table; raises :class:`Indatafel` (Swedish) if it cannot."""
    fil = Path(sokvag).name
    text, kodning = _avkoda(Path(sokvag).read_bytes())
    satser, data_text = _satser(text)
    nycklar: dict[str, list[str]] = {}
    varden: dict[str, list[str]] = {}
    for sats in satser:
        m = _NYCKEL.match(sats)
        if not m or m.group(2):  # not a keyword, or another language
            continue
        nyckel, under = m.group(1).upper(), m.group(4)
        innehall = _varden(sats[m.end():])
        if nyckel == "VALUES" and under is not None:
            varden[under.replace('""', '"')] = innehall
        elif under is None:
            nycklar[nyckel] = innehall
    stub, heading = nycklar.get("STUB", []), nycklar.get("HEADING", [])
    variabler = stub + heading
    if not variabler or data_text is None:
        saknas = "DATA" if data_text is None else "STUB och HEADING"
        raise Indatafel(Problem(fil, None, f"är ingen läsbar PX-fil: nyckelordet {saknas} saknas; ladda ned "
                                           "tabellen på nytt från Statistikdatabasen (PX eller CSV)"))
    for v in variabler:
        if not varden.get(v):
            raise Indatafel(Problem(fil, None, f'är ingen läsbar PX-fil: VALUES("{v}") saknas för variabeln '
                                               f"{v}; ladda ned tabellen på nytt"))
    celler = data_text.replace(",", " ").split()
    celler = [c.strip('"') for c in celler]
    storlek = int(np.prod([len(varden[v]) for v in variabler]))
    if len(celler) != storlek:
        raise Indatafel(Problem(fil, "DATA", f"har {len(celler)} värden men variablerna ({', '.join(variabler)}) "
                                             f"ger {storlek}; filen är ofullständig, ladda ned den på nytt"))
    index = pd.MultiIndex.from_product([varden[v] for v in variabler], names=range(len(variabler)))
    df = index.to_frame(index=False).astype(object)
    df.columns = variabler
    df["varde"] = np.asarray(celler, dtype=object)
    titel = nycklar.get("TITLE", [None])[0] if nycklar.get("TITLE") else None
    return Px(df, variabler, kodning, titel)


def px_tabell(sokvag: Path, samlare: Samlare) -> tuple[list[str], pd.DataFrame, str] | None:
    """A PX file as a long text table: headers (the variables, then ``antal``), cells (columns
    0..n-1, index = the value's number in DATA) and the encoding; None (problems in
    ``samlare``) when a DATA value is missing, each named by its variables' values."""
    px = las_px(sokvag)
    d = px.data
    saknas = d["varde"].str.strip().isin(SAKNAS).to_numpy()
    if saknas.any():
        pos = np.flatnonzero(saknas)
        for p in pos[:MAX_PER_FEL]:
            beskr = ", ".join(f"{v} {d.iat[p, j]}" for j, v in enumerate(px.variabler))
            samlare.lagg(Problem(sokvag.name, "DATA", f"saknar värde för {beskr} (värde nr {p + 1}); "
                                                      "ladda ned en tabell där alla värden finns",
                                 varde=d.iat[p, len(px.variabler)]))
        if len(pos) > MAX_PER_FEL:
            samlare.lagg(Problem(sokvag.name, "DATA", f"... och {len(pos) - MAX_PER_FEL} värden till saknas"))
        return None
    data = d.copy()
    data.columns = range(len(data.columns))
    data.index = np.arange(1, len(data) + 1)
    return [*px.variabler, "antal"], data, px.kodning
