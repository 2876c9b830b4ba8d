"""The synthetic Exempelkommun: a mid-size Swedish kommun (~150 000 inhabitants), from a seed.

:func:`generera` returns the inputs as frames; :func:`skriv_exempelkommun` writes them as a
data folder in the formats a kommun gets them in (``kfanalys exempel [MAPP] [--seed]``).

What is generated (everything is deterministic in ``seed``, a :class:`numpy.random.Generator`):

- ``kommun.yaml`` (dict): 6 nämnder (each its own förvaltning; omrade ``Exempelkommun``, except
  the Förskolenämnden: ``Norra staden``, its own area of the kommun's forecast), every
  yrkeskategori with its demand driver, the default assumptions and four scenarios.
- ``anstallningar``: yearly snapshots 1 November 2021-2025, one row per ANSTÄLLNING and
  snapshot (columns :data:`kfanalys.grund.schema.ANSTALLNINGAR` except the optional aid, incl.
  chef_id, anstallningsdatum, kompetensniva). ~11 500-12 500 persons per snapshot; each has one
  main job (the one-job register of :mod:`kfanalys.exempel.personal`), ~6 % of the
  månadsavlönade also a timavlönad extra job in the same nämnd and ~20 persons a second job in
  another nämnd (:mod:`kfanalys.exempel.anstallningar`; a person's main job is their first row).
- ``handelser``: hires and departures of employments (columns :data:`kfanalys.grund.schema.HANDELSER`)
  consistent with the snapshots: for every (namnd, yrkeskategori) and consecutive snapshots
  t, t+1: anställningar(t+1) = anställningar(t) + anstallning - avgang with datum in (t, t+1]. A move
  to another yrkeskategori or nämnd is one ``avgang`` plus one ``anstallning`` of the same
  person, same datum and motpart (``inom_forvaltning`` / ``annan_forvaltning``). An extra job
  that starts or ends between two snapshots has its own event, as an HR export has it (also
  while the main job goes on: that is not a recruitment or departure of a person).
- ``befolkningsprognos`` / ``befolkningsprognos_lag``: omrade (``Exempelkommun`` and ``Norra
  staden``), ar (2021-2035), alder (0-100, 100 = 100+), antal (persons, integers, summed over kön);
  80+ grows ~3.5 %/year, ages 1-5 shrink ~1 %/year. The low variant equals the main one up
  to 2025 and grows 0.6 percentage points slower per year after that
  (:mod:`kfanalys.exempel.befolkning`).

The files of the folder: ``kommun.yaml``; ``anstallningar.csv`` (``;``, decimal comma, UTF-8 with
BOM, chef ja/nej, as a Swedish Excel export); ``handelser.csv`` (``,``, UTF-8);
``befolkningsprognos.csv`` (the kommun as an SCB Statistikdatabasen download: title line,
``"region";"ålder";"kön";"2021";...``, ages ``"0 år"`` .. ``"100+ år"`` and ``"totalt ålder"``,
kön män/kvinnor, ISO-8859-1); ``befolkningsprognos_omraden.xlsx`` (Norra staden in the kommun's
own wide layout ``Område | Ålder | 2021 | ...``); ``befolkningsprognos_lag.csv`` (the scenario
"Låg befolkningsprognos": long omrade, ar, alder, antal with BOTH areas, since a scenario's
file replaces the whole forecast); ``underlag/<cykel>/<kortnamn>.xlsx``; the marker ``.kfanalys-exempel``.

The population of staff is simulated person by person, vectorised over all persons per
year: retirements by the pension profile (age = year - fodelsear), other departures by a
per-category yearly rate (2.5 % for Ekonom up to 34 % for Biståndshandläggare, seed 002: 36 %),
moves within the förvaltning (Barnskötare -> Förskollärare, ...) and to another nämnd, and
external hires up to a headcount target per category (äldreomsorg +3 %/year, förskola
-1 %/year).

Where: the parameters (nämnder, yrkeskategorier, rates) are :mod:`kfanalys.exempel.parametrar`,
the staff simulation :mod:`kfanalys.exempel.personal`, the extra jobs
:mod:`kfanalys.exempel.anstallningar`, the population forecast and its file layouts
:mod:`kfanalys.exempel.befolkning`, the managers' filled workshop workbooks
:mod:`kfanalys.exempel.svar`; this module writes kommun.yaml and the folder.

>>> k = kommun_yaml()
>>> [n["kortnamn"] for n in k["namnder"]]
['forskola', 'grundskola', 'vard_omsorg', 'arbetsmarknad_social', 'funktionsstod', 'kommunstyrelsen']
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from kfanalys.exempel.anstallningar import lagg_till_bisysslor
from kfanalys.exempel.befolkning import OMRADE, befolkning, omradesbok, scb_csv
from kfanalys.exempel.parametrar import CELLER, CHEFSKATEGORIER, DRIVARE, KOMMUN, MARKOR, NAMNDER, OMRADEN
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
                     "omrade": OMRADEN.get(n["kortnamn"], KOMMUN), "analysera": list(n["analysera"])} for n in NAMNDER],
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


def generera(seed: int = 2025, bisysslor: bool = True) -> dict:
    """The Exempelkommun's inputs, deterministic in ``seed``.

    Returns ``{"kommun.yaml": dict, "anstallningar": DataFrame, "handelser": DataFrame,
    "befolkningsprognos": DataFrame, "befolkningsprognos_lag": DataFrame}`` with the columns of
    :mod:`kfanalys.grund.schema` (anstallningar incl. chef_id, anstallningsdatum, kompetensniva;
    matdatum/datum/anstallningsdatum datetime64; sysselsattningsgrad in per cent 0-100;
    handelser.orsak NaN for hires; befolkning: every area, long, antal in persons summed over
    kön). ``bisysslor=False``: the one-job register (one row per person and snapshot) and its
    events; with the default the extra jobs of :mod:`kfanalys.exempel.anstallningar` are added
    from a separate random stream, so every other row is the same in both.
    """
    rng = np.random.default_rng(seed)
    anst, hand = simulera(rng)
    prognos, prognos_lag = befolkning(rng)
    if bisysslor:
        anst, hand = lagg_till_bisysslor(anst, hand, np.random.default_rng([seed, 1]))
    kolumner = [k.namn for k in BEFOLKNINGSPROGNOS.kolumner if k.kravs]
    return {"kommun.yaml": kommun_yaml(), "anstallningar": anst, "handelser": hand,
            "befolkningsprognos": prognos[kolumner], "befolkningsprognos_lag": prognos_lag[kolumner]}


# ==================================================================================================
# Writing the folder
# ==================================================================================================

def _csv(df: pd.DataFrame, sep: str = ",", decimal: str = ".", bom: bool = False) -> bytes:
    text = df.to_csv(index=False, sep=sep, decimal=decimal, date_format="%Y-%m-%d", lineterminator="\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def skriv_exempelkommun(mapp: str | Path, seed: int = 2025, med_underlag: bool = True) -> Path:
    """Write the Exempelkommun into ``mapp`` (created if missing) and return the folder.

    Files (module docstring): kommun.yaml; anstallningar.csv (``;``, decimal comma, UTF-8 with
    BOM, chef ja/nej, as a Swedish Excel export); handelser.csv and befolkningsprognos_lag.csv
    (``,``, UTF-8); befolkningsprognos.csv (SCB download, ISO-8859-1);
    befolkningsprognos_omraden.xlsx (wide, the kommun's own areas); and the marker
    ``.kfanalys-exempel``. Refuses
    (:class:`kfanalys.grund.fel.Indatafel`) to write into an existing non-empty folder without the
    marker; with the marker the files are regenerated (same seed, byte-identical files, the
    area workbook too).
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
    skriv_atomiskt(mapp / "befolkningsprognos.csv", scb_csv(d["befolkningsprognos"], KOMMUN))
    skriv_atomiskt(mapp / "befolkningsprognos_omraden.xlsx", omradesbok(d["befolkningsprognos"], [OMRADE]))
    skriv_atomiskt(mapp / "befolkningsprognos_lag.csv", _csv(d["befolkningsprognos_lag"]))
    if med_underlag:
        # the managers' filled workshop workbooks for both cycles (2023, 2025), so the example
        # reports show every section, the follow-up included
        from kfanalys.exempel.svar import skriv_exempelunderlag

        skriv_exempelunderlag(mapp, seed=seed)
    return mapp
