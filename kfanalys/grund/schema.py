"""The input tables: their files, columns, types and allowed values (one vocabulary).

Column names are ASCII snake_case Swedish. Readers (:mod:`kfanalys.indata.register`) accept the same
names with Swedish letters and any capitalisation (``Födelseår`` -> ``fodelsear``).

Types: ``datum`` (pandas datetime64), ``text`` (str), ``heltal`` (int64), ``tal`` (float64),
``bool`` (accepts ja/nej, sant/falskt, true/false, 1/0, x/blank), ``kategori`` (one of
``varden``; matched case-insensitively and without Swedish letters, stored as given here).

What real HR exports write is accepted where the meaning is certain: ``alias`` are other
headers of a column (``AID-kod`` -> ``aid``), ``stavningar`` other spellings of a category
value (``Kvinna`` -> ``K``, ``månadsavlönad`` -> ``manad``), both compared after
:func:`kfanalys.grund.namn.normalisera`; ``tvetydiga`` are spellings that are rejected with
"write X or Y" because they could mean either (``F``, a single ``M`` in loneform).
``procent``: a number column in per cent whose values may come as fractions 0-1 (a column
whose every value is <= 1 is multiplied by 100). ``noll_om``: a blank cell is 0 when the
named column of the row has the given value (sysselsattningsgrad of a timavlönad).
``saknas_tips`` is added to the message of a missing required column.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Kolumn:
    namn: str
    typ: str  # datum, text, heltal, tal, bool, kategori
    kravs: bool = True
    varden: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    beskrivning: str = ""
    alias: tuple[str, ...] = ()
    stavningar: tuple[tuple[str, str], ...] = ()  # (spelling, value in ``varden``)
    tvetydiga: tuple[str, ...] = ()
    procent: bool = False
    noll_om: tuple[str, str] | None = None  # (column, value): blank here is 0 for such rows
    saknas_tips: str = ""


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

    def med_krav(self, namn: str, saknas_tips: str = "") -> Tabell:
        """This table with column ``namn`` required (and ``saknas_tips`` in its missing-column message)."""
        return replace(self, kolumner=tuple(replace(k, kravs=True, saknas_tips=saknas_tips) if k.namn == namn else k
                                            for k in self.kolumner))


KON_STAVNINGAR = (("kvinna", "K"), ("kvinnor", "K"), ("kvinnlig", "K"), ("man", "M"),
                  ("män", "M"), ("manlig", "M"))
ANSTALLNINGSFORM_STAVNINGAR = tuple((s, "tillsvidare") for s in (
    "tills vidare", "tillsvidareanställd", "tillsvidareanställning", "tillsvidare anställning",
    "tillsvidareanställda")) + tuple((s, "visstid") for s in (
    "visstidsanställd", "visstidsanställning", "tidsbegränsad", "tidsbegränsad anställning",
    "tidsbegränsat anställd", "allmän visstid", "allmän visstidsanställning", "särskild visstid",
    "särskild visstidsanställning", "vikariat", "vikarie"))
LONEFORM_STAVNINGAR = tuple((s, "manad") for s in (
    "månad", "mån", "månadslön", "månadsavlönad", "månadsavlönade", "månadsanställd", "månadsavlöning")) + tuple(
    (s, "timme") for s in ("tim", "timmar", "timlön", "timavlönad", "timavlönade", "timanställd",
                           "timanställning", "timavlöning"))


ANSTALLNINGAR = Tabell("anstallningar", (
    Kolumn("matdatum", "datum", beskrivning="mätdatum för ögonblicksbilden (t.ex. 2025-11-01)"),
    Kolumn("person_id", "text", beskrivning="pseudonym, aldrig personnummer"),
    Kolumn("namnd", "text"),
    Kolumn("forvaltning", "text"),
    Kolumn("avdelning", "text"),
    Kolumn("enhet", "text"),
    Kolumn("befattning", "text"),
    Kolumn("yrkeskategori", "text", kravs=False,
           beskrivning="krävs om inte befattningar.csv (befattning eller aid -> yrkeskategori) finns"),
    Kolumn("kon", "kategori", varden=("K", "M"), stavningar=KON_STAVNINGAR, tvetydiga=("f",)),
    Kolumn("fodelsear", "heltal", min=1900, max=2015),
    Kolumn("anstallningsform", "kategori", varden=("tillsvidare", "visstid"), stavningar=ANSTALLNINGSFORM_STAVNINGAR,
           tvetydiga=("t", "v", "tv")),
    Kolumn("loneform", "kategori", varden=("manad", "timme"), stavningar=LONEFORM_STAVNINGAR, tvetydiga=("m", "t")),
    Kolumn("sysselsattningsgrad", "tal", min=0, max=100, procent=True, noll_om=("loneform", "timme"),
           beskrivning="procent 0-100 (bråkform 0-1 räknas om); tom för timavlönade = 0"),
    Kolumn("chef", "bool"),
    Kolumn("chef_id", "text", kravs=False),
    Kolumn("anstallningsdatum", "datum", kravs=False),
    Kolumn("kompetensniva", "kategori", kravs=False, varden=("Viss", "God", "Hög", "Mycket hög")),
    Kolumn("aid", "text", kravs=False, alias=("aid_kod", "aid_etikett", "aidkod", "aid_nummer", "aid_nr"),
           beskrivning="AID-kod (t.ex. 207008), för befattningar.csv med kolumnen aid"),
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

BEFATTNINGAR = Tabell("befattningar", (
    Kolumn("befattning", "text", kravs=False),
    Kolumn("aid", "text", kravs=False, alias=("aid_kod", "aid_etikett", "aidkod", "aid_nummer", "aid_nr"),
           beskrivning="en AID-kod (207008) eller ett intervall (207008-207014)"),
    Kolumn("yrkeskategori", "text"),
), "vilken yrkeskategori en befattning eller AID-kod hör till (när anstallningar saknar yrkeskategori)")

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
