"""A first ``kommun.yaml`` written from the kommun's own files (``kfanalys ny MAPP``).

:func:`skriv_konfigutkast` reads the register (``anstallningar.csv|.xlsx``), the population
forecast (``befolkningsprognos.csv|.xlsx``) and, if present, the events (``handelser``) of a
folder and writes a draft ``MAPP/kommun.yaml`` that :func:`kfanalys.indata.register.las_indata`
accepts, so ``kfanalys validera MAPP`` passes and a first report set can be built. The text
itself is made by the pure :func:`konfigutkast_text` (no files; tests use it directly). The files
are read as ``las_indata`` reads them: the register with :func:`kfanalys.indata.tabell.las_tabell_samlat`
(without a yrkeskategori column, filled from ``befattningar.csv|.xlsx`` by
:mod:`kfanalys.indata.befattningar`), the forecast in any layout of
:mod:`kfanalys.indata.befolkningsformat` (SCB CSV/PX, wide Excel, the standard long table).

What the draft holds (every guess is marked ``# gissning: kontrollera``):

* ``kommun``: the population forecast's area if it has exactly one, else the folder's name.
* ``namnder``: every nämnd of the register and the events, those at the latest snapshot first
  (largest first), with a safe ``kortnamn`` (:func:`saker_kortnamn`: ASCII lower case, unique
  without regard to case, never a reserved name), the förvaltning most of its staff have at its
  latest snapshot, ``omrade`` = the single area (or the one named like the kommun, else the
  largest), and ``analysera``: its categories with at least ``minsta_antal`` månadsavlönade
  besides the ``topp_n`` largest and the chef categories, which are always analysed.
* ``yrkeskategorier``: every category of the register and the events, with its headcount at the
  latest snapshot as a comment, ``chef: true`` when most of its rows are chefs, and a demand
  driver guessed from its name by :data:`DRIVARTABELL` (:func:`gissa_drivare`).
* ``antaganden``: the defaults of :class:`kfanalys.indata.konfig.Antaganden`, with comments.
* ``scenarier``: three standard scenarios, plus one per further population file
  ``befolkningsprognos_<namn>`` that reads cleanly and has every area of the main forecast (a
  scenario file replaces the whole forecast; an area-only file such as ``_omraden`` is skipped).

Every name from the data is written as a YAML double-quoted scalar by :func:`yaml.safe_dump`
(``"x: y # z"``, ``- foo``, ``&a`` and line breaks round-trip); comments never carry a line
break or a character YAML refuses. The draft is checked with
:func:`kfanalys.indata.konfig.konfig_fran_dict` before it is written, it is written atomically,
an existing ``kommun.yaml`` is never overwritten and nothing else is written in the folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from dataclasses import fields
from pathlib import Path

import pandas as pd
import yaml

from kfanalys.grund import schema
from kfanalys.grund.fel import Indatafel, KfanalysFel, Problem
from kfanalys.grund.namn import normalisera
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.grund.talformat import fmt_tal
from kfanalys.indata.filer import hitta_fil
from kfanalys.indata.konfig import RESERVERADE_KORTNAMN, Antaganden, Drivare, konfig_fran_dict, kortnamn
from kfanalys.indata import befattningar, befolkningsformat
from kfanalys.indata.tabell import Samlare, las_tabell, las_tabell_samlat, ovantat
from kfanalys.modell.personer import huvudanstallningar

GISSNING = "gissning: kontrollera"
MAX_KORTNAMN = 40  # characters; a kortnamn is a file name

#: Demand driver guessed from a yrkeskategori's name: the first row whose pattern is found in the
#: name (folded with :func:`kfanalys.grund.namn.normalisera`, so å/ä/ö and case do not matter) wins.
#: Order matters: "Förskollärare" is förskola, not lärare; "Skolsköterska" is skola, not vård.
DRIVARTABELL: tuple[tuple[str, Drivare, str], ...] = (
    (r"forskol|barnskotare|pedagogista", Drivare("alder", 1, 5), "förskola"),
    (r"gymnasie", Drivare("alder", 16, 18), "gymnasieskola"),
    (r"vuxenutbild", Drivare("alder", 20, 64), "vuxenutbildning"),
    (r"grundskol|fritids|larare|elev|skolskotersk|yrkesvagledare", Drivare("alder", 6, 15), "skola"),
    (r"aldre|underskot|vardbitrade|hemtjanst|sarskilt boende|sjukskotersk|bistandshandlaggare",
     Drivare("alder", 80, 100), "äldreomsorg"),
    (r"\blss\b|personlig assistent|stodassistent", Drivare("total"), "funktionsstöd"),
    (r"socialsekreterare", Drivare("total"), "socialtjänst"),
)
OVRIGA = Drivare("total")

_BRYTER_RAD = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]")
_INTE_SKRIVBART = re.compile("[^\x09\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class KommunYamlFinns(KfanalysFel):
    """The folder already has a ``kommun.yaml``: the draft is never written over it."""

    def __init__(self, mapp: Path):
        super().__init__(f"kommun.yaml finns redan i {mapp}; ta bort eller byt namn på den för att skapa "
                         "ett nytt utkast")


# --------------------------------------------------------------------------- small pure helpers

def citera(text: str) -> str:
    """``text`` as one YAML double-quoted scalar on one line (loads back as exactly ``text``).

    >>> citera('x: y # z'), citera("rad 1\\nrad 2")
    ('"x: y # z"', '"rad 1\\\\nrad 2"')
    """
    return yaml.safe_dump(str(text), default_style='"', allow_unicode=True, width=float("inf")).strip()


def kommentar(text: object, max_langd: int = 120) -> str:
    """``text`` made safe for a YAML comment: one line, only characters YAML accepts, cut with "…".

    >>> kommentar("a\\nb\\x07c")
    'a b?c'
    """
    s = _INTE_SKRIVBART.sub("?", _BRYTER_RAD.sub(" ", str(text)))
    return s if len(s) <= max_langd else s[:max_langd].rstrip() + "…"


def gissa_drivare(yrkeskategori: str) -> tuple[Drivare, str]:
    """The guessed demand driver of a yrkeskategori and why (Swedish), from :data:`DRIVARTABELL`.

    >>> gissa_drivare("Förskollärare")[0], gissa_drivare("Ekonom")[0].typ
    (Drivare(typ='alder', fran=1, till=5), 'total')
    """
    namn = normalisera(yrkeskategori)
    for monster, drivare, omrade in DRIVARTABELL:
        traff = re.search(monster, namn)
        if traff:
            return drivare, f'namnet innehåller "{traff.group(0)}" ({omrade})'
    return OVRIGA, "inget känt nyckelord i namnet"


def saker_kortnamn(namn: list[str]) -> list[str]:
    """A kortnamn per name: ASCII lower case, at most :data:`MAX_KORTNAMN` characters, unique
    (without regard to case) and never one of :data:`kfanalys.indata.konfig.RESERVERADE_KORTNAMN`.

    >>> saker_kortnamn(["Förskolenämnden", "FÖRSKOLENÄMNDEN", "Index", "¤¤"])
    ['forskolenamnden', 'forskolenamnden_2', 'index_namnd', 'namnlos']
    """
    upptagna: set[str] = set(RESERVERADE_KORTNAMN)
    ut = []
    for n in namn:
        bas = kortnamn(n)[:MAX_KORTNAMN].strip("_") or "namnlos"
        if bas in RESERVERADE_KORTNAMN:
            bas = f"{bas}_namnd"
        kandidat, i = bas, 2
        while kandidat in upptagna:
            kandidat, i = f"{bas}_{i}", i + 1
        upptagna.add(kandidat)
        ut.append(kandidat)
    return ut


def _drivartext(d: Drivare) -> str:
    if d.typ == "alder":
        return f"{{typ: alder, fran: {d.fran}, till: {d.till}}}"
    return f"{{typ: {d.typ}}}"


def _ombrutna(text: str, indrag: str) -> list[str]:
    return [f"{indrag}# {r}" for r in textwrap.wrap(kommentar(text, 100_000), 96 - len(indrag))]


# --------------------------------------------------------------------------- what the data holds

def _oversikt(anst: pd.DataFrame, handelser: pd.DataFrame | None):
    """Nämnder and categories with their counts (vectorised: groupbys over the rows)."""
    anst = anst.dropna(subset=["namnd", "yrkeskategori"])
    senaste = anst["matdatum"].max()
    nu = anst[anst["matdatum"] == senaste]
    if {"person_id", "sysselsattningsgrad", "loneform", "anstallningsform"} <= set(nu.columns):
        nu = huvudanstallningar(nu)  # persons, each once per nämnd (modell.personer), not employments
    antal = nu.groupby(["namnd", "yrkeskategori"]).size().rename("antal")
    manad = nu[nu["loneform"] == "manad"].groupby(["namnd", "yrkeskategori"]).size().rename("manad")
    par = pd.concat([antal, manad], axis=1).fillna(0).astype("int64").reset_index()
    # every (nämnd, category) ever seen, so events and old snapshots are covered too
    alla = [anst[["namnd", "yrkeskategori"]]]
    if handelser is not None:
        alla.append(handelser[["namnd", "yrkeskategori"]].dropna())
    sedda = pd.concat(alla, ignore_index=True).drop_duplicates()
    par = sedda.merge(par, on=["namnd", "yrkeskategori"], how="left").fillna({"antal": 0, "manad": 0})
    par[["antal", "manad"]] = par[["antal", "manad"]].astype("int64")
    sist_sedd = anst.groupby("namnd")["matdatum"].max()
    namnd_antal = par.groupby("namnd")["antal"].sum()
    namnder = pd.DataFrame({"antal": namnd_antal, "sist": sist_sedd.reindex(namnd_antal.index)})
    namnder["sist"] = namnder["sist"].fillna(pd.Timestamp.min)
    namnder = namnder.reset_index().sort_values(["antal", "sist", "namnd"], ascending=[False, False, True],
                                                kind="stable")
    # förvaltning: the most common one at the nämnd's own latest snapshot
    egen = anst[anst["matdatum"] == anst["namnd"].map(sist_sedd)].dropna(subset=["forvaltning"])
    forv = (egen.groupby(["namnd", "forvaltning"]).size().rename("n").reset_index()
            .sort_values(["namnd", "n", "forvaltning"], ascending=[True, False, True], kind="stable"))
    forvaltningar = forv.groupby("namnd", sort=False)["forvaltning"].agg(list).to_dict()
    chefsandel = anst.groupby("yrkeskategori")["chef"].mean()
    return senaste, par, namnder, forvaltningar, chefsandel


def valj_omrade(omraden: list[str], kommunnamn: str) -> str:
    """The area the nämnder are given: the only one, the one named like the kommun, else the first
    (callers list the largest first).

    >>> valj_omrade(["Norr", "Exempelkommun"], "Exempelkommun"), valj_omrade(["Hela", "Norr"], "X")
    ('Exempelkommun', 'Hela')
    """
    if kommunnamn in omraden:
        return kommunnamn
    return omraden[0]


# --------------------------------------------------------------------------- the text

def konfigutkast_text(anstallningar: pd.DataFrame, omraden: list[str], kommunnamn: str, *,
                      handelser: pd.DataFrame | None = None, kommunkalla: str = "",
                      kallor: tuple[str, ...] = (), scenariofiler: tuple[str, ...] = (),
                      datum: dt.date | None = None) -> str:
    """The draft ``kommun.yaml`` as text (pure: no files).

    ``anstallningar``: the typed register (columns of :data:`kfanalys.grund.schema.ANSTALLNINGAR`);
    ``omraden``: the population forecast's areas, largest first; ``kommunnamn``: the kommun's
    name and ``kommunkalla`` where it came from (for the comment); ``handelser``: the typed events
    or None; ``kallor``: lines describing the files read (for the header); ``scenariofiler``:
    further population files to offer as scenarios; ``datum``: the date in the header (today).
    """
    if not omraden:
        raise Indatafel(Problem("befolkningsprognos", "omrade", "har inga områden; fyll i kolumnen omrade"))
    a = Antaganden()
    senaste, par, namnder, forvaltningar, chefsandel = _oversikt(anstallningar, handelser)
    omrade = valj_omrade(list(omraden), kommunnamn)
    dag = f"{senaste:%Y-%m-%d}"
    rader = [
        "# UTKAST till kommun.yaml, skapat av 'kfanalys ny' "
        f"{(datum or dt.date.today()):%Y-%m-%d} från:",
        *(f"#   {kommentar(k)}" for k in kallor),
        "# Allt som är markerat 'gissning: kontrollera' har programmet gissat. Gå igenom filen innan",
        "# den används, särskilt:",
        "#   1. kommun och varje nämnds forvaltning och omrade (området i befolkningsprognosen);",
        "#   2. varje yrkeskategoris drivare: den del av befolkningen som behovet följer",
        "#      ({typ: alder, fran: 1, till: 5} = 1-5 år, till: 100 = 100 år och äldre;",
        "#      {typ: total} = hela befolkningen; {typ: fast} = behovet ligger kvar på dagens nivå);",
        "#   3. chef: true för chefskategorierna och listorna analysera;",
        "#   4. antagandena (pensionsprofil, cykel_intervall) och scenarierna.",
        "# Kontrollera sedan filen med: kfanalys validera MAPP",
        f"# Antal anställda i kommentarerna gäller det senaste mätdatumet {dag}.",
        "",
        f"kommun: {citera(kommunnamn)}   # {GISSNING}" + (f" ({kommentar(kommunkalla)})" if kommunkalla else ""),
        "",
        "namnder:",
    ]
    topp = a.topp_n
    chefer = set(chefsandel[chefsandel > 0.5].index)
    nyckel = par.assign(_k=par["manad"].mul(-1)).sort_values(["namnd", "_k", "yrkeskategori"], kind="stable")
    per_namnd = {n: g for n, g in nyckel.groupby("namnd", sort=False)}
    for (_, rad), kort in zip(namnder.iterrows(), saker_kortnamn(namnder["namnd"].tolist())):
        namn = rad["namnd"]
        g = per_namnd[namn]
        forv = forvaltningar.get(namn) or [namn]
        rader.append(f"  # {kommentar(namn)}: {fmt_tal(int(rad['antal']))} anställda {dag}")
        rader.append(f"  - namn: {citera(namn)}")
        rader.append(f"    kortnamn: {citera(kort)}   # filnamn för rapporten ({kort}.html)")
        andra = f"; även {', '.join(map(str, forv[1:4]))}" if len(forv) > 1 else ""
        rader.append(f"    forvaltning: {citera(forv[0])}   # {GISSNING}" + kommentar(andra))
        ovriga = [o for o in omraden if o != omrade]
        rader.append(f"    omrade: {citera(omrade)}   # {GISSNING}"
                     + (kommentar(f"; andra områden: {', '.join(ovriga[:5])}") if ovriga else ""))
        alltid = g[(g.index.isin(g.index[:topp]) | g["yrkeskategori"].isin(chefer)) & (g["manad"] > 0)]
        rader += _ombrutna(f"Analyseras alltid (de {topp} största och chefskategorierna): "
                           + ", ".join(f"{y} ({fmt_tal(int(m))})" for y, m in zip(alltid["yrkeskategori"],
                                                                                alltid["manad"])), "    ")
        extra = g[~g.index.isin(alltid.index) & (g["manad"] >= a.minsta_antal)]
        if extra.empty:
            rader.append(f"    analysera: []   # inga fler yrkeskategorier med minst {a.minsta_antal} "
                         "månadsavlönade")
        else:
            rader.append(f"    analysera:   # fler yrkeskategorier med minst {a.minsta_antal} månadsavlönade; "
                         f"{GISSNING}")
            rader += [f"      - {citera(y)}   # {fmt_tal(int(m))} månadsavlönade"
                      for y, m in zip(extra["yrkeskategori"], extra["manad"])]
    rader += ["", "yrkeskategorier:"]
    rader += _yrkesrader(par, namnder["namnd"].tolist(), chefer, dag)
    rader += ["", *_antagandetext(a), "", *_scenariotext(scenariofiler)]
    return "\n".join(rader) + "\n"


def _yrkesrader(par: pd.DataFrame, namndordning: list[str], chefer: set, dag: str) -> list[str]:
    """Every category once, grouped under the nämnd where it has most staff."""
    ordning = {n: i for i, n in enumerate(namndordning)}
    p = par.assign(_o=par["namnd"].map(ordning))
    totalt = p.groupby("yrkeskategori")["antal"].sum()
    hem = (p.sort_values(["yrkeskategori", "antal", "_o"], ascending=[True, False, True], kind="stable")
           .drop_duplicates("yrkeskategori").set_index("yrkeskategori")["namnd"])
    delar = (p[p["antal"] > 0].sort_values(["yrkeskategori", "antal", "_o"], ascending=[True, False, True])
             .groupby("yrkeskategori")[["namnd", "antal"]].apply(lambda d: list(zip(d["namnd"], d["antal"]))))
    lista = pd.DataFrame({"hem": hem, "antal": totalt.reindex(hem.index)})
    lista["_o"] = lista["hem"].map(ordning)
    lista = lista.reset_index().sort_values(["_o", "antal", "yrkeskategori"], ascending=[True, False, True],
                                            kind="stable")
    rader, forra = [], None
    for y, hemnamnd, n in zip(lista["yrkeskategori"], lista["hem"], lista["antal"]):
        if hemnamnd != forra:
            rader.append(f"  # --- störst i {kommentar(hemnamnd)} ---")
            forra = hemnamnd
        fordelning = delar.get(y, [])
        if len(fordelning) > 1:
            fler = "; ".join(f"{nd} {fmt_tal(int(k))}" for nd, k in fordelning[:4])
            fler = f" ({fler}{' m.fl.' if len(fordelning) > 4 else ''})"
        else:
            fler = "" if n else " (finns bara i tidigare mätdatum eller i handelser)"
        rader.append(f"  - namn: {citera(y)}   # " + kommentar(f"{fmt_tal(int(n))} anställda {dag}{fler}", 300))
        if y in chefer:
            rader.append(f"    drivare: {{typ: fast}}   # {GISSNING} (chefer: antalet följer verksamheten)")
            rader.append(f"    chef: true   # {GISSNING} (de flesta har chef = ja i registret)")
        else:
            d, varfor = gissa_drivare(y)
            rader.append(f"    drivare: {_drivartext(d)}   # {GISSNING} ({d.beskrivning()}; {kommentar(varfor)})")
    return rader


def _antagandetext(a: Antaganden) -> list[str]:
    forklaring = {
        "horisonter": "år framåt som prognosen visar",
        "topp_n": "så många av varje nämnds största yrkeskategorier analyseras",
        "minsta_antal": "färre personer än så redovisas inte (röjandeskydd)",
        "mal_heltid": "mål för andelen heltidsanställda, procent",
        "medarbetare_per_chef": "riktvärde för antal medarbetare per chef",
        "tillvaxt": "behovsökning per år utöver befolkningen (SKR räknar med 0.005)",
        "pension_inom_ar": "år framåt för andelen som kan gå i pension",
        "cykel_intervall": "år mellan analyserna (Stockholm 1, Malmö 2)",
    }
    profil = ", ".join(f"{k}: {v}" for k, v in a.pensionsprofil.items())
    rader = ["antaganden:   # standardvärden; ändra efter kommunens egna beslut",
             "  # sannolikheten att gå i pension det år man fyller åldern (äldre: 1, yngre: 0)",
             f"  pensionsprofil: {{{profil}}}"]
    for f in fields(Antaganden):
        if f.name == "pensionsprofil":
            continue
        v = getattr(a, f.name)
        text = f"[{', '.join(map(str, v))}]" if isinstance(v, tuple) else str(v)
        rader.append(f"  {f.name}: {text}   # {forklaring.get(f.name, '')}".rstrip(" #"))
    return rader


def _scenariotext(scenariofiler: tuple[str, ...]) -> list[str]:
    rader = ["scenarier:   # alternativ som räknas utöver grundantagandena",
             '  - namn: "Pension vid 66"',
             '    beskrivning: "Alla går i pension ett år senare än i grundantagandet."',
             "    pensionsforskjutning: 1",
             '  - namn: "Lägre personalomsättning"',
             '    beskrivning: "Personalomsättningen (utom pensioner) blir 20 procent lägre."',
             "    omsattningsfaktor: 0.8",
             '  - namn: "Deltid till heltid"',
             '    beskrivning: "Deltidsanställda ökar sin sysselsättningsgrad med 10 procentenheter."',
             "    deltid_okning: 10"]
    for fil in scenariofiler:
        stam = Path(fil).stem.removeprefix(schema.BEFOLKNINGSPROGNOS.namn).strip("_- ") or Path(fil).stem
        rader += [f"  - namn: {citera('Befolkningsprognos ' + stam)}   # {GISSNING}",
                  f"    beskrivning: {citera('Befolkningsprognosen i filen ' + fil + '.')}",
                  f"    befolkningsfil: {citera(fil)}"]
    return rader


# --------------------------------------------------------------------------- the folder

def _omraden(bef: pd.DataFrame) -> list[str]:
    storlek = bef.dropna(subset=["omrade"]).groupby("omrade")["antal"].sum()
    return storlek.sort_values(ascending=False, kind="stable").index.astype(str).tolist()


def _fil(mapp: Path, stam: str, beskrivning: str) -> Path:
    sokvag = hitta_fil(mapp, stam)
    if sokvag is None:
        raise Indatafel(Problem(f"{stam}.csv", None, f"saknas: lägg {beskrivning} som {stam}.csv eller "
                                                     f"{stam}.xlsx i {mapp} och kör kfanalys ny igen"),
                        rubrik="Kan inte skapa kommun.yaml")
    return sokvag


def _las_register(mapp: Path, anst_fil: Path) -> pd.DataFrame:
    """The typed register; without a yrkeskategori column it is filled from ``befattningar.csv|.xlsx``
    exactly as :func:`kfanalys.indata.register.las_indata` does (:mod:`kfanalys.indata.befattningar`)."""
    mappfil = hitta_fil(mapp, befattningar.FILSTAM)
    problem: list[Problem] = []
    samlare = Samlare(problem, [])
    tabell = (schema.ANSTALLNINGAR if mappfil is not None
              else schema.ANSTALLNINGAR.med_krav("yrkeskategori", befattningar.SAKNAS_TIPS))
    try:
        anst = las_tabell_samlat(anst_fil, tabell, samlare)
        if anst is not None and not problem:
            befattningar.anvand_mappning(anst, anst_fil.name, mappfil, None, samlare)
    except Exception as e:  # noqa: BLE001 - never a traceback for a bad file
        problem.append(ovantat(anst_fil.name, e))
        anst = None
    if problem or anst is None:
        raise Indatafel(problem or [Problem(anst_fil.name, None, "kunde inte läsas")], rubrik=f"Fel i {anst_fil.name}")
    return anst.reset_index(drop=True)


def _las_befolkning(sokvag: Path) -> pd.DataFrame:
    """One population forecast file in any layout :mod:`kfanalys.indata.befolkningsformat` reads."""
    problem: list[Problem] = []
    las = None
    try:
        las = befolkningsformat.las_befolkning(sokvag, None, Samlare(problem, []))
    except Exception as e:  # noqa: BLE001 - never a traceback for a bad file
        problem.append(ovantat(sokvag.name, e))
    if problem or las is None or las.befolkning is None:
        raise Indatafel(problem or [Problem(sokvag.name, None, "kunde inte läsas")], rubrik=f"Fel i {sokvag.name}")
    return las.befolkning


def _scenariofiler(mapp: Path, omraden: list[str]) -> tuple[str, ...]:
    """Further population files (``befolkningsprognos_<namn>``) that read cleanly and hold every area of
    ``omraden`` (a scenario's file replaces the whole base forecast; a file with only other areas,
    such as the kommun's own area forecast, is not a scenario)."""
    bas = schema.BEFOLKNINGSPROGNOS.namn
    ut = []
    for p in sorted(mapp.iterdir()):
        if not (p.is_file() and p.suffix.lower() in befolkningsformat.ANDELSER
                and p.stem.lower().startswith(bas + "_")):
            continue
        try:
            bef = _las_befolkning(p)
        except Indatafel:
            continue
        if set(omraden) <= set(bef["omrade"].dropna().astype(str)):
            ut.append(p.name)
    return tuple(ut)


def skriv_konfigutkast(mapp: str | Path, datum: dt.date | None = None) -> Path:
    """Write a draft ``mapp/kommun.yaml`` from the folder's own files and return its path.

    Refuses with :class:`KommunYamlFinns` when ``kommun.yaml`` already exists (it is left as it is)
    and with :class:`Indatafel` when the folder, the register
    or the population forecast is missing or cannot be read. Writes nothing else in ``mapp``.
    """
    mapp = Path(mapp)
    mal = mapp / "kommun.yaml"
    if not mapp.is_dir():
        raise Indatafel(Problem(str(mapp), None, "saknas: mappen finns inte; ange mappen där anstallningar och "
                                                 "befolkningsprognos ligger"), rubrik="Kan inte skapa kommun.yaml")
    if os.path.lexists(mal):
        raise KommunYamlFinns(mapp)
    anst_fil = _fil(mapp, schema.ANSTALLNINGAR.namn, "personalregistret")
    bef_fil = _fil(mapp, schema.BEFOLKNINGSPROGNOS.namn, "befolkningsprognosen")
    anst = _las_register(mapp, anst_fil)
    bef = _las_befolkning(bef_fil)
    omraden = _omraden(bef)
    kallor = [f"{anst_fil.name}: {fmt_tal(len(anst))} rader, {anst['matdatum'].nunique()} mätdatum "
              f"({anst['matdatum'].min():%Y-%m-%d} - {anst['matdatum'].max():%Y-%m-%d})",
              f"{bef_fil.name}: områden {', '.join(omraden[:5])}{' m.fl.' if len(omraden) > 5 else ''}"]
    mappfil = hitta_fil(mapp, befattningar.FILSTAM)
    if mappfil is not None:
        kallor.append(f"{mappfil.name}: yrkeskategori för registrets befattningar (om registret saknar "
                      "kolumnen yrkeskategori)")
    handelser = None
    hand_fil = hitta_fil(mapp, schema.HANDELSER.namn)
    if hand_fil is not None:
        try:
            handelser = las_tabell(hand_fil, schema.HANDELSER)
            kallor.append(f"{hand_fil.name}: {fmt_tal(len(handelser))} rader")
        except Indatafel:
            kallor.append(f"{hand_fil.name}: kunde inte läsas (kör kfanalys validera); nämnder och "
                          "yrkeskategorier som bara finns där saknas i utkastet")
    if len(omraden) == 1:
        kommun, kalla = omraden[0], "området i befolkningsprognosen"
    else:
        kommun, kalla = mapp.resolve().name, "mappens namn"
    text = konfigutkast_text(anst, omraden, kommun, handelser=handelser, kommunkalla=kalla,
                             kallor=tuple(kallor), scenariofiler=_scenariofiler(mapp, omraden),
                             datum=datum)
    _kontrollera(text, anst, handelser)
    if os.path.lexists(mal):  # created while the files were read
        raise KommunYamlFinns(mapp)
    return skriv_atomiskt(mal, text)


def _kontrollera(text: str, anst: pd.DataFrame, handelser: pd.DataFrame | None) -> None:
    """The draft must load as a Konfig and name every nämnd and category of the data exactly."""
    konfig = konfig_fran_dict(yaml.safe_load(text))
    delar = [anst] + ([handelser] if handelser is not None else [])
    namnder = set(pd.concat([d["namnd"] for d in delar]).dropna())
    yrken = set(pd.concat([d["yrkeskategori"] for d in delar]).dropna())
    if namnder - {n.namn for n in konfig.namnder} or yrken - set(konfig.yrkeskategorier):
        raise KfanalysFel("Internt fel: utkastet till kommun.yaml saknar nämnder eller yrkeskategorier ur "
                          "registret; rapportera felet till kfanalys utvecklare")


__all__ = ["DRIVARTABELL", "KommunYamlFinns", "citera", "gissa_drivare", "kommentar", "konfigutkast_text",
           "saker_kortnamn", "skriv_konfigutkast", "valj_omrade"]
