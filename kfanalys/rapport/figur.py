"""The report figure and what every chart shares: :class:`Figur`, its HTML (:func:`som_html`,
:func:`visa`), the style (Okabe-Ito palette, 16 × 9 cm, fonts ≥ 9 pt) and the helpers for
suppression, labels and axes.

Accessibility (WCAG 2.1 AA): a chart's alt text states its main numbers (only values the chart
draws, i.e. published and not suppressed), and a chart that carries its numbers
(:attr:`Figur.siffror`) shows them under the image as a table in a closed
``<details><summary>Siffrorna i diagrammet</summary>`` (:func:`siffertabell`, built with
:func:`kfanalys.rapport.tabeller.html_tabell`, so ``<th scope="col">``, the number format and the
disclosure rule apply). A chart with nothing to draw (:attr:`Figur.fig` ``None``, e.g. an age
pyramid whose every cell is 0 or hidden) is a sentence instead of an image. Axes that count
persons have integer ticks only (:func:`tal_axel`). The charts are in :mod:`kfanalys.rapport.diagram_personal`,
:mod:`kfanalys.rapport.diagram_prognos` and :mod:`kfanalys.rapport.diagram_risk`;
:mod:`kfanalys.rapport.figurer` gathers them.
"""

from __future__ import annotations

import base64
import html
import io
import sys
import textwrap
from dataclasses import dataclass

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kfanalys.grund.fel import Berakningsfel
from kfanalys.grund.talformat import fmt_procent, fmt_tal

# Okabe & Ito (2008): orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
PALETT = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
GRA = "#666666"
CM = 1 / 2.54
BREDD_CM = 16.0
HOJD_CM = 9.0
DPI = 150
STIL = {
    "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "xtick.labelsize": 9, "ytick.labelsize": 9,
    "legend.fontsize": 9, "axes.spines.top": False, "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=PALETT), "font.family": "DejaVu Sans", "svg.fonttype": "none",
    "text.usetex": False,  # labels are plain text (see etikett), never TeX
}
LINJESTIL = ("-", "--", ":", "-.")
MARKORER = ("o", "s", "^", "D", "v", "P", "X", "*")
MONSTER = ("", "///", "...", "xx")


@dataclass
class Figur:
    """A finished figure: ``fig`` (matplotlib; ``None`` when there is nothing to draw: then ``alt``
    is the sentence shown instead), ``alt`` (Swedish alt text with the main message and its
    numbers), ``bildtext`` (caption shown under the figure). ``siffror``: the numbers the chart
    draws, shown as a table under it with the columns ``kolumner`` (``{kolumn: (rubrik, format)}``,
    as :func:`kfanalys.rapport.tabeller.html_tabell`), passed through the disclosure rule with
    ``minsta`` and the group size in ``antal_kolumn`` (which need not be shown)."""

    fig: Figure | None
    alt: str
    bildtext: str = ""
    siffror: pd.DataFrame | None = None
    kolumner: dict[str, tuple[str, str]] | None = None
    minsta: int | None = None
    antal_kolumn: str | None = None

    def _repr_html_(self) -> str:  # a notebook cell ending in a Figur shows it with its alt text
        return som_html(self, stang=False)


def siffertabell(figur: Figur) -> str:
    """The chart's numbers as a table in a closed ``<details>`` (``""`` when it carries none).

    >>> t = pd.DataFrame({"yrkeskategori": ["A", "B"], "antal": [12, 3]})
    >>> h = siffertabell(Figur(None, "", "Antal", t, {"yrkeskategori": ("Yrkeskategori", "text"),
    ...                                                "antal": ("Antal", "tal")}, minsta=5))
    >>> "<summary>Siffrorna i diagrammet</summary>" in h, '<th scope="col"' in h, ">3<" in h, ">12<" in h
    (True, True, False, True)
    """
    if figur.siffror is None or not figur.kolumner:
        return ""
    from kfanalys.rapport.tabeller import html_tabell

    titel = (figur.bildtext or figur.alt).split(":")[0].rstrip(".")
    tabell = html_tabell(figur.siffror, figur.kolumner, f"Siffrorna i diagrammet: {titel}", minsta=figur.minsta,
                         antal_kolumn=figur.antal_kolumn)
    return f'<details class="kf-siffror"><summary>Siffrorna i diagrammet</summary>\n{tabell}\n</details>'


def som_html(figur: Figur, stang: bool = True) -> str:
    """``<figure><img src="data:image/png;base64,..." alt="..."><figcaption>...</figcaption></figure>``
    followed by the chart's numbers (:func:`siffertabell`); a figure without ``fig`` is the
    paragraph ``<p class="kf-figur-saknas">`` with its ``alt`` sentence.

    The image is shown at its print size (16 cm wide) and shrinks with the page. With
    ``stang`` the figure is closed in pyplot (if pyplot is in use) after rendering.
    """
    if figur.fig is None:
        return f'<p class="kf-figur-saknas">{html.escape(figur.alt)}</p>'
    buf = io.BytesIO()
    figur.fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", facecolor="white",
                      metadata={"Software": None})
    bredd_px = int(round(figur.fig.get_figwidth() * 96))
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    if stang and "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(figur.fig)
    caption = f"<figcaption>{html.escape(figur.bildtext)}</figcaption>" if figur.bildtext else ""
    return (f'<figure class="kf-figur" style="margin:1em 0">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(figur.alt, quote=True)}" '
            f'width="{bredd_px}" style="max-width:100%;height:auto">{caption}</figure>' + siffertabell(figur))


def visa(figur: Figur):
    """The figure as an ``IPython.display.HTML`` object (for notebooks); closes the figure."""
    from IPython.display import HTML

    return HTML(som_html(figur))


# --------------------------------------------------------------------------- helpers

def krav(df: pd.DataFrame, kolumner: list[str], tabell: str) -> None:
    """Raise a Swedish :class:`~kfanalys.grund.fel.Berakningsfel` if ``tabell`` lacks a column."""
    saknas = [k for k in kolumner if k not in df.columns]
    if saknas:
        raise Berakningsfel(f"Figur: tabellen {tabell} saknar kolumnerna {', '.join(saknas)} "
                            f"(finns: {', '.join(map(str, df.columns))})")


def namndens_rader(df: pd.DataFrame, namnd: str, tabell: str) -> pd.DataFrame:
    """The rows of ``namnd``; a Swedish error naming the nämnder that exist if it has none."""
    ut = df[df["namnd"] == namnd]
    if ut.empty:
        finns = ", ".join(sorted(map(str, df["namnd"].dropna().unique())))
        raise Berakningsfel(f'Figur: tabellen {tabell} har inga rader för nämnden "{namnd}" (finns: {finns})')
    return ut


def for_fa(storlek: pd.Series, minsta: int) -> pd.Series:
    """True for groups that are not drawn: more than 0 and fewer than ``minsta`` persons, or a size
    the disclosure rule has hidden (NaN in a published table, :mod:`kfanalys.grund.rojandekontroll`)."""
    s = pd.to_numeric(storlek, errors="coerce")
    return s.isna() | ((s > 0) & (s < minsta))


def ny_figur(n_rader: int = 0, per_rad_cm: float = 0.55, hojd_cm: float = HOJD_CM) -> Figure:
    """An empty figure 16 cm wide, taller by ``per_rad_cm`` per row for ``n_rader`` rows."""
    hojd = max(hojd_cm, 2.5 + per_rad_cm * n_rader)
    return Figure(figsize=(BREDD_CM * CM, hojd * CM), layout="constrained")


def lista(par, bredd: int = 12) -> str:
    """``[("A", "12,5 %"), ("B", "3,1 %")]`` as ``"A 12,5 %, B 3,1 %"``; past ``bredd`` pairs the
    rest is counted and referred to the table under the chart.

    >>> lista([("A", "1"), ("B", "2")]), lista([(str(i), "0") for i in range(4)], 2)
    ('A 1, B 2', '0 0, 1 0 och 2 till (alla i tabellen under diagrammet)')
    """
    par = list(par)
    text = ", ".join(f"{n} {v}" for n, v in par[:bredd])
    if len(par) > bredd:
        text += f" och {len(par) - bredd} till (alla i tabellen under diagrammet)"
    return text


def undertryckt_text(antal: int, minsta: int, vad: str = "yrkeskategorier") -> str:
    """The sentence saying how many groups are not shown (``""`` for none).

    >>> undertryckt_text(1, 5), undertryckt_text(2, 5, "staplar")
    (' 1 yrkeskategori med färre än 5 personer visas inte.', ' 2 staplar med färre än 5 personer visas inte.')
    """
    if antal == 0:
        return ""
    if antal == 1:
        vad = {"yrkeskategorier": "yrkeskategori", "staplar": "stapel", "nämnder": "nämnd"}.get(vad, vad)
        return f" 1 {vad} med färre än {minsta} personer visas inte."
    return f" {antal} {vad} med färre än {minsta} personer visas inte."


def dolda_text(minsta: int, vad: str = "yrkeskategorier") -> str:
    """The caption's sentence that groups with fewer than ``minsta`` persons are not shown.

    >>> dolda_text(5), dolda_text(5, "nämnder")
    (' Yrkeskategorier med färre än 5 personer visas inte.', ' Nämnder med färre än 5 personer visas inte.')
    """
    return f" {vad.capitalize()} med färre än {minsta} personer visas inte."


def uppraknat(namn: list[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B och C"``.

    >>> uppraknat(["A", "B", "C"]), uppraknat(["A"]), uppraknat([])
    ('A, B och C', 'A', '')
    """
    namn = list(namn)
    if len(namn) <= 1:
        return "".join(namn)
    return ", ".join(namn[:-1]) + " och " + namn[-1]


def etikett(text) -> str:
    """Typed text (a yrkeskategori, nämnd or scenario name) as a matplotlib label, drawn as written.

    matplotlib reads a label with two ``$`` as mathtext (``$\\frac{a}{b}$`` is typeset, a broken
    one stops the figure with an error); each ``$`` is escaped, which matplotlib draws as ``$``.
    Every label, tick label, title and legend entry made from data goes through here.

    >>> etikett("Lön $x$ & <b>"), etikett(None)
    ('Lön \\\\$x\\\\$ & <b>', '')
    """
    return "" if text is None else str(text).replace("$", r"\$")


def radbryt(text: str, bredd: int = 28) -> str:
    """``text`` wrapped to lines of ``bredd`` characters, as a label (:func:`etikett`)."""
    return etikett("\n".join(textwrap.wrap(str(text), bredd)) or str(text))


def legend_under(ax, ncol: int = 2) -> None:
    """The legend below the axes, without a frame."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=ncol, frameon=False)


ETIKETT = {"fontsize": 9, "va": "center", "bbox": {"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85}}


def tal_axel(ax, axel: str = "x", format: str = "tal", symmetrisk: bool = False) -> None:
    """Tick labels of one axis in the Swedish number format (:mod:`kfanalys.grund.talformat`).

    A count (``tal``, ``abs``: persons) gets integer ticks only, so a small group shows
    ``-1 0 1`` (not ``-1 -1 0 1 1``, ticks at ±0,5 rounded) and ``0 5 10`` (not ``0 3 5 8 10``);
    ``symmetrisk`` keeps them symmetric around 0 (the age pyramid)."""
    if format in ("tal", "abs"):
        (ax.xaxis if axel == "x" else ax.yaxis).set_major_locator(
            MaxNLocator(nbins=6, integer=True, symmetric=symmetrisk, min_n_ticks=2))
    f = {"tal": lambda v, _: fmt_tal(v), "tal1": lambda v, _: fmt_tal(v, 1),
         "procent": lambda v, _: fmt_procent(v, 0), "abs": lambda v, _: fmt_tal(abs(v)),
         "index": lambda v, _: fmt_tal(v)}[format]
    (ax.xaxis if axel == "x" else ax.yaxis).set_major_formatter(FuncFormatter(f))
