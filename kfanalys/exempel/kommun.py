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

>>> k = kommun_yaml()
>>> [n["kortnamn"] for n in k["namnder"]]
['forskola', 'grundskola', 'vard_omsorg', 'arbetsmarknad_social', 'funktionsstod', 'kommunstyrelsen']
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from kfanalys.grund.fel import Indatafel, Problem
from kfanalys.indata.konfig import STANDARD_PENSIONSPROFIL
from kfanalys.grund.schema import ANSTALLNINGAR, BEFOLKNINGSPROGNOS, HANDELSER
from kfanalys.grund.sokvagar import skriv_atomiskt

KOMMUN = "Exempelkommun"
MARKOR = ".kfanalys-exempel"
MATAR = tuple(range(2021, 2026))  # snapshots 1 November of these years
PROGNOSAR = tuple(range(2021, 2036))
INVANARE_2021 = 148_000
FILER = ("kommun.yaml", "anstallningar.csv", "handelser.csv", "befolkningsprognos.csv",
         "befolkningsprognos_lag.csv")

CHEFSKATEGORIER = ("Rektor", "Enhetschef", "Sektionschef", "Avdelningschef")
OVERSTA_CHEF = "Avdelningschef"  # chefs of the first-line chefs; their own chef is not in the data

# --- the nämnder: name, short name, förvaltning, yearly headcount growth, avdelningar ------------
# avdelningar: name -> the enhet names of its first-line chefs: a format ({s}: a name stem from
# STAMMAR) or a tuple of names. The "linje" avdelningar (all but the stab) receive the staff of
# categories without a fixed avdelning.
_STABSENHETER = ("Administration", "Ekonomi och analys", "Kvalitet och utveckling", "HR och kommunikation")
NAMNDER: tuple[dict, ...] = (
    dict(namn="Förskolenämnden", kortnamn="forskola", forvaltning="Förskoleförvaltningen", tillvaxt=-0.01,
         analysera=["Specialpedagog", "Pedagogista"],
         avdelningar={"Förskoleområde Norr": "Förskolan {s}backen",
                      "Förskoleområde Söder": "Förskolan {s}dalen",
                      "Förskoleområde Väster": "Förskolan {s}ängen",
                      "Förskoleområde Öster": "Förskolan {s}gläntan",
                      "Förvaltningsstab": _STABSENHETER}),
    dict(namn="Grundskolenämnden", kortnamn="grundskola", forvaltning="Grundskoleförvaltningen", tillvaxt=0.005,
         analysera=["Skolsköterska", "Studie- och yrkesvägledare"],
         avdelningar={"Grundskoleområde Norr": "{s}skolan", "Grundskoleområde Söder": "{s}ängsskolan",
                      "Grundskoleområde Väster": "{s}backsskolan", "Grundskoleområde Öster": "{s}viksskolan",
                      "Förvaltningsstab": _STABSENHETER}),
    dict(namn="Vård- och omsorgsnämnden", kortnamn="vard_omsorg", forvaltning="Vård- och omsorgsförvaltningen",
         tillvaxt=0.03, analysera=["Biståndshandläggare", "Arbetsterapeut"],
         avdelningar={"Hemtjänst": ("Hemtjänst Centrum", "Hemtjänst Norr", "Hemtjänst Söder", "Hemtjänst Väster",
                                    "Hemtjänst Öster", "Hemtjänst Ekdalen", "Hemtjänst Sjövik", "Nattpatrullen"),
                      "Särskilt boende": "{s}gården",
                      "Hälso- och sjukvård": ("Kommunal hälso- och sjukvård Norr",
                                              "Kommunal hälso- och sjukvård Söder", "Rehabenheten"),
                      "Myndighet": ("Biståndsenhet Norr", "Biståndsenhet Söder", "Biståndsenhet Väster"),
                      "Förvaltningsstab": _STABSENHETER}),
    dict(namn="Arbetsmarknads- och socialnämnden", kortnamn="arbetsmarknad_social",
         forvaltning="Arbetsmarknads- och socialförvaltningen", tillvaxt=0.0, analysera=["Familjebehandlare"],
         avdelningar={"Barn och familj": ("Mottagning barn och unga", "Utredning barn och unga", "Familjehem",
                                          "Öppenvård barn och familj"),
                      "Vuxen": ("Missbruk och beroende", "Socialpsykiatri", "Boendeenheten", "Öppenvård vuxen"),
                      "Ekonomiskt bistånd": ("Försörjningsstöd Norr", "Försörjningsstöd Söder",
                                             "Mottagning ekonomiskt bistånd"),
                      "Arbetsmarknad och vuxenutbildning": ("Arbetsmarknadsenheten", "SFI", "Komvux", "Jobbtorget"),
                      "Förvaltningsstab": _STABSENHETER}),
    dict(namn="Funktionsstödsnämnden", kortnamn="funktionsstod", forvaltning="Funktionsstödsförvaltningen",
         tillvaxt=0.02, analysera=["Handläggare LSS"],
         avdelningar={"Bostad med särskild service": "Gruppbostad {s}gatan",
                      "Personlig assistans": ("Assistansgrupp Norr", "Assistansgrupp Söder", "Assistansgrupp Väster",
                                              "Assistansgrupp Öster"),
                      "Daglig verksamhet": "Daglig verksamhet {s}torp",
                      "Myndighet och stöd": ("LSS-handläggning", "Boendestöd", "Ledsagning och avlösning"),
                      "Förvaltningsstab": _STABSENHETER}),
    dict(namn="Kommunstyrelsen", kortnamn="kommunstyrelsen", forvaltning="Kommunledningsförvaltningen",
         tillvaxt=0.005, analysera=["HR-specialist", "Jurist"],
         avdelningar={"Ekonomiavdelningen": ("Redovisning", "Budget och analys", "Upphandling"),
                      "HR-avdelningen": ("HR-stöd", "Lön och pension", "Arbetsmiljö och hälsa"),
                      "Digitaliseringsavdelningen": ("IT-drift", "IT-support", "Systemförvaltning"),
                      "Kansliavdelningen": ("Kansli", "Kommunikation", "Juridik", "Utredning och strategi"),
                      "Serviceavdelningen": ("Lokalvård", "Måltidsservice", "Fastighetsservice")}),
)
STAB = "Förvaltningsstab"

# --- yrkeskategorier per nämnd -------------------------------------------------------------------
# (kategori, antal 2021, avgang, andel kvinnor, medelalder, andel heltid, andel timavlonade,
#  andel visstid bland manadsavlonade, avdelning (None = spread over the line avdelningar), befattningar)
# avgang: yearly probability of leaving the förvaltning for other reasons than pension
# (tillsvidare månadsavlönade; visstid x1.5; timavlönade 45 %).
CELLER: dict[str, tuple[tuple, ...]] = {
    "forskola": (
        ("Förskollärare", 880, .075, .96, 45, .945, 0, .05, None,
         ["Förskollärare", "Förskollärare med särskilt uppdrag"]),
        ("Barnskötare", 1000, .09, .93, 43, .885, .081, .12, None, ["Barnskötare", "Barnskötare specialpedagogik"]),
        ("Rektor", 80, .05, .86, 50, 1, 0, 0, None, ["Rektor", "Biträdande rektor"]),
        ("Avdelningschef", 5, .05, .8, 54, 1, 0, 0, None, ["Områdeschef förskola"]),
        ("Specialpedagog", 30, .05, .95, 50, .975, 0, .03, None, ["Specialpedagog"]),
        ("Pedagogista", 12, .05, .92, 47, .975, 0, .0, STAB, ["Pedagogista"]),
        ("Resurspedagog", 40, .12, .8, 38, .925, .057, .15, None, ["Resurspedagog"]),
        ("Kock", 60, .08, .72, 46, .925, .057, .05, None, ["Kock", "Kokerska"]),
        ("Måltidsbiträde", 55, .10, .85, 44, .825, .092, .10, None, ["Måltidsbiträde"]),
        ("Lokalvårdare", 50, .10, .7, 45, .875, .057, .08, None, ["Lokalvårdare"]),
        ("Administratör", 30, .06, .9, 47, .975, 0, .05, STAB, ["Administratör", "Assistent", "Nämndsekreterare"]),
        ("Vaktmästare", 12, .06, .1, 50, 1, 0, .05, None, ["Vaktmästare"]),
    ),
    "grundskola": (
        ("Grundskollärare", 1450, .065, .76, 45, .955, .006, .08, None, ["Lärare F-3", "Lärare 4-6", "Lärare 7-9"]),
        ("Lärare i fritidshem", 260, .08, .62, 44, .925, 0, .08, None, ["Lärare i fritidshem"]),
        ("Fritidsledare", 170, .12, .45, 35, .875, .069, .20, None, ["Fritidsledare", "Fritidspedagog"]),
        ("Elevassistent", 380, .13, .68, 38, .825, .138, .15, None, ["Elevassistent", "Resursassistent"]),
        ("Speciallärare", 110, .05, .85, 50, .965, 0, .03, None, ["Speciallärare"]),
        ("Specialpedagog", 70, .05, .9, 50, .975, 0, .03, None, ["Specialpedagog"]),
        ("Skolsköterska", 40, .05, .96, 51, .945, 0, .03, None, ["Skolsköterska"]),
        ("Kurator", 38, .08, .85, 44, .975, 0, .05, None, ["Skolkurator"]),
        ("Studie- och yrkesvägledare", 22, .06, .8, 46, .975, 0, .05, STAB, ["Studie- och yrkesvägledare"]),
        ("Rektor", 120, .06, .7, 50, 1, 0, 0, None, ["Rektor", "Biträdande rektor"]),
        ("Avdelningschef", 5, .05, .6, 54, 1, 0, 0, None, ["Grundskolechef", "Områdeschef grundskola"]),
        ("Administratör", 85, .06, .9, 47, .975, 0, .05, None, ["Skoladministratör", "Administratör",
                                                               "Nämndsekreterare"]),
        ("Kock", 85, .08, .65, 46, .925, .057, .05, None, ["Kock", "Kökschef"]),
        ("Måltidsbiträde", 70, .10, .85, 44, .825, .092, .10, None, ["Måltidsbiträde"]),
        ("Lokalvårdare", 75, .10, .7, 45, .875, .057, .08, None, ["Lokalvårdare"]),
    ),
    "vard_omsorg": (
        ("Undersköterska hemtjänst", 880, .11, .84, 44, .865, .057, .10, "Hemtjänst",
         ["Undersköterska hemtjänst", "Undersköterska nattpatrull"]),
        ("Undersköterska särskilt boende", 1050, .10, .87, 46, .865, .057, .10, "Särskilt boende",
         ["Undersköterska", "Undersköterska demensboende", "Undersköterska korttidsboende"]),
        ("Vårdbiträde", 420, .15, .78, 40, .825, .138, .18, {"Särskilt boende": .6, "Hemtjänst": .4},
         ["Vårdbiträde", "Vårdbiträde hemtjänst"]),
        ("Sjuksköterska", 240, .10, .9, 47, .945, .023, .06, "Hälso- och sjukvård",
         ["Sjuksköterska", "Distriktssköterska", "Specialistsjuksköterska"]),
        ("Arbetsterapeut", 50, .08, .93, 44, .955, 0, .05, "Hälso- och sjukvård", ["Arbetsterapeut"]),
        ("Fysioterapeut", 40, .08, .75, 42, .955, 0, .05, "Hälso- och sjukvård", ["Fysioterapeut"]),
        ("Biståndshandläggare", 120, .34, .9, 38, .98, 0, .05, "Myndighet", ["Biståndshandläggare"]),
        ("Planerare hemtjänst", 35, .08, .8, 45, .975, 0, .05, "Hemtjänst", ["Planerare", "Bemanningsplanerare"]),
        ("Aktivitetssamordnare", 25, .08, .85, 47, .925, 0, .05, "Särskilt boende", ["Aktivitetssamordnare"]),
        ("Enhetschef", 120, .06, .8, 50, 1, 0, 0, None, ["Enhetschef", "Biträdande enhetschef"]),
        ("Avdelningschef", 5, .05, .8, 54, 1, 0, 0, None, ["Avdelningschef"]),
        ("Administratör", 55, .06, .9, 47, .975, 0, .05, STAB, ["Administratör", "Assistent", "Nämndsekreterare"]),
        ("Kock", 45, .08, .7, 46, .925, .057, .05, "Särskilt boende", ["Kock"]),
    ),
    "arbetsmarknad_social": (
        ("Socialsekreterare barn och unga", 210, .20, .88, 38, .98, 0, .08, "Barn och familj",
         ["Socialsekreterare utredning", "Socialsekreterare uppföljning", "Socialsekreterare mottagning"]),
        ("Socialsekreterare ekonomiskt bistånd", 140, .16, .85, 40, .98, 0, .08, "Ekonomiskt bistånd",
         ["Socialsekreterare ekonomiskt bistånd", "Handläggare försörjningsstöd"]),
        ("Socialsekreterare vuxna", 110, .14, .82, 42, .98, 0, .06, "Vuxen",
         ["Socialsekreterare missbruk", "Socialsekreterare vuxna"]),
        ("Familjebehandlare", 60, .09, .85, 46, .975, 0, .04, "Barn och familj", ["Familjebehandlare"]),
        ("Behandlingsassistent", 170, .12, .6, 42, .905, .069, .15, "Vuxen", ["Behandlingsassistent",
                                                                             "Boendehandledare"]),
        ("Boendestödjare", 60, .10, .7, 44, .925, 0, .10, "Vuxen", ["Boendestödjare"]),
        ("Arbetskonsulent", 90, .10, .6, 45, .975, 0, .10, "Arbetsmarknad och vuxenutbildning",
         ["Arbetskonsulent", "Jobbcoach"]),
        ("Lärare vuxenutbildning", 120, .07, .7, 48, .955, 0, .08, "Arbetsmarknad och vuxenutbildning",
         ["Lärare SFI", "Lärare grundläggande vuxenutbildning", "Lärare gymnasial vuxenutbildning"]),
        ("Studie- och yrkesvägledare", 15, .06, .8, 46, .975, 0, .05, "Arbetsmarknad och vuxenutbildning",
         ["Studie- och yrkesvägledare"]),
        ("Sektionschef", 45, .07, .75, 47, 1, 0, 0, None, ["Sektionschef", "Biträdande sektionschef"]),
        ("Avdelningschef", 5, .05, .7, 54, 1, 0, 0, None, ["Avdelningschef"]),
        ("Administratör", 45, .06, .9, 47, .975, 0, .05, STAB, ["Administratör", "Assistent", "Nämndsekreterare"]),
    ),
    "funktionsstod": (
        ("Stödassistent", 560, .11, .72, 41, .875, .069, .12, "Bostad med särskild service",
         ["Stödassistent", "Stödassistent nattjänst"]),
        ("Personlig assistent", 420, .14, .7, 38, .825, .172, .20, "Personlig assistans", ["Personlig assistent"]),
        ("Stödpedagog", 120, .09, .8, 43, .925, 0, .06, "Bostad med särskild service", ["Stödpedagog"]),
        ("Handledare daglig verksamhet", 130, .08, .6, 46, .925, 0, .08, "Daglig verksamhet",
         ["Handledare daglig verksamhet", "Arbetsinstruktör"]),
        ("Handläggare LSS", 35, .14, .9, 40, .98, 0, .05, "Myndighet och stöd", ["LSS-handläggare"]),
        ("Sjuksköterska", 20, .10, .9, 47, .945, 0, .05, "Bostad med särskild service", ["Sjuksköterska"]),
        ("Arbetsterapeut", 15, .08, .93, 44, .955, 0, .05, "Daglig verksamhet", ["Arbetsterapeut"]),
        ("Samordnare", 18, .08, .8, 45, .975, 0, .05, "Myndighet och stöd", ["Samordnare", "Verksamhetsutvecklare"]),
        ("Enhetschef", 55, .06, .78, 49, 1, 0, 0, None, ["Enhetschef", "Biträdande enhetschef"]),
        ("Avdelningschef", 4, .05, .75, 54, 1, 0, 0, None, ["Avdelningschef"]),
        ("Administratör", 28, .06, .9, 47, .975, 0, .05, STAB, ["Administratör", "Assistent"]),
        ("Kock", 12, .08, .7, 46, .925, .057, .05, "Daglig verksamhet", ["Kock"]),
    ),
    "kommunstyrelsen": (
        ("Administratör", 120, .06, .85, 47, .975, 0, .05, "Kansliavdelningen",
         ["Administratör", "Assistent", "Nämndsekreterare"]),
        ("Ekonom", 60, .025, .65, 47, .98, 0, .02, "Ekonomiavdelningen", ["Ekonom", "Controller",
                                                                          "Redovisningsekonom"]),
        ("HR-specialist", 50, .06, .85, 45, .98, 0, .04, "HR-avdelningen", ["HR-specialist", "HR-konsult",
                                                                           "Lönespecialist"]),
        ("IT-tekniker", 55, .07, .22, 42, .98, 0, .05, "Digitaliseringsavdelningen", ["IT-tekniker",
                                                                                     "Supporttekniker"]),
        ("Systemförvaltare", 40, .05, .4, 47, .98, 0, .03, "Digitaliseringsavdelningen",
         ["Systemförvaltare", "Systemadministratör"]),
        ("Utredare", 45, .06, .6, 44, .98, 0, .08, "Kansliavdelningen", ["Utredare", "Strateg",
                                                                        "Verksamhetsutvecklare"]),
        ("Kommunikatör", 30, .08, .75, 42, .98, 0, .08, "Kansliavdelningen", ["Kommunikatör", "Webbredaktör"]),
        ("Jurist", 15, .08, .65, 44, .98, 0, .05, "Kansliavdelningen", ["Kommunjurist"]),
        ("Upphandlare", 20, .08, .6, 44, .98, 0, .05, "Ekonomiavdelningen", ["Upphandlare", "Inköpare"]),
        ("Lokalvårdare", 130, .09, .72, 46, .875, .057, .08, "Serviceavdelningen", ["Lokalvårdare"]),
        ("Kock", 50, .08, .65, 46, .925, .057, .05, "Serviceavdelningen", ["Kock", "Kökschef"]),
        ("Vaktmästare", 45, .06, .12, 49, .98, 0, .05, "Serviceavdelningen", ["Vaktmästare", "Fastighetsskötare"]),
        ("Sektionschef", 30, .06, .6, 48, 1, 0, 0, None, ["Sektionschef", "Enhetschef"]),
        ("Avdelningschef", 5, .05, .6, 54, 1, 0, 0, None, ["Avdelningschef"]),
    ),
}

# Demand driver per yrkeskategori (one driver per category name, see kommun.yaml).
_A = lambda fran, till: {"typ": "alder", "fran": fran, "till": till}  # noqa: E731
DRIVARE: dict[str, dict] = {
    "Förskollärare": _A(1, 5), "Barnskötare": _A(1, 5), "Pedagogista": _A(1, 5), "Resurspedagog": _A(1, 5),
    "Specialpedagog": _A(1, 15),
    "Grundskollärare": _A(6, 15), "Lärare i fritidshem": _A(6, 15), "Fritidsledare": _A(6, 15),
    "Elevassistent": _A(6, 15), "Speciallärare": _A(6, 15), "Skolsköterska": _A(6, 15), "Kurator": _A(6, 15),
    "Studie- och yrkesvägledare": _A(6, 15),
    "Undersköterska hemtjänst": _A(80, 100), "Undersköterska särskilt boende": _A(80, 100),
    "Vårdbiträde": _A(80, 100), "Sjuksköterska": _A(80, 100), "Arbetsterapeut": _A(80, 100),
    "Fysioterapeut": _A(80, 100), "Biståndshandläggare": _A(80, 100), "Planerare hemtjänst": _A(80, 100),
    "Aktivitetssamordnare": _A(80, 100),
    "Socialsekreterare barn och unga": _A(0, 20), "Familjebehandlare": _A(0, 20),
    "Socialsekreterare ekonomiskt bistånd": _A(20, 64), "Socialsekreterare vuxna": _A(20, 64),
    "Behandlingsassistent": _A(20, 64), "Boendestödjare": _A(20, 64), "Arbetskonsulent": _A(20, 64),
    "Lärare vuxenutbildning": _A(20, 64),
    "Stödassistent": _A(0, 64), "Personlig assistent": _A(0, 64), "Stödpedagog": _A(0, 64),
    "Handledare daglig verksamhet": _A(20, 64), "Handläggare LSS": {"typ": "total"}, "Samordnare": {"typ": "total"},
    "Administratör": {"typ": "total"}, "Ekonom": {"typ": "total"}, "HR-specialist": {"typ": "total"},
    "IT-tekniker": {"typ": "total"}, "Systemförvaltare": {"typ": "total"}, "Utredare": {"typ": "total"},
    "Kommunikatör": {"typ": "total"}, "Jurist": {"typ": "total"}, "Upphandlare": {"typ": "total"},
    "Kock": {"typ": "total"}, "Måltidsbiträde": {"typ": "total"}, "Lokalvårdare": {"typ": "total"},
    "Vaktmästare": {"typ": "total"},
    **{c: {"typ": "fast"} for c in CHEFSKATEGORIER},
}

# Yearly moves within the förvaltning: (nämnd, from, to, probability per year among månadsavlönade).
INTERNA_BYTEN: tuple[tuple[str, str, str, float], ...] = (
    ("forskola", "Barnskötare", "Förskollärare", .03), ("forskola", "Förskollärare", "Rektor", .004),
    ("forskola", "Förskollärare", "Specialpedagog", .003), ("forskola", "Förskollärare", "Pedagogista", .002),
    ("forskola", "Resurspedagog", "Barnskötare", .03), ("forskola", "Måltidsbiträde", "Kock", .03),
    ("forskola", "Rektor", "Avdelningschef", .003),
    ("grundskola", "Elevassistent", "Grundskollärare", .02),
    ("grundskola", "Fritidsledare", "Lärare i fritidshem", .03),
    ("grundskola", "Lärare i fritidshem", "Grundskollärare", .02),
    ("grundskola", "Grundskollärare", "Speciallärare", .006),
    ("grundskola", "Grundskollärare", "Rektor", .004),
    ("grundskola", "Grundskollärare", "Studie- och yrkesvägledare", .001),
    ("grundskola", "Måltidsbiträde", "Kock", .03), ("grundskola", "Rektor", "Avdelningschef", .003),
    ("vard_omsorg", "Vårdbiträde", "Undersköterska särskilt boende", .07),
    ("vard_omsorg", "Vårdbiträde", "Undersköterska hemtjänst", .05),
    ("vard_omsorg", "Undersköterska hemtjänst", "Undersköterska särskilt boende", .03),
    ("vard_omsorg", "Undersköterska särskilt boende", "Undersköterska hemtjänst", .015),
    ("vard_omsorg", "Undersköterska särskilt boende", "Sjuksköterska", .006),
    ("vard_omsorg", "Undersköterska hemtjänst", "Planerare hemtjänst", .004),
    ("vard_omsorg", "Undersköterska särskilt boende", "Aktivitetssamordnare", .003),
    ("vard_omsorg", "Sjuksköterska", "Enhetschef", .01), ("vard_omsorg", "Biståndshandläggare", "Enhetschef", .01),
    ("vard_omsorg", "Enhetschef", "Avdelningschef", .003),
    ("arbetsmarknad_social", "Socialsekreterare ekonomiskt bistånd", "Socialsekreterare barn och unga", .04),
    ("arbetsmarknad_social", "Socialsekreterare ekonomiskt bistånd", "Socialsekreterare vuxna", .03),
    ("arbetsmarknad_social", "Behandlingsassistent", "Socialsekreterare vuxna", .015),
    ("arbetsmarknad_social", "Behandlingsassistent", "Familjebehandlare", .01),
    ("arbetsmarknad_social", "Socialsekreterare barn och unga", "Familjebehandlare", .02),
    ("arbetsmarknad_social", "Socialsekreterare barn och unga", "Sektionschef", .01),
    ("arbetsmarknad_social", "Boendestödjare", "Behandlingsassistent", .03),
    ("arbetsmarknad_social", "Sektionschef", "Avdelningschef", .005),
    ("funktionsstod", "Personlig assistent", "Stödassistent", .05),
    ("funktionsstod", "Stödassistent", "Stödpedagog", .02),
    ("funktionsstod", "Stödpedagog", "Enhetschef", .01),
    ("funktionsstod", "Stödassistent", "Handledare daglig verksamhet", .01),
    ("funktionsstod", "Handläggare LSS", "Samordnare", .02), ("funktionsstod", "Enhetschef", "Avdelningschef", .004),
    ("kommunstyrelsen", "Administratör", "HR-specialist", .01), ("kommunstyrelsen", "Administratör", "Ekonom", .008),
    ("kommunstyrelsen", "Administratör", "Utredare", .01),
    ("kommunstyrelsen", "IT-tekniker", "Systemförvaltare", .03),
    ("kommunstyrelsen", "Utredare", "Sektionschef", .02), ("kommunstyrelsen", "Ekonom", "Sektionschef", .01),
    ("kommunstyrelsen", "Sektionschef", "Avdelningschef", .006),
    ("kommunstyrelsen", "Lokalvårdare", "Vaktmästare", .01),
)

# Where a person who leaves for another förvaltning goes (besides the same category elsewhere).
# A category without a destination leaves for a förvaltning outside the six (no hire in the data).
ANDRA_NAMNDER: dict[str, tuple[tuple[str, str], ...]] = {
    "Förskollärare": (("grundskola", "Lärare i fritidshem"),),
    "Barnskötare": (("grundskola", "Elevassistent"),),
    "Elevassistent": (("forskola", "Barnskötare"), ("funktionsstod", "Stödassistent")),
    "Grundskollärare": (("arbetsmarknad_social", "Lärare vuxenutbildning"),),
    "Lärare vuxenutbildning": (("grundskola", "Grundskollärare"),),
    "Fritidsledare": (("arbetsmarknad_social", "Behandlingsassistent"),),
    "Undersköterska hemtjänst": (("funktionsstod", "Stödassistent"),),
    "Undersköterska särskilt boende": (("funktionsstod", "Stödassistent"),),
    "Vårdbiträde": (("funktionsstod", "Personlig assistent"),),
    "Biståndshandläggare": (("funktionsstod", "Handläggare LSS"),
                            ("arbetsmarknad_social", "Socialsekreterare vuxna")),
    "Handläggare LSS": (("vard_omsorg", "Biståndshandläggare"),),
    "Stödassistent": (("vard_omsorg", "Undersköterska särskilt boende"),),
    "Personlig assistent": (("vard_omsorg", "Vårdbiträde"), ("grundskola", "Elevassistent")),
    "Kurator": (("arbetsmarknad_social", "Socialsekreterare barn och unga"),),
    "Socialsekreterare barn och unga": (("grundskola", "Kurator"),),
    "Behandlingsassistent": (("funktionsstod", "Stödpedagog"),),
}
ANDEL_ANNAN_FORVALTNING = 0.13  # of the departures for other reasons than pension (seed 002: 9 % / 67 %)

STAMMAR = ("Björk", "Ek", "Tall", "Lind", "Rönn", "Al", "Hassel", "Sol", "Sjö", "Äng", "Berg", "Strand",
           "Hag", "Lunda", "Vik", "Bäck", "Skog", "Mos", "Lönn", "Asp", "Gran", "Sälg", "Ljung", "Lärk",
           "Kvarn", "Torp", "Hed", "Myr", "Ås", "Näs", "Holm", "Dal", "Udd", "Källa", "Klöver", "Vallmo",
           "Blåklint", "Prästkrage", "Linnea", "Humle", "Smultron", "Lingon", "Hjortron", "Vide", "Fur",
           "Oxel", "Syren", "Fläder")

# enhet names: [avdelning (all nämnder in order), stem number] -> name
_ENHETSNAMN = np.array([[m.format(s=s) if isinstance(m, str) else m[j % len(m)] for j, s in enumerate(STAMMAR)]
                        for n in NAMNDER for m in n["avdelningar"].values()], dtype=object)

TIMME_AVGANG = 0.45        # yearly departure probability of timavlönade
VISSTID_FAKTOR = 1.5       # visstid leave more often
VISSTID_TILL_TILLSVIDARE = 0.30  # yearly conversion of månadsavlönade visstid
DELTIDSGRADER = np.array([50.0, 60.0, 75.0, 80.0, 87.5, 90.0, 95.0])


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


# ==================================================================================================
# The cells (nämnd x yrkeskategori) as arrays
# ==================================================================================================

def _celltabell() -> pd.DataFrame:
    """One row per (namnd, yrkeskategori) with the generator's parameters; index = cell number."""
    rader = []
    for ni, n in enumerate(NAMNDER):
        avd = list(n["avdelningar"])
        linje = [a for a in avd if a != STAB] if STAB in avd else avd
        for kat, n0, avg, kv, alder, heltid, timme, visstid, avdel, bef in CELLER[n["kortnamn"]]:
            vikter = np.zeros(len(avd))
            if avdel is None:
                vikter[[avd.index(a) for a in linje]] = 1.0
            elif isinstance(avdel, dict):
                for a, v in avdel.items():
                    vikter[avd.index(a)] = v
            else:
                vikter[avd.index(avdel)] = 1.0
            rader.append(dict(ni=ni, namnd=n["namn"], kortnamn=n["kortnamn"], forvaltning=n["forvaltning"],
                              yrkeskategori=kat, n0=n0, avgang=avg, kvinnor=kv, alder=alder, heltid=heltid,
                              timme=timme, visstid=visstid, avd_vikter=vikter / vikter.sum(), befattningar=bef,
                              tillvaxt=n["tillvaxt"], chef=kat in CHEFSKATEGORIER, overst=kat == OVERSTA_CHEF))
    c = pd.DataFrame(rader)
    # Composition of hires that keeps the shares of timavlönade and visstid roughly stable:
    # inflow share f with f * H = s * d, H = total yearly hire rate (approximated).
    d_manad = c["avgang"] + 0.03 + c["tillvaxt"].clip(lower=0)
    s = c["timme"]
    c["hire_timme"] = (s * TIMME_AVGANG / (s * TIMME_AVGANG + (1 - s) * d_manad)).fillna(0.0)
    v = c["visstid"]
    c["hire_visstid"] = (v * (VISSTID_TILL_TILLSVIDARE + VISSTID_FAKTOR * c["avgang"])
                         / (d_manad + v * (VISSTID_FAKTOR - 1) * c["avgang"])).clip(upper=0.9)
    return c


def _valj_rad(rng: np.random.Generator, kum: np.ndarray, rad: np.ndarray) -> np.ndarray:
    """For each entry of ``rad`` choose a column of ``kum`` (row-wise cumulative probabilities)."""
    u = rng.random(len(rad))
    return (u[:, None] >= kum[rad]).sum(axis=1)


def _pensionsrisk() -> np.ndarray:
    """p(a) for ages 0..130 from the standard profile (1 above the last key, 0 below the first)."""
    p = np.zeros(131)
    nycklar = sorted(STANDARD_PENSIONSPROFIL)
    for a, v in STANDARD_PENSIONSPROFIL.items():
        p[a] = v
    p[nycklar[-1] + 1:] = 1.0
    return p


def _tilldela(chef_grupp: np.ndarray, chef_vikt: np.ndarray, grupp: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Position (into the chef arrays) of the chef each person gets, -1 if the group has no chef.

    Within a group the interval [0, 1) is split among its chefs in proportion to their weight
    (in the order given); a person with the fixed random number ``u`` gets the chef whose
    interval holds u, so a chef's span is proportional to the weight.

    >>> _tilldela(np.array([0, 0, 1]), np.array([1.0, 3.0, 1.0]), np.array([0, 0, 1, 2]),
    ...           np.array([0.1, 0.5, 0.9, 0.5])).tolist()
    [0, 1, 2, -1]
    """
    if len(chef_grupp) == 0:
        return np.full(len(grupp), -1)
    ordning = np.argsort(chef_grupp, kind="stable")
    g, w = chef_grupp[ordning], chef_vikt[ordning]
    unika, start, antal = np.unique(g, return_index=True, return_counts=True)
    gi = np.repeat(np.arange(len(unika)), antal)
    kum = np.cumsum(w)
    fore = (kum[start] - w[start])[gi]
    summa = np.add.reduceat(w, start)[gi]
    grans = gi + (kum - fore) / summa
    grans[start + antal - 1] = gi[start + antal - 1] + 1.0
    pos = np.searchsorted(unika, grupp).clip(max=len(unika) - 1)
    finns = unika[pos] == grupp
    k = np.searchsorted(grans, pos + np.minimum(u, 1 - 1e-9), side="right").clip(max=len(g) - 1)
    return np.where(finns, ordning[k], -1)


# ==================================================================================================
# The staff simulation
# ==================================================================================================

class _Personal:
    """Column arrays over every person ever employed (index = person number)."""

    def __init__(self, kapacitet: int, bef_kum: np.ndarray, avd_kum: np.ndarray):
        self.bef_kum = bef_kum  # per cell: cumulative probabilities of its befattningar
        self.avd_kum = avd_kum  # per cell: cumulative probabilities of the avdelningar
        self.n = 0
        self.cell = np.zeros(kapacitet, np.int64)
        self.bef = np.zeros(kapacitet, np.int64)      # index into the cell's befattningar
        self.kvinna = np.zeros(kapacitet, bool)
        self.fodelsear = np.zeros(kapacitet, np.int64)
        self.tillsvidare = np.zeros(kapacitet, bool)
        self.timme = np.zeros(kapacitet, bool)
        self.grad = np.zeros(kapacitet, float)
        self.anstdatum = np.zeros(kapacitet, "datetime64[D]")
        self.avd = np.zeros(kapacitet, np.int64)      # avdelning index within the nämnd (non-chefs)
        self.u = np.zeros(kapacitet, float)           # fixed random number: which chef
        self.vikt = np.zeros(kapacitet, float)        # a chef's relative span
        self.z = np.zeros(kapacitet, float)           # fixed random number: competence level
        self.aktiv = np.zeros(kapacitet, bool)

    def nya(self, rng: np.random.Generator, celler: pd.DataFrame, cell: np.ndarray, alder: np.ndarray,
            datum: np.ndarray, ar: int) -> np.ndarray:
        """Add persons in ``cell`` with the given age (in year ``ar``) and employment date."""
        m = len(cell)
        idx = np.arange(self.n, self.n + m)
        self.n += m
        self.cell[idx] = cell
        self.fodelsear[idx] = ar - alder
        self.kvinna[idx] = rng.random(m) < celler["kvinnor"].to_numpy()[cell]
        self.anstdatum[idx] = datum
        self.u[idx] = rng.random(m)
        self.vikt[idx] = rng.uniform(0.5, 1.5, m)
        self.z[idx] = rng.normal(0, 1, m)
        self.aktiv[idx] = True
        self._satt_cellberoende(rng, celler, idx)
        return idx

    def _satt_cellberoende(self, rng: np.random.Generator, celler: pd.DataFrame, idx: np.ndarray) -> None:
        """Befattning and avdelning from the (new) cell."""
        cell = self.cell[idx]
        self.bef[idx] = _valj_rad(rng, self.bef_kum, cell)
        self.avd[idx] = _valj_rad(rng, self.avd_kum, cell)
        chef = celler["chef"].to_numpy()[cell]
        self.grad[idx[chef]] = 100.0
        self.tillsvidare[idx[chef]] = True
        self.timme[idx[chef]] = False


def _kumulativ(sannolikheter: list[np.ndarray]) -> np.ndarray:
    """Row-wise cumulative probabilities padded with 2.0, for :func:`_valj_rad`.

    >>> _kumulativ([np.array([0.0, 1.0, 0.0]), np.array([0.5, 0.5])]).tolist()
    [[0.0, 2.0, 2.0], [0.5, 2.0, 2.0]]
    """
    bredd = max(len(p) for p in sannolikheter)
    kum = np.full((len(sannolikheter), bredd), 2.0)
    for i, p in enumerate(sannolikheter):
        sista = int(np.flatnonzero(np.asarray(p) > 0).max())
        kum[i, :sista] = np.cumsum(p)[:sista] / np.sum(p)
    return kum


def _anstallningsvillkor(rng: np.random.Generator, celler: pd.DataFrame, p: _Personal, idx: np.ndarray,
                         andel_timme: np.ndarray, andel_visstid: np.ndarray) -> None:
    """Lönform, anställningsform and sysselsättningsgrad of new persons."""
    cell = p.cell[idx]
    m = len(idx)
    timme = rng.random(m) < andel_timme[cell]
    visstid = timme | (rng.random(m) < andel_visstid[cell])
    heltid = rng.random(m) < celler["heltid"].to_numpy()[cell]
    grad = np.where(heltid, 100.0, DELTIDSGRADER[rng.integers(0, len(DELTIDSGRADER), m)])
    p.timme[idx] = timme
    p.tillsvidare[idx] = ~visstid
    p.grad[idx] = np.where(timme, 0.0, grad)
    chef = celler["chef"].to_numpy()[cell]
    p.grad[idx[chef]] = 100.0
    p.tillsvidare[idx[chef]] = True
    p.timme[idx[chef]] = False


def _startalder(rng: np.random.Generator, medel: np.ndarray) -> np.ndarray:
    """Ages of the staff on 1 Nov 2021: normal around the category mean, survivors of the pension profile."""
    m = len(medel)
    alder = np.clip(np.rint(medel + 3.5 + rng.uniform(-21, 21, m) + rng.normal(0, 4, m)), 20, 69).astype(np.int64)
    p = _pensionsrisk()
    overlevnad = np.cumprod(1 - p[:80])  # S(a): still employed after the year one reaches age a
    kvar = rng.random(m) < np.where(alder > 60, overlevnad[alder], 1.0)
    ersatt = rng.integers(25, 61, m)
    return np.where(kvar, alder, ersatt)


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


def _ogonblicksbild(p: _Personal, celler: pd.DataFrame, avdelningar: list[list[str]], datum: np.datetime64
                    ) -> pd.DataFrame:
    """The active persons at ``datum`` as rows of anstallningar (chefs and units assigned)."""
    idx = np.flatnonzero(p.aktiv[:p.n])
    cell = p.cell[idx]
    ni = celler["ni"].to_numpy()[cell]
    chef = celler["chef"].to_numpy()[cell]
    overst = celler["overst"].to_numpy()[cell]
    forsta = chef & ~overst
    avd = p.avd[idx].copy()
    n_avd = np.array([len(a) for a in avdelningar])

    # First-line chefs are spread over the avdelningar in proportion to their staff (by rank of u).
    personal = ~chef
    andel = np.zeros((len(NAMNDER), n_avd.max()))
    np.add.at(andel, (ni[personal], avd[personal]), 1.0)
    kum = np.cumsum(andel / andel.sum(axis=1, keepdims=True), axis=1)
    fi = np.flatnonzero(forsta)
    ordning = np.lexsort((p.u[idx[fi]], ni[fi]))
    fi = fi[ordning]
    _, start, antal = np.unique(ni[fi], return_index=True, return_counts=True)
    rang = np.arange(len(fi)) - np.repeat(start, antal)
    kvantil = (rang + 0.5) / np.repeat(antal, antal)
    avd[fi] = np.minimum((kvantil[:, None] > kum[ni[fi]]).sum(axis=1), n_avd[ni[fi]] - 1)
    # Avdelningschefer: one per avdelning in order of employment
    oi = np.flatnonzero(overst)
    oi = oi[np.argsort(ni[oi], kind="stable")]
    _, start, antal = np.unique(ni[oi], return_index=True, return_counts=True)
    avd[oi] = (np.arange(len(oi)) - np.repeat(start, antal)) % n_avd[ni[oi]]

    grupp = ni * 100 + avd
    pid = idx
    chef_pos = np.full(len(idx), -1)
    # staff -> first-line chef in the same avdelning (else in the nämnd)
    k = _tilldela(grupp[fi], p.vikt[idx[fi]], grupp[personal], p.u[idx[personal]])
    k2 = _tilldela(ni[fi], p.vikt[idx[fi]], ni[personal], p.u[idx[personal]])
    chef_pos[personal] = np.where(k >= 0, fi[np.maximum(k, 0)], np.where(k2 >= 0, fi[np.maximum(k2, 0)], -1))
    # first-line chef -> avdelningschef in the same avdelning (else in the nämnd)
    k = _tilldela(grupp[oi], np.ones(len(oi)), grupp[fi], p.u[idx[fi]])
    k2 = _tilldela(ni[oi], np.ones(len(oi)), ni[fi], p.u[idx[fi]])
    chef_pos[fi] = np.where(k >= 0, oi[np.maximum(k, 0)], np.where(k2 >= 0, oi[np.maximum(k2, 0)], -1))

    # avdelning and enhet: staff take their chef's; a first-line chef's enhet is named from a stem
    har_chef = personal & (chef_pos >= 0)
    avd[har_chef] = avd[chef_pos[har_chef]]
    avd_namn = np.array([a for lista in avdelningar for a in lista], dtype=object)
    offset = np.concatenate([[0], np.cumsum(n_avd)[:-1]])
    global_avd = offset[ni] + avd
    enhet = np.full(len(idx), "Avdelningsledning", dtype=object)
    enhet[forsta] = _ENHETSNAMN[global_avd[forsta], (idx[forsta] * 7) % len(STAMMAR)]
    enhet[har_chef] = enhet[chef_pos[har_chef]]
    enhet[personal & ~har_chef] = "Ej fördelad"

    ar_anst = (datum - p.anstdatum[idx]).astype(np.int64) / 365.25
    poang = np.log1p(ar_anst) / np.log(21.0) * 3.0 + 0.6 * p.z[idx]
    niva = np.array(["Viss", "God", "Hög", "Mycket hög"], dtype=object)[np.digitize(poang, [0.9, 1.8, 2.6])]

    bef_namn = np.array([b for lista in celler["befattningar"] for b in lista], dtype=object)
    bef_start = np.concatenate([[0], np.cumsum([len(b) for b in celler["befattningar"]])[:-1]])
    bef = bef_namn[bef_start[cell] + p.bef[idx]]
    chef_id = np.where(chef_pos >= 0, _pid(idx[np.maximum(chef_pos, 0)]), None)
    return pd.DataFrame({
        "matdatum": pd.Timestamp(datum),
        "person_id": _pid(pid),
        "namnd": celler["namnd"].to_numpy()[cell],
        "forvaltning": celler["forvaltning"].to_numpy()[cell],
        "avdelning": avd_namn[global_avd],
        "enhet": enhet,
        "befattning": bef,
        "yrkeskategori": celler["yrkeskategori"].to_numpy()[cell],
        "kon": np.where(p.kvinna[idx], "K", "M"),
        "fodelsear": p.fodelsear[idx],
        "anstallningsform": np.where(p.tillsvidare[idx], "tillsvidare", "visstid"),
        "loneform": np.where(p.timme[idx], "timme", "manad"),
        "sysselsattningsgrad": p.grad[idx],
        "chef": chef,
        "chef_id": chef_id,
        "anstallningsdatum": pd.to_datetime(p.anstdatum[idx]),
        "kompetensniva": niva,
    })


def _pid(idx: np.ndarray) -> np.ndarray:
    return np.char.add("P", np.char.zfill((np.asarray(idx) + 1).astype(str), 6)).astype(object)


def _flyttmatris(celler: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: moves within the förvaltning (to-cell, cumulative probability) and destinations elsewhere."""
    kort, kat = celler["kortnamn"].tolist(), celler["yrkeskategori"].tolist()
    nyckel = {(n, y): i for i, (n, y) in enumerate(zip(kort, kat))}
    inom: list[list[tuple[int, float]]] = [[] for _ in range(len(celler))]
    for n, fran, till, p in INTERNA_BYTEN:
        inom[nyckel[(n, fran)]].append((nyckel[(n, till)], p))
    bredd = max(1, max(len(x) for x in inom))
    inom_till = np.full((len(celler), bredd + 1), -1)
    inom_kum = np.full((len(celler), bredd + 1), 2.0)
    for i, x in enumerate(inom):
        for j, (t, p) in enumerate(x):
            inom_till[i, j] = t
        inom_kum[i, :len(x)] = np.cumsum([p for _, p in x])
        inom_kum[i, len(x)] = 2.0  # no move
    ut: list[list[int]] = []
    for n, y in zip(kort, kat):
        mal = [nyckel[k] for k in ANDRA_NAMNDER.get(y, ()) if k in nyckel and k[0] != n]
        mal += [j for j, (n2, y2) in enumerate(zip(kort, kat)) if y2 == y and n2 != n]
        ut.append(mal)
    bredd = max(1, max(len(x) for x in ut))
    ut_till = np.full((len(celler), bredd), -1)
    ut_antal = np.zeros(len(celler), np.int64)
    for i, x in enumerate(ut):
        ut_till[i, :len(x)] = x
        ut_antal[i] = len(x)
    return inom_till, inom_kum, ut_till, ut_antal


def generera(seed: int = 2025) -> dict:
    """The Exempelkommun's inputs, deterministic in ``seed``.

    Returns ``{"kommun.yaml": dict, "anstallningar": DataFrame, "handelser": DataFrame,
    "befolkningsprognos": DataFrame, "befolkningsprognos_lag": DataFrame}`` with the columns of
    :mod:`kfanalys.grund.schema` (anstallningar incl. chef_id, anstallningsdatum, kompetensniva;
    matdatum/datum/anstallningsdatum datetime64; sysselsattningsgrad in per cent 0-100;
    handelser.orsak NaN for hires; befolkning antal in persons).
    """
    rng = np.random.default_rng(seed)
    celler = _celltabell()
    avdelningar = [list(n["avdelningar"]) for n in NAMNDER]
    n0 = celler["n0"].to_numpy()
    p = _Personal(int(n0.sum() * 3),
                  bef_kum=_kumulativ([np.array([0.7, 0.2, 0.1][:len(b)]) for b in celler["befattningar"]]),
                  avd_kum=_kumulativ(list(celler["avd_vikter"])))
    datum = [np.datetime64(f"{ar}-11-01") for ar in MATAR]

    # ---- the first snapshot ---------------------------------------------------------------------
    cell = np.repeat(np.arange(len(celler)), n0)
    alder = _startalder(rng, celler["alder"].to_numpy()[cell])
    anstallda_ar = np.minimum(rng.exponential(9.0, len(cell)), alder - 19).clip(min=0.05)
    anstdatum = datum[0] - (anstallda_ar * 365.25).astype("timedelta64[D]")
    idx = p.nya(rng, celler, cell, alder, anstdatum, MATAR[0])
    _anstallningsvillkor(rng, celler, p, idx, celler["timme"].to_numpy(), celler["visstid"].to_numpy())

    pensionsrisk = _pensionsrisk()
    inom_till, inom_kum, ut_till, ut_antal = _flyttmatris(celler)
    avgang = celler["avgang"].to_numpy()
    chefcell = celler["chef"].to_numpy()
    tillvaxt = celler["tillvaxt"].to_numpy()
    hire_timme = celler["hire_timme"].to_numpy()
    hire_visstid = celler["hire_visstid"].to_numpy()
    hire_alder = celler["alder"].to_numpy() - np.where(chefcell, 3.0, 5.0)

    bilder = [_ogonblicksbild(p, celler, avdelningar, datum[0])]
    handelser: list[pd.DataFrame] = []
    for t in range(1, len(MATAR)):
        t0, t1, ar = datum[t - 1], datum[t], MATAR[t]
        dagar = int((t1 - t0).astype(int))
        akt = np.flatnonzero(p.aktiv[:p.n])
        m = len(akt)
        cell = p.cell[akt]
        dag = t0 + rng.integers(1, dagar + 1, m).astype("timedelta64[D]")
        alder = ar - p.fodelsear[akt]
        pension = rng.random(m) < pensionsrisk[np.clip(alder, 0, 130)]
        risk = np.where(p.timme[akt], TIMME_AVGANG,
                        avgang[cell] * np.where(p.tillsvidare[akt], 1.0, VISSTID_FAKTOR))
        lamnar = ~pension & (rng.random(m) < risk)
        annan = lamnar & ~p.timme[akt] & (rng.random(m) < ANDEL_ANNAN_FORVALTNING)
        extern = lamnar & ~annan
        # destination of those leaving for another nämnd (-1: a förvaltning outside the data)
        val = (rng.random(m) * np.maximum(ut_antal[cell], 1)).astype(np.int64)
        mal = np.where(annan & (ut_antal[cell] > 0), ut_till[cell, np.minimum(val, ut_till.shape[1] - 1)], -1)
        # moves within the förvaltning among those who stay (månadsavlönade only)
        stannar = ~pension & ~lamnar & ~p.timme[akt]
        j = (rng.random(m)[:, None] >= inom_kum[cell]).sum(axis=1)
        inom = stannar & (inom_till[cell, np.minimum(j, inom_till.shape[1] - 1)] >= 0)
        ny_cell = np.where(inom, inom_till[cell, np.minimum(j, inom_till.shape[1] - 1)], mal)

        # orsak: pension; visstid/timme mostly end (ovrigt); otherwise own request
        ovrigt = rng.random(m) < np.where(p.tillsvidare[akt], 0.15, 0.6)
        orsak = np.where(pension, "pension", np.where(extern & ovrigt, "ovrigt", "egen_begaran"))
        motpart = np.where(inom, "inom_forvaltning", np.where(annan, "annan_forvaltning", "extern"))
        avg = pension | lamnar | inom
        handelser.append(pd.DataFrame({
            "datum": dag[avg], "person_id": _pid(akt[avg]), "typ": "avgang",
            "namnd": celler["namnd"].to_numpy()[cell[avg]],
            "yrkeskategori": celler["yrkeskategori"].to_numpy()[cell[avg]],
            "motpart": motpart[avg], "orsak": orsak[avg]}))
        flytt = avg & (ny_cell >= 0)
        handelser.append(pd.DataFrame({
            "datum": dag[flytt], "person_id": _pid(akt[flytt]), "typ": "anstallning",
            "namnd": celler["namnd"].to_numpy()[ny_cell[flytt]],
            "yrkeskategori": celler["yrkeskategori"].to_numpy()[ny_cell[flytt]],
            "motpart": motpart[flytt], "orsak": None}))
        # apply: leavers inactive, movers into their new cell
        p.aktiv[akt[avg & ~flytt]] = False
        flyttare = akt[flytt]
        p.cell[flyttare] = ny_cell[flytt]
        p._satt_cellberoende(rng, celler, flyttare)
        # visstid -> tillsvidare for some who stay
        omvandla = akt[~avg & ~p.timme[akt] & ~p.tillsvidare[akt]]
        p.tillsvidare[omvandla[rng.random(len(omvandla)) < VISSTID_TILL_TILLSVIDARE]] = True

        # external hires up to the headcount target of each cell
        antal = np.bincount(p.cell[:p.n][p.aktiv[:p.n]], minlength=len(celler))
        mal_antal = np.rint(n0 * (1 + tillvaxt) ** t * rng.normal(1.0, 0.01, len(celler))).astype(np.int64)
        nyanst = np.maximum(0, mal_antal - antal)
        cell = np.repeat(np.arange(len(celler)), nyanst)
        h = len(cell)
        alder = np.clip(np.rint(rng.normal(hire_alder[cell], 8.5)), 19, 64).astype(np.int64)
        dag = t0 + rng.integers(1, dagar + 1, h).astype("timedelta64[D]")
        idx = p.nya(rng, celler, cell, alder, dag, ar)
        _anstallningsvillkor(rng, celler, p, idx, hire_timme, hire_visstid)
        handelser.append(pd.DataFrame({
            "datum": dag, "person_id": _pid(idx), "typ": "anstallning",
            "namnd": celler["namnd"].to_numpy()[cell], "yrkeskategori": celler["yrkeskategori"].to_numpy()[cell],
            "motpart": "extern", "orsak": None}))
        bilder.append(_ogonblicksbild(p, celler, avdelningar, t1))

    anst = pd.concat(bilder, ignore_index=True)
    anst = anst.sort_values(["matdatum", "person_id"], kind="stable").reset_index(drop=True)
    anst = anst[[k.namn for k in ANSTALLNINGAR.kolumner]]
    hand = pd.concat(handelser, ignore_index=True)
    hand["datum"] = pd.to_datetime(hand["datum"])
    hand["orsak"] = hand["orsak"].where(hand["typ"] == "avgang")
    hand["_ordning"] = (hand["typ"] == "anstallning").astype(int)
    hand = (hand.sort_values(["datum", "person_id", "_ordning"], kind="stable")
            .drop(columns="_ordning").reset_index(drop=True))
    hand = hand[[k.namn for k in HANDELSER.kolumner]]
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
    (``underlag/<cykel>/<kortnamn>.xlsx``, :func:`kfanalys.underlag.arbetsbok.skriv_exempelunderlag`; same
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
        from kfanalys.underlag import arbetsbok as underlag

        underlag.skriv_exempelunderlag(mapp, seed=seed)
    return mapp
