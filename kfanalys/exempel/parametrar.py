"""What the Exempelkommun is made of: its nämnder and avdelningar, yrkeskategorier with their
sizes and rates, demand drivers, moves between categories and nämnder, and the enhet names.

All invented (loosely after the seeds' Stockholm, Malmö and Hässelby-Vällingby figures); read by
:mod:`kfanalys.exempel.personal` (the staff simulation) and :mod:`kfanalys.exempel.kommun`
(kommun.yaml, the population forecast, the data folder).
"""

from __future__ import annotations

import numpy as np

KOMMUN = "Exempelkommun"
MARKOR = ".kfanalys-exempel"
MATAR = tuple(range(2021, 2026))  # snapshots 1 November of these years
PROGNOSAR = tuple(range(2021, 2036))
INVANARE_2021 = 148_000
FILER = ("kommun.yaml", "anstallningar.csv", "handelser.csv", "befolkningsprognos.csv",
         "befolkningsprognos_omraden.xlsx", "befolkningsprognos_lag.csv")
# nämnder whose demand follows their own area of the kommun's forecast (kommun.yaml omrade);
# the others follow the whole kommun (omrade KOMMUN)
OMRADEN = {"forskola": "Norra staden"}

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

TIMME_AVGANG = 0.45        # yearly departure probability of timavlönade
VISSTID_FAKTOR = 1.5       # visstid leave more often
VISSTID_TILL_TILLSVIDARE = 0.30  # yearly conversion of månadsavlönade visstid
DELTIDSGRADER = np.array([50.0, 60.0, 75.0, 80.0, 87.5, 90.0, 95.0])
