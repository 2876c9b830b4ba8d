"""Swedish number format, suppression and HTML/Excel tables (kfanalys.rapport.tabeller)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kfanalys.grund.fel import Berakningsfel
from kfanalys.rapport.tabeller import (
    bladnamn, fmt_pe, fmt_procent, fmt_tal, fotnot_text, html_tabell, kommande, till_excel, undertryck, visa_tabell,
)

S = "\u00a0"  # no-break space
D = "\u2013"  # en dash


# --------------------------------------------------------------------------- format

@pytest.mark.parametrize("x, dec, vantat", [
    (1811, 0, f"1{S}811"),            # seed 002: "totalt 1811 medarbetare"
    (1811.5, 1, f"1{S}811,5"),
    (-8, 0, "-8"),                    # seed 003: gap -8
    (1234567, 0, f"1{S}234{S}567"),
    (999, 0, "999"),
    (2.5, 0, "3"),                    # half away from zero, not banker's rounding
    (-2.5, 0, "-3"),
    (2.675, 2, "2,68"),               # rounds the decimal as written (binary 2.67499.. would give 2,67)
    (-0.4, 0, "0"),                   # never "-0"
    (np.int64(1572), 0, f"1{S}572"),
    (None, 0, D), (math.nan, 0, D), (pd.NA, 0, D), (math.inf, 0, D),
])
def test_fmt_tal(x, dec, vantat):
    assert fmt_tal(x, dec) == vantat


@pytest.mark.parametrize("andel, dec, vantat", [
    (0.0924, 1, f"9,2{S}%"),
    (0.0924, 2, f"9,24{S}%"),         # seed 002: personalomsättningen 9,24 %
    (0.3612, 2, f"36,12{S}%"),        # seed 002: biståndshandläggare 36,12 %
    (0.168, 1, f"16,8{S}%"),          # seed 003: 16,8 procent pension inom tio år
    (0.61, 0, f"61{S}%"),
    (1.0, 1, f"100,0{S}%"),
    (0.0925, 1, f"9,3{S}%"),          # 9,25 rounds up
    (None, 1, D),
])
def test_fmt_procent(andel, dec, vantat):
    assert fmt_procent(andel, dec) == vantat


def test_fmt_pe():
    assert (fmt_pe(10), fmt_pe(-10), fmt_pe(0)) == ("+10", "-10", "0")
    assert fmt_pe(2.48, 2) == "+2,48"  # seed 002: ökat med 2,48 procentenheter
    assert fmt_pe(0.3) == "0"          # rounds to 0: no sign
    assert fmt_pe(1234) == f"+1{S}234"
    assert fmt_pe(math.nan) == D


def test_kommande():
    assert kommande(2) == "de kommande två åren"
    assert kommande(1) == "det kommande året"


# --------------------------------------------------------------------------- suppression

def _nulage() -> pd.DataFrame:
    return pd.DataFrame({
        "namnd": ["N", "N", "N"], "grupp": ["Rektor", "Lärare", "Vaktmästare"], "ar": [2025, 2025, 2025],
        "antal": [4, 40, 0], "kvinnor": [3, 38, 0], "man": [1, 2, 0], "alder_60": [0, 7, 0],
        "andel_man": [0.25, 0.05, np.nan], "medelalder": [51.0, 44.5, np.nan],
    })


def test_undertryck_grupp_av_fyra_och_tva_man_i_grupp_av_fyrtio():
    t = _nulage()
    kopia = t.copy()
    u = undertryck(t, 5)
    pd.testing.assert_frame_equal(t, kopia)  # caller's frame untouched
    # group of 4 < 5: every figure suppressed, the group size too
    assert u.loc[0, ["antal", "kvinnor", "man", "alder_60", "andel_man", "medelalder"]].isna().all()
    assert u["undertryckt"].tolist() == [True, False, False]
    # group of 40: the count of 2 men is suppressed, the share 5 % (from 40 persons) stays
    assert math.isnan(u.loc[1, "man"])
    assert u.loc[1, "andel_man"] == 0.05
    assert (u.loc[1, "antal"], u.loc[1, "kvinnor"], u.loc[1, "alder_60"]) == (40, 38, 7)
    # a group of 0 persons discloses nothing: shown as it is
    assert u.loc[2, "antal"] == 0 and not u.loc[2, "undertryckt"]
    # key columns are never suppressed
    assert u["ar"].tolist() == [2025, 2025, 2025]
    assert u["grupp"].tolist() == ["Rektor", "Lärare", "Vaktmästare"]


def test_undertryck_minsta_tre_slapper_fram_fyra():
    u = undertryck(_nulage(), 3)
    assert u.loc[0, "antal"] == 4 and math.isnan(u.loc[0, "man"])  # 1 man < 3


def test_undertryck_saknad_antalskolumn_ar_ett_fel():
    with pytest.raises(Berakningsfel, match="medelantal"):
        undertryck(_nulage(), 5, antal_kolumn="medelantal")


# --------------------------------------------------------------------------- HTML

SEED003 = pd.DataFrame({  # seed 003, "Rekryteringsbehov" table (gap 2 år, personalomsättning, pension, totalt)
    "yrkeskategori": ["Sektionschef", "Socialsekreterare förste", "Socialsekreterare myndighet barn och unga"],
    "antal": [60, 40, 416],
    "gap": [-3, -2, -8], "ersattning_omsattning": [11, 5, 63], "ersattning_pension": [1, 0, 2],
    "totalt": [15, 7, 73],
})
KOLUMNER = {
    "yrkeskategori": ("Yrkeskategori", "text"), "gap": ("Gap 2 år", "gap"),
    "ersattning_omsattning": ("Rekryteringsbehov 2 år personalomsättning", "tal"),
    "ersattning_pension": ("Rekryteringsbehov 2 år pension", "tal"),
    "totalt": ("Totalt rekryteringsbehov", "tal"),
}


def _celler(html: str) -> list[str]:
    import re

    return re.findall(r"<td[^>]*>([^<]*)</td>", html)


def test_seed003_rekryteringsbehov_tabell():
    h = html_tabell(SEED003, KOLUMNER, "Rekryteringsbehov per yrkeskategori, två år", minsta=5)
    assert "<caption>Rekryteringsbehov per yrkeskategori, två år</caption>" in h
    assert h.count('<th scope="col"') == 5
    assert "<thead>" in h
    # the seed's rows: -3 11 1 15 / -2 5 0 7 / -8 63 2 73
    assert _celler(h) == ["Sektionschef", "-3", "11", "1", "15",
                          "Socialsekreterare förste", "-2", "5", "0", "7",
                          "Socialsekreterare myndighet barn och unga", "-8", "63", "2", "73"]
    assert "färre än" not in h  # nothing suppressed, no footnote
    assert '<td style="text-align:right' in h
    assert "antal" not in h.lower().replace("rekryteringsbehov", "")  # only the chosen columns


def test_html_tabell_grupp_av_fyra_blir_streck_med_fotnot():
    t = SEED003.copy()
    t.loc[0, "antal"] = 4
    h = html_tabell(t, {"yrkeskategori": ("Yrkeskategori", "text"), "antal": ("Antal", "tal"),
                        "totalt": ("Totalt", "tal")}, "Test", minsta=5, fotnot="Källa: HR-systemet.")
    assert _celler(h)[:3] == ["Sektionschef", D, D]
    assert f"{D} = uppgiften redovisas inte av integritetsskäl: den bygger på färre än 5 personer" in h
    assert "Källa: HR-systemet." in h


def test_html_tabell_format_och_escape():
    t = pd.DataFrame({"grupp": ["<b>A&B</b>", "Totalt"], "antal": [1811, 1811], "andel": [0.0924, np.nan],
                      "pe": [2.0, -1.0], "medel": [44.25, 40.0]})
    h = html_tabell(t, {"grupp": ("Grupp", "text"), "antal": ("Antal", "tal"), "andel": ("Andel", "procent"),
                        "pe": ("Förändring", "pe"), "medel": ("Medelålder", "tal1")}, "Formats")
    assert _celler(h) == ["&lt;b&gt;A&amp;B&lt;/b&gt;", f"1{S}811", f"9,2{S}%", "+2", "44,3",
                          "Totalt", f"1{S}811", D, "-1", "40,0"]
    assert 'class="totalt"' in h


def test_html_tabell_fel():
    with pytest.raises(Berakningsfel, match="saknar kolumnerna finns_inte"):
        html_tabell(SEED003, {"finns_inte": ("X", "tal")}, "T")
    with pytest.raises(Berakningsfel, match="okänt format"):
        html_tabell(SEED003, {"gap": ("Gap", "valuta")}, "T")
    with pytest.raises(Berakningsfel, match="personuppgifter"):
        html_tabell(SEED003.assign(person_id="p1"), {"person_id": ("Id", "text")}, "T")


def test_visa_tabell_ger_html_objekt():
    from kfanalys.grund.text import Html

    obj = visa_tabell(SEED003, KOLUMNER, "T")
    assert isinstance(obj, Html) and obj._repr_html_() == obj.html  # display() shows it; sections join it
    assert "<caption>T</caption>" in obj.html


# --------------------------------------------------------------------------- the column registry

def _rubriker(html: str) -> list[str]:
    import re

    return re.findall(r"<th[^>]*>([^<]*)</th>", html)


def test_html_tabell_tar_rubrik_och_format_ur_registret():
    from kfanalys.grund.kolumner import KOLUMNER as REG

    t = SEED003.assign(andel_heltid=[0.9, 0.5, 0.75], medelalder=[44.25, 50.0, 38.0])
    kol = ["yrkeskategori", "antal", "gap", "totalt", "andel_heltid", "medelalder"]
    h = html_tabell(t, kol, "Registret")
    assert _rubriker(h) == [REG[k].rubrik for k in kol]
    assert _celler(h)[:6] == ["Sektionschef", "60", "-3", "15", f"90,0{S}%", "44,3"]  # tal, gap, tal, procent, tal1


def test_html_tabell_rubrik_med_horisont_och_okand_kolumn():
    t = SEED003.assign(behov_5=[63.4, 42.0, 424.0], **{"Pension vid 66": [14.0, 6.0, 70.0]})
    h = html_tabell(t, ["yrkeskategori", "behov_5", "Pension vid 66"], "T",
                    rubriker={"behov_5": "Behov om 5 år"}, format={"Pension vid 66": "tal"})
    assert _rubriker(h) == ["Yrkeskategori", "Behov om 5 år", "Pension vid 66"]
    assert _celler(h)[:3] == ["Sektionschef", "63", "14"]  # behov_5 has the format of behov
    with pytest.raises(Berakningsfel, match="finns inte i kolumnregistret"):
        html_tabell(t, ["yrkeskategori", "Pension vid 66"], "T")


def test_excel_och_html_har_samma_rubriker(tmp_path):
    """One registry: a column has the same heading in the report and in its workbook."""
    from openpyxl import load_workbook

    kol = ["yrkeskategori", "antal", "gap", "ersattning_omsattning", "ersattning_pension", "totalt"]
    h = html_tabell(SEED003, kol, "T")
    fil = till_excel([("T", SEED003, kol, {})], tmp_path / "a.xlsx")
    ws = load_workbook(fil).worksheets[1]
    assert [c.value for c in ws[2]] == _rubriker(h)
    assert ws.cell(3, 3).number_format == "+#,##0;-#,##0;0"  # a gap is signed, as in the HTML table
    assert ws.cell(3, 2).number_format == "#,##0"


# --------------------------------------------------------------------------- Excel

def test_bladnamn_ar_giltiga_och_unika():
    upptagna: set[str] = set()
    a = bladnamn("Rekryteringsbehov per yrkeskategori", upptagna)
    b = bladnamn("Rekryteringsbehov per yrkeskategori", upptagna)
    c = bladnamn("Gap: 2/5 år?", upptagna)
    assert len(a) <= 31 and len(b) <= 31 and a != b
    assert c == "Gap_ 2_5 år_"


def test_till_excel(tmp_path):
    """A sheet is the HTML table: caption, headings, the same suppression, numbers rounded as printed and
    stored as numbers, the footnote exactly when a cell is hidden, the table's own note, frozen headings."""
    from openpyxl import load_workbook

    t = SEED003.astype({"totalt": float})
    t.loc[1, "antal"] = 3
    t.loc[0, "totalt"] = 14.5  # printed as 15 (half up)
    namn = "Rekryteringsbehov per yrkeskategori på två års sikt"
    kol = ["yrkeskategori", "antal", "gap", "ersattning_omsattning", "ersattning_pension", "totalt"]
    andel = pd.DataFrame({"yrkeskategori": ["Kock"], "antal": [40], "andel_kvinnor": [0.6254]})
    fil = till_excel([(namn, t, kol, {"minsta": 5, "fotnot": "Avrundat."}),
                      ("Andel kvinnor", andel, ["yrkeskategori", "andel_kvinnor"], {"minsta": 5})],
                     tmp_path / "ut" / "namnd.xlsx", om_arbetsboken=[("Nämnd", "Individ- och familjenämnden")])
    assert fil.exists() and [p.name for p in fil.parent.iterdir()] == ["namnd.xlsx"]  # no temp file left
    wb = load_workbook(fil)
    assert wb.sheetnames == ["Om arbetsboken", "1 Rekrytering per yrke två år", "2 Andel kvinnor"]
    ws = wb.worksheets[1]
    rader = list(ws.values)
    assert rader[0][0] == namn and ws.freeze_panes == "B3"
    assert rader[1] == ("Yrkeskategori", "Antal", "Gap", "Rekryteringsbehov personalomsättning",
                        "Rekryteringsbehov pension", "Totalt rekryteringsbehov")
    assert rader[2] == ("Sektionschef", 60, -3, 11, 1, 15)
    assert rader[3] == ("Socialsekreterare förste", "–", "–", "–", "–", "–")  # group of 3: hidden, as in HTML
    assert [r[0] for r in rader[6:]] == [fotnot_text(5), "Avrundat."]
    a = wb.worksheets[2]
    assert (a["B3"].value, a["B3"].number_format, a["B3"].data_type) == (0.625, "0.0 %", "n")
    assert a.max_row == 3  # nothing hidden: no footnote
    om = wb["Om arbetsboken"]
    assert [c.value for c in om[2]] == ["Nämnd", "Individ- och familjenämnden"]
    assert [tuple(c.value for c in r) for r in om.iter_rows(min_row=om.max_row - 1)] == [
        ("1 Rekrytering per yrke två år", namn), ("2 Andel kvinnor", "Andel kvinnor")]


def test_till_excel_vagrar_personuppgifter(tmp_path):
    with pytest.raises(Berakningsfel, match="person_id"):
        till_excel([("x", SEED003.assign(person_id="p1"), ["yrkeskategori", "person_id"], {})], tmp_path / "a.xlsx")
    assert not any(tmp_path.iterdir())


def test_datumformat():
    from kfanalys.rapport.tabeller import formatera

    assert formatera(pd.Timestamp("2025-09-30"), "datum") == "2025-09-30"
    assert formatera("2024-03-31 00:00:00", "datum") == "2024-03-31"
    assert formatera(pd.NaT, "datum") == "–"
    assert formatera("snart", "datum") == "snart"
