"""Kompetensgap: the quantitative gap (headcount vs projected need) and the qualitative gap.

Kvantitativt gap at horizon h: ``gap = antal - behov(h)`` (persons); negative means a
shortage (seed 003 writes -8 for a need that grows from 416 to 424).

Bedömning: the nämnd judges the actual need against the projection with one of five words
(seed 003). :data:`BEDOMNINGSSKALA` gives each word an interval and a point, as fractions of
the projected need. The seed's scale is open at the ends ("-30 % eller mer", "+30 % eller
mer"); kfanalys closes them at 40 %: mycket mindre = [-40 %, -30 %], mycket mer =
[+30 %, +40 %], with the points -30 % and +30 % (DESIGN.md). The report states this.

Kvalitativt gap: per yrkeskategori the shift between competence levels Viss / God / Hög /
Mycket hög over two years, in percentage points that sum to zero, and in persons
(``antal x procentenheter / 100``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kfanalys.grund.fel import Berakningsfel, Indatafel, Problem
from kfanalys.grund.namn import normalisera
from kfanalys.grund.schema import BEDOMNINGAR, KOMPETENSNIVAER

# word -> (lag, punkt, hog) as fractions of the projected need
BEDOMNINGSSKALA: dict[str, tuple[float, float, float]] = {
    "mycket mindre": (-0.40, -0.30, -0.30),
    "mindre": (-0.20, -0.15, -0.10),
    "samma": (-0.05, 0.0, 0.05),
    "mer": (0.10, 0.15, 0.20),
    "mycket mer": (0.30, 0.30, 0.40),
}
assert tuple(BEDOMNINGSSKALA) == BEDOMNINGAR

BESKRIVNING_BEDOMNING = ("Bedömt behov = framskrivet behov x (1 + punkt); intervallet enligt skalan: mycket mindre "
                         "-40 till -30 % (punkt -30 %), mindre -20 till -10 % (-15 %), samma -5 till +5 % (0 %), "
                         "mer +10 till +20 % (+15 %), mycket mer +30 till +40 % (+30 %). Skalans öppna ändar "
                         "(\"30 % eller mer\") har stängts vid 40 %.")

GAP_KOLUMNER = ["namnd", "yrkeskategori", "horisont", "antal", "behov", "gap", "bedomning", "bedomt_behov",
                "bedomt_behov_lag", "bedomt_behov_hog"]
KVALITATIVT_KOLUMNER = ["namnd", "yrkeskategori", "niva", "procentenheter", "personer"]

def _plats(df: pd.DataFrame, standardfil: str) -> tuple[pd.Series, pd.Series]:
    """File and row per row of a workshop frame (columns ``fil``/``rad`` if the reader gave them)."""
    fil = df["fil"].astype(str) if "fil" in df.columns else pd.Series(df.attrs.get("fil", standardfil), index=df.index)
    rad = df["rad"] if "rad" in df.columns else pd.Series([None] * len(df), index=df.index, dtype=object)
    return fil, rad


def tolka_ord(varden: pd.Series, giltiga: Iterable[str], df: pd.DataFrame, kolumn: str, standardfil: str) -> pd.Series:
    """Map words case-insensitively (and without å/ä/ö) onto ``giltiga``; unknown -> :class:`Indatafel`.

    Empty cells stay NaN. Each problem names the file, row, column, value, nämnd and yrkeskategori.
    """
    karta = {normalisera(g): g for g in giltiga}
    tom = varden.isna() | (varden.astype(str).str.strip() == "")
    ut = varden.astype(object).where(tom, varden.astype(str).map(normalisera).map(karta))
    fel = ~tom & ut.isna()
    if fel.any():
        fil, rad = _plats(df, standardfil)
        problem = [Problem(fil[i], kolumn, f"({df.at[i, 'yrkeskategori']}, {df.at[i, 'namnd']}) ska vara en av: "
                           + ", ".join(giltiga), rad=None if pd.isna(rad[i]) else int(rad[i]), varde=varden[i])
                   for i in varden.index[fel]]
        raise Indatafel(problem, rubrik=f"Okänt värde i {kolumn}")
    return ut


def kvantitativt_gap(framskrivning_df: pd.DataFrame, horisonter: Iterable[int] = (2, 5),
                     bedomningar: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quantitative gap per nämnd, yrkeskategori and horizon (gap.csv).

    ``framskrivning_df``: framskrivning.csv (namnd, yrkeskategori, horisont, antal, behov).
    ``bedomningar``: optional namnd, yrkeskategori, horisont, bedomning (a word of
    :data:`BEDOMNINGSSKALA`, any capitalisation; optional columns fil, rad for messages).

    Returns gap.csv columns: namnd, yrkeskategori, horisont (years), antal, behov (persons),
    gap = antal - behov (negative = shortage), bedomning (canonical word or NaN), bedomt_behov
    = behov x (1 + point), bedomt_behov_lag/_hog = behov x (1 + interval ends). Raises
    :class:`Berakningsfel` if a horizon is not in the projection, :class:`Indatafel` for an
    unknown judgement word.

    >>> f = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "horisont": [0, 2], "antal": 416,
    ...                   "behov": [416.0, 424.0]})
    >>> b = pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["S"], "horisont": [2], "bedomning": ["Mer"]})
    >>> kvantitativt_gap(f, (2,), b)[["gap", "bedomt_behov", "bedomt_behov_hog"]].round(1).values.tolist()
    [[-8.0, 487.6, 508.8]]
    """
    horisonter = [int(h) for h in horisonter]
    finns = set(framskrivning_df["horisont"].unique())
    saknas = [h for h in horisonter if h not in finns]
    if saknas:
        raise Berakningsfel(f"Horisonten {', '.join(map(str, saknas))} år finns inte i framskrivningen "
                            f"(den räcker till {max(finns) if finns else 0} år).")
    nycklar = ["namnd", "yrkeskategori", "horisont"]
    ut = framskrivning_df.loc[framskrivning_df["horisont"].isin(horisonter), nycklar + ["antal", "behov"]].copy()
    ut["gap"] = ut["antal"] - ut["behov"]
    if bedomningar is not None and len(bedomningar):
        b = bedomningar.reset_index(drop=True)
        b = b.assign(bedomning=tolka_ord(b["bedomning"], BEDOMNINGAR, b, "bedomning", "bedömningar"),
                     horisont=b["horisont"].astype(np.int64))
        b = b.dropna(subset=["bedomning"]).drop_duplicates(nycklar, keep="last")[nycklar + ["bedomning"]]
        ut = ut.merge(b, on=nycklar, how="left")
    else:
        ut["bedomning"] = pd.Series(np.nan, index=ut.index, dtype=object)
    skala = pd.DataFrame.from_dict(BEDOMNINGSSKALA, orient="index", columns=["lag", "punkt", "hog"])
    s = skala.reindex(ut["bedomning"].to_numpy())
    ut["bedomt_behov"] = ut["behov"].to_numpy() * (1 + s["punkt"].to_numpy())
    ut["bedomt_behov_lag"] = ut["behov"].to_numpy() * (1 + s["lag"].to_numpy())
    ut["bedomt_behov_hog"] = ut["behov"].to_numpy() * (1 + s["hog"].to_numpy())
    return ut[GAP_KOLUMNER].sort_values(nycklar).reset_index(drop=True)


def kvalitativt_gap(kvalitativt_df: pd.DataFrame, antal_df: pd.DataFrame, tolerans: float = 0.5) -> pd.DataFrame:
    """The qualitative gap in percentage points and persons (kvalitativt_gap.csv).

    ``kvalitativt_df``: namnd, yrkeskategori, niva (Viss/God/Hög/Mycket hög, any capitalisation),
    procentenheter (percentage points; the shifts of a category sum to 0 within ``tolerans``).
    ``antal_df``: namnd, yrkeskategori, antal (persons at the base date).

    Returns namnd, yrkeskategori, niva, procentenheter, personer = antal x procentenheter / 100.

    >>> k = pd.DataFrame({"namnd": "N", "yrkeskategori": "S", "niva": ["viss", "Hög"], "procentenheter": [-10, 10]})
    >>> kvalitativt_gap(k, pd.DataFrame({"namnd": ["N"], "yrkeskategori": ["S"], "antal": [416]})).personer.tolist()
    [-41.6, 41.6]
    """
    if kvalitativt_df is None or not len(kvalitativt_df):
        return pd.DataFrame(columns=KVALITATIVT_KOLUMNER)
    k = kvalitativt_df.reset_index(drop=True)
    k = k.assign(niva=tolka_ord(k["niva"], KOMPETENSNIVAER, k, "niva", "kvalitativt gap"),
                 procentenheter=pd.to_numeric(k["procentenheter"], errors="coerce"))
    k = k.dropna(subset=["niva", "procentenheter"])
    nycklar = ["namnd", "yrkeskategori"]
    summa = k.groupby(nycklar, as_index=False, observed=True)["procentenheter"].sum()
    fel = summa[summa["procentenheter"].abs() > tolerans]
    if len(fel):
        raise Berakningsfel("Kvalitativt gap: förskjutningarna mellan kompetensnivåerna ska summera till 0 "
                            "procentenheter per yrkeskategori:\n" + "\n".join(
                                f"  - {r.yrkeskategori} ({r.namnd}): summan är {r.procentenheter:+g} procentenheter"
                                for r in fel.itertuples()))
    ut = k.merge(antal_df[nycklar + ["antal"]].groupby(nycklar, as_index=False, observed=True).sum(),
                 on=nycklar, how="left")
    ut["antal"] = ut["antal"].fillna(0)
    ut["personer"] = ut["antal"] * ut["procentenheter"] / 100.0
    ut["_ordning"] = ut["niva"].map({n: i for i, n in enumerate(KOMPETENSNIVAER)})
    ut = ut.sort_values(nycklar + ["_ordning"])
    return ut[KVALITATIVT_KOLUMNER].reset_index(drop=True)
