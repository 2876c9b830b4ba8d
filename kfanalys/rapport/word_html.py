"""A finished report page (HTML) read back as a list of blocks, for the Word draft (:mod:`kfanalys.rapport.word`).

The page is the batch's output (:mod:`kfanalys.rapport.karna`): headings ``h1``-``h3``, paragraphs
with ``<strong>``/``<em>``/``<code>``, bullet lists, tables (``<caption>``, ``<thead>``/``<tbody>``,
Totalt rows in bold, numeric cells ``text-align:right``), figures (``<figure><img src="data:image/png;
base64,..." alt="..."><figcaption>``) and a ``<footer>``. Only these elements are read; everything
else contributes its text (or nothing: ``<head>``, ``<style>``, ``<script>``, the ``¶`` anchor links).
The result is plain text in typed blocks: nothing in it is ever markup again, so a value such as
``<script>`` or ``=HYPERLINK(...)`` comes out as the characters it is.

>>> b = las_block('<h2>Nuläge<a class="anchor-link" href="#N">¶</a></h2><p>Nämnden har <strong>2 195</strong>'
...               ' anställda.</p><ul><li>a &lt;b&gt;</li></ul><script>x()</script>')
>>> [(type(x).__name__, getattr(x, "text", None)) for x in b]
[('Rubrik', 'Nuläge'), ('Stycke', 'Nämnden har 2 195 anställda.'), ('Stycke', 'a <b>')]
>>> b[1].delar
[Del(text='Nämnden har ', fet=False, kursiv=False, kod=False), Del(text='2 195', fet=True, kursiv=False, kod=False), Del(text=' anställda.', fet=False, kursiv=False, kod=False)]
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements whose content is never part of the document.
HOPPA_OVER = frozenset({"head", "title", "style", "script", "noscript", "template", "svg", "math",
                        "iframe", "object", "embed", "textarea", "select", "button"})
#: Elements that end the paragraph being read (their text starts a new one).
BLOCK = frozenset({"div", "section", "article", "main", "body", "header", "nav", "aside", "blockquote",
                   "pre", "hr", "dl", "dt", "dd", "ul", "ol"})
#: Picture types a figure may carry (a data: address only; nothing is ever fetched).
BILDTYPER = ("image/png", "image/jpeg", "image/gif")

_BLANKT = re.compile(r"[ \t\n\r\f]+")  # HTML white space; a no-break space (talformat) is kept
# Characters XML 1.0 cannot hold (a Word file with one cannot be opened).
_OGILTIGT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Del:
    """A piece of text with its emphasis."""

    text: str
    fet: bool = False
    kursiv: bool = False
    kod: bool = False


@dataclass
class Rubrik:
    niva: int  # 1-3 (h4-h6 are read as 3)
    text: str


@dataclass
class Stycke:
    """A paragraph: ``typ`` is ``stycke``, ``punkt`` (a list item), ``fotnot`` or ``sidfot``."""

    delar: list[Del]
    typ: str = "stycke"

    @property
    def text(self) -> str:
        return "".join(d.text for d in self.delar)


@dataclass
class Cell:
    delar: list[Del]
    hoger: bool = False  # right-aligned (a numeric column)
    rubrik: bool = False  # a <th>

    @property
    def text(self) -> str:
        return "".join(d.text for d in self.delar)


@dataclass
class Rad:
    celler: list[Cell] = field(default_factory=list)
    huvud: bool = False  # in <thead>: repeated on every page
    fet: bool = False  # a Totalt row


@dataclass
class Tabell:
    rubrik: str | None = None
    rader: list[Rad] = field(default_factory=list)

    @property
    def antal_kolumner(self) -> int:
        return max((len(r.celler) for r in self.rader), default=0)


@dataclass
class Figur:
    bild: bytes | None  # None: the picture was not a readable data: address
    alt: str
    bildtext: str | None = None


def ren_text(text: str) -> str:
    """Text without the characters an XML document cannot hold.

    >>> ren_text("a\\x00b\\x1fc\\td")
    'abc\\td'
    """
    return _OGILTIGT.sub("", text)


def data_bild(src: str | None) -> bytes | None:
    """The bytes of a ``data:image/png;base64,...`` address, else None (nothing is fetched).

    >>> data_bild("data:image/png;base64,aGVq"), data_bild("https://x/a.png"), data_bild("data:image/png;base64,%%")
    (b'hej', None, None)
    """
    if not src:
        return None
    huvud, _, innehall = src.strip().partition(",")
    delar = [d.strip().lower() for d in huvud.split(";")]
    if not delar or not delar[0].startswith("data:") or delar[0][5:] not in BILDTYPER or "base64" not in delar[1:]:
        return None
    try:
        return base64.b64decode(re.sub(r"\s+", "", innehall), validate=True)
    except (binascii.Error, ValueError):
        return None


def _stil(attrs: dict[str, str | None], namn: str) -> str:
    stil = (attrs.get("style") or "").lower().replace(" ", "")
    for del_ in stil.split(";"):
        nyckel, _, varde = del_.partition(":")
        if nyckel == namn:
            return varde
    return ""


def _stada(delar: list[Del]) -> list[Del]:
    """Collapsed white space across the pieces, none at the ends, neighbouring equal pieces merged."""
    ut: list[Del] = []
    for d in delar:
        text = d.text
        if not text:
            continue
        foregaende = ut[-1].text if ut else ""
        if (not ut or foregaende.endswith((" ", "\n"))) and text.startswith(" "):
            text = text.lstrip(" ")
        if text.startswith("\n") and ut and foregaende.endswith(" "):
            ut[-1] = Del(foregaende.rstrip(" "), ut[-1].fet, ut[-1].kursiv, ut[-1].kod)
        if not text:
            continue
        if ut and (ut[-1].fet, ut[-1].kursiv, ut[-1].kod) == (d.fet, d.kursiv, d.kod):
            ut[-1] = Del(ut[-1].text + text, d.fet, d.kursiv, d.kod)
        else:
            ut.append(Del(text, d.fet, d.kursiv, d.kod))
    while ut and not ut[-1].text.rstrip(" \n"):
        ut.pop()
    if ut:
        ut[-1] = Del(ut[-1].text.rstrip(" \n"), ut[-1].fet, ut[-1].kursiv, ut[-1].kod)
    return ut


class _Lasare(HTMLParser):
    """Walks the page once; :attr:`block` holds what it found, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.block: list[Rubrik | Stycke | Tabell | Figur] = []
        self._hoppa = 0  # depth inside HOPPA_OVER (and inside an anchor link)
        self._fet = self._kursiv = self._kod = 0
        self._delar: list[Del] | None = None  # the text being read (None: between blocks)
        self._mal: tuple = ("stycke", "stycke")  # what the text becomes when it ends
        self._tabell: Tabell | None = None
        self._i_huvud = False
        self._figur: dict | None = None
        self._stack: list[str] = []  # open inline elements that change emphasis or are skipped

    # -- text -------------------------------------------------------------------------------
    def _borja(self, mal: tuple) -> None:
        self._avsluta()
        self._delar, self._mal = [], mal

    def _avsluta(self) -> None:
        """Ends the text being read and stores it as what it was opened for."""
        if self._delar is None:
            return
        delar, mal = _stada(self._delar), self._mal
        self._delar, self._mal = None, ("stycke", "stycke")
        slag = mal[0]
        if slag == "rubrik":
            if delar:
                self.block.append(Rubrik(mal[1], "".join(d.text for d in delar).replace("\n", " ")))
        elif slag == "cell":
            if self._tabell is not None and self._tabell.rader:
                self._tabell.rader[-1].celler.append(Cell(delar, hoger=mal[1], rubrik=mal[2]))
        elif slag == "tabellrubrik":
            if self._tabell is not None:
                self._tabell.rubrik = "".join(d.text for d in delar) or None
        elif slag == "bildtext":
            if self._figur is not None:
                self._figur["bildtext"] = "".join(d.text for d in delar) or None
        elif delar:
            if self._tabell is not None:  # stray text inside a table: kept in the last cell
                rad = self._tabell.rader[-1] if self._tabell.rader else None
                if rad and rad.celler:
                    rad.celler[-1].delar.extend([Del(" ")] + delar)
                return
            self.block.append(Stycke(delar, mal[1]))

    def handle_data(self, data: str) -> None:
        if self._hoppa:
            return
        text = ren_text(_BLANKT.sub(" ", data))
        if not text:
            return
        if self._delar is None:
            if not text.strip():
                return
            self._delar, self._mal = [], ("stycke", "stycke")
        self._delar.append(Del(text, self._fet > 0, self._kursiv > 0, self._kod > 0))

    # -- elements ---------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs_lista: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_lista)
        if self._hoppa:
            if tag in HOPPA_OVER or tag == "a":
                self._stack.append("hoppa")
                self._hoppa += 1
            return
        if tag in HOPPA_OVER or (tag == "a" and "anchor-link" in (attrs.get("class") or "").split()):
            self._stack.append("hoppa")
            self._hoppa += 1
            return
        if tag in ("strong", "b", "em", "i", "code", "kbd", "samp", "tt", "a", "span"):
            self._stack.append(tag)
            self._fet += tag in ("strong", "b")
            self._kursiv += tag in ("em", "i")
            self._kod += tag in ("code", "kbd", "samp", "tt")
        elif tag == "br":
            if self._delar is not None:
                self._delar.append(Del("\n", self._fet > 0, self._kursiv > 0, self._kod > 0))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._borja(("rubrik", min(int(tag[1]), 3)))
        elif tag == "p":
            klass = (attrs.get("class") or "").split()
            self._borja(("stycke", "fotnot" if "fotnot" in klass else "stycke"))
        elif tag == "li":
            self._borja(("stycke", "punkt"))
        elif tag == "footer":
            self._borja(("stycke", "sidfot"))
        elif tag == "table":
            self._avsluta()
            self._tabell = Tabell()
        elif tag == "caption":
            self._borja(("tabellrubrik",))
        elif tag == "thead":
            self._i_huvud = True
        elif tag in ("tbody", "tfoot"):
            self._i_huvud = False
        elif tag == "tr":
            self._avsluta()
            if self._tabell is not None:
                klass = (attrs.get("class") or "").split()
                fet = "totalt" in klass or _stil(attrs, "font-weight") in ("bold", "700", "800", "900")
                self._tabell.rader.append(Rad(huvud=self._i_huvud, fet=fet))
        elif tag in ("td", "th"):
            hoger = (_stil(attrs, "text-align") == "right" or attrs.get("data-typ") == "tal"
                     or "tal" in (attrs.get("class") or "").split())
            if self._tabell is not None and not self._tabell.rader:
                self._tabell.rader.append(Rad(huvud=self._i_huvud))
            self._borja(("cell", hoger, tag == "th"))
        elif tag == "figure":
            self._avsluta()
            self._figur = {"bild": None, "alt": "", "bildtext": None, "har_bild": False}
        elif tag == "img":
            alt = ren_text(_BLANKT.sub(" ", attrs.get("alt") or "")).strip()
            figur = {"bild": data_bild(attrs.get("src")), "alt": alt, "bildtext": None, "har_bild": True}
            if self._figur is not None and not self._figur["har_bild"]:
                self._figur.update(bild=figur["bild"], alt=alt, har_bild=True)
            else:  # a picture outside a figure
                self._avsluta()
                self.block.append(Figur(figur["bild"], alt))
        elif tag == "figcaption":
            self._borja(("bildtext",))
        elif tag in BLOCK:
            self._avsluta()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in HOPPA_OVER or tag in ("strong", "b", "em", "i", "code", "kbd", "samp", "tt", "a", "span"):
            # close the innermost open element of that name (a stray end tag is ignored)
            for i in range(len(self._stack) - 1, -1, -1):
                oppen = self._stack[i]
                if oppen == tag or (oppen == "hoppa" and (tag in HOPPA_OVER or tag == "a")):
                    del self._stack[i]
                    if oppen == "hoppa":
                        self._hoppa -= 1
                    else:
                        self._fet -= tag in ("strong", "b")
                        self._kursiv -= tag in ("em", "i")
                        self._kod -= tag in ("code", "kbd", "samp", "tt")
                    break
            return
        if self._hoppa:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "footer", "caption", "td", "th",
                   "figcaption", "tr") or tag in BLOCK:
            self._avsluta()
        elif tag == "table":
            self._avsluta()
            if self._tabell is not None:
                if self._tabell.rader:
                    self.block.append(self._tabell)
                self._tabell = None
        elif tag == "figure":
            self._avsluta()
            if self._figur is not None:
                f = self._figur
                if f["har_bild"] or f["bildtext"]:
                    self.block.append(Figur(f["bild"], f["alt"], f["bildtext"]))
                self._figur = None

    def close(self) -> None:
        super().close()
        self._avsluta()
        if self._tabell is not None and self._tabell.rader:
            self.block.append(self._tabell)
            self._tabell = None


def las_block(html_text: str) -> list[Rubrik | Stycke | Tabell | Figur]:
    """The blocks of a report page, in reading order (see the module docstring)."""
    lasare = _Lasare()
    lasare.feed(html_text)
    lasare.close()
    return lasare.block
