"""One cycle's computation: every table of ARKITEKTUR.md, once, for all nämnder.

- :func:`berakna_cykel` (pure: Indata in, :class:`Resultat` out) runs nuläge, flöden,
  pensioner, framskrivning, gap, rekrytering, risk and uppföljning;
- :func:`spara` writes the tables (CSV) and ``antaganden.json`` to a folder, each file via a
  temporary file and a rename, so a reader never sees half a table;
- :func:`las_resultat` reads such a folder back (dates parsed);
- :func:`berakna_och_spara` is ``kfanalys berakna``: read the data folder, read the cycle's
  workshop workbooks, follow up the previous cycle (its saved tables, else recomputed from
  the raw data with a note), compute, and write to ``data/processed/<cykel>/<scenario>/``.

Every validation error is raised before anything is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kfanalys import __version__
from kfanalys.modell import floden as floden_mod
from kfanalys.modell import gap as gap_mod
from kfanalys.modell import nulage as nulage_mod
from kfanalys.modell import pension as pension_mod
from kfanalys.modell import risk as risk_mod
from kfanalys.modell import urval as urval_mod
from kfanalys.grund.fel import Berakningsfel
from kfanalys.indata.konfig import Scenario
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.modell.scenario import berakna_framat
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.modell.uppfoljning import UPPFOLJNING_KOLUMNER, plan_uppfoljning, uppfoljning

NYCKEL = ["namnd", "yrkeskategori"]
TABELLER = ("urval", "urval_tackning", "nulage", "aldersstruktur", "chefer", "floden", "omsattning", "pension", "pension_per_ar",
            "framskrivning", "gap", "kvalitativt_gap", "rekrytering", "rekrytering_per_ar", "risk", "uppfoljning",
            "plan", "plan_uppfoljning", "analys", "rekrytering_intervall", "rekrytering_intervall_per_ar", "backtest",
            "backtest_per_grupp", "osakerhet_text", "scenarier_gap", "scenarier_rekrytering")
DATUMKOLUMNER = ("period_fran", "period_till", "maldatum", "maldatum_foregaende", "matdatum", "datum", "start", "slut")
TEXTKOLUMNER = ("namnd", "yrkeskategori", "grupp", "niva", "drivare", "bedomning", "konsekvens", "sannolikhet",
                "foreslagen_konsekvens", "foreslagen_sannolikhet", "foregaende_konsekvens", "foregaende_sannolikhet",
                "motivering", "kalla", "skal", "kon", "aldersgrupp", "period", "typ", "motpart", "omrade",
                "aktivitet", "ansvarig", "status", "status_foregaende", "fraga", "svar", "faktorer", "scenario", "text")
PLAN_KOLUMNER = ["namnd", "omrade", "behov", "aktivitet", "maldatum", "ansvarig", "status", "cykel"]

DEFINITION_FRAMSKRIVNING = ("Personalframskrivning: behov(h) = N x D(h)/D(0) x (1+g)^h, där N är antalet "
                            "månadsavlönade i yrkeskategorin vid basdatum, D drivarpopulationen i nämndens område "
                            "enligt befolkningsprognosen år basår+h och g en icke-demografisk tillväxt per år.")
DEFINITION_GAP = ("Kvantitativt gap = antal anställda i dag minus framskrivet behov; ett negativt gap betyder brist.")
DEFINITION_REKRYTERING = (
    "Rekryteringsbehov: år för år åldras personalen ett år; först går en del i pension enligt pensionsprofilen, "
    "sedan slutar en del enligt personalomsättningen (utan pensioner); rekryteringar = max(0, behov - kvar). "
    "Nyanställda går inte i pension inom horisonten men kan sluta. Summan delas i expansion "
    "(max(0, personal vid horisonten - N)) och ersättning, som fördelas på pension och personalomsättning i "
    "proportion till avgångarna.")
DEFINITION_PENSION = ("Pensionsavgångar: en person som fyller a år under året går i pension med sannolikheten p(a) "
                      "enligt pensionsprofilen; över profilens sista ålder med sannolikhet 1. Förväntade värden.")


@dataclass
class Resultat:
    """The computed tables of one cycle and scenario (keys = file stems of ARKITEKTUR.md) and
    ``meta`` (the content of antaganden.json; ``meta["anmarkningar"]`` is a list of Swedish notes)."""

    tabeller: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------- helpers

def med_summor(df: pd.DataFrame, grupper: list[str], varden: list[str], alla_eller_inget: tuple[str, ...] = ()
               ) -> pd.DataFrame:
    """Add sum rows: ``Totalt`` per nämnd, ``Hela kommunen`` per yrkeskategori and both.

    ``grupper``: further keys (e.g. ar, horisont); ``varden``: summed columns; a column in
    ``alla_eller_inget`` is summed only where every row has a value (else NaN). Other columns
    of the sum rows are NaN.
    """
    bas = df[(df["namnd"] != HELA_KOMMUNEN) & (df["yrkeskategori"] != TOTALT)]
    if bas.empty:
        return df.reset_index(drop=True)
    delar = [df]
    for nycklar, fyll in ((["namnd", *grupper], {"yrkeskategori": TOTALT}),
                          (["yrkeskategori", *grupper], {"namnd": HELA_KOMMUNEN}),
                          (grupper, {"namnd": HELA_KOMMUNEN, "yrkeskategori": TOTALT})):
        g = bas.groupby(nycklar, observed=True, sort=False) if nycklar else bas.assign(_alla=0).groupby("_alla")
        s = g[varden].sum()
        for k in alla_eller_inget:
            s[k] = s[k].where(g[k].count() == g[k].size())
        s = s.reset_index().drop(columns=["_alla"], errors="ignore").assign(**fyll)
        delar.append(s)
    ut = pd.concat(delar, ignore_index=True)
    return nulage_mod.sortera(ut[df.columns], ["namnd", "yrkeskategori", *grupper])[list(df.columns)].reset_index(drop=True)


def takt_for_grupper(grupper: pd.DataFrame, takt: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """A turnover rate for every group: its own (floden.omsattningstakt), else the nämnd's total,
    else the kommun's total, else 0 with a note."""
    t = takt[["namnd", "yrkeskategori", "takt"]].dropna(subset=["takt"])
    ut = grupper.merge(t, on=NYCKEL, how="left")
    namnd_tot = t[t["yrkeskategori"] == TOTALT].set_index("namnd")["takt"]
    ut["takt"] = ut["takt"].fillna(ut["namnd"].map(namnd_tot))
    kommun = t[(t["namnd"] == HELA_KOMMUNEN) & (t["yrkeskategori"] == TOTALT)]["takt"]
    noter = []
    if len(kommun):
        ut["takt"] = ut["takt"].fillna(float(kommun.iat[0]))
    if ut["takt"].isna().any():
        noter.append("Personalomsättningen kunde inte beräknas (det behövs ögonblicksbilder 12 månader före "
                     "basdatum); rekryteringsbehovet räknas utan personalomsättning för "
                     f"{int(ut['takt'].isna().sum())} yrkeskategorier.")
        ut["takt"] = ut["takt"].fillna(0.0)
    return ut, noter


def _ram(workshop, namn: str) -> pd.DataFrame | None:
    df = getattr(workshop, namn, None) if workshop is not None else None
    return df if isinstance(df, pd.DataFrame) and len(df) else None


def _scenario(konfig, scenario) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else konfig.scenario(scenario)


# ---------------------------------------------------------------------------- compute

def berakna_cykel(indata, cykel: int, scenario: str | Scenario | None = None, workshop=None,
                  foregaende: Resultat | bool | None = None) -> Resultat:
    """Every table of cycle ``cykel`` under ``scenario`` (name, kortnamn, Scenario or None = bas).

    ``indata``: :class:`kfanalys.indata.register.Indata`. ``workshop``: an object with optional frames
    ``bedomningar``, ``kvalitativt``, ``riskbedomning``, ``plan``, ``analys``
    (:class:`kfanalys.underlag.arbetsbok.Workshop`) or None. ``foregaende``: the previous cycle's
    Resultat for the follow-up; None = recompute it from ``indata`` (with a note) if the register
    has its base date; False = no follow-up.
    """
    konfig = indata.konfig
    sc = _scenario(konfig, scenario)
    a = konfig.med_antaganden(sc)
    anst, hand = indata.anstallningar, indata.handelser
    noter: list[str] = list(getattr(indata, "varningar", ()))
    basdatum = nulage_mod.basdatum(anst, cykel)
    befolkning = indata.befolkning if not sc.befolkningsfil else indata.befolkning_fran(sc.befolkningsfil)

    t: dict[str, pd.DataFrame] = {}
    # the forward-looking part first: it holds the checks of the assumptions (driver ages, horizon)
    bild = nulage_mod.ogonblicksbild(anst, basdatum)
    personal = bild.loc[bild["loneform"] == "manad", ["namnd", "yrkeskategori", "alder", "sysselsattningsgrad"]]
    t["omsattning"] = floden_mod.omsattning(anst, hand, basdatum)
    takt_alla = floden_mod.omsattningstakt(t["omsattning"], a.minsta_antal)
    grupper = personal[NYCKEL].drop_duplicates()
    takt, n = takt_for_grupper(grupper, takt_alla)
    noter += n
    framat = berakna_framat(personal, befolkning, konfig, int(cykel), takt, sc, _ram(workshop, "bedomningar"))

    t["urval"] = urval_mod.urval(anst, basdatum, konfig)
    t["nulage"] = nulage_mod.nulage(anst, basdatum, a.topp_n)
    t["aldersstruktur"] = nulage_mod.aldersstruktur(anst, basdatum)
    t["chefer"] = nulage_mod.chefer(anst, basdatum, a.medarbetare_per_chef)
    t["floden"] = floden_mod.floden(hand, basdatum)
    t["pension_per_ar"] = pension_mod.forvantade_pensioner(anst, basdatum, a.pensionsprofil,
                                                           max(a.pension_inom_ar, *a.horisonter))
    bas_n = nulage_mod.manadsavlonade(anst, basdatum)
    t["urval_tackning"] = urval_mod.tackning(t["urval"], bas_n)
    inom = tuple(sorted({*a.horisonter, a.pension_inom_ar}))
    t["pension"] = pension_mod.pension_sammanfattning(t["pension_per_ar"], bas_n, inom=inom, basar=int(cykel))

    t["kvalitativt_gap"] = gap_mod.kvalitativt_gap(_ram(workshop, "kvalitativt"), bas_n)
    h_risk = 2 if 2 in a.horisonter else min(a.horisonter)
    forslag = risk_mod.foreslagen_risk(framat["rekrytering"], takt_alla, framat["gap"], horisont=h_risk)

    # the previous cycle, for the follow-up and the risk comparison
    foreg_ar = int(cykel) - konfig.antaganden.cykel_intervall
    if foregaende is None:
        try:
            nulage_mod.basdatum(anst, foreg_ar)
        except Berakningsfel:
            noter.append(f"Föregående cykel ({foreg_ar}) finns inte i personaldata; ingen uppföljning.")
            foregaende = False
        else:
            foregaende = berakna_cykel(indata, foreg_ar, None, None, foregaende=False)
            noter.append("Föregående cykels prognos fanns inte sparad och har räknats om från rådata.")
    foreg = foregaende if isinstance(foregaende, Resultat) else None
    t["risk"] = risk_mod.riskmatris(forslag, _ram(workshop, "riskbedomning"),
                                    foreg.tabeller.get("risk") if foreg is not None else None)
    if foreg is not None and "framskrivning" in foreg.tabeller and "rekrytering_per_ar" in foreg.tabeller:
        upp = uppfoljning(foreg.tabeller["framskrivning"], foreg.tabeller["rekrytering_per_ar"], anst, hand)
    else:
        upp = pd.DataFrame({k: pd.Series(dtype="float64") for k in UPPFOLJNING_KOLUMNER})
        upp[["namnd", "yrkeskategori"]] = upp[["namnd", "yrkeskategori"]].astype(object)

    plan = _ram(workshop, "plan")
    t["plan"] = plan if plan is not None else pd.DataFrame({k: pd.Series(dtype=object) for k in PLAN_KOLUMNER})
    t["plan_uppfoljning"] = plan_uppfoljning(foreg.tabeller.get("plan") if foreg is not None else None, t["plan"])
    analys = _ram(workshop, "analys")
    if analys is not None:
        t["analys"] = analys
    fel = getattr(workshop, "fel", None) or {}
    for kortnamn, text in fel.items():
        noter.append(f"Workshopunderlaget för {kortnamn} kunde inte läsas och används inte: {text}")
    noter.extend(getattr(workshop, "anmarkningar", None) or [])  # files in underlag/<cykel>/ of no nämnd

    # sum rows (Totalt per nämnd, Hela kommunen) where summing is meaningful
    t["framskrivning"] = med_summor(framat["framskrivning"], ["ar", "horisont"],
                                    ["antal", "arsarbetare", "behov", "behov_arsarbetare"])
    t["gap"] = med_summor(framat["gap"], ["horisont"], ["antal", "behov", "gap", "bedomt_behov", "bedomt_behov_lag",
                                                        "bedomt_behov_hog"],
                          alla_eller_inget=("bedomt_behov", "bedomt_behov_lag", "bedomt_behov_hog"))
    t["rekrytering"] = med_summor(framat["rekrytering"], ["horisont"],
                                  ["antal", "behov", "gap", "expansion", "ersattning_omsattning", "ersattning_pension",
                                   "totalt"])
    t["rekrytering_per_ar"] = med_summor(framat["rekrytering_per_ar"], ["ar", "horisont"],
                                         ["behov", "kvar", "pension", "avgangar", "rekryteringar"])
    t["uppfoljning"] = med_summor(upp, ["ar"], ["prognos_behov", "faktiskt_antal", "prognos_rekryteringar",
                                                "faktiska_rekryteringar"],
                                  alla_eller_inget=("faktiska_rekryteringar",))

    meta = {
        "cykel": int(cykel),
        "scenario": sc.namn,
        "scenario_kortnamn": sc.kortnamn,
        "basdatum": basdatum.date().isoformat(),
        "kommun": konfig.kommun,
        "version": __version__,
        "skapad": dt.datetime.now().replace(microsecond=0).isoformat(),
        "indata_hash": getattr(indata, "filhash", None),
        "antaganden": _jsonbar(dataclasses.asdict(a)),
        "scenarioantaganden": _jsonbar(dataclasses.asdict(sc)),
        "foregaende_cykel": foreg_ar if foreg is not None else None,
        "definitioner": {
            "omsattning": floden_mod.DEFINITION_OMSATTNING,
            "pension": DEFINITION_PENSION,
            "framskrivning": DEFINITION_FRAMSKRIVNING,
            "gap": DEFINITION_GAP,
            "bedomning": gap_mod.BESKRIVNING_BEDOMNING,
            "rekrytering": DEFINITION_REKRYTERING,
            "risk": risk_mod.REGEL,
        },
        "anmarkningar": noter,
        "workshop_fel": dict(fel),
    }
    return Resultat({k: t[k] for k in TABELLER if k in t}, meta)


def _jsonbar(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _jsonbar(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonbar(v) for v in x]
    if isinstance(x, (np.integer, np.floating)):
        return x.item()
    return x


# ---------------------------------------------------------------------------- save / read

def spara(resultat: Resultat, mapp: str | Path) -> Path:
    """Write every table as ``<stem>.csv`` (UTF-8, ``,``, decimal point) and ``antaganden.json``.

    Each file is written to a temporary file and renamed. Tables of an earlier run that this
    result lacks are removed. Returns the folder.
    """
    mapp = Path(mapp)
    mapp.mkdir(parents=True, exist_ok=True)
    for namn, df in resultat.tabeller.items():
        skriv_atomiskt(mapp / f"{namn}.csv", lambda tmp, df=df: df.to_csv(tmp, index=False, encoding="utf-8",
                                                                           date_format="%Y-%m-%d"))
    for namn in TABELLER:
        if namn not in resultat.tabeller:
            (mapp / f"{namn}.csv").unlink(missing_ok=True)
    text = json.dumps(_jsonbar(resultat.meta), ensure_ascii=False, indent=2)
    skriv_atomiskt(mapp / "antaganden.json", lambda tmp: Path(tmp).write_text(text + "\n", encoding="utf-8"))
    return mapp


def las_resultat(mapp: str | Path) -> Resultat:
    """Read a folder written by :func:`spara`: tables typed back (date columns datetime64, text
    columns str, empty cells NaN), ``meta`` from antaganden.json (dates there stay ISO strings)."""
    mapp = Path(mapp)
    meta_fil = mapp / "antaganden.json"
    if not meta_fil.exists():
        raise Berakningsfel(f"Det finns inga beräknade tabeller i {mapp} (antaganden.json saknas); "
                            "kör `kfanalys berakna --cykel ...` först.")
    meta = json.loads(meta_fil.read_text(encoding="utf-8"))
    tabeller = {}
    for namn in TABELLER:
        fil = mapp / f"{namn}.csv"
        if not fil.exists():
            continue
        kolumner = pd.read_csv(fil, nrows=0).columns
        df = pd.read_csv(fil, keep_default_na=False, na_values=[""],
                         dtype={k: str for k in kolumner if k in TEXTKOLUMNER or (namn, k) == ("plan", "behov")},
                         parse_dates=[k for k in kolumner if k in DATUMKOLUMNER])
        tabeller[namn] = df
    return Resultat(tabeller, meta)


def berakna_och_spara(datamapp: str | Path, cykel: int, scenario: str | None = None,
                      rot: str | Path | None = None) -> Path:
    """``kfanalys berakna``: compute cycle ``cykel`` from ``datamapp`` and write it to
    ``data/processed/<cykel>/<scenario kortnamn or bas>/`` under the project root (``rot``).

    Reads the cycle's workshop workbooks (``<datamapp>/underlag/<cykel>/``) if any. Follows up
    the previous cycle (cykel - cykel_intervall): its saved bas tables if present, else
    recomputed from the raw data (noted in antaganden.json). Returns the folder written.
    """
    from kfanalys.indata import register as data
    from kfanalys.underlag import arbetsbok as underlag
    from kfanalys.grund.sokvagar import processed_mapp

    datamapp = Path(datamapp)
    rot = Path(rot) if rot is not None else None
    indata = data.las_indata(datamapp)
    konfig = indata.konfig
    sc = konfig.scenario(scenario)
    basdatum = nulage_mod.basdatum(indata.anstallningar, cykel)
    # the workbook lists the analysed yrkeskategorier (urval.csv); a judgement on any other is an error
    urval_df = urval_mod.urval(indata.anstallningar, basdatum, konfig)
    workshop = underlag.las_workshop(datamapp, cykel, konfig, urval_df)

    foreg_ar = int(cykel) - konfig.antaganden.cykel_intervall
    foreg_mapp = processed_mapp(foreg_ar, "bas", rot)
    noter = []
    foregaende: Resultat | bool
    if (foreg_mapp / "antaganden.json").exists():
        foregaende = las_resultat(foreg_mapp)
    else:
        try:
            nulage_mod.basdatum(indata.anstallningar, foreg_ar)
        except Berakningsfel:
            foregaende = False
            noter.append(f"Föregående cykel ({foreg_ar}) finns inte i personaldata; ingen uppföljning.")
        else:
            foreg_ws = underlag.las_workshop(datamapp, foreg_ar, konfig, None)
            foregaende = berakna_cykel(indata, foreg_ar, None, foreg_ws, foregaende=False)
            noter.append("Föregående cykels prognos fanns inte sparad och har räknats om från rådata.")
    res = berakna_cykel(indata, cykel, sc, workshop, foregaende=foregaende)
    res.meta["anmarkningar"] = [*res.meta["anmarkningar"], *noter]
    res = med_osakerhet_och_scenarier(indata, cykel, res, sc, workshop)
    return spara(res, processed_mapp(int(cykel), sc.kortnamn, rot))


def med_osakerhet_och_scenarier(indata, cykel: int, resultat: Resultat, scenario: Scenario | None = None,
                                workshop=None, antal_korningar: int = 1000, seed: int = 2025) -> Resultat:
    """Add the uncertainty tables (issue 5) and, for the bas scenario, every configured
    scenario side by side, to a computed cycle.

    - ``rekrytering_intervall`` / ``rekrytering_intervall_per_ar``: median and 80 % interval of the
      recruitment need from ``antal_korningar`` simulated futures (:mod:`kfanalys.modell.osakerhet`);
    - ``backtest`` / ``backtest_per_grupp``: the forecast made ``2 x cykel_intervall`` (at least 2)
      years earlier, scored against what happened up to this cycle's base date only
      (:mod:`kfanalys.modell.backtest`); when the data hold too few years, ``meta["backtest"]`` says why;
    - ``osakerhet_text``: the paragraphs of "Hur säker är prognosen?" per nämnd and the kommun;
    - ``scenarier_gap`` / ``scenarier_rekrytering``: gap and recruitment need per scenario
      (bas first), stacked with a ``scenario`` column.
    """
    from dataclasses import replace as dc_replace

    from kfanalys.modell import backtest as backtest_mod
    from kfanalys.modell import osakerhet
    from kfanalys.modell.scenario import kor_scenarier

    konfig = indata.konfig
    sc = _scenario(konfig, scenario)
    t = dict(resultat.tabeller)
    meta = dict(resultat.meta)
    sim = osakerhet.simulera_resultat(indata, cykel, resultat, sc, antal_korningar=antal_korningar, seed=seed)
    t["rekrytering_intervall"] = sim.rekrytering
    t["rekrytering_intervall_per_ar"] = sim.per_ar

    # the backtest sees only what was known at this cycle's base date
    basdatum = pd.Timestamp(meta["basdatum"])
    anst, hand = indata.anstallningar, indata.handelser
    kant = dc_replace(indata, anstallningar=anst.loc[anst["matdatum"] <= basdatum],
                      handelser=hand.loc[hand["datum"] <= basdatum])
    fran = int(cykel) - max(2, konfig.antaganden.cykel_intervall)
    try:
        bt = backtest_mod.backtest(kant, fran, antal_korningar=antal_korningar, seed=seed)
    except Berakningsfel as e:  # e.g. no snapshot in the backtest year at all
        bt = None
        meta["backtest"] = {"fran_cykel": fran, "otillrackligt": str(e)}
    if bt is not None:
        meta["backtest"] = {"fran_cykel": fran, "otillrackligt": bt.otillrackligt or None,
                            "ar": [int(a) for a in bt.ar]}
        if bt.ok:
            t["backtest"] = bt.sammanfattning
            t["backtest_per_grupp"] = bt.per_grupp
    namnder = [n.namn for n in konfig.namnder] + [HELA_KOMMUNEN]
    rader = [{"namnd": n, "stycke": i + 1, "text": text}
             for n in namnder for i, text in enumerate(backtest_mod.hur_saker_text(bt, sim.rekrytering, n))]
    t["osakerhet_text"] = pd.DataFrame(rader, columns=["namnd", "stycke", "text"])

    if sc.kortnamn == "bas" and konfig.scenarier:
        stack = kor_scenarier(indata, cykel, ["bas", *konfig.scenarier], workshop=workshop)
        t["scenarier_gap"] = stack["gap"]
        t["scenarier_rekrytering"] = stack["rekrytering"]
    meta["simulering"] = {"antal_korningar": int(antal_korningar), "seed": int(seed)}
    return Resultat({k: t[k] for k in TABELLER if k in t}, meta)
