"""Reading and validating the managers' filled workshop workbooks.

:func:`las_underlag` reads and validates one filled workbook (all or nothing: every
problem is collected into one :class:`kfanalys.grund.fel.Indatafel` naming workbook, sheet, cell
and value), :func:`las_workshop` reads all nämnder of a cycle into one :class:`Workshop`
and records failing workbooks (also unreadable ones) in ``Workshop.fel`` instead of using
them, and files that belong to no nämnd in ``Workshop.anmarkningar``. Reading has limits
(:data:`~kfanalys.indata.workshop_layout.MAX_TECKEN` characters per cell,
:data:`~kfanalys.indata.workshop_layout.MAX_RADER` rows per sheet, unpacked sizes;
:mod:`kfanalys.indata.workshop_fil`). The layout is :mod:`kfanalys.indata.workshop_layout`; the
workbooks are written by :mod:`kfanalys.underlag.arbetsbok`.

Words in drop-down cells are matched case-insensitively, ignoring surrounding blanks and
Swedish letters (``"Mer"``, ``" LAG "`` are fine; ``"Mer!"`` is not).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
from openpyxl.utils import get_column_letter

from kfanalys.grund import schema
from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.grund.namn import normalisera as _norm
from kfanalys.grund.talformat import fmt_pe, fmt_tal
from kfanalys.indata.konfig import Konfig, Namnd
from kfanalys.indata.workshop_fil import Blad, las_arbetsbok, okanda_filer, olasbar, underlag_sokvag
from kfanalys.indata.workshop_layout import (BLAD, BLAD_ANALYS, BLAD_BEDOMNING, BLAD_INSTRUKTIONER, BLAD_KVALITATIVT,
                                             BLAD_PLAN, BLAD_RISK, CELL_CYKEL, CELL_KORTNAMN, FAKTOR_RUBRIK_RAD,
                                             FAKTORER, FRAGA_FORSTA_RAD, FRAGOR, JA_NEJ, KOLUMNER, KVAL_NIVAKOLUMNER,
                                             PLAN_RUBRIKER, RISK_RUBRIKER)
from kfanalys.indata.workshop_layout import text as _text
from kfanalys.indata.workshop_layout import tomt as _tomt

# --- the result of reading -------------------------------------------------------------------

def _tom(namn: str) -> pd.DataFrame:
    df = pd.DataFrame({k: pd.Series(dtype="object") for k in KOLUMNER[namn]})
    if namn == "bedomningar":
        df["horisont"] = df["horisont"].astype("int64")
    if namn == "kvalitativt":
        df["procentenheter"] = df["procentenheter"].astype("float64")
    if namn == "plan":
        df["maldatum"] = df["maldatum"].astype("datetime64[ns]")
        df["cykel"] = df["cykel"].astype("int64")
    return df


@dataclass
class Workshop:
    """The managers' judgements for one cycle, all nämnder stacked (``namnd`` = the nämnd's namn).

    - ``bedomningar``: namnd, yrkeskategori, horisont (years, int), bedomning (schema.BEDOMNINGAR)
    - ``kvalitativt``: namnd, yrkeskategori, niva (schema.KOMPETENSNIVAER), procentenheter
      (percentage points over 2 years; the four levels of a yrkeskategori sum to 0)
    - ``riskbedomning``: namnd, yrkeskategori, konsekvens, sannolikhet
    - ``plan``: namnd, omrade (schema.UBARA), behov, aktivitet, maldatum (datetime64, NaT if
      empty), ansvarig, status (schema.STATUSAR), cykel (the workbook's cycle)
    - ``analys``: namnd, fraga (:data:`FRAGOR`), svar ("" if unanswered), faktorer (the factors
      ticked "ja", joined with "; ", the same on every row of the nämnd)
    - ``fel``: kortnamn -> Swedish message, for workbooks that failed validation (not used)
    - ``lasta``: kortnamn of the workbooks that were read and are used
    - ``anmarkningar``: Swedish notes on files in ``underlag/<cykel>/`` that belong to no nämnd
    """

    bedomningar: pd.DataFrame = field(default_factory=lambda: _tom("bedomningar"))
    kvalitativt: pd.DataFrame = field(default_factory=lambda: _tom("kvalitativt"))
    riskbedomning: pd.DataFrame = field(default_factory=lambda: _tom("riskbedomning"))
    plan: pd.DataFrame = field(default_factory=lambda: _tom("plan"))
    analys: pd.DataFrame = field(default_factory=lambda: _tom("analys"))
    fel: dict[str, str] = field(default_factory=dict)
    lasta: list[str] = field(default_factory=list)
    anmarkningar: list[str] = field(default_factory=list)

    @staticmethod
    def sla_ihop(delar: Iterable["Workshop"]) -> "Workshop":
        """Stack several workshops (e.g. one per nämnd) into one."""
        delar = list(delar)
        ut = Workshop()
        for namn in KOLUMNER:
            ramar = [getattr(d, namn) for d in delar if len(getattr(d, namn))]
            if ramar:
                setattr(ut, namn, pd.concat(ramar, ignore_index=True))
        for d in delar:
            ut.fel.update(d.fel)
            ut.lasta.extend(d.lasta)
            ut.anmarkningar.extend(d.anmarkningar)
        return ut


# --- reading ---------------------------------------------------------------------------------

class _Insamlare:
    """Collects every problem of one workbook (reading goes on so the user sees them all)."""

    def __init__(self, fil: str):
        self.fil = fil
        self.problem: list[Problem] = []

    def fel(self, blad: str | None, cell: str | None, forvantat: str, varde: Any = None) -> None:
        self.problem.append(Problem(self.fil, None, forvantat, varde=varde, blad=blad, cell=cell))


def _ord(ins: _Insamlare, blad: str, cell: str, varde: Any, ordlista: tuple[str, ...], namn: str) -> str | None:
    """A drop-down word, matched case-insensitively; None if empty; records a problem if not in the list."""
    if _tomt(varde):
        return None
    karta = {_norm(v): v for v in ordlista}
    traff = karta.get(_norm(varde))
    if traff is None:
        ins.fel(blad, cell, f"är inte en giltig {namn}; välj en av: {', '.join(ordlista)}", varde)
    return traff


def _rubrikkontroll(ins: _Insamlare, ws, blad: str, forvantade: dict[str, str]) -> bool:
    ok = True
    for cell, text in forvantade.items():
        if _norm(_text(ws[cell].value)) != _norm(text):
            ins.fel(blad, cell, f'ska innehålla rubriken "{text}"; ändra inte rubrikraden', ws[cell].value)
            ok = False
    return ok


def _yrke(ins: _Insamlare, blad: str, r: int, varde: Any, analyserade: set[str] | None,
          sedda: set[str]) -> str | None:
    yrke = _text(varde)
    if not yrke:
        ins.fel(blad, f"A{r}", "yrkeskategori saknas på en ifylld rad")
        return None
    if analyserade is not None and yrke not in analyserade:
        giltiga = ", ".join(sorted(analyserade)) or "(inga)"
        ins.fel(blad, f"A{r}", f"analyseras inte av nämnden; giltiga yrkeskategorier: {giltiga}", yrke)
        return None
    if yrke in sedda:
        ins.fel(blad, f"A{r}", "förekommer flera gånger på bladet", yrke)
        return None
    sedda.add(yrke)
    return yrke


def _procentenheter(ins: _Insamlare, blad: str, cell, varde: Any) -> float | None:
    if _tomt(varde):
        return None
    if isinstance(varde, bool):
        ins.fel(blad, cell.coordinate, "ska vara ett tal i procentenheter (t.ex. -10 eller 10)", varde)
        return None
    if isinstance(varde, (int, float)):
        tal = float(varde)
        return tal * 100 if "%" in (cell.number_format or "") else tal
    text = str(varde).strip().replace("−", "-").replace(",", ".").replace(" ", "")
    text = re.sub(r"(%|pe|procentenheter)$", "", text, flags=re.IGNORECASE)
    try:
        return float(text)
    except ValueError:
        ins.fel(blad, cell.coordinate, "ska vara ett tal i procentenheter (t.ex. -10 eller 10)", varde)
        return None


def _datum(ins: _Insamlare, blad: str, cell: str, varde: Any) -> pd.Timestamp:
    if _tomt(varde):
        return pd.NaT
    if isinstance(varde, (dt.datetime, dt.date)):
        return pd.Timestamp(varde).normalize()
    if isinstance(varde, str):
        try:
            return pd.Timestamp(dt.datetime.strptime(varde.strip(), "%Y-%m-%d"))
        except ValueError:
            pass
    ins.fel(blad, cell, "är inte ett datum; skriv måldatum som ett datum, t.ex. 2026-06-30", varde)
    return pd.NaT


def _rader(ws: "Blad", forsta: int = 2):
    """(row number, tuple of values A..) for the non-empty rows from ``forsta``."""
    for r in range(forsta, ws.max_row + 1):
        rad = ws.rad(r)
        if any(not _tomt(v) for v in rad):
            yield r, rad


def las_underlag(sokvag: str | Path, konfig: Konfig, namnd: Namnd | str, cykel: int,
                 analyserade: set[str] | None) -> Workshop:
    """Read and validate one filled workbook; all or nothing.

    Raises :class:`kfanalys.grund.fel.Indatafel` listing every problem (workbook, sheet, cell, value)
    if anything is wrong: a missing or renamed sheet, a changed header, a workbook for another
    nämnd or cycle, a word outside a drop-down list, qualitative shifts not summing to 0, a
    måldatum that is not a date, a yrkeskategori not in ``analyserade`` (``None``: not checked),
    a cell longer than :data:`~kfanalys.indata.workshop_layout.MAX_TECKEN` characters, anything below row :data:`~kfanalys.indata.workshop_layout.MAX_RADER` of a
    sheet; and a file that cannot be read at all (not a zip, damaged XML, a part too large
    unpacked). Only the layout's rows and columns are read, with openpyxl in read-only mode.
    Empty judgement cells are not an error: that yrkeskategori is simply not judged.
    """
    sokvag = Path(sokvag)
    if isinstance(namnd, str):
        namnd = konfig.namnd(namnd)
    fil = sokvag.name
    ins = _Insamlare(fil)
    if not sokvag.exists():
        raise Indatafel(Problem(fil, None, f"saknas: filen {sokvag} finns inte"), rubrik=f"Fel i {fil}")
    blad, granser = las_arbetsbok(sokvag, fil)
    saknas = [b for b in BLAD if blad.get(b) is None]
    for b in saknas:
        ins.fel(b, None, f"bladet saknas eller har bytt namn; bladen i filen är: {', '.join(blad)}")
    if saknas:
        raise Indatafel(ins.problem, rubrik=f"Fel i {fil}")
    ins.problem.extend(granser)

    # the fixed cells: right nämnd and cycle
    ws = blad[BLAD_INSTRUKTIONER]
    kort = _text(ws[CELL_KORTNAMN].value)
    if kort != namnd.kortnamn:
        ins.fel(BLAD_INSTRUKTIONER, CELL_KORTNAMN,
                f"är fel nämnd: underlaget ska gälla {namnd.namn} (kortnamn {namnd.kortnamn})", kort or None)
    cykel_i_fil = ws[CELL_CYKEL].value
    try:
        ratt_cykel = float(str(cykel_i_fil).strip()) == int(cykel)
    except ValueError:
        ratt_cykel = False
    if not ratt_cykel:
        ins.fel(BLAD_INSTRUKTIONER, CELL_CYKEL, f"är fel cykel: underlaget ska gälla cykel {cykel}", cykel_i_fil)
    if ins.problem:  # another nämnd's or cycle's workbook: its contents are not checked further
        raise Indatafel(ins.problem, rubrik=f"Fel i {fil}")

    ut = Workshop()
    ut.bedomningar = _las_bedomning(ins, blad[BLAD_BEDOMNING], namnd, analyserade)
    ut.kvalitativt = _las_kvalitativt(ins, blad[BLAD_KVALITATIVT], namnd, analyserade)
    ut.riskbedomning = _las_risk(ins, blad[BLAD_RISK], namnd, analyserade)
    ut.plan = _las_plan(ins, blad[BLAD_PLAN], namnd, cykel)
    ut.analys = _las_analys(ins, blad[BLAD_ANALYS], namnd)
    if ins.problem:
        raise Indatafel(ins.problem, rubrik=f"Fel i {fil}")
    ut.lasta = [namnd.kortnamn]
    return ut


def _las_bedomning(ins, ws, namnd: Namnd, analyserade) -> pd.DataFrame:
    b = BLAD_BEDOMNING
    if not _rubrikkontroll(ins, ws, b, {"A1": "Yrkeskategori"}):
        return _tom("bedomningar")
    kolumner: dict[int, int] = {}  # column index (0-based) -> horizon
    for c in ws[1]:
        m = re.fullmatch(r"bedomning (\d+) ar", _norm(_text(c.value)))
        if m:
            kolumner[c.column - 1] = int(m.group(1))
    if not kolumner:
        ins.fel(b, "1:1", 'saknar kolumnerna "Bedömning 2 år" och "Bedömning 5 år"; ändra inte rubrikraden')
        return _tom("bedomningar")
    rader, sedda = [], set()
    for r, rad in _rader(ws):
        if all(_tomt(rad[k]) if k < len(rad) else True for k in kolumner):
            continue  # a yrkeskategori not judged
        yrke = _yrke(ins, b, r, rad[0], analyserade, sedda)
        for k, h in kolumner.items():
            varde = rad[k] if k < len(rad) else None
            ord_ = _ord(ins, b, f"{get_column_letter(k + 1)}{r}", varde, schema.BEDOMNINGAR, "bedömning")
            if yrke and ord_:
                rader.append((namnd.namn, yrke, h, ord_))
    df = pd.DataFrame(rader, columns=KOLUMNER["bedomningar"])
    df["horisont"] = df["horisont"].astype("int64")
    return df


def _las_kvalitativt(ins, ws, namnd: Namnd, analyserade) -> pd.DataFrame:
    b = BLAD_KVALITATIVT
    rubriker = {"A1": "Yrkeskategori", **{f"{k}1": n for k, n in zip(KVAL_NIVAKOLUMNER, schema.KOMPETENSNIVAER)}}
    if not _rubrikkontroll(ins, ws, b, rubriker):
        return _tom("kvalitativt")
    rader, sedda = [], set()
    for r in range(2, ws.max_row + 1):
        celler = [ws[f"{k}{r}"] for k in KVAL_NIVAKOLUMNER]
        if all(_tomt(c.value) for c in celler):
            continue
        yrke = _yrke(ins, b, r, ws[f"A{r}"].value, analyserade, sedda)
        tal = [_procentenheter(ins, b, c, c.value) for c in celler]
        if any(t is None and not _tomt(c.value) for t, c in zip(tal, celler)):
            continue
        tal = [0.0 if t is None else t for t in tal]
        summa = sum(tal)
        if abs(summa) > 1e-6:
            d = 0 if all(float(t).is_integer() for t in tal) else 2
            ins.fel(b, f"B{r}:E{r}", f"summerar till {fmt_pe(summa, d)} procentenheter; förskjutningen mellan "
                                     f"nivåerna ska summera till 0", "; ".join(fmt_tal(t, d) for t in tal))
            continue
        if yrke:
            rader.extend((namnd.namn, yrke, niva, t) for niva, t in zip(schema.KOMPETENSNIVAER, tal))
    df = pd.DataFrame(rader, columns=KOLUMNER["kvalitativt"])
    df["procentenheter"] = df["procentenheter"].astype("float64")
    return df


def _las_risk(ins, ws, namnd: Namnd, analyserade) -> pd.DataFrame:
    b = BLAD_RISK
    if not _rubrikkontroll(ins, ws, b, {"A1": RISK_RUBRIKER[0], "B1": RISK_RUBRIKER[1], "C1": RISK_RUBRIKER[2]}):
        return _tom("riskbedomning")
    rader, sedda = [], set()
    for r, rad in _rader(ws):
        rad = (*rad, None, None, None)
        kons_v, sann_v = rad[1], rad[2]
        if _tomt(kons_v) and _tomt(sann_v):
            continue
        yrke = _yrke(ins, b, r, rad[0], analyserade, sedda)
        kons = _ord(ins, b, f"B{r}", kons_v, schema.KONSEKVENSER, "konsekvens")
        sann = _ord(ins, b, f"C{r}", sann_v, schema.SANNOLIKHETER, "sannolikhet")
        for cell, v in ((f"B{r}", kons_v), (f"C{r}", sann_v)):
            if _tomt(v):
                ins.fel(b, cell, "är tom; fyll i både konsekvens och sannolikhet (eller ingen av dem)")
        if yrke and kons and sann:
            rader.append((namnd.namn, yrke, kons, sann))
    return pd.DataFrame(rader, columns=KOLUMNER["riskbedomning"])


def _las_plan(ins, ws, namnd: Namnd, cykel: int) -> pd.DataFrame:
    b = BLAD_PLAN
    if not _rubrikkontroll(ins, ws, b, {f"{get_column_letter(i)}1": t for i, t in enumerate(PLAN_RUBRIKER, 1)}):
        return _tom("plan")
    rader = []
    for r, rad in _rader(ws):
        rad = (*rad, *(None,) * 6)
        omrade = _ord(ins, b, f"A{r}", rad[0], schema.UBARA, "UBARA-område")
        if _tomt(rad[0]):
            ins.fel(b, f"A{r}", f"område saknas; välj en av: {', '.join(schema.UBARA)}")
        aktivitet = _text(rad[2])
        if not aktivitet:
            ins.fel(b, f"C{r}", "aktivitet saknas på en ifylld rad")
        maldatum = _datum(ins, b, f"D{r}", rad[3])
        status = _ord(ins, b, f"F{r}", rad[5], schema.STATUSAR, "status") if not _tomt(rad[5]) else "ej påbörjad"
        rader.append((namnd.namn, omrade, _text(rad[1]), aktivitet, maldatum, _text(rad[4]), status, int(cykel)))
    df = pd.DataFrame(rader, columns=KOLUMNER["plan"])
    df["maldatum"] = pd.to_datetime(df["maldatum"]).astype("datetime64[ns]")
    df["cykel"] = df["cykel"].astype("int64")
    return df


def _las_analys(ins, ws, namnd: Namnd) -> pd.DataFrame:
    b = BLAD_ANALYS
    fasta = {f"A{FRAGA_FORSTA_RAD + i}": f for i, f in enumerate(FRAGOR)}
    fasta.update({f"A{FAKTOR_RUBRIK_RAD + 1 + i}": f for i, f in enumerate(FAKTORER)})
    if not _rubrikkontroll(ins, ws, b, fasta):
        return _tom("analys")
    valda = []
    for i, faktor in enumerate(FAKTORER):
        cell = f"B{FAKTOR_RUBRIK_RAD + 1 + i}"
        if _ord(ins, b, cell, ws[cell].value, JA_NEJ, "markering (ja eller nej)") == "ja":
            valda.append(faktor)
    faktorer = "; ".join(valda)
    rader = [(namnd.namn, f, _text(ws[f"B{FRAGA_FORSTA_RAD + i}"].value), faktorer) for i, f in enumerate(FRAGOR)]
    return pd.DataFrame(rader, columns=KOLUMNER["analys"])


def las_workshop(datamapp: str | Path, cykel: int, konfig: Konfig, urval_df: pd.DataFrame | None) -> Workshop:
    """Read every nämnd's workbook of a cycle from ``<datamapp>/underlag/<cykel>/<kortnamn>.xlsx``.

    ``urval_df`` (urval.csv: namnd, yrkeskategori, ...) gives each nämnd's analysed
    yrkeskategorier (``None``: not checked). A missing workbook is not an error (the nämnd has
    no judgements); a workbook that fails validation or cannot be read at all (not a zip,
    damaged XML, too large) is left out completely and its Swedish message is in
    ``Workshop.fel[kortnamn]``; the other nämnder are read as usual. A file is used only if its
    name is exactly ``<kortnamn>.xlsx`` (also on a file system that ignores case); every other
    file in the folder is named in ``Workshop.anmarkningar`` (:func:`~kfanalys.indata.workshop_fil.okanda_filer`).
    """
    mapp = Path(datamapp) / "underlag" / str(cykel)
    try:
        filnamn = {p.name for p in mapp.iterdir()} if mapp.is_dir() else set()
    except OSError:
        filnamn = set()
    delar = []
    for n in konfig.namnder:
        sokvag = underlag_sokvag(datamapp, cykel, n.kortnamn)
        if sokvag.name not in filnamn:
            continue
        analyserade = None
        if urval_df is not None:
            analyserade = set(urval_df.loc[(urval_df["namnd"] == n.namn)
                                           & (urval_df["yrkeskategori"] != schema.TOTALT), "yrkeskategori"])
        try:
            delar.append(las_underlag(sokvag, konfig, n, cykel, analyserade))
        except Indatafel as e:
            delar.append(Workshop(fel={n.kortnamn: str(e)}))
        except Exception as e:  # noqa: BLE001 - one unreadable workbook must not stop the other nämnder
            delar.append(Workshop(fel={n.kortnamn: str(olasbar(sokvag.name, f"oväntat fel ({type(e).__name__})"))}))
    ut = Workshop.sla_ihop(delar)
    ut.anmarkningar.extend(okanda_filer(mapp, cykel, konfig))
    return ut
