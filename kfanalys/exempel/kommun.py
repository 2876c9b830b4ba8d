"""The synthetic Exempelkommun: a mid-size Swedish kommun (~150 000 inhabitants), from a seed.

:func:`generera` returns the inputs as frames; :func:`skriv_exempelkommun` writes them as a
data folder in the input formats of DESIGN.md (``kfanalys exempel [MAPP] [--seed]``).

What is generated (everything is deterministic in ``seed``, a :class:`numpy.random.Generator`):

- ``kommun.yaml`` (dict): 6 nämnder (each its own förvaltning, omrade ``Exempelkommun``),
  every yrkeskategori with its demand driver, the default assumptions and four scenarios.
- ``anstallningar``: yearly snapshots 1 November 2021-2025, one row per person and
  snapshot (columns :data:`kfanalys.grund.schema.ANSTALLNINGAR`, incl. chef_id,
  anstallningsdatum, kompetensniva). ~11 500-12 500 rows per snapshot.
- ``handelser``: hires and departures (columns :data:`kfanalys.grund.schema.HANDELSER`) that are
  consistent with the snapshots: for every (namnd, yrkeskategori) and consecutive snapshots
  t, t+1: antal(t+1) = antal(t) + anstallningar - avgangar with datum in (t, t+1]. A move
  to another yrkeskategori or nämnd is one ``avgang`` plus one ``anstallning`` of the same
  person, same datum and motpart (``inom_forvaltning`` / ``annan_forvaltning``).
- ``befolkningsprognos`` / ``befolkningsprognos_lag``: omrade, ar (2021-2035), alder
  (0-100, 100 = 100+), antal (persons, integers); 80+ grows ~3.5 %/year, ages 1-5 shrink
  ~1 %/year. The low variant equals the main one up to 2025 and grows 0.6 percentage
  points slower per year after that.

The population of staff is simulated person by person, vectorised over all persons per
year: retirements by the pension profile (age = year - fodelsear), other departures by a
per-category yearly rate (2.5 % for Ekonom up to 34 % for Biståndshandläggare, seed 002: 36 %),
moves within the förvaltning (Barnskötare -> Förskollärare, ...) and to another nämnd, and
external hires up to a headcount target per category (äldreomsorg +3 %/year, förskola
-1 %/year).

Where: the parameters (nämnder, yrkeskategorier, rates) are :mod:`kfanalys.exempel.parametrar`,
the staff simulation :mod:`kfanalys.exempel.personal`, the managers' filled workshop workbooks
:mod:`kfanalys.exempel.svar`; this module writes kommun.yaml, the population forecast and the folder.

>>> k = kommun_yaml()
>>> [n["kortnamn"] for n in k["namnder"]]
['forskola', 'grundskola', 'vard_omsorg', 'arbetsmarknad_social', 'funktionsstod', 'kommunstyrelsen']
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from kfanalys.exempel.parametrar import (CELLER, CHEFSKATEGORIER, DRIVARE, INVANARE_2021, KOMMUN, MARKOR, MATAR,
                                         NAMNDER, PROGNOSAR)
from kfanalys.exempel.personal import simulera
from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.grund.schema import BEFOLKNINGSPROGNOS
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.indata.konfig import STANDARD_PENSIONSPROFIL


# ==================================================================================================
# kommun.yaml
# ==================================================================================================

def kommun_yaml() -> dict:
    """The Exempelkommun's ``kommun.yaml`` as a dict (loads with :func:`kfanalys.indata.konfig.konfig_fran_dict`)."""
    kategorier: list[str] = []
    for kort in CELLER:
        for c in CELLER[kort]:
            if c[0] not in kategorier:
                kategorier.append(c[0])
    yrken = []
    for namn in kategorier:
        y = {"namn": namn, "drivare": dict(DRIVARE[namn])}
        if namn in CHEFSKATEGORIER:
            y["chef"] = True
        yrken.append(y)
    return {
        "kommun": KOMMUN,
        "namnder": [{"namn": n["namn"], "kortnamn": n["kortnamn"], "forvaltning": n["forvaltning"],
                     "omrade": KOMMUN, "analysera": list(n["analysera"])} for n in NAMNDER],
        "yrkeskategorier": yrken,
        "antaganden": {
            "pensionsprofil": {int(k): float(v) for k, v in STANDARD_PENSIONSPROFIL.items()},
            "horisonter": [2, 5],
            "topp_n": 10,
            "minsta_antal": 5,
            "mal_heltid": 90,
            "medarbetare_per_chef": 30,
            "tillvaxt": 0.0,
            "pension_inom_ar": 10,
            "cykel_intervall": 2,
        },
        "scenarier": [
            {"namn": "Pension vid 66", "beskrivning": "Alla går i pension ett år senare än i grundantagandet.",
             "pensionsforskjutning": 1},
            {"namn": "Lägre personalomsättning",
             "beskrivning": "Personalomsättningen (utom pensioner) blir 20 procent lägre.", "omsattningsfaktor": 0.8},
            {"namn": "Deltid till heltid",
             "beskrivning": "Deltidsanställda ökar sin sysselsättningsgrad med 10 procentenheter.",
             "deltid_okning": 10},
            {"namn": "Låg befolkningsprognos",
             "beskrivning": "Kommunens alternativa befolkningsprognos med lägre tillväxt efter 2025.",
             "befolkningsfil": "befolkningsprognos_lag.csv"},
        ],
    }


def _befolkning(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population forecast 2021-2035 by age 0-100 (main and low variant)."""
    knutar = {0: 1650, 5: 1700, 10: 1780, 15: 1720, 19: 1700, 22: 2300, 26: 2400, 30: 2250, 35: 2050,
              40: 1950, 45: 1950, 50: 2000, 55: 1950, 60: 1750, 65: 1650, 70: 1600, 75: 1450, 78: 1150,
              80: 950, 85: 620, 90: 300, 95: 90, 99: 25}
    alder = np.arange(101)
    bas = np.interp(alder, list(knutar), list(knutar.values()))
    bas[100] = 30.0  # 100 years and older
    bas = bas * rng.normal(1.0, 0.02, 101)
    bas = bas * INVANARE_2021 / bas.sum()
    # yearly change by age (-1 % for small children, +3.5 % for 80+), slowly growing total
    tillvaxt = np.interp(alder, [0, 5, 10, 15, 20, 30, 45, 60, 70, 75, 80, 90, 100],
                         [-.012, -.010, 0.0, .008, .005, .004, .006, .004, .010, .030, .037, .035, .030])
    ar = np.array(PROGNOSAR)
    t = (ar - PROGNOSAR[0])[:, None]
    antal = bas[None, :] * np.exp(tillvaxt[None, :] * t)
    lag = antal * np.exp(-0.006 * np.maximum(0, ar - MATAR[-1]))[:, None]

    def ram(x: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({"omrade": KOMMUN, "ar": np.repeat(ar, 101).astype(np.int64),
                             "alder": np.tile(alder, len(ar)).astype(np.int64),
                             "antal": np.rint(x).astype(np.int64).ravel()})

    return ram(antal), ram(lag)


def generera(seed: int = 2025) -> dict:
    """The Exempelkommun's inputs, deterministic in ``seed``.

    Returns ``{"kommun.yaml": dict, "anstallningar": DataFrame, "handelser": DataFrame,
    "befolkningsprognos": DataFrame, "befolkningsprognos_lag": DataFrame}`` with the columns of
    :mod:`kfanalys.grund.schema` (anstallningar incl. chef_id, anstallningsdatum, kompetensniva;
    matdatum/datum/anstallningsdatum datetime64; sysselsattningsgrad in per cent 0-100;
    handelser.orsak NaN for hires; befolkning antal in persons).
    """
    rng = np.random.default_rng(seed)
    anst, hand = simulera(rng)
    befolkning, befolkning_lag = _befolkning(rng)
    kolumner = [k.namn for k in BEFOLKNINGSPROGNOS.kolumner if k.kravs]
    return {"kommun.yaml": kommun_yaml(), "anstallningar": anst, "handelser": hand,
            "befolkningsprognos": befolkning[kolumner], "befolkningsprognos_lag": befolkning_lag[kolumner]}


# ==================================================================================================
# Writing the folder
# ==================================================================================================

def _csv(df: pd.DataFrame, sep: str = ",", decimal: str = ".", bom: bool = False) -> bytes:
    text = df.to_csv(index=False, sep=sep, decimal=decimal, date_format="%Y-%m-%d", lineterminator="\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def skriv_exempelkommun(mapp: str | Path, seed: int = 2025, med_underlag: bool = True) -> Path:
    """Write the Exempelkommun into ``mapp`` (created if missing) and return the folder.

    Files: kommun.yaml; anstallningar.csv (``;``, decimal comma, UTF-8 with BOM, chef ja/nej, as
    a Swedish Excel export); handelser.csv, befolkningsprognos.csv and
    befolkningsprognos_lag.csv (``,``, UTF-8); and the marker ``.kfanalys-exempel``. Refuses
    (:class:`kfanalys.grund.fel.Indatafel`) to write into an existing non-empty folder without the
    marker; with the marker the files are regenerated (same seed, byte-identical files).
    ``med_underlag``: also write the filled workshop workbooks of the cycles 2023 and 2025
    (``underlag/<cykel>/<kortnamn>.xlsx``, :func:`kfanalys.exempel.svar.skriv_exempelunderlag`; same
    content for the same seed, though Excel stamps the save time into each file).
    """
    mapp = Path(mapp)
    if mapp.exists() and not mapp.is_dir():
        raise Indatafel(Problem(str(mapp), None, "är en fil, inte en mapp; ange en mapp för Exempelkommunen"),
                        rubrik="Kan inte skapa Exempelkommunen")
    if mapp.is_dir() and any(mapp.iterdir()) and not (mapp / MARKOR).exists():
        raise Indatafel(Problem(
            str(mapp), None,
            f"finns redan och innehåller filer som inte skapats av 'kfanalys exempel' (markeringsfilen {MARKOR} "
            "saknas); kfanalys skriver aldrig över sådana data. Ange en ny eller tom mapp."),
            rubrik="Kan inte skapa Exempelkommunen")
    mapp.mkdir(parents=True, exist_ok=True)
    skriv_atomiskt(mapp / MARKOR, (f"Skapad av kfanalys exempel (seed {seed}). Mappen får skrivas om av "
                                    "'kfanalys exempel'; ta bort filen för att skydda mappen.\n").encode("utf-8"))
    d = generera(seed)
    anst = d["anstallningar"].copy()
    anst["chef"] = np.where(anst["chef"], "ja", "nej")
    text = yaml.safe_dump(d["kommun.yaml"], allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)
    skriv_atomiskt(mapp / "kommun.yaml",
                    (f"# Exempelkommunen: syntetiska data skapade av 'kfanalys exempel' (seed {seed}).\n"
                     + text).encode("utf-8"))
    skriv_atomiskt(mapp / "anstallningar.csv", _csv(anst, sep=";", decimal=",", bom=True))
    skriv_atomiskt(mapp / "handelser.csv", _csv(d["handelser"]))
    skriv_atomiskt(mapp / "befolkningsprognos.csv", _csv(d["befolkningsprognos"]))
    skriv_atomiskt(mapp / "befolkningsprognos_lag.csv", _csv(d["befolkningsprognos_lag"]))
    if med_underlag:
        # the managers' filled workshop workbooks for both cycles (2023, 2025), so the example
        # reports show every section, the follow-up included
        from kfanalys.exempel.svar import skriv_exempelunderlag

        skriv_exempelunderlag(mapp, seed=seed)
    return mapp
