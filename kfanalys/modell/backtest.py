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
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    ``text``: a Swedish plain-language summary. ``otillrackligt``: set (Swedish explanation)
    instead of scores when the data hold too few later years; then the frames are empty.
    """

    fran_cykel: int
    basdatum: pd.Timestamp | None
    ar: tuple[int, ...]
    per_grupp: pd.DataFrame
    sammanfattning: pd.DataFrame
    text: str
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


def _otillrackligt(fran_cykel, basdatum, senare, orsak, minsta_antal, antal_korningar, seed,
                   parameterosakerhet=True):
    return Backtestresultat(int(fran_cykel), basdatum, tuple(int(a) for a in senare.index),
                            pd.DataFrame(columns=PER_GRUPP_KOLUMNER),
                            pd.DataFrame(columns=SAMMANFATTNING_KOLUMNER),
                            f"Prognosen har inte kunnat prövas mot verkligt utfall. {orsak}", int(minsta_antal),
                            int(antal_korningar), int(seed), otillrackligt=orsak,
                            parameterosakerhet=bool(parameterosakerhet))


def backtest(indata, fran_cykel: int, antal_korningar: int = 1000, seed: int = 2025,
             parameterosakerhet: bool = True) -> Backtestresultat:
    """Forecast from cycle ``fran_cykel`` (bas scenario, no workshop judgements) with only the
    data up to its base date, scored against the later snapshots (see the module docstring).

    ``indata``: :class:`kfanalys.indata.register.Indata`. Needs at least two later years with a snapshot
    and a snapshot 12 months before the base date (for the turnover rate); otherwise the
    result has ``otillrackligt`` (a Swedish explanation) and no scores. ``parameterosakerhet``:
    passed to :func:`kfanalys.modell.osakerhet.simulera_resultat` (False = fixed turnover rates).
    """
    from kfanalys.berakning.cykel import berakna_cykel
    from kfanalys.modell.osakerhet import simulera_resultat

    anst, hand = indata.anstallningar, indata.handelser
    minsta = int(indata.konfig.antaganden.minsta_antal)
    basdatum = nulage.basdatum(anst, fran_cykel)
    senare = senare_matdatum(anst, fran_cykel)
    if len(senare) < MINSTA_SENARE_AR:
        finns = ", ".join(str(a) for a in senare.index) or "inget"
        orsak = (f"En prognos från {fran_cykel} kan bara prövas om personaldata har ögonblicksbilder från minst "
                 f"{MINSTA_SENARE_AR} senare år; här finns {len(senare)} ({finns}). Ingen prognos prövas på de "
                 "uppgifter den byggdes på.")
        return _otillrackligt(fran_cykel, basdatum, senare, orsak, minsta, antal_korningar, seed,
                                 parameterosakerhet)

    # the register as it looked at the base date: nothing later can leak into the forecast
    fore = replace(indata, anstallningar=anst.loc[anst["matdatum"] <= basdatum],
                   handelser=hand.loc[hand["datum"] <= basdatum])
    res = berakna_cykel(fore, fran_cykel, None, None, foregaende=False)
    if res.tabeller["omsattning"].empty:
        orsak = (f"Det finns ingen ögonblicksbild 12 månader före basdatum {basdatum.date().isoformat()}, så "
                 f"personalomsättningen kan inte skattas med uppgifter från före {fran_cykel}s prognos.")
        return _otillrackligt(fran_cykel, basdatum, senare, orsak, minsta, antal_korningar, seed,
                                 parameterosakerhet)

    per_ar = res.tabeller["rekrytering_per_ar"]
    per_ar = per_ar[(per_ar["namnd"] != HELA_KOMMUNEN) & (per_ar["yrkeskategori"] != TOTALT)]
    horisonter = range(1, int(per_ar["horisont"].max()) + 1)
    sim = simulera_resultat(fore, fran_cykel, res, None, antal_korningar, seed, horisonter,
                            parameterosakerhet=parameterosakerhet).per_ar

    utfall = uppfoljning(res.tabeller["framskrivning"], per_ar, anst, hand)
    prognos = per_ar.assign(prognos_antal=per_ar["kvar"] + per_ar["rekryteringar"])
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
        return _otillrackligt(fran_cykel, basdatum, senare, orsak, minsta, antal_korningar, seed,
                                 parameterosakerhet)
    sammanf = poangsatt(pg, minsta)
    ut = Backtestresultat(int(fran_cykel), basdatum, ar, pg, sammanf, "", minsta, int(antal_korningar), int(seed),
                          parameterosakerhet=bool(parameterosakerhet))
    return replace(ut, text="\n\n".join(_backtest_stycke(ut, HELA_KOMMUNEN)))


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


# --------------------------------------------------------------------------- text

def _tal(x) -> str:
    from kfanalys.grund.talformat import fmt_tal

    return fmt_tal(x)


def _procent(x, decimaler: int = 0) -> str:
    from kfanalys.grund.talformat import fmt_procent

    return fmt_procent(x, decimaler)


def _arspann(ar: tuple[int, ...]) -> str:
    return str(ar[0]) if len(ar) == 1 else f"{ar[0]}–{ar[-1]}"


def _backtest_stycke(res: Backtestresultat, namnd: str) -> list[str]:
    if not res.ok:
        return [f"Prognosen har inte kunnat prövas mot verkligt utfall. {res.otillrackligt}"]
    s = res.sammanfattning.set_index("namnd")
    vem = "kommunen" if namnd == HELA_KOMMUNEN else "nämnden"
    if namnd not in s.index or s.loc[namnd, "jamforelser_antal"] == 0:
        return [f"Prognosen från {res.fran_cykel} har prövats mot utfallet {_arspann(res.ar)}, men för {vem} "
                f"fanns ingen yrkeskategori med minst {res.minsta_antal} anställda att jämföra."]
    r = s.loc[namnd]
    meningar = [
        f"Hur väl har metoden träffat tidigare? Vi gjorde samma prognos från läget {res.fran_cykel}, "
        f"bara med de uppgifter som fanns då, och jämförde med vad som faktiskt hände {_arspann(res.ar)}.",
        f"Antalet anställda per yrkeskategori och år blev i genomsnitt fel med {_procent(r.mape_antal, 1)}.",
    ]
    if r.jamforelser_rekryteringar > 0:
        meningar.append(f"Antalet rekryteringar per år blev i genomsnitt fel med "
                        f"{_procent(r.mape_rekryteringar)}; rekryteringar är svårare att förutse "
                        "eftersom de beror på hur många som råkar sluta ett visst år.")
    if r.jamforelser_intervall > 0:
        andel = float(r.andel_inom_intervall)
        meningar.append(f"{_procent(andel)} av de faktiska rekryteringarna hamnade inom prognosens "
                        "osäkerhetsintervall (om intervallet är rimligt bör det vara omkring 80 %).")
        if andel < 0.65:
            meningar.append("Utfallen hamnade alltså oftare utanför intervallet än väntat: osäkerheten är "
                            "större än modellen räknar med, till exempel för att personalomsättningen "
                            "varierar mellan åren eller för att behovet utvecklats annorlunda än prognosen.")
    if namnd != HELA_KOMMUNEN and HELA_KOMMUNEN in s.index and s.loc[HELA_KOMMUNEN, "jamforelser_antal"] > 0:
        meningar.append(f"För hela kommunen var felet {_procent(s.loc[HELA_KOMMUNEN, 'mape_antal'], 1)} "
                        "för antalet anställda.")
    stycken = [" ".join(meningar)]
    stycken.append(f"Yrkeskategorier och år med färre än {res.minsta_antal} anställda (eller rekryteringar) "
                   "räknas inte in i felen, eftersom ett procentfel på ett litet tal säger lite. "
                   "Befolkningsprognosen är den som finns i dag, inte den som fanns "
                   f"{res.fran_cykel}.")
    return stycken


def hur_saker_text(backtest_resultat: Backtestresultat | None, simulering_df: pd.DataFrame | None,
                   namnd: str, parameterosakerhet: bool = True) -> list[str]:
    """The paragraphs of "Hur säker är prognosen?" for one nämnd (or ``Hela kommunen``), in Swedish.

    ``simulering_df``: :func:`kfanalys.modell.osakerhet.simulera_rekrytering` output with the nämnd's
    ``Totalt`` row (the interval of the longest horizon is quoted). ``backtest_resultat``:
    :func:`backtest` output, or None to leave the backtest out. ``parameterosakerhet``: whether the
    simulation drew the turnover rates from their uncertainty (as ``simulera_rekrytering``'s
    argument); the text says what the interval covers.

    >>> sim = pd.DataFrame({"namnd": "N", "yrkeskategori": "Totalt", "horisont": [2, 5], "median": [40, 98],
    ...                     "lag": [33, 86], "hog": [47, 110], "medel": [40.1, 98.2], "antal_korningar": 1000,
    ...                     "seed": 2025})
    >>> hur_saker_text(None, sim, "N")[0].split(". ")[-1]
    'På 5 år behöver nämnden rekrytera mellan 86 och 110 personer i 8 fall av 10; mittvärdet är 98 personer.'
    """
    stycken: list[str] = []
    if simulering_df is not None and len(simulering_df):
        s = simulering_df[(simulering_df["namnd"] == namnd) & (simulering_df["yrkeskategori"] == TOTALT)]
        if len(s):
            r = s.sort_values("horisont").iloc[-1]
            vem = "kommunen" if namnd == HELA_KOMMUNEN else "nämnden"
            stycken.append(
                "Rekryteringsbehovet bygger på antaganden om hur många som går i pension och slutar, och "
                "avgångar sker i verkligheten slumpmässigt. Därför har prognosen räknats om "
                f"{_tal(r['antal_korningar'])} gånger med slumpmässiga avgångar (slumpfrö {int(r['seed'])}). "
                + ("Personalomsättningen är dessutom skattad från de senaste årens avgångar och kan vara "
                   "fel, mest för små yrkeskategorier; därför får den variera mellan omräkningarna så "
                   "mycket som den är osäker. " if parameterosakerhet else "") +
                f"På {int(r['horisont'])} år behöver {vem} rekrytera mellan {_tal(r['lag'])} och "
                f"{_tal(r['hog'])} personer i 8 fall av 10; mittvärdet är {_tal(r['median'])} personer.")
    if backtest_resultat is not None:
        stycken.extend(_backtest_stycke(backtest_resultat, namnd))
    if stycken:
        tacker = ("slumpen i avgångarna och osäkerheten i den skattade personalomsättningen; om behovet "
                  "utvecklas annorlunda än prognosen eller personalomsättningen ökar eller minskar över tid"
                  if parameterosakerhet else
                  "bara slumpen i avgångarna; om behovet eller personalomsättningen ändras på annat sätt "
                  "än prognosen antar")
        stycken.append("Läs därför rekryteringsbehovet som ett intervall snarare än ett exakt tal. "
                       f"Intervallet visar {tacker} blir avvikelsen större.")
    return stycken
