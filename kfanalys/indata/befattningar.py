"""Filling ``yrkeskategori`` from what the HR system has: a befattning or an AID code.

Most HR systems (Heroma, Personec, HR Plus) export a befattning (``"Förskollärare 1-3"``) and
often an AID code (SKR's Arbetsidentifikation, ``"207008"``), but not the yrkeskategori of
kommun.yaml. When the register has no ``yrkeskategori`` column, a mapping file
``befattningar.csv`` or ``befattningar.xlsx`` in the data folder
(:data:`kfanalys.grund.schema.BEFATTNINGAR`) gives it:

* columns ``befattning, yrkeskategori``: a befattning is matched ignoring case, leading and
  trailing spaces and repeated inner spaces (``" förskollärare  1-3 "`` is ``"Förskollärare 1-3"``);
  the same befattning twice with different yrkeskategorier is an error naming both rows;
* columns ``aid, yrkeskategori``: ``aid`` is a code (``207008``) or an inclusive range
  (``207008-207014``, compared as numbers); overlapping codes or ranges are an error naming
  both rows. A code that is not a number is matched as text (like a befattning).

Every yrkeskategori of the mapping must exist in kommun.yaml (checked here, naming the mapping
file's row). A befattning or AID code of the register that the mapping lacks is listed ONCE with
its number of employments and the row to add. A register WITH a yrkeskategori column ignores
the mapping file (a warning says so). How many employments got their yrkeskategori from the
mapping is noted as a tolkning. Work is done once per distinct befattning/code (vectorised).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund import schema
from kfanalys.grund.fel import Problem
from kfanalys.grund.talformat import fmt_tal
from kfanalys.indata.tabell import MAX_PER_FEL, Samlare, las_tabell_samlat

FILSTAM = "befattningar"
#: Added to the message when the register lacks yrkeskategori and there is no mapping file.
SAKNAS_TIPS = ("lägg till kolumnen yrkeskategori eller en fil befattningar.csv med kolumnerna befattning, "
               "yrkeskategori (eller aid, yrkeskategori)")



def nyckel(text: pd.Series | pd.Index) -> pd.Index:
    """Matching key of befattningar/codes: lower case, trimmed, inner runs of blanks as one."""
    s = pd.Series(np.asarray(text, dtype=object), dtype=object).fillna("")
    return pd.Index(s.astype(str).str.casefold().str.strip().str.replace(r"\s+", " ", regex=True), dtype=object)


@dataclass
class Mappning:
    """A validated mapping file: ``typ`` "befattning" or "aid"; text keys and numeric intervals."""

    fil: str
    typ: str
    text: dict[str, str]  # key (see :func:`nyckel`) -> yrkeskategori
    fran: np.ndarray  # numeric intervals, sorted by start, not overlapping
    till: np.ndarray
    yrke: np.ndarray  # yrkeskategori per interval


def _rader(rader) -> str:
    rader = [int(r) for r in rader]
    return " och ".join(map(str, rader)) if len(rader) <= 2 else ", ".join(map(str, rader))


def las_mappning(sokvag: Path, yrken: list[str] | None, samlare: Samlare) -> Mappning | None:
    """Read and check ``befattningar.csv|.xlsx``; None if it has a problem (listed in ``samlare``)."""
    fil = sokvag.name
    fore = len(samlare.problem)
    df = las_tabell_samlat(sokvag, schema.BEFATTNINGAR, samlare)
    if df is None:
        return None
    i_filen = samlare.kolumner.get(fil, frozenset())
    har = [k for k in ("befattning", "aid") if k in i_filen]
    if len(har) != 1:
        varfor = "har både kolumnen befattning och kolumnen aid" if har else "saknar kolumnen befattning (eller aid)"
        samlare.lagg(Problem(fil, None, f"{varfor}; filen ska ha kolumnerna befattning, yrkeskategori eller "
                                        "aid, yrkeskategori", rad=1))
        return None
    typ = har[0]
    tom = df[typ].isna().to_numpy()
    if tom.any():
        samlare.rader(fil, typ, "saknar värde (varje rad ska ange en befattning eller aid)", df.index[tom], None)
    df = df[~tom]
    if yrken is not None:
        okanda = ~df["yrkeskategori"].isin(yrken) & df["yrkeskategori"].notna()
        forsta = df[okanda].reset_index(names="_rad").groupby("yrkeskategori", sort=False)["_rad"].agg(["min", "size"])
        for varde, (rad, antal) in forsta.iterrows():
            nara = difflib.get_close_matches(str(varde), yrken, n=1, cutoff=0.6)
            tips = f'; menade du "{nara[0]}"?' if nara else ""
            samlare.lagg(Problem(fil, "yrkeskategori", f"finns inte i kommun.yaml ({antal} rader); lägg till den under "
                                                       f"yrkeskategorier (med drivare) eller rätta stavningen{tips}",
                                 rad=int(rad), varde=varde))
    text = nyckel(df[typ])
    numerisk = np.zeros(len(df), dtype=bool)
    fran = np.zeros(len(df), dtype="int64")
    till = np.zeros(len(df), dtype="int64")
    if typ == "aid":
        delar = pd.Series(np.asarray(text, dtype=object)).str.extract(r"^(\d+)\s*(?:[-\u2013]\s*(\d+))?$")
        numerisk = delar[0].notna().to_numpy(dtype=bool, copy=True)
        fran[numerisk] = delar[0][numerisk].astype("int64").to_numpy()
        till[numerisk] = delar[1][numerisk].fillna(delar[0][numerisk]).astype("int64").to_numpy()
        bakvand = numerisk & (till < fran)
        if bakvand.any():
            samlare.rader(fil, "aid", "är ett intervall som slutar före det börjar; skriv lägsta koden först "
                                      "(t.ex. 207008-207014)", df.index[bakvand], df["aid"].to_numpy()[bakvand])
            numerisk &= ~bakvand
    # text keys: the same key twice with different yrkeskategorier
    t = pd.DataFrame({"k": np.asarray(text, dtype=object)[~numerisk], "y": df["yrkeskategori"].to_numpy()[~numerisk],
                      "rad": df.index.to_numpy()[~numerisk], "v": df[typ].to_numpy()[~numerisk]})
    motsagd = t.groupby("k")["y"].transform("nunique") > 1
    for _, g in t[motsagd.to_numpy()].groupby("k", sort=False):
        samlare.lagg(Problem(fil, typ, f"står på flera rader med olika yrkeskategori (rad {_rader(g['rad'])}: "
                                       f"{', '.join(dict.fromkeys(g['y']))}); behåll en av dem",
                             rad=int(g["rad"].iloc[0]), varde=g["v"].iloc[0]))
    # numeric intervals must not overlap
    ordning = np.argsort(fran[numerisk], kind="stable")
    f, ti = fran[numerisk][ordning], till[numerisk][ordning]
    rad_n, varde_n = df.index.to_numpy()[numerisk][ordning], df["aid"].to_numpy()[numerisk][ordning]
    yrke_n = df["yrkeskategori"].to_numpy()[numerisk][ordning]
    if len(f) > 1:
        hogsta = np.maximum.accumulate(ti)
        vem = np.maximum.accumulate(np.where(ti == hogsta, np.arange(len(ti)), 0))  # row holding the running max
        overlapp = np.flatnonzero(f[1:] <= hogsta[:-1]) + 1
        for i in overlapp[:MAX_PER_FEL]:
            j = vem[i - 1]
            a, b = sorted((int(rad_n[j]), int(rad_n[i])))
            samlare.lagg(Problem(fil, "aid", f'"{varde_n[j]}" (rad {int(rad_n[j])}) och "{varde_n[i]}" '
                                             f"(rad {int(rad_n[i])}) överlappar; en AID-kod får bara höra till "
                                             "ett intervall", rad=a))
    if len(samlare.problem) > fore:
        return None
    text_karta = dict(zip(t["k"], t["y"]))
    return Mappning(fil, typ, text_karta, f, ti, yrke_n)


def _hamta(unika: pd.Index, m: Mappning) -> np.ndarray:
    """The yrkeskategori per distinct register value (None where the mapping lacks it)."""
    nycklar = nyckel(unika)
    ut = np.array([m.text.get(k) for k in nycklar], dtype=object)
    if m.typ == "aid" and len(m.fran):
        siffror = pd.Series(np.asarray(nycklar, dtype=object)).str.fullmatch(r"\d{1,18}").to_numpy(dtype=bool)
        tal = np.zeros(len(nycklar), dtype="int64")
        tal[siffror] = pd.Series(np.asarray(nycklar, dtype=object))[siffror].astype("int64").to_numpy()
        i = np.searchsorted(m.fran, tal, side="right") - 1
        inom = siffror & (i >= 0) & (tal <= m.till[np.clip(i, 0, None)])
        ut[inom & pd.isna(ut)] = m.yrke[i[inom & pd.isna(ut)]]
    return ut


def fyll_yrkeskategori(anst: pd.DataFrame, fil: str, m: Mappning, samlare: Samlare) -> None:
    """Set ``anst["yrkeskategori"]`` from the mapping; unknown values listed once each with their count."""
    kolumn = m.typ
    if kolumn not in samlare.kolumner.get(fil, frozenset()):
        samlare.lagg(Problem(fil, kolumn, f"saknas (obligatorisk kolumn när {m.fil} har kolumnen {kolumn}); "
                                          f"lägg till kolumnen {kolumn} eller kolumnen yrkeskategori", rad=1))
        return
    koder, unika = pd.factorize(anst[kolumn].to_numpy(dtype=object), use_na_sentinel=True)
    yrke_u = _hamta(pd.Index(np.asarray(unika, dtype=object)), m)
    yrke = pd.api.extensions.take(yrke_u, koder, allow_fill=True, fill_value=None)
    anst["yrkeskategori"] = pd.Series(yrke, index=anst.index, dtype="str")
    tom = koder < 0
    if tom.any() and kolumn == "aid":
        samlare.rader(fil, "aid", f"saknar värde (behövs för att hämta yrkeskategori ur {m.fil})",
                      anst.index.to_numpy()[tom], None)
    saknas_u = np.flatnonzero(pd.isna(yrke_u))
    if len(saknas_u):
        antal = np.bincount(koder[koder >= 0], minlength=len(unika))
        forsta = np.full(len(unika), len(koder), dtype="int64")
        np.minimum.at(forsta, koder[koder >= 0], np.flatnonzero(koder >= 0))
        saknas_u = saknas_u[np.argsort(forsta[saknas_u], kind="stable")]
        for u in saknas_u[:MAX_PER_FEL]:
            varde = unika[u]
            samlare.lagg(Problem(fil, kolumn, f"finns inte i {m.fil} ({fmt_tal(int(antal[u]))} anställningar); "
                                              f'lägg till en rad "{varde},<yrkeskategori>"',
                                 rad=int(anst.index[forsta[u]]), varde=varde))
        if len(saknas_u) > MAX_PER_FEL:
            samlare.lagg(Problem(fil, kolumn, f"... och {len(saknas_u) - MAX_PER_FEL} värden till som saknas i {m.fil}"))
    hamtade = int((~pd.isna(yrke)).sum())
    samlare.tolkning(f"{fil}: yrkeskategori hämtad från {m.fil} för {fmt_tal(hamtade)} anställningar "
                     f"(via kolumnen {kolumn})")


def anvand_mappning(anst: pd.DataFrame | None, fil: str, mappfil: Path | None, yrken: list[str] | None,
                    samlare: Samlare) -> bool:
    """Apply the mapping file to the register when it lacks yrkeskategori; True if one was used.

    With a yrkeskategori column the mapping file is not used (a warning) and every employment
    must have a yrkeskategori. Without one (and without a mapping file) the reader already
    reported the missing column (:data:`SAKNAS_TIPS`).
    """
    if anst is None:
        return False
    i_filen = samlare.kolumner.get(fil, frozenset())
    if "yrkeskategori" in i_filen:
        if mappfil is not None:
            samlare.varningar.append(f"{mappfil.name} används inte eftersom {fil} har kolumnen yrkeskategori")
            tom = anst["yrkeskategori"].isna().to_numpy()
            if tom.any():
                samlare.rader(fil, "yrkeskategori", "saknar värde (obligatorisk kolumn)", anst.index.to_numpy()[tom],
                              None)
        return False
    if mappfil is None:
        return False
    m = las_mappning(mappfil, yrken, samlare)
    if m is None:
        return False
    fyll_yrkeskategori(anst, fil, m, samlare)
    return True
