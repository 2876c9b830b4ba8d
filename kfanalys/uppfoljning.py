"""Uppföljning: the previous cycle's forecast set against what happened (uppfoljning.csv).

For each year ``ar`` after the previous cycle's base year that has a snapshot in the register:

- ``prognos_behov``: the projected need (persons) for that year (framskrivning.csv of the
  previous cycle);
- ``faktiskt_antal``: månadsavlönade headcount at the latest snapshot of year ``ar``;
- ``prognos_rekryteringar``: the projected hires in that year (rekrytering_per_ar.csv);
- ``faktiska_rekryteringar``: hires (``typ == "anstallning"``) from outside the förvaltning
  (``motpart`` annan_forvaltning/extern; moves within the förvaltning are neither exits nor
  hires in the stock-flow) dated after the snapshot of year ``ar - 1`` up to and including
  the snapshot of year ``ar``, counted if the person is månadsavlönad in that nämnd at the
  snapshot of year ``ar`` (the model's hires are månadsavlönade still employed at the year's
  end; the same rule as :mod:`kfanalys.backtest`); NaN when the year before has no snapshot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.schema import HELA_KOMMUNEN, TOTALT

UPPFOLJNING_KOLUMNER = ["namnd", "yrkeskategori", "ar", "prognos_behov", "faktiskt_antal", "prognos_rekryteringar",
                        "faktiska_rekryteringar"]
UTIFRAN = ("annan_forvaltning", "extern")


def _utan_summor(df: pd.DataFrame) -> pd.DataFrame:
    return df[(df["namnd"] != HELA_KOMMUNEN) & (df["yrkeskategori"] != TOTALT)]


def uppfoljning(foregaende_framskrivning: pd.DataFrame, foregaende_rekrytering_per_ar: pd.DataFrame,
                anstallningar: pd.DataFrame, handelser: pd.DataFrame) -> pd.DataFrame:
    """Forecast vs outcome per nämnd, yrkeskategori and year (columns :data:`UPPFOLJNING_KOLUMNER`).

    ``foregaende_framskrivning``: namnd, yrkeskategori, ar, horisont, behov (previous cycle);
    ``foregaende_rekrytering_per_ar``: namnd, yrkeskategori, ar, rekryteringar (previous cycle);
    ``anstallningar``/``handelser``: the typed register (schema columns). Summary rows
    (Hela kommunen / Totalt) of the forecast are ignored. Only years with a snapshot.
    """
    nycklar = ["namnd", "yrkeskategori"]
    f = _utan_summor(foregaende_framskrivning)
    f = f.loc[f["horisont"] >= 1, nycklar + ["ar", "behov"]].rename(columns={"behov": "prognos_behov"})
    if f.empty:
        return pd.DataFrame(columns=UPPFOLJNING_KOLUMNER)
    r = _utan_summor(foregaende_rekrytering_per_ar)[nycklar + ["ar", "rekryteringar"]]
    f = f.merge(r.rename(columns={"rekryteringar": "prognos_rekryteringar"}), on=nycklar + ["ar"], how="left")

    datum = pd.Series(pd.to_datetime(anstallningar["matdatum"]).unique())
    bilder = datum.groupby(datum.dt.year).max().sort_index()  # year -> latest snapshot
    f = f[f["ar"].isin(bilder.index)]
    if f.empty:
        return pd.DataFrame(columns=UPPFOLJNING_KOLUMNER)

    a = anstallningar.loc[anstallningar["loneform"].eq("manad") & anstallningar["matdatum"].isin(bilder.to_numpy()),
                          ["person_id", *nycklar, "matdatum"]]
    a = a.assign(ar=a["matdatum"].dt.year.astype(np.int64))
    antal = a.groupby(nycklar + ["ar"], observed=True).size().rename("faktiskt_antal").reset_index()

    # each hire belongs to the first snapshot on or after its date: (snapshot(ar-1), snapshot(ar)]
    h = handelser.loc[handelser["typ"].eq("anstallning") & handelser["motpart"].isin(UTIFRAN),
                      ["person_id", *nycklar, "datum"]]
    snap = bilder.to_numpy(dtype="datetime64[ns]")
    i = np.searchsorted(snap, h["datum"].to_numpy(dtype="datetime64[ns]"), side="left")
    ok = (i > 0) & (i < len(snap))
    ar_index = bilder.index.to_numpy()
    ok[ok] = ar_index[i[ok] - 1] == ar_index[i[ok]] - 1  # only between the snapshots of consecutive years
    h = h[ok].assign(ar=ar_index[i[ok]]).merge(a[["person_id", "namnd", "ar"]].drop_duplicates(),
                                               on=["person_id", "namnd", "ar"], how="inner")
    anst = h.groupby(nycklar + ["ar"], observed=True).size()
    anst = anst.rename("faktiska_rekryteringar").reset_index()

    ut = f.merge(antal[nycklar + ["ar", "faktiskt_antal"]], on=nycklar + ["ar"], how="left")
    ut = ut.merge(anst, on=nycklar + ["ar"], how="left")
    ut["faktiskt_antal"] = ut["faktiskt_antal"].fillna(0).astype(np.int64)
    har_fore = pd.Series(ut["ar"] - 1).isin(bilder.index).to_numpy()
    ut["faktiska_rekryteringar"] = ut["faktiska_rekryteringar"].fillna(0).where(har_fore)
    ut["ar"] = ut["ar"].astype(np.int64)
    return ut[UPPFOLJNING_KOLUMNER].sort_values(nycklar + ["ar"]).reset_index(drop=True)
