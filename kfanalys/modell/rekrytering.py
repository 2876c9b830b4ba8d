"""Rekryteringsbehov: a year-by-year stock-flow of expected values (ARKITEKTUR.md "Stock-flow").

Each year t = 1..H, for every (namnd, yrkeskategori) at once (numpy arrays groups x ages):

1. the staff age one year: a person aged A at base retires with probability p(A+t)
   (:func:`kfanalys.modell.pension.hasard`: below the profile's first key 0, above its last key 1);
2. of those left, a share ``takt x omsattningsfaktor`` leaves (turnover excluding retirements);
3. hires(t) = max(0, behov(t) - remaining(t)). Hires do not retire within the horizon but do
   face turnover from the next year on.

Over h years: total = sum of hires; expansion = max(0, stock(h) - N); replacement = total -
expansion, split between pension and turnover in proportion to their exits. Note total =
stock(h) - N + exits always, so replacement >= 0.

:func:`arssteg` is the one yearly step; it takes a ``dra(antal, sannolikhet)`` function
(default: the expected value ``antal x sannolikhet``) so a simulation can pass random draws.

:func:`takt_for_grupper` is the one turnover lookup (own rate, else the nämnd's, else the
kommun's), with the figures each rate was estimated from; the cycle and the simulation both use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.modell.floden import omsattningstakt
from kfanalys.modell.framskrivning import berakningsfel
from kfanalys.modell.pension import hasard

REKRYTERING_KOLUMNER = ["namnd", "yrkeskategori", "horisont", "antal", "behov", "gap", "expansion",
                        "ersattning_omsattning", "ersattning_pension", "totalt"]
PER_AR_KOLUMNER = ["namnd", "yrkeskategori", "ar", "horisont", "behov", "kvar", "pension", "avgangar", "rekryteringar"]
NYCKEL = ["namnd", "yrkeskategori"]
#: Columns of :func:`takt_for_grupper`.
UNDERLAG_KOLUMNER = ["underlag_namnd", "underlag_yrkeskategori", "underlag_avgangar", "underlag_medelantal"]
TAKT_KOLUMNER = [*NYCKEL, "takt", "kalla", *UNDERLAG_KOLUMNER]

Dragning = Callable[[np.ndarray, np.ndarray], np.ndarray]


def vantevarde(antal: np.ndarray, sannolikhet: np.ndarray) -> np.ndarray:
    """Expected exits: ``antal x sannolikhet`` (the default ``dra``)."""
    return antal * sannolikhet


@dataclass
class Bestand:
    """The staff at one point in time: ``ursprung`` (groups x base ages) = base staff still
    employed; ``nya`` (groups) = hires still employed (never retired within the horizon)."""

    ursprung: np.ndarray
    nya: np.ndarray

    def summa(self) -> np.ndarray:
        return self.ursprung.sum(axis=1) + self.nya


@dataclass
class Steg:
    """One year's flows per group (persons): retirements, turnover exits, remaining before hiring, hires."""

    pension: np.ndarray
    avgangar: np.ndarray
    kvar: np.ndarray
    rekryteringar: np.ndarray


def arssteg(bestand: Bestand, risk_pension: np.ndarray, takt: np.ndarray, behov: np.ndarray,
            dra: Dragning = vantevarde) -> tuple[Bestand, Steg]:
    """One year: retirements (``risk_pension`` per base age), then turnover (``takt`` per group),
    then hires up to ``behov`` (per group). Returns the new stock and the year's flows."""
    pension = dra(bestand.ursprung, risk_pension[None, :])
    ursprung = bestand.ursprung - pension
    avg_u = dra(ursprung, np.broadcast_to(takt[:, None], ursprung.shape))
    ursprung = ursprung - avg_u
    avg_n = dra(bestand.nya, takt)
    nya = bestand.nya - avg_n
    kvar = ursprung.sum(axis=1) + nya
    rekr = np.maximum(0.0, behov - kvar)
    return Bestand(ursprung, nya + rekr), Steg(pension.sum(axis=1), avg_u.sum(axis=1) + avg_n, kvar, rekr)


def takt_for_grupper(grupper: pd.DataFrame, omsattning_df: pd.DataFrame, minsta_antal: int = 5
                     ) -> tuple[pd.DataFrame, list[str]]:
    """The turnover rate (excluding retirements, fraction per year) of every group, and the figures
    it was estimated from: the one turnover lookup of the cycle's stock-flow and of the simulation.

    ``grupper``: namnd, yrkeskategori; ``omsattning_df``: omsattning.csv
    (:func:`kfanalys.modell.floden.omsattning`). The rate of a group is, in this order: its row of
    :func:`kfanalys.modell.floden.omsattningstakt` (its own rate, else the yrkeskategori in Hela
    kommunen, else the nämnd's Totalt, else the kommun's Totalt, by the size rule there); for a
    group without a row there, the nämnd's Totalt; else the kommun's Totalt; else 0, with a
    Swedish note (the second value returned).

    Columns :data:`TAKT_KOLUMNER`: namnd, yrkeskategori, takt, kalla (``egen``,
    ``kommunen_yrkeskategori``, ``namnd_totalt``, ``kommunen_totalt``; ``""`` when fixed at 0),
    underlag_namnd, underlag_yrkeskategori (the row of omsattning.csv whose figures give the rate;
    NaN when none), underlag_avgangar (departures excluding retirements, summed over the periods),
    underlag_medelantal (mean headcount summed over the periods = person-years of exposure);
    takt == underlag_avgangar / underlag_medelantal where given.

    >>> o = pd.DataFrame({"namnd": ["N", "N", "Hela kommunen", "Hela kommunen"],
    ...     "yrkeskategori": ["A", "Totalt", "A", "Totalt"], "period": "senaste_12",
    ...     "medelantal": [8.0, 100.0, 300.0, 1000.0], "avgangar": [1, 12, 30, 110],
    ...     "avgangar_pension": [0, 2, 6, 10]})
    >>> t, _ = takt_for_grupper(pd.DataFrame({"namnd": ["N", "N"], "yrkeskategori": ["A", "B"]}), o)
    >>> t[["takt", "kalla", "underlag_namnd", "underlag_yrkeskategori", "underlag_medelantal"]].values.tolist()
    [[0.08, 'kommunen_yrkeskategori', 'Hela kommunen', 'A', 300.0], [0.1, 'namnd_totalt', 'N', 'Totalt', 100.0]]
    """
    g = grupper[NYCKEL].drop_duplicates().reset_index(drop=True)
    ta = omsattningstakt(omsattning_df, minsta_antal).dropna(subset=["takt"])
    fran_kommun = ta["kalla"].isin(["kommunen_yrkeskategori", "kommunen_totalt"])
    fran_totalt = ta["kalla"].isin(["namnd_totalt", "kommunen_totalt"])
    kallor = pd.DataFrame({"namnd": ta["namnd"], "yrkeskategori": ta["yrkeskategori"], "takt": ta["takt"],
                           "kalla": ta["kalla"], "underlag_namnd": ta["namnd"].where(~fran_kommun, HELA_KOMMUNEN),
                           "underlag_yrkeskategori": ta["yrkeskategori"].where(~fran_totalt, TOTALT)})
    fyll = ["takt", "kalla", "underlag_namnd", "underlag_yrkeskategori"]
    ut = g.merge(kallor, on=NYCKEL, how="left")
    # groups without a row: the nämnd's Totalt, then the kommun's Totalt (one row or none)
    namnd_tot = kallor[kallor["yrkeskategori"] == TOTALT].drop(columns="yrkeskategori")
    namnd_tot = namnd_tot.assign(kalla=namnd_tot["kalla"].replace("egen", "namnd_totalt"))
    kommun = kallor[(kallor["namnd"] == HELA_KOMMUNEN) & (kallor["yrkeskategori"] == TOTALT)]
    reserver = [g[["namnd"]].merge(namnd_tot, on="namnd", how="left")]
    if len(kommun):
        k = kommun.iloc[0]
        reserver.append(pd.DataFrame({"takt": float(k["takt"]), "kalla": "kommunen_totalt",
                                      "underlag_namnd": k["underlag_namnd"],
                                      "underlag_yrkeskategori": k["underlag_yrkeskategori"]}, index=g.index))
    for reserv in reserver:  # two fallbacks, in order
        saknas = ut["takt"].isna().to_numpy()
        for kol in fyll:
            ut[kol] = ut[kol].where(~saknas, reserv[kol].to_numpy())
    o = omsattning_df.groupby(NYCKEL, sort=False)[["medelantal", "avgangar", "avgangar_pension"]].sum()
    o = pd.DataFrame({"underlag_namnd": o.index.get_level_values(0),
                      "underlag_yrkeskategori": o.index.get_level_values(1),
                      "underlag_avgangar": (o["avgangar"] - o["avgangar_pension"]).to_numpy(dtype=float),
                      "underlag_medelantal": o["medelantal"].to_numpy(dtype=float)})
    ut = ut.merge(o, on=["underlag_namnd", "underlag_yrkeskategori"], how="left")
    # defensive: figures that do not reproduce the rate are not given (no posterior, fixed rate)
    skattad = ut["underlag_avgangar"] / ut["underlag_medelantal"].where(ut["underlag_medelantal"] > 0)
    fel = ~np.isclose(skattad.to_numpy(dtype=float), ut["takt"].to_numpy(dtype=float), rtol=0, atol=1e-12)
    ut.loc[fel, UNDERLAG_KOLUMNER] = np.nan
    noter = []
    if ut["takt"].isna().any():
        noter.append("Personalomsättningen kunde inte beräknas (det behövs ögonblicksbilder 12 månader före "
                     "basdatum); rekryteringsbehovet räknas utan personalomsättning för "
                     f"{int(ut['takt'].isna().sum())} yrkeskategorier.")
        ut["takt"] = ut["takt"].fillna(0.0)
    ut["takt"] = ut["takt"].astype("float64")
    ut["kalla"] = ut["kalla"].fillna("")
    return ut[TAKT_KOLUMNER], noter


def takt_per_grupp(grupper: pd.DataFrame, takt: pd.DataFrame, omsattningsfaktor: float = 1.0,
                   vad: str = "Rekryteringsbehov") -> np.ndarray:
    """The yearly turnover rate (excluding retirements) of each row of ``grupper`` (namnd,
    yrkeskategori) from ``takt`` (namnd, yrkeskategori, takt; the last row of a group wins),
    times ``omsattningsfaktor``. A missing rate or one outside 0-1 raises
    :class:`~kfanalys.grund.fel.Berakningsfel` naming each group; ``vad`` starts the message.

    >>> g = pd.DataFrame({"namnd": ["N", "N"], "yrkeskategori": ["A", "B"]})
    >>> t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["B", "A"], "takt": [0.2, 0.1]})
    >>> takt_per_grupp(g, t, 0.5).tolist()
    [0.05, 0.1]
    """
    nycklar = NYCKEL
    t = takt[nycklar + ["takt"]].drop_duplicates(nycklar, keep="last")
    tv = grupper[nycklar].merge(t, on=nycklar, how="left")["takt"].to_numpy(dtype=float) * float(omsattningsfaktor)
    fel = np.isnan(tv) | (tv < 0) | (tv > 1)
    if fel.any():
        raise berakningsfel([f"yrkeskategori {r.yrkeskategori} ({r.namnd}): personalomsättningen "
                             f"{'saknas' if np.isnan(v) else f'{v:g} ska vara mellan 0 och 1'}"
                             for r, v in zip(grupper[fel].itertuples(), tv[fel])],
                            f"{vad}: personalomsättning per år behövs")
    return tv


def rekryteringsbehov(personal: pd.DataFrame, behov_per_ar: pd.DataFrame, takt: pd.DataFrame,
                      profil: Mapping[int, float], horisonter: Iterable[int] = (2, 5),
                      omsattningsfaktor: float = 1.0, basar: int | None = None,
                      dra: Dragning = vantevarde) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Recruitment need per nämnd, yrkeskategori and horizon, and the yearly flows.

    ``personal``: namnd, yrkeskategori, alder (age at the base date = basar - fodelsear), one
    row per månadsavlönad person at base, or aggregated with a column ``antal``.
    ``behov_per_ar``: namnd, yrkeskategori, horisont (1..max(horisonter) needed; 0 ignored),
    behov (persons); an ``ar`` column, if present, gives the calendar years.
    ``takt``: namnd, yrkeskategori, takt (turnover excluding retirements, fraction per year);
    every group of ``behov_per_ar`` needs one. ``profil``: age -> retirement probability.

    Returns (rekrytering.csv, rekrytering_per_ar.csv):
    - namnd, yrkeskategori, horisont, antal (N), behov (behov(h)), gap (N - behov(h)), expansion,
      ersattning_omsattning, ersattning_pension, totalt (persons, expected values);
    - namnd, yrkeskategori, ar, horisont, behov, kvar (before hiring), pension, avgangar
      (turnover exits), rekryteringar.

    >>> p = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "alder": [30], "antal": [100]})
    >>> b = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "horisont": [1, 2, 3], "behov": [80.0] * 3})
    >>> t = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["S"], "takt": [0.1]})
    >>> _, per_ar = rekryteringsbehov(p, b, t, {65: 1.0}, horisonter=(3,))
    >>> per_ar.rekryteringar.round(1).tolist()     # kvar 90, 81, 72.9
    [0.0, 0.0, 7.1]
    """
    horisonter = sorted({int(h) for h in horisonter})
    H = max(horisonter)
    nycklar = ["namnd", "yrkeskategori"]

    b = behov_per_ar[(behov_per_ar["horisont"] >= 1) & (behov_per_ar["horisont"] <= H)]
    grupper = behov_per_ar[nycklar].drop_duplicates().sort_values(nycklar).reset_index(drop=True)
    G = len(grupper)
    gindex = pd.MultiIndex.from_frame(grupper)
    gi = gindex.get_indexer(pd.MultiIndex.from_frame(b[nycklar]))
    behov = np.full((G, H), np.nan)
    behov[gi, b["horisont"].to_numpy(dtype=np.int64) - 1] = b["behov"].to_numpy(dtype=float)
    saknas = np.isnan(behov).any(axis=1)
    if saknas.any():
        raise berakningsfel([f"yrkeskategori {r.yrkeskategori} ({r.namnd}): behovet saknas för något av åren 1-{H}"
                             for r in grupper[saknas].itertuples()], "Rekryteringsbehov: framskrivningen är ofullständig")

    tv = takt_per_grupp(grupper, takt, omsattningsfaktor, "Rekryteringsbehov")

    # Base staff as counts per (group, base age).
    p = personal[nycklar + ["alder"] + (["antal"] if "antal" in personal.columns else [])]
    pg = gindex.get_indexer(pd.MultiIndex.from_frame(p[nycklar]))
    med = pg >= 0
    alder = p["alder"].to_numpy(dtype=np.int64)[med]
    vikt = p["antal"].to_numpy(dtype=float)[med] if "antal" in p.columns else np.ones(int(med.sum()))
    amin, amax = (int(alder.min()), int(alder.max())) if len(alder) else (0, 0)
    ursprung = np.zeros((G, amax - amin + 1))
    np.add.at(ursprung, (pg[med], alder - amin), vikt)
    aldrar = np.arange(amin, amax + 1)
    N = ursprung.sum(axis=1)

    bestand = Bestand(ursprung, np.zeros(G))
    steg: list[Steg] = []
    stock: dict[int, np.ndarray] = {}
    for ar in range(1, H + 1):  # loop over years only; every group and age at once
        bestand, s = arssteg(bestand, hasard(aldrar + ar, profil), tv, behov[:, ar - 1], dra)
        steg.append(s)
        stock[ar] = bestand.summa()

    pension = np.stack([s.pension for s in steg], axis=1)
    avgangar = np.stack([s.avgangar for s in steg], axis=1)
    rekr = np.stack([s.rekryteringar for s in steg], axis=1)
    kvar = np.stack([s.kvar for s in steg], axis=1)

    rader = []
    for h in horisonter:
        totalt = rekr[:, :h].sum(axis=1)
        expansion = np.maximum(0.0, stock[h] - N)
        ersattning = totalt - expansion
        P, T = pension[:, :h].sum(axis=1), avgangar[:, :h].sum(axis=1)
        andel_p = np.divide(P, P + T, out=np.zeros(G), where=(P + T) > 0)
        rader.append(grupper.assign(horisont=h, antal=N, behov=behov[:, h - 1], gap=N - behov[:, h - 1],
                                    expansion=expansion, ersattning_omsattning=ersattning * (1 - andel_p),
                                    ersattning_pension=ersattning * andel_p, totalt=totalt))
    rekrytering = pd.concat(rader, ignore_index=True).sort_values(nycklar + ["horisont"])[REKRYTERING_KOLUMNER]

    if "ar" in behov_per_ar.columns and len(behov_per_ar):
        forsta = behov_per_ar.iloc[0]
        basar = int(forsta["ar"]) - int(forsta["horisont"])
    h_ar = np.arange(1, H + 1)
    per_ar = pd.DataFrame({
        "namnd": np.repeat(grupper["namnd"].to_numpy(), H),
        "yrkeskategori": np.repeat(grupper["yrkeskategori"].to_numpy(), H),
        "ar": np.tile(h_ar + (basar or 0), G),
        "horisont": np.tile(h_ar, G),
        "behov": behov.reshape(-1), "kvar": kvar.reshape(-1), "pension": pension.reshape(-1),
        "avgangar": avgangar.reshape(-1), "rekryteringar": rekr.reshape(-1),
    })
    return rekrytering.reset_index(drop=True), per_ar[PER_AR_KOLUMNER]

