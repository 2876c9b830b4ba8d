"""The report sections (kfanalys.rapport.avsnitt): each prints the numbers of the table it comes from.

Each test builds a small set of computed tables by hand, passes them through the disclosure rule
(:func:`kfanalys.grund.rojandekontroll.publicera`, as :func:`~kfanalys.rapport.data.las_rapportdata`
does) and asserts that the section prints exactly the table's figure, formatted, and that a hidden
figure is written "färre än 5" or left out. The values of the columns differ from each other, so a
section that printed another column fails. The last tests render every section of the computed
Exempelkommun and check that a figure printed twice is the same both times.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from kfanalys.grund.rojandekontroll import beskrivning, publicera
from kfanalys.grund.talformat import fmt_pe, fmt_procent, fmt_tal
from kfanalys.indata.konfig import Antaganden, Konfig, Namnd, Scenario, Yrkeskategori
from kfanalys.rapport import avsnitt, avsnitt_kommun
from kfanalys.rapport.data import Rapportdata

N, HK, T = "Förskolenämnden", "Hela kommunen", "Totalt"
FL, BS = "Förskollärare", "Barnskötare"
S = "\u00a0"
META = {"basdatum": "2025-11-01", "foregaende_cykel": 2023, "simulering": {"antal_korningar": 1000, "seed": 2025}}


def _konfig(**kw) -> Konfig:
    namnder = (Namnd(N, "forskola", "Förskoleförvaltningen", "Testkommun"),
               Namnd("Grundskolenämnden", "grundskola", "Grundskoleförvaltningen", "Testkommun"))
    return Konfig("Testkommun", namnder, {FL: Yrkeskategori(FL), BS: Yrkeskategori(BS)}, Antaganden(), **kw)


def rapport(namnd: str | None = "forskola", meta: dict | None = None, konfig: Konfig | None = None,
            **tabeller) -> Rapportdata:
    """A Rapportdata of hand-made tables, published as las_rapportdata publishes them."""
    k = konfig or _konfig()
    return Rapportdata(k, k.namnd(namnd) if namnd else None, publicera(tabeller, 5), {**META, **(meta or {})},
                       Path("."), 2025)


def text(h) -> str:
    """The HTML of a section with no-break spaces as spaces."""
    return h.html.replace(S, " ")


def celler(html: str, forsta: str) -> list[str]:
    """The cells of the first table row whose first cell is ``forsta``."""
    for rad in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        c = re.findall(r"<td[^>]*>([^<]*)</td>", rad)
        if c and c[0] == forsta:
            return c
    raise AssertionError(f"ingen rad {forsta!r}")


def tab(html: str, bildtext: str) -> str:
    """The HTML of the table whose caption begins with this text (up to the end of its table)."""
    return html.split(f"<caption>{bildtext}")[1].split("</table>")[0]


# --------------------------------------------------------------------------- the tables

ALDER = ["alder_29", "alder_30_39", "alder_40_49", "alder_50_59", "alder_60"]


def _nulage_rad(namnd, niva, grupp, antal, ars, k, m, tv, manad, heltid, alder, band) -> dict:
    return {"namnd": namnd, "niva": niva, "grupp": grupp, "antal": antal, "arsarbetare": ars, "kvinnor": k,
            "man": m, "andel_kvinnor": k / antal, "andel_man": m / antal, "tillsvidare": tv,
            "andel_tillsvidare": tv / antal, "manadsavlonade": manad, "heltid": heltid,
            "andel_heltid": heltid / manad, "medelalder": alder, **dict(zip(ALDER, band))}


def nulage_tabell() -> pd.DataFrame:
    rader = [_nulage_rad(N, "namnd", T, 1084, 1012.4, 900, 184, 950, 1000, 884, 44.25, [100, 250, 300, 284, 150]),
             _nulage_rad(N, "yrkeskategori", FL, 604, 580.0, 560, 44, 550, 590, 500, 45.1, [50, 150, 180, 150, 74]),
             _nulage_rad(N, "yrkeskategori", BS, 480, 432.4, 340, 140, 400, 410, 384, 43.1, [50, 100, 120, 134, 76]),
             _nulage_rad(N, "befattning", FL, 604, 580.0, 560, 44, 550, 590, 500, 45.1, [50, 150, 180, 150, 74]),
             _nulage_rad(N, "befattning", BS, 480, 432.4, 340, 140, 400, 410, 384, 43.1, [50, 100, 120, 134, 76]),
             _nulage_rad(HK, "namnd", T, 5000, 4700.0, 4000, 1000, 4500, 4800, 4368, 45.0, [500, 1000, 1500, 1200, 800])]
    return pd.DataFrame(rader)


def aldersstruktur(namnd: str = N) -> pd.DataFrame:
    return pd.DataFrame({"namnd": namnd, "kon": ["K", "K", "M", "M"], "aldersgrupp": ["-24", "25-29"] * 2,
                         "antal": [400, 500, 90, 94]})


def chefer(antal_chefer=36, per_chef=30.11, over=0.4444) -> pd.DataFrame:
    return pd.DataFrame({"namnd": [N], "antal_chefer": [antal_chefer], "antal_medarbetare": [1084],
                         "medarbetare_per_chef": [per_chef], "andel_chefer_over_riktmarke": [over], "riktmarke": [30]})


# --------------------------------------------------------------------------- titel, sammanfattning

def test_titel_namnd_forvaltning_basdatum_och_horisonter():
    k = _konfig()
    k = Konfig(k.kommun, (Namnd("<b>Nämnd</b>", "forskola", "Förvaltning & co", "x"),), k.yrkeskategorier)
    h = text(avsnitt.titel(rapport(konfig=k)))
    assert h.startswith("<h1>Kompetensförsörjning 2025: &lt;b&gt;Nämnd&lt;/b&gt;</h1>")
    assert "Förvaltning &amp; co, Testkommun. Nuläget avser 2025-11-01; prognoserna gäller 2 och 5 år framåt." in h


def test_sammanfattning_ar_sammanfattningens_punkter():
    from kfanalys.rapport.sammanfattning import punkter

    r = rapport(nulage=nulage_tabell())
    h = text(avsnitt.sammanfattning(r))
    forsta_punkt = "Nämnden har 1 084 medarbetare (1 012 årsarbetare); 83,0 % är kvinnor."
    assert punkter(r.tabeller, N, r.konfig)[0].replace(S, " ") == forsta_punkt
    assert "<li>Nämnden har 1 084 medarbetare (1 012 årsarbetare); 83,0 % är kvinnor.</li>" in h


# --------------------------------------------------------------------------- nuläge

def test_nulage_skriver_namndens_tal():
    r = rapport(nulage=nulage_tabell(), aldersstruktur=aldersstruktur(), chefer=chefer())
    h = text(avsnitt.nulage(r))
    assert ("<p>Nämnden hade <strong>1 084 anställda</strong> och <strong>1 012 årsarbetare</strong>. Andelen kvinnor "
            "var 83,0 % och andelen män 17,0 %. 87,6 % var tillsvidareanställda. Andelen heltidsanställda var "
            "<strong>88,4 %</strong> mot målet 90 % (kommunen 91,0 %). Medelåldern var 44,3 år.</p>") in h
    # the table per yrkeskategori: antal, årsarbetare, shares of women, tillsvidare, heltid, mean age
    assert celler(tab(h, "Anställda per yrkeskategori, 2025-11-01"), FL) == [
        FL, "604", "580", "92,7 %", "91,1 %", "84,7 %", "45,1"]
    assert celler(tab(h, "Anställda per yrkeskategori och åldersgrupp"), BS) == [BS, "480", "50", "100", "120", "134", "76"]
    assert celler(tab(h, "De tio största befattningarna"), FL)[:4] == [FL, "604", "92,7 %", "45,1"]
    # every table says whom it counts: every person once, under the heading Anställda
    assert "<caption>Anställda per yrkeskategori, 2025-11-01 (alla anställda, varje person en gång)</caption>" in h
    assert "<caption>De tio största befattningarna (alla anställda, varje person en gång)</caption>" in h
    for t in re.findall(r"<table.*?</table>", h, re.S):
        rub = re.findall(r"<th[^>]*>([^<]*)</th>", t)
        assert "Antal" not in rub and ("Anställda" in rub or "Kvinnor" in rub), rub
    assert ("Nämnden har 36 chefer med i genomsnitt <strong>30,1 medarbetare per chef</strong> (riktmärke 30). "
            "44,4 % av cheferna har fler medarbetare än riktmärket.") in h
    for rubrik in ("Åldersstruktur", "Chefer", "De tio största befattningarna"):
        assert f"<h3>{rubrik}</h3>" in h


def test_nulage_liten_namnd_far_farre_an_och_inga_sma_andelar():
    """Six staff, one man: the shares of women and men are not shown (1 of 6); three chefs: "färre än 5"."""
    rad = _nulage_rad(N, "namnd", T, 6, 5.8, 5, 1, 6, 6, 6, 60.5, [0, 0, 0, 0, 6])
    r = rapport(nulage=pd.DataFrame([rad]), aldersstruktur=aldersstruktur().iloc[0:0],
                chefer=chefer(antal_chefer=3, per_chef=18.0, over=0.3333))
    h = text(avsnitt.nulage(r))
    assert "Nämnden hade <strong>6 anställda</strong> och <strong>6 årsarbetare</strong>." in h
    assert "Andelen kvinnor och män redovisas inte av integritetsskäl." in h
    assert "16,7 %" not in h and "83,3 %" not in h
    assert "<p>Nämnden har färre än 5 chefer; antalet medarbetare per chef redovisas inte.</p>" in h
    assert "18,0" not in h and "33,3" not in h
    assert not re.search(r"<p>[^<]*[^=] – [^<]*</p>", h)  # no dash in a sentence


def test_nulage_inga_chefer():
    r = rapport(nulage=nulage_tabell(), chefer=chefer(antal_chefer=0, per_chef=float("nan"), over=float("nan")))
    assert "<p>Nämnden har inga chefer enligt underlaget.</p>" in text(avsnitt.nulage(r))


def test_nulage_dold_grupp_ar_farre_an_och_resten_utelamnas():
    rad = _nulage_rad(N, "namnd", T, 3, 2.5, 3, 0, 3, 3, 3, 50.0, [0, 0, 0, 3, 0])
    h = text(avsnitt.nulage(rapport(nulage=pd.DataFrame([rad]))))
    assert ("<p>Nämnden hade <strong>färre än 5 anställda</strong>. Andelen kvinnor och män, andelen "
            "tillsvidareanställda, andelen heltidsanställda och medelåldern redovisas inte av integritetsskäl.</p>") in h
    assert "50,0" not in h and "2,5" not in h


# --------------------------------------------------------------------------- flows and turnover

def floden_tabell() -> pd.DataFrame:
    rader = []
    for period, tal in (("senaste_12", [31, 12, 254, 31, 28, 233]), ("foregaende_12", [32, 3, 170, 32, 23, 212])):
        for (typ, motpart), antal in zip([(t, m) for t in ("anstallning", "avgang")
                                          for m in ("inom_forvaltning", "annan_forvaltning", "extern")], tal):
            rader.append({"namnd": N, "period": period, "typ": typ, "motpart": motpart, "antal": antal})
    return pd.DataFrame(rader)


def omsattning_tabell(avgangar_totalt: int = 120) -> pd.DataFrame:
    return pd.DataFrame({
        "namnd": [N, N, N, N, HK], "period": ["senaste_12", "foregaende_12", "senaste_12", "senaste_12", "senaste_12"],
        "yrkeskategori": [T, T, FL, BS, T], "medelantal": [1000.5, 990.0, 600.0, 400.5, 4800.0],
        "avgangar": [avgangar_totalt, 104, 70, 50, 500], "avgangar_pension": [20, 15, 12, 8, 90],
        "omsattning": [0.1199, 0.105, 0.1167, 0.1248, 0.1042],
        "omsattning_exkl_pension": [0.0999, 0.09, 0.0967, 0.1049, 0.0854]})


def test_floden_omsattningen_och_tabellen():
    r = rapport(floden=floden_tabell(), omsattning=omsattning_tabell())
    h = text(avsnitt.floden(r))
    assert ("<p>Personalomsättningen de senaste 12 månaderna var <strong>12,0 %</strong> (10,0 % utan "
            "pensionsavgångar), mot 10,5 % de 12 månaderna dessförinnan. För hela kommunen var den 10,4 %.</p>") in h
    t = tab(h, "Personalomsättning per yrkeskategori, senaste 12 månaderna (månadsavlönade tillsvidareanställda)")
    assert celler(t, T) == [T, "1 000,5", "120", "20", "12,0 %", "10,0 %"]
    assert t.index(f"<td>{FL}</td>") < t.index("<td>Totalt</td>")  # the total last
    assert "<strong>Definition.</strong> Personalomsättning = " in h


def omsattning_befattning() -> pd.DataFrame:
    return pd.DataFrame({
        "namnd": [N, N, N, N, HK], "befattning": ["Förskollärare", "Barnskötare", T, "Förskollärare", T],
        "period": ["senaste_12", "senaste_12", "senaste_12", "foregaende_12", "senaste_12"],
        "medelantal": [580.0, 390.5, 1000.5, 570.0, 4800.0], "avgangar": [66, 48, 120, 60, 500],
        "avgangar_pension": [11, 9, 20, 9, 90], "omsattning": [66 / 580, 48 / 390.5, 0.1199, 60 / 570, 0.1042],
        "omsattning_exkl_pension": [55 / 580, 39 / 390.5, 0.0999, 51 / 570, 0.0854]})


def test_floden_befattningarna_och_omsattningen_i_prognosen():
    r = rapport(omsattning=omsattning_tabell(), omsattning_befattning=omsattning_befattning())
    h = text(avsnitt.floden(r))
    b = tab(h, "Personalomsättning för de tio största befattningarna, senaste 12 månaderna (månadsavlönade "
               "tillsvidareanställda)")
    assert re.findall(r"<th[^>]*>([^<]*)</th>", b)[0] == "Befattning"
    assert celler(b, "Förskollärare") == ["Förskollärare", "580,0", "66", "11", "11,4 %", "9,5 %"]  # 66/580, 55/580
    assert celler(b, "Barnskötare") == ["Barnskötare", "390,5", "48", "9", "12,3 %", "10,0 %"]
    assert celler(b, T) == [T, "1 000,5", "120", "20", "12,0 %", "10,0 %"]  # the same Totalt as per yrkeskategori
    assert b.index("Förskollärare") < b.index("Barnskötare") < b.index("Totalt") and "570,0" not in b
    # the disclosure rule (REGLER["omsattning_befattning"]): 20 - 11 - 7 = 2 other retirements would be given
    # back by the Totalt row, so the 7 is hidden, and the rate without retirements with it
    sju = omsattning_befattning().assign(avgangar_pension=[11, 7, 20, 9, 90])
    b7 = tab(text(avsnitt.floden(rapport(omsattning=omsattning_tabell(), omsattning_befattning=sju))),
             "Personalomsättning för de tio")
    assert celler(b7, "Barnskötare") == ["Barnskötare", "390,5", "48", "–", "12,3 %", "–"]
    # the rate of the prognosis: (120 - 20 + 104 - 15) / (1000.5 + 990) = 189 / 1990.5 = 9.5 %
    assert ("använder <strong>personalomsättningen i prognosen</strong>: den utan pensionsavgångar under de två "
            "senaste 12-månadersperioderna tillsammans (för nämnden 9,5 %)") in h
    assert "färre än 20 månadsavlönade tillsvidareanställda" in h
    # a hidden figure of the Totalt rows: no rate of the prognosis for the nämnd
    dold = omsattning_tabell().assign(avgangar_pension=[20, 3, 12, 8, 90])
    assert "(för nämnden" not in text(avsnitt.floden(rapport(omsattning=dold)))


def test_floden_dold_cell_ar_streck_inte_noll():
    """3 recruitments from another förvaltning the year before are hidden, and the 32 within the förvaltning
    with them (complementary): "–", never 0 (the pivot in the old notebook summed a hidden cell to 0)."""
    h = text(avsnitt.floden(rapport(floden=floden_tabell())))
    t = tab(h, "Rekryteringar per källa och avgångar per destination")
    assert celler(t, "Rekryteringar: Annan förvaltning") == ["Rekryteringar: Annan förvaltning", "12", "–"]
    assert celler(t, "Rekryteringar: Inom förvaltningen") == ["Rekryteringar: Inom förvaltningen", "31", "–"]
    assert celler(t, "Rekryteringar: Externt") == ["Rekryteringar: Externt", "254", "170"]
    assert celler(t, "Avgångar: Annan förvaltning") == ["Avgångar: Annan förvaltning", "28", "23"]
    assert "– = uppgiften redovisas inte av integritetsskäl" in h


def test_floden_dold_omsattning_sags_redovisas_inte():
    om = omsattning_tabell().iloc[[0, 4]].assign(medelantal=[40.0, 4800.0], avgangar=[3, 500],
                                                 avgangar_pension=[0, 90], yrkeskategori=T)
    h = text(avsnitt.floden(rapport(omsattning=om)))
    assert ("<p>Personalomsättningen för nämnden de senaste 12 månaderna redovisas inte av integritetsskäl.</p>") in h
    assert "12,0 %" not in h and "7,5 %" not in h


# --------------------------------------------------------------------------- pension

def pension_tabell(antal_totalt: int = 1000) -> pd.DataFrame:
    return pd.DataFrame({"namnd": [N, N, N, HK], "yrkeskategori": [FL, BS, T, T], "antal": [600, 400, antal_totalt, 4800],
                         "inom_2": [18.1, 12.1, 30.2, 150.0], "inom_5": [48.3, 32.3, 80.6, 400.0],
                         "inom_10": [100.0, 71.4, 171.4, 1099.2], "andel_inom_10": [0.1667, 0.1785, 0.1714, 0.229]})


def test_pension_andel_och_antal_mot_kommunen():
    h = text(avsnitt.pension(rapport(pension=pension_tabell())))
    assert ("<p>Inom 10 år väntas <strong>17,1 %</strong> av de månadsavlönade gå i pension (omkring 171 personer), "
            "jämfört med 22,9 % i hela kommunen.</p>") in h
    assert celler(h, T) == [T, "1 000", "30,2", "80,6", "171,4", "17,1 %"]
    assert "<caption>Förväntade pensionsavgångar per yrkeskategori (månadsavlönade)</caption>" in h
    assert re.findall(r"<th[^>]*>([^<]*)</th>", h)[:2] == ["Yrkeskategori", "Månadsavlönade"]
    assert celler(h, BS) == [BS, "400", "12,1", "32,3", "71,4", "17,9 %"]


def test_pension_dold_andel():
    pe = pd.DataFrame({"namnd": [N, HK], "yrkeskategori": [T, T], "antal": [4, 4800], "inom_2": [0.2, 150.0],
                       "inom_5": [0.5, 400.0], "inom_10": [1.2, 1099.2], "andel_inom_10": [0.3, 0.229]})
    h = text(avsnitt.pension(rapport(pension=pe)))
    assert "<p>Andelen som väntas gå i pension inom 10 år redovisas inte av integritetsskäl.</p>" in h
    assert "30,0 %" not in h and "1,2" not in h


# --------------------------------------------------------------------------- framskrivning, gap, rekrytering

def framskrivning_tabell() -> pd.DataFrame:
    rader = []
    for y, n in ((FL, 600), (BS, 400), (T, 1000)):
        for h in (0, 2, 5):
            behov = {FL: [600, 590.4, 571.2], BS: [400, 393.6, 380.8], T: [1000, 984.0, 952.0]}[y][[0, 2, 5].index(h)]
            rader.append({"namnd": N, "yrkeskategori": y, "ar": 2025 + h, "horisont": h, "drivare": "barn 1-5 år",
                          "drivare_index": 100 - 0.8 * h, "antal": n, "behov": behov})
    return pd.DataFrame(rader)


def tackning(antal: int = 1040) -> pd.DataFrame:
    return pd.DataFrame({"namnd": [N], "kategorier_analyserade": [2], "kategorier": [5], "antal_analyserade": [1000],
                         "antal": [antal]})


def test_framskrivning_tabellen_och_tackningen():
    h = text(avsnitt.framskrivning(rapport(framskrivning=framskrivning_tabell(), urval_tackning=tackning())))
    assert "Det är 2 av nämndens 5 yrkeskategorier med 96,2 % av de månadsavlönade." in h  # 1000 / 1040
    t = tab(h, "Personalframskrivning per yrkeskategori (månadsavlönade)")
    assert re.findall(r"<th[^>]*>([^<]*)</th>", t) == ["Yrkeskategori", "Drivare", "Månadsavlönade 2025", "Behov om 2 år",
                                                      "Behov om 5 år"]
    assert celler(t, FL) == [FL, "barn 1-5 år", "600", "590", "571"]
    assert celler(t, BS) == [BS, "barn 1-5 år", "400", "394", "381"]
    assert "<td>Totalt</td>" not in t


def test_framskrivning_tackning_utan_dold_andel():
    """1003 staff, 1000 in the analysed categories: the 3 others are hidden, so is the share that gives them."""
    h = text(avsnitt.framskrivning(rapport(framskrivning=framskrivning_tabell(), urval_tackning=tackning(1003))))
    assert "Det är 2 av nämndens 5 yrkeskategorier. Summorna" in h
    assert "99,7 %" not in h


def gap_tabell() -> pd.DataFrame:
    rader = []
    for y, n, b2, b5 in ((FL, 600, 590.4, 571.2), (BS, 400, 393.6, 420.6), (T, 1000, 984.0, 991.8)):
        for h, b in ((2, b2), (5, b5)):
            bed = "mer" if y == FL else None
            rader.append({"namnd": N, "yrkeskategori": y, "horisont": h, "antal": n, "behov": b, "gap": n - b,
                          "bedomning": bed, "bedomt_behov": b * 1.15 if bed else None,
                          "bedomt_behov_lag": b * 1.1 if bed else None, "bedomt_behov_hog": b * 1.2 if bed else None})
    return pd.DataFrame(rader)


def kvalitativt() -> pd.DataFrame:
    return pd.DataFrame({"namnd": N, "yrkeskategori": FL, "niva": ["Viss", "God", "Hög", "Mycket hög"],
                         "procentenheter": [-10.0, 0.0, 4.0, 6.0], "personer": [-60.0, 0.0, 24.0, 36.0]})


def test_gap_kvantitativt_bedomning_och_kvalitativt():
    r = rapport(gap=gap_tabell(), kvalitativt_gap=kvalitativt())
    h = text(avsnitt.gap(r))
    t = tab(h, "Kvantitativt gap per yrkeskategori")
    assert re.findall(r"<th[^>]*>([^<]*)</th>", t) == ["Yrkeskategori", "Månadsavlönade 2025", "Behov 2 år", "Gap 2 år",
                                                      "Behov 5 år", "Gap 5 år"]
    assert celler(t, FL) == [FL, "600", "590", "+10", "571", "+29"]
    assert celler(t, BS) == [BS, "400", "394", "+6", "421", "-21"]
    b = tab(h, "Nämndens bedömning av behovet")
    assert celler(b, FL) == [FL, "2", "590", "mer", "679", "649", "708"]  # 590.4 × 1.15, × 1.1, × 1.2
    k = tab(h, "Kvalitativt gap: förflyttning mellan kompetensnivåer, i personer")
    assert celler(k, FL) == [FL, "-60", "0", "+24", "+36"]
    # seed 003's table first: one row per yrkeskategori, gap and judgement per horizon, qualitative gap (pe)
    m = tab(h, "Gapanalys per yrkeskategori (månadsavlönade)")
    assert h.index("Gapanalys per yrkeskategori") < h.index("Kvantitativt gap per yrkeskategori")
    assert re.findall(r"<th[^>]*>([^<]*)</th>", m) == [
        "Yrkeskategori", "Månadsavlönade 2025", "Gap 2 år", "Bedömning 2 år", "Gap 5 år", "Bedömning 5 år", "Viss",
        "God", "Hög", "Mycket hög"]
    assert celler(m, FL) == [FL, "600", "+10", "Mer", "+29", "Mer", "-10", "0", "+4", "+6"]
    assert celler(m, BS) == [BS, "400", "+6", "", "-21", "", "", "", "", ""]  # not judged: empty, not "–"
    assert "<td>Totalt</td>" not in m and "redovisas inte av integritetsskäl" not in m.split("</table>")[0]


def test_gaptabellen_doljer_det_dolda_och_har_fotnot():
    """A category of 3 månadsavlönade: its row hidden in gap and kvalitativt gap (the disclosure rule), so the
    main table shows "–" (never its numbers) and the footnote; the other categories are shown."""
    g = pd.concat([gap_tabell(), pd.DataFrame([
        {"namnd": N, "yrkeskategori": "Rektor", "horisont": h, "antal": 3, "behov": 4.0, "gap": -1.0,
         "bedomning": "mer", "bedomt_behov": 4.6, "bedomt_behov_lag": 4.4, "bedomt_behov_hog": 4.8} for h in (2, 5)])])
    kv = pd.concat([kvalitativt(), kvalitativt().assign(yrkeskategori="Rektor", personer=[0.0, 0.0, 0.0, 0.0])])
    h = text(avsnitt.gap(rapport(gap=g, kvalitativt_gap=kv)))
    m = tab(h, "Gapanalys per yrkeskategori (månadsavlönade)")
    rektor = celler(m, "Rektor")
    assert rektor[1] == "–" and rektor[2] == "–" and rektor[4] == "–" and "-1" not in rektor
    assert rektor[6:] == ["–"] * 4
    assert celler(m, FL)[:3] == [FL, "600", "+10"]
    assert "– = uppgiften redovisas inte av integritetsskäl" in h.split("Gapanalys per yrkeskategori")[1].split(
        "</div>")[0]


def test_gap_utan_workshopunderlag_och_med_trasigt():
    g = gap_tabell().assign(bedomning=None, bedomt_behov=None, bedomt_behov_lag=None, bedomt_behov_hog=None)
    h = text(avsnitt.gap(rapport(gap=g)))
    assert "så nämndens bedömning av behovet saknas" in h and "så den kvalitativa gapanalysen saknas" in h
    fel = {"workshop_fel": {"forskola": "forskola.xlsx, blad Bedömning, cell A12: <b>okänd</b>"}}
    h = text(avsnitt.gap(rapport(gap=g, meta=fel)))
    assert "<strong>Workshopunderlaget kunde inte läsas och används inte</strong>" in h
    assert "cell A12: &lt;b&gt;okänd&lt;/b&gt;" in h


def rekrytering_tabell() -> pd.DataFrame:
    rader = []
    for y, h, exp, oms, pen in ((FL, 2, 3.2, 150.4, 40.1), (BS, 2, 0.0, 120.2, 20.3), (T, 2, 3.2, 276.3, 64.6),
                                (FL, 5, 8.0, 380.0, 100.0), (BS, 5, 0.0, 300.0, 60.0), (T, 5, 8.0, 683.0, 161.6)):
        rader.append({"namnd": N, "yrkeskategori": y, "horisont": h, "antal": {FL: 600, BS: 400, T: 1000}[y],
                      "gap": -exp, "expansion": exp, "ersattning_omsattning": oms, "ersattning_pension": pen,
                      "totalt": exp + oms + pen})
    return pd.DataFrame(rader)


def intervall() -> pd.DataFrame:
    return pd.DataFrame({"namnd": N, "yrkeskategori": [FL, BS, T, FL, BS, T], "horisont": [2, 2, 2, 5, 5, 5],
                         "median": [195, 140, 345, 490, 361, 853], "lag": [180, 128, 319, 455, 330, 801],
                         "hog": [212, 152, 382, 522, 390, 930], "medel": [195.1, 140.2, 344.8, 489.0, 360.0, 852.9]})


def test_rekrytering_tabellerna_per_horisont_med_totalt_och_intervall():
    h = text(avsnitt.rekrytering(rapport(rekrytering=rekrytering_tabell(), rekrytering_intervall=intervall())))
    t2 = tab(h, "Rekryteringsbehov per yrkeskategori på 2 års sikt")
    assert re.findall(r"<th[^>]*>([^<]*)</th>", t2)[-3:] == ["Totalt rekryteringsbehov 2 år", "Lägst (80 %)",
                                                            "Högst (80 %)"]
    assert celler(t2, T) == [T, "-3", "3", "276", "65", "344", "319", "382"]
    assert celler(t2, FL) == [FL, "-3", "3", "150", "40", "194", "180", "212"]
    assert t2.index(f"<td>{BS}</td>") < t2.index("<td>Totalt</td>")
    assert celler(tab(h, "Rekryteringsbehov per yrkeskategori på 5 års sikt"), T)[5:] == ["853", "801", "930"]


def test_sammanfattningen_och_rekryteringstabellen_har_samma_total():
    r = rapport(rekrytering=rekrytering_tabell(), rekrytering_intervall=intervall())
    summa = text(avsnitt.sammanfattning(r))
    assert "Rekryteringsbehovet de kommande två åren är 344 personer (i 8 fall av 10 mellan 319 och 382)" in summa
    assert celler(text(avsnitt.rekrytering(r)), T)[5:] == ["344", "319", "382"]


# --------------------------------------------------------------------------- osäkerhet, scenarier, risk

def backtest() -> pd.DataFrame:
    from kfanalys.modell.backtest import wilson

    andel, n = [0.75, 0.8, 0.78], [24, 22, 120]
    granser = [wilson(round(a * k), k) for a, k in zip(andel, n)]
    return pd.DataFrame({"namnd": [N, "Grundskolenämnden", HK], "mape_antal": [0.027, 0.031, 0.029],
                         "mape_rekryteringar": [0.42, 0.38, 0.40], "andel_inom_intervall": andel,
                         "andel_inom_intervall_lag": [g[0] for g in granser],
                         "andel_inom_intervall_hog": [g[1] for g in granser], "antal_ursprung": 2,
                         "antal_grupper": [12, 11, 60], "jamforelser_antal": n,
                         "jamforelser_rekryteringar": [16, 11, 80], "jamforelser_intervall": n})


def test_osakerhet_stycken_och_efterhandsprovning():
    from kfanalys.rapport.prognostext import hur_saker_stycken

    meta = {"backtest": {"till_cykel": 2025, "fran_cykler": [2022, 2023], "ar": [2023, 2024, 2025],
                         "otillrackligt": None, "minsta_antal": 5,
                         "ursprung": [{"fran_cykel": 2022, "ar": [2023, 2024, 2025], "otillrackligt": None},
                                      {"fran_cykel": 2023, "ar": [2024, 2025], "otillrackligt": None}]}}
    r = rapport(meta=meta, rekrytering_intervall=intervall(), backtest=backtest())
    h = avsnitt.osakerhet(r).html
    stycken = hur_saker_stycken(r.tabeller, r.meta, N)
    assert stycken and all(f"<p>{s}</p>" in h for s in stycken)
    assert "801 och 930" in " ".join(stycken).replace(S, " ")  # the interval of the table
    t = text(avsnitt.osakerhet(r))
    assert "<caption>Efterhandsprövning: prognoserna från 2022 och 2023 mot utfallet 2023–2025</caption>" in t
    # 18 of 24 inside: Wilson 95 % by hand: (0,75 + 1,96²/48 ± 1,96·√(0,75·0,25/24 + 1,96²/2304)) / (1 + 1,96²/24)
    # = (0,8300 ± 0,1908) / 1,1601 = 0,551 .. 0,880
    assert celler(t, N) == [N, "2,7 %", "42,0 %", "75 av 100 (55–88)", "24"]
    assert celler(t, HK)[1] == "2,9 %" and "Grundskolenämnden" not in t  # the kommun, not the other nämnder
    kommun = text(avsnitt.osakerhet(rapport(None, meta=meta, rekrytering_intervall=intervall(), backtest=backtest())))
    assert "per nämnd" in kommun and celler(kommun, "Grundskolenämnden")[1] == "3,1 %"


def scenariotabeller():
    rek = pd.DataFrame({"scenario": ["bas"] * 2 + ["Pension vid 66"] * 2, "namnd": N, "yrkeskategori": [FL, T] * 2,
                        "horisont": 5, "antal": [600, 1000] * 2, "totalt": [490.4, 852.4, 460.2, 817.0]})
    gap = rek.drop(columns="totalt").assign(gap=[-29.4, -86.0, -20.6, -70.2])
    return rek, gap


def test_scenarier_sida_vid_sida():
    rek, gap = scenariotabeller()
    k = _konfig(scenarier={"Pension vid 66": Scenario(namn="Pension vid 66", beskrivning="Ett år <b>senare</b>")})
    h = text(avsnitt.scenarier(rapport(konfig=k, scenarier_rekrytering=rek, scenarier_gap=gap)))
    assert "<li><strong>Pension vid 66</strong>: Ett år &lt;b&gt;senare&lt;/b&gt;</li>" in h
    r5 = tab(h, "Rekryteringsbehov på 5 års sikt per scenario")
    assert re.findall(r"<th[^>]*>([^<]*)</th>", r5) == ["Yrkeskategori", "Grundantaganden", "Pension vid 66"]
    assert celler(r5, T) == [T, "852", "817"] and celler(r5, FL) == [FL, "490", "460"]
    assert celler(tab(h, "Gap på 5 års sikt per scenario (negativt: fler behövs)"), T) == [T, "-86", "-70"]
    assert "Inga scenarier" in text(avsnitt.scenarier(rapport(konfig=k)))


def test_risk_med_foregaende_cykel():
    ri = pd.DataFrame({"namnd": N, "yrkeskategori": [FL, BS], "konsekvens": ["allvarlig", "mindre allvarlig"],
                       "sannolikhet": ["hög", "låg"], "motivering": ["Gap -29 om fem år", "<i>x</i>"],
                       "foregaende_konsekvens": ["mindre allvarlig", None], "foregaende_sannolikhet": ["hög", None]})
    h = text(avsnitt.risk(rapport(risk=ri)))
    assert celler(tab(h, "Risk per yrkeskategori"), FL) == [FL, "allvarlig", "hög", "Gap -29 om fem år",
                                                         "mindre allvarlig", "hög"]
    assert "Konsekvens 2023</th>" in h and "&lt;i&gt;x&lt;/i&gt;" in h and "<figure" in h


# --------------------------------------------------------------------------- plan och uppföljning

def uppfoljning(faktiskt_totalt: int = 1012) -> pd.DataFrame:
    return pd.DataFrame({"namnd": N, "yrkeskategori": [FL, FL, T, T], "ar": [2024, 2025] * 2,
                         "prognos_behov": [598.2, 594.0, 996.1, 990.3], "faktiskt_antal": [601, 604, 1006, faktiskt_totalt],
                         "prognos_rekryteringar": [80.4, 82.2, 140.6, 144.1],
                         "faktiska_rekryteringar": [85.0, 90.0, 150.0, 160.0]})


def plantabeller():
    pu = pd.DataFrame({"namnd": N, "omrade": ["Rekrytera", "Utveckla"], "behov": ["b1", "b2"],
                       "aktivitet": ["Mässa", "Kurs"], "ansvarig": "HR", "maldatum_foregaende": pd.to_datetime(["2024-06-30"] * 2),
                       "maldatum": pd.to_datetime(["2025-06-30"] * 2), "status_foregaende": ["pågår", "pågår"],
                       "status": ["genomförd", "pågår"]})
    plan = pd.DataFrame({"namnd": N, "omrade": ["Utveckla", "Attrahera"], "behov": ["b2", "b3"],
                         "aktivitet": ["Kurs", "=cmd|x"], "maldatum": pd.to_datetime(["2026-06-30"] * 2),
                         "ansvarig": "HR", "status": ["pågår", "ej påbörjad"], "cykel": 2025})
    return pu, plan


def test_plan_uppfoljning_aktivitetsplan_och_utfall():
    from kfanalys.modell.uppfoljning import utfall_mening

    pu, plan = plantabeller()
    r = rapport(plan_uppfoljning=pu, plan=plan, uppfoljning=uppfoljning())
    h = text(avsnitt.plan(r))
    assert "Aktiviteterna i planen från 2023 (2 stycken): 1 genomförd och 1 pågår." in h
    assert celler(tab(h, "Aktiviteterna från 2023 och hur de har gått"), "Rekrytera") == [
        "Rekrytera", "Mässa", "HR", "2024-06-30", "pågår", "genomförd"]
    a = tab(h, "Aktivitetsplan")
    assert celler(a, "Attrahera") == ["Attrahera", "b3", "=cmd|x", "2026-06-30", "HR", "ej påbörjad", "ny"]
    assert celler(a, "Utveckla")[-1] == "från 2023"
    mening = utfall_mening(r.tabell("uppfoljning"), N, 2023).replace(S, " ")
    assert mening.startswith("Prognosen från 2023 räknade med 285 rekryteringar 2024 och 2025; nämnden rekryterade 310")
    assert f"<p>{mening}</p>" in h and "Antalet anställda blev 1 012 mot prognosens 990 år 2025." in mening
    assert celler(tab(h, "Föregående cykels prognos mot utfallet"), T)[2:] == ["996", "1 006", "141", "150"]


def test_plan_utfall_med_dold_total_sags_inte():
    uf = pd.DataFrame({"namnd": N, "yrkeskategori": [T, T], "ar": [2024, 2025], "prognos_behov": [4.2, 4.4],
                       "faktiskt_antal": [4, 3], "prognos_rekryteringar": [1.1, 1.0], "faktiska_rekryteringar": [1.0, 2.0]})
    h = text(avsnitt.plan(rapport(uppfoljning=uf)))
    assert "Prognosen från 2023 jämförs inte med utfallet för hela nämnden här: uppgifterna redovisas inte" in h
    assert "räknade med" not in h
    assert "så aktivitetsplanen saknas" in h and "ingen aktivitetsplan från 2023 att följa upp" in h


# --------------------------------------------------------------------------- definitioner

def test_definitioner_reglerna_och_bara_egna_workshopfel():
    meta = {"workshop_fel": {"forskola": "forskola.xlsx: fel A", "grundskola": "grundskola.xlsx: fel B"},
            "anmarkningar": ["Workshopunderlaget för forskola kunde inte läsas och används inte: forskola.xlsx: fel A",
                             "Workshopunderlaget för grundskola kunde inte läsas och används inte: grundskola.xlsx: fel B",
                             "Föregående cykels prognos fanns inte sparad och har räknats om från rådata."],
            "antaganden": {"horisonter": [2, 5], "mal_heltid": 90.0, "pensionsprofil": {"65": 0.45, "61": 0.03}},
            "definitioner": {"gap": "Kvantitativt gap = antal minus behov.", "risk": "Förslaget."}}
    h = text(avsnitt.definitioner(rapport(meta=meta)))
    assert "fel A" in h and "fel B" not in h and "räknats om från rådata" in h
    for regel in beskrivning(5):
        assert f"<li>{regel}</li>".replace(S, " ") in h
    assert "<li><strong>Kvantitativt gap</strong> = antal minus behov.</li>" in h
    assert "<li>Prognoserna gäller 2 och 5 år framåt.</li>" in h
    assert ("<li>Pensionsprofil: 3 % går i pension vid 61 år, 45 % vid 65 år och alla som är äldre än 65 år. "
            "Andelen gäller dem som är kvar i tjänst det år de fyller åldern.</li>") in h
    assert "<li>Målet för andelen heltidsanställda är 90 %.</li>" in h
    assert "mal_heltid" not in h and "0.03" not in h and "90.0" not in h
    kommun = text(avsnitt.definitioner(rapport(None, meta=meta)))
    assert "fel A" in kommun and "fel B" in kommun


def test_antaganden_i_svensk_text():
    from kfanalys.rapport.avsnitt_definitioner import antaganden_text

    a = {"pensionsprofil": {"62": 0.05, "61": 0.03, "63": 0.125, "67": 1.0, "68": 1.0}, "horisonter": [2, 5],
         "topp_n": 10, "minsta_antal": 5, "mal_heltid": 92.5, "medarbetare_per_chef": 30, "tillvaxt": 0.005,
         "pension_inom_ar": 10, "cykel_intervall": 2}
    assert [t.replace(S, " ") for t in antaganden_text(a)] == [
        "Pensionsprofil: 3 % går i pension vid 61 år, 5 % vid 62 år, 12,5 % vid 63 år och alla som fyller 67 år "
        "eller mer. Andelen gäller dem som är kvar i tjänst det år de fyller åldern.",
        "Prognoserna gäller 2 och 5 år framåt.",
        "Framskrivning, gap, rekryteringsbehov och risk redovisas för nämndens 10 största yrkeskategorier, "
        "chefskategorierna och de yrkeskategorier kommunen har valt.",
        "Grupper med färre än 5 personer redovisas inte.",
        "Målet för andelen heltidsanställda är 92,5 %.",
        "Riktmärket är högst 30 medarbetare per chef.",
        "Utöver befolkningsutvecklingen antas behovet av personal växa med 0,5 % per år.",
        "Andelen som väntas gå i pension redovisas för de närmaste 10 åren.",
        "Analysen görs vartannat år."]
    assert antaganden_text({"cykel_intervall": 1, "tillvaxt": 0.0}) == [
        f"Utöver befolkningsutvecklingen antas behovet av personal växa med 0,0{S}% per år.", "Analysen görs varje år."]
    bas = {"namn": "bas", "pensionsforskjutning": 0, "pensionsprofil": None, "omsattningsfaktor": 1.0,
           "tillvaxt": None, "deltid_okning": 0.0, "befolkningsfil": None}
    assert antaganden_text({"minsta_antal": 3}, bas) == ["Grupper med färre än 3 personer redovisas inte."]
    scen = {**bas, "namn": "Allt", "pensionsforskjutning": -1, "omsattningsfaktor": 1.25, "deltid_okning": 10.0,
            "befolkningsfil": "befolkningsprognos_lag.csv"}
    assert antaganden_text({}, scen)[-1].replace(S, " ") == (
        "Scenariot Allt: alla går i pension 1 år tidigare än i grundantagandet, personalomsättningen (utom "
        "pensionsavgångar) är 25 % högre, deltidsanställda ökar sin sysselsättningsgrad med 10 procentenheter "
        "(högst till heltid) och befolkningen följer den alternativa befolkningsprognosen i filen "
        "befolkningsprognos_lag.csv.")
    assert antaganden_text({"ny_nyckel": 7}) == ["ny_nyckel: 7"]  # never silently left out


# --------------------------------------------------------------------------- the kommun report

def test_kommun_nulage_och_gap_per_namnd():
    nl = nulage_tabell()
    r = rapport(None, nulage=nl, gap=gap_tabell(), rekrytering=rekrytering_tabell(), rekrytering_intervall=intervall())
    h = text(avsnitt_kommun.nulage(r))
    assert celler(h, N) == [N, "1 084", "1 012", "83,0 %", "87,6 %", "88,4 %", "44,3"]
    assert celler(h, HK)[1] == "5 000"
    g = text(avsnitt_kommun.gap_och_rekrytering(r))
    assert celler(tab(g, "Gap och rekryteringsbehov per nämnd på 5 års sikt"), N) == [
        N, "1 000", "992", "+8", "8", "683", "162", "853", "801", "930"]


# --------------------------------------------------------------------------- the whole report of the Exempelkommun

@pytest.fixture(scope="module")
def exempeldata(exempelmapp, tmp_path_factory):
    """The published tables of the Exempelkommun 2025, computed once (in a temporary project root)."""
    from kfanalys import berakning

    mp = pytest.MonkeyPatch()
    mp.setenv("KFANALYS_ROT", str(tmp_path_factory.mktemp("rot")))
    try:
        processed = berakning.berakna_och_spara(exempelmapp, 2025)
    finally:
        mp.undo()
    return processed


def _rapport(exempelmapp, processed, namnd):
    from kfanalys.rapport.data import las_rapportdata

    return las_rapportdata(namnd, 2025, exempelmapp, "bas", processed)


def _hela(r) -> str:
    return "\n".join(text(getattr(avsnitt, f)(r)) for f in avsnitt.__all__)


@pytest.mark.parametrize("kortnamn", ["forskola", "vard_omsorg"])
def test_samma_tal_i_sammanfattningen_och_i_avsnitten(exempelmapp, exempeldata, kortnamn):
    r = _rapport(exempelmapp, exempeldata, kortnamn)
    summa = text(avsnitt.sammanfattning(r))
    nulage, floden, gap_, rek = (text(f(r)) for f in (avsnitt.nulage, avsnitt.floden, avsnitt.gap, avsnitt.rekrytering))
    # headcount and årsarbetare
    antal, ars = re.search(r"Nämnden har ([\d ]+) medarbetare \(([\d ]+) årsarbetare\)", summa).groups()
    assert f"Nämnden hade <strong>{antal} anställda</strong> och <strong>{ars} årsarbetare</strong>" in nulage
    tot = r.tabell("nulage").query("niva == 'namnd'").iloc[0]
    assert antal == fmt_tal(tot["antal"]).replace(S, " ")
    # heltid (in the summary when notable or needed) and turnover
    if m := re.search(r"Andelen heltidsanställda är ([\d,]+ %)", summa):
        assert f"Andelen heltidsanställda var <strong>{m.group(1)}</strong>" in nulage
    if m := re.search(r"Personalomsättningen de senaste 12 månaderna är ([\d,]+ %)", summa):
        assert f"de senaste 12 månaderna var <strong>{m.group(1)}</strong>" in floden
    # the largest shortage is the gap table's figure for that category
    m = re.search(r"Störst brist om fem år: (.+?) \((-[\d ]+) medarbetare\)", summa)
    if m:
        assert celler(tab(gap_, "Kvantitativt gap per yrkeskategori"), m.group(1))[-1] == m.group(2)
    # the recruitment need and its interval are the Totalt row of the two-year table
    m = re.search(r"Rekryteringsbehovet de kommande två åren är ([\d ]+) personer \(i 8 fall av 10 mellan ([\d ]+) "
                  r"och ([\d ]+)\)", summa)
    assert m, summa
    assert celler(tab(rek, "Rekryteringsbehov per yrkeskategori på 2 års sikt"), T)[5:] == list(m.groups())


@pytest.mark.parametrize("kortnamn", ["forskola", "grundskola", "vard_omsorg", "arbetsmarknad_social",
                                      "funktionsstod", "kommunstyrelsen", None])
def test_inga_streck_eller_nan_i_meningar(exempelmapp, exempeldata, kortnamn):
    """Every section of every report renders; no sentence holds a dash for a hidden figure, or "nan"."""
    r = _rapport(exempelmapp, exempeldata, kortnamn)
    if kortnamn is None:
        h = "\n".join(text(f(r)) for f in (avsnitt.titel, avsnitt.sammanfattning, avsnitt_kommun.nulage,
                                           avsnitt_kommun.floden, avsnitt_kommun.pension,
                                           avsnitt_kommun.gap_och_rekrytering, avsnitt.osakerhet,
                                           avsnitt_kommun.scenarier, avsnitt_kommun.risk, avsnitt.definitioner))
    else:
        h = _hela(r)
    for stycke in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", h, re.S):
        ren = re.sub(r"<[^>]+>", "", stycke)
        assert not re.search(r"(?<![\d])–(?![\d])", ren.replace("visas som –", "")), ren
        assert "nan" not in ren.lower().split(), ren
    assert "<table" in h
