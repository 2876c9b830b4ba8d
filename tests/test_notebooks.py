"""The notebooks: kept without outputs in git, and run on the Exempelkommun as the batch runs them.

The slow tests (mark ``langsam``) build every report of one cycle of the Exempelkommun into a
temporary project root (``KFANALYS_ROT``), so the working tree is never touched, and then
check the HTML, the Excel workbooks and the privacy rule: no person_id of the input in any
output file.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from kfanalys.rapport import batch as rapport

ROT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROT / "notebooks").glob("*.ipynb"))
RUBRIKER = ["Sammanfattning", "Nuläge", "Rekryteringar, avgångar och personalomsättning", "Pensionsavgångar",
            "Personalframskrivning", "Gapanalys", "Rekryteringsbehov", "Hur säker är prognosen?", "Scenarier",
            "Riskanalys", "Plan och uppföljning", "Definitioner och antaganden"]


# ----------------------------------------------------------------------------- fast: the files in git

def test_notebooks_finns():
    assert {p.name for p in NOTEBOOKS} >= {"rapport.ipynb", "kommunen.ipynb", "utforska.ipynb"}


@pytest.mark.parametrize("sokvag", NOTEBOOKS, ids=lambda p: p.name)
def test_inga_utdata_i_git(sokvag):
    nb = nbformat.read(str(sokvag), as_version=4)
    nbformat.validate(nb)
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code":
            assert c.outputs == [], f"{sokvag.name}, cell {i + 1}: har utdata (rensa innan commit)"
            assert c.execution_count is None, f"{sokvag.name}, cell {i + 1}: har körningsnummer"
    assert "papermill" not in nb.metadata


def test_parametrar_som_batchen_skickar():
    assert set(papermill.inspect_notebook(str(ROT / "notebooks" / "rapport.ipynb"))) == {
        "namnd", "cykel", "datamapp", "scenario", "processed"}
    assert set(papermill.inspect_notebook(str(ROT / "notebooks" / "kommunen.ipynb"))) == {
        "cykel", "datamapp", "scenario", "processed"}
    assert {"cykel", "datamapp", "namnd"} <= set(papermill.inspect_notebook(str(ROT / "notebooks" / "utforska.ipynb")))


def test_rapportens_rubriker_i_ordning():
    nb = nbformat.read(str(ROT / "notebooks" / "rapport.ipynb"), as_version=4)
    h2 = [rad[3:].strip() for c in nb.cells if c.cell_type == "markdown"
          for rad in c.source.splitlines() if rad.startswith("## ")]
    assert h2 == RUBRIKER


def _kodrader(namn: str) -> list[str]:
    nb = nbformat.read(str(ROT / "notebooks" / namn), as_version=4)
    return [rad for c in nb.cells if c.cell_type == "code" for rad in c.source.splitlines() if rad.strip()]


@pytest.mark.parametrize("namn", ["rapport.ipynb", "kommunen.ipynb"])
def test_rapportnotebooken_ar_tunn(namn):
    """Issue 11: the report notebooks are narrative and one call per section, under 150 lines of code;
    every table, figure and sentence is built in kfanalys.rapport.avsnitt (unit-tested there)."""
    rader = _kodrader(namn)
    assert len(rader) < 150, f"{namn}: {len(rader)} rader kod"
    nb = nbformat.read(str(ROT / "notebooks" / namn), as_version=4)
    kod = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    anrop = [c.source.strip() for c in kod[1:]]  # after the one setup cell
    for a in anrop:
        assert re.fullmatch(r"display\((avsnitt|avsnitt_kommun)\.[a-z_]+\(r\)\)", a), f"{namn}: {a!r}"
    for rad in rader:  # no pivots, sentences or formatting in a cell
        for ord_ in ("pivot", "stycke(", "markering(", "fmt_", "visa_tabell", "figurer.", ".tabell(", "for "):
            assert ord_ not in rad, f"{namn}: {rad!r}"


def test_rapporten_anropar_varje_avsnitt_en_gang_i_ordning():
    from kfanalys.rapport import avsnitt

    anrop = [m for rad in _kodrader("rapport.ipynb") for m in re.findall(r"avsnitt\.([a-z_]+)\(r\)", rad)]
    assert anrop == avsnitt.__all__


def test_kommunrapporten_anropar_varje_kommunavsnitt():
    from kfanalys.rapport import avsnitt_kommun

    anrop = [m for rad in _kodrader("kommunen.ipynb") for m in re.findall(r"avsnitt_kommun\.([a-z_]+)\(r\)", rad)]
    assert anrop == avsnitt_kommun.__all__


# ----------------------------------------------------------------------------- slow: the batch on the Exempelkommun

@pytest.fixture(scope="module")
def exempelrapporter(exempelmapp, tmp_path_factory):
    """Every report of cycle 2025 of the Exempelkommun, in a temporary project root."""
    rot = tmp_path_factory.mktemp("rot")
    mp = pytest.MonkeyPatch()
    mp.setenv("KFANALYS_ROT", str(rot))
    try:
        kod = rapport.kor_batch(exempelmapp, 2025, jobb=2, visa_framsteg=False)
    finally:
        mp.undo()
    return rot, kod


@pytest.mark.langsam
def test_alla_rapporter_pa_exempelkommunen(exempelrapporter, exempelmapp):
    from kfanalys.indata.konfig import las_konfig

    from test_rapport import kontrollera_fristaende_html

    rot, kod = exempelrapporter
    mapp = rot / "reports" / "2025"
    korda = rot / "data" / "processed" / "2025" / "_korda"
    assert kod == 0, (mapp / "index.html").read_text(encoding="utf-8") if (mapp / "index.html").exists() else ""
    konfig = las_konfig(exempelmapp / "kommun.yaml")
    publicerade = _publicerade(rot)
    index = (mapp / "index.html").read_text(encoding="utf-8")
    kontrollera_fristaende_html(index)
    for n in konfig.namnder:
        text = (mapp / f"{n.kortnamn}.html").read_text(encoding="utf-8")
        kontrollera_fristaende_html(text)
        h2 = [re.sub(r"<[^>]+>|¶", "", m).strip() for m in re.findall(r"<h2[^>]*>(.*?)</h2>", text, re.S)]
        assert h2 == RUBRIKER, n.kortnamn
        assert n.namn in text
        assert "<caption>" in text and "<figure" in text
        assert f'<a href="{n.kortnamn}.html">' in index
        assert (mapp / f"{n.kortnamn}.xlsx").exists()
        assert (korda / f"{n.kortnamn}.kört.ipynb").exists()
        # issue 5 in the report: the band chart, interval columns, the plain-Swedish backtest, scenarios
        assert "Av dagens" in text and "kvar samma år om ingen nyanställs (8 fall av 10)" in text
        assert "Lägst (80 %)" in text and "Högst (80 %)" in text
        assert "Hur väl har metoden träffat tidigare?" in text
        assert "Rekryteringsbehov på 5 års sikt per scenario" in text and "Grundantaganden" in text
        # the Exempelkommun's filled workshop workbooks reach the report
        assert "Aktivitetsplan" in text and "Nämndens bedömning av behovet" in text, n.kortnamn
        assert "Kvalitativt gap: förflyttning mellan kompetensnivåer" in text, n.kortnamn
        assert "Vilka förändringar står ni inför på 3-5 års sikt?" in text  # the analysis answers
        assert "Aktiviteterna i planen från 2023" in text and "Prognosen från 2023 räknade med" in text
        assert "Pilarna visar förändringen sedan förra cykeln" in text
        _kontrollera_tal(text, publicerade, n.namn)
    kommun = (mapp / "kommunen.html").read_text(encoding="utf-8")
    kontrollera_fristaende_html(kommun)
    assert "Efterhandsprövning per nämnd" in kommun and "per nämnd och scenario" in kommun
    # reports/ holds only what managers see
    assert {p.suffix for p in mapp.iterdir()} == {".html", ".xlsx", ".pdf", ".docx"}


def _publicerade(rot: Path) -> dict:
    from kfanalys.berakning import las_resultat
    from kfanalys.modell.urval import publicerade_tabeller

    return publicerade_tabeller(las_resultat(rot / "data" / "processed" / "2025" / "bas").tabeller, 5)


def _kontrollera_tal(text: str, tabeller: dict, namnd: str) -> None:
    """Rendered numbers, not only headings: the nämnd's own figures from the published tables are in its
    report, as the summary and the sections print them (Swedish format)."""
    from kfanalys.grund.talformat import fmt_procent, fmt_tal

    nl = tabeller["nulage"]
    tot = nl[(nl["namnd"] == namnd) & (nl["niva"] == "namnd")].iloc[0]
    antal = fmt_tal(tot["antal"])
    assert f"Nämnden har {antal} medarbetare" in text, namnd           # Sammanfattning
    assert f"Nämnden hade <strong>{antal} anställda</strong>" in text, namnd  # Nuläge
    assert f"Andelen heltidsanställda var <strong>{fmt_procent(tot['andel_heltid'])}</strong>" in text, namnd
    om = tabeller["omsattning"]
    o = om[(om["namnd"] == namnd) & (om["yrkeskategori"] == "Totalt") & (om["period"] == "senaste_12")].iloc[0]
    assert f"de senaste 12 månaderna var <strong>{fmt_procent(o['omsattning'])}</strong>" in text, namnd
    rk = tabeller["rekrytering"]
    t = rk[(rk["namnd"] == namnd) & (rk["yrkeskategori"] == "Totalt") & (rk["horisont"] == 2)].iloc[0]
    assert f"Rekryteringsbehovet de kommande två åren är {fmt_tal(t['totalt'])} personer" in text, namnd
    rad = re.search(r'<tr class="totalt"[^>]*>\s*<td>Totalt</td>((?:\s*<td[^>]*>[^<]*</td>){7})', text.split(
        "Rekryteringsbehov per yrkeskategori på 2 års sikt")[1])
    assert rad and f">{fmt_tal(t['totalt'])}</td>" in rad.group(1), namnd  # the same total in the table


def _text_i_fil(sokvag: Path) -> str:
    if sokvag.suffix == ".xlsx":
        with zipfile.ZipFile(sokvag) as z:
            return "\n".join(z.read(n).decode("utf-8", errors="replace") for n in z.namelist())
    text = sokvag.read_text(encoding="utf-8", errors="replace")
    return re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", "data:", text)  # image bytes are not text


@pytest.mark.langsam
def test_inga_person_id_i_rapporter_eller_excel(exempelrapporter, exempelmapp):
    """The privacy rule of issue 4: no person_id of the input in any published file."""
    from kfanalys.indata.register import las_indata

    rot, _ = exempelrapporter
    indata = las_indata(exempelmapp)
    idn = set(indata.anstallningar["person_id"].astype(str)) | set(indata.handelser["person_id"].astype(str))
    assert len(idn) > 1000
    monster = re.compile("|".join(sorted(map(re.escape, idn), key=len, reverse=True)))
    filer = [p for p in (rot / "reports").rglob("*") if p.is_file()]
    assert any(p.suffix == ".xlsx" for p in filer) and any(p.suffix == ".html" for p in filer)
    for p in filer:
        traff = monster.search(_text_i_fil(p))
        assert traff is None, f"{p.name} innehåller person_id {traff.group(0)}"


@pytest.mark.langsam
def test_excel_har_rapportens_tabeller(exempelrapporter, exempelmapp):
    """The batch's workbook (written in the report's kernel from the tables the notebook rendered) has one
    sheet per table of the report page, in the page's order with the page's caption, after "Om arbetsboken";
    no sheet has another nämnd's rows."""
    import html

    from openpyxl import load_workbook

    from kfanalys.indata.konfig import las_konfig

    rot, _ = exempelrapporter
    mapp = rot / "reports" / "2025"
    for kortnamn, namn in [(n.kortnamn, n.namn) for n in las_konfig(exempelmapp / "kommun.yaml").namnder[:1]] + [
            ("kommunen", None)]:
        wb = load_workbook(mapp / f"{kortnamn}.xlsx")
        sida = re.sub(r'<details class="kf-siffror">.*?</details>', "",
                      (mapp / f"{kortnamn}.html").read_text(encoding="utf-8"), flags=re.S)
        bildtexter = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                      for c in re.findall(r"<caption>(.*?)</caption>", sida, re.S)]
        assert len(bildtexter) >= 9, kortnamn
        assert wb.sheetnames[0] == "Om arbetsboken"
        assert [ws["A1"].value for ws in wb.worksheets[1:]] == bildtexter, kortnamn
        if namn is None:
            continue
        for ws in wb.worksheets[1:]:
            rubriker = [c.value for c in ws[2]]
            if "Nämnd" in rubriker:
                i = rubriker.index("Nämnd")
                namnder = set()
                for rad in ws.iter_rows(min_row=3, values_only=True):
                    if all(v is None for v in rad):  # the table ends (the footnote follows)
                        break
                    namnder.add(rad[i])
                assert namnder <= {namn, "Hela kommunen"}, ws.title


@pytest.mark.langsam
def test_utforska_kor_uppifran_och_ner(exempelmapp, tmp_path, monkeypatch):
    """Issue 14: the sliders' notebook runs headless; its one output carries the widgets and, for a run
    without a browser, the first drawing (projection, gap, recruitment need, scenarios) as HTML."""
    monkeypatch.setenv("KFANALYS_ROT", str(tmp_path))
    ut = tmp_path / "utforska.kört.ipynb"
    papermill.execute_notebook(str(ROT / "notebooks" / "utforska.ipynb"), str(ut), kernel_name="python3",
                               parameters={"datamapp": str(exempelmapp), "cykel": 2025}, cwd=str(tmp_path),
                               progress_bar=False, execution_timeout=600)
    nb = nbformat.read(str(ut), as_version=4)
    sista = nb.cells[-1].outputs
    visade = [o for o in sista if o.get("output_type") == "display_data"]
    assert len(visade) == 1
    data = visade[0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in data  # the sliders, in JupyterLab
    assert data["text/html"].count("<img") >= 4  # projection, gap, recruitment need and the scenarios
    assert "Utforskning" in data["text/html"]  # own column among the scenarios
    assert "Vård- och omsorgsnämnden" in data["text/html"]
    assert not (tmp_path / "reports").exists()  # exploring writes no report
    json.dumps(nb)  # the executed notebook is valid JSON


@pytest.mark.langsam
def test_trasigt_workshopunderlag_markeras_i_rapporten(exempelmapp, tmp_path, monkeypatch):
    """A workbook that fails validation is left out and the report says which and why."""
    import shutil

    from kfanalys.underlag import arbetsbok as underlag

    mapp = tmp_path / "kommun"
    shutil.copytree(exempelmapp, mapp)
    (mapp / ".kfanalys-exempel").unlink(missing_ok=True)
    underlag.fyll_i(mapp / "underlag" / "2025" / "forskola.xlsx", {("Bedömning", "A12"): "Påhittad kategori"})
    monkeypatch.setenv("KFANALYS_ROT", str(tmp_path / "rot"))
    kod = rapport.kor_batch(mapp, 2025, namnder=["forskola"], jobb=1, kommunrapport=False, excel=False,
                            visa_framsteg=False)
    assert kod == 0  # the report is written, without the workbook
    text = (tmp_path / "rot" / "reports" / "2025" / "forskola.html").read_text(encoding="utf-8")
    assert "Workshopunderlaget kunde inte läsas och används inte" in text
    assert "forskola.xlsx" in text and "A12" in text and "Påhittad kategori" in text
    assert "Nämndens bedömning av behovet" not in text  # nothing half-read is used
    assert "<caption>Aktivitetsplan</caption>" not in text and "så aktivitetsplanen saknas" in text


@pytest.mark.langsam
def test_rapport_utan_workshopunderlag(exempelmapp, tmp_path, monkeypatch):
    """A kommun that has not held its workshops yet still gets a whole report, saying what is missing."""
    import shutil

    mapp = tmp_path / "kommun"
    shutil.copytree(exempelmapp, mapp, ignore=shutil.ignore_patterns("underlag"))
    monkeypatch.setenv("KFANALYS_ROT", str(tmp_path / "rot"))
    kod = rapport.kor_batch(mapp, 2025, namnder=["vard_omsorg"], jobb=1, excel=False, visa_framsteg=False)
    assert kod == 0
    text = (tmp_path / "rot" / "reports" / "2025" / "vard_omsorg.html").read_text(encoding="utf-8")
    h2 = [re.sub(r"<[^>]+>|¶", "", m).strip() for m in re.findall(r"<h2[^>]*>(.*?)</h2>", text, re.S)]
    assert h2 == RUBRIKER
    assert "Nämnden har inte lämnat något ifyllt workshopunderlag för den här cykeln, så aktivitetsplanen saknas" in text
    assert "Vilka förändringar står ni inför" not in text
    from kfanalys.indata.konfig import las_konfig

    namn = las_konfig(mapp / "kommun.yaml").namnd("vard_omsorg").namn
    _kontrollera_tal(text, _publicerade(tmp_path / "rot"), namn)  # the numbers too, not only the headings
