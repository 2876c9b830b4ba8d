"""One cycle's computation: every table of ARKITEKTUR.md, once, for all nämnder (pure).

:func:`berakna_cykel` takes the validated inputs (:class:`kfanalys.indata.register.Indata`), the
cycle's workshop judgements and the previous cycle's :class:`Resultat`, all given, and runs
nuläge, flöden, pensioner, framskrivning, gap, rekrytering, risk and uppföljning. It reads and
writes no file and finds nothing itself: reading the workbooks, finding the previous cycle
(stored or recomputed), the simulation, the backtest and the scenarios are
:mod:`kfanalys.berakning.orkestrering`; saving and reading the tables is
:mod:`kfanalys.berakning.lagring`.

Every validation error is raised before anything is returned.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from kfanalys import __version__
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.indata.konfig import Scenario
from kfanalys.modell import floden as floden_mod
from kfanalys.modell import gap as gap_mod
from kfanalys.modell import harledning as harledning_mod
from kfanalys.modell import nulage as nulage_mod
from kfanalys.modell import omsattningsmodell as om_mod
from kfanalys.modell import pension as pension_mod
from kfanalys.modell import personer as personer_mod
from kfanalys.modell import risk as risk_mod
from kfanalys.modell import urval as urval_mod
from kfanalys.modell.rekrytering import takt_for_grupper
from kfanalys.modell.scenario import berakna_framat
from kfanalys.modell.uppfoljning import UPPFOLJNING_KOLUMNER, plan_uppfoljning, uppfoljning

NYCKEL = ["namnd", "yrkeskategori"]
#: The tables of a computed cycle (file stems of ARKITEKTUR.md), in the order they are kept.
TABELLER = ("urval", "urval_tackning", "nulage", "aldersstruktur", "chefer", "floden", "omsattning",
            "omsattning_befattning", "pension",
            "pension_per_ar", "framskrivning", "gap", "kvalitativt_gap", "rekrytering", "rekrytering_per_ar", "risk",
            "uppfoljning", "plan", "plan_uppfoljning", "analys", "rekrytering_intervall",
            "rekrytering_intervall_per_ar", "backtest", "backtest_per_grupp", "scenarier_gap",
            "scenarier_rekrytering")
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


@dataclass(frozen=True)
class Stockflode:
    """What the cycle's stock-flow was computed from, kept (in memory, never saved) so the
    simulation runs on exactly these inputs instead of rebuilding them.

    ``personal``: namnd, yrkeskategori, alder, sysselsattningsgrad (persons whose huvudanställning
    is månadsavlönad at the base date, one row per person and nämnd, :mod:`kfanalys.modell.personer`;
    sysselsattningsgrad = the sum over all the person's employments in the nämnd); ``behov_per_ar``: namnd, yrkeskategori, ar, horisont (>= 1), behov
    (the projection, no sum rows); ``takt``: :data:`kfanalys.modell.rekrytering.TAKT_KOLUMNER`
    (the rate of every group and the figures behind it); ``profil``: the pension profile;
    ``omsattningsfaktor``: the scenario's factor on the rates; ``horisonter``; ``basar``;
    ``arliga_avgangar``: computes the departures of every 12-month period up to the base date
    (:func:`kfanalys.modell.omsattningsmodell.arliga_avgangar`) when the simulation first needs them:
    :attr:`omsattningsmodell` is estimated from them once.
    """

    personal: pd.DataFrame
    behov_per_ar: pd.DataFrame
    takt: pd.DataFrame
    profil: dict[int, float]
    omsattningsfaktor: float
    horisonter: tuple[int, ...]
    basar: int
    arliga_avgangar: Callable[[], pd.DataFrame] | None = None

    @functools.cached_property
    def omsattningsmodell(self):
        """The turnover model of the simulation (:func:`kfanalys.modell.omsattningsmodell.skatta`: year-to-year
        variation, small groups pooled toward their nämnd and the kommun), or None without yearly data."""
        if self.arliga_avgangar is None:
            return None
        from kfanalys.modell import omsattningsmodell as om_mod

        return om_mod.skatta(self.arliga_avgangar(), self.personal[NYCKEL].drop_duplicates())


@dataclass
class Resultat:
    """The computed tables of one cycle and scenario (keys = file stems of ARKITEKTUR.md) and
    ``meta`` (the content of antaganden.json; ``meta["anmarkningar"]`` is a list of Swedish notes).

    ``stockflode``: the inputs of the stock-flow (:class:`Stockflode`) when the result was just
    computed; None when it was read from a folder.
    """

    tabeller: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    stockflode: Stockflode | None = field(default=None, repr=False, compare=False)


# ---------------------------------------------------------------------------- helpers

def med_summor(df: pd.DataFrame, grupper: list[str], varden: list[str], alla_eller_inget: tuple[str, ...] = ()
               ) -> pd.DataFrame:
    """Add sum rows: ``Totalt`` per nämnd, ``Hela kommunen`` per yrkeskategori and both.

    ``grupper``: further keys (e.g. ar, horisont); ``varden``: summed columns; a column in
    ``alla_eller_inget`` is summed only where every row has a value (else NaN: a sum over the
    judged categories only would pass for the whole). Other columns of the sum rows are NaN.

    >>> df = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "behov": [10.0, 5.0],
    ...                    "bedomt": [12.0, float("nan")]})
    >>> r = med_summor(df, [], ["behov", "bedomt"], alla_eller_inget=("bedomt",))
    >>> r[r["yrkeskategori"] == "Totalt"][["behov", "bedomt"]].values.tolist()
    [[15.0, nan], [15.0, nan]]
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


def valj_scenario(konfig, scenario: str | Scenario | None) -> Scenario:
    """The :class:`~kfanalys.indata.konfig.Scenario` meant by ``scenario`` (name, kortnamn, a
    Scenario, or None = bas)."""
    return scenario if isinstance(scenario, Scenario) else konfig.scenario(scenario)


def jsonbar(x: Any) -> Any:
    """``x`` with numpy scalars as Python numbers and tuples as lists (for antaganden.json)."""
    if isinstance(x, dict):
        return {str(k): jsonbar(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonbar(v) for v in x]
    if isinstance(x, (np.integer, np.floating)):
        return x.item()
    return x


def pensionsalder(profil: dict) -> int | None:
    """The lowest age at which the pension profile gives a positive probability (None if none does): from this
    age an external departure derived from the snapshots counts as a retirement (modell.harledning)."""
    aldrar = [int(a) for a, p in (profil or {}).items() if float(p) > 0]
    return min(aldrar) if aldrar else None


def handelser(indata, anstallningar: pd.DataFrame, profil: dict) -> pd.DataFrame:
    """THE events of a computation, one per person moving into or out of a nämnd: the events file cleaned by
    :func:`kfanalys.modell.personer.personhandelser` (a second job is no recruitment, losing one of two jobs no
    departure), or, when the data folder has no events file (``indata.handelser_harledda``), the events derived
    from consecutive snapshots by :func:`kfanalys.modell.harledning.harled_handelser`."""
    if getattr(indata, "handelser_harledda", False):
        return harledning_mod.harled_handelser(anstallningar, pensionsalder(profil))
    return personer_mod.personhandelser(indata.handelser, anstallningar)


def _ram(workshop, namn: str) -> pd.DataFrame | None:
    df = getattr(workshop, namn, None) if workshop is not None else None
    return df if isinstance(df, pd.DataFrame) and len(df) else None


def _tom_uppfoljning() -> pd.DataFrame:
    upp = pd.DataFrame({k: pd.Series(dtype="float64") for k in UPPFOLJNING_KOLUMNER})
    upp[NYCKEL] = upp[NYCKEL].astype(object)
    return upp


# ---------------------------------------------------------------------------- compute

def berakna_cykel(indata, cykel: int, scenario: str | Scenario | None = None, workshop=None,
                  foregaende: Resultat | None = None) -> Resultat:
    """Every table of cycle ``cykel`` under ``scenario`` (name, kortnamn, Scenario or None = bas).

    ``indata``: :class:`kfanalys.indata.register.Indata`. ``workshop``: an object with optional frames
    ``bedomningar``, ``kvalitativt``, ``riskbedomning``, ``plan``, ``analys``
    (:class:`kfanalys.indata.workshop.Workshop`) or None. ``foregaende``: the previous cycle's
    Resultat for the follow-up (uppföljning, plan follow-up, the risk's previous judgement), or
    None (also ``False``) for none. The previous cycle is never looked for here: that is
    :func:`kfanalys.berakning.orkestrering.foregaende_resultat` (the one previous-cycle rule).
    """
    konfig = indata.konfig
    sc = valj_scenario(konfig, scenario)
    a = konfig.med_antaganden(sc)
    anst = indata.anstallningar
    hand = handelser(indata, anst, a.pensionsprofil)
    noter: list[str] = list(getattr(indata, "varningar", ()))
    basdatum = nulage_mod.basdatum(anst, cykel)
    befolkning = indata.befolkning if not sc.befolkningsfil else indata.befolkning_fran(sc.befolkningsfil)

    t: dict[str, pd.DataFrame] = {}
    # the forward-looking part first: it holds the checks of the assumptions (driver ages, horizon)
    # the persons at the base date (huvudanställningar, modell.personer), chosen once for every table
    pb = nulage_mod.personbilder(anst, basdatum)
    bild = pb[0].loc[pb[0]["loneform"] == "manad"]
    personal = pd.DataFrame({"namnd": bild["namnd"], "yrkeskategori": bild["yrkeskategori"], "alder": bild["alder"],
                             "sysselsattningsgrad": bild["arsarbetare"] * 100.0})
    t["omsattning"] = floden_mod.omsattning(anst, hand, basdatum)
    takt_alla = floden_mod.omsattningstakt(t["omsattning"], a.minsta_antal)
    takt, n = takt_for_grupper(personal[NYCKEL], t["omsattning"], a.minsta_antal)
    noter += n
    framat = berakna_framat(personal, befolkning, konfig, int(cykel), takt, sc, _ram(workshop, "bedomningar"))
    fram = framat["framskrivning"]
    stockflode = Stockflode(personal.reset_index(drop=True),
                            fram.loc[fram["horisont"] >= 1, [*NYCKEL, "ar", "horisont", "behov"]].reset_index(drop=True),
                            takt, dict(a.pensionsprofil), float(sc.omsattningsfaktor), tuple(a.horisonter), int(cykel),
                            arliga_avgangar=lambda: om_mod.arliga_avgangar(anst, hand, basdatum, t["omsattning"]))

    t["urval"] = urval_mod.urval(anst, basdatum, konfig, personer=pb)
    t["nulage"] = nulage_mod.nulage(anst, basdatum, a.topp_n, personer=pb)
    t["aldersstruktur"] = nulage_mod.aldersstruktur(anst, basdatum, personer=pb)
    t["chefer"] = nulage_mod.chefer(anst, basdatum, a.medarbetare_per_chef, personer=pb)
    t["floden"] = floden_mod.floden(hand, basdatum)
    t["omsattning_befattning"] = floden_mod.omsattning_befattning(anst, hand, basdatum, a.topp_n)
    t["pension_per_ar"] = pension_mod.forvantade_pensioner(anst, basdatum, a.pensionsprofil,
                                                           max(a.pension_inom_ar, *a.horisonter), personer=pb)
    n_med_kommun = nulage_mod.manadsavlonade(anst, basdatum, med_kommun=True, personer=pb)
    bas_n = n_med_kommun.loc[n_med_kommun["namnd"] != HELA_KOMMUNEN].reset_index(drop=True)
    t["urval_tackning"] = urval_mod.tackning(t["urval"], bas_n)
    inom = tuple(sorted({*a.horisonter, a.pension_inom_ar}))
    t["pension"] = pension_mod.pension_sammanfattning(t["pension_per_ar"], n_med_kommun, inom=inom, basar=int(cykel))

    t["kvalitativt_gap"] = gap_mod.kvalitativt_gap(_ram(workshop, "kvalitativt"), bas_n)
    h_risk = 2 if 2 in a.horisonter else min(a.horisonter)
    forslag = risk_mod.foreslagen_risk(framat["rekrytering"], takt_alla, framat["gap"], horisont=h_risk)

    # the previous cycle, given: the follow-up and the risk comparison
    foreg_ar = int(cykel) - konfig.antaganden.cykel_intervall
    foreg = foregaende if isinstance(foregaende, Resultat) else None
    t["risk"] = risk_mod.riskmatris(forslag, _ram(workshop, "riskbedomning"),
                                    foreg.tabeller.get("risk") if foreg is not None else None)
    if foreg is not None and "framskrivning" in foreg.tabeller and "rekrytering_per_ar" in foreg.tabeller:
        upp = uppfoljning(foreg.tabeller["framskrivning"], foreg.tabeller["rekrytering_per_ar"], anst, hand)
    else:
        upp = _tom_uppfoljning()

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
    t["framskrivning"] = med_summor(fram, ["ar", "horisont"], ["antal", "arsarbetare", "behov", "behov_arsarbetare"])
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
        "antaganden": jsonbar(dataclasses.asdict(a)),
        "scenarioantaganden": jsonbar(dataclasses.asdict(sc)),
        "foregaende_cykel": int(foreg.meta.get("cykel", foreg_ar)) if foreg is not None else None,
        "definitioner": {
            "huvudanstallning": personer_mod.DEFINITION_HUVUDANSTALLNING,
            "personer": personer_mod.DEFINITION_PERSONER,
            "arsarbetare": personer_mod.DEFINITION_ARSARBETARE,
            "floden": personer_mod.DEFINITION_FLODEN,
            **({"harledda_floden": harledning_mod.beskrivning(pensionsalder(a.pensionsprofil))}
               if getattr(indata, "handelser_harledda", False) else {}),
            "omsattning": floden_mod.DEFINITION_OMSATTNING,
            "pension": DEFINITION_PENSION,
            "framskrivning": DEFINITION_FRAMSKRIVNING,
            "gap": DEFINITION_GAP,
            "bedomning": gap_mod.BESKRIVNING_BEDOMNING,
            "rekrytering": DEFINITION_REKRYTERING,
            "risk": risk_mod.REGEL,
        },
        "handelser_harledda": bool(getattr(indata, "handelser_harledda", False)),
        "anmarkningar": noter,
        "workshop_fel": dict(fel),
    }
    return Resultat({k: t[k] for k in TABELLER if k in t}, meta, stockflode)
