"""Pensionsavgångar: expected retirements per year from each person's age and a pension profile.

The profile p(a) (``kommun.yaml``, ``antaganden.pensionsprofil``) is the probability that a
person still employed retires in the year they reach age a; ages above the last key
retire with probability 1, ages below the first key (and gaps between keys) with 0. A
person aged A at the base date (A = basdatum.year - fodelsear) has hazard p(A + t) in
year t = 1, 2, ... (calendar year basdatum.year + t), so the expected number retiring in
year t is S(t-1) * p(A + t) with S(t) = Π_{k<=t} (1 - p(A + k)). Only månadsavlönade
staff are counted (like N in the framskrivning), each person once per nämnd by the
huvudanställning and once in ``Hela kommunen`` (:mod:`kfanalys.modell.personer`).

>>> import numpy as np
>>> forvantat_per_ar(np.array([64]), {65: 0.5, 66: 1.0}, 3).tolist()
[[0.5, 0.5, 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.modell.nulage import personer_vid, sortera
from kfanalys.modell.personer import en_gang
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

PER_AR_KOLUMNER = ["namnd", "yrkeskategori", "ar", "forvantade"]


def _kontrollera_profil(profil: Mapping[int, float]) -> None:
    for alder, p in profil.items():
        if not (0.0 <= float(p) <= 1.0):
            raise Berakningsfel(f'antaganden.pensionsprofil: "{alder}: {p}" ska vara en sannolikhet 0-1')


def hasard(alder: np.ndarray, profil: Mapping[int, float]) -> np.ndarray:
    """p(a), the probability of retiring in the year one reaches age ``alder`` (any array shape):
    the profile value, 1 above the last key, 0 below the first key and for ages between keys
    that the profile does not list; 0 everywhere for an empty profile (nobody retires).

    The one pension hazard: the expected retirements here, the stock-flow
    (:mod:`kfanalys.modell.rekrytering`) and the simulation (:mod:`kfanalys.modell.osakerhet`) all use it.

    >>> hasard(np.array([60, 65, 66, 70]), {65: 0.5, 66: 1.0}).tolist()
    [0.0, 0.5, 1.0, 1.0]
    >>> hasard(np.array([60, 64, 65, 70]), {64: 0.1, 65: 0.5, 69: 1.0}).tolist()
    [0.0, 0.1, 0.5, 1.0]
    """
    _kontrollera_profil(profil)
    alder = np.asarray(alder, dtype="int64")
    if not profil:
        return np.zeros(alder.shape, dtype="float64")
    lag, hog = int(min(profil)), int(max(profil))
    tabell = np.zeros(hog - lag + 1, dtype="float64")
    for a, p in profil.items():  # at most a few dozen keys
        tabell[int(a) - lag] = float(p)
    i = np.clip(alder - lag, 0, hog - lag)
    h = np.where(alder < lag, 0.0, tabell[i])
    return np.where(alder > hog, 1.0, h)


def forvantat_per_ar(alder: np.ndarray, profil: Mapping[int, float], horisont: int) -> np.ndarray:
    """Expected retirements in years 1..horisont for persons aged ``alder`` at the base date.

    Returns an array ``len(alder) x horisont`` (each row sums to at most 1).
    """
    if horisont < 1:
        raise Berakningsfel(f"pensionsberäkning: horisonten ska vara minst 1 år, inte {horisont}")
    alder = np.asarray(alder, dtype="int64")
    t = np.arange(1, horisont + 1)
    h = hasard(alder[:, None] + t[None, :], profil)
    kvar_fore = np.cumprod(np.hstack([np.ones((len(alder), 1)), 1.0 - h[:, :-1]]), axis=1)
    return kvar_fore * h


def _med_totaler(df: pd.DataFrame, nycklar: list[str], varden: list[str]) -> pd.DataFrame:
    """Add ``Totalt`` per nämnd, ``Hela kommunen`` per yrkeskategori and both (sums)."""
    ovriga = [k for k in nycklar if k not in ("namnd", "yrkeskategori")]
    delar = [df]
    g = df.groupby(["namnd", *ovriga], sort=False)[varden].sum().reset_index()
    delar.append(g.assign(yrkeskategori=TOTALT))
    g = df.groupby(["yrkeskategori", *ovriga], sort=False)[varden].sum().reset_index()
    delar.append(g.assign(namnd=HELA_KOMMUNEN))
    if ovriga:
        g = df.groupby(ovriga, sort=False)[varden].sum().reset_index()
    else:
        g = df[varden].sum().to_frame().T
    delar.append(g.assign(namnd=HELA_KOMMUNEN, yrkeskategori=TOTALT))
    return pd.concat([d[[*nycklar, *varden]] for d in delar], ignore_index=True)


def forvantade_pensioner(anstallningar: pd.DataFrame, basdatum: pd.Timestamp, profil: dict[int, float],
                         horisont: int = 10, personer: tuple[pd.DataFrame, pd.DataFrame | None] | None = None) -> pd.DataFrame:
    """Expected retirements per calendar year (``pension_per_ar.csv``).

    Counts the persons whose huvudanställning is månadsavlönad at ``basdatum`` (once per nämnd;
    the ``Hela kommunen`` rows once in the kommun). Columns: namnd (incl. ``Hela kommunen``),
    yrkeskategori (incl. ``Totalt`` per nämnd), ar (basdatum.year + t, t = 1..horisont),
    forvantade (expected persons, fractional). Category rows are those with staff; use
    ``yrkeskategori != "Totalt"`` and ``namnd != "Hela kommunen"`` for the category rows only.
    """
    per_namnd, per_kommun = personer_vid(anstallningar, basdatum, ["yrkeskategori"], personer)
    return en_gang(lambda s: _per_ar(s, basdatum, profil, horisont), per_namnd, per_kommun)


def _per_ar(s: pd.DataFrame, basdatum: pd.Timestamp, profil: dict[int, float], horisont: int) -> pd.DataFrame:
    """:func:`forvantade_pensioner` of one person frame (every row one person)."""
    s = s.loc[s["loneform"] == "manad"]
    bas_ar = pd.Timestamp(basdatum).year
    aldrar, vilken = np.unique(s["alder"].to_numpy(), return_inverse=True)
    e = forvantat_per_ar(aldrar, profil, horisont)  # unique ages x years
    grupper = s.groupby(["namnd", "yrkeskategori"], sort=False, observed=True)
    kod = grupper.ngroup().to_numpy()
    nycklar = grupper.size().index.to_frame(index=False)
    antal_grupper = len(nycklar)
    matris = np.empty((antal_grupper, horisont), dtype="float64")
    for t in range(horisont):  # loop over years, vectorised over persons and groups
        matris[:, t] = np.bincount(kod, weights=e[vilken, t], minlength=antal_grupper)
    # totals on the small group x year matrix, then sort the keys and expand to long form
    ar_kol = [f"_{t}" for t in range(horisont)]
    bred = pd.concat([nycklar, pd.DataFrame(matris, columns=ar_kol)], axis=1)
    bred = sortera(_med_totaler(bred, ["namnd", "yrkeskategori"], ar_kol), ["namnd", "yrkeskategori"])
    rader = len(bred)
    r = pd.DataFrame({
        "namnd": np.repeat(bred["namnd"].to_numpy(dtype=object), horisont),
        "yrkeskategori": np.repeat(bred["yrkeskategori"].to_numpy(dtype=object), horisont),
        "ar": np.tile(np.arange(bas_ar + 1, bas_ar + horisont + 1, dtype="int64"), rader),
        "forvantade": bred[ar_kol].to_numpy(dtype="float64").reshape(-1),
    })
    return r[PER_AR_KOLUMNER]


def _kommunens_egna(r: pd.DataFrame, antal: pd.Series, inom: pd.DataFrame) -> pd.DataFrame:
    """``r`` with the ``Hela kommunen`` rows' antal and inom_* replaced by the kommun's own
    (each person once in the kommun) where given; the kommun's Totalt = the sum of its
    yrkeskategori rows (each person is in one yrkeskategori in the kommun)."""
    kommun = (r["namnd"] == HELA_KOMMUNEN).to_numpy()
    if not kommun.any() or (antal.empty and inom.empty):
        return r
    r = r.copy()
    per_yrke = kommun & (r["yrkeskategori"] != TOTALT).to_numpy()
    yrke = r.loc[per_yrke, "yrkeskategori"]
    for varden in (antal.to_frame("antal"), inom):
        if varden.empty:
            continue
        for k in varden.columns:
            r.loc[per_yrke, k] = yrke.map(varden[k]).fillna(0).to_numpy()
            r.loc[kommun & ~per_yrke, k] = r.loc[per_yrke, k].sum()
    return r


def pension_sammanfattning(per_ar_df: pd.DataFrame, nulage_or_counts: pd.DataFrame,
                           inom: tuple[int, ...] = (2, 5, 10), basar: int | None = None) -> pd.DataFrame:
    """Expected retirements within 2, 5 and 10 years and the 10-year share (``pension.csv``).

    ``per_ar_df``: the output of :func:`forvantade_pensioner` (total rows, if present, are
    recomputed, except that the ``Hela kommunen`` rows of ``per_ar_df`` and of the headcount,
    when present, are kept: they count each person once in the kommun, so nämnder need not add
    up to them). ``nulage_or_counts``: the headcount, either namnd/yrkeskategori/antal
    (preferably :func:`kfanalys.modell.nulage.manadsavlonade` with ``med_kommun=True``, the
    same population as the forecast) or a :func:`kfanalys.modell.nulage.nulage` table (its
    ``yrkeskategori`` rows; note those count all persons, not only månadsavlönade).
    ``basar`` defaults to the first year in ``per_ar_df`` - 1.

    Columns: namnd (incl. ``Hela kommunen``), yrkeskategori (incl. ``Totalt``), antal,
    inom_2, inom_5, inom_10 (one column per value of ``inom``; expected persons,
    fractional), andel_inom_10 (= inom_{max(inom)} / antal; NaN when antal is 0).
    """
    inom = tuple(sorted(int(k) for k in inom))
    n = nulage_or_counts
    if "niva" in n.columns:
        n = n.loc[n["niva"] == "yrkeskategori", ["namnd", "grupp", "antal"]].rename(columns={"grupp": "yrkeskategori"})
    n_kommun = n.loc[(n["namnd"] == HELA_KOMMUNEN) & (n["yrkeskategori"] != TOTALT)]
    n_kommun = n_kommun.groupby("yrkeskategori", sort=False)["antal"].sum()
    n = n.loc[(n["namnd"] != HELA_KOMMUNEN) & (n["yrkeskategori"] != TOTALT), ["namnd", "yrkeskategori", "antal"]]
    p = per_ar_df
    if basar is None:
        basar = int(p["ar"].min()) - 1 if len(p) else 0
    if len(p):
        finns = int(p["ar"].max()) - basar
        if inom[-1] > finns:
            raise Berakningsfel(f"pensionssammanfattning: inom {inom[-1]} år kräver pensionsprognos för "
                                f"{inom[-1]} år, men den sträcker sig bara {finns} år (till {basar + finns})")
    t = (p["ar"] - basar).to_numpy()
    kol = {f"inom_{k}": p["forvantade"].to_numpy() * (t <= k) for k in inom}
    w = pd.DataFrame({"namnd": p["namnd"].to_numpy(), "yrkeskategori": p["yrkeskategori"].to_numpy(), **kol})
    w = w.groupby(["namnd", "yrkeskategori"], sort=False, observed=True)[list(kol)].sum().reset_index()
    w_kommun = w.loc[(w["namnd"] == HELA_KOMMUNEN) & (w["yrkeskategori"] != TOTALT)].set_index("yrkeskategori")
    # total rows (if the input has them) are dropped here, on the small table, and recomputed
    w = w.loc[(w["namnd"] != HELA_KOMMUNEN) & (w["yrkeskategori"] != TOTALT)]
    r = n.merge(w, on=["namnd", "yrkeskategori"], how="outer")
    r["antal"] = r["antal"].fillna(0).astype("int64")
    r[list(kol)] = r[list(kol)].fillna(0.0)
    r = _med_totaler(r, ["namnd", "yrkeskategori"], ["antal", *kol])
    r = _kommunens_egna(r, n_kommun, w_kommun[list(kol)])
    r["antal"] = r["antal"].astype("int64")
    sista = f"inom_{inom[-1]}"
    r[f"andel_{sista}"] = r[sista].astype("float64") / r["antal"].where(r["antal"] > 0)
    return sortera(r, ["namnd", "yrkeskategori"])
