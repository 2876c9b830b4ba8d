"""Storage of a computed cycle: ``data/processed/<cykel>/<scenario>/*.csv`` + ``antaganden.json``.

- :func:`spara` writes the tables (CSV: UTF-8, ``,``, decimal point) and ``antaganden.json``,
  each file via a temporary file and a rename, so a reader never sees half a table;
- :func:`las_resultat` reads such a folder back (dates parsed, text columns as text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from kfanalys.berakning.cykel import TABELLER, Resultat, jsonbar
from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.sokvagar import skriv_atomiskt

DATUMKOLUMNER = ("period_fran", "period_till", "maldatum", "maldatum_foregaende", "matdatum", "datum", "start", "slut")
TEXTKOLUMNER = ("namnd", "yrkeskategori", "befattning", "grupp", "niva", "drivare", "bedomning", "konsekvens",
                "sannolikhet",
                "foreslagen_konsekvens", "foreslagen_sannolikhet", "foregaende_konsekvens", "foregaende_sannolikhet",
                "motivering", "motivering_utan_takt", "takt_namnd", "takt_yrkeskategori", "kalla", "skal", "kon", "aldersgrupp", "period", "typ", "motpart", "omrade",
                "aktivitet", "ansvarig", "status", "status_foregaende", "fraga", "svar", "faktorer", "scenario", "text")
#: Tables that earlier versions wrote and this one does not (removed when a folder is rewritten):
#: ``osakerhet_text`` (the "Hur säker är prognosen?" paragraphs are written at render time by
#: :mod:`kfanalys.rapport.prognostext`).
UTGANGNA = ("osakerhet_text",)


def spara(resultat: Resultat, mapp: str | Path) -> Path:
    """Write every table as ``<stem>.csv`` (UTF-8, ``,``, decimal point) and ``antaganden.json``.

    Each file is written to a temporary file and renamed. Tables of an earlier run that this
    result lacks are removed. Returns the folder.
    """
    mapp = Path(mapp)
    mapp.mkdir(parents=True, exist_ok=True)
    for namn, df in resultat.tabeller.items():
        skriv_atomiskt(mapp / f"{namn}.csv", lambda tmp, df=df: df.to_csv(tmp, index=False, encoding="utf-8",
                                                                           date_format="%Y-%m-%d"))
    for namn in (*TABELLER, *UTGANGNA):
        if namn not in resultat.tabeller:
            (mapp / f"{namn}.csv").unlink(missing_ok=True)
    text = json.dumps(jsonbar(resultat.meta), ensure_ascii=False, indent=2)
    skriv_atomiskt(mapp / "antaganden.json", lambda tmp: Path(tmp).write_text(text + "\n", encoding="utf-8"))
    return mapp


def las_resultat(mapp: str | Path) -> Resultat:
    """Read a folder written by :func:`spara`: tables typed back (date columns datetime64, text
    columns str, empty cells NaN), ``meta`` from antaganden.json (dates there stay ISO strings)."""
    mapp = Path(mapp)
    meta_fil = mapp / "antaganden.json"
    if not meta_fil.exists():
        raise Berakningsfel(f"Det finns inga beräknade tabeller i {mapp} (antaganden.json saknas); "
                            "kör `kfanalys berakna --cykel ...` först.")
    meta = json.loads(meta_fil.read_text(encoding="utf-8"))
    tabeller = {}
    for namn in TABELLER:
        fil = mapp / f"{namn}.csv"
        if not fil.exists():
            continue
        kolumner = pd.read_csv(fil, nrows=0).columns
        df = pd.read_csv(fil, keep_default_na=False, na_values=[""],
                         dtype={k: str for k in kolumner if k in TEXTKOLUMNER or (namn, k) == ("plan", "behov")},
                         parse_dates=[k for k in kolumner if k in DATUMKOLUMNER])
        tabeller[namn] = df
    return Resultat(tabeller, meta)
