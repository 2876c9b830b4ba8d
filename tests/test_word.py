"""The Word draft (kfanalys.rapport.word, issue 13 point 2): the report's headings, tables, figures
and a comment box per section, optionally on the kommun's template, text kept as text.

Expected values come from the HTML itself, read here with a parser of its own (not the module's),
or are written out by hand in the small pages below.
"""

from __future__ import annotations

import base64
import html
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from kfanalys.grund.fel import KfanalysFel
from kfanalys.rapport import word
from kfanalys.rapport.word_stilar import ETIKETTSTIL, KOMMENTARSTIL

NBSP = "\u00a0"


def blankt(text: str) -> str:
    """HTML white space collapsed (a no-break space is not white space in HTML)."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip()


# --------------------------------------------------------------------------- helpers

class _Sida(HTMLParser):
    """The test's own reading of a report page: headings, tables (cell texts), img alts."""

    def __init__(self):
        super().__init__()
        self.rubriker, self.tabeller, self.alt = [], [], []
        self._rubrik = self._cell = None
        self._hoppa = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "anchor-link" in (a.get("class") or ""):
            self._hoppa += 1
        elif tag in ("h1", "h2", "h3"):
            self._rubrik = [int(tag[1]), ""]
        elif tag == "table":
            self.tabeller.append([])
        elif tag == "tr":
            self.tabeller[-1].append([])
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "img":
            self.alt.append(a.get("alt"))

    def handle_endtag(self, tag):
        if tag == "a" and self._hoppa:
            self._hoppa -= 1
        elif tag in ("h1", "h2", "h3") and self._rubrik:
            self.rubriker.append((self._rubrik[0], blankt(self._rubrik[1])))
            self._rubrik = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tabeller[-1][-1].append(blankt(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._hoppa:
            return
        if self._rubrik is not None:
            self._rubrik[1] += data
        if self._cell is not None:
            self._cell += data


def las_sida(text: str) -> _Sida:
    s = _Sida()
    s.feed(text)
    return s


def word_rubriker(doc) -> list[tuple[int, str]]:
    return [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def bilder(doc) -> list:
    return list(doc.element.body.iter(qn("wp:docPr")))


def png(bredd: int = 40, hojd: int = 20) -> bytes:
    from PIL import Image

    ut = io.BytesIO()
    Image.new("RGB", (bredd, hojd), (0, 114, 178)).save(ut, format="PNG")
    return ut.getvalue()


def liten_sida(varde: str = "Barnskötare", alt: str = "Stapeldiagram: 3 av 4.", src: str | None = None,
               extra: str = "") -> str:
    """A page in the report's exact structure (the markup of karna/tabeller/figurer), ``varde``
    escaped as the report escapes every value."""
    v = html.escape(varde)
    src = src or "data:image/png;base64," + base64.b64encode(png()).decode()
    return f"""<!DOCTYPE html><html lang="sv"><head><title>T</title><style>h1 {{ color: red; }}</style></head>
<body><main><div class="jp-Cell"><div class="jp-RenderedHTMLCommon">
<h1>Kompetensförsörjning 2025: Testnämnden</h1><p>Testförvaltningen, {v}.</p></div></div>
<h2 id="A">Nuläge<a class="anchor-link" href="#A">¶</a></h2><p>Nämnden hade <strong>1{NBSP}811 anställda</strong>
och <em>{v}</em> arbetar i <code>kommun.yaml</code>.</p>
<div class="kf-tabell"><table style="border-collapse:collapse"><caption>Anställda per yrkeskategori</caption>
<thead><tr><th scope="col">Yrkeskategori</th><th scope="col" style="text-align:right">Andel heltid</th></tr></thead><tbody>
<tr><td>{v}</td><td style="text-align:right;white-space:nowrap">9,2{NBSP}%</td></tr>
<tr><td>Kock</td><td style="text-align:right;white-space:nowrap">–</td></tr>
<tr class="totalt" style="font-weight:bold"><td>Totalt</td><td style="text-align:right;white-space:nowrap">1{NBSP}811</td></tr>
</tbody></table></div>
<p class="fotnot" style="font-size:0.9em">– = uppgiften redovisas inte av integritetsskäl.</p>
<h3 id="B">Chefer<a class="anchor-link" href="#B">¶</a></h3>
<figure class="kf-figur"><img alt="{html.escape(alt)}" src="{src}" width="605"/><figcaption>Bildtext om {v}.</figcaption></figure>
<h2 id="C">Riskanalys<a class="anchor-link" href="#C">¶</a></h2><ul><li>Punkt ett</li><li>Punkt {v}</li></ul>
{extra}
<footer class="kf-sidfot">Testkommun · cykel 2025</footer></main></body></html>"""


def bygg(tmp_path: Path, text: str, mall: Path | None = None, namn: str = "Testnämnden"):
    ut = word.skriv_word(text, tmp_path / "ut" / "testnamnden.docx", namn=namn, cykel=2025, mall=mall)
    return docx.Document(str(ut))


# --------------------------------------------------------------------------- a real report

@pytest.fixture(scope="module")
def riktig(exempelmapp, tmp_path_factory):
    """The Exempelkommun's Förskolenämnden report, built by the batch (about two minutes), and its Word draft."""
    from webblasare_hjalp import bygg_rapporter

    mapp = bygg_rapporter(exempelmapp, tmp_path_factory.mktemp("rot"), namnder=["forskola"])
    text = (mapp / "forskola.html").read_text(encoding="utf-8")
    ut = word.skriv_word(text, mapp / "forskola.docx", namn="Förskolenämnden", cykel=2025)
    return las_sida(text), docx.Document(str(ut)), ut


@pytest.mark.langsam
def test_rubrikerna_ar_sidans_i_samma_ordning_och_niva(riktig):
    sida, doc, _ = riktig
    assert len(sida.rubriker) > 15
    assert word_rubriker(doc) == sida.rubriker


@pytest.mark.langsam
def test_tabellerna_ar_sidans_med_samma_celltexter(riktig):
    sida, doc, _ = riktig
    assert len(doc.tables) == len(sida.tabeller) > 10
    for wt, ht in zip(doc.tables, sida.tabeller):
        assert [[c.text for c in r.cells] for r in wt.rows] == ht
    texter = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert "–" in texter and any(NBSP in t and t.endswith("%") for t in texter)


@pytest.mark.langsam
def test_rubrikraden_upprepas_och_tal_hogerstalls_och_totalt_ar_fet(riktig):
    _, doc, _ = riktig
    for wt in doc.tables:
        forsta = wt.rows[0]._tr
        assert forsta.trPr is not None and forsta.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None for r in wt.rows[1:])
        assert wt.style.name == "Table Grid"
    totalrader = [r for t in doc.tables for r in t.rows if r.cells[0].text == "Totalt"]
    assert totalrader and all(run.bold for r in totalrader for c in r.cells for p in c.paragraphs for run in p.runs)
    oms = next(t for t in doc.tables if t.rows[0].cells[0].text == "Yrkeskategori"
               and t.rows[0].cells[1].text == "Medelantal")
    assert oms.rows[-1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert oms.rows[-1].cells[0].paragraphs[0].alignment is None


@pytest.mark.langsam
def test_varje_figur_ar_en_bild_med_sidans_alttext(riktig):
    sida, doc, _ = riktig
    assert len(sida.alt) >= 5
    docpr = bilder(doc)
    assert [d.get("descr") for d in docpr] == sida.alt
    assert all(d.get("descr") and d.get("title") for d in docpr)
    sektion = doc.sections[0]
    textbredd = sektion.page_width - sektion.left_margin - sektion.right_margin
    assert all(0 < s.width <= textbredd for s in doc.inline_shapes)
    # the caption follows the picture
    stilar = [p.style.name for p in doc.paragraphs]
    bildstycken = [i for i, p in enumerate(doc.paragraphs) if p._p.find(".//" + qn("wp:docPr")) is not None]
    assert all(stilar[i + 1] == "Caption" for i in bildstycken)


@pytest.mark.langsam
def test_en_kommentarsruta_efter_varje_h2_avsnitt(riktig):
    sida, doc, _ = riktig
    stilar = [p.style.name for p in doc.paragraphs]
    h2 = sum(1 for n, _ in sida.rubriker if n == 2)
    assert stilar.count(KOMMENTARSTIL) == h2 == stilar.count(ETIKETTSTIL)
    # each box is empty, after its label, and closes a section: next comes an h1/h2 or the page's end
    for i, s in enumerate(stilar):
        if s == KOMMENTARSTIL:
            assert doc.paragraphs[i].text == "" and stilar[i - 1] == ETIKETTSTIL
            foljande = [t for t in stilar[i + 1:] if t.startswith("Heading")]
            assert not foljande or foljande[0] in ("Heading 1", "Heading 2")
    forsta_h2 = stilar.index("Heading 2")
    assert KOMMENTARSTIL not in stilar[:forsta_h2]


@pytest.mark.langsam
def test_omslag_egenskaper_och_sidfot(riktig):
    _, doc, ut = riktig
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == "Förskolenämnden"
    omslag = " ".join(p.text for p in doc.paragraphs[:4])
    assert "2025" in omslag and "Utkast 20" in omslag
    cp = doc.core_properties
    assert cp.title == "Kompetensförsörjning 2025 – Förskolenämnden" and cp.subject
    assert cp.author == "kfanalys" and cp.last_modified_by == "kfanalys"
    sidfot = doc.sections[0].footer.paragraphs[0]
    assert "Förskolenämnden" in sidfot.text
    assert [f.get(qn("w:instr")) for f in sidfot._p.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]
    assert round(doc.sections[0].page_width.mm) == 210 and round(doc.sections[0].page_height.mm) == 297  # A4
    assert [p.name for p in ut.parent.iterdir() if p.name.endswith(".tmp")] == []


# --------------------------------------------------------------------------- small pages

def test_liten_sida_stycken_punkter_och_betoning(tmp_path):
    doc = bygg(tmp_path, liten_sida())
    assert word_rubriker(doc) == [(1, "Kompetensförsörjning 2025: Testnämnden"), (2, "Nuläge"), (3, "Chefer"),
                                  (2, "Riskanalys")]
    stycke = next(p for p in doc.paragraphs if p.text.startswith("Nämnden hade"))
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in stycke.runs] == [
        ("Nämnden hade ", False, False), (f"1{NBSP}811 anställda", True, False), (" och ", False, False),
        ("Barnskötare", False, True), (" arbetar i ", False, False), ("kommun.yaml", False, False),
        (".", False, False)]
    assert stycke.runs[5].font.name == word.KODTYPSNITT
    assert [p.text for p in doc.paragraphs if p.style.name == "List Bullet"] == ["Punkt ett", "Punkt Barnskötare"]
    assert [[c.text for c in r.cells] for r in doc.tables[0].rows] == [
        ["Yrkeskategori", "Andel heltid"], ["Barnskötare", f"9,2{NBSP}%"], ["Kock", "–"], ["Totalt", f"1{NBSP}811"]]
    rader = doc.tables[0].rows
    assert [r._tr.trPr.find(qn("w:tblHeader")) is not None for r in rader] == [True, False, False, False]
    assert [r.cells[1].paragraphs[0].alignment for r in rader] == [WD_ALIGN_PARAGRAPH.RIGHT] * 4
    assert [r.cells[0].paragraphs[0].alignment for r in rader] == [None] * 4
    assert [[bool(run.bold) for c in r.cells for run in c.paragraphs[0].runs] for r in rader] == [
        [True, True], [False, False], [False, False], [True, True]]  # the header and the Totalt row
    assert doc.tables[0].style.name == "Table Grid"
    docpr = bilder(doc)
    assert [(d.get("descr"), d.get("title")) for d in docpr] == [("Stapeldiagram: 3 av 4.", "Bildtext om Barnskötare.")]
    texter = [p.text for p in doc.paragraphs]
    assert texter.index("Anställda per yrkeskategori") < texter.index("– = uppgiften redovisas inte av integritetsskäl.")
    assert "Bildtext om Barnskötare." in texter and "Testkommun · cykel 2025" in texter
    assert not any("color: red" in t or "¶" in t for t in texter)  # <style> and anchor links are not text
    stilar = [p.style.name for p in doc.paragraphs]
    assert stilar.count(KOMMENTARSTIL) == 2
    assert stilar.index(KOMMENTARSTIL) < texter.index("Riskanalys")
    assert stilar[-3:] == [ETIKETTSTIL, KOMMENTARSTIL, "Tabellfotnot"]  # the last section's box, then the page footer


def test_sista_avsnittet_far_sin_ruta_aven_utan_sidfot(tmp_path):
    sida = liten_sida().replace('<footer class="kf-sidfot">Testkommun · cykel 2025</footer>', "")
    doc = bygg(tmp_path, sida)
    stilar = [p.style.name for p in doc.paragraphs]
    assert stilar.count(KOMMENTARSTIL) == 2 and stilar[-2:] == [ETIKETTSTIL, KOMMENTARSTIL]


@pytest.mark.parametrize("varde", ["<script>alert(1)</script>", '=HYPERLINK("http://127.0.0.1/x","klicka")',
                                   "{{x}} {% if 1 %}", "<w:fldSimple w:instr=\"PAGE\"/>"])
def test_fientlig_text_blir_bokstavlig_text(tmp_path, varde):
    doc = bygg(tmp_path, liten_sida(varde=varde, alt=varde))
    texter = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert f"Testförvaltningen, {varde}." in texter and varde in texter and f"Punkt {varde}" in texter
    assert bilder(doc)[0].get("descr") == varde
    kropp = doc.element.body
    assert list(kropp.iter(qn("w:fldSimple"))) == [] and list(kropp.iter(qn("w:instrText"))) == []
    assert list(kropp.iter(qn("w:hyperlink"))) == []


def test_skript_och_stil_i_sidan_blir_inte_text_och_styrtecken_tas_bort(tmp_path):
    extra = "<script>var hemlig = 1;</script><p>Före\x01efter\x0b slut</p>"
    doc = bygg(tmp_path, liten_sida(extra=extra))
    texter = [p.text for p in doc.paragraphs]
    assert not any("hemlig" in t for t in texter)
    assert "Föreefter slut" in texter  # XML cannot hold \x01: without the cleaning the file cannot be written


def test_bild_som_inte_ar_en_data_adress_blir_dess_alttext(tmp_path):
    """Nothing is fetched: a picture that is not a data: address is replaced by its alt text."""
    doc = bygg(tmp_path, liten_sida(src="http://127.0.0.1:9/spion.png", alt="Diagram över tre"))
    assert bilder(doc) == []
    assert "[Figur: Diagram över tre]" in [p.text for p in doc.paragraphs]


# --------------------------------------------------------------------------- the kommun's template

def _mall(tmp_path: Path, *, ta_bort: tuple[str, ...] = (), utan_numrering: bool = False) -> Path:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import RGBColor

    m = docx.Document()
    stil = m.styles.add_style("Kommunens brödtext", WD_STYLE_TYPE.PARAGRAPH)
    stil.font.name = "Kommun Sans"
    m.styles["Heading 2"].font.color.rgb = RGBColor(0xC0, 0x00, 0x40)
    m.add_paragraph("Mallens exempeltext", style="Kommunens brödtext")
    m.sections[0].footer.paragraphs[0].text = "Exempelkommun · Kommunledningskontoret"
    m.core_properties.author = "Anna Andersson"
    for namn in ta_bort:
        m.styles.element.remove(m.styles[namn].element)
    if utan_numrering:
        rid = next(r for r, rel in m.part.rels.items() if rel.reltype == RT.NUMBERING)
        m.part.drop_rel(rid)
    sokvag = tmp_path / "mall.docx"
    m.save(str(sokvag))
    return sokvag


def test_mallens_stilar_och_sidfot_behalls_och_kroppen_tomts(tmp_path):
    doc = bygg(tmp_path, liten_sida(), mall=_mall(tmp_path))
    assert "Kommunens brödtext" in doc.styles
    assert doc.styles["Kommunens brödtext"].font.name == "Kommun Sans"
    assert str(doc.styles["Heading 2"].font.color.rgb) == "C00040"
    assert "Mallens exempeltext" not in [p.text for p in doc.paragraphs]
    assert doc.sections[0].footer.paragraphs[0].text == "Exempelkommun · Kommunledningskontoret"
    assert doc.core_properties.author == "kfanalys"
    assert [p.style.name for p in doc.paragraphs].count(KOMMENTARSTIL) == 2


def test_stilar_som_mallen_saknar_laggs_till(tmp_path):
    mall = _mall(tmp_path, ta_bort=("Heading 3", "List Bullet", "Caption", "Table Grid", "Title"), utan_numrering=True)
    doc = bygg(tmp_path, liten_sida(), mall=mall)
    assert word_rubriker(doc)[2] == (3, "Chefer")
    rubrik3 = doc.styles["Heading 3"].element.pPr
    assert rubrik3.find(qn("w:outlineLvl")).get(qn("w:val")) == "2"  # in the navigation pane
    punkt = doc.styles["List Bullet"].element.pPr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
    num = [n for n in doc.part.numbering_part.element.findall(qn("w:num")) if n.get(qn("w:numId")) == punkt]
    assert len(num) == 1  # a real bullet list, with its numbering definition
    abstrakt = num[0].find(qn("w:abstractNumId")).get(qn("w:val"))
    lvl = next(a for a in doc.part.numbering_part.element.findall(qn("w:abstractNum"))
               if a.get(qn("w:abstractNumId")) == abstrakt).find(qn("w:lvl"))
    assert lvl.find(qn("w:numFmt")).get(qn("w:val")) == "bullet"
    grid = doc.styles["Table Grid"].element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert grid.find(qn("w:insideH")).get(qn("w:val")) == "single"
    assert doc.tables[0].style.name == "Table Grid"
    assert [p.style.name for p in doc.paragraphs if p.text == "Bildtext om Barnskötare."] == ["Caption"]


@pytest.mark.parametrize("innehall", [b"inte ett word-dokument", None])
def test_ogiltig_mall_ger_ett_svenskt_fel_som_namnger_filen(tmp_path, innehall):
    mall = tmp_path / "mall.docx"
    if innehall is None:  # a zip, but not a Word document
        with zipfile.ZipFile(mall, "w") as z:
            z.writestr("a.txt", "x")
    else:
        mall.write_bytes(innehall)
    with pytest.raises(KfanalysFel, match=r"Word-mallen .*mall\.docx kan inte användas") as fel:
        word.skriv_word(liten_sida(), tmp_path / "ut" / "a.docx", namn="Testnämnden", cykel=2025, mall=mall)
    assert isinstance(fel.value, word.Wordmallfel)
    assert not (tmp_path / "ut").exists() or list((tmp_path / "ut").iterdir()) == []


def test_saknad_mall_ger_ett_svenskt_fel(tmp_path):
    with pytest.raises(word.Wordmallfel, match="finns inte"):
        word.skriv_word(liten_sida(), tmp_path / "a.docx", namn="T", cykel=2025, mall=tmp_path / "mall.docx")


def test_skrivs_atomiskt_over_en_tidigare_fil(tmp_path, monkeypatch):
    ut = tmp_path / "ut" / "testnamnden.docx"
    ut.parent.mkdir()
    ut.write_bytes(b"gammal")
    bygg(tmp_path, liten_sida())
    assert zipfile.is_zipfile(ut)
    assert sorted(p.name for p in ut.parent.iterdir()) == ["testnamnden.docx"]

    def avbruten(self, sokvag):  # the disk fills up half-way
        Path(sokvag).write_bytes(b"halv")
        raise OSError("disken full")

    monkeypatch.setattr(docx.document.Document, "save", avbruten)
    fore = ut.read_bytes()
    with pytest.raises(OSError):
        bygg(tmp_path, liten_sida())
    assert ut.read_bytes() == fore  # the previous draft is intact, no half-written file is left
    assert sorted(p.name for p in ut.parent.iterdir()) == ["testnamnden.docx"]
