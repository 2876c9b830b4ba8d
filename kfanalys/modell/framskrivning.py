"""Personalframskrivning: the need per nämnd, yrkeskategori and year from a demand driver.

behov(h) = N x D(h)/D(0) x (1+g)^h (ARKITEKTUR.md "Definitions"), where N is the base
headcount of månadsavlönade staff (``antal``, persons; ``arsarbetare`` likewise), D(t) the
driver population of the nämnd's ``omrade`` in year basar+t (persons), and g the
non-demographic growth per year (fraction, e.g. 0.005).

Two steps, both vectorised over all nämnder and yrkeskategorier:

1. :func:`drivarpopulation` turns the population forecast into the driver D per
   (namnd, yrkeskategori, ar) (cumulative sums over ages, one array operation);
2. :func:`framskrivning` merges the base headcount with D and computes the need.

Every problem (driver ages missing from the forecast, an omrade missing, a horizon beyond
the forecast) raises :class:`kfanalys.grund.fel.Berakningsfel` in Swedish naming the
yrkeskategori and the value, before anything is computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.fel import intervall_text as _intervall
from kfanalys.indata.konfig import Drivare, Konfig

MAX_ALDER = 100  # befolkningsprognos: 100 = 100 år och äldre
FRAMSKRIVNING_KOLUMNER = ["namnd", "yrkeskategori", "ar", "horisont", "drivare", "drivare_antal", "drivare_index",
                          "antal", "arsarbetare", "behov", "behov_arsarbetare"]


def berakningsfel(rader: list[str], rubrik: str, max_antal: int = 30) -> Berakningsfel:
    """One :class:`Berakningsfel` listing every problem (Swedish), at most ``max_antal`` lines."""
    text = [f"{rubrik} ({len(rader)} problem):"] + [f"  - {r}" for r in rader[:max_antal]]
    if len(rader) > max_antal:
        text.append(f"  ... och {len(rader) - max_antal} till")
    return Berakningsfel("\n".join(text))


def _namnd_omraden(konfig: Konfig, namnd_omraden) -> pd.DataFrame:
    if namnd_omraden is None:
        return pd.DataFrame({"namnd": [n.namn for n in konfig.namnder], "omrade": [n.omrade for n in konfig.namnder]})
    if isinstance(namnd_omraden, pd.DataFrame):
        return namnd_omraden[["namnd", "omrade"]].drop_duplicates("namnd").reset_index(drop=True)
    return pd.DataFrame({"namnd": list(namnd_omraden.keys()), "omrade": list(namnd_omraden.values())})


def drivarpopulation(befolkning: pd.DataFrame, konfig: Konfig, namnd_omraden: Mapping[str, str] | pd.DataFrame | None = None,
                     yrkeskategorier: Iterable[str] | None = None) -> pd.DataFrame:
    """The driver population D per nämnd, yrkeskategori and year.

    ``befolkning``: columns omrade, ar, alder (0..100), antal (persons; summed over kon if given).
    ``namnd_omraden``: nämnd -> omrade (dict or frame namnd, omrade); default from ``konfig.namnder``.
    ``yrkeskategorier``: categories to include besides those in ``konfig`` (unknown ones get a
    fixed driver). Drivers: ``alder`` sums ages fran..till (till 100 = 100+), ``total`` sums all
    ages, ``fast`` is the constant 1.

    Returns columns namnd, yrkeskategori, ar, drivare (description, Swedish), drivare_antal
    (persons; 1.0 for a fixed driver). Raises :class:`Berakningsfel` if an omrade or a driver
    age is missing from the forecast.

    >>> from kfanalys.indata.konfig import konfig_fran_dict
    >>> k = konfig_fran_dict({"kommun": "K", "namnder": [{"namn": "N", "omrade": "A"}],
    ...     "yrkeskategorier": [{"namn": "Lärare", "drivare": {"typ": "alder", "fran": 1, "till": 2}}]})
    >>> bef = pd.DataFrame({"omrade": "A", "ar": [2025] * 3, "alder": [0, 1, 2], "antal": [5.0, 10.0, 20.0]})
    >>> drivarpopulation(bef, k).drivare_antal.tolist()
    [30.0]
    """
    no = _namnd_omraden(konfig, namnd_omraden)
    drivare: dict[str, Drivare] = {namn: y.drivare for namn, y in konfig.yrkeskategorier.items()}
    for namn in yrkeskategorier or ():
        drivare.setdefault(str(namn), Drivare("fast"))
    kat = pd.DataFrame({
        "yrkeskategori": list(drivare),
        "typ": [d.typ for d in drivare.values()],
        "fran": [d.fran if d.typ == "alder" else 0 for d in drivare.values()],
        "till": [d.till if d.typ == "alder" else MAX_ALDER for d in drivare.values()],
        "drivare": [d.beskrivning() for d in drivare.values()],
    })

    bef = befolkning[befolkning["omrade"].isin(no["omrade"].unique())]
    bef = bef.groupby(["omrade", "ar", "alder"], as_index=False, observed=True)["antal"].sum()
    saknade = sorted(set(no["omrade"]) - set(bef["omrade"].unique()))
    if saknade and (kat["typ"] != "fast").any():
        finns = ", ".join(sorted(map(str, befolkning["omrade"].unique()))[:10])
        rader = [f'nämnden {r.namnd}: området "{r.omrade}" finns inte i befolkningsprognosen (där finns: {finns})'
                 for r in no[no["omrade"].isin(saknade)].itertuples()]
        raise berakningsfel(rader, "Befolkningsprognosen saknar områden som kommun.yaml anger")

    # One row per (omrade, ar), ages 0..100 as columns: sums over any age band by cumulative sums.
    par = bef[["omrade", "ar"]].drop_duplicates().sort_values(["omrade", "ar"]).reset_index(drop=True)
    par_nr = pd.MultiIndex.from_frame(par).get_indexer(pd.MultiIndex.from_frame(bef[["omrade", "ar"]]))
    alder = bef["alder"].to_numpy(dtype=np.int64).clip(0, MAX_ALDER)
    mangd = np.zeros((len(par), MAX_ALDER + 1))
    finns = np.zeros((len(par), MAX_ALDER + 1))
    np.add.at(mangd, (par_nr, alder), bef["antal"].to_numpy(dtype=float))
    finns[par_nr, alder] = 1.0
    kum = np.concatenate([np.zeros((len(par), 1)), np.cumsum(mangd, axis=1)], axis=1)
    kum_finns = np.concatenate([np.zeros((len(par), 1)), np.cumsum(finns, axis=1)], axis=1)
    fran = kat["fran"].to_numpy(dtype=np.int64)
    till = kat["till"].to_numpy(dtype=np.int64)
    d = kum[:, till + 1] - kum[:, fran]  # (par, kategori)
    antal_aldrar = kum_finns[:, till + 1] - kum_finns[:, fran]
    typ = kat["typ"].to_numpy()
    d[:, typ == "fast"] = 1.0

    luckor = (antal_aldrar < (till - fran + 1)[None, :]) & (typ == "alder")[None, :]
    if luckor.any():
        rader = []
        for i, j in zip(*np.nonzero(luckor)):
            if len(rader) >= 30:
                break
            saknas = [a for a in range(fran[j], till[j] + 1) if finns[i, a] == 0]
            rader.append(f'yrkeskategori {kat["yrkeskategori"].iat[j]}: drivaren ({kat["drivare"].iat[j]}) behöver '
                         f'åldrarna {fran[j]}-{till[j]}, men åldrarna {_intervall(saknas)} saknas i befolkningsprognosen '
                         f'för området "{par["omrade"].iat[i]}" år {par["ar"].iat[i]}')
        raise berakningsfel(rader, "Drivaråldrar saknas i befolkningsprognosen")

    lang = pd.DataFrame({
        "omrade": np.repeat(par["omrade"].to_numpy(), len(kat)),
        "ar": np.repeat(par["ar"].to_numpy(dtype=np.int64), len(kat)),
        "yrkeskategori": np.tile(kat["yrkeskategori"].to_numpy(), len(par)),
        "drivare": np.tile(kat["drivare"].to_numpy(), len(par)),
        "drivare_antal": d.reshape(-1),
    })
    ut = no.merge(lang, on="omrade", how="inner")
    return ut[["namnd", "yrkeskategori", "ar", "drivare", "drivare_antal"]].reset_index(drop=True)


def framskrivning(bas: pd.DataFrame, drivare_df: pd.DataFrame, basar: int, slutar: int | None = None,
                  tillvaxt: float | Mapping[str, float] = 0.0) -> pd.DataFrame:
    """Project the need per year from basar to slutar (framskrivning.csv).

    ``bas``: namnd, yrkeskategori, antal (persons), arsarbetare (full-time equivalents) at the
    base date. ``drivare_df``: output of :func:`drivarpopulation`. ``slutar``: last year (default:
    the last year the forecast covers for every category). ``tillvaxt``: g per year (fraction),
    one number or a mapping yrkeskategori -> g (categories not in it get 0).

    Returns framskrivning.csv columns: namnd, yrkeskategori, ar, horisont (ar - basar), drivare,
    drivare_antal, drivare_index (D(h)/D(0)), antal, arsarbetare, behov (persons),
    behov_arsarbetare.

    >>> bas = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["S"], "antal": [416], "arsarbetare": [400.0]})
    >>> d = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "ar": [2025, 2026, 2027], "drivare": "0-20",
    ...                   "drivare_antal": [1000.0, 1010.0, 1019.0]})
    >>> float(round(framskrivning(bas, d, 2025, 2027).behov.iat[-1], 3))   # 416 x 1.019
    423.904
    """
    for namn, kol in (("bas", ["namnd", "yrkeskategori", "antal", "arsarbetare"]),
                      ("drivare_df", ["namnd", "yrkeskategori", "ar", "drivare", "drivare_antal"])):
        df = bas if namn == "bas" else drivare_df
        saknas = [k for k in kol if k not in df.columns]
        if saknas:
            raise Berakningsfel(f"framskrivning: tabellen {namn} saknar kolumnerna {', '.join(saknas)}")

    nycklar = ["namnd", "yrkeskategori"]
    b = bas[nycklar + ["antal", "arsarbetare"]].groupby(nycklar, as_index=False, observed=True).sum()
    d = drivare_df[nycklar + ["ar", "drivare", "drivare_antal"]].merge(b[nycklar], on=nycklar, how="inner")
    tackning = d.groupby(nycklar, as_index=False, observed=True)["ar"].agg(["min", "max"])
    tackning = b[nycklar].merge(tackning, on=nycklar, how="left")
    if slutar is None:
        slutar = int(tackning["max"].min()) if tackning["max"].notna().any() else basar
    rader: list[str] = []
    for r in tackning[tackning["min"].isna()].itertuples():
        rader.append(f"yrkeskategori {r.yrkeskategori} ({r.namnd}): har ingen drivarpopulation")
    t = tackning.dropna(subset=["min"])
    for r in t[t["min"] > basar].itertuples():
        rader.append(f"yrkeskategori {r.yrkeskategori} ({r.namnd}): prognosen börjar {int(r.min)} "
                     f"men basåret är {basar}")
    kort = t[t["max"] < slutar]
    for slut, grupp in kort.groupby("max"):  # one line per end year of the forecast
        kat = sorted(grupp["yrkeskategori"].unique())
        lista = ", ".join(kat[:10]) + (f" och {len(kat) - 10} till" if len(kat) > 10 else "")
        rader.append(f"prognosen slutar {int(slut)} men horisonten kräver {slutar} "
                     f"(basår {basar} + {slutar - basar} år); gäller yrkeskategori {lista}")
    if rader:
        raise berakningsfel(rader, "Befolkningsprognosen räcker inte för framskrivningen")

    d = d[(d["ar"] >= basar) & (d["ar"] <= slutar)]
    antal_ar = d.groupby(nycklar, observed=True)["ar"].nunique()
    hal = antal_ar[antal_ar < slutar - basar + 1]
    if len(hal):
        raise berakningsfel([f"yrkeskategori {k} ({n}): prognosen saknar år mellan {basar} och {slutar} "
                             f"({v} av {slutar - basar + 1} år finns)" for (n, k), v in hal.items()],
                            "Befolkningsprognosen har luckor")
    d0 = d.loc[d["ar"] == basar, nycklar + ["drivare_antal"]].rename(columns={"drivare_antal": "d0"})
    noll = d0[d0["d0"] <= 0]
    if len(noll):
        raise berakningsfel([f"yrkeskategori {r.yrkeskategori} ({r.namnd}): drivarpopulationen år {basar} "
                             f"är {r.d0:g}, så ingen förändring kan räknas ut" for r in noll.itertuples()],
                            "Drivarpopulationen är noll basåret")

    ut = d.merge(d0, on=nycklar).merge(b, on=nycklar)
    ut["ar"] = ut["ar"].astype(np.int64)
    ut["horisont"] = ut["ar"] - basar
    ut["drivare_index"] = ut["drivare_antal"] / ut["d0"]
    if isinstance(tillvaxt, Mapping):
        g = ut["yrkeskategori"].map(dict(tillvaxt)).astype(float).fillna(0.0)
    else:
        g = float(tillvaxt)
    faktor = ut["drivare_index"] * (1.0 + g) ** ut["horisont"]
    ut["behov"] = ut["antal"] * faktor
    ut["behov_arsarbetare"] = ut["arsarbetare"] * faktor
    return ut[FRAMSKRIVNING_KOLUMNER].sort_values(["namnd", "yrkeskategori", "ar"]).reset_index(drop=True)
