"""Text is text: the one way report prose, lists and headings become HTML.

A report sentence is a **trusted template** (written in kfanalys or in a notebook) with
``{namn}`` fields and **untrusted values** (anything a person typed: workbook answers,
names from kommun.yaml, yrkeskategori and befattning names from the register, error texts
that echo a typed value). The template may use three marks of its own: ``**fet**``,
``*kursiv*`` and ```kod```; :func:`stycke`, :func:`markering` and :func:`rubrik` convert
them to ``<strong>``, ``<em>`` and ``<code>``. Every value is :func:`html.escape`'d
(``quote=True``) *after* that conversion, so no Markdown renderer and no HTML parser ever
sees a typed value as markup: ``<script>`` is shown as the text ``<script>``, ``# x``
stays ``# x``, ``[a](javascript:...)`` is no link and ``**x**`` in a value is not bold. The
template's own text is escaped too, so even a template built from a typed value by
mistake can carry no tag or attribute (only the three marks).

The result is an :class:`Html` (``_repr_html_``, so ``display(stycke(...))`` in a notebook
shows it; nbconvert copies it into the page as it is). An :class:`Html` given as a value is
inserted as it is: that is how the pieces are put together (:func:`kod`, a sentence inside a
list item).

>>> print(stycke("Nämnden hade **{antal}** anställda i {namnd}.", antal="1 811",
...              namnd="<script>alert(1)</script>"))
<p>Nämnden hade <strong>1 811</strong> anställda i &lt;script&gt;alert(1)&lt;/script&gt;.</p>
>>> print(stycke("**{fraga}** {svar}", fraga="Vilket är gapet?", svar="# x *inte kursiv* [a](javascript:alert(1))"))
<p><strong>Vilket är gapet?</strong> # x *inte kursiv* [a](javascript:alert(1))</p>
>>> print(punkter(["<img src=x onerror=alert(1)>", markering("**{n}** st", n=3)]))
<ul>
<li>&lt;img src=x onerror=alert(1)&gt;</li>
<li><strong>3</strong> st</li>
</ul>
>>> print(rubrik("Kompetensförsörjning {cykel}: {namn}", 1, cykel=2025, namn='<svg onload="x()">'))
<h1>Kompetensförsörjning 2025: &lt;svg onload=&quot;x()&quot;&gt;</h1>
"""

from __future__ import annotations

import html
import math
import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["CSP", "Html", "escape", "markering", "stycke", "stycken", "rubrik", "punkter", "punktlista", "kod"]

#: The Content-Security-Policy of every page kfanalys writes (a ``<meta http-equiv>`` in the report
#: template and in index.html): the backstop should a typed value ever reach a page as markup. No
#: script, frame, font file, style sheet or image from anywhere (images only as ``data:``, styles
#: only inline), no ``<base>``, no form target. Links to other pages still work.
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; "
       "form-action 'none'")

# stand-ins for the fields while the template's marks are converted (Unicode private use area)
_START, _SLUT = "\ue000", "\ue001"
_PLATS = re.compile(f"{_START}(\\d+){_SLUT}")
_KOD = re.compile(r"`([^`\n]+)`")
_FET = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_KURSIV = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", re.S)
_FORMATTERARE = string.Formatter()


class Html:
    """A piece of finished, safe HTML (``_repr_html_`` for notebooks, ``__html__`` for Jinja).

    Make one with the functions of this module, not from a typed value.
    """

    __slots__ = ("html",)

    def __init__(self, html_text: str = ""):
        self.html = str(html_text)

    def _repr_html_(self) -> str:
        return self.html

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Html({self.html!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Html) and other.html == self.html

    def __hash__(self) -> int:
        return hash(self.html)

    def __add__(self, other: Any) -> Html:
        """``Html + Html`` joins; ``Html + "text"`` escapes the text.

        >>> print(kod("a") + " <b>")
        <code>a</code> &lt;b&gt;
        """
        return Html(self.html + escape(other))

    def __radd__(self, other: Any) -> Html:
        return Html(escape(other) + self.html)


def _saknas(varde: Any) -> bool:
    """None, NaN, pandas' NA and NaT (a missing cell), not a text that reads "nan"."""
    if varde is None or type(varde).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(varde, float) and math.isnan(varde)


def escape(varde: Any) -> str:
    """A value as HTML text: ``html.escape(str(varde), quote=True)``; an :class:`Html` as it is;
    ``None``/NaN as the empty string. Line breaks in a value become ``<br>``.

    >>> escape('<a href="javascript:x">'), escape(None), escape(kod("x")), escape("a\\nb")
    ('&lt;a href=&quot;javascript:x&quot;&gt;', '', '<code>x</code>', 'a<br>\\nb')
    """
    if isinstance(varde, Html):
        return varde.html
    if _saknas(varde):
        return ""
    text = str(varde).replace("\r\n", "\n").replace("\r", "\n")
    return html.escape(text, quote=True).replace("\n", "<br>\n")


def markering(mall: str, /, *args: Any, **varden: Any) -> Html:
    """Inline HTML from a trusted template with ``**fet**``, ``*kursiv*``, ```kod``` and
    ``{fält}`` (``str.format`` syntax, format specs allowed: ``{andel:.1f}``).

    The template's text is escaped and its marks converted first; each value is formatted,
    escaped and put in afterwards, so a value never becomes markup.

    >>> print(markering("**{a}** och *{b:.1f}* i `{c}`", a="**x**", b=2.25, c="<i>"))
    <strong>**x**</strong> och <em>2.2</em> i <code>&lt;i&gt;</code>
    >>> print(markering("{0} {namn!r}", "&", namn="O'Hara"))
    &amp; &quot;O&#x27;Hara&quot;
    """
    mall = str(mall)
    if _START in mall or _SLUT in mall:
        raise ValueError("mallen innehåller reserverade tecken (U+E000/U+E001)")
    delar: list[str] = []
    insatta: list[str] = []
    automatisk = 0
    for text, falt, spec, omvandling in _FORMATTERARE.parse(mall):
        delar.append(html.escape(text, quote=True))
        if falt is None:
            continue
        if falt == "":
            falt, automatisk = str(automatisk), automatisk + 1
        varde, _ = _FORMATTERARE.get_field(falt, args, varden)
        if omvandling:
            varde = _FORMATTERARE.convert_field(varde, omvandling)
        if spec:
            spec = _FORMATTERARE.vformat(spec, args, varden)  # nested fields as str.format has them
        if not isinstance(varde, Html) and not (_saknas(varde) and not spec):
            varde = _FORMATTERARE.format_field(varde, spec)
        insatta.append(escape(varde))
        delar.append(f"{_START}{len(insatta) - 1}{_SLUT}")
    ut = "".join(delar)
    ut = _KOD.sub(lambda m: f"<code>{m.group(1)}</code>", ut)
    ut = _FET.sub(r"<strong>\1</strong>", ut)
    ut = _KURSIV.sub(r"<em>\1</em>", ut)
    return Html(_PLATS.sub(lambda m: insatta[int(m.group(1))], ut))


def stycke(mall: str, /, *args: Any, **varden: Any) -> Html:
    """A paragraph ``<p>...</p>`` from a trusted template and untrusted values (see :func:`markering`).

    >>> print(stycke("Felet: {fel}", fel="![](http://127.0.0.1:9/x.png)"))
    <p>Felet: ![](http://127.0.0.1:9/x.png)</p>
    """
    return Html(f"<p>{markering(mall, *args, **varden).html}</p>")


def stycken(texter: Iterable[Any]) -> Html:
    """Paragraphs of plain text (sentences computed by kfanalys, a typed answer), each escaped whole.

    >>> print(stycken(["Första <b>.", None, "Andra **inte fet**."]))
    <p>Första &lt;b&gt;.</p>
    <p>Andra **inte fet**.</p>
    """
    return Html("\n".join(f"<p>{escape(t)}</p>" for t in texter if not _saknas(t) and str(t) != ""))


def rubrik(mall: str, niva: int = 2, /, **varden: Any) -> Html:
    """A heading ``<h1>``..``<h6>`` from a trusted template and untrusted values.

    >>> print(rubrik("Aktivitetsplan {cykel}", 3, cykel=2025))
    <h3>Aktivitetsplan 2025</h3>
    """
    niva = int(niva)
    if not 1 <= niva <= 6:
        raise ValueError(f"rubriknivå {niva}: ska vara 1-6")
    return Html(f"<h{niva}>{markering(mall, **varden).html}</h{niva}>")


def kod(varde: Any) -> Html:
    """A value as ``<code>`` (a checksum, a file name), escaped.

    >>> print(kod("<x>"))
    <code>&lt;x&gt;</code>
    """
    return Html(f"<code>{escape(varde)}</code>")


def punkter(rader: Iterable[Any]) -> Html:
    """A bullet list ``<ul><li>...</li></ul>``. Each row is text (escaped whole: a typed value or a
    sentence computed by kfanalys) or an :class:`Html` (from :func:`markering`, kept as it is).
    Empty rows are left out; no rows give an empty :class:`Html`.

    >>> print(punkter(["a < b", None, "", "# x"]))
    <ul>
    <li>a &lt; b</li>
    <li># x</li>
    </ul>
    """
    li = [f"<li>{escape(r)}</li>" for r in rader if not _saknas(r) and str(r) != ""]
    return Html("<ul>\n" + "\n".join(li) + "\n</ul>") if li else Html("")


def _enkel(varde: Any) -> Html | str:
    if isinstance(varde, Html):
        return varde
    if isinstance(varde, (list, tuple)):
        return Html(", ".join(escape(_enkel(x)) for x in varde))
    if isinstance(varde, Mapping):
        return Html("; ".join(f"{escape(k)}: {escape(_enkel(x))}" for k, x in varde.items()))
    return "" if _saknas(varde) else str(varde)


def punktlista(varde: Any) -> Html:
    """Bullets from a dict (key in bold: value; a nested dict as a nested list), a list or a text:
    the definitions, assumptions and remarks of ``antaganden.json`` and the "Om rapporten" list.
    Keys and values are text; an :class:`Html` value (e.g. :func:`kod`) is kept.

    >>> print(punktlista({"horisonter": [2, 5], "<b>": {"minsta_antal": 5}}))
    <ul>
    <li><strong>horisonter</strong>: 2, 5</li>
    <li><strong>&lt;b&gt;</strong>:
    <ul>
    <li><strong>minsta_antal</strong>: 5</li>
    </ul></li>
    </ul>
    """
    if isinstance(varde, Mapping):
        rader = []
        for k, v in varde.items():
            if isinstance(v, Mapping) and v:
                rader.append(Html(markering("**{k}**:", k=k).html + "\n" + punktlista(v).html))
            else:
                rader.append(markering("**{k}**: {v}", k=k, v=_enkel(v)))
        return punkter(rader)
    if isinstance(varde, (list, tuple)):
        return punkter(_enkel(v) for v in varde)
    if _saknas(varde) or varde == "":
        return Html("")
    return stycke("{v}", v=varde)
