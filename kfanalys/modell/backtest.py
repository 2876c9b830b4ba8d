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

Pure functions: :func:`prova` scores a forecast that has been computed (the whole run, the
register cut at the base date, is :func:`kfanalys.berakning.orkestrering.backtest`); the
Swedish sentences that quote the scores are in :mod:`kfanalys.rapport.prognostext`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kfanalys.modell import nulage
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.modell.uppfoljning import uppfoljning

NYCKEL = ["namnd", "yrkeskategori"]
PER_GRUPP_KOLUMNER = ["namnd", "yrkeskategori", "ar", "prognos_antal", "faktiskt_antal", "prognos_rekryteringar",
                      "faktiska_rekryteringar", "rekryteringar_lag", "rekryteringar_hog", "inom_intervall"]
SAMMANFATTNING_KOLUMNER = ["namnd", "mape_antal", "mape_rekryteringar", "andel_inom_intervall", "antal_grupper",
                           "jamforelser_antal", "jamforelser_rekryteringar", "jamforelser_intervall"]
MINSTA_SENARE_AR = 2


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
