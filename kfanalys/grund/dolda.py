"""Reading the published tables: which cells are hidden, and the disclosure rule in words.

The rule itself is :mod:`kfanalys.grund.rojandekontroll` (which re-exports these names); a published
table lists its hidden columns per row in the text column :data:`DOLT`.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

DOLT = "_dolt"
#: Listed in :data:`DOLT` when the whole row is hidden (``rad<``: its group is below the minimum).
RAD = "rad"
#: The footnote under a table or workbook sheet with hidden cells.
FOTNOT = ("– = uppgiften redovisas inte av integritetsskäl: den bygger på färre än {m} personer, eller skulle "
          "tillsammans med summor och andra celler visa en sådan uppgift.")


def beskrivning(minsta: int) -> list[str]:
    """The rules in plain Swedish, for the report's "Definitioner och antaganden".

    >>> beskrivning(5)[0]
    'Inga uppgifter om färre än 5 personer redovisas: inget antal från 1 till 4, och inget medelvärde, ingen andel och inget förväntat värde som bygger på färre än 5 personer.'
    """
    m = int(minsta)
    return [
        f"Inga uppgifter om färre än {m} personer redovisas: inget antal från 1 till {m - 1}, och inget "
        f"medelvärde, ingen andel och inget förväntat värde som bygger på färre än {m} personer.",
        f"En andel visas bara när både antalet den motsvarar och resten av gruppen är 0 eller minst {m}; "
        "en personalomsättning visas bara när antalet avgångar visas, också i en text som "
        "riskbedömningens motivering.",
        "När en uppgift döljs döljs också så många andra (de minsta) att den inte kan räknas fram ur en summa "
        "i samma tabell, i en annan tabell eller i kommunens rapport; en yrkeskategori som döljs i en tabell "
        "döljs i alla.",
        f"Dolda uppgifter visas som {chr(8211)}. Inga person-id och inga födelseår finns i rapporterna.",
    ]


def fotnot(minsta: int) -> str:
    """The footnote for hidden cells: ``fotnot(5)`` says "färre än 5 personer"."""
    return FOTNOT.format(m=int(minsta))


def har_dolda(df: pd.DataFrame, kolumner=None) -> bool:
    """True when a published table hides any of ``kolumner`` (default: any column) in any row."""
    if DOLT not in df.columns:
        return False
    valda = None if kolumner is None else {str(k) for k in kolumner} | {RAD}
    for d in df[DOLT].fillna("").astype(str):
        for namn in filter(None, d.split(",")):
            if valda is None or namn.rstrip("<") in valda:
                return True
    return False


def dolt_under_minsta(rad: Mapping, kolumn: str) -> bool:
    """True when ``kolumn`` of a published row was hidden because it is from 1 to minsta-1."""
    return f"{kolumn}<" in str(rad.get(DOLT, "") or "").split(",")


def ar_dold(rad: Mapping, kolumn: str) -> bool:
    """True when ``kolumn`` of a published row is hidden (by any rule)."""
    return any(d.rstrip("<") == kolumn for d in str(rad.get(DOLT, "") or "").split(","))
