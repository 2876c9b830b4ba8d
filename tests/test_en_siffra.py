"""One number per fact (issue 13, point 4): a figure printed twice in a nämnd's report is the same figure.

The sections of :mod:`kfanalys.rapport.avsnitt` are rendered from :func:`~kfanalys.rapport.data.las_rapportdata`
of the computed Exempelkommun 2025, and every table is read back (caption, headings, rows):

- **headcounts**: a column of persons is headed by the population it counts, "Anställda" (every person
  once, nuläge) or "Månadsavlönade" (N: pension, framskrivning, gap, rekrytering); never a bare "Antal".
  The same heading for the same row (yrkeskategori or befattning) is the same number in every table, and
  it is the number of its table in ``data/processed``: nuläge's ``antal`` or pension's (= gap's) ``antal``;
- **turnover**: the summary's and the turnover section's sentences are the Totalt row of the turnover
  table; the risk motivation's rate is called "personalomsättning i prognosen" (never plain
  "personalomsättning", the label of the table's 12-month figure) and is the rate the prognosis uses:
  the group's own pooled rate excluding retirements, or, where the motivation says so, the kommun's for
  the yrkeskategori; the turnover section gives the nämnd's the same way. Where that rate would give back a
  departure count the turnover table hides, the motivation says it is not shown (disclosure rule 7), and the
  group the rate is from does have a hidden cell in the published turnover table.
"""

from __future__ import annotations

import html as htmlmod
import re
from collections import defaultdict

import pytest

from kfanalys.grund.rojandekontroll import DOLD_TEXT, DOLD_TEXT_SEKUNDAR, DOLT
from kfanalys.modell.risk import TAKT_DOLD
from kfanalys.grund.schema import HELA_KOMMUNEN, TOTALT
from kfanalys.grund.talformat import fmt_procent, fmt_tal
from kfanalys.rapport import avsnitt

S = "\u00a0"
NAMNDER = ["arbetsmarknad_social", "forskola", "vard_omsorg"]


@pytest.fixture(scope="module")
def berakning_2025(exempelmapp, tmp_path_factory):
    """The Exempelkommun 2025 computed once (in a temporary project root): (processed folder, raw tables)."""
    from kfanalys import berakning
    from kfanalys.berakning.lagring import las_resultat

    mp = pytest.MonkeyPatch()
    mp.setenv("KFANALYS_ROT", str(tmp_path_factory.mktemp("rot")))
    try:
        processed = berakning.berakna_och_spara(exempelmapp, 2025)
    finally:
        mp.undo()
    return processed, las_resultat(processed).tabeller


def _rapport(exempelmapp, processed, namnd):
    from kfanalys.rapport.data import las_rapportdata

    return las_rapportdata(namnd, 2025, exempelmapp, "bas", processed)


def _text(h) -> str:
    return htmlmod.unescape(re.sub(r"<[^>]+>", "", h.html if hasattr(h, "html") else h)).replace(S, " ")


def tabeller(h: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table of a piece of HTML: (caption, headings, rows of cell texts)."""
    ut = []
    for t in re.findall(r"<table.*?</table>", h, re.S):
        cap = re.search(r"<caption>(.*?)</caption>", t, re.S)
        rub = [_text(x).strip() for x in re.findall(r"<th[^>]*>(.*?)</th>", t, re.S)]
        rader = [[_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
                 for r in re.findall(r"<tr[^>]*>(.*?)</tr>", t, re.S)]
        ut.append((_text(cap.group(1)).strip() if cap else "", rub, [r for r in rader if r]))
    return ut


def hela_rapporten(r) -> str:
    return "\n".join(getattr(avsnitt, f)(r).html for f in avsnitt.__all__)


def personkolumner(h: str):
    """{(row dimension, row, population): {value: [captions]}} for every headcount column of the report."""
    ut = defaultdict(lambda: defaultdict(list))
    for cap, rub, rader in tabeller(h):
        for j, rubrik in enumerate(rub):
            pop = "Anställda" if rubrik == "Anställda" else (
                "Månadsavlönade" if re.fullmatch(r"Månadsavlönade( \d{4})?", rubrik) else None)
            if pop is None:
                continue
            for rad in rader:
                if len(rad) == len(rub):
                    ut[(rub[0], rad[0], pop)][rad[j]].append(cap)
    return ut


@pytest.mark.parametrize("kortnamn", NAMNDER)
def test_ett_antal_per_grupp_och_population(exempelmapp, berakning_2025, kortnamn):
    processed, _ = berakning_2025
    r = _rapport(exempelmapp, processed, kortnamn)
    h = hela_rapporten(r)
    # no group size under a heading that does not say whom it counts
    for cap, rub, _ in tabeller(h):
        assert "Antal" not in rub and not any(re.fullmatch(r"Antal \d{4}", x) for x in rub), (cap, rub)
    kol = personkolumner(h)
    assert kol, "inga personkolumner"
    for nyckel, varden in kol.items():
        assert len(varden) == 1, (nyckel, dict(varden))  # the same label is the same number everywhere
    # ... and it is the number of its own table: nuläge counts every person, pension (as gap) the månadsavlönade
    nl = r.tabell("nulage")
    gp = r.tabell("pension")
    jamforda = 0
    for (dim, grupp, pop), varden in kol.items():
        (varde,) = varden
        if varde == "–" or grupp == TOTALT:
            continue
        if pop == "Anställda":
            niva = {"Yrkeskategori": "yrkeskategori", "Befattning": "befattning"}[dim]
            rad = nl[(nl["niva"] == niva) & (nl["grupp"] == grupp)]
            assert varde == fmt_tal(rad["antal"].iat[0]).replace(S, " "), (grupp, varde)
        else:
            rad = gp[gp["yrkeskategori"] == grupp]
            assert varde == fmt_tal(rad["antal"].iat[0]).replace(S, " "), (grupp, varde)
        jamforda += 1
    assert jamforda >= 10
    # both populations appear for the same categories, and where they differ the labels differ (above)
    yrken = {g for (d, g, p) in kol if d == "Yrkeskategori" and p == "Anställda"}
    assert yrken & {g for (d, g, p) in kol if d == "Yrkeskategori" and p == "Månadsavlönade"}


def _pooled(oms, namnd: str, yrke: str) -> float:
    t = oms[(oms["namnd"] == namnd) & (oms["yrkeskategori"] == yrke)]
    return float((t["avgangar"] - t["avgangar_pension"]).sum() / t["medelantal"].sum())


def _pct(x: float) -> str:
    return fmt_procent(x).replace(S, " ")


@pytest.mark.parametrize("kortnamn", NAMNDER)
def test_personalomsattningen_ar_samma_i_sammanfattningen_tabellen_och_risken(exempelmapp, berakning_2025, kortnamn):
    processed, ra = berakning_2025
    r = _rapport(exempelmapp, processed, kortnamn)
    summa, floden, risk = (_text(f(r)) for f in (avsnitt.sammanfattning, avsnitt.floden, avsnitt.risk))
    (tab,) = [t for t in tabeller(avsnitt.floden(r).html) if t[0].startswith("Personalomsättning per yrkeskategori")]
    assert "månadsavlönade tillsvidareanställda" in tab[0]
    j = tab[1].index("Personalomsättning")
    per_yrke = {rad[0]: rad[j] for rad in tab[2]}
    # the 12-month figure: sentence of the section, the summary, the table's Totalt row
    m = re.search(r"Personalomsättningen de senaste 12 månaderna var ([\d,]+ %)", floden)
    assert m and m.group(1) == per_yrke[TOTALT]
    if s := re.search(r"Personalomsättningen de senaste 12 månaderna är ([\d,]+ %)", summa):
        assert s.group(1) == per_yrke[TOTALT]
        if hog := re.search(r"högst är den för (.+?) \(([\d,]+ %)\)", summa):
            assert per_yrke[hog.group(1)] == hog.group(2)
    # the rate of the prognosis: named so, and the pooled rate excluding retirements
    oms, takt_namnd = ra["omsattning"], None
    if p := re.search(r"personalomsättningen i prognosen: .*?\(för nämnden ([\d,]+ %)\)", floden):
        takt_namnd = p.group(1)
        assert takt_namnd == _pct(_pooled(oms, r.namn, TOTALT))
    kommun = _pct(_pooled(oms, HELA_KOMMUNEN, TOTALT))
    ri = r.tabell("risk")
    assert len(ri)
    for _, rad in ri.iterrows():
        mot = str(rad["motivering"]).replace(S, " ")
        if mot in (DOLD_TEXT.format(m=r.minsta), DOLD_TEXT_SEKUNDAR.format(m=r.minsta)):
            continue  # a hidden row's motivation quotes nothing
        assert not re.search(r"personalomsättning(?! i prognosen)", mot), mot
        if TAKT_DOLD in mot:  # rojandekontroll rule 7: the rate would give back a hidden departure count
            assert mot.startswith("Rekryteringsbehov ") and f"{TAKT_DOLD} mot kommunens {kommun}" in mot, mot
            # ... and the group the rate is from has a hidden cell in the published turnover table
            raa = ra["risk"]
            kalla_rad = raa[(raa["namnd"] == r.namn) & (raa["yrkeskategori"] == rad["yrkeskategori"])].iloc[0]
            pub = r.tabeller["omsattning"]
            dolda = pub.loc[(pub["namnd"] == kalla_rad["takt_namnd"])
                            & (pub["yrkeskategori"] == kalla_rad["takt_yrkeskategori"]), DOLT].fillna("")
            assert (dolda != "").any(), mot
            continue
        m = re.search(r"personalomsättning i prognosen ([\d,]+ %)( \((.+?)\))? mot kommunens ([\d,]+ %)", mot)
        assert m, mot
        assert m.group(4) == kommun
        kalla = m.group(3) or ""
        if not kalla:
            assert m.group(1) == _pct(_pooled(oms, r.namn, rad["yrkeskategori"])), mot
        elif kalla.startswith("kommunens för yrkeskategorin"):
            assert m.group(1) == _pct(_pooled(oms, HELA_KOMMUNEN, rad["yrkeskategori"])), mot
        elif kalla.startswith("nämndens för alla"):
            assert m.group(1) == _pct(_pooled(oms, r.namn, TOTALT)), mot
        # a rate that differs from the table's 12-month figure carries another label (checked above)
    assert "personalomsättning i prognosen" in risk
