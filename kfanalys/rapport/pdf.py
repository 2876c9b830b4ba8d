"""A report's PDF for the diarium, from the same HTML the batch writes (WeasyPrint, CSS paged media).

:func:`skriv_pdf` takes the report's HTML page (``html_fran_notebook``), adds a cover (nämnd,
cycle, date) and a contents page (every section heading, ``<h2>``, with its page number via
``target-counter``), and lays it out on A4 with the print stylesheet
``mallar/kfanalys/utskrift.css`` (used only here, so the screen page is unchanged): page
numbers "sida X (Y)", a running header with the nämnd and the cycle, table header rows repeated
on every page, a figure kept with its caption.

Tables never leave the page: a table with many columns gets smaller type (class ``kf-bred``);
one that is still wider than the A4 text width after layout is set on a landscape page of its
own (class ``kf-liggande``, second layout pass). Only ``data:`` URLs are fetched (the report's
images): the layout never reads a local file or the network.

A missing engine (WeasyPrint not installed, or its pango library absent) raises
:class:`PdfMotorSaknas` with one Swedish line; the batch prints it once and writes HTML and
Excel as usual.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from kfanalys.grund.fel import KfanalysFel
from kfanalys.grund.sokvagar import skriv_atomiskt
from kfanalys.grund.text import escape

UTSKRIFT_CSS = Path(__file__).parent / "mallar" / "kfanalys" / "utskrift.css"

#: A table with at least this many columns is set in smaller type (``kf-bred``), from the second
#: number in smaller still (``kf-bredast``).
BRED_FRAN = 7
BREDAST_FRAN = 9

_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.S | re.I)
_TABELL = re.compile(r"<table\b([^>]*)>", re.I)
_TAGG = re.compile(r"<[^>]+>")
_ANKARLANK = re.compile(r"<a\b[^>]*class=\"anchor-link\"[^>]*>.*?</a>", re.S | re.I)
_STANGD_DETALJ = re.compile(r"<details\b(?![^>]*\bopen\b)[^>]*>.*?</details>", re.S | re.I)


class PdfMotorSaknas(KfanalysFel):
    """WeasyPrint (or the pango library it needs) is missing; the message is one Swedish line."""


def _motor():
    """The weasyprint module, or :class:`PdfMotorSaknas`."""
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: WeasyPrint is there but libpango is not
        orsak = "WeasyPrint är inte installerat" if isinstance(e, ImportError) and "weasyprint" in str(
            getattr(e, "name", "") or e) else f"WeasyPrint kan inte laddas ({str(e).splitlines()[0] if str(e) else e})"
        raise PdfMotorSaknas(
            f"PDF skapades inte: {orsak}. Installera med bash scripts/setup.sh (pip install weasyprint; "
            "på Debian/Ubuntu även apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
            "HTML och Excel skrevs som vanligt.") from None
    return weasyprint


def _rubriktext(inre: str) -> str:
    """The plain text of a heading's inner HTML (no ¶ anchor link, no tags)."""
    return " ".join(html.unescape(_TAGG.sub("", _ANKARLANK.sub("", inre))).split())


def avsnitt(html_text: str) -> list[str]:
    """The section headings (``<h2>``) of a report page, as plain text, in order.

    >>> avsnitt('<h2 id="a">Nuläge<a class="anchor-link" href="#a">¶</a></h2><p>x</p><h2>Risk &amp; plan</h2>')
    ['Nuläge', 'Risk & plan']
    """
    return [_rubriktext(m.group(2)) for m in _H2.finditer(html_text)]


def _kolumner(tabell_html: str) -> int:
    """Cells of the widest of the first rows (header or first body row) of a table."""
    rader = re.findall(r"<tr\b[^>]*>(.*?)</tr>", tabell_html[:20000], re.S | re.I)[:3]
    return max((len(re.findall(r"<t[hd]\b", r, re.I)) for r in rader), default=0)


def utskriftshtml(html_text: str, *, namn: str, cykel: int, datum: str, liggande: frozenset[int] = frozenset(),
                  minst: frozenset[int] = frozenset()) -> str:
    """The report page prepared for print: cover, contents page, anchors, table classes.

    A closed ``<details>`` (the numbers behind a chart, which the page shows only when opened)
    is left out: the PDF prints what the page shows. Every ``<h2>`` gets an anchor ``kf-avsnitt-<n>`` the contents page links to; every table
    with :data:`BRED_FRAN` columns or more the class ``kf-bred`` (and ``kf-bredast`` from
    :data:`BREDAST_FRAN`); tables whose number (0-based, in document order) is in ``liggande`` the
    class ``kf-liggande`` (a landscape page), in ``minst`` also ``kf-minst`` (the smallest type).
    ``namn``, ``cykel`` and ``datum`` are escaped.

    >>> s = utskriftshtml('<body><main><h2>Nuläge</h2></main></body>', namn="A & B", cykel=2025, datum="2025-12-01")
    >>> 'href="#kf-avsnitt-1"' in s, 'A &amp; B' in s, '<h2><span class="kf-ankare" id="kf-avsnitt-1"></span>' in s
    (True, True, True)
    """
    rubriker: list[str] = []

    def ankare(m: re.Match) -> str:
        rubriker.append(_rubriktext(m.group(2)))
        return f'<h2{m.group(1)}><span class="kf-ankare" id="kf-avsnitt-{len(rubriker)}"></span>{m.group(2)}</h2>'

    text = _H2.sub(ankare, _STANGD_DETALJ.sub("", html_text))

    delar = _TABELL.split(text)
    # split with one group: [före, attr0, efter0, attr1, efter1, ...]
    ut = [delar[0]]
    for i in range(0, (len(delar) - 1) // 2):
        attr, efter = delar[1 + 2 * i], delar[2 + 2 * i]
        klasser = []
        kolumner = _kolumner(efter)
        if kolumner >= BRED_FRAN:
            klasser.append("kf-bred")
        if kolumner >= BREDAST_FRAN:
            klasser.append("kf-bredast")
        if i in liggande:
            klasser.append("kf-liggande")
        if i in minst:
            klasser.append("kf-minst")
        if klasser:
            attr = f' class="{" ".join(klasser)}"' + attr
        ut.append(f"<table{attr}>{efter}")
    text = "".join(ut)

    rader = "\n".join(f'<li><a href="#kf-avsnitt-{i}">{escape(r)}</a></li>' for i, r in enumerate(rubriker, 1))
    forsats = f"""
<section class="kf-omslag">
<p class="kf-omslag-overrubrik">Kompetensförsörjning</p>
<p class="kf-omslag-namn">{escape(namn)}</p>
<p class="kf-omslag-cykel">Cykel {int(cykel)}</p>
<p class="kf-omslag-datum">Datum {escape(datum)}</p>
</section>
<nav class="kf-innehall" aria-label="Innehåll">
<p class="kf-innehall-rubrik">Innehåll</p>
<ol>
{rader}
</ol>
</nav>
"""
    for tagg in ("<main>", "<body>"):
        pos = text.find(tagg)
        if pos >= 0:
            return text[:pos + len(tagg)] + forsats + text[pos + len(tagg):]
    return forsats + text


def _hamtare(weasyprint):
    """A URL fetcher for ``data:`` URLs only (no file, no network)."""
    urls = weasyprint.urls
    if hasattr(urls, "URLFetcher"):
        return urls.URLFetcher(allowed_protocols=("data",))

    def hamta(url, *args, **kwargs):  # WeasyPrint before 66: a function
        if not url.lower().startswith("data:"):
            raise ValueError(f"bara data:-adresser hämtas: {url[:40]}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return hamta


def _for_breda(dokument) -> set[int]:
    """Numbers (document order) of the tables wider than the text width after layout.

    Uses WeasyPrint's layout boxes; a version without them gives an empty set (no landscape pass).
    """
    breda: set[int] = set()
    try:
        for sida in dokument.pages:
            for box in sida._page_box.descendants():
                if getattr(box, "element_tag", None) != "table" or type(box).__name__ != "TableBox":
                    continue
                nummer = getattr(box.element, "get", lambda *_: None)("data-kf-tabell")
                if nummer is None:
                    continue
                if box.margin_width() > sida._page_box.width + 0.5:  # the page's text width
                    breda.add(int(nummer))
    except AttributeError:
        return set()
    return breda


def _numrera_tabeller(text: str) -> str:
    """``data-kf-tabell="<n>"`` on every ``<table>`` (so the layout pass can name a wide one)."""
    raknare = iter(range(1 << 30))
    return _TABELL.sub(lambda m: f'<table data-kf-tabell="{next(raknare)}"{m.group(1)}>', text)


def rendera(html_text: str, *, namn: str, cykel: int, datum: str):
    """The laid-out WeasyPrint document.

    A table still wider than the text after a pass gets a landscape page in the next pass, and one
    too wide even for that the smallest type (at most three passes; one when every table fits).
    """
    weasyprint = _motor()
    css = UTSKRIFT_CSS.read_text(encoding="utf-8")
    hamtare = _hamtare(weasyprint)

    def lagg_ut(liggande: frozenset[int], minst: frozenset[int]):
        text = _numrera_tabeller(utskriftshtml(html_text, namn=namn, cykel=cykel, datum=datum, liggande=liggande,
                                               minst=minst))
        # An author stylesheet after the page's own (WeasyPrint's stylesheets= are user sheets, which lose to it)
        pos = text.find("</head>")
        text = f"{text[:pos]}<style>\n{css}\n</style>\n{text[pos:]}" if pos >= 0 else f"<style>{css}</style>{text}"
        return weasyprint.HTML(string=text, url_fetcher=hamtare).render()

    liggande: frozenset[int] = frozenset()
    minst: frozenset[int] = frozenset()
    for _ in range(3):
        dokument = lagg_ut(liggande, minst)
        breda = _for_breda(dokument)
        if breda <= minst:  # nothing more to do
            break
        liggande, minst = liggande | breda, minst | (breda & liggande)
    return dokument


def skriv_pdf(html_text: str, sokvag: Path, *, namn: str, cykel: int, datum: str) -> Path:
    """Write the report page ``html_text`` as an A4 PDF to ``sokvag`` (temporary file + rename).

    ``namn`` (the nämnd, or the kommun for the kommun report), ``cykel`` and ``datum`` go on the
    cover and in the running header. Raises :class:`PdfMotorSaknas` when WeasyPrint cannot be
    loaded (nothing is written then).
    """
    sokvag = Path(sokvag)
    dokument = rendera(html_text, namn=namn, cykel=cykel, datum=datum)
    titel = f"Kompetensförsörjning {int(cykel)} – {namn}"
    dokument.metadata.title = titel
    dokument.metadata.lang = "sv"
    return skriv_atomiskt(sokvag, lambda tmp: dokument.write_pdf(tmp))


__all__ = ["PdfMotorSaknas", "avsnitt", "rendera", "skriv_pdf", "utskriftshtml", "UTSKRIFT_CSS"]
