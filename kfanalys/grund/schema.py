"""The input tables: their files, columns, types and allowed values (one vocabulary).

Column names are ASCII snake_case Swedish. Readers (:mod:`kfanalys.indata.register`) accept the same
names with Swedish letters and any capitalisation (``Födelseår`` -> ``fodelsear``).

Types: ``datum`` (pandas datetime64), ``text`` (str), ``heltal`` (int64), ``tal`` (float64),
``bool`` (accepts ja/nej, sant/falskt, true/false, 1/0, x/blank), ``kategori`` (one of
``varden``; matched case-insensitively and without Swedish letters, stored as given here).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kolumn:
    namn: str
    typ: str  # datum, text, heltal, tal, bool, kategori
    kravs: bool = True
    varden: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    beskrivning: str = ""


@dataclass(frozen=True)
class Tabell:
    namn: str  # file stem: anstallningar -> anstallningar.csv or anstallningar.xlsx
    kolumner: tuple[Kolumn, ...]
    beskrivning: str = ""

    @property
    def kravda(self) -> list[str]:
        return [k.namn for k in self.kolumner if k.kravs]

    def kolumn(self, namn: str) -> Kolumn:
        return next(k for k in self.kolumner if k.namn == namn)


ANSTALLNINGAR = Tabell("anstallningar", (
    Kolumn("matdatum", "datum", beskrivning="mätdatum för ögonblicksbilden (t.ex. 2025-11-01)"),
    Kolumn("person_id", "text", beskrivning="pseudonym, aldrig personnummer"),
    Kolumn("namnd", "text"),
    Kolumn("forvaltning", "text"),
    Kolumn("avdelning", "text"),
    Kolumn("enhet", "text"),
    Kolumn("befattning", "text"),
    Kolumn("yrkeskategori", "text"),
    Kolumn("kon", "kategori", varden=("K", "M")),
    Kolumn("fodelsear", "heltal", min=1900, max=2015),
    Kolumn("anstallningsform", "kategori", varden=("tillsvidare", "visstid")),
    Kolumn("loneform", "kategori", varden=("manad", "timme")),
    Kolumn("sysselsattningsgrad", "tal", min=0, max=100),
    Kolumn("chef", "bool"),
    Kolumn("chef_id", "text", kravs=False),
    Kolumn("anstallningsdatum", "datum", kravs=False),
    Kolumn("kompetensniva", "kategori", kravs=False, varden=("Viss", "God", "Hög", "Mycket hög")),
), "en anställning vid ett mätdatum; flera årliga ögonblicksbilder staplade")

HANDELSER = Tabell("handelser", (
    Kolumn("datum", "datum"),
    Kolumn("person_id", "text"),
    Kolumn("typ", "kategori", varden=("anstallning", "avgang")),
    Kolumn("namnd", "text"),
    Kolumn("yrkeskategori", "text"),
    Kolumn("motpart", "kategori", varden=("inom_forvaltning", "annan_forvaltning", "extern")),
    Kolumn("orsak", "kategori", kravs=False, varden=("pension", "egen_begaran", "ovrigt")),
), "en rekrytering (typ=anstallning) eller en avgång (typ=avgang)")

BEFOLKNINGSPROGNOS = Tabell("befolkningsprognos", (
    Kolumn("omrade", "text"),
    Kolumn("ar", "heltal", min=1900, max=2200),
    Kolumn("alder", "heltal", min=0, max=100, beskrivning="0..100, där 100 betyder 100 år och äldre"),
    Kolumn("antal", "tal", min=0),
    Kolumn("kon", "kategori", kravs=False, varden=("K", "M")),
), "befolkningen i en ålder ett år i ett område")

TABELLER = {t.namn: t for t in (ANSTALLNINGAR, HANDELSER, BEFOLKNINGSPROGNOS)}

KOMPETENSNIVAER = ("Viss", "God", "Hög", "Mycket hög")
BEDOMNINGAR = ("mycket mindre", "mindre", "samma", "mer", "mycket mer")
KONSEKVENSER = ("inte allvarlig", "mindre allvarlig", "allvarlig")
SANNOLIKHETER = ("låg", "medel", "hög")
UBARA = ("Utveckla", "Behålla", "Attrahera", "Rekrytera", "Introducera", "Avsluta")
STATUSAR = ("ej påbörjad", "pågår", "genomförd", "avbruten")
ALDERSGRUPPER = ("-29", "30-39", "40-49", "50-59", "60-")

# Labels for totals in computed tables (one vocabulary from table to report heading).
HELA_KOMMUNEN = "Hela kommunen"  # namnd value of kommun-wide rows
TOTALT = "Totalt"  # yrkeskategori/grupp value of a nämnd's total row
