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

Checks across files: one row is one anställning (a person may have several at one matdatum),
but a row repeated exactly (every column equal) is an error naming its rows; every ``namnd`` and
``yrkeskategori`` of the data exists in ``kommun.yaml``; a ``person_id`` must not look like
a personnummer; the population forecast has every age 0-100 for each (omrade, ar[, kon]),
consecutive years per omrade, no duplicate (omrade, ar, alder[, kon]) and every nämnd's
``omrade``; a scenario's ``befolkningsfil`` exists and passes the same checks. Events
dated more than two years before the first or one year after the last snapshot give a
**warning** (they fall outside every analysis period, so they cannot distort a figure),
not an error. A timavlönad person with sysselsattningsgrad > 0 is accepted.

Without a ``yrkeskategori`` column, ``befattningar.csv|.xlsx`` maps befattning or AID code to
yrkeskategori (:mod:`kfanalys.indata.befattningar`). What was converted on the way (fractions
to per cent, Excel serial dates, other spellings, the mapping) is listed in
:attr:`Indata.tolkningar`, once per file, column and kind.

Each kind of cell problem is listed for at most :data:`MAX_PER_FEL` rows per column,
followed by one line counting the rest; validation is vectorised (problems are built
only for offending rows), so two million rows are read in seconds.

Reading one file is :mod:`kfanalys.indata.filer`, typing its cells :mod:`kfanalys.indata.tabell`;
this module checks the files against each other and kommun.yaml.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kfanalys.grund import schema
from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.grund.fel import intervall_text as _intervall
from kfanalys.grund.talformat import fmt_tal
from kfanalys.indata import befattningar
from kfanalys.indata.befolkningsformat import ANDELSER as BEFOLKNINGSANDELSER
from kfanalys.indata.befolkningsformat import befolkningsfiler, las_befolkningsfiler, namndernas_omraden
from kfanalys.indata.filer import hitta_fil
from kfanalys.indata.konfig import Konfig, las_konfig
from kfanalys.indata.tabell import MAX_PER_FEL, Samlare, las_tabell_samlat, ovantat

ALDRAR = range(0, 101)  # befolkningsprognos: 0..100 where 100 = 100+


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
    ``tolkningar``: Swedish notes of what was converted (``12 345 värden i bråkform (0-1)
    räknades om till procent``), once per (file, column, kind) with the number of rows.
    ``handelser_harledda``: True when the folder has no events file; ``handelser`` is then empty and
    the computation derives the events from the snapshots (:mod:`kfanalys.modell.harledning`).
    """

    mapp: Path
    konfig: Konfig
    anstallningar: pd.DataFrame
    handelser: pd.DataFrame
    befolkning: pd.DataFrame
    filhash: str
    filer: dict[str, Path] = field(default_factory=dict)
    varningar: tuple[str, ...] = ()
    tolkningar: tuple[str, ...] = ()
    handelser_harledda: bool = False

    def befolkning_fran(self, filnamn: str) -> pd.DataFrame:
        """A scenario's population forecast (``befolkningsfil`` in kommun.yaml), validated and
        summed over kon like :attr:`befolkning`: columns omrade, ar, alder, antal."""
        problem: list[Problem] = []
        bef = _las_befolkningsfil(self.mapp, filnamn, self.konfig, problem, [])
        if problem or bef is None:
            raise Indatafel(problem or [Problem(str(filnamn), None, "kunde inte läsas")])
        return bef


# --------------------------------------------------------------------------- cross-file checks

def _rader_text(rader) -> str:
    rader = [int(r) for r in rader]
    if len(rader) <= 5:
        return " och ".join(map(str, rader)) if len(rader) <= 2 else ", ".join(map(str, rader))
    return ", ".join(map(str, rader[:5])) + f" m.fl. ({len(rader)} rader)"


def _dubbletter(df: pd.DataFrame, nycklar: list[str], fil: str, samlare: Samlare, text: str,
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


def _exakta_dubbletter(df: pd.DataFrame, fil: str, samlare: Samlare) -> None:
    """A row repeated exactly (every column equal): one problem per repeated row naming all its rows.

    Two employments of one person at one matdatum differ in some column and pass. Candidates
    are found by a row hash, then confirmed exactly (vectorised).
    """
    if df.empty:
        return
    h = pd.util.hash_pandas_object(df, index=False)
    kand = h.duplicated(keep=False).to_numpy()
    if not kand.any():
        return
    d = df[kand]
    dubbel = d.duplicated(keep=False).to_numpy()
    if not dubbel.any():
        return
    rader = pd.Series(d.index[dubbel], index=h[kand][dubbel].to_numpy()).groupby(level=0, sort=False).agg(list)
    for i, r in enumerate(rader):
        if i == MAX_PER_FEL:
            samlare.lagg(Problem(fil, None, f"... och {len(rader) - MAX_PER_FEL} rader till som upprepas exakt"))
            break
        samlare.lagg(Problem(fil, None, f"samma anställning står flera gånger (alla kolumner lika): rad "
                                        f"{_rader_text(r)}; ta bort kopiorna", rad=int(r[0])))


def _visa(v) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def _mot_konfig(df: pd.DataFrame, kolumn: str, giltiga: list[str], fil: str, samlare: Samlare,
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


def _personnummer(df: pd.DataFrame, fil: str, samlare: Samlare) -> None:
    """person_id must be a pseudonym, never a personnummer/samordningsnummer."""
    matcha = re.compile(_PERSONNUMMER).match
    traff = np.array([v.__class__ is str and matcha(v) is not None for v in df["person_id"].to_numpy()], dtype=bool)
    if not traff.any():
        return
    pos = np.flatnonzero(traff)
    # the value itself is personal data: never echo it
    samlare.rader(fil, "person_id", "ser ut som ett personnummer; använd en pseudonym (t.ex. ett löpnummer)",
                  df.index.to_numpy()[pos], None)


def _kontrollera_befolkning(bef: pd.DataFrame, fil: str, konfig: Konfig | None, samlare: Samlare,
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
        namndernas_omraden(set(bef["omrade"].dropna().unique()), fil, konfig, samlare)
    return len(samlare.problem) == fore


def _summera_befolkning(bef: pd.DataFrame) -> pd.DataFrame:
    ut = bef.groupby(["omrade", "ar", "alder"], as_index=False, sort=True)["antal"].sum()
    ut["ar"] = ut["ar"].astype("int64")
    ut["alder"] = ut["alder"].astype("int64")
    ut["antal"] = ut["antal"].astype("float64")
    return ut


def _las_befolkningsfil(mapp: Path, filnamn: str | list[Path], konfig: Konfig | None, problem: list[Problem],
                        varningar: list[str], *, tolkningar: list[str] | None = None) -> pd.DataFrame | None:
    """Read, check and sum a population forecast: a scenario's file (``filnamn``) or the base
    forecast's files (a list: their areas concatenated), in any layout of
    :mod:`kfanalys.indata.befolkningsformat`; one line per file on how it was read goes to
    ``tolkningar``."""
    samlare = Samlare(problem, varningar, tolkningar)
    if isinstance(filnamn, str):
        sokvag = Path(mapp) / filnamn
        if not sokvag.suffix:
            try:
                sokvag = hitta_fil(mapp, filnamn, BEFOLKNINGSANDELSER) or sokvag.with_suffix(".csv")
            except Indatafel as e:
                problem.extend(e.problem)
                return None
        if not sokvag.is_file():
            problem.append(Problem(sokvag.name, None, f"saknas: filen {sokvag} finns inte"))
            return None
        filnamn = [sokvag]
    omraden = sorted({n.omrade for n in konfig.namnder}) if konfig is not None else None
    try:
        delar = las_befolkningsfiler(filnamn, omraden, samlare)
        if delar is None:
            return None
        flera = len(delar) > 1
        ok = [_kontrollera_befolkning(b, f, None if flera else konfig, samlare, bool(b["kon"].notna().any()))
              for f, b in delar.items()]
        if flera and konfig is not None:
            alla = set().union(*(set(b["omrade"].dropna().unique()) for b in delar.values()))
            ok.append(namndernas_omraden(alla, " och ".join(delar), konfig, samlare))
        return _summera_befolkning(pd.concat(list(delar.values()))) if all(ok) else None
    except Exception as e:  # noqa: BLE001
        problem.append(ovantat(", ".join(p.name for p in filnamn), e))
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
    tolkningar: list[str] = []
    samlare = Samlare(problem, varningar, tolkningar)
    if not mapp.is_dir():
        raise Indatafel(Problem(str(mapp), None, "saknas: datamappen finns inte (skapa Exempelkommunen med "
                                                 "`kfanalys exempel` eller ange en annan mapp)"))
    konfig: Konfig | None = None
    try:
        konfig = las_konfig(mapp / "kommun.yaml")
    except Indatafel as e:
        problem.extend(e.problem)
    except Exception as e:  # noqa: BLE001
        problem.append(ovantat("kommun.yaml", e))

    filer: dict[str, Path] = {}
    tabeller: dict[str, pd.DataFrame | None] = {}
    try:
        mappfil = hitta_fil(mapp, befattningar.FILSTAM)
    except Indatafel as e:
        problem.extend(e.problem)
        mappfil = None
    anst_schema = schema.ANSTALLNINGAR if mappfil is not None else schema.ANSTALLNINGAR.med_krav(
        "yrkeskategori", befattningar.SAKNAS_TIPS)
    for tabell in (anst_schema, schema.HANDELSER):
        try:
            sokvag = hitta_fil(mapp, tabell.namn)
        except Indatafel as e:
            problem.extend(e.problem)
            tabeller[tabell.namn] = None
            continue
        if sokvag is None and tabell is schema.HANDELSER:  # snapshots only: events derived (modell.harledning)
            tabeller[tabell.namn] = _tomma_handelser()
            samlare.tolkning(f"{tabell.namn}.csv saknas: rekryteringar, avgångar och personalomsättning härleds ur "
                             "ögonblicksbilderna i anstallningar (byten mellan två mätdatum; korta anställningar "
                             "mellan dem och avgångsorsaker syns inte)")
            continue
        if sokvag is None:
            problem.append(Problem(f"{tabell.namn}.csv", None,
                                   f"saknas: varken {tabell.namn}.csv eller {tabell.namn}.xlsx finns i {mapp}"))
            tabeller[tabell.namn] = None
            continue
        filer[tabell.namn] = sokvag
        try:
            tabeller[tabell.namn] = las_tabell_samlat(sokvag, tabell, samlare)
        except Exception as e:  # noqa: BLE001 - never let a parser error escape
            problem.append(ovantat(sokvag.name, e))
            tabeller[tabell.namn] = None
    if tabeller.get("anstallningar") is not None:
        try:
            yrken = list(konfig.yrkeskategorier) if konfig is not None else None
            if befattningar.anvand_mappning(tabeller["anstallningar"], filer["anstallningar"].name, mappfil, yrken,
                                            samlare):
                filer[befattningar.FILSTAM] = mappfil
        except Exception as e:  # noqa: BLE001
            problem.append(ovantat(mappfil.name if mappfil else "befattningar.csv", e))

    befolkning = None
    stam = schema.BEFOLKNINGSPROGNOS.namn
    try:  # every befolkningsprognos* file except the scenarios' (see befolkningsformat)
        bef_filer = befolkningsfiler(mapp, None if konfig is None else
                                     [sc.befolkningsfil for sc in konfig.scenarier.values() if sc.befolkningsfil])
    except Indatafel as e:
        problem.extend(e.problem)
        bef_filer = None
    if bef_filer == []:
        problem.append(Problem(f"{stam}.csv", None, f"saknas: ingen {stam}.csv, {stam}.xlsx eller {stam}.px "
                                                    f"(eller {stam}_<namn>) finns i {mapp}"))
    elif bef_filer:
        filer.update({stam if i == 0 else f"{stam}:{p.name}": p for i, p in enumerate(bef_filer)})
        befolkning = _las_befolkningsfil(mapp, bef_filer, konfig, problem, varningar, tolkningar=tolkningar)
    if konfig is not None:
        for sc in konfig.scenarier.values():
            if sc.befolkningsfil:
                n = len(problem)
                _las_befolkningsfil(mapp, sc.befolkningsfil, konfig, problem, varningar, tolkningar=tolkningar)
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
                  filhash=_filhash([yaml_fil, *filer.values()]), filer=filer, varningar=tuple(varningar),
                  tolkningar=tuple(tolkningar), handelser_harledda="handelser" not in filer)


def _tomma_handelser() -> pd.DataFrame:
    """A validated events table with no rows (the columns and types of a read ``handelser``)."""
    return pd.DataFrame({k.namn: pd.Series(dtype="datetime64[ns]" if k.typ == "datum" else object)
                         for k in schema.HANDELSER.kolumner})


def _korskontroller(anst, hand, filer, konfig, samlare: Samlare) -> None:
    if anst is not None:
        fil = filer["anstallningar"].name
        _exakta_dubbletter(anst, fil, samlare)
        _personnummer(anst, fil, samlare)
    if hand is not None and "handelser" in filer:
        _personnummer(hand, filer["handelser"].name, samlare)
    if konfig is not None:
        namnder = [n.namn for n in konfig.namnder]
        yrken = list(konfig.yrkeskategorier)
        for df, stam in ((anst, "anstallningar"), (hand, "handelser")):
            if df is None or stam not in filer:
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

def sammanfattning(indata: Indata) -> str:
    """A short Swedish summary: rows per file, snapshots with dates, nämnder, forecast years."""
    k = indata.konfig
    a, h, b = indata.anstallningar, indata.handelser, indata.befolkning
    namn = {stam: p.name for stam, p in indata.filer.items()}
    datum = sorted(a["matdatum"].dropna().unique())
    rader = [f"Datamapp: {indata.mapp}",
             f"Kommun: {k.kommun} ({len(k.namnder)} nämnder, {len(k.yrkeskategorier)} yrkeskategorier "
             f"och {len(k.scenarier)} scenarier i kommun.yaml)"]
    rader.append(f"{namn.get('anstallningar', 'anstallningar')}: {fmt_tal(len(a))} rader, "
                 f"{len(datum)} ögonblicksbilder ({', '.join(f'{pd.Timestamp(d):%Y-%m-%d}' for d in datum)})")
    if datum:
        senaste = a[a["matdatum"] == datum[-1]]
        per = senaste.groupby("namnd").size()
        rader.append(f"  anställningar per nämnd {pd.Timestamp(datum[-1]):%Y-%m-%d}:")
        rader += [f"    {n}: {fmt_tal(per.get(n, 0))}" for n in (x.namn for x in k.namnder)]
    typer = h["typ"].value_counts()
    spann = (f", {h['datum'].min():%Y-%m-%d} - {h['datum'].max():%Y-%m-%d}" if len(h) else "")
    if indata.handelser_harledda:
        rader.append("handelser: ingen fil; rekryteringar och avgångar härleds ur ögonblicksbilderna")
    else:
        rader.append(f"{namn.get('handelser', 'handelser')}: {fmt_tal(len(h))} rader "
                     f"({fmt_tal(typer.get('anstallning', 0))} anställningar, "
                     f"{fmt_tal(typer.get('avgang', 0))} avgångar{spann})")
    if len(b):
        n_omr = b["omrade"].nunique()
        rader.append(f"{namn.get('befolkningsprognos', 'befolkningsprognos')}: {n_omr} "
                     f"{'område' if n_omr == 1 else 'områden'} "
                     f"({', '.join(sorted(b['omrade'].unique()))}), åren {b['ar'].min()}-{b['ar'].max()}, "
                     "åldrar 0-100")
    if indata.tolkningar:
        rader.append("Tolkningar:")
        rader += [f"  - {t}" for t in indata.tolkningar]
    if indata.varningar:
        rader.append("Varningar:")
        rader += [f"  - {v}" for v in indata.varningar]
    rader.append(f"Indatahash: {indata.filhash[:12]}")
    return "\n".join(rader)
