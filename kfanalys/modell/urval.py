"""Urval: which yrkeskategorier each nämnd analyses (seed 003: "tio största yrkeskategorier
samt sektionschefer", plus categories the nämnd names itself).

A nämnd analyses (1) its ``topp_n`` largest yrkeskategorier by headcount of månadsavlönade
at the base date (ties broken by name), (2) every yrkeskategori marked ``chef: true`` in
``kommun.yaml`` that it employs (månadsavlönade), (3) every category in its ``analysera``
list in ``kommun.yaml``, even with no staff (antal 0). ``skal`` gives the first reason
in that order.
"""

from __future__ import annotations

import pandas as pd

from kfanalys.grund.rojandekontroll import publicera
from kfanalys.indata.konfig import Konfig
from kfanalys.modell.nulage import manadsavlonade

URVAL_KOLUMNER = ["namnd", "yrkeskategori", "antal", "skal"]
SKAL = ("topp_n", "chef", "konfig")


def urval(anstallningar: pd.DataFrame, basdatum: pd.Timestamp, konfig: Konfig,
          personer: tuple[pd.DataFrame, pd.DataFrame | None] | None = None) -> pd.DataFrame:
    """The analysed yrkeskategorier per nämnd (``urval.csv``).

    Columns: namnd, yrkeskategori, antal (månadsavlönade at ``basdatum``, int64), skal
    (``topp_n``/``chef``/``konfig``). Sorted by nämnd, then antal descending, then name.
    Nämnder in the data but not in ``kommun.yaml`` still get their largest and chef
    categories. No ``Hela kommunen`` rows. Persons, once per nämnd by their huvudanställning
    (:func:`kfanalys.modell.nulage.manadsavlonade`; ``personer`` as there).
    """
    n = manadsavlonade(anstallningar, basdatum, personer=personer)
    ordnad = n.sort_values(["namnd", "antal", "yrkeskategori"], ascending=[True, False, True], kind="stable")
    topp = ordnad.groupby("namnd", sort=False).head(konfig.antaganden.topp_n).assign(skal="topp_n")

    chefskategorier = [y.namn for y in konfig.yrkeskategorier.values() if y.chef]
    chef = n.loc[n["yrkeskategori"].isin(chefskategorier) & (n["antal"] > 0)].assign(skal="chef")

    valda = pd.DataFrame([(nd.namn, y) for nd in konfig.namnder for y in nd.analysera],
                         columns=["namnd", "yrkeskategori"])
    valda = valda.merge(n, on=["namnd", "yrkeskategori"], how="left").assign(skal="konfig")
    valda["antal"] = valda["antal"].fillna(0).astype("int64")

    r = pd.concat([topp, chef, valda], ignore_index=True)[URVAL_KOLUMNER]
    r = r.drop_duplicates(["namnd", "yrkeskategori"], keep="first")
    r["antal"] = r["antal"].astype("int64")
    r = r.sort_values(["namnd", "antal", "yrkeskategori"], ascending=[True, False, True], kind="stable")
    return r.reset_index(drop=True)


def bara_analyserade(df: pd.DataFrame, urval_df: pd.DataFrame) -> pd.DataFrame:
    """The rows of a per-yrkeskategori table that belong to an analysed category (``urval_df``).

    Summary rows are kept: ``Totalt`` (the whole nämnd, every category) and ``Hela kommunen``.
    A table without ``namnd`` and ``yrkeskategori`` columns is returned unchanged. The
    caller's frame is not changed.

    >>> u = pd.DataFrame({"namnd": ["A"], "yrkeskategori": ["x"]})
    >>> t = pd.DataFrame({"namnd": ["A", "A", "A", "B", "Hela kommunen"],
    ...                   "yrkeskategori": ["x", "y", "Totalt", "x", "y"], "gap": [1, 2, 3, 4, 5]})
    >>> bara_analyserade(t, u)["gap"].tolist()
    [1, 3, 5]
    """
    from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

    if not {"namnd", "yrkeskategori"} <= set(df.columns):
        return df
    valda = pd.MultiIndex.from_frame(urval_df[["namnd", "yrkeskategori"]].astype(str))
    par = pd.MultiIndex.from_frame(df[["namnd", "yrkeskategori"]].astype(str))
    behall = par.isin(valda) | (df["yrkeskategori"] == TOTALT).to_numpy() | (df["namnd"] == HELA_KOMMUNEN).to_numpy()
    return df[behall].reset_index(drop=True)


def tackning(urval_df: pd.DataFrame, antal_df: pd.DataFrame) -> pd.DataFrame:
    """How much of each nämnd the analysed categories cover (månadsavlönade at the base date).

    ``antal_df``: namnd, yrkeskategori, antal (e.g. :func:`kfanalys.modell.nulage.manadsavlonade`, or
    the ``horisont == 0`` rows of framskrivning.csv; ``Totalt``/``Hela kommunen`` rows are
    ignored). Columns: namnd, kategorier_analyserade, kategorier, antal_analyserade, antal.

    >>> u = pd.DataFrame({"namnd": ["A", "A"], "yrkeskategori": ["x", "z"], "antal": [8, 0]})
    >>> n = pd.DataFrame({"namnd": ["A", "A", "A", "A"], "yrkeskategori": ["x", "y", "w", "Totalt"],
    ...                   "antal": [8, 3, 1, 12]})
    >>> tackning(u, n).values.tolist()
    [['A', 1, 3, 8, 12]]
    """
    from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT

    n = antal_df[(antal_df["yrkeskategori"] != TOTALT) & (antal_df["namnd"] != HELA_KOMMUNEN)]
    n = n[["namnd", "yrkeskategori", "antal"]].drop_duplicates(["namnd", "yrkeskategori"])
    n = n.assign(analyseras=pd.MultiIndex.from_frame(n[["namnd", "yrkeskategori"]]).isin(
        pd.MultiIndex.from_frame(urval_df[["namnd", "yrkeskategori"]])))
    g = n.groupby("namnd", sort=False)
    ut = pd.DataFrame({
        "kategorier_analyserade": g["analyseras"].sum().astype("int64"),
        "kategorier": g.size().astype("int64"),
        "antal_analyserade": n[n["analyseras"]].groupby("namnd", sort=False)["antal"].sum(),
        "antal": g["antal"].sum(),
    })
    ut["antal_analyserade"] = ut["antal_analyserade"].fillna(0).astype("int64")
    ut["antal"] = ut["antal"].astype("int64")
    return ut.reset_index()


def publicerade_tabeller(tabeller: dict, minsta: int) -> dict:
    """The tables as every report and workbook may show them: the analysed yrkeskategorier
    (:func:`analyserade_tabeller`), then the disclosure rule
    (:func:`kfanalys.grund.rojandekontroll.publicera`) over all nämnder and the kommun at once,
    so the nämnd reports, the kommun report and the workbooks hide the same cells."""
    return publicera(analyserade_tabeller(tabeller), minsta)


#: Per-yrkeskategori tables of the analysis; a report shows their analysed categories only.
ANALYSTABELLER = ("framskrivning", "gap", "kvalitativt_gap", "rekrytering", "rekrytering_per_ar", "risk",
                  "rekrytering_intervall", "rekrytering_intervall_per_ar", "scenarier_gap", "scenarier_rekrytering",
                  "uppfoljning")


def analyserade_tabeller(tabeller: dict) -> dict:
    """The tables as a report shows them: :data:`ANALYSTABELLER` cut to each nämnd's analysed
    yrkeskategorier (``urval``: the ten largest, chefs and those kommun.yaml names, seed 003's
    rule), their ``Totalt`` rows (the whole nämnd) and the ``Hela kommunen`` rows kept; every
    other table unchanged. Without an ``urval`` table nothing is cut.
    """
    urval_df = tabeller.get("urval")
    if urval_df is None:
        return dict(tabeller)
    return {k: (bara_analyserade(v, urval_df) if k in ANALYSTABELLER else v) for k, v in tabeller.items()}
