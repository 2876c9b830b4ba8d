"""A Word draft of a nämnd's report for the HR strategist to finish (``reports/<cykel>/<kortnamn>.docx``).

Built from the report's final HTML (:func:`kfanalys.rapport.word_html.las_block`), so the draft says
exactly what the page says, with every number as published (Swedish format, ``–`` for a suppressed
cell). The document:

- a cover (nämnd, cycle, date), then the page's headings as Word's heading styles (``h1``-``h3`` ->
  Heading 1-3, "Rubrik 1-3" in a Swedish Word), paragraphs with bold, italic and code runs, bullet
  lists in ``List Bullet``;
- the tables as Word tables in the style ``Table Grid``: the caption above (``Caption``), the header
  row repeated on every page (``w:tblHeader``), numeric columns right-aligned, Totalt rows bold,
  rows that do not break across pages;
- the figures as pictures as wide as the text block, their alt text in ``wp:docPr`` (``descr``; the
  caption as ``title``) and the caption below;
- after each h2 section a label "Förvaltningens kommentar:" (style :data:`ETIKETTSTIL`) and an
  empty paragraph in the style :data:`KOMMENTARSTIL` where the förvaltning writes;
- a page footer with the nämnd, cycle and "sida X (Y)" (unless the template has a footer of its own).

With ``mall`` (the kommun's ``mall.docx``) the draft is built on that document: its styles, page
setup, headers and footers are kept, its body is emptied, styles the draft needs and the template
lacks are added (:mod:`kfanalys.rapport.word_stilar`). A file that is not a Word document raises
:class:`Wordmallfel` naming it.

Text is text: every value is written as a run's text by python-docx (never as a field or XML), so
``<script>``, ``=HYPERLINK(...)`` or ``{{x}}`` in a report appear as those characters.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.exceptions import OpcError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor

from kfanalys.grund.fel import KfanalysFel
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.rapport.word_html import Del, Figur, Rubrik, Stycke, Tabell, las_block, ren_text
from kfanalys.rapport.word_stilar import (BILDTEXTSTIL, ETIKETTSTIL, FOTNOTSTIL, KOMMENTARSTIL,
                                          PUNKTSTIL, RUBRIKSTILAR, TABELLSTIL, TABELLTEXTSTIL, falt,
                                          sakra_stilar, svenska)

__all__ = ["ETIKETTSTIL", "KOMMENTARSTIL", "Wordmallfel", "oppna_mall", "skriv_word"]

#: The label above each comment box.
ETIKETT = "Förvaltningens kommentar:"
#: A picture is at most this share of the text block's height.
MAX_BILDHOJD = 0.6
#: Estimated width of a character in a table cell (points; 9 pt Calibri bold is 3.6-4.4) and a cell's two margins.
TECKENBREDD, CELLMARGINAL = 4.4, 12
#: How much wider than :data:`TECKENBREDD` a number's characters may be (digits, bold, a serif font).
SIFFERFAKTOR = 1.25
#: The same for a heading word (bold).
RUBRIKFAKTOR = 1.1
#: A column's text is wanted on one line up to this many characters (longer texts wrap).
TECKEN_PER_RAD = 120
#: Monospaced font for ``<code>`` (a checksum, ``kommun.yaml``).
KODTYPSNITT = "Consolas"
#: Fill of a table's header row (the report's --bak colour).
RUBRIKFARG = "F4F6F8"


class Wordmallfel(KfanalysFel):
    """The kommun's Word template cannot be used (the message names the file)."""


def oppna_mall(mall: Path | None):
    """A new document: python-docx's own (A4, Swedish) or the kommun's template with its body emptied.

    Raises :class:`Wordmallfel` when ``mall`` is missing or not a Word document (.docx).
    """
    if mall is None:
        doc = Document()
        for sektion in doc.sections:
            sektion.page_width, sektion.page_height = Mm(210), Mm(297)
            sektion.left_margin = sektion.right_margin = Mm(22)
            sektion.top_margin, sektion.bottom_margin = Mm(20), Mm(20)
        svenska(doc)
        doc.styles["Normal"].font.name = "Calibri"  # the template's theme font is Cambria
        for stil in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
            doc.styles[stil].font.color.rgb = RGBColor(0x00, 0x5A, 0x8C)
        return doc
    mall = Path(mall)
    if not mall.is_file():
        raise Wordmallfel(f"Word-mallen {mall} finns inte.")
    try:
        doc = Document(str(mall))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as fel:
        orsak = "den är en mall (.dotx) och inte ett dokument" if ".template" in str(fel) else \
            "den är inte ett Word-dokument (.docx)"
        raise Wordmallfel(f"Word-mallen {mall} kan inte användas: {orsak}. Spara den i Word som "
                          "Word-dokument (.docx) eller ta bort den; utkastet skapas då utan mall.") from fel
    kropp = doc.element.body
    for barn in list(kropp):
        if barn.tag != qn("w:sectPr"):
            kropp.remove(barn)
    return doc


def _textbredd(doc) -> int:
    s = doc.sections[-1]
    return int(s.page_width - s.left_margin - s.right_margin)


def _texthojd(doc) -> int:
    s = doc.sections[-1]
    return int(s.page_height - s.top_margin - s.bottom_margin)


def _skriv_delar(stycke, delar: list[Del], *, fet: bool = False) -> None:
    for d in delar:
        run = stycke.add_run(ren_text(d.text))
        if d.fet or fet:
            run.bold = True
        if d.kursiv:
            run.italic = True
        if d.kod:
            run.font.name = KODTYPSNITT


def _kolumnbredder(tabell: Tabell, bredd: int) -> list[int]:
    """Column widths in EMU that fill ``bredd``.

    A number never wraps and a word in a body cell is not broken (the floor); a heading's longest
    word is kept whole when there is room; what is left goes to the columns whose text would wrap,
    in proportion to how much longer than the floor it is (the longest up to
    :data:`TECKEN_PER_RAD` characters)."""
    n = tabell.antal_kolumner
    golv, rubrik, helst = [2] * n, [0] * n, [2] * n
    for rad in tabell.rader:
        for i, cell in enumerate(rad.celler):
            ord_ = max((len(o) for o in cell.text.split(" ")), default=0)
            if rad.huvud:  # bold: a little wider
                rubrik[i] = max(rubrik[i], int(ord_ * RUBRIKFAKTOR) + 1)
            else:
                # a number's digits are wider than the average letter: counted with a margin
                golv[i] = max(golv[i], int(len(cell.text) * SIFFERFAKTOR) + 1 if cell.hoger else ord_)
            helst[i] = max(helst[i], min(len(cell.text), TECKEN_PER_RAD))
    tecken, marginal = Pt(TECKENBREDD), Pt(CELLMARGINAL)
    golv = [g * tecken + marginal for g in golv]
    minst = [max(r * tecken + marginal, g) for r, g in zip(rubrik, golv)]
    helst = [max(h * tecken + marginal, m) for h, m in zip(helst, minst)]

    def fyll(fran: list[float], till: list[float]) -> list[int]:
        extra = (bredd - sum(fran)) / max(sum(t - f for t, f in zip(till, fran)), 1)
        return [int(f + (t - f) * extra) for f, t in zip(fran, till)]

    if sum(helst) <= bredd:  # everything on one line: the spare room in proportion
        return [int(h * bredd / sum(helst)) for h in helst]
    if sum(minst) <= bredd:
        return fyll(minst, helst)
    if sum(golv) <= bredd:  # headings wrap inside words; numbers keep their width
        return fyll(golv, minst)
    return [int(g * bredd / sum(golv)) for g in golv]


_ATTR = {'"': "&quot;"}


def _run_xml(d: Del, fet: bool) -> str:
    """One text run as WordprocessingML (``w:r``), as python-docx's ``add_run`` writes it: bold/italic, the
    code font, a tab or line break as ``w:tab``/``w:br``."""
    rpr = ((f'<w:rFonts w:ascii="{escape(KODTYPSNITT, _ATTR)}" w:hAnsi="{escape(KODTYPSNITT, _ATTR)}"/>'
            if d.kod else "") + ("<w:b/>" if d.fet or fet else "") + ("<w:i/>" if d.kursiv else ""))
    delar = []
    for i, rad in enumerate(ren_text(d.text).split("\n")):
        if i:
            delar.append("<w:br/>")
        for j, bit in enumerate(rad.split("\t")):
            if j:
                delar.append("<w:tab/>")
            if bit:
                delar.append(f'<w:t xml:space="preserve">{escape(bit)}</w:t>')
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{''.join(delar)}</w:r>"


class _Bygge:
    """Writes blocks at the end of one document; style ids are looked up once."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.bredd = _textbredd(doc)
        self.hojd = _texthojd(doc)
        self._stilid: dict[str, str] = {}

    def stycke(self, text: str | None = None, stil: str | None = None, behallare=None):
        """A new paragraph (at the end of the body, or in ``behallare``) in the style ``stil``."""
        p = (behallare or self.doc).add_paragraph()
        if stil is not None:
            p._p.get_or_add_pPr().style = self._id(stil)
        if text:
            p.add_run(ren_text(text))
        return p

    def kommentar(self) -> None:
        self.stycke(ETIKETT, ETIKETTSTIL)
        self.stycke(None, KOMMENTARSTIL)

    def tabell(self, tabell: Tabell) -> None:
        if tabell.rubrik:
            self.stycke(tabell.rubrik, BILDTEXTSTIL).paragraph_format.keep_with_next = True
        n, m = len(tabell.rader), tabell.antal_kolumner
        if not m:
            return
        wt = self.doc.add_table(rows=0, cols=m)
        wt.style = self.doc.styles[TABELLSTIL]
        wt.alignment = WD_TABLE_ALIGNMENT.LEFT
        bredder = _kolumnbredder(tabell, self.bredd)
        for kolumn, bredd in zip(wt.columns, bredder):
            kolumn.width = Emu(bredd)
        # the rows as one XML string, parsed once (python-docx's add_row/add_run per cell is ~10x slower)
        textstil = escape(self._id(TABELLTEXTSTIL), _ATTR)
        tcw = [f'<w:tcW w:w="{int(b) // 635}" w:type="dxa"/>' for b in bredder]  # EMU -> twips
        rader = []
        for rad in tabell.rader:
            celler = []
            for i in range(m):
                shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{RUBRIKFARG}"/>' if rad.huvud else ""
                cell = rad.celler[i] if i < len(rad.celler) else None
                jc = '<w:jc w:val="right"/>' if cell is not None and cell.hoger else ""
                runs = "" if cell is None else "".join(
                    _run_xml(d, rad.fet or rad.huvud or cell.rubrik) for d in cell.delar)
                celler.append(f'<w:tc><w:tcPr>{tcw[i]}{shd}</w:tcPr>'
                              f'<w:p><w:pPr><w:pStyle w:val="{textstil}"/>{jc}</w:pPr>{runs}</w:p></w:tc>')
            trpr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if rad.huvud else "") + "</w:trPr>"
            rader.append(f"<w:tr>{trpr}{''.join(celler)}</w:tr>")
        for tr in parse_xml(f'<w:tbl {nsdecls("w")}>{"".join(rader)}</w:tbl>'):
            wt._tbl.append(tr)

    def _id(self, stil: str) -> str:
        if stil not in self._stilid:
            self._stilid[stil] = self.doc.styles[stil].style_id
        return self._stilid[stil]

    def figur(self, figur: Figur) -> None:
        alt = ren_text(figur.alt)
        titel = ren_text(figur.bildtext or figur.alt)
        bild = None
        if figur.bild is not None:
            p = self.stycke()
            p.paragraph_format.keep_with_next = True
            try:
                bild = p.add_run().add_picture(io.BytesIO(figur.bild), width=Emu(self.bredd))
            except (UnrecognizedImageError, ValueError, ZeroDivisionError):
                p._p.getparent().remove(p._p)
        if bild is None:  # not a picture python-docx can read: its alt text says what it showed
            self.stycke(f"[Figur: {alt}]" if alt else "[Figur]")
        else:
            max_hojd = int(self.hojd * MAX_BILDHOJD)
            if bild.height > max_hojd:
                bild.width, bild.height = Emu(int(bild.width * max_hojd / bild.height)), Emu(max_hojd)
            docpr = bild._inline.docPr
            docpr.set("descr", alt)
            docpr.set("title", titel)
        if figur.bildtext:
            self.stycke(figur.bildtext, BILDTEXTSTIL)

    def omslag(self, namn: str, cykel: int, datum: date) -> None:
        self.stycke(namn, "Title")
        self.stycke(f"Kompetensförsörjning {cykel}", "Subtitle")
        self.stycke(f"Utkast {datum.isoformat()}")
        p = self.stycke("Underlaget är framtaget med kfanalys. Efter varje avsnitt finns plats för "
                        "förvaltningens kommentar.")
        p.runs[-1].add_break(WD_BREAK.PAGE)


def _sidfot(doc, namn: str, cykel: int) -> None:
    """Nämnd, cycle and "sida X (Y)" in the page footer, unless the template has a footer text."""
    for sektion in doc.sections:
        sidfot = sektion.footer
        if any(p.text.strip() for p in sidfot.paragraphs) or sidfot._element.findall(".//" + qn("w:drawing")):
            continue
        p = sidfot.paragraphs[0] if sidfot.paragraphs else sidfot.add_paragraph()
        run = p.add_run(f"{ren_text(namn)} · Kompetensförsörjning {cykel} · sida ")
        run.font.size = Pt(8)
        falt(p, "PAGE")
        p.add_run(" (").font.size = Pt(8)
        falt(p, "NUMPAGES")
        p.add_run(")").font.size = Pt(8)


def _egenskaper(doc, namn: str, cykel: int) -> None:
    """Core properties: the title and subject name the nämnd; nothing of the template's author is kept."""
    cp = doc.core_properties
    cp.title = ren_text(f"Kompetensförsörjning {cykel} – {namn}")
    cp.subject = "Utkast till kompetensförsörjningsplan"
    cp.author = cp.last_modified_by = "kfanalys"
    cp.comments = cp.keywords = cp.category = ""
    cp.language = "sv-SE"
    nu = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    cp.created = cp.modified = nu
    cp.revision = 1


def bygg_dokument(html_text: str, *, namn: str, cykel: int, mall: Path | None = None, datum: date | None = None):
    """The python-docx ``Document`` of :func:`skriv_word` (not saved)."""
    doc = oppna_mall(mall)
    sakra_stilar(doc)
    bygge = _Bygge(doc)
    bygge.omslag(namn, cykel, datum or date.today())
    i_avsnitt = False
    for block in las_block(html_text):
        if isinstance(block, Rubrik):
            if block.niva <= 2 and i_avsnitt:
                bygge.kommentar()
            i_avsnitt = block.niva == 2 or (i_avsnitt and block.niva > 2)
            bygge.stycke(block.text, RUBRIKSTILAR[block.niva])
        elif isinstance(block, Tabell):
            bygge.tabell(block)
        elif isinstance(block, Figur):
            bygge.figur(block)
        elif isinstance(block, Stycke):
            if block.typ == "sidfot" and i_avsnitt:
                bygge.kommentar()
                i_avsnitt = False
            stil = {"punkt": PUNKTSTIL, "fotnot": FOTNOTSTIL, "sidfot": FOTNOTSTIL}.get(block.typ)
            _skriv_delar(bygge.stycke(None, stil), block.delar)
    if i_avsnitt:
        bygge.kommentar()
    _sidfot(doc, namn, cykel)
    _egenskaper(doc, namn, cykel)
    return doc


def skriv_word(html_text: str, sokvag: Path, *, namn: str, cykel: int, mall: Path | None = None) -> Path:
    """Writes the Word draft of the report page ``html_text`` to ``sokvag`` (atomically); returns the path.

    ``namn`` is the nämnd's name (cover, footer, title), ``cykel`` the cycle; ``mall`` the kommun's
    ``mall.docx`` or None. Raises :class:`Wordmallfel` for a template that is not a Word document.
    """
    doc = bygg_dokument(html_text, namn=namn, cykel=cykel, mall=mall)
    sokvag = Path(sokvag)
    sokvag.parent.mkdir(parents=True, exist_ok=True)
    return skriv_atomiskt(sokvag, lambda tmp: doc.save(tmp))
