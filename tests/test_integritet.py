"""Privacy of everything that leaves data/processed/, tried as an attacker would (issue 10).

A kommun built from the Exempelkommun with two small groups added: Revisionsnämnden with 6
persons (5 women, 1 man) and a yrkeskategori Dietist of 3 persons in Funktionsstödsnämnden.
The reports of those two nämnder, the kommun report, their workbooks and their workshop
workbooks are built; then every HTML table and every workbook sheet is parsed and attacked:

- no person count from 1 to 4 is printed (columns that count persons, by their heading);
- no hidden count can be recomputed from a total and the shown cells (the yrkeskategorier
  against the nämnd's Totalt row, the nämnder against Hela kommunen, the age bands against
  the number employed);
- no share gives back a small count (share × group size, and its complement);
- no person_id of the input and no birth year of a person in a small group is in any output.

The helpers read the rendered text, not kfanalys's tables: the test fails if the disclosure
rule (kfanalys.grund.rojandekontroll) is bypassed anywhere between the tables and the files.
"""

from __future__ import annotations

import csv
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.langsam

MINSTA = 5
STRECK = "\u2013"
# (person_id, kon, fodelsear) of the small groups; the years occur nowhere else in the reports
REVISION = [("R00001", "K", 1951), ("R00002", "K", 1953), ("R00003", "K", 1957), ("R00004", "K", 1959),
            ("R00005", "K", 1962), ("R00006", "M", 1964)]
DIETIST = [("D00001", "K", 1967), ("D00002", "K", 1973), ("D00003", "M", 1979)]
FODELSEAR = [str(a) for _, _, a in REVISION + DIETIST]

#: Headings of columns that count persons (kfanalys's own headings and the notebooks').
ANTALSRUBRIKER = re.compile(
    r"^(Anställda|Anställningar|Antal|Antal i dag|Antal \d{4}|Kvinnor|Män|-29 år|30-39 år|40-49 år|50-59 år|60- år|Avgångar|"
    r"Varav pension|Antal chefer|Antal medarbetare|Faktiskt antal|Faktiska rekryteringar|Senaste 12 månaderna|"
    r"12 månaderna dessförinnan|Medelantal|Tillsvidare|Heltid|Månadsavlönade)$")
ALDERSBAND = ["-29 år", "30-39 år", "40-49 år", "50-59 år", "60- år"]
TOTALRADER = {"Totalt", "Hela kommunen"}


# ----------------------------------------------------------------------------- the kommun

def _lagg_till_sma_grupper(mapp: Path) -> None:
    yaml = (mapp / "kommun.yaml").read_text(encoding="utf-8")
    yaml = yaml.replace("yrkeskategorier:\n", (
        "- namn: Revisionsnämnden\n  kortnamn: revision\n  forvaltning: Revisionskontoret\n"
        "  omrade: Exempelkommun\nyrkeskategorier:\n- namn: Revisor\n  drivare: {typ: fast}\n"
        "- namn: Dietist\n  drivare: {typ: total}\n"), 1)
    (mapp / "kommun.yaml").write_text(yaml, encoding="utf-8")
    fil = mapp / "anstallningar.csv"
    with fil.open(encoding="utf-8-sig", newline="") as f:
        rader = list(csv.reader(f, delimiter=";"))
    rubrik = rader[0]
    datum = sorted({r[rubrik.index("matdatum")] for r in rader[1:]})
    nya = []
    for d in datum:
        for grupp, namnd, forv, yrke in ((REVISION, "Revisionsnämnden", "Revisionskontoret", "Revisor"),
                                         (DIETIST, "Funktionsstödsnämnden", "Funktionsstödsförvaltningen", "Dietist")):
            for pid, kon, ar in grupp:
                v = {"matdatum": d, "person_id": pid, "namnd": namnd, "forvaltning": forv, "avdelning": "Stab",
                     "enhet": "Stab", "befattning": yrke, "yrkeskategori": yrke, "kon": kon, "fodelsear": str(ar),
                     "anstallningsform": "tillsvidare", "loneform": "manad", "sysselsattningsgrad": "100,0",
                     "chef": "nej", "chef_id": "", "anstallningsdatum": "2010-01-01", "kompetensniva": "God"}
                nya.append([v.get(k, "") for k in rubrik])
    with fil.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(nya)


@pytest.fixture(scope="module")
def utdata(tmp_path_factory):
    from kfanalys.exempel import kommun as exempel
    from kfanalys.rapport import batch as rapport
    from kfanalys.underlag import arbetsbok as underlag

    rot = tmp_path_factory.mktemp("rot")
    mapp = tmp_path_factory.mktemp("data") / "smakommun"
    exempel.skriv_exempelkommun(mapp, seed=2025)
    _lagg_till_sma_grupper(mapp)
    mp = pytest.MonkeyPatch()
    mp.setenv("KFANALYS_ROT", str(rot))
    try:
        kod = rapport.kor_batch(mapp, 2025, namnder=["revision", "funktionsstod"], jobb=2, visa_framsteg=False,
                                dokument=False)  # HTML and Excel; the PDF and Word draft are made from the HTML
        underlag.skriv_underlag_for_cykel(mapp, 2025, ["revision", "funktionsstod"])
    finally:
        mp.undo()
    filer = [p for p in rot.rglob("*") if p.is_file() and p.suffix in (".html", ".xlsx")
             and "_korda" not in p.parts]
    return mapp, rot, kod, filer


# ----------------------------------------------------------------------------- reading the outputs

class _Tabeller(HTMLParser):
    """Every <table> of a page as (caption, headings, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tabeller, self._t, self._cell, self._rad = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._t = {"caption": "", "rubriker": [], "rader": []}
        elif self._t is not None and tag in ("td", "th"):
            self._cell = []
        elif self._t is not None and tag == "tr":
            self._rad = []
        elif self._t is not None and tag == "caption":
            self._cell = []

    def handle_endtag(self, tag):
        if self._t is None:
            return
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell).replace("\xa0", " ").strip()
            (self._rad if self._rad is not None else []).append(text)
            self._cell = None
        elif tag == "caption" and self._cell is not None:
            self._t["caption"] = "".join(self._cell).strip()
            self._cell = None
        elif tag == "tr" and self._rad is not None:
            (self._t["rader"] if self._t["rubriker"] else self._t["rubriker"]).extend(
                [self._rad] if self._t["rubriker"] else self._rad)
            self._rad = None
        elif tag == "table":
            self.tabeller.append(self._t)
            self._t = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _html_tabeller(sokvag: Path) -> list[dict]:
    p = _Tabeller()
    p.feed(sokvag.read_text(encoding="utf-8"))
    return p.tabeller


def _tal(text) -> float | None:
    """A printed number (Swedish format) or None for '–', text and per cent."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    t = str(text).replace(" ", "").replace("\xa0", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", t):
        return None
    return float(t)


def _procent(text) -> float | None:
    m = re.fullmatch(r"([+-]?\d+(?:,\d+)?)\s*%", str(text).replace("\xa0", " ").strip())
    return float(m.group(1).replace(",", ".")) / 100 if m else None


def _dold(text) -> bool:
    return text is None or str(text).strip() in (STRECK, "")


def _blad(sokvag: Path) -> list[dict]:
    """Every table sheet of a report workbook (rapport.arbetsbok): caption in row 1, headings in row 2, data from
    row 3 until an empty row or the footnote; the sheet "Om arbetsboken" is text, not a table."""
    from openpyxl import load_workbook

    ut = []
    wb = load_workbook(sokvag, data_only=False)
    for ws in wb.worksheets:
        if ws.title == "Om arbetsboken":
            continue
        rader = [list(r) for r in ws.iter_rows(values_only=True)]
        if len(rader) < 2:
            continue
        rubriker = [str(v) if v is not None else "" for v in rader[1]]
        kropp = []
        for r in rader[2:]:
            if all(v is None for v in r):
                break
            kropp.append(r)
        ut.append({"caption": str(rader[0][0] or ws.title), "rubriker": rubriker, "rader": kropp})
    assert ut, f"{sokvag}: inga tabellblad"  # an empty list would let every attack pass unnoticed
    return ut


# ----------------------------------------------------------------------------- the attacks

def _angrepp(tabell: dict, var: str) -> list[str]:
    """Every way a count from 1 to MINSTA-1 can be read or recomputed from one table."""
    fel = []
    rubriker = tabell["rubriker"]
    rader = [r for r in tabell["rader"] if len(r) == len(rubriker)]
    antal = [j for j, h in enumerate(rubriker) if ANTALSRUBRIKER.match(h or "")]
    namn = f"{var}: {tabell['caption']!r}"
    # 1. printed small counts
    for r in rader:
        for j in antal:
            v = _tal(r[j])
            if v is not None and 0 < v < MINSTA - 1e-9 and rubriker[j] != "Medelantal":
                fel.append(f"{namn}: {rubriker[j]} = {r[j]} (rad {r[0]})")
    # 2. a hidden count from the total row and the other rows (per block of rows between totals)
    forsta = [str(r[0]) if r else "" for r in rader]
    totaler = [i for i, f in enumerate(forsta) if f in TOTALRADER or f == "Hela nämnden"]
    if totaler:
        for j in antal:
            t = rader[totaler[0]][j]
            tv = _tal(t)
            delar = [rader[i][j] for i in range(len(rader)) if i not in totaler]
            if tv is None or len(totaler) > 1:
                continue
            rest = tv - sum(_tal(d) or 0.0 for d in delar if not _dold(d))
            if 1e-9 < rest < MINSTA - 1e-9:
                fel.append(f"{namn}: {rubriker[j]}: totalen {t} minus de visade = {rest:g}")
    # 3. the age bands (and kvinnor + män) against the number employed in the row
    if "Anställda" in rubriker or "Antal" in rubriker:
        ja = rubriker.index("Anställda") if "Anställda" in rubriker else rubriker.index("Antal")
        for grupp in (ALDERSBAND, ["Kvinnor", "Män"]):
            jj = [rubriker.index(b) for b in grupp if b in rubriker]
            if len(jj) != len(grupp):
                continue
            for r in rader:
                n = _tal(r[ja])
                if n is None or not any(_dold(r[j]) for j in jj):
                    continue
                if any(_procent(r[j]) is not None for j in jj):
                    continue
                rest = n - sum(_tal(r[j]) or 0.0 for j in jj if not _dold(r[j]))
                if 1e-9 < rest < MINSTA - 1e-9:
                    fel.append(f"{namn}: rad {r[0]}: {r[ja]} minus {grupp} = {rest:g}")
    # 4. a share times its group
    grupp_j = next((rubriker.index(h) for h in ("Anställda", "Antal", "Medelantal") if h in rubriker), None)
    if grupp_j is not None:
        for r in rader:
            n = _tal(r[grupp_j])
            if not n:
                continue
            for j, h in enumerate(rubriker):
                p = _procent(r[j])
                if p is None or h.startswith("Andel inom 10") or "pension inom" in h.lower():
                    continue
                k = p * n
                if (0.5 < k < MINSTA - 0.5) or (0.5 < n - k < MINSTA - 0.5):
                    fel.append(f"{namn}: rad {r[0]}: {h} {r[j]} av {r[grupp_j]} ger {k:.1f}")
    return fel


# ----------------------------------------------------------------------------- the tests

def test_batchen_lyckas(utdata):
    _, rot, kod, filer = utdata
    assert kod == 0
    namn = {p.name for p in filer}
    assert {"revision.html", "funktionsstod.html", "kommunen.html", "revision.xlsx", "kommunen.xlsx"} <= namn


def test_inga_sma_antal_och_inget_kan_raknas_fram_i_html(utdata):
    _, _, _, filer = utdata
    fel = []
    antal_tabeller = 0
    for p in filer:
        if p.suffix == ".html" and p.name != "index.html":
            for t in _html_tabeller(p):
                antal_tabeller += 1
                fel += _angrepp(t, p.name)
    assert antal_tabeller > 30
    assert fel == []


def test_inga_sma_antal_och_inget_kan_raknas_fram_i_arbetsbockerna(utdata):
    _, _, _, filer = utdata
    fel = []
    for p in filer:
        if p.suffix == ".xlsx":
            for t in _blad(p):
                fel += _angrepp(t, p.name)
    assert fel == []


def test_arbetsbockerna_har_inga_tabeller_per_ar_och_person(utdata):
    from openpyxl import load_workbook

    _, _, _, filer = utdata
    for p in filer:
        if p.suffix == ".xlsx" and "underlag" not in p.parts:
            namn = " ".join(load_workbook(p, read_only=True).sheetnames)
            for intern in ("pension_per_ar", "rekrytering_per_ar", "rekrytering_intervall_pe", "backtest_per_grupp"):
                assert intern not in namn, f"{p.name}: bladet {intern}"


def test_revisionen_med_sex_anstallda_visar_inte_andelen_man(utdata):
    _, rot, _, _ = utdata
    text = (rot / "reports" / "2025" / "revision.html").read_text(encoding="utf-8").replace("\xa0", " ")
    text = re.sub(r'src="data:[^"]*"', "", text)
    assert "Revisionsnämnden" in text
    for andel in ("16,7 %", "83,3 %"):  # 1 of 6 and 5 of 6
        assert andel not in text


def test_kommunens_nulage_ger_inte_tillbaka_revisionens_man(utdata):
    _, rot, _, _ = utdata
    tabeller = _html_tabeller(rot / "reports" / "2025" / "kommunen.html")
    med_man = [t for t in tabeller if "Män" in t["rubriker"] and any(r and r[0] == "Revisionsnämnden"
                                                                       for r in t["rader"])]
    for t in med_man:
        jm = t["rubriker"].index("Män")
        rad = next(r for r in t["rader"] if r[0] == "Revisionsnämnden")
        assert _dold(rad[jm]) or _procent(rad[jm]) is None and (_tal(rad[jm]) or 0) == 0


def _texter(p: Path) -> str:
    if p.suffix == ".html":
        return re.sub(r'src="data:[^"]*"', "", p.read_text(encoding="utf-8"))
    with zipfile.ZipFile(p) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_inga_person_id_eller_fodelsear_i_nagon_utdata(utdata):
    mapp, _, _, filer = utdata
    with (mapp / "anstallningar.csv").open(encoding="utf-8-sig", newline="") as f:
        ider = {r["person_id"] for r in csv.DictReader(f, delimiter=";")}
    monster = re.compile(r"\b[A-Z]\d{5,6}\b")
    for p in filer:
        text = _texter(p)
        traffar = set(monster.findall(text)) & ider
        assert not traffar, f"{p.name}: person_id {sorted(traffar)[:3]}"
        for ar in FODELSEAR:
            # a decimal such as 1951.03 (a projected need in a workbook cell) is not a year
            assert not re.search(rf"(?<![\d.]){ar}(?![\d]|\.\d)", text), f"{p.name}: födelseåret {ar}"
