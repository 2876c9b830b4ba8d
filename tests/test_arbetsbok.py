"""The report workbook as a manager's workbook (kfanalys.rapport.arbetsbok, issue 13 point 7).

On the computed Exempelkommun 2025 (a nämnd's report and the kommun report): one sheet per table the
report shows, in report order, titled with the table's caption; the same headings, labels and numbers as
the HTML table (checked cell by cell against the HTML of the report's own section functions); numbers as
numbers with Excel number formats; no internal codes; frozen headings; the suppression footnote exactly
under the tables whose HTML has it; a first sheet "Om arbetsboken".
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.rojandekontroll import fotnot
from kfanalys.grund.schema import TOTALT
from kfanalys.grund.talformat import fmt_pe, fmt_procent, fmt_tal
from kfanalys.rapport import arbetsbok

ROT = Path(__file__).resolve().parents[1]
KODER = ("senaste_12", "foregaende_12", "inom_forvaltning", "annan_forvaltning", "topp_n", "andel_", "_dolt",
         "anstallning", "avgang", "horisont", "omsattning_exkl", "nan")


@pytest.fixture(scope="module")
def berakning(exempelmapp, tmp_path_factory):
    """The Exempelkommun 2025 computed once into a temporary project root."""
    from kfanalys import berakning as b

    mp = pytest.MonkeyPatch()
    mp.setenv("KFANALYS_ROT", str(tmp_path_factory.mktemp("rot")))
    try:
        return b.berakna_och_spara(exempelmapp, 2025)
    finally:
        mp.undo()


def _html(r, kommun: bool) -> str:
    """The report's HTML, section by section, rendered independently of the workbook."""
    return "\n".join(getattr(arbetsbok._MODULER[m], f)(r).html
                     for m, f in (arbetsbok.AVSNITT_KOMMUN if kommun else arbetsbok.AVSNITT))


@pytest.fixture(scope="module", params=["forskola", None], ids=["namnd", "kommun"])
def bok(request, berakning, exempelmapp, tmp_path_factory):
    """(workbook, the report's HTML, Rapportdata) of Förskolenämnden's report or the kommun report, the
    workbook written as the batch writes it (kfanalys.rapport.karna._skriv_excel)."""
    from kfanalys.rapport.data import las_rapportdata

    namnd = request.param
    ut = tmp_path_factory.mktemp("bok") / f"{namnd or 'kommunen'}.xlsx"
    arbetsbok.skriv_fran_berakning(berakning, namnd, ut, datamapp=exempelmapp)
    r = las_rapportdata(namnd, 2025, exempelmapp, "bas", berakning)
    return load_workbook(ut), _html(r, namnd is None), r


def _rensa(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def html_tabeller(text: str) -> list[dict]:
    """Every table of the report's HTML: caption, headings, rows (cell texts) and whether the suppression
    footnote follows it (before the next table). A chart's own numbers (``<details class="kf-siffror">``
    under the figure) belong to the figure, not to the report's tables."""
    ut = []
    text = re.sub(r'<details class="kf-siffror">.*?</details>', "", text, flags=re.S)
    delar = re.split(r"(?=<table)", text)
    for del_ in delar[1:]:
        tabell, _, efter = del_.partition("</table>")
        thead = tabell.split("<tbody>")[0]
        tbody = tabell.split("<tbody>")[1] if "<tbody>" in tabell else ""
        ut.append({
            "caption": _rensa(re.search(r"<caption>(.*?)</caption>", tabell, re.S).group(1)),
            "rubriker": [_rensa(t) for t in re.findall(r"<th[^>]*>(.*?)</th>", thead, re.S)],
            "rader": [[_rensa(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rad, re.S)]
                      for rad in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S)],
            "fotnot": html.escape(fotnot(5)) in efter or fotnot(5) in efter})
    return ut


def som_text(c) -> str:
    """An Excel cell as the report prints it (number format -> the Swedish number format)."""
    v, nf = c.value, c.number_format
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d")
    return {"#,##0": fmt_tal, "#,##0.0": lambda x: fmt_tal(x, 1), "0.0 %": fmt_procent,
            "+#,##0;-#,##0;0": fmt_pe}.get(nf, str)(v)


def tabellblad(wb) -> list:
    return wb.worksheets[1:]


def kropp(ws) -> list[list]:
    """The table's rows (row 3 until the first empty row)."""
    ut = []
    for rad in ws.iter_rows(min_row=3):
        if all(c.value is None for c in rad):
            break
        ut.append(list(rad))
    return ut


# --------------------------------------------------------------------------- order and captions

def test_avsnitten_ar_notebookarnas_i_ordning():
    """The workbook runs the sections the report notebooks display, in their order."""
    for nb, avsnitt in (("rapport.ipynb", arbetsbok.AVSNITT), ("kommunen.ipynb", arbetsbok.AVSNITT_KOMMUN)):
        celler = json.loads((ROT / "notebooks" / nb).read_text(encoding="utf-8"))["cells"]
        kod = "\n".join("".join(c["source"]) for c in celler if c["cell_type"] == "code")
        assert tuple(re.findall(r"display\((avsnitt\w*)\.(\w+)\(r\)\)", kod)) == avsnitt, nb


def test_bladen_ar_rapportens_tabeller_i_rapportens_ordning(bok):
    wb, text, _ = bok
    bildtexter = [t["caption"] for t in html_tabeller(text)]
    assert len(bildtexter) >= 9
    assert wb.sheetnames[0] == "Om arbetsboken"
    assert [ws["A1"].value for ws in tabellblad(wb)] == bildtexter
    for i, ws in enumerate(tabellblad(wb), start=1):
        assert ws.title.startswith(f"{i} ") and len(ws.title) <= 31
        assert ws["A1"].font.bold


def test_varje_cell_ar_html_tabellens(bok):
    """Headings, labels and every number as the HTML table prints them (same rounding, "–" where hidden)."""
    wb, text, _ = bok
    for ws, t in zip(tabellblad(wb), html_tabeller(text)):
        assert [c.value for c in ws[2]] == t["rubriker"], ws.title
        assert [[som_text(c) for c in rad] for rad in kropp(ws)] == t["rader"], ws.title


def test_inga_koder_i_arbetsboken(bok):
    wb, _, _ = bok
    texter = [(ws.title, c.value) for ws in wb.worksheets for rad in ws.iter_rows() for c in rad
              if isinstance(c.value, str)]
    for blad, v in texter:
        for kod in KODER:
            assert not re.search(rf"(?<![\w-]){kod}", v) or blad == "Om arbetsboken" and kod == "nan", (blad, v)
    for ws in tabellblad(wb):
        for c in ws[2]:
            assert c.value not in ("namnd", "yrkeskategori", "grupp") and not re.fullmatch(r"[a-z_0-9]+", c.value)
    assert "data/processed/2025/bas" in " ".join(v for b, v in texter if b == "Om arbetsboken")


# --------------------------------------------------------------------------- numbers, formats, layout

def _blad(wb, borjan: str):
    return next(ws for ws in tabellblad(wb) if ws["A1"].value.startswith(borjan))


def _cell(ws, forsta: str, rubrik: str):
    """The cell of the row whose first cell is ``forsta``, in the first column whose heading starts with
    ``rubrik`` (an integer: that column)."""
    rubriker = [c.value for c in ws[2]]
    j = rubrik - 1 if isinstance(rubrik, int) else next(
        i for i, h in enumerate(rubriker) if h.startswith(rubrik) and "exkl" not in h)
    for rad in kropp(ws):
        if rad[0].value == forsta:
            return rad[j]
    raise AssertionError(f"{ws.title}: ingen rad {forsta!r}")


def test_tal_ar_tal_med_talformat(bok):
    """The turnover and the headcount of the total row: the published figure, rounded as printed, a number
    with an Excel number format (a share as a fraction with a percent format)."""
    wb, _, r = bok
    om = r.tabell("omsattning")
    o = om[(om["yrkeskategori"] == TOTALT) & (om["period"] == "senaste_12")].iloc[0]
    ws = _blad(wb, "Personalomsättning per")
    forsta = "Totalt" if r.namnd is not None else "Hela kommunen"
    c = _cell(ws, forsta, "Personalomsättning")
    assert (c.value, c.number_format, c.data_type) == (round(o["omsattning"], 3), "0.0 %", "n")
    assert c.font.bold  # a total row is bold, as in the HTML
    m = _cell(ws, forsta, "Medelantal")
    assert (m.value, m.number_format) == (round(o["medelantal"], 1), "#,##0.0")
    pe = r.tabell("pension")
    p = pe[pe["yrkeskategori"] == TOTALT].iloc[0]
    a = _cell(_blad(wb, "Förväntade pensionsavgångar"), forsta, 2)  # the table's second column: antal
    assert (a.value, type(a.value), a.number_format) == (int(p["antal"]), int, "#,##0")


def test_rubrikraderna_ar_frysta_och_kolumnerna_breda_nog(bok):
    wb, _, _ = bok
    for ws in tabellblad(wb):
        assert ws.freeze_panes == "B3", ws.title
        assert all(c.font.bold for c in ws[2]), ws.title
        for j, c in enumerate(ws[2], start=1):
            bredd = ws.column_dimensions[c.column_letter].width
            langst = max(len(som_text(rad[j - 1])) for rad in kropp(ws)) if kropp(ws) else 0
            assert bredd >= min(langst, 58), (ws.title, c.value)


def test_fotnoten_star_exakt_under_tabellerna_med_dolda_celler(bok):
    """Under a table whose HTML prints the suppression footnote, and only there."""
    wb, text, _ = bok
    har = []
    for ws, t in zip(tabellblad(wb), html_tabeller(text)):
        noter = [rad[0].value for rad in ws.iter_rows(min_row=3 + len(kropp(ws)))]
        assert (fotnot(5) in noter) == t["fotnot"], ws.title
        har.append(t["fotnot"])
    assert any(har) and not all(har)  # both kinds occur, so the check above means something


def test_om_arbetsboken(bok):
    wb, _, r = bok
    om = wb["Om arbetsboken"]
    rader = {rad[0].value: rad[1].value for rad in om.iter_rows() if rad[0].value}
    assert rader["Cykel"] == "2025" and rader["Basdatum"].startswith("2025-11-01")
    assert rader["Nämnd" if r.namnd is not None else "Kommun"] == r.namn
    assert fotnot(5) in rader["Dolda uppgifter"] and "färre än 5 personer" in rader["Integritet"]
    innehall = [(rad[0].value, rad[1].value) for rad in om.iter_rows(min_row=om.max_row - len(wb.worksheets) + 2)]
    assert innehall == [(ws.title, ws["A1"].value) for ws in tabellblad(wb)]


# --------------------------------------------------------------------------- the batch's way in

def test_datamappen_tas_fran_den_korda_notebooken(berakning, exempelmapp, tmp_path):
    """kfanalys.rapport.karna._skriv_excel gets no data folder: the parameters of the notebook just run
    (papermill's metadata in _korda/) give it; without them the error says what is missing."""
    from kfanalys.rapport.karna import _skriv_excel

    korda = berakning.parent / "_korda"
    korda.mkdir(exist_ok=True)
    nb = korda / "kommunen.kört.ipynb"
    with pytest.raises(Berakningsfel, match="datamappen"):
        _skriv_excel(berakning, None, tmp_path / "kommunen.xlsx", 5)
    param = {"cykel": 2025, "datamapp": str(exempelmapp), "scenario": "bas", "processed": str(berakning)}
    nb.write_text(json.dumps({"cells": [], "metadata": {"papermill": {"parameters": param}}}), encoding="utf-8")
    try:
        assert arbetsbok.korningsparametrar(berakning, "kommunen") == param
        ut = _skriv_excel(berakning, None, tmp_path / "kommunen.xlsx", 5)
    finally:
        nb.unlink()
    wb = load_workbook(ut)
    assert wb["Om arbetsboken"]["B3"].value == "Exempelkommun"
    assert [p.name for p in tmp_path.iterdir()] == ["kommunen.xlsx"]  # no temp file left


def _celler(wb) -> list[list]:
    return [[[c.value for c in rad] for rad in ws.iter_rows()] for ws in wb.worksheets]


@pytest.mark.parametrize("namnd", ["forskola", None], ids=["namnd", "kommun"])
def test_i_karnan_fran_de_inspelade_tabellerna_utan_att_avsnitten_kors_igen(berakning, exempelmapp, tmp_path,
                                                                           monkeypatch, namnd):
    """The batch writes the workbook in the report's kernel (kfanalys.rapport.karna._arbetsbok_i_karnan):
    with SPELA_IN_TABELLER the report data record the tables while the notebook's sections render, and
    skriv_fran_karnan writes exactly the workbook of skriv_fran_berakning without running a section again."""
    from kfanalys.rapport import data
    from kfanalys.rapport.data import las_rapportdata

    forvantad = tmp_path / "forvantad.xlsx"
    arbetsbok.skriv_fran_berakning(berakning, namnd, forvantad, datamapp=exempelmapp)
    monkeypatch.setattr(data, "SPELA_IN_TABELLER", True)
    r = las_rapportdata(namnd, 2025, exempelmapp, "bas", berakning)
    for m, f in arbetsbok.AVSNITT_KOMMUN if namnd is None else arbetsbok.AVSNITT:  # as the notebook calls them
        getattr(arbetsbok._MODULER[m], f)(r)

    def korts_igen(*a, **k):
        raise AssertionError("avsnitten kördes igen")

    monkeypatch.setattr(arbetsbok, "visade_tabeller", korts_igen)
    ut = arbetsbok.skriv_fran_karnan(r, tmp_path / "karnan.xlsx")
    assert _celler(load_workbook(ut)) == _celler(load_workbook(forvantad))
    assert arbetsbok.skriv_fran_karnan(None, tmp_path / "ingen.xlsx") is None


def test_i_karnan_utan_inspelning_kors_avsnitten(berakning, exempelmapp, tmp_path):
    """Report data read without recording (an analyst's own run): the sections are run for the workbook."""
    from kfanalys.rapport.data import las_rapportdata

    r = las_rapportdata("forskola", 2025, exempelmapp, "bas", berakning)
    assert r.visade_tabeller is None
    forvantad = arbetsbok.skriv_fran_berakning(berakning, "forskola", tmp_path / "f.xlsx", datamapp=exempelmapp)
    ut = arbetsbok.skriv_fran_karnan(r, tmp_path / "k.xlsx")
    assert _celler(load_workbook(ut)) == _celler(load_workbook(forvantad))
