"""Backtest: run the forecast from an older snapshot and score it against what happened.

Rule: no forecast is scored on data it was fit on. The forecast from cycle ``fran_cykel``
is computed from the register cut at its base date (``anstallningar.matdatum <= basdatum``,
``handelser.datum <= basdatum``), so the turnover rates come only from periods ending at or
before the base date. The population forecast is used as given (the register does not say
which forecast the kommun had at the time; the text says so).

Per (namnd, yrkeskategori) and later year ``ar`` (the latest snapshot of each later year):

- ``prognos_antal``: the projected staff after hiring, ``max(behov(t), kvar(t))`` from the
  stock-flow (:mod:`kfanalys.modell.rekrytering`; persons, expected value);
- ``faktiskt_antal``: månadsavlönade of the group at the snapshot of year ``ar`` (as N);
- ``prognos_rekryteringar``: the stock-flow's hires in year t (expected value);
- ``faktiska_rekryteringar``: hires into the group between the previous snapshot (exclusive)
  and this one (inclusive), defined as in :func:`kfanalys.modell.uppfoljning.uppfoljning` (which
  computes both actual figures): ``typ == "anstallning"`` from outside the förvaltning
  (``motpart`` annan_forvaltning/extern, the mirror of the turnover definition), counted if
  the person is månadsavlönad in that nämnd at the closing snapshot;
- ``rekryteringar_lag``/``rekryteringar_hog``: the 80 % interval of the year's hires from
  :func:`kfanalys.modell.osakerhet.simulera`; ``inom_intervall`` says whether the actual number lies in it.
  With ``parameterosakerhet=True`` (default) the interval covers random departures and the
  uncertainty of the turnover rate estimated before the base date; it does not cover errors in
  the projected need (the population forecast, the drivers) or a rate that changes over time.

Scores (``sammanfattning``, per nämnd and ``Hela kommunen``): MAPE = mean over (group, year)
of |prognos - faktiskt| / faktiskt, only where the actual value is at least ``minsta_antal``
(skips 0 and the small figures whose percentage error says little); ``andel_inom_intervall``
over the (group, year) rows whose actual headcount is at least ``minsta_antal``.

Rolling origin (:class:`Rullande`, :func:`rullande`): every earlier snapshot year that has at
least :data:`MINSTA_SENARE_AR` later snapshot years up to the scoring cycle's base date
(:func:`ursprungsar`) is an origin; each is scored as above and the rows are stacked with a
column ``fran_cykel``. :func:`poangsatt_rullande` scores the stacked rows per nämnd and ``Hela
kommunen`` (pooled over origins) and adds the 95 % Wilson interval (:func:`wilson`) of the
interval coverage over its ``jamforelser_intervall`` = n comparisons (group-years). The
comparisons are not independent (the same groups in several years and origins), so the Wilson
interval is a lower bound on the real uncertainty of the coverage.

Pure functions: :func:`prova` scores a forecast that has been computed (the whole run, the
register cut at the base date, is :func:`kfanalys.berakning.orkestrering.backtest`; the rolling
run is :func:`kfanalys.berakning.rullande.backtest_rullande`, which hands that function to
:func:`rullande`); the Swedish sentences that quote the scores are in
:mod:`kfanalys.rapport.prognostext`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kfanalys.modell import nulage
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.modell.uppfoljning import uppfoljning

NYCKEL = ["namnd", "yrkeskategori"]
PER_GRUPP_KOLUMNER = ["namnd", "yrkeskategori", "ar", "prognos_antal", "faktiskt_antal", "prognos_rekryteringar",
                      "faktiska_rekryteringar", "rekryteringar_lag", "rekryteringar_hog", "inom_intervall"]
SAMMANFATTNING_KOLUMNER = ["namnd", "mape_antal", "mape_rekryteringar", "andel_inom_intervall", "antal_grupper",
                           "jamforelser_antal", "jamforelser_rekryteringar", "jamforelser_intervall"]
RULLANDE_PER_GRUPP_KOLUMNER = ["fran_cykel", *PER_GRUPP_KOLUMNER]
RULLANDE_KOLUMNER = ["namnd", "mape_antal", "mape_rekryteringar", "andel_inom_intervall",
                     "andel_inom_intervall_lag", "andel_inom_intervall_hog", "antal_ursprung", "antal_grupper",
                     "jamforelser_antal", "jamforelser_rekryteringar", "jamforelser_intervall"]
MINSTA_SENARE_AR = 2
#: The normal quantile of a two-sided 95 % interval.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Backtestresultat:
    """The forecast from ``fran_cykel`` scored against the later snapshots.

    ``per_grupp``: :data:`PER_GRUPP_KOLUMNER` (persons; ``inom_intervall`` bool).
    ``sammanfattning``: :data:`SAMMANFATTNING_KOLUMNER`; ``mape_*`` and ``andel_inom_intervall``
    are fractions 0-1 (NaN if nothing could be compared), ``jamforelser_*`` count the
    (group, year) rows behind each figure, ``antal_grupper`` the groups with any comparison.
    ``otillrackligt``: set (Swedish explanation)
    instead of scores when the data hold too few later years; then the frames are empty.
    """

    fran_cykel: int
    basdatum: pd.Timestamp | None
    ar: tuple[int, ...]
    per_grupp: pd.DataFrame
    sammanfattning: pd.DataFrame
    minsta_antal: int
    antal_korningar: int
    seed: int
    otillrackligt: str | None = None
    parameterosakerhet: bool = True

    @property
    def ok(self) -> bool:
        return self.otillrackligt is None


def senare_matdatum(anstallningar: pd.DataFrame, fran_cykel: int) -> pd.Series:
    """The latest ``matdatum`` of each year after ``fran_cykel`` (index: year), ascending."""
    d = pd.Series(pd.to_datetime(anstallningar["matdatum"]).unique())
    d = d[d.dt.year > int(fran_cykel)]
    return d.groupby(d.dt.year).max().sort_index()


def otillrackligt(fran_cykel: int, basdatum: pd.Timestamp | None, senare: pd.Series, orsak: str, minsta_antal: int,
                  antal_korningar: int, seed: int, parameterosakerhet: bool = True) -> Backtestresultat:
    """A result without scores: ``orsak`` (Swedish) says why the forecast could not be tested."""
    return Backtestresultat(int(fran_cykel), basdatum, tuple(int(a) for a in senare.index),
                            pd.DataFrame(columns=PER_GRUPP_KOLUMNER),
                            pd.DataFrame(columns=SAMMANFATTNING_KOLUMNER), int(minsta_antal),
                            int(antal_korningar), int(seed), otillrackligt=orsak,
                            parameterosakerhet=bool(parameterosakerhet))


def orsak_for_fa_senare_ar(fran_cykel: int, senare: pd.Series) -> str | None:
    """Why a forecast from ``fran_cykel`` cannot be tested with the later snapshots ``senare``
    (:func:`senare_matdatum`), or None if there are enough (:data:`MINSTA_SENARE_AR`)."""
    if len(senare) >= MINSTA_SENARE_AR:
        return None
    finns = ", ".join(str(a) for a in senare.index) or "inget"
    return (f"En prognos från {fran_cykel} kan bara prövas om personaldata har ögonblicksbilder från minst "
            f"{MINSTA_SENARE_AR} senare år; här finns {len(senare)} ({finns}). Ingen prognos prövas på de "
            "uppgifter den byggdes på.")


def orsak_ingen_omsattning(fran_cykel: int, basdatum: pd.Timestamp) -> str:
    """Why a forecast without a turnover rate from before its base date is not tested."""
    return (f"Det finns ingen ögonblicksbild 12 månader före basdatum {pd.Timestamp(basdatum).date().isoformat()}, "
            f"så personalomsättningen kan inte skattas med uppgifter från före {fran_cykel}s prognos.")


def prova(framskrivning: pd.DataFrame, rekrytering_per_ar: pd.DataFrame, simulering_per_ar: pd.DataFrame,
          anstallningar: pd.DataFrame, handelser: pd.DataFrame, fran_cykel: int, minsta_antal: int = 5,
          antal_korningar: int = 1000, seed: int = 2025, parameterosakerhet: bool = True) -> Backtestresultat:
    """Score the forecast made at cycle ``fran_cykel`` against the later snapshots of the register.

    ``framskrivning``/``rekrytering_per_ar``: the forecast's tables (sum rows are ignored);
    ``simulering_per_ar``: its simulation (:class:`kfanalys.modell.osakerhet.Simulering` ``per_ar``,
    for the interval of each year's hires); ``anstallningar``/``handelser``: the register with the
    outcome (everything up to the date the scoring may use; the events as
    :func:`kfanalys.modell.personer.personhandelser` leaves them, persons counted once per nämnd). ``antal_korningar``, ``seed``,
    ``parameterosakerhet``: how the simulation was run (recorded in the result).
    """
    anst, hand = anstallningar, handelser
    basdatum = nulage.basdatum(anst, fran_cykel)
    senare = senare_matdatum(anst, fran_cykel)
    per_ar = rekrytering_per_ar
    per_ar = per_ar[(per_ar["namnd"] != HELA_KOMMUNEN) & (per_ar["yrkeskategori"] != TOTALT)]
    utfall = uppfoljning(framskrivning, per_ar, anst, hand)
    prognos = per_ar.assign(prognos_antal=per_ar["kvar"] + per_ar["rekryteringar"])
    sim = simulering_per_ar
    pg = (utfall.drop(columns=["prognos_behov"])
          .merge(prognos[[*NYCKEL, "ar", "prognos_antal"]], on=[*NYCKEL, "ar"], how="inner")
          .merge(sim[[*NYCKEL, "ar", "rekryteringar_lag", "rekryteringar_hog"]], on=[*NYCKEL, "ar"], how="left"))
    pg = pg[pg["ar"].isin(senare.index)]
    pg["inom_intervall"] = ((pg["faktiska_rekryteringar"] >= pg["rekryteringar_lag"])
                            & (pg["faktiska_rekryteringar"] <= pg["rekryteringar_hog"]))
    pg = pg[PER_GRUPP_KOLUMNER].sort_values([*NYCKEL, "ar"]).reset_index(drop=True)
    ar = tuple(int(a) for a in sorted(pg["ar"].unique()))
    if len(ar) < MINSTA_SENARE_AR:
        orsak = (f"Prognosen från {fran_cykel} räcker {int(per_ar['horisont'].max())} år framåt och personaldata "
                 f"har bara {len(ar)} av de åren; minst {MINSTA_SENARE_AR} behövs.")
        return otillrackligt(fran_cykel, basdatum, senare, orsak, minsta_antal, antal_korningar, seed,
                             parameterosakerhet)
    return Backtestresultat(int(fran_cykel), basdatum, ar, pg, poangsatt(pg, int(minsta_antal)), int(minsta_antal),
                            int(antal_korningar), int(seed), parameterosakerhet=bool(parameterosakerhet))


def _ape(prognos: pd.Series, faktiskt: pd.Series, med: pd.Series) -> pd.Series:
    return ((prognos - faktiskt).abs() / faktiskt).where(med)


def poangsatt(per_grupp: pd.DataFrame, minsta_antal: int = 5) -> pd.DataFrame:
    """Scores per nämnd and ``Hela kommunen`` from ``per_grupp`` (see the module docstring).

    >>> pg = pd.DataFrame({"namnd": "N", "yrkeskategori": "Y", "ar": [2022, 2023],
    ...     "prognos_antal": [20.0, 20.0], "faktiskt_antal": [25, 16], "prognos_rekryteringar": [2.0, 2.0],
    ...     "faktiska_rekryteringar": [5, 1], "inom_intervall": [False, True]})
    >>> r = poangsatt(pg).set_index("namnd")
    >>> float(r.loc["N", "mape_antal"])     # (5/25 + 4/16) / 2 = (0.20 + 0.25) / 2
    0.225
    >>> float(r.loc["N", "mape_rekryteringar"]), int(r.loc["N", "jamforelser_rekryteringar"])  # only 5 >= 5
    (0.6, 1)
    """
    pg = per_grupp
    stor = pg["faktiskt_antal"] >= minsta_antal
    med_r = pg["faktiska_rekryteringar"] >= minsta_antal
    t = pd.DataFrame({
        "namnd": pg["namnd"], "yrkeskategori": pg["yrkeskategori"],
        "ape_antal": _ape(pg["prognos_antal"], pg["faktiskt_antal"], stor),
        "ape_rekryteringar": _ape(pg["prognos_rekryteringar"], pg["faktiska_rekryteringar"], med_r),
        "inom": pg["inom_intervall"].astype(float).where(stor),
    })
    t["_grupp"] = (t["namnd"].astype(str) + "\x00" + t["yrkeskategori"].astype(str)).where(stor)
    delar = [t, t.assign(namnd=HELA_KOMMUNEN)]
    t = pd.concat(delar, ignore_index=True)
    g = t.groupby("namnd", sort=False)
    s = pd.DataFrame({
        "mape_antal": g["ape_antal"].mean(), "mape_rekryteringar": g["ape_rekryteringar"].mean(),
        "andel_inom_intervall": g["inom"].mean(), "antal_grupper": g["_grupp"].nunique(),
        "jamforelser_antal": g["ape_antal"].count(), "jamforelser_rekryteringar": g["ape_rekryteringar"].count(),
        "jamforelser_intervall": g["inom"].count(),
    }).reset_index()
    s["_sist"] = s["namnd"].eq(HELA_KOMMUNEN)
    return s.sort_values(["_sist", "namnd"]).reset_index(drop=True)[SAMMANFATTNING_KOLUMNER]


# ---------------------------------------------------------------------------- rolling origin

@dataclass(frozen=True)
class Rullande:
    """Every earlier origin scored against the outcome up to the base date of ``till_cykel``.

    ``ursprung``: one :class:`Backtestresultat` per origin tried (:func:`ursprungsar`), in year
    order, scored or with ``otillrackligt``; ``per_grupp``: :data:`RULLANDE_PER_GRUPP_KOLUMNER`
    (the scored origins' rows stacked); ``sammanfattning``: :data:`RULLANDE_KOLUMNER`
    (:func:`poangsatt_rullande`). ``otillrackligt``: the Swedish reason when no origin could be
    scored (then both frames are empty).
    """

    till_cykel: int
    basdatum: pd.Timestamp
    ursprung: tuple[Backtestresultat, ...]
    per_grupp: pd.DataFrame
    sammanfattning: pd.DataFrame
    minsta_antal: int
    antal_korningar: int
    seed: int
    otillrackligt: str | None = None
    parameterosakerhet: bool = True

    @property
    def ok(self) -> bool:
        return self.otillrackligt is None

    @property
    def fran_cykler(self) -> tuple[int, ...]:
        """The origins that were scored."""
        return tuple(r.fran_cykel for r in self.ursprung if r.ok)

    @property
    def ar(self) -> tuple[int, ...]:
        """Every year scored by any origin, ascending."""
        return tuple(sorted({a for r in self.ursprung if r.ok for a in r.ar}))


def wilson(k, n, z: float = Z95):
    """The Wilson score interval (default 95 %) of a proportion ``k`` of ``n``: (lag, hog) as
    fractions 0-1, scalars or arrays; NaN where ``n`` is 0. Closed forms at the edges:
    k = 0 gives (0, z²/(n + z²)), k = n gives (n/(n + z²), 1).

    >>> [round(float(x), 4) for x in wilson(78, 100)]   # (0.79921 -+ 0.08343) / 1.038415
    [0.6893, 0.85]
    >>> [round(float(x), 4) for x in wilson(0, 10)]     # 3.8415 / 13.8415
    [0.0, 0.2775]
    >>> [float(x) for x in wilson(3, 0)]
    [nan, nan]
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z2 = z * z
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        namnare = 1 + z2 / n
        mitt = (p + z2 / (2 * n)) / namnare
        halv = z * np.sqrt(np.clip(p * (1 - p), 0, None) / n + z2 / (4 * n * n)) / namnare
    med = n > 0
    lag = np.where(med, np.clip(mitt - halv, 0.0, 1.0), np.nan)
    hog = np.where(med, np.clip(mitt + halv, 0.0, 1.0), np.nan)
    return (lag[()], hog[()]) if lag.ndim == 0 else (lag, hog)


def _bildar(anstallningar: pd.DataFrame, till_cykel: int) -> np.ndarray:
    ar = np.unique(pd.to_datetime(anstallningar["matdatum"]).dt.year.to_numpy())
    return ar[ar <= int(till_cykel)]


def ursprungsar(anstallningar: pd.DataFrame, till_cykel: int) -> tuple[int, ...]:
    """The origins of a rolling backtest scored at ``till_cykel``: every year before it with a
    snapshot that has at least :data:`MINSTA_SENARE_AR` later years with a snapshot up to
    ``till_cykel`` (the register as cut at ``till_cykel``'s base date).

    >>> a = pd.DataFrame({"matdatum": pd.to_datetime(["2021-11-01", "2022-11-01", "2023-11-01",
    ...                                               "2024-11-01", "2025-11-01"])})
    >>> ursprungsar(a, 2025), ursprungsar(a, 2023), ursprungsar(a, 2022)
    ((2021, 2022, 2023), (2021,), ())
    """
    ar = _bildar(anstallningar, till_cykel)
    return tuple(int(y) for y in ar[ar < int(till_cykel)] if int((ar > y).sum()) >= MINSTA_SENARE_AR)


def orsak_inga_ursprung(till_cykel: int, bildar: Sequence[int], forsok: Sequence[Backtestresultat]) -> str:
    """Why no earlier forecast could be scored at ``till_cykel`` (``bildar``: the years with a snapshot
    up to it; ``forsok``: the origins tried, each with its own reason)."""
    tidigare = sorted(int(a) for a in bildar if int(a) < int(till_cykel))
    if forsok:
        return " ".join(str(r.otillrackligt) for r in forsok)  # each names its origin
    if not tidigare:
        return (f"Personaldata har inga ögonblicksbilder från före {int(till_cykel)}, så det finns ingen tidigare "
                "prognos att pröva.")
    senare = pd.Series([int(a) for a in bildar if int(a) > tidigare[0]],
                       index=[int(a) for a in bildar if int(a) > tidigare[0]], dtype="int64")
    return str(orsak_for_fa_senare_ar(tidigare[0], senare))


def poangsatt_rullande(per_grupp: pd.DataFrame, minsta_antal: int = 5) -> pd.DataFrame:
    """Scores of the stacked origins (``per_grupp``: :data:`RULLANDE_PER_GRUPP_KOLUMNER`) per nämnd and
    ``Hela kommunen``, pooled over origins: :func:`poangsatt`, plus ``antal_ursprung`` (origins with a
    comparison) and the 95 % Wilson interval (:func:`wilson`) of ``andel_inom_intervall`` over its
    ``jamforelser_intervall`` comparisons (``andel_inom_intervall_lag``/``_hog``).

    >>> pg = pd.DataFrame({"fran_cykel": [2021, 2021, 2022], "namnd": "N", "yrkeskategori": "Y",
    ...     "ar": [2022, 2023, 2023], "prognos_antal": 20.0, "faktiskt_antal": [25, 16, 20],
    ...     "prognos_rekryteringar": 2.0, "faktiska_rekryteringar": [5, 1, 2],
    ...     "inom_intervall": [False, True, True]})
    >>> r = poangsatt_rullande(pg).set_index("namnd").loc["N"]
    >>> float(r["mape_antal"]), int(r["antal_ursprung"]), int(r["jamforelser_intervall"])  # (0.2+0.25+0)/3
    (0.15, 2, 3)
    """
    pg = per_grupp
    s = poangsatt(pg, int(minsta_antal))
    stor = pg.loc[pg["faktiskt_antal"] >= minsta_antal, ["namnd", "fran_cykel"]]
    ursprung = pd.concat([stor, stor.assign(namnd=HELA_KOMMUNEN)]).groupby("namnd")["fran_cykel"].nunique()
    s["antal_ursprung"] = s["namnd"].map(ursprung).fillna(0).astype("int64")
    n = s["jamforelser_intervall"].astype(float)
    k = (s["andel_inom_intervall"] * n).round()
    lag, hog = wilson(k.to_numpy(), n.to_numpy())
    s["andel_inom_intervall_lag"], s["andel_inom_intervall_hog"] = lag, hog
    return s[RULLANDE_KOLUMNER]


def rullande(anstallningar: pd.DataFrame, till_cykel: int, prova_fran: Callable[[int], Backtestresultat],
             minsta_antal: int = 5, antal_korningar: int = 1000, seed: int = 2025,
             parameterosakerhet: bool = True) -> Rullande:
    """Score every origin of :func:`ursprungsar` with ``prova_fran(fran_cykel)`` (the forecast from that
    origin computed and scored on data up to ``till_cykel``'s base date:
    :func:`kfanalys.berakning.orkestrering.backtest` on the register cut there) and stack the results.

    An origin without a snapshot in the year before it has no turnover rate from before its base
    date: it gets :func:`orsak_ingen_omsattning` without running the forecast (the backtest would
    compute the cycle only to find the same). ``anstallningar``: the register as cut at
    ``till_cykel``'s base date (only its snapshot dates are used). The other arguments are recorded.
    """
    basdatum = nulage.basdatum(anstallningar, int(till_cykel))
    anst = anstallningar.loc[pd.to_datetime(anstallningar["matdatum"]) <= basdatum, ["matdatum"]]
    bildar = _bildar(anst, till_cykel)
    forsok = []
    for fran in ursprungsar(anst, till_cykel):  # a handful of years
        if fran - 1 not in set(bildar.tolist()):
            bas = nulage.basdatum(anst, fran)
            forsok.append(otillrackligt(fran, bas, senare_matdatum(anst, fran), orsak_ingen_omsattning(fran, bas),
                                        minsta_antal, antal_korningar, seed, parameterosakerhet))
        else:
            forsok.append(prova_fran(fran))
    gjorda = [r for r in forsok if r.ok]
    if gjorda:
        pg = pd.concat([r.per_grupp.assign(fran_cykel=r.fran_cykel) for r in gjorda], ignore_index=True)
        pg = pg[RULLANDE_PER_GRUPP_KOLUMNER]
        return Rullande(int(till_cykel), basdatum, tuple(forsok), pg, poangsatt_rullande(pg, int(minsta_antal)),
                        int(minsta_antal), int(antal_korningar), int(seed),
                        parameterosakerhet=bool(parameterosakerhet))
    return Rullande(int(till_cykel), basdatum, tuple(forsok), pd.DataFrame(columns=RULLANDE_PER_GRUPP_KOLUMNER),
                    pd.DataFrame(columns=RULLANDE_KOLUMNER), int(minsta_antal), int(antal_korningar), int(seed),
                    otillrackligt=orsak_inga_ursprung(till_cykel, bildar.tolist(), forsok),
                    parameterosakerhet=bool(parameterosakerhet))
