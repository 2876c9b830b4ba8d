"""The styles the Word draft uses, added to a document (or the kommun's template) that lacks them.

A style the document already has is kept as it is (the kommun's graphic profile); a missing one is
created with a plain definition: headings with an outline level (so they show in Word's navigation
pane and a table of contents), a bullet list with a real numbering definition, a caption, a table
style with grid lines, and the two styles of the comment box. Every XML fragment here is a constant:
no text from a report ever passes through this module.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from docx.shared import Pt, RGBColor

#: The empty paragraph after each h2 section where the HR strategist writes.
KOMMENTARSTIL = "Förvaltningens kommentar"
#: The small label above it ("Förvaltningens kommentar:").
ETIKETTSTIL = "Kommentarsrubrik"
#: Notes under tables and figures, and the page's footer line.
FOTNOTSTIL = "Tabellfotnot"
#: Text in table cells (small, no spacing).
TABELLTEXTSTIL = "Tabelltext"
#: The table style (Word's built-in name; created with grid lines when the template lacks it).
TABELLSTIL = "Table Grid"
RUBRIKSTILAR = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
PUNKTSTIL = "List Bullet"
BILDTEXTSTIL = "Caption"

#: The order of the children of ``w:pPr`` (ECMA-376 CT_PPr), for inserting in the right place.
PPR_ORDNING = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
               "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
               "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
               "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
               "w:sectPr", "w:pPrChange")
#: The order of the children of ``w:tcPr`` (CT_TcPr).
TCPR_ORDNING = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
                "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def satt_in(foralder, element, ordning: tuple[str, ...]) -> None:
    """Put ``element`` into ``foralder`` at its place in ``ordning``, replacing one of the same name."""
    namn = element.tag
    for gammal in foralder.findall(namn):
        foralder.remove(gammal)
    plats = ordning.index(next(t for t in ordning if qn(t) == namn))
    foralder.insert_element_before(element, *ordning[plats + 1:])


def _pstil(doc, namn: str, *, bas: str | None = "Normal"):
    stil = doc.styles.add_style(namn, WD_STYLE_TYPE.PARAGRAPH)
    if bas and bas in doc.styles:
        stil.base_style = doc.styles[bas]
    stil.quick_style = True
    return stil


def _rubrik(doc, niva: int) -> None:
    stil = _pstil(doc, RUBRIKSTILAR[niva])
    stil.next_paragraph_style = doc.styles["Normal"]
    stil.font.bold = True
    stil.font.size = Pt({1: 18, 2: 14, 3: 12}[niva])
    stil.paragraph_format.keep_with_next = True
    stil.paragraph_format.space_before = Pt({1: 18, 2: 16, 3: 10}[niva])
    stil.paragraph_format.space_after = Pt(6)
    satt_in(stil.element.get_or_add_pPr(), parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{niva - 1}"/>'),
            PPR_ORDNING)


def numreringsdel(doc) -> NumberingPart:
    """The document's numbering part, created when the document (a template) has none."""
    try:
        return doc.part.part_related_by(RT.NUMBERING)
    except KeyError:
        pass
    element = parse_xml(f'<w:numbering {nsdecls("w")}/>')
    del_ = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, doc.part.package)
    doc.part.relate_to(del_, RT.NUMBERING)
    return del_


def _punktlista(doc) -> None:
    """``List Bullet`` with a bullet numbering definition of its own."""
    numrering = numreringsdel(doc).element
    upptagna = [int(a.get(qn("w:abstractNumId"))) for a in numrering.findall(qn("w:abstractNum"))]
    abstrakt_id = max(upptagna, default=-1) + 1
    abstrakt = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstrakt_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl>'
        '</w:abstractNum>')
    forsta_num = numrering.find(qn("w:num"))
    if forsta_num is not None:
        forsta_num.addprevious(abstrakt)
    else:
        numrering.append(abstrakt)
    num = numrering.add_num(abstrakt_id)
    stil = _pstil(doc, PUNKTSTIL)
    satt_in(stil.element.get_or_add_pPr(),
            parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num.numId}"/></w:numPr>'), PPR_ORDNING)
    stil.paragraph_format.space_after = Pt(2)


def _tabellstil(doc) -> None:
    stil = doc.styles.add_style(TABELLSTIL, WD_STYLE_TYPE.TABLE)
    kanter = "".join(f'<w:{k} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                     for k in ("top", "left", "bottom", "right", "insideH", "insideV"))
    stil.element.append(parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblBorders>{kanter}</w:tblBorders>'
        '<w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr>'))


def _kommentar(doc) -> None:
    """The comment box: a label, then an italic paragraph with a blue bar on the left and a light shading."""
    for namn in (ETIKETTSTIL, KOMMENTARSTIL):
        if namn in doc.styles:
            continue
        stil = _pstil(doc, namn)
        ppr = stil.element.get_or_add_pPr()
        satt_in(ppr, parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="24" w:space="8" w:color="0072B2"/></w:pBdr>'),
            PPR_ORDNING)
        satt_in(ppr, parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="EEF4FA"/>'),
                PPR_ORDNING)
        stil.paragraph_format.left_indent = Pt(8)
        if namn == ETIKETTSTIL:
            stil.font.bold = True
            stil.font.size = Pt(9)
            stil.font.color.rgb = RGBColor(0x00, 0x5A, 0x8C)
            stil.paragraph_format.keep_with_next = True
            stil.paragraph_format.space_before = Pt(12)
            stil.paragraph_format.space_after = Pt(0)
        else:
            stil.font.italic = True
            stil.paragraph_format.space_before = Pt(0)
            stil.paragraph_format.space_after = Pt(14)
    etikett, kommentar = doc.styles[ETIKETTSTIL], doc.styles[KOMMENTARSTIL]
    etikett.next_paragraph_style = kommentar
    kommentar.next_paragraph_style = kommentar


def sakra_stilar(doc) -> None:
    """Adds every style the draft uses that ``doc`` lacks (existing styles are left as they are)."""
    for niva in RUBRIKSTILAR:
        if RUBRIKSTILAR[niva] not in doc.styles:
            _rubrik(doc, niva)
    if PUNKTSTIL not in doc.styles:
        _punktlista(doc)
    if BILDTEXTSTIL not in doc.styles:
        stil = _pstil(doc, BILDTEXTSTIL)
        stil.font.italic = True
        stil.font.size = Pt(9)
    for namn, storlek in (("Title", 26), ("Subtitle", 15)):
        if namn not in doc.styles:
            stil = _pstil(doc, namn)
            stil.font.size = Pt(storlek)
            stil.font.bold = namn == "Title"
    if FOTNOTSTIL not in doc.styles:
        stil = _pstil(doc, FOTNOTSTIL)
        stil.font.size = Pt(8.5)
        stil.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        stil.paragraph_format.space_after = Pt(8)
    if TABELLTEXTSTIL not in doc.styles:
        stil = _pstil(doc, TABELLTEXTSTIL)
        stil.font.size = Pt(9)
        stil.paragraph_format.space_before = stil.paragraph_format.space_after = Pt(0)
        stil.paragraph_format.line_spacing = 1.0
    if TABELLSTIL not in doc.styles:
        _tabellstil(doc)
    _kommentar(doc)


def svenska(doc) -> None:
    """Swedish as the document's language (spelling and hyphenation in Word)."""
    standard = doc.styles.element.find(qn("w:docDefaults"))
    if standard is None:
        return
    rpr = standard.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")


def falt(stycke, instruktion: str) -> None:
    """A constant Word field (``PAGE``, ``NUMPAGES``) at the end of a paragraph; never from report text."""
    if instruktion not in ("PAGE", "NUMPAGES"):
        raise ValueError(instruktion)
    stycke._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instruktion}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
