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

from kfanalys.konfig import Konfig
from kfanalys.nulage import manadsavlonade

URVAL_KOLUMNER = ["namnd", "yrkeskategori", "antal", "skal"]
SKAL = ("topp_n", "chef", "konfig")


def urval(anstallningar: pd.DataFrame, basdatum: pd.Timestamp, konfig: Konfig) -> pd.DataFrame:
    """The analysed yrkeskategorier per nämnd (``urval.csv``).

    Columns: namnd, yrkeskategori, antal (månadsavlönade at ``basdatum``, int64), skal
    (``topp_n``/``chef``/``konfig``). Sorted by nämnd, then antal descending, then name.
    Nämnder in the data but not in ``kommun.yaml`` still get their largest and chef
    categories. No ``Hela kommunen`` rows.
    """
    n = manadsavlonade(anstallningar, basdatum)
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
