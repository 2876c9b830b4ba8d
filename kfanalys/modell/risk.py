"""Riskanalys: konsekvens x sannolikhet per yrkeskategori (seed 003), suggested from the data.

The suggestion follows :data:`REGEL` (printed in the report); a workshop judgement overrides it
(``kalla`` says which), and the previous cycle's judgement is shown beside it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kfanalys.modell.gap import tolka_ord
from kfanalys.grund.schema import HELA_KOMMUNEN, KONSEKVENSER, SANNOLIKHETER, TOTALT
from kfanalys.grund.talformat import fmt_procent, fmt_tal

# Thresholds (fractions)
ANDEL_MEDEL, ANDEL_HOG = 0.15, 0.30          # recruitment need within the horizon / headcount
OMSATTNING_FAKTOR = 1.25                      # turnover this many times the kommun's raises one step
BRIST_MINDRE, BRIST_ALLVARLIG = 0.01, 0.05    # shortage at the horizon / headcount

REGEL = (
    "Föreslagen sannolikhet: rekryteringsbehovet inom två år i förhållande till antalet månadsavlönade ger "
    "låg (under 15 %), medel (15-30 %) eller hög (30 % eller mer); en personalomsättning i prognosen minst "
    "1,25 gånger kommunens höjer ett steg (högst hög). Personalomsättningen i prognosen är den utan "
    "pensionsavgångar under de två senaste 12-månadersperioderna tillsammans; för en liten grupp (i genomsnitt "
    "färre än fyra gånger minsta antal som redovisas) används kommunens värde för yrkeskategorin, annars "
    "nämndens eller kommunens för alla yrkeskategorier. Föreslagen konsekvens: bristen om två år enligt "
    "personalframskrivningen (behov minus antal) i förhållande till antalet månadsavlönade ger inte allvarlig "
    "(under 1 % eller överskott), mindre allvarlig (1-5 %) eller allvarlig (5 % eller mer). "
    "Förslaget ersätts av nämndens bedömning där en sådan finns."
)

#: Why the rate in the prognosis is not the group's own (``kalla`` of :func:`kfanalys.modell.floden.omsattningstakt`).
KALLTEXT = {"egen": "",
            "kommunen_yrkeskategori": " (kommunens för yrkeskategorin, eftersom nämndens grupp är liten)",
            "namnd_totalt": " (nämndens för alla yrkeskategorier, eftersom gruppen är liten)",
            "kommunen_totalt": " (kommunens för alla yrkeskategorier, eftersom gruppen är liten)"}

#: The three risk levels of a konsekvens × sannolikhet cell (:func:`riskniva`).
RISKNIVAER = ("Låg risk", "Medelhög risk", "Hög risk")

#: The motivation without the group's rate (the disclosure rule uses it where the rate would give back a
#: hidden departure count), and the group the rate is from (its own, or the one it borrowed).
TAKT_KOLUMNER = ["motivering_utan_takt", "takt_namnd", "takt_yrkeskategori"]
FORSLAG_KOLUMNER = ["namnd", "yrkeskategori", "foreslagen_konsekvens", "foreslagen_sannolikhet", "motivering",
                    *TAKT_KOLUMNER]
RISK_KOLUMNER = ["namnd", "yrkeskategori", "konsekvens", "sannolikhet", "foreslagen_konsekvens",
                 "foreslagen_sannolikhet", "motivering", "kalla", "foregaende_konsekvens", "foregaende_sannolikhet",
                 *TAKT_KOLUMNER]

#: In ``motivering_utan_takt``: the words in place of the rate.
TAKT_DOLD = "personalomsättning i prognosen redovisas inte (den skulle visa avgångar som döljs av integritetsskäl)"


def _pct(x: pd.Series) -> pd.Series:
    return x.map(fmt_procent)


def _tal(x: pd.Series) -> pd.Series:
    return x.map(fmt_tal)


def riskniva(konsekvens_index: int, sannolikhet_index: int) -> int:
    """0 (låg), 1 (medelhög) or 2 (hög) from the positions 0-2 on each axis (sum 0-1, 2, 3-4).

    >>> riskniva(2, 2), riskniva(1, 1), riskniva(0, 1)
    (2, 1, 0)
    """
    s = konsekvens_index + sannolikhet_index
    return 0 if s <= 1 else (1 if s == 2 else 2)


def foreslagen_risk(rekrytering_df: pd.DataFrame, omsattning_takt_df: pd.DataFrame, gap_df: pd.DataFrame,
                    horisont: int = 2) -> pd.DataFrame:
    """Suggested konsekvens and sannolikhet per nämnd and yrkeskategori, by :data:`REGEL`.

    ``rekrytering_df``: rekrytering.csv (namnd, yrkeskategori, horisont, antal, totalt).
    ``omsattning_takt_df``: namnd, yrkeskategori, takt (fraction per year), optionally kalla (where the
    rate comes from, :func:`kfanalys.modell.floden.omsattningstakt`: the motivation names a borrowed
    rate, :data:`KALLTEXT`); the kommun's rate is its ``Hela kommunen``/``Totalt`` row if present, else
    the headcount-weighted mean. The motivation calls it "personalomsättning i prognosen": it is not
    the 12-month turnover of omsattning.csv (see :data:`REGEL`).
    ``gap_df``: gap.csv (namnd, yrkeskategori, horisont, antal, gap).

    Returns namnd, yrkeskategori, foreslagen_konsekvens, foreslagen_sannolikhet, motivering (Swedish).

    >>> r = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "horisont": 2, "antal": [416, 100],
    ...                   "totalt": [73.0, 40.0]})
    >>> t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "takt": [0.08, 0.08]})
    >>> g = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "horisont": 2, "antal": [416, 100],
    ...                   "gap": [-8.0, 2.0]})
    >>> foreslagen_risk(r, t, g)[["foreslagen_konsekvens", "foreslagen_sannolikhet"]].values.tolist()
    [['mindre allvarlig', 'medel'], ['inte allvarlig', 'hög']]
    """
    nycklar = ["namnd", "yrkeskategori"]
    r = rekrytering_df.loc[(rekrytering_df["horisont"] == horisont)
                           & (rekrytering_df["namnd"] != HELA_KOMMUNEN)
                           & (rekrytering_df["yrkeskategori"] != TOTALT), nycklar + ["antal", "totalt"]]
    t = omsattning_takt_df[nycklar + ["takt"]].assign(
        kalla=omsattning_takt_df["kalla"] if "kalla" in omsattning_takt_df.columns else "egen")
    kommunrad = t[(t["namnd"] == HELA_KOMMUNEN) & (t["yrkeskategori"] == TOTALT)]
    ut = r.merge(t, on=nycklar, how="left")
    if len(kommunrad):
        kommun = float(kommunrad["takt"].iat[0])
    else:
        m = ut.dropna(subset=["takt"])
        kommun = float(np.average(m["takt"], weights=m["antal"])) if m["antal"].sum() > 0 else np.nan
    g = gap_df.loc[gap_df["horisont"] == horisont, nycklar + ["gap"]]
    ut = ut.merge(g, on=nycklar, how="left")

    andel = ut["totalt"] / ut["antal"].where(ut["antal"] > 0)
    steg = np.select([andel >= ANDEL_HOG, andel >= ANDEL_MEDEL], [2, 1], 0)
    hog_oms = (ut["takt"] >= OMSATTNING_FAKTOR * kommun).fillna(False).to_numpy(dtype=bool)
    steg = np.minimum(2, steg + hog_oms)
    brist = (-ut["gap"]) / ut["antal"].where(ut["antal"] > 0)
    ksteg = np.select([brist >= BRIST_ALLVARLIG, brist >= BRIST_MINDRE], [2, 1], 0)

    ut["foreslagen_sannolikhet"] = np.array(SANNOLIKHETER)[steg]
    ut["foreslagen_konsekvens"] = np.array(KONSEKVENSER)[ksteg]
    kommun_text = fmt_procent(kommun)
    forst = ("Rekryteringsbehov " + str(horisont) + " år " + _tal(ut["totalt"]) + " = " + _pct(andel)
             + " av " + _tal(ut["antal"]) + " månadsavlönade; ")
    sist = (" mot kommunens " + kommun_text + np.where(hog_oms, " (höjer ett steg)", "")
            + " -> sannolikhet " + ut["foreslagen_sannolikhet"] + ". "
            + np.where(ut["gap"] > 0, "Överskott om ", "Brist om ") + str(horisont) + " år "
            + _tal(ut["gap"].abs()) + " = " + _pct(brist.abs()) + " av antalet -> konsekvens "
            + ut["foreslagen_konsekvens"] + ".")
    ut["motivering"] = (forst + "personalomsättning i prognosen " + _pct(ut["takt"])
                        + ut["kalla"].map(KALLTEXT).fillna("") + sist)
    ut["motivering_utan_takt"] = forst + TAKT_DOLD + sist
    kalla = ut["kalla"].fillna("egen")
    ut["takt_namnd"] = ut["namnd"].where(kalla.isin(["egen", "namnd_totalt"]), HELA_KOMMUNEN)
    ut["takt_yrkeskategori"] = ut["yrkeskategori"].where(kalla.isin(["egen", "kommunen_yrkeskategori"]), TOTALT)
    return ut[FORSLAG_KOLUMNER].sort_values(nycklar).reset_index(drop=True)


def riskmatris(foreslag_df: pd.DataFrame, bedomning_df: pd.DataFrame | None = None,
               foregaende_df: pd.DataFrame | None = None) -> pd.DataFrame:
    """risk.csv: the suggestion, overridden by a judgement where one exists, beside the previous cycle.

    ``bedomning_df``: namnd, yrkeskategori, konsekvens, sannolikhet (either may be empty; words
    matched case-insensitively, å/ä/ö optional; unknown -> :class:`kfanalys.grund.fel.Indatafel`).
    ``foregaende_df``: the previous cycle's risk.csv (namnd, yrkeskategori, konsekvens, sannolikhet).

    Returns namnd, yrkeskategori, konsekvens, sannolikhet, foreslagen_konsekvens,
    foreslagen_sannolikhet, motivering, kalla (``data`` or ``bedomning``), foregaende_konsekvens,
    foregaende_sannolikhet.
    """
    nycklar = ["namnd", "yrkeskategori"]
    ut = foreslag_df[FORSLAG_KOLUMNER].copy()
    ut["kalla"] = "data"
    ut["konsekvens"] = ut["foreslagen_konsekvens"]
    ut["sannolikhet"] = ut["foreslagen_sannolikhet"]
    if bedomning_df is not None and len(bedomning_df):
        b = bedomning_df.reset_index(drop=True)
        for kol in ("konsekvens", "sannolikhet"):
            if kol not in b.columns:
                b[kol] = np.nan
        b = b.assign(konsekvens=tolka_ord(b["konsekvens"], KONSEKVENSER, b, "konsekvens", "riskbedömning"),
                     sannolikhet=tolka_ord(b["sannolikhet"], SANNOLIKHETER, b, "sannolikhet", "riskbedömning"))
        b = b.drop_duplicates(nycklar, keep="last")[nycklar + ["konsekvens", "sannolikhet"]]
        ut = ut.merge(b, on=nycklar, how="left", suffixes=("", "_b"))
        bedomd = ut["konsekvens_b"].notna() | ut["sannolikhet_b"].notna()
        ut["konsekvens"] = ut["konsekvens_b"].fillna(ut["konsekvens"])
        ut["sannolikhet"] = ut["sannolikhet_b"].fillna(ut["sannolikhet"])
        ut.loc[bedomd, "kalla"] = "bedomning"
    if foregaende_df is not None and len(foregaende_df):
        f = foregaende_df[nycklar + ["konsekvens", "sannolikhet"]].rename(
            columns={"konsekvens": "foregaende_konsekvens", "sannolikhet": "foregaende_sannolikhet"})
        ut = ut.merge(f.drop_duplicates(nycklar, keep="last"), on=nycklar, how="left")
    else:
        ut["foregaende_konsekvens"] = np.nan
        ut["foregaende_sannolikhet"] = np.nan
    return ut[RISK_KOLUMNER].reset_index(drop=True)


def matris_antal(risk_df: pd.DataFrame, namnd: str, lista: bool = True) -> pd.DataFrame:
    """3x3 matrix for one nämnd: rows konsekvens (allvarlig first), columns sannolikhet (låg, medel, hög).

    Each cell lists the yrkeskategorier there (``", "``-joined, "" if none), or with
    ``lista=False`` counts them.

    >>> r = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "konsekvens": ["allvarlig"] * 2,
    ...                   "sannolikhet": ["medel", "medel"]})
    >>> matris_antal(r, "N").loc["allvarlig", "medel"]
    'A, B'
    """
    r = risk_df[risk_df["namnd"] == namnd]
    rader = list(reversed(KONSEKVENSER))
    if lista:
        m = r.groupby(["konsekvens", "sannolikhet"])["yrkeskategori"].agg(lambda s: ", ".join(sorted(s)))
        ut = m.unstack().reindex(index=rader, columns=list(SANNOLIKHETER)).astype(object).fillna("")
    else:
        m = r.groupby(["konsekvens", "sannolikhet"]).size()
        ut = m.unstack().reindex(index=rader, columns=list(SANNOLIKHETER)).fillna(0).astype(int)
    ut.index.name, ut.columns.name = "konsekvens", "sannolikhet"
    return ut
