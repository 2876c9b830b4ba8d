"""Osäkerhet: intervall för rekryteringsbehovet genom att simulera stock-flow-modellen många gånger.

The deterministic stock-flow (:mod:`kfanalys.modell.rekrytering`, ARKITEKTUR.md "Stock-flow") gives the
*expected* recruitment need. Departures are random, so the real outcome scatters around it.
Here the same model is run ``antal_korningar`` times with random departures:

- each year the staff age one year; a person aged A at the base date still employed in year t
  retires with probability p(A+t) (the pension profile): retirements ~ Bin(n, p(A+t)) per age;
- then turnover exits among the rest: ~ Bin(rest, takt x omsattningsfaktor);
- earlier hires face turnover exits too (but no retirement), as in the deterministic model;
- hires(t) = max(0, behov(t) - remaining(t)), where behov(t) is rounded to whole persons
  (a simulated run counts persons, so hires are whole numbers).

Parameter uncertainty (``parameterosakerhet=True``, the default): the turnover rate is itself
an estimate, from the departures of one or two 12-month periods (:func:`kfanalys.modell.floden.omsattningstakt`).
When the ``takt`` table carries the figures it was estimated from (``underlag_avgangar`` = departures
excluding retirements, ``underlag_medelantal`` = the pooled mean headcount, i.e. person-years of
exposure; see :func:`kfanalys.modell.rekrytering.takt_for_grupper`), every run draws its own rate from the posterior
Beta(avgangar + ½, medelantal - avgangar + ½) (Jeffreys prior) and keeps it for all years; then
scales it by ``omsattningsfaktor``. Groups whose rate was borrowed from a fallback (the
yrkeskategori in Hela kommunen, the nämnd's total, the kommun's total) use the fallback's figures
and share one draw per run with every other group borrowing the same rate (it is the same
unknown number). Groups without these figures keep the fixed rate. The posterior mean
(avgangar + ½) / (medelantal + 1) is a little above avgangar / medelantal for small groups, so the
simulated mean can lie a little above the deterministic expected value.

The turnover model (``omsattningsmodell``, :mod:`kfanalys.modell.omsattningsmodell`; what
:func:`kfanalys.berakning.orkestrering.simulera_resultat` passes): instead of the above, each
run draws the group's mean rate mu level by level (the kommun's, its nämnd's given the kommun's,
the group's given its nämnd's, each a conjugate Beta of the pooled model, so small groups borrow
from their nämnd and the nämnd's draw is shared by its groups), and then EACH YEAR a new rate
p_t ~ Beta(mu x kappa, (1 - mu) x kappa), kappa estimated from how much the yearly rates varied
more than binomial noise (one kappa for the kommun); p_t x omsattningsfaktor is that year's
rate. The yearly rates come from a third generator seeded from ``(seed, 2)`` and the pooled
levels from a fourth, ``(seed, 3)``, so with no pooling and no between-year variation (one
period) the runs are exactly those of the parameter-uncertainty model above.

What the interval covers: the randomness of who retires and who leaves in each year, and (with
``parameterosakerhet``) the statistical uncertainty of the turnover rate given the observed
departures. With the turnover model it also covers a rate that varies from year to year as much
as it has varied in the periods observed, and the uncertainty of a small group's rate (pooled
toward its nämnd's instead of a hard switch to a borrowed rate). It does NOT cover a trend in
turnover (the mean rate is taken as stable over the horizon), yearly shocks shared by all groups
of a nämnd or of the kommun (each group's yearly rate is drawn on its own, so the interval of a
sum may be a little narrow), departures of staff outside the turnover definition (visstid,
moves to another yrkeskategori within the förvaltning), errors in the projected need (``behov``:
the population forecast, the drivers), or a retirement profile that is wrong. With a single
12-month period the between-year variation cannot be estimated and is taken as zero (the
model's ``meta["anmarkning"]`` says so).

The recruitment need over h years is the sum of hires in years 1..h. Per (namnd, yrkeskategori)
and horizon the result gives the median and the 80 % interval (10th and 90th percentile, as
whole persons: ``lag`` is the smallest value with at least 10 % of the runs at or below it,
``hog`` the smallest with at least 90 %; so at least 80 % of the runs lie in [lag, hog]).
The same ``seed`` gives an identical result.

The yearly step is the deterministic model's own :func:`kfanalys.modell.rekrytering.arssteg`, given
binomial draws instead of expected values, so the two can never drift apart. Vectorised: the
state is an array (runs x groups, age classes) of whole persons and each year costs three
``numpy.random.Generator.binomial`` calls; there is no Python loop over persons or groups.
The rates are drawn from a second generator seeded from ``(seed, 1)``, so the departure draws
use the same random stream with and without parameter uncertainty.
Ages whose retirement hazards are identical over the whole horizon (everyone too young to
retire within it; everyone past the last key of the profile) are merged into one age class,
which is exact (a sum of binomials with equal p is binomial) and makes the arrays small.
Runs are processed in chunks of a fixed size so memory stays bounded for many groups.

Sums: with ``summor=True`` the result also has the nämnd's total (``yrkeskategori ==
"Totalt"``), each yrkeskategori over all nämnder (``namnd == "Hela kommunen"``) and the
kommun total. Their intervals are computed from the per-run sums (an interval of a sum is not
the sum of the intervals).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.modell.framskrivning import berakningsfel
from kfanalys.modell.omsattningsmodell import Modelldragning, Omsattningsmodell, modelldragning
from kfanalys.modell.pension import hasard
from kfanalys.modell.rekrytering import Bestand, arssteg, takt_per_grupp
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

NYCKEL = ["namnd", "yrkeskategori"]
KVANTILER = (0.10, 0.50, 0.90)
# Elements of the (runs, groups, age classes) state per chunk; about 32 MB of int64.
_MAX_ELEMENT_PER_BIT = 4_000_000
_BITSTORLEK = 250  # runs per chunk when the groups are few (fixed, so results never depend on memory)


@dataclass(frozen=True)
class Simulering:
    """Result of :func:`simulera`.

    ``rekrytering``: namnd, yrkeskategori, horisont, median, lag, hog, medel, antal_korningar, seed
    (recruitments summed over years 1..horisont; persons).

    ``per_ar``: namnd, yrkeskategori, ar (if known), horisont, lag, hog, dagens_kvar_median,
    dagens_kvar_medel, rekryteringar_lag, rekryteringar_median, rekryteringar_hog,
    rekryteringar_medel, antal_korningar, seed. ``lag``/``hog`` is the 80 % interval of *today's
    staff still employed in year ar if nobody were hired* (persons; not the same as ``kvar`` of
    rekrytering_per_ar.csv, which includes earlier hires); the ``rekryteringar_*`` columns are
    the recruitments in that single year.
    """

    rekrytering: pd.DataFrame
    per_ar: pd.DataFrame
    omsattningsmodell: dict | None = None  # the turnover model's meta when one was used (kappa, k0, ...)


def _kontrollera_kolumner(df: pd.DataFrame, kolumner: list[str], namn: str) -> None:
    saknas = [k for k in kolumner if k not in df.columns]
    if saknas:
        raise Berakningsfel(f"Tabellen {namn} saknar kolumnerna {', '.join(saknas)} "
                            f"(förväntade {', '.join(kolumner)}).")


@dataclass(frozen=True)
class _Posterior:
    """Beta posteriors of the turnover rates: ``kalla`` (groups; index into ``a``/``b``, -1 = fixed
    rate), ``a``/``b`` (sources) and the scenario factor applied to every draw."""

    kalla: np.ndarray
    a: np.ndarray
    b: np.ndarray
    faktor: float


def _posterior(grupper: pd.DataFrame, takt: pd.DataFrame, faktor: float) -> _Posterior | None:
    """Jeffreys posteriors Beta(d + 1/2, E - d + 1/2) from the ``underlag_*`` columns of ``takt``
    (d = underlag_avgangar, E = underlag_medelantal), one per distinct source; None if absent."""
    if not {"underlag_avgangar", "underlag_medelantal"} <= set(takt.columns):
        return None
    u = takt.drop_duplicates(NYCKEL, keep="last")
    u = grupper.merge(u, on=NYCKEL, how="left")
    d = u["underlag_avgangar"].to_numpy(dtype=float)
    e = u["underlag_medelantal"].to_numpy(dtype=float)
    ok = np.isfinite(d) & np.isfinite(e) & (e > 0) & (d >= 0)
    if not ok.any():
        return None
    # groups borrowing the same rate share one draw: the source is (underlag_namnd,
    # underlag_yrkeskategori) if given, else the group itself
    kn = u["underlag_namnd"] if "underlag_namnd" in u.columns else u["namnd"]
    ky = u["underlag_yrkeskategori"] if "underlag_yrkeskategori" in u.columns else u["yrkeskategori"]
    nyckel = pd.DataFrame({"n": kn.fillna(u["namnd"]).astype(str).to_numpy(),
                           "y": ky.fillna(u["yrkeskategori"]).astype(str).to_numpy(), "d": d, "e": e})[ok]
    kallor, idx = np.unique(nyckel.to_numpy(dtype=str), axis=0, return_inverse=True)
    idx = np.asarray(idx).reshape(-1)
    kalla = np.full(len(grupper), -1, dtype=np.int64)
    kalla[np.flatnonzero(ok)] = idx
    dk = np.zeros(len(kallor))
    ek = np.zeros(len(kallor))
    dk[idx], ek[idx] = d[ok], e[ok]
    return _Posterior(kalla, dk + 0.5, np.maximum(ek - dk, 0.0) + 0.5, float(faktor))


def _forbered(personal: pd.DataFrame, behov_per_ar: pd.DataFrame, takt: pd.DataFrame,
              profil: Mapping[int, float], max_h: int, omsattningsfaktor: float):
    """Groups (those of ``behov_per_ar``, as in :func:`kfanalys.modell.rekrytering.rekryteringsbehov`),
    counts (groups, age classes), hazards (age classes, years), takt (groups), behov (groups, years),
    posterior of takt (or None)."""
    _kontrollera_kolumner(personal, [*NYCKEL, "alder"], "personal")
    _kontrollera_kolumner(behov_per_ar, [*NYCKEL, "horisont", "behov"], "behov_per_ar")
    _kontrollera_kolumner(takt, [*NYCKEL, "takt"], "takt")

    grupper = behov_per_ar[NYCKEL].drop_duplicates().sort_values(NYCKEL).reset_index(drop=True)
    if grupper.empty:
        raise Berakningsfel("Simulering: behov_per_ar är tom; det finns inget behov att simulera.")
    gindex = pd.MultiIndex.from_frame(grupper)
    G = len(grupper)

    # behov (groups, years), rounded to whole persons
    b = behov_per_ar[(behov_per_ar["horisont"] >= 1) & (behov_per_ar["horisont"] <= max_h)]
    behov = np.full((G, max_h), np.nan)
    behov[gindex.get_indexer(pd.MultiIndex.from_frame(b[NYCKEL])),
          b["horisont"].to_numpy(dtype=np.int64) - 1] = b["behov"].to_numpy(dtype=float)
    fel = np.isnan(behov) | (behov < 0)
    if fel.any():
        rader = [f"yrkeskategori {r.yrkeskategori} ({r.namnd}): behovet saknas eller är negativt för år "
                 + ", ".join(str(h + 1) for h in np.flatnonzero(fel[i]))
                 for i, r in zip(np.flatnonzero(fel.any(axis=1)), grupper[fel.any(axis=1)].itertuples())]
        raise berakningsfel(rader, f"Simulering: framskrivningen (behov_per_ar) behövs för alla år 1-{max_h}")
    behov = np.rint(behov)

    tv = takt_per_grupp(grupper, takt, omsattningsfaktor, "Simulering")

    # counts per (group, base age); then merge ages whose hazards agree in every year
    pg = gindex.get_indexer(pd.MultiIndex.from_frame(personal[NYCKEL]))
    med = pg >= 0
    alder = personal["alder"].to_numpy(dtype=np.int64)[med]
    vikt = (personal["antal"].to_numpy(dtype=np.int64)[med] if "antal" in personal.columns
            else np.ones(int(med.sum()), dtype=np.int64))
    aldrar = np.unique(alder) if len(alder) else np.array([0], dtype=np.int64)
    haz = hasard(aldrar[:, None] + np.arange(1, max_h + 1)[None, :], profil)  # (ages, years)
    unika, klass = np.unique(haz, axis=0, return_inverse=True)
    klass = np.asarray(klass).reshape(-1)
    antal = np.zeros((G, len(unika)), dtype=np.int64)
    np.add.at(antal, (pg[med], klass[np.searchsorted(aldrar, alder)]), vikt)
    return grupper, antal, unika, tv, behov, _posterior(grupper, takt, omsattningsfaktor)


def _kor(antal: np.ndarray, haz: np.ndarray, takt: np.ndarray, behov: np.ndarray,
         antal_korningar: int, seed: int, posterior: _Posterior | None = None,
         modell: Modelldragning | None = None, dra_medel: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Simulated hires and remaining base staff (no hires counted), both (runs, years, groups).

    Uses the deterministic model's yearly step :func:`kfanalys.modell.rekrytering.arssteg` with
    binomial draws; runs and groups are stacked on one axis (runs x groups, age classes).
    With ``posterior`` each run draws its rates (one per source) from a second generator.
    With ``modell`` (the turnover model; ``posterior`` is then not used) the run's mean rates are
    drawn level by level (``dra_medel``; else the pooled ``medel``), the pooled levels from a fourth
    generator, and each year gets a new rate p_t ~ Beta(mu kappa, (1 - mu) kappa) from a third,
    then scaled by the factor; without it the run keeps its rate for all years (as before).
    """
    R = int(antal_korningar)
    G, K = antal.shape
    H = behov.shape[1]
    rng = np.random.default_rng(seed)
    rng_takt = np.random.default_rng([int(seed), 1])
    rng_ar = np.random.default_rng([int(seed), 2])
    rng_pool = np.random.default_rng([int(seed), 3])

    def binomial(n: np.ndarray, p: np.ndarray) -> np.ndarray:
        # draw only where something can happen (n > 0 and p > 0); elsewhere the draw is 0
        n = n.astype(np.int64)
        p = np.broadcast_to(p, n.shape)
        ut = np.zeros(n.shape, dtype=np.int64)
        m = (n > 0) & (p > 0)
        ut[m] = rng.binomial(n[m], p[m])
        return ut

    bit = max(1, min(_BITSTORLEK, _MAX_ELEMENT_PER_BIT // max(1, G * K)))
    anstallda = np.empty((R, H, G))
    kvar = np.empty((R, H, G))
    for start in range(0, R, bit):
        r = min(bit, R - start)
        bestand = Bestand(np.tile(antal, (r, 1)).astype(float), np.zeros(r * G))
        behov_rg = np.tile(behov, (r, 1))
        if modell is not None:  # the turnover model: unscaled mean rates (runs, groups)
            mu = modell.medelvarden(rng_takt, rng_pool, r) if dra_medel else np.tile(modell.medel, (r, 1))
            arlig = np.isfinite(modell.kappa)[None, :] & (mu > 0) & (mu < 1)
            kap = np.where(np.isfinite(modell.kappa), modell.kappa, 1.0)[None, :]
            a_ar = np.where(arlig, mu * kap, 1.0)
            b_ar = np.where(arlig, (1 - mu) * kap, 1.0)
            takt_rg = np.minimum(1.0, mu * modell.faktor).reshape(-1)
        elif posterior is None:
            takt_rg = np.tile(takt, r)
        else:  # (runs, sources) -> (runs, groups); fixed rate where there is no source
            p = rng_takt.beta(posterior.a, posterior.b, size=(r, len(posterior.a)))
            dragen = np.minimum(1.0, p[:, np.maximum(posterior.kalla, 0)] * posterior.faktor)
            takt_rg = np.where(posterior.kalla >= 0, dragen, takt[None, :]).reshape(-1)
        for t in range(H):  # years, at most a dozen
            if modell is not None and arlig.any():  # a new rate for this year
                p_t = mu.copy()
                p_t[arlig] = rng_ar.beta(a_ar[arlig], b_ar[arlig])
                takt_rg = np.minimum(1.0, p_t * modell.faktor).reshape(-1)
            bestand, steg = arssteg(bestand, haz[:, t], takt_rg, behov_rg[:, t], binomial)
            anstallda[start:start + r, t, :] = steg.rekryteringar.reshape(r, G)
            kvar[start:start + r, t, :] = bestand.ursprung.sum(axis=1).reshape(r, G)
    return anstallda, kvar


def _summeringsmatris(grupper: pd.DataFrame, summor: bool) -> pd.DataFrame:
    """Output units (namnd, yrkeskategori) and their member groups as a 0/1 matrix (groups x units)."""
    enheter = [grupper.assign(_g=np.arange(len(grupper)))]
    if summor:
        g = grupper.assign(_g=np.arange(len(grupper)))
        enheter.append(g.assign(yrkeskategori=TOTALT))
        enheter.append(g.assign(namnd=HELA_KOMMUNEN))
        enheter.append(g.assign(namnd=HELA_KOMMUNEN, yrkeskategori=TOTALT))
    return pd.concat(enheter, ignore_index=True)


def _kvantiler(x: np.ndarray) -> np.ndarray:
    """10th, 50th, 90th percentile over axis 0 as observed values (inverted CDF)."""
    return np.quantile(x, KVANTILER, axis=0, method="inverted_cdf")


def simulera(personal: pd.DataFrame, behov_per_ar: pd.DataFrame, takt: pd.DataFrame,
             profil: Mapping[int, float], horisonter: Iterable[int] = (2, 5), antal_korningar: int = 1000,
             seed: int = 2025, omsattningsfaktor: float = 1.0, summor: bool = True,
             basar: int | None = None, parameterosakerhet: bool = True,
             omsattningsmodell: Omsattningsmodell | pd.DataFrame | None = None) -> Simulering:
    """Simulate the stock-flow ``antal_korningar`` times; see the module docstring.

    Inputs (same as :func:`kfanalys.modell.rekrytering.rekryteringsbehov`):

    - ``personal``: namnd, yrkeskategori, alder (age at the base date), optional antal
      (persons; one row per person if absent). Månadsavlönade staff at the base date.
    - ``behov_per_ar``: namnd, yrkeskategori, horisont (years 1..max horizon; 0 is ignored),
      behov (persons, may be fractional; rounded to whole persons), optional ar.
    - ``takt``: namnd, yrkeskategori, takt (annual turnover excluding retirements, share 0-1);
      optional underlag_avgangar, underlag_medelantal (departures excluding retirements and
      pooled mean headcount the rate was estimated from, persons / person-years) and
      underlag_namnd, underlag_yrkeskategori (whose figures they are; groups with the same
      source share a draw), as given by :func:`kfanalys.modell.rekrytering.takt_for_grupper`.
    - ``profil``: pension profile {age: probability}.
    - ``parameterosakerhet``: draw each run's turnover rate from its posterior (where the
      ``underlag_*`` columns are given); False = the fixed ``takt`` in every run, so the
      interval covers only the randomness of departures.

    - ``omsattningsmodell``: the turnover model (:func:`kfanalys.modell.omsattningsmodell.skatta`, or
      its ``tabell``): each group's mean rate is its pooled ``takt``, drawn per run from
      Beta(a_medel, b_medel) (with ``parameterosakerhet``), and each year gets a new rate from
      Beta(mu x kappa, (1 - mu) x kappa), kappa = alfa + beta. Groups without a row keep their
      ``takt`` row, fixed. None (default): the turnover as described under ``takt``, as before.

    ``per_ar`` covers every year 1..max(horisonter); ``ar`` is taken from ``behov_per_ar.ar``
    if present, else ``basar + horisont`` if ``basar`` is given.
    """
    horisonter = sorted({int(h) for h in horisonter})
    if not horisonter:
        raise Berakningsfel("Ange minst en horisont (år) för simuleringen.")
    if int(antal_korningar) < 1:
        raise Berakningsfel(f"Antalet körningar ska vara minst 1, fick {antal_korningar}.")
    max_h = max(horisonter)
    grupper, antal, haz, tv, behov, post = _forbered(personal, behov_per_ar, takt, profil, max_h, omsattningsfaktor)
    modell_meta = None
    if omsattningsmodell is None:
        oms = None
    else:
        tabell = omsattningsmodell
        if isinstance(omsattningsmodell, Omsattningsmodell):
            tabell, modell_meta = omsattningsmodell.tabell, dict(omsattningsmodell.meta)
        oms = modelldragning(grupper, tabell, takt_per_grupp(grupper, takt, 1.0, "Simulering"), omsattningsfaktor)
    anstallda, kvar = _kor(antal, haz, tv, behov, antal_korningar, seed, post if parameterosakerhet else None, oms,
                           parameterosakerhet)

    enheter = _summeringsmatris(grupper, summor)
    nycklar = enheter[NYCKEL].drop_duplicates().reset_index(drop=True)
    u = pd.MultiIndex.from_frame(nycklar).get_indexer(pd.MultiIndex.from_frame(enheter[NYCKEL]))
    M = np.zeros((len(grupper), len(nycklar)))
    M[enheter["_g"].to_numpy(), u] = 1.0
    # (runs, years, groups) @ (groups, units) -> (runs, units, years); float64 sums of counts are exact
    anst_u = np.rint(anstallda @ M).astype(np.int64).transpose(0, 2, 1)
    kvar_u = np.rint(kvar @ M).astype(np.int64).transpose(0, 2, 1)
    U = len(nycklar)
    R = int(antal_korningar)
    gemensamt = {"antal_korningar": R, "seed": int(seed)}

    # total recruitments over 1..h
    kum = np.cumsum(anst_u, axis=2)[:, :, [h - 1 for h in horisonter]]  # (runs, units, horizons)
    q = _kvantiler(kum)
    rek = pd.DataFrame({
        "namnd": np.repeat(nycklar["namnd"].to_numpy(), len(horisonter)),
        "yrkeskategori": np.repeat(nycklar["yrkeskategori"].to_numpy(), len(horisonter)),
        "horisont": np.tile(horisonter, U),
        "median": q[1].reshape(-1), "lag": q[0].reshape(-1), "hog": q[2].reshape(-1),
        "medel": kum.mean(axis=0).reshape(-1), **gemensamt,
    })

    ar = np.arange(1, max_h + 1)
    qk = _kvantiler(kvar_u)
    qa = _kvantiler(anst_u)
    per_ar = pd.DataFrame({
        "namnd": np.repeat(nycklar["namnd"].to_numpy(), max_h),
        "yrkeskategori": np.repeat(nycklar["yrkeskategori"].to_numpy(), max_h),
        "horisont": np.tile(ar, U),
        "lag": qk[0].reshape(-1), "hog": qk[2].reshape(-1),
        "dagens_kvar_median": qk[1].reshape(-1), "dagens_kvar_medel": kvar_u.mean(axis=0).reshape(-1),
        "rekryteringar_lag": qa[0].reshape(-1), "rekryteringar_median": qa[1].reshape(-1),
        "rekryteringar_hog": qa[2].reshape(-1), "rekryteringar_medel": anst_u.mean(axis=0).reshape(-1),
        **gemensamt,
    })
    basar_df = None
    if "ar" in behov_per_ar.columns:
        b = behov_per_ar[behov_per_ar["horisont"] >= 0]
        y0 = (b["ar"] - b["horisont"]).dropna().unique()
        if len(y0) == 1:
            basar_df = int(y0[0])
    if basar is None:
        basar = basar_df
    if basar is not None:
        per_ar.insert(2, "ar", per_ar["horisont"] + int(basar))
    for df in (rek, per_ar):
        for k in ("median", "lag", "hog", "dagens_kvar_median", "rekryteringar_lag", "rekryteringar_median",
                  "rekryteringar_hog"):
            if k in df.columns:
                df[k] = df[k].astype(np.int64)
    return Simulering(rek, per_ar, modell_meta)


def simulera_rekrytering(personal: pd.DataFrame, behov_per_ar: pd.DataFrame, takt: pd.DataFrame,
                         profil: Mapping[int, float], horisonter: Iterable[int] = (2, 5),
                         antal_korningar: int = 1000, seed: int = 2025, omsattningsfaktor: float = 1.0,
                         summor: bool = True, parameterosakerhet: bool = True,
                         omsattningsmodell: Omsattningsmodell | pd.DataFrame | None = None) -> pd.DataFrame:
    """Median, 80 % interval and mean of the recruitment need over each horizon (persons).

    The interval covers random departures and, with ``parameterosakerhet`` and the
    ``underlag_*`` columns in ``takt``, the uncertainty of the estimated turnover rate (see the
    module docstring; not a changing rate or errors in the projected need).

    Columns: namnd, yrkeskategori, horisont, median, lag (10th percentile), hog (90th),
    medel, antal_korningar, seed.

    Example: 100 persons, no retirements, 10 % turnover, flat need of 100 persons. The
    expected need over 2 years is 10 + 10 = 20:

    >>> personal = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Y"], "alder": [40], "antal": [100]})
    >>> behov = pd.DataFrame({"namnd": "N", "yrkeskategori": "Y", "horisont": [1, 2], "behov": 100.0})
    >>> takt = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["Y"], "takt": [0.10]})
    >>> r = simulera_rekrytering(personal, behov, takt, {}, horisonter=[2], summor=False)
    >>> bool(r["lag"].iloc[0] < 20 < r["hog"].iloc[0])
    True
    >>> round(float(r["medel"].iloc[0]))
    20
    """
    return simulera(personal, behov_per_ar, takt, profil, horisonter, antal_korningar, seed,
                    omsattningsfaktor, summor, parameterosakerhet=parameterosakerhet,
                    omsattningsmodell=omsattningsmodell).rekrytering


def intervall_framskrivning(personal: pd.DataFrame, behov_per_ar: pd.DataFrame, takt: pd.DataFrame,
                            profil: Mapping[int, float], horisonter: Iterable[int] = (2, 5),
                            antal_korningar: int = 1000, seed: int = 2025, omsattningsfaktor: float = 1.0,
                            summor: bool = True, basar: int | None = None,
                            parameterosakerhet: bool = True,
                            omsattningsmodell: Omsattningsmodell | pd.DataFrame | None = None) -> pd.DataFrame:
    """The band for the projection chart, per year: see :class:`Simulering` ``per_ar``.

    ``lag``/``hog`` is the 80 % interval of today's staff still employed in year ``ar`` if nobody
    were hired (the projected need minus this is what must be recruited); the
    ``rekryteringar_*`` columns give the 80 % interval of the recruitments in that year.
    """
    return simulera(personal, behov_per_ar, takt, profil, horisonter, antal_korningar, seed,
                    omsattningsfaktor, summor, basar, parameterosakerhet, omsattningsmodell).per_ar
