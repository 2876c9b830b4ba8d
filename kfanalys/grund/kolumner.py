"""The registry of published columns: for every column of a computed table, what it is.

One place knows, for every column that can leave ``data/processed/`` (HTML, Excel, the
workshop workbooks), its Swedish heading, its format and its *slag* (kind), which is what the
disclosure rule (:mod:`kfanalys.grund.rojandekontroll`) acts on:

- ``nyckel``: identifies the row (år, horisont, riktmärke); never suppressed;
- ``text``: a text column (names, judgements); not a figure;
- ``personantal``: a count of persons (kvinnor, män, avgångar, an age band); additive;
- ``gruppstorlek``: the size in persons of the group the row describes (antal, medelantal);
  every figure of the row is computed from this group;
- ``andel``: a share or rate of a group (fraction 0-1);
- ``harledd``: any other figure computed from the group (a mean, an expected value, a
  projection, a ratio).

An unknown numeric column is treated as ``harledd`` (suppressed with its group): the safe default.

>>> slag("kvinnor"), slag("andel_man"), slag("alder_30_39"), slag("ny_kolumn")
('personantal', 'andel', 'personantal', 'harledd')
>>> rubrik("omsattning_exkl_pension")
'Personalomsättning exkl. pension'
"""

from __future__ import annotations

from dataclasses import dataclass

NYCKEL, TEXT, PERSONANTAL, GRUPPSTORLEK, ANDEL, HARLEDD = (
    "nyckel", "text", "personantal", "gruppstorlek", "andel", "harledd")
SLAG = (NYCKEL, TEXT, PERSONANTAL, GRUPPSTORLEK, ANDEL, HARLEDD)


@dataclass(frozen=True)
class Kolumn:
    """One published column: Swedish heading, format (see :data:`kfanalys.grund.talformat.FORMAT`) and kind."""

    rubrik: str
    format: str
    slag: str


def _k(rubrik: str, format: str, slag_: str) -> Kolumn:
    return Kolumn(rubrik, format, slag_)


#: Every column of the computed tables that a report or workbook may show.
KOLUMNER: dict[str, Kolumn] = {
    # keys and texts
    "namnd": _k("Nämnd", "text", TEXT), "yrkeskategori": _k("Yrkeskategori", "text", TEXT),
    "befattning": _k("Befattning", "text", TEXT), "grupp": _k("Grupp", "text", TEXT),
    "niva": _k("Nivå", "text", TEXT), "kon": _k("Kön", "text", TEXT), "aldersgrupp": _k("Åldersgrupp", "text", TEXT),
    "period": _k("Period", "text", TEXT), "period_fran": _k("Från", "datum", NYCKEL),
    "period_till": _k("Till", "datum", NYCKEL), "typ": _k("Typ", "text", TEXT), "motpart": _k("Motpart", "text", TEXT),
    "ar": _k("År", "text", NYCKEL), "horisont": _k("Horisont (år)", "tal", NYCKEL), "cykel": _k("Cykel", "text", NYCKEL),
    "riktmarke": _k("Riktmärke", "tal", NYCKEL), "drivare": _k("Drivare", "text", TEXT),
    "bedomning": _k("Bedömning", "text", TEXT), "konsekvens": _k("Konsekvens", "text", TEXT),
    "sannolikhet": _k("Sannolikhet", "text", TEXT), "motivering": _k("Motivering", "text", TEXT),
    "motivering_utan_takt": _k("Motivering utan personalomsättning", "text", TEXT),
    "takt_namnd": _k("Personalomsättningens nämnd", "text", TEXT),
    "takt_yrkeskategori": _k("Personalomsättningens yrkeskategori", "text", TEXT),
    "kalla": _k("Källa", "text", TEXT), "foregaende_konsekvens": _k("Konsekvens föregående", "text", TEXT),
    "foregaende_sannolikhet": _k("Sannolikhet föregående", "text", TEXT),
    "foreslagen_konsekvens": _k("Föreslagen konsekvens", "text", TEXT),
    "foreslagen_sannolikhet": _k("Föreslagen sannolikhet", "text", TEXT),
    "omrade": _k("Område (UBARA)", "text", TEXT), "aktivitet": _k("Aktivitet", "text", TEXT),
    "behov_text": _k("Behov", "text", TEXT), "maldatum": _k("Måldatum", "datum", NYCKEL),
    "ansvarig": _k("Ansvarig", "text", TEXT), "status": _k("Status", "text", TEXT), "skal": _k("Skäl", "text", TEXT),
    "scenario": _k("Scenario", "text", TEXT), "fraga": _k("Fråga", "text", TEXT), "svar": _k("Svar", "text", TEXT),
    "stycke": _k("Stycke", "tal", NYCKEL), "text": _k("Text", "text", TEXT),
    "antal_korningar": _k("Antal simuleringar", "tal", NYCKEL), "seed": _k("Slumpfrö", "text", NYCKEL),
    "drivare_antal": _k("Drivarpopulation", "tal", NYCKEL), "drivare_index": _k("Drivarindex", "tal1", NYCKEL),
    # group sizes
    "antal": _k("Antal", "tal", GRUPPSTORLEK), "medelantal": _k("Medelantal", "tal1", GRUPPSTORLEK),
    "antal_chefer": _k("Antal chefer", "tal", GRUPPSTORLEK),
    "manadsavlonade": _k("Månadsavlönade", "tal", GRUPPSTORLEK),
    # the same group sizes under a name whose heading says which population a report table counts
    "antal_anstallda": _k("Anställda", "tal", GRUPPSTORLEK),  # every person once (nuläge)
    "antal_manadsavlonade": _k("Månadsavlönade", "tal", GRUPPSTORLEK),  # N: pension, framskrivning, gap
    "antal_analyserade": _k("Anställda i de analyserade", "tal", GRUPPSTORLEK),
    "kategorier": _k("Yrkeskategorier", "tal", NYCKEL), "kategorier_analyserade": _k("Analyserade", "tal", NYCKEL),
    "antal_grupper": _k("Yrkeskategorier", "tal", NYCKEL),
    # person counts
    "kvinnor": _k("Kvinnor", "tal", PERSONANTAL), "man": _k("Män", "tal", PERSONANTAL),
    "anstallningar": _k("Anställningar", "tal", PERSONANTAL),  # employments (a person may have several)
    "tillsvidare": _k("Tillsvidare", "tal", PERSONANTAL), "heltid": _k("Heltid", "tal", PERSONANTAL),
    "alder_29": _k("-29 år", "tal", PERSONANTAL), "alder_30_39": _k("30-39 år", "tal", PERSONANTAL),
    "alder_40_49": _k("40-49 år", "tal", PERSONANTAL), "alder_50_59": _k("50-59 år", "tal", PERSONANTAL),
    "alder_60": _k("60- år", "tal", PERSONANTAL), "antal_medarbetare": _k("Antal medarbetare", "tal", PERSONANTAL),
    "avgangar": _k("Avgångar", "tal", PERSONANTAL), "avgangar_pension": _k("Varav pension", "tal", PERSONANTAL),
    "faktiskt_antal": _k("Faktiskt antal", "tal", GRUPPSTORLEK),
    "faktiska_rekryteringar": _k("Faktiska rekryteringar", "tal", PERSONANTAL),
    "chefer_over_riktmarke": _k("Chefer över riktmärket", "tal", PERSONANTAL),
    # shares and rates
    "andel": _k("Andel", "procent", ANDEL), "andel_kvinnor": _k("Andel kvinnor", "procent", ANDEL),
    "andel_man": _k("Andel män", "procent", ANDEL), "andel_tillsvidare": _k("Andel tillsvidare", "procent", ANDEL),
    "andel_heltid": _k("Andel heltid", "procent", ANDEL),
    "andel_chefer_over_riktmarke": _k("Andel chefer över riktmärket", "procent", ANDEL),
    "omsattning": _k("Personalomsättning", "procent", ANDEL),
    "omsattning_exkl_pension": _k("Personalomsättning exkl. pension", "procent", ANDEL),
    "andel_inom_10": _k("Andel pension inom 10 år", "procent", ANDEL),
    # figures derived from a group
    "arsarbetare": _k("Årsarbetare", "tal", HARLEDD), "medelalder": _k("Medelålder", "tal1", HARLEDD),
    "medarbetare_per_chef": _k("Medarbetare per chef", "tal1", HARLEDD),
    "inom_2": _k("Pension inom 2 år", "tal1", HARLEDD), "inom_5": _k("Pension inom 5 år", "tal1", HARLEDD),
    "inom_10": _k("Pension inom 10 år", "tal1", HARLEDD), "forvantade": _k("Förväntade pensionsavgångar", "tal1", HARLEDD),
    "behov": _k("Behov", "tal", HARLEDD), "behov_arsarbetare": _k("Behov årsarbetare", "tal", HARLEDD),
    "gap": _k("Gap", "gap", HARLEDD), "bedomt_behov": _k("Bedömt behov", "tal", HARLEDD),
    "bedomt_behov_lag": _k("Bedömt behov, lägst", "tal", HARLEDD),
    "bedomt_behov_hog": _k("Bedömt behov, högst", "tal", HARLEDD),
    "procentenheter": _k("Procentenheter", "pe", HARLEDD), "personer": _k("Personer", "gap", HARLEDD),
    "expansion": _k("Rekryteringsbehov expansion", "tal", HARLEDD),
    "ersattning_omsattning": _k("Rekryteringsbehov personalomsättning", "tal", HARLEDD),
    "ersattning_pension": _k("Rekryteringsbehov pension", "tal", HARLEDD),
    "totalt": _k("Totalt rekryteringsbehov", "tal", HARLEDD), "kvar": _k("Kvar", "tal", HARLEDD),
    "pension": _k("Pension", "tal1", HARLEDD), "rekryteringar": _k("Rekryteringar", "tal", HARLEDD),
    "prognos_behov": _k("Prognos behov", "tal", HARLEDD), "prognos_antal": _k("Prognos antal", "tal", HARLEDD),
    "prognos_rekryteringar": _k("Prognos rekryteringar", "tal", HARLEDD),
    "median": _k("Mittvärde", "tal", HARLEDD), "lag": _k("Lägst (80 %)", "tal", HARLEDD),
    "hog": _k("Högst (80 %)", "tal", HARLEDD), "medel": _k("Medelvärde", "tal1", HARLEDD),
    "dagens_kvar_median": _k("Kvar av dagens, mittvärde", "tal", HARLEDD),
    "dagens_kvar_medel": _k("Kvar av dagens, medelvärde", "tal1", HARLEDD),
    "rekryteringar_median": _k("Rekryteringar, mittvärde", "tal", HARLEDD),
    "rekryteringar_medel": _k("Rekryteringar, medelvärde", "tal1", HARLEDD),
    "rekryteringar_lag": _k("Rekryteringar, lägst (80 %)", "tal", HARLEDD),
    "rekryteringar_hog": _k("Rekryteringar, högst (80 %)", "tal", HARLEDD),
    "inom_intervall": _k("Inom 80 %-intervallet", "text", HARLEDD),
    # the backtest (a forecast of an earlier cycle against the outcome)
    "mape_antal": _k("Fel i antal anställda", "procent", HARLEDD),
    "mape_rekryteringar": _k("Fel i antal rekryteringar", "procent", HARLEDD),
    "andel_inom_intervall": _k("Andel inom 80 %-intervallet", "procent", ANDEL),
    "andel_inom_intervall_lag": _k("Inom 80 %-intervallet, lägst (95 %)", "procent", ANDEL),
    "andel_inom_intervall_hog": _k("Inom 80 %-intervallet, högst (95 %)", "procent", ANDEL),
    "antal_ursprung": _k("Prövade prognoser", "tal", NYCKEL),
    "fran_cykel": _k("Prognos från", "text", NYCKEL),
    "tackning": _k("Inom 80 %-intervallet, av 100 (95 % osäkerhet)", "text", TEXT),
    "jamforelser_antal": _k("Jämförelser, antal anställda", "tal", NYCKEL),
    "jamforelser_rekryteringar": _k("Jämförelser, rekryteringar", "tal", NYCKEL),
    "jamforelser_intervall": _k("Jämförelser, intervall", "tal", NYCKEL),
    # workshop texts and the plan's follow-up
    "faktorer": _k("Faktorer", "text", TEXT),
    "maldatum_foregaende": _k("Måldatum enligt planen", "datum", NYCKEL),
    "status_foregaende": _k("Status föregående", "text", TEXT), "ursprung": _k("Ny eller kvar", "text", TEXT),
    # report tables reshaped from the computed ones (rapport.avsnitt)
    "flode": _k("Flöde", "text", TEXT), "senaste_12": _k("Senaste 12 månaderna", "tal", PERSONANTAL),
    "foregaende_12": _k("12 månaderna dessförinnan", "tal", PERSONANTAL),
}


def slag(kolumn: str) -> str:
    """The kind of a column (see the module docstring); an age band ``alder_*`` is a person count."""
    k = KOLUMNER.get(str(kolumn))
    if k is not None:
        return k.slag
    if str(kolumn).startswith("alder_"):
        return PERSONANTAL
    return HARLEDD


def hitta(namn: str) -> Kolumn | None:
    """The registry entry of a column; a column made by suffixing a registered one (``behov_5``,
    ``procentenheter_Viss``: a table reshaped per horizon or level) has the entry of that one.

    >>> hitta("behov_5").format, hitta("procentenheter_Mycket hög").format, hitta("okand")
    ('tal', 'pe', None)
    """
    namn = str(namn)
    while True:
        k = KOLUMNER.get(namn)
        if k is not None or "_" not in namn:
            return k
        namn = namn.rsplit("_", 1)[0]


def rubrik(kolumn: str) -> str:
    """The Swedish heading of a column; an unknown column gets its name with spaces."""
    k = KOLUMNER.get(str(kolumn))
    return k.rubrik if k is not None else str(kolumn).replace("_", " ").capitalize()


def ar_antal(kolumn: str) -> bool:
    """True for a column that counts persons (a person count or a group size)."""
    return slag(kolumn) in (PERSONANTAL, GRUPPSTORLEK)
