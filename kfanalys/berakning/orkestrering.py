"""The orchestration of a cycle: what :func:`kfanalys.berakning.cykel.berakna_cykel` is given.

- **The previous-cycle rule** (the only one; every path uses it: ``kfanalys berakna``, the
  reports, the workshop workbooks): :func:`foregaende_resultat` is cycle ``cykel -
  cykel_intervall`` as stored in ``data/processed/<år>/bas/`` if that folder was computed from
  the same inputs (the register files, ``indata_hash``, and the cycle's workshop workbooks,
  ``underlag_hash``), else recomputed from the raw data *with that cycle's workshop workbooks*
  (its plan and its risk judgements come from them), with a note; None if the register has no
  snapshot in that year. :func:`berakna_med_foregaende` is a cycle with its own workshop
  workbooks and that previous cycle.
- :func:`berakna_och_spara` is ``kfanalys berakna``: the above, plus the simulation, the backtest
  and the scenarios (:func:`med_osakerhet_och_scenarier`), written to
  ``data/processed/<cykel>/<scenario>/``. Every validation error is raised before anything is written.
- :func:`simulera_resultat` simulates a computed cycle on the very inputs of its stock-flow
  (:class:`kfanalys.berakning.cykel.Stockflode`); :func:`backtest` computes a forecast from an
  older snapshot with the register cut at its base date and scores it; :func:`kor_scenarier`
  runs the cycle per scenario and stacks the tables.

Persons, not employments, everywhere (:mod:`kfanalys.modell.personer`): the cut register
(:func:`register_till`) is given to the modell functions, which count each person once per nämnd;
events are cleaned with :func:`kfanalys.modell.personer.personhandelser` (or derived from the snapshots,
:func:`kfanalys.berakning.cykel.handelser`) after the cut (in
:func:`kfanalys.berakning.cykel.berakna_cykel` and for the backtest's outcome), so no later
snapshot decides whether an earlier event counts.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kfanalys.berakning.cykel import TABELLER, Resultat, berakna_cykel, handelser, valj_scenario
from kfanalys.berakning.lagring import las_resultat, spara
from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.sokvagar import processed_mapp
from kfanalys.indata.konfig import Konfig, Scenario
from kfanalys.indata.register import las_indata
from kfanalys.indata.workshop import Workshop, las_workshop
from kfanalys.modell import backtest as backtest_mod
from kfanalys.modell import nulage
from kfanalys.modell import omsattningsmodell as om_mod
from kfanalys.modell import urval as urval_mod
from kfanalys.modell.osakerhet import Simulering, simulera
from kfanalys.modell.scenario import STAPLADE

NYCKEL = ["namnd", "yrkeskategori"]
ANM_OMRAKNAD = "Föregående cykels prognos fanns inte sparad och har räknats om från rådata."
ANM_ANDRA_INDATA = ("Föregående cykels sparade prognos gäller en annan kommun eller ett annat basdatum än "
                    "personaldata och har räknats om från rådata.")
ANM_SPARAD_ANDRAD = ("Föregående cykels prognos är den som sparades {skapad}; personaldata eller workshopunderlag "
                     "har ändrats sedan dess (till exempel en ny ögonblicksbild), men prognosen räknas inte om, "
                     "så uppföljningen gäller den prognos som togs fram då.")


def anm_saknas(foregaende_ar: int) -> str:
    """The note when the register has no snapshot in the previous cycle's year."""
    return f"Föregående cykel ({foregaende_ar}) finns inte i personaldata; ingen uppföljning."


# ---------------------------------------------------------------------------- inputs of a cycle

def register_till(indata, datum: pd.Timestamp):
    """``indata`` with the register as it looked at ``datum``: snapshots (``matdatum``) and events
    (``datum``) after it removed. The one cut used wherever a computation may not see later data."""
    datum = pd.Timestamp(datum)
    anst, hand = indata.anstallningar, indata.handelser
    return dataclasses.replace(indata, anstallningar=anst.loc[anst["matdatum"] <= datum],
                               handelser=hand.loc[hand["datum"] <= datum])


def workshop_for_cykel(datamapp: str | Path, cykel: int, indata) -> Workshop:
    """The cycle's workshop workbooks (``<datamapp>/underlag/<cykel>/``), each checked against the
    cycle's analysed yrkeskategorier (urval.csv: a judgement on any other is an error and that
    workbook is left out with a note)."""
    konfig = indata.konfig
    basdatum = nulage.basdatum(indata.anstallningar, cykel)
    return las_workshop(datamapp, int(cykel), konfig, urval_mod.urval(indata.anstallningar, basdatum, konfig))


def underlag_hash(datamapp: str | Path, cykel: int, konfig: Konfig) -> str | None:
    """sha256 (hex) over the cycle's workshop workbooks that :func:`workshop_for_cykel` reads
    (``<kortnamn>.xlsx`` of each nämnd, name and content); None when there are none."""
    mapp = Path(datamapp) / "underlag" / str(int(cykel))
    try:
        finns = {p.name for p in mapp.iterdir()} if mapp.is_dir() else set()
    except OSError:
        finns = set()
    filer = sorted(f"{n.kortnamn}.xlsx" for n in konfig.namnder if f"{n.kortnamn}.xlsx" in finns)
    if not filer:
        return None
    h = hashlib.sha256()
    for namn in filer:
        h.update(namn.encode("utf-8") + b"\0")
        with open(mapp / namn, "rb") as f:
            for bit in iter(lambda: f.read(1 << 20), b""):
                h.update(bit)
        h.update(b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------------------- the previous-cycle rule

def _sparad(mapp: Path, cykel: int, indata, hash_underlag: str | None) -> tuple[Resultat | None, str]:
    """The stored cycle in ``mapp`` if it is this kommun's cycle ``cykel`` with the base date the
    register has for it, else (None, the note why the previous cycle is recomputed).

    A register that has grown since (a new yearly snapshot, the normal case) or workbooks saved
    again do not make the stored forecast invalid: the follow-up compares with the forecast that
    was made and published then; the note says the inputs have changed since."""
    if not (mapp / "antaganden.json").exists():
        return None, ANM_OMRAKNAD
    try:
        res = las_resultat(mapp)
    except (Berakningsfel, OSError, ValueError):  # damaged or half-copied folder: recompute
        return None, ANM_OMRAKNAD
    m = res.meta
    try:
        basdatum = nulage.basdatum(indata.anstallningar, int(cykel)).date().isoformat()
    except Berakningsfel:
        return None, ANM_OMRAKNAD
    samma = (m.get("cykel") == int(cykel) and m.get("scenario_kortnamn", "bas") == "bas"
             and m.get("kommun") == indata.konfig.kommun and str(m.get("basdatum", ""))[:10] == basdatum)
    if not samma:
        return None, ANM_ANDRA_INDATA
    andrad = (m.get("indata_hash") != getattr(indata, "filhash", None) or m.get("underlag_hash") != hash_underlag)
    return res, (ANM_SPARAD_ANDRAD.format(skapad=str(m.get("skapad", ""))[:10]) if andrad else "")


def foregaende_resultat(datamapp: str | Path, cykel: int, konfig: Konfig, indata=None,
                        rot: str | Path | None = None) -> Resultat | None:
    """The previous cycle (``cykel - konfig.antaganden.cykel_intervall``, bas scenario) for the
    follow-up of cycle ``cykel``: the one previous-cycle rule.

    - the stored tables in ``data/processed/<år>/bas/`` under the project root (``rot``) if that
      folder holds this kommun's cycle with the base date the register has for that year
      (``meta["omrakning"]`` is ``""``, or a note when the inputs have changed since);
    - else the cycle recomputed from the raw data with its own workshop workbooks
      (``<datamapp>/underlag/<år>/``: its plan and risk judgements come from them);
      ``meta["omrakning"]`` holds the Swedish note saying so;
    - None if the register has no snapshot in that year.

    ``indata``: the validated data folder if already read (else it is read from ``datamapp``).
    Nothing is written.
    """
    datamapp = Path(datamapp)
    if indata is None:
        indata = las_indata(datamapp)
    foreg_ar = int(cykel) - konfig.antaganden.cykel_intervall
    try:
        nulage.basdatum(indata.anstallningar, foreg_ar)
    except Berakningsfel:
        return None
    hash_underlag = underlag_hash(datamapp, foreg_ar, konfig)
    sparad, anm = _sparad(processed_mapp(foreg_ar, "bas", Path(rot) if rot is not None else None), foreg_ar,
                          indata, hash_underlag)
    if sparad is not None:
        sparad.meta["omrakning"] = anm
        return sparad
    res = berakna_cykel(indata, foreg_ar, None, workshop_for_cykel(datamapp, foreg_ar, indata), None)
    res.meta["underlag_hash"] = hash_underlag
    res.meta["omrakning"] = anm
    return res


def _med_foregaende(datamapp: Path, cykel: int, scenario, indata, rot) -> tuple[Resultat, Workshop]:
    konfig = indata.konfig
    sc = valj_scenario(konfig, scenario)
    nulage.basdatum(indata.anstallningar, cykel)  # the cycle itself must be in the data
    foreg = foregaende_resultat(datamapp, cykel, konfig, indata, rot)
    workshop = workshop_for_cykel(datamapp, cykel, indata)
    res = berakna_cykel(indata, cykel, sc, workshop, foreg)
    if foreg is None:
        noter = [anm_saknas(int(cykel) - konfig.antaganden.cykel_intervall)]
    else:
        noter = [foreg.meta["omrakning"]] if foreg.meta.get("omrakning") else []
    res.meta["anmarkningar"] = [*res.meta["anmarkningar"], *noter]
    res.meta["underlag_hash"] = underlag_hash(datamapp, cykel, konfig)
    return res, workshop


def berakna_med_foregaende(datamapp: str | Path, cykel: int, scenario: str | Scenario | None = None,
                           indata=None, rot: str | Path | None = None) -> Resultat:
    """Cycle ``cykel`` under ``scenario`` with its own workshop workbooks and the previous cycle of
    :func:`foregaende_resultat` (notes on the previous cycle in ``meta["anmarkningar"]``).

    The deterministic tables only (no simulation, backtest or scenarios); nothing is written.
    """
    datamapp = Path(datamapp)
    if indata is None:
        indata = las_indata(datamapp)
    return _med_foregaende(datamapp, cykel, scenario, indata, rot)[0]


def berakna_och_spara(datamapp: str | Path, cykel: int, scenario: str | None = None,
                      rot: str | Path | None = None) -> Path:
    """``kfanalys berakna``: cycle ``cykel`` from ``datamapp`` (:func:`berakna_med_foregaende`) with
    the uncertainty tables and the scenarios (:func:`med_osakerhet_och_scenarier`), written to
    ``data/processed/<cykel>/<scenario kortnamn or bas>/`` under the project root (``rot``).
    Returns the folder written.
    """
    datamapp = Path(datamapp)
    rot = Path(rot) if rot is not None else None
    indata = las_indata(datamapp)
    sc = indata.konfig.scenario(scenario)
    res, workshop = _med_foregaende(datamapp, cykel, sc, indata, rot)
    res = med_osakerhet_och_scenarier(indata, cykel, res, sc, workshop)
    return spara(res, processed_mapp(int(cykel), sc.kortnamn, rot))


# ---------------------------------------------------------------------------- simulation, backtest, scenarios

def simulera_resultat(resultat: Resultat, antal_korningar: int = 1000, seed: int = 2025,
                      horisonter: Iterable[int] | None = None, parameterosakerhet: bool = True,
                      omsattningsmodell: bool = True) -> Simulering:
    """Simulate a computed cycle (:func:`kfanalys.modell.osakerhet.simulera`) on the inputs its
    stock-flow was computed from (``resultat.stockflode``: staff, need per year, the turnover
    rates with the figures behind them, pension profile, scenario factor), so the simulation and
    the deterministic model cannot drift apart. ``horisonter``: default the cycle's horizons.
    ``parameterosakerhet``: draw the turnover rates from their posteriors; False = fixed rates.

    ``omsattningsmodell`` (default): the turnover is drawn from the model of
    :mod:`kfanalys.modell.omsattningsmodell` (year-to-year variation, small groups pooled toward
    their nämnd), estimated from the yearly periods up to the cycle's base date: the stock-flow's
    ``omsattningsmodell`` when the cycle kept one, else estimated here from the cycle's
    ``omsattning`` table (its two periods). The backtest's cycle is computed from the register cut
    at its base date, so its model sees nothing later. False, or no computable period: the rates
    of ``stockflode.takt`` (as before the model).
    """
    s = resultat.stockflode
    if s is None:
        raise Berakningsfel("Simuleringen behöver cykelns beräkning (berakna_cykel), inte tabeller som lästs "
                            "från en mapp; räkna om cykeln.")
    h = s.horisonter if horisonter is None else tuple(horisonter)
    modell = getattr(s, "omsattningsmodell", None) if omsattningsmodell else None
    if omsattningsmodell and modell is None and len(resultat.tabeller.get("omsattning", ())):
        arliga = om_mod.fran_omsattning(resultat.tabeller["omsattning"], s.basar)
        modell = om_mod.skatta(arliga, s.behov_per_ar[NYCKEL].drop_duplicates())
    return simulera(s.personal[[*NYCKEL, "alder"]], s.behov_per_ar, s.takt, s.profil, h, antal_korningar, seed,
                    s.omsattningsfaktor, summor=True, basar=s.basar, parameterosakerhet=parameterosakerhet,
                    omsattningsmodell=modell)


def backtest(indata, fran_cykel: int, antal_korningar: int = 1000, seed: int = 2025,
             parameterosakerhet: bool = True) -> backtest_mod.Backtestresultat:
    """The forecast from cycle ``fran_cykel`` (bas scenario, no workshop judgements), computed from
    the register cut at its base date (:func:`register_till`: nothing later can leak into it), and
    scored against the later snapshots of ``indata`` (:func:`kfanalys.modell.backtest.prova`).

    Needs at least two later years with a snapshot and a snapshot 12 months before the base date
    (for the turnover rate); otherwise the result has ``otillrackligt`` (a Swedish explanation) and
    no scores. The caller cuts ``indata`` at the date the scoring may use
    (:func:`med_osakerhet_och_scenarier`: the cycle's own base date).
    """
    anst = indata.anstallningar
    minsta = int(indata.konfig.antaganden.minsta_antal)
    basdatum = nulage.basdatum(anst, fran_cykel)
    senare = backtest_mod.senare_matdatum(anst, fran_cykel)

    def otillrackligt(orsak: str) -> backtest_mod.Backtestresultat:
        return backtest_mod.otillrackligt(fran_cykel, basdatum, senare, orsak, minsta, antal_korningar, seed,
                                          parameterosakerhet)

    orsak = backtest_mod.orsak_for_fa_senare_ar(fran_cykel, senare)
    if orsak:
        return otillrackligt(orsak)
    res = berakna_cykel(register_till(indata, basdatum), fran_cykel)
    if res.tabeller["omsattning"].empty:
        return otillrackligt(backtest_mod.orsak_ingen_omsattning(fran_cykel, basdatum))
    per_ar = res.tabeller["rekrytering_per_ar"]
    sim = simulera_resultat(res, antal_korningar, seed, range(1, int(per_ar["horisont"].max()) + 1),
                            parameterosakerhet)
    # the outcome's hires per person and nämnd, like the cycle's own flows (modell.personer)
    hand = handelser(indata, anst, indata.konfig.antaganden.pensionsprofil)
    return backtest_mod.prova(res.tabeller["framskrivning"], per_ar, sim.per_ar, anst, hand, fran_cykel,
                              minsta, antal_korningar, seed, parameterosakerhet)


def backtest_meta(bt: backtest_mod.Rullande) -> dict:
    """``antaganden.json["backtest"]`` of a rolling backtest that ran
    (:func:`kfanalys.modell.backtest.rullande`): till_cykel, fran_cykler (the origins scored), ar
    (every year scored), otillrackligt (None, or the Swedish reason no origin could be scored),
    minsta_antal, and ursprung: per origin tried, fran_cykel, ar (the years scored, or the later
    years available) and otillrackligt (None or its own reason)."""
    return {"till_cykel": int(bt.till_cykel), "fran_cykler": [int(f) for f in bt.fran_cykler],
            "ar": [int(a) for a in bt.ar], "otillrackligt": bt.otillrackligt or None,
            "minsta_antal": int(bt.minsta_antal),
            "ursprung": [{"fran_cykel": int(r.fran_cykel), "ar": [int(a) for a in r.ar],
                          "otillrackligt": r.otillrackligt or None} for r in bt.ursprung]}


def kor_scenarier(indata, cykel: int, scenarier: list[str], workshop=None) -> dict[str, pd.DataFrame]:
    """Run the cycle for each scenario (namn or kortnamn; "bas" for the base assumptions) and
    stack framskrivning, gap and rekrytering with a first column ``scenario`` (the scenario's namn).

    Returns {"framskrivning": ..., "gap": ..., "rekrytering": ...}.
    """
    delar: dict[str, list[pd.DataFrame]] = {k: [] for k in STAPLADE}
    for namn in scenarier:  # a few scenarios; each run is vectorised over all nämnder
        sc = indata.konfig.scenario(namn)
        res = berakna_cykel(indata, cykel, sc, workshop=workshop)
        for k in STAPLADE:
            delar[k].append(res.tabeller[k].assign(scenario=sc.namn))
    ut = {}
    for k, ramar in delar.items():
        df = pd.concat(ramar, ignore_index=True)
        ut[k] = df[["scenario", *[c for c in df.columns if c != "scenario"]]]
    return ut


def med_osakerhet_och_scenarier(indata, cykel: int, resultat: Resultat, scenario: str | Scenario | None = None,
                                workshop=None, antal_korningar: int = 1000, seed: int = 2025) -> Resultat:
    """Add the uncertainty tables and, for the bas scenario, every configured scenario side by
    side, to a computed cycle (``resultat`` of :func:`kfanalys.berakning.cykel.berakna_cykel`).

    - ``rekrytering_intervall`` / ``rekrytering_intervall_per_ar``: median and 80 % interval of the
      recruitment need from ``antal_korningar`` simulated futures (:func:`simulera_resultat`);
      ``meta["simulering"]``: antal_korningar, seed, parameterosakerhet;
    - ``backtest`` / ``backtest_per_grupp``: rolling origin: the forecast from every earlier year
      with a snapshot and at least two later years of data (:func:`backtest` per origin, stacked
      with ``fran_cykel`` by :func:`kfanalys.modell.backtest.rullande`), scored against what happened
      up to this cycle's base date only; ``meta["backtest"]`` (:func:`backtest_meta`) lists the
      origins, the years scored, and why not when the data hold too few years (when the backtest
      could not run at all, only till_cykel and otillrackligt);
    - ``scenarier_gap`` / ``scenarier_rekrytering``: gap and recruitment need per scenario
      (bas first), stacked with a ``scenario`` column.

    The sentences of "Hur säker är prognosen?" are written from these at render time
    (:func:`kfanalys.rapport.prognostext.hur_saker_stycken`).
    """
    konfig = indata.konfig
    sc = valj_scenario(konfig, scenario)
    t = dict(resultat.tabeller)
    meta = dict(resultat.meta)
    sim = simulera_resultat(resultat, antal_korningar=antal_korningar, seed=seed)
    t["rekrytering_intervall"] = sim.rekrytering
    t["rekrytering_intervall_per_ar"] = sim.per_ar

    # the backtest sees only what was known at this cycle's base date; every origin before it
    # (rolling origin, as kfanalys.berakning.rullande.backtest_rullande, which cannot be imported here)
    kant = register_till(indata, pd.Timestamp(meta["basdatum"]))
    try:
        bt = backtest_mod.rullande(kant.anstallningar, int(cykel),
                                   lambda fran: backtest(kant, fran, antal_korningar=antal_korningar, seed=seed),
                                   int(konfig.antaganden.minsta_antal), antal_korningar, seed)
    except Berakningsfel as e:  # the backtest could not run at all
        meta["backtest"] = {"till_cykel": int(cykel), "otillrackligt": str(e)}
    else:
        meta["backtest"] = backtest_meta(bt)
        if bt.ok:
            t["backtest"] = bt.sammanfattning
            t["backtest_per_grupp"] = bt.per_grupp

    if sc.kortnamn == "bas" and konfig.scenarier:
        stack = kor_scenarier(indata, cykel, ["bas", *konfig.scenarier], workshop=workshop)
        t["scenarier_gap"] = stack["gap"]
        t["scenarier_rekrytering"] = stack["rekrytering"]
    meta["simulering"] = {"antal_korningar": int(antal_korningar), "seed": int(seed), "parameterosakerhet": True,
                          "omsattningsmodell": om_mod.jsonmeta(sim.omsattningsmodell) if sim.omsattningsmodell
                          else None}
    return Resultat({k: t[k] for k in TABELLER if k in t}, meta, resultat.stockflode)
