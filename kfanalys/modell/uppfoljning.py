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
  end; the same rule as :mod:`kfanalys.modell.backtest`); NaN when the year before has no snapshot.

Persons, not employments (:mod:`kfanalys.modell.personer`): a person counts once per nämnd, under
the huvudanställning's yrkeskategori, and is månadsavlönad if the huvudanställning is;
``handelser`` should be :func:`kfanalys.modell.personer.personhandelser` output (a second job
in a nämnd the person already works in is no recruitment).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.modell.personer import huvudanstallningar

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

    a = huvudanstallningar(anstallningar.loc[anstallningar["matdatum"].isin(bilder.to_numpy())], "namnd")
    a = a.loc[a["loneform"].eq("manad"), ["person_id", *nycklar, "matdatum"]]
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


# --- the activity plan ------------------------------------------------------------------------

PLAN_UPPFOLJNING_KOLUMNER = ["namnd", "omrade", "behov", "aktivitet", "ansvarig", "maldatum_foregaende", "maldatum",
                             "status_foregaende", "status"]
INGEN_UPPGIFT = "ingen uppgift"
AVSLUTADE = ("genomförd", "avbruten")


def _aktivitetsnyckel(df: pd.DataFrame) -> pd.Series:
    """namnd + the activity text, ignoring case, spacing and punctuation at the end."""
    text = df["aktivitet"].astype(str).str.lower().str.replace(r"\s+", " ", regex=True).str.strip(" .;,")
    return df["namnd"].astype(str) + "\x1f" + text


def plan_uppfoljning(foregaende_plan: pd.DataFrame | None, plan: pd.DataFrame | None) -> pd.DataFrame:
    """Follow-up of the previous cycle's activities (``plan_uppfoljning.csv``).

    One row per activity of ``foregaende_plan`` with the status the nämnd reports in this
    cycle's ``plan`` (the workbook prefills last cycle's activities, the nämnd updates the
    status and may move the måldatum). Matched on nämnd and activity text (case, spacing and
    a trailing full stop ignored). An activity the nämnd left out of this cycle's plan gets
    status ``ingen uppgift``. Columns :data:`PLAN_UPPFOLJNING_KOLUMNER`, in the UBARA order of
    :data:`kfanalys.grund.schema.UBARA`, then by previous måldatum.

    >>> fore = pd.DataFrame({"namnd": "N", "omrade": ["Avsluta", "Utveckla"], "behov": ["b1", "b2"],
    ...     "aktivitet": ["Överlämning vid pension", "Chefsprogram"], "ansvarig": "HR",
    ...     "maldatum": pd.to_datetime(["2024-03-31", "2025-06-30"]), "status": "pågår"})
    >>> nu = pd.DataFrame({"namnd": "N", "omrade": ["Avsluta", "Attrahera"], "behov": ["b1", "b3"],
    ...     "aktivitet": ["överlämning vid  pension.", "Mässor"], "ansvarig": "HR",
    ...     "maldatum": pd.to_datetime(["2026-12-31", "2026-09-30"]), "status": ["genomförd", "ej påbörjad"]})
    >>> plan_uppfoljning(fore, nu)[["omrade", "aktivitet", "status_foregaende", "status"]].values.tolist()
    [['Utveckla', 'Chefsprogram', 'pågår', 'ingen uppgift'], ['Avsluta', 'Överlämning vid pension', 'pågår', 'genomförd']]
    """
    from kfanalys.grund.schema import UBARA

    if foregaende_plan is None or len(foregaende_plan) == 0:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in PLAN_UPPFOLJNING_KOLUMNER})
    f = foregaende_plan.assign(_nyckel=_aktivitetsnyckel(foregaende_plan))
    f = f.rename(columns={"maldatum": "maldatum_foregaende", "status": "status_foregaende"})
    if plan is not None and len(plan):
        nu = plan.assign(_nyckel=_aktivitetsnyckel(plan)).drop_duplicates("_nyckel")[["_nyckel", "maldatum", "status"]]
    else:
        nu = pd.DataFrame({"_nyckel": pd.Series(dtype=object), "maldatum": pd.Series(dtype="datetime64[ns]"),
                           "status": pd.Series(dtype=object)})
    ut = f.merge(nu, on="_nyckel", how="left")
    ut["status"] = ut["status"].fillna(INGEN_UPPGIFT)
    ordning = {o: i for i, o in enumerate(UBARA)}
    ut = ut.assign(_o=ut["omrade"].map(ordning).fillna(len(UBARA)))
    ut = ut.sort_values(["namnd", "_o", "maldatum_foregaende", "aktivitet"], kind="stable")
    return ut[PLAN_UPPFOLJNING_KOLUMNER].reset_index(drop=True)


def aktivitetsplan(plan: pd.DataFrame | None, foregaende_plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """The plan going forward: this cycle's activities that are new or still open, by UBARA area.

    An activity carried over from ``foregaende_plan`` (same nämnd and text) that is now
    ``genomförd`` or ``avbruten`` is left out (it is reported in :func:`plan_uppfoljning`);
    every other row is kept. Adds ``ny`` (True for an activity not in the previous plan).
    Sorted by nämnd, UBARA area (Utveckla, Behålla, Attrahera, Rekrytera, Introducera,
    Avsluta), måldatum.

    >>> fore = pd.DataFrame({"namnd": "N", "omrade": ["Avsluta"], "aktivitet": ["A"], "status": ["pågår"],
    ...                      "maldatum": pd.to_datetime(["2024-03-31"])})
    >>> nu = pd.DataFrame({"namnd": "N", "omrade": ["Avsluta", "Rekrytera", "Utveckla"], "aktivitet": ["A", "B", "C"],
    ...     "status": ["genomförd", "ej påbörjad", "pågår"], "maldatum": pd.to_datetime(["2025-01-01"] * 3)})
    >>> aktivitetsplan(nu, fore)[["omrade", "aktivitet", "ny"]].values.tolist()
    [['Utveckla', 'C', True], ['Rekrytera', 'B', True]]
    """
    from kfanalys.grund.schema import UBARA

    if plan is None or len(plan) == 0:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in [*(plan.columns if plan is not None else []), "ny"]})
    nyckel = _aktivitetsnyckel(plan)
    tidigare = set(_aktivitetsnyckel(foregaende_plan)) if foregaende_plan is not None and len(foregaende_plan) else set()
    ny = ~nyckel.isin(tidigare)
    behall = ny | ~plan["status"].isin(AVSLUTADE)
    ut = plan.assign(ny=ny.to_numpy())[behall.to_numpy()]
    ordning = {o: i for i, o in enumerate(UBARA)}
    ut = ut.assign(_o=ut["omrade"].map(ordning).fillna(len(UBARA)))
    return ut.sort_values(["namnd", "_o", "maldatum"], kind="stable").drop(columns="_o").reset_index(drop=True)


def statusantal(plan_uppfoljning_df: pd.DataFrame) -> pd.DataFrame:
    """Number of last cycle's activities per nämnd and status (columns namnd, status, antal).

    Statuses in the order ej påbörjad, pågår, genomförd, avbruten, ingen uppgift; only those
    that occur.

    >>> t = pd.DataFrame({"namnd": "N", "status": ["genomförd", "pågår", "genomförd", "ingen uppgift"]})
    >>> statusantal(t).values.tolist()
    [['N', 'pågår', 1], ['N', 'genomförd', 2], ['N', 'ingen uppgift', 1]]
    """
    from kfanalys.grund.schema import STATUSAR

    ordning = {s: i for i, s in enumerate((*STATUSAR, INGEN_UPPGIFT))}
    n = plan_uppfoljning_df.groupby(["namnd", "status"], sort=False).size().rename("antal").reset_index()
    n = n.assign(_o=n["status"].map(ordning).fillna(len(ordning)))
    return n.sort_values(["namnd", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


_STATUSORD = {"ej påbörjad": ("ej påbörjad", "ej påbörjade"), "pågår": ("pågår", "pågår"),
              "genomförd": ("genomförd", "genomförda"), "avbruten": ("avbruten", "avbrutna"),
              INGEN_UPPGIFT: ("utan uppgift", "utan uppgift")}


def status_mening(statusantal_df: pd.DataFrame, cykel: int | str) -> str:
    """One sentence on how last cycle's activities went, from :func:`statusantal` rows of one nämnd.

    >>> t = pd.DataFrame({"namnd": "N", "status": ["pågår", "genomförd", "avbruten"], "antal": [2, 2, 1]})
    >>> status_mening(t, 2023)
    'Aktiviteterna i planen från 2023 (5 stycken): 2 genomförda, 2 pågår och 1 avbruten.'
    """
    delar = [f"{int(n)} {_STATUSORD.get(s, (s, s))[0 if int(n) == 1 else 1]}"
             for s, n in zip(statusantal_df["status"], statusantal_df["antal"])]
    delar = sorted(delar, key=lambda d: 0 if "genomför" in d else 1)  # what was done first
    lista = delar[0] if len(delar) == 1 else ", ".join(delar[:-1]) + " och " + delar[-1]
    return f"Aktiviteterna i planen från {cykel} ({int(statusantal_df['antal'].sum())} stycken): {lista}."


def utfall_mening(uppfoljning_df: pd.DataFrame, namnd: str, foregaende_cykel: int | str) -> str | None:
    """One sentence on the previous forecast against the outcome for a nämnd (its ``Totalt`` rows of
    ``uppfoljning.csv``, years with actual recruitments): forecast vs actual recruitments summed over
    the years, and forecast vs actual headcount in the last year. None when there is nothing to say.

    >>> t = pd.DataFrame({"namnd": "N", "yrkeskategori": "Totalt", "ar": [2024, 2025],
    ...     "prognos_behov": [101.0, 103.0], "faktiskt_antal": [100, 104],
    ...     "prognos_rekryteringar": [10.4, 11.0], "faktiska_rekryteringar": [12.0, 13.0]})
    >>> utfall_mening(t, "N", 2023)
    'Prognosen från 2023 räknade med 21 rekryteringar 2024 och 2025; nämnden rekryterade 25, alltså fler än det uppskattade behovet. Antalet anställda blev 104 mot prognosens 103 år 2025.'
    """
    from kfanalys.grund.talformat import fmt_tal

    tot = uppfoljning_df[(uppfoljning_df["namnd"] == namnd) & (uppfoljning_df["yrkeskategori"] == TOTALT)]
    tot = tot.dropna(subset=["faktiska_rekryteringar"]).sort_values("ar")
    if tot.empty:
        return None
    p, f = float(tot["prognos_rekryteringar"].sum()), float(tot["faktiska_rekryteringar"].sum())
    ar = " och ".join(str(int(a)) for a in tot["ar"])
    jamfort = "fler" if f > p else "färre" if f < p else "lika många"
    sista = tot.iloc[-1]
    return (f"Prognosen från {foregaende_cykel} räknade med {fmt_tal(p)} rekryteringar {ar}; nämnden rekryterade "
            f"{fmt_tal(f)}, alltså {jamfort} än det uppskattade behovet. Antalet anställda blev "
            f"{fmt_tal(sista['faktiskt_antal'])} mot prognosens {fmt_tal(sista['prognos_behov'])} år {int(sista['ar'])}.")
