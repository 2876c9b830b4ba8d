"""The PDF of a report (kfanalys.rapport.pdf) and the batch's documents (karna.skriv_dokument, batch, index).

One nämnd's report and the kommun report of the Exempelkommun are built by the real batch once
for the module (HTML, PDF, Word); the PDF is read back with pypdf: A4 pages, "sida X (Y)", the
contents page against the pages the headings are on, the cover, no text outside the page.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
import types
from pathlib import Path

import pytest

pytest.importorskip("pypdf")  # a test dependency (pyproject [test]); setup.sh installs it
from pypdf import PdfReader  # noqa: E402

from kfanalys.rapport import batch as rapport  # noqa: E402
from kfanalys.rapport import pdf  # noqa: E402
from kfanalys.rapport.index import Utfall, rendera_index  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from test_rapport import konfig_for_test, skriv_testnotebook  # noqa: E402

A4 = (595.28, 841.89)


def _pdf_finns() -> bool:
    try:
        pdf._motor()
    except pdf.PdfMotorSaknas:
        return False
    return True


# ----------------------------------------------------------------------------- helpers

def sidtexter(fil: Path) -> list[str]:
    return [s.extract_text() or "" for s in PdfReader(str(fil)).pages]


def text_utanfor_sidan(fil: Path) -> list[tuple[int, str, float, float]]:
    """Every text run whose position lies outside its page's media box: (page, text, x, y)."""
    utanfor = []
    for nr, sida in enumerate(PdfReader(str(fil)).pages, 1):
        box = sida.mediabox
        x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)

        def besok(text, cm, tm, *_):
            if not text.strip():
                return
            # the text matrix's origin in user space: tm then cm
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                utanfor.append((nr, text.strip()[:40], round(x, 1), round(y, 1)))

        sida.extract_text(visitor_text=besok)
    return utanfor


def innehall(sida2: str) -> dict[str, int]:
    """The contents page: heading -> page number (lines "Rubrik ........ 7")."""
    ut = {}
    for rad in sida2.splitlines():
        m = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$", rad.strip())
        if m:
            ut[m.group(1).strip()] = int(m.group(2))
    return ut


def bokmarken(fil: Path) -> dict[str, int]:
    """The PDF outline (WeasyPrint's bookmarks from the headings): title -> 1-based page."""
    r = PdfReader(str(fil))
    ut: dict[str, int] = {}

    def ga(poster):
        for p in poster:
            if isinstance(p, list):
                ga(p)
            else:
                ut.setdefault(p.title, r.get_destination_page_number(p) + 1)

    ga(r.outline)
    return ut


# ----------------------------------------------------------------------------- the real report

@pytest.fixture(scope="module")
def dokument(exempelmapp, tmp_path_factory):
    """The first nämnd's report and the kommun report built by the batch, documents included."""
    if not _pdf_finns():
        pytest.fail("WeasyPrint saknas: kör bash scripts/setup.sh")
    from kfanalys.indata.konfig import las_konfig

    konfig = las_konfig(exempelmapp / "kommun.yaml")
    forsta = konfig.namnder[0]
    rot = tmp_path_factory.mktemp("rot")
    gammal = os.environ.get("KFANALYS_ROT")
    os.environ["KFANALYS_ROT"] = str(rot)
    ut = io.StringIO()
    try:
        kod = rapport.kor_batch(exempelmapp, 2025, namnder=[forsta.kortnamn], jobb=2, visa_framsteg=False, ut=ut)
    finally:
        if gammal is None:
            os.environ.pop("KFANALYS_ROT", None)
        else:
            os.environ["KFANALYS_ROT"] = gammal
    assert kod == 0, ut.getvalue()
    mapp = rot / "reports" / "2025"
    return types.SimpleNamespace(mapp=mapp, namnd=forsta, kommun=konfig.kommun, utskrift=ut.getvalue(),
                                 filer=[mapp / f"{forsta.kortnamn}.pdf", mapp / "kommunen.pdf"])


def test_batchen_skriver_pdf_och_word_per_rapport(dokument):
    k = dokument.namnd.kortnamn
    for namn in (f"{k}.html", f"{k}.xlsx", f"{k}.pdf", "kommunen.html", "kommunen.pdf"):
        assert (dokument.mapp / namn).is_file(), namn
    assert (dokument.mapp / f"{k}.pdf").read_bytes().startswith(b"%PDF-")
    assert "PDF skapades inte" not in dokument.utskrift
    index = (dokument.mapp / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{k}.pdf">{k}.pdf</a>' in index and '<a href="kommunen.pdf">kommunen.pdf</a>' in index
    if (dokument.mapp / f"{k}.docx").exists():  # helper W's module present: linked beside the PDF
        assert f'<a href="{k}.docx">{k}.docx</a>' in index


def test_a4_pa_varje_sida(dokument):
    for fil in dokument.filer:
        sidor = PdfReader(str(fil)).pages
        assert len(sidor) >= 5
        for sida in sidor:
            mått = (round(float(sida.mediabox.width), 2), round(float(sida.mediabox.height), 2))
            assert mått in (A4, A4[::-1]), f"{fil.name}: {mått}"


def test_sidnummer_sida_x_av_y_pa_varje_sida(dokument):
    for fil in dokument.filer:
        texter = sidtexter(fil)
        for nr, text in enumerate(texter, 1):
            assert re.findall(r"sida \d+ \(\d+\)", text) == [f"sida {nr} ({len(texter)})"], f"{fil.name} s. {nr}"


def test_omslaget_har_namnd_cykel_och_datum(dokument):
    idag = f"{dt.date.today():%Y-%m-%d}"
    omslag = sidtexter(dokument.filer[0])[0]
    assert dokument.namnd.namn in omslag and "Cykel 2025" in omslag and idag in omslag
    kommun = sidtexter(dokument.filer[1])[0]
    assert f"{dokument.kommun}, alla nämnder" in kommun and "Cykel 2025" in kommun and idag in kommun


def test_sidhuvud_har_namnd_och_cykel(dokument):
    for text in sidtexter(dokument.filer[0])[1:]:
        assert dokument.namnd.namn in text and "Cykel 2025" in text


def test_innehallet_listar_avsnitten_med_ratt_sidor(dokument):
    for fil in dokument.filer:
        html_text = fil.with_suffix(".html").read_text(encoding="utf-8")
        rubriker = pdf.avsnitt(html_text)
        texter = sidtexter(fil)
        assert texter[1].startswith("Innehåll")
        lista = innehall(texter[1])
        assert list(lista) == rubriker  # every section heading, in the page's order
        assert rubriker[0] == "Sammanfattning" and rubriker[-1] == "Definitioner och antaganden"
        bok = bokmarken(fil)
        for rubrik, sida in lista.items():
            assert 3 <= sida <= len(texter)
            assert sida == bok[rubrik], f"{fil.name}: {rubrik} står på sida {bok[rubrik]}, innehållet säger {sida}"
            assert rubrik in [r.strip() for r in texter[sida - 1].splitlines()], f"{rubrik} inte på sida {sida}"
    nämnd = innehall(sidtexter(dokument.filer[0])[1])
    assert {"Sammanfattning", "Nuläge", "Gapanalys", "Rekryteringsbehov", "Riskanalys"} <= set(nämnd)


def test_ingen_text_utanfor_sidan(dokument):
    for fil in dokument.filer:
        assert text_utanfor_sidan(fil) == []


# ----------------------------------------------------------------------------- pdf.py on its own

def _sida(kropp: str) -> str:
    return f'<!DOCTYPE html><html lang="sv"><head><title>t</title></head><body><main>{kropp}</main></body></html>'


def _bred_tabell(kolumner: int = 18) -> str:
    huvud = "".join(f'<th scope="col">Mycket lång kolumnrubrik {i}</th>' for i in range(kolumner))
    rad = "".join(f'<td style="white-space:nowrap">{1000 + i} 000</td>' for i in range(kolumner))
    return f"<h2>Bred</h2><table><caption>Bred tabell</caption><thead><tr>{huvud}</tr></thead><tbody><tr>{rad}</tr></tbody></table>"


@pytest.mark.skipif(not _pdf_finns(), reason="WeasyPrint saknas")
def test_bred_tabell_far_en_liggande_sida_och_stannar_pa_sidan(tmp_path):
    fil = pdf.skriv_pdf(_sida("<h2>Först</h2><p>Text.</p>" + _bred_tabell()), tmp_path / "r.pdf", namn="N",
                        cykel=2025, datum="2025-12-01")
    sidor = PdfReader(str(fil)).pages
    liggande = [nr for nr, s in enumerate(sidor, 1) if float(s.mediabox.width) > float(s.mediabox.height)]
    assert liggande, "den breda tabellen fick ingen liggande sida"
    assert "Bred tabell" in sidor[liggande[0] - 1].extract_text()
    assert text_utanfor_sidan(fil) == []


@pytest.mark.skipif(not _pdf_finns(), reason="WeasyPrint saknas")
def test_utan_liggande_sida_hamnar_text_utanfor(tmp_path, monkeypatch):
    """The check above can fail: without the landscape pass the same table runs off the page."""
    monkeypatch.setattr(pdf, "_for_breda", lambda dokument: set())
    fil = pdf.skriv_pdf(_sida(_bred_tabell()), tmp_path / "r.pdf", namn="N", cykel=2025, datum="2025-12-01")
    assert text_utanfor_sidan(fil) != []


@pytest.mark.skipif(not _pdf_finns(), reason="WeasyPrint saknas")
def test_lang_tabell_upprepar_rubrikraden(tmp_path):
    rader = "".join(f"<tr><td>Rad {i}</td><td>{i}</td></tr>" for i in range(120))
    fil = pdf.skriv_pdf(_sida(f'<h2>Lång</h2><table><thead><tr><th scope="col">Kolumnrubrik</th><th scope="col">Tal'
                              f"</th></tr></thead><tbody>{rader}</tbody></table>"), tmp_path / "r.pdf", namn="N",
                        cykel=2025, datum="2025-12-01")
    tabellsidor = [t for t in sidtexter(fil)[2:] if "Rad " in t]
    assert len(tabellsidor) >= 2 and all("Kolumnrubrik" in t for t in tabellsidor)


@pytest.mark.skipif(not _pdf_finns(), reason="WeasyPrint saknas")
def test_namn_ar_text_och_inga_filer_hamtas(tmp_path):
    from PIL import Image

    hemlig = tmp_path / "hemlig.png"
    Image.new("RGB", (40, 40), "red").save(hemlig)  # a real image: only the fetcher keeps it out
    fil = pdf.skriv_pdf(_sida(f'<h2>A</h2><img src="{hemlig.as_uri()}" alt="x">'), tmp_path / "r.pdf",
                        namn="A & <b>B</b>", cykel=2025, datum="<i>idag</i>")
    omslag = sidtexter(fil)[0]
    assert "A & <b>B</b>" in omslag and "<i>idag</i>" in omslag
    assert not PdfReader(str(fil)).pages[2].images  # the file: image was not read
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_avsnitt_och_forberedd_html():
    s = pdf.utskriftshtml(_sida('<h2 id="x">Nuläge<a class="anchor-link" href="#x">¶</a></h2>' + _bred_tabell(3)
                                + _bred_tabell(9)), namn="N", cykel=2025, datum="d", liggande=frozenset({1}))
    assert '<li><a href="#kf-avsnitt-1">Nuläge</a></li>' in s and '<li><a href="#kf-avsnitt-2">Bred</a></li>' in s
    assert "<table>" in s  # three columns: as it was
    assert '<table class="kf-bred kf-bredast kf-liggande">' in s
    assert s.index('class="kf-omslag"') < s.index('class="kf-innehall"') < s.index("<h2")
    # a closed <details> (a chart's numbers, shown on the page only when opened) is not printed; an open one is
    d = pdf.utskriftshtml(_sida('<details class="kf-siffror"><summary>Siffrorna</summary>DOLD</details>'
                                '<details open><summary>Öppen</summary>SYNS</details>'), namn="N", cykel=2025, datum="d")
    assert "DOLD" not in d and "Siffrorna" not in d and "SYNS" in d


# ----------------------------------------------------------------------------- the batch without an engine

def test_saknad_pdf_motor_ger_en_rad_och_rapporterna_skrivs(tmp_path, monkeypatch):
    # the documents are made in the report's kernel: a weasyprint there that cannot be imported
    falsk = tmp_path / "falsk"
    (falsk / "weasyprint").mkdir(parents=True)
    (falsk / "weasyprint" / "__init__.py").write_text(
        'raise ImportError("No module named \'weasyprint\'", name="weasyprint")\n', encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(falsk), *filter(None, [os.environ.get("PYTHONPATH")])]))
    nb = skriv_testnotebook(tmp_path / "t.ipynb")
    ut = io.StringIO()
    utfall, _ = rapport.kor_rapporter(tmp_path, tmp_path, 2025, konfig_for_test("a", "b"), jobb=1, rot=tmp_path,
                                      rapport_notebook=nb, kommunrapport=False, excel=False, dokument=True,
                                      visa_framsteg=False, ut=ut)
    mapp = tmp_path / "reports" / "2025"
    assert [u.ok for u in utfall] == [True, True]  # not a failed batch
    assert (mapp / "a.html").is_file() and (mapp / "b.html").is_file()
    assert not list(mapp.glob("*.pdf"))
    rader = [r for r in ut.getvalue().splitlines() if "PDF" in r]
    assert rader == [rader[0]] and rader[0].startswith("PDF skapades inte: WeasyPrint är inte installerat.")
    assert "HTML och Excel skrevs som vanligt" in rader[0]
    assert "2 av 2 rapporter klara" in ut.getvalue()


def test_efterarbetet_skriver_html_och_excel_fore_pdf(tmp_path, monkeypatch):
    """karna.efterarbete (what the kernel does after the notebook): the HTML and the workbook are on disk
    before a document is tried, and a document's note comes back with the paths."""
    import nbformat

    from kfanalys.rapport import karna

    sett = {}

    def dokument(text, uppgift):
        sett["html"] = Path(uppgift["html"]).is_file()
        sett["xlsx"] = Path(uppgift["xlsx"]).is_file()
        return None, None, ("PDF skapades inte: test",)

    monkeypatch.setattr(karna, "skriv_dokument", dokument)
    monkeypatch.setattr(karna, "_skriv_excel", lambda p, n, s, m, **k: (Path(s).write_bytes(b"x"), Path(s))[1])
    utnb = tmp_path / "a.kört.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Rapport")]), str(utnb))
    res = karna.efterarbete({"kortnamn": "a", "namn": "A", "utnb": str(utnb), "html": str(tmp_path / "a.html"),
                             "xlsx": str(tmp_path / "a.xlsx"), "processed": str(tmp_path), "titel": "t",
                             "pdf": str(tmp_path / "a.pdf"), "cykel": 2025, "datum": "d"})
    assert sett == {"html": True, "xlsx": True}
    assert res == {"html": str(tmp_path / "a.html"), "xlsx": str(tmp_path / "a.xlsx"), "pdf": None, "docx": None,
                   "anmarkningar": ["PDF skapades inte: test"]}
    assert "Rapport" in (tmp_path / "a.html").read_text(encoding="utf-8")
    monkeypatch.setattr(karna, "html_fran_notebook", lambda *a: 1 / 0)
    assert karna.efterarbete({"utnb": str(utnb), "html": str(tmp_path / "b.html"), "titel": "t"}) == {
        "fel": "ZeroDivisionError: division by zero"}


def test_efterarbetet_gors_i_rapportens_karna(tmp_path, monkeypatch):
    """kor_en_rapport makes the page and the documents in the report's kernel (a process of its own, so the
    workers run in parallel), not in the batch's process: a skriv_dokument patched here is not the one used."""
    from kfanalys.rapport import karna

    monkeypatch.setattr(karna, "skriv_dokument", lambda *a: (_ for _ in ()).throw(AssertionError("i batchen")))
    nb = skriv_testnotebook(tmp_path / "t.ipynb")
    u = karna.kor_en_rapport({"kortnamn": "a", "namn": "A", "notebook": str(nb), "korda": str(tmp_path / "k"),
                              "parametrar": {"namnd": "a"}, "html": str(tmp_path / "a.html"), "xlsx": None,
                              "processed": str(tmp_path), "titel": "t", "rot": str(tmp_path), "timeout": 60,
                              "pdf": str(tmp_path / "a.pdf"), "cykel": 2025, "datum": "2025-12-01"})
    assert u.ok, u.fel
    assert u.html == tmp_path / "a.html" and u.html.is_file() and u.pdf == tmp_path / "a.pdf" and u.pdf.is_file()
    assert (tmp_path / "k" / "a.kört.ipynb").is_file()


def test_gamla_pdf_och_word_tas_bort_nar_rapporten_gors_om(tmp_path):
    """A rebuilt report loses last run's PDF and Word draft first (also when it then fails)."""
    nb = skriv_testnotebook(tmp_path / "t.ipynb")
    mapp = tmp_path / "reports" / "2025"
    mapp.mkdir(parents=True)
    for namn in ("a.pdf", "a.docx", "trasig.pdf", "trasig.docx", "annan.html", "annan.pdf"):
        (mapp / namn).write_bytes(b"gammal")
    utfall, _ = rapport.kor_rapporter(tmp_path, tmp_path, 2025, konfig_for_test("a", "trasig", "annan"), jobb=1,
                                      namnder=["a", "trasig"], rot=tmp_path, rapport_notebook=nb,
                                      kommunrapport=False, excel=False, visa_framsteg=False, ut=io.StringIO())
    assert [u.ok for u in utfall] == [True, False]
    assert sorted(p.name for p in mapp.iterdir()) == ["a.html", "annan.html", "annan.pdf", "index.html"]
    index = (mapp / "index.html").read_text(encoding="utf-8")
    assert '<a href="annan.pdf">annan.pdf</a>' in index  # not rebuilt (--namnd): its earlier PDF is linked


def test_index_lankar_pdf_och_word():
    u = [Utfall("a", "Nämnd a", True, html=Path("a.html"), xlsx=Path("a.xlsx"), pdf=Path("a.pdf"),
                docx=Path("a.docx")),
         Utfall("b", "Nämnd b", True, html=Path("b.html"))]
    s = rendera_index("Testkommun", 2025, u, skapad=dt.datetime(2025, 12, 1, 8, 0))
    assert ('<td><a href="a.xlsx">a.xlsx</a></td><td><a href="a.pdf">a.pdf</a></td>'
            '<td><a href="a.docx">a.docx</a></td>') in s
    assert "<td>–</td><td>–</td><td>–</td>" in s
    assert s.count('<th scope="col">PDF</th>') == 1 and '<th scope="col">Word</th>' in s
