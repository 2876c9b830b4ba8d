"""Omsättningsmodell: turnover that varies from year to year, and small groups pooled toward their nämnd.

The stock-flow uses one turnover rate (excluding retirements) per (namnd, yrkeskategori). Two
things make that rate less certain than one number suggests, and this module models both so
the simulation (:mod:`kfanalys.modell.osakerhet`) can draw from it:

**Year-to-year variation (beta-binomial).** A group's departures in year t are
d_t ~ Bin(n_t, p_t), where n_t is the mean headcount of the year (``medelantal``) and the year's
rate p_t ~ Beta(mu x kappa, (1 - mu) x kappa) scatters around the group's mean rate mu. The
intra-class correlation rho = 1 / (kappa + 1) is the share of the variance of a yearly rate that
is not binomial noise. It is estimated by the method of moments (Williams 1982), pooled over
every (namnd, yrkeskategori) that has at least two periods and a rate strictly between 0 and 1,
with ONE rho for the whole kommun: with the two to four yearly periods a kommun has, a per-nämnd
estimate would rest on a dozen groups x one or three degrees of freedom and be mostly noise.
With r_t = d_t / n_t, E = sum n_t and m = sum d_t / E per group::

    X2 = sum_groups sum_t n_t (r_t - m)^2 / (m (1 - m))
    E[X2] = sum_groups (T - 1) + rho x sum_groups sum_t (n_t - 1)(1 - n_t / E)
    rho = max(0, (X2 - sum (T - 1)) / sum sum (n_t - 1)(1 - n_t / E)),  kappa = 1 / rho - 1

With only one period (or no group with two) there is nothing to estimate: rho = 0 (kappa
infinite, no between-year variation) and ``meta["anmarkning"]`` says so.

**Partial pooling (empirical Bayes).** A group's mean rate is shrunk toward its nämnd's rate
(the nämnd's ``Totalt`` row), and the nämnd's toward the kommun's (``Hela kommunen``, ``Totalt``)::

    takt_namnd = w_N x egen_takt_namnd + (1 - w_N) x takt_kommun
    takt       = w   x egen_takt       + (1 - w)   x takt_namnd
    w = n_eff / (n_eff + k0),   n_eff = 1 / (1/E + rho x (Q - E) / E^2),  Q = sum n_t^2

n_eff is the group's person-years E discounted for the shared yearly shocks (n_eff = E when
rho = 0). k0 = 1 / rho_b is the number of person-years at which a group's own data and its
nämnd's rate weigh equally; rho_b (the share of the variance of the groups' mean rates that lies
between groups) is estimated by the same method of moments across the groups of each nämnd
(parent rate = the weighted mean of its groups), pooled over the nämnder, with the binomial and
year-to-year parts taken out::

    X2_b = sum_N sum_g E_g (r_g - m_N)^2 / (m_N (1 - m_N))
    A    = sum_N sum_g (1 - E_g / E_N) (1 + rho (Q_g - E_g) / E_g)
    B    = sum_N sum_g (1 - E_g / E_N) E_g
    rho_b = max(0, (X2_b - A) / B)

The nämnd level uses its own k0 estimated in the same way across the nämnder. When a level has
nothing to estimate from (one group per nämnd, one nämnd) its k0 is 0: no pooling; when the
estimate is 0 (the groups differ no more than chance) k0 is infinite: the parent's rate. A small group
thus gets a rate between its own and the nämnd's, nearer the nämnd's the fewer person-years it
has, instead of the hard switch of :func:`kfanalys.modell.floden.omsattningstakt`.

**Uncertainty of the mean rate.** The simulation draws the mean rates level by level, as they
were pooled, each from its conjugate posterior given the level above: the kommun's
mu_K ~ Beta(a_K, b_K); a nämnd's mu_N ~ Beta(k0_N mu_K + a_N, k0_N (1 - mu_K) + b_N); a group's
mu ~ Beta(k0 mu_N + a, k0 (1 - mu_N) + b), where a = n_eff x egen_takt + 1/2 and
b = n_eff x (1 - egen_takt) + 1/2 are the row's own data (``a_egen``, ``b_egen``). The prior
Beta(k0 mu_N, k0 (1 - mu_N)) is the spread of the groups around their nämnd's rate, so the mean of
the draw is the pooled rate (up to the 1/2) and a group without data gets that spread; the nämnd's
draw is shared by all its groups (a sum over a nämnd is as uncertain as its common rate). With no
pooling (k0 = 0) and one period the draw is exactly the Jeffreys posterior
Beta(d + 1/2, E - d + 1/2) the simulation used before, so the old simulation is the special case
rho = 0, k0 = 0.

The yearly departures come from :func:`kfanalys.modell.floden.omsattning` (THE definition of a
departure and of medelantal), called for earlier base dates to get every 12-month period ending
at a yearly snapshot on or before the base date (:func:`arliga_avgangar`), or read from a cycle's
``omsattning.csv`` (:func:`fran_omsattning`, the two periods it has).

>>> ar = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "A", "Totalt", "Totalt"], "ar": [2024, 2025] * 2,
...     "medelantal": [100.0, 100.0, 100.0, 100.0], "avgangar": [10, 10, 10, 10], "avgangar_pension": 0})
>>> m = skatta(ar)
>>> m.meta["kappa"], m.meta["antal_ar"]
(inf, 2)
>>> a = m.tabell.set_index("yrkeskategori").loc["A"]
>>> float(a["egen_takt"]), float(a["takt"]), int(a["antal_ar"])
(0.1, 0.1, 2)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.modell.floden import PERIODER, omsattning
from kfanalys.modell.nulage import sortera
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

NYCKEL = ["namnd", "yrkeskategori"]
ARLIGA_KOLUMNER = ["namnd", "yrkeskategori", "ar", "medelantal", "avgangar", "avgangar_pension"]
MODELL_KOLUMNER = ["namnd", "yrkeskategori", "medelantal", "avgangar", "egen_takt", "takt", "alfa", "beta",
                   "antal_ar", "vikt", "k0", "a_egen", "b_egen"]

METODTEXT = (
    "Personalomsättningen är inte densamma varje år: ett år slutar fler, ett annat färre, mer än slumpen "
    "ensam förklarar. Modellen mäter hur mycket omsättningen har varierat mellan åren i kommunens egna "
    "uppgifter och låter varje simulerad framtid få en ny omsättning för varje år, så att intervallet också "
    "rymmer ett ovanligt år. En liten yrkeskategori har få avgångar att räkna på, och en enstaka avgång mer "
    "eller mindre ändrar dess takt mycket. Därför vägs dess egen takt samman med nämndens takt, och nämndens "
    "med kommunens: ju färre anställda och år en grupp har, desto mer lånar den av nämndens takt, i stället "
    "för att hoppa mellan egen och lånad takt vid en fast gräns."
)

ANM_ETT_AR = ("Omsättningsmodellen har bara en 12-månadersperiod att räkna på; variationen mellan åren kan inte "
              "skattas och räknas som noll (bara slumpen i vilka som slutar och osäkerheten i taktens nivå).")


@dataclass(frozen=True)
class Omsattningsmodell:
    """Result of :func:`skatta`.

    ``tabell``: :data:`MODELL_KOLUMNER`, one row per (namnd, yrkeskategori) of the yearly data
    (and of ``grupper`` if given), the nämnd's ``Totalt`` and the kommun's (``Hela kommunen``,
    ``Totalt``): medelantal and avgangar (excluding retirements) summed over the periods
    (person-years and departures), egen_takt (their ratio; NaN without exposure), takt (the
    pooled mean rate), alfa/beta (the yearly rate's Beta, takt x kappa and (1 - takt) x kappa;
    inf when there is no between-year variation), antal_ar (periods with a headcount), vikt (w,
    the weight of the row's own rate), k0 (the pooling constant of its level; 0 for the kommun;
    infinite for a row without data on a level that is not pooled: it takes its parent's rate),
    a_egen/b_egen (n_eff x egen_takt + 1/2 and n_eff x (1 - egen_takt) + 1/2: the row's own data
    as a Jeffreys Beta; module docstring).

    ``meta``: rho, kappa (one for the kommun), rho_grupp/k0 (groups toward their nämnd),
    rho_namnd/k0_namnd (nämnder toward the kommun), antal_ar (distinct periods), ar (their end
    years), arsvariation (bool), anmarkning (Swedish note, "" if none).
    """

    tabell: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------- yearly data

def fran_omsattning(omsattning_df: pd.DataFrame, basar: int) -> pd.DataFrame:
    """``omsattning.csv`` (:func:`kfanalys.modell.floden.omsattning`, periods ``senaste_12`` /
    ``foregaende_12``) as yearly rows: ar = the year the period ends (``basar``, ``basar - 1``).

    Columns :data:`ARLIGA_KOLUMNER`.
    """
    o = omsattning_df
    ar = int(basar) - o["period"].map({p: i for i, p in enumerate(PERIODER)})
    ut = pd.DataFrame({"namnd": o["namnd"].to_numpy(), "yrkeskategori": o["yrkeskategori"].to_numpy(),
                       "ar": ar.to_numpy(), "medelantal": o["medelantal"].to_numpy(dtype=float),
                       "avgangar": o["avgangar"].to_numpy(), "avgangar_pension": o["avgangar_pension"].to_numpy()})
    return ut.dropna(subset=["ar"]).astype({"ar": "int64"}).reset_index(drop=True)


def arliga_avgangar(anstallningar: pd.DataFrame, handelser: pd.DataFrame, basdatum: pd.Timestamp,
                    omsattning_bas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Departures and mean headcount per (namnd, yrkeskategori) for every 12-month period that ends
    at the latest snapshot of a year, on or before ``basdatum``, and has a snapshot 12 months
    earlier: :func:`kfanalys.modell.floden.omsattning` (THE definition) for the base dates of
    years Y, Y-2, Y-4, ..., Y the latest year with a snapshot on or before ``basdatum`` (each call
    gives two periods; no snapshot after ``basdatum`` is used). ``omsattning_bas``: that function's
    result for ``basdatum`` if already computed (the cycle's ``omsattning.csv``; reused).

    Columns :data:`ARLIGA_KOLUMNER` (ar = the year the period ends).
    """
    bas = pd.Timestamp(basdatum)
    datum = pd.Series(pd.to_datetime(anstallningar["matdatum"]).unique())
    datum = datum[datum <= bas]
    senast = datum.groupby(datum.dt.year).max()
    delar = []
    if len(senast) == 0:
        senast = pd.Series([bas], index=[bas.year])
    for ar in range(int(senast.index.max()), int(senast.index.min()), -2):  # a handful of years
        if omsattning_bas is not None and ar in senast.index and senast.loc[ar] == bas:
            o = omsattning_bas
        elif ar in senast.index:
            o = omsattning(anstallningar, handelser, senast.loc[ar])
        else:
            continue
        if len(o):
            delar.append(fran_omsattning(o, ar))
    if not delar:
        return pd.DataFrame({k: pd.Series(dtype="float64" if k == "medelantal" else "int64" if k != "namnd"
                                          and k != "yrkeskategori" else "object") for k in ARLIGA_KOLUMNER})
    ut = pd.concat(delar, ignore_index=True).drop_duplicates([*NYCKEL, "ar"], keep="first")
    return sortera(ut, [*NYCKEL, "ar"])[ARLIGA_KOLUMNER].reset_index(drop=True)


# ---------------------------------------------------------------------------- moments

def arsvariation_rho(grupp_id: np.ndarray, n: np.ndarray, d: np.ndarray) -> tuple[float, int]:
    """The pooled intra-class correlation rho of the yearly rates (module docstring) from one row
    per group and year (``grupp_id``: integer codes; ``n``: medelantal; ``d``: departures), and the
    degrees of freedom sum (T - 1) it rests on (0: nothing to estimate, rho = 0).

    >>> # group 0: 10/100 and 30/100 -> m = 0.2, X2 = (100 x 0.01 + 100 x 0.01) / 0.16 = 12.5,
    >>> # df = 1, C = 2 x 99 x 0.5 = 99 -> rho = 11.5 / 99
    >>> rho, df = arsvariation_rho(np.array([0, 0]), np.array([100.0, 100.0]), np.array([10.0, 30.0]))
    >>> round(rho, 6) == round(11.5 / 99, 6), df
    (True, 1)
    """
    ok = n > 0
    g, n, d = grupp_id[ok], n[ok], d[ok]
    if len(g) == 0:
        return 0.0, 0
    _, g = np.unique(g, return_inverse=True)
    E = np.bincount(g, weights=n)
    D = np.bincount(g, weights=d)
    T = np.bincount(g)
    m = D / E
    med = (T >= 2) & (m > 0) & (m < 1)
    df = int((T[med] - 1).sum())
    if df == 0:
        return 0.0, 0
    r = d / n
    rad = med[g]
    mg = m[g][rad]
    x2 = float((n[rad] * (r[rad] - mg) ** 2 / (mg * (1 - mg))).sum())
    c = float(((n - 1) * (1 - n / E[g]))[rad].sum())
    if c <= 0:
        return 0.0, df
    return float(min(1.0, max(0.0, (x2 - df) / c))), df


def mellan_rho(foralder: np.ndarray, E: np.ndarray, D: np.ndarray, Q: np.ndarray, rho: float) -> float | None:
    """The share rho_b of the variance of the children's mean rates that lies between children of
    the same parent (module docstring), pooled over parents; None when there is nothing to
    estimate from (no parent with two children with exposure and a rate strictly between 0 and 1).

    ``foralder``: integer parent code per child; ``E``, ``D``, ``Q``: the child's person-years,
    departures and sum of squared yearly medelantal; ``rho``: the year-to-year correlation.
    """
    ok = E > 0
    f, E, D, Q = foralder[ok], E[ok], D[ok], Q[ok]
    if len(f) == 0:
        return None
    _, f = np.unique(f, return_inverse=True)
    EP = np.bincount(f, weights=E)
    mP = np.bincount(f, weights=D) / EP
    antal = np.bincount(f)
    med = ((antal >= 2) & (mP > 0) & (mP < 1))[f]
    if not med.any():
        return None
    r = D / E
    andel = 1 - E / EP[f]
    mf = mP[f][med]
    x2 = float((E[med] * (r[med] - mf) ** 2 / (mf * (1 - mf))).sum())
    a = float((andel * (1 + rho * (Q - E) / E))[med].sum())
    b = float((andel * E)[med].sum())
    if b <= 0:
        return None
    return float(min(1.0, max(0.0, (x2 - a) / b)))


def _k0(rho_b: float | None) -> float:
    """k0 = 1 / rho_b; 0 (no pooling) when not estimable, inf when rho_b is 0 (complete pooling)."""
    if rho_b is None:
        return 0.0
    return np.inf if rho_b <= 0 else 1.0 / rho_b


def effektiva(E: np.ndarray, Q: np.ndarray, rho: float) -> np.ndarray:
    """n_eff = 1 / (1/E + rho (Q - E) / E^2): person-years discounted for shared yearly shocks (0 if E = 0).

    >>> effektiva(np.array([200.0, 0.0]), np.array([20000.0, 0.0]), 0.0).tolist()
    [200.0, 0.0]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / E + rho * (Q - E) / E ** 2
        return np.where(E > 0, 1.0 / inv, 0.0)


def vikter(n_eff: np.ndarray, k0: float) -> np.ndarray:
    """w = n_eff / (n_eff + k0): 1 when k0 = 0 (and n_eff > 0), 0 when k0 is infinite or n_eff = 0.

    >>> vikter(np.array([30.0, 10.0, 0.0]), 10.0).tolist()
    [0.75, 0.5, 0.0]
    """
    if np.isinf(k0):
        return np.zeros_like(n_eff, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n_eff > 0, n_eff / (n_eff + k0), 0.0)


# ---------------------------------------------------------------------------- the model

def skatta(arliga: pd.DataFrame, grupper: pd.DataFrame | None = None, k0: float | None = None,
           k0_namnd: float | None = None) -> Omsattningsmodell:
    """The turnover model (module docstring) from yearly departures (:func:`arliga_avgangar` or
    :func:`fran_omsattning`; columns :data:`ARLIGA_KOLUMNER`, with ``Totalt`` rows per nämnd and
    the kommun's ``Hela kommunen``/``Totalt`` row; other ``Hela kommunen`` rows are not used).

    ``grupper``: namnd, yrkeskategori that must have a row (e.g. every group the simulation runs;
    a group without data gets its nämnd's rate). ``k0``/``k0_namnd``: fixed pooling constants
    (person-years; 0 = no pooling, ``np.inf`` = the parent's rate) instead of the estimates.
    """
    a = arliga.copy()
    a["_d"] = (a["avgangar"] - a["avgangar_pension"]).to_numpy(dtype=float)
    a["_n"] = a["medelantal"].to_numpy(dtype=float)
    a = a.loc[a["_n"].notna()]
    kommun = a["namnd"].eq(HELA_KOMMUNEN)
    totalt = a["yrkeskategori"].eq(TOTALT)
    bas = a.loc[~kommun & ~totalt]
    perioder = sorted(int(x) for x in a.loc[a["_n"] > 0, "ar"].unique())

    # year-to-year variation: one rho for the kommun, from the groups
    gid = pd.MultiIndex.from_frame(bas[NYCKEL]).factorize()[0] if len(bas) else np.zeros(0, dtype=np.int64)
    rho, df = arsvariation_rho(gid, bas["_n"].to_numpy(), bas["_d"].to_numpy())
    kappa = np.inf if rho <= 0 else 1.0 / rho - 1.0

    def summera(df_: pd.DataFrame) -> pd.DataFrame:
        g = df_.assign(_q=df_["_n"] ** 2, _t=(df_["_n"] > 0).astype("int64"))
        return g.groupby(NYCKEL, sort=False)[["_n", "_d", "_q", "_t"]].sum().reset_index()

    sg = summera(bas)
    sn = summera(a.loc[~kommun & totalt])
    sk = summera(a.loc[kommun & totalt])
    if grupper is not None:
        extra = grupper[NYCKEL].drop_duplicates().merge(sg[NYCKEL], how="left", indicator=True)
        extra = extra.loc[extra["_merge"] == "left_only", NYCKEL]
        sg = pd.concat([sg, extra.assign(_n=0.0, _d=0.0, _q=0.0, _t=0)], ignore_index=True)

    # pooling constants: groups within nämnder, nämnder within the kommun
    rho_g = mellan_rho(pd.factorize(sg["namnd"])[0], sg["_n"].to_numpy(), sg["_d"].to_numpy(),
                       sg["_q"].to_numpy(), rho)
    rho_n = mellan_rho(np.zeros(len(sn), dtype=np.int64), sn["_n"].to_numpy(), sn["_d"].to_numpy(),
                       sn["_q"].to_numpy(), rho)
    k0_g = _k0(rho_g) if k0 is None else float(k0)
    k0_n = _k0(rho_n) if k0_namnd is None else float(k0_namnd)

    def egen(s: pd.DataFrame) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(s["_n"] > 0, s["_d"] / s["_n"], np.nan)

    # the kommun: its own rate (no parent); if missing, the sum of the nämnder
    if len(sk) == 0 or not sk["_n"].iloc[0] > 0:
        sk = pd.DataFrame({"namnd": [HELA_KOMMUNEN], "yrkeskategori": [TOTALT], "_n": [sn["_n"].sum()],
                           "_d": [sn["_d"].sum()], "_q": [(sn["_q"]).sum()], "_t": [len(perioder)]})
    r_k = egen(sk)
    takt_k = np.nan_to_num(r_k, nan=0.0)
    ne_k = effektiva(sk["_n"].to_numpy(), sk["_q"].to_numpy(), rho)
    w_k = (ne_k > 0).astype(float)

    # the nämnder, toward the kommun
    ne_n = effektiva(sn["_n"].to_numpy(), sn["_q"].to_numpy(), rho)
    w_n = vikter(ne_n, k0_n)
    r_n = egen(sn)
    takt_n = np.where(w_n > 0, w_n * np.nan_to_num(r_n) + (1 - w_n) * takt_k[0], takt_k[0])

    # the groups, toward their nämnd (the kommun if the nämnd has no Totalt row)
    pos = pd.Index(sn["namnd"]).get_indexer(sg["namnd"])
    takt_p = np.where(pos >= 0, takt_n[np.maximum(pos, 0)] if len(sn) else takt_k[0], takt_k[0])
    ne_g = effektiva(sg["_n"].to_numpy(), sg["_q"].to_numpy(), rho)
    w_g = vikter(ne_g, k0_g)
    r_g = egen(sg)
    takt_g = np.where(w_g > 0, w_g * np.nan_to_num(r_g) + (1 - w_g) * takt_p, takt_p)

    def rader(s: pd.DataFrame, r, takt, w, ne, k) -> pd.DataFrame:
        c = ne  # the own data in effective person-years: Beta(c r + 1/2, c (1 - r) + 1/2)
        r0 = np.nan_to_num(r, nan=0.0)
        k = np.where((ne == 0) & (k == 0), np.inf, k)  # no data and no prior spread: the parent's rate
        return pd.DataFrame({"namnd": s["namnd"].to_numpy(), "yrkeskategori": s["yrkeskategori"].to_numpy(),
                             "medelantal": s["_n"].to_numpy(dtype=float), "avgangar": s["_d"].to_numpy(dtype=float),
                             "egen_takt": r, "takt": takt, "alfa": takt * kappa, "beta": (1 - takt) * kappa,
                             "antal_ar": s["_t"].to_numpy(dtype=np.int64), "vikt": w, "k0": k,
                             "a_egen": c * r0 + 0.5, "b_egen": c * (1 - r0) + 0.5})

    with np.errstate(invalid="ignore"):
        tabell = pd.concat([rader(sg, r_g, takt_g, w_g, ne_g, k0_g), rader(sn, r_n, takt_n, w_n, ne_n, k0_n),
                            rader(sk, r_k, takt_k, w_k, ne_k, 0.0)], ignore_index=True)
    if np.isinf(kappa):  # no between-year variation: the yearly Beta is a point mass at takt
        tabell["alfa"] = np.inf
        tabell["beta"] = np.inf
    tabell = sortera(tabell, NYCKEL)[MODELL_KOLUMNER].reset_index(drop=True)
    anm = ANM_ETT_AR if df == 0 else ""
    meta = {"rho": rho, "kappa": float(kappa), "frihetsgrader": df, "rho_grupp": rho_g, "k0": k0_g,
            "rho_namnd": rho_n, "k0_namnd": k0_n, "antal_ar": len(perioder), "ar": perioder,
            "arsvariation": bool(rho > 0), "anmarkning": anm}
    return Omsattningsmodell(tabell, meta)


def jsonmeta(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` of :class:`Omsattningsmodell` for antaganden.json: infinite values (kappa, k0) as None.

    >>> jsonmeta({"kappa": float("inf"), "rho": 0.0, "ar": [2024, 2025], "rho_namnd": None})
    {'kappa': None, 'rho': 0.0, 'ar': [2024, 2025], 'rho_namnd': None}
    """
    def varde(v):
        if isinstance(v, (float, np.floating)):
            return None if not np.isfinite(v) else float(v)
        if isinstance(v, np.integer):
            return int(v)
        return v
    return {k: [varde(x) for x in v] if isinstance(v, list) else varde(v) for k, v in meta.items()}


# ---------------------------------------------------------------------------- drawing (for the simulation)

@dataclass(frozen=True)
class Modelldragning:
    """The turnover model as the simulation (:mod:`kfanalys.modell.osakerhet`) draws it: see :func:`modelldragning`.

    Per group: ``medel`` (the pooled mean rate, unscaled; used when the mean is not drawn),
    ``kappa`` (the yearly Beta's concentration, inf = no yearly draw), ``kalla`` (index into
    ``a``/``b``/``k0``, the group's own data and pooling constant; -1 = fixed ``medel``) and
    ``foralder`` (index of its nämnd in the ``*_n`` arrays; -1 = the kommun directly; -2 = no parent
    in the table, the prior is centred on ``medel``). The kommun: ``a_k``/``b_k`` (None if the
    table has no kommun row: the nämnder's priors are then centred on their ``takt_n``).
    """

    medel: np.ndarray
    kappa: np.ndarray
    kalla: np.ndarray
    a: np.ndarray
    b: np.ndarray
    k0: np.ndarray
    foralder: np.ndarray
    a_n: np.ndarray
    b_n: np.ndarray
    k0_n: np.ndarray
    takt_n: np.ndarray
    a_k: float | None
    b_k: float | None
    faktor: float

    def medelvarden(self, rng_egen: np.random.Generator, rng_pool: np.random.Generator, r: int) -> np.ndarray:
        """(runs, groups) mean rates drawn level by level from their conjugate posteriors given the
        level above (module docstring). The groups come from ``rng_egen`` in the order of the old
        per-source posteriors, so k0 = 0 gives the old draws."""
        S = len(self.a)
        g = np.flatnonzero(self.kalla >= 0)
        mu = np.tile(self.medel, (r, 1))
        if S == 0:
            return mu
        forald = self.foralder[g]
        if np.all(self.k0 == 0):  # no pooling: the own posteriors only (as before)
            mu[:, g] = rng_egen.beta(self.a, self.b, size=(r, S))
            return mu
        # the parents' draws (kommun, then nämnder) from their own generator
        mu_k = (rng_pool.beta(self.a_k, self.b_k, size=(r, 1)) if self.a_k is not None else None)
        N = len(self.a_n)
        if N:
            centrum_n = mu_k if mu_k is not None else np.broadcast_to(self.takt_n, (r, N))
            mu_n = villkorlig_beta(rng_pool, centrum_n, self.k0_n, self.a_n, self.b_n, r)
        centrum = np.tile(self.medel[g], (r, 1))  # -2: no parent in the table
        if mu_k is not None:
            centrum[:, forald == -1] = mu_k
        m = forald >= 0
        if m.any():
            centrum[:, m] = mu_n[:, forald[m]]
        mu[:, g] = villkorlig_beta(rng_egen, centrum, self.k0, self.a, self.b, r)
        return mu


def villkorlig_beta(rng: np.random.Generator, centrum: np.ndarray, k0: np.ndarray, a: np.ndarray,
                    b: np.ndarray, r: int) -> np.ndarray:
    """Beta(k0 centrum + a, k0 (1 - centrum) + b) per run and column; = centrum where k0 is infinite."""
    centrum = np.broadcast_to(centrum, (r, len(a)))
    andlig = np.isfinite(k0)
    k = np.where(andlig, k0, 0.0)
    x = rng.beta(k * centrum + a, k * (1 - centrum) + b)
    return np.where(andlig, x, centrum)


def modelldragning(grupper: pd.DataFrame, modell: pd.DataFrame, takt: np.ndarray, faktor: float) -> Modelldragning:
    """The simulation's view of a model table (:data:`MODELL_KOLUMNER`) for the groups ``grupper``
    (namnd, yrkeskategori, in the simulation's order). Groups without a row keep ``takt`` (their
    unscaled rates, one per group), fixed and without yearly variation; ``faktor`` scales every
    yearly rate (the scenario's omsattningsfaktor)."""
    saknas = [k for k in [*NYCKEL, "takt", "alfa", "beta", "k0", "a_egen", "b_egen"] if k not in modell.columns]
    if saknas:
        raise Berakningsfel(f"Tabellen omsattningsmodell saknar kolumnerna {', '.join(saknas)} "
                            f"(förväntade {', '.join(MODELL_KOLUMNER)}).")
    t = modell.drop_duplicates(NYCKEL, keep="last")
    u = grupper.merge(t, on=NYCKEL, how="left")
    m = u["takt"].to_numpy(dtype=float)
    finns = np.isfinite(m) & (m >= 0) & (m <= 1)
    medel = np.where(finns, m, takt)
    kappa = np.where(finns, (u["alfa"] + u["beta"]).to_numpy(dtype=float), np.inf)
    kappa = np.where(np.isfinite(kappa) & (kappa > 0), kappa, np.inf)
    a = u["a_egen"].to_numpy(dtype=float)
    b = u["b_egen"].to_numpy(dtype=float)
    k0 = u["k0"].to_numpy(dtype=float)
    ok = finns & np.isfinite(a) & np.isfinite(b) & (a > 0) & (b > 0) & (k0 >= 0)
    kalla = np.full(len(grupper), -1, dtype=np.int64)
    kalla[ok] = np.arange(int(ok.sum()))

    namnder = t.loc[(t["yrkeskategori"] == TOTALT) & (t["namnd"] != HELA_KOMMUNEN)].reset_index(drop=True)
    kommun = t.loc[(t["yrkeskategori"] == TOTALT) & (t["namnd"] == HELA_KOMMUNEN)]
    if len(kommun) and not float(kommun["a_egen"].iloc[0] + kommun["b_egen"].iloc[0]) > 1.0:
        kommun = kommun.iloc[:0]  # the kommun row has no data (Beta(1/2, 1/2)): not a parent to draw from
    foralder = pd.Index(namnder["namnd"]).get_indexer(u["namnd"])
    if len(kommun) == 0:
        foralder = np.where(foralder >= 0, foralder, -2)
    a_k = float(kommun["a_egen"].iloc[0]) if len(kommun) else None
    b_k = float(kommun["b_egen"].iloc[0]) if len(kommun) else None
    return Modelldragning(medel, kappa, kalla, a[ok], b[ok], k0[ok], foralder.astype(np.int64),
                          namnder["a_egen"].to_numpy(dtype=float), namnder["b_egen"].to_numpy(dtype=float),
                          namnder["k0"].to_numpy(dtype=float), namnder["takt"].to_numpy(dtype=float),
                          a_k, b_k, float(faktor))
