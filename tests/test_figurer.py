"""Report figures (kfanalys.rapport.figurer): each builds on a small hand-made table, its alt text
names the right category and number, and no suppressed group is drawn."""

from __future__ import annotations

import base64
import re

import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.text import Text

from kfanalys.rapport import figurer as f
from kfanalys.grund.fel import Berakningsfel

S = "\u00a0"


def _texter(figur: f.Figur) -> list[str]:
    """Every text drawn in the figure (tick labels, bar labels, legend, cell names)."""
    assert f.som_html(figur, stang=False)  # renders (draws) the figure
    return [t.get_text().strip() for t in figur.fig.findobj(Text) if t.get_text().strip()]


def _alla_texter_minst_9pt(figur: f.Figur) -> None:
    f.som_html(figur, stang=False)
    storlekar = [t.get_fontsize() for t in figur.fig.findobj(Text) if t.get_text()]
    assert min(storlekar) >= 9


# --------------------------------------------------------------------------- HTML embedding

def test_som_html_bild_med_alt_och_bildtext():
    t = pd.DataFrame({"namnd": "N", "kon": ["K", "M"], "aldersgrupp": ["25-29", "25-29"], "antal": [30, 10]})
    figur = f.alderspyramid(t, "N")
    figur.alt = 'Text med "citat" & <tecken>'
    h = f.som_html(figur)
    assert h.startswith("<figure") and "</figure>" in h and h.endswith("</details>")  # the numbers under it
    assert 'alt="Text med &quot;citat&quot; &amp; &lt;tecken&gt;"' in h
    assert "<figcaption>Åldersstruktur, N:" in h
    data = re.search(r'src="data:image/png;base64,([^"]+)"', h).group(1)
    assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'width="605"' in h  # 16 cm at 96 px per inch: 16 / 2.54 * 96 = 604.7
    assert f.visa(f.alderspyramid(t, "N")).data.startswith("<figure")


def test_palett_ar_okabe_ito_och_a4_storlek():
    assert f.PALETT[:3] == ("#E69F00", "#56B4E9", "#009E73")
    t = pd.DataFrame({"namnd": "N", "kon": ["K", "M"], "aldersgrupp": ["25-29", "25-29"], "antal": [30, 10]})
    figur = f.alderspyramid(t, "N")
    assert figur.fig.get_figwidth() == pytest.approx(16 / 2.54)
    _alla_texter_minst_9pt(figur)


# --------------------------------------------------------------------------- age pyramid

def test_alderspyramid_undertrycker_sma_staplar():
    t = pd.DataFrame({"namnd": ["N"] * 6 + ["Annan"] * 2,
                      "kon": ["K", "K", "K", "M", "M", "M", "K", "M"],
                      "aldersgrupp": ["-24", "25-29", "65-", "-24", "25-29", "65-", "-24", "-24"],
                      "antal": [12, 40, 3, 6, 9, 0, 99, 99]})
    figur = f.alderspyramid(t, "N")
    # women 12 + 40 + 3 = 55, men 6 + 9 + 0 = 15; largest bar women 25-29 (40); 3 women 65- suppressed,
    # so the women's total is that of the bars shown (12 + 40 = 52): 55 would give the 3 back
    assert figur.alt == ("Ålderspyramid för N: 52 kvinnor i de staplar som visas och 15 män. Störst är gruppen "
                         "kvinnor 25-29 år "
                         "(40 personer). 1 stapel med färre än 5 personer visas inte.")
    bredder = sorted(abs(p.get_width()) for p in figur.fig.axes[0].patches)
    assert 3 not in bredder and 99 not in bredder  # the 3 women aged 65- are not drawn, nor another nämnd
    assert bredder == [0, 0, 6, 9, 12, 40]
    assert [t.get_text() for t in figur.fig.axes[0].get_yticklabels()] == ["-24", "25-29", "65-"]


def test_alderspyramid_fa_man_skrivs_inte_ut():
    t = pd.DataFrame({"namnd": "N", "kon": ["K", "M"], "aldersgrupp": ["30-34", "30-34"], "antal": [50, 3]})
    assert "50 kvinnor och färre än 5 män" in f.alderspyramid(t, "N").alt


def test_okand_namnd_ar_ett_fel():
    t = pd.DataFrame({"namnd": "N", "kon": ["K"], "aldersgrupp": ["30-34"], "antal": [50]})
    with pytest.raises(Berakningsfel, match='"Finns inte".*finns: N'):
        f.alderspyramid(t, "Finns inte")


# --------------------------------------------------------------------------- turnover

def _omsattning() -> pd.DataFrame:
    return pd.DataFrame({
        "namnd": ["N"] * 5 + ["Hela kommunen", "N"],
        "yrkeskategori": ["Biståndshandläggare", "Rektor", "Kock", "Socialsekreterare", "Totalt", "Totalt",
                          "Biståndshandläggare"],
        "period": ["senaste_12"] * 6 + ["foregaende_12"],
        "medelantal": [40.5, 22, 3, 60, 125.5, 2000, 38],
        "omsattning": [0.3612, 0.0312, 0.6667, 0.2377, 0.0924, 0.0676, 0.5],
        "omsattning_exkl_pension": [0.35, 0.0, 0.3333, 0.22, 0.08, 0.06, 0.4],
    })


def test_omsattning_staplar_seed002():
    figur = f.omsattning_staplar(_omsattning(), "N")
    # seed 002: biståndshandläggare 36,12 % highest; Kock (3 persons, 66,7 %) suppressed
    assert figur.alt == (f"Stapeldiagram: personalomsättningen de senaste 12 månaderna är högst för "
                         f"Biståndshandläggare (36,1{S}%) och lägst för Rektor (3,1{S}%). Nämnden totalt 9,2{S}%, "
                         f"kommunen 6,8{S}%. Per yrkeskategori: Biståndshandläggare 36,1{S}%, "
                         f"Socialsekreterare 23,8{S}%, Rektor 3,1{S}%. 1 yrkeskategori med färre än 5 personer visas inte.")
    texter = _texter(figur)
    assert not any("Kock" in t for t in texter)
    assert not any("66,7" in t for t in texter)
    assert f"36,1{S}%" in texter
    assert [t.get_text() for t in figur.fig.axes[0].get_yticklabels()] == ["Rektor", "Socialsekreterare",
                                                                           "Biståndshandläggare"]
    assert "Kommunen (6,8\u00a0%)" in texter
    _alla_texter_minst_9pt(figur)


def test_omsattning_staplar_okand_period():
    with pytest.raises(Berakningsfel, match="perioden"):
        f.omsattning_staplar(_omsattning(), "N", period="senaste_24")


# --------------------------------------------------------------------------- projection

def _framskrivning() -> pd.DataFrame:
    rader = []
    for kat, antal, drivare, index in (("Undersköterska hemtjänst", 200, "befolkningen 80 år och äldre", [1.0, 1.1, 1.25]),
                                       ("Förskollärare", 100, "befolkningen 1-5 år", [1.0, 0.95, 0.9]),
                                       ("Specialpedagog", 4, "befolkningen 1-5 år", [1.0, 2.0, 3.0])):
        for h, di in zip((0, 1, 2), index):
            rader.append({"namnd": "N", "yrkeskategori": kat, "ar": 2025 + h, "horisont": h, "drivare": drivare,
                          "drivare_index": di, "antal": antal, "behov": antal * di})
    return pd.DataFrame(rader)


def test_framskrivning_linjer():
    figur = f.framskrivning_linjer(_framskrivning(), "N")
    # Undersköterska hemtjänst: 200 x 1,25 = 250 in 2027, index 125; Specialpedagog (4 persons) not drawn
    assert figur.alt == ("Linjediagram: behovet till 2027 ökar mest för Undersköterska hemtjänst, från 200 till "
                         "250 medarbetare (index 125). Drivare: befolkningen 80 år och äldre (index 125 år 2027). "
                         "Index år 2027: Undersköterska hemtjänst 125, Förskollärare 90. "
                         "1 yrkeskategori med färre än 5 personer visas inte.")
    etiketter = [l.get_label() for l in figur.fig.axes[0].get_lines()]
    assert "Specialpedagog" not in etiketter
    assert {"Undersköterska hemtjänst", "Förskollärare", "Drivare: befolkningen 1-5 år"} <= set(etiketter)
    forskola = next(l for l in figur.fig.axes[0].get_lines() if l.get_label() == "Förskollärare")
    assert list(forskola.get_ydata()) == pytest.approx([100, 95, 90])


def test_framskrivning_linjer_urval_och_intervall():
    fr = _framskrivning()
    band = fr.assign(lag=fr["behov"] * 0.9, hog=fr["behov"] * 1.1)[["namnd", "yrkeskategori", "ar", "lag", "hog"]]
    figur = f.framskrivning_linjer(fr, "N", ["Förskollärare"], intervall_df=band)
    assert "minskar mest för Förskollärare, från 100 till 90 medarbetare (index 90)" in figur.alt
    assert len(figur.fig.axes[0].findobj(PolyCollection)) == 1
    assert "osäkerhetsintervall" in figur.bildtext
    with pytest.raises(Berakningsfel, match="Rektor"):
        f.framskrivning_linjer(fr, "N", ["Rektor"])


def _intervall_underlag():
    """A nämnd of 3 categories: Totalt 160, Undersköterska 120, Kurator 36, Dietist 4 (below 5)."""
    rader = []
    for kat, n, behov in [("Totalt", 160, [160, 170, 180]), ("Undersköterska", 120, [120, 128, 136]),
                          ("Kurator", 36, [36, 38, 40]), ("Dietist", 4, [4, 4, 4])]:
        for h, b in enumerate(behov):
            rader.append({"namnd": "N", "yrkeskategori": kat, "ar": 2025 + h, "horisont": h, "antal": n,
                          "behov": float(b)})
    fr = pd.DataFrame(rader)
    iv = pd.DataFrame({"namnd": "N", "yrkeskategori": ["Totalt"] * 2 + ["Undersköterska"] * 2 + ["Kurator"] * 2
                       + ["Dietist"] * 2, "ar": [2026, 2027] * 4, "horisont": [1, 2] * 4,
                       "lag": [140, 121, 104, 90, 30, 25, 3, 2], "hog": [152, 141, 114, 104, 35, 33, 4, 4],
                       "dagens_kvar_median": [146, 131, 109, 97, 33, 29, 4, 3]})
    return fr, iv


def test_framskrivning_intervall_band_och_alt():
    fr, iv = _intervall_underlag()
    figur = f.framskrivning_intervall(fr, iv, "N")
    # Totalt in 2027: need 180, of today's 160 between 121 and 141 remain (the 80 % band)
    assert figur.alt == ("Linjediagram: N behöver 180 medarbetare år 2027. Av dagens 160 finns 121–141 kvar samma "
                         "år om ingen nyanställs (8 fall av 10). Skillnaden måste rekryteras. Samma bild för "
                         "Undersköterska och Kurator. 1 yrkeskategori med färre än 5 personer visas inte.")
    synliga = [ax for ax in figur.fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in synliga] == ["Hela nämnden", "Undersköterska", "Kurator"]
    # the band of Undersköterska starts at today's 120 and ends at 90..104
    band = synliga[1].findobj(PolyCollection)[0].get_paths()[0].vertices
    assert {(2025.0, 120.0), (2027.0, 90.0), (2027.0, 104.0)} <= {tuple(v) for v in band}
    behov = next(l for l in synliga[0].get_lines() if l.get_label() == "Framskrivet behov")
    assert list(behov.get_ydata()) == [160, 170, 180]
    assert "80 % osäkerhetsintervall" in figur.bildtext
    _alla_texter_minst_9pt(figur)


def test_framskrivning_intervall_antal_paneler_och_fel():
    fr, iv = _intervall_underlag()
    figur = f.framskrivning_intervall(fr, iv, "N", antal_kategorier=1)
    assert [ax.get_title(loc="left") for ax in figur.fig.axes if ax.get_visible()] == ["Hela nämnden",
                                                                                     "Undersköterska"]
    with pytest.raises(Berakningsfel, match="Annan"):
        f.framskrivning_intervall(fr, iv, "Annan")
    with pytest.raises(Berakningsfel, match="dagens_kvar_median"):
        f.framskrivning_intervall(fr, iv.drop(columns="dagens_kvar_median"), "N")


# --------------------------------------------------------------------------- gap

def test_gap_staplar_seed003():
    t = pd.DataFrame({
        "namnd": "N", "horisont": [2, 5] * 4,
        "yrkeskategori": ["Socialsekreterare myndighet barn och unga"] * 2 + ["Sektionschef"] * 2
                         + ["Socialsekreterare förste"] * 2 + ["Jurist"] * 2,
        "antal": [416, 416, 60, 60, 40, 40, 3, 3],
        "gap": [-8, -20.4, -3, -5, -2, 1, -2, -3],
    })
    figur = f.gap_staplar(t, "N")
    # at 5 years: -20,4 rounds to -20; shortages: barn och unga and Sektionschef (2 of 3 shown)
    assert figur.alt == ("Stapeldiagram: störst brist om fem år har Socialsekreterare myndighet barn och unga "
                         "(-20 medarbetare). 2 av 3 yrkeskategorier har brist om fem år. Gap om fem år: "
                         "Socialsekreterare myndighet barn och unga -20, Sektionschef -5, Socialsekreterare förste +1. "
                         "1 yrkeskategori med färre än 5 personer visas inte.")
    texter = _texter(figur)
    assert not any("Jurist" in t for t in texter)
    assert {"-8", "-20", "+1", "Om två år", "Om fem år"} <= set(texter)


def test_gap_staplar_utan_brist():
    t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "A"], "horisont": [2, 5], "antal": 10,
                      "gap": [0.2, 3.0]})
    assert f.gap_staplar(t, "N").alt == "Stapeldiagram: ingen av 1 yrkeskategorier har brist om fem år."


# --------------------------------------------------------------------------- recruitment need

def test_rekrytering_staplad_seed003():
    t = pd.DataFrame({
        "namnd": "N", "horisont": 2,
        "yrkeskategori": ["Socialsekreterare myndighet barn och unga", "Sektionschef", "Jurist"],
        "antal": [416, 60, 2],
        "expansion": [8, 3, 0], "ersattning_omsattning": [63, 11, 1], "ersattning_pension": [2, 1, 0],
        "totalt": [73, 15, 1],
    })
    figur = f.rekrytering_staplad(t, "N")
    # nämnd total 73 + 15 + 1 = 89 (the suppressed category counts in the total, it is not shown)
    assert figur.alt == ("Staplat stapeldiagram: rekryteringsbehovet de kommande två åren är 89 personer. Störst är "
                         "det för Socialsekreterare myndighet barn och unga: 73 personer (expansion 8, "
                         "personalomsättning 63, pension 2). 1 yrkeskategori med färre än 5 personer visas inte.")
    ax = figur.fig.axes[0]
    assert len(ax.patches) == 6  # 3 causes x 2 shown categories
    assert sorted(p.get_width() for p in ax.patches) == [1, 2, 3, 8, 11, 63]
    assert not any("Jurist" in t for t in _texter(figur))
    with pytest.raises(Berakningsfel, match="horisonten 5"):
        f.rekrytering_staplad(t, "N", horisont=5)


# --------------------------------------------------------------------------- risk matrix

def test_riskmatris():
    t = pd.DataFrame({
        "namnd": "N",
        "yrkeskategori": ["Socialsekreterare", "Sektionschef", "Administratör", "Jurist"],
        "konsekvens": ["allvarlig", "Mindre allvarlig", "inte allvarlig", None],
        "sannolikhet": ["hög", "medel", "låg", None],
    })
    figur = f.riskmatris(t, "N")
    assert figur.alt == ("Riskmatris: hög risk för Socialsekreterare (allvarlig konsekvens, hög sannolikhet). "
                         "Medelhög risk för Sektionschef. Låg risk för Administratör. "
                         "1 yrkeskategori saknar bedömning och visas inte.")
    texter = _texter(figur)
    assert {"Socialsekreterare", "Sektionschef", "Administratör"} <= set(texter)
    # each cell says its level in words, not only in colour: 3 low, 3 medium, 3 high cells
    assert (texter.count("Låg risk"), texter.count("Medelhög risk"), texter.count("Hög risk")) == (3, 3, 3)
    _alla_texter_minst_9pt(figur)


def test_riskmatris_pilar_for_forandring_sedan_forra_cykeln():
    t = pd.DataFrame({
        "namnd": "N",
        "yrkeskategori": ["Socialsekreterare", "Sektionschef", "Administratör", "Jurist", "Ny kategori"],
        "konsekvens": ["allvarlig", "mindre allvarlig", "inte allvarlig", "mindre allvarlig", "allvarlig"],
        "sannolikhet": ["hög", "låg", "låg", "medel", "låg"],
        # Socialsekreterare was (mindre allvarlig, hög): up; Sektionschef (mindre allvarlig, medel): down;
        # Administratör unchanged; Jurist (allvarlig, låg) -> (mindre allvarlig, medel): moved, same level;
        # Ny kategori was not assessed last cycle: no arrow
        "foregaende_konsekvens": ["mindre allvarlig", "mindre allvarlig", "inte allvarlig", "allvarlig", None],
        "foregaende_sannolikhet": ["hög", "medel", "låg", "låg", None],
    })
    figur = f.riskmatris(t, "N")
    texter = _texter(figur)
    assert {"Socialsekreterare ↑", "Sektionschef ↓", "Administratör", "Jurist ↔", "Ny kategori"} <= set(texter)
    assert any(x.startswith("Jämfört med förra cykeln:") for x in texter)
    assert figur.alt.endswith("Jämfört med förra cykeln: högre risk för Socialsekreterare; lägre risk för Sektionschef.")
    assert "Pilarna" in figur.bildtext
    utan = f.riskmatris(t.drop(columns=["foregaende_konsekvens", "foregaende_sannolikhet"]), "N")
    assert not any("↑" in x or "förra cykeln" in x for x in _texter(utan))


def test_riskmatris_okant_varde():
    t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A"], "konsekvens": ["katastrofal"], "sannolikhet": ["hög"]})
    with pytest.raises(Berakningsfel, match="konsekvens: okänt värde katastrofal"):
        f.riskmatris(t, "N")


# --------------------------------------------------------------------------- nämnder vs kommun

def test_jamfor_namnder():
    t = pd.DataFrame({
        "namnd": ["Förskolenämnden", "Vård- och omsorgsnämnden", "Överförmyndarnämnden", "Hela kommunen",
                  "Förskolenämnden"],
        "niva": ["namnd", "namnd", "namnd", "namnd", "yrkeskategori"],
        "grupp": ["Totalt", "Totalt", "Totalt", "Totalt", "Förskollärare"],
        "antal": [800, 2100, 3, 2903, 400],
        "andel_heltid": [0.912, 0.781, 1.0, 0.82, 0.5],
    })
    figur = f.jamfor_namnder(t, "andel_heltid", "Andel heltidsanställda", mal=0.9)
    assert figur.alt == (f"Stapeldiagram, andel heltidsanställda: högst i Förskolenämnden (91,2{S}%), lägst i "
                         f"Vård- och omsorgsnämnden (78,1{S}%); kommunen 82,0{S}%; målet 90,0{S}%. "
                         f"1 nämnd med färre än 5 personer visas inte.")
    texter = _texter(figur)
    assert not any("Överförmyndar" in t for t in texter)
    assert [p.get_width() for p in figur.fig.axes[0].patches] == pytest.approx([0.781, 0.912])


# --------------------------------------------------------------------------- scenarios

def test_scenarier_staplar():
    t = pd.DataFrame({"scenario": ["bas", "Pension vid 66", "Lägre personalomsättning"] * 2,
                      "namnd": ["N"] * 3 + ["Annan"] * 3, "yrkeskategori": "Totalt", "horisont": 5,
                      "totalt": [852.2, 817.0, 705.8, 10, 20, 30]})
    figur = f.scenarier_staplar(t, "N", 5)
    assert figur.alt == ("Stapeldiagram: rekryteringsbehovet de kommande fem åren, N, är 852 personer med "
                         "grundantagandena; bland de andra scenarierna är det störst i Pension vid 66 (817) och minst i Lägre "
                         "personalomsättning (706).")
    ax = figur.fig.axes[0]
    # bas on top (highest y), bars in the order of the table
    staplar = sorted(ax.patches, key=lambda p: -p.get_y())
    assert [round(p.get_width(), 1) for p in staplar] == [852.2, 817.0, 705.8]
    etiketter = sorted(ax.get_yticklabels(), key=lambda e: -e.get_position()[1])
    assert [e.get_text() for e in etiketter] == ["Grundantaganden", "Pension vid 66", "Lägre personalomsättning"]
    gap = t.assign(gap=[-86.3, -86.3, -40.0, 0, 0, 0])
    alt = f.scenarier_staplar(gap, "N", 5, varde="gap", titel="Gap", i_text="gapet").alt
    assert alt.startswith("Stapeldiagram: gapet de kommande fem åren, N, är -86 personer")
    with pytest.raises(Berakningsfel, match="2 års sikt"):
        f.scenarier_staplar(t, "N", 2)



def test_framskrivning_linjer_fler_an_atta_kategorier_kan_skiljas_at():
    kat = [f"K{i:02d}" for i in range(10)]
    t = pd.DataFrame([{"namnd": "N", "yrkeskategori": k, "ar": 2025 + h, "horisont": h, "drivare": "hela befolkningen",
                       "drivare_index": 1.0, "antal": 100 - i, "behov": float(100 - i)}
                      for i, k in enumerate(kat) for h in (0, 1)])
    linjer = {l.get_label(): l for l in f.framskrivning_linjer(t, "N").fig.axes[0].get_lines() if l.get_label() in kat}
    stil = {(l.get_color(), l.get_marker(), l.get_linestyle()) for l in linjer.values()}
    assert len(linjer) == 10 and len(stil) == 10  # colour, marker and line style together are unique


# --------------------------------------------------------------------------- small groups (issue 13)

def _tick_texter(figur: f.Figur, axel: str = "x") -> tuple[list[float], list[str]]:
    """The ticks inside the view and their labels, as drawn (the labels exist only after a draw)."""
    figur.fig.draw_without_rendering()
    ax = figur.fig.axes[0]
    lag, hog = ax.get_xlim() if axel == "x" else ax.get_ylim()
    ticks = ax.get_xticks() if axel == "x" else ax.get_yticks()
    etiketter = ax.get_xticklabels() if axel == "x" else ax.get_yticklabels()
    par = [(float(v), e.get_text()) for v, e in zip(ticks, etiketter) if lag - 1e-9 <= v <= hog + 1e-9]
    return [v for v, _ in par], [e for _, e in par]


def test_alderspyramid_en_person_ger_heltalsticks():
    # minsta 1 (nothing hidden), one woman and no men: the axis runs -1,15..1,15; with ticks at
    # ±0,5 the labels were "1 0 0 0 1" (0,5 rounded); integers only: 1 0 1
    t = pd.DataFrame({"namnd": "N", "kon": ["K", "M"], "aldersgrupp": ["30-34", "30-34"], "antal": [1, 0]})
    varden, texter = _tick_texter(f.alderspyramid(t, "N", minsta=1))
    assert varden == [-1.0, 0.0, 1.0]
    assert texter == ["1", "0", "1"]


def test_rekryteringsbehov_for_liten_grupp_har_heltalsticks():
    # totals 11 and 6: the axis runs 0..12,65; steps of 2,5 were labelled "0 2 5 8 10 12" (rounded)
    t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "B"], "horisont": 2, "antal": [40, 30],
                      "expansion": [1, 0], "ersattning_omsattning": [8, 5], "ersattning_pension": [2, 1],
                      "totalt": [11, 6]})
    varden, texter = _tick_texter(f.rekrytering_staplad(t, "N"))
    assert all(v == int(v) for v in varden), varden
    assert len(set(texter)) == len(texter), texter
    assert texter == [str(int(v)) for v in varden]


def test_gap_for_liten_grupp_har_heltalsticks_utan_dubbletter():
    # gaps of -1 and +1: the axis runs -1,3..1,3; ticks at ±0,5 gave "-1 -1 0 1 1"
    t = pd.DataFrame({"namnd": "N", "yrkeskategori": ["A", "A"], "horisont": [2, 5], "antal": [20, 20],
                      "gap": [-1.0, 1.0]})
    varden, texter = _tick_texter(f.gap_staplar(t, "N"))
    assert varden == [-1.0, 0.0, 1.0]
    assert texter == ["-1", "0", "1"]


def test_tom_alderspyramid_ritas_inte_utan_en_mening():
    # every cell 1..4 persons (hidden by the group rule) or hidden already (NaN): nothing to draw
    for antal in ([3, 2, 0, 4], [None, None, 0, 0]):
        t = pd.DataFrame({"namnd": "N", "kon": ["K", "M", "K", "M"], "aldersgrupp": ["30-34", "30-34", "35-39", "35-39"],
                          "antal": antal})
        figur = f.alderspyramid(t, "N")
        assert figur.fig is None
        assert figur.alt == ("Ålderspyramiden för N visas inte: ingen åldersgrupp har minst 5 personer av samma kön "
                             "att visa.")
        h = f.som_html(figur)
        assert h == f'<p class="kf-figur-saknas">{figur.alt}</p>'
        assert "<img" not in h and "<table" not in h


def test_diagrammets_siffror_som_tabell_med_rojandekontroll():
    h = f.som_html(f.omsattning_staplar(_omsattning(), "N"))
    tabell = h.split("<summary>Siffrorna i diagrammet</summary>")[1]
    assert "<caption>Siffrorna i diagrammet: Personalomsättning per yrkeskategori de senaste 12 månaderna, N, med och" in tabell
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', tabell) == ["Yrkeskategori", "Inklusive pension",
                                                                        "Exklusive pension"]
    rader = [re.findall(r"<td[^>]*>([^<]*)</td>", r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", tabell, re.S)]
    assert [r for r in rader if r] == [["Biståndshandläggare", f"36,1{S}%", f"35,0{S}%"],
                                       ["Socialsekreterare", f"23,8{S}%", f"22,0{S}%"],
                                       ["Rektor", f"3,1{S}%", f"0,0{S}%"],
                                       ["Totalt", f"9,2{S}%", f"8,0{S}%"],
                                       ["Hela kommunen", f"6,8{S}%", f"6,0{S}%"]]
    assert "Kock" not in h and "66,7" not in h  # 3 persons: neither drawn nor in the table


def test_alderspyramidens_tabell_visar_dolda_celler_som_streck():
    t = pd.DataFrame({"namnd": "N", "kon": ["K", "M", "K", "M"], "aldersgrupp": ["-24", "-24", "25-29", "25-29"],
                      "antal": [12, 3, 40, 9]})
    h = f.som_html(f.alderspyramid(t, "N"))
    tabell = h.split("<summary>Siffrorna i diagrammet</summary>")[1]
    rader = [re.findall(r"<td[^>]*>([^<]*)</td>", r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", tabell, re.S)]
    assert [r for r in rader if r] == [["under 25 år", "12", "–"], ["25-29 år", "40", "9"]]
    assert "färre än 5 personer" in tabell  # the footnote for the hidden cell
